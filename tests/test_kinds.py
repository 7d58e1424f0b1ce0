"""The other kinds (forms.md §1–§4): recognition, template → filled → read round trips at exact cells,
a department form laid out as published, the monitoring lights, the templates and the CLI."""

from __future__ import annotations

import json
import math
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders.workbooks import insert_cols, insert_rows
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from typer.testing import CliRunner

from perfcheck import api, lights
from perfcheck.cli import app
from perfcheck.config import Config, ConfigError, Monitor, from_mapping
from perfcheck.examples import kinds as example_kinds
from perfcheck.findings import Light, Report
from perfcheck.kinds import basicdata as bd
from perfcheck.kinds import classify, month_range
from perfcheck.kinds import department as dep
from perfcheck.kinds import monitor as mon
from perfcheck.model import Cell, CellRef, MonitorIndicator, Op, QualGrade, ValueKind, Workbook
from perfcheck.parse import parse_measure
from perfcheck.reader import read_workbook
from perfcheck.rules import engine
from perfcheck.template import TEMPLATE_KINDS, write_template
from perfcheck.template.blueprint import FundsRowSpec, IndicatorSpec, ProjectSpec
from perfcheck.template.kinds import MonitorFundsSpec, MonitorIndicatorSpec, write_kinds_workbook

ROOT = Path(__file__).resolve().parents[1]


def codes(wb: Workbook, cfg: Config | None = None) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.sheet, f.cell) for f in engine.run(wb, cfg or Config()))


def read(path: Path) -> Workbook:
    return read_workbook(path, Config())


def shifter(rows: int, cols: int, inserted_after: int | None = None, inserted: int = 0) -> Any:
    """Where a template cell is after ``cols`` columns and ``rows`` title rows were inserted, and
    ``inserted`` rows below template row ``inserted_after``."""
    def moved(coord: str) -> str:
        col, row = coordinate_from_string(coord)
        extra = inserted if inserted_after is not None and row > inserted_after else 0
        return f"{get_column_letter(column_index_from_string(col) + cols)}{row + rows + extra}"
    return moved


def at(c: Cell[Any] | None, coord: str) -> Cell[Any]:
    assert c is not None
    assert c.at.cell == coord, (c, coord)
    return c


# ==================================================================================================
# Recognition (forms.md §1)
# ==================================================================================================


def test_templates_are_recognised_by_kind(tmp_path: Path) -> None:
    for kind in TEMPLATE_KINDS:
        write_template(tmp_path / f"{kind}.xlsx", kind=kind, month=7 if kind == "monitor" else None)
    assert set(read(tmp_path / "project.xlsx").kinds.values()) >= {"project", "unit", "list", "issues"}
    d = read(tmp_path / "department.xlsx")
    assert d.kinds == {dep.SHEET: "department", bd.SHEET: "basicdata"}
    assert len(d.departments) == 1 and len(d.basic_data) == 1 and d.forms == ()
    m = read(tmp_path / "monitor.xlsx")
    assert m.kinds == {"监控1": "monitor", "监控2": "monitor", "监控3": "monitor"}
    assert [x.month.value if x.month else None for x in m.monitors] == [7, 7, 7]


def test_only_a_department_form_is_not_no_form(tmp_path: Path) -> None:
    p = tmp_path / "d.xlsx"
    write_kinds_workbook(example_kinds.workbook(dept={}), p)
    wb = read(p)
    assert wb.kinds == {dep.SHEET: "department"}
    assert codes(wb) == []          # no PC006, no PC007 for the sheets a department workbook does not have


def test_none_of_the_kinds_is_still_no_form(tmp_path: Path) -> None:
    p = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "会议纪要"
    book.save(p)
    assert "PC006" in {c for c, _, _ in codes(read(p))}


def test_any_mix_in_one_workbook(tmp_path: Path) -> None:
    """Department form, 基础数据表, two project forms and a monitoring form in one workbook, any order."""
    p = tmp_path / "mix.xlsx"
    spec = example_kinds.workbook(dept={}, basic_={}, projects=[95, 130.5])
    spec.monitors = [example_kinds.monitor()]
    write_kinds_workbook(spec, p)
    book = openpyxl.load_workbook(p)
    book.move_sheet("监控1", offset=-4)        # the monitoring form first
    book[bd.SHEET].title = "Sheet7"          # names do not matter, labels do
    book.save(p)
    wb = read(p)
    assert wb.kinds == {"监控1": "monitor", dep.SHEET: "department", "Sheet7": "basicdata",
                        "项目1": "project", "项目2": "project"}
    assert (len(wb.departments), len(wb.basic_data), len(wb.forms), len(wb.monitors)) == (1, 1, 2, 1)
    # openpyxl saves formulas without their values (PC009); nothing else is found
    assert {c for c, _, _ in codes(wb)} == {"PC009"}


@pytest.mark.parametrize(("text", "x"), [("1-7月", 7), ("1—7月", 7), ("1至7月", 7), ("1～7月", 7), ("1~7月", 7),
                                         ("2023年1－8月", 8), ("截至6月底", 6), ("1—12月", 12), ("1-13月", None),
                                         ("7月", None), ("", None)])
