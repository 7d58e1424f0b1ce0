"""What the server's process pool runs: small top-level functions (picklable) around the CLI's own code.

Each batch's files are checked with :func:`perfcheck.runner.check_one` — the function behind
``perfcheck validate`` — after the worker moves into the batch's ``in/`` folder, so a report names
its file by the path as uploaded (``folder/a.xlsx``), exactly as ``perfcheck validate .`` run in
that folder would, and never by a server path.  A worker is a single-threaded process that runs one
task at a time, so changing its working folder per task is safe.
"""

from __future__ import annotations

import os
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from perfcheck.config import Config
from perfcheck.findings import Report
from perfcheck.runner import Outcome, Task, check_one

PREVIEW_ROWS = 400
PREVIEW_COLS = 40


def warm() -> int:
    """Import what a check needs, once per worker (the first batch does not pay for it)."""
    import perfcheck.api  # noqa: F401
    import perfcheck.report.annotate  # noqa: F401
    import perfcheck.rules.engine  # noqa: F401

    return os.getpid()


def _internal(task: Task, exc: BaseException) -> Outcome:
    msg = "无法读取（内部错误）" if task.lang == "zh" else "cannot be read (internal error)"
    return Outcome(Report(path=task.path, readable=False, error_kind="internal",
                          error=f"{task.path}: {msg}: {type(exc).__name__}: {str(exc)[:200]}"))


def check(folder: str, task: Task) -> Outcome:
    """:func:`perfcheck.runner.check_one` with ``folder`` as the working folder (``task.path`` is
    relative to it, ``task.dest`` absolute)."""
    try:
        os.chdir(folder)
    except OSError as exc:                      # the batch was deleted meanwhile
        return _internal(task, exc)
    return check_one(task)


def export(folder: str, rels: list[str], dest: str, config: Config) -> list[str]:
    """The tidy export (``perfcheck.export.write_export``) of the batch's files, paths as uploaded."""
    from perfcheck.export import write_export  # type: ignore[import-not-found,unused-ignore]  # issue 13

    os.chdir(folder)
    return [str(p) for p in write_export([Path(r) for r in rels], Path(dest), config)]


def template(kind: str, dest: str, lang: str) -> str:
    """A blank template of ``kind`` (one of ``perfcheck.template.TEMPLATE_KINDS``)."""
    from perfcheck.template.empty import write_template

    kwargs: dict[str, Any] = {} if kind == "project" else {"kind": kind}
    write_template(Path(dest), lang=lang, **kwargs)
    return dest


def preview(path: str, max_rows: int = PREVIEW_ROWS, max_cols: int = PREVIEW_COLS) -> list[dict[str, Any]]:
    """Every sheet of the workbook at ``path`` as text cells for an HTML table: ``name``, ``rows``
    (lists of display strings, at most ``max_rows`` × ``max_cols``), ``merges`` ((row0, col0,
    row1, col1), 0-based, inclusive), ``truncated``.  Values only (python-calamine): a look at the
    sheet, not a second reader — the findings come from the check."""
    from python_calamine import CalamineWorkbook

    from perfcheck.report.common import fmt

    sheets: list[dict[str, Any]] = []
    percents = percent_cells(path, max_rows, max_cols)
    wb = CalamineWorkbook.from_path(path)
    try:
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows: list[list[str]] = []
            truncated = False
            shown_pct = percents.get(name, {})
            for r, row in enumerate(sheet.to_python(skip_empty_area=False, nrows=max_rows)):
                if len(row) > max_cols:
                    truncated = True
                rows.append([_percent(v, shown_pct[(r, c)]) if (r, c) in shown_pct and _number(v)
                             else fmt(v) if v != "" else "" for c, v in enumerate(row[:max_cols])])
            truncated = truncated or len(rows) >= max_rows
            width = max((len(r) for r in rows), default=0)
            while width and all(len(r) < width or r[width - 1] == "" for r in rows):
                width -= 1
            rows = [(r + [""] * width)[:width] for r in rows]
            while rows and not any(rows[-1]):
                rows.pop()
            merges = []
            for (r0, c0), (r1, c1) in getattr(sheet, "merged_cell_ranges", None) or ():
                if r0 < len(rows) and c0 < width and (r0, c0) != (r1, c1):
                    merges.append((r0, c0, min(r1, len(rows) - 1), min(c1, width - 1)))
            sheets.append({"name": name, "rows": rows, "merges": merges, "truncated": truncated})
    finally:
        wb.close()
    return sheets


# Built-in number formats that show a percentage (ECMA-376 §18.8.30): 9 "0%", 10 "0.00%".
_BUILTIN_PERCENT = {9: 0, 10: 2}


def _percent_decimals(code: str) -> int | None:
    """The decimals of a number format that shows a percentage (``0.0%`` → 1), else None."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^]]*\]', "", code.split(";")[0])   # quoted text, escapes, [colour]
    if "%" not in plain:
        return None
    digits = re.search(r"\.([0#?]+)", plain.split("%")[0])
    return len(digits.group(1)) if digits else 0


def percent_cells(path: str, max_rows: int = PREVIEW_ROWS,
                  max_cols: int = PREVIEW_COLS) -> dict[str, dict[tuple[int, int], int]]:
    """Per sheet, the cells (0-based row, col) whose number format shows a percentage, with its
    decimals — python-calamine gives values only, and the form's 执行率 is 94%, not 0.94.  Read from
    styles.xml and the sheets' ``s`` attributes (xlsx/xlsm); other formats show plain numbers."""
    from defusedxml import ElementTree

    from perfcheck.formulas import parse_a1
    from perfcheck.reader.grid import sheet_paths

    out: dict[str, dict[tuple[int, int], int]] = {}
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return out
    with z:
        try:
            styles = ElementTree.fromstring(z.read("xl/styles.xml"))
            paths = sheet_paths(z)
        except (KeyError, ValueError, ElementTree.ParseError):
            return out
        custom: dict[int, int | None] = {}
        xf_decimals: dict[int, int] = {}
        for el in styles.iter():
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "numFmt" and (i := el.get("numFmtId", "")).isdigit():
                custom[int(i)] = _percent_decimals(el.get("formatCode", ""))
            elif tag == "cellXfs":
                for n, xf in enumerate(x for x in el if x.tag.rsplit("}", 1)[-1] == "xf"):
                    fid = int(xf.get("numFmtId", "0") or 0)
                    dec = custom.get(fid) if fid in custom else _BUILTIN_PERCENT.get(fid)
                    if dec is not None:
                        xf_decimals[n] = dec
        if not xf_decimals:
            return out
        for name, part in paths.items():
            try:
                data = z.read(part).decode("utf-8", "replace")
            except KeyError:
                continue
            cells: dict[tuple[int, int], int] = {}
            for attrs in _CELL.findall(data):
                ref, style = _ATTR_R.search(attrs), _ATTR_S.search(attrs)
                if not ref or not style or int(style.group(1)) not in xf_decimals:
                    continue
                try:
                    r, c = parse_a1(ref.group(1))
                except ValueError:
                    continue
                if r < max_rows and c < max_cols:
                    cells[(r, c)] = xf_decimals[int(style.group(1))]
            if cells:
                out[name] = cells
    return out


_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*)>")
_ATTR_R = re.compile(r'\br="([A-Z]+[0-9]+)"')
_ATTR_S = re.compile(r'\bs="([0-9]+)"')


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _percent(value: object, decimals: int) -> str:
    """A fraction as its percentage with the format's decimals (0.94123, 2 → "94.12%")."""
    pct = (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{pct}%"
