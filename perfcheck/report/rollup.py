"""The roll-up workbook (汇总.xlsx) over every file of a run: the bureau's questions answered.

Built with pandas -- one DataFrame each for units (files), projects and findings per rule, the sums
and counts by group-bys -- and written with XlsxWriter (``constant_memory``: each sheet's rows are
streamed in order).

Sheets (in this order)
  退回清单  the files to send back (errors, or unreadable; with --strict warnings too), most errors
           first: 单位, 错误, 警告, 主要问题 (the rules with the most findings in that file), 标注副本 (a
           hyperlink, relative to the roll-up, to the annotated copy; the input when no copy was
           written), 原文件.  Then nothing else: a clerk can work down the list.
  单位汇总  one row per workbook: 单位, 文件, 项目数, 全年预算数合计, 全年执行数合计, 执行率, 平均自评得分,
           平均重算得分, 满分但未完成, 等级变化, 项目汇总核对 (一致 / 不一致 N 处: findings PC501–PC504 of
           the 项目汇总 against the forms / 无项目汇总: PC007), 错误, 警告, 提示, 结论, 原因; and a 合计 row.
           执行率 counts the projects that state both amounts.
  项目明细  one row per project: 单位, 文件, 工作表, 项目名称, 全年预算数, 全年执行数, 执行率, 自评得分,
           重算得分, 差值, 自评等级, 重算等级, 等级变化 (是/否), 未完成指标数, 满分但未完成 (是/否: a stated
           总分 of 100 while some target was missed), 错误, 警告.
  规则统计  per rule: 代码, 别名, 规则说明, 错误, 警告, 提示, 合计, 涉及项目数, 涉及文件数.
  监控预警  only when the run has monitoring forms (forms.md §4): per project its funds light and the
           number of 绿/黄/红/蓝 indicator lights, then a 小计 row per unit.
  图表      native charts: findings per unit (stacked bars), stated vs recomputed score per project
           (horizontal bars, the axis starting just below the lowest score so a 1–2 point gap shows)
           and the difference stated − recomputed per project.

Frozen header row, autofilter, widths fitted to Chinese text, A4 landscape; no helper column.  Sheet
names are always the Chinese ones; headers follow ``lang``.  Strings are written with
``write_string`` and the workbook is opened with ``strings_to_formulas=False``: text never becomes a
formula.  The document carries the custom property ``perfcheck-rollup`` so a folder scan skips it.

Where it goes (decided by the runner): ``--summary FILE``; else ``汇总.xlsx`` in ``--out DIR``; else
``汇总.xlsx`` in the folder of the first input (sorted order).  It never overwrites an input.

pandas is imported only when a roll-up is written (``perfcheck --help`` and a plain validate stay fast).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from perfcheck.findings import ExitStatus, Report, file_status
from perfcheck.lights import FILL_RGB as LIGHT_RGB
from perfcheck.lights import LIGHTS
from perfcheck.model import Severity
from perfcheck.outputs import DEFAULT_NAME as DEFAULT_NAME
from perfcheck.outputs import ROLLUP_MARKER as ROLLUP_MARKER
from perfcheck.outputs import ProtectedPaths, atomic_write
from perfcheck.outputs import is_rollup as is_rollup
from perfcheck.report.colors import FILL_ARGB, HEADER_ARGB, PASS_ARGB, hex_rgb
from perfcheck.report.common import clean_text, display_width, rule_info, t, to_float, verdict_text
from perfcheck.version import __version__

if TYPE_CHECKING:
    import pandas as pd

LIST_RULES = frozenset({"PC501", "PC502", "PC503", "PC504"})    # 项目汇总 against the forms
TOP_RULES = 3
LIGHT_COLS = ("unit", "file", "sheet", "project_name", "funds_light", *LIGHTS)

SENDBACK_COLS = ("seq", "unit", "errors", "warnings", "main_problems", "copy", "input_file")
UNIT_COLS = ("unit", "file", "n_projects", "budget_sum", "spent_sum", "rate", "avg_stated", "avg_computed",
             "full_missed", "grade_changed_n", "list_check", "errors", "warnings", "infos", "verdict", "reason")
PROJECT_COLS = ("unit", "file", "sheet", "project_name", "budget", "spent", "rate", "stated_score",
                "computed_score", "diff", "stated_grade", "computed_grade", "grade_changed", "targets_missed",
                "full_missed", "errors", "warnings")
UNIT_FACTS = ("file_no", "unit", "path", "readable", "passed", "errors", "warnings", "infos", "list_findings",
              "error", "has_list", "annotated")
"""The per-file columns of :attr:`Tables.units` (from each :class:`FileSummary`)."""
RULE_COLS = ("code", "slug", "summary", "errors", "warnings", "infos", "total", "n_projects_rule", "n_files")

_EXTRA = {
    "zh": {"diff": "差值（自评−重算）", "seq": "序号", "main_problems": "主要问题", "copy": "标注副本",
           "input_file": "原文件", "full_missed": "满分但未完成", "grade_changed_n": "等级变化项目数",
           "grade_changed": "等级变化", "targets_missed": "未完成指标数", "list_check": "项目汇总核对",
           "n_projects_rule": "涉及项目数", "yes": "是", "no": "否", "agrees": "一致",
           "disagrees": "不一致（{n} 处）", "no_list": "无项目汇总", "nothing_back": "无需退回：全部通过",
           "units_disagree": "{n} 个单位不一致", "back_n": "退回 {n}，通过 {p}", "chart_diff": "各项目自评得分−重算得分",
           "sendback_sheet": "退回清单", "funds_light": "资金执行", "green": "绿灯", "yellow": "黄灯",
           "red": "红灯", "blue": "蓝灯", "subtotal": "小计"},
    "en": {"diff": "Difference (stated − recomputed)", "seq": "No.", "main_problems": "Main problems",
           "copy": "Annotated copy", "input_file": "Input file", "full_missed": "Full score, target missed",
           "grade_changed_n": "Projects whose grade changes", "grade_changed": "Grade changes",
           "targets_missed": "Targets missed", "list_check": "项目汇总 vs forms", "n_projects_rule": "Projects",
           "yes": "yes", "no": "no", "agrees": "agrees", "disagrees": "disagrees ({n})", "no_list": "no 项目汇总",
           "nothing_back": "Nothing to send back: all passed", "units_disagree": "{n} units disagree",
           "back_n": "{n} back, {p} passed", "chart_diff": "Stated − recomputed score per project",
           "sendback_sheet": "退回清单", "funds_light": "Funds", "green": "Green", "yellow": "Yellow",
           "red": "Red", "blue": "Blue", "subtotal": "Subtotal"},
}


def _label(key: str, lang: object, **kw: object) -> str:
    lg = "en" if str(lang) == "en" else "zh"
    text = _EXTRA[lg].get(key)
    if text is None:
        return t(key, lg, **kw)
    return text.format(**kw) if kw else text


def unit_label(report: Report) -> str:
    """The unit's name, or the file's stem when the workbook names no unit."""
    return report.unit or report.path.stem


class ProjectRow(NamedTuple):
    sheet: str
    name: str
    budget: float | None
    spent: float | None
    rate: float | None
    stated: float | None
    computed: float | None
    stated_grade: str
    computed_grade: str
    errors: int
    warnings: int
    targets_missed: int
    full_missed: bool


class LightRow(NamedTuple):
    sheet: str
    project: str
    subject: str           # "funds" or the indicator's 三级 name
    light: str             # green | yellow | red | blue


class RuleRow(NamedTuple):
    code: str
    errors: int
    warnings: int
    infos: int
    projects: int          # project sheets of this file with a finding of this rule


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What the roll-up needs of one file's :class:`Report`, computed once (no findings, no messages).
    The runner keeps one of these per file instead of the Report, so its memory does not grow with
    the findings."""

    path: Path
    unit: str                               # unit_label(report)
    readable: bool
    error: str | None
    errors: int
    warnings: int
    infos: int
    annotated: Path | None
    list_findings: int                      # PC501–PC504: the 项目汇总 disagrees with the forms
    has_list: bool                          # False: PC007 says the workbook has no 项目汇总 sheet
    projects: tuple[ProjectRow, ...]
    rules: tuple[RuleRow, ...]              # readable files only
    lights: tuple[LightRow, ...] = ()       # monitoring lights (report.lights)

    @classmethod
    def of(cls, item: Report | FileSummary) -> FileSummary:
        return item if isinstance(item, FileSummary) else cls.from_report(item)

    @classmethod
    def from_report(cls, r: Report) -> FileSummary:
        per_sheet: dict[str | None, list[int]] = {}
        rules: dict[str, list[int]] = {}
        rule_sheets: dict[str, set[str]] = {}
        project_sheets = {p.sheet for p in r.projects}
        for x in r.findings:
            c = per_sheet.setdefault(x.sheet, [0, 0])
            if x.severity is Severity.ERROR:
                c[0] += 1
            elif x.severity is Severity.WARNING:
                c[1] += 1
            if r.readable:
                rules.setdefault(x.code, [0, 0, 0])[x.severity.rank] += 1
                if x.sheet in project_sheets:
                    rule_sheets.setdefault(x.code, set()).add(x.sheet)
        projects = tuple(
            ProjectRow(p.sheet, p.name or p.sheet, to_float(p.budget), to_float(p.spent), to_float(p.execution_rate),
                       to_float(p.stated_score), to_float(p.computed_score), p.stated_grade or "", p.computed_grade or "",
                       per_sheet.get(p.sheet, [0, 0])[0], per_sheet.get(p.sheet, [0, 0])[1], p.targets_missed,
                       p.full_score_missed)
            for p in r.projects)
        return cls(path=r.path, unit=unit_label(r), readable=r.readable, error=r.error,
                   errors=r.errors if r.readable else 0, warnings=r.warnings if r.readable else 0,
                   infos=r.infos if r.readable else 0, annotated=r.annotated,
                   list_findings=sum(1 for x in r.findings if x.code in LIST_RULES) if r.readable else 0,
                   has_list=not any(x.code == "PC007" and x.ctx.get("sheet") == "项目汇总" for x in r.findings),
                   projects=projects,
                   rules=tuple(RuleRow(code, c[0], c[1], c[2], len(rule_sheets.get(code, ())))
                               for code, c in rules.items()),
                   lights=tuple(LightRow(x.sheet, x.project or x.sheet, x.subject, x.light) for x in r.lights))

    def exit_code(self, *, strict: bool = False) -> ExitStatus:
        """This file's verdict (:func:`perfcheck.findings.file_status`, as the Report's)."""
        return file_status(self.readable, self.errors, self.warnings, strict=strict)

    def passed(self, *, strict: bool = False) -> bool:
        return self.exit_code(strict=strict) is ExitStatus.OK

    def verdict(self, lang: object = "zh", *, strict: bool = False) -> str:
        """通过 / 退回修改 / 无法读取 (``common.verdict_text``)."""
        return verdict_text(self.exit_code(strict=strict), lang)


