"""Edit a written workbook the way people do after the template: rename a header, move a whole form.

openpyxl loads and saves the workbook, but it drops the value each formula had stored (it writes
``<f>…</f><v/>``), and a formula without its stored value is a finding of its own (PC0xx).  So
``Edit`` reads the stored values from the file first (straight from the sheet XML: the type and
the text of each ``<v>``) and puts them back after saving, at the formulas' new places.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from perfcheck.reader.grid import sheet_paths

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_CELL = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")

Stored = tuple[str | None, str]          # (t attribute, text of <v>) of a formula cell
Offset = tuple[int, int]                 # (rows, cols)


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part's path inside the zip (the reader's own mapping)."""
    return sheet_paths(z)


def stored_values(path: Path) -> dict[tuple[str, str], Stored]:
    """(sheet, cell) → the stored result of every formula cell."""
    out: dict[tuple[str, str], Stored] = {}
    with zipfile.ZipFile(path) as z:
        for name, part in sheet_parts(z).items():
            root = ET.fromstring(z.read(part))
            for c in root.iter(f"{{{_NS['m']}}}c"):
                if c.find("m:f", _NS) is None:
                    continue
                v = c.find("m:v", _NS)
                out[(name, c.get("r", ""))] = (c.get("t"), (v.text or "") if v is not None else "")
    return out


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def restore_values(path: Path, values: dict[tuple[str, str], Stored]) -> None:
    """Put the stored results back into the formula cells openpyxl saved without them."""
    with zipfile.ZipFile(path) as z:
        parts = sheet_parts(z)
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
        infos = z.infolist()
    by_sheet: dict[str, dict[str, Stored]] = {}
    for (sheet, cell), v in values.items():
        by_sheet.setdefault(sheet, {})[cell] = v
    # openpyxl writes an empty <v/> with the standard library's XML writer, <v></v> with lxml's
    pattern = re.compile(r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v\s*(?:/>|></v>)</c>', re.S)
    for sheet, part in parts.items():
        want = by_sheet.get(sheet, {})
        xml = members[part].decode("utf-8")

        def fill(m: re.Match[str], want: dict[str, Stored] = want) -> str:
            ref, attrs, formula = m.group(1), m.group(2), m.group(3)
            if ref not in want:
                return m.group(0)
            t, text = want[ref]
            attrs = re.sub(r'\st="[^"]*"', "", attrs)
            if t is not None:
                attrs += f' t="{t}"'
            return f'<c r="{ref}"{attrs}><f>{formula}</f><v>{_xml_text(text)}</v></c>'

        members[part] = pattern.sub(fill, xml).encode("utf-8")
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, members[info.filename])
    shutil.move(tmp, path)


def _shift_ref(ref: str, dr: int, dc: int) -> str:
    def one(m: re.Match[str]) -> str:
        col = get_column_letter(column_index_from_string(m.group(2)) + dc)
        return f"{m.group(1)}{col}{m.group(3)}{int(m.group(4)) + dr}"

    return _CELL.sub(one, ref)


def _sheet_of(operand: str) -> str | None:
    if "!" not in operand:
        return None
    s = operand.rsplit("!", 1)[0]
    if s.startswith("'") and s.endswith("'"):
        s = s[1:-1].replace("''", "'")
    return s


def shift_formula(formula: str, home: str, moved: str, dr: int, dc: int) -> str:
    """Rewrite the references of a formula (on sheet ``home``) to cells of sheet ``moved`` that moved by (dr, dc)."""
    if not formula.startswith("="):
        return formula
    tok = Tokenizer(formula)
    out = ["="]
    for t in tok.items:
        v = t.value
        if t.type == Token.OPERAND and t.subtype == Token.RANGE:
            sheet = _sheet_of(v) or home
            if sheet == moved:
                if "!" in v:
                    prefix, rng = v.rsplit("!", 1)
                    v = f"{prefix}!{_shift_ref(rng, dr, dc)}"
                else:
                    v = _shift_ref(v, dr, dc)
        out.append(v)
    return "".join(out)


