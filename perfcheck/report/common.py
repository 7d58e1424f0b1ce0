"""Shared by the reporters: bilingual labels, verdicts, value formatting, CJK text widths."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from perfcheck.findings import VERDICT_KEYS, ExitStatus, Finding, Report
from perfcheck.fmt import fmt_value
from perfcheck.model import Severity

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "校验结果", "file": "文件", "unit": "单位", "year": "年度", "checked_at": "校验时间",
        "version": "perfcheck 版本", "rules_file": "规则文件", "default_rules": "默认",
        "verdict": "结论", "legend": "图例", "counts": "错误 {e}，警告 {w}，提示 {i}",
        "pass": "通过", "fail": "退回修改", "unreadable": "无法读取",
        "findings_title": "问题清单（{n} 条）", "no_findings": "未发现问题",
        "seq": "序号", "level": "级别", "code": "代码", "sheet": "工作表", "cell": "单元格",
        "message": "说明", "expected": "期望值", "actual": "实际值",
        "projects_title": "项目情况（{n} 个）", "no_projects": "未识别到项目表",
        "project": "项目", "project_name": "项目名称", "budget": "全年预算数", "spent": "全年执行数",
        "rate": "执行率", "stated_score": "自评得分", "computed_score": "重算得分",
        "stated_grade": "自评等级", "computed_grade": "重算等级", "errors": "错误", "warnings": "警告",
        "infos": "提示", "workbook": "（整个工作簿）", "annotated": "标注副本", "rollup": "汇总",
        "units_sheet": "单位汇总", "projects_sheet": "项目明细", "rules_sheet": "规则统计",
        "charts_sheet": "图表", "n_projects": "项目数", "budget_sum": "全年预算数合计",
        "spent_sum": "全年执行数合计", "avg_stated": "平均自评得分", "avg_computed": "平均重算得分",
        "reason": "原因", "slug": "别名", "summary": "规则说明", "n_files": "涉及文件数",
        "chart_findings": "各单位问题数", "chart_scores": "各项目自评得分与重算得分",
        "total": "合计", "files": "{n} 个文件",
        "sendback": "退回清单（{n} 个文件，按错误数排序）", "passed_list": "通过（{n} 个文件）",
        "unreadable_list": "无法读取（{n} 个文件）", "statistics": "按规则统计（{n} 条规则）",
        "n_findings": "问题数", "n_rule_projects": "涉及项目", "n_rule_files": "涉及文件",
        "more": "（另 {n} 处）", "copy": "副本", "input": "原件", "n_errors": "错误 {n}",
        "n_warnings": "警告 {n}", "found": "共 {n} 条问题（错误 {e}，警告 {w}，提示 {i}），{files}",
    },
    "en": {
        "title": "Check results", "file": "File", "unit": "Unit", "year": "Year", "checked_at": "Checked at",
        "version": "perfcheck version", "rules_file": "Rules file", "default_rules": "default",
        "verdict": "Verdict", "legend": "Legend", "counts": "{e} errors, {w} warnings, {i} infos",
        "pass": "passed", "fail": "returned for revision", "unreadable": "unreadable",
        "findings_title": "Findings ({n})", "no_findings": "No findings",
        "seq": "No.", "level": "Level", "code": "Code", "sheet": "Sheet", "cell": "Cell",
        "message": "Message", "expected": "Expected", "actual": "Actual",
        "projects_title": "Projects ({n})", "no_projects": "No project form recognised",
        "project": "Project", "project_name": "Project name", "budget": "Annual budget", "spent": "Spent",
        "rate": "Execution rate", "stated_score": "Stated score", "computed_score": "Recomputed score",
        "stated_grade": "Stated grade", "computed_grade": "Recomputed grade", "errors": "Errors",
        "warnings": "Warnings", "infos": "Infos", "workbook": "(whole workbook)", "annotated": "Annotated copy",
        "rollup": "Roll-up", "units_sheet": "单位汇总", "projects_sheet": "项目明细", "rules_sheet": "规则统计",
        "charts_sheet": "图表", "n_projects": "Projects", "budget_sum": "Total budget",
        "spent_sum": "Total spent", "avg_stated": "Mean stated score", "avg_computed": "Mean recomputed score",
        "reason": "Reason", "slug": "Slug", "summary": "Rule", "n_files": "Files",
        "chart_findings": "Findings per unit", "chart_scores": "Stated vs recomputed score per project",
        "total": "Total", "files": "{n} files",
        "sendback": "Send back ({n} files, most errors first)", "passed_list": "Passed ({n} files)",
        "unreadable_list": "Unreadable ({n} files)", "statistics": "Counts per rule ({n} rules)",
        "n_findings": "Findings", "n_rule_projects": "Projects", "n_rule_files": "Files",
        "more": " (+{n} more)", "copy": "copy", "input": "input", "n_errors": "{n} errors",
        "n_warnings": "{n} warnings", "found": "Found {n} findings ({e} errors, {w} warnings, {i} infos), {files}",
    },
}


def lang_of(lang: object) -> str:
    return "en" if str(lang) == "en" else "zh"


def t(key: str, lang: object = "zh", **kw: object) -> str:
    text = LABELS[lang_of(lang)][key]
    if kw.get("n") == 1 and lang_of(lang) == "en":          # "1 file", not "1 files"
        text = text.replace("{n} files", "{n} file").replace("{n} rules", "{n} rule")
    return text.format(**kw) if kw else text


def severity_label(sev: Severity, lang: object = "zh") -> str:
    return sev.zh if lang_of(lang) == "zh" else sev.value


def verdict_text(status: ExitStatus, lang: object = "zh") -> str:
    """The words of a verdict (:func:`perfcheck.findings.file_status`): 通过 / 退回修改 / 无法读取."""
    return t(VERDICT_KEYS[status], lang)


def verdict(report: Report, lang: object = "zh", *, strict: bool = False) -> str:
    """通过 / 退回修改 / 无法读取 (passed / returned for revision / unreadable) of one report."""
    return verdict_text(report.exit_code(strict=strict), lang)


def counts_text(report: Report, lang: object = "zh") -> str:
    return t("counts", lang, e=report.errors, w=report.warnings, i=report.infos)


def message(f: Finding, lang: object = "zh") -> str:
    """The finding's rendered message; an unknown code (a rule removed from this version) still reads."""
    try:
        return f.message(lang_of(lang))
    except KeyError:
        ctx = ", ".join(f"{k}={fmt(v)}" for k, v in f.ctx.items())
        return f"{f.code}: {ctx}" if ctx else f.code


