"""perfcheck/template/grid.py: the form grid the project, department and monitoring writers share."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from xlsxwriter.workbook import Workbook

from perfcheck.kinds import department as dep
from perfcheck.kinds import monitor as mon
from perfcheck.layout import DEFAULT_SKELETON, POS
from perfcheck.template import grid
from perfcheck.template.blueprint import FORMULA
from perfcheck.template.sheet import Book


def test_year_line_and_numbers_as_formula_text() -> None:
    assert grid.year_line(None, None) == ("（　　　　年度）", True)
    assert grid.year_line(None, 2023) == ("（2023年度）", False)
    assert grid.year_line("（2022年度）", 2023) == ("（2022年度）", False)     # the form's own, as typed
    assert [grid.number_text(x) for x in (90.0, 0.5, 85)] == ["90", "0.5", "85"]


def test_padding_repeats_the_skeleton() -> None:
    assert grid.padding(3, 3, DEFAULT_SKELETON) == []
    assert grid.padding(0, 2, dep.SKELETON) == list(dep.SKELETON[:2])
    assert grid.padding(9, 11, dep.SKELETON) == [dep.SKELETON[0], dep.SKELETON[1]]   # wraps round


def test_the_three_forms_share_one_grid_of_positions() -> None:
    for P in (POS, dep.POS, mon.POS):
        assert P.goal_header_row == P.funds_row(P.funds_rows[-1]) + 1
        assert P.first_indicator_row == P.goal_header_row + 3
        assert (P.col_initial, P.col_budget, P.col_spent, P.col_level1) == ("D", "E", "F", "B")
    assert (POS.first_indicator_row, dep.POS.first_indicator_row, mon.POS.first_indicator_row) == (13, 17, 13)
    assert POS.total_row(18) == 31 and dep.POS.grade_row(9) == 27


def test_save_is_atomic_and_marks_blank_formula_results(tmp_path: Path) -> None:
    dest = tmp_path / "out.xlsx"

    def build(wb: Workbook) -> None:
        s = Book(wb, "zh").add_sheet("表", {"A": 10})
        s.raw("A1", 3, "in_number")
        s.raw("A2", None, "in_number")
        grid.sums(s, ["A"], 1, 2, 3, [FORMULA])        # 3
        grid.sums(s, ["B"], 1, 2, 3, [FORMULA])        # nothing filled: a blank result
        s.finish()

    grid.save(build, dest, title="标题", subject="主题")
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    xml = zipfile.ZipFile(dest).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="B3" s="' in xml and 't="str"><f>IF(COUNT(B1:B2)=0,"",SUM(B1:B2))</f><v></v>' in xml
    ws = openpyxl.load_workbook(dest)["表"]
    assert ws["A3"].value == '=IF(COUNT(A1:A2)=0,"",SUM(A1:A2))'
    assert openpyxl.load_workbook(dest).properties.title == "标题"

    def boom(wb: Workbook) -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        grid.save(boom, tmp_path / "never.xlsx", title="x", subject="x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]   # no temporary file left
