"""Write a workbook from a ``WorkbookSpec`` with XlsxWriter: the template, the samples, the tests' workbooks.

Sheet order: 填表说明, 单位概况, 项目汇总, one form per ProjectSpec, 问题与措施 (each workbook-level sheet
optional).  The form sits at ``layout.POS``.  Raw values are written exactly as given; computed
cells are formulas with the value a spreadsheet computes stored beside them (see ``calc``), or the
spec's literal when it states one.

Formula conventions a reader may meet (row numbers of the template; the writer follows POS):

* 年度资金总额 D6:F6 ``=IF(COUNT(D7:D9)=0,"",SUM(D7:D9))``
* 执行率 H6 (H7 likewise) ``=IF(AND(ISNUMBER(F6),ISNUMBER(E6),E6<>0),F6/E6,"")`` -- a fraction, shown as %
* 得分 I6 ``=IF(AND(ISNUMBER(G6),ISNUMBER(H6)),ROUND(G6*MIN(H6,1),2),"")``
* 总分 G ``=SUM(G6,G13:Gk)``, H ``=IF(COUNT(I6,H13:Hk)=0,"",SUM(I6,H13:Hk))``
* 自评等级 ``=IF(ISNUMBER(Hn),IF(Hn>=90,"优",IF(Hn>=80,"良",IF(Hn>=60,"中","差"))),"")``
* 项目汇总 links ``=IF('项目1'!E6="","",'项目1'!E6)``; 合计 amounts as D6, 合计 执行率 as H6.

A formula whose result is the empty string is stored with an empty cached value (openpyxl reads
None, as it does for Excel's and LibreOffice's own files).  The form grid -- heading, funds sums and
rates, goal block, 总分 and 自评等级, drop-downs, the atomic save -- is written by ``template.grid``,
shared with the department and monitoring writer (``template.kinds``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook

from perfcheck.layout import (
    DEFAULT_SKELETON,
    FORM,
    FORM_TITLE,
    ISSUES,
    LEVEL1,
    LEVEL1_EN,
    LEVEL2_EN,
    LIST_COLUMNS,
    LIST_HEADER_ROW,
    LIST_TITLE,
    LIST_TOTAL,
    POS,
    SHEET_INSTRUCTIONS,
    SHEET_ISSUES,
    SHEET_LIST,
    SHEET_UNIT,
    UNIT,
    form_sheet_name,
)
from perfcheck.template import calc, grid
from perfcheck.template.blueprint import IndicatorSpec, ProjectSpec, WorkbookSpec
from perfcheck.template.instructions import instruction_items
from perfcheck.template.sheet import Book, Sheet, col, options_for_protect

LEVEL2_NAME_PREFIX = "Level2_"
"""Defined names ``Level2_产出指标`` … hold each 一级's 二级 names; ``Level2_`` (empty 一级) holds all."""

FORM_WIDTHS: dict[str, float] = {"A": 17, "B": 11, "C": 18, "D": 22, "E": 14, "F": 16, "G": 8, "H": 10,
                                 "I": 12, "J": 18}
LIST_WIDTHS: dict[str, float] = {"A": 6, "B": 30, "C": 12, "D": 13, "E": 13, "F": 13, "G": 10, "H": 10,
                                 "I": 10, "J": 20}
UNIT_WIDTHS: dict[str, float] = {"A": 24, "B": 24, "C": 24, "D": 24}
ISSUES_WIDTHS: dict[str, float] = {"A": 16, "B": 36, "C": 36, "D": 36}
DOC_WIDTHS: dict[str, float] = {"A": 16, "B": 14, "C": 22, "D": 76}

_UNIT_COUNT_KEYS = ("budget_units", "secondary_units", "staff_quota", "admin_quota", "public_quota",
                    "self_hired", "volunteers", "purchased_posts", "actual_staff", "retired")


# ==================================================================================================
# Public API
# ==================================================================================================


