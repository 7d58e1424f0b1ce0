"""The reader: a workbook file → the typed model (``perfcheck.model.Workbook``).

``read_workbook(path, cfg, fmt=None)`` reads .xlsx, .xlsm (values only: macros never run), .xls and
.ods with python-calamine, classifies the sheets (workbook.md "Sheets"), and finds every block of
every sheet by its labels (``perfcheck.layout``).  Whatever cannot be read becomes a PC0xx
``CodedHit`` in ``Workbook.reader_hits`` (codes in ``perfcheck.codes``, wording in
``perfcheck.rules.reading``); only a file that cannot be opened at all raises ``errors.InputError``.
Nothing is executed and nothing is written.
"""

from __future__ import annotations

import gc
from pathlib import Path

from perfcheck import parse
from perfcheck.codes import (
    DUPLICATE_SHEET,
    NO_PROJECT_FORM,
    SHEET_IGNORED,
    SHEET_MISSING,
    UNCACHED_FORMULAS,
)
from perfcheck.config import Config
from perfcheck.formulas import scan_sheet_formulas
from perfcheck.kinds import classify
from perfcheck.layout import SHEET_INSTRUCTIONS, SHEET_ISSUES, SHEET_LIST, SHEET_RESULT, SHEET_UNIT, SHEETS
from perfcheck.model import (
    CellRef,
    CodedHit,
    Hit,
    IssuesBlock,
    ProjectForm,
    ProjectList,
    UnitInfo,
    Workbook,
    a1,
)
from perfcheck.reader.book import Book
from perfcheck.reader.form import looks_like_form, read_form, title_pos
from perfcheck.reader.grid import Grid, Index, SheetScan, Uncached, scan_sheet_xml, sheet_xml
from perfcheck.reader.kinds import OtherForms, read_kind
from perfcheck.reader.sheets import (
    list_header_row,
    looks_like_issues,
    looks_like_unit,
    read_issues,
    read_list,
    read_unit,
)

__all__ = ["Grid", "read_workbook", "sheet_role"]

_ROLE_NAMES = {parse.norm(x).lower(): s.key for s in SHEETS for x in (s.zh, s.en)}


def sheet_role(name: str) -> str | None:
    """The role a sheet has by its name alone: instructions, unit, list, issues, result; else None."""
    return _ROLE_NAMES.get(parse.norm(name).lower())


