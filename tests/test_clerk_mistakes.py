"""A clerk fills the template in a spreadsheet with the usual mistakes: one finding per mistake, at the input.

The workbook is built here from the template writer (the good sample's first two projects and copies
of the first), edited with openpyxl as a person edits in a spreadsheet (a formula range, typed-over
cells) and saved through headless LibreOffice, so every formula carries the value LibreOffice
computed — the file a clerk really sends.  Each form has one mistake:

项目1  全年执行数 of 当年财政拨款 typed as the text "80万元" (F7): the template's SUM skips it
项目2  an indicator row inserted just above 总分: row 19 falls outside both SUM ranges of 总分
项目5  总分 typed as 100 over its formula; one indicator scored 8 of 10 (with a reason)
项目6  执行率 typed as 95% over its formula (95 of 95 spent: 100% is right)
项目7  an indicator missed its target (290 of ≥300户) and kept the full 10 points
项目8  an indicator partly met (290 of ≥300户), scored 9.67, no 偏差原因

The computed cells (年度资金总额, 执行率, 得分, 总分, 等级 and the 项目汇总 links) get no finding.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from specs import good_unit
from support.lo import convert

from perfcheck import api
from perfcheck.findings import Report
from perfcheck.template.blueprint import ProjectSpec
from perfcheck.template.build import write_workbook

pytestmark = pytest.mark.libreoffice


def _copy(p: ProjectSpec, sheet: str, name: str) -> ProjectSpec:
    q = copy.deepcopy(p)
    q.sheet, q.name = sheet, name
    return q


@cache
def clerk_workbook() -> Path:
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="clerk-"))
    spec = good_unit.spec()
    p1, p2 = spec.projects[0], spec.projects[1]
    p1.fiscal.spent = "80万元"                                     # 项目1: text amount
    p5 = _copy(p1, "项目5", "企业服务热线运行经费")
    p5.fiscal.spent = 80
    p5.indicators[0].actual, p5.indicators[0].score = "290户", 9.67
    p5.indicators[0].reason = "部分企业停产歇业，服务户数未达计划，下一步将扩大服务覆盖面"
    p5.total_score = 100                                           # 项目5: 总分 typed over
    p6 = _copy(p1, "项目6", "中小企业培训补助")
    p6.fiscal.spent = 80
    p6.rate = 0.95                                                 # 项目6: 执行率 typed over
    p7 = _copy(p1, "项目7", "专精特新企业培育经费")
    p7.fiscal.spent = 80
    p7.indicators[0].actual = "290户"                              # 项目7: missed, full marks
    p8 = _copy(p1, "项目8", "中小企业公共服务券")
    p8.fiscal.spent = 80
    p8.indicators[0].actual, p8.indicators[0].score = "290户", 9.67  # 项目8: no reason
    spec.projects = [p1, p2, *spec.projects[2:], p5, p6, p7, p8]
    raw = tmp / "raw.xlsx"
    write_workbook(spec, raw)
    wb = openpyxl.load_workbook(raw)
    ws = wb["项目2"]
    # 项目2: 7 indicators in rows 13-19, 总分 in row 20; the clerk inserted row 19 after the sums were
    # written, so they end at row 18
    assert str(ws["H20"].value).startswith("=") and "H13:H19" in str(ws["H20"].value)
    ws["G20"] = str(ws["G20"].value).replace("G13:G19", "G13:G18")
    ws["H20"] = str(ws["H20"].value).replace("H13:H19", "H13:H18")
    edited = tmp / "填报.xlsx"
    wb.save(edited)
    saved = convert(edited, "xlsx", tmp / "lo")
    return saved


@cache
def report() -> Report:
    r = api.validate(clerk_workbook())
    assert r.readable, r.error
    return r


def found() -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.sheet, f.cell) for f in report().findings if f.severity.value != "info")


def by_sheet(sheet: str) -> list[tuple[str, str | None]]:
    return [(c, cell) for c, s, cell in found() if s == sheet]


def message(sheet: str, code: str, lang: str = "zh") -> str:
    (f,) = [f for f in report().findings if f.sheet == sheet and f.code == code]
    return f.message(lang)


def test_each_mistake_is_exactly_one_finding_at_its_input() -> None:
    assert found() == sorted([
        ("PC015", "项目1", "F7"),
        ("PC216", "项目2", "H20"),
        ("PC217", "项目5", "H23"),
        ("PC102", "项目6", "H6"),
        ("PC204", "项目7", "H13"),
        ("PC213", "项目8", "I13"),
    ])


def test_no_finding_on_the_workbook_level_links() -> None:
    assert by_sheet("项目汇总") == [] and by_sheet("单位概况") == []


def test_text_amount_says_what_to_type_and_what_the_total_will_show() -> None:
    msg = message("项目1", "PC015")
    assert "80万元" in msg and "F6" in msg and "15 万元" in msg and "95 万元" in msg
    en = message("项目1", "PC015", "en")
    assert "80万元" in en and "will show 95 万元" in en


def test_row_outside_the_sum_gives_the_right_total_and_grade() -> None:
    msg = message("项目2", "PC216")
    # 7.83 + … : the form's own numbers; the left-out row 19 holds 10 points
    assert "第19行" in msg and "10 分" in msg and "自评等级为" in msg
    f = next(f for f in report().findings if f.code == "PC216")
    assert f.expected == f.actual + 10


def test_overwritten_total_names_the_formula_and_the_right_value() -> None:
    msg = message("项目5", "PC217")
    assert "100 分" in msg and "99.67 分" in msg and "多填 0.33 分" in msg and "=SUM(" in msg


def test_hand_typed_rate_gives_the_recomputed_rate() -> None:
    msg = message("项目6", "PC102")
    assert "95%" in msg and "100%" in msg and "低了 5 个百分点" in msg
    assert "公式被手填的数字替换" in msg and "=F6/E6" in msg


def test_missed_target_at_full_marks_gives_the_score_and_asks_for_the_reason() -> None:
    msg = message("项目7", "PC204")
    assert "290户" in msg and "9.67" in msg and "偏差原因" in msg


def test_missing_reason_is_at_the_empty_reason_cell() -> None:
    assert message("项目8", "PC213")