def test_month_range_spellings(text: str, x: int | None) -> None:
    assert month_range(text) == x


def test_classify_by_labels_without_title() -> None:
    rows: list[list[Any]] = [["预算部门名称", "示例局"], ["按收入性质分："], ["其中：一般公共预算：100"]]
    k = classify(rows)
    assert k is not None and k.key == "department"
    rows = [["项目名称", "x"], ["", "1至7月执行数", "全年预计执行数"]]
    k = classify(rows)
    assert k is not None and k.key == "monitor"
    rows = [["编制数", 20], ["实际在职人数", 19], ["三公经费", 1]]
    k = classify(rows)
    assert k is not None and k.key == "basicdata"
    assert classify([["项目名称", "x"], ["绩效指标"]]) is None      # the project form is not one of these
    assert classify([[None, "二、下一步工作措施：", "加强执行监控。"]]) is None    # a title names a table (…表)


# ==================================================================================================
# Department form + 基础数据表: template → filled by hand → read
# ==================================================================================================

P = dep.POS
DEPT_FIRST = P.first_indicator_row
dmoved = shifter(2, 1, DEPT_FIRST, 1)


def _department_file(tmp_path: Path) -> Path:
    spec = example_kinds.workbook(dept={
        "name": "示例县工业和信息化局",
        "parts": {"general": ("1,150.00", "１２３０", "1220万元"), "other": (50, "60.0", " 50 ")},
        "total_initial": 1300, "total_budget": 1390, "total_spent": 1350, "rate": "97.12%", "exec_score": 9.71,
        "total_weight": 100, "total_score": 99.71, "grade": "优", "edit": {0: {"weight": 15, "score": 15}}}, basic_={
        "quota": "20人", "staff": "１９", "control_rate": "95%",
        "lines": {"sangong": (7, 9, 8), "car": (5, 6, 5.5), "public": (23, 27, 25), "reception": (2, 3, "2.50")}})
    p = tmp_path / "dept.xlsx"
    write_kinds_workbook(spec, p)
    book = openpyxl.load_workbook(p)
    ws = book[dep.SHEET]
    # the split written inside one cell, and 按支出性质分 with its parts on one line
    rf, re_ = P.funds_row("fund"), P.funds_row("expense")
    ws[f"B{rf}"] = "其中：政府性基金预算拨款：80"
    ws[f"F{rf}"] = None
    ws[f"B{re_}"] = "按支出性质分：基本支出 930；项目支出：420万元"
    for r in (P.funds_row("basic"), P.funds_row("project")):
        for c in "BDEF":
            ws[f"{c}{r}"] = None
    insert_rows(ws, DEPT_FIRST + 1, 1)
    for c, v in (("B", "产出指标"), ("C", "数量指标"), ("D", "新增专精特新企业"), ("E", "≥ 3 家"), ("F", "4家"),
                 ("G", 5), ("H", "5分")):
        ws[f"{c}{DEPT_FIRST + 1}"] = v
    insert_cols(ws, 1, 1)
    insert_rows(ws, 1, 2)
    ws["A1"] = "附件1"
    ws[dmoved(f"B{P.name_row}")] = "  示例县工业和信息化局 "
    wb2 = book[bd.SHEET]
    insert_cols(wb2, 1, 1)
    insert_rows(wb2, 1, 1)
    wb2["A1"] = "附件2"
    out = tmp_path / "dept-messy.xlsx"
    book.save(out)
    return out