class SummaryLog:
    """The run's :class:`FileSummary` s, spilled to an anonymous temporary file as they arrive (one
    pickle each) and read back once, in order, while the roll-up is built: the runner holds none of
    them, so its memory stays flat in the number of workbooks (benchmarks: F1000 against F200)."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile(prefix="perfcheck-rollup-")   # noqa: SIM115 -- open for the run; close()
        self._n = 0

    def add(self, summary: FileSummary) -> None:
        pickle.dump(summary, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._n += 1

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[FileSummary]:
        self._fh.flush()
        self._fh.seek(0)
        for _ in range(self._n):
            yield pickle.load(self._fh)    # our own temporary file, written just above
        self._fh.seek(0, os.SEEK_END)

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> SummaryLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------------
# The tables (pandas)
# --------------------------------------------------------------------------------------------------


@dataclass
class Tables:
    units: pd.DataFrame          # one row per file, in input order
    projects: pd.DataFrame       # one row per project
    findings: pd.DataFrame       # one row per (file, rule)
    rules: pd.DataFrame          # one row per rule, most findings first
    lights: pd.DataFrame         # one row per monitoring form: its funds light and light counts
    totals: dict[str, Any]       # the 单位汇总 合计 row


class _Columns:
    """A table gathered row by row into one array per column -- numbers as machine numbers
    (``array``), not Python objects, and no tuple per row -- then handed to pandas: the roll-up of
    1,000 workbooks (10,000 projects) costs the parent little more than that of 200.

    ``kinds``: per column ``"f"`` float (None → NaN), ``"i"`` int, ``"b"`` bool, ``"s"`` a text that
    repeats (sheet names, grades: each distinct text is kept once), ``"o"`` any object."""

    _ARRAY = {"f": "d", "i": "q", "b": "b"}
    _DTYPE = {"f": "float64", "i": "int64", "b": "bool"}

    def __init__(self, columns: Iterable[str], kinds: str) -> None:
        self.names = list(columns)
        self.kinds = kinds
        self.cols: list[Any] = [array(self._ARRAY[k]) if k in self._ARRAY else [] for k in kinds]
        self._seen: dict[object, object] = {}

    def add(self, *values: Any) -> None:
        for col, kind, v in zip(self.cols, self.kinds, values, strict=True):
            if kind == "f" and v is None:
                v = math.nan
            elif kind == "s":
                v = self._seen.setdefault(v, v)
            col.append(v)

    def frame(self) -> pd.DataFrame:
        import numpy as np
        import pandas as pd

        data = {name: (np.frombuffer(col, dtype=self._DTYPE[kind]) if kind == "b" else
                       np.asarray(col, dtype=self._DTYPE[kind]) if kind in self._DTYPE else col)
                for name, kind, col in zip(self.names, self.kinds, self.cols, strict=True)}
        out = pd.DataFrame(data, columns=self.names)
        self.cols, self._seen = [], {}
        return out


def tables(files: Iterable[Report | FileSummary], *, strict: bool = False) -> Tables:
    """The roll-up's DataFrames: the per-file facts (read in one pass over ``files``, which may be a
    :class:`SummaryLog`: no summary is kept), then every sum and count by a group-by."""
    units_c = _Columns(UNIT_FACTS, "ioobbiiiiobo")
    projects_c = _Columns(["file_no", "unit", "file", *ProjectRow._fields], "ioosofffffssiiib")
    findings_c = _Columns(["file_no", *RuleRow._fields], "isiiii")
    lights_c = _Columns(["file_no", "unit", "file", *LightRow._fields], "ioosoos")
    for i, item in enumerate(files):
        f = FileSummary.of(item)
        units_c.add(i, f.unit, str(f.path), f.readable, f.passed(strict=strict), f.errors, f.warnings, f.infos,
                    f.list_findings, f.error or "", f.has_list, None if f.annotated is None else str(f.annotated))
        for x in f.lights:
            lights_c.add(i, f.unit, f.path.name, *x)
        if f.readable:
            for p in f.projects:
                projects_c.add(i, f.unit, f.path.name, *p)
            for rr in f.rules:
                findings_c.add(i, *rr)
    projects = projects_c.frame()
    projects["diff"] = (projects["stated"] - projects["computed"]).round(6)
    both = projects["budget"].notna() & projects["spent"].notna()         # the rate counts only these
    projects["budget_rated"] = projects["budget"].where(both)
    projects["spent_rated"] = projects["spent"].where(both)
    projects["grade_changed"] = ((projects["stated_grade"] != projects["computed_grade"])
                                 & (projects["computed_grade"] != ""))
    findings = findings_c.frame()
    findings["total"] = findings[["errors", "warnings", "infos"]].sum(axis=1)

    units = units_c.frame()
    by_file = projects.groupby("file_no").agg(
        n_projects=("sheet", "size"), budget=("budget", "sum"), spent=("spent", "sum"),
        n_budget=("budget", "count"), n_spent=("spent", "count"),
        budget_rated=("budget_rated", "sum"), spent_rated=("spent_rated", "sum"),
        avg_stated=("stated", "mean"), avg_computed=("computed", "mean"),
        full_missed=("full_missed", "sum"), grade_changed=("grade_changed", "sum"))
    units = units.join(by_file, on="file_no")
    units.loc[units["n_budget"].fillna(0) == 0, "budget"] = math.nan        # no amount at all: blank, not 0
    units.loc[units["n_spent"].fillna(0) == 0, "spent"] = math.nan
    units["rate"] = units["spent_rated"] / units["budget_rated"].where(units["budget_rated"] > 0)
    for col in ("n_projects", "full_missed", "grade_changed"):
        units[col] = units[col].fillna(0).astype("int64")

    rules = findings.groupby("code").agg(errors=("errors", "sum"), warnings=("warnings", "sum"),
                                         infos=("infos", "sum"), total=("total", "sum"),
                                         projects=("projects", "sum"), files=("file_no", "nunique"))
    rules = rules.reset_index().sort_values(["total", "code"], ascending=[False, True], kind="stable")

    readable = units[units["readable"]]
    budget = float(projects["budget"].sum()) if projects["budget"].notna().any() else None
    spent = float(projects["spent"].sum()) if projects["spent"].notna().any() else None
    b_rated, s_rated = float(projects["budget_rated"].sum()), float(projects["spent_rated"].sum())
    totals: dict[str, Any] = {
        "n_projects": int(readable["n_projects"].sum()),
        "budget": budget, "spent": spent,
        "rate": s_rated / b_rated if b_rated > 0 else None,
        "avg_stated": _nan_none(projects["stated"].mean()), "avg_computed": _nan_none(projects["computed"].mean()),
        "full_missed": int(projects["full_missed"].sum()), "grade_changed": int(projects["grade_changed"].sum()),
        "units_disagree": int((readable["list_findings"] > 0).sum()),
        "errors": int(units["errors"].sum()), "warnings": int(units["warnings"].sum()),
        "infos": int(units["infos"].sum()),
        "failed": int((~units["passed"]).sum()), "passed": int(units["passed"].sum()),
    }
    return Tables(units=units, projects=projects, findings=findings, rules=rules, totals=totals,
                  lights=light_counts(lights_c.frame()))


def light_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Per monitoring form (file, sheet): the funds light and how many indicators got each light
    (``rows``: file number, unit, file name, then a :class:`LightRow`, per light)."""
    import pandas as pd

    keys = ["file_no", "unit", "file", "sheet", "project"]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "funds", *LIGHTS])
    indicators = rows[rows["subject"] != "funds"]
    counts = (pd.crosstab([indicators[k] for k in keys], indicators["light"])
              .reindex(columns=list(LIGHTS), fill_value=0))
    funds = rows[rows["subject"] == "funds"].set_index(keys)["light"].rename("funds")
    out = pd.concat([funds, counts], axis=1).reset_index()
    for c in LIGHTS:
        out[c] = out[c].fillna(0).astype("int64")
    out["funds"] = out["funds"].fillna("")
    return out.sort_values(["file_no", "sheet"], kind="stable")


