"""The runner's pool keeps a bounded window of tasks in flight (not a future per file) and still
reports every file once, in input order, whatever order the workers finish in."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

from perfcheck import runner
from perfcheck.config import Config
from perfcheck.findings import Lang, Report


def slow_first(path: Path, config: Config | None = None, *, lang: Lang | str = Lang.zh,
               debug: bool = False) -> Report:
    """A stand-in for api.validate (module level: picklable): the first file finishes last."""
    if path.name == "f00.xlsx":
        time.sleep(1.0)
    return Report(path=path, unit=path.stem)


def test_more_files_than_the_window_come_back_once_in_order(tmp_path: Path) -> None:
    n = 2 * runner._WINDOW_PER_WORKER * 2 + 3          # more than the window of two workers
    files = []
    for i in range(n):
        f = tmp_path / f"f{i:02d}.xlsx"
        f.write_bytes(b"")                              # never read: slow_first stands in for the check
        files.append(f)
    out = io.StringIO()
    code = runner.run_validate([tmp_path], fmt="json", annotate=False, jobs=2, summary=tmp_path / "汇总.xlsx",
                               validate_fn=slow_first, stdout=out, stderr=io.StringIO())
    doc = json.loads(out.getvalue())
    assert [Path(f["path"]).name for f in doc["files"]] == [f.name for f in files]
    assert int(code) == 0 and doc["summary"]["files"] == n and (tmp_path / "汇总.xlsx").is_file()
