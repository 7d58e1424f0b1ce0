"""The library API under the CLI: ``validate(path, config) -> Report``.  The CLI only renders."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from perfcheck.config import Config
from perfcheck.errors import InputError
from perfcheck.findings import Lang, Report

if TYPE_CHECKING:
    from perfcheck.narrative.document import Narrative


def validate(path: str | Path, config: Config | None = None, *, lang: Lang | str = Lang.zh,
             debug: bool = False, narrative: Narrative | None = None) -> Report:
    """Check one workbook file.  Never raises for bad input: an unreadable file gives a Report with
    ``readable=False`` and a one-line ``error`` naming the file and the reason.

    ``narrative``: a 自评报告 read by ``perfcheck.narrative.document.read_report``, checked against
    the workbook by the PC8xx rules (``validate --narrative``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _validate(Path(path), config, lang, debug, narrative)
    finally:
        if enabled:
            gc.enable()


def _validate(p: Path, config: Config | None, lang: Lang | str, debug: bool,
              narrative: Narrative | None) -> Report:
    """:func:`validate` with the cyclic garbage collector paused: the model and the findings are
    trees of small objects without reference cycles, and the collector's passes over them (it runs
    every few hundred allocations and walks every live object in its older passes) cost a third of
    a large workbook's time.  Whatever cycle a check leaves is collected once the collector is back."""
    from perfcheck import lights, reader, safety, scoring
    from perfcheck.rules import engine

    cfg = config or Config()
    report = Report(path=p)
    try:
        parts: dict[str, bytes] = {}
        fmt = safety.precheck(p, cfg.limits, keep=parts)
        wb = reader.read_workbook(p, cfg, fmt=fmt, parts=parts)
        del parts
    except InputError as exc:
        report.readable = False
        report.error_kind = exc.kind
        report.error = f"{p}: {exc.reason(str(lang))}"
        return report
    except Exception as exc:  # never a traceback for bad input; --debug re-raises
        if debug:
            raise
        report.readable = False
        report.error_kind = "internal"
        msg = "无法读取（内部错误）" if str(lang) == "zh" else "cannot be read (internal error)"
        report.error = f"{p}: {msg}: {type(exc).__name__}: {str(exc)[:200]}"
        return report
    report.sheet_order = wb.sheet_names
    wb.narrative = narrative
    try:
        report.findings = engine.run(wb, cfg)
        report.projects = scoring.summarize(wb, cfg, report.findings)
        report.unit, report.year = scoring.unit_and_year(wb)
        report.lights = lights.compute(wb, cfg)
    finally:
        scoring.clear_cache()
    return report


def check_workbook(path: str | Path, config: Config | None = None) -> Report:
    """Alias of :func:`validate` (the name used in the design notes)."""
    return validate(path, config)
