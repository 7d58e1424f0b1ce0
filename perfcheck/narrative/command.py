"""The two commands' glue: ``perfcheck draft`` and ``perfcheck validate --narrative``.

Bad input never gives a traceback: a report or workbook that cannot be read, an existing output
without ``--force``, or ``--narrative`` with more than one workbook print one line on stderr and
exit 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import typer

from perfcheck.config import Config
from perfcheck.errors import InputError
from perfcheck.findings import Lang, Report
from perfcheck.narrative.document import Narrative


def _fail(msg: str) -> typer.Exit:
    sys.stderr.write(f"perfcheck: {msg}\n")
    sys.stderr.flush()
    return typer.Exit(2)


def _config(config_path: Path | None) -> Config:
    from perfcheck.rules import load_config

    try:
        return load_config(config_path)
    except Exception:          # run_validate reports a bad rules file itself
        return Config()


@dataclass(frozen=True, slots=True)
class WithNarrative:
    """:func:`perfcheck.api.validate` with the report attached (picklable, for the process pool)."""

    narrative: Narrative

    def __call__(self, path: Path, config: Config | None = None, *, lang: Lang | str = Lang.zh,
                 debug: bool = False) -> Report:
        from perfcheck.api import validate

        return validate(path, config, lang=lang, debug=debug, narrative=self.narrative)


def narrative_validate_fn(paths: Sequence[Path], report: Path, lang: str, config_path: Path | None) -> WithNarrative:
    """Read the report for ``validate --narrative``; raises typer.Exit(2) with one line when it cannot."""
    from perfcheck.narrative.document import read_report

    if len(paths) != 1 or paths[0].is_dir():
        raise _fail("--narrative 只能与一个工作簿文件一起使用 / --narrative needs exactly one workbook file")
    try:
        narrative = read_report(report, _config(config_path).limits)
    except InputError as exc:
        raise _fail(f"{report}: {exc.reason(lang)}") from None
    return WithNarrative(narrative)


def run_draft(workbook: Path, out: Path, *, kind: str, lang: str, config_path: Path | None, force: bool) -> int:
    """``perfcheck draft``: the exit status (0 written, 2 not)."""
    from perfcheck.narrative.draft import draft

    if out.suffix.lower() != ".docx":
        out = out.with_name(out.name + ".docx")
    if out.exists() and not force:
        raise _fail(f"{out} 已存在，未覆盖（加 --force 覆盖）/ exists, not overwritten (use --force)")
    if out.is_dir():
        raise _fail(f"{out}: 是文件夹 / is a folder")
    try:
        if out.exists() and workbook.exists() and out.resolve() == workbook.resolve():
            raise _fail(f"{out}: 不能覆盖输入的工作簿 / would overwrite the input workbook")
    except OSError:
        pass
    from perfcheck.rules import load_config

    try:
        cfg = load_config(config_path)
    except Exception as exc:
        raise _fail(str(exc).splitlines()[0] if str(exc) else "bad rules file") from None
    try:
        written = draft(workbook, out, kind=kind, lang=lang, config=cfg)
    except InputError as exc:
        raise _fail(f"{workbook}: {exc.reason(lang)}") from None
    except OSError as exc:
        raise _fail(f"{out}: {exc.strerror or exc}") from None
    typer.echo(str(written))
    return 0