def test_department_roundtrip_messy(tmp_path: Path) -> None:
    wb = read(_department_file(tmp_path))
    assert [h for h in wb.reader_hits] == []
    [d] = wb.departments
    assert d.anchor.cell == dmoved("A1")
    assert at(d.name, dmoved("B3")).value == "示例县工业和信息化局"
    assert at(d.year, dmoved("A2")).value == 2023
    tr = P.funds_row("total")
    for col, letter, v in (("initial", "D", 1300), ("budget", "E", 1390), ("spent", "F", 1350)):
        assert at(d.total[col], dmoved(f"{letter}{tr}")).value == D(v)
    assert at(d.weight, dmoved(f"G{tr}")).value == D(10)
    assert at(d.rate, dmoved(f"H{tr}")).value == D("0.9712")
    assert at(d.score, dmoved(f"I{tr}")).value == D("9.71")
    by_key = {x.key: x for x in d.lines}
    assert set(by_key) == {"general", "fund", "special", "other", "basic", "project"}
    assert all(c.value is None for c in by_key["special"].amounts.values())     # left empty in the template
    g = by_key["general"]
    rg = P.funds_row("general")
    assert [at(g.amounts[c], dmoved(f"{L}{rg}")).value for c, L in (("initial", "D"), ("budget", "E"), ("spent", "F"))] \
        == [D(1150), D(1230), D(1220)]
    assert g.amounts["initial"].raw == "1,150.00" and not g.inline
    f = by_key["fund"]
    assert f.inline and set(f.amounts) == {"initial", "budget", "spent"}
    assert at(f.amounts["spent"], dmoved(f"B{P.funds_row('fund')}")).value == D(80)
    assert at(f.amounts["budget"], dmoved(f"E{P.funds_row('fund')}")).value == D(100)
    o = by_key["other"]
    assert [o.amounts[c].value for c in ("initial", "budget", "spent")] == [D(50), D(60), D(50)]
    for key, v in (("basic", 930), ("project", 420)):
        line = by_key[key]
        assert line.inline and line.group == "expense"
        assert at(line.amounts["spent"], dmoved(f"B{P.funds_row('expense')}")).value == D(v)
    assert at(d.goal_expected, dmoved(f"B{P.goal_text_row}")).value.startswith("保障机关正常运转")
    assert at(d.goal_actual, dmoved(f"F{P.goal_text_row}")).value.startswith("机关运转正常")
    assert len(d.indicators) == 9
    first, new = d.indicators[0], d.indicators[1]
    assert at(first.name, dmoved(f"D{DEPT_FIRST}")).value == "新增规模以上工业企业"
    assert at(new.name, f"E{DEPT_FIRST + 3}").value == "新增专精特新企业"
    assert new.target.value is not None and (new.target.value.op, new.target.value.number, new.target.value.unit) \
        == (Op.GE, D(3), "家")
    assert at(new.score, f"I{DEPT_FIRST + 3}").value == D(5)
    assert at(new.level1, f"C{DEPT_FIRST + 3}").value == "产出指标"
    last = d.indicators[-1]
    assert at(last.name, dmoved(f"D{DEPT_FIRST + 7}")).value == "企业满意度"
    assert at(d.total_score, dmoved(f"H{P.total_row(8)}")).value == D("99.71")
    assert at(d.grade, dmoved(f"B{P.grade_row(8)}")).value == "优"

    [b] = wb.basic_data
    bm = shifter(1, 1)
    B = bd.POS
    assert at(b.quota, bm(f"C{B.quota_row}")).value == D(20)
    assert at(b.staff, bm(f"C{B.staff_row}")).value == D(19)
    assert at(b.control_rate, bm(f"C{B.rate_row}")).value == D("0.95")
    assert set(b.lines) == set(bd.LINES)
    rec = b.lines["reception"]
    assert [at(rec.amounts[k], bm(f"{L}{B.line_row('reception')}")).value for k, L in
            (("prev", "C"), ("budget", "D"), ("final", "E"))] == [D(2), D(3), D("2.5")]
    assert at(b.lines["sangong"].amounts["final"], bm(f"E{B.line_row('sangong')}")).value == D(8)
    # and the workbook checks clean: the splits agree, 项目支出 agrees with the 基础数据表
    assert codes(wb) == []


# ==================================================================================================
# A department form laid out as published (Hunan style): splits as text, rate stated 100 % and scored 10
# ==================================================================================================


