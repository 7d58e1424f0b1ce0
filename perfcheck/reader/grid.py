"""Sheets as plain grids with exact A1 positions, the label index, and the xlsx formula scan.

Values come from python-calamine (``to_python(skip_empty_area=False)``: row 0 is Excel row 1 and
column 0 is column A, whatever the first used cell), as lists of lists -- no pandas, everything O(cells).

calamine returns the cached value of a formula and ``""`` for an empty cell, for an Excel error
value (``#DIV/0!``) and for a formula saved without a value.  For .xlsx/.xlsm the sheet XML is
scanned once more (cheaply: only around ``<f`` and ``t="e"``) to put the error texts back and to
mark the uncached formulas (:class:`Uncached`).
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfcheck.layout import Label, normalize_label

Pos = tuple[int, int]          # 0-based (row, col)


@dataclass(frozen=True, slots=True)
class Uncached:
    """A formula cell saved without a computed value (the file was not saved by a spreadsheet program)."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula


class Grid:
    """One sheet: ``rows[r][c]`` with (0, 0) = A1; rows may be of different lengths."""

    __slots__ = ("merge_end", "name", "nrows", "rows")

    def __init__(self, name: str, rows: list[list[Any]], merges: Iterable[tuple[Pos, Pos]] | None = None) -> None:
        self.name = name
        # empty cells ("" from calamine, white space only) become None once, here (``strip`` returns a
        # text without surrounding white space itself, so this costs less than ``not v or v.isspace()``)
        self.rows = [[v if v.__class__ is not str or v.strip() else None for v in row] for row in rows]
        self.nrows = len(rows)
        self.merge_end: dict[Pos, Pos] = {}
        for (r0, c0), (r1, c1) in merges or ():
            self.merge_end[(r0, c0)] = (r1, c1)

    def get(self, r: int, c: int) -> Any:
        """The cell's value, None when empty (``""``, white space only, or outside the data)."""
        if 0 <= r < self.nrows:
            row = self.rows[r]
            if 0 <= c < len(row):
                return row[c]
        return None

    def ncols(self, r: int) -> int:
        return len(self.rows[r]) if 0 <= r < self.nrows else 0

    def set(self, r: int, c: int, value: Any) -> None:
        while self.nrows <= r:
            self.rows.append([])
            self.nrows += 1
        row = self.rows[r]
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        row[c] = value

    def after(self, r: int, c: int) -> int:
        """The first column right of the cell, past its merged region."""
        end = self.merge_end.get((r, c))
        return (end[1] if end else c) + 1

    def below(self, r: int, c: int) -> int:
        """The first row below the cell, past its merged region."""
        end = self.merge_end.get((r, c))
        return (end[0] if end else r) + 1

    def iter_cells(self) -> Iterator[tuple[int, int, Any]]:
        for r, row in enumerate(self.rows):
            for c, v in enumerate(row):
                if v is not None:
                    yield r, c, v


# --------------------------------------------------------------------------------------------------
# Label index
# --------------------------------------------------------------------------------------------------

_WS_RUN = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+|\d+|[(（][一二三四五六七八九十\d]+[)）])[、.．,，)）]?")
_OF_WHICH = "其中:"
_MAX_LABEL_LEN = 40
# Characters that normalisation changes or strips: white space, brackets, colons, full-width forms,
# and a leading numbering such as 一、 or 1.
_NEEDS_NORMALIZING = re.compile(r"[\s(（)）:：\uff01-\uff5e\u3000]|^[一二三四五六七八九十\d]")
_KEYS: dict[str, tuple[str, ...]] = {}


def _layout_labels() -> list[Label]:
    from perfcheck import layout

    labels: list[Label] = [layout.FORM_TITLE, layout.LIST_TOTAL]
    for group in (layout.FORM, layout.UNIT, layout.LIST_COLUMNS, layout.ISSUES):
        labels.extend(group.values())
    return labels


_LAYOUT_LABELS = _layout_labels()
LABELS_OF: dict[str, tuple[int, ...]] = {}
"""A label spelling (normalised, lower-cased) → the ids of the layout labels it spells."""
for _lab in _LAYOUT_LABELS:
    for _f in _lab.forms:
        _k = _f.lower()
        if id(_lab) not in LABELS_OF.get(_k, ()):
            LABELS_OF[_k] = (*LABELS_OF.get(_k, ()), id(_lab))
KNOWN_FORMS = frozenset(LABELS_OF)


