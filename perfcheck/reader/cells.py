"""Typed ``Cell``s from grid positions, with the PC0xx hits for values that cannot be read.

Each reader comes twice: ``text(r, c)`` fetches the raw value at a 0-based position; ``text_at(raw, at)``
takes a value already fetched and its ``CellRef``.  The indicator grid is read a column at a time
(``texts``, ``numbers``, ``measures``): its values repeat from row to row and from form to form, so
each distinct value is parsed once, and a column's cells are made in one loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from perfcheck import parse
from perfcheck.codes import (
    AMOUNT_IN_YUAN,
    DATE_AS_NUMBER,
    FORMULA_ERROR,
    NEGATIVE_AMOUNT,
    NOT_A_NUMBER,
    NUMBER_AS_DATE,
    YUAN_THRESHOLD,
)
from perfcheck.model import Cell, CellRef, CodedHit, Hit, Measure, ValueKind, a1, new_cell
from perfcheck.reader.grid import Grid, Uncached

UNCACHED = "uncached-formula"
_PLACEHOLDER_MAX = max(len(p) for p in parse.PLACEHOLDERS)
_MAX_FLOAT = 1e15


def found_text(raw: object) -> str:
    """How a raw value is quoted in a message."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time(0) else raw.isoformat(sep=" ")
    if isinstance(raw, (dt.date, dt.time)):
        return raw.isoformat()
    if isinstance(raw, float):
        return format(parse.float_to_decimal(raw), "f") if abs(raw) < _MAX_FLOAT else repr(raw)
    return str(raw).strip()


def _uncached(raw: Uncached, at: CellRef) -> Cell[Any]:
    return new_cell(None, str(raw), at, None, UNCACHED)


def _text_value(raw: str) -> str | None:
    """The value of a text cell: the text stripped; None for a placeholder (``—``, ``/``, ``无``).
    Memoised by the text (names and labels repeat on every form)."""
    v = _TEXTS.get(raw, _UNSEEN)
    if v is _UNSEEN:
        s = raw.strip()
        v = s if len(s) > _PLACEHOLDER_MAX or parse.norm(s) not in parse.PLACEHOLDERS else None
        if len(_TEXTS) < _MEMO_MAX:
            _TEXTS[raw] = v
    return v      # type: ignore[return-value]


def _quiet_number(raw: float | str) -> tuple[Decimal | None, int | None] | None:
    """A str or float score or weight as :meth:`Cells.number_at` reads it when it reports nothing:
    (value, decimals); None when it reports the value (a problem, or a date's serial number).
    Memoised by the value."""
    got = _NUMBERS.get(raw, _UNSEEN)
    if got is _UNSEEN:
        n = parse.parse_number(raw)
        got = (n.value, n.decimals) if n.problem is None and not n.from_date else None
        if len(_NUMBERS) < _MEMO_MAX:
            _NUMBERS[raw] = got
    return got    # type: ignore[return-value]


_MEMO_MAX = 50_000
_UNSEEN = object()
# str raw → its text value; str or float raw → (value, decimals) of a score or weight, None when
# number_at reports it.  Keyed by the value alone, so only str and float raws go in (1 == 1.0 == True;
# -0.0 == 0.0 is harmless: both read as 0 with 0 decimals).
_TEXTS: dict[str, str | None] = {}
_NUMBERS: dict[object, tuple[Decimal | None, int | None] | None] = {}
# str or float raw → (value, decimals) of an amount that is not reported (not even as looking like 元)
_AMOUNTS: dict[object, tuple[Decimal | None, int | None]] = {}


