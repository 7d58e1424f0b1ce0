"""One worksheet being written: raw values, formulas with their computed values, merges, row heights.

Every write records what the cell holds for the formulas (``calc.Value``), so a later formula --
on this sheet or, through ``Book``, on another one -- can compute its value the way a spreadsheet
would.  Cell references are A1 strings (``"B3"`` or a merged range ``"B3:J3"``), so the writer reads
like the form.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from perfcheck.layout import Label
from perfcheck.model import quote_sheet
from perfcheck.report.common import display_width
from perfcheck.template import calc
from perfcheck.template.blueprint import FORMULA
from perfcheck.template.styles import DATE_FORMAT, FONT_SIZE, style_props

LINE_HEIGHT = 15.0      # points per line of 11 pt CJK text (宋体 in Excel ≈ 14.25, Noto CJK in LibreOffice ≈ 15)
ROW_PADDING = 5.0
MIN_ROW_HEIGHT = 20.0


def span(ref: str) -> tuple[int, int, int, int]:
    """``"B3"`` or ``"B3:J3"`` → 0-based (first_row, first_col, last_row, last_col)."""
    a, _, b = ref.partition(":")
    r1, c1 = xl_cell_to_rowcol(a)
    r2, c2 = xl_cell_to_rowcol(b) if b else (r1, c1)
    return r1, c1, r2, c2


def text_units(s: str) -> int:
    """Display width in column units: a CJK (wide) character takes two (``report.common.display_width``)."""
    return display_width(s)


def lines_needed(text: str, width: float, *, bold: bool = False) -> int:
    capacity = max(1.0, (width - 2.0) / (1.1 if bold else 1.0))
    return sum(max(1, math.ceil(text_units(p) / capacity)) for p in text.split("\n"))


class Book:
    """The XlsxWriter workbook, its cached formats, and every written sheet's values."""

    def __init__(self, wb: Workbook, lang: str) -> None:
        self.wb = wb
        self.lang = lang
        self.sheets: dict[str, Sheet] = {}
        self._formats: dict[tuple[str, str | None], Format] = {}

    def fmt(self, style: str, num_format: str | None = None) -> Format:
        key = (style, num_format)
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(style_props(style, num_format))
        return self._formats[key]

    def label(self, label: Label) -> str:
        """A label cell's text: Chinese, or ``"中文\\nEnglish"`` with ``lang == "en"``."""
        return label.zh if self.lang != "en" else f"{label.zh}\n{label.en}"

    def add_sheet(self, name: str, widths: dict[str, float]) -> Sheet:
        sheet = Sheet(self, name, widths)
        self.sheets[name] = sheet
        return sheet