def write_workbook(spec: WorkbookSpec, path: Path) -> None:
    """Write ``spec`` to ``path`` atomically (a temporary file in the same folder, then ``os.replace``)."""
    grid.save(lambda wb: _build(wb, spec), path, title=FORM_TITLE.zh, subject="项目支出绩效自评")


def template_spec(*, projects: int = 3, year: int | None = None, unit: str | None = None,
                  lang: str = "zh") -> WorkbookSpec:
    """The empty template: ``projects`` blank forms (项目1…N) with the 18-row indicator skeleton."""
    if projects < 0:
        raise ValueError("projects must be ≥ 0")
    unit_values: dict[str, Any] = {}
    if unit is not None:
        unit_values["unit_name"] = unit
    forms = [ProjectSpec(sheet=form_sheet_name(i), min_indicator_rows=len(DEFAULT_SKELETON))
             for i in range(1, projects + 1)]
    return WorkbookSpec(year=year, unit=unit_values, projects=forms, lang=lang)


def write_form(book: Book, spec: WorkbookSpec, p: ProjectSpec) -> None:
    """One project form on a workbook being written (for the other kinds' workbooks): drop-down lists
    written out, not read from a 填表说明 sheet."""
    _write_form(book, spec, p, False)


# ==================================================================================================
# The workbook
# ==================================================================================================


def _build(wb: Workbook, spec: WorkbookSpec) -> None:
    if spec.lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {spec.lang!r}")
    names = [p.sheet for p in spec.projects]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate sheet names among the forms: {names}")
    book = Book(wb, spec.lang)
    level2_lists = _write_instructions(book, spec) if spec.with_instructions else False
    unit_sheet = _write_unit(book, spec) if spec.with_unit_sheet else None
    list_sheet = book.add_sheet(SHEET_LIST.zh, LIST_WIDTHS) if spec.with_list_sheet else None
    forms = [_write_form(book, spec, p, level2_lists) for p in spec.projects]
    if list_sheet is not None:
        _write_list(list_sheet, spec, forms, unit_sheet)
    if spec.with_issues_sheet:
        _write_issues(book, spec)
    for sheet in book.sheets.values():
        sheet.finish()
        if spec.protect:
            sheet.ws.protect("", options_for_protect())


# ==================================================================================================
# 填表说明
# ==================================================================================================


def _write_instructions(book: Book, spec: WorkbookSpec) -> bool:
    """The instructions, and the 一级 → 二级 table that the 二级 drop-downs read (defined names)."""
    s = book.add_sheet(SHEET_INSTRUCTIONS.zh, DOC_WIDTHS)
    s.text("A1:D1", "填表说明", "title")
    s.min_height(1, 32)
    s.text("A2:D2", "Instructions — how to fill in this workbook（中文说明，附英文）", "note")
    row = 3
    for heading, body in instruction_items():
        s.text(f"A{row}", heading, "doc_key")
        s.text(f"B{row}:D{row}", body, "doc_text")
        row += 1
    row += 1
    s.text(f"A{row}:D{row}", "指标体系（一级→二级，下拉列表的来源，请勿修改）Indicator names: the drop-down lists read this table",
           "doc_heading")
    row += 1
    s.text(f"A{row}", "", "label")
    s.text(f"B{row}", "一级指标\nLevel 1", "label")
    s.text(f"C{row}", "二级指标\nLevel 2", "label")
    s.text(f"D{row}", "English", "label")
    row += 1
    first_all = row
    for level1, level2s in LEVEL1.items():
        first = row
        for level2 in level2s:
            s.text(f"C{row}", level2, "doc_text")
            s.text(f"D{row}", f"{LEVEL1_EN[level1]} / {LEVEL2_EN[level2]}", "doc_text")
            row += 1
        last = row - 1
        s.text(f"B{first}:B{last}" if last > first else f"B{first}", level1, "doc_text")
        s.text(f"A{first}:A{last}" if last > first else f"A{first}", "", "doc_text")
        book.wb.define_name(f"{LEVEL2_NAME_PREFIX}{level1}", f"={s.ref(f'$C${first}:$C${last}')}")
    book.wb.define_name(LEVEL2_NAME_PREFIX, f"={s.ref(f'$C${first_all}:$C${row - 1}')}")
    grid.page_setup(s, "D", row - 1, None)
    return True


