"""Build model objects directly, at the template's default cells (no file I/O): the rule examples'
vocabulary (perfcheck/examples/workbook.py) and the tests' model builder.

    form = make_form(budget=54, spent=50, rate="0.9259", exec_score="9.26",
                     indicators=[ind("产出指标", "数量指标", "培训人数", m(">=", 50, "人"), m(None, 52, "人"), 10, 10)])
    wb = make_wb(form)

Numbers may be given as int/str/Decimal; they become Decimals.  ``decimals`` of a stated number is
taken from how it is written ("0.9259" → 4).  Pass ``None`` for an empty cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcheck.layout import POS
from perfcheck.model import (
    Cell,
    CellRef,
    FundKey,
    FundLine,
    Indicator,
    IssuesBlock,
    ListRow,
    Measure,
    Op,
    ProjectForm,
    ProjectList,
    QualGrade,
    UnitInfo,
    ValueKind,
    Workbook,
)

SHEET = "项目1"


def _dec(v: Any) -> tuple[Decimal | None, int | None]:
    if v is None:
        return None, None
    d = Decimal(str(v))
    exp = d.as_tuple().exponent
    return d, (-exp if isinstance(exp, int) and exp < 0 else 0)


def num(sheet: str, cell: str, v: Any) -> Cell[Decimal]:
    d, k = _dec(v)
    return Cell(d, None if v is None else v, CellRef(sheet, cell), k)


def txt(sheet: str, cell: str, v: str | None) -> Cell[str]:
    return Cell(v if v not in (None, "") else None, v, CellRef(sheet, cell))


def m(op: str | None, number: Any = None, unit: str | None = None, *, text: str | None = None,
      grade: str | None = None, date: dt.date | None = None) -> Measure:
    """A parsed measure: m(">=", 50, "个"); m(None, 95, "%"); m(None, grade="达成年度指标"); m(None, text="有效提升")."""
    o = Op(op) if op else None
    if grade is not None:
        return Measure(ValueKind.GRADE, text or grade, grade=QualGrade(grade))
    if date is not None:
        return Measure(ValueKind.DATE, text or date.isoformat(), op=o, date=date, year=date.year,
                       month=date.month, day=date.day)
    if number is None:
        return Measure(ValueKind.TEXT, text or "")
    d = Decimal(str(number))
    shown = text or f"{op or ''}{number}{unit or ''}"
    return Measure(ValueKind.NUMBER, shown, op=o, number=d, unit=unit)


def ind(level1: str | None, level2: str | None, name: str | None, target: Measure | None,
        actual: Measure | None, weight: Any, score: Any, reason: str | None = None) -> dict[str, Any]:
    return dict(level1=level1, level2=level2, name=name, target=target, actual=actual, weight=weight,
                score=score, reason=reason)


def make_form(
    *,
    sheet: str = SHEET,
    name: str | None = "示例项目",
    department: str | None = "示例局",
    implementer: str | None = "示例局",
    year: int | None = 2023,
    funds: dict[str, tuple[Any, Any, Any]] | None = None,
    budget: Any = None,
    spent: Any = None,
    initial: Any = None,
    total: tuple[Any, Any, Any] | None = None,
    rate: Any = None,
    fiscal_rate: Any = None,
    exec_weight: Any = 10,
    exec_score: Any = None,
    exec_reason: str | None = None,
    parts_scored: dict[str, tuple[Any, Any]] | None = None,
    header_score: Any = None,
    goal_expected: str | None = "完成年度工作任务，保障项目顺利实施",
    goal_actual: str | None = "已按计划完成年度工作任务，项目实施顺利",
    indicators: list[dict[str, Any]] | None = None,
    total_weight: Any = None,
    total_score: Any = None,
    grade: str | None = None,
) -> ProjectForm:
    """A form at the template's default cells.

    funds: {"fiscal": (initial, budget, spent), "carryover": (...), "other": (...)}; or the shortcut
    budget/spent/initial for a form funded only by 当年财政拨款.  parts_scored: {"fiscal": (分值, 得分)}
    for funds lines that carry their own weight and score (forms.md §5).  total: the stated 年度资金总额 row
    (initial, budget, spent); default: the sums of the lines.
    """
    if funds is None:
        funds = {"fiscal": (initial if initial is not None else budget, budget, spent),
                 "carryover": (None, None, None), "other": (None, None, None)}
    lines: dict[FundKey, FundLine] = {}

    def sum3(i: int) -> Any:
        vals = [Decimal(str(v[i])) for v in funds.values() if v[i] is not None]
        return sum(vals, Decimal(0)) if vals else None

    tot = total if total is not None else (sum3(0), sum3(1), sum3(2))
    rows: dict[FundKey, tuple[Any, Any, Any]] = {FundKey.TOTAL: tot}
    for k in ("fiscal", "carryover", "other"):
        rows[FundKey(k)] = funds.get(k, (None, None, None))
    for key, (a, b, c) in rows.items():
        r = POS.funds_row(key.value)
        is_total = key is FundKey.TOTAL
        lines[key] = FundLine(
            key=key,
            label=txt(sheet, f"B{r}", key.value),
            initial=num(sheet, f"{POS.col_initial}{r}", a),
            budget=num(sheet, f"{POS.col_budget}{r}", b),
            spent=num(sheet, f"{POS.col_spent}{r}", c),
            weight=num(sheet, f"{POS.col_weight}{r}", exec_weight) if is_total else (
                num(sheet, f"{POS.col_weight}{r}", (parts_scored or {})[key.value][0])
                if key.value in (parts_scored or {}) else None),
            rate=num(sheet, f"{POS.col_rate}{r}", rate if is_total else (fiscal_rate if key is FundKey.FISCAL else None))
            if key in (FundKey.TOTAL, FundKey.FISCAL) else None,
            score=num(sheet, f"{POS.col_score}{r}", exec_score) if is_total else (
                num(sheet, f"{POS.col_score}{r}", (parts_scored or {})[key.value][1])
                if key.value in (parts_scored or {}) else None),
            reason=txt(sheet, f"{POS.col_funds_reason}{r}", exec_reason) if is_total else None,
        )
    inds = []
    for i, spec in enumerate(indicators or []):
        r = POS.first_indicator_row + i
        t, a = spec["target"], spec["actual"]
        inds.append(Indicator(
            row=r,
            level1=txt(sheet, f"{POS.col_level1}{r}", spec["level1"]),
            level2=txt(sheet, f"{POS.col_level2}{r}", spec["level2"]),
            name=txt(sheet, f"{POS.col_level3}{r}", spec["name"]),
            target=Cell(t, t.text if t else None, CellRef(sheet, f"{POS.col_target}{r}")),
            actual=Cell(a, a.text if a else None, CellRef(sheet, f"{POS.col_actual}{r}")),
            weight=num(sheet, f"{POS.col_ind_weight}{r}", spec["weight"]),
            score=num(sheet, f"{POS.col_ind_score}{r}", spec["score"]),
            reason=txt(sheet, f"{POS.col_reason}{r}", spec["reason"]),
        ))
    # 其中 rows without 分值 and 得分 are parts of the indicator above (as the reader reads them)
    parts = []
    for i, x in enumerate(inds):
        if (i and x.name.value and x.name.value.startswith("其中") and x.weight.value is None
                and x.score.value is None):
            parent = next(p for p in reversed(inds[:i]) if not (p.name.value or "").startswith("其中"))
            parts.append(replace(x, part_of=parent.row))
    part_rows = {p.row for p in parts}
    inds = [x for x in inds if x.row not in part_rows]
    n = len(inds) + len(parts)
    tr, gr = POS.total_row(n), POS.grade_row(n)
    return ProjectForm(
        sheet=sheet,
        name=txt(sheet, "B3", name),
        department=txt(sheet, "B4", department),
        implementer=txt(sheet, "G4", implementer),
        year=Cell(year, f"（{year}年度）" if year else None, CellRef(sheet, "A2")),
        funds=lines,
        funds_header={k: CellRef(sheet, f"{c}{POS.funds_header_row}") for k, c in (
            ("initial_budget", POS.col_initial), ("annual_budget", POS.col_budget), ("spent", POS.col_spent),
            ("weight", POS.col_weight), ("rate", POS.col_rate), ("score", POS.col_score),
            ("funds_reason", POS.col_funds_reason))},
        goal_expected=txt(sheet, "B11", goal_expected),
        goal_actual=txt(sheet, "G11", goal_actual),
        indicators=tuple(inds),
        indicator_header={k: CellRef(sheet, f"{c}{POS.indicator_header_row}") for k, c in (
            ("level1", POS.col_level1), ("level2", POS.col_level2), ("level3", POS.col_level3),
            ("target", POS.col_target), ("actual", POS.col_actual), ("weight", POS.col_ind_weight),
            ("score", POS.col_ind_score), ("reason", POS.col_reason))},
        total_weight=num(sheet, f"{POS.col_ind_weight}{tr}", total_weight),
        total_score=num(sheet, f"{POS.col_ind_score}{tr}", total_score),
        grade=txt(sheet, f"B{gr}", grade),
        anchor=CellRef(sheet, "A1"),
        parts=tuple(parts),
        header_score=num(sheet, "H3", header_score) if header_score is not None else None,
    )


def make_unit(values: dict[str, Any], sheet: str = "单位概况") -> UnitInfo:
    """values: layout.UNIT key → value; each at B<n> in key order (A<n> holds the label)."""
    cells: dict[str, Cell[object]] = {}
    for i, (k, v) in enumerate(values.items(), start=2):
        if isinstance(v, int | float | Decimal) and not isinstance(v, bool):
            d, dec = _dec(v)
            cells[k] = Cell(d, v, CellRef(sheet, f"B{i}"), dec)
        else:
            cells[k] = Cell(v if v not in (None, "") else None, v, CellRef(sheet, f"B{i}"))
    return UnitInfo(sheet=sheet, values=cells, anchor=CellRef(sheet, "A1"))


LIST_COLS = {"seq": "A", "project_name": "B", "category": "C", "initial_budget": "D", "annual_budget": "E",
             "spent": "F", "rate": "G", "score": "H", "grade": "I", "remark": "J"}


def make_list(rows: list[dict[str, Any]], total: dict[str, Any] | None = None,
              sheet: str = "项目汇总") -> ProjectList:
    """rows: dicts of LIST_COLUMNS key → value, from row 4 on (header at row 3); total: the 合计 row."""

    def mk(r: int, d: dict[str, Any]) -> ListRow:
        cells: dict[str, Cell[object]] = {}
        for k, col in LIST_COLS.items():
            v = d.get(k)
            if k in ("initial_budget", "annual_budget", "spent", "rate", "score", "seq") and v is not None:
                dv, dec = _dec(v)
                cells[k] = Cell(dv, v, CellRef(sheet, f"{col}{r}"), dec)
            else:
                cells[k] = Cell(v if v not in (None, "") else None, v, CellRef(sheet, f"{col}{r}"))
        return ListRow(row=r, cells=cells)

    list_rows = tuple(mk(4 + i, d) for i, d in enumerate(rows))
    tot = mk(4 + len(rows), {"project_name": "合计", **total}) if total is not None else None
    return ProjectList(sheet=sheet, header={k: CellRef(sheet, f"{c}3") for k, c in LIST_COLS.items()},
                       rows=list_rows, total=tot, anchor=CellRef(sheet, "A1"))


def make_issues(problems: str | None, measures: str | None, sheet: str = "问题与措施") -> IssuesBlock:
    return IssuesBlock(sheet=sheet, problems=txt(sheet, "B2", problems), measures=txt(sheet, "B3", measures),
                       anchor=CellRef(sheet, "A1"))


def make_wb(*forms: ProjectForm, unit: UnitInfo | None = None, project_list: ProjectList | None = None,
            issues: IssuesBlock | None = None) -> Workbook:
    names = tuple(x.sheet for x in (unit, project_list) if x) + tuple(f.sheet for f in forms) + (
        (issues.sheet,) if issues else ())
    return Workbook(path=Path("test.xlsx"), sheet_names=names, unit=unit, project_list=project_list,
                    forms=tuple(forms), issues=issues)


def good_indicators() -> list[dict[str, Any]]:
    """A complete, consistent 90-point grid: 产出 50, 效益 30, 满意度 10, all targets met."""
    return [
        ind("产出指标", "数量指标", "培训人数", m(">=", 50, "人"), m(None, 52, "人"), 20, 20),
        ind("产出指标", "质量指标", "培训合格率", m(">=", 95, "%"), m(None, 96, "%"), 10, 10),
        ind("产出指标", "时效指标", "完成时间", m("<=", None, None, date=dt.date(2023, 12, 31), text="2023年12月31日前"),
            m(None, None, None, date=dt.date(2023, 11, 30), text="2023年11月30日"), 10, 10),
        ind("产出指标", "成本指标", "培训成本", m("<=", 50, "万元"), m(None, 48, "万元"), 10, 10),
        ind("效益指标", "社会效益指标", "参训人员就业率", m(">=", 80, "%"), m(None, 85, "%"), 30, 30),
        ind("满意度指标", "服务对象满意度指标", "参训人员满意度", m(">=", 90, "%"), m(None, 95, "%"), 10, 10),
    ]
