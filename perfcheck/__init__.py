"""perfcheck — 项目支出绩效自评表的机器校验.  Checks project-expenditure performance self-assessment workbooks."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from perfcheck.version import __version__ as __version__

# openpyxl switches its XML parser and writer to lxml whenever lxml is installed (python-docx, used
# by `perfcheck draft`, depends on it).  Keep openpyxl on the standard library + defusedxml, the
# configuration docs/bad-input.md describes and the tests check (entities refused, not just left
# unexpanded; the same XML written).  A caller who set OPENPYXL_LXML keeps their choice.
os.environ.setdefault("OPENPYXL_LXML", "False")

if TYPE_CHECKING:
    from perfcheck.api import validate as validate
    from perfcheck.export import frames as frames

__all__ = ["__version__", "frames", "validate"]


def __getattr__(name: str) -> Any:  # lazy: `perfcheck --help` must not import pandas
    if name in ("validate", "check_workbook"):
        from perfcheck import api

        return getattr(api, name)
    if name == "frames":                  # tidy DataFrames of the filled forms (imports pandas)
        from perfcheck import export

        return export.frames
    raise AttributeError(name)
