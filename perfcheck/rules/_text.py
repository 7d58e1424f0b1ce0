"""Text helpers shared by the indicator, review and cross-sheet rules.

Pure functions on strings and model values: name normalisation, the closed set of indicator names,
vague wording, "not applicable" rows, claims of complete execution, and empty-cell tests.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from perfcheck.layout import LEVEL1
from perfcheck.memo import per_run
from perfcheck.model import Cell, Indicator, Measure

_SPACES = re.compile(r"\s+")


def norm_text(text: object) -> str:
    """NFKC (full-width → half-width) and every white space removed; '' for None."""
    if text is None:
        return ""
    if text.__class__ is str:
        return _norm_str(text)
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))


@functools.lru_cache(maxsize=1 << 16)
def _norm_str(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def norm_name(text: object) -> str:
    """A project or indicator name for comparison: NFKC, spaces and trailing colons removed."""
    return norm_text(text).rstrip(":：")


# --------------------------------------------------------------------------------------------------
# The closed set of indicator names (docs/scoring.md §5): the 指标 suffix may be missing.
# --------------------------------------------------------------------------------------------------

LEVEL2_OF: dict[str, str] = {l2: l1 for l1, l2s in LEVEL1.items() for l2 in l2s}


def canon_level(text: object) -> str:
    """产出 → 产出指标; 服务对象满意度 → 服务对象满意度指标; '' for an empty cell."""
    return _canon_level(text) if isinstance(text, str) else _canon_level(str(text) if text is not None else "")


_POINTS = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")


@functools.lru_cache(maxsize=4096)
def _canon_level(text: str) -> str:
    s = _POINTS.sub("", norm_name(text))   # 产出指标(50分): the printed weight is not part of the name
    if s.endswith("指标等") or s.endswith("等"):   # 服务对象满意度指标等 (forms.md §5)
        s = s[:-1]
    if s and not s.endswith("指标"):
        s += "指标"
    return s


def level1_of(ind: Indicator) -> str | None:
    """The canonical 一级 name of a row, or None when it is not one of the closed set."""
    s = canon_level(ind.level1.value or ind.level1.text)
    return s if s in LEVEL1 else None


def level2_of(ind: Indicator) -> str | None:
    s = canon_level(ind.level2.value or ind.level2.text)
    return s if s in LEVEL2_OF else None


def group_of(ind: Indicator) -> str | None:
    """The 一级 group of a row: from its 一级 name, or else from a known 二级 name."""
    l1 = level1_of(ind)
    return l1 if l1 is not None else group_from(None, level2_of(ind))


def group_from(level1: str | None, level2: str | None) -> str | None:
    """:func:`group_of` from the row's :func:`level1_of` and :func:`level2_of`, when both are known."""
    if level1 is not None:
        return level1
    return LEVEL2_OF[level2] if level2 is not None else None


# --------------------------------------------------------------------------------------------------
# Empty cells and blank rows
# --------------------------------------------------------------------------------------------------


def is_empty(cell: Cell[object] | Cell[str] | Cell[Measure] | None) -> bool:
    """True when the cell is absent or holds nothing a person typed."""
    return cell is None or cell.empty


def is_blank_row(ind: Indicator) -> bool:
    """An unused row of the template's skeleton: nothing typed but its 一级/二级 names and perhaps a
    note in the reason column (e.g. why the group has no indicator)."""
    return not (ind.name.text or ind.target.text or ind.actual.text or ind.weight.text or ind.score.text)


def label(ind: Indicator) -> str:
    """How a message names an indicator row: its 三级 name, else its 二级 (or 一级) name."""
    return ind.name.text or ind.level2.text or ind.level1.text


def rows(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The rows that are indicators (skeleton rows left blank are not)."""
    if isinstance(indicators, tuple):
        return _rows(indicators)
    return [i for i in indicators if not is_blank_row(i)]


@per_run
def _rows(indicators: tuple[Indicator, ...]) -> list[Indicator]:
    return [i for i in indicators if not is_blank_row(i)]


# --------------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------------

def _default_vague() -> tuple[str, ...]:
    from perfcheck.config import Indicators

    return Indicators().vague_words


VAGUE_WORDS: tuple[str, ...] = _default_vague()
"""The default list (rules file: ``indicators.vague_words``)."""


def vague_word(text: str, words: tuple[str, ...] | None = None) -> str | None:
    """The longest vague word (docs/scoring.md §6; ``words``: the configured list) the text contains, or None."""
    s = norm_text(text)
    for w in _longest_first(VAGUE_WORDS if words is None else words):
        if w in s:
            return w
    return None


@functools.lru_cache(maxsize=16)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words longest first (sorted once per list, not once per cell)."""
    return tuple(sorted(words, key=len, reverse=True))


_NA_BARE = re.compile(r"^(无|没有|暂无|无此项|无此指标)$")
_NOT_APPLICABLE = re.compile(
    r"^(不适用|不涉及)$|不适用|不涉及|不会.{0,20}(效益|影响)|没有.{0,10}(效益|影响)|无(经济|社会|生态)?效益"
)


@functools.lru_cache(maxsize=1 << 14)
def not_applicable(text: str, *, bare: bool = True) -> str | None:
    """The phrase that marks an indicator as not applicable (不适用, 不会带来经济效益 …), or None.

    bare: also count a cell holding just 无 / 没有 / 暂无."""
    s = norm_text(text).rstrip("。.")
    if not s:
        return None
    if bare and _NA_BARE.match(s):
        return s
    hit = _NOT_APPLICABLE.search(s)
    return hit.group(0) if hit else None


COMPLETE_CLAIMS: tuple[str, ...] = (
    "全部完成", "均已完成", "圆满完成", "按时完成", "全面完成", "已完成全部", "100%完成", "足额支付",
    "全部拨付", "均已拨付", "全部支付", "全额支付",
)


def complete_claim(text: str) -> str | None:
    """The phrase by which a text says everything was done, or None."""
    s = norm_text(text)
    for w in COMPLETE_CLAIMS:
        if w in s:
            return w
    return None


def same_measure(a: Measure, b: Measure) -> bool:
    """True when the actual states exactly the target (same kind and the same number, date or text)."""
    if a.kind != b.kind:
        return False
    if a.number is not None or b.number is not None:
        return a.number == b.number and norm_text(a.unit) == norm_text(b.unit)
    if a.date is not None or b.date is not None:
        return a.date == b.date
    if a.grade is not None or b.grade is not None:
        return a.grade == b.grade
    return norm_text(a.text) == norm_text(b.text)
