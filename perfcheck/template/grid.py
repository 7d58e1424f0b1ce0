"""The form grid every written form shares, written once for the project form (``template.build``)
and the department and monitoring forms (``template.kinds``).

A form is a title and a year line, a funds block (lines of amounts under a header row, a 年度资金总额
row that sums them, 执行率 and, on a self-assessment form, the 预算执行率 score), a goal block, and an
indicator grid that a self-assessment form closes with 总分 and 自评等级.  Positions come from the
form's ``layout.GridPositions``; the look from ``template.styles``; every computed cell is a formula
with the value a spreadsheet computes stored beside it, or the spec's literal (``Sheet.computed``).
The workbook is saved atomically by :func:`save`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from xlsxwriter.workbook import Workbook

from perfcheck.config import Execution, GradeBands
from perfcheck.layout import GRADES, LEVEL1, QUAL_GRADES, GridPositions, ScoredPositions
from perfcheck.template import calc
from perfcheck.template.blueprint import Computed, Raw
from perfcheck.template.sheet import Sheet
from perfcheck.template.styles import FONT, FONT_SIZE

CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)
"""Fixed creation date in the document properties, so that the output is reproducible."""

_EXEC = Execution()
_GRADE_BANDS = GradeBands()


def number_text(x: object) -> str:
    """A number as formula text (90, 0.5)."""
    s = str(x)
    return s[:-2] if s.endswith(".0") else s


def col_index(letter: str) -> int:
    return ord(letter) - ord("A")


# ==================================================================================================
# Saving
# ==================================================================================================


def save(build: Callable[[Workbook], None], path: Path, *, title: str, subject: str) -> None:
    """Run ``build`` on a new XlsxWriter workbook and save it to ``path`` atomically (a temporary file
    in the same folder, then ``os.replace``), with the document properties every written workbook has."""
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.tmp.xlsx")
    try:
        wb = Workbook(str(tmp), {"default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE}})
        try:
            wb.set_properties({"title": title, "subject": subject, "author": "perfcheck",
                               "comments": "Written by perfcheck", "created": CREATED})
            wb.set_calc_mode("auto")
            build(wb)
        finally:
            wb.close()
        _mark_blank_formula_results(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_BLANK_RESULT = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)><f>([^<]*)</f><v></v></c>')


def _mark_blank_formula_results(path: Path) -> None:
    """Mark formulas whose computed result is the empty string as cached text (``t="str"``).

    XlsxWriter writes a blank result as ``<v></v>`` without a type, on purpose ("to force recalc in
    some third party apps"); openpyxl writes formulas it never computed the same way.  Excel and
    LibreOffice save a blank text result as ``t="str"``; doing the same here lets a reader tell a
    formula whose stored result is blank from one that was never computed (PC009).
    """
    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    changed = False
    out: list[tuple[zipfile.ZipInfo, bytes]] = []
    for info, data in members:
        if info.filename.startswith("xl/worksheets/sheet") and info.filename.endswith(".xml"):
            text = data.decode("utf-8")
            new = _BLANK_RESULT.sub(r'<c r="\1"\2 t="str"><f>\3</f><v></v></c>', text)
            if new != text:
                changed = True
                data = new.encode("utf-8")
        out.append((info, data))
    if not changed:
        return
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in out:
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def page_setup(sheet: Sheet, last_col: str, last_row: int, repeat: tuple[int, int] | None) -> None:
    """A4 landscape, one page wide, page numbers, print area (the look of every written sheet)."""
    ws = sheet.ws
    ws.set_landscape()
    ws.set_paper(9)                      # A4
    ws.fit_to_pages(1, 0)                # one page wide, as many long as needed
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.print_area(f"A1:{last_col}{last_row}")
    if repeat is not None:
        ws.repeat_rows(repeat[0] - 1, repeat[1] - 1)


# ==================================================================================================
# The form
# ==================================================================================================


def year_line(year: Raw, default: int | None) -> tuple[object, bool]:
    """The （2023年度） line (the form's own year, else the workbook's) and whether it is a placeholder."""
    y = year if year is not None else default
    if y is None:
        return "（　　　　年度）", True
    if isinstance(y, int):
        return f"（{y}年度）", False
    return y, False


class Titled(Protocol):
    """Any form's positions: the title and year rows, the last column (the 基础数据表's too)."""

    @property
    def title_row(self) -> int: ...
    @property
    def year_row(self) -> int: ...
    @property
    def last_col(self) -> str: ...


def heading(s: Sheet, P: Titled, title: str, year: Raw, default_year: int | None) -> None:
    """The title across the form and the year line under it."""
    last = P.last_col
    s.text(f"A{P.title_row}:{last}{P.title_row}", title, "title")
    s.min_height(P.title_row, 36)
    text, placeholder = year_line(year, default_year)
    s.raw(f"A{P.year_row}:{last}{P.year_row}", text, "subtitle_in" if placeholder else "subtitle")


def identity(s: Sheet, P: GridPositions, department_row: int, split: str, labels: tuple[str, str, str],
             values: tuple[Raw, Raw, Raw]) -> None:
    """The project's name across the form (``name_row``), then on ``department_row`` 主管部门 from B to
    ``split`` and 实施单位 after it (``labels`` and ``values``: name, department, implementer)."""
    last, r, d = P.last_col, P.name_row, department_row
    mid, right = chr(ord(split) + 1), chr(ord(split) + 2)
    s.raw(f"A{r}", labels[0], "label")
    s.raw(f"B{r}:{last}{r}", values[0], "in_text")
    s.raw(f"A{d}", labels[1], "label")
    s.raw(f"B{d}:{split}{d}", values[1], "in_text")
    s.raw(f"{mid}{d}", labels[2], "label")
    s.raw(f"{right}{d}:{last}{d}", values[2], "in_text")


def padding(have: int, minimum: int, skeleton: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(一级, 二级) of the empty rows that pad ``have`` indicators up to ``minimum``, from the
    template's skeleton (repeated when it is shorter)."""
    return [skeleton[i % len(skeleton)] for i in range(have, minimum)]