def _nan_none(v: object) -> float | None:
    if v is None:
        return None
    x = float(v)  # type: ignore[arg-type]
    return None if math.isnan(x) else x


def _num(v: object) -> float | int | None:
    """A DataFrame cell as a number for XlsxWriter (NaN / None → None)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(x):
        return None
    return int(x) if "int" in str(getattr(v, "dtype", "")) else x


def top_rules(findings: pd.DataFrame, lang: object, n: int = TOP_RULES) -> dict[int, list[str]]:
    """Each file's main problems: its ``n`` rules with the most errors (then warnings, then findings),
    by file number (one sort and one group-by over the whole run)."""
    ranked = findings.sort_values(["file_no", "errors", "warnings", "total", "code"],
                                  ascending=[True, False, False, False, True], kind="stable")
    out: dict[int, list[str]] = {}
    for rec in ranked.groupby("file_no").head(n).to_dict("records"):
        code, total = str(rec["code"]), int(rec["total"])
        _, summary = rule_info(code, lang)
        text = f"{code} {summary}（{total}）" if str(lang) != "en" else f"{code} {summary} ({total})"
        out.setdefault(int(rec["file_no"]), []).append(text)
    return out


def rule_counts(reports: Iterable[Report | FileSummary]) -> list[tuple[str, int, int, int, int]]:
    """(code, errors, warnings, infos, files) per rule code, most frequent first, then by code."""
    counts: dict[str, list[int]] = {}
    for item in reports:
        r = FileSummary.of(item)
        if not r.readable:
            continue
        for rr in r.rules:
            c = counts.setdefault(rr.code, [0, 0, 0, 0])
            c[0] += rr.errors
            c[1] += rr.warnings
            c[2] += rr.infos
            c[3] += 1
    rows = [(code, c[0], c[1], c[2], c[3]) for code, c in counts.items()]
    rows.sort(key=lambda row: (-(row[1] + row[2] + row[3]), row[0]))
    return rows


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


class _Sheet:
    """A table on an XlsxWriter worksheet that remembers the widest text of each column (for the
    widths, without keeping the texts)."""

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

    def number(self, col: int, value: object, fmt_key: str = "num") -> None:
        v = _num(value)
        if v is None:
            self.ws.write_blank(self.row, col, None, self.f[fmt_key])
            return
        self.ws.write_number(self.row, col, v, self.f[fmt_key])
        self._measure(col, f"{v:,.2f}" if isinstance(v, float) else str(v))

    def link(self, col: int, target: str, shown: str) -> None:
        s = clean_text(shown)
        self.ws.write_url(self.row, col, "external:" + target, self.f["link"], s)
        self._measure(col, s)

    def next(self) -> int:
        self.row += 1
        return self.row

    def finish(self, *, max_width: float = 40, filter_rows: int | None = None) -> None:
        for col, widest in self.widest.items():
            self.ws.set_column(col, col, float(min(max_width, max(6, widest + 2))))   # = fit_width
        self.ws.freeze_panes(1, 0)
        self.ws.autofilter(0, 0, max(self.row if filter_rows is None else filter_rows, 1), self.ncols - 1)
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(0)


def write_rollup(reports: Iterable[Report | FileSummary], dest: Path, *, lang: object = "zh",
                 strict: bool = False, protect: Iterable[Path] | ProtectedPaths = (),
                 checked_at: dt.datetime | None = None) -> Path:
    """Write the roll-up of ``reports`` (Reports, or their :class:`FileSummary`) to ``dest``
    (atomically; never over a path in ``protect``)."""
    def save(tmp: Path) -> None:
        _build(reports, tmp, dest=dest, lang=lang, strict=strict, checked_at=checked_at)

    atomic_write(dest, save, protect)
    return dest


def _build(files: Iterable[Report | FileSummary], path: Path, *, dest: Path, lang: object, strict: bool,
           checked_at: dt.datetime | None) -> None:
    import xlsxwriter

    tb = tables(files, strict=strict)
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
            "diff": wb.add_format({**base, "num_format": "+0.00;-0.00;0", "bold": True,
                                   "font_color": "#C00000"}),
            "err": wb.add_format({**base, "num_format": "0", "bg_color": hex_rgb(FILL_ARGB[Severity.ERROR])}),
            "warn": wb.add_format({**base, "num_format": "0", "bg_color": hex_rgb(FILL_ARGB[Severity.WARNING])}),
            "flag": wb.add_format({**base, "bg_color": hex_rgb(FILL_ARGB[Severity.ERROR]), "bold": True}),
            "warn_text": wb.add_format({**base, "bg_color": hex_rgb(FILL_ARGB[Severity.WARNING])}),
            "pass": wb.add_format({**base, "bg_color": hex_rgb(PASS_ARGB), "bold": True}),
            "fail": wb.add_format({**base, "bg_color": hex_rgb(FILL_ARGB[Severity.ERROR]), "bold": True}),
            "link": wb.add_format({**base, "font_color": "#0563C1", "underline": 1, "text_wrap": True}),
            "total_text": wb.add_format({**base, "bold": True, "top": 2, "bg_color": "#F2F2F2", "text_wrap": True}),
            "total_num": wb.add_format({**base, "bold": True, "top": 2, "bg_color": "#F2F2F2",
                                        "num_format": "#,##0.00"}),
            "total_int": wb.add_format({**base, "bold": True, "top": 2, "bg_color": "#F2F2F2", "num_format": "0"}),
            "total_pct": wb.add_format({**base, "bold": True, "top": 2, "bg_color": "#F2F2F2",
                                        "num_format": "0.00%"}),
            "total_score": wb.add_format({**base, "bold": True, "top": 2, "bg_color": "#F2F2F2",
                                          "num_format": "0.00"}),
        }
        _sendback(wb, tb, formats, lang, dest)
        n_units = _units(wb, tb, formats, lang, strict)
        n_projects = _projects(wb, tb, formats, lang)
        _rules(wb, tb, formats, lang)
        if not tb.lights.empty:
            _lights(wb, tb, formats, lang)
        _charts(wb, tb, lang, n_units, n_projects)
        # when it was made, on every printed page (a roll-up on paper is not taken for another run's)
        made = (checked_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
        stamp = f"perfcheck 汇总 {made}" if str(lang) != "en" else f"perfcheck roll-up {made}"
        for ws in wb.worksheets():
            ws.set_footer(f"&L{stamp}&R&P / &N")
    finally:
        wb.close()


def _link_target(target: Path, dest: Path) -> str:
    """``target`` relative to the roll-up's folder (a link that survives moving the whole output
    folder), with forward slashes."""
    try:
        rel = os.path.relpath(os.path.abspath(target), os.path.abspath(dest.parent))
    except ValueError:                     # another drive
        rel = os.path.abspath(target)
    return rel.replace(os.sep, "/")


def _file_status(row: Any, strict: bool) -> ExitStatus:
    """A :attr:`Tables.units` row's verdict (:func:`perfcheck.findings.file_status`)."""
    return file_status(bool(row.readable), int(row.errors), int(row.warnings), strict=strict)


