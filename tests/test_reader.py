"""The reader on messy workbooks written with openpyxl: exact values at exact cells.

Every expected address is taken from openpyxl's own ``cell.coordinate`` while the workbook is
written (``FormBuilder.at``), never typed by hand, so a shifted or inserted block is checked against
where the value really is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders.grids import IND, FormBuilder, default_indicators
from openpyxl.worksheet.worksheet import Worksheet
from support.lo import convert

from perfcheck.config import Config
from perfcheck.errors import InputError
from perfcheck.model import Cell, FundKey, Hit, Measure, Op, QualGrade, ValueKind, Workbook
from perfcheck.reader import read_workbook

CFG = Config()


def read(path: Path) -> Workbook:
    return read_workbook(path, CFG)


def codes(wb: Workbook) -> list[tuple[str, str | None, str | None]]:
    return [(h.code, h.at.sheet if h.at else None, h.at.cell if h.at else None) for h in wb.reader_hits]


def hits_of(wb: Workbook, code: str) -> list[Hit]:
    return [h for h in wb.reader_hits if h.code == code]


# --------------------------------------------------------------------------------------------------
# A builder of project forms in many shapes
# --------------------------------------------------------------------------------------------------

def save(wb: openpyxl.Workbook, tmp_path: Path, name: str = "wb.xlsx") -> Path:
    p = tmp_path / name
    wb.save(p)
    return p


def one_form(tmp_path: Path, **kw: Any) -> tuple[Workbook, FormBuilder]:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "项目1"
    fb = FormBuilder(ws, **kw).build()
    return read(save(book, tmp_path)), fb


def check_form(wb: Workbook, fb: FormBuilder) -> None:
    """Every value of the form is read, and read from exactly the cell it was written to."""
    [form] = wb.forms
    at = fb.at

    def cell(c: Cell[Any] | None, key: str) -> Cell[Any]:
        assert c is not None, key
        assert c.at.sheet == form.sheet
        assert c.at.cell == at[key], f"{key}: read at {c.at.cell}, written at {at[key]}"
        return c

    assert form.anchor.cell == at["title"]
    assert cell(form.name, "name").value == fb.name
    assert cell(form.department, "department").value == "示例局"
    assert cell(form.implementer, "implementer").value == "示例局培训中心"
    if fb.year_text:
        assert cell(form.year, "year").value == 2023
    for k, ref in form.funds_header.items():
        assert ref.cell == at[f"fh.{k}"]
    assert set(form.funds_header) == {"initial_budget", "annual_budget", "spent", "weight", "rate", "score",
                                      "funds_reason"}
    for key in FundKey:
        line = form.funds[key]
        assert line.label.at.cell == at[f"f.{key.value}.label"]
        for j, attr in enumerate(("initial", "budget", "spent")):
            c = cell(getattr(line, attr), f"f.{key.value}.{attr}")
            raw = fb.funds[key.value][j]
            expected = None if raw in (None, "—") else D(str(raw))
            assert c.value == expected, (key, attr)
    total = form.funds[FundKey.TOTAL]
    assert cell(total.weight, "f.weight").value == 10
    assert cell(total.rate, "f.rate").value == D(str(fb.rate))
    assert cell(total.score, "f.score").value == D(str(fb.exec_score))
    assert cell(total.reason, "f.reason").value is None
    assert cell(form.funds[FundKey.FISCAL].rate, "f.fiscal_rate").value == D(str(fb.rate))
    for key in (FundKey.FISCAL, FundKey.CARRYOVER, FundKey.OTHER):
        assert form.funds[key].weight is None and form.funds[key].score is None
    assert str(cell(form.goal_expected, "goal_expected").value).startswith("完成 50 人")
    assert str(cell(form.goal_actual, "goal_actual").value).startswith("完成 52 人")
    grid_keys = {"level1", "level2", "level3", "target", "actual", "weight", "score", "reason"}
    if fb.op_unit_cols:
        grid_keys |= {"operator", "measure_unit"}
    assert set(form.indicator_header) == grid_keys
    for k, ref in form.indicator_header.items():
        assert ref.cell == at[f"ih.{'unit' if k == 'measure_unit' else k}"]
    assert len(form.indicators) == len(fb.indicators)
    for i, (ind, spec) in enumerate(zip(form.indicators, fb.indicators, strict=True)):
        l1, l2, l3, _target, _actual, weight, score, reason = spec
        assert ind.row == int("".join(ch for ch in at[f"i{i}.name"] if ch.isdigit()))
        assert cell(ind.level1, f"i{i}.level1").value == l1
        assert cell(ind.level2, f"i{i}.level2").value == l2
        assert cell(ind.name, f"i{i}.name").value == l3
        cell(ind.target, f"i{i}.target")
        cell(ind.actual, f"i{i}.actual")
        assert cell(ind.weight, f"i{i}.weight").value == D(str(weight))
        assert cell(ind.score, f"i{i}.score").value == D(str(score))
        assert cell(ind.reason, f"i{i}.reason").value == reason
    assert cell(form.total_weight, "total_weight").value == D(str(fb.total_weight))
    assert cell(form.total_score, "total_score").value == D(str(fb.total_score))
    assert cell(form.grade, "grade").value == fb.grade


def measures(wb: Workbook) -> list[tuple[Measure | None, Measure | None]]:
    return [(i.target.value, i.actual.value) for i in wb.forms[0].indicators]


# --------------------------------------------------------------------------------------------------
# Project forms
# --------------------------------------------------------------------------------------------------


class TestForms:
    def test_template_shape(self, tmp_path: Path) -> None:
        wb, fb = one_form(tmp_path)
        check_form(wb, fb)
        assert wb.forms[0].anchor.cell == "A1"
        assert fb.at["name"] == "B3" and fb.at["i0.target"] == "E13" and fb.at["total_score"] == "H20"
        assert codes(wb) == [("PC007", None, None)] * 3          # forms only: the three sheets missing

    def test_measures(self, tmp_path: Path) -> None:
        wb, _ = one_form(tmp_path)
        ms = measures(wb)
        t0, a0 = ms[0]
        assert t0 == Measure(ValueKind.NUMBER, "≥50人", op=Op.GE, number=D(50), unit="人")
        assert a0 == Measure(ValueKind.NUMBER, "52人", number=D(52), unit="人")
        assert ms[1][0] is not None and (ms[1][0].op, ms[1][0].number, ms[1][0].unit) == (Op.GE, D(4), "场")
        # a number cell under a % target (a cell formatted as a percentage) is read in percent
        assert ms[2][1] is not None and (ms[2][1].number, ms[2][1].unit) == (D(96), "%")
        t3, a3 = ms[3]
        assert t3 is not None and (t3.kind, t3.op, t3.date) == (ValueKind.DATE, Op.LE, dt.date(2023, 12, 31))
        assert a3 is not None and (a3.kind, a3.date) == (ValueKind.DATE, dt.date(2023, 11, 30))
        assert ms[4][0] is not None and (ms[4][0].op, ms[4][0].number, ms[4][0].unit) == (Op.LE, D(50), "万元")
        assert ms[5][1] is not None and (ms[5][1].number, ms[5][1].unit) == (D(75), "%")

    def test_shifted_down_and_right_with_extra_titles(self, tmp_path: Path) -> None:
        wb, fb = one_form(tmp_path, top=4, left=3, extra_titles=3)
        check_form(wb, fb)
        assert fb.at["title"] == "C4" and fb.at["name"] == "D9"
        assert wb.forms[0].anchor.cell == "C4"

    def test_inserted_indicator_rows_and_long_goals(self, tmp_path: Path) -> None:
        inds = default_indicators()
        extra = [("产出指标", "数量指标", f"新增指标{i}", f"≥{i}个", f"{i}个", 1, 1, None) for i in range(1, 16)]
        wb, fb = one_form(tmp_path, indicators=inds[:2] + extra + inds[2:], goal_rows=4,
                          total_weight=115, total_score=111.39)
        check_form(wb, fb)
        form = wb.forms[0]
        assert len(form.indicators) == 22
        # 一级 merged over 20 rows: every row points at the one cell where it was written
        assert {i.level1.at.cell for i in form.indicators[:20]} == {fb.at["i0.level1"]}
        assert form.indicators[-1].level1.at.cell == fb.at["i21.level1"]

    def test_synonyms_and_markers(self, tmp_path: Path) -> None:
        wb, fb = one_form(tmp_path, synonyms=True)
        check_form(wb, fb)
        assert codes(wb) == [("PC007", None, None)] * 3

    def test_unmerged_levels_are_forward_filled(self, tmp_path: Path) -> None:
        wb, fb = one_form(tmp_path, merge_levels=False)
        check_form(wb, fb)

    def test_levels_written_once_without_merge(self, tmp_path: Path) -> None:
        # 一级/二级 written only on the first row of their group, the cells below left blank
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "项目1"
        fb = FormBuilder(ws).build()
        for row in ws.merged_cells.ranges.copy():
            if row.min_col in (2, 3) and row.min_row >= 13:
                ws.unmerge_cells(str(row))
        wb = read(save(book, tmp_path))
        check_form(wb, fb)

    def test_operator_and_unit_columns(self, tmp_path: Path) -> None:
        inds: list[IND] = [
            ("产出指标", "数量指标", "培训人数", ("≥", 50, "人"), 52, 20, 20, None),
            ("产出指标", "成本指标", "培训成本", ("反向", 50, "万元"), 48, 20, 20, None),
            ("产出指标", "质量指标", "合格率", ("≥", 0.95, "%"), 0.96, 10, 10, None),
            ("效益指标", "社会效益指标", "就业率", ("正向", "80", "%"), "85", 30, 30, None),
            ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10, None),
        ]
        wb, fb = one_form(tmp_path, op_unit_cols=True, indicators=inds, total_score=100, total_weight=100)
        check_form(wb, fb)
        ms = measures(wb)
        assert ms[0] == (Measure(ValueKind.NUMBER, "50", op=Op.GE, number=D(50), unit="人"),
                         Measure(ValueKind.NUMBER, "52", number=D(52), unit="人"))
        assert ms[1][0] == Measure(ValueKind.NUMBER, "50", op=Op.LE, number=D(50), unit="万元")
        assert ms[1][1] == Measure(ValueKind.NUMBER, "48", number=D(48), unit="万元")
        assert ms[2][0] is not None and (ms[2][0].op, ms[2][0].number, ms[2][0].unit) == (Op.GE, D(95), "%")
        assert ms[2][1] is not None and (ms[2][1].number, ms[2][1].unit) == (D(96), "%")
        assert ms[3][0] is not None and (ms[3][0].op, ms[3][0].number, ms[3][0].unit) == (Op.GE, D(80), "%")
        assert ms[3][1] is not None and (ms[3][1].number, ms[3][1].unit) == (D(85), "%")
        assert ms[4][0] is not None and (ms[4][0].op, ms[4][0].number, ms[4][0].unit) == (Op.GE, D(90), "%")

    def test_label_and_value_in_one_cell(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "项目1"
        fb = FormBuilder(ws).build()
        for key in ("name", "grade"):
            [rng] = [m for m in ws.merged_cells.ranges if m.coord.startswith(fb.at[key] + ":")]
            ws.unmerge_cells(rng.coord)
            ws[fb.at[key]] = None
        ws[fb.at["name_label"]] = "项目名称：职业技能培训项目"
        ws[fb.at["grade_label"]] = "自评等级： 优"
        wb = read(save(book, tmp_path))
        form = wb.forms[0]
        assert form.name is not None and (form.name.value, form.name.at.cell) == ("职业技能培训项目", fb.at["name_label"])
        assert form.grade is not None and (form.grade.value, form.grade.at.cell) == ("优", fb.at["grade_label"])
        assert [h.code for h in wb.reader_hits] == ["PC007"] * 3

    def test_year_from_title_or_label(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "项目1"
        fb = FormBuilder(ws, year_text=None).build()
        ws["A1"] = "2022年度项目支出绩效自评表"
        wb = read(save(book, tmp_path))
        year = wb.forms[0].year
        assert year is not None and (year.value, year.at.cell) == (2022, "A1")

        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "项目1"
        fb = FormBuilder(ws, year_text=None, top=2).build()
        ws["A1"] = "评价年度"
        ws["C1"] = 2023
        wb = read(save(book, tmp_path, "b.xlsx"))
        year = wb.forms[0].year
        assert year is not None and (year.value, year.at.cell) == (2023, "C1")
        assert fb.at["title"] == "A2"


# --------------------------------------------------------------------------------------------------
# Values that cannot be read
# --------------------------------------------------------------------------------------------------


class TestUnreadable:
    def test_messy_amounts(self, tmp_path: Path) -> None:
        funds = {"total_funds": ("５４", "54万元", "5０"), "fiscal": ("1,000", "abc", -3),
                 "carryover": ("950000元", True, "#DIV/0!"), "other": (float("nan"), "/", 2000000)}
        wb, fb = one_form(tmp_path, funds=funds)
        f = wb.forms[0].funds
        assert f[FundKey.TOTAL].initial.value == D(54)
        assert f[FundKey.TOTAL].budget.value == D(54)
        assert f[FundKey.TOTAL].spent.value == D(50)
        assert f[FundKey.FISCAL].initial.value == D(1000)
        assert f[FundKey.OTHER].budget.value is None and f[FundKey.OTHER].budget.empty
        bad = f[FundKey.FISCAL].budget
        assert (bad.value, bad.raw, bad.problem, bad.empty) == (None, "abc", "not-a-number", False)
        at = fb.at
        got = sorted((h.code, h.at.cell if h.at else "", str(h.ctx.get("found"))) for h in wb.reader_hits
                     if h.code != "PC007")
        assert got == sorted([
            ("PC001", at["f.fiscal.budget"], "abc"),
            ("PC003", at["f.fiscal.spent"], "-3"),
            ("PC004", at["f.carryover.initial"], "950000元"),
            ("PC001", at["f.carryover.budget"], "TRUE"),
            ("PC002", at["f.carryover.spent"], "#DIV/0!"),
            ("PC004", at["f.other.spent"], "2000000"),
        ])
        h = hits_of(wb, "PC001")[0]
        assert h.ctx["field"] == "当年财政拨款·全年预算数"
        assert f[FundKey.CARRYOVER].spent.problem == "formula-error"
        assert f[FundKey.FISCAL].spent.value == D(-3)        # kept: the finding says it is negative

    def test_messy_scores_and_measures(self, tmp_path: Path) -> None:
        inds = default_indicators()
        inds[0] = ("产出指标", "数量指标", "培训人数", "#REF!", "52人", "二十", "20分", None)
        inds[1] = ("产出指标", "数量指标", "完成时间", "2023年12月31日前", 45260, 10, dt.datetime(1900, 1, 10), None)
        wb, fb = one_form(tmp_path, indicators=inds)
        ind0, ind1 = wb.forms[0].indicators[:2]
        assert ind0.target.problem == "formula-error" and ind0.target.value is None
        assert ind0.weight.problem == "not-a-number"
        assert ind0.score.value == D(20)
        assert ind1.actual.value is not None and ind1.actual.value.date == dt.date(2023, 11, 30)
        assert ind1.score.value == D(10)
        got = sorted((h.code, h.at.cell if h.at else "") for h in wb.reader_hits if h.code != "PC007")
        assert got == sorted([("PC002", fb.at["i0.target"]), ("PC001", fb.at["i0.weight"]),
                              ("PC013", fb.at["i1.actual"]), ("PC010", fb.at["i1.score"])])

    def test_grid_problems_are_reported_in_reading_order(self, tmp_path: Path) -> None:
        # the grid is read a column at a time; what it reports still comes row by row, left to right
        inds = default_indicators()
        inds[0] = ("产出指标", "数量指标", "培训人数", "≥50人", "52人", "二十", "#DIV/0!", None)
        inds[2] = ("产出指标", "质量指标", "培训合格率", "#REF!", "#N/A", "十", 10, None)
        inds[3] = ("产出指标", "时效指标", "完成时间", "2023年12月31日前", 45260, 5, "五分", None)
        wb, fb = one_form(tmp_path, indicators=inds)
        got = [(h.code, h.at.cell if h.at else "") for h in wb.reader_hits if h.code != "PC007"]
        assert got == [("PC001", fb.at["i0.weight"]), ("PC002", fb.at["i0.score"]),
                       ("PC002", fb.at["i2.target"]), ("PC002", fb.at["i2.actual"]), ("PC001", fb.at["i2.weight"]),
                       ("PC013", fb.at["i3.actual"]), ("PC001", fb.at["i3.score"])]

    def test_missing_labels(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "项目1"
        fb = FormBuilder(ws).build()
        ws[fb.at["dep_label"]] = "负责部门"          # not a known label
        ws[fb.at["grade_label"]] = None
        ws[fb.at["ih.level3"]] = "指标"
        wb = read(save(book, tmp_path))
        form = wb.forms[0]
        assert form.department is None and form.grade is None
        assert form.implementer is not None and form.implementer.value == "示例局培训中心"
        missing = {(h.ctx["label"], h.at.cell if h.at else None) for h in hits_of(wb, "PC005")}
        # no 自评等级 row is a form variant (forms.md §5), not a missing label
        assert missing == {("主管部门", "A1"), ("三级指标", f"A{int(fb.at['ih.level1'][1:])}")}
        # the grid is still read by its other columns; names point at the empty 三级 column
        assert len(form.indicators) == 7

    def test_missing_funds_columns(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "项目1"
        fb = FormBuilder(ws).build()
        ws[fb.at["fh.initial_budget"]] = None      # a province without 年初预算数
        ws[fb.at["fh.rate"]] = "备注"              # nor 执行率
        wb = read(save(book, tmp_path))
        form = wb.forms[0]
        total = form.funds[FundKey.TOTAL]
        assert total.initial.empty and total.initial.at.cell == fb.at["f.total_funds.label"]
        assert total.rate is None and form.funds[FundKey.FISCAL].rate is None
        assert total.budget.value == D(54)
        assert set(form.funds_header) == {"annual_budget", "spent", "weight", "score", "funds_reason"}
        assert [(h.code, h.ctx.get("label"), h.at.cell if h.at else None) for h in wb.reader_hits
                if h.code != "PC007"] == [("PC005", "执行率", f"A{fb.at['fh.rate'][1:]}")]

    def test_empty_values_point_where_they_belong(self, tmp_path: Path) -> None:
        inds = default_indicators()
        inds[0] = ("产出指标", "数量指标", "培训人数", "≥50人", None, 20, None, None)
        wb, fb = one_form(tmp_path, indicators=inds, name=None, exec_score=None, rate="—")
        form = wb.forms[0]
        assert form.name is not None and form.name.value is None and form.name.at.cell == fb.at["name"]
        total = form.funds[FundKey.TOTAL]
        assert total.score is not None and total.score.empty and total.score.at.cell == fb.at["f.score"]
        assert total.rate is not None and total.rate.empty and total.rate.raw == "—"
        ind = form.indicators[0]
        assert ind.actual.empty and ind.actual.at.cell == fb.at["i0.actual"]
        assert ind.score.empty and ind.score.at.cell == fb.at["i0.score"]
        assert [c for c, _, _ in codes(wb)] == ["PC007"] * 3


# --------------------------------------------------------------------------------------------------
# Sheets and workbook-level blocks
# --------------------------------------------------------------------------------------------------


def unit_sheet(ws: Worksheet, start: int = 2) -> dict[str, str]:
    ws["A1"] = "单位基本情况"
    rows = [("单位名称", "示例局"), ("评价年度", "2023年"), ("主管部门", "示例局"), ("预算单位数", 3),
            ("其中：二级预算单位数", "2个"), ("编制人数", "19人"), ("其中：行政编制", 12), ("事业编制", 7),
            ("单位自聘人员", 2), ("志愿者", None), ("政府购岗", "—"), ("实有人数", 20), ("退休人数", "五")]
    at = {}
    for i, (label, value) in enumerate(rows):
        r = start + i
        ws.cell(r, 1, label)
        if value is not None:
            ws.cell(r, 3, value)          # the value two columns right, past an empty column
        at[label] = ws.cell(r, 3).coordinate
    ws.cell(start + len(rows), 1, "主要职责")
    ws.cell(start + len(rows), 2, "负责全市职业技能培训。")
    ws.merge_cells(start_row=start + len(rows), start_column=2, end_row=start + len(rows), end_column=6)
    at["主要职责"] = ws.cell(start + len(rows), 2).coordinate
    return at


def list_sheet(ws: Worksheet, header_row: int = 5) -> dict[str, str]:
    ws["A1"] = "项目支出绩效自评汇总表"
    ws["A2"] = "单位名称：示例局"
    ws["A3"] = "金额单位：万元"
    heads = ["序号", "项目名称", "项目类别", "年初预算数", "调整后预算数", "全年执行数", "执行率", "自评得分", "自评等级", "备注"]
    for j, h in enumerate(heads, start=1):
        ws.cell(header_row, j, h)
    r = header_row + 1
    ws.cell(r, 1, 1)
    for j, v in enumerate(["职业技能培训项目", "一类", 54, 54, 50, "92.59%", 96.39, "优", None], start=2):
        if v is not None:
            ws.cell(r, j, v)
    r += 2                                     # a blank row
    ws.cell(r, 1, 2)
    for j, w in enumerate(["第二个项目", "二类", "10", "10.5", "9", 0.8571, "八十", "良"], start=2):
        ws.cell(r, j, w)
    r += 1
    ws.cell(r, 1, 3)                           # a pre-numbered empty row: skipped
    r += 1
    ws.cell(r, 1, "合计")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    ws.cell(r, 4, 64)
    ws.cell(r, 5, 64.5)
    ws.cell(r, 6, 59)
    ws.cell(r + 2, 1, "注：本表由单位填报。")
    return {"header": f"A{header_row}", "row1": str(header_row + 1), "row2": str(header_row + 3), "total": str(r)}


def issues_sheet(ws: Worksheet) -> None:
    ws["B2"] = "一、存在的问题"
    ws["B3"] = "部分项目执行进度偏慢。"
    ws["B6"] = "二、下一步工作措施："
    ws["C6"] = "加强执行监控。"


class TestWorkbook:
    def test_all_sheets(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        book.active.title = "填表说明"
        book["填表说明"]["A1"] = "请按说明填写项目名称、绩效指标"
        uat = unit_sheet(book.create_sheet("单位情况"))         # found by its 单位名称 label
        lat = list_sheet(book.create_sheet("项目汇总"))
        FormBuilder(book.create_sheet("培训项目")).build()       # found by its title
        issues_sheet(book.create_sheet("问题"))                 # found by its labels
        book.create_sheet("校验结果")["A1"] = "perfcheck 的结果"
        book.create_sheet("草稿")["B2"] = "随手记录"
        wb = read(save(book, tmp_path))
        assert wb.sheet_names == ("填表说明", "单位情况", "项目汇总", "培训项目", "问题", "校验结果", "草稿")
        assert wb.ignored_sheets == ("草稿",)
        assert [f.sheet for f in wb.forms] == ["培训项目"]
        assert codes(wb) == [("PC001", "单位情况", uat["退休人数"]), ("PC001", "项目汇总", f"H{lat['row2']}"),
                             ("PC008", "草稿", "A1")]

        unit = wb.unit
        assert unit is not None and unit.sheet == "单位情况" and unit.anchor.cell == "A2"
        v = unit.values
        assert (v["unit_name"].value, v["unit_name"].at.cell) == ("示例局", uat["单位名称"])
        assert (v["year"].value, v["year"].at.cell) == (D(2023), uat["评价年度"])
        assert (v["secondary_units"].value, v["secondary_units"].at.cell) == (D(2), uat["其中：二级预算单位数"])
        assert v["staff_quota"].value == D(19) and v["admin_quota"].value == D(12) and v["public_quota"].value == D(7)
        assert v["volunteers"].empty and v["volunteers"].at.cell == "C11"
        assert v["purchased_posts"].empty and v["purchased_posts"].raw == "—"
        assert v["retired"].problem == "not-a-number"
        assert (v["duties"].value, v["duties"].at.cell) == ("负责全市职业技能培训。", uat["主要职责"])

        pl = wb.project_list
        assert pl is not None
        assert pl.header["annual_budget"].cell == "E5" and pl.header["score"].cell == "H5"
        assert [r.row for r in pl.rows] == [int(lat["row1"]), int(lat["row2"])]
        r1, r2 = pl.rows
        assert r1.cells["project_name"].value == "职业技能培训项目"
        assert r1.cells["seq"].value == D(1)
        assert r1.cells["rate"].value == D("0.9259") and r1.cells["rate"].decimals == 4
        assert r1.cells["score"].value == D("96.39") and r1.cells["score"].at.cell == f"H{lat['row1']}"
        assert r1.cells["remark"].empty
        assert r2.cells["annual_budget"].value == D("10.5") and r2.cells["rate"].value == D("0.8571")
        assert r2.cells["score"].problem == "not-a-number"
        assert pl.total is not None and pl.total.row == int(lat["total"])
        assert pl.total.cells["annual_budget"].value == D("64.5")
        assert pl.total.cells["spent"].at.cell == f"F{lat['total']}"

        iss = wb.issues
        assert iss is not None and iss.sheet == "问题"
        assert iss.problems is not None and (iss.problems.value, iss.problems.at.cell) == ("部分项目执行进度偏慢。", "B3")
        assert iss.measures is not None and (iss.measures.value, iss.measures.at.cell) == ("加强执行监控。", "C6")

    def test_forms_only(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        FormBuilder(book.active).build()
        FormBuilder(book.create_sheet("项目2"), name="第二个项目").build()
        wb = read(save(book, tmp_path))
        assert len(wb.forms) == 2 and wb.forms[1].name is not None and wb.forms[1].name.value == "第二个项目"
        assert (wb.unit, wb.project_list, wb.issues) == (None, None, None)
        assert sorted(str(h.ctx["sheet"]) for h in hits_of(wb, "PC007")) == ["单位概况", "问题与措施", "项目汇总"]
        assert all(h.at is None for h in wb.reader_hits)

    def test_no_form(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        book.active.title = "单位概况"
        unit_sheet(book.active)
        book.create_sheet("Sheet2")
        wb = read(save(book, tmp_path))
        assert wb.forms == ()
        assert ("PC006", None, None) in codes(wb)
        assert hits_of(wb, "PC006")[0].ctx == {"sheets": 2}
        assert ("PC008", "Sheet2", "A1") in codes(wb)

    def test_sheets_by_name_without_labels(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        FormBuilder(book.active).build()
        book.create_sheet("项目汇总")["A1"] = "见附件"
        book.create_sheet("单位概况")["A1"] = "见附件"
        book.create_sheet("项目汇总 ")                    # a second list (by name): not read
        wb = read(save(book, tmp_path))
        assert wb.project_list is None
        assert wb.unit is not None and wb.unit.values == {}
        got = [(h.code, h.at.sheet if h.at else None, h.ctx.get("label")) for h in wb.reader_hits]
        assert ("PC011", "项目汇总", "项目名称/全年预算数") in got
        assert ("PC011", "单位概况", "单位名称") in got
        assert ("PC012", "项目汇总 ", None) in got
        assert [h.ctx["sheet"] for h in hits_of(wb, "PC007")] == ["问题与措施"]

    def test_empty_leading_rows_and_columns(self, tmp_path: Path) -> None:
        """calamine's grid may start at the first used cell: addresses must still be exact A1."""
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "项目1"
        fb = FormBuilder(ws, top=7, left=5).build()
        wb = read(save(book, tmp_path))
        check_form(wb, fb)
        assert fb.at["title"] == "E7" and wb.forms[0].anchor.cell == "E7"
        for row in ws.iter_rows():
            for c in row:
                if c.value == "培训人数":
                    assert wb.forms[0].indicators[0].name.at.cell == c.coordinate

    def test_bilingual_labels(self, tmp_path: Path) -> None:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "Project 1"
        fb = FormBuilder(ws).build()
        ws[fb.at["name_label"]] = "项目名称\nProject name"
        ws[fb.at["fh.annual_budget"]] = "全年预算数\nAnnual budget"
        wb = read(save(book, tmp_path))
        check_form(wb, fb)


