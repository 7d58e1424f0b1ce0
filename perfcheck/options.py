"""``RunOptions``: everything that shapes one run, in one object that travels from the command line
through the runner and its workers to the reporters and the annotator.

Each reporter and the annotator read what they need from it (``lang``, ``strict``, ``checked_at``,
``rules_file``, ``verbose``, ``statistics``) instead of a keyword argument per option threaded through
every layer.  The outputs the run asked for (``out``, ``annotate``, ``summary``) are here; where each
file's copy actually goes is computed once by :func:`perfcheck.outputs.plan_outputs` and each worker
is handed only its own file's destination (a plan of 1,000 files is not pickled 1,000 times).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from perfcheck.config import Config


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What one run was asked for: configuration, language, strictness, check time, rules file, outputs."""

    config: Config = field(default_factory=Config)
    lang: str = "zh"                       # "zh" | "en": messages, labels, usage errors
    strict: bool = False                   # warnings fail a file too
    checked_at: dt.datetime = field(default_factory=_now)   # one check time for the whole run
    debug: bool = False                    # let internal errors raise (tracebacks)
    verbose: bool = False                  # the terminal reporters' --verbose
    statistics: bool = False               # the terminal reporters' --statistics
    month: int | None = None               # --month: X of 1–X月 for every monitoring form
    fmt: str = "text"                      # the --format reporter
    out: Path | None = None                # --out DIR (mirrored input folders)
    annotate: bool = True                  # write annotated copies
    summary: Path | None = None            # --summary FILE (the roll-up)
    jobs: int | None = None                # worker processes (None: one per CPU)

    @property
    def rules_file(self) -> Path | None:
        """The rules file the configuration came from (named on the 校验结果 sheet)."""
        return self.config.source

    def with_month(self) -> RunOptions:
        """The options with ``month`` applied to the configuration's monitoring settings."""
        if self.month is None:
            return self
        return replace(self, config=replace(self.config, monitor=replace(self.config.monitor, month=self.month)))


__all__ = ["RunOptions"]