class Cells:
    """Reads typed cells of one sheet; unreadable values become hits in ``hits``."""

    __slots__ = ("grid", "hits", "sheet")

    def __init__(self, grid: Grid, hits: list[CodedHit]) -> None:
        self.grid = grid
        self.sheet = grid.name
        self.hits = hits

    def ref(self, r: int, c: int) -> CellRef:
        return CellRef(self.sheet, a1(r, c))

    def hit(self, code: str, at: CellRef, **ctx: object) -> None:
        self.hits.append(CodedHit(code, Hit(at=at, ctx=dict(ctx), actual=ctx.get("found"))))

    def raw(self, r: int, c: int) -> Any:
        return self.grid.get(r, c)

    # -- by position -------------------------------------------------------------------------------

    def text(self, r: int, c: int) -> Cell[str]:
        return self.text_at(self.grid.get(r, c), self.ref(r, c))

    def amount(self, r: int, c: int, field: str, *, check_yuan: bool = True) -> Cell[Decimal]:
        return self.amount_at(self.grid.get(r, c), self.ref(r, c), field, check_yuan=check_yuan)

    def number(self, r: int, c: int, field: str) -> Cell[Decimal]:
        return self.number_at(self.grid.get(r, c), self.ref(r, c), field)

    def rate(self, r: int, c: int, field: str, budget: Decimal | None = None,
             spent: Decimal | None = None) -> Cell[Decimal]:
        return self.rate_at(self.grid.get(r, c), self.ref(r, c), field, budget, spent)

    def count(self, r: int, c: int, field: str) -> Cell[object]:
        return self.count_at(self.grid.get(r, c), self.ref(r, c), field)

    def year(self, r: int, c: int, field: str) -> Cell[int]:
        return self.year_at(self.grid.get(r, c), self.ref(r, c), field)

    def measure(self, r: int, c: int, field: str, *, op_raw: object = None, unit_raw: object = None,
                target: Measure | None = None) -> Cell[Measure]:
        return self.measure_at(self.grid.get(r, c), self.ref(r, c), field, op_raw=op_raw, unit_raw=unit_raw,
                               target=target)

    # -- by value ----------------------------------------------------------------------------------

    def text_at(self, raw: Any, at: CellRef) -> Cell[str]:
        """Free text, stripped; placeholders (``—``, ``/``, ``无``) → no value."""
        if raw is None:
            return new_cell(None, None, at, None, None)
        if raw.__class__ is str:
            return new_cell(_text_value(raw), raw, at, None, None)
        if isinstance(raw, Uncached):
            return _uncached(raw, at)
        return new_cell(parse.parse_text(raw), raw, at, None, None)

    def _num(self, raw: object, at: CellRef, field: str, n: parse.Num) -> Cell[Decimal]:
        if n.problem is not None:
            self.hit(FORMULA_ERROR if n.problem == "formula-error" else NOT_A_NUMBER, at, field=field,
                     found=found_text(raw))
        elif n.from_date and n.value is not None:
            self.hit(NUMBER_AS_DATE, at, field=field, found=found_text(raw), value=n.value)
        return new_cell(n.value, raw, at, n.decimals, n.problem)

    def amount_at(self, raw: Any, at: CellRef, field: str, *, check_yuan: bool = True) -> Cell[Decimal]:
        """An amount in 万元; negative amounts and amounts that look like 元 are reported (value kept).
        ``check_yuan`` False for a sum over many projects (a 合计 row), which may well be large."""
        if raw is None:
            return new_cell(None, None, at, None, None)
        cls = raw.__class__
        if cls is float or cls is str:
            got = _AMOUNTS.get(raw)
            if got is not None:
                return new_cell(got[0], raw, at, got[1], None)
        elif isinstance(raw, Uncached):
            return _uncached(raw, at)
        n = parse.parse_amount(raw)
        cell = self._num(raw, at, field, n)
        quiet = n.problem is None and not n.from_date
        if n.value is not None:
            if n.value < 0:
                quiet = False
                self.hit(NEGATIVE_AMOUNT, at, field=field, found=found_text(raw))
            if n.unit == "元" or (n.unit is None and abs(n.value) >= YUAN_THRESHOLD):
                quiet = False
                if n.unit == "元" or check_yuan:
                    self.hit(AMOUNT_IN_YUAN, at, field=field, found=found_text(raw))
        if quiet and (cls is float or cls is str) and len(_AMOUNTS) < _MEMO_MAX:
            _AMOUNTS[raw] = (n.value, n.decimals)       # reported under no check_yuan: read it again
        return cell

    def number_at(self, raw: Any, at: CellRef, field: str) -> Cell[Decimal]:
        """A score or weight (an optional 分)."""
        if raw is None:
            return new_cell(None, None, at, None, None)
        cls = raw.__class__
        if cls is float or cls is str:
            got = _quiet_number(raw)
            if got is not None:
                return new_cell(got[0], raw, at, got[1], None)
        elif isinstance(raw, Uncached):
            return _uncached(raw, at)
        return self._num(raw, at, field, parse.parse_number(raw))

    def rate_at(self, raw: Any, at: CellRef, field: str, budget: Decimal | None = None,
                spent: Decimal | None = None) -> Cell[Decimal]:
        """An execution rate as a fraction; the row's ``budget``/``spent`` settle a bare number's reading."""
        if raw is None:
            return new_cell(None, None, at, None, None)
        if isinstance(raw, Uncached):
            return _uncached(raw, at)
        expected = spent / budget if budget and spent is not None else None
        return self._num(raw, at, field, parse.parse_rate(raw, expected))

    def count_at(self, raw: Any, at: CellRef, field: str) -> Cell[object]:
        """A whole number (head count, number of units), as a Decimal with 0 decimals."""
        if isinstance(raw, Uncached):
            return _uncached(raw, at)
        if isinstance(raw, dt.date | dt.datetime):
            # a number cell formatted as a date: 20 shows as 1900-01-20; read back its serial number
            serial = parse.excel_serial(raw)
            if serial == serial.to_integral_value():
                self.hit(NUMBER_AS_DATE, at, field=field, found=found_text(raw), value=serial)
                return new_cell(serial, raw, at, 0, None)
        value, problem = parse.parse_int(raw)
        if problem is not None:
            self.hit(FORMULA_ERROR if problem == "formula-error" else NOT_A_NUMBER, at, field=field,
                     found=found_text(raw))
        return new_cell(None if value is None else Decimal(value), raw, at, None if value is None else 0, problem)

    def year_at(self, raw: Any, at: CellRef, field: str) -> Cell[int]:
        if isinstance(raw, Uncached):
            return _uncached(raw, at)
        if isinstance(raw, dt.date | dt.datetime) and raw.year < 1910:
            # 2023 typed into a cell formatted as a date shows as 1905-07-15: the year is the serial number
            serial = parse.excel_serial(raw)
            if serial == serial.to_integral_value() and 1990 <= serial <= 2100:
                self.hit(NUMBER_AS_DATE, at, field=field, found=found_text(raw), value=serial)
                return new_cell(int(serial), raw, at, 0, None)
        y = parse.parse_year(raw)
        if y is None and raw is not None and not parse.is_placeholder(raw):
            problem = "formula-error" if parse.is_formula_error(raw) else "not-a-number"
            self.hit(FORMULA_ERROR if problem == "formula-error" else NOT_A_NUMBER, at, field=field,
                     found=found_text(raw))
            return new_cell(None, raw, at, None, problem)
        return new_cell(y, raw, at, 0 if y is not None else None, None)

    def measure_at(self, raw: Any, at: CellRef, field: str, *, op_raw: object = None, unit_raw: object = None,
                   target: Measure | None = None) -> Cell[Measure]:
        """A 年度指标值 (``target`` None) or a 实际完成值 (``target``: the row's parsed target).

        For an actual value: a number cell holding a fraction under a % target is read in percent
        (0.95 → 95 %), and an Excel date serial under a date target as that date (reported).
        """
        if raw is None:
            return new_cell(None, None, at, None, None)
        if isinstance(raw, Uncached):
            return _uncached(raw, at)
        if parse.is_formula_error(raw):
            self.hit(FORMULA_ERROR, at, field=field, found=found_text(raw))
            return new_cell(None, raw, at, None, "formula-error")
        m, decimals, as_date = _measured(raw, op_raw, unit_raw, target)
        if as_date:
            self.hit(DATE_AS_NUMBER, at, field=field, found=found_text(raw), value=m.text if m else None)
        return new_cell(m, raw, at, decimals, None)

    # -- a column at a time ------------------------------------------------------------------------

    def texts(self, raws: Sequence[Any], refs: Sequence[CellRef]) -> list[Cell[str]]:
        """``text_at`` for each value of a column and its cell (a text is never reported)."""
        out: list[Cell[str]] = []
        append, text_at = out.append, self.text_at
        for raw, at in zip(raws, refs, strict=True):
            if raw is None:
                append(new_cell(None, None, at, None, None))
            elif raw.__class__ is str:
                append(new_cell(_text_value(raw), raw, at, None, None))
            else:
                append(text_at(raw, at))
        return out

    def numbers(self, raws: Sequence[Any], refs: Sequence[CellRef]) -> list[Cell[Decimal] | None]:
        """``number_at`` for each value of a column and its cell, without reporting: None where
        ``number_at`` would report the value (or it is not a str or float), so that the caller reads
        that cell with ``number_at`` in reading order and the hits keep their order."""
        out: list[Cell[Decimal] | None] = []
        append = out.append
        for raw, at in zip(raws, refs, strict=True):
            if raw is None:
                append(new_cell(None, None, at, None, None))
                continue
            cls = raw.__class__
            if cls is not float and cls is not str:
                append(None)
                continue
            got = _quiet_number(raw)
            append(None if got is None else new_cell(got[0], raw, at, got[1], None))
        return out

    def measures(self, raws: Sequence[Any], refs: Sequence[CellRef], ops: Sequence[Any], units: Sequence[Any],
                 targets: Sequence[Cell[Measure] | None] | None = None) -> list[Cell[Measure] | None]:
        """``measure_at`` for each value of a column and its cell, with the row's operator and unit
        cells (and, for the actual values, the row's target cell), without reporting: None where
        ``measure_at`` would report the value or the row's target is None, for the caller to read that
        cell with ``measure_at`` in reading order."""
        out: list[Cell[Measure] | None] = []
        append = out.append
        for i, (raw, at) in enumerate(zip(raws, refs, strict=True)):
            if raw is None:
                append(new_cell(None, None, at, None, None))
                continue
            target: Measure | None = None
            if targets is not None:
                tc = targets[i]
                if tc is None:
                    append(None)
                    continue
                target = tc.value
            op_raw, unit_raw = ops[i], units[i]
            if raw.__class__ is str and op_raw is None and unit_raw is None:
                # the common case: a text alone, memoised by the text under the target's kind and unit
                ctx = (None, None) if target is None else (target.kind, target.unit)
                memo = _TEXT_MEASURES.get(ctx)
                if memo is None:
                    memo = _TEXT_MEASURES[ctx] = {}
                got = memo.get(raw)
                if got is None:
                    if parse.is_formula_error(raw):
                        append(None)
                        continue
                    got = _measure(raw, None, None, *ctx)
                    if len(memo) < _MEASURES_MAX:
                        memo[raw] = got
            else:
                if isinstance(raw, Uncached):
                    append(_uncached(raw, at))
                    continue
                if parse.is_formula_error(raw):
                    append(None)
                    continue
                got = _measured(raw, op_raw, unit_raw, target)
            m, decimals, as_date = got
            append(None if as_date else new_cell(m, raw, at, decimals, None))
        return out