def _sendback(wb: Any, tb: Tables, f: dict[str, Any], lang: object, dest: Path) -> None:
    sh = _Sheet(wb, "退回清单", [_label(k, lang) for k in SENDBACK_COLS], f)
    back = tb.units[~tb.units["passed"]].sort_values(
        ["readable", "errors", "warnings", "path"], ascending=[False, False, False, True], kind="stable")
    tops = top_rules(tb.findings, lang)
    fs: Any
    for seq, fs in enumerate(back.itertuples(index=False), start=1):
        problems = tops.get(fs.file_no, []) if fs.readable else []
        sh.next()
        sh.ws.set_row(sh.row, 16 * max(1, len(problems)) + 4)    # before the row's cells (constant_memory)
        sh.number(0, seq, "int")
        sh.text(1, fs.unit, "text")
        if fs.readable:
            sh.number(2, fs.errors, "err" if fs.errors else "int")
            sh.number(3, fs.warnings, "warn" if fs.warnings else "int")
            sh.text(4, "\n".join(problems))
        else:
            sh.number(2, None, "text")
            sh.number(3, None, "text")
            sh.text(4, f"{t('unreadable', lang)}：{fs.error}" if str(lang) != "en"
                    else f"{t('unreadable', lang)}: {fs.error}", "flag")
        target = Path(fs.annotated) if isinstance(fs.annotated, str) else Path(fs.path)
        rel = _link_target(target, dest)
        sh.link(5, rel, rel)
        sh.text(6, fs.path)
    if back.empty:
        sh.next()
        sh.text(1, _label("nothing_back", lang), "pass")
    sh.finish(max_width=60)
    sh.ws.set_column(4, 4, 60)