def sums(s: Sheet, cols: Sequence[str], first: int, last: int, row: int, stated: Sequence[Computed]) -> None:
    """年度资金总额: in each column, the sum of the lines ``first``–``last`` (blank when none is filled)."""
    for c, st in zip(cols, stated, strict=True):
        rng = f"{c}{first}:{c}{last}"
        s.computed(f"{c}{row}", st, f'=IF(COUNT({rng})=0,"",SUM({rng}))', calc.sum_or_blank(s.range_values(rng)),
                   "calc_amount")


def rate(s: Sheet, P: GridPositions, row: int, stated: Computed) -> None:
    """执行率 of a funds line: 执行数 ÷ 预算数 (a fraction, shown as %)."""
    b, e = f"{P.col_budget}{row}", f"{P.col_spent}{row}"
    s.computed(f"{P.col_rate}{row}", stated, f'=IF(AND(ISNUMBER({e}),ISNUMBER({b}),{b}<>0),{e}/{b},"")',
               calc.ratio(s.value(e), s.value(b)), "calc_rate")


def exec_score(s: Sheet, P: ScoredPositions, row: int, stated: Computed) -> None:
    """预算执行率得分 = 分值 × min(执行率, 1), rounded as the rules file says."""
    w, r, d = f"{P.col_weight}{row}", f"{P.col_rate}{row}", _EXEC.decimals
    s.computed(f"{P.col_score}{row}", stated, f'=IF(AND(ISNUMBER({w}),ISNUMBER({r})),ROUND({w}*MIN({r},1),{d}),"")',
               calc.exec_score(s.value(w), s.value(r), d), "calc_score")


def goals(s: Sheet, P: GridPositions, split: str, heads: tuple[str, str, str], values: tuple[Raw, Raw],
          height: float) -> None:
    """The goal block: its label down column A, the expected goal from B to ``split``, what was done
    from the next column to the form's last (``heads``: the three header texts)."""
    h, t, last = P.goal_header_row, P.goal_text_row, P.last_col
    right = chr(ord(split) + 1)
    s.raw(f"A{h}:A{t}", heads[0], "label")
    s.raw(f"B{h}:{split}{h}", heads[1], "label")
    s.raw(f"{right}{h}:{last}{h}", heads[2], "label")
    s.raw(f"B{t}:{split}{t}", values[0], "in_text")
    s.raw(f"{right}{t}:{last}{t}", values[1], "in_text")
    s.min_height(t, height)


