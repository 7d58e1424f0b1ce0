"""The PC6xx / PC7xx rule examples: a workbook of the other kinds, written and read back.

``example(dept={...}, basic={...}, monitor={...}, projects=[...])`` (tests/examples.py hands these
keywords here) writes ``samples/specs/kinds_unit.workbook(...)`` through the template writer and reads
it with the reader, so each example runs the real reader too.  Files are cached per argument text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from specs import kinds_unit

from perfcheck.config import Config
from perfcheck.model import Workbook
from perfcheck.reader import read_workbook
from perfcheck.template.kinds import write_kinds_workbook

KEYS = ("dept", "basic", "monitor", "projects")
_DIR = Path(tempfile.mkdtemp(prefix="perfcheck-kinds-"))
_CACHE: dict[str, Path] = {}


def wants(kwargs: dict[str, Any]) -> bool:
    return any(k in kwargs for k in KEYS)


def kinds_example(**kwargs: Any) -> Workbook:
    unknown = set(kwargs) - set(KEYS)
    if unknown:
        raise TypeError(f"with dept=/basic=/monitor=, only {KEYS} are accepted, not {sorted(unknown)}")
    key = repr(sorted(kwargs.items()))
    path = _CACHE.get(key)
    if path is None:
        path = _DIR / f"k{len(_CACHE)}.xlsx"
        spec = kinds_unit.workbook(kwargs.get("dept"), kwargs.get("basic"), kwargs.get("monitor"),
                                   kwargs.get("projects"))
        write_kinds_workbook(spec, path)
        _CACHE[key] = path
    return read_workbook(path, Config())