def published_department(path: Path) -> Path:
    """年度资金总额 1646.5 / 1646.5 / 1324.6 (80.45 %), stated 100 % and 10 points; the splits are text in
    the label column, 按收入性质分 left and 按支出性质分 right on the same rows, as published."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "部门整体支出绩效自评表"
    rows: list[list[Any]] = [
        ["部门整体支出绩效自评表"],
        ["（2023年度）"],
        ["预算部门（单位）名称", "某县农业农村局"],
        ["年度预算资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额：", 1500, 1646.5, 1324.6, 10, "100%", 10],
        [None, "按收入性质分：", None, None, "按支出性质分："],
        [None, "其中：一般公共预算：1325.68", None, None, "其中：基本支出：700"],
        [None, "政府性基金拨款：0", None, None, "项目支出：624.6"],
        [None, "纳入专户管理的非税收入拨款：0"],
        [None, "其他资金：0"],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "保障全县农业农村工作正常开展。", None, None, "完成年度工作任务。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "高标准农田建设面积", "≥2万亩", "2.1万亩", 50, 50],
        [None, "效益指标", "社会效益指标", "农民人均可支配收入增长", "≥6%", "6.5%", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "93%", 10, 10],
        ["总分", None, None, None, None, None, 100, 100],
        ["自评等级", "优"],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("A1:I1")
    ws.merge_cells("B3:I3")
    ws.merge_cells("A4:A10")
    book.save(path)
    return path


def test_published_department_form(tmp_path: Path) -> None:
    wb = read(published_department(tmp_path / "pub.xlsx"))
    assert wb.kinds == {"部门整体支出绩效自评表": "department"}
    [d] = wb.departments
    lines = {x.key: (x.amounts["spent"].value, x.amounts["spent"].at.cell) for x in d.lines}
    assert lines == {"general": (D("1325.68"), "B7"), "fund": (D(0), "B8"), "special": (D(0), "B9"),
                     "other": (D(0), "B10"), "basic": (D(700), "E7"), "project": (D("624.6"), "E8")}
    found = {(f.code, f.cell): f for f in engine.run(wb, Config())}
    # the income split 1325.68 does not add up to 1324.6: found at the total's 全年执行数
    assert ("PC601", "E5") in found
    assert found[("PC601", "E5")].expected == D("1325.68")
    assert ("PC602", "E5") not in found            # 700 + 624.6 = 1324.6
    # 执行率 stated 100 % and scored 10 where the amounts give 80.45 %
    assert found[("PC603", "G5")].ctx["expected"] == "80.45%"
    assert found[("PC604", "H5")].expected == D("8.04")        # 10 × 0.804495…
    assert sorted(k for k in found if k[0] != "PC607") == [("PC601", "E5"), ("PC603", "G5"), ("PC604", "H5")]
    assert ("PC607", "H17") not in found            # 10 + 90 = 100 as stated: one defect, its own finding


def test_dept_vague_targets_are_warned_at_the_target_cell(tmp_path: Path) -> None:
    """PC620: a department-form target written as vague text (docs/scoring.md §6) is one warning at the
    target cell naming the word, whatever its 二级 (no own satisfaction rule on this form); a number, a
    date or plain descriptive text is not; the words are the rules file's."""
    p = tmp_path / "vague.xlsx"
    write_kinds_workbook(example_kinds.workbook(dept={"edit": {
        0: {"target": "新增企业数量有所提高", "actual": "11户"},       # 数量指标
        5: {"target": "建成企业服务平台", "actual": "已建成"},           # text, but says what is to be done
        7: {"target": "服务对象都满意", "actual": "满意"},               # 满意度: vague too
    }}), p)
    wb = read(p)
    found = [f for f in engine.run(wb, Config()) if f.code == "PC620"]
    sheet = wb.departments[0].sheet
    targets = {i.name.value: i.target.at.cell for i in wb.departments[0].indicators}
    assert [(f.sheet, f.cell, f.ctx["word"]) for f in found] == [
        (sheet, targets["新增规模以上工业企业"], "有所提高"), (sheet, targets["企业满意度"], "都满意")]
    assert found[0].severity.value == "warning" and found[0].actual == "新增企业数量有所提高"
    assert found[1].message("en") == ('Department form: indicator 企业满意度: the target "服务对象都满意" uses the '
                                      'vague word "都满意" with no number; expected a measurable number or date')
    assert "PC401" not in {f.code for f in engine.run(wb, Config())}    # the project-form rule stays there
    own = from_mapping({"indicators": {"vague_words": ["企业服务平台"]}})
    assert [(f.cell, f.ctx["word"]) for f in engine.run(wb, own) if f.code == "PC620"] == [
        (targets["服务企业户数"], "企业服务平台")]
    clean = tmp_path / "clean.xlsx"
    write_kinds_workbook(example_kinds.workbook(dept={}), clean)
    assert [f for f in engine.run(read(clean), Config()) if f.code == "PC620"] == []


# ==================================================================================================
# Monitoring form: template → filled by hand → read
# ==================================================================================================

M = mon.POS
MON_FIRST = M.first_indicator_row


def _monitor_file(tmp_path: Path) -> Path:
    m = example_kinds.monitor(7)
    m.total_initial, m.total_budget, m.total_spent, m.total_forecast, m.rate = 100, 100, 60, 100, "60%"
    m.fiscal = MonitorFundsSpec("100.00", "１００", "60万元", 100)
    m.indicators[0].likelihood = "有可能"
    m.indicators[0].reason = "部分企业生产任务重，培训延后。"
    p = tmp_path / "mon.xlsx"
    spec = example_kinds.workbook()
    spec.monitors = [m]
    write_kinds_workbook(spec, p)
    book = openpyxl.load_workbook(p)
    ws = book["监控1"]
    for key in ("fiscal", "other"):     # the lines' rates typed in (openpyxl would save the formulas without values)
        ws[f"{M.col_rate}{M.funds_row(key)}"] = 0.6 if key == "fiscal" else None
    # 偏差原因 as ticks in five columns instead of one drop-down column
    insert_cols(ws, column_index_from_string(M.col_category) + 1, 4)
    for i, name in enumerate(mon.CATEGORIES):
        ws.cell(M.indicator_header_row, column_index_from_string(M.col_category) + i, name)
    ws.cell(MON_FIRST, column_index_from_string(M.col_category) + 2, "√")     # 人员保障
    insert_rows(ws, MON_FIRST + 1, 1)
    for c, v in (("B", "产出指标"), ("C", "数量指标"), ("D", "培训班期数"), ("E", "≥5期"), ("F", "3期"), ("G", "5期"),
                 ("N", "确定能")):
        ws[f"{c}{MON_FIRST + 1}"] = v
    insert_cols(ws, 1, 1)
    insert_rows(ws, 1, 2)
    ws["A1"] = "附件3"
    out = tmp_path / "mon-messy.xlsx"
    book.save(out)
    return out