def label_keys(text: str) -> tuple[str, ...]:
    """The label spellings (normalised, lower-cased) a cell text stands for: the text itself, each
    line of a bilingual label, and the text without a numbering prefix (``一、``, ``1.``) or a leading
    ``其中：``.  Only spellings of some layout label are returned: () for ordinary values.  Memoised."""
    keys = _KEYS.get(text)
    if keys is not None:
        return keys
    if len(text) > _MAX_LABEL_LEN * 2:
        return ()
    if _NEEDS_NORMALIZING.search(text) is None:
        k = text.lower()
        keys = (k,) if k in KNOWN_FORMS else ()
    else:
        out: list[str] = []
        parts = [text, *text.splitlines()] if "\n" in text else [text]
        for part in parts:
            k = normalize_label(part).lower()
            if not k or len(k) > _MAX_LABEL_LEN:
                continue
            out.append(k)
            stripped = _NUMBERING.sub("", k, count=1)
            if stripped != k and stripped:
                out.append(stripped)
            if k.startswith(_OF_WHICH) and len(k) > len(_OF_WHICH):
                out.append(k[len(_OF_WHICH):])
        keys = tuple(k for k in dict.fromkeys(out) if k in KNOWN_FORMS)
    if len(_KEYS) < 200_000:
        _KEYS[text] = keys
    return keys


_FORMS: dict[int, tuple[str, ...]] = {}


def label_forms(label: Label) -> tuple[str, ...]:
    f = _FORMS.get(id(label))
    if f is None:
        f = tuple(dict.fromkeys(x.lower() for x in label.forms))
        _FORMS[id(label)] = f
    return f


class Index:
    """Where each label of the layout is on a sheet: label → positions in reading order (O(cells) to build)."""

    __slots__ = ("by_label", "grid")

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        by_label: dict[int, list[Pos]] = {}
        for r, row in enumerate(grid.rows):
            for c, v in enumerate(row):
                if v.__class__ is not str:
                    continue
                keys = _KEYS.get(v)
                if keys is None:
                    keys = label_keys(v)
                for k in keys:
                    for lid in LABELS_OF[k]:
                        lst = by_label.get(lid)
                        if lst is None:
                            by_label[lid] = [(r, c)]
                        elif lst[-1] != (r, c):
                            lst.append((r, c))
        self.by_label = by_label

    def find(self, label: Label) -> list[Pos]:
        """Every cell holding ``label`` (any of its spellings), in reading order."""
        hit = self.by_label.get(id(label))
        if hit is None:
            if label_forms(label) and not any(f in LABELS_OF for f in label_forms(label)):
                # a label that is not part of the layout (tests, extensions): scan once
                forms = set(label_forms(label))
                hit = [(r, c) for r, c, v in self.grid.iter_cells()
                       if v.__class__ is str and forms.intersection(label_keys(v) or
                                                                    (normalize_label(v).lower(),))]
            else:
                hit = []
            self.by_label[id(label)] = hit
        return hit

    def first(self, label: Label, *, rows: range | None = None, cols: range | None = None) -> Pos | None:
        for r, c in self.find(label):
            if (rows is None or r in rows) and (cols is None or c in cols):
                return r, c
        return None


def inline_value(grid: Grid, label: Label, limit: int = 60) -> tuple[Pos, str] | None:
    """A label and its value in one cell, ``存在的问题：资金拨付慢……`` → (its position, the text after
    the colon); searched in the first ``limit`` rows, for a label that has no cell of its own."""
    forms = label_forms(label)
    for r in range(min(limit, grid.nrows)):
        for c, v in enumerate(grid.rows[r]):
            if v.__class__ is not str or ("：" not in v and ":" not in v):
                continue
            s = _WS_RUN.sub(" ", unicodedata.normalize("NFKC", v)).strip()
            head, found, rest = s.partition(":")
            if found and rest.strip() and any(k in forms for k in label_keys(head)):
                return (r, c), rest.strip()
    return None


def is_label(value: Any, forms: frozenset[str]) -> bool:
    """True when a cell value is one of the label spellings in ``forms``."""
    if value.__class__ is not str:
        return False
    return any(k in forms for k in label_keys(value))


def all_forms(labels: Iterable[Label]) -> frozenset[str]:
    return frozenset(f for lab in labels for f in label_forms(lab))


# --------------------------------------------------------------------------------------------------
# xlsx: error values and formulas without a cached value
# --------------------------------------------------------------------------------------------------

