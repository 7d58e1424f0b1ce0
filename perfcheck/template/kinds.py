"""The writer of the other kinds (forms.md §2–§4): department form + 基础数据表, monitoring form.

Specs are raw values exactly as a person would type them (as in ``perfcheck.template.blueprint``); computed cells
(年度资金总额, 执行率, 得分, 总分, 自评等级, 控制率, the 基础数据表 parents) are formulas with the value a
spreadsheet computes stored beside them, unless the spec states a literal.  Positions come from the
kinds' definitions (``perfcheck.kinds.*.POS``, grids like the project form's: ``layout.GridPositions``);
the form grid (heading, funds sums and rates, goal block, 总分 and 自评等级, drop-downs, saving) is
written by ``template.grid``, as for the project form, with the project template's look
(``perfcheck.template.styles``, ``Sheet``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xlsxwriter.workbook import Workbook

from perfcheck.kinds import basicdata as bd
from perfcheck.kinds import department as dep
from perfcheck.kinds import monitor as mon
from perfcheck.layout import FORM, Label
from perfcheck.template import build, calc, grid
from perfcheck.template.blueprint import (
    FORMULA,
    Computed,
    FundsRowSpec,
    GridIndicatorSpec,
    IndicatorSpec,
    ProjectSpec,
    Raw,
    ScoredFormSpec,
    WorkbookSpec,
)
from perfcheck.template.sheet import Book, Sheet, options_for_protect

DEPT_WIDTHS: dict[str, float] = {"A": 18, "B": 11, "C": 20, "D": 22, "E": 14, "F": 14, "G": 8, "H": 10, "I": 24}
BASIC_WIDTHS: dict[str, float] = {"A": 10, "B": 30, "C": 16, "D": 16, "E": 16}
MON_WIDTHS: dict[str, float] = {"A": 15, "B": 10, "C": 14, "D": 20, "E": 13, "F": 13, "G": 13, "H": 13,
                                "I": 14, "J": 16, "K": 14}


@dataclass
class DepartmentSpec(ScoredFormSpec):
    sheet: str = dep.SHEET
    name: Raw = None                  # 预算部门（单位）名称
    parts: dict[str, FundsRowSpec] = field(default_factory=dict)   # general, fund, special, other, basic, project


@dataclass
class BasicDataSpec:
    sheet: str = bd.SHEET
    year: Raw = None
    quota: Raw = None                 # 编制数
    staff: Raw = None                 # 实际在职人数
    control_rate: Computed = FORMULA  # 控制率
    lines: dict[str, tuple[Raw, Raw, Raw]] = field(default_factory=dict)  # key → (上年决算, 本年预算, 本年决算)
    # parents (三公经费, 公务用车…, 公用经费): formulas over their parts unless stated in ``lines``


@dataclass
class MonitorFundsSpec(FundsRowSpec):
    """A monitoring form's funds line: 年初预算数, 全年预算数, 1–X月执行数 (``spent``), 全年预计执行数."""

    forecast: Raw = None              # 全年预计执行数


@dataclass
class MonitorIndicatorSpec(GridIndicatorSpec):
    forecast: Raw = None              # 全年预计完成值
    category: Raw = None              # 偏差原因类别
    reason: Raw = None                # 偏差原因说明
    likelihood: Raw = None            # 完成目标可能性
    remark: Raw = None


@dataclass
class MonitorSpec:
    sheet: str = "监控1"
    month: int | None = None          # X of 1–X月 (the headers and the 监控期间 cell)
    period_text: Raw = None           # the 监控期间 cell as typed; None: 1—X月
    year: Raw = None
    name: Raw = None
    department: Raw = None
    implementer: Raw = None
    fiscal: MonitorFundsSpec = field(default_factory=MonitorFundsSpec)
    other: MonitorFundsSpec = field(default_factory=MonitorFundsSpec)
    total_initial: Computed = FORMULA
    total_budget: Computed = FORMULA
    total_spent: Computed = FORMULA
    total_forecast: Computed = FORMULA
    rate: Computed = FORMULA
    funds_category: Raw = None
    funds_reason: Raw = None
    goal_expected: Raw = None
    goal_progress: Raw = None
    indicators: list[MonitorIndicatorSpec] = field(default_factory=list)
    min_indicator_rows: int = 0


