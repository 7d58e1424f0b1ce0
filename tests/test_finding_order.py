"""Findings are listed in sheet order, then row, column and code (``Report.sorted_findings``)."""

from __future__ import annotations

from pathlib import Path

from perfcheck.findings import Finding, Report
from perfcheck.model import CellRef, Severity


def _f(code: str, sheet: str | None, cell: str = "A1") -> Finding:
    return Finding(code, Severity.ERROR, None if sheet is None else CellRef(sheet, cell))


def test_sheet_order_then_row_then_column_then_code() -> None:
    found = [_f("PC202", "项目1", "H20"), _f("PC201", "项目1", "H20"), _f("PC101", "项目1", "AA3"),
             _f("PC102", "项目1", "D3"), _f("PC301", "项目汇总", "B10"), _f("PC001", None),
             _f("PC105", "项目1", "D6:D9"), _f("PC106", "项目1", "C100")]
    report = Report(path=Path("x.xlsx"), findings=found, sheet_order=["项目汇总", "项目1"])
    got = [(f.code, f.cell) for f in report.sorted_findings()]
    assert got == [("PC001", None), ("PC301", "B10"), ("PC102", "D3"), ("PC101", "AA3"), ("PC105", "D6:D9"),
                   ("PC201", "H20"), ("PC202", "H20"), ("PC106", "C100")]


def test_a_cell_outside_plain_a1_sorts_by_its_letters_and_digits() -> None:
    # lower-case or decorated cell texts still order by the letters and digits they hold
    odd, plain = _f("PC010", "项目1", "$b$7"), _f("PC011", "项目1", "C5")
    assert odd.sort_key() == ("项目1", 7, "  b", "PC010")
    report = Report(path=Path("x.xlsx"), findings=[odd, plain], sheet_order=["项目1"])
    assert [f.code for f in report.sorted_findings()] == ["PC011", "PC010"]
