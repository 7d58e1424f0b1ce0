"""The notation of the reading rules' example lines (PC0xx): edits of a real workbook.

The reading rules have no check function: the reader emits them while it reads a file, so their doc
examples are edits of a consistent workbook (the tests' base workbook, tests/builders/workbooks.py,
which applies a line with openpyxl and reads the saved file).  ``perfcheck rule CODE`` shows the same
lines as cell edits (report/examples.py).  Both parse a line here.

A line is one or more steps separated by ``;`` (a ``;`` inside a quoted text does not separate),
applied in order::

    项目1!E7 = "约八十万"             set a cell: a text (a double-quoted Python string; it stays text,
                                     even "=1+1" or "#DIV/0!")
    项目1!E7 = 80 | -15 | 80.5       a number
    项目1!H13 = True | None          a TRUE/FALSE value; None empties the cell
    项目1!F17 = 2023-12-15           a date (ISO, unquoted)
    项目1!H6 = #DIV/0!               an Excel error value (unquoted: #DIV/0! #REF! #VALUE! #N/A #NAME? ...)
    项目1!G13 = 10 as "yyyy-mm-dd"   any value, with that number format
    formula 项目1!E6 = "=SUM(E7:E9)"            a formula saved without a result (as openpyxl saves it)
    formula 项目1!E6 = "=SUM(E7:E9)" cached 95  a formula with its stored result (a number, a quoted
                                                text or an error value), as a spreadsheet program saves it
    drop 单位概况, 项目汇总           remove sheets
    add 草稿                          append an empty sheet
    copy 项目汇总 -> 项目汇总 (2)     append a copy of a sheet (without ``-> name``: "<sheet> Copy")
    rename 项目1 -> 专项经费          rename a sheet

A cell is named ``<sheet>!<A1>``; in a merged range use its first cell.  Anything else is a
``ValueError``.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from dataclasses import dataclass

#: Excel's error values (as openpyxl.cell.cell.ERROR_CODES, without importing openpyxl here)
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")

_STRING = r'"(?:[^"\\]|\\.)*"'
_VALUE = rf'{_STRING}|#[A-Z/0-9]+[!?A]?|[^\s"]+'
_REF = r"(?P<sheet>[^!;=]+?)!(?P<cell>[A-Z]{1,3}[1-9][0-9]*)"
_SET = re.compile(rf"^{_REF}\s*=\s*(?P<value>{_VALUE})(?:\s+as\s+(?P<fmt>{_STRING}))?$")
_FORMULA = re.compile(rf"^formula\s+{_REF}\s*=\s*(?P<formula>{_STRING})(?:\s+cached\s+(?P<cached>{_VALUE}))?$")
_DROP = re.compile(r"^drop\s+(?P<names>.+)$")
_ADD = re.compile(r"^add\s+(?P<name>.+)$")
_COPY = re.compile(r"^copy\s+(?P<name>.+?)(?:\s*->\s*(?P<new>.+))?$")
_RENAME = re.compile(r"^rename\s+(?P<name>.+?)\s*->\s*(?P<new>.+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")

Value = str | int | float | bool | dt.date | None


def steps(line: str) -> list[str]:
    """The ``;``-separated steps of a line (a ``;`` inside a quoted text does not separate)."""
    out: list[str] = []
    cur: list[str] = []
    for tok in re.findall(rf'{_STRING}|[^";]+|;|"', line):
        if tok == ";":
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(tok)
    out.append("".join(cur).strip())
    return [s for s in out if s]


def value(text: str) -> Value:
    """A value of the notation → the Python value a spreadsheet cell takes (str, int, float, bool, None,
    datetime.date, or an error value kept as its text)."""
    if text.startswith('"'):
        return str(ast.literal_eval(text))
    if text in ERROR_CODES:
        return text
    if text in ("None", "True", "False"):
        return {"None": None, "True": True, "False": False}[text]
    if _DATE.match(text):
        return dt.date.fromisoformat(text)
    if _NUMBER.match(text):
        number: int | float = ast.literal_eval(text)
        return number
    raise ValueError(f"not a value of the notation: {text}")


@dataclass(frozen=True, slots=True)
class Step:
    """One parsed step.  kind: ``set`` (sheet, cell, value, fmt), ``formula`` (sheet, cell, formula,
    cached), ``drop`` (names), ``add`` (name), ``copy`` (name, new), ``rename`` (name, new).
    ``value`` and ``cached`` are notation text (see :func:`value`); ``fmt`` and ``formula`` are the
    unquoted strings."""

    kind: str
    text: str
    sheet: str = ""
    cell: str = ""
    value: str = ""
    fmt: str | None = None
    formula: str = ""
    cached: str | None = None
    names: tuple[str, ...] = ()
    name: str = ""
    new: str | None = None

    @property
    def assigned(self) -> str:
        """What a ``set`` step writes, as written after its ``=`` (the value and any ``as`` format)."""
        return self.text.partition("=")[2].strip()


def parse(step: str) -> Step:
    """One step of the notation; ``ValueError`` for anything else."""
    if m := _FORMULA.match(step):
        formula = str(ast.literal_eval(m["formula"]))
        if not formula.startswith("="):
            raise ValueError(f"a formula starts with '=': {step}")
        if m["cached"] is not None:
            value(m["cached"])                       # validate
        return Step("formula", step, sheet=m["sheet"].strip(), cell=m["cell"], formula=formula, cached=m["cached"])
    if m := _SET.match(step):
        value(m["value"])                            # validate
        fmt = str(ast.literal_eval(m["fmt"])) if m["fmt"] is not None else None
        return Step("set", step, sheet=m["sheet"].strip(), cell=m["cell"], value=m["value"], fmt=fmt)
    if m := _DROP.match(step):
        return Step("drop", step, names=tuple(n.strip() for n in m["names"].split(",")))
    if m := _COPY.match(step):
        return Step("copy", step, name=m["name"].strip(), new=m["new"].strip() if m["new"] else None)
    if m := _RENAME.match(step):
        return Step("rename", step, name=m["name"].strip(), new=m["new"].strip())
    if m := _ADD.match(step):
        return Step("add", step, name=m["name"].strip())
    raise ValueError(f"not a step of the reading-example notation: {step!r}")