@dataclass
class KindsWorkbookSpec:
    """A workbook of the other kinds, optionally with project forms (written by ``template.build``)."""

    year: int | None = None
    department: DepartmentSpec | None = None
    basic: BasicDataSpec | None = None
    projects: list[ProjectSpec] = field(default_factory=list)
    monitors: list[MonitorSpec] = field(default_factory=list)
    lang: str = "zh"
    protect: bool = True


# ==================================================================================================


def write_kinds_workbook(spec: KindsWorkbookSpec, path: Path) -> None:
    """Write ``spec`` atomically, as ``template.build.write_workbook`` does."""
    subject = _subject(spec)
    grid.save(lambda wb: _build(wb, spec), Path(path), title=subject, subject=subject)


def _subject(spec: KindsWorkbookSpec) -> str:
    if spec.department is not None or spec.basic is not None:
        return dep.KIND.zh
    return mon.KIND.zh


def _build(wb: Workbook, spec: KindsWorkbookSpec) -> None:
    if spec.lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {spec.lang!r}")
    book = Book(wb, spec.lang)
    if spec.department is not None:
        _write_department(book, spec, spec.department)
    if spec.basic is not None:
        _write_basic(book, spec, spec.basic)
    ws = WorkbookSpec(year=spec.year, lang=spec.lang)
    for p in spec.projects:
        build.write_form(book, ws, p)
    for m in spec.monitors:
        _write_monitor(book, spec, m)
    for sheet in book.sheets.values():
        sheet.finish()
        if spec.protect:
            sheet.ws.protect("", options_for_protect())


def _page(s: Sheet, last_col: str, last_row: int) -> None:
    grid.page_setup(s, last_col, last_row, (1, 2))


# ==================================================================================================
# 部门整体支出绩效自评表
# ==================================================================================================


def _write_department(book: Book, spec: KindsWorkbookSpec, d: DepartmentSpec) -> None:
    P = dep.POS
    s = book.add_sheet(d.sheet, DEPT_WIDTHS)
    last = P.last_col
    lab = book.label
    grid.heading(s, P, lab(dep.TITLE), d.year, spec.year)
    s.label(f"A{P.name_row}", dep.LABELS["name"])
    s.raw(f"B{P.name_row}:{last}{P.name_row}", d.name, "in_text")

    h = P.funds_header_row
    rows = {k: P.funds_row(k) for k in P.funds_rows}
    last_line = max(rows.values())
    s.label(f"A{h}:A{last_line}", dep.LABELS["funds"])
    s.text(f"B{h}:C{h}", "", "label")
    for c, key in ((P.col_initial, "initial_budget"), (P.col_budget, "annual_budget"), (P.col_spent, "spent"),
                   (P.col_weight, "weight"), (P.col_rate, "rate"), (P.col_score, "score")):
        s.label(f"{c}{h}", dep.LABELS[key])
    amount_cols = (P.col_initial, P.col_budget, P.col_spent)
    for key, r in rows.items():
        style = "label_left"
        label: Label = dep.LABELS[key]
        if key in ("income", "expense"):
            s.raw(f"B{r}:C{r}", book.label(label) + ("：" if book.lang != "en" else ""), style)
            for c in (*amount_cols, P.col_weight, P.col_rate, P.col_score):
                s.text(f"{c}{r}", "", "blank")
            continue
        if key == "total":
            s.label(f"B{r}:C{r}", label, style)
            continue
        text = ("其中：" if key in ("general", "basic") else "　") + book.label(label)
        s.raw(f"B{r}:C{r}", text, style)
        a = d.parts.get(key, FundsRowSpec())
        for c, v in zip(amount_cols, (a.initial, a.budget, a.spent), strict=True):
            s.raw(f"{c}{r}", v, "in_amount")
        for c in (P.col_weight, P.col_rate, P.col_score):
            s.text(f"{c}{r}", "—", "dash")
    tot = rows["total"]
    grid.sums(s, amount_cols, rows[dep.INCOME_PARTS[0]], rows[dep.INCOME_PARTS[-1]], tot,
              (d.total_initial, d.total_budget, d.total_spent))
    s.raw(f"{P.col_weight}{tot}", d.exec_weight, "in_number")
    grid.rate(s, P, tot, d.rate)
    grid.exec_score(s, P, tot, d.exec_score)
    for k in (*dep.INCOME_PARTS, *dep.EXPENSE_PARTS):
        grid.amount_validation(s, rows[k], P.col_initial, rows[k], P.col_spent)

    grid.goals(s, P, "E", (lab(FORM["goal"]), lab(FORM["goal_expected"]), lab(FORM["goal_actual"])),
               (d.goal_expected, d.goal_actual), 80)

    ih, first = P.indicator_header_row, P.first_indicator_row
    inds = [*d.indicators, *(IndicatorSpec(level1=l1, level2=l2)
                             for l1, l2 in grid.padding(len(d.indicators), d.min_indicator_rows, dep.SKELETON))]
    n = len(inds)
    last_ind = P.total_row(n) - 1
    s.label(f"A{ih}:A{last_ind}" if n else f"A{ih}", FORM["indicators"])
    for c, key in ((P.col_level1, "level1"), (P.col_level2, "level2"), (P.col_level3, "level3"),
                   (P.col_target, "target"), (P.col_actual, "actual"), (P.col_ind_weight, "weight"),
                   (P.col_ind_score, "score"), (P.col_reason, "reason")):
        s.label(f"{c}{ih}", FORM[key])
    for i, ind in enumerate(inds):
        r = first + i
        for c, v, style in ((P.col_level1, ind.level1, "in_center"), (P.col_level2, ind.level2, "in_center"),
                            (P.col_level3, ind.name, "in_text"), (P.col_target, ind.target, "in_center"),
                            (P.col_actual, ind.actual, "in_center"), (P.col_ind_weight, ind.weight, "in_number"),
                            (P.col_ind_score, ind.score, "in_number"), (P.col_reason, ind.reason, "in_text")):
            s.raw(f"{c}{r}", v, style)
        s.min_height(r, 24)
    _, grade_row = grid.totals(s, P, n, (lab(FORM["total_score"]), lab(FORM["grade"])),
                               (d.total_weight, d.total_score, d.grade))
    if n:
        grid.level_validations(s, first, last_ind, P.col_level1, P.col_level2)
        grid.grade_choices(s, first, last_ind, P.col_actual)
        grid.points_validation(s, first, last_ind, P.col_ind_weight, P.col_ind_score)
    _page(s, last, grade_row)


