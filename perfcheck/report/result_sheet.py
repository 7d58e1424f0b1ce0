"""The 校验结果 sheet: the first sheet of the annotated copy, written as sheet XML directly.

Layout (columns A–G):

  1    title (merged A:E) and the verdict (F:G), filled green or red
  2–4  文件 / 单位 / 规则文件 (labels A:B, values C:D) and 校验时间 / 年度 / perfcheck 版本 (E, F:G)
  5    结论: 通过 / 退回修改 with the counts per level
  6    图例: the three severity fills (错误, 警告, 提示)
  7    the findings header — frozen (panes under it), autofilter, repeated on every printed page
  8…   one row per finding: 序号, 工作表, 单元格 (internal link to the marked cell), 问题 (the
       finding's message), 怎么改 (what to do, with the value perfcheck computed), 级别 (with the
       severity fill), 代码
  then a blank row, and the project table: 序号, 工作表 (link), 项目名称, 全年预算数 / 全年执行数,
       执行率, 总分, 等级 — a stated 执行率/总分/等级 that differs from the recomputed one is filled
       with the warning colour and shows ``填 X → 应 Y``.

Every text is an inline string (``t="inlineStr"``), never a formula.  Values are shown as the form
shows them: amounts with two decimals and thousands separators, rates as percentages, scores with
two decimals.  Row heights follow the wrapped text, at most 409 points (Excel's limit).
Print: A4 landscape, fit to one page wide, the header row repeated on every page.
The cell formats come from ``style`` (:meth:`perfcheck.report.annotate.Styles.style`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from perfcheck.findings import Finding, Report
from perfcheck.layout import GRADES
from perfcheck.model import Severity, quote_sheet
from perfcheck.report.colors import FILL_ARGB, FONT_ARGB, HEADER_ARGB, PASS_ARGB
from perfcheck.report.common import (
    counts_text,
    display_width,
    lang_of,
    rule_info,
    severity_label,
    short_message,
    t,
    verdict,
    wrapped_lines,
)
from perfcheck.report.package import NS_MAIN, NS_REL, esc, xml_text
from perfcheck.version import __version__

HEADER_ROW = 7
FINDING_COLS = ("seq", "sheet", "cell", "problem", "fix", "level", "code")
PROJECT_COLS = ("seq", "sheet", "total_score", "project_name", "rate", "grade")
WIDTHS = {1: (5, 6), 2: (8, 16), 3: (7, 9), 4: (30, 52), 5: (22, 40), 6: (8, 9), 7: (9, 10)}   # 6+7 fit the check time
MAX_ROW_HEIGHT = 409.0
WRAPPED = (2, 3, 4, 5, 6)    # the columns whose text may wrap (measured for the row heights)
_CTRL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # what Excel rejects in a cell (tab, newline stay)
LINE_HEIGHT = 14.5

LABELS = {
    "zh": {"problem": "问题", "fix": "怎么改", "budget_spent": "全年预算数 {b}，全年执行数 {s}", "total_score": "总分",
           "grade": "等级", "stated": "填", "computed": "应", "change_to": "改为 {v}", "see": "核对并修改：{s}",
           "diff_note": "（填写值与重算值不同的已标色）"},
    "en": {"problem": "Problem", "fix": "What to do", "budget_spent": "budget {b}, spent {s}", "total_score": "Total score",
           "grade": "Grade", "stated": "stated", "computed": "should be", "change_to": "Change to {v}",
           "see": "Check and correct: {s}", "diff_note": "(stated values that differ from the recomputed ones are highlighted)"},
}


def _l(key: str, lang: object, **kw: object) -> str:
    if key in LABELS["zh"]:
        text = LABELS[lang_of(lang)][key]
        return text.format(**kw) if kw else text
    return t(key, lang, **kw)


# --------------------------------------------------------------------------------------------------
# Display formats
# --------------------------------------------------------------------------------------------------


def _dec(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float):
        try:
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return None
    return None


def amount(value: object) -> str:
    """``1234.5`` → ``1,234.50``."""
    d = _dec(value)
    return "" if d is None else f"{d:,.2f}"


def percent(value: object) -> str:
    """``0.78333`` → ``78.33%``."""
    d = _dec(value)
    if d is None:
        return "" if value is None else str(value)
    return f"{(d * 100).quantize(Decimal('0.01')).normalize():f}%"


def score(value: object) -> str:
    d = _dec(value)
    return "" if d is None else f"{d:.2f}"


def plain(value: object) -> str:
    """A value as the form shows it: integers as such, other numbers to two decimals with separators."""
    d = _dec(value)
    if d is None:
        return "" if value is None else str(value)
    if d == d.to_integral_value():
        return f"{d:,.0f}"
    return f"{d:,.2f}"


def _is_rate(f: Finding) -> bool:
    d = _dec(f.expected)
    if d is None or abs(d) > 2:
        return False
    texts = [str(v) for v in f.ctx.values()]
    return any(s.endswith("%") for s in texts)


def fix_text(f: Finding, lang: object = "zh") -> str:
    """What to do: "改为 <the value perfcheck computed>" when the finding has one, else the clause of
    the message that says what to do, else the rule's summary."""
    if f.expected is not None and not isinstance(f.expected, bool):
        v = ""
        if isinstance(f.expected, str):
            # a text is a value to type only when it is a grade; otherwise it names what is expected
            if f.expected in GRADES:
                v = f"“{f.expected}”" if lang_of(lang) == "zh" else f'"{f.expected}"'
        elif _is_rate(f):
            v = percent(f.expected)
        else:
            v = plain(f.expected)
        if v:
            return _l("change_to", lang, v=v)
    msg = short_message(f, lang)
    if lang_of(lang) == "zh":
        for sep in ("，请", "；请", "。请", "请"):
            k = msg.rfind(sep)
            if k >= 0:
                return msg[k + len(sep) - 1:].lstrip("请").strip("。；，") or msg
        for sep in ("；应", "，应", "：应"):
            k = msg.rfind(sep)
            if k >= 0:
                return msg[k + 1:].strip("。；，")
    else:
        for sep in ("; ", ": "):
            k = msg.rfind(sep)
            if k >= 0 and any(w in msg[k:].lower() for w in ("should", "must", "fill", "enter", "check")):
                return msg[k + len(sep):]
    _, summary = rule_info(f.code, lang)
    return _l("see", lang, s=summary or f.code)


