"""Formulas as evidence: each sheet's formulas read straight from the xlsx XML, and which cells they use.

A filled form is partly typed and partly computed.  When a computed cell is wrong because of an
input (text that a SUM skips, a row left outside a SUM range, a formula typed over), the finding
belongs at the input; to know which cells are inputs of which, the reader keeps every formula's
text next to the values (``Workbook.formulas``) and this module answers:

* :func:`scan_sheet_formulas` — per sheet XML, ``(row, col) → formula text`` (0-based), shared formulas
  expanded (``<f t="shared" si="0"/>`` gets the master's text moved by the offset).  Cheap: one
  regex pass over the ``<f`` elements of each sheet part, no openpyxl load.
* :class:`FormulaMap` — the references of a formula on its own sheet (``SUM(H13:H20)``,
  ``F6/E6``), the transitive inputs of a cell and the cells that depend on it.

References to other sheets (``'项目1'!E6``) are kept out of the same-sheet graph: a 项目汇总 link is
reconciled by the cross-sheet rules, not suppressed by it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from perfcheck.memo import per_run
from perfcheck.model import a1

Pos = tuple[int, int]

_F_ELEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f(\s[^>]*)?(?:/>|>([^<]*)</(?:[A-Za-z_][\w.-]*:)?f>)")
# the same for a sheet without namespace prefixes (no ``:f``): a literal start, found far faster
_F_ELEM_PLAIN = re.compile(rb"<f(\s[^>]*)?(?:/>|>([^<]*)</f>)")
_ATTR_R = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ATTR_T = re.compile(rb"\bt=\"(\w+)\"")
_ATTR_SI = re.compile(rb"\bsi=\"(\d+)\"")
_C_OPEN = b"<c "

# A reference inside a formula: optional sheet prefix, then A1 or A1:B2 (with optional $).
_REF = re.compile(
    r"(?P<sheet>(?:'(?:[^']|'')+'|[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*)!)?"
    r"(?<![A-Za-z_\d.])(?P<c1>\$?[A-Z]{1,3})(?P<r1>\$?\d{1,7})(?::(?P<c2>\$?[A-Z]{1,3})(?P<r2>\$?\d{1,7}))?(?![\w(])")
_STRING = re.compile(r'"(?:[^"]|"")*"')


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.lstrip("$"):
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _col_letters(c: int) -> str:
    return a1(0, c)[:-1]


def shift_formula(formula: str, dr: int, dc: int) -> str:
    """A shared formula moved by (dr, dc): relative references shift, ``$``-anchored parts stay."""
    if not dr and not dc:
        return formula

    def one(col: str, row: str) -> str:
        c = col if col.startswith("$") else _col_letters(col_index(col) + dc)
        r = row if row.startswith("$") else str(int(row) + dr)
        return c + r

    def sub(m: re.Match[str]) -> str:
        s = (m.group("sheet") or "") + one(m.group("c1"), m.group("r1"))
        if m.group("c2"):
            s += ":" + one(m.group("c2"), m.group("r2"))
        return s

    parts = _STRING.split(formula)
    strings = _STRING.findall(formula)
    out = [_REF.sub(sub, parts[0])]
    for lit, rest in zip(strings, parts[1:], strict=True):
        out.append(lit)
        out.append(_REF.sub(sub, rest))
    return "".join(out)


def _unquote(prefix: str) -> str:
    name = prefix[:-1]
    if name.startswith("'") and name.endswith("'"):
        name = name[1:-1].replace("''", "'")
    return name


def references(formula: str, sheet: str | None = None) -> list[tuple[str | None, Pos, Pos]]:
    """The ranges a formula reads, as (sheet, (r0, c0), (r1, c1)) 0-based inclusive.  A reference
    without a sheet prefix is on ``sheet`` (None when not given)."""
    return [(sheet if s is None else s, p0, p1) for s, p0, p1 in _references(formula)]


@functools.lru_cache(maxsize=1 << 14)
def _references(formula: str) -> tuple[tuple[str | None, Pos, Pos], ...]:
    """:func:`references` without a sheet, memoised by the text: every project form of a workbook
    repeats the template's formulas (``SUM(H13:H32)`` on each of 500 sheets)."""
    out: list[tuple[str | None, Pos, Pos]] = []
    for part in _STRING.split(formula):
        for m in _REF.finditer(part):
            ref_sheet = _unquote(m.group("sheet")) if m.group("sheet") else None
            r0, c0 = int(m.group("r1").lstrip("$")) - 1, col_index(m.group("c1"))
            if m.group("c2"):
                r1, c1 = int(m.group("r2").lstrip("$")) - 1, col_index(m.group("c2"))
            else:
                r1, c1 = r0, c0
            out.append((ref_sheet, (min(r0, r1), min(c0, c1)), (max(r0, r1), max(c0, c1))))
    return tuple(out)


