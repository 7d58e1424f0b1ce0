"""The 校验结果 sheet: the first sheet of the annotated copy.

Layout (columns A–L; the findings table uses A–H):

  1    title (merged A:H)                                       verdict
  2–4  文件 / 单位 / 规则文件 (labels A:C, values D:F) and 校验时间 / 年度 / perfcheck 版本 (G, H)
  5    结论: 通过 / 退回修改 with the counts per level, filled green or red
  6    图例: the three severity fills (错误, 警告, 提示)
  7    the findings header — frozen (panes under it), autofilter, repeated on every printed page
  8…   one row per finding: 序号, 级别, 代码, 工作表, 单元格 (internal link ``#'项目1'!H6``), 说明,
       期望值, 实际值; the 级别 cell carries the severity fill
  then a blank row, and the project table: 序号, 错误, 警告, 工作表 (link to the form), 执行率,
       项目名称, 全年预算数, 全年执行数, 自评得分, 重算得分, 自评等级, 重算等级

The findings come before the projects so that only a 7-row heading sits above the frozen header.
Column Z is hidden and holds the original-format records of the marked cells (see annotate.py).
Every text taken from the workbook or a message is written as a string, never as a formula.
Print: A4 landscape, fit to one page wide, header row repeated.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from perfcheck import __version__
from perfcheck.findings import Report
from perfcheck.layout import SHEET_RESULT
from perfcheck.model import Severity, quote_sheet
from perfcheck.report.colors import FILL_ARGB, FONT_ARGB, HEADER_ARGB, PASS_ARGB
from perfcheck.report.common import (
    clean_text,
    counts_text,
    fit_width,
    fmt,
    message,
    severity_label,
    t,
    to_float,
    verdict,
    wrapped_lines,
)

HEADER_ROW = 7
FINDING_COLS = ("seq", "level", "code", "sheet", "cell", "message", "expected", "actual")
PROJECT_COLS = ("seq", "errors", "warnings", "sheet", "rate", "project_name", "budget", "spent",
                "stated_score", "computed_score", "stated_grade", "computed_grade")


def put_text(ws: Any, row: int, col: int, text: object) -> Any:
    """Write ``text`` as a string cell, whatever it starts with (=, +, -, @ stay text)."""
    cell = ws.cell(row=row, column=col)
    cell.value = clean_text("" if text is None else str(text))
    cell.data_type = "s"
    return cell


def put_number(ws: Any, row: int, col: int, value: object, number_format: str = "General") -> Any:
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    cell.value = value
    cell.number_format = number_format
    return cell


def link(cell: Any, sheet: str, coord: str) -> None:
    """An internal hyperlink: clicking the cell jumps to ``'sheet'!coord``."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheet(sheet)}!{coord}")
    cell.font = Font(color="FF0563C1", underline="single")