# ==================================================================================================
# 单位概况
# ==================================================================================================


def _write_unit(book: Book, spec: WorkbookSpec) -> Sheet:
    s = book.add_sheet(SHEET_UNIT.zh, UNIT_WIDTHS)
    s.text("A1:D1", "单位概况", "title")
    s.min_height(1, 32)
    row = 2
    for key, label in UNIT.items():
        value = spec.unit.get(key)
        if key == "year" and value is None:
            value = spec.year
        s.label(f"A{row}", label, "label_left")
        count = key in _UNIT_COUNT_KEYS or key == "year"
        s.raw(f"B{row}:D{row}", value, "in_number" if count else "in_text")
        if key in _UNIT_COUNT_KEYS:
            s.ws.data_validation(row - 1, 1, row - 1, 1, {
                "validate": "integer", "criteria": ">=", "value": 0, "error_type": "stop",
                "input_title": "人数/个数", "input_message": "请填写整数（不带单位）。Whole number, no unit.",
                "error_title": "请填写整数", "error_message": "只能填写不小于0的整数。A whole number ≥ 0."})
        if key == "year":
            s.ws.data_validation(row - 1, 1, row - 1, 1, {
                "validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100,
                "input_title": "评价年度", "input_message": "如 2023。Four-digit year.",
                "error_title": "年度", "error_message": "请填写四位年度，如 2023。"})
        if key == "duties":
            s.min_height(row, 120)
        row += 1
    grid.page_setup(s, "D", row - 1, None)
    return s


# ==================================================================================================
# The project form
# ==================================================================================================


class FormCells:
    """Where the list links find a form's results (A1 cells on ``sheet``)."""

    def __init__(self, sheet: Sheet, project: ProjectSpec, total_row: int, grade_row: int) -> None:
        self.sheet = sheet
        self.project = project
        self.name = f"{POS.col_funds_label}{POS.name_row}"
        tot = POS.funds_row("total_funds")
        self.initial = f"{POS.col_initial}{tot}"
        self.budget = f"{POS.col_budget}{tot}"
        self.spent = f"{POS.col_spent}{tot}"
        self.rate = f"{POS.col_rate}{tot}"
        self.score = f"{POS.col_ind_score}{total_row}"
        self.grade = f"{POS.col_level1}{grade_row}"


def _indicator_rows(p: ProjectSpec) -> list[tuple[IndicatorSpec, bool]]:
    """The spec's indicators, then padding rows from the skeleton (flagged True)."""
    rows: list[tuple[IndicatorSpec, bool]] = [(x, False) for x in p.indicators]
    rows += [(IndicatorSpec(level1=l1, level2=l2), True)
             for l1, l2 in grid.padding(len(rows), p.min_indicator_rows, DEFAULT_SKELETON)]
    return rows


