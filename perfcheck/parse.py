"""Value parsing: what people type into a 项目支出绩效自评表, turned into typed values.

Small pure functions, one per kind of value (workbook.md "Values as people type them").  They take the
raw content of one cell exactly as the spreadsheet library returns it (``str``, ``int``, ``float``,
``bool``, ``datetime``/``date``/``time``/``timedelta`` or ``None``) and never raise.

- :func:`parse_amount`  amounts in 万元 → :class:`Num` (value, decimals shown, problem, unit)
- :func:`parse_number`  scores, weights, plain numbers (an optional 分 suffix)
- :func:`parse_rate`    execution rates → a fraction (``95.3%`` → 0.953)
- :func:`parse_int`     years and head counts (``19人``)
- :func:`parse_year`    a year from ``（2023年度）``, ``2023年度``, ``2023``
- :func:`parse_text`    free text (placeholders → None)
- :func:`parse_measure` 年度指标值 / 实际完成值 → :class:`~perfcheck.model.Measure`
- :func:`parse_operator`, :func:`combine_measure`  a separate 指标性质 / 度量单位 column

Problem keys (``Num.problem``): ``not-a-number``, ``formula-error`` (an Excel error such as
``#DIV/0!``), ``not-finite`` (NaN, infinity), ``out-of-range`` (10^15 or more), ``boolean``
(TRUE/FALSE), ``not-an-integer``.
A date where a number belongs is *recovered* as its Excel serial number and flagged with
``Num.from_date`` (a cell formatted as a date shows ``95`` as 1900-04-04).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from perfcheck.model import Measure, Op, QualGrade, ValueKind

# --------------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------------

PLACEHOLDERS: frozenset[str] = frozenset({
    "", "-", "--", "---", "—", "——", "–", "––", "―", "/", "//", "\\", "无", "空", "~", "...", "…", "……",
})
"""Texts (after NFKC and removing white space) that mean "no value"."""

_EXCEL_ERROR = re.compile(r"^#(DIV/0!|REF!|VALUE!|N/A|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|GETTING_DATA|BLOCKED!|"
                          r"CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|PYTHON!)$", re.IGNORECASE)
_WS = re.compile(r"\s+")
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+"
_NUM_RE = re.compile(rf"^(?P<cur>[¥$]?)(?P<num>{_NUMBER})(?P<unit>.*)$")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_LEAP_BUG = dt.datetime(1900, 3, 1)
_FLOAT_PLACES = 10
_QUANT = Decimal(1).scaleb(-_FLOAT_PLACES)


# isinstance() with tuples: a ``A | B`` union would be built anew at every call
_DATE_TIME_TYPES = (dt.date, dt.time, dt.timedelta)
_DATE_TYPES = (dt.date, dt.time)
_DATE_TYPES_ONLY = (dt.datetime, dt.date)
_TIME_TYPES = (dt.time, dt.timedelta)
_REAL_TYPES = (int, float)
_NUMBER_TYPES = (int, float, Decimal)


class Num(NamedTuple):
    """A parsed number.  ``value`` None with ``problem`` None means "no value" (empty/placeholder)."""

    value: Decimal | None
    decimals: int | None = None
    problem: str | None = None
    unit: str | None = None          # the unit as typed (万元, 元, 分, %), None when none was typed
    from_date: bool = False          # the cell held a date/time: value is its Excel serial number


def norm(text: object) -> str:
    """NFKC (full-width → half-width: ``９５．５`` → ``95.5``, ``％`` → ``%``) and all white space removed."""
    if text is None:
        return ""
    s = str(text)
    if not unicodedata.is_normalized("NFKC", s):
        s = unicodedata.normalize("NFKC", s)
    return _WS.sub("", s)


def norm_keep_spaces(text: object) -> str:
    """NFKC, stripped, inner white-space runs collapsed to one space."""
    if text is None:
        return ""
    return _WS.sub(" ", unicodedata.normalize("NFKC", str(text))).strip()


def is_placeholder(raw: object) -> bool:
    """True for an empty cell or a text that means "no value" (``—``, ``-``, ``/``, ``无``, spaces)."""
    if raw is None:
        return True
    return isinstance(raw, str) and norm(raw) in PLACEHOLDERS


def is_formula_error(raw: object) -> bool:
    """True for an Excel error value as text: ``#DIV/0!``, ``#REF!``, ``#VALUE!``, ``#N/A`` …"""
    return isinstance(raw, str) and ("#" in raw or "＃" in raw) and bool(_EXCEL_ERROR.match(norm(raw)))


