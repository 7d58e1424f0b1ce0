"""What every form kind shares: :class:`Kind`, the kind keys and the label matching (see the
package doc).  The kinds' definition modules import this, never the package (which imports them)."""


from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from perfcheck.layout import Label, normalize_label

PROJECT = "project"
DEPARTMENT = "department"
BASICDATA = "basicdata"
MONITOR = "monitor"

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[(（][一二三四五六七八九十\d]+[)）][、.．]?)")
_OF_WHICH = re.compile(r"^(?:其中|含)[:：]?")
_MONTH_RANGE = re.compile(r"1\s*月?\s*[-—–―−~～〜至到]+\s*(\d{1,2})\s*月(?:份)?(?:末|底)?")
_MONTH_UPTO = re.compile(r"截至\s*(\d{1,2})\s*月(?:底|末)?")
_MONTH_BLANK = re.compile(r"1\s*月?\s*[-—–―−~～〜至到]+\s*[xX_＿\s\u3000]*\s*月")


def label_key(text: object) -> str:
    """A cell's text as the reader compares it with a label: normalised, numbering and 其中 dropped."""
    if text is None or isinstance(text, bool) or not isinstance(text, str):
        return ""
    s = normalize_label(text)
    s = _NUMBERING.sub("", s, count=1)
    s = _OF_WHICH.sub("", s, count=1)
    return s.rstrip(":：").lower()


@cache
def forms_of(label: Label) -> frozenset[str]:
    return frozenset(label_key(f) for f in (label.zh, label.en, *label.synonyms) if label_key(f))


def match(text: object, labels: Mapping[str, Label], month_keys: frozenset[str] = frozenset()) -> str | None:
    """The key of the label ``text`` spells (any of its lines for a bilingual label), else None.

    A label in ``month_keys`` is written with a 1–X月 in front (``1—7月执行数``): it matches a text
    that has such a range and, without it, spells the label (``执行数``); the other labels match texts
    without a range."""
    if not isinstance(text, str) or len(text) > 80:
        return None
    parts = [text, *text.splitlines()] if "\n" in text else [text]
    spelled = _spellings(labels)
    for part in parts:
        ranged = bool(month_keys) and "月" in part and has_month_range(part)
        k = label_key(strip_month_range(part) if ranged else part)
        for key in spelled.get(k, ()) if k else ():
            if (key in month_keys) == ranged:
                return key
    return None


_SPELLINGS: dict[int, tuple[Mapping[str, Label], dict[str, tuple[str, ...]]]] = {}


def _spellings(labels: Mapping[str, Label]) -> dict[str, tuple[str, ...]]:
    """Spelling → the keys of the labels it spells, in the labels' order (memoised per label set)."""
    hit = _SPELLINGS.get(id(labels))
    if hit is not None and hit[0] is labels:
        return hit[1]
    out: dict[str, tuple[str, ...]] = {}
    for key, lab in labels.items():
        for f in forms_of(lab):
            out[f] = (*out.get(f, ()), key)
    _SPELLINGS[id(labels)] = (labels, out)
    return out


def month_range(text: object) -> int | None:
    """X of a 1–X月 written in any of the ways people do (1-7月, 1—7月, 1至7月, 1～7月, 截至7月)."""
    if not isinstance(text, str):
        return None
    s = unicodedata.normalize("NFKC", text)
    m = _MONTH_RANGE.search(s) or _MONTH_UPTO.search(s)
    if m is None:
        return None
    x = int(m.group(1))
    return x if 1 <= x <= 12 else None


def has_month_range(text: str) -> bool:
    """A 1–X月 in front, with X written or left blank for the filler (``1—　月``, ``1-X月``)."""
    s = unicodedata.normalize("NFKC", text)
    return bool(_MONTH_RANGE.search(s) or _MONTH_UPTO.search(s) or _MONTH_BLANK.search(s))


def strip_month_range(text: str) -> str:
    """The label without its 1–X月 part: ``1—7月执行数`` → ``执行数``, ``1—　月执行数`` → ``执行数``."""
    s = unicodedata.normalize("NFKC", text)
    s = _MONTH_RANGE.sub("", s, count=1)
    s = _MONTH_UPTO.sub("", s, count=1)
    s = _MONTH_BLANK.sub("", s, count=1)
    return s


@dataclass(frozen=True, slots=True)
class Kind:
    """How a kind is recognised (forms.md §1), and its labels.

    titles:   words a title cell contains (searched in the first ``scan_rows`` rows)
    excluded: words that make a title cell *not* this kind's title (a 汇总 table, another kind)
    decisive: groups of label keys; a sheet without a title is this kind when, for every group, at
              least one of its labels is on the sheet
    labels:   every label of the kind, by key
    reader:   ``"module:function"`` reading one sheet of the kind: ``function(grid, hits) -> form``
    field:    the ``model.Workbook`` attribute that holds the kind's forms
    """

    key: str
    zh: str
    en: str
    titles: tuple[str, ...]
    excluded: tuple[str, ...]
    decisive: tuple[tuple[str, ...], ...]
    labels: Mapping[str, Label]
    month_keys: frozenset[str] = frozenset()
    reader: str = ""
    field: str = ""
    scan_rows: int = 15

    def read(self, grid: Any, hits: list[Any]) -> Any:
        """Read one sheet of this kind with its reader function."""
        import importlib

        module, _, name = self.reader.partition(":")
        return getattr(importlib.import_module(module), name)(grid, hits)

    def title_at(self, rows: list[list[Any]]) -> tuple[int, int] | None:
        """The first cell in the first rows whose text contains one of the titles."""
        for r in range(min(self.scan_rows, len(rows))):
            for c, v in enumerate(rows[r]):
                if not isinstance(v, str) or len(v) < 4:
                    continue
                s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", v))
                if any(x in s for x in self.excluded):
                    continue
                # a title names a table: the word, then 表 (``加强执行监控。`` is not a title)
                if len(s) <= 60 and any(t in s and "表" in s[s.find(t):] for t in self.titles):
                    return r, c
        return None


def find_labels(rows: list[list[Any]], labels: Mapping[str, Label],
                month_keys: frozenset[str] = frozenset()) -> dict[str, list[tuple[int, int]]]:
    """Every position of every label of ``labels`` on a sheet, in reading order."""
    out: dict[str, list[tuple[int, int]]] = {}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            key = match(v, labels, month_keys)
            if key is not None:
                out.setdefault(key, []).append((r, c))
    return out
