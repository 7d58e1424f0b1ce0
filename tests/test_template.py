"""The XlsxWriter writer: the template, filled workbooks, formulas with their stored values."""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from perfcheck.cli import app
from perfcheck.layout import (
    DEFAULT_SKELETON,
    FORM,
    FORM_TITLE,
    ISSUES,
    LIST_COLUMNS,
    LIST_HEADER_ROW,
    LIST_TOTAL,
    POS,
    QUAL_GRADES,
    UNIT,
)
from perfcheck.template import build as build_mod
from perfcheck.template import calc, template_spec, write_template, write_workbook
from perfcheck.template.blueprint import FundsRowSpec, IndicatorSpec, ListRowSpec, ProjectSpec, WorkbookSpec

ROOT = Path(__file__).resolve().parents[1]
N = len(DEFAULT_SKELETON)
TOTAL = POS.total_row(N)        # 31 in the template
GRADE = POS.grade_row(N)        # 32


def filled_spec() -> WorkbookSpec:
    """Two projects with known numbers (see the expected values in the tests)."""
    p1 = ProjectSpec(
        sheet="项目1", name="城区道路维护项目", department="市工信局", implementer="市工信局", category="一般项目",
        fiscal=FundsRowSpec(50, 54, 50), carryover=FundsRowSpec(0, 0, 0),
        exec_reason="年底部分工程款未到结算期，下一步将加快结算进度。",
        goal_expected="完成50公里道路和3座桥梁的维护。", goal_actual="完成52公里道路和2座桥梁的维护。",
        indicators=[
            IndicatorSpec("产出指标", "数量指标", "维修道路长度", "≥50公里", 52, 15, 15),
            IndicatorSpec("产出指标", "数量指标", "维修桥梁数", "≥3座", "2座", 15, 10, "一座桥梁因汛期推迟，下一步将在一季度完成。"),
            IndicatorSpec("产出指标", "质量指标", "验收合格率", "=100%", "100%", 10, 10),
            IndicatorSpec("产出指标", "时效指标", "完成时间", "2023年12月31日前", dt.date(2023, 12, 20), 10, 10),
            IndicatorSpec("效益指标", "社会效益指标", "道路通行改善", "有效提升", QUAL_GRADES[0], 20, 18),
            IndicatorSpec("效益指标", "可持续影响指标", "维护机制", "长效", QUAL_GRADES[1], 10, Decimal("7")),
            IndicatorSpec("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", 0.93, 10, 9.5),
        ],
    )
    p2 = ProjectSpec(
        sheet="专项2", name="=1+1", department="+86 市局", implementer="-5", category="@其他",
        fiscal=FundsRowSpec(None, 0, None), carryover=FundsRowSpec(10, Decimal("12.5"), Decimal("12.5")),
        indicators=[
            IndicatorSpec("产出指标", "数量指标", "培训人数", "≥100人", "120人", 45, 45),
            IndicatorSpec("效益指标", "社会效益指标", "培训合格率", "≥90%", "95%", 45, 45),
        ],
        min_indicator_rows=4, grade="良",
    )
    return WorkbookSpec(
        year=2023,
        unit={"unit_name": "共青城市工信局", "budget_units": 3, "secondary_units": 2, "staff_quota": 20,
              "duties": "负责全市工业和信息化工作。"},
        projects=[p1, p2], problems="部分项目预算执行率偏低。", measures="加强预算执行监控。",
    )


@pytest.fixture(scope="module")
def template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def filled_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filled") / "filled.xlsx"
    write_workbook(filled_spec(), path)
    return path


def _merged(ws: Any) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def _vertical_merges_in_b_c(ws: Any) -> list[str]:
    """Merged ranges that start in column B or C and span several rows (一级/二级 merged down)."""
    return [str(r) for r in ws.merged_cells.ranges if r.min_col in (2, 3) and r.max_row > r.min_row]