def trim(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (``100.00`` → ``100``, ``1.50`` → ``1.5``)."""
    if d.is_zero():
        return Decimal(0)
    if not d.is_finite() or d.adjusted() >= 27:
        return d             # beyond the context's 28 digits: leave as is (no amount is that large)
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def shown_decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def float_to_decimal(f: float) -> Decimal:
    """A float as the Decimal a person meant: shortest repr, noise beyond 10 decimals rounded away.

    ``274.65999999999997`` → ``274.66``; ``0.30000000000000004`` → ``0.3``; ``95.0`` → ``95``.
    """
    if f.is_integer() and -1e15 < f < 1e15:
        return Decimal(int(f))
    r = repr(f)
    d = Decimal(r)
    if abs(f) >= 1e15:
        return trim(d)
    if "e" in r or "E" in r or len(r) - r.index(".") - 1 > _FLOAT_PLACES:
        return trim(d.quantize(_QUANT))      # 5e-324 → 0: noise below 10 decimals
    return d


def excel_serial(value: dt.date | dt.datetime | dt.time | dt.timedelta) -> Decimal:
    """The Excel serial number behind a date/time value (1900 date system)."""
    if isinstance(value, dt.timedelta):
        days = value.total_seconds() / 86400
    elif isinstance(value, dt.time):
        days = (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    else:
        d = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        # Excel counts a 29 February 1900 that never was: serials before 1 March 1900 are one less
        epoch = _EXCEL_EPOCH if d >= _EXCEL_LEAP_BUG else _EXCEL_EPOCH + dt.timedelta(days=1)
        days = (d - epoch).total_seconds() / 86400
    return float_to_decimal(round(days, 10))


def from_excel_serial(serial: Decimal | float | int) -> dt.date | None:
    """The date of an Excel serial number (1900 date system), None when out of range."""
    try:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(serial))).date()
    except (OverflowError, ValueError):
        return None


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------

_AMOUNT_UNITS = {"": None, "万元": "万元", "万": "万元", "元": "元", "亿元": "亿元", "亿": "亿元"}
_SCORE_UNITS = {"": None, "分": "分"}
_COUNT_UNITS = {"": None, "人": "人", "个": "个", "家": "家", "名": "名", "位": "位", "户": "户", "年": "年"}


MAX_ABS = Decimal(10) ** 15
"""Numbers of this size or more are not values a spreadsheet holds exactly (Excel keeps 15 digits):
they are read as a problem (``out-of-range``), so that no later arithmetic overflows."""


def _parse_num(raw: object, units: dict[str, str | None]) -> Num:
    """A number (cell or text) with one of ``units`` as suffix; ``out-of-range`` beyond :data:`MAX_ABS`."""
    if raw.__class__ is float and -1e15 < raw < 1e15:       # the common case first (NaN fails the test)
        if raw.is_integer():
            return Num(Decimal(int(raw)), 0)
        n = _FLOATS.get(raw)      # pure, and a Num immutable: equal floats share one result
        if n is None:
            d = float_to_decimal(raw)
            n = Num(d, shown_decimals(d))
            if len(_FLOATS) < _CACHE_MAX:
                _FLOATS[raw] = n
        return n
    n = _parse_num_any(raw, units)
    if n.value is not None and abs(n.value) >= MAX_ABS:
        return Num(None, problem="out-of-range")
    return n


_FLOATS: dict[float, Num] = {}


def _parse_num_any(raw: object, units: dict[str, str | None]) -> Num:
    if raw is None:
        return Num(None)
    if isinstance(raw, bool):
        return Num(None, problem="boolean")
    if isinstance(raw, int):
        return Num(Decimal(raw), 0)
    if isinstance(raw, float):
        if raw.is_integer() and -1e15 < raw < 1e15:
            return Num(Decimal(int(raw)), 0)
        if not math.isfinite(raw):
            return Num(None, problem="not-finite")
        d = float_to_decimal(raw)
        return Num(d, shown_decimals(d))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            return Num(None, problem="not-finite")
        return Num(raw, shown_decimals(raw))
    if isinstance(raw, _DATE_TIME_TYPES):
        d = excel_serial(raw)
        return Num(d, shown_decimals(d), from_date=True)
    s = norm(raw)
    if s in PLACEHOLDERS:
        return Num(None)
    if _EXCEL_ERROR.match(s):
        return Num(None, problem="formula-error")
    m = _NUM_RE.match(s)
    if m is None or m.group("unit") not in units:
        low = s.lower().lstrip("+-")
        if low in ("nan", "inf", "infinity"):
            return Num(None, problem="not-finite")
        return Num(None, problem="not-a-number")
    try:
        d = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return Num(None, problem="not-a-number")
    return Num(d, shown_decimals(d), unit=units[m.group("unit")])


def parse_amount(raw: object) -> Num:
    """An amount in 万元.

    ``95``, ``95.00`` (decimals 2), ``95万元``, ``95 万``, ``1,737.482``, ``９５``, ``９５．５``, float noise
    (``274.65999999999997`` → 274.66); ``—``/``-``/``/``/``无``/blank → no value.  ``950000元`` →
    950000 with ``unit="元"`` (the value is kept as typed: a rule warns that it looks like 元).
    A negative amount is returned as such (the reader reports it).
    """
    return _parse_num(raw, _AMOUNT_UNITS)


def parse_number(raw: object) -> Num:
    """A score or weight (分值, 得分, 总分): a number, optionally followed by 分."""
    return _parse_num(raw, _SCORE_UNITS)


RATE_PERCENT_ABOVE = Decimal("1.5")
"""A rate written without % and greater than this is read in percent (``95.3`` → 95.3%).

People fill a 执行率 cell either as a fraction (0.953, shown as 95.3% by the cell format) or as
percent points (95.3).  A fraction above 1.5 (150%) is implausible for an execution rate, while a
rate of 1.5% or less written in percent points is too; so a bare number above 1.5 is percent points,
at or below it a fraction (1.2 → 120%, overspending).
"""


def parse_rate(raw: object, expected: Decimal | None = None) -> Num:
    """An execution rate as a fraction: ``0.953``, ``95.3%``, ``95.3％`` → 0.953; ``100%`` → 1 (decimals 2).

    ``decimals`` counts the decimals of the fraction (``95.3%`` → 3, ``86%`` → 2).  ``unit`` is ``%``
    when a % sign was typed.  A bare number above :data:`RATE_PERCENT_ABOVE` is read in percent
    points -- unless ``expected`` (全年执行数 ÷ 全年预算数 of the same row, when both are known) is
    nearer to it as a fraction: a formula's result 15.75 for 31.5 ÷ 2 is 1575 %, not 15.75 %.
    """
    n = _parse_num(raw, {"": None, "%": "%"})
    if n.value is None or n.from_date:
        return n
    percent = n.unit == "%" or n.value > RATE_PERCENT_ABOVE
    if percent and n.unit is None and expected is not None and (
            abs(n.value - expected) < abs(n.value / 100 - expected)):
        percent = False
    if not percent:
        return n
    d = n.value / 100
    return Num(trim(d) if d != 0 else Decimal(0), (n.decimals or 0) + 2, None, n.unit)


def parse_int(raw: object) -> tuple[int | None, str | None]:
    """A whole number such as a head count or a year: ``19``, ``19人``, ``19.0`` → 19; ``19.5`` → problem
    ``not-an-integer``.  Returns (value, problem)."""
    n = _parse_num(raw, _COUNT_UNITS)
    if n.value is None:
        return None, n.problem
    if n.from_date:
        return None, "not-a-number"
    if n.value != n.value.to_integral_value():
        return None, "not-an-integer"
    return int(n.value), None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def parse_year(raw: object) -> int | None:
    """The year in ``（2023年度）``, ``2023年度``, ``2023年``, ``2023``, or a date cell; None otherwise."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, dt.date):
        return raw.year
    if isinstance(raw, _REAL_TYPES) and not isinstance(raw, bool):
        return int(raw) if float(raw).is_integer() and 1900 <= raw <= 2100 else None
    m = _YEAR.search(norm(raw))
    return int(m.group(1)) if m else None


def parse_text(raw: object) -> str | None:
    """Free text, stripped; empty or a placeholder (``—``, ``-``, ``/``, ``无``) → None.

    Numbers become their shortest text (``95.0`` → ``95``), dates ISO text."""
    if raw is None or isinstance(raw, bool):
        return None if raw is None else ("TRUE" if raw else "FALSE")
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None
        return format(float_to_decimal(raw), "f")
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time(0) else raw.isoformat(sep=" ")
    if isinstance(raw, _DATE_TYPES):
        return raw.isoformat()
    s = str(raw).strip()
    return None if norm(s) in PLACEHOLDERS else s


# --------------------------------------------------------------------------------------------------
# Measures: 年度指标值 and 实际完成值
# --------------------------------------------------------------------------------------------------

# Operator symbols after NFKC (≧ ≦ ﹦ ＝ ＞＝ are normalised to these or listed).
_OP_SYMBOLS: tuple[tuple[str, Op], ...] = (
    ("≥=", Op.GE), ("≧=", Op.GE), (">==", Op.GE), ("⩾", Op.GE),
    ("≤=", Op.LE), ("≦=", Op.LE), ("<==", Op.LE), ("⩽", Op.LE),
    (">=", Op.GE), ("≥", Op.GE), ("≧", Op.GE), ("=>", Op.GE), ("≮", Op.GE),
    ("<=", Op.LE), ("≤", Op.LE), ("≦", Op.LE), ("=<", Op.LE), ("≯", Op.LE),
    ("==", Op.EQ), ("=", Op.EQ), ("﹦", Op.EQ), ("═", Op.EQ),
    (">", Op.GT), ("<", Op.LT),
)
_OP_PREFIX_WORDS: tuple[tuple[str, Op], ...] = (
    ("大于或等于", Op.GE), ("大于等于", Op.GE), ("不少于", Op.GE), ("不低于", Op.GE), ("不小于", Op.GE),
    ("至少", Op.GE), ("达到", Op.GE), ("达", Op.GE),
    ("小于或等于", Op.LE), ("小于等于", Op.LE), ("不超过", Op.LE), ("不高于", Op.LE), ("不大于", Op.LE),
    ("不多于", Op.LE), ("控制在", Op.LE), ("最多", Op.LE),
    ("大于", Op.GT), ("高于", Op.GT), ("超过", Op.GT), ("多于", Op.GT),
    ("小于", Op.LT), ("低于", Op.LT), ("少于", Op.LT),
    ("等于", Op.EQ),
)
_OP_SUFFIX_WORDS: tuple[tuple[str, Op], ...] = (
    ("及以上", Op.GE), ("以上", Op.GE), ("或以上", Op.GE),
    ("及以下", Op.LE), ("以下", Op.LE), ("或以下", Op.LE), ("以内", Op.LE), ("之内", Op.LE),
)
_OP_COLUMN_WORDS: dict[str, Op] = {
    "正向": Op.GE, "正向指标": Op.GE, "反向": Op.LE, "反向指标": Op.LE, "等于": Op.EQ,
    "大于等于": Op.GE, "小于等于": Op.LE, "大于": Op.GT, "小于": Op.LT, "≥": Op.GE, "≤": Op.LE,
    "=": Op.EQ, "＝": Op.EQ, ">": Op.GT, "<": Op.LT, ">=": Op.GE, "<=": Op.LE, "≧": Op.GE, "≦": Op.LE,
    "不少于": Op.GE, "不低于": Op.GE, "不超过": Op.LE, "不高于": Op.LE, "达到": Op.GE,
}
_UNIT_MAX = 8
_DIGIT = re.compile(r"\d")
# A text that may be a date: 年 or 月, or digits with two separators (2023-12-31, 2023.1.5).  A date
# without 年/月 needs its year (_parse_date_text refuses 12.31 and 3-5 without one), so a decimal
# such as 445.51 is not tried as a date first.
_DATE_HINT = re.compile(r"[年月]|\d[-/.]\d{1,2}[-/.]")
_TRAILING_PUNCT = "。.,，;；!！、:："
_GRADES = {g.value: g for g in QualGrade}


_PREFIX_OPS: dict[str, Op] = {**dict(_OP_PREFIX_WORDS), **dict(_OP_SYMBOLS)}
_PREFIX_RE = re.compile("^(?:" + "|".join(re.escape(w) for w, _ in (*_OP_SYMBOLS, *_OP_PREFIX_WORDS)) + ")")
_SUFFIX_OPS: dict[str, Op] = dict(_OP_SUFFIX_WORDS)
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _OP_SUFFIX_WORDS) + ")$")