def _runs(keys: list[object | None]) -> list[tuple[int, int]]:
    """Runs [i, j] of equal, non-empty consecutive keys (None never merges)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(keys):
        j = i
        while (keys[i] is not None and j + 1 < len(keys) and keys[j + 1] == keys[i]
               and type(keys[j + 1]) is type(keys[i])):
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def _write_form(book: Book, spec: WorkbookSpec, p: ProjectSpec, level2_lists: bool) -> FormCells:
    P = POS
    s = book.add_sheet(p.sheet, FORM_WIDTHS)
    last = P.last_col
    lab = book.label

    # title, year, name, department
    grid.heading(s, P, lab(FORM_TITLE), p.year, spec.year)
    grid.identity(s, P, P.department_row, "E", (lab(FORM["project_name"]), lab(FORM["department"]), lab(FORM["implementer"])),
                  (p.name, p.department, p.implementer))

    _write_funds(s, p)
    grid.goals(s, P, "F", (lab(FORM["goal"]), lab(FORM["goal_expected"]), lab(FORM["goal_actual"])),
               (p.goal_expected, p.goal_actual), 80)
    total_row, grade_row = _write_indicators(s, p, level2_lists)

    grid.page_setup(s, last, grade_row, (P.title_row, P.year_row))
    return FormCells(s, p, total_row, grade_row)


def _write_funds(s: Sheet, p: ProjectSpec) -> None:
    P = POS
    h = P.funds_header_row
    rows = {k: P.funds_row(k) for k in P.funds_rows}
    tot, fis = rows["total_funds"], rows["fiscal"]
    last_funds = max(rows.values())
    s.label(f"{P.col_label}{h}:{P.col_label}{last_funds}", FORM["funds"])
    s.text(f"{P.col_funds_label}{h}:C{h}", "", "label")
    for c, key in ((P.col_initial, "initial_budget"), (P.col_budget, "annual_budget"), (P.col_spent, "spent"),
                   (P.col_weight, "weight"), (P.col_rate, "rate"), (P.col_score, "score"),
                   (P.col_funds_reason, "funds_reason")):
        s.label(f"{c}{h}", FORM[key])
    for key, r in rows.items():
        s.label(f"{P.col_funds_label}{r}:C{r}", FORM[key], "label_left")

    # the three lines: inputs
    amount_cols = (P.col_initial, P.col_budget, P.col_spent)
    for key, line in (("fiscal", p.fiscal), ("carryover", p.carryover), ("other", p.other)):
        r = rows[key]
        for c, v in zip(amount_cols, (line.initial, line.budget, line.spent), strict=True):
            s.raw(f"{c}{r}", v, "in_amount")
    first_line, last_line = min(rows[k] for k in ("fiscal", "carryover", "other")), last_funds

    # 年度资金总额, 分值, 执行率, 得分, 偏差原因
    grid.sums(s, amount_cols, first_line, last_line, tot, (p.total_initial, p.total_budget, p.total_spent))
    s.raw(f"{P.col_weight}{tot}", p.exec_weight, "in_number")
    grid.rate(s, P, tot, p.rate)
    grid.rate(s, P, fis, p.fiscal_rate)
    grid.exec_score(s, P, tot, p.exec_score)
    s.raw(f"{P.col_funds_reason}{tot}:{P.col_funds_reason}{last_funds}", p.exec_reason, "in_text")

    # cells without meaning
    for key in ("fiscal", "carryover", "other"):
        r = rows[key]
        s.text(f"{P.col_weight}{r}", "—", "dash")
        s.text(f"{P.col_score}{r}", "—", "dash")
        if key != "fiscal":
            s.text(f"{P.col_rate}{r}", "—", "dash")

    grid.amount_validation(s, first_line, P.col_initial, last_line, P.col_spent)
    cw = grid.col_index(P.col_weight)
    s.ws.data_validation(tot - 1, cw, tot - 1, cw, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100, "error_type": "stop",
        "input_title": "预算执行率分值", "input_message": "一般为10分。Usually 10 points.",
        "error_title": "分值", "error_message": "请填写0–100之间的数字。A number from 0 to 100."})


def _write_indicators(s: Sheet, p: ProjectSpec, level2_lists: bool) -> tuple[int, int]:
    P = POS
    h, first = P.indicator_header_row, P.first_indicator_row
    rows = _indicator_rows(p)
    n = len(rows)
    last_ind = P.total_row(n) - 1
    last = P.last_col
    lab = s.book.label

    s.label(f"A{h}:A{last_ind}" if n else f"A{h}", FORM["indicators"])
    for c, key in ((P.col_level1, "level1"), (P.col_level2, "level2"), (P.col_level3, "level3"),
                   (P.col_target, "target"), (P.col_actual, "actual"), (P.col_ind_weight, "weight"),
                   (P.col_ind_score, "score")):
        s.label(f"{c}{h}", FORM[key])
    s.label(f"{P.col_reason}{h}:{last}{h}", FORM["reason"])
    s.ws.write_comment(f"A{h}", (
        "增加指标行：选中某一指标行（不要选“总分”行），右键→插入整行；新行插在所选行上方，总分的求和范围自动扩大。\n"
        "More rows: select an indicator row (not 总分) and insert a row above it, so the SUM ranges grow."),
        {"author": "perfcheck", "x_scale": 2.2, "y_scale": 1.6})

    # 一级 / 二级: the spec's own rows merged down where equal, padding rows one by one
    own = [i for i, (_, pad) in enumerate(rows) if not pad]
    key1: list[object | None] = [rows[i][0].level1 for i in own]
    key2: list[object | None] = [None if rows[i][0].level2 is None else (rows[i][0].level1, rows[i][0].level2)
                                 for i in own]
    for col_letter, keys, attr in ((P.col_level1, key1, "level1"), (P.col_level2, key2, "level2")):
        for a, b in _runs(keys):
            ra, rb = first + own[a], first + own[b]
            ref = f"{col_letter}{ra}:{col_letter}{rb}" if rb > ra else f"{col_letter}{ra}"
            s.raw(ref, getattr(rows[own[a]][0], attr), "in_center")
    for i, (ind, pad) in enumerate(rows):
        r = first + i
        if pad:
            s.raw(f"{P.col_level1}{r}", ind.level1, "in_center")
            s.raw(f"{P.col_level2}{r}", ind.level2, "in_center")
        s.raw(f"{P.col_level3}{r}", ind.name, "in_text")
        s.raw(f"{P.col_target}{r}", ind.target, "in_center")
        s.raw(f"{P.col_actual}{r}", ind.actual, "in_center")
        s.raw(f"{P.col_ind_weight}{r}", ind.weight, "in_number")
        s.raw(f"{P.col_ind_score}{r}", ind.score, "in_number")
        s.raw(f"{P.col_reason}{r}:{last}{r}", ind.reason, "in_text")
        if pad:
            s.min_height(r, 24)

    total_row, grade_row = grid.totals(s, P, n, (lab(FORM["total_score"]), lab(FORM["grade"])),
                                       (p.total_weight, p.total_score, p.grade))
    if n:
        dependent = f'=INDIRECT("{LEVEL2_NAME_PREFIX}"&${P.col_level1}{first})' if level2_lists else None
        grid.level_validations(s, first, last_ind, P.col_level1, P.col_level2, dependent=dependent, national=True)
        grid.grade_choices(s, first, last_ind, P.col_actual)
        grid.points_validation(s, first, last_ind, P.col_ind_weight, P.col_ind_score)
    return total_row, grade_row


# ==================================================================================================
# 项目汇总
# ==================================================================================================


def _write_list(s: Sheet, spec: WorkbookSpec, forms: list[FormCells], unit_sheet: Sheet | None) -> None:
    cols = {key: col(i) for i, key in enumerate(LIST_COLUMNS)}
    last = col(len(LIST_COLUMNS) - 1)
    s.text(f"A1:{last}1", LIST_TITLE, "title")
    s.min_height(1, 32)
    if unit_sheet is not None:
        name_cell = _unit_value_cell("unit_name")
        year_cell = _unit_value_cell("year")
        f = (f'="填报单位："&{unit_sheet.ref(name_cell)}&"　　评价年度："&{unit_sheet.ref(year_cell)}'
             f'&"　　金额单位：万元"')
        v = (f"填报单位：{calc.text(unit_sheet.value(name_cell))}　　评价年度：{calc.text(unit_sheet.value(year_cell))}"
             "　　金额单位：万元")
        s.formula(f"A2:{last}2", f, v, "note")
    else:
        unit_name = spec.unit.get("unit_name")
        s.text(f"A2:{last}2", f"填报单位：{'' if unit_name is None else unit_name}　　评价年度："
               f"{'' if spec.year is None else spec.year}　　金额单位：万元", "note")
    h = LIST_HEADER_ROW
    for key, label in LIST_COLUMNS.items():
        s.label(f"{cols[key]}{h}", label)

    row = h + 1
    if spec.list_rows is None:
        for i, fc in enumerate(forms, start=1):
            src = fc.sheet
            s.raw(f"{cols['seq']}{row}", i, "calc_number")
            for key, cell, style in (("project_name", fc.name, "calc_text"), ("initial_budget", fc.initial, "calc_amount"),
                                     ("annual_budget", fc.budget, "calc_amount"), ("spent", fc.spent, "calc_amount"),
                                     ("rate", fc.rate, "calc_rate"), ("score", fc.score, "calc_score"),
                                     ("grade", fc.grade, "calc_number")):
                ref = src.ref(cell)
                s.formula(f"{cols[key]}{row}", f'=IF({ref}="","",{ref})', calc.link(src.value(cell)), style)
            s.raw(f"{cols['category']}{row}", fc.project.category, "in_center")
            s.raw(f"{cols['remark']}{row}", None, "in_text")
            row += 1
    else:
        for i, lr in enumerate(spec.list_rows, start=1):
            s.raw(f"{cols['seq']}{row}", i, "calc_number")
            for key, value, style in (("project_name", lr.name, "in_text"), ("category", lr.category, "in_center"),
                                      ("initial_budget", lr.initial, "in_amount"),
                                      ("annual_budget", lr.budget, "in_amount"), ("spent", lr.spent, "in_amount"),
                                      ("rate", lr.rate, "in_rate"), ("score", lr.score, "in_number"),
                                      ("grade", lr.grade, "in_center"), ("remark", lr.remark, "in_text")):
                s.raw(f"{cols[key]}{row}", value, style)
            row += 1

    # 合计
    first, lastrow = h + 1, row - 1
    s.label(f"A{row}:{cols['category']}{row}", LIST_TOTAL)
    stated = spec.list_total
    amount_keys = (("initial", "initial_budget"), ("budget", "annual_budget"), ("spent", "spent"))
    for skey, key in amount_keys:
        c = cols[key]
        if stated is not None:
            s.raw(f"{c}{row}", stated.get(skey), "calc_amount")
        elif lastrow >= first:
            rng = f"{c}{first}:{c}{lastrow}"
            s.formula(f"{c}{row}", f'=IF(COUNT({rng})=0,"",SUM({rng}))', calc.sum_or_blank(s.range_values(rng)),
                      "calc_amount")
        else:
            s.raw(f"{c}{row}", None, "calc_amount")
    b, e = f"{cols['annual_budget']}{row}", f"{cols['spent']}{row}"
    if stated is not None:
        s.raw(f"{cols['rate']}{row}", stated.get("rate"), "calc_rate")
        s.raw(f"{cols['score']}{row}", stated.get("score"), "calc_score")
    else:
        s.formula(f"{cols['rate']}{row}", f'=IF(AND(ISNUMBER({e}),ISNUMBER({b}),{b}<>0),{e}/{b},"")',
                  calc.ratio(s.value(e), s.value(b)), "calc_rate")
        s.raw(f"{cols['score']}{row}", None, "calc_score")
    s.raw(f"{cols['grade']}{row}", None, "blank")
    s.raw(f"{cols['remark']}{row}", None, "blank")
    grid.page_setup(s, last, row, (1, h))


def _unit_value_cell(key: str) -> str:
    """Where _write_unit puts a key's value (column B, one row per UNIT label from row 2)."""
    return f"B{2 + list(UNIT).index(key)}"


# ==================================================================================================
# 问题与措施
# ==================================================================================================


def _write_issues(book: Book, spec: WorkbookSpec) -> None:
    s = book.add_sheet(SHEET_ISSUES.zh, ISSUES_WIDTHS)
    s.text("A1:D1", "问题与措施", "title")
    s.min_height(1, 32)
    for row, key, value in ((2, "problems", spec.problems), (3, "measures", spec.measures)):
        s.label(f"A{row}", ISSUES[key])
        s.raw(f"B{row}:D{row}", value, "in_text")
        s.min_height(row, 180)
    grid.page_setup(s, "D", 3, None)
