"""The roll-up workbook (汇总.xlsx) over every file of a run, written with XlsxWriter.

Sheets
  单位汇总  one row per workbook: 单位, 文件, 项目数, 全年预算数合计, 全年执行数合计, 执行率, 平均自评得分,
           平均重算得分, 错误, 警告, 提示, 结论, 原因 (an unreadable file: its reason; 结论 无法读取)
  项目明细  one row per project across all units: 单位, 文件, 工作表, 项目名称, 全年预算数, 全年执行数, 执行率,
           自评得分, 重算得分, 差值, 自评等级, 重算等级, 错误, 警告
  规则统计  findings per rule code: 代码, 别名, 规则说明, 错误, 警告, 提示, 合计, 涉及文件数 (most frequent first)
  图表      native charts: findings per unit (stacked columns: errors, warnings, infos) and stated vs
           recomputed score per project (clustered columns)

Frozen header row, autofilter, widths fitted to Chinese text, A4 landscape.  Sheet names are always
the Chinese ones; headers follow ``lang``.  Strings are written with ``write_string`` and the
workbook is opened with ``strings_to_formulas=False``: text never becomes a formula.  The document
carries the custom property ``perfcheck-rollup`` so that a folder scan can skip it.

Where it goes (decided by the runner): ``--summary FILE``; else ``汇总.xlsx`` in ``--out DIR``; else
``汇总.xlsx`` in the folder of the first input (sorted order).  It never overwrites an input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcheck import __version__
from perfcheck.findings import Report
from perfcheck.model import Severity
from perfcheck.report.annotate import ProtectedPaths, atomic_write
from perfcheck.report.colors import FILL_ARGB, HEADER_ARGB, PASS_ARGB, hex_rgb
from perfcheck.report.common import clean_text, display_width, rule_info, t

ROLLUP_MARKER = "perfcheck-rollup"
DEFAULT_NAME = "汇总.xlsx"

UNIT_COLS = ("unit", "file", "n_projects", "budget_sum", "spent_sum", "rate", "avg_stated", "avg_computed",
             "errors", "warnings", "infos", "verdict", "reason")
PROJECT_COLS = ("unit", "file", "sheet", "project_name", "budget", "spent", "rate", "stated_score",
                "computed_score", "diff", "stated_grade", "computed_grade", "errors", "warnings", "label")
LABEL_CHARS = 10       # the chart's category labels: project names cut to this many characters
RULE_COLS = ("code", "slug", "summary", "errors", "warnings", "infos", "total", "n_files")

_EXTRA = {
    "zh": {"diff": "差值（自评−重算）", "label": "图表标签"},
    "en": {"diff": "Difference (stated − recomputed)", "label": "Chart label"},
}


def _label(key: str, lang: object) -> str:
    lg = "en" if str(lang) == "en" else "zh"
    return _EXTRA[lg].get(key) or t(key, lg)


def _mean(values: list[Decimal]) -> float | None:
    return float(sum(values) / len(values)) if values else None


def short_label(name: str) -> str:
    """A chart category label: the name cut to LABEL_CHARS characters."""
    name = " ".join(name.split())
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def unit_label(report: Report) -> str:
    """The unit's name, or the file's stem when the workbook names no unit."""
    return report.unit or report.path.stem


ProjectRow = tuple[str, str, float | None, float | None, float | None, float | None, float | None,
                   float | None, str, str, int, int, str]


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What the roll-up needs of one file's :class:`Report`, computed once: its 单位汇总 row, its
    项目明细 rows and its findings per rule code (no findings, no messages).  The runner keeps one of
    these per file instead of the Report, so its memory does not grow with the findings."""

    path: Path
    unit: str                               # unit_label(report)
    readable: bool
    error: str | None
    errors: int
    warnings: int
    infos: int
    n_projects: int
    budget: float | None
    spent: float | None
    rate: float | None
    avg_stated: float | None
    avg_computed: float | None
    projects: tuple[ProjectRow, ...]        # sheet, name, budget, spent, rate, stated, computed, diff,
                                            # stated grade, computed grade, errors, warnings, chart label
    rules: tuple[tuple[str, int, int, int], ...]   # (code, errors, warnings, infos), readable files only

    @classmethod
    def of(cls, item: Report | FileSummary) -> FileSummary:
        return item if isinstance(item, FileSummary) else cls.from_report(item)

    @classmethod
    def from_report(cls, r: Report) -> FileSummary:
        budget = spent = rate = avg_stated = avg_computed = None
        if r.readable:
            budgets = [p.budget for p in r.projects if p.budget is not None]
            spents = [p.spent for p in r.projects if p.spent is not None]
            b = sum(budgets, Decimal(0)) if budgets else None
            sp = sum(spents, Decimal(0)) if spents else None
            budget = float(b) if b is not None else None
            spent = float(sp) if sp is not None else None
            rate = float(sp / b) if b and sp is not None else None
            avg_stated = _mean([p.stated_score for p in r.projects if p.stated_score is not None])
            avg_computed = _mean([p.computed_score for p in r.projects if p.computed_score is not None])
        per_sheet: dict[str | None, list[int]] = {}
        rules: dict[str, list[int]] = {}
        for x in r.findings:
            c = per_sheet.setdefault(x.sheet, [0, 0])
            if x.severity is Severity.ERROR:
                c[0] += 1
            elif x.severity is Severity.WARNING:
                c[1] += 1
            if r.readable:
                rules.setdefault(x.code, [0, 0, 0])[x.severity.rank] += 1
        projects: list[ProjectRow] = []
        for p in r.projects:
            errors, warnings = per_sheet.get(p.sheet, (0, 0))
            diff = (None if p.stated_score is None or p.computed_score is None
                    else float(p.stated_score - p.computed_score))
            projects.append((
                p.sheet, p.name or p.sheet,
                None if p.budget is None else float(p.budget),
                None if p.spent is None else float(p.spent),
                None if p.execution_rate is None else float(p.execution_rate),
                None if p.stated_score is None else float(p.stated_score),
                None if p.computed_score is None else float(p.computed_score),
                diff, p.stated_grade or "", p.computed_grade or "", errors, warnings,
                short_label(p.name or p.sheet)))
        return cls(path=r.path, unit=unit_label(r), readable=r.readable, error=r.error, errors=r.errors,
                   warnings=r.warnings, infos=r.infos, n_projects=len(r.projects), budget=budget, spent=spent,
                   rate=rate, avg_stated=avg_stated, avg_computed=avg_computed, projects=tuple(projects),
                   rules=tuple((code, c[0], c[1], c[2]) for code, c in rules.items()))

    def passed(self, *, strict: bool = False) -> bool:
        if not self.readable:
            return False
        return self.errors == 0 and (not strict or self.warnings == 0)

    def verdict(self, lang: object = "zh", *, strict: bool = False) -> str:
        """As ``common.verdict`` of the Report: 通过 / 退回修改 / 无法读取."""
        if not self.readable:
            return t("unreadable", lang)
        return t("pass", lang) if self.passed(strict=strict) else t("fail", lang)