def test_monitor_roundtrip_messy(tmp_path: Path) -> None:
    wb = read(_monitor_file(tmp_path))
    assert wb.reader_hits == []
    [m] = wb.monitors
    mm = shifter(2, 1)

    def gm(coord: str) -> str:        # grid cells: 4 tick columns inserted after H, 1 row after the first
        col, row = coordinate_from_string(coord)
        ci = column_index_from_string(col)
        ci += 4 if ci > column_index_from_string(M.col_category) else 0
        row += 1 if row > MON_FIRST else 0
        return mm(f"{get_column_letter(ci)}{row}")

    assert at(m.name, mm(f"B{M.name_row}")).value == example_kinds.MONITOR_PROJECT
    assert at(m.month, mm(f"B{M.period_row}")).value == 7
    f = m.funds
    assert f is not None
    tr = M.funds_row("total")
    assert at(f.budget, mm(f"E{tr}")).value == D(100)
    assert at(f.spent, mm(f"F{tr}")).value == D(60)
    assert at(f.forecast, mm(f"H{tr}")).value == D(100)
    assert at(f.rate, mm(f"G{tr}")).value == D("0.6")
    assert f.reason is not None and f.reason.at.cell == gm(f"J{tr}")
    assert len(m.indicators) == 7
    first, new = m.indicators[0], m.indicators[1]
    assert at(first.name, gm(f"D{MON_FIRST}")).value == "培训企业职工人数"
    assert first.categories == ("人员保障",)
    assert first.category_at.cell == gm(f"{M.col_category}{MON_FIRST}")
    assert at(first.reason, gm(f"{M.col_reason}{MON_FIRST}")).value == "部分企业生产任务重，培训延后。"
    assert at(first.likelihood, gm(f"{M.col_likelihood}{MON_FIRST}")).value == "有可能"
    assert at(new.name, mm(f"D{MON_FIRST + 1}")).value == "培训班期数"
    assert new.actual.value is not None and new.actual.value.number == D(3)
    assert at(new.forecast, mm(f"G{MON_FIRST + 1}")).value.number == D(5)
    # no light column on the form: the lights go in the column after 备注
    assert m.light_column_added
    light_col = get_column_letter(column_index_from_string(gm(f"{M.col_remark}{MON_FIRST}").rstrip("0123456789")) + 1)
    assert first.light_at.cell == f"{light_col}{coordinate_from_string(gm(f'D{MON_FIRST}'))[1]}"
    assert f.light_at.cell == f"{light_col}{coordinate_from_string(mm(f'D{tr}'))[1]}"
    assert codes(wb) == []


@pytest.mark.parametrize(("period", "title", "expected"), [
    ("1-7月", None, 7), ("1至7月", None, 7), ("1～7月", None, 7), ("2023年1—8月", None, 8),
    (None, "项目支出绩效运行监控表（2023年1-9月）", 9), (None, None, None),
])
def test_month_from_period_or_title(tmp_path: Path, period: str | None, title: str | None,
                                    expected: int | None) -> None:
    spec = example_kinds.workbook(monitor_={"month": None})
    spec.monitors[0].period_text = period
    p = tmp_path / "m.xlsx"
    write_kinds_workbook(spec, p)
    if title is not None:
        book = openpyxl.load_workbook(p)
        book["监控1"]["A1"] = title
        book.save(p)
    [m] = read(p).monitors
    assert (m.month.value if m.month else None) == expected
    report = api.validate(p)
    assert ("PC701" in {f.code for f in report.findings}) == (expected is None)
    assert bool(report.lights) == (expected is not None)


def test_validate_month_overrides_the_form(tmp_path: Path) -> None:
    p = tmp_path / "m.xlsx"
    write_kinds_workbook(example_kinds.workbook(monitor_={}), p)
    out = CliRunner().invoke(app, ["validate", "--no-annotate", "--format", "json", "--month", "12", str(p)])
    data = json.loads(out.stdout)
    lights_ = data["files"][0]["lights"] if "files" in data else data[0]["lights"]
    assert {x["month"] for x in lights_} == {12}
    assert "PC710" in {f["code"] for f in (data["files"][0] if "files" in data else data[0])["findings"]}


# ==================================================================================================
# Lights (forms.md §4): every band, each boundary on both sides
# ==================================================================================================


def _ind(target: str, actual: str, level2: str = "数量指标") -> MonitorIndicator:
    ref = CellRef("监控1", "A1")

    def mcell(text: str) -> Cell[Any]:
        return Cell(parse_measure(text), text, ref)
    return MonitorIndicator(row=1, level1=Cell("产出指标", "", ref), level2=Cell(level2, "", ref),
                            name=Cell("x", "x", ref), target=mcell(target), actual=mcell(actual),
                            forecast=Cell(None, None, ref), categories=(), category_at=ref,
                            reason=Cell(None, None, ref), likelihood=Cell(None, None, ref), light_at=ref, light=None)


FUNDS_CASES = [
    # (month, rate, light): 序时进度 X/12; behind by more than 10 points yellow, by more than 30 red
    (6, "0.5", "green"), (6, "0.40", "green"), (6, "0.3999", "yellow"), (6, "0.2", "yellow"),
    (6, "0.1999", "red"), (6, "0", "red"), (6, "0.9", "green"), (12, "0.9", "green"), (12, "0.8999", "yellow"),
    (12, "0.70", "yellow"), (12, "0.6999", "red"), (7, "1.2", "green"),
]