class Sheet:
    def __init__(self, book: Book, name: str, widths: dict[str, float]) -> None:
        self.book = book
        self.name = name
        self.ws: Worksheet = book.wb.add_worksheet(name)
        self.values: dict[tuple[int, int], calc.Value] = {}
        self.widths = {xl_cell_to_rowcol(f"{c}1")[1]: w for c, w in widths.items()}
        self.min_heights: dict[int, float] = {}
        self._texts: list[tuple[int, int, int, int, str, bool, float]] = []
        self._rows: set[int] = set()
        for col, width in self.widths.items():
            self.ws.set_column(col, col, width)

    # ---------------------------------------------------------------------------------- reading back

    def value(self, ref: str) -> calc.Value:
        r, c, _, _ = span(ref)
        return self.values.get((r, c))

    def range_values(self, ref: str) -> list[calc.Value]:
        r1, c1, r2, c2 = span(ref)
        return [self.values.get((r, c)) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    # ---------------------------------------------------------------------------------- writing

    def _place(self, ref: str, style: str, num_format: str | None = None) -> tuple[int, int, Format]:
        r1, c1, r2, c2 = span(ref)
        f = self.book.fmt(style, num_format)
        self._rows.update(range(r1, r2 + 1))
        if (r1, c1) != (r2, c2):
            self.ws.merge_range(r1, c1, r2, c2, "", f)
        return r1, c1, f

    def _note_text(self, ref: str, text: str, style: str) -> None:
        r1, c1, r2, c2 = span(ref)
        props = style_props(style)
        scale = float(props["font_size"]) / FONT_SIZE
        self._texts.append((r1, c1, r2, c2, text, bool(props.get("bold")), scale))

    def raw(self, ref: str, value: object, style: str) -> None:
        """Write a raw value exactly as given: text stays text (even ``"=1+1"``), numbers stay numbers,
        dates get a date format; None leaves the (styled) cell empty."""
        if isinstance(value, dt.date):
            r, c, f = self._place(ref, style, DATE_FORMAT)
            self.ws.write_datetime(r, c, value, f)
        else:
            r, c, f = self._place(ref, style)
            if value is None or value == "":
                self.ws.write_blank(r, c, None, f)
            elif isinstance(value, bool):
                self.ws.write_boolean(r, c, value, f)
            elif isinstance(value, int | float | Decimal):
                x = float(value)
                if not math.isfinite(x):
                    raise ValueError(f"{self.name}!{ref}: a number must be finite, not {value!r}")
                self.ws.write_number(r, c, x, f)
            elif isinstance(value, str):
                self.ws.write_string(r, c, value, f)
                self._note_text(ref, value, style)
            else:
                raise TypeError(f"{self.name}!{ref}: cannot write a {type(value).__name__}")
        self.values[(r, c)] = calc.as_value(value)

    def text(self, ref: str, value: str, style: str) -> None:
        """A fixed text (a label or a note)."""
        self.raw(ref, value, style)

    def label(self, ref: str, label: Label, style: str = "label") -> None:
        self.raw(ref, self.book.label(label), style)

    def formula(self, ref: str, formula: str, value: calc.Value, style: str) -> None:
        """A formula with its computed value stored (``""`` for an empty-string result)."""
        r, c, f = self._place(ref, style)
        self.ws.write_formula(r, c, formula, f, "" if value is None else value)
        self.values[(r, c)] = value
        if isinstance(value, str) and value:
            self._note_text(ref, value, style)

    def computed(self, ref: str, stated: object, formula: str, value: calc.Value, style: str) -> None:
        """A computed cell: the formula (with its value) when ``stated`` is FORMULA, else the literal."""
        if stated is FORMULA:
            self.formula(ref, formula, value, style)
        else:
            self.raw(ref, stated, style)

    def min_height(self, row: int, height: float) -> None:
        """At least this height (points) for a 1-based row."""
        self.min_heights[row - 1] = max(self.min_heights.get(row - 1, 0.0), height)

    # ---------------------------------------------------------------------------------- finishing

    def _width(self, c1: int, c2: int) -> float:
        return sum(self.widths.get(c, 8.43) for c in range(c1, c2 + 1))

    def finish(self) -> None:
        """Set every row's height from the texts written into it (XlsxWriter does not autofit)."""
        heights: dict[int, float] = {r: MIN_ROW_HEIGHT for r in self._rows}
        for r, h in self.min_heights.items():
            heights[r] = max(heights.get(r, MIN_ROW_HEIGHT), h)
        single = [t for t in self._texts if t[0] == t[2]]
        multi = [t for t in self._texts if t[0] != t[2]]
        for r1, c1, _, c2, text, bold, scale in single:
            width = self._width(c1, c2) / scale
            need = lines_needed(text, width, bold=bold) * LINE_HEIGHT * scale + ROW_PADDING
            heights[r1] = max(heights.get(r1, MIN_ROW_HEIGHT), need)
        for r1, c1, r2, c2, text, bold, scale in multi:
            width = self._width(c1, c2) / scale
            need = lines_needed(text, width, bold=bold) * LINE_HEIGHT * scale + ROW_PADDING
            have = sum(heights.get(r, MIN_ROW_HEIGHT) for r in range(r1, r2 + 1))
            if need > have:
                heights[r2] = heights.get(r2, MIN_ROW_HEIGHT) + need - have
        for row, h in sorted(heights.items()):
            self.ws.set_row(row, max(h, MIN_ROW_HEIGHT))

    # ---------------------------------------------------------------------------------- helpers

    def ref(self, ref: str) -> str:
        """A cross-sheet reference to a cell of this sheet: ``'项目1'!B3``."""
        return f"{quote_sheet(self.name)}!{ref}"


def col(index: int) -> str:
    """0-based column → letters."""
    return str(xl_col_to_name(index))


def options_for_protect() -> dict[str, Any]:
    """Sheet protection without a password: select, format and insert/delete rows stay allowed."""
    return {
        "select_locked_cells": True, "select_unlocked_cells": True,
        "format_cells": True, "format_columns": True, "format_rows": True,
        "insert_rows": True, "delete_rows": True,
        "insert_columns": False, "delete_columns": False, "insert_hyperlinks": False,
        "sort": False, "autofilter": False, "pivot_tables": False, "objects": False, "scenarios": False,
    }