class _Sheet:
    """A table on an XlsxWriter worksheet that remembers the widest text of each column (for the
    widths: ``common.fit_width`` of all the column's texts, without keeping them)."""

    def __init__(self, wb: Any, name: str, headers: list[str], formats: dict[str, Any]) -> None:
        self.ws = wb.add_worksheet(name)
        self.f = formats
        self.widest: dict[int, int] = {i: 0 for i in range(len(headers))}
        self.ncols = len(headers)
        for i, h in enumerate(headers):
            self.ws.write_string(0, i, h, formats["head"])
            self._measure(i, h)
        self.row = 0

    def _measure(self, col: int, s: str) -> None:
        for line in s.splitlines() or [""]:
            w = display_width(line)
            if w > self.widest[col]:
                self.widest[col] = w

    def text(self, col: int, value: object, fmt_key: str = "text") -> None:
        s = clean_text("" if value is None else str(value))
        self.ws.write_string(self.row, col, s, self.f[fmt_key])
        self._measure(col, s)

    def number(self, col: int, value: float | int | None, fmt_key: str = "num") -> None:
        if value is None:
            self.ws.write_blank(self.row, col, None, self.f[fmt_key])
            return
        self.ws.write_number(self.row, col, value, self.f[fmt_key])
        self._measure(col, f"{value:,.2f}" if isinstance(value, float) else str(value))

    def next(self) -> int:
        self.row += 1
        return self.row

    def finish(self, *, max_width: float = 40) -> None:
        for col, widest in self.widest.items():
            self.ws.set_column(col, col, float(min(max_width, max(6, widest + 2))))   # = fit_width
        self.ws.freeze_panes(1, 0)
        self.ws.autofilter(0, 0, max(self.row, 1), self.ncols - 1)
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(0)