def read_workbook(path: Path, cfg: Config, fmt: str | None = None,
                  parts: dict[str, bytes] | None = None) -> Workbook:
    """Read one workbook file into the model.  ``fmt``: "xlsx" | "xlsm" | "xls" | "ods" as found by
    the safety checks (None: from the file name); ``parts``: the sheet parts they inflated (zip
    member name → XML bytes), scanned here instead of inflating them again.

    The cyclic garbage collector is paused while reading: the model is a tree of small immutable
    objects without reference cycles, and collecting during its construction costs a third of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(Path(path), fmt, parts)
    finally:
        if enabled:
            gc.enable()


def _read(path: Path, fmt: str | None, parts: dict[str, bytes] | None = None) -> Workbook:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    with Book(path) as book:        # the sheets, each parsed ahead on a second thread
        return _read_sheets(path, fmt, book, parts)


def _read_sheets(path: Path, fmt: str, book: Book, parts: dict[str, bytes] | None) -> Workbook:
    names = book.names
    hits: list[CodedHit] = []

    scans: dict[str, SheetScan] = {}
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    for name, data in sheet_xml(path, parts) if fmt in ("xlsx", "xlsm") else ():   # each sheet's XML read once
        scan = scan_sheet_xml(data)
        if scan.uncached or scan.errors:
            scans[name] = scan
        found = scan_sheet_formulas(data)
        if found:
            formulas[name] = found
    uncached_at: dict[str, list[tuple[int, int]]] = {}

    unit: UnitInfo | None = None
    plist: ProjectList | None = None
    issues: IssuesBlock | None = None
    forms: list[ProjectForm] = []
    ignored: list[str] = []
    first_of: dict[str, str] = {}
    kinds: dict[str, str] = {}
    others = OtherForms()
    read_sheets: list[str] = []
    role_zh = {SHEET_UNIT.key: SHEET_UNIT.zh, SHEET_LIST.key: SHEET_LIST.zh, SHEET_ISSUES.key: SHEET_ISSUES.zh}

    for name, grid in book:
        found_in_xml = scans.get(name)
        if grid is not None and found_in_xml is not None:     # the error values and uncached formulas back in
            for r, c, text in found_in_xml.errors:
                if grid.get(r, c) is None:
                    grid.set(r, c, text)
            for r, c, formula in found_in_xml.uncached:
                grid.set(r, c, Uncached(formula))
            if found_in_xml.uncached:
                uncached_at[name] = sorted((r, c) for r, c, _ in found_in_xml.uncached)
        by_name = sheet_role(name)
        if by_name in (SHEET_INSTRUCTIONS.key, SHEET_RESULT.key):
            continue
        if grid is None:
            ignored.append(name)
            hits.append(CodedHit(SHEET_IGNORED, Hit(at=CellRef(name, "A1"), ctx={"sheet": name})))
            continue
        role = by_name
        # forms.md §1: the other kinds first (a sheet titled as the project form is a project form)
        other = classify(grid.rows) if role is None and title_pos(grid) is None else None
        if other is not None:
            read_sheets.append(name)
            kinds[name] = other.key
            read_kind(other, grid, hits, others)
            continue
        idx = Index(grid)
        if role is None:
            if list_header_row(idx) is not None:
                role = SHEET_LIST.key
            elif looks_like_form(grid, idx):
                role = "form"
            elif looks_like_unit(idx):
                role = SHEET_UNIT.key
            elif looks_like_issues(idx):
                role = SHEET_ISSUES.key
        if role is None:
            ignored.append(name)
            hits.append(CodedHit(SHEET_IGNORED, Hit(at=CellRef(name, "A1"), ctx={"sheet": name})))
            continue
        if role in role_zh:
            if role in first_of:
                ignored.append(name)
                hits.append(CodedHit(DUPLICATE_SHEET, Hit(at=CellRef(name, "A1"),
                                ctx={"sheet": name, "first": first_of[role], "role": role_zh[role]})))
                continue
            first_of[role] = name
        read_sheets.append(name)
        kinds[name] = "project" if role == "form" else role
        if role == "form":
            forms.append(read_form(grid, idx, hits))
        elif role == SHEET_UNIT.key:
            unit = read_unit(grid, idx, hits)
        elif role == SHEET_LIST.key:
            plist = read_list(grid, idx, hits)
        elif role == SHEET_ISSUES.key:
            issues = read_issues(grid, idx, hits)

    uncached: list[CellRef] = []
    for name in read_sheets:
        cells = uncached_at.get(name)
        if not cells:
            continue
        refs = [CellRef(name, a1(r, c)) for r, c in cells]
        uncached.extend(refs)
        hits.append(CodedHit(UNCACHED_FORMULAS, Hit(at=refs[0], ctx={"count": len(refs), "first": refs[0].cell})))

    if not forms and not others.any():
        hits.append(CodedHit(NO_PROJECT_FORM, Hit(at=None, ctx={"sheets": len(names)})))
    for key, zh in role_zh.items():
        # a workbook of the other kinds (department, monitoring) has no such sheets by design
        if key not in first_of and not others.any():
            hits.append(CodedHit(SHEET_MISSING, Hit(at=None, ctx={"sheet": zh})))

    return Workbook(path=path, sheet_names=tuple(names), unit=unit, project_list=plist, forms=tuple(forms),
                    issues=issues, ignored_sheets=tuple(ignored), reader_hits=hits,
                    uncached_formulas=tuple(uncached), kinds=kinds,
                    formulas={k: v for k, v in formulas.items() if k in read_sheets}, **others.model_fields())
