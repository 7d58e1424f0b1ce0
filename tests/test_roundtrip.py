"""Template → filled → read: the model holds exactly the values written, at exactly the cells written.

The template writer (``perfcheck.template.build.write_workbook``) writes the workbook from a spec;
the messy variant then edits it as people do (openpyxl: rows and columns inserted, titles added,
values retyped) before the reader reads it back.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders.workbooks import insert_cols, insert_rows
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from support.lo import convert

from perfcheck.config import Config
from perfcheck.layout import POS, UNIT
from perfcheck.model import Cell, FundKey, Measure, Op, QualGrade, ValueKind, Workbook
from perfcheck.reader import read_workbook
from perfcheck.template.blueprint import FundsRowSpec, IndicatorSpec, ListRowSpec, ProjectSpec, WorkbookSpec
from perfcheck.template.build import write_workbook

INDICATORS = [
    IndicatorSpec("产出指标", "数量指标", "培训人数", "≥50人", "52人", 20, 20),
    IndicatorSpec("产出指标", "数量指标", "培训场次", ">=4 场", 4, 10, 10),
    IndicatorSpec("产出指标", "质量指标", "培训合格率", "＞＝95%", "96%", 10, 10),
    IndicatorSpec("产出指标", "时效指标", "完成时间", "2023年12月31日前", dt.datetime(2023, 11, 30), 5, 5),
    IndicatorSpec("产出指标", "成本指标", "培训成本", "≤50万元", "48万元", 5, 5),
    IndicatorSpec("效益指标", "社会效益指标", "就业促进", "有效提升", "达成年度指标", 30, 27,
                  "部分学员尚未就业，下一步将加强就业指导。"),
    IndicatorSpec("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%", 10, 10),
]
# what the reader makes of each (target, actual)
PARSED: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = [
    ((ValueKind.NUMBER, Op.GE, D(50), "人"), (ValueKind.NUMBER, None, D(52), "人")),
    ((ValueKind.NUMBER, Op.GE, D(4), "场"), (ValueKind.NUMBER, None, D(4), None)),
    ((ValueKind.NUMBER, Op.GE, D(95), "%"), (ValueKind.NUMBER, None, D(96), "%")),
    ((ValueKind.DATE, Op.LE, dt.date(2023, 12, 31), None), (ValueKind.DATE, None, dt.date(2023, 11, 30), None)),
    ((ValueKind.NUMBER, Op.LE, D(50), "万元"), (ValueKind.NUMBER, None, D(48), "万元")),
    ((ValueKind.TEXT, None, None, None), (ValueKind.GRADE, None, QualGrade.ACHIEVED, None)),
    ((ValueKind.NUMBER, Op.GE, D(90), "%"), (ValueKind.NUMBER, None, D(95), "%")),
]
UNIT_VALUES: dict[str, Any] = {
    "unit_name": "示例局", "year": 2023, "department": "示例局", "budget_units": 3, "secondary_units": 2,
    "staff_quota": 19, "admin_quota": 12, "public_quota": 7, "self_hired": 2, "volunteers": 0,
    "purchased_posts": 1, "actual_staff": 20, "retired": 5, "duties": "负责全市职业技能培训。",
}


def essence(m: Measure | None) -> tuple[Any, ...] | None:
    if m is None:
        return None
    detail = {ValueKind.NUMBER: m.number, ValueKind.DATE: m.date, ValueKind.GRADE: m.grade, ValueKind.TEXT: None}
    return (m.kind, m.op, detail[m.kind], m.unit)


def project(sheet: str, name: str, **kw: Any) -> ProjectSpec:
    base: dict[str, Any] = dict(
        department="示例局", implementer="示例局培训中心", category="一类",
        fiscal=FundsRowSpec(54, 54, 50), carryover=FundsRowSpec("—", "—", "—"), other=FundsRowSpec(),
        goal_expected="完成50人的职业技能培训，合格率不低于95%。", goal_actual="完成52人培训，合格率96%。",
        indicators=list(INDICATORS))
    base.update(kw)
    return ProjectSpec(sheet=sheet, name=name, **base)


def spec(**kw: Any) -> WorkbookSpec:
    base: dict[str, Any] = dict(
        year=2023, unit=dict(UNIT_VALUES),
        projects=[project("项目1", "职业技能培训项目"),
                  project("项目2", "第二个项目", fiscal=FundsRowSpec("30", "30.5万元", 29.5),
                          other=FundsRowSpec(2, 2, 2))],
        problems="部分项目执行进度偏慢。", measures="加强执行监控。")
    base.update(kw)
    return WorkbookSpec(**base)


def cached(path: Path) -> dict[str, dict[str, Any]]:
    """The values a spreadsheet would show (openpyxl data_only): sheet → cell → value."""
    book = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
            for ws in book.worksheets}


def as_decimal(v: Any) -> D | None:
    if v is None or v == "":
        return None
    return D(repr(v)) if isinstance(v, float) else D(str(v))


def near(a: D | None, b: D | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) < D("1e-9"))


# --------------------------------------------------------------------------------------------------
# The template as written
# --------------------------------------------------------------------------------------------------


def test_template_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "filled.xlsx"
    s = spec()
    write_workbook(s, path)
    shown = cached(path)
    wb = read_workbook(path, Config())

    assert wb.reader_hits == []
    assert wb.uncached_formulas == ()
    assert [f.sheet for f in wb.forms] == ["项目1", "项目2"]

    n = len(INDICATORS)
    for form, p in zip(wb.forms, s.projects, strict=True):
        sv = shown[form.sheet]

        def at(c: Cell[Any] | None, coord: str) -> Cell[Any]:
            assert c is not None
            assert (c.at.sheet, c.at.cell) == (form.sheet, coord)  # noqa: B023
            return c

        assert at(form.name, f"B{POS.name_row}").value == p.name
        assert at(form.department, f"B{POS.department_row}").value == "示例局"
        assert at(form.implementer, f"G{POS.department_row}").value == "示例局培训中心"
        assert at(form.year, f"A{POS.year_row}").value == 2023
        for key, line_spec in (("fiscal", p.fiscal), ("carryover", p.carryover), ("other", p.other)):
            line = form.funds[FundKey(key)]
            r = POS.funds_row(key)
            for attr, col, raw in (("initial", POS.col_initial, line_spec.initial),
                                   ("budget", POS.col_budget, line_spec.budget),
                                   ("spent", POS.col_spent, line_spec.spent)):
                c = at(getattr(line, attr), f"{col}{r}")
                expected = None if raw in (None, "—") else D(re.sub(r"[^\d.]", "", str(raw)))
                assert c.value == expected, (form.sheet, key, attr)
                assert c.raw == raw
        tr = POS.funds_row("total_funds")
        total = form.funds[FundKey.TOTAL]
        for attr, col in (("initial", POS.col_initial), ("budget", POS.col_budget), ("spent", POS.col_spent)):
            c = at(getattr(total, attr), f"{col}{tr}")
            assert near(c.value, as_decimal(sv.get(f"{col}{tr}"))), (attr, c.value, sv.get(f"{col}{tr}"))
        assert at(total.weight, f"{POS.col_weight}{tr}").value == 10
        assert near(at(total.rate, f"{POS.col_rate}{tr}").value, as_decimal(sv.get(f"{POS.col_rate}{tr}")))
        assert near(at(total.score, f"{POS.col_score}{tr}").value, as_decimal(sv.get(f"{POS.col_score}{tr}")))
        fr = POS.funds_row("fiscal")
        assert near(at(form.funds[FundKey.FISCAL].rate, f"{POS.col_rate}{fr}").value,
                    as_decimal(sv.get(f"{POS.col_rate}{fr}")))
        assert at(total.reason, f"{POS.col_funds_reason}{tr}").empty
        assert at(form.goal_expected, f"B{POS.goal_text_row}").value == p.goal_expected
        assert at(form.goal_actual, f"G{POS.goal_text_row}").value == p.goal_actual

        assert len(form.indicators) == n
        for i, (ind, ispec, (tgt, act)) in enumerate(zip(form.indicators, INDICATORS, PARSED, strict=True)):
            r = POS.first_indicator_row + i
            assert ind.row == r
            assert at(ind.name, f"{POS.col_level3}{r}").value == ispec.name
            assert essence(at(ind.target, f"{POS.col_target}{r}").value) == tgt
            assert essence(at(ind.actual, f"{POS.col_actual}{r}").value) == act
            assert at(ind.weight, f"{POS.col_ind_weight}{r}").value == D(str(ispec.weight))
            assert at(ind.score, f"{POS.col_ind_score}{r}").value == D(str(ispec.score))
            assert at(ind.reason, f"{POS.col_reason}{r}").value == ispec.reason
            # 一级/二级 merged down: the cell where the name was written
            first1 = min(j for j, x in enumerate(INDICATORS) if x.level1 == ispec.level1)
            first2 = min(j for j, x in enumerate(INDICATORS) if (x.level1, x.level2) == (ispec.level1, ispec.level2))
            assert at(ind.level1, f"{POS.col_level1}{POS.first_indicator_row + first1}").value == ispec.level1
            assert at(ind.level2, f"{POS.col_level2}{POS.first_indicator_row + first2}").value == ispec.level2
        t, g = POS.total_row(n), POS.grade_row(n)
        assert at(form.total_weight, f"{POS.col_ind_weight}{t}").value == D(100)
        assert near(at(form.total_score, f"{POS.col_ind_score}{t}").value, as_decimal(sv.get(f"{POS.col_ind_score}{t}")))
        assert at(form.grade, f"B{g}").value == sv.get(f"B{g}")

    # the two forms' computed cells, as the template computed them
    f1, f2 = wb.forms
    t1 = f1.funds[FundKey.TOTAL]
    assert (t1.initial.value, t1.budget.value, t1.spent.value) == (D(54), D(54), D(50))
    assert t1.rate is not None and t1.rate.value == D("0.9259259259")
    assert t1.score is not None and t1.score.value == D("9.26")
    assert f1.total_score is not None and f1.total_score.value == D("96.26")
    assert f1.grade is not None and f1.grade.value == "优"
    t2 = f2.funds[FundKey.TOTAL]
    # "30" and "30.5万元" are text: a spreadsheet's SUM leaves them out, the reader reads each line
    assert f2.funds[FundKey.FISCAL].budget.value == D("30.5")
    assert (t2.budget.value, t2.spent.value) == (D(2), D("31.5"))

    unit = wb.unit
    assert unit is not None
    assert set(unit.values) == set(UNIT_VALUES) == set(UNIT)
    for key, value in UNIT_VALUES.items():
        c = unit.values[key]
        assert c.at.cell == f"B{2 + list(UNIT).index(key)}", key
        assert c.value == (value if isinstance(value, str) else D(value)), key

    pl = wb.project_list
    assert pl is not None
    assert [r.cells["project_name"].value for r in pl.rows] == ["职业技能培训项目", "第二个项目"]
    r1 = pl.rows[0]
    assert r1.cells["annual_budget"].value == D(54) and r1.cells["score"].value == D("96.26")
    assert r1.cells["rate"].value == D("0.9259259259") and r1.cells["grade"].value == "优"
    assert pl.total is not None and pl.total.cells["spent"].value == D("81.5")

    iss = wb.issues
    assert iss is not None and iss.problems is not None and iss.measures is not None
    assert (iss.problems.value, iss.measures.value) == ("部分项目执行进度偏慢。", "加强执行监控。")
    assert iss.problems.at.sheet == "问题与措施"


def test_blank_template(tmp_path: Path) -> None:
    """The empty template: every place found, every value empty, the year line a blank to fill."""
    path = tmp_path / "template.xlsx"
    write_workbook(WorkbookSpec(projects=[ProjectSpec(sheet="项目1", min_indicator_rows=18)]), path)
    wb = read_workbook(path, Config())
    [form] = wb.forms
    assert form.name is not None and form.name.empty and form.name.at.cell == f"B{POS.name_row}"
    assert form.year is not None and form.year.empty and form.year.at.cell == f"A{POS.year_row}"
    assert form.goal_expected is not None and form.goal_expected.empty
    assert len(form.indicators) == 18
    assert all(i.name.empty and i.target.empty and i.score.empty for i in form.indicators)
    assert [i.level2.value for i in form.indicators[:2]] == ["数量指标", "数量指标"]
    assert form.total_score is not None and form.total_score.empty
    assert [h.code for h in wb.reader_hits] == []


# --------------------------------------------------------------------------------------------------
# Filled by hand: rows and columns inserted, titles added, values retyped
# --------------------------------------------------------------------------------------------------


def messy_spec() -> WorkbookSpec:
    """Stated results instead of formulas: after openpyxl saves, the forms carry no uncached formula."""
    stated = dict(total_initial=54, total_budget=54, total_spent=50, rate=0.9259, fiscal_rate=0.9259,
                  exec_score=9.26, total_weight=100, total_score=96.26, grade="优")
    return spec(projects=[project("项目1", "职业技能培训项目", **stated)],
                list_rows=[ListRowSpec("职业技能培训项目", "一类", 54, 54, 50, "92.59%", 96.26, "优")],
                list_total={"initial": 54, "budget": 54, "spent": 50, "rate": 0.9259})


EXTRA_TITLES = 2          # rows inserted above the title
EXTRA_COLS = 2            # columns inserted left of column A
EXTRA_INDICATORS = 3      # rows inserted below the first indicator row


def moved(coord: str) -> str:
    """Where a template cell is after the edits of :func:`mess_up`."""
    col, row = coordinate_from_string(coord)
    new_row = row + EXTRA_TITLES + (EXTRA_INDICATORS if row > POS.first_indicator_row else 0)
    return f"{get_column_letter(column_index_from_string(col) + EXTRA_COLS)}{new_row}"


def mess_up(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    ws = book["项目1"]
    # more indicators: rows inserted under the first one (inside the merged 一级/二级 regions)
    insert_rows(ws, POS.first_indicator_row + 1, EXTRA_INDICATORS)
    for k in range(EXTRA_INDICATORS):
        r = POS.first_indicator_row + 1 + k
        for col, v in ((POS.col_level3, f"新增指标{k + 1}"), (POS.col_target, f"≥{k + 1}个"),
                       (POS.col_actual, f"{k + 1}个"), (POS.col_ind_weight, 1), (POS.col_ind_score, 1)):
            ws[f"{col}{r}"] = v
    insert_cols(ws, 1, EXTRA_COLS)
    insert_rows(ws, 1, EXTRA_TITLES)
    ws["A1"] = "附件2"
    ws["C2"] = "填报单位（盖章）：示例局"
    # values retyped the way people type them
    ws[moved(f"B{POS.name_row}")] = "  职业技能培训项目 "
    ws[moved(f"{POS.col_budget}{POS.funds_row('fiscal')}")] = "５４万元"
    ws[moved(f"{POS.col_target}{POS.first_indicator_row}")] = "不少于50人"
    ws[moved(f"{POS.col_ind_score}{POS.first_indicator_row + 1}")] = "１０分"
    out = path.with_name("messy.xlsx")
    book.save(out)
    return out


def check_messy(wb: Workbook) -> None:
    [form] = wb.forms
    assert all(h.at is None or h.at.sheet != "项目1" for h in wb.reader_hits), wb.reader_hits

    def at(c: Cell[Any] | None, template_coord: str) -> Cell[Any]:
        assert c is not None
        assert c.at.cell == moved(template_coord), (c, template_coord, moved(template_coord))
        return c

    assert form.anchor.cell == moved(f"A{POS.title_row}")
    assert at(form.name, f"B{POS.name_row}").value == "职业技能培训项目"
    assert at(form.year, f"A{POS.year_row}").value == 2023
    assert at(form.implementer, f"G{POS.department_row}").value == "示例局培训中心"
    fiscal = form.funds[FundKey.FISCAL]
    assert at(fiscal.budget, f"{POS.col_budget}{POS.funds_row('fiscal')}").value == D(54)
    assert at(fiscal.spent, f"{POS.col_spent}{POS.funds_row('fiscal')}").value == D(50)
    total = form.funds[FundKey.TOTAL]
    tr = POS.funds_row("total_funds")
    assert at(total.rate, f"{POS.col_rate}{tr}").value == D("0.9259")
    assert at(total.score, f"{POS.col_score}{tr}").value == D("9.26")
    assert form.funds_header["annual_budget"].cell == moved(f"{POS.col_budget}{POS.funds_header_row}")
    assert form.indicator_header["target"].cell == moved(f"{POS.col_target}{POS.indicator_header_row}")

    inds = form.indicators
    assert len(inds) == len(INDICATORS) + EXTRA_INDICATORS
    first = POS.first_indicator_row
    assert essence(at(inds[0].target, f"{POS.col_target}{first}").value) == (ValueKind.NUMBER, Op.GE, D(50), "人")
    for k in range(EXTRA_INDICATORS):
        ind = inds[1 + k]
        r = first + 1 + k + EXTRA_TITLES
        assert ind.row == r
        assert ind.name.value == f"新增指标{k + 1}" and ind.name.at.cell == f"{get_column_letter(4 + EXTRA_COLS)}{r}"
        assert essence(ind.target.value) == (ValueKind.NUMBER, Op.GE, D(k + 1), "个")
        # inside the merged 一级/二级 regions: read forward from where the names were written
        assert (ind.level1.value, ind.level1.at.cell) == ("产出指标", moved(f"{POS.col_level1}{first}"))
        assert (ind.level2.value, ind.level2.at.cell) == ("数量指标", moved(f"{POS.col_level2}{first}"))
    for i, (ispec, (tgt, act)) in enumerate(zip(INDICATORS, PARSED, strict=True)):
        if i == 0:
            continue
        ind = inds[i + EXTRA_INDICATORS]
        r = first + i
        assert at(ind.name, f"{POS.col_level3}{r}").value == ispec.name
        assert essence(at(ind.target, f"{POS.col_target}{r}").value) == tgt
        assert essence(at(ind.actual, f"{POS.col_actual}{r}").value) == act
        assert at(ind.weight, f"{POS.col_ind_weight}{r}").value == D(str(ispec.weight))
        assert at(ind.score, f"{POS.col_ind_score}{r}").value == D(str(ispec.score))
    assert inds[EXTRA_INDICATORS + 1].score.raw == "１０分"
    n = len(INDICATORS)
    assert at(form.total_score, f"{POS.col_ind_score}{POS.total_row(n)}").value == D("96.26")
    assert at(form.grade, f"B{POS.grade_row(n)}").value == "优"


def test_messy_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "filled.xlsx"
    write_workbook(messy_spec(), path)
    wb = read_workbook(mess_up(path), Config())
    check_messy(wb)
    pl = wb.project_list
    assert pl is not None and pl.rows[0].cells["rate"].value == D("0.9259")
    assert pl.total is not None and pl.total.cells["annual_budget"].value == D(54)


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_messy_roundtrip_other_formats(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "filled.xlsx"
    write_workbook(messy_spec(), path)
    wb = read_workbook(convert(mess_up(path), fmt, tmp_path / fmt), Config())
    check_messy(wb)
    assert wb.uncached_formulas == ()
