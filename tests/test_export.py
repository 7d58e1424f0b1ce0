"""``perfcheck export`` and ``perfcheck.frames``: tidy tables of every filled form."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from builders.reports import sha256
from typer.testing import CliRunner

import perfcheck
from perfcheck.cli import app
from perfcheck.export import SCHEMAS, TABLES, frames, write_export
from perfcheck.runner import run_validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = io.StringIO()
    rollup = tmp_path_factory.mktemp("rollup") / "汇总.xlsx"       # not beside the samples
    run_validate([SAMPLES], fmt="json", annotate=False, summary=rollup, jobs=1, stdout=out, stderr=io.StringIO())
    d: dict[str, Any] = json.loads(out.getvalue())
    return d


def expected_counts(doc: dict[str, Any]) -> dict[str, int]:
    return {
        "files": len(doc["files"]),
        "projects": sum(len(f["projects"]) for f in doc["files"]),
        "indicators": sum(p["indicators"] for f in doc["files"] for p in f["projects"]),
        "findings": sum(len(f["findings"]) for f in doc["files"]),
    }


def check_types(tables: dict[str, pd.DataFrame]) -> None:
    """Read-back tables: amounts and rates numeric, rates as fractions, counts integers, flags bool."""
    from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype, is_numeric_dtype

    p, f, ind, fi = tables["projects"], tables["funds"], tables["indicators"], tables["findings"]
    for col in ("budget", "spent", "execution_rate", "stated_score", "computed_score"):
        assert is_float_dtype(p[col]), col
    assert is_integer_dtype(p["indicators"]) and is_integer_dtype(p["errors"])
    assert is_bool_dtype(p["full_score_missed"])
    rates = p["execution_rate"].dropna()
    assert len(rates) and (rates >= 0).all() and (rates <= 2).all()          # fractions, not percents
    for col in ("initial_budget", "budget", "spent", "stated_rate", "weight", "score"):
        assert is_numeric_dtype(f[col]), col
    assert (f["stated_rate"].dropna() <= 2).all()
    for col in ("target_value", "actual_value", "weight", "score", "computed_score"):
        assert is_numeric_dtype(ind[col]), col
    assert is_integer_dtype(ind["row"])
    pct = ind[ind["target_unit"] == "%"]["target_value"].dropna()
    assert len(pct) and (pct <= 1.5).all()                                   # 95% → 0.95
    for table in (p, f, ind, fi):
        assert {"file", "unit", "sheet", "cell"} <= set(table.columns)
        assert table["file"].notna().all() and table["unit"].notna().all()
    assert p["cell"].notna().all() and f["cell"].notna().all() and ind["cell"].notna().all()
    assert fi["cell"].str.match(r"^[A-Z]+\d+(:[A-Z]+\d+)?$").fillna(True).all()


def test_frames_typed_and_counts_match_json(doc: dict[str, Any]) -> None:
    tables = perfcheck.frames([SAMPLES])
    assert list(tables) == list(TABLES)
    for name, df in tables.items():
        assert {c: str(t) for c, t in df.dtypes.items()} == SCHEMAS[name], name
    for name, n in expected_counts(doc).items():
        assert len(tables[name]) == n, name
    check_types(tables)
    # the funds rows: every form's 年度资金总额 line, with its amounts
    total = tables["funds"][tables["funds"]["line"] == "total_funds"]
    assert len(total) == len(tables["projects"])
    bad = tables["projects"][tables["projects"]["file"].str.endswith("典型错误.xlsx")]
    assert bad["grade_changed"].any()                                      # 项目1: 优 stated, 良 recomputed


def test_export_xlsx_and_csv_read_back(doc: dict[str, Any], tmp_path: Path) -> None:
    inputs = sorted(SAMPLES.rglob("*.xlsx"))
    before = {p: sha256(p) for p in inputs}
    runner = CliRunner()
    r = runner.invoke(app, ["export", str(SAMPLES), "-o", str(tmp_path / "data.xlsx")])
    assert r.exit_code == 0, r.output
    book = pd.read_excel(tmp_path / "data.xlsx", sheet_name=None, engine="openpyxl")
    assert list(book) == list(TABLES)
    r = runner.invoke(app, ["export", str(SAMPLES), "-o", str(tmp_path / "data")])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == sorted(f"{n}.csv" for n in TABLES)
    csv = {n: pd.read_csv(tmp_path / "data" / f"{n}.csv", encoding="utf-8-sig") for n in TABLES}
    for tables in (book, csv):
        for name, n in expected_counts(doc).items():
            assert len(tables[name]) == n, name
        check_types(tables)
    assert {p: sha256(p) for p in inputs} == before


def test_export_text_stays_text(tmp_path: Path) -> None:
    import zipfile

    written = write_export([SAMPLES], tmp_path / "d.xlsx")
    assert written == [tmp_path / "d.xlsx"]
    with zipfile.ZipFile(written[0]) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_export_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["export", str(tmp_path / "missing"), "-o", str(tmp_path / "x.xlsx"), "--lang", "en"])
    assert r.exit_code == 2 and "no such file or folder" in r.stderr
    src = tmp_path / "in.xlsx"
    src.write_bytes((SAMPLES / "good" / "示例单位2023.xlsx").read_bytes())
    r = runner.invoke(app, ["export", str(src), "-o", str(src)])
    assert r.exit_code == 2 and src.read_bytes() == (SAMPLES / "good" / "示例单位2023.xlsx").read_bytes()
    broken = tmp_path / "b" / "broken.xlsx"
    broken.parent.mkdir()
    broken.write_bytes(b"not a workbook")
    r = runner.invoke(app, ["export", str(broken.parent), "-o", str(tmp_path / "o")])
    assert r.exit_code == 2 and "broken.xlsx" in r.stderr
    files = pd.read_csv(tmp_path / "o" / "files.csv", encoding="utf-8-sig")
    assert not files["readable"].iloc[0] and "broken.xlsx" in files["error"].iloc[0]


def test_parquet_needs_pyarrow(tmp_path: Path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        r = CliRunner().invoke(app, ["export", str(SAMPLES), "-o", str(tmp_path / "d.parquet")])
        assert r.exit_code == 2 and "pyarrow" in r.stderr
        return
    written = write_export([SAMPLES], tmp_path / "d.parquet")
    back = pd.read_parquet(written[1])
    assert len(back) == len(frames([SAMPLES])["projects"])
