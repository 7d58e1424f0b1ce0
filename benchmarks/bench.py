"""perfcheck benchmark: speed, memory and scale, as ratios to floors measured in the same run.

    python benchmarks/bench.py                 # everything (S, L, L1000, F, F1000, CLI); ~15 min on 2 cores
    python benchmarks/bench.py --quick         # tiny sizes, one repetition: a smoke run (~30 s)
    python benchmarks/bench.py --only L,CLI --repeat 5 --out results.json

Every command runs as its own subprocess (interpreter start counted alike), timed from spawn to
exit.  Memory: the child's peak RSS from ``os.wait4`` (the largest single process of its tree),
the peak of the tree's summed RSS sampled every 20 ms from /proc (catches parallel workers), and
the parent's own peak (VmHWM of the child process itself, sampled alike): F1000 ≤ 1.1 × F200.

Scenarios (workbooks generated reproducibly by ``benchmarks/generate.py``, cached in --data):

* S: one unit workbook with 10 project forms (~20 indicators each);
* L: one workbook with 500 project forms; L1000: the same with 1,000 forms (linear cost);
* F: a folder of 200 unit workbooks of 10 projects; F1000: 1,000 such workbooks (flat memory), each
  ``--jobs 2`` with ``--out DIR --summary`` and ``--no-annotate`` (its roll-up in the run's folder).
* A: the annotated copy (issue 10): the L workbook (500 forms) and the same workbook with a slip
  in every indicator's score (> 10,000 findings), each ``validate --no-annotate`` against
  ``validate --out DIR`` (annotated copy), medians of interleaved runs, and the peak RSS of each.

Floors, on the same files: the read floor ``pandas.read_excel(path, sheet_name=None, header=None,
engine="calamine")``, and the annotation floor ``openpyxl.load_workbook(path)`` + ``save`` with no
change; for one workbook also the raw parse ``python_calamine``: open + every sheet's ``to_python()``
(no pandas), the least any reader of the cells pays.  perfcheck's bytecode is compiled before the
runs, as ``pip install`` does, so that an environment with PYTHONDONTWRITEBYTECODE does not time the
compiler (the floors' packages have theirs).  Targets are ratios within the run (median of --repeat runs, interleaved), so the machine's
speed cancels out; the table shows each ratio and PASS/FAIL.  Plain Python, no extra packages.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import generate  # benchmarks/generate.py: run as a script, this folder is the first on the path

HERE = Path(__file__).resolve().parent

SEED = 7
PY = sys.executable
HEAVY = ("pandas", "numpy", "openpyxl", "python_calamine", "xlsxwriter")
OK_CODES = (0, 1)   # perfcheck ExitStatus.OK / FINDINGS; 2 (UNREADABLE) or a crash is an error here


def compile_perfcheck() -> str:
    """Compile the perfcheck package that the runs import to bytecode (as ``pip install`` does) and
    return its folder.  Warn when that is not this checkout's package: a plain ``pip install .`` (as
    ``.ci/run`` does) leaves a copy in site-packages that the runs would time instead of the code
    beside this script."""
    where = subprocess.run([PY, "-c", "import perfcheck, os; print(os.path.dirname(perfcheck.__file__))"],
                           capture_output=True, text=True).stdout.strip()
    if where:
        import compileall

        compileall.compile_dir(where, quiet=1)
        mine = HERE.parent / "perfcheck"
        if mine.is_dir() and Path(where).resolve() != mine.resolve():
            print(f"warning: the perfcheck these runs time is {where}, not this checkout's {mine}; "
                  "`pip install -e .` to time this checkout", file=sys.stderr)
    return where


def perfcheck_cmd() -> list[str]:
    """The installed console script beside this interpreter (not a pyenv shim), else ``python -m``."""
    script = Path(PY).parent / "perfcheck"
    if script.is_file():
        return [str(script)]
    return [PY, "-m", "perfcheck"]


# --------------------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    s_projects: int
    l_projects: int
    l2_projects: int
    f_units: int
    f_projects: int
    f2_units: int
    repeat: int
    cli_runs: int


FULL = Sizes(s_projects=10, l_projects=500, l2_projects=1000, f_units=200, f_projects=10, f2_units=1000,
             repeat=3, cli_runs=9)
QUICK = Sizes(s_projects=2, l_projects=6, l2_projects=12, f_units=4, f_projects=2, f2_units=8,
              repeat=1, cli_runs=3)
ALL = ("S", "L", "L1000", "F", "F1000", "CLI", "A")

# --------------------------------------------------------------------------------------------------
# Measuring a subprocess
# --------------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _hwm_kb(pid: int) -> int:
    """The peak RSS of one process so far (VmHWM), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    """Summed RSS of a process and all its descendants (Linux /proc; 0 elsewhere)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        todo.extend(_children(p))
    return total


@dataclass
class Run:
    wall: float
    maxrss_mb: float        # os.wait4: the largest single process of the child's tree
    tree_mb: float          # sampled peak of the tree's summed RSS
    rc: int
    stderr_tail: str = ""
    cpu: float = float("nan")   # user + system CPU seconds of the child (os.wait4): steadier than wall on a busy machine
    parent_mb: float = float("nan")   # peak RSS (VmHWM) of the child process itself, not its workers (sampled)


def measure(cmd: Sequence[str], cwd: Path, stdout: Path | None = None) -> Run:
    """Run ``cmd`` as a subprocess; wall time from spawn to reaping, peak memory."""
    peak, parent = [0], [0]
    done = threading.Event()
    err_path = cwd / f".stderr-{os.getpid()}-{threading.get_ident()}.txt"
    with open(stdout or os.devnull, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, cwd=cwd)

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], tree_rss_kb(proc.pid))
                parent[0] = max(parent[0], _hwm_kb(proc.pid))

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        th.join()
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc          # already reaped: keep Popen from waiting again
    tail = err_path.read_text(errors="replace")[-2000:]
    err_path.unlink(missing_ok=True)
    maxrss_kb = ru.ru_maxrss if sys.platform != "darwin" else ru.ru_maxrss // 1024
    return Run(wall, maxrss_kb / 1024, max(peak[0], maxrss_kb) / 1024, rc, tail, ru.ru_utime + ru.ru_stime,
               parent[0] / 1024 if parent[0] else float("nan"))


@dataclass
class Measure:
    scenario: str
    name: str
    cmd: list[str]
    cells: int
    runs: list[Run] = field(default_factory=list)
    ok_codes: tuple[int, ...] = (0,)
    note: str = ""
    expect_json: bool = False    # a run that exits 0/1 without JSON on stdout crashed (a traceback exits 1)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.rc in self.ok_codes for r in self.runs)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs) if self.runs else float("nan")

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs) if self.runs else float("nan")

    @property
    def maxrss(self) -> float:
        return max((r.maxrss_mb for r in self.runs), default=float("nan"))

    @property
    def tree(self) -> float:
        return max((r.tree_mb for r in self.runs), default=float("nan"))

    @property
    def parent(self) -> float:
        return max((r.parent_mb for r in self.runs), default=float("nan"))

    def to_json(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k != "runs"}
        d.update(wall_median=self.wall, cpu_median=self.cpu, maxrss_mb=self.maxrss, tree_mb=self.tree,
                 parent_mb=self.parent, ok=self.ok,
                 cells_per_s=self.cells / self.wall if self.runs and self.wall > 0 else None,
                 runs=[asdict(r) for r in self.runs])
        return d


# --------------------------------------------------------------------------------------------------
# The floors, each a subprocess
# --------------------------------------------------------------------------------------------------

_FILES = """
import sys
from pathlib import Path
def files(arg):
    p = Path(arg)
    return sorted(x for x in p.iterdir() if x.suffix == ".xlsx") if p.is_dir() else [p]