@pytest.mark.parametrize(("month", "rate", "light"), FUNDS_CASES)
def test_funds_light_bands(month: int, rate: str, light: str) -> None:
    assert lights.funds_light(D(rate), month, Config()) == light


# target ≥120人 at X = 6: standard 60; the ratio 1–6月 value ÷ 60
INDICATOR_CASES = [
    ("≥120人", "35.99人", "数量指标", "red"),     # 0.59983 < 0.6
    ("≥120人", "36人", "数量指标", "yellow"),     # 0.6
    ("≥120人", "47.99人", "数量指标", "yellow"),  # 0.79983 < 0.8
    ("≥120人", "48人", "数量指标", "green"),      # 0.8
    ("≥120人", "71.99人", "数量指标", "green"),   # 1.19983 < 1.2
    ("≥120人", "72人", "数量指标", "blue"),       # 1.2
    ("≥120人", "0人", "数量指标", "red"),
    ("≥90%", "45%", "服务对象满意度指标", "green"),     # 45 ÷ 45 = 1
    ("≥80%", "24%", "社会效益指标", "yellow"),          # 24 ÷ 40 = 0.6
    ("≥95%", "95%", "质量指标", "green"),               # within the target
    ("≥95%", "94.9%", "质量指标", "red"),
    ("≤50万元", "50万元", "成本指标", "green"),
    ("≤50万元", "50.01万元", "成本指标", "red"),
    ("≤3次", "3次", "数量指标", "green"),               # reverse: within / outside
    ("≤3次", "4次", "数量指标", "red"),
    ("2023年12月31日前", "2023年12月31日", "时效指标", "green"),
    ("2023年12月31日前", "2024年1月1日", "时效指标", "red"),
    ("有效提升", "达成年度指标", "社会效益指标", "green"),
    ("有效提升", "部分达成年度指标并具有一定效果", "社会效益指标", "yellow"),
    ("有效提升", "未达成年度指标且效果较差", "社会效益指标", "red"),
    ("有效提升", "正在推进", "社会效益指标", None),          # a text value: no light
    ("≥120人", "40万元", "数量指标", None),                  # units that do not compare
]


@pytest.mark.parametrize(("target", "actual", "level2", "light"), INDICATOR_CASES)
def test_indicator_light_bands(target: str, actual: str, level2: str, light: str | None) -> None:
    assert lights.indicator_light(_ind(target, actual, level2), 6, Config(), 2023) == light


def test_bands_come_from_the_rules_file() -> None:
    cfg = from_mapping({"monitor": {"red_below": 0.5, "yellow_below": 0.7, "blue_from": 1.5,
                                    "funds_yellow_behind": 0.05, "funds_red_behind": 0.2,
                                    "within_target_level2": ["时效指标"]}})
    assert lights.indicator_light(_ind("≥120人", "33人"), 6, cfg) == "yellow"     # 0.55
    assert lights.indicator_light(_ind("≥120人", "80人"), 6, cfg) == "green"      # 1.33
    assert lights.funds_light(D("0.44"), 6, cfg) == "yellow"
    assert lights.indicator_light(_ind("≥95%", "94%", "质量指标"), 6, cfg) == "blue"   # now prorated: 94 ÷ 47.5


@pytest.mark.parametrize("bad", [{"month": 13}, {"red_below": 0.9}, {"funds_yellow_behind": 0.5},
                                 {"within_target_level2": "质量指标"}, {"blue_from": -1}])
def test_monitor_config_is_validated(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="monitor"):
        from_mapping({"monitor": bad})
    assert Monitor().month == 0


def test_lights_in_report_json_and_marks(tmp_path: Path) -> None:
    p = tmp_path / "m.xlsx"
    write_kinds_workbook(example_kinds.workbook(monitor_={"edit": {3: {"actual": "55万元"}}}), p)
    report = api.validate(p)
    got = [(x.cell, x.subject, x.light) for x in report.lights]
    r0 = M.funds_row("total")
    assert got == [(f"L{r0}", "funds", "green"),
                   (f"L{MON_FIRST}", "培训企业职工人数", "green"), (f"L{MON_FIRST + 1}", "培训考核合格率", "green"),
                   (f"L{MON_FIRST + 2}", "培训完成时间", "green"), (f"L{MON_FIRST + 3}", "培训成本", "red"),
                   (f"L{MON_FIRST + 4}", "参训人员就业率", "green"), (f"L{MON_FIRST + 5}", "参训人员满意度", "blue")]
    assert {f.code for f in report.findings} == {"PC708"}        # the red light needs a reason
    d = report.to_dict()
    assert d["lights"][0] == {"sheet": "监控1", "cell": f"L{r0}", "project": example_kinds.MONITOR_PROJECT,
                              "subject": "funds", "light": "green", "month": 7}
    marks = lights.light_marks(report)
    # the column perfcheck added gets a heading in each block's header row (funds, indicators)
    heads = [m for m in marks if m[3] == "预警灯"]
    assert heads == [("监控1", f"L{r0 - 1}", "D9D9D9", "预警灯"), ("监控1", f"L{MON_FIRST - 1}", "D9D9D9", "预警灯")]
    assert marks.index(heads[0]) < marks.index(("监控1", f"L{r0}", "C6EFCE", "绿灯"))
    shown = [m for m in marks if m not in heads]
    assert shown[4] == ("监控1", f"L{MON_FIRST + 3}", "FFC7CE", "红灯")
    assert {m[2] for m in shown} == {lights.FILL_RGB[x] for x in ("green", "red", "blue")}


