"""``--format concise``: one finding per line, ``file:sheet!cell: CODE 级别 message``, never wrapped
(for grep and editors; :class:`perfcheck.report.console.ConciseStream`)."""

from perfcheck.report.registry import Reporter

REPORTER = Reporter("concise", "每条问题一行：文件:工作表!单元格: 代码 级别 说明",
                    "one finding per line: file:sheet!cell: CODE level message",
                    "perfcheck.report.console:ConciseStream", order=10)