"""
READ_FLOOR = _FILES + """
import pandas as pd
for f in files(sys.argv[1]):
    pd.read_excel(f, sheet_name=None, header=None, engine="calamine")
"""
RAW_FLOOR = _FILES + """
from python_calamine import CalamineWorkbook
for f in files(sys.argv[1]):
    book = CalamineWorkbook.from_path(str(f))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""
ANNOT_FLOOR = _FILES + """
import openpyxl
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for f in files(sys.argv[1]):
    openpyxl.load_workbook(f).save(out / f.name)
"""
HEAVY_CHECK = f"""
import sys
heavy = {HEAVY!r}
sys.argv = ["perfcheck", *sys.argv[1:]]
try:
    from perfcheck.cli import main
    main()
except SystemExit:
    pass
finally:
    sys.stderr.write("\\nHEAVY=" + ",".join(m for m in heavy if m in sys.modules) + "\\n")
"""


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------


def ensure_workbook(data: Path, projects: int) -> tuple[Path, int]:
    key = f"wb-p{projects}-s{SEED}-v{generate.GENERATOR_VERSION}"
    path, meta = data / f"{key}.xlsx", data / f"{key}.json"
    if path.is_file() and meta.is_file():
        return path, int(json.loads(meta.read_text())["cells"])
    t0 = time.perf_counter()
    cells = generate.generate_workbook(path, projects, SEED)
    meta.write_text(json.dumps({"cells": cells, "projects": projects, "seed": SEED}))
    print(f"  generated {path.name}: {projects} forms, {cells} cells in {time.perf_counter() - t0:.1f}s", flush=True)
    return path, cells