def _measured(raw: object, op_raw: object, unit_raw: object,
              target: Measure | None) -> tuple[Measure | None, int | None, bool]:
    """:func:`_measure` of a value that is neither empty, uncached nor an error, memoised."""
    tkind, tunit = (None, None) if target is None else (target.kind, target.unit)
    # what follows depends on the values alone (and the target's kind and unit): equal cells share
    # one result (the type is part of the key: 1 and 1.0 and True differ here)
    key = (raw.__class__, raw, op_raw.__class__, op_raw, unit_raw.__class__, unit_raw, tkind, tunit)
    try:
        got = _MEASURES.get(key)
        keep = True
    except TypeError:          # an unhashable value: not memoised
        got, keep = None, False
    if got is None:
        got = _measure(raw, op_raw, unit_raw, tkind, tunit)
        if keep and len(_MEASURES) < _MEASURES_MAX:
            _MEASURES[key] = got
    return got


_MEASURES: dict[tuple[object, ...], tuple[Measure | None, int | None, bool]] = {}
# a text without operator and unit cells: (target kind, target unit) → text → _measure's result
_TEXT_MEASURES: dict[tuple[ValueKind | None, str | None], dict[str, tuple[Measure | None, int | None, bool]]] = {}
_MEASURES_MAX = 50_000


def _measure(raw: object, op_raw: object, unit_raw: object, tkind: ValueKind | None,
             tunit: str | None) -> tuple[Measure | None, int | None, bool]:
    """(measure, its shown decimals, read as a date from a serial number) for :meth:`Cells.measure_at`."""
    m = parse.combine_measure(raw, op_raw, unit_raw)
    as_date = False
    if m is not None and tkind is not None:
        if tkind is ValueKind.NUMBER and tunit == "%":
            m = parse.as_percent(m, raw)
        elif tkind is ValueKind.DATE:
            d = parse.serial_date_measure(m, raw)
            if d is not None:
                as_date = True
                m = d
    return m, None if m is None or m.number is None else parse.shown_decimals(m.number), as_date