_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_F_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_E_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\bt=\"e\"[^>]*>")
_C_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s")
_ATTR_R = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ATTR_T = re.compile(rb"\bt=\"(\w+)\"")
_V = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>([^<]*)</(?:[A-Za-z_][\w.-]*:)?v>")
_F_TEXT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f(?:\s[^>]*)?>([^<]*)</")
# A formula not directly followed by a non-empty value: only such sheets need a closer look.
_MAYBE_UNCACHED = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?f>(?!<(?:[A-Za-z_][\w.-]*:)?v>[^<])"
                             rb"|<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*/>(?!<(?:[A-Za-z_][\w.-]*:)?v>[^<])")
_C_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c>|<(?:[A-Za-z_][\w.-]*:)?c\s")
# The same test for a sheet without namespace prefixes (no ``:f`` anywhere): two patterns that start
# with a literal, which the regex engine finds far faster than an alternation of prefixed tags.
_MAYBE_UNCACHED_PLAIN = (re.compile(rb"</f>(?!<v>[^<])"), re.compile(rb"<f\b[^>]*/>(?!<v>[^<])"))


@dataclass(slots=True)
class SheetScan:
    uncached: list[tuple[int, int, str]]     # (row, col, formula text)
    errors: list[tuple[int, int, str]]       # (row, col, "#DIV/0!")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from xl/workbook.xml and its relationships."""
    from defusedxml import ElementTree

    wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in z.namelist():
        for rel in ElementTree.fromstring(z.read(rels_name)):
            rid, target = rel.get("Id"), rel.get("Target")
            if rid and target:
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                targets[rid] = path
    out: dict[str, str] = {}
    for el in wb.iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        name = el.get("name")
        rid = el.get(f"{{{_NS_REL}}}id") or next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
        if name is not None and rid in targets:
            out[name] = targets[rid]
    return out


def _maybe_uncached(data: bytes) -> bool:
    if b":f" in data:
        return _MAYBE_UNCACHED.search(data) is not None
    return any(p.search(data) is not None for p in _MAYBE_UNCACHED_PLAIN)


def scan_sheet_xml(data: bytes) -> SheetScan:
    """Formulas without a cached value and error values in one sheet's XML (O(formulas), not O(cells))."""
    scan = SheetScan([], [])
    seen: set[int] = set()
    if _maybe_uncached(data):
        for m in _F_OPEN.finditer(data):
            pos = m.start()
            start = -1
            for cm in _C_START.finditer(data, max(0, pos - 400), pos):
                start = cm.start()
            if start < 0 or start in seen:
                continue
            seen.add(start)
            _cell(data, start, scan)
    if b't="e"' in data:
        for m in _E_OPEN.finditer(data):
            if m.start() not in seen:
                seen.add(m.start())
                _cell(data, m.start(), scan)
    return scan


def _cell(data: bytes, start: int, scan: SheetScan) -> None:
    head_end = data.find(b">", start)
    if head_end < 0:
        return
    head = data[start:head_end + 1]
    ref = _ATTR_R.search(head)
    if ref is None:
        return
    r = int(ref.group(2)) - 1
    c = _col_index(ref.group(1))
    if head.endswith(b"/>"):
        return
    end_m = _C_END.search(data, head_end + 1)
    body = data[head_end + 1: end_m.start() if end_m else len(data)]
    t = _ATTR_T.search(head)
    typ = t.group(1) if t else b"n"
    v = _V.search(body)
    value = v.group(1) if v else None
    if typ == b"e" and value:
        scan.errors.append((r, c, html.unescape(value.decode("utf-8", "replace"))))
        return
    has_f = _F_OPEN.search(body) is not None
    if not has_f:
        return
    if value is None or (not value.strip() and typ not in (b"str", b"inlineStr", b"s")):
        ft = _F_TEXT.search(body)
        formula = html.unescape(ft.group(1).decode("utf-8", "replace")) if ft else ""
        scan.uncached.append((r, c, formula))


def sheet_xml(path: Path, parts: dict[str, bytes] | None = None) -> list[tuple[str, bytes]]:
    """Each worksheet's name and XML bytes, read once for every scan of the raw XML (uncached
    formulas, error values, formulas); a part found in ``parts`` (inflated by the safety checks
    already) is taken from there.  [] when the zip cannot be read (calamine has read it already,
    so that does not happen for a real workbook)."""
    out: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(path) as z:
            for name, part in sheet_paths(z).items():
                data = parts.get(part) if parts else None
                try:
                    out.append((name, data if data is not None else z.read(part)))
                except KeyError:
                    continue
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        return []
    return out