def _units(wb: Any, tb: Tables, f: dict[str, Any], lang: object, strict: bool) -> int:
    sh = _Sheet(wb, "单位汇总", [_label(k, lang) for k in UNIT_COLS], f)
    for row in tb.units.itertuples(index=False):
        sh.next()
        sh.text(0, row.unit)
        sh.text(1, row.path)
        if row.readable:
            sh.number(2, row.n_projects, "int")
            sh.number(3, row.budget)
            sh.number(4, row.spent)
            sh.number(5, row.rate, "pct")
            sh.number(6, row.avg_stated, "score")
            sh.number(7, row.avg_computed, "score")
            sh.number(8, row.full_missed, "err" if row.full_missed else "int")
            sh.number(9, row.grade_changed, "warn" if row.grade_changed else "int")
            if not row.has_list:
                sh.text(10, _label("no_list", lang), "warn_text")
            elif row.list_findings:
                sh.text(10, _label("disagrees", lang, n=row.list_findings), "flag")
            else:
                sh.text(10, _label("agrees", lang))
            sh.number(11, row.errors, "err" if row.errors else "int")
            sh.number(12, row.warnings, "warn" if row.warnings else "int")
            sh.number(13, row.infos, "int")
        else:
            for col in range(2, 14):
                sh.number(col, None, "text")
        status = _file_status(row, strict)
        sh.text(14, verdict_text(status, lang), "pass" if status is ExitStatus.OK else "fail")
        sh.text(15, row.error)
    n_units = sh.row
    tot = tb.totals
    sh.next()
    sh.text(0, t("total", lang), "total_text")
    sh.text(1, t("files", lang, n=len(tb.units)), "total_text")
    sh.number(2, tot["n_projects"], "total_int")
    sh.number(3, tot["budget"], "total_num")
    sh.number(4, tot["spent"], "total_num")
    sh.number(5, tot["rate"], "total_pct")
    sh.number(6, tot["avg_stated"], "total_score")
    sh.number(7, tot["avg_computed"], "total_score")
    sh.number(8, tot["full_missed"], "total_int")
    sh.number(9, tot["grade_changed"], "total_int")
    sh.text(10, _label("units_disagree", lang, n=tot["units_disagree"]) if tot["units_disagree"]
            else _label("agrees", lang), "total_text")
    sh.number(11, tot["errors"], "total_int")
    sh.number(12, tot["warnings"], "total_int")
    sh.number(13, tot["infos"], "total_int")
    sh.text(14, _label("back_n", lang, n=tot["failed"], p=tot["passed"]), "total_text")
    sh.text(15, "", "total_text")
    sh.finish(max_width=50, filter_rows=n_units)
    return n_units