def _strip_op_prefix(s: str) -> tuple[Op | None, str]:
    m = _PREFIX_RE.match(s)
    if m is None:
        return None, s
    return _PREFIX_OPS[m.group(0)], s[m.end():]


def _strip_op_suffix(s: str) -> tuple[Op | None, str]:
    m = _SUFFIX_RE.search(s)
    if m is None:
        return None, s
    return _SUFFIX_OPS[m.group(0)], s[: m.start()]


def parse_operator(raw: object) -> Op | None:
    """A 指标性质 / operator column: ``≥``, ``>=``, ``≧``, ``＝``, ``正向`` (→ ≥), ``反向`` (→ ≤), ``不少于`` …"""
    s = norm(raw)
    if not s or s in PLACEHOLDERS:
        return None
    if s in _OP_COLUMN_WORDS:
        return _OP_COLUMN_WORDS[s]
    op, rest = _strip_op_prefix(s)
    return op if op is not None and rest in ("", "指标") else None


def parse_grade(raw: object) -> QualGrade | None:
    """One of the three qualitative grades, allowing spaces and trailing punctuation; else None."""
    s = norm(raw).rstrip(_TRAILING_PUNCT)
    # provinces write 达成预期指标 / 部分达成预期指标并具有一定效果 / 未达成预期指标且效果较差
    return _GRADES.get(s) or _GRADES.get(s.replace("预期指标", "年度指标"))


