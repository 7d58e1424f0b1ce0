"""Smoke tests of benchmarks/: the generator writes valid, reproducible forms; bench.py --quick runs.

Nothing here asserts on time: timings belong to ``python benchmarks/bench.py``, not to the tests.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from perfcheck.layout import FORM_TITLE, LEVEL1, POS, form_sheet_name

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod            # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _load("generate")


def _grid(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


def _col(letter: str) -> int:
    return ord(letter) - ord("A")


def test_generator_writes_filled_forms(gen: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "unit.xlsx"
    cells = gen.generate_workbook(path, 3, seed=7)
    grid = _grid(path)
    assert {"单位概况", "项目汇总", "问题与措施", *(form_sheet_name(i) for i in (1, 2, 3))} <= set(grid)
    assert cells == gen.count_cells(path)
    for i in (1, 2, 3):
        g = grid[form_sheet_name(i)]
        assert g[POS.title_row - 1][0] == FORM_TITLE.zh
        assert g[POS.name_row - 1][1]                       # a project name
        first = POS.first_indicator_row - 1
        rows = g[first:first + 20]
        assert all(r[_col(POS.col_level3)] and r[_col(POS.col_target)] and r[_col(POS.col_actual)] for r in rows)
        total = g[POS.total_row(20) - 1]
        assert total[_col(POS.col_ind_weight)] == 100       # 10 (执行率) + 50 + 30 + 10
        funds = g[POS.funds_row("total_funds") - 1]
        exec_score = funds[_col(POS.col_score)]
        scores = sum(float(r[_col(POS.col_ind_score)]) for r in rows)
        assert total[_col(POS.col_ind_score)] == pytest.approx(round(exec_score + scores, 2))
        level1 = [r[_col(POS.col_level1)] for r in rows if r[_col(POS.col_level1)]]
        assert set(level1) == set(LEVEL1)                   # merged down: each 一级 written once
    listing = grid["项目汇总"]
    assert any(r[1] == "合计" for r in listing)


def test_generator_is_reproducible(gen: ModuleType, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "c.xlsx"
    gen.generate_workbook(a, 2, seed=7)
    gen.generate_workbook(b, 2, seed=7)
    gen.generate_workbook(c, 2, seed=8)
    assert _grid(a) == _grid(b)
    assert _grid(a) != _grid(c)


def test_generated_workbook_is_readable_by_perfcheck(gen: ModuleType, tmp_path: Path) -> None:
    pytest.importorskip("perfcheck.reader")
    pytest.importorskip("perfcheck.scoring")
    from perfcheck.api import validate

    path = tmp_path / "unit.xlsx"
    gen.generate_workbook(path, 3, seed=7)
    report = validate(path)
    assert report.readable, report.error
    assert len(report.projects) == 3
    # the forms are read as the template wrote them: no reader problem (PC0xx) above info
    reading = [f for f in report.findings if f.code.startswith("PC0") and str(f.severity) != "info"]
    assert not reading, reading


def test_bench_quick_runs(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "bench.py"), "--quick", "--only", "S,F,CLI", "--out", str(out),
         "--data", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "| target |" in proc.stdout
    res = json.loads(out.read_text(encoding="utf-8"))
    keys = {(m["scenario"], m["name"]) for m in res["measures"]}
    assert ("S", "read floor (pandas+calamine)") in keys
    assert ("F", "validate --jobs 2 (+annotate, --summary)") in keys
    assert all(t["status"] in ("PASS", "FAIL", "ERROR", "SKIP") for t in res["targets"])
    floors = [m for m in res["measures"] if "floor" in m["name"]]
    assert floors and all(m["ok"] for m in floors)
    help_check = res["cli"]["CLI:heavy:--help"]
    assert help_check["rc"] == 0
    if all(importlib.util.find_spec(f"perfcheck.{m}") is not None for m in ("reader", "runner", "scoring")):
        validates = [m for m in res["measures"] if m["name"].startswith("validate")]
        assert validates and all(m["ok"] for m in validates), [m["runs"] for m in validates if not m["ok"]]


def test_bench_serve_quick_runs(tmp_path: Path) -> None:
    """``bench_serve.py --quick``: a real server and the CLI on 6 small workbooks; the page's report is
    the CLI's (timings and memory are recorded, not asserted)."""
    import os

    out = tmp_path / "serve.json"
    env = {**os.environ, "PYTHONPATH": str(BENCH.parent)}
    proc = subprocess.run([sys.executable, str(BENCH / "bench_serve.py"), "--quick", "--data", str(tmp_path / "data"),
                           "--out", str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    result = json.loads(out.read_text("utf-8"))
    assert result["units"] == 6 and result["reports_identical"] is True
    assert len(result["memory"]) == 2 and all(m["rss_mb"] > 0 for m in result["memory"])
    assert "page / CLI (medians)" in proc.stdout


def test_bench_says_when_it_would_time_another_perfcheck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    # a copy left in site-packages by `pip install .` (or anything first on the path) is what the runs
    # would time: bench.py names it and says so.  compile_perfcheck asks a fresh interpreter (`python -c`:
    # the working folder first on its path, then PYTHONPATH) where perfcheck is.
    monkeypatch.syspath_prepend(str(BENCH))          # bench.py imports generate.py beside it
    bench = _load("bench")
    fake = tmp_path / "perfcheck"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    assert bench.compile_perfcheck() == str(fake)
    err = capsys.readouterr().err
    assert "warning: the perfcheck these runs time is" in err and "pip install -e ." in err
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.setenv("PYTHONPATH", str(BENCH.parent))
    assert Path(bench.compile_perfcheck()).resolve() == (BENCH.parent / "perfcheck").resolve()
    assert "warning" not in capsys.readouterr().err
