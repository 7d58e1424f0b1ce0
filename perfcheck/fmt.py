"""Numbers and texts for messages, formatted as the form shows them: one place for rules and reporters.

* amounts in 万元 with thousands separators and at most 2 decimals: ``1,737.48``;
* scores with at most 2 decimals: ``98.95``; rates as percent: ``82%``, ``86.18%``;
* differences in words, never a bare negative: ``多填 2 分`` / ``少计 95 万元``;
* rows as ranges: ``第13–15、17行`` / ``rows 13–15, 17``.

Texts that differ by language are :class:`~perfcheck.model.Bilingual`; the message renderer picks
the message's language.  JSON ``expected``/``actual`` values stay numbers: these helpers are for
message text only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perfcheck.model import Bilingual

HUNDRED = Decimal(100)


def _dec(v: Decimal | int | float) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(repr(v)) if isinstance(v, float) else Decimal(v)


def _trim(s: str) -> str:
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fmt_value(v: object) -> str:
    """A message value as text: Decimals without float noise, trailing zeros trimmed; others ``str``."""
    if isinstance(v, Decimal):
        s = format(v.normalize(), "f") if v == v.to_integral_value() else format(v, "f")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return s or "0"
    if isinstance(v, float):
        return fmt_value(Decimal(repr(v)))
    return str(v)


class _Ctx(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, ctx: Mapping[str, object], lang: str) -> str:
    """A message template filled from ``ctx``: Bilingual values in ``lang``, others by :func:`fmt_value`;
    a placeholder missing from ``ctx`` stays as written.  (``str.format_map`` does what
    ``string.Formatter().vformat`` does for named fields, in C: a large report renders thousands.)"""
    values = _Ctx({k: v.pick(lang) if isinstance(v, Bilingual) else fmt_value(v) for k, v in ctx.items()})
    return template.format_map(values)


def text_or_none(v: object) -> str | None:
    """A cell's value as stripped text; None when there is none (empty or only spaces)."""
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def number(v: Decimal | int | float, places: int = 6) -> str:
    """A plain number without float noise or trailing zeros: 95, 0.5, 86.183."""
    d = _dec(v).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return _trim(format(d, "f"))


def amount(v: Decimal | int | float, places: int = 2) -> str:
    """万元 as a form shows it: thousands separators, at most ``places`` decimals: 1,737.48."""
    d = _dec(v).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return _trim(f"{d:,f}")


def amount_unit(v: Decimal | int | float) -> str:
    """``1,737.48 万元`` (万元 is the unit of the form in both languages)."""
    return f"{amount(v)} 万元"


def score(v: Decimal | int | float) -> str:
    """Points with at most 2 decimals: 98.95, 100."""
    return number(v, 2)


def score_unit(v: Decimal | int | float) -> Bilingual:
    s = score(v)
    return Bilingual(f"{s} 分", f"{s} points")


def pct(rate: Decimal | int | float, places: int = 2) -> str:
    """A fraction as percent: 0.82 → 82%, 0.86183 → 86.18%."""
    return number(_dec(rate) * HUNDRED, places) + "%"


def diff_words(stated: Decimal, right: Decimal, unit_zh: str, unit_en: str, places: int = 2) -> Bilingual:
    """The difference of a stated value from the right one, in words: 多填 2 分 / 少计 95 万元."""
    d = stated - right
    size = amount(abs(d), places) if unit_zh == "万元" else number(abs(d), places)
    if d > 0:
        return Bilingual(f"多填 {size} {unit_zh}", f"{size} {unit_en} too many")
    if d < 0:
        return Bilingual(f"少计 {size} {unit_zh}", f"{size} {unit_en} too few")
    return Bilingual("相同", "equal")


def diff_score(stated: Decimal, right: Decimal) -> Bilingual:
    return diff_words(stated, right, "分", "points")


def diff_amount(stated: Decimal, right: Decimal) -> Bilingual:
    return diff_words(stated, right, "万元", "万元")


def diff_points(stated_rate: Decimal, right_rate: Decimal) -> Bilingual:
    """Two rates' difference in percentage points, in words: 高出 3.5 个百分点 / 低 2 个百分点."""
    d = (stated_rate - right_rate) * HUNDRED
    size = number(abs(d), 2)
    if d > 0:
        return Bilingual(f"高出 {size} 个百分点", f"{size} percentage points too high")
    if d < 0:
        return Bilingual(f"低了 {size} 个百分点", f"{size} percentage points too low")
    return Bilingual("相同", "equal")


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in sorted(set(rows)):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def rows(rows_: Iterable[int]) -> Bilingual:
    """Excel rows as ranges: 第13–15、17行 / rows 13–15, 17 (one row: 第13行 / row 13)."""
    runs = _runs(rows_)
    parts = [f"{a}–{b}" if a != b else str(a) for a, b in runs]
    plural = len(runs) > 1 or (runs and runs[0][0] != runs[0][1])
    return Bilingual(f"第{'、'.join(parts)}行", ("rows " if plural else "row ") + ", ".join(parts))


def adjustment(budget: Decimal, initial: Decimal) -> Bilingual:
    """A budget change in words: 调增 20 万元 / 调减 5 万元."""
    d = budget - initial
    size = amount(abs(d))
    if d >= 0:
        return Bilingual(f"调增 {size} 万元", f"raised by {size} 万元")
    return Bilingual(f"调减 {size} 万元", f"cut by {size} 万元")
