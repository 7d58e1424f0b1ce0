"""Monitoring warning lights (forms.md §4): one per indicator and one for the funds of each
绩效运行监控表, every band and the month from the rules file (``[monitor]``).

- funds: 序时进度 = X ÷ 12; 执行率 (recomputed: 1–X月执行数 ÷ 全年预算数) behind it by more than
  ``funds_yellow_behind`` → yellow, by more than ``funds_red_behind`` → red; otherwise green.
- positive quantitative indicators (数量, 效益, 满意度): standard = 年度指标值 × X ÷ 12; the 1–X月 value
  ÷ standard below ``red_below`` → red, below ``yellow_below`` → yellow, from ``blue_from`` → blue,
  else green.
- reverse indicators, and those under ``within_target_level2`` (质量 / 时效 / 成本): within the target →
  green, outside → red.
- qualitative: 达成 → green, 部分达成 → yellow, 未达成 → red.

A light that cannot be computed (no month, no value, a text target, units that do not compare) is
left out.  ``light_marks(report)`` turns the report's lights into fills for the annotated copy.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfcheck import scoring
from perfcheck.config import Config
from perfcheck.findings import Light, Report
from perfcheck.formulas import parse_a1
from perfcheck.model import (
    Cell,
    CellRef,
    Measure,
    MonitorForm,
    MonitorIndicator,
    Op,
    QualGrade,
    ValueKind,
    Workbook,
    a1,
)
from perfcheck.report.colors import HEADER_ARGB

GREEN, YELLOW, RED, BLUE = "green", "yellow", "red", "blue"
LIGHTS: tuple[str, ...] = (GREEN, YELLOW, RED, BLUE)
NAME_ZH: dict[str, str] = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", BLUE: "蓝灯"}
FILL_RGB: dict[str, str] = {GREEN: "C6EFCE", YELLOW: "FFEB9C", RED: "FFC7CE", BLUE: "BDD7EE"}
"""The fill of a light cell in the annotated copy (the light colours of Excel's conditional formats)."""
TWELVE = Decimal(12)


def month_of(form: MonitorForm, cfg: Config) -> int | None:
    """X of 1–X月: ``[monitor] month`` (``validate --month``) when set, else what the form states."""
    if cfg.monitor.month:
        return cfg.monitor.month
    if form.month is not None and form.month.value is not None:
        return form.month.value
    return None


def funds_rate(form: MonitorForm) -> Decimal | None:
    """执行率 recomputed: 1–X月执行数 ÷ 全年预算数."""
    f = form.funds
    if f is None or f.budget.value is None or f.spent.value is None or f.budget.value == 0:
        return None
    return f.spent.value / f.budget.value


def funds_light(rate: Decimal, month: int, cfg: Config) -> str:
    """The funds light for an execution rate at month X."""
    behind = Decimal(month) / TWELVE - rate
    if behind > cfg.monitor.funds_red_behind:
        return RED
    if behind > cfg.monitor.funds_yellow_behind:
        return YELLOW
    return GREEN


def ratio_light(ratio: Decimal, cfg: Config) -> str:
    """The light of a positive quantitative indicator: 1–X月 value ÷ (年度指标值 × X ÷ 12)."""
    m = cfg.monitor
    if ratio < m.red_below:
        return RED
    if ratio < m.yellow_below:
        return YELLOW
    if ratio >= m.blue_from:
        return BLUE
    return GREEN


def _bare(name: str | None) -> str:
    return (name or "").strip().removesuffix("指标")


def _within(op: Op, a: Decimal, b: Decimal) -> bool:
    return {Op.GE: b >= a, Op.GT: b > a, Op.LE: b <= a, Op.LT: b < a, Op.EQ: b == a}[op]


def _date(m: Measure, year: int | None) -> dt.date | None:
    if m.date is not None:
        return m.date
    y = m.year if m.year is not None else year
    if y is None or m.month is None:
        return None
    day = m.day
    if day is None:
        import calendar

        day = calendar.monthrange(y, m.month)[1]
    try:
        return dt.date(y, m.month, day)
    except ValueError:
        return None


def indicator_light(ind: MonitorIndicator, month: int, cfg: Config, year: int | None = None,
                    value: Cell[Measure] | None = None) -> str | None:
    """The light of one indicator at month X (None: cannot be computed).  ``value``: the value to judge
    (default the 1–X月 value)."""
    actual = (value or ind.actual).value
    if actual is None:
        return None
    if actual.kind is ValueKind.GRADE and actual.grade is not None:
        return {QualGrade.ACHIEVED: GREEN, QualGrade.PARTIAL: YELLOW, QualGrade.MISSED: RED}[actual.grade]
    target = ind.target.value
    if target is None:
        return None
    if target.kind is ValueKind.DATE and actual.kind is ValueKind.DATE:
        due, done = _date(target, year), _date(actual, year)
        if due is None or done is None:
            return None
        after = target.op in (Op.GE, Op.GT)
        return GREEN if (done >= due if after else done <= due) else RED
    if target.kind is not ValueKind.NUMBER or actual.kind is not ValueKind.NUMBER or actual.op is not None:
        return None
    if not scoring.units_comparable(target, actual):
        return None
    a, b = target.number, scoring.actual_number(target, actual)
    if a is None or b is None:
        return None
    op = scoring.effective_op(target, cfg)
    within_kinds = {_bare(x) for x in cfg.monitor.within_target_level2}
    if op in (Op.LE, Op.LT) or _bare(ind.level2.value) in within_kinds:
        return GREEN if _within(op, a, b) else RED
    standard = a * Decimal(month) / TWELVE
    if standard <= 0:
        return GREEN if b >= standard else RED
    return ratio_light(b / standard, cfg)


def form_lights(form: MonitorForm, cfg: Config) -> list[Light]:
    """The lights of one monitoring form (funds first, then the indicators in row order)."""
    x = month_of(form, cfg)
    if x is None:
        return []
    project = form.name.value if form.name is not None else None
    year = form.year.value if form.year is not None else None
    out: list[Light] = []
    rate = funds_rate(form)
    if form.funds is not None and rate is not None:
        out.append(Light(form.sheet, form.funds.light_at.cell, project, "funds", funds_light(rate, x, cfg), x,
                         form.light_column_added, _header(form, form.funds_header, form.funds.light_at)))
    heading = _header(form, form.indicator_header, form.indicators[0].light_at) if form.indicators else None
    for ind in form.indicators:
        light = indicator_light(ind, x, cfg, year)
        if light is not None:
            subject = ind.name.value or f"第{ind.row}行"
            out.append(Light(form.sheet, ind.light_at.cell, project, subject, light, x, form.light_column_added,
                             heading))
    return out


def _header(form: MonitorForm, header: dict[str, CellRef], light_at: CellRef) -> str | None:
    """The added light column's cell in a block's header row (its lowest row, where the form has two);
    the light column is the same for every row of a form."""
    if not form.light_column_added or not header:
        return None
    row = max(parse_a1(ref.cell)[0] for ref in header.values())
    return a1(row, parse_a1(light_at.cell)[1])


def compute(wb: Workbook, cfg: Config) -> list[Light]:
    """Every light of every monitoring form of the workbook."""
    return [x for form in wb.monitors for x in form_lights(form, cfg)]


def light_marks(report: Report) -> list[tuple[str, str, str, str | None]]:
    """(sheet, cell, fill RGB, text) for the annotated copy: the light cell filled in the light's colour;
    where perfcheck added the column (the form has none) the light's name is written in it, where the
    form has its own light column the clerk's text is kept (None)."""
    marks: list[tuple[str, str, str, str | None]] = []
    headers: set[tuple[str, str]] = set()
    for x in report.lights:
        if x.header is not None and (x.sheet, x.header) not in headers:   # the added column's heading
            headers.add((x.sheet, x.header))
            marks.append((x.sheet, x.header, HEADER_ARGB[-6:], "预警灯"))
        marks.append((x.sheet, x.cell, FILL_RGB[x.light], NAME_ZH[x.light] if x.added else None))
    return marks