# ==================================================================================================
# 基础数据表
# ==================================================================================================


def _write_basic(book: Book, spec: KindsWorkbookSpec, b: BasicDataSpec) -> None:
    P = bd.POS
    s = book.add_sheet(b.sheet, BASIC_WIDTHS)
    last = P.last_col
    grid.heading(s, P, book.label(bd.TITLE), b.year, spec.year)
    vc = P.col_value
    for row, key, value in ((P.quota_row, "quota", b.quota), (P.staff_row, "staff", b.staff)):
        s.label(f"A{row}:B{row}", bd.LABELS[key], "label_left")
        s.raw(f"{vc}{row}:{last}{row}", value, "in_number")
        s.ws.data_validation(row - 1, grid.col_index(vc), row - 1, grid.col_index(vc), {
            "validate": "integer", "criteria": ">=", "value": 0, "error_type": "stop",
            "input_title": "人数", "input_message": "请填写整数（不带单位）。Whole number, no unit.",
            "error_title": "请填写整数", "error_message": "只能填写不小于0的整数。A whole number ≥ 0."})
    s.label(f"A{P.rate_row}:B{P.rate_row}", bd.LABELS["control_rate"], "label_left")
    q, st = f"{vc}{P.quota_row}", f"{vc}{P.staff_row}"
    s.computed(f"{vc}{P.rate_row}:{last}{P.rate_row}", b.control_rate,
               f'=IF(AND(ISNUMBER({st}),ISNUMBER({q}),{q}<>0),{st}/{q},"")',
               calc.ratio(s.value(st), s.value(q)), "calc_rate")
    h = P.header_row
    s.label(f"A{h}:B{h}", bd.LABELS["funds"])
    cols = {"prev": P.col_prev, "budget": P.col_budget, "final": P.col_final}
    for key, c in cols.items():
        s.label(f"{c}{h}", bd.LABELS[key])
    # leaves first (the parents' formulas read them), parents bottom-up
    order = [k for k in bd.LINES if k not in bd.PARTS] + ["car", "sangong", "public"]
    for key in order:
        r = P.line_row(key)
        indent = "　" * bd.INDENT[key]
        prefix = "其中：" if key in ("car", "car_buy", "office") else ""
        s.raw(f"A{r}:B{r}", indent + prefix + book.label(bd.LABELS[key]), "label_left")
        stated = b.lines.get(key)
        for i, c in enumerate(cols.values()):
            ref = f"{c}{r}"
            if key in bd.PARTS and stated is None:
                parts = [f"{c}{P.line_row(p)}" for p in bd.PARTS[key]]
                vals = [s.value(x) for x in parts]
                s.formula(ref, f'=IF(COUNT({",".join(parts)})=0,"",SUM({",".join(parts)}))',
                          calc.sum_or_blank(vals), "calc_amount")
            else:
                s.raw(ref, stated[i] if stated is not None else None,
                      "calc_amount" if key in bd.PARTS else "in_amount")
    for key in bd.LINES:
        if key not in bd.PARTS:
            r = P.line_row(key)
            grid.amount_validation(s, r, P.col_prev, r, P.col_final)
    last_line = P.line_row(bd.LINES[-1])
    _page(s, last, last_line)