def write_rollup(reports: Iterable[Report | FileSummary], dest: Path, *, lang: object = "zh",
                 strict: bool = False, protect: Iterable[Path] | ProtectedPaths = (),
                 checked_at: dt.datetime | None = None) -> Path:
    """Write the roll-up of ``reports`` (Reports, or their :class:`FileSummary`) to ``dest``
    (atomically; never over a path in ``protect``)."""
    files = [FileSummary.of(r) for r in reports]

    def save(tmp: Path) -> None:
        _build(files, tmp, lang=lang, strict=strict, checked_at=checked_at)

    atomic_write(dest, save, protect)
    return dest


def _build(files: list[FileSummary], path: Path, *, lang: object, strict: bool,
           checked_at: dt.datetime | None) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "nan_inf_to_errors": True,
                                         # rows are written in order: keep memory flat in the number of files
                                         "constant_memory": True})
    try:
        wb.set_properties({"title": "perfcheck 汇总", "author": "perfcheck", "comments": f"perfcheck {__version__}",
                           "created": checked_at or dt.datetime.now()})
        wb.set_custom_property(ROLLUP_MARKER, __version__)
        base = {"valign": "top", "border": 1, "border_color": "#BFBFBF"}
        formats = {
            "head": wb.add_format({**base, "bold": True, "bg_color": hex_rgb(HEADER_ARGB), "text_wrap": True,
                                   "align": "center", "valign": "vcenter"}),
            "text": wb.add_format({**base, "text_wrap": True}),
            "num": wb.add_format({**base, "num_format": "#,##0.00"}),
            "int": wb.add_format({**base, "num_format": "0"}),
            "pct": wb.add_format({**base, "num_format": "0.00%"}),
            "score": wb.add_format({**base, "num_format": "0.00"}),
            "err": wb.add_format({**base, "num_format": "0", "bg_color": hex_rgb(FILL_ARGB[Severity.ERROR])}),
            "warn": wb.add_format({**base, "num_format": "0", "bg_color": hex_rgb(FILL_ARGB[Severity.WARNING])}),
            "pass": wb.add_format({**base, "bg_color": hex_rgb(PASS_ARGB), "bold": True}),
            "fail": wb.add_format({**base, "bg_color": hex_rgb(FILL_ARGB[Severity.ERROR]), "bold": True}),
        }
        units = _units(wb, files, formats, lang, strict)
        projects = _projects(wb, files, formats, lang)
        _rules(wb, files, formats, lang)
        _charts(wb, lang, units, projects)
    finally:
        wb.close()


def _units(wb: Any, files: list[FileSummary], f: dict[str, Any], lang: object, strict: bool) -> int:
    sh = _Sheet(wb, "单位汇总", [_label(k, lang) for k in UNIT_COLS], f)
    for r in files:
        sh.next()
        sh.text(0, r.unit)
        sh.text(1, str(r.path))
        if r.readable:
            sh.number(2, r.n_projects, "int")
            sh.number(3, r.budget)
            sh.number(4, r.spent)
            sh.number(5, r.rate, "pct")
            sh.number(6, r.avg_stated, "score")
            sh.number(7, r.avg_computed, "score")
            sh.number(8, r.errors, "err" if r.errors else "int")
            sh.number(9, r.warnings, "warn" if r.warnings else "int")
            sh.number(10, r.infos, "int")
        else:
            for col in range(2, 11):
                sh.number(col, None, "text")
        sh.text(11, r.verdict(lang, strict=strict), "pass" if r.passed(strict=strict) else "fail")
        sh.text(12, r.error or "")
    sh.finish(max_width=50)
    return sh.row


def _projects(wb: Any, files: list[FileSummary], f: dict[str, Any], lang: object) -> int:
    sh = _Sheet(wb, "项目明细", [_label(k, lang) for k in PROJECT_COLS], f)
    for r in files:
        for (sheet, name, budget, spent, rate, stated, computed, diff, stated_grade, computed_grade,
             errors, warnings, label) in r.projects:
            sh.next()
            sh.text(0, r.unit)
            sh.text(1, r.path.name)
            sh.text(2, sheet)
            sh.text(3, name)
            sh.number(4, budget)
            sh.number(5, spent)
            sh.number(6, rate, "pct")
            sh.number(7, stated, "score")
            sh.number(8, computed, "score")
            sh.number(9, diff, "score")
            sh.text(10, stated_grade)
            sh.text(11, computed_grade)
            sh.number(12, errors, "err" if errors else "int")
            sh.number(13, warnings, "warn" if warnings else "int")
            sh.text(14, label)
    sh.finish()
    return sh.row