# --------------------------------------------------------------------------------------------------
# The sheet
# --------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _col(c: int) -> str:
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass(frozen=True)
class Style:
    """A cell format for the cells perfcheck writes (校验结果, mark texts)."""

    bold: bool = False
    size: float | None = None
    color: str | None = None            # font ARGB
    underline: bool = False
    fill: str | None = None             # ARGB
    border: bool = False
    num_fmt: str | None = None
    h: str | None = None                # horizontal alignment
    v: str | None = "top"
    wrap: bool = False



class _Sheet:
    def __init__(self, style: Callable[..., int]) -> None:
        self.Style = Style
        self.style = style
        self.rows: dict[int, dict[int, str]] = {}
        self.heights: dict[int, float] = {}
        self.merges: list[str] = []
        self.links: list[tuple[str, str, str]] = []
        self.texts: dict[int, list[str]] = {}
        self.wrapped: dict[int, list[tuple[int, str]]] = {}

    def s(self, **kw: object) -> int:
        return self.style(self.Style(**kw))  # type: ignore[arg-type]

    def text(self, r: int, c: int, value: object, xf: int, *, measure: bool = True) -> None:
        s = "" if value is None else str(value)
        if _CTRL.search(s) is not None:
            s = _CTRL.sub(" ", s)
        s = s[:32000]
        ref = f"{_col(c)}{r}"
        if measure and c in WRAPPED:
            self.wrapped.setdefault(r, []).append((c, s))
        if s:
            self.rows.setdefault(r, {})[c] = (f'<c r="{ref}" s="{xf}" t="inlineStr"><is><t xml:space="preserve">'
                                              f"{esc(s)}</t></is></c>")
        else:
            self.rows.setdefault(r, {})[c] = f'<c r="{ref}" s="{xf}"/>'
        if measure:
            self.texts.setdefault(c, []).append(s)

    def number(self, r: int, c: int, value: int | float, xf: int) -> None:
        self.rows.setdefault(r, {})[c] = f'<c r="{_col(c)}{r}" s="{xf}"><v>{value!r}</v></c>'
        self.texts.setdefault(c, []).append(str(value))

    def blank(self, r: int, c: int, xf: int) -> None:
        self.rows.setdefault(r, {}).setdefault(c, f'<c r="{_col(c)}{r}" s="{xf}"/>')

    def merge(self, r0: int, c0: int, r1: int, c1: int, xf: int | None = None) -> None:
        self.merges.append(f"{_col(c0)}{r0}:{_col(c1)}{r1}")
        if xf is not None:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    self.blank(r, c, xf)

    def link(self, r: int, c: int, sheet: str, cell: str) -> None:
        self.links.append((f"{_col(c)}{r}", f"{quote_sheet(sheet)}!{cell}", sheet))


