"""The reporters of ``perfcheck validate --format``: one module each in :mod:`perfcheck.report.formats`,
found there by listing the package -- adding a reporter is adding a module (and its test).  The
command line's choices and help are derived from them (as ruff's and eslint's ``--output-format``).

A format module is light to import (``perfcheck --help`` imports every one of them) and defines::

    REPORTER = Reporter(name, help_zh, help_en, factory, aliases=(), order=100)

``factory`` is called as ``factory(out, *, lang, strict, verbose, statistics)`` and returns a
:class:`Stream`; it is a callable, or ``"module:attr"`` when the reporter lives in a heavier module
imported only when the format is used.  ``order`` places it in the choices (the default first).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from perfcheck.findings import Report
    from perfcheck.options import RunOptions

FORMATS_PACKAGE = "perfcheck.report.formats"


class Stream(Protocol):
    """What the runner feeds: ``begin``, one ``file`` per report in input order, ``end``."""

    def begin(self) -> None: ...
    def file(self, report: Report) -> None: ...
    def end(self, rollup: Path | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class Reporter:
    """One ``--format``: its name, its help in both languages, and where its writer is."""

    name: str
    help_zh: str
    help_en: str
    factory: str | Callable[..., Stream]    # "module:attr" is imported only when the reporter is used
    aliases: tuple[str, ...] = ()
    order: int = 100

    def load(self) -> Callable[..., Stream]:
        if not isinstance(self.factory, str):
            return self.factory
        module, _, attr = self.factory.partition(":")
        made: Callable[..., Stream] = getattr(importlib.import_module(module), attr)
        return made


@cache
def reporters() -> dict[str, Reporter]:
    """Every reporter of the formats package, by name, in ``order`` (then by name)."""
    package = importlib.import_module(FORMATS_PACKAGE)
    modules = sorted({name[:-3] for folder in package.__path__ for name in os.listdir(folder)
                      if name.endswith(".py") and not name.startswith("_")})     # (pkgutil costs more)
    found: list[Reporter] = []
    for name in modules:
        rep = getattr(importlib.import_module(f"{FORMATS_PACKAGE}.{name}"), "REPORTER", None)
        if not isinstance(rep, Reporter):
            raise TypeError(f"{FORMATS_PACKAGE}.{name} defines no REPORTER")
        found.append(rep)
    found.sort(key=lambda r: (r.order, r.name))
    out: dict[str, Reporter] = {}
    for rep in found:
        taken = {*out, *(a for r in out.values() for a in r.aliases)}
        clash = sorted(taken & {rep.name, *rep.aliases})
        if clash:
            raise ValueError(f"--format {clash[0]!r} is declared twice in {FORMATS_PACKAGE}")
        out[rep.name] = rep
    return out


def aliases() -> dict[str, str]:
    """Old or short names → the reporter's name (``text`` → ``grouped``)."""
    return {a: r.name for r in reporters().values() for a in r.aliases}


def names() -> list[str]:
    """Every accepted ``--format`` value: the reporters, then their aliases."""
    return [*reporters(), *aliases()]


def help_text() -> str:
    """The ``--format`` help: each reporter's name and what it prints, then the aliases."""
    text = "; ".join(f"{r.name}: {r.help_zh} {r.help_en}" for r in reporters().values())
    alias = ", ".join(f"{a} = {b}" for a, b in aliases().items())
    return f"{text}; {alias}" if alias else text


def resolve(name: str) -> Reporter | None:
    key = name.strip().lower()
    return reporters().get(aliases().get(key, key))


def create(name: str, out: TextIO, *, options: RunOptions | None = None, lang: str = "zh", strict: bool = False,
           verbose: bool = False, statistics: bool = False) -> Stream:
    """The stream of reporter ``name`` writing to ``out``, configured by the run's ``options`` (or, without
    them, the single keywords).  Raises KeyError for an unknown name."""
    rep = resolve(name)
    if rep is None:
        raise KeyError(name)
    if options is not None:
        lang, strict, verbose, statistics = options.lang, options.strict, options.verbose, options.statistics
    return rep.load()(out, lang=lang, strict=strict, verbose=verbose, statistics=statistics)