def _projects(wb: Any, tb: Tables, f: dict[str, Any], lang: object) -> int:
    sh = _Sheet(wb, "项目明细", [_label(k, lang) for k in PROJECT_COLS], f)
    yes, no = _label("yes", lang), _label("no", lang)
    for p in tb.projects.itertuples(index=False):     # row by row: no list of the whole table
        sh.next()
        sh.text(0, p.unit)
        sh.text(1, p.file)
        sh.text(2, p.sheet)
        sh.text(3, p.name)
        sh.number(4, p.budget)
        sh.number(5, p.spent)
        sh.number(6, p.rate, "pct")
        sh.number(7, p.stated, "score")
        sh.number(8, p.computed, "score")
        diff = _num(p.diff)
        sh.number(9, diff, "diff" if diff else "score")
        sh.text(10, p.stated_grade)
        sh.text(11, p.computed_grade)
        sh.text(12, yes if p.grade_changed else no, "flag" if p.grade_changed else "text")
        sh.number(13, p.targets_missed, "int")
        sh.text(14, yes if p.full_missed else no, "flag" if p.full_missed else "text")
        sh.number(15, p.errors, "err" if p.errors else "int")
        sh.number(16, p.warnings, "warn" if p.warnings else "int")
    sh.finish()
    return sh.row