# Dates --------------------------------------------------------------------------------------------

_DATE_SUFFIX: tuple[tuple[str, Op], ...] = (
    ("以前", Op.LE), ("之前", Op.LE), ("前", Op.LE), ("以内", Op.LE), ("之内", Op.LE), ("内", Op.LE),
    ("以后", Op.GE), ("之后", Op.GE), ("后", Op.GE),
)
_DATE_PREFIX: tuple[tuple[str, Op], ...] = (
    ("不晚于", Op.LE), ("不迟于", Op.LE), ("截至", Op.LE), ("截止", Op.LE), ("截止到", Op.LE), ("于", Op.EQ),
    ("在", Op.LE), ("不早于", Op.GE),
)
_YMD = re.compile(r"^(?:(?P<y>(?:19|20)\d{2})(?:年|[-/.]))?(?P<m>\d{1,2})(?:月|[-/.])"
                  r"(?:(?P<d>\d{1,2})(?:日|号)?|(?P<end>底|末|末日|最后一天))?$")
_YEAR_END = re.compile(r"^(?P<y>(?:19|20)\d{2})年(?:底|末|年底|年末|12月底)?$")


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or 2001, month)[1]


def _parse_date_text(s: str) -> Measure | None:
    """``2023年12月31日前``, ``12月底前``, ``2023-12-31``, ``≤2023.12.31``, ``2023年底前`` → a DATE measure."""
    body = s
    op, body = _strip_op_prefix(body)
    if op is None:
        for word, o in _DATE_PREFIX:
            if body.startswith(word):
                op, body = o, body[len(word):]
                break
    for word, o in _DATE_SUFFIX:
        if body.endswith(word) and len(body) > len(word):
            op = op or o
            body = body[: -len(word)]
            break
    year: int | None
    month: int
    day: int | None
    m = _YMD.match(body)
    if m is not None:
        year = int(m.group("y")) if m.group("y") else None
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return None
        if m.group("end"):
            day = _last_day(year, month)
        elif m.group("d"):
            day = int(m.group("d"))
        else:
            day = None
        if year is None and m.group("d") is None and not m.group("end") and not s.endswith(("前", "后", "内")):
            return None   # "12月" alone or "3-5" is not a date
        if year is None and m.group("d") and "月" not in body:
            return None   # "3-5" / "3.5": a range or a number, not a date
    else:
        ye = _YEAR_END.match(body)
        if ye is None:
            return None
        year, month, day = int(ye.group("y")), 12, 31
        if body == f"{year}年" and op is None:
            return None   # "2023年" alone: a year, not a deadline
    date: dt.date | None = None
    if day is not None:
        if day > _last_day(year, month):
            return None
        if year is not None:
            date = dt.date(year, month, day)
    return Measure(ValueKind.DATE, s, op=op, date=date, year=year, month=month, day=day)