def result_sheet_xml(report: Report, *, lang: object = "zh", strict: bool = False, rules_file: Path | None = None,
                     checked_at: dt.datetime | None = None, where: dict[tuple[str, str], str] | None = None,
                     sheet_names: list[str] | None = None, style: Callable[..., int],
                     findings: list[Finding] | None = None) -> tuple[str, list[tuple[str, str, bool]]]:
    """(the sheet XML of 校验结果, its defined names [(name, value, hidden)] with localSheetId 0)."""
    where = where or {}
    names = set(sheet_names or [])
    checked_at = checked_at or dt.datetime.now().replace(microsecond=0)
    sh = _Sheet(style)
    ok = report.passed(strict=strict)
    err_fill, err_font = FILL_ARGB[Severity.ERROR], FONT_ARGB[Severity.ERROR]
    v_fill, v_font = (PASS_ARGB, "FF006100") if ok else (err_fill, err_font)
    bold = sh.s(bold=True)
    plain_xf = sh.s()
    sh.s(border=True, v="top")
    wrap = sh.s(border=True, v="top", wrap=True)
    centre = sh.s(border=True, v="top", h="center")
    head = sh.s(bold=True, fill=HEADER_ARGB, border=True, h="center", v="center", wrap=True)
    link_xf = sh.s(border=True, v="top", h="center", color="FF0563C1", underline=True)
    link_wrap = sh.s(border=True, v="top", wrap=True, color="FF0563C1", underline=True)
    warn = FILL_ARGB[Severity.WARNING]

    # ---- heading -------------------------------------------------------------------------------
    shown = display_name(report.path)
    sh.text(1, 1, f"{t('title', lang)} — {shown}", sh.s(bold=True, size=14, v="center"), measure=False)
    sh.merge(1, 1, 1, 5)
    vx = sh.s(bold=True, size=14, color=v_font, fill=v_fill, h="center", v="center")
    sh.text(1, 6, verdict(report, lang, strict=strict), vx, measure=False)
    sh.merge(1, 6, 1, 7, vx)
    sh.heights[1] = 24
    rules_text = str(rules_file) if rules_file else t("default_rules", lang)
    left = [("file", shown), ("unit", report.unit or ""), ("rules_file", rules_text)]
    right = [("checked_at", checked_at.strftime("%Y-%m-%d %H:%M")),
             ("year", "" if report.year is None else str(report.year)), ("version", __version__)]
    for i, ((lk, lv), (rk, rv)) in enumerate(zip(left, right, strict=True)):
        r = 2 + i
        sh.text(r, 1, t(lk, lang), bold, measure=False)
        sh.merge(r, 1, r, 2)
        sh.text(r, 3, lv, plain_xf, measure=False)
        sh.merge(r, 3, r, 4)
        sh.text(r, 5, t(rk, lang), bold, measure=False)
        sh.text(r, 6, rv, plain_xf, measure=False)
        sh.merge(r, 6, r, 7)
    sh.text(5, 1, t("verdict", lang), bold, measure=False)
    sh.merge(5, 1, 5, 2)
    vc = sh.s(bold=True, color=v_font, fill=v_fill)
    sh.text(5, 3, f"{verdict(report, lang, strict=strict)}：{counts_text(report, lang)}", vc, measure=False)
    sh.merge(5, 3, 5, 7, vc)
    sh.text(6, 1, t("legend", lang), bold, measure=False)
    sh.merge(6, 1, 6, 2)
    for col, sev in zip((3, 4, 5), (Severity.ERROR, Severity.WARNING, Severity.INFO), strict=True):
        sh.text(6, col, severity_label(sev, lang), sh.s(fill=FILL_ARGB[sev], color=FONT_ARGB[sev], h="center",
                                                          border=True), measure=False)

    # ---- findings ------------------------------------------------------------------------------
    labels = {"seq": t("seq", lang), "sheet": t("sheet", lang), "cell": t("cell", lang),
              "problem": _l("problem", lang), "fix": _l("fix", lang), "level": t("level", lang),
              "code": t("code", lang)}
    for col, key in enumerate(FINDING_COLS, start=1):
        sh.text(HEADER_ROW, col, labels[key], head)
    if findings is None:
        findings = report.sorted_findings()
    sev_xf = {sev: sh.s(border=True, v="top", h="center", fill=FILL_ARGB[sev], color=FONT_ARGB[sev])
              for sev in Severity}
    row = HEADER_ROW
    for n, f in enumerate(findings, start=1):
        row = HEADER_ROW + n
        sh.number(row, 1, n, centre)
        sh.text(row, 2, f.sheet or t("workbook", lang), wrap)
        cell = ""
        if f.at is not None:
            cell = f.at.cell
            target = where.get((f.at.sheet, f.at.cell))
            if target is None and f.at.sheet in names:
                target = f.at.cell.split(":")[0].replace("$", "")
            if target is not None:
                sh.text(row, 3, cell, link_xf)
                sh.link(row, 3, f.at.sheet, target)
            else:
                sh.text(row, 3, cell, centre)
        else:
            sh.text(row, 3, "", centre)
        sh.text(row, 4, short_message(f, lang), wrap)
        sh.text(row, 5, fix_text(f, lang), wrap)
        sh.text(row, 6, severity_label(f.severity, lang), sev_xf[f.severity])
        sh.text(row, 7, f.code, centre)
    last_finding_row = row
    if not findings:
        last_finding_row = HEADER_ROW + 1
        sh.text(last_finding_row, 2, t("no_findings", lang), plain_xf)
        sh.merge(last_finding_row, 2, last_finding_row, 7)
    filter_ref = f"A{HEADER_ROW}:G{max(last_finding_row, HEADER_ROW + 1)}"

    # ---- projects ------------------------------------------------------------------------------
    top = last_finding_row + 2
    sh.text(top, 1, t("projects_title", lang, n=len(report.projects)) + " " + _l("diff_note", lang),
            sh.s(bold=True, size=12), measure=False)
    sh.merge(top, 1, top, 7)
    phead = top + 1
    plabels = {"seq": t("seq", lang), "sheet": t("sheet", lang), "project_name": t("project_name", lang),
               "rate": t("rate", lang), "total_score": _l("total_score", lang), "grade": _l("grade", lang)}
    for col, key in enumerate(PROJECT_COLS, start=1):
        sh.text(phead, col, plabels[key], head)
    sh.blank(phead, 7, head)
    differ = sh.s(border=True, v="top", h="center", fill=warn, color=FONT_ARGB[Severity.WARNING], bold=True, wrap=True)
    centre_wrap = sh.s(border=True, v="top", h="center", wrap=True)
    stated_rates = _stated_rates(report)

    def pair(r: int, c: int, stated: str, computed: str, sep: str) -> None:
        """The recomputed value; where the form states another, both, highlighted."""
        if stated and computed and stated != computed:
            sh.text(r, c, f"{_l('stated', lang)} {stated}{sep}{_l('computed', lang)} {computed}", differ)
        else:
            sh.text(r, c, computed or stated, centre_wrap)

    for n, p in enumerate(report.projects, start=1):
        r = phead + n
        sh.number(r, 1, n, centre)
        sh.text(r, 2, p.sheet, link_wrap if p.sheet in names else wrap)
        if p.sheet in names:
            sh.link(r, 2, p.sheet, "A1")
        pair(r, 3, score(p.stated_score), score(p.computed_score), "\n")
        budget = _l("budget_spent", lang, b=amount(p.budget), s=amount(p.spent))
        sh.text(r, 4, f"{p.name or ''}\n{budget}", wrap)
        pair(r, 5, stated_rates.get(p.sheet, ""), percent(p.execution_rate), " → ")
        pair(r, 6, p.stated_grade or "", p.computed_grade or "", "\n")
        sh.blank(r, 7, centre)
    last_row = phead + max(1, len(report.projects))
    if not report.projects:
        sh.text(phead + 1, 2, t("no_projects", lang), plain_xf)

    # ---- widths, heights -------------------------------------------------------------------------
    widths = {c: _fit(sh.texts.get(c, []), lo, hi) for c, (lo, hi) in WIDTHS.items()}
    for r, items in sh.wrapped.items():
        if r < HEADER_ROW:
            continue
        lines = max(wrapped_lines(text, widths.get(c, 10)) for c, text in items) if items else 1
        if lines > 1:
            sh.heights[r] = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 3)
    filter_end = max(last_finding_row, HEADER_ROW + 1)
    return _serialise(sh, widths, filter_ref, last_row), [
        ("_xlnm._FilterDatabase", f"{quote_sheet('校验结果')}!$A${HEADER_ROW}:$G${filter_end}", True),
        ("_xlnm.Print_Titles", f"{quote_sheet('校验结果')}!${HEADER_ROW}:${HEADER_ROW}", False),
    ]