# --------------------------------------------------------------------------------------------------
# Formulas, other formats, broken files
# --------------------------------------------------------------------------------------------------


def formula_book() -> tuple[openpyxl.Workbook, FormBuilder]:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "项目1"
    fb = FormBuilder(ws).build()
    at = fb.at
    b, s = at["f.total_funds.budget"], at["f.total_funds.spent"]
    ws[at["f.rate"]] = f"={s}/{b}"
    ws[at["f.score"]] = f"=ROUND(10*MIN({at['f.rate']},1),2)"
    ws[at["total_score"]] = f"={at['f.score']}+SUM(H13:H19)"
    return book, fb


def test_uncached_formulas(tmp_path: Path) -> None:
    book, fb = formula_book()
    wb = read(save(book, tmp_path))
    form = wb.forms[0]
    total = form.funds[FundKey.TOTAL]
    for c, key in ((total.rate, "f.rate"), (total.score, "f.score"), (form.total_score, "total_score")):
        assert c is not None and c.at.cell == fb.at[key]
        assert (c.value, c.problem, c.empty) == (None, "uncached-formula", False)
    assert total.rate is not None and str(total.rate.raw).startswith("=F6/E6")
    assert [r.cell for r in wb.uncached_formulas] == [fb.at["f.rate"], fb.at["f.score"], fb.at["total_score"]]
    [h] = hits_of(wb, "PC009")
    assert h.at is not None and h.at.cell == fb.at["f.rate"]
    assert h.ctx == {"count": 3, "first": fb.at["f.rate"]}


