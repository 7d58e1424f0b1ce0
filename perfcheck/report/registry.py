"""The reporters of ``perfcheck validate --format``: one registry, the command line's choices derived
from it (as ruff's and eslint's ``--output-format``).

    grouped   (default; ``text`` is its old name) per file, one line per rule: code, level, count, where,
              one full message as the example; then the file's counts and verdict
    concise   one finding per line, ``file:sheet!cell: CODE 级别 message``, never wrapped (grep, editors)
    json      exactly one JSON document

This module imports nothing heavy: ``perfcheck --help`` reads the names from here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from perfcheck.findings import Report
    from perfcheck.options import RunOptions


class Stream(Protocol):
    """What the runner feeds: ``begin``, one ``file`` per report in input order, ``end``."""

    def begin(self) -> None: ...
    def file(self, report: Report) -> None: ...
    def end(self, rollup: Path | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class Reporter:
    name: str
    module: str              # imported only when the reporter is used
    factory: str             # a callable there: (out, *, lang, strict, verbose, statistics) -> Stream
    help_zh: str
    help_en: str


REPORTERS: dict[str, Reporter] = {r.name: r for r in (
    Reporter("grouped", "perfcheck.report.console", "GroupedStream",
             "按文件和规则分组，每组一行（默认）", "grouped per file and rule, one line per group (default)"),
    Reporter("concise", "perfcheck.report.console", "ConciseStream",
             "每条问题一行：文件:工作表!单元格: 代码 级别 说明", "one finding per line: file:sheet!cell: CODE level message"),
    Reporter("json", "perfcheck.report.jsonout", "JsonStream",
             "一个 JSON 文档", "exactly one JSON document"),
)}
ALIASES: dict[str, str] = {"text": "grouped"}
DEFAULT = "grouped"


def names() -> list[str]:
    """Every accepted ``--format`` value: the reporters, then their aliases."""
    return [*REPORTERS, *ALIASES]


def resolve(name: str) -> Reporter | None:
    key = name.strip().lower()
    return REPORTERS.get(ALIASES.get(key, key))


def create(name: str, out: TextIO, *, options: RunOptions | None = None, lang: str = "zh", strict: bool = False,
           verbose: bool = False, statistics: bool = False) -> Stream:
    """The stream of reporter ``name`` writing to ``out``, configured by the run's ``options`` (or, without
    them, the single keywords).  Raises KeyError for an unknown name."""
    rep = resolve(name)
    if rep is None:
        raise KeyError(name)
    if options is not None:
        lang, strict, verbose, statistics = options.lang, options.strict, options.verbose, options.statistics
    factory = getattr(importlib.import_module(rep.module), rep.factory)
    stream: Stream = factory(out, lang=lang, strict=strict, verbose=verbose, statistics=statistics)
    return stream