def rule_info(code: str, lang: object = "zh") -> tuple[str, str]:
    """(slug, one-line summary) of a rule, or ("", "") when the code is unknown."""
    from perfcheck.rules import get_rule

    try:
        r = get_rule(code)
    except KeyError:
        return "", ""
    lg = lang_of(lang)
    return r.slug, r.summary.get(lg) or r.summary.get("zh", "")


def fmt(value: object) -> str:
    """A value as a person reads it: Decimals without float noise, None as ''."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        exp = value.as_tuple().exponent
        if isinstance(exp, int) and exp < -6 and value.is_finite():
            value = round(value, 6)      # 0.78333333333333333 → 0.783333
        return fmt_value(value)
    iso = getattr(value, "isoformat", None)
    if callable(iso) and not isinstance(value, str):
        return str(iso())
    return str(value)


def to_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def display_width(text: str) -> int:
    """Columns a text takes: CJK and full-width characters count twice.  The one width rule of every
    reporter (terminal, 校验结果, notes, roll-up, export, rule docs, template): ``rich.cells.cell_len``."""
    from rich.cells import cell_len

    return len(text) if text.isascii() else cell_len(text)


def fit_width(texts: Iterable[str], *, minimum: float = 6, maximum: float = 60) -> float:
    """An Excel column width for these texts (longest line, CJK counted double, plus padding)."""
    widest = 0
    for s in texts:
        for line in str(s).splitlines() or [""]:
            widest = max(widest, display_width(line))
    return float(min(maximum, max(minimum, widest + 2)))


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped column of ``width`` characters."""
    per = max(1, int(width) - 1)
    if "\n" not in text and 2 * len(text) <= per:      # short: one line, whatever the characters
        return 1
    return sum(max(1, -(-display_width(line) // per)) for line in (text.splitlines() or [""]))


def clean_text(text: str, limit: int = 32000) -> str:
    """Text safe for a spreadsheet cell: no control characters Excel rejects, within Excel's length."""
    out = "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " for ch in text)
    return out[:limit]


@dataclass
class RuleCount:
    """One rule's counts over a run (``--statistics``, the roll-up's 规则统计)."""

    code: str
    severity: Severity
    findings: int = 0
    files: int = 0
    projects: int = 0          # project forms (sheets of a Report's projects) with at least one finding


@dataclass
class Tally:
    """Totals over the files of a run, counted as each report arrives (text and JSON reporters)."""

    files: int = 0
    unreadable: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    rules: dict[str, RuleCount] = field(default_factory=dict)

    def add(self, report: Report, *, strict: bool = False) -> None:
        self.files += 1
        if report.readable:
            self.errors += report.errors
            self.warnings += report.warnings
            self.infos += report.infos
            project_sheets = {p.sheet for p in report.projects}
            seen: dict[str, set[str]] = {}
            for f in report.findings:
                rc = self.rules.get(f.code)
                if rc is None:
                    rc = self.rules[f.code] = RuleCount(f.code, f.severity)
                rc.findings += 1
                sheets = seen.get(f.code)
                if sheets is None:
                    sheets = seen[f.code] = set()
                    rc.files += 1
                if f.sheet in project_sheets and f.sheet not in sheets:
                    sheets.add(f.sheet)
                    rc.projects += 1
        else:
            self.unreadable += 1
        if not report.passed(strict=strict):
            self.failed += 1

    def rule_rows(self) -> list[RuleCount]:
        """Most findings first, then by code."""
        return sorted(self.rules.values(), key=lambda r: (-r.findings, r.code))


MAX_QUOTE = 200          # a value quoted in a note or on 校验结果: at most this many characters
MESSAGES: dict[tuple[int, str], tuple[Finding, str]] = {}
def short_message(f: Finding, lang: object) -> str:
    """The finding's message with every quoted value cut to :data:`MAX_QUOTE` characters
    (remembered while one copy is made: the note and 校验结果 quote the same text)."""
    key = (id(f), str(lang))
    hit = MESSAGES.get(key)
    if hit is not None and hit[0] is f:
        return hit[1]
    g = f
    long = {k: v for k, v in f.ctx.items() if isinstance(v, str) and len(v) > MAX_QUOTE}
    if long:
        ctx = dict(f.ctx)
        for k, v in long.items():
            ctx[k] = v[:MAX_QUOTE] + "…"
        g = Finding(f.code, f.severity, f.at, ctx, f.expected, f.actual, f.related, f.wording)
    text = message(g, lang)
    MESSAGES[key] = (f, text)
    return text