def totals(s: Sheet, P: ScoredPositions, n: int, labels: tuple[str, str], stated: tuple[Computed, Computed, Computed]
           ) -> tuple[int, int]:
    """总分 (the 预算执行率 weight and score plus the indicators') and 自评等级 under ``n`` indicator rows;
    ``stated``: 总分's weight and score and the grade.  Returns the two rows."""
    first, total_row, grade_row = P.first_indicator_row, P.total_row(n), P.grade_row(n)
    last_ind, last = total_row - 1, P.last_col
    tot_f = P.funds_row(P.funds_rows[0])
    wcol, scol = P.col_ind_weight, P.col_ind_score
    weights = [f"{P.col_weight}{tot_f}"] + ([f"{wcol}{first}:{wcol}{last_ind}"] if n else [])
    scores = [f"{P.col_score}{tot_f}"] + ([f"{scol}{first}:{scol}{last_ind}"] if n else [])
    s.raw(f"A{total_row}:F{total_row}", labels[0], "label")
    wv = [v for ref in weights for v in s.range_values(ref)]
    sv = [v for ref in scores for v in s.range_values(ref)]
    s.computed(f"{wcol}{total_row}", stated[0], f"=SUM({','.join(weights)})", calc.sum_(wv), "calc_number")
    s.computed(f"{scol}{total_row}", stated[1],
               f'=IF(COUNT({",".join(scores)})=0,"",SUM({",".join(scores)}))', calc.sum_or_blank(sv), "calc_score")
    s.text(f"{P.col_reason}{total_row}:{last}{total_row}", "", "blank")

    s.raw(f"A{grade_row}", labels[1], "label")
    t = f"{scol}{total_row}"
    bands = (float(_GRADE_BANDS.excellent), float(_GRADE_BANDS.good), float(_GRADE_BANDS.fair))
    g, b = GRADES, [number_text(x) for x in bands]
    grade_f = (f'=IF(ISNUMBER({t}),IF({t}>={b[0]},"{g[0]}",IF({t}>={b[1]},"{g[1]}",'
               f'IF({t}>={b[2]},"{g[2]}","{g[3]}"))),"")')
    s.computed(f"B{grade_row}:{last}{grade_row}", stated[2], grade_f, calc.grade(s.value(t), bands, g), "calc_center")
    return total_row, grade_row


# ==================================================================================================
# Drop-downs and checks on input
# ==================================================================================================


def amount_validation(s: Sheet, r0: int, c0: str, r1: int, c1: str) -> None:
    """Amounts in 万元: a number ≥ 0 (rows 1-based, inclusive)."""
    s.ws.data_validation(r0 - 1, col_index(c0), r1 - 1, col_index(c1), {
        "validate": "decimal", "criteria": ">=", "value": 0, "error_type": "stop",
        "input_title": "金额（万元）",
        "input_message": "请填写数字，单位为万元，不要带“万元”等字样；无此项资金留空。\nAmount in 万元, a number ≥ 0.",
        "error_title": "金额应为数字", "error_message": "请填写不小于0的数字（万元）。Enter a number ≥ 0 (万元)."})


def level_validations(s: Sheet, first: int, last: int, c1: str, c2: str, *,
                      dependent: str | None = None, national: bool = False) -> None:
    """一级 and 二级 drop-downs (warnings: a typed name is allowed).  ``dependent``: the 二级 list's
    formula when it follows the row's 一级 (else every 二级); ``national``: the form uses the national
    一级 set only (the project form) -- other forms may carry a province's own set."""
    level1_error = ("一级指标应为：产出指标、效益指标、满意度指标。继续吗？" if national
                    else "一级指标不在清单中（各省另有一级指标体系的可继续）。继续吗？")
    s.ws.data_validation(first - 1, col_index(c1), last - 1, col_index(c1), {
        "validate": "list", "source": list(LEVEL1), "error_type": "warning",
        "input_title": "一级指标", "input_message": "从下拉列表选择。Pick from the list.",
        "error_title": "一级指标", "error_message": level1_error})
    s.ws.data_validation(first - 1, col_index(c2), last - 1, col_index(c2), {
        "validate": "list", "source": dependent or [x for xs in LEVEL1.values() for x in xs], "error_type": "warning",
        "input_title": "二级指标",
        "input_message": ("随一级指标变化，从下拉列表选择。Follows the 一级 of the row." if national
                          else "从下拉列表选择。Pick from the list."),
        "error_title": "二级指标",
        "error_message": "二级指标不在该一级指标的清单中。继续吗？" if national else "二级指标不在清单中。继续吗？"})


def grade_choices(s: Sheet, first: int, last: int, c: str, title: str = "实际完成值",
                  message: str = "填写实际数值（与指标值同单位），或选择定性三档之一。") -> None:
    """A completed value: a number, or one of the three qualitative grades (never refused)."""
    s.ws.data_validation(first - 1, col_index(c), last - 1, col_index(c), {
        "validate": "list", "source": list(QUAL_GRADES), "show_error": False,
        "input_title": title, "input_message": message})


def points_validation(s: Sheet, first: int, last: int, c0: str, c1: str) -> None:
    """分值 and 得分: numbers from 0 to 100."""
    s.ws.data_validation(first - 1, col_index(c0), last - 1, col_index(c1), {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100, "error_type": "stop",
        "input_title": "分值/得分", "input_message": "填写数字（分），得分不超过分值。Points, a number.",
        "error_title": "应为数字", "error_message": "请填写0–100之间的数字。A number from 0 to 100."})