def display_name(path: Path) -> str:
    """The department's file name: a re-checked copy's ``.checked`` dropped (``a.checked.xlsx`` → ``a.xlsx``),
    so that the copy of a copy is the copy."""
    stem = path.stem
    while stem.lower().endswith(".checked") and len(stem) > len(".checked"):
        stem = stem[: -len(".checked")]
    return stem + path.suffix


def _fit(texts: list[str], lo: float, hi: float) -> float:
    """A column width for these texts (longest line, CJK counted double, plus padding) — as
    ``common.fit_width``, with the fast width."""
    widest = 0
    for s in texts:
        if 2 * len(s) <= widest:
            continue                      # cannot be wider than the widest so far
        for line in s.splitlines() or [""]:
            widest = max(widest, display_width(line))
        if widest + 2 >= hi:
            break
    return float(min(hi, max(lo, widest + 2)))


def _stated_rates(report: Report) -> dict[str, str]:
    """The execution rate a form states, where a finding about it quotes it (PC102/PC103)."""
    out: dict[str, str] = {}
    for f in report.findings:
        if f.code in ("PC102", "PC103") and f.at is not None and "stated" in f.ctx:
            v = f.ctx["stated"]
            d = _dec(v)
            out.setdefault(f.at.sheet, percent(d) if d is not None and abs(d) <= 2 else str(v))
    return out


