"""Every error class perfcheck raises across a module boundary, in one place.

* :class:`InputError` — a file that cannot be checked at all (the safety checks, the reader); the API
  turns it into an unreadable report (exit 2).
* :class:`ConfigError` — a bad rules file (usage error, exit 2).
* :class:`UsageError` — a bad command line (one line on stderr in the run's language, exit 2).
* :class:`OutputError` — an annotated copy, roll-up or export that cannot be written where asked.
* :class:`PackageError` — a workbook package the annotator cannot patch.

The old homes (``perfcheck.config.ConfigError``, ``perfcheck.runner.UsageError``,
``perfcheck.report.annotate.OutputError``, ``perfcheck.report.package.PackageError``) re-export these.
"""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be checked.  ``kind`` is a stable key; ``zh``/``en`` are one-line reasons
    (without the file name: the reporter prefixes it)."""

    def __init__(self, kind: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.kind = kind
        self.zh = zh
        self.en = en

    def reason(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class ConfigError(Exception):
    """A bad rules file.  The message names the file and the key."""


class UsageError(Exception):
    """A bad command line: printed as one line on stderr (in the run's language), exit 2."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh if en is None else f"{zh} / {en}")
        self.zh = zh
        self.en = en if en is not None else zh

    def text(self, lang: object = "zh") -> str:
        return self.en if str(lang) == "en" else self.zh


class OutputError(Exception):
    """The annotated copy (or the roll-up) cannot be written where asked; the message says why."""


class PackageError(Exception):
    """The package cannot be patched (not a workbook package we understand)."""


__all__ = ["ConfigError", "InputError", "OutputError", "PackageError", "UsageError"]