def _rules(wb: Any, tb: Tables, f: dict[str, Any], lang: object) -> None:
    sh = _Sheet(wb, "规则统计", [_label(k, lang) for k in RULE_COLS], f)
    for r in tb.rules.to_dict("records"):
        sh.next()
        slug, summary = rule_info(str(r["code"]), lang)
        sh.text(0, r["code"])
        sh.text(1, slug)
        sh.text(2, summary)
        sh.number(3, r["errors"], "err" if r["errors"] else "int")
        sh.number(4, r["warnings"], "warn" if r["warnings"] else "int")
        sh.number(5, r["infos"], "int")
        sh.number(6, r["total"], "int")
        sh.number(7, r["projects"], "int")
        sh.number(8, r["files"], "int")
    sh.finish(max_width=50)


def _lights(wb: Any, tb: Tables, f: dict[str, Any], lang: object) -> None:
    """监控预警: each monitoring form's lights, with a 小计 row after each unit's forms."""
    sh = _Sheet(wb, "监控预警", [_label(k, lang) for k in LIGHT_COLS], f)
    fill = {c: wb.add_format({"border": 1, "border_color": "#BFBFBF", "bold": True, "align": "center",
                              "bg_color": "#" + LIGHT_RGB[c]}) for c in LIGHTS}
    for _, unit in tb.lights.groupby("file_no", sort=False):
        for r in unit.to_dict("records"):
            sh.next()
            sh.text(0, r["unit"])
            sh.text(1, r["file"])
            sh.text(2, r["sheet"])
            sh.text(3, r["project"])
            light = str(r["funds"])
            sh.text(4, _label(light, lang) if light else "")
            if light in fill:
                sh.ws.write_string(sh.row, 4, _label(light, lang), fill[light])
            for i, c in enumerate(LIGHTS, start=5):
                sh.number(i, r[c], "int")
        sh.next()
        sh.text(0, str(unit["unit"].iloc[0]), "total_text")
        sh.text(1, str(unit["file"].iloc[0]), "total_text")
        sh.text(2, "", "total_text")
        sh.text(3, _label("subtotal", lang), "total_text")
        sh.text(4, "", "total_text")
        for i, c in enumerate(LIGHTS, start=5):
            sh.number(i, int(unit[c].sum()), "total_int")
    sh.finish()