# ==================================================================================================
# 项目支出绩效运行监控表
# ==================================================================================================


def _write_monitor(book: Book, spec: KindsWorkbookSpec, m: MonitorSpec) -> None:
    P = mon.POS
    s = book.add_sheet(m.sheet, MON_WIDTHS)
    last = P.last_col
    lab = book.label
    x = m.month
    grid.heading(s, P, lab(mon.TITLE), m.year, spec.year)
    grid.identity(s, P, P.department_row, "F", (lab(FORM["project_name"]), lab(FORM["department"]), lab(FORM["implementer"])),
                  (m.name, m.department, m.implementer))
    s.label(f"A{P.period_row}", mon.LABELS["period"])
    period = m.period_text if m.period_text is not None else (f"1—{x}月" if x else None)
    s.raw(f"B{P.period_row}:F{P.period_row}", period, "in_text")
    s.text(f"G{P.period_row}:{last}{P.period_row}", "（监控期间改变时，请同时修改各“1—X月”列标题）", "note")

    h = P.funds_header_row
    rows = {k: P.funds_row(k) for k in P.funds_rows}
    tot = rows["total"]
    last_line = max(rows.values())
    s.label(f"A{h}:A{last_line}", mon.LABELS["funds"])
    s.text(f"B{h}:C{h}", "", "label")
    heads = ((P.col_initial, FORM["initial_budget"]), (P.col_budget, FORM["annual_budget"]),
             (P.col_spent, None), (P.col_rate, mon.LABELS["rate"]), (P.col_forecast, mon.LABELS["forecast_spent"]),
             (P.col_funds_category, mon.LABELS["reason_category"]))
    for c, label in heads:
        if label is None:
            s.raw(f"{c}{h}", _month_head(book, x, mon.LABELS["spent_to_date"]), "label")
        else:
            s.label(f"{c}{h}", label)
    s.label(f"{P.col_funds_reason}{h}:{last}{h}", mon.LABELS["reason"])
    for key, r in rows.items():
        s.label(f"B{r}:C{r}", mon.LABELS[key], "label_left")
    cols4 = (P.col_initial, P.col_budget, P.col_spent, P.col_forecast)
    for key, line in (("fiscal", m.fiscal), ("other", m.other)):
        r = rows[key]
        for c, v in zip(cols4, (line.initial, line.budget, line.spent, line.forecast), strict=True):
            s.raw(f"{c}{r}", v, "in_amount")
        s.text(f"{P.col_funds_category}{r}", "—", "dash")
        s.text(f"{P.col_funds_reason}{r}:{last}{r}", "—", "dash")
    f1, f2 = rows["fiscal"], rows["other"]
    grid.sums(s, cols4, f1, f2, tot, (m.total_initial, m.total_budget, m.total_spent, m.total_forecast))
    for r, stated in ((tot, m.rate), (f1, FORMULA), (f2, FORMULA)):
        grid.rate(s, P, r, stated)
    s.raw(f"{P.col_funds_category}{tot}", m.funds_category, "in_center")
    s.raw(f"{P.col_funds_reason}{tot}:{last}{tot}", m.funds_reason, "in_text")
    grid.amount_validation(s, f1, P.col_initial, f2, P.col_spent)
    grid.amount_validation(s, f1, P.col_forecast, f2, P.col_forecast)
    _category_validation(s, tot, tot, P.col_funds_category)

    grid.goals(s, P, "F", (lab(FORM["goal"]), lab(mon.LABELS["goal_expected"]),
                           _month_head(book, x, mon.LABELS["goal_progress"])), (m.goal_expected, m.goal_progress), 70)

    ih, first = P.indicator_header_row, P.first_indicator_row
    inds = [*m.indicators, *(MonitorIndicatorSpec(level1=l1, level2=l2)
                             for l1, l2 in grid.padding(len(m.indicators), m.min_indicator_rows, mon.SKELETON))]
    n = len(inds)
    last_ind = first + n - 1
    s.label(f"A{ih}:A{max(last_ind, ih)}", FORM["indicators"])
    for c, label in ((P.col_level1, FORM["level1"]), (P.col_level2, FORM["level2"]), (P.col_level3, FORM["level3"]),
                     (P.col_target, FORM["target"]), (P.col_actual, None),
                     (P.col_forecast_value, mon.LABELS["forecast_value"]),
                     (P.col_category, mon.LABELS["reason_category"]), (P.col_reason, mon.LABELS["reason"]),
                     (P.col_likelihood, mon.LABELS["likelihood"]), (P.col_remark, mon.LABELS["remark"])):
        if label is None:
            s.raw(f"{c}{ih}", _month_head(book, x, mon.LABELS["actual_to_date"]), "label")
        else:
            s.label(f"{c}{ih}", label)
    for i, ind in enumerate(inds):
        r = first + i
        for c, v, style in ((P.col_level1, ind.level1, "in_center"), (P.col_level2, ind.level2, "in_center"),
                            (P.col_level3, ind.name, "in_text"), (P.col_target, ind.target, "in_center"),
                            (P.col_actual, ind.actual, "in_center"), (P.col_forecast_value, ind.forecast, "in_center"),
                            (P.col_category, ind.category, "in_center"), (P.col_reason, ind.reason, "in_text"),
                            (P.col_likelihood, ind.likelihood, "in_center"), (P.col_remark, ind.remark, "in_text")):
            s.raw(f"{c}{r}", v, style)
        s.min_height(r, 24)
    if n:
        grid.level_validations(s, first, last_ind, P.col_level1, P.col_level2)
        _category_validation(s, first, last_ind, P.col_category)
        cl = grid.col_index(P.col_likelihood)
        s.ws.data_validation(first - 1, cl, last_ind - 1, cl, {
            "validate": "list", "source": list(mon.LIKELIHOOD), "error_type": "stop",
            "input_title": "完成目标可能性", "input_message": "确定能 / 有可能 / 完全不可能",
            "error_title": "完成目标可能性", "error_message": "请从下拉列表选择。Pick from the list."})
        for c in (P.col_actual, P.col_forecast_value):
            grid.grade_choices(s, first, last_ind, c, "完成值", "填写数值（与指标值同单位），或选择定性三档之一。")
    _page(s, last, max(last_ind, ih))


