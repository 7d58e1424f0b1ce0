"""``--format csv``: one row per finding -- 文件, 单位, 工作表, 单元格, 代码, 级别, 问题, 怎么改 -- for a
reviewer who sorts and filters the findings of many workbooks in Excel or WPS.

UTF-8 with a byte-order mark, so Excel and WPS open the Chinese text correctly by a double click;
CRLF line ends (RFC 4180).  A file that cannot be read is one row (级别 无法读取, 问题 the reason).  A
text that a spreadsheet would take for a formula (it starts with = + - @, a tab or a carriage
return) is written with a leading apostrophe, so workbook text stays text.  Headers follow
``--lang``; ``--strict``, ``--verbose`` and ``--statistics`` change nothing: every finding is a row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from perfcheck.report.registry import Reporter

if TYPE_CHECKING:
    from perfcheck.findings import Report

HEADERS = {
    "zh": ("文件", "单位", "工作表", "单元格", "代码", "级别", "问题", "怎么改"),
    "en": ("File", "Unit", "Sheet", "Cell", "Code", "Level", "Problem", "What to do"),
}
RESUBMIT = {"zh": "请打开核对，另存为 .xlsx 后重新报送", "en": "open it, save it again as .xlsx and resubmit"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: object) -> str:
    """``value`` as a CSV field a spreadsheet shows as text (never evaluates as a formula)."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(_FORMULA_START) else s


class CsvStream:
    """Writes the header at ``begin``, each file's rows as it arrives, nothing at ``end``."""

    def __init__(self, out: TextIO, *, lang: object = "zh", strict: bool = False, verbose: bool = False,
                 statistics: bool = False) -> None:
        from perfcheck.report.common import lang_of

        self.lang = lang_of(lang)
        self._target = out
        self.out: TextIO = out
        self.writer = csv.writer(out, lineterminator="\r\n")

    def begin(self) -> None:
        buffer = getattr(self._target, "buffer", None)
        if buffer is not None:      # a real stream: UTF-8 whatever the console's encoding
            self._target.flush()
            self.out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
            self.writer = csv.writer(self.out, lineterminator="\r\n")
        self.out.write("\ufeff")
        self.writer.writerow(HEADERS[self.lang])

    def file(self, report: Report) -> None:
        from perfcheck.report.common import message, severity_label, t
        from perfcheck.report.result_sheet import fix_text

        lang, path, unit = self.lang, str(report.path), report.unit or ""
        if not report.readable:
            self.writer.writerow([cell_text(x) for x in (path, unit, "", "", "", t("unreadable", lang),
                                                          report.error or "", RESUBMIT[lang])])
        else:
            for f in report.sorted_findings():
                self.writer.writerow([cell_text(x) for x in (path, unit, f.sheet or "", f.cell or "", f.code,
                                                              severity_label(f.severity, lang), message(f, lang),
                                                              fix_text(f, lang))])
        self.out.flush()

    def end(self, rollup: Path | None = None) -> None:
        self.out.flush()
        if self.out is not self._target and isinstance(self.out, io.TextIOWrapper):
            self.out.detach()       # leave the process's stdout open
            self.out = self._target


REPORTER = Reporter("csv", "每条问题一行的 CSV（UTF-8 带 BOM，Excel/WPS 可直接打开）",
                    "one CSV row per finding (UTF-8 with BOM, opens in Excel/WPS)", CsvStream, order=30)
