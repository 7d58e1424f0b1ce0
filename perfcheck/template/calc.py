"""Python twins of the few spreadsheet functions the writer's formulas use.

Every computed cell is written as a formula *and* the value Excel or LibreOffice would compute for
it (XlsxWriter would store 0 otherwise).  The value is computed here, following the spreadsheet
semantics that matter for the form: ``SUM``/``COUNT`` skip text and blanks, ``ISNUMBER`` is false
for text, ``ROUND`` rounds half away from zero on the shortest decimal form of the double, and
``x&y`` turns numbers into their General text.

A cell's value, as the formulas see it: a float (numbers, and dates as serial numbers), a str, or
None (blank).  A formula that yields the empty string yields ``""``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeAlias

Value: TypeAlias = float | str | None
"""What a cell holds for the formulas: number (float), text, or blank."""

_EPOCH = dt.datetime(1899, 12, 30)


def excel_serial(value: dt.date | dt.datetime) -> float:
    """The spreadsheet serial number of a date (1900 date system, as XlsxWriter writes it)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - _EPOCH
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


def as_value(raw: object) -> Value:
    """A raw spec value as the formulas see it."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return 1.0 if raw else 0.0
    if isinstance(raw, int | float | Decimal):
        return float(raw)
    if isinstance(raw, dt.date):
        return excel_serial(raw)
    s = str(raw)
    return s if s != "" else None


def number(v: Value) -> float | None:
    """The number a cell holds, or None (ISNUMBER false)."""
    return v if isinstance(v, float) else None


def numbers(values: Iterable[Value]) -> list[float]:
    return [v for v in values if isinstance(v, float)]


def sum_(values: Iterable[Value]) -> float:
    """SUM: text and blanks are skipped."""
    return math.fsum(numbers(values))


def count(values: Iterable[Value]) -> int:
    """COUNT: how many numbers."""
    return len(numbers(values))


def round_(x: float, digits: int) -> float:
    """ROUND: half away from zero, on the shortest decimal form of the double (2.675 → 2.68)."""
    q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(q)


def ratio(num: Value, den: Value) -> Value:
    """``IF(AND(ISNUMBER(num),ISNUMBER(den),den<>0),num/den,"")``."""
    n, d = number(num), number(den)
    if n is None or d is None or d == 0:
        return ""
    return n / d


def exec_score(weight: Value, rate: Value, decimals: int) -> Value:
    """``IF(AND(ISNUMBER(w),ISNUMBER(r)),ROUND(w*MIN(r,1),decimals),"")``."""
    w, r = number(weight), number(rate)
    if w is None or r is None:
        return ""
    return round_(w * min(r, 1.0), decimals)


def sum_or_blank(values: Iterable[Value]) -> Value:
    """``IF(COUNT(range)=0,"",SUM(range))``."""
    vals = numbers(values)
    return math.fsum(vals) if vals else ""


def grade(total: Value, bands: tuple[float, float, float], names: tuple[str, ...]) -> Value:
    """``IF(ISNUMBER(t),IF(t>=90,"优",IF(t>=80,"良",IF(t>=60,"中","差"))),"")``."""
    t = number(total)
    if t is None:
        return ""
    for band, name in zip(bands, names, strict=False):
        if t >= band:
            return name
    return names[len(bands)]


def link(v: Value) -> Value:
    """``IF(ref="","",ref)``: a reference that shows a blank source as blank, not 0."""
    return "" if v is None or v == "" else v


def text(v: Value) -> str:
    """How ``&`` shows a value: numbers in General format, blank as the empty string."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.15g}"
    return v