def _date_measure(value: dt.date | dt.datetime, text: str | None = None) -> Measure:
    d = value.date() if isinstance(value, dt.datetime) else value
    return Measure(ValueKind.DATE, text or d.isoformat(), date=d, year=d.year, month=d.month, day=d.day)


_MEASURE_NUM = re.compile(rf"^(?P<num>{_NUMBER})(?P<rest>.*)$")


def _parse_number_text(s: str, text: str) -> Measure | None:
    """``≥50个``, ``不少于50个``, ``50个以上``, ``控制在90万元以内``, ``=100%``, ``100%`` → a NUMBER measure."""
    op, body = _strip_op_prefix(s)
    sop, body = _strip_op_suffix(body)
    if op is None:
        op = sop
    elif sop is not None and op is Op.LE and sop is Op.LE:
        pass  # 控制在…以内
    m = _MEASURE_NUM.match(body)
    if m is None:
        return None
    unit = m.group("rest")
    if unit.startswith("%") or unit.startswith("‰"):
        if len(unit) > 1:
            return None   # "100%完成": a phrase, not a value
    elif unit and (len(unit) > _UNIT_MAX or _DIGIT.search(unit) or unit[0] in "-~至到"):
        return None
    try:
        number = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover
        return None
    if abs(number) >= MAX_ABS:
        return None
    return Measure(ValueKind.NUMBER, text, op=op, number=number, unit=unit or None)