class Edit:
    """``with Edit(path) as wb: ...``: edit with openpyxl, keep every formula's stored value."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored = stored_values(path)
        self.offsets: dict[str, Offset] = {}
        self.wb: Workbook = openpyxl.load_workbook(path)

    def __enter__(self) -> Edit:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            return
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d) / self.path.name
            self.wb.save(tmp)
            moved: dict[tuple[str, str], Stored] = {}
            for (sheet, cell), v in self.stored.items():
                dr, dc = self.offsets.get(sheet, (0, 0))
                moved[(sheet, _shift_ref(cell, dr, dc))] = v
            restore_values(tmp, moved)
            shutil.copyfile(tmp, self.path)

    def rename_labels(self, sheet: str, mapping: dict[str, str]) -> None:
        """Replace cells whose whole text is a key of ``mapping`` (a header people write differently)."""
        ws = self.wb[sheet]
        found = set()
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value in mapping:
                    found.add(c.value)
                    c.value = mapping[c.value]
        missing = set(mapping) - found
        if missing:
            raise ValueError(f"{sheet}: no cell reads {sorted(missing)}")

    def shift(self, sheet: str, rows: int, cols: int, title_lines: tuple[str, ...] = ()) -> None:
        """Move everything on ``sheet`` down ``rows`` and right ``cols`` (as if rows and a column had
        been inserted above and to the left), with merged cells, widths, heights, validations and
        every formula that points at it; then write ``title_lines`` into the new top rows."""
        ws: Worksheet = self.wb[sheet]
        merged = [str(r) for r in ws.merged_cells.ranges]
        for r in merged:
            ws.unmerge_cells(r)
        min_col, min_row, max_col, max_row = 1, 1, ws.max_column, ws.max_row
        ws.move_range(f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}",
                      rows=rows, cols=cols, translate=False)
        for r in merged:
            ws.merge_cells(_shift_ref(r, rows, cols))
        # formulas: on this sheet (all its own references moved) and on every other sheet
        for w in self.wb.worksheets:
            for row in w.iter_rows():
                for c in row:
                    # only real formulas: a text such as "=100%" (a target) is not one
                    if c.data_type == "f" and isinstance(c.value, str):
                        new = shift_formula(c.value, w.title, sheet, rows, cols)
                        if new != c.value:
                            c.value = new
        for dn in list(self.wb.defined_names.values()):
            if dn.attr_text and sheet in dn.attr_text:
                dn.attr_text = shift_formula("=" + dn.attr_text, "", sheet, rows, cols)[1:]
        # column widths and row heights
        widths = {k: (d.width, d.hidden) for k, d in ws.column_dimensions.items() if d.width}
        for k in list(ws.column_dimensions):
            del ws.column_dimensions[k]
        for k, (width, hidden) in widths.items():
            nk = get_column_letter(column_index_from_string(k) + cols)
            ws.column_dimensions[nk].width = width
            ws.column_dimensions[nk].hidden = hidden
        heights = {k: d.height for k, d in ws.row_dimensions.items() if d.height}
        for k in list(ws.row_dimensions):
            del ws.row_dimensions[k]
        for k, h in heights.items():
            ws.row_dimensions[k + rows].height = h
        # data validations
        dvs: list[DataValidation] = list(ws.data_validations.dataValidation)
        for dv in dvs:
            dv.sqref = openpyxl.worksheet.cell_range.MultiCellRange(
                " ".join(_shift_ref(str(r), rows, cols) for r in dv.sqref.ranges))
        if ws.conditional_formatting:
            raise NotImplementedError(f"{sheet}: conditional formats are not moved")
        if ws.freeze_panes:
            ws.freeze_panes = _shift_ref(ws.freeze_panes, rows, cols)
        for i, text in enumerate(title_lines[:rows], start=1):
            ws.cell(row=i, column=1, value=text)
        if ws.print_area:
            ws.print_area = [_shift_ref(r.split("!")[-1], rows, cols) for r in str(ws.print_area).split(",")]
        self.offsets[sheet] = (rows, cols)
