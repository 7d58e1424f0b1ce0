"""The terminal reporters (``--format grouped | concise``), in the conventions of ruff and eslint.

grouped (default)  per file: its name, unit and year; one line per rule -- code, level, count, where
                   (``项目1–9: D6 F6 I6``: sheets with the same cells share one entry, numbered sheet runs
                   are compressed), then one full message as the example; then the file's counts and
                   verdict.  ``--verbose`` lists every finding under its rule.
concise            one finding per line, ``file:sheet!cell: CODE 级别 message``, never wrapped.
--statistics       the counts per rule over the run instead of the per-file lines.

A run of more than one file ends with the send-back list: every file with errors (most errors first)
with its unit and the path of its copy, then the files that pass, then the unreadable ones.

Lines are laid out here, not by rich's wrapper: a message that does not fit is broken only after a
phrase (，。；： or a space), widths measured with ``report.common.display_width`` (rich's cell_len: CJK counts two), and every
line is printed with ``soft_wrap=True`` so nothing is cut or re-wrapped.  Every text from a workbook
is a ``rich.text.Text`` (never parsed as markup: a project called ``[red]x`` prints as typed).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from perfcheck.findings import Finding, Report
from perfcheck.model import Severity
from perfcheck.report.common import (
    Tally,
    counts_text,
    display_width,
    message,
    rule_info,
    severity_label,
    t,
    verdict,
)

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
INDENT = 2
MSG_INDENT = 8            # continuation lines of a group's example message


def make_console(out: TextIO) -> Console:
    """A console on ``out``: the terminal's width (or ``COLUMNS``), else 120 columns (files, pipes)."""
    probe = Console(file=out)
    columns = os.environ.get("COLUMNS", "")
    width = None if probe.is_terminal or columns.isdigit() else 120
    return Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=True)


# --------------------------------------------------------------------------------------------------
# Layout helpers
# --------------------------------------------------------------------------------------------------

_BREAK = "，。；：、！？,;:!?）)」”"
_PHRASE = re.compile(rf"[^{_BREAK}]*[{_BREAK}]+|[^{_BREAK}]+")


def _pieces(text: str, width: int) -> list[str]:
    """The pieces a line may end after: phrases ending in a punctuation mark; a phrase wider than a
    line is split at its spaces, and a word wider than a line by characters."""
    out: list[str] = []
    latin = display_width(text) == len(text)          # no wide character: words are the phrases
    for phrase in _PHRASE.findall(text):
        if display_width(phrase) <= width and not latin:
            out.append(phrase)
            continue
        for word in re.findall(r"\S+\s*|\s+", phrase):
            while display_width(word.rstrip()) > width:
                used, cut = 0, len(word)
                for i, ch in enumerate(word):
                    used += display_width(ch)
                    if used > width:
                        cut = i
                        break
                out.append(word[:cut])
                word = word[cut:]
            out.append(word)
    return out