def rule_counts(reports: Iterable[Report | FileSummary]) -> list[tuple[str, int, int, int, int]]:
    """(code, errors, warnings, infos, files) per rule code, most frequent first, then by code."""
    counts: dict[str, list[int]] = {}
    for item in reports:
        r = FileSummary.of(item)
        if not r.readable:
            continue
        for code, e, w, i in r.rules:
            c = counts.setdefault(code, [0, 0, 0, 0])
            c[0] += e
            c[1] += w
            c[2] += i
            c[3] += 1
    rows = [(code, c[0], c[1], c[2], c[3]) for code, c in counts.items()]
    rows.sort(key=lambda row: (-(row[1] + row[2] + row[3]), row[0]))
    return rows


def _rules(wb: Any, files: list[FileSummary], f: dict[str, Any], lang: object) -> None:
    sh = _Sheet(wb, "规则统计", [_label(k, lang) for k in RULE_COLS], f)
    for code, e, w, i, n in rule_counts(files):
        sh.next()
        slug, summary = rule_info(code, lang)
        sh.text(0, code)
        sh.text(1, slug)
        sh.text(2, summary)
        sh.number(3, e, "err" if e else "int")
        sh.number(4, w, "warn" if w else "int")
        sh.number(5, i, "int")
        sh.number(6, e + w + i, "int")
        sh.number(7, n, "int")
    sh.finish(max_width=50)


def _charts(wb: Any, lang: object, n_units: int, n_projects: int) -> None:
    ws = wb.add_worksheet("图表")
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    font = {"name": "Microsoft YaHei"}
    row = 1
    if n_units:
        chart = wb.add_chart({"type": "column", "subtype": "stacked"})
        for col, key, sev in ((8, "errors", Severity.ERROR), (9, "warnings", Severity.WARNING),
                              (10, "infos", Severity.INFO)):
            colour = {Severity.ERROR: "#E06666", Severity.WARNING: "#F1C232", Severity.INFO: "#6FA8DC"}[sev]
            chart.add_series({
                "name": _label(key, lang),
                "categories": ["单位汇总", 1, 0, n_units, 0],
                "values": ["单位汇总", 1, col, n_units, col],
                "fill": {"color": colour}, "border": {"none": True},
            })
        chart.set_title({"name": t("chart_findings", lang), "name_font": {**font, "size": 12}})
        chart.set_x_axis({"num_font": {**font, "rotation": -30 if n_units > 6 else 0}})
        chart.set_y_axis({"num_font": font, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom", "font": font})
        chart.set_size({"width": min(1400, max(720, 60 * n_units)), "height": 360})
        ws.insert_chart(row, 1, chart)
        row += 21
        ws.set_h_pagebreaks([row - 1])      # each chart on a page of its own
    if n_projects:
        chart = wb.add_chart({"type": "column"})
        for col, key, colour in ((7, "stated_score", "#9FC5E8"), (8, "computed_score", "#E06666")):
            chart.add_series({
                "name": _label(key, lang),
                "categories": ["项目明细", 1, 14, n_projects, 14],
                "values": ["项目明细", 1, col, n_projects, col],
                "fill": {"color": colour}, "border": {"none": True}, "gap": 80,
            })
        chart.set_title({"name": t("chart_scores", lang), "name_font": {**font, "size": 12}})
        chart.set_x_axis({"num_font": {**font, "rotation": -45 if n_projects > 6 else 0}})
        chart.set_y_axis({"min": 0, "max": 100, "num_font": font,
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom", "font": font})
        chart.set_size({"width": min(1400, max(720, 45 * n_projects)), "height": 440})
        ws.insert_chart(row, 1, chart)


def is_rollup(path: Path) -> bool:
    """True when ``path`` is a roll-up written by perfcheck (its custom property), read cheaply."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/custom.xml")
            if info.file_size > 1_000_000:
                return False
            return ROLLUP_MARKER.encode() in z.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


__all__ = ["DEFAULT_NAME", "ROLLUP_MARKER", "FileSummary", "is_rollup", "rule_counts", "unit_label", "write_rollup"]