def _month_head(book: Book, x: int | None, label: Label) -> str:
    zh = mon.month_label(x, label.zh)
    return zh if book.lang != "en" else f"{zh}\n{label.en}"


def _category_validation(s: Sheet, r0: int, r1: int, c: str) -> None:
    s.ws.data_validation(r0 - 1, grid.col_index(c), r1 - 1, grid.col_index(c), {
        "validate": "list", "source": list(mon.CATEGORIES), "error_type": "stop",
        "input_title": "偏差原因类别", "input_message": "、".join(mon.CATEGORIES),
        "error_title": "偏差原因类别", "error_message": "请从下拉列表选择。Pick from the list."})


# ==================================================================================================
# The empty templates
# ==================================================================================================


def department_template_spec(*, year: int | None = None, unit: str | None = None, lang: str = "zh",
                             projects: int = 0) -> KindsWorkbookSpec:
    """The department form (9-row indicator skeleton) with its 基础数据表 and ``projects`` blank project forms."""
    from perfcheck.layout import DEFAULT_SKELETON, form_sheet_name

    return KindsWorkbookSpec(
        year=year, lang=lang,
        department=DepartmentSpec(name=unit, min_indicator_rows=len(dep.SKELETON)),
        basic=BasicDataSpec(),
        projects=[ProjectSpec(sheet=form_sheet_name(i), min_indicator_rows=len(DEFAULT_SKELETON))
                  for i in range(1, projects + 1)])


def monitor_template_spec(*, month: int | None = 6, year: int | None = None, unit: str | None = None,
                          lang: str = "zh", projects: int = 3) -> KindsWorkbookSpec:
    """``projects`` blank monitoring forms for 1–``month``月."""
    return KindsWorkbookSpec(year=year, lang=lang, monitors=[
        MonitorSpec(sheet=mon.sheet_name(i), month=month, department=unit, min_indicator_rows=len(mon.SKELETON))
        for i in range(1, projects + 1)])
