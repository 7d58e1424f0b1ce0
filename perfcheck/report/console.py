"""``--format text``: per file a rich table of findings grouped by sheet, the counts and a verdict.

Every text from a workbook or a message is wrapped in ``rich.text.Text`` (never parsed as markup:
a project called ``[red]x`` prints as typed).  rich measures CJK width, so the columns align.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from perfcheck.findings import Finding, Report
from perfcheck.model import Severity
from perfcheck.report.common import Tally, counts_text, message, severity_label, t, verdict

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def make_console(out: TextIO) -> Console:
    """A console on ``out``; 120 columns when ``out`` is not a terminal (files, pipes, tests)."""
    probe = Console(file=out)
    width = None if probe.is_terminal else 120
    return Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=False)


def _table(title: str, findings: list[Finding], lang: object) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False, expand=False)
    table.add_column(t("level", lang), no_wrap=True)
    table.add_column(t("code", lang), no_wrap=True)
    table.add_column(t("cell", lang), no_wrap=True)
    table.add_column(t("message", lang), overflow="fold")
    for f in findings:
        table.add_row(Text(severity_label(f.severity, lang), style=STYLE[f.severity]), Text(f.code),
                      Text(f.cell or "—"), Text(message(f, lang)))
    return table


def render_report(console: Console, report: Report, *, lang: object = "zh", strict: bool = False) -> None:
    console.print(Text(str(report.path), style="bold underline"))
    if not report.readable:
        console.print(Text(f"  ✗ {report.error or report.path}", style="bold red"), soft_wrap=True)
        console.print()
        return
    groups: dict[str, list[Finding]] = {}
    for f in report.sorted_findings():
        groups.setdefault(f.sheet or t("workbook", lang), []).append(f)
    for sheet, findings in groups.items():
        console.print(_table(sheet, findings, lang))
    ok = report.passed(strict=strict)
    line = Text("  ")
    line.append(counts_text(report, lang))
    line.append(" — ")
    line.append(verdict(report, lang, strict=strict), style="bold green" if ok else "bold red")
    console.print(line)
    if report.annotated is not None:
        console.print(Text(f"  {t('annotated', lang)}: {report.annotated}", style="dim"))
    console.print()


class TextStream:
    """``render`` one report at a time: each file's table as it arrives, then the totals."""

    def __init__(self, out: TextIO, *, lang: object = "zh", strict: bool = False) -> None:
        self.console = make_console(out)
        self.lang = lang
        self.strict = strict
        self.tally = Tally()

    def begin(self) -> None:
        pass

    def file(self, report: Report) -> None:
        render_report(self.console, report, lang=self.lang, strict=self.strict)
        self.tally.add(report, strict=self.strict)

    def end(self, rollup: Path | None = None) -> None:
        lang, console, c = self.lang, self.console, self.tally
        if c.files > 1:
            text = Text(f"{t('total', lang)}: {t('files', lang, n=c.files)}, ", style="bold")
            text.append(t("counts", lang, e=c.errors, w=c.warnings, i=c.infos))
            if c.unreadable:
                text.append(f", {t('unreadable', lang)} {c.unreadable}", style="bold red")
            text.append(f" — {t('fail', lang)} {c.failed}" if c.failed else f" — {t('pass', lang)}",
                        style="bold red" if c.failed else "bold green")
            console.print(text)
        if rollup is not None:
            console.print(Text(f"{t('rollup', lang)}: {rollup}", style="dim"))


def render(reports: list[Report], out: TextIO, *, lang: object = "zh", strict: bool = False,
           rollup: Path | None = None) -> None:
    """Print every report, then (for several files) the totals."""
    stream = TextStream(out, lang=lang, strict=strict)
    stream.begin()
    for report in reports:
        stream.file(report)
    stream.end(rollup)