def scan_sheet_formulas(data: bytes) -> dict[Pos, str]:
    """Every formula of one sheet's XML: (row, col) → formula text without the ``=``."""
    out: dict[Pos, str] = {}
    if b"<f" not in data and b":f" not in data:
        return out
    masters: dict[bytes, tuple[Pos, str]] = {}
    pending: list[tuple[Pos, bytes]] = []
    prefixed = b":f" in data
    find_cell, find_end, attr_r = data.rfind, data.find, _ATTR_R.search
    for m in (_F_ELEM if prefixed else _F_ELEM_PLAIN).finditer(data):
        start = find_cell(_C_OPEN, 0, m.start())
        if prefixed:                            # a prefixed cell element, <x:c r="…"> (Open XML SDK)
            start = max(start, _prefixed_cell_open(data, m.start()))
        if start < 0:
            continue
        ref = attr_r(data, start, find_end(b">", start))
        if ref is None:
            continue
        pos = (int(ref.group(2)) - 1, _col_index(ref.group(1)))
        raw = m.group(2)
        text = _text(raw) if raw else ""
        attrs = m.group(1)
        if attrs:                               # most formulas have no attributes: not shared
            t = _ATTR_T.search(attrs)
            si = _ATTR_SI.search(attrs)
            if t is not None and t.group(1) == b"shared" and si is not None:
                if text:
                    masters[si.group(1)] = (pos, text)
                    out[pos] = text
                else:
                    pending.append((pos, si.group(1)))
                continue
        if text:
            out[pos] = text
    for pos, key in pending:
        master = masters.get(key)
        if master is not None:
            (mr, mc), text = master
            out[pos] = shift_formula(text, pos[0] - mr, pos[1] - mc)
    return out


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _text(raw: bytes) -> str:
    """A formula's text from the XML: decoded, entities resolved (only where there is one), stripped."""
    s = raw.decode("utf-8", "replace")
    return (html.unescape(s) if "&" in s else s).strip()


def _prefixed_cell_open(data: bytes, end: int) -> int:
    """Where the last ``<prefix:c `` before ``end`` starts, or -1."""
    i = data.rfind(b":c ", 0, end)
    while i >= 0:
        lt = data.rfind(b"<", 0, i)
        if lt >= 0 and _PREFIX.fullmatch(data, lt + 1, i):
            return lt
        i = data.rfind(b":c ", 0, i)
    return -1


_PREFIX = re.compile(rb"[A-Za-z_][\w.-]*")


@functools.lru_cache(maxsize=1 << 16)
def parse_a1(cell: str) -> Pos:
    """``H23`` → (22, 7); a range gives its first cell.  Memoised: the same addresses recur on every
    form (the engine asks for each finding's cell)."""
    head = cell.split(":")[0].replace("$", "")
    letters = "".join(ch for ch in head if ch.isalpha())
    digits = "".join(ch for ch in head if ch.isdigit())
    return int(digits) - 1, col_index(letters)


Node = tuple[str, Pos]


@dataclass(slots=True)
class FormulaMap:
    """The formulas of a workbook's sheets and their dependencies (nodes are (sheet, (row, col)))."""

    sheets: dict[str, dict[Pos, str]] = field(default_factory=dict)
    _inputs: dict[Node, frozenset[Node]] = field(default_factory=dict)
    _readers: dict[Node, set[Node]] | None = None

    def formula(self, sheet: str, pos: Pos) -> str | None:
        f = self.sheets.get(sheet)
        return f.get(pos) if f else None

    def has_formulas(self, sheet: str) -> bool:
        return bool(self.sheets.get(sheet))

    def direct(self, node: Node) -> frozenset[Node]:
        """The cells the formula at ``node`` reads (empty for a typed cell)."""
        got = self._inputs.get(node)
        if got is not None:
            return got
        sheet, pos = node
        f = self.formula(sheet, pos)
        cells: set[Node] = set()
        if f is not None:
            for ref_sheet, (r0, c0), (r1, c1) in references(f, sheet):
                if ref_sheet is None or (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000:
                    continue  # a whole-column reference: not an input list
                cells.update((ref_sheet, (r, c)) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        got = frozenset(cells)
        self._inputs[node] = got
        return got

    def inputs(self, sheet: str, pos: Pos) -> set[Node]:
        """Every cell the formula at ``pos`` reads, directly or through other formulas (any sheet)."""
        start = (sheet, pos)
        seen: set[Node] = set()
        stack = list(self.direct(start))
        sheets = self.sheets
        while stack:
            n = stack.pop()
            if n in seen or n == start:
                continue
            seen.add(n)
            f = sheets.get(n[0])
            if f and n[1] in f:         # a typed cell reads nothing: no need to ask direct()
                stack.extend(self.direct(n))
        return seen

    def _reverse(self) -> dict[Node, set[Node]]:
        if self._readers is None:
            rev: dict[Node, set[Node]] = {}
            for sheet, formulas in self.sheets.items():
                for pos in formulas:
                    for n in self.direct((sheet, pos)):
                        rev.setdefault(n, set()).add((sheet, pos))
            self._readers = rev
        return self._readers

    def readers(self, sheet: str, pos: Pos) -> list[Pos]:
        """The formula cells of the same sheet that read ``pos`` directly."""
        return sorted(p for s, p in self._reverse().get((sheet, pos), ()) if s == sheet)

    def dependents(self, nodes: Iterable[Node]) -> set[Node]:
        """Every formula cell (any sheet) that reads one of ``nodes``, directly or transitively."""
        rev = self._reverse()
        out: set[Node] = set()
        stack = list(nodes)
        while stack:
            n = stack.pop()
            for m in rev.get(n, ()):
                if m not in out:
                    out.add(m)
                    stack.append(m)
        return out


@per_run
def formula_map(formulas: dict[str, dict[Pos, str]]) -> FormulaMap:
    """The workbook's FormulaMap (memoised per run by the identity of ``Workbook.formulas``)."""
    return FormulaMap(formulas)
