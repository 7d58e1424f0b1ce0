"""A .xls / .ods / .xlsb input as a new .xlsx (XlsxWriter), so that its copy can be patched like any
other: same sheet names and order, the values python-calamine reads (for a formula: its cached
result), merged ranges, column widths fitted to the text.  Text is always written as text.

For .ods the package's ``content.xml`` is read once more (:func:`ods_extras`) for what calamine does
not report: merged ranges, column widths, and formulas (OpenFormula references turned into Excel
A1 references; a formula that does not translate is left as its value), written with their values.

What such a copy cannot keep (docs/annotated-copy.md): .xls formulas (calamine gives their values
only), cell formats (fonts, borders, fills, number formats), pictures, charts, notes, validations,
macros, print settings, hidden rows and columns.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from perfcheck.report.common import clean_text, fit_width


@dataclass
class SheetExtras:
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)     # 0-based r0, c0, r1, c1
    widths: dict[int, float] = field(default_factory=dict)                   # column → Excel width
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)       # (row, col) → "=A1+B1"


_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_REF = re.compile(r"\[(\$?'?[^.\]]*'?)?\.(\$?[A-Z]+\$?\d+)(?::(\$?'?[^.\]]*'?)?\.(\$?[A-Z]+\$?\d+))?\]")


def _excel_formula(of: str) -> str | None:
    """``of:=[.F6]/[.E6]`` → ``=F6/E6``; None when it does not translate simply."""
    text = of.split(":", 1)[1] if of[:3].lower() in ("of:", "oo") and ":" in of else of
    if not text.startswith("="):
        return None

    def ref(m: re.Match[str]) -> str:
        sheet = (m.group(1) or "").lstrip("$")
        a = m.group(2)
        b = m.group(4)
        out = f"{sheet}!{a}" if sheet else a
        return out + (f":{b}" if b else "")

    out = _REF.sub(ref, text)
    if "[" in out or "]" in out:
        return None
    return out.replace(";", ",")


def _cm(value: str) -> float | None:
    m = re.match(r"([\d.]+)(cm|mm|in|pt)", value or "")
    if m is None:
        return None
    n = float(m.group(1))
    return {"cm": n, "mm": n / 10, "in": n * 2.54, "pt": n * 2.54 / 72}[m.group(2)]


def ods_extras(src: Path) -> dict[str, SheetExtras]:
    """Merged ranges, column widths and formulas of each sheet of an .ods (empty when unreadable)."""
    import xml.etree.ElementTree as ET

    out: dict[str, SheetExtras] = {}
    try:
        with zipfile.ZipFile(src) as z:
            data = z.read("content.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return out
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return out
    col_widths: dict[str, float] = {}
    for st in root.iter(f"{_S}style"):
        props = st.find(f"{_S}table-column-properties")
        if props is not None:
            cm = _cm(props.get(f"{_S}column-width", ""))
            if cm is not None:
                col_widths[st.get(f"{_S}name", "")] = round(cm * 4.0, 1)
    for table in root.iter(f"{_T}table"):
        ex = out.setdefault(table.get(f"{_T}name", ""), SheetExtras())
        c = 0
        for col in table.iter(f"{_T}table-column"):
            n = int(col.get(f"{_T}number-columns-repeated", "1"))
            w = col_widths.get(col.get(f"{_T}style-name", ""))
            if w is not None and c < 200:
                for k in range(min(n, 200 - c)):
                    ex.widths[c + k] = w
            c += n
        r = 0
        for row in table.iter(f"{_T}table-row"):
            rn = int(row.get(f"{_T}number-rows-repeated", "1"))
            c = 0
            for cell in row:
                cn = int(cell.get(f"{_T}number-columns-repeated", "1"))
                if cell.tag == f"{_T}table-cell":
                    span_c = int(cell.get(f"{_T}number-columns-spanned", "1"))
                    span_r = int(cell.get(f"{_T}number-rows-spanned", "1"))
                    if span_c > 1 or span_r > 1:
                        ex.merges.append((r, c, r + span_r - 1, c + span_c - 1))
                    f = cell.get(f"{_T}formula")
                    if f:
                        xf = _excel_formula(f)
                        if xf is not None:
                            ex.formulas[(r, c)] = xf
                c += cn
            r += rn
            if r > 1_048_576:
                break
    return out


def values_workbook(src: Path) -> bytes:
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2000, 1, 1)})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    time_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    extras = ods_extras(src) if src.suffix.lower() == ".ods" else {}
    cwb = CalamineWorkbook.from_path(str(src))
    try:
        names = list(cwb.sheet_names)
        for name in names:
            ws = wb.add_worksheet(name[:31])
            sheet = cwb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            ex = extras.get(name, SheetExtras())
            widths: dict[int, list[str]] = {}
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    formula = ex.formulas.get((r, c))
                    if formula is not None and not isinstance(value, str | bool) and isinstance(value, int | float):
                        ws.write_formula(r, c, formula, None, value)     # the formula with its value
                        widths.setdefault(c, []).append(str(value))
                        continue
                    if value is None or value == "":
                        continue
                    if isinstance(value, str):
                        ws.write_string(r, c, clean_text(value))
                    elif isinstance(value, bool):
                        ws.write_boolean(r, c, value)
                    elif isinstance(value, int | float):
                        ws.write_number(r, c, value)
                    elif isinstance(value, dt.datetime):
                        ws.write_datetime(r, c, value, time_fmt)
                    elif isinstance(value, dt.date):
                        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
                    else:
                        ws.write_string(r, c, clean_text(str(value)))
                    widths.setdefault(c, []).append(str(value))
            for c, texts in widths.items():
                if c not in ex.widths:
                    ws.set_column(c, c, fit_width(texts, minimum=8, maximum=40))
            for c, w in ex.widths.items():
                ws.set_column(c, c, w)
            merges = [((r0, c0), (r1, c1)) for r0, c0, r1, c1 in ex.merges]
            for (r0, c0), (r1, c1) in (getattr(sheet, "merged_cell_ranges", None) or merges):
                if (r0, c0) != (r1, c1):
                    first = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
                    text = "" if first is None else first
                    if isinstance(text, str):
                        ws.merge_range(r0, c0, r1, c1, clean_text(text))
                    else:
                        ws.merge_range(r0, c0, r1, c1, "")
                        ws.write(r0, c0, text)
        if not names:
            wb.add_worksheet("Sheet1")
    finally:
        cwb.close()
    wb.close()
    return buf.getvalue()
