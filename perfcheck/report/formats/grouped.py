"""``--format grouped`` (the default; ``text`` is its old name): per file, one line per rule -- code,
level, count, where, one full message as the example -- then the file's counts and verdict
(:class:`perfcheck.report.console.GroupedStream`)."""

from perfcheck.report.registry import Reporter

REPORTER = Reporter("grouped", "按文件和规则分组，每组一行（默认）", "grouped per file and rule, one line per group (default)",
                    "perfcheck.report.console:GroupedStream", aliases=("text",), order=0)