def wrap_phrases(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken only after a phrase (a Chinese or Latin
    punctuation mark); only a phrase longer than a line is broken at a space (or, a single word
    longer than a line, by characters)."""
    text = " ".join(text.split())
    width = max(8, width)
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for piece in _pieces(text, width):
        if not line or display_width((line + piece).rstrip()) <= width:
            line += piece
            continue
        lines.append(line.rstrip())
        line = piece.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def compress_sheets(sheets: Sequence[str]) -> str:
    """Sheet names with numbered runs compressed: 项目1…项目9 → ``项目1–9``; 项目1,2,5 → ``项目1–2,5``."""
    parts: list[str] = []
    i = 0
    while i < len(sheets):
        mt = _NUMBERED.match(sheets[i])
        if not mt:
            parts.append(sheets[i])
            i += 1
            continue
        prefix = mt.group(1)
        nums = [int(mt.group(2))]
        j = i + 1
        while j < len(sheets):
            m2 = _NUMBERED.match(sheets[j])
            if not m2 or m2.group(1) != prefix or m2.group(2).startswith("0"):
                break
            nums.append(int(m2.group(2)))
            j += 1
        runs: list[str] = []
        start = prev = nums[0]
        for n in [*nums[1:], None]:
            if n is not None and n == prev + 1:
                prev = n
                continue
            runs.append(str(start) if start == prev else f"{start}–{prev}")
            if n is not None:
                start = prev = n
        parts.append(prefix + ",".join(runs))
        i = j
    return ", ".join(parts)


def where_parts(findings: Iterable[Finding], sheet_order: Sequence[str], lang: object) -> list[str]:
    """Where one rule's findings are: sheets with the same cells share one part, ``项目1–9: D6 F6 I6``."""
    order = {name: i for i, name in enumerate(sheet_order)}
    per_sheet: dict[str | None, list[str]] = {}
    for f in findings:
        cells = per_sheet.setdefault(f.sheet, [])
        if f.cell and f.cell not in cells:
            cells.append(f.cell)
    groups: dict[tuple[str, ...], list[str]] = {}
    parts: list[str] = []
    if None in per_sheet:
        parts.append(t("workbook", lang))
    sheets = sorted((s for s in per_sheet if s is not None), key=lambda s: (order.get(s, len(order)), s))
    for sheet in sheets:
        groups.setdefault(tuple(per_sheet[sheet]), []).append(sheet)
    for shared, sheet_names in groups.items():
        label = compress_sheets(sheet_names)
        parts.append(f"{label}: {' '.join(shared)}" if shared else label)
    return parts


def join_limited(parts: list[str], width: int, lang: object) -> str:
    """The parts joined by ``; ``, cut at a part boundary with ``（另 N 处）`` beyond ``width`` cells."""
    text = ""
    for i, part in enumerate(parts):
        candidate = part if not text else f"{text}; {part}"
        rest = len(parts) - i - 1
        more = t("more", lang, n=rest) if rest else ""
        if text and display_width(candidate) + display_width(more) > width:
            return text + " …" + t("more", lang, n=len(parts) - i)
        text = candidate
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------
# The streams
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileLine:
    """What the send-back list needs of one file."""

    path: Path
    unit: str | None
    readable: bool
    passed: bool
    errors: int
    warnings: int
    copy: Path | None
    error: str | None


class _TextStream:
    """The parts every terminal reporter shares: the tally, --statistics, the send-back list, totals."""

    def __init__(self, out: TextIO, *, lang: object = "zh", strict: bool = False, verbose: bool = False,
                 statistics: bool = False) -> None:
        self.console = make_console(out)
        self.lang = lang
        self.strict = strict
        self.verbose = verbose
        self.statistics = statistics
        self.tally = Tally()
        self.lines: list[FileLine] = []

    @property
    def width(self) -> int:
        return max(40, self.console.width)

    def print(self, text: Text | str) -> None:
        self.console.print(text if isinstance(text, Text) else Text(text), soft_wrap=True)

    def begin(self) -> None:
        pass

    def file(self, report: Report) -> None:
        self.tally.add(report, strict=self.strict)
        self.lines.append(FileLine(report.path, report.unit, report.readable, report.passed(strict=self.strict),
                                   report.errors if report.readable else 0,
                                   report.warnings if report.readable else 0, report.annotated, report.error))
        if not self.statistics:
            self.render(report)

    def render(self, report: Report) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # the end of the run ----------------------------------------------------------------------------

    def end(self, rollup: Path | None = None) -> None:
        if self.statistics:
            self.print_statistics()
            if len(self.lines) == 1:
                self.print_verdict_line(self.lines[0])
        if len(self.lines) > 1:
            self.print_sendback()
            self.print_totals()
        if rollup is not None:
            self.print(Text(f"{t('rollup', self.lang)}: {rollup}", style="dim"))

    def print_verdict_line(self, fl: FileLine) -> None:
        lang = self.lang
        line = Text(f"{fl.path}: ", style="bold")
        if not fl.readable:
            line.append(t("unreadable", lang), style="bold red")
        else:
            line.append(f"{t('n_errors', lang, n=fl.errors)}, {t('n_warnings', lang, n=fl.warnings)} — ")
            line.append(t("pass", lang) if fl.passed else t("fail", lang),
                        style="bold green" if fl.passed else "bold red")
        self.print(line)

    def print_statistics(self) -> None:
        lang = self.lang
        rows = self.tally.rule_rows()
        self.print(Text(t("statistics", lang, n=len(rows)), style="bold"))
        if not rows:
            self.print(Text("  " + t("no_findings", lang)))
            self.print("")
            return
        head = (t("n_findings", lang), t("n_rule_projects", lang), t("n_rule_files", lang))
        wn, wp, wf = (max(display_width(h), 4) for h in head)
        levels = [severity_label(r.severity, lang) for r in rows]
        wl = max(display_width(x) for x in levels)
        self.print(Text(f"  {head[0]:>{wn - display_width(head[0]) + len(head[0])}}  "
                        f"{head[1]:>{wp - display_width(head[1]) + len(head[1])}}  "
                        f"{head[2]:>{wf - display_width(head[2]) + len(head[2])}}", style="dim"))
        infos = [rule_info(r.code, lang) for r in rows]
        sw = max(display_width(slug) for slug, _ in infos)
        for r, level, (slug, summary) in zip(rows, levels, infos, strict=True):
            line = Text(f"  {r.findings:>{wn}}  {r.projects:>{wp}}  {r.files:>{wf}}  ")
            line.append(r.code, style="bold")
            line.append("  ")
            line.append(level + " " * (wl - display_width(level)), style=STYLE[r.severity])
            line.append(f"  {slug}{' ' * (sw - display_width(slug))}  ")
            used = display_width(line.plain)
            line.append(Text(wrap_phrases(summary, max(20, self.width - used))[0] if summary else ""))
            self.print(line)
        self.print("")

    def print_sendback(self) -> None:
        lang = self.lang
        failed = sorted((x for x in self.lines if x.readable and not x.passed),
                        key=lambda x: (-x.errors, -x.warnings, x.path.as_posix()))
        passed = [x for x in self.lines if x.readable and x.passed]
        broken = [x for x in self.lines if not x.readable]
        if failed:
            self.print(Text(t("sendback", lang, n=len(failed)), style="bold red"))
            we = max(display_width(t("n_errors", lang, n=x.errors)) for x in failed)
            for x in failed:
                count = t("n_errors", lang, n=x.errors)
                line = Text("  ")
                line.append(count + " " * (we - display_width(count)), style="bold red" if x.errors else "yellow")
                line.append("  ")
                line.append(x.unit or "—", style="bold")
                line.append("  ")
                line.append(str(x.copy if x.copy is not None else x.path))
                if x.copy is not None:
                    line.append(f"  ({t('input', lang)}: {x.path})", style="dim")
                self.print(line)
        if passed:
            self.print(Text(t("passed_list", lang, n=len(passed)), style="bold green"))
            for x in passed:
                line = Text("  ")
                line.append(x.unit or "—", style="bold")
                line.append("  ")
                line.append(str(x.path))
                self.print(line)
        if broken:
            self.print(Text(t("unreadable_list", lang, n=len(broken)), style="bold red"))
            for x in broken:
                self.print(Text("  " + _one_line(x.error or str(x.path))))

    def print_totals(self) -> None:
        lang, c = self.lang, self.tally
        text = Text(f"{t('total', lang)}: {t('files', lang, n=c.files)}, ", style="bold")
        text.append(t("counts", lang, e=c.errors, w=c.warnings, i=c.infos))
        if c.unreadable:
            text.append(f", {t('unreadable', lang)} {c.unreadable}", style="bold red")
        text.append(f" — {t('fail', lang)} {c.failed}" if c.failed else f" — {t('pass', lang)}",
                    style="bold red" if c.failed else "bold green")
        self.print(text)


class GroupedStream(_TextStream):
    """``--format grouped`` (default): per file and rule, one line per group."""

    def render(self, report: Report) -> None:
        lang = self.lang
        head = Text(str(report.path), style="bold underline")
        if report.unit or report.year:
            head.append("  ")
            head.append(" · ".join(x for x in (report.unit, str(report.year) if report.year else None) if x))
        self.print(head)
        if not report.readable:
            self.print(Text(f"  ✗ {_one_line(report.error or str(report.path))}", style="bold red"))
            self.print("")
            return
        groups: dict[str, list[Finding]] = {}
        for f in report.sorted_findings():
            groups.setdefault(f.code, []).append(f)
        cw = max((display_width(f"×{len(v)}") for v in groups.values()), default=2)
        lw = max((display_width(severity_label(v[0].severity, lang)) for v in groups.values()), default=4)
        lead = INDENT + 6 + lw + 1 + cw + 2                 # where the "where" column starts
        wheres = {code: join_limited(where_parts(v, report.sheet_order, lang), max(20, self.width - lead - 2), lang)
                  for code, v in groups.items()}
        ww = min(max((display_width(w) for w in wheres.values()), default=0), max(20, (self.width - lead) // 3))
        for code, findings in groups.items():
            self.render_group(code, findings, wheres[code], cw, lw, ww)
        ok = report.passed(strict=self.strict)
        line = Text("  ")
        line.append(counts_text(report, lang))
        line.append(" — ")
        line.append(verdict(report, lang, strict=self.strict), style="bold green" if ok else "bold red")
        self.print(line)
        if report.annotated is not None:
            self.print(Text(f"  {t('annotated', lang)}: {report.annotated}", style="dim"))
        self.print("")

    def render_group(self, code: str, findings: list[Finding], where: str, cw: int, lw: int, ww: int) -> None:
        lang, width = self.lang, self.width
        sev = findings[0].severity
        level = severity_label(sev, lang)
        count = f"×{len(findings)}"
        line = Text(" " * INDENT)
        line.append(code, style="bold")
        line.append(" ")
        line.append(level + " " * (lw - display_width(level)), style=STYLE[sev])
        line.append(" " + " " * (cw - display_width(count)) + count + "  ")
        line.append(where, style="dim" if self.verbose else "")
        if self.verbose:
            self.print(line)
            for f in findings:
                loc = f"{f.sheet}!{f.cell}" if f.sheet else t("workbook", lang)
                self.print_message(f"{loc}  ", message(f, lang), MSG_INDENT, sev)
            return
        example = _one_line(message(findings[0], lang))
        pad = max(0, ww - display_width(where))
        if display_width(line.plain) + pad + 2 + display_width(example) <= width:
            line.append(" " * pad + "  ")
            line.append(example)
            self.print(line)
            return
        self.print(line)
        self.print_message("", example, MSG_INDENT, sev)

    def print_message(self, lead: str, msg: str, indent: int, sev: Severity) -> None:
        """``lead`` then ``msg`` at ``indent``, continuation lines aligned under the message."""
        start = indent + display_width(lead)
        lines = wrap_phrases(msg, self.width - start)
        first = Text(" " * indent)
        if lead:
            first.append(lead, style="dim")
        first.append(lines[0])
        self.print(first)
        for more in lines[1:]:
            self.print(Text(" " * start + more))


class ConciseStream(_TextStream):
    """``--format concise``: ``file:sheet!cell: CODE 级别 message``, one line per finding, never wrapped."""

    def render(self, report: Report) -> None:
        lang = self.lang
        if not report.readable:
            self.print(Text(_one_line(report.error or f"{report.path}: {t('unreadable', lang)}"), style="bold red"))
            return
        for f in report.sorted_findings():
            where = f"{report.path}:{f.sheet}!{f.cell}" if f.sheet else f"{report.path}"
            line = Text(f"{where}: ")
            line.append(f.code, style="bold")
            line.append(" ")
            line.append(severity_label(f.severity, lang), style=STYLE[f.severity])
            line.append(" ")
            line.append(_one_line(message(f, lang)))
            self.print(line)

    def end(self, rollup: Path | None = None) -> None:
        if not self.statistics and len(self.lines) == 1:
            c = self.tally
            self.print(Text(t("found", self.lang, n=c.errors + c.warnings + c.infos, e=c.errors, w=c.warnings,
                              i=c.infos, files=t("files", self.lang, n=c.files)), style="bold"))
        super().end(rollup)