def parse_measure(raw: object) -> Measure | None:
    """A 年度指标值 or 实际完成值: operator + number + unit, a date, a qualitative grade, or text.

    Returns None for an empty cell or a placeholder.  Percentages keep percent units (``95%`` → number
    95, unit ``%``).  A number cell (``52``) is a NUMBER without unit; a date cell a DATE without
    operator.  Anything else is TEXT with the normalised text (vague phrases stay TEXT: judging them
    is a rule's job).  An Excel error text (``#DIV/0!``) is TEXT too: check :func:`is_formula_error`.
    """
    cls = raw.__class__
    if cls is str or cls is float:
        hit = _MEASURE_CACHE.get(raw, _MISS)
        if hit is not _MISS:
            return hit      # type: ignore[return-value]
    if raw is None or isinstance(raw, bool):
        return None if raw is None else Measure(ValueKind.TEXT, "TRUE" if raw else "FALSE")
    if isinstance(raw, _DATE_TYPES_ONLY):
        return _date_measure(raw)
    if isinstance(raw, _NUMBER_TYPES):
        n = parse_number(raw)
        m = (Measure(ValueKind.TEXT, str(raw)) if n.value is None
             else Measure(ValueKind.NUMBER, format(n.value, "f"), number=n.value))
        if cls is float and len(_MEASURE_CACHE) < _CACHE_MAX:
            _MEASURE_CACHE[raw] = m
        return m
    if isinstance(raw, _TIME_TYPES):
        return Measure(ValueKind.TEXT, str(raw))
    key = str(raw)
    parsed = _parse_measure_text(key)
    if cls is str and len(_MEASURE_CACHE) < _CACHE_MAX:
        _MEASURE_CACHE[key] = parsed
    return parsed


# parse_measure is pure and Measure immutable: equal texts (and floats) share one result
_MEASURE_CACHE: dict[object, Measure | None] = {}
_CACHE_MAX = 50_000
_MISS = object()