def _score_axis(tb: Tables) -> tuple[float, float]:
    """The score axis: from just below the lowest stated or recomputed score to just above the
    highest (so a gap of 1–2 points is visible), in steps of whole points."""
    values = [float(v) for col in ("stated", "computed") for v in tb.projects[col].dropna().tolist()]
    if not values:
        return 0.0, 100.0
    lo, hi = min(values), max(values)
    return float(max(0, math.floor(lo) - 1)), float(min(max(hi, lo + 1), 100) if hi <= 100 else math.ceil(hi))


def _charts(wb: Any, tb: Tables, lang: object, n_units: int, n_projects: int) -> None:
    ws = wb.add_worksheet("图表")
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    font = {"name": "Microsoft YaHei"}
    grid = {"visible": True, "line": {"color": "#D9D9D9"}}
    row = 1
    breaks: list[int] = []
    if n_units:
        chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
        for col, key, colour in ((11, "errors", "#E06666"), (12, "warnings", "#F1C232"), (13, "infos", "#6FA8DC")):
            chart.add_series({
                "name": _label(key, lang),
                "categories": ["单位汇总", 1, 0, n_units, 0],
                "values": ["单位汇总", 1, col, n_units, col],
                "fill": {"color": colour}, "border": {"none": True}, "gap": 60,
            })
        chart.set_title({"name": t("chart_findings", lang), "name_font": {**font, "size": 12}})
        chart.set_y_axis({"num_font": font, "reverse": True})                 # categories top to bottom
        chart.set_x_axis({"num_font": font, "major_gridlines": grid})
        chart.set_legend({"position": "bottom", "font": font})
        height = max(300, 40 + 28 * n_units)
        chart.set_size({"width": 900, "height": height})
        ws.insert_chart(row, 1, chart)
        row += math.ceil(height / 20) + 2
        breaks.append(row - 1)
    if n_projects:
        lo, hi = _score_axis(tb)
        height = max(360, 60 + 26 * n_projects)
        chart = wb.add_chart({"type": "bar"})
        for col, key, colour in ((7, "stated_score", "#9FC5E8"), (8, "computed_score", "#E06666")):
            chart.add_series({
                "name": _label(key, lang),
                "categories": ["项目明细", 1, 3, n_projects, 3],
                "values": ["项目明细", 1, col, n_projects, col],
                "fill": {"color": colour}, "border": {"none": True}, "gap": 50,
            })
        chart.set_title({"name": t("chart_scores", lang), "name_font": {**font, "size": 12}})
        chart.set_y_axis({"num_font": font, "reverse": True})
        chart.set_x_axis({"min": lo, "max": hi, "major_unit": max(1.0, math.ceil((hi - lo) / 10)),
                          "num_font": font, "major_gridlines": grid, "crosses": "min"})
        chart.set_legend({"position": "bottom", "font": font})
        chart.set_size({"width": 900, "height": height})
        ws.insert_chart(row, 1, chart)
        row += math.ceil(height / 20) + 2
        breaks.append(row - 1)

        chart = wb.add_chart({"type": "bar"})
        chart.add_series({
            "name": _label("diff", lang),
            "categories": ["项目明细", 1, 3, n_projects, 3],
            "values": ["项目明细", 1, 9, n_projects, 9],
            "fill": {"color": "#E06666"}, "invert_if_negative": False, "border": {"none": True}, "gap": 50,
            "data_labels": {"value": True, "num_format": "+0.00;-0.00;;", "font": font},
        })
        chart.set_title({"name": _label("chart_diff", lang), "name_font": {**font, "size": 12}})
        chart.set_y_axis({"num_font": font, "reverse": True})
        chart.set_x_axis({"num_font": font, "major_gridlines": grid, "num_format": "+0.0;-0.0;0"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 900, "height": height})
        ws.insert_chart(row, 1, chart)
    if breaks:
        ws.set_h_pagebreaks(breaks)      # each chart on a page of its own


__all__ = ["DEFAULT_NAME", "ROLLUP_MARKER", "FileSummary", "Tables", "is_rollup", "rule_counts", "tables",
           "unit_label", "write_rollup"]
