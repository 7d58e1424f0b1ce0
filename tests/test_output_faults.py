"""Writing the outputs: a copy or roll-up that cannot be written, file modes, temp files of a killed
run, kill -9 and Ctrl-C of the parent.  Each scenario runs ``python -m perfcheck`` in a subprocess."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "samples" / "bad" / "典型错误.xlsx"
GOOD = ROOT / "samples" / "good" / "示例单位2023.xlsx"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def perfcheck(*args: str, preexec: Callable[[], None] | None = None, cwd: Path | None = None,
              timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "perfcheck", "validate", *args], capture_output=True, text=True,
                          env=_env(), preexec_fn=preexec, cwd=cwd, timeout=timeout)


def inputs(folder: Path, n: int, src: Path = BAD) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(src, folder / f"u{i:02d}.xlsx")) for i in range(n)]


def test_disk_full_is_an_error_of_the_run(tmp_path: Path) -> None:
    """Writes beyond a few KB fail (RLIMIT_FSIZE: EFBIG, as a full disk gives ENOSPC): exit 2, one
    line per file, no traceback, no output file left — not even an older one of the same name."""
    import resource

    files = inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "u00.checked.xlsx").write_bytes(b"an older copy that must not pass for this run's")
    (out / "汇总.xlsx").write_bytes(b"an older roll-up")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    for jobs in ("1", "2"):
        proc = perfcheck(*map(str, files), "--out", str(out), "--jobs", jobs, preexec=limit)
        assert proc.returncode == 2, proc.stderr
        err = proc.stderr.strip().splitlines()
        assert len(err) == len(files) + 1, proc.stderr                  # one line per copy, one for the roll-up
        assert all(line.startswith("perfcheck: ") for line in err)
        assert sum("无法写标注副本" in line for line in err) == 3 and sum("无法写汇总" in line for line in err) == 1
        assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
        assert sorted(p.name for p in out.iterdir()) == []                 # no stale output, no temp file


def test_unwritable_target_is_an_error_of_the_run(tmp_path: Path) -> None:
    files = inputs(tmp_path / "in", 1)
    out = tmp_path / "out"
    (out / "u00.checked.xlsx").mkdir(parents=True)                   # the copy's name is taken by a folder
    proc = perfcheck(str(files[0]), "--out", str(out))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "无法写标注副本" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_outputs_get_the_umask_mode(tmp_path: Path, umask: int) -> None:
    files = inputs(tmp_path / "in", 2, GOOD)
    out = tmp_path / "out"
    proc = perfcheck(*map(str, files), "--out", str(out), "--jobs", "1", preexec=lambda: os.umask(umask) and None)
    assert proc.returncode == 0, proc.stderr
    written = sorted(out.iterdir())
    assert [p.name for p in written] == ["u00.checked.xlsx", "u01.checked.xlsx", "汇总.xlsx"]
    for p in written:
        assert p.stat().st_mode & 0o777 == 0o666 & ~umask, p


def test_temp_files_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    files = inputs(tmp_path / "in", 1, GOOD)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".perfcheck-{dead.pid}-0badc0de.xlsx.tmp"               # its writer is gone
    alive = out / f".perfcheck-{os.getpid()}-0badc0de.xlsx.tmp"            # its writer still runs
    other = out / ".perfcheck-notes.txt"                                    # not ours by its name
    for p in (stale, alive, other):
        p.write_bytes(b"half a zip")
    proc = perfcheck(str(files[0]), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists() and alive.exists() and other.exists()
    assert (out / "u00.checked.xlsx").exists()


def _children(pid: int) -> list[int]:
    kids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            kids.append(int(d.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(cond: Callable[[], bool], limit: float = 120.0) -> bool:
    """Poll ``cond`` until it holds or ``limit`` seconds pass (a generous bound, not a measurement)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


def _start(files: list[Path], out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "perfcheck", "validate", *map(str, files), "--out", str(out),
                             "--jobs", "2", "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env=_env(), start_new_session=True)


def test_kill_9_of_the_parent_leaves_no_worker(tmp_path: Path) -> None:
    files = inputs(tmp_path / "in", 30)
    out = tmp_path / "out"
    proc = _start(files, out)
    try:
        assert _wait_for(lambda: out.exists() and any(out.glob("*.checked.xlsx")))     # workers are at it
        workers = _children(proc.pid)
        assert workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _wait_for(lambda: not any(_alive(w) for w in workers)), "a worker outlived its parent"
        n = len(list(out.glob("*.checked.xlsx")))
        time.sleep(1.0)
        assert len(list(out.glob("*.checked.xlsx"))) == n                  # nobody writes copies any more
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    # the next run in the same folder removes what the killed one left half-written
    again = perfcheck(str(files[0]), "--out", str(out))
    assert again.returncode == 1, again.stderr
    assert not list(out.glob(".perfcheck-*"))


def test_ctrl_c_starts_no_new_copy(tmp_path: Path) -> None:
    files = inputs(tmp_path / "in", 30)
    out = tmp_path / "out"
    proc = _start(files, out)
    try:
        assert _wait_for(lambda: out.exists() and any(out.glob("*.checked.xlsx")))
        workers = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)                  # Ctrl-C reaches the whole process group
        _, err = proc.communicate(timeout=300)
        assert proc.returncode != 0
        assert "Traceback" not in err
        assert _wait_for(lambda: not any(_alive(w) for w in workers))
        written = len(list(out.glob("*.checked.xlsx")))
        assert written < len(files)                          # the rest were never started
        assert not list(out.glob(".perfcheck-*"))            # nothing half-written
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_rollup_states_when_it_was_made(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl
    from builders.reports import fake_validate

    from perfcheck.report.rollup import write_rollup

    when = dt.datetime(2024, 3, 1, 9, 30)
    out = write_rollup([fake_validate(tmp_path / "bad1.xlsx"), fake_validate(tmp_path / "ok1.xlsx")],
                       tmp_path / "汇总.xlsx", checked_at=when)
    wb = openpyxl.load_workbook(out)
    assert wb.worksheets
    for ws in wb.worksheets:
        assert "2024-03-01 09:30" in (ws.oddFooter.left.text or ""), ws.title


def test_a_zombie_writer_counts_as_gone(tmp_path: Path) -> None:
    """A killed run's worker that exited but was not reaped yet (a zombie) writes nothing any more:
    its temporary file is stale and the next run removes it (the kill -9 test above hit this)."""
    from perfcheck.outputs import _pid_alive, clean_stale_temps

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:          # exited, not waited for: a zombie
        with contextlib.suppress(OSError):
            if Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                break
        time.sleep(0.05)
    else:
        child.wait()
        pytest.skip("the child never showed as a zombie (no /proc?)")
    try:
        stale = tmp_path / f".perfcheck-{child.pid}-0a1b2c3d.xlsx.tmp"
        stale.write_bytes(b"half")
        mine = tmp_path / f".perfcheck-{os.getpid()}-0a1b2c3d.xlsx.tmp"
        mine.write_bytes(b"writing")
        assert not _pid_alive(child.pid) and _pid_alive(os.getpid())
        assert clean_stale_temps(tmp_path) == [stale]
        assert mine.exists()
    finally:
        child.wait()
