"""The server's sheet preview shows numbers as the form does: a 执行率 formatted as a percentage is
94.12%, not 0.9412 (python-calamine gives values only; the formats come from styles.xml)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from perfcheck.serve.work import _percent_decimals, percent_cells, preview

ROOT = Path(__file__).resolve().parent.parent


def _workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目1"
    cells = {"A1": (0.94123, "0.00%"), "B1": (0.5, "0%"), "C1": (0.94, "General"),
             "D1": (0.9, '0.0"%"'), "E1": ("文字", "0%"), "F1": (1.25, "0.0%;[Red]-0.0%"), "G1": (3, "0.00")}
    for ref, (value, number_format) in cells.items():
        ws[ref] = value
        ws[ref].number_format = number_format
    path = tmp_path / "pct.xlsx"
    wb.save(path)
    return path


def test_percent_formats_are_shown_as_percentages(tmp_path: Path) -> None:
    rows = preview(str(_workbook(tmp_path)))[0]["rows"]
    # a quoted "%" is text, not a percentage; text stays text; other number formats stay plain
    assert rows == [["94.12%", "50%", "0.94", "0.9", "文字", "125.0%", "3"]]


def test_which_cells_and_decimals(tmp_path: Path) -> None:
    assert percent_cells(str(_workbook(tmp_path))) == {"项目1": {(0, 0): 2, (0, 1): 0, (0, 4): 0, (0, 5): 1}}
    assert percent_cells(str(_workbook(tmp_path)), max_cols=1) == {"项目1": {(0, 0): 2}}


def test_format_codes() -> None:
    assert [_percent_decimals(c) for c in ("0%", "0.00%", "#,##0.0%", '0.0"%"', "0.00", "[Red]0%", "0\\%")] == [
        0, 2, 1, None, None, 0, None]


def test_the_sample_roll_up_rates(tmp_path: Path) -> None:
    sheets = {s["name"]: s["rows"] for s in preview(str(ROOT / "samples" / "good" / "示例单位2023.xlsx"))}
    total = next(r for r in sheets["项目汇总"] if r and r[0] == "合计")
    assert total[6] == "98.37%"             # 执行率 of the 合计 row: 1499.7 ÷ 1524.5


def test_not_a_zip_has_no_formats(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_text("not a workbook")
    assert percent_cells(str(path)) == {}