def _serialise(sh: _Sheet, widths: dict[int, float], filter_ref: str, last_row: int) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
             f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">',
             '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
             f'<dimension ref="A1:G{max(last_row, 1)}"/>',
             '<sheetViews><sheetView workbookViewId="0">'
             f'<pane ySplit="{HEADER_ROW}" topLeftCell="A{HEADER_ROW + 1}" activePane="bottomLeft" state="frozen"/>'
             f'<selection pane="bottomLeft" activeCell="A{HEADER_ROW + 1}" sqref="A{HEADER_ROW + 1}"/>'
             '</sheetView></sheetViews>',
             '<sheetFormatPr defaultRowHeight="15"/>', "<cols>"]
    for c in sorted(widths):
        parts.append(f'<col min="{c}" max="{c}" width="{widths[c]:g}" customWidth="1"/>')
    parts.append("</cols><sheetData>")
    for r in sorted(sh.rows):
        h = sh.heights.get(r)
        attr = f' ht="{h:g}" customHeight="1"' if h else ""
        cells = sh.rows[r]
        parts.append(f'<row r="{r}"{attr}>' + "".join(cells[c] for c in sorted(cells)) + "</row>")
    parts.append("</sheetData>")
    parts.append(f'<autoFilter ref="{filter_ref}"/>')
    if sh.merges:
        parts.append(f'<mergeCells count="{len(sh.merges)}">'
                     + "".join(f'<mergeCell ref="{m}"/>' for m in sh.merges) + "</mergeCells>")
    if sh.links:
        parts.append("<hyperlinks>" + "".join(
            f'<hyperlink ref="{ref}" location="{esc(loc)}" display="{esc(xml_text(sheet))}"/>'
            for ref, loc, sheet in sh.links) + "</hyperlinks>")
    parts.append('<printOptions horizontalCentered="1"/>')
    parts.append('<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>')
    parts.append('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
    parts.append("</worksheet>")
    return "".join(parts)