def test_light_marks_keep_a_forms_own_light_column() -> None:
    r = Report(path=Path("x.xlsx"), lights=[Light("监控1", "M9", "p", "funds", "yellow", 7, added=False)])
    assert lights.light_marks(r) == [("监控1", "M9", "FFEB9C", None)]


# ==================================================================================================
# Templates: look, drop-downs, protection, formulas; CLI; the committed files
# ==================================================================================================


def test_department_template_structure(tmp_path: Path) -> None:
    p = tmp_path / "d.xlsx"
    write_template(p, kind="department", year=2023, unit="示例局")
    book = openpyxl.load_workbook(p)
    assert book.sheetnames == [dep.SHEET, bd.SHEET]
    ws = book[dep.SHEET]
    assert ws["A1"].value == dep.TITLE.zh and ws["B3"].value == "示例局" and ws["A2"].value == "（2023年度）"
    assert ws["D5"].value == '=IF(COUNT(D7:D10)=0,"",SUM(D7:D10))'
    assert ws["H5"].value.startswith("=IF(AND(ISNUMBER(F5)")
    assert ws.protection.sheet and not ws.protection.password
    assert ws["D7"].protection.locked is False and ws["D5"].protection.locked is True
    dv = {str(d.sqref): d for d in ws.data_validations.dataValidation}
    first, last = P.first_indicator_row, P.first_indicator_row + len(dep.SKELETON) - 1
    assert dv[f"B{first}:B{last}"].type == "list"
    assert dv[f"F{first}:F{last}"].formula1 == '"' + ",".join(("达成年度指标", "部分达成年度指标并具有一定效果",
                                                               "未达成年度指标且效果较差")) + '"'
    b = book[bd.SHEET]
    assert b["C5"].value.startswith("=IF(AND(ISNUMBER(C4)") and b[f"E{bd.POS.line_row('sangong')}"].value.startswith("=IF(")


def test_monitor_template_structure(tmp_path: Path) -> None:
    p = tmp_path / "m.xlsx"
    write_template(p, kind="monitor", month=7)
    ws = openpyxl.load_workbook(p)["监控1"]
    assert ws[f"F{M.funds_header_row}"].value == "1—7月执行数"
    assert ws[f"F{M.indicator_header_row}"].value == "1—7月实际完成值"
    assert ws[f"B{M.period_row}"].value == "1—7月"
    dv = {str(d.sqref): d for d in ws.data_validations.dataValidation}
    first, last = MON_FIRST, MON_FIRST + len(mon.SKELETON) - 1
    assert dv[f"H{first}:H{last}"].formula1 == '"经费保障,制度保障,人员保障,硬件条件保障,其他"'
    assert dv[f"J{first}:J{last}"].formula1 == '"确定能,有可能,完全不可能"'
    assert ws.protection.sheet