def _formula_cells(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    out[(ws.title, c.coordinate)] = str(c.value)
    return out


# ==================================================================================================
# The template's structure
# ==================================================================================================


def test_sheets_in_order(template_file: Path) -> None:
    wb = openpyxl.load_workbook(template_file)
    assert wb.sheetnames == ["填表说明", "单位概况", "项目汇总", "项目1", "项目2", "项目3", "问题与措施"]


def test_optional_sheets_can_be_left_out(tmp_path: Path) -> None:
    spec = template_spec(projects=2)
    spec.with_instructions = spec.with_unit_sheet = spec.with_list_sheet = spec.with_issues_sheet = False
    write_workbook(spec, tmp_path / "forms.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "forms.xlsx")
    assert wb.sheetnames == ["项目1", "项目2"]
    # without 填表说明 the 二级 list is the flat list of every 二级 name
    dv = {str(d.sqref): d for d in wb["项目1"].data_validations.dataValidation}
    assert dv[f"C13:C{TOTAL - 1}"].formula1.startswith('"数量指标,质量指标')


def test_form_labels_at_template_positions(template_file: Path) -> None:
    ws = openpyxl.load_workbook(template_file)["项目1"]
    p = POS
    assert FORM_TITLE.matches(ws["A1"].value)
    assert ws["A2"].value == "（　　　　年度）"
    expected = {
        f"A{p.name_row}": "project_name", f"A{p.department_row}": "department", f"F{p.department_row}": "implementer",
        f"A{p.funds_header_row}": "funds", f"D{p.funds_header_row}": "initial_budget",
        f"E{p.funds_header_row}": "annual_budget", f"F{p.funds_header_row}": "spent",
        f"G{p.funds_header_row}": "weight", f"H{p.funds_header_row}": "rate", f"I{p.funds_header_row}": "score",
        f"J{p.funds_header_row}": "funds_reason",
        "B6": "total_funds", "B7": "fiscal", "B8": "carryover", "B9": "other",
        f"A{p.goal_header_row}": "goal", f"B{p.goal_header_row}": "goal_expected", f"G{p.goal_header_row}": "goal_actual",
        f"A{p.indicator_header_row}": "indicators", "B12": "level1", "C12": "level2", "D12": "level3",
        "E12": "target", "F12": "actual", "G12": "weight", "H12": "score", "I12": "reason",
        f"A{TOTAL}": "total_score", f"A{GRADE}": "grade",
    }
    for cell, key in expected.items():
        assert ws[cell].value == FORM[key].zh, cell
        assert FORM[key].matches(ws[cell].value), cell
    for i, (l1, l2) in enumerate(DEFAULT_SKELETON):
        assert (ws[f"B{13 + i}"].value, ws[f"C{13 + i}"].value) == (l1, l2)
    assert ws["G6"].value == 10
    assert [ws[f"{c}{r}"].value for r in (7, 8, 9) for c in "GI"] == ["—"] * 6
    assert ws["H8"].value == ws["H9"].value == "—"


def test_form_merged_ranges(template_file: Path) -> None:
    merged = _merged(openpyxl.load_workbook(template_file)["项目1"])
    expected = {"A1:J1", "A2:J2", "B3:J3", "B4:E4", "G4:J4", "A5:A9", "B5:C5", "B6:C6", "B7:C7", "B8:C8", "B9:C9",
                "J6:J9", "A10:A11", "B10:F10", "G10:J10", "B11:F11", "G11:J11", "I12:J12", f"A12:A{TOTAL - 1}",
                f"A{TOTAL}:F{TOTAL}", f"I{TOTAL}:J{TOTAL}", f"B{GRADE}:J{GRADE}"}
    assert expected <= merged
    assert {f"I{r}:J{r}" for r in range(13, TOTAL)} <= merged
    # the empty template leaves 一级/二级 unmerged, one value per row, so rows can be edited freely
    assert _vertical_merges_in_b_c(openpyxl.load_workbook(template_file)["项目1"]) == []


def test_unit_list_and_issue_sheets(template_file: Path) -> None:
    wb = openpyxl.load_workbook(template_file)
    unit = wb["单位概况"]
    for i, label in enumerate(UNIT.values()):
        assert unit[f"A{2 + i}"].value == label.zh
    assert "B15:D15" in _merged(unit)  # 主要职责
    lst = wb["项目汇总"]
    assert [c.value for c in lst[LIST_HEADER_ROW]] == [x.zh for x in LIST_COLUMNS.values()]
    assert [lst.cell(LIST_HEADER_ROW + i, 1).value for i in (1, 2, 3)] == [1, 2, 3]
    assert LIST_TOTAL.matches(lst.cell(LIST_HEADER_ROW + 4, 1).value)
    issues = wb["问题与措施"]
    assert issues["A2"].value == ISSUES["problems"].zh and issues["A3"].value == ISSUES["measures"].zh
    assert {"B2:D2", "B3:D3"} <= _merged(issues)
    assert issues["B2"].alignment.wrap_text
    doc = wb["填表说明"]
    text = "\n".join(str(c.value) for row in doc.iter_rows() for c in row if c.value)
    for needle in ("万元", "执行率", "优 ≥90", "插入", *QUAL_GRADES):
        assert needle in text


def test_data_validations(template_file: Path) -> None:
    wb = openpyxl.load_workbook(template_file)
    dv = {str(d.sqref): d for d in wb["项目1"].data_validations.dataValidation}
    last = TOTAL - 1
    level1 = dv[f"B13:B{last}"]
    assert level1.type == "list" and level1.formula1 == '"产出指标,效益指标,满意度指标"'
    level2 = dv[f"C13:C{last}"]
    assert level2.type == "list" and level2.formula1 == 'INDIRECT("Level2_"&$B13)'
    actual = dv[f"F13:F{last}"]
    assert actual.type == "list" and actual.formula1 == '"' + ",".join(QUAL_GRADES) + '"'
    assert not actual.showErrorMessage          # numbers are valid actual values too
    amounts = dv["D7:F9"]
    assert amounts.type == "decimal" and amounts.operator == "greaterThanOrEqual" and amounts.formula1 == "0"
    assert amounts.showErrorMessage and "万元" in amounts.prompt
    assert dv[f"G13:H{last}"].type == "decimal"
    # the names the 二级 list reads: each 一级's 二级 names on 填表说明, and all of them under Level2_
    names = wb.defined_names
    doc = wb["填表说明"]

    def cells(name: str) -> list[Any]:
        sheet, rng = names[name].attr_text.split("!")
        assert sheet.strip("'") == "填表说明"
        return [c.value for row in doc[rng.replace("$", "")] for c in row]

    assert cells("Level2_产出指标") == ["数量指标", "质量指标", "时效指标", "成本指标"]
    assert cells("Level2_满意度指标") == ["服务对象满意度指标"]
    assert len(cells("Level2_")) == 9


def test_protection_without_password_and_unlocked_inputs(template_file: Path) -> None:
    wb = openpyxl.load_workbook(template_file)
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password, ws.title
    ws = wb["项目1"]
    assert ws.protection.insertRows is False and ws.protection.formatCells is False  # False = allowed
    inputs = ["B3", "B4", "G4", "D7", "E8", "F9", "G6", "J6", "B11", "G11", "B13", "C13", "D13", "E13", "F13",
              "G13", "H13", "I13", f"D{TOTAL - 1}"]
    for cell in inputs:
        assert ws[cell].protection.locked is False, cell
        assert ws[cell].fill.fgColor.rgb.endswith("FFF2CC"), cell
    for cell in ["A3", "D5", "D6", "E6", "F6", "H6", "H7", "I6", f"G{TOTAL}", f"H{TOTAL}", f"B{GRADE}", "A1"]:
        assert ws[cell].protection.locked is not False, cell
    assert ws["A12"].comment is not None and "插入" in ws["A12"].comment.text


def test_page_setup_and_fonts(template_file: Path) -> None:
    ws = openpyxl.load_workbook(template_file)["项目1"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0   # 1 is the default
    assert ws.print_title_rows == "$1:$2"
    assert ws["D13"].font.name == "宋体"
    assert ws["A1"].font.b
    assert ws.row_dimensions[POS.goal_text_row].height >= 80


# ==================================================================================================
# Formulas and their stored values
# ==================================================================================================


def test_template_formulas_and_blank_results(template_file: Path) -> None:
    wb = openpyxl.load_workbook(template_file)
    ws = wb["项目1"]
    assert ws["D6"].value == '=IF(COUNT(D7:D9)=0,"",SUM(D7:D9))'
    assert ws["H6"].value == '=IF(AND(ISNUMBER(F6),ISNUMBER(E6),E6<>0),F6/E6,"")'
    assert ws["I6"].value == '=IF(AND(ISNUMBER(G6),ISNUMBER(H6)),ROUND(G6*MIN(H6,1),2),"")'
    assert ws[f"G{TOTAL}"].value == f"=SUM(G6,G13:G{TOTAL - 1})"
    assert ws[f"H{TOTAL}"].value == f'=IF(COUNT(I6,H13:H{TOTAL - 1})=0,"",SUM(I6,H13:H{TOTAL - 1}))'
    assert ws[f"B{GRADE}"].value == (f'=IF(ISNUMBER(H{TOTAL}),IF(H{TOTAL}>=90,"优",IF(H{TOTAL}>=80,"良",'
                                     f'IF(H{TOTAL}>=60,"中","差"))),"")')
    assert wb["项目汇总"]["B4"].value == "=IF('项目1'!B3=\"\",\"\",'项目1'!B3)"
    values = openpyxl.load_workbook(template_file, data_only=True)["项目1"]
    assert values["D6"].value is None and values["H6"].value is None and values["I6"].value is None
    assert values[f"G{TOTAL}"].value == 10          # only the execution weight so far
    assert values[f"H{TOTAL}"].value is None and values[f"B{GRADE}"].value is None


def test_filled_values_are_stored(filled_file: Path) -> None:
    wb = openpyxl.load_workbook(filled_file, data_only=True)
    ws = wb["项目1"]
    total, grade = POS.total_row(7), POS.grade_row(7)
    assert (ws["D6"].value, ws["E6"].value, ws["F6"].value) == (50, 54, 50)
    assert ws["H6"].value == pytest.approx(50 / 54, abs=1e-12)
    assert ws["H7"].value == pytest.approx(0.9259259259, abs=1e-9)
    assert ws["I6"].value == 9.26
    assert ws[f"G{total}"].value == 100
    assert ws[f"H{total}"].value == pytest.approx(88.76, abs=1e-9)
    assert ws[f"B{grade}"].value == "良"
    ws2 = wb["专项2"]
    total2, grade2 = POS.total_row(4), POS.grade_row(4)
    assert (ws2["D6"].value, ws2["E6"].value, ws2["F6"].value) == (10, 12.5, 12.5)
    assert ws2["H6"].value == 1 and ws2["I6"].value == 10
    assert ws2["H7"].value is None                   # budget 0: no rate, no #DIV/0!
    assert ws2[f"H{total2}"].value == 100
    assert ws2[f"B{grade2}"].value == "良"           # a stated literal, written as given (the formula says 优)
    assert openpyxl.load_workbook(filled_file)["专项2"][f"B{grade2}"].data_type == "s"
    lst = wb["项目汇总"]
    assert [c.value for c in lst[4]] == [1, "城区道路维护项目", "一般项目", 50, 54, 50, pytest.approx(50 / 54),
                                         pytest.approx(88.76), "良", None]
    assert [c.value for c in lst[5]][:9] == [2, "=1+1", "@其他", 10, 12.5, 12.5, 1, 100, "良"]
    assert [c.value for c in lst[6]][3:7] == [60, 66.5, 62.5, pytest.approx(62.5 / 66.5)]
    assert lst["A2"].value == "填报单位：共青城市工信局　　评价年度：2023　　金额单位：万元"


def test_filled_form_merges_equal_levels(filled_file: Path) -> None:
    merged = _merged(openpyxl.load_workbook(filled_file)["项目1"])
    assert {"B13:B16", "C13:C14", "B17:B18"} <= merged
    assert not {"C15:C16", "C17:C18"} & merged     # different 二级 values stay apart
    ws2 = openpyxl.load_workbook(filled_file)["专项2"]
    # two own rows, then two padding rows from the skeleton (not merged with the own rows)
    assert [(ws2[f"B{r}"].value, ws2[f"C{r}"].value) for r in range(13, 17)] == [
        ("产出指标", "数量指标"), ("效益指标", "社会效益指标"), DEFAULT_SKELETON[2], DEFAULT_SKELETON[3]]
    assert _vertical_merges_in_b_c(ws2) == []


def test_raw_values_keep_their_type(filled_file: Path) -> None:
    wb = openpyxl.load_workbook(filled_file)
    ws2 = wb["专项2"]
    for cell, text in (("B3", "=1+1"), ("B4", "+86 市局"), ("G4", "-5")):
        assert ws2[cell].data_type == "s" and ws2[cell].value == text, cell
    assert wb["项目汇总"]["C5"].value == "@其他" and wb["项目汇总"]["C5"].data_type == "s"
    ws = wb["项目1"]
    assert ws["F16"].is_date and ws["F16"].value == dt.datetime(2023, 12, 20)
    assert ws["F13"].value == 52 and ws["F13"].data_type == "n"
    assert ws["H18"].value == 7 and ws["F19"].value == 0.93
    assert ws["F14"].value == "2座"
    assert ws2["E8"].value == 12.5                    # Decimal → number


def test_stated_literals_replace_formulas(tmp_path: Path) -> None:
    p = ProjectSpec(sheet="项目1", fiscal=FundsRowSpec(50, 54, 50), total_budget=60, rate="92.6%", exec_score=10,
                    total_score=95, indicators=[IndicatorSpec("产出指标", "数量指标", "x", "≥1个", 1, 90, 85)])
    spec = WorkbookSpec(projects=[p], list_rows=[ListRowSpec(name="别名项目", budget="54万元", rate=0.9, score=95)],
                        list_total={"budget": 99, "rate": "90%"})
    write_workbook(spec, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "x.xlsx")["项目1"]
    assert ws["E6"].value == 60 and ws["H6"].value == "92.6%" and ws["I6"].value == 10
    assert ws["H14"].value == 95
    assert ws["D6"].data_type == "f" and ws["H7"].data_type == "f"   # not stated: still formulas
    assert ws["B15"].value.startswith("=IF(ISNUMBER(H14)")
    values = openpyxl.load_workbook(tmp_path / "x.xlsx", data_only=True)
    assert values["项目1"]["B15"].value == "优"        # computed from the stated 95
    lst = values["项目汇总"]
    assert [c.value for c in lst[4]][:9] == [1, "别名项目", None, None, "54万元", None, 0.9, 95, None]
    assert lst["E5"].value == 99 and lst["G5"].value == "90%" and lst["D5"].value is None


def test_english_labels_are_bilingual(tmp_path: Path) -> None:
    write_template(tmp_path / "en.xlsx", lang="en", year=2023, unit="示例局", projects=1)
    wb = openpyxl.load_workbook(tmp_path / "en.xlsx")
    ws = wb["项目1"]
    assert ws["A3"].value == "项目名称\nProject name"
    assert FORM["project_name"].matches(ws["A3"].value)
    assert FORM["funds"].matches(ws["A5"].value) and FORM["fiscal"].matches(ws["B7"].value)
    assert FORM_TITLE.matches(ws["A1"].value)
    assert ws["A2"].value == "（2023年度）"
    assert ws["B13"].value == "产出指标"              # values stay Chinese, only labels are bilingual
    unit = wb["单位概况"]
    assert UNIT["unit_name"].matches(unit["A2"].value) and unit["B2"].value == "示例局" and unit["B3"].value == 2023


def test_calc_twins_follow_spreadsheet_rules() -> None:
    assert calc.round_(2.675, 2) == 2.68 and calc.round_(-2.5, 0) == -3
    assert calc.sum_([1.0, "2", None, 3.5]) == 4.5
    assert calc.ratio(5.0, 0.0) == "" and calc.ratio("5", 2.0) == "" and calc.ratio(1.0, 4.0) == 0.25
    assert calc.exec_score(10.0, 1.2, 2) == 10 and calc.exec_score(10.0, "", 2) == ""
    bands = (90.0, 80.0, 60.0)
    assert [calc.grade(x, bands, ("优", "良", "中", "差")) for x in (90.0, 89.99, 60.0, 59.9, "95")] == [
        "优", "良", "中", "差", ""]
    assert calc.text(2023.0) == "2023" and calc.text(None) == "" and calc.text(1.5) == "1.5"
    assert calc.as_value(dt.date(2023, 12, 20)) == 45280
    assert calc.link(None) == "" and calc.link(0.0) == 0.0


# ==================================================================================================
# Writing: atomic, reproducible, CLI, committed templates
# ==================================================================================================


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old content")

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_mod, "_write_issues", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_template(target)
    assert target.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]    # no temporary file left
    monkeypatch.undo()
    write_template(target)
    assert openpyxl.load_workbook(target).sheetnames[0] == "填表说明"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_output_is_reproducible(tmp_path: Path) -> None:
    write_workbook(filled_spec(), tmp_path / "a.xlsx")
    write_workbook(filled_spec(), tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    props = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert props.created == dt.datetime(2024, 1, 1)


def test_cli_template_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    runner = CliRunner()
    first = runner.invoke(app, ["template", "-o", str(out), "--projects", "2", "--year", "2023"])
    assert first.exit_code == 0, first.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[3:5] == ["项目1", "项目2"] and wb["项目1"]["A2"].value == "（2023年度）"
    before = out.read_bytes()
    second = runner.invoke(app, ["template", "-o", str(out), "--projects", "5"])
    assert second.exit_code == 2
    assert out.read_bytes() == before
    third = runner.invoke(app, ["template", "-o", str(out), "--projects", "5", "--force"])
    assert third.exit_code == 0
    assert "项目5" in openpyxl.load_workbook(out).sheetnames


def _cells(path: Path) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        out[ws.title] = ({c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None},
                         sorted(_merged(ws)), sorted(str(d.sqref) for d in ws.data_validations.dataValidation))
    return out


def test_committed_templates_match_a_fresh_generation(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "workbook_templates" / "generate.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert set(gen.TEMPLATES) == {"绩效自评模板.xlsx", "绩效自评模板_en.xlsx", "部门整体绩效自评模板.xlsx",
                                  "绩效运行监控模板_1-6月.xlsx", "绩效运行监控模板_1-12月.xlsx"}
    for name, options in gen.TEMPLATES.items():
        fresh = tmp_path / name
        write_template(fresh, **options)
        committed = ROOT / "workbook_templates" / name
        assert committed.exists(), f"{name} missing: run python workbook_templates/generate.py"
        assert _cells(committed) == _cells(fresh), f"{name} drifted: run python workbook_templates/generate.py"


# ==================================================================================================
# LibreOffice: recomputes every formula on load; its values must equal the stored ones
# ==================================================================================================


def _same(mine: Any, theirs: Any) -> bool:
    if mine in (None, "") or theirs in (None, ""):
        return mine in (None, "") and theirs in (None, "")
    if isinstance(mine, int | float) and isinstance(theirs, int | float):
        return math.isclose(mine, theirs, rel_tol=0, abs_tol=1e-9)
    return bool(mine == theirs)


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["template", "filled"])
def test_libreoffice_recomputes_the_stored_values(which: str, template_file: Path, filled_file: Path,
                                                  tmp_path: Path) -> None:
    from support.lo import convert

    src = template_file if which == "template" else filled_file
    formulas = _formula_cells(src)
    assert len(formulas) > 20
    out = convert(src, "xlsx", tmp_path / "lo")
    mine = openpyxl.load_workbook(src, data_only=True)
    theirs = openpyxl.load_workbook(out, data_only=True)
    assert theirs.sheetnames == mine.sheetnames
    diffs = [(sheet, cell, mine[sheet][cell].value, theirs[sheet][cell].value) for sheet, cell in formulas
             if not _same(mine[sheet][cell].value, theirs[sheet][cell].value)]
    assert diffs == []
    assert _formula_cells(out).keys() == formulas.keys()     # LibreOffice kept every formula
    if which == "template":   # LibreOffice understood the validations and the names the 二级 list reads
        lo_wb = openpyxl.load_workbook(out)
        dv = {str(d.sqref): d for d in lo_wb["项目1"].data_validations.dataValidation}
        assert dv[f"C13:C{TOTAL - 1}"].formula1 == 'INDIRECT("Level2_"&$B13)'
        assert dv[f"B13:B{TOTAL - 1}"].type == dv[f"F13:F{TOTAL - 1}"].type == "list"
        assert dv["D7:F9"].type == "decimal"
        assert lo_wb.defined_names["Level2_产出指标"].attr_text.endswith("$C$19:$C$22")
        assert lo_wb["项目1"].protection.sheet and not lo_wb["项目1"].protection.password
    pdf = convert(src, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