def _parse_measure_text(raw: str) -> Measure | None:
    text = norm_keep_spaces(raw)
    s = norm(raw)
    if s in PLACEHOLDERS:
        return None
    grade = parse_grade(s)
    if grade is not None:
        return Measure(ValueKind.GRADE, text, grade=grade)
    for body in _candidates(s):
        date = _parse_date_text(body) if _DATE_HINT.search(body) else None
        if date is not None:
            return Measure(ValueKind.DATE, text, op=date.op, date=date.date, year=date.year, month=date.month,
                           day=date.day)
        num = _parse_number_text(body, text)
        if num is not None:
            return num
    return Measure(ValueKind.TEXT, text)


_NAMED_PREFIX = re.compile(r"^[^\d<>=≥≤≧≦]{1,12}?(?=(?:>=|<=|≥|≤|≧|≦|>|<|=))")


def _candidates(s: str) -> list[str]:
    """The text itself, then (when it starts with a short name such as ``合格率≥95%``) the part from
    the operator symbol on."""
    m = _NAMED_PREFIX.match(s)
    return [s, s[m.end():]] if m else [s]


def combine_measure(value: object, operator: object = None, unit: object = None) -> Measure | None:
    """A measure from a value cell plus separate 指标性质 (operator) and 度量单位 (unit) columns.

    The value cell's own operator/unit win; the columns fill in what it lacks (``50`` + ``≥`` + ``个``
    → ≥50 个).  A ``%`` unit column turns a fraction (0.95) into percent (95) only when the value
    cell is a number ≤ 1.5 with decimals (a cell formatted as a percentage).
    """
    m = parse_measure(value)
    if m is None or (operator is None and unit is None):
        return m
    # pure, and Measure immutable: equal cells share one result (the type is part of the key: 1 ≠ 1.0 here)
    key = (value.__class__, value, operator.__class__, operator, unit.__class__, unit)
    try:
        hit = _COMBINED.get(key, _MISS)
    except TypeError:        # an unhashable value: not memoised
        return _combine(m, value, operator, unit)
    if hit is _MISS:
        hit = _combine(m, value, operator, unit)
        if len(_COMBINED) < _CACHE_MAX:
            _COMBINED[key] = hit
    return hit      # type: ignore[return-value]


_COMBINED: dict[tuple[object, ...], Measure] = {}


def _combine(m: Measure, value: object, operator: object, unit: object) -> Measure:
    col_op = parse_operator(operator)
    col_unit = parse_text(unit)
    col_unit = norm(col_unit) if col_unit else None
    if m.kind is ValueKind.NUMBER:
        number = m.number
        if (col_unit == "%" and m.unit is None and number is not None and isinstance(value, float)
                and 0 <= number <= RATE_PERCENT_ABOVE and number != number.to_integral_value()):
            number = trim(number * 100)
        return Measure(ValueKind.NUMBER, m.text, op=m.op or col_op, number=number, unit=m.unit or col_unit)
    if m.kind is ValueKind.DATE and m.op is None and col_op is not None:
        return Measure(ValueKind.DATE, m.text, op=col_op, date=m.date, year=m.year, month=m.month, day=m.day)
    return m


def as_percent(m: Measure, raw: object) -> Measure:
    """A number cell holding a fraction (0.95, a cell formatted as a percentage) read as percent
    (95 %), used for an actual value whose target is in %.  Only a number cell (not text) between 0
    and 1.5 changes."""
    if (m.kind is ValueKind.NUMBER and m.unit is None and m.number is not None and not isinstance(raw, bool)
            and isinstance(raw, _REAL_TYPES) and 0 <= m.number <= RATE_PERCENT_ABOVE):
        n = trim(m.number * 100)
        return Measure(ValueKind.NUMBER, f"{format(n, 'f')}%", op=m.op, number=n, unit="%")
    return m


def serial_date_measure(m: Measure, raw: object) -> Measure | None:
    """A number cell that is an Excel date serial (2000–2099) read as a date; None when it is not one."""
    if (m.kind is ValueKind.NUMBER and m.unit is None and m.number is not None and not isinstance(raw, bool)
            and isinstance(raw, _REAL_TYPES) and 36526 <= m.number <= 73050
            and m.number == m.number.to_integral_value()):
        d = from_excel_serial(m.number)
        if d is not None:
            return Measure(ValueKind.DATE, d.isoformat(), op=m.op, date=d, year=d.year, month=d.month, day=d.day)
    return None