def test_cli_template_kinds(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "m.xlsx"
    assert runner.invoke(app, ["template", "--kind", "monitor", "--month", "8", "-o", str(out)]).exit_code == 0
    assert openpyxl.load_workbook(out)["监控1"][f"F{M.funds_header_row}"].value == "1—8月执行数"
    assert runner.invoke(app, ["template", "--kind", "department", "-o", str(tmp_path / "d.xlsx")]).exit_code == 0
    bad = runner.invoke(app, ["template", "--month", "7", "-o", str(tmp_path / "p.xlsx")])
    assert bad.exit_code == 2 and not (tmp_path / "p.xlsx").exists()
    assert runner.invoke(app, ["template", "--kind", "monitor", "--month", "13", "-o", str(tmp_path / "q.xlsx")]
                         ).exit_code == 2
    assert TEMPLATE_KINDS == ("project", "department", "monitor")


def _formula_cells(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


def _same(mine: Any, theirs: Any) -> bool:
    if mine in (None, "") or theirs in (None, ""):
        return mine in (None, "") and theirs in (None, "")
    if isinstance(mine, int | float) and isinstance(theirs, int | float):
        return math.isclose(mine, theirs, rel_tol=0, abs_tol=1e-9)
    return bool(mine == theirs)


def _filled(tmp_path: Path, which: str) -> Path:
    p = tmp_path / f"{which}.xlsx"
    if which == "department-template":
        write_template(p, kind="department", projects=1)
    elif which == "monitor-template":
        write_template(p, kind="monitor", month=7)
    elif which == "department-filled":
        write_kinds_workbook(example_kinds.workbook(dept={}, basic_={}, projects=[95, 130.5]), p)
    else:
        write_kinds_workbook(example_kinds.workbook(monitor_={"fiscal": (100, 100, "60", 100)}), p)
    return p


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["department-template", "monitor-template", "department-filled", "monitor-filled"])
def test_libreoffice_recomputes_the_stored_values(which: str, tmp_path: Path) -> None:
    from support.lo import convert

    src = _filled(tmp_path, which)
    formulas = _formula_cells(src)
    assert len(formulas) >= 7
    out = convert(src, "xlsx", tmp_path / "lo")
    mine = openpyxl.load_workbook(src, data_only=True)
    theirs = openpyxl.load_workbook(out, data_only=True)
    diffs = [(s, c, mine[s][c].value, theirs[s][c].value) for s, c in formulas
             if not _same(mine[s][c].value, theirs[s][c].value)]
    assert diffs == []
    assert _formula_cells(out).keys() == formulas.keys()


def test_committed_kind_templates_match(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("wt_generate", ROOT / "workbook_templates" / "generate.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for name, options in gen.TEMPLATES.items():
        if options.get("kind", "project") == "project":
            continue
        fresh = tmp_path / name
        write_template(fresh, **options)
        committed = ROOT / "workbook_templates" / name
        assert committed.exists(), f"{name} missing: run python workbook_templates/generate.py"
        a, b = openpyxl.load_workbook(committed), openpyxl.load_workbook(fresh)
        assert a.sheetnames == b.sheetnames
        for ws in a.worksheets:
            cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
            other = {c.coordinate: c.value for row in b[ws.title].iter_rows() for c in row if c.value is not None}
            assert cells == other, f"{name} drifted: run python workbook_templates/generate.py"


def test_month_one_to_x_labels_do_not_leak_into_project_reading() -> None:
    # a monitoring spec value type check: the month label helper
    assert mon.month_label(7, "执行数") == "1—7月执行数" and mon.month_label(None, "执行数") == "1—　月执行数"
    assert MonitorIndicatorSpec().likelihood is None and IndicatorSpec().name is None
    assert ProjectSpec(sheet="x").fiscal == FundsRowSpec()
    assert Op.GE and QualGrade.ACHIEVED and ValueKind.NUMBER


def test_rules_lists_the_new_families() -> None:
    out = CliRunner().invoke(app, ["rules", "--format", "json"])
    codes_ = {d["code"]: d for d in json.loads(out.stdout)}
    assert {f"PC6{i:02d}" for i in range(1, 18)} <= set(codes_)
    assert {f"PC7{i:02d}" for i in range(1, 12)} <= set(codes_)
    assert codes_["PC705"]["slug"] == "monitor-funds-light-no-reason"
    assert "### PC601\n" in (ROOT / "docs" / "rules.md").read_text("utf-8")


def test_a_forms_own_light_column_is_the_light_cell(tmp_path: Path) -> None:
    """A form with a 预警 column of its own: the lights go there, and the clerk's text is kept."""
    p = tmp_path / "m.xlsx"
    write_kinds_workbook(example_kinds.workbook(monitor_={}), p)
    book = openpyxl.load_workbook(p)
    ws = book["监控1"]
    ws[f"L{M.indicator_header_row}"] = "预警灯"
    ws[f"L{MON_FIRST}"] = "绿"
    for key in ("fiscal", "other"):
        ws[f"{M.col_rate}{M.funds_row(key)}"] = None
    for c in "DEFGH":
        ws[f"{c}{M.funds_row('total')}"] = {"D": 100, "E": 100, "F": 60, "G": 0.6, "H": 100}[c]
    insert_cols(ws, 1, 2)             # shifted: the column is found by its label
    book.save(p)
    [m] = read(p).monitors
    assert not m.light_column_added
    assert m.indicators[0].light_at.cell == f"N{MON_FIRST}"
    assert m.indicators[0].light is not None and m.indicators[0].light.value == "绿"
    assert m.funds is not None and m.funds.light_at.cell == f"N{M.funds_row('total')}"
    report = api.validate(p)
    marks = lights.light_marks(report)
    assert marks[0] == ("监控1", f"N{M.funds_row('total')}", lights.FILL_RGB["green"], None)
    assert all(text is None for *_, text in marks)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ["department", "monitor"])
def test_blank_templates_read_clean(tmp_path: Path, kind: str, lang: str) -> None:
    """Every label of the blank template is found, in Chinese and bilingual; a blank form has no finding."""
    p = tmp_path / f"{kind}-{lang}.xlsx"
    write_template(p, kind=kind, lang=lang, month=7 if kind == "monitor" else None)
    wb = read(p)
    assert wb.reader_hits == []
    assert codes(wb) == []
    if kind == "monitor":
        m = wb.monitors[0]
        assert m.month is not None and m.month.value == 7
        assert {"actual_to_date", "forecast_value", "likelihood", "reason_category", "remark"} <= set(m.indicator_header)
    else:
        d = wb.departments[0]
        assert [x.key for x in d.lines] == ["general", "fund", "special", "other", "basic", "project"]
        assert len(d.indicators) == len(dep.SKELETON)
