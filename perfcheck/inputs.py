"""Which files a run checks: the workbooks named, and those found in the folders named, minus
perfcheck's own outputs (:func:`perfcheck.outputs.is_own_output`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from perfcheck.errors import UsageError
from perfcheck.outputs import is_own_output

EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The workbook files named by ``paths`` (files as given; folders searched), sorted, unique.

    Raises UsageError for a path that does not exist."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in p.rglob("*"):
                if f.suffix.lower() in EXTENSIONS and f.is_file() and not is_own_output(f):
                    found.append(f)
        elif p.is_file():
            found.append(p)
        else:
            raise UsageError(f"{p}: 文件或文件夹不存在", f"{p}: no such file or folder")
    unique: dict[str, Path] = {}
    for f in sorted(found, key=lambda x: x.as_posix()):
        key = os.path.normcase(str(f.resolve()))
        unique.setdefault(key, f)
    return list(unique.values())