@pytest.mark.libreoffice
def test_formulas_saved_by_a_spreadsheet_program(tmp_path: Path) -> None:
    """Re-saved by LibreOffice: cached values, no PC009; a #DIV/0! result is reported at its cell."""
    book, fb = formula_book()
    book["项目1"][fb.at["f.fiscal_rate"]] = f"={fb.at['f.fiscal.spent']}/0"
    src = save(book, tmp_path, "formulas.xlsx")
    out = convert(src, "xlsx", tmp_path / "lo")
    wb = read(out)
    total = wb.forms[0].funds[FundKey.TOTAL]
    assert total.rate is not None and total.rate.value == D("0.9259259259")
    assert total.score is not None and total.score.value == D("9.26")
    assert wb.uncached_formulas == ()
    assert [(h.code, h.at.cell if h.at else None, h.ctx["found"]) for h in hits_of(wb, "PC002")] == [
        ("PC002", fb.at["f.fiscal_rate"], "#DIV/0!")]


def model_dump(wb: Workbook) -> list[tuple[str, str, object, object]]:
    """Every cell of the model as (what, address, value, problem), for comparing formats."""
    out: list[tuple[str, str, object, object]] = []

    def add(what: str, c: Cell[Any] | None) -> None:
        if c is not None:
            v = c.value
            if isinstance(v, Measure):
                v = (v.kind, v.op, v.number, v.unit, v.date, v.grade)
            out.append((what, str(c.at), v, c.problem))

    for f in wb.forms:
        for what in ("name", "department", "implementer", "year", "goal_expected", "goal_actual", "total_weight",
                     "total_score", "grade"):
            add(what, getattr(f, what))
        for key, line in f.funds.items():
            for attr in ("label", "initial", "budget", "spent", "weight", "rate", "score", "reason"):
                add(f"{key}.{attr}", getattr(line, attr))
        for ind in f.indicators:
            for attr in ("level1", "level2", "name", "target", "actual", "weight", "score", "reason"):
                add(f"{ind.row}.{attr}", getattr(ind, attr))
    if wb.unit:
        for k, c in wb.unit.values.items():
            add(f"unit.{k}", c)
    if wb.project_list:
        for row in (*wb.project_list.rows, wb.project_list.total):
            if row is not None:
                for k, c in row.cells.items():
                    add(f"list.{row.row}.{k}", c)
    if wb.issues:
        add("problems", wb.issues.problems)
        add("measures", wb.issues.measures)
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods_read_the_same(tmp_path: Path, fmt: str) -> None:
    book = openpyxl.Workbook()
    book.active.title = "单位概况"
    unit_sheet(book.active)
    list_sheet(book.create_sheet("项目汇总"))
    FormBuilder(book.create_sheet("项目1"), top=3, left=2, extra_titles=1, synonyms=True).build()
    FormBuilder(book.create_sheet("项目2"), op_unit_cols=True, indicators=[
        ("产出指标", "数量指标", "培训人数", ("≥", 50, "人"), 52, 50, 50, None),
        ("效益指标", "社会效益指标", "就业率", "≥80%", 0.85, 30, 30, None),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10, None)]).build()
    issues_sheet(book.create_sheet("问题与措施"))
    src = save(book, tmp_path, "messy.xlsx")
    base = read(src)
    other = read(convert(src, fmt, tmp_path / fmt))
    assert len(base.forms) == 2
    assert model_dump(other) == model_dump(base)
    assert codes(other) == codes(base)