def write_result_sheet(wb: Any, report: Report, *, lang: object = "zh", strict: bool = False,
                       rules_file: Path | None = None, checked_at: dt.datetime | None = None,
                       where: dict[tuple[str, str], str] | None = None,
                       marks: list[dict[str, Any]] | None = None) -> Any:
    """Create 校验结果 as the first, active sheet of ``wb`` (an existing one is replaced)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    if SHEET_RESULT.zh in wb.sheetnames:
        wb.remove(wb[SHEET_RESULT.zh])
    ws = wb.create_sheet(SHEET_RESULT.zh, 0)
    for other in wb.worksheets[1:] + list(getattr(wb, "chartsheets", [])):
        for view in getattr(getattr(other, "views", None), "sheetView", []) or []:
            view.tabSelected = False
    wb.active = 0
    ws.sheet_view.tabSelected = True

    where = where or {}
    checked_at = checked_at or dt.datetime.now().replace(microsecond=0)
    bold = Font(bold=True)
    thin = Side(style="thin", color="FFBFBFBF")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill(fill_type="solid", fgColor=HEADER_ARGB, bgColor=HEADER_ARGB)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="top")

    def solid(argb: str) -> PatternFill:
        return PatternFill(fill_type="solid", fgColor=argb, bgColor=argb)

    # ---- heading -------------------------------------------------------------------------------
    title = put_text(ws, 1, 1, f"{t('title', lang)} — {report.path.name}")
    title.font = Font(bold=True, size=14)
    ws.merge_cells("A1:F1")
    ok = report.passed(strict=strict)
    v = put_text(ws, 1, 7, verdict(report, lang, strict=strict))
    v.font = Font(bold=True, size=14, color="FF006100" if ok else FONT_ARGB[Severity.ERROR])
    v.fill = solid(PASS_ARGB if ok else FILL_ARGB[Severity.ERROR])
    v.alignment = Alignment(horizontal="center")
    ws.merge_cells("G1:H1")

    rules_text = str(rules_file) if rules_file else t("default_rules", lang)
    left = [("file", report.path.name), ("unit", report.unit or ""), ("rules_file", rules_text)]
    right = [("checked_at", checked_at.strftime("%Y-%m-%d %H:%M")), ("year", "" if report.year is None else str(report.year)),
             ("version", __version__)]
    for i, ((lk, lv), (rk, rv)) in enumerate(zip(left, right, strict=True)):
        r = 2 + i
        put_text(ws, r, 1, t(lk, lang)).font = bold
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        put_text(ws, r, 4, lv)
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=6)
        put_text(ws, r, 7, t(rk, lang)).font = bold
        put_text(ws, r, 8, rv)
    put_text(ws, 5, 1, t("verdict", lang)).font = bold
    ws.merge_cells("A5:C5")
    vc = put_text(ws, 5, 4, f"{verdict(report, lang, strict=strict)}：{counts_text(report, lang)}")
    vc.font = Font(bold=True, color="FF006100" if ok else FONT_ARGB[Severity.ERROR])
    vc.fill = solid(PASS_ARGB if ok else FILL_ARGB[Severity.ERROR])
    ws.merge_cells("D5:F5")
    put_text(ws, 6, 1, t("legend", lang)).font = bold
    ws.merge_cells("A6:C6")
    for col, sev in zip((4, 5, 6), (Severity.ERROR, Severity.WARNING, Severity.INFO), strict=True):
        c = put_text(ws, 6, col, severity_label(sev, lang))
        c.fill = solid(FILL_ARGB[sev])
        c.font = Font(color=FONT_ARGB[sev])
        c.alignment = Alignment(horizontal="center")
        c.border = box

    # ---- findings ------------------------------------------------------------------------------
    for col, key in enumerate(FINDING_COLS, start=1):
        c = put_text(ws, HEADER_ROW, col, t(key, lang))
        c.font = bold
        c.fill = head_fill
        c.border = box
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    findings = report.sorted_findings()
    texts: dict[int, list[str]] = {i: [t(k, lang)] for i, k in enumerate(FINDING_COLS, start=1)}
    row = HEADER_ROW
    for n, f in enumerate(findings, start=1):
        row = HEADER_ROW + n
        values = [str(n), severity_label(f.severity, lang), f.code, f.sheet or t("workbook", lang),
                  f.cell or "", message(f, lang), fmt(f.expected), fmt(f.actual)]
        for col, value in enumerate(values, start=1):
            c = put_text(ws, row, col, value)
            c.border = box
            c.alignment = wrap if col in (4, 6, 7, 8) else centre
            texts[col].append(value)
        put_number(ws, row, 1, n).alignment = centre
        lvl = ws.cell(row=row, column=2)
        lvl.fill = solid(FILL_ARGB[f.severity])
        lvl.font = Font(color=FONT_ARGB[f.severity])
        if f.at is not None and (f.at.sheet, f.at.cell) in where:
            link(ws.cell(row=row, column=5), f.at.sheet, where[(f.at.sheet, f.at.cell)])
        elif f.at is not None and f.at.sheet in wb.sheetnames:
            link(ws.cell(row=row, column=5), f.at.sheet, f.at.cell.split(":")[0])
    last_finding_row = row
    if not findings:
        last_finding_row = HEADER_ROW + 1
        put_text(ws, last_finding_row, 2, t("no_findings", lang))
        ws.merge_cells(start_row=last_finding_row, start_column=2, end_row=last_finding_row, end_column=8)
    ws.auto_filter.ref = f"A{HEADER_ROW}:H{max(last_finding_row, HEADER_ROW + 1)}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"

    # ---- projects ------------------------------------------------------------------------------
    top = last_finding_row + 2
    put_text(ws, top, 1, t("projects_title", lang, n=len(report.projects))).font = Font(bold=True, size=12)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=8)
    head = top + 1
    for col, key in enumerate(PROJECT_COLS, start=1):
        c = put_text(ws, head, col, t(key, lang))
        c.font = bold
        c.fill = head_fill
        c.border = box
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    proj_texts: dict[int, list[str]] = {}
    for n, p in enumerate(report.projects, start=1):
        r = head + n
        errors = sum(1 for f in report.findings if f.sheet == p.sheet and f.severity is Severity.ERROR)
        warnings = sum(1 for f in report.findings if f.sheet == p.sheet and f.severity is Severity.WARNING)
        put_number(ws, r, 1, n)
        put_number(ws, r, 2, errors)
        put_number(ws, r, 3, warnings)
        sc = put_text(ws, r, 4, p.sheet)
        if p.sheet in wb.sheetnames:
            link(sc, p.sheet, "A1")
        put_number(ws, r, 5, to_float(p.execution_rate), "0.00%")
        nc = put_text(ws, r, 6, p.name or "")
        if p.sheet in wb.sheetnames:
            link(nc, p.sheet, "A1")
        put_number(ws, r, 7, to_float(p.budget), "#,##0.00")
        put_number(ws, r, 8, to_float(p.spent), "#,##0.00")
        put_number(ws, r, 9, to_float(p.stated_score), "0.00")
        put_number(ws, r, 10, to_float(p.computed_score), "0.00")
        put_text(ws, r, 11, p.stated_grade or "")
        put_text(ws, r, 12, p.computed_grade or "")
        for col in range(1, 13):
            c = ws.cell(row=r, column=col)
            c.border = box
            c.alignment = wrap if col in (4, 6) else centre
            proj_texts.setdefault(col, []).append(fmt(c.value))
        if errors:
            ws.cell(row=r, column=2).fill = solid(FILL_ARGB[Severity.ERROR])
    last_row = head + max(1, len(report.projects))
    if not report.projects:
        put_text(ws, head + 1, 2, t("no_projects", lang))

    # ---- original-format records (hidden) -------------------------------------------------------
    from perfcheck.report.annotate import MARKS_COLUMN, MARKS_HEADER

    put_text(ws, 1, 26, MARKS_HEADER)
    for i, rec in enumerate(marks or [], start=2):
        put_text(ws, i, 26, json.dumps(rec, ensure_ascii=False)[:32000])
    ws.column_dimensions[MARKS_COLUMN].hidden = True

    # ---- widths, print ------------------------------------------------------------------------
    limits = {1: (5, 6), 2: (7, 9), 3: (7, 9), 4: (10, 18), 5: (8, 10), 6: (30, 56), 7: (12, 18), 8: (12, 18),
              9: (9, 11), 10: (9, 11), 11: (9, 11), 12: (9, 11)}
    for col, (lo, hi) in limits.items():
        sample = texts.get(col, []) + proj_texts.get(col, [])
        ws.column_dimensions[get_column_letter(col)].width = fit_width(sample, minimum=lo, maximum=hi)
    # row heights: LibreOffice and Excel do not grow rows written by openpyxl, so size them here
    for r in range(HEADER_ROW + 1, last_row + 1):
        lines = 1
        for col in (4, 6, 7, 8):
            value = ws.cell(row=r, column=col).value
            if isinstance(value, str) and value:
                width = ws.column_dimensions[get_column_letter(col)].width or 10
                lines = max(lines, wrapped_lines(value, width))
        if lines > 1:
            ws.row_dimensions[r].height = 15 * lines + 2
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:L{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    return ws