def ensure_many_findings(data: Path, projects: int) -> tuple[Path, int]:
    """The ``projects``-form workbook with every numeric indicator score one point above its weight
    (PC2xx on every indicator: many thousands of findings, for the annotated copy's cost per finding)."""
    import dataclasses

    key = f"wb-many-p{projects}-s{SEED}-v{generate.GENERATOR_VERSION}"
    path, meta = data / f"{key}.xlsx", data / f"{key}.json"
    if path.is_file() and meta.is_file():
        return path, int(json.loads(meta.read_text())["cells"])
    spec = generate.make_workbook_spec(projects, SEED)
    for p in spec.projects:
        p.indicators = [dataclasses.replace(ind, score=ind.weight + 1)
                        if isinstance(ind.weight, int | float) and isinstance(ind.score, int | float) else ind
                        for ind in p.indicators]
    cells = generate.write_fast(spec, path)
    meta.write_text(json.dumps({"cells": cells, "projects": projects, "seed": SEED}))
    return path, cells


def count_findings(stdout: Path) -> int | None:
    try:
        doc = json.loads(stdout.read_text(encoding="utf-8"))
        return sum(len(f["findings"]) for f in doc["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ensure_folder(data: Path, units: int, projects: int) -> tuple[Path, int]:
    key = f"dir-u{units}-p{projects}-s{SEED}-v{generate.GENERATOR_VERSION}"
    path, meta = data / key, data / f"{key}.json"
    if path.is_dir() and meta.is_file():
        return path, int(json.loads(meta.read_text())["cells"])
    if path.exists():
        shutil.rmtree(path)
    t0 = time.perf_counter()
    cells = generate.generate_folder(path, units, projects, SEED, processes=os.cpu_count() or 1)
    meta.write_text(json.dumps({"cells": cells, "units": units, "projects": projects, "seed": SEED}))
    print(f"  generated {path.name}/: {units} workbooks, {cells} cells in {time.perf_counter() - t0:.1f}s", flush=True)
    return path, cells


# --------------------------------------------------------------------------------------------------
# Comparing two validate outputs (F, --jobs 1 vs --jobs 2)
# --------------------------------------------------------------------------------------------------

_VOLATILE = {"elapsed", "elapsed_s", "duration", "duration_s", "seconds", "time", "timestamp", "generated",
             "generated_at", "created", "started", "finished", "jobs", "workers"}


def _normalise(value: Any, out_dir: str) -> Any:
    if isinstance(value, dict):
        return {k: _normalise(v, out_dir) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_normalise(v, out_dir) for v in value]
    if isinstance(value, str):
        return value.replace(out_dir, "<OUT>")
    return value


def json_signature(stdout: Path, out_dir: Path) -> Any:
    text = stdout.read_text(encoding="utf-8")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:   # JSON lines
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    return _normalise(data, str(out_dir))


def rollup_signature(path: Path, out_dir: Path) -> Any:
    """Every sheet's cell values of a roll-up workbook (calamine), out-dir paths normalised."""
    if not path.is_file():
        return None
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: _normalise([list(map(_plain, row)) for row in wb.get_sheet_by_name(name).to_python()], str(out_dir))
            for name in wb.sheet_names}


def _is_json(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            return False
        try:
            json.loads(text)
        except json.JSONDecodeError:
            for line in text.splitlines():
                if line.strip():
                    json.loads(line)
        return True
    except (OSError, ValueError):
        return False


def _plain(v: Any) -> Any:
    return v if isinstance(v, str | int | float | bool) or v is None else str(v)


def _first_diff(a: Any, b: Any, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where or '/'}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f"{where}/{k}: missing on one side"
            if a[k] != b[k]:
                return _first_diff(a[k], b[k], f"{where}/{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_diff(x, y, f"{where}[{i}]")
    return f"{where or '/'}: {str(a)[:80]!r} vs {str(b)[:80]!r}"


# --------------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    measured: str
    limit: str
    ratio: float | None
    status: str          # PASS | FAIL | ERROR | SKIP | INFO (a ratio shown, no limit)
    note: str = ""


class Bench:
    def __init__(self, sizes: Sizes, only: Sequence[str], data: Path, work: Path, repeat: int) -> None:
        self.sz, self.only, self.data, self.work, self.repeat = sizes, set(only), data, work, repeat
        self.measures: dict[str, Measure] = {}
        self.targets: list[Target] = []
        self.extra: dict[str, Any] = {}
        self.pc = perfcheck_cmd()
        self._n = 0

    # helpers -------------------------------------------------------------------------------------

    def _dir(self, stem: str) -> Path:
        self._n += 1
        d = self.work / f"{self._n:03d}-{stem}"
        d.mkdir(parents=True)
        return d

    def add(self, key: str, scenario: str, name: str, cmd: list[str], cells: int, ok_codes: tuple[int, ...] = (0,),
            note: str = "") -> None:
        self.measures[key] = Measure(scenario, name, cmd, cells, ok_codes=ok_codes, note=note,
                                     expect_json=ok_codes == OK_CODES)

    def run_interleaved(self, keys: Sequence[str], repeat: int,
                        after: Callable[[str, Path, Path], None] | None = None) -> None:
        """Run each command ``repeat`` times, interleaved (A B C A B C …) so drift hits all alike.

        Placeholders in a command: ``{OUT}`` a fresh empty folder, ``{STDOUT}`` its stdout file.
        """
        for r in range(repeat):
            for key in keys:
                m = self.measures[key]
                d = self._dir(key)
                out_dir, stdout = d / "out", d / "stdout.txt"
                cmd = [c.replace("{OUT}", str(out_dir)) for c in m.cmd]
                run = measure(cmd, cwd=d, stdout=stdout)
                if m.expect_json and run.rc in m.ok_codes and not _is_json(stdout):
                    run.rc = -1000 - run.rc     # exited 0/1 but wrote no JSON: a crash, not a result
                m.runs.append(run)
                flag = "" if run.rc in m.ok_codes else f"  rc={run.rc} {run.stderr_tail.strip()[-300:]!r}"
                print(f"  [{r + 1}/{repeat}] {m.scenario:6} {m.name:34} {run.wall:8.2f}s "
                      f"{run.maxrss_mb:7.0f} MB{flag}", flush=True)
                if after is not None:
                    after(key, d, out_dir)
                shutil.rmtree(d, ignore_errors=True)

    def validate_cmd(self, target: Path, *extra: str) -> list[str]:
        return [*self.pc, "validate", str(target), "--format", "json", *extra]

    def floors(self, scen: str, path: Path, cells: int, annot: bool = True, raw: bool = False) -> list[str]:
        self.add(f"{scen}:read", scen, "read floor (pandas+calamine)", [PY, "-c", READ_FLOOR, str(path)], cells)
        keys = [f"{scen}:read"]
        if raw:
            self.add(f"{scen}:raw", scen, "raw parse (python-calamine)", [PY, "-c", RAW_FLOOR, str(path)], cells)
            keys.append(f"{scen}:raw")
        if annot:
            self.add(f"{scen}:annot", scen, "annotation floor (openpyxl load+save)",
                     [PY, "-c", ANNOT_FLOOR, str(path), "{OUT}"], cells)
            keys.append(f"{scen}:annot")
        return keys

    # scenarios -----------------------------------------------------------------------------------

    def workbook_scenario(self, scen: str, projects: int, annot_floor: bool = True,
                          annotate_repeat: int | None = None) -> None:
        print(f"{scen}: one workbook, {projects} project forms", flush=True)
        path, cells = ensure_workbook(self.data, projects)
        keys = self.floors(scen, path, cells, annot=annot_floor, raw=True)
        self.add(f"{scen}:noannot", scen, "validate --no-annotate", self.validate_cmd(path, "--no-annotate"), cells,
                 OK_CODES)
        self.add(f"{scen}:annotate", scen, "validate (annotated copy)", self.validate_cmd(path, "--out", "{OUT}"),
                 cells, OK_CODES)
        if annotate_repeat is None:
            self.run_interleaved([*keys, f"{scen}:noannot", f"{scen}:annotate"], self.repeat)
        else:
            self.run_interleaved([*keys, f"{scen}:noannot"], self.repeat)
            self.run_interleaved([f"{scen}:annotate"], annotate_repeat)

    def folder_scenario(self, scen: str, units: int, projects: int, jobs: Sequence[int], repeat: int,
                        floors: bool) -> None:
        print(f"{scen}: a folder of {units} unit workbooks of {projects} projects", flush=True)
        path, cells = ensure_folder(self.data, units, projects)
        if floors:
            self.run_interleaved(self.floors(scen, path, cells), 1)
        sigs: dict[str, list[tuple[Any, Any]]] = {}

        def keep(key: str, d: Path, out_dir: Path) -> None:
            if self.measures[key].runs[-1].rc in OK_CODES and "noannot" not in key:
                sigs.setdefault(key, []).append((json_signature(d / "stdout.txt", out_dir),
                                                 rollup_signature(out_dir / "rollup.xlsx", out_dir)))

        keys = []
        for j in jobs:
            key = f"{scen}:jobs{j}"
            self.add(key, scen, f"validate --jobs {j} (+annotate, --summary)",
                     self.validate_cmd(path, "--out", "{OUT}", "--summary", "{OUT}/rollup.xlsx", "--jobs", str(j)),
                     cells, OK_CODES)
            keys.append(key)
        if 2 in jobs:      # the check alone (no copies), its roll-up beside the run's other outputs
            key = f"{scen}:noannot2"
            self.add(key, scen, "validate --jobs 2 --no-annotate",
                     self.validate_cmd(path, "--no-annotate", "--summary", "{OUT}/汇总.xlsx", "--jobs", "2"),
                     cells, OK_CODES)
            keys.append(key)
        self.run_interleaved(keys, repeat, after=keep)
        self.extra[f"{scen}:signatures"] = sigs

    def annotation_scenario(self, projects: int) -> None:
        """A: the annotated copy against the check alone, on L and on a workbook with many findings."""
        for scen, (path, cells) in (("A", ensure_workbook(self.data, projects)),
                                    ("A-many", ensure_many_findings(self.data, projects))):
            print(f"{scen}: one workbook, {projects} project forms", flush=True)
            self.add(f"{scen}:noannot", scen, "validate --no-annotate", self.validate_cmd(path, "--no-annotate"),
                     cells, OK_CODES)
            self.add(f"{scen}:annotate", scen, "validate (annotated copy)",
                     self.validate_cmd(path, "--out", "{OUT}"), cells, OK_CODES)

            def keep(key: str, d: Path, out_dir: Path, scen: str = scen) -> None:
                if key.endswith(":noannot"):
                    self.extra[f"{scen}:findings"] = count_findings(d / "stdout.txt")

            self.run_interleaved([f"{scen}:noannot", f"{scen}:annotate"], self.repeat, after=keep)

    def cli_scenario(self) -> None:
        print("CLI: start-up of perfcheck --help / perfcheck rules", flush=True)
        self.add("CLI:base", "CLI", 'python -c "import typer, rich"', [PY, "-c", "import typer, rich"], 0)
        self.add("CLI:help", "CLI", "perfcheck --help", [*self.pc, "--help"], 0)
        self.add("CLI:rules", "CLI", "perfcheck rules", [*self.pc, "rules"], 0)
        self.run_interleaved(["CLI:base", "CLI:help", "CLI:rules"], self.sz.cli_runs)
        for args in (["--help"], ["rules"]):
            d = self._dir("heavy")
            proc = subprocess.run([PY, "-c", HEAVY_CHECK, *args], cwd=d, capture_output=True, text=True)
            line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY=")]
            heavy = line[-1][6:] if line else "?"
            it = subprocess.run([PY, "-X", "importtime", "-c", HEAVY_CHECK, *args], cwd=d, capture_output=True,
                                text=True)
            self.extra[f"CLI:heavy:{args[0]}"] = {"heavy": heavy, "rc": proc.returncode,
                                                  "stderr": proc.stderr[-500:] if not line else "",
                                                  "importtime_top": _importtime_top(it.stderr)}
            shutil.rmtree(d, ignore_errors=True)

    # targets -------------------------------------------------------------------------------------

    def _m(self, key: str) -> Measure | None:
        return self.measures.get(key)

    def ratio_target(self, name: str, num: Sequence[str], den: Sequence[str], limit: float | None, *,
                     at_least: bool = False, what: str = "", cpu: bool = False) -> None:
        """A ratio of median wall times (``cpu``: of median CPU times); ``limit`` None: shown only (INFO)."""
        ms = [self._m(k) for k in (*num, *den)]
        if any(m is None for m in ms):
            return
        if not all(m.ok for m in ms if m is not None):
            bad = [f"{m.scenario} {m.name}" for m in ms if m is not None and not m.ok]
            self.targets.append(Target(name, "", "", None, "ERROR", "failed: " + "; ".join(bad)))
            return
        n = sum(self.measures[k].cpu if cpu else self.measures[k].wall for k in num)
        d = sum(self.measures[k].cpu if cpu else self.measures[k].wall for k in den)
        ratio = n / d if d else float("inf")
        if limit is None:
            self.targets.append(Target(name, what or f"{n:.2f}s / {d:.2f}s", "-", ratio, "INFO"))
            return
        ok = ratio >= limit if at_least else ratio <= limit
        self.targets.append(Target(name, what or f"{n:.2f}s / {d:.2f}s", f"{'≥' if at_least else '≤'} {limit}",
                                   ratio, "PASS" if ok else "FAIL"))

    def evaluate(self) -> None:
        L, S = "L", "S"
        self.ratio_target("L: validate --no-annotate ≤ 1.0 × read floor", [f"{L}:noannot"], [f"{L}:read"], 1.0)
        self.ratio_target("L: validate --no-annotate vs raw python-calamine parse (info)", [f"{L}:noannot"],
                          [f"{L}:raw"], None)
        self.ratio_target("L: CPU time, validate --no-annotate vs read floor (info)", [f"{L}:noannot"],
                          [f"{L}:read"], None, cpu=True)
        self.ratio_target("L: validate (annotated) ≤ 1.2 × (read + annotation floor)", [f"{L}:annotate"],
                          [f"{L}:read", f"{L}:annot"], 1.2)
        self.ratio_target("S: validate --no-annotate vs read floor (info: 1.5)", [f"{S}:noannot"], [f"{S}:read"], 1.5)
        self.ratio_target("S: validate (annotated) vs read + annotation floor (info: 1.2)", [f"{S}:annotate"],
                          [f"{S}:read", f"{S}:annot"], 1.2)
        self.ratio_target("Linear: L1000 ≤ 2.2 × L500 (validate --no-annotate)", ["L1000:noannot"], ["L:noannot"], 2.2)
        self.ratio_target("Linear: L1000 ≤ 2.2 × L500 (validate, annotated)", ["L1000:annotate"], ["L:annotate"], 2.2)
        self.ratio_target("F: --jobs 2 ≥ 1.7 × faster than --jobs 1", ["F:jobs1"], ["F:jobs2"], 1.7, at_least=True)
        sigs = self.extra.get("F:signatures")
        if sigs is not None:
            runs = [s for k in ("F:jobs1", "F:jobs2") for s in sigs.get(k, [])]
            if len(sigs.get("F:jobs1", [])) == 0 or len(sigs.get("F:jobs2", [])) == 0:
                self.targets.append(Target("F: --jobs 1 and 2 give identical JSON and roll-up", "", "", None, "ERROR",
                                           "a run failed"))
            else:
                ref = runs[0]
                jdiff = next((_first_diff(ref[0], s[0]) for s in runs[1:] if s[0] != ref[0]), "")
                rdiff = next((_first_diff(ref[1], s[1]) for s in runs[1:] if s[1] != ref[1]), "")
                no_rollup = ref[1] is None
                status = "PASS" if not jdiff and not rdiff and not no_rollup else "FAIL"
                note = "; ".join(x for x in (f"JSON differs at {jdiff}" if jdiff else "",
                                             f"roll-up differs at {rdiff}" if rdiff else "",
                                             "no roll-up written" if no_rollup else "") if x)
                self.targets.append(Target("F: --jobs 1 and 2 give identical JSON and roll-up",
                                           f"{len(runs)} runs compared", "identical", None, status, note))
        for scen, limit in (("A", 1.3), ("A-many", 2.0)):
            n = self.extra.get(f"{scen}:findings")
            what = f"{n:,} findings" if isinstance(n, int) else "findings ?"
            self.ratio_target(f"{scen}: annotated copy ≤ {limit} × validate --no-annotate ({what}; wall)",
                              [f"{scen}:annotate"], [f"{scen}:noannot"], limit)
            a, b = self._m(f"{scen}:annotate"), self._m(f"{scen}:noannot")
            if a is not None and b is not None and a.ok and b.ok:
                r = a.cpu / b.cpu
                self.targets.append(Target(f"{scen}: annotated copy ≤ {limit} × validate --no-annotate ({what}; CPU)",
                                           f"{a.cpu:.2f}s / {b.cpu:.2f}s", f"≤ {limit}", r,
                                           "PASS" if r <= limit else "FAIL",
                                           "user+sys of the one process: what the run costs, whatever else runs"))
            if a is not None and b is not None and a.ok and b.ok:
                r = a.maxrss / b.maxrss
                self.targets.append(Target(f"{scen}: peak memory, annotated ≤ 1.5 × the check alone",
                                           f"{a.maxrss:.0f} MB / {b.maxrss:.0f} MB", "≤ 1.5", r,
                                           "PASS" if r <= 1.5 else "FAIL"))
        f200, f1000 = self._m("F:jobs2"), self._m("F1000:jobs2")
        if f200 is not None and f1000 is not None:
            if f200.ok and f1000.ok:
                for label, a, b in (("largest process", f200.maxrss, f1000.maxrss),
                                    ("process tree", f200.tree, f1000.tree)):
                    r = b / a
                    self.targets.append(Target(f"F: peak memory flat, 1,000 vs 200 workbooks ({label})",
                                               f"{b:.0f} MB / {a:.0f} MB", "≤ 1.25", r,
                                               "PASS" if r <= 1.25 else "FAIL"))
            else:
                self.targets.append(Target("F: peak memory flat, 1,000 vs 200 workbooks", "", "", None, "ERROR",
                                           "a run failed"))
        for k200, k1000, what in (("F:jobs2", "F1000:jobs2", "--out, --summary"),
                                  ("F:noannot2", "F1000:noannot2", "--no-annotate")):
            a, b = self._m(k200), self._m(k1000)
            if a is None or b is None:
                continue
            name = f"F: parent memory flat, F1000 ≤ 1.1 × F200 (parent process, --jobs 2 {what})"
            if a.ok and b.ok and a.parent == a.parent and b.parent == b.parent:
                r = b.parent / a.parent
                self.targets.append(Target(name, f"{b.parent:.0f} MB / {a.parent:.0f} MB", "≤ 1.1", r,
                                           "PASS" if r <= 1.1 else "FAIL"))
            else:
                self.targets.append(Target(name, "", "", None, "ERROR", "a run failed"))
        for arg, key in (("--help", "CLI:help"), ("rules", "CLI:rules")):
            info = self.extra.get(f"CLI:heavy:{arg}")
            if info is not None:
                heavy = info["heavy"]
                bad = info["rc"] not in (0,) or heavy == "?"
                self.targets.append(Target(f"perfcheck {arg}: no pandas/openpyxl import", heavy or "none", "none",
                                           None, "ERROR" if bad else "FAIL" if heavy else "PASS",
                                           info.get("stderr", "")[-200:] if bad else ""))
            self.ratio_target(f"perfcheck {arg} ≤ 1.5 × python -c 'import typer, rich'", [key], ["CLI:base"], 1.5)


def _importtime_top(stderr: str, n: int = 8) -> list[tuple[str, float]]:
    """The top-level imports with the largest cumulative time (ms) from ``python -X importtime``."""
    rows: list[tuple[str, float]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 1:
            rows.append((name.strip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda x: -x[1])[:n]


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    from importlib import metadata

    def ver(pkg: str) -> str:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "-"

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    with contextlib.suppress(OSError, IndexError):
        mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    git = "?"
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=HERE, capture_output=True, text=True).stdout
        git = head.strip() + (" (+uncommitted changes)" if dirty.strip() else "")
    except OSError:
        pass
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(), "memory": mem, "cpu": cpu, "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {p: ver(p) for p in ("perfcheck", "pandas", "python-calamine", "openpyxl", "XlsxWriter",
                                         "typer", "rich")},
        "git": git, "loadavg_start": os.getloadavg(),
    }


def _fmt_s(x: float) -> str:
    return f"{x:.2f}" if x == x else "-"


def print_report(b: Bench, info: dict[str, Any]) -> None:
    print()
    v = info["versions"]
    print(f"machine: {info['nproc']} cores, {info['memory']} RAM, {info['cpu']}; Python {info['python']}, "
          f"pandas {v['pandas']}, python-calamine {v['python-calamine']}, openpyxl {v['openpyxl']}; "
          f"load avg {info['loadavg_start'][0]:.2f} → {info['loadavg_end'][0]:.2f}")
    print()
    print("| scenario | command | runs | wall s (median) | CPU s (median) | peak RSS MB (process) | peak RSS MB (tree) "
          "| peak RSS MB (parent) | cells | cells/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for m in b.measures.values():
        cps = f"{m.cells / m.wall:,.0f}" if m.cells and m.runs and m.ok and m.wall > 0 else "-"
        wall = _fmt_s(m.wall) if m.ok else f"ERROR rc={[r.rc for r in m.runs]}"
        print(f"| {m.scenario} | {m.name} | {len(m.runs)} | {wall} | {_fmt_s(m.cpu)} | {m.maxrss:.0f} | {m.tree:.0f} | "
              f"{m.parent:.0f} | {m.cells:,} | {cps} |")
    print()
    print("| target | measured | limit | ratio | result |")
    print("|---|---|---|---|---|")
    for t in b.targets:
        ratio = f"{t.ratio:.2f}" if t.ratio is not None else "-"
        note = f" ({t.note})" if t.note else ""
        print(f"| {t.name} | {t.measured} | {t.limit} | {ratio} | **{t.status}**{note} |")
    for arg in ("--help", "rules"):
        info_h = b.extra.get(f"CLI:heavy:{arg}")
        if info_h and info_h.get("importtime_top"):
            tops = ", ".join(f"{n} {ms:.0f} ms" for n, ms in info_h["importtime_top"][:6])
            print(f"\nimport time, perfcheck {arg} (cumulative, top level): {tops}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one repetition (a smoke run)")
    ap.add_argument("--only", default=",".join(ALL), help=f"comma-separated subset of {','.join(ALL)}")
    ap.add_argument("--repeat", type=int, default=None, help="repetitions of each timed command (median); default 3")
    ap.add_argument("--out", type=Path, default=None, help="write all figures to this JSON file")
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "perfcheck-bench",
                    help="where generated workbooks are cached (default: $TMPDIR/perfcheck-bench)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target fails or errors")
    a = ap.parse_args(argv)
    sizes = QUICK if a.quick else FULL
    only = [x.strip().upper() for x in a.only.split(",") if x.strip()]
    unknown = set(only) - set(ALL)
    if unknown:
        ap.error(f"unknown scenario(s) {sorted(unknown)}; choose from {ALL}")
    repeat = a.repeat or sizes.repeat
    data = a.data / ("quick" if a.quick else "full")
    data.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    info["perfcheck_path"] = compile_perfcheck()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="perfcheck-bench-") as tmp:
        b = Bench(sizes, only, data, Path(tmp), repeat)
        if "CLI" in only:
            b.cli_scenario()
        if "S" in only:
            b.workbook_scenario("S", sizes.s_projects)
        if "L" in only:
            b.workbook_scenario("L", sizes.l_projects)
        if "L1000" in only:
            b.workbook_scenario("L1000", sizes.l2_projects, annot_floor=False, annotate_repeat=1)
        if "F" in only:
            b.folder_scenario("F", sizes.f_units, sizes.f_projects, (1, 2), repeat, floors=True)
        if "F1000" in only:
            b.folder_scenario("F1000", sizes.f2_units, sizes.f_projects, (2,), 1, floors=False)
        if "A" in only:
            b.annotation_scenario(sizes.l_projects)
        b.evaluate()
    info["loadavg_end"] = os.getloadavg()
    info["total_s"] = time.perf_counter() - t0
    info["quick"] = a.quick
    info["repeat"] = repeat
    print_report(b, info)
    print(f"\ntotal {info['total_s']:.0f}s")
    if a.out:
        a.out.write_text(json.dumps({"machine": info, "measures": [m.to_json() for m in b.measures.values()],
                                     "targets": [asdict(t) for t in b.targets],
                                     "cli": {k: v for k, v in b.extra.items() if k.startswith("CLI:")}},
                                    ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"figures written to {a.out}")
    if a.check and any(t.status in ("FAIL", "ERROR") for t in b.targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