def test_not_a_workbook(tmp_path: Path) -> None:
    p = tmp_path / "broken.xlsx"
    p.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(InputError) as exc:
        read(p)
    assert exc.value.kind == "corrupt"
    assert "\n" not in exc.value.zh and "\n" not in exc.value.en


def test_macro_workbook_values_only(tmp_path: Path) -> None:
    """An .xlsm is read for its values; nothing in it runs (calamine has no VBA engine)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "项目1"
    fb = FormBuilder(ws).build()
    p = tmp_path / "form.xlsm"
    book.save(p)
    wb = read_workbook(p, CFG, fmt="xlsm")
    check_form(wb, fb)


def _quals() -> Iterable[tuple[str, QualGrade]]:
    return [("达成年度指标", QualGrade.ACHIEVED), ("部分达成年度指标并具有一定效果。", QualGrade.PARTIAL)]


def test_qualitative_actuals(tmp_path: Path) -> None:
    inds = default_indicators()
    for i, (text, _) in enumerate(_quals()):
        inds[i] = (inds[i][0], inds[i][1], inds[i][2], "有效提升", text, 10, 9, None)
    wb, _ = one_form(tmp_path, indicators=inds)
    ms = measures(wb)
    for i, (_, grade) in enumerate(_quals()):
        t, a = ms[i]
        assert t is not None and t.kind is ValueKind.TEXT and t.text == "有效提升"
        assert a is not None and a.kind is ValueKind.GRADE and a.grade is grade


# -- numbers in cells formatted as dates on 单位概况 (found by the executable doc examples) -----------


@pytest.mark.parametrize(("line", "key", "value"), [
    ('单位概况!B3 = 2023 as "yyyy-mm-dd"', "year", 2023),       # shows 1905-07-15: the year is 2023
    ('单位概况!B7 = 20 as "yyyy-mm-dd"', "staff_quota", 20),    # shows 1900-01-20: the head count is 20
])
def test_unit_numbers_shown_as_dates_are_read_back(tmp_path: Path, line: str, key: str, value: int) -> None:
    from builders.workbooks import build

    from perfcheck.config import Config
    from perfcheck.reader import read_workbook

    wb = read_workbook(build(line, tmp_path), Config())
    assert wb.unit is not None
    cell = wb.unit.values[key]
    assert cell.value == value
    assert [(h.code, h.at) for h in wb.reader_hits] == [("PC010", cell.at)]
