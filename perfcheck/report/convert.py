"""A .xls / .ods / .xlsb input as a new .xlsx (XlsxWriter), so that its copy can be patched like any
other: same sheet names and order, the values python-calamine reads (for a formula: its cached
result), merged ranges, column widths fitted to the text.  Text is always written as text.

What such a copy cannot keep (docs/annotated-copy.md): formulas (calamine gives their values only),
cell formats (fonts, borders, fills, number formats), pictures, charts, notes, validations, macros,
print settings, hidden rows and columns.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from perfcheck.report.common import clean_text, fit_width


def values_workbook(src: Path) -> bytes:
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2000, 1, 1)})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    time_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    cwb = CalamineWorkbook.from_path(str(src))
    try:
        names = list(cwb.sheet_names)
        for name in names:
            ws = wb.add_worksheet(name[:31])
            sheet = cwb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            widths: dict[int, list[str]] = {}
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
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
                ws.set_column(c, c, fit_width(texts, minimum=8, maximum=40))
            for (r0, c0), (r1, c1) in getattr(sheet, "merged_cell_ranges", None) or ():
                if (r0, c0) != (r1, c1):
                    value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
                    text = "" if value is None else value
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
