"""The annotated copy: the department's workbook as sent, with every finding marked on its cell.

How the copy is made
  * .xlsx / .xlsm: the input package is patched (:mod:`perfcheck.report.package`).  Every zip member
    is copied byte for byte (its compressed bytes as they are) except the few the marks need:
      - the marked sheets' XML: the ``s`` (style) attribute of each marked cell now points to a new
        cell format appended to ``styles.xml`` that is the cell's own format (font, border, number
        format, alignment, protection) with only the fill changed (one new format per (old format,
        colour)); a marked cell that has no ``<c>`` element yet gets one; ``<legacyDrawing>`` is
        added when the sheet had no notes;
      - the sheet's comments part and VML drawing, added or extended: perfcheck's note has the
        author ``perfcheck 校验`` (:data:`REVIEW_AUTHOR`).  The template's own notes are written by
        ``perfcheck`` (:data:`TEMPLATE_AUTHOR`) and are never touched.  A note already on a marked
        cell (a department's, or the template's) keeps its author and text; perfcheck's lines are
        appended to it as extra runs that start with :data:`MARKER`;
      - the 校验结果 sheet (:mod:`perfcheck.report.result_sheet`), inserted as the first sheet:
        ``workbook.xml`` (``<sheet>``, every ``localSheetId`` +1, ``activeTab``/``firstSheet`` +1 so the
        department's active sheet stays active, print titles), its rels, ``[Content_Types].xml``,
        ``docProps/app.xml`` (sheet titles and counts);
      - the record (below).
    Cached formula values, pictures, charts, extensions, macros: all untouched.
  * .xls / .ods / .xlsb: a new .xlsx is written with XlsxWriter from what python-calamine reads
    (values, cached formula results, merged ranges, column widths fitted to the text) and then
    patched the same way.  See docs/annotated-copy.md for what such a copy cannot keep.

The record
  perfcheck keeps what it changed in the package itself, in the custom XML part
  ``customXml/perfcheckRecord.xml`` (related from the workbook; :data:`RECORD_PART`): for every
  member it changed, the inverse of its splices (so the original text comes back exactly); the
  members it added; the CRC-32 and size of every member as written; the marked cells with their
  original ``s``; the notes it wrote.  Re-checking a copy starts by undoing it: when every member is
  as perfcheck wrote it, the inverse splices give the original package byte for byte (so check →
  copy → check → copy gives the same bytes).  When the copy was edited and saved since (Excel,
  LibreOffice), perfcheck instead removes what it can recognise: the 校验结果 sheet, every note by
  :data:`REVIEW_AUTHOR`, the runs after :data:`MARKER` in other notes, and puts the recorded
  original fill back on recorded cells that still carry one of perfcheck's colours.

``is_unchanged_output(path)`` answers "is this a perfcheck copy nobody touched?" from the record
alone (the CRC-32s and sizes in the zip directory against the recorded ones, nothing inflated).

The input is never modified and never overwritten (see :func:`atomic_write`).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcheck.findings import Finding, Report
from perfcheck.layout import SHEET_RESULT
from perfcheck.outputs import (
    RECORD_PART,
    check_target,
    read_record,
    record_matches,
    write_bytes,
)
from perfcheck.outputs import OutputError as OutputError  # kept importable from here (perfcheck.serve)
from perfcheck.outputs import ProtectedPaths as ProtectedPaths
from perfcheck.report.colors import FILL_ARGB, worst
from perfcheck.report.common import MESSAGES as _MESSAGES
from perfcheck.report.common import clean_text, display_width, severity_label, short_message
from perfcheck.report.package import (
    CT_COMMENTS,
    CT_VML,
    CT_WORKSHEET,
    NS_MAIN,
    NS_REL,
    RT_COMMENTS,
    RT_CUSTOM_XML,
    RT_OFFICE_DOC,
    RT_STYLES,
    RT_VML,
    RT_WORKSHEET,
    Package,
    PackageError,
    Splicer,
    add_rel,
    attr_span,
    attrs,
    content_types,
    element_end,
    esc,
    find_tag,
    new_rel_id,
    new_rels_text,
    parse_rels,
    prefix_of,
    relative_target,
    rels_name,
    resolve_target,
    root_prefix,
    set_attr,
    undo,
    xml_text,
)
from perfcheck.report.result_sheet import Style

if TYPE_CHECKING:
    from perfcheck.options import RunOptions

TEMPLATE_AUTHOR = "perfcheck"          # the template's own notes (perfcheck/template) — never removed
REVIEW_AUTHOR = "perfcheck 校验"        # perfcheck's review notes on a checked copy
AUTHOR = REVIEW_AUTHOR
MARKER = "【perfcheck 校验】"            # starts perfcheck's lines appended to someone else's note
RECORD_NS = "urn:perfcheck:annotated-copy:1"
OUR_FILLS = frozenset(FILL_ARGB.values())


@dataclass(frozen=True)
class Mark:
    """A fill (and optionally a text) that other reporters put on a cell of the copy.

    ``fill_rgb``: "RRGGBB" or "AARRGGBB".  ``text`` is written into the cell, as a string, only when
    the cell is empty.  Marks are recorded and undone on a re-check like the findings' marks."""

    sheet: str
    cell: str
    fill_rgb: str
    text: str | None = None


# --------------------------------------------------------------------------------------------------
# Cell references
# --------------------------------------------------------------------------------------------------

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@functools.lru_cache(maxsize=65536)
def parse_ref(ref: str) -> tuple[int, int]:
    """"H6" → (6, 8): 1-based (row, column)."""
    m = _REF.match(ref.strip())
    if m is None:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def ref_of(row: int, col: int) -> str:
    s = ""
    n = col
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return f"{s}{row}"


@functools.lru_cache(maxsize=65536)
def _range(ref: str) -> tuple[int, int, int, int]:
    a, _, b = ref.partition(":")
    r0, c0 = parse_ref(a)
    r1, c1 = parse_ref(b) if b else (r0, c0)
    return min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)


# --------------------------------------------------------------------------------------------------
# The workbook's structure
# --------------------------------------------------------------------------------------------------


@dataclass
class SheetEntry:
    name: str
    rid: str
    part: str | None
    kind: str                  # "worksheet", "chartsheet", ...


@dataclass
class Book:
    part: str                  # xl/workbook.xml
    sheets: list[SheetEntry]
    rels: list[Any]

    def worksheet(self, name: str) -> SheetEntry | None:
        by_name = self.__dict__.get("_by_name")
        if by_name is None:
            by_name = self.__dict__["_by_name"] = {}
            for s in self.sheets:
                if s.kind == "worksheet" and s.part:
                    by_name.setdefault(s.name, s)
        return by_name.get(name)


def _unescape(s: str) -> str:
    from html import unescape

    return unescape(s) if "&" in s else s


def read_book(pkg: Package) -> Book:
    root_rels = parse_rels(pkg.text("_rels/.rels")) if "_rels/.rels" in pkg else []
    part = next((resolve_target("", r.target) for r in root_rels if r.type == RT_OFFICE_DOC), "xl/workbook.xml")
    if part not in pkg:
        raise PackageError("no workbook part")
    text = pkg.text(part)
    rels = parse_rels(pkg.text(rels_name(part))) if rels_name(part) in pkg else []
    by_id = {r.id: r for r in rels}
    p = root_prefix(text, "workbook")
    rp = prefix_of(text, NS_REL) or "r:"
    sheets: list[SheetEntry] = []
    for m in re.finditer("<" + re.escape(p) + r"sheet(?=[\s/>])[^>]*>", text):
        a = attrs(m.group(0))
        rid = a.get(rp + "id", "")
        rel = by_id.get(rid)
        target = resolve_target(part, rel.target) if rel is not None else None
        kind = rel.type.rsplit("/", 1)[-1] if rel is not None else "missing"
        sheets.append(SheetEntry(_unescape(a.get("name", "")), rid, target, kind))
    return Book(part, sheets, rels)


# --------------------------------------------------------------------------------------------------
# styles.xml
# --------------------------------------------------------------------------------------------------

_STYLE_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                "tableStyles", "colors", "extLst")
_CHILD = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf"}


class Styles:
    """Appends fills, fonts, borders, number formats and cell formats to styles.xml."""

    def __init__(self, text: str) -> None:
        self.sp = Splicer(text)
        self.p = root_prefix(text, "styleSheet")
        self.sections: dict[str, tuple[int, int, int, str]] = {}    # name → (start, end, n children, start tag)
        for name in _STYLE_ORDER:
            m = find_tag(text, self.p, name)
            if m is None:
                continue
            end = element_end(text, self.p, name, m)
            child = _CHILD.get(name)
            n = len(re.findall("<" + re.escape(self.p) + child + r"(?=[\s/>])", text[m.end():end])) if child else 0
            self.sections[name] = (m.start(), end, n, m.group(0))
        self.xfs: list[str] = []
        if "cellXfs" in self.sections:
            s, e, _, tag = self.sections["cellXfs"]
            body = text[s + len(tag):e]
            self.xfs = re.findall("<" + re.escape(self.p) + r"xf(?=[\s/>])[^>]*?(?:/>|>.*?</" + re.escape(self.p) + "xf>)",
                                  body, re.S)
        self.new: dict[str, list[str]] = {k: [] for k in ("numFmts", "fonts", "fills", "borders", "cellXfs")}
        self._fill_ids: dict[str, int] = {}
        self._font_ids: dict[tuple[Any, ...], int] = {}
        self._border_ids: dict[bool, int] = {}
        self._fmt_ids: dict[str, int] = {}
        self._xf_ids: dict[Any, int] = {}
        self.fill_of_xf: dict[int, int] = {}
        self._fills: list[str] | None = None
        self._fill_xml: dict[int, str | None] = {}
        self.font_name, self.font_size, self.font_tail = self._base_font(text)
        used = [int(x) for x in re.findall(r'numFmtId="(\d+)"', text)]
        self._next_fmt = max([163, *used]) + 1

    def _base_font(self, text: str) -> tuple[str, float, str]:
        if "fonts" not in self.sections:
            return "宋体", 11.0, ""
        s, e, _, tag = self.sections["fonts"]
        body = text[s + len(tag):e]
        m = re.search(r'<(?:[\w.-]+:)?name\s+val="([^"]*)"', body)
        sz = re.search(r'<(?:[\w.-]+:)?sz\s+val="([\d.]+)"', body)
        cs = re.search(r'<(?:[\w.-]+:)?charset\s+val="(\d+)"', body)
        tail = f'<{self.p}charset val="{cs.group(1)}"/>' if cs else ""
        return (m.group(1) if m else "宋体"), float(sz.group(1)) if sz else 11.0, tail

    def _count(self, name: str) -> int:
        return (self.sections[name][2] if name in self.sections else 0) + len(self.new[name])

    def _add(self, name: str, xml: str) -> int:
        idx = self._count(name)
        self.new[name].append(xml)
        return idx

    def fill(self, argb: str) -> int:
        argb = argb.upper()
        if len(argb) == 6:
            argb = "FF" + argb
        if argb not in self._fill_ids:
            p = self.p
            if "fills" not in self.sections and not self.new["fills"]:
                # a styles part without fills: the two fills Excel reserves come first
                self._add("fills", f'<{p}fill><{p}patternFill patternType="none"/></{p}fill>')
                self._add("fills", f'<{p}fill><{p}patternFill patternType="gray125"/></{p}fill>')
            self._fill_ids[argb] = self._add(
                "fills", f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{argb}"/>'
                         f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>')
        return self._fill_ids[argb]

    def marked_xf(self, base: int, argb: str) -> int:
        """A new cell format: format ``base`` with the solid fill ``argb`` (deduplicated)."""
        key = ("mark", base, argb.upper())
        if key not in self._xf_ids:
            fid = self.fill(argb)
            src = self.xfs[base] if 0 <= base < len(self.xfs) else f'<{self.p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            m = re.match(r"<[^>]*>", src)
            assert m is not None
            tag = set_attr(set_attr(m.group(0), "fillId", str(fid)), "applyFill", "1")
            self._xf_ids[key] = self._add("cellXfs", tag + src[m.end():])
            self.fill_of_xf[self._xf_ids[key]] = fid
        return self._xf_ids[key]

    def refill_xf(self, base: int, fill_xml: str | None) -> int:
        """Format ``base`` with its fill replaced by ``fill_xml`` (no fill when None)."""
        key = ("refill", base, fill_xml)
        if key not in self._xf_ids:
            fid = 0
            if fill_xml:
                fid = self._add("fills", fill_xml)
            src = self.xfs[base] if 0 <= base < len(self.xfs) else f'<{self.p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            m = re.match(r"<[^>]*>", src)
            assert m is not None
            tag = set_attr(m.group(0), "fillId", str(fid))
            self._xf_ids[key] = self._add("cellXfs", tag + src[m.end():])
        return self._xf_ids[key]

    def xf_fill_xml(self, xf: int) -> str | None:
        """The <fill> element of an existing cell format (None when it has none or cannot be found)."""
        if xf in self._fill_xml:
            return self._fill_xml[xf]
        self._fill_xml[xf] = found = self._xf_fill_xml(xf)
        return found

    def _xf_fill_xml(self, xf: int) -> str | None:
        if not 0 <= xf < len(self.xfs):
            return None
        fid = attrs(re.match(r"<[^>]*>", self.xfs[xf]).group(0)).get("fillId")  # type: ignore[union-attr]
        if fid is None or not fid.isdigit() or "fills" not in self.sections:
            return None
        if self._fills is None:
            s, e, _, tag = self.sections["fills"]
            self._fills = re.findall("<" + re.escape(self.p) + r"fill(?=[\s/>])[^>]*?(?:/>|>.*?</" + re.escape(self.p)
                                     + "fill>)", self.sp.text[s + len(tag):e], re.S)
        i = int(fid)
        return self._fills[i] if 0 <= i < len(self._fills) else None

    def xf_rgb(self, xf: int) -> str | None:
        fill = self.xf_fill_xml(xf)
        if fill is None or "solid" not in fill:
            return None
        m = re.search(r'fgColor[^>]*rgb="([0-9A-Fa-f]{8})"', fill)
        return m.group(1).upper() if m else None

    def style(self, st: Style) -> int:
        """A cell format for ``st`` (fonts, fills, borders, formats appended as needed)."""
        if st in self._xf_ids:
            return self._xf_ids[st]
        p = self.p
        fkey = (st.bold, st.size, st.color, st.underline)
        if fkey not in self._font_ids:
            parts = [f"<{p}b/>" if st.bold else "", f'<{p}u/>' if st.underline else "",
                     f'<{p}sz val="{st.size or self.font_size:g}"/>',
                     f'<{p}color rgb="{st.color}"/>' if st.color else "",
                     f'<{p}name val="{esc(self.font_name)}"/>', self.font_tail]
            self._font_ids[fkey] = self._add("fonts", f"<{p}font>{''.join(parts)}</{p}font>")
        font = self._font_ids[fkey]
        fill = self.fill(st.fill) if st.fill else 0
        if st.border not in self._border_ids:
            if st.border:
                side = f'style="thin"><{p}color rgb="FFBFBFBF"/>'
                xml = (f"<{p}border><{p}left {side}</{p}left><{p}right {side}</{p}right><{p}top {side}</{p}top>"
                       f"<{p}bottom {side}</{p}bottom><{p}diagonal/></{p}border>")
            else:
                xml = f"<{p}border><{p}left/><{p}right/><{p}top/><{p}bottom/><{p}diagonal/></{p}border>"
            self._border_ids[st.border] = self._add("borders", xml)
        border = self._border_ids[st.border]
        fmt = 0
        if st.num_fmt:
            if st.num_fmt not in self._fmt_ids:
                self._fmt_ids[st.num_fmt] = self._next_fmt
                self._add("numFmts", f'<{p}numFmt numFmtId="{self._next_fmt}" formatCode="{esc(st.num_fmt)}"/>')
                self._next_fmt += 1
            fmt = self._fmt_ids[st.num_fmt]
        align = "".join(f' {k}="{v}"' for k, v in (("horizontal", st.h), ("vertical", st.v),
                                                   ("wrapText", "1" if st.wrap else None)) if v)
        xml = (f'<{p}xf numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0" '
               f'applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">'
               f'<{p}alignment{align}/></{p}xf>')
        self._xf_ids[st] = self._add("cellXfs", xml)
        return self._xf_ids[st]

    def finish(self) -> Splicer:
        text = self.sp.text
        p = self.p
        for name in ("numFmts", "fonts", "fills", "borders", "cellXfs"):
            new = self.new[name]
            if not new:
                continue
            total = self._count(name)
            if name in self.sections:
                s, e, _, tag = self.sections[name]
                new_tag = set_attr(tag, "count", str(total))
                if tag.endswith("/>"):
                    self.sp.replace(s, e, new_tag[:-2].rstrip() + ">" + "".join(new) + f"</{p}{name}>")
                else:
                    self.sp.replace(s, s + len(tag), new_tag)
                    self.sp.insert(e - len(f"</{p}{name}>"), "".join(new))
            else:
                # insert before the first later section present, else before </styleSheet>
                later = [self.sections[n][0] for n in _STYLE_ORDER[_STYLE_ORDER.index(name) + 1:] if n in self.sections]
                pos = min(later) if later else text.rfind(f"</{p}styleSheet>")
                self.sp.insert(pos, f'<{p}{name} count="{total}">{"".join(new)}</{p}{name}>')
        return self.sp


MINIMAL_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<styleSheet xmlns="{NS_MAIN}"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
                  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
                  '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
                  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


# --------------------------------------------------------------------------------------------------
# Sheet XML: finding cells, merged ranges, the notes' parts
# --------------------------------------------------------------------------------------------------


@dataclass
class CellTag:
    start: int                 # start of <c ...>
    tag_end: int               # end of the start tag
    end: int                   # end of the whole element
    tag: str
    empty: bool                # no value, no formula


@dataclass
class RowInfo:
    start: int
    tag_end: int
    end: int                   # end of </row> (or of <row/>)
    tag: str
    cells: list[tuple[int, int]]   # (column, start offset)


_S_ATTR = re.compile(r'\ss\s*=\s*["\']([^"\']*)["\']')
_HAS_VALUE = re.compile(r"<(?:[\w.-]+:)?(?:v|is|f)[\s>/]")
_R_ATTR = re.compile(r'\sr\s*=\s*["\']([^"\']*)["\']')


class SheetScan:
    """One pass over a sheet's XML: the cells asked for, their rows, merges, column styles."""

    def __init__(self, text: str, wanted: set[tuple[int, int]],
                 merges: list[tuple[int, int, int, int]] | None = None) -> None:
        self.text = text
        self.p = p = root_prefix(text, "worksheet")
        self.cells: dict[tuple[int, int], CellTag] = {}
        self.rows: dict[int, RowInfo] = {}
        self.row_order: list[tuple[int, int]] = []          # (row number, start) of every row
        self.merges: list[tuple[int, int, int, int]] = []
        self.col_style: list[tuple[int, int, int]] = []
        sd = find_tag(text, p, "sheetData")
        if sd is None:
            raise PackageError("no sheetData")
        self.sheet_data = sd
        self.sheet_data_end = element_end(text, p, "sheetData", sd)
        rows_wanted = {r for r, _ in wanted}
        row_pat = re.compile("<" + re.escape(p) + r"row(?=[\s/>])[^>]*>")
        cell_pat = re.compile("<(/?)" + re.escape(p) + r"c(?=[\s/>])[^>]*>")
        row_close = "</" + p + "row>"
        cur_row = 0
        pos = sd.end()
        limit = self.sheet_data_end
        row_open = "<" + p + "row"
        while True:
            i = text.find(row_open, pos, limit)
            if i < 0:
                break
            m = row_pat.match(text, i)
            if m is None:
                pos = i + len(row_open)
                continue
            tag = m.group(0)
            rm = _R_ATTR.search(tag)
            cur_row = int(rm.group(1)) if rm is not None and rm.group(1).isdigit() else cur_row + 1
            self.row_order.append((cur_row, m.start()))
            if tag.endswith("/>"):
                pos = m.end()
                if cur_row in rows_wanted:
                    self.rows[cur_row] = RowInfo(m.start(), m.end(), m.end(), tag, [])
                continue
            end = text.find(row_close, m.end(), limit)
            if end < 0:
                raise PackageError("unclosed <row>")
            pos = end + len(row_close)
            if cur_row not in rows_wanted:
                continue                  # rows without marks are skipped unread
            info = RowInfo(m.start(), m.end(), pos, tag, [])
            self.rows[cur_row] = info
            if self._direct(text, p, cur_row, m.end(), end, wanted):
                continue
            cur_col = 0
            cpos = m.end()
            while True:
                cm = cell_pat.search(text, cpos, end)
                if cm is None:
                    break
                cpos = cm.end()
                if cm.group(1):
                    continue
                ctag = cm.group(0)
                ra = _R_ATTR.search(ctag)
                if ra is not None:
                    try:
                        _, cur_col = parse_ref(ra.group(1))
                    except ValueError:
                        cur_col += 1
                else:
                    cur_col += 1
                info.cells.append((cur_col, cm.start()))
                if (cur_row, cur_col) in wanted:
                    if ctag.endswith("/>"):
                        cend = cm.end()
                        empty = True
                    else:
                        close = "</" + p + "c>"
                        cend = text.find(close, cm.end(), end) + len(close)
                        inner = text[cm.end():cend - len(close)]
                        empty = not re.search(r"<(?:[\w.-]+:)?(?:v|is|f)[\s>/]", inner)
                        cpos = cend
                    self.cells[(cur_row, cur_col)] = CellTag(cm.start(), cm.end(), cend, ctag, empty)
        if merges is not None:
            self.merges = merges
        else:
            for m in re.finditer("<" + re.escape(p) + r'mergeCell\s[^>]*ref="([^"]+)"', text[self.sheet_data_end:]):
                try:
                    self.merges.append(_range(m.group(1)))
                except ValueError:
                    continue
        cols = find_tag(text, p, "cols")
        if cols is not None and cols.start() < sd.start():
            for m in re.finditer("<" + re.escape(p) + r"col(?=[\s/>])[^>]*>", text[cols.end():sd.start()]):
                a = attrs(m.group(0))
                if a.get("style", "").isdigit() and a.get("min", "").isdigit() and a.get("max", "").isdigit():
                    self.col_style.append((int(a["min"]), int(a["max"]), int(a["style"])))

    def _direct(self, text: str, p: str, row: int, start: int, end: int, wanted: set[tuple[int, int]]) -> bool:
        """Find the wanted cells of a row by their ``r`` attribute directly (the common layout
        ``<c r="H6" ...``).  False when one is not found that way: the caller scans the row."""
        found: list[tuple[tuple[int, int], CellTag]] = []
        for rc in wanted:
            if rc[0] != row:
                continue
            i = text.find(f'<{p}c r="{ref_of(row, rc[1])}"', start, end)
            if i < 0:
                return False
            j = text.find(">", i, end) + 1
            ctag = text[i:j]
            if ctag.endswith("/>"):
                found.append((rc, CellTag(i, j, j, ctag, True)))
                continue
            close = "</" + p + "c>"
            cend = text.find(close, j, end) + len(close)
            inner = text[j:cend - len(close)]
            found.append((rc, CellTag(i, j, cend, ctag, not _HAS_VALUE.search(inner))))
        for rc, cell in found:
            self.cells[rc] = cell
        return True

    def target(self, ref: str) -> tuple[int, int]:
        """Where a finding at ``ref`` is marked: the top-left cell of a range or of its merged region."""
        r, c = parse_ref(ref.split(":")[0])
        for r0, c0, r1, c1 in self.merges:
            if r0 <= r <= r1 and c0 <= c <= c1:
                return r0, c0
        return r, c

    def default_style(self, row: int, col: int) -> int:
        info = self.rows.get(row)
        if info is not None:
            a = attrs(info.tag)
            if a.get("customFormat") in ("1", "true") and a.get("s", "").isdigit():
                return int(a["s"])
        for c0, c1, s in self.col_style:
            if c0 <= col <= c1:
                return s
        return 0


def scan_merges(text: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a sheet (1-based r0, c0, r1, c1)."""
    p = root_prefix(text, "worksheet")
    out: list[tuple[int, int, int, int]] = []
    start = text.find("<" + p + "mergeCells")       # after sheetData: skip the cells at C speed
    if start < 0:
        return out
    for m in re.compile("<" + re.escape(p) + r'mergeCell\s[^>]*ref="([^"]+)"').finditer(text, start):
        try:
            out.append(_range(m.group(1)))
        except ValueError:
            continue
    return out


_WS_TAIL = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
            "extLst")


def _insert_before_tail(text: str, p: str, after_sheet_data: int) -> int:
    """Where ``<legacyDrawing>`` goes: before the first of the elements that follow it, else before </worksheet>."""
    best = text.rfind("</" + p + "worksheet>")
    for local in _WS_TAIL:
        m = find_tag(text, p, local, after_sheet_data)
        if m is not None and m.start() < best:
            best = m.start()
    return best


def _run(text: str, *, bold: bool = False) -> str:
    b = "<b/>" if bold else ""
    return (f'<r><rPr>{b}<sz val="9"/><color indexed="81"/><rFont val="宋体"/><charset val="134"/></rPr>'
            f'<t xml:space="preserve">{esc(xml_text(text))}</t></r>')


def _vml_shape(shape_id: int, row: int, col: int, lines: int, z: int) -> str:
    height_rows = max(3, min(30, lines + 1))
    return (f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
            f'margin-top:1.5pt;width:240pt;height:{12 * height_rows}pt;z-index:{z};visibility:hidden" '
            'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f'<x:Anchor>{col}, 15, {max(0, row - 2)}, 2, {col + 4}, 15, {row - 1 + height_rows}, 16</x:Anchor>'
            f'<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column>'
            '</x:ClientData></v:shape>')


_VML_NS = (("v:", "urn:schemas-microsoft-com:vml"), ("o:", "urn:schemas-microsoft-com:office:office"),
           ("x:", "urn:schemas-microsoft-com:office:excel"))


def _declare_vml_ns(element: str) -> str:
    """``<v:shape ...`` → ``<v:shape xmlns:v=".." xmlns:o=".." xmlns:x=".." ...``."""
    decl = " ".join(f'xmlns:{pre[:-1]}="{ns}"' for pre, ns in _VML_NS)
    m = re.match(r"<[\w:]+", element)
    assert m is not None
    return element[:m.end()] + " " + decl + element[m.end():]


def _new_vml(idmap: int, shapes: str) -> str:
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{idmap}"/></o:shapelayout>'
            + _SHAPETYPE + shapes + "</xml>")


_SHAPETYPE = ('<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
              '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')


def _unused(pkg: Package, pattern: str) -> str:
    n = 1
    while pattern.format(n) in pkg:
        n += 1
    return pattern.format(n)


# --------------------------------------------------------------------------------------------------
# The copy
# --------------------------------------------------------------------------------------------------


def comment_lines(findings: list[Finding], lang: object) -> list[str]:
    return [f"{f.code} {severity_label(f.severity, lang)}: {short_message(f, lang)}" for f in findings]


class _Copy:
    """One annotated copy being built on a :class:`Package`."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.edits: dict[str, list[list[list[Any]]]] = {}
        self.added: list[str] = []
        self.splicers: dict[str, Splicer] = {}
        self.cells: list[list[Any]] = []
        self.notes: list[list[Any]] = []
        self.rel_ids: list[str] = []
        self.defaults_added: set[str] = set()
        self.next_free: dict[str, int] = {}

    def unused(self, pattern: str) -> str:
        """The first name of the form ``pattern`` (with {} for a number) that is not a member yet."""
        n = self.next_free.get(pattern, 1)
        while pattern.format(n) in self.pkg:
            n += 1
        self.next_free[pattern] = n + 1
        return pattern.format(n)

    def splicer(self, name: str) -> Splicer:
        sp = self.splicers.get(name)
        if sp is None:
            sp = self.splicers[name] = Splicer(self.pkg.text(name))
        return sp

    def add_part(self, name: str, data: str) -> None:
        self.pkg.write(name, data)
        self.added.append(name)

    def commit(self, *names: str) -> None:
        """Apply the splices of ``names`` (all when none given) and record their inverse."""
        for name in names or list(self.splicers):
            sp = self.splicers.pop(name, None)
            if not sp:
                continue
            text, inverse = sp.apply()
            if text == sp.text:
                continue
            self.pkg.write(name, text)
            self.edits.setdefault(name, []).append(inverse)     # undone last first

    def add_content_type(self, part: str, ctype: str) -> None:
        ct = "[Content_Types].xml"
        sp = self.splicer(ct)
        p = root_prefix(sp.text, "Types")
        sp.insert(sp.text.rfind(f"</{p}Types>"), f'<{p}Override PartName="/{esc(part)}" ContentType="{ctype}"/>')

    def add_default_type(self, ext: str, ctype: str) -> None:
        ct = "[Content_Types].xml"
        sp = self.splicer(ct)
        if ext in self.defaults_added:
            return
        self.defaults_added.add(ext)
        defaults, _ = content_types(sp.text)
        if ext in defaults:
            return
        p = root_prefix(sp.text, "Types")
        sp.insert(sp.text.rfind(f"</{p}Types>"), f'<{p}Default Extension="{ext}" ContentType="{ctype}"/>')


def mark_package(pkg: Package, report: Report, *, lang: object = "zh", strict: bool = False,
                 rules_file: Path | None = None, checked_at: dt.datetime | None = None,
                 extra_marks: Sequence[Mark] = ()) -> dict[tuple[str, str], str]:
    """Undo an earlier run's marks, then mark ``report`` on ``pkg`` (in memory).  Returns where each
    finding was marked: (sheet, finding cell) → marked cell."""
    _MESSAGES.clear()
    try:
        return _mark_package(pkg, report, lang=lang, strict=strict, rules_file=rules_file, checked_at=checked_at,
                             extra_marks=extra_marks)
    finally:
        _MESSAGES.clear()


def _mark_package(pkg: Package, report: Report, *, lang: object, strict: bool, rules_file: Path | None,
                  checked_at: dt.datetime | None, extra_marks: Sequence[Mark]) -> dict[tuple[str, str], str]:
    from perfcheck.report.result_sheet import result_sheet_xml

    restore(pkg)
    book = read_book(pkg)
    cp = _Copy(pkg)
    # styles
    styles_part = next((resolve_target(book.part, r.target) for r in book.rels if r.type == RT_STYLES), None)
    if styles_part is None or styles_part not in pkg:
        styles_part = styles_part or "xl/styles.xml"
        cp.add_part(styles_part, MINIMAL_STYLES)
        rid = new_rel_id([r.id for r in book.rels])
        cp.rel_ids.append(rid)
        add_rel(cp.splicer(rels_name(book.part)), rid, RT_STYLES, relative_target(book.part, styles_part))
        cp.add_content_type(styles_part, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
    styles = Styles(pkg.text(styles_part))

    # the findings and marks per sheet (a sheet is read once, marked, and written back at once)
    by_sheet: dict[str, list[Finding]] = {}
    ordered = report.sorted_findings()
    for f in ordered:
        if f.at is not None and f.at.sheet != SHEET_RESULT.zh:
            by_sheet.setdefault(f.at.sheet, []).append(f)
    extra: dict[str, dict[tuple[int, int], Mark]] = {}
    for mk in extra_marks:
        if mk.sheet == SHEET_RESULT.zh:
            continue
        try:
            extra.setdefault(mk.sheet, {})[parse_ref(mk.cell)] = mk
        except ValueError:
            continue
    idmap = [0]
    for name in pkg.order:
        if name.endswith(".vml"):
            for m in re.finditer(r'data="([\d,\s]+)"', pkg.read(name).decode("utf-8", "replace")):
                for x in m.group(1).split(","):
                    if x.strip().isdigit():
                        idmap.append(int(x))
    next_idmap = max(idmap) + 1
    where: dict[tuple[str, str], str] = {}
    shared = {"[Content_Types].xml", rels_name(book.part), book.part, "docProps/app.xml"}
    for entry in book.sheets:
        sheet = entry.name
        if sheet not in by_sheet and sheet not in extra:
            continue
        if book.worksheet(sheet) is not entry or entry.part is None or entry.part not in pkg:
            continue
        text = pkg.text(entry.part)
        merges = scan_merges(text)
        groups: dict[tuple[int, int], list[Finding]] = {}
        for f in by_sheet.get(sheet, []):
            assert f.at is not None
            try:
                r, c = parse_ref(f.at.cell.split(":")[0])
            except ValueError:
                continue
            for r0, c0, r1, c1 in merges:
                if r0 <= r <= r1 and c0 <= c <= c1:
                    r, c = r0, c0
                    break
            where[(sheet, f.at.cell)] = ref_of(r, c)
            groups.setdefault((r, c), []).append(f)
        next_idmap = _mark_sheet(cp, styles, entry.part, sheet, groups, extra.get(sheet, {}), lang, next_idmap,
                                 merges, text)
        del text
        cp.commit(*(n for n in list(cp.splicers) if n not in shared))
    # 校验结果
    sheet_part = _unused(pkg, "xl/worksheets/sheet{}.xml")
    names = [s.name for s in book.sheets]
    xml, defined = result_sheet_xml(report, lang=lang, strict=strict, rules_file=rules_file,
                           checked_at=checked_at or dt.datetime.now().replace(microsecond=0),
                           where=where, sheet_names=names, style=styles.style, findings=ordered)
    cp.add_part(sheet_part, xml)
    cp.add_content_type(sheet_part, CT_WORKSHEET)
    # a print area that ends before a column of extra marks (a light column perfcheck added) is
    # widened to take it in, so that the printed form shows the lights too
    widen = {i: max(parse_ref(mk.cell)[1] for mk in extra[s.name].values())
             for i, s in enumerate(book.sheets) if s.name in extra}
    _insert_result_sheet(cp, book, sheet_part, defined, widen)
    # styles and the record
    styles.finish()
    cp.splicers[styles_part] = styles.sp
    _add_record_part(cp, book)
    cp.commit()
    _write_record(cp)
    return where


def _mark_sheet(cp: _Copy, styles: Styles, part: str, sheet: str, findings: dict[tuple[int, int], list[Finding]],
                extra: dict[tuple[int, int], Mark], lang: object, next_idmap: int,
                merges: list[tuple[int, int, int, int]] | None = None, text: str | None = None) -> int:
    pkg = cp.pkg
    wanted = set(findings) | set(extra)
    if text is None:
        text = pkg.text(part)
    scan = SheetScan(text, wanted, merges)
    sp = cp.splicer(part)
    p = scan.p
    new_cells: dict[int, list[tuple[int, str]]] = {}      # row → [(col, xml)] for cells without an element
    for rc in sorted(wanted):
        r, c = rc
        fs = findings.get(rc, [])
        mk = extra.get(rc)
        argb = FILL_ARGB[worst([f.severity for f in fs])] if fs else (mk.fill_rgb if mk else "FFFFFFFF")
        if len(argb) == 6:
            argb = "FF" + argb
        cell = scan.cells.get(rc)
        ref = ref_of(r, c)
        if cell is not None:
            sm = _S_ATTR.search(cell.tag)
            old_s = sm.group(1) if sm is not None else None
            base = int(old_s) if old_s and old_s.isdigit() else 0
            xf = styles.marked_xf(base, argb)
            new_tag = set_attr(cell.tag, "s", str(xf))
            if mk is not None and mk.text and cell.empty and not fs:
                body = f'<{p}is><{p}t xml:space="preserve">{esc(xml_text(clean_text(mk.text)))}</{p}t></{p}is>'
                new_tag = set_attr(new_tag, "t", "inlineStr")
                if new_tag.endswith("/>"):
                    new_tag = new_tag[:-2].rstrip() + ">"
                    sp.replace(cell.start, cell.end, f"{new_tag}{body}</{p}c>")
                else:
                    sp.replace(cell.start, cell.end, f"{new_tag}{body}</{p}c>")
            else:
                sp.replace(cell.start, cell.tag_end, new_tag)
            cp.cells.append([sheet, ref, old_s, xf, styles.xf_fill_xml(base)])
        else:
            base = scan.default_style(r, c)
            xf = styles.marked_xf(base, argb)
            body = ""
            t = ""
            if mk is not None and mk.text and not fs:
                t = ' t="inlineStr"'
                body = f'<{p}is><{p}t xml:space="preserve">{esc(xml_text(clean_text(mk.text)))}</{p}t></{p}is>'
            xml = f'<{p}c r="{ref}" s="{xf}"{t}/>' if not body else f'<{p}c r="{ref}" s="{xf}"{t}>{body}</{p}c>'
            new_cells.setdefault(r, []).append((c, xml))
            cp.cells.append([sheet, ref, None, xf, styles.xf_fill_xml(base)])
    # cells that had no element: into their row (in column order), or a new row
    for r, items in new_cells.items():
        info = scan.rows.get(r)
        if info is not None:
            if info.tag.endswith("/>"):
                sp.replace(info.start, info.tag_end, info.tag[:-2].rstrip() + ">" + "".join(x for _, x in sorted(items))
                           + f"</{p}row>")
                continue
            for c, xml in items:
                pos = next((s for col, s in info.cells if col > c), info.end - len(f"</{p}row>"))
                sp.insert(pos, xml)
        else:
            row_xml = f'<{p}row r="{r}">' + "".join(x for _, x in sorted(items)) + f"</{p}row>"
            sd = scan.sheet_data
            if sd.group(0).endswith("/>"):
                sp.replace(sd.start(), sd.end(), sd.group(0)[:-2].rstrip() + ">" + row_xml + f"</{p}sheetData>")
                continue
            pos = next((s for rn, s in scan.row_order if rn > r), scan.sheet_data_end - len(f"</{p}sheetData>"))
            sp.insert(pos, row_xml)
    if findings:
        _print_notes(sp, text, p, scan.sheet_data_end)
        next_idmap = _add_notes(cp, part, sheet, scan, findings, lang, next_idmap)
    return next_idmap


_AFTER_PAGE_SETUP = ("headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
                     "smartTags", "drawing", "legacyDrawing", *_WS_TAIL)


def _print_notes(sp: Splicer, text: str, p: str, after: int) -> None:
    """Print the sheet's notes at the end of the printout (``pageSetup cellComments="atEnd"``)."""
    m = find_tag(text, p, "pageSetup", after)
    if m is not None:
        if attrs(m.group(0)).get("cellComments") in (None, "none"):
            sp.replace(m.start(), m.end(), set_attr(m.group(0), "cellComments", "atEnd"))
        return
    best = text.rfind("</" + p + "worksheet>")
    for local in _AFTER_PAGE_SETUP:
        m2 = find_tag(text, p, local, after)
        if m2 is not None and m2.start() < best:
            best = m2.start()
    sp.insert(best, f'<{p}pageSetup cellComments="atEnd"/>')


def _add_notes(cp: _Copy, part: str, sheet: str, scan: SheetScan, findings: dict[tuple[int, int], list[Finding]],
               lang: object, next_idmap: int) -> int:
    pkg = cp.pkg
    rels_part = rels_name(part)
    rels = parse_rels(pkg.text(rels_part)) if rels_part in pkg else []
    comments_part = next((resolve_target(part, r.target) for r in rels if r.type == RT_COMMENTS and not r.external), None)
    text = scan.text
    p = scan.p
    ld = find_tag(text, p, "legacyDrawing", scan.sheet_data_end)
    rp = prefix_of(text, NS_REL)
    vml_part = None
    if ld is not None:
        rid = attrs(ld.group(0)).get((rp or "r:") + "id")
        vml_part = next((resolve_target(part, r.target) for r in rels if r.id == rid and r.type == RT_VML), None)
        if vml_part is not None and vml_part not in pkg:
            vml_part = None
    new_rels: list[tuple[str, str, str]] = []
    rel_ids = [r.id for r in rels]
    if comments_part is None or comments_part not in pkg:
        comments_part = cp.unused("xl/comments{}.xml")
        rid = new_rel_id(rel_ids)
        rel_ids.append(rid)
        new_rels.append((rid, RT_COMMENTS, relative_target(part, comments_part)))
        cp.add_part(comments_part, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                   f'<comments xmlns="{NS_MAIN}"><authors></authors><commentList></commentList></comments>')
        cp.add_content_type(comments_part, CT_COMMENTS)
    if vml_part is None:
        vml_part = cp.unused("xl/drawings/vmlDrawing{}.vml")
        rid = new_rel_id(rel_ids)
        rel_ids.append(rid)
        new_rels.append((rid, RT_VML, relative_target(part, vml_part)))
        cp.add_part(vml_part, _new_vml(next_idmap, ""))
        next_idmap += 1
        cp.add_default_type("vml", CT_VML)
        tag = f'<{p}legacyDrawing {rp}id="{rid}"/>' if rp is not None else \
            f'<{p}legacyDrawing xmlns:r="{NS_REL}" r:id="{rid}"/>'
        cp.splicer(part).insert(_insert_before_tail(text, p, scan.sheet_data_end), tag)
    if new_rels:
        if rels_part in pkg:
            sp = cp.splicer(rels_part)
            for rid, rtype, target in new_rels:
                add_rel(sp, rid, rtype, target)
        else:
            cp.add_part(rels_part, new_rels_text(new_rels))
    # the comments part
    ctext = pkg.text(comments_part)
    csp = cp.splicer(comments_part)
    cpx = root_prefix(ctext, "comments")
    authors_tag = find_tag(ctext, cpx, "authors")
    authors: list[str] = []
    if authors_tag is not None:
        a_end = element_end(ctext, cpx, "authors", authors_tag)
        authors = [_unescape(x) for x in re.findall("<" + re.escape(cpx) + r"author>(.*?)</" + re.escape(cpx) + "author>",
                                                     ctext[authors_tag.end():a_end], re.S)]
        if authors_tag.group(0).endswith("/>"):
            raise PackageError("empty authors element")
    if REVIEW_AUTHOR in authors:
        author_id = authors.index(REVIEW_AUTHOR)
    else:
        author_id = len(authors)
        if authors_tag is None:
            raise PackageError("comments part without authors")
        csp.insert(a_end - len(f"</{cpx}authors>"), f"<{cpx}author>{esc(REVIEW_AUTHOR)}</{cpx}author>")
    existing: dict[tuple[int, int], tuple[int, int]] = {}       # cell → (where to insert runs, comment start)
    for m in re.finditer("<" + re.escape(cpx) + r"comment(?=[\s/>])[^>]*>", ctext):
        a = attrs(m.group(0))
        try:
            rc = parse_ref(a.get("ref", "").split(":")[0])
        except ValueError:
            continue
        end = element_end(ctext, cpx, "comment", m)
        text_close = ctext.rfind(f"</{cpx}text>", m.end(), end)
        if text_close < 0:
            continue
        ph = re.search("<" + re.escape(cpx) + r"(?:rPh|phoneticPr)(?=[\s/>])", ctext[m.end():text_close])
        existing[rc] = (m.end() + ph.start() if ph else text_close, m.start())
    cl = find_tag(ctext, cpx, "commentList")
    if cl is None or cl.group(0).endswith("/>"):
        raise PackageError("comments part without commentList")
    cl_end = element_end(ctext, cpx, "commentList", cl) - len(f"</{cpx}commentList>")
    # the VML drawing
    vtext = pkg.text(vml_part)
    vsp = cp.splicer(vml_part)
    ids = [int(x) for x in re.findall(r"_x0000_s(\d+)", vtext)]
    idm = re.search(r'<(?:[\w.-]+:)?idmap[^>]*data="(\d+)', vtext)
    block = int(idm.group(1)) if idm else 1
    next_shape = max([block * 1024, *ids]) + 1
    shapes: list[str] = []
    new_comments: list[str] = []
    for rc in sorted(findings):
        fs = findings[rc]
        lines = comment_lines(fs, lang)
        ref = ref_of(*rc)
        if rc in existing:
            pos, _ = existing[rc]
            csp.insert(pos, _run("\n\n" + MARKER + "\n", bold=True) + _run("\n".join(lines)))
            cp.notes.append([sheet, ref, "appended"])
            continue
        body = _run(REVIEW_AUTHOR + ":\n", bold=True) + _run("\n".join(lines))
        new_comments.append(f'<{cpx}comment ref="{ref}" authorId="{author_id}" shapeId="0"><{cpx}text>{body}'
                            f"</{cpx}text></{cpx}comment>")
        n_lines = sum(max(1, -(-display_width(line) // 40)) for line in lines) + 1
        shapes.append(_vml_shape(next_shape, rc[0], rc[1], n_lines, next_shape - block * 1024))
        next_shape += 1
        cp.notes.append([sheet, ref, "own"])
    if new_comments:
        csp.insert(cl_end, "".join(new_comments))
    if shapes:
        if "_x0000_t202" not in vtext:
            shapes.insert(0, _SHAPETYPE)
        close = vtext.rfind("</xml>")
        if close < 0:
            raise PackageError("bad VML drawing")
        if any(prefix_of(vtext, ns) != pre for pre, ns in _VML_NS):
            # the drawing does not bind v:, o:, x: on its root (openpyxl declares them on each
            # shape): declare them on each shape we add, as openpyxl does
            shapes = [_declare_vml_ns(x) for x in shapes]
        vsp.insert(close, "".join(shapes))
    return next_idmap


_PRINT_AREA = re.compile(r"^(.*!\$?[A-Z]{1,3}\$?\d+:\$?)([A-Z]{1,3})(\$?\d+)$")


def _widen_print_area(sp: Any, wtext: str, start: int, last_col: int) -> None:
    """Move the end column of the single-range print area whose text starts at ``start`` to
    ``last_col`` when it ends before it (a print area of several ranges is left alone)."""
    end = wtext.find("</", start)
    m = _PRINT_AREA.match(wtext[start:end])
    if m is None:
        return
    _, col = parse_ref(m.group(2) + "1")
    if col < last_col:
        sp.replace(start + m.start(2), start + m.end(2), ref_of(1, last_col)[:-1])


def _insert_result_sheet(cp: _Copy, book: Book, sheet_part: str, defined: list[tuple[str, str, bool]],
                         widen: dict[int, int] | None = None) -> None:
    pkg = cp.pkg
    wtext = pkg.text(book.part)
    sp = cp.splicer(book.part)
    p = root_prefix(wtext, "workbook")
    rp = prefix_of(wtext, NS_REL)
    sheet_ids = [int(x) for x in re.findall(r'<' + re.escape(p) + r'sheet\s[^>]*?sheetId="(\d+)"', wtext)]
    rid = new_rel_id([r.id for r in book.rels] + cp.rel_ids)
    cp.rel_ids.append(rid)
    sheets = find_tag(wtext, p, "sheets")
    if sheets is None or sheets.group(0).endswith("/>"):
        raise PackageError("workbook without sheets")
    rattr = f'{rp}id="{rid}"' if rp is not None else f'xmlns:r="{NS_REL}" r:id="{rid}"'
    sp.insert(sheets.end(), f'<{p}sheet name="{esc(SHEET_RESULT.zh)}" sheetId="{max([0, *sheet_ids]) + 1}" {rattr}/>')
    # every localSheetId shifts by one
    for m in re.finditer(r'<' + re.escape(p) + r'definedName(?=[\s/>])[^>]*>', wtext):
        span = attr_span(m.group(0), "localSheetId")
        if span is not None:
            value = m.group(0)[span[0]:span[1]]
            if value.isdigit():
                sp.replace(m.start() + span[0], m.start() + span[1], str(int(value) + 1))
                if widen and int(value) in widen and 'name="_xlnm.Print_Area"' in m.group(0):
                    _widen_print_area(sp, wtext, m.end(), widen[int(value)])
    # the active tab (and the first visible tab) stay on the department's sheet
    for m in re.finditer(r'<' + re.escape(p) + r'workbookView(?=[\s/>])[^>]*>', wtext):
        tag = m.group(0)
        new = tag
        for name in ("activeTab", "firstSheet"):
            span = attr_span(new, name)
            if span is not None and new[span[0]:span[1]].isdigit():
                new = new[:span[0]] + str(int(new[span[0]:span[1]]) + 1) + new[span[1]:]
            elif name == "activeTab":
                new = set_attr(new, "activeTab", "1")
        if new != tag:
            sp.replace(m.start(), m.end(), new)
    # print titles and the filter range of 校验结果
    hidden_attr = ' hidden="1"'
    names = "".join(f'<{p}definedName name="{n}" localSheetId="0"{hidden_attr if hidden else ""}>{esc(v)}</{p}definedName>'
                    for n, v, hidden in defined)
    if names:
        dn = find_tag(wtext, p, "definedNames")
        if dn is not None and not dn.group(0).endswith("/>"):
            sp.insert(dn.end(), names)
        elif dn is not None:
            sp.replace(dn.start(), dn.end(), f"<{p}definedNames>{names}</{p}definedNames>")
        else:
            after = element_end(wtext, p, "sheets", sheets)
            # definedNames follows sheets, functionGroups and externalReferences
            for local in ("functionGroups", "externalReferences"):
                m2 = find_tag(wtext, p, local, after)
                if m2 is not None:
                    after = element_end(wtext, p, local, m2)
            sp.insert(after, f"<{p}definedNames>{names}</{p}definedNames>")
    # workbook rels
    rels_part = rels_name(book.part)
    add_rel(cp.splicer(rels_part), rid, RT_WORKSHEET, relative_target(book.part, sheet_part))
    # docProps/app.xml: the sheet titles and counts
    app = "docProps/app.xml"
    if app in pkg:
        try:
            _patch_app(cp.splicer(app))
        except (PackageError, ValueError):
            cp.splicers[app] = Splicer(pkg.text(app))


_WORKSHEET_HEADINGS = {"worksheets", "工作表", "arbeitsblätter", "feuilles de calcul", "hojas de cálculo"}


def _patch_app(sp: Splicer) -> None:
    text = sp.text
    hp = re.search(r"<(?:[\w.-]+:)?HeadingPairs>(.*?)</(?:[\w.-]+:)?HeadingPairs>", text, re.S)
    tp = re.search(r"<((?:[\w.-]+:)?)TitlesOfParts>\s*<((?:[\w.-]+:)?)vector([^>]*)>", text, re.S)
    if hp is None or tp is None:
        return
    variants = re.findall(r"<(?:[\w.-]+:)?variant>(.*?)</(?:[\w.-]+:)?variant>", hp.group(1), re.S)
    offset = 0
    target = None
    for i in range(0, len(variants) - 1, 2):
        label = re.sub(r"<[^>]+>", "", variants[i]).strip()
        count_m = re.search(r"<(?:[\w.-]+:)?i4>(\d+)<", variants[i + 1])
        count = int(count_m.group(1)) if count_m else 0
        if label.lower() in _WORKSHEET_HEADINGS:
            target = (i, offset)
            break
        offset += count
    if target is None:
        return
    # the count of the worksheets heading
    pair_start = hp.start(1)
    vs = list(re.finditer(r"<(?:[\w.-]+:)?variant>(.*?)</(?:[\w.-]+:)?variant>", hp.group(1), re.S))
    count_var = vs[target[0] + 1]
    cm = re.search(r"(<(?:[\w.-]+:)?i4>)(\d+)<", count_var.group(0))
    if cm is None:
        return
    s = pair_start + count_var.start() + cm.start(2)
    sp.replace(s, s + len(cm.group(2)), str(int(cm.group(2)) + 1))
    # the titles vector: size + 1, 校验结果 at the worksheets' first position
    vec_tag_start = tp.start(2) - 1
    vec_tag = text[vec_tag_start:tp.end()]
    span = attr_span(vec_tag, "size")
    size = vec_tag[span[0]:span[1]] if span else ""
    if span is None or not size.isdigit():
        raise ValueError("no size")
    sp.replace(vec_tag_start + span[0], vec_tag_start + span[1], str(int(size) + 1))
    items = list(re.finditer(r"<((?:[\w.-]+:)?)lpstr>.*?</(?:[\w.-]+:)?lpstr>", text[tp.end():], re.S))
    vp = tp.group(2)
    elem = f"<{vp}lpstr>{esc(SHEET_RESULT.zh)}</{vp}lpstr>"
    if target[1] < len(items):
        sp.insert(tp.end() + items[target[1]].start(), elem)
    else:
        close = text.find(f"</{vp}vector>", tp.end())
        sp.insert(close, elem)


def _add_record_part(cp: _Copy, book: Book) -> None:
    pkg = cp.pkg
    rels_part = rels_name(book.part)
    rid = new_rel_id([r.id for r in book.rels] + cp.rel_ids)
    cp.rel_ids.append(rid)
    add_rel(cp.splicer(rels_part), rid, RT_CUSTOM_XML, relative_target(book.part, RECORD_PART))
    defaults, _ = content_types(cp.splicer("[Content_Types].xml").text)
    if "xml" not in defaults:
        cp.add_content_type(RECORD_PART, "application/xml")
    pkg.write(RECORD_PART, "")          # placeholder: keeps its place as the last member


def _write_record(cp: _Copy) -> None:
    pkg = cp.pkg
    written = {n: list(pkg.crc_size(n)) for n in pkg.order if n != RECORD_PART}
    record = {"v": 2, "sheet": SHEET_RESULT.zh, "written": written, "edits": cp.edits, "added": cp.added,
              "cells": cp.cells, "notes": cp.notes}
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    pkg.write(RECORD_PART, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<record xmlns="{RECORD_NS}">{esc(body)}</record>')


# --------------------------------------------------------------------------------------------------
# Undo
# --------------------------------------------------------------------------------------------------


def restore(pkg: Package) -> str:
    """Put the package back as it was before perfcheck marked it.  Returns "none" (no marks found),
    "exact" (undone from the record, byte for byte) or "cleanup" (edited since: what could be
    recognised was removed)."""
    rec = read_record(pkg)
    if rec is not None and record_matches(pkg, rec):
        for name, steps in (rec.get("edits") or {}).items():
            if name in pkg:
                text = pkg.text(name)
                for inverse in reversed(steps):
                    text = undo(text, inverse)
                pkg.write(name, text)
        for name in rec.get("added") or []:
            pkg.remove(name)
        pkg.remove(RECORD_PART)
        return "exact"
    if rec is None and not _has_review_marks(pkg):
        return "none"
    _cleanup(pkg, rec)
    return "cleanup"


def _has_review_marks(pkg: Package) -> bool:
    try:
        book = read_book(pkg) if SHEET_RESULT.zh.encode() in pkg.read("xl/workbook.xml") else None
    except (PackageError, KeyError):
        book = None
    if book is not None and any(s.name == SHEET_RESULT.zh for s in book.sheets):
        return True
    return any(name.startswith("xl/comments") and REVIEW_AUTHOR.encode() in pkg.read(name) for name in pkg.order)


def _cleanup(pkg: Package, rec: dict[str, Any] | None) -> None:
    """Remove what an edited copy still carries of perfcheck's marks (see the module doc)."""
    book = read_book(pkg)
    cp = _Copy(pkg)
    # the record part and its relationship
    if RECORD_PART in pkg:
        pkg.remove(RECORD_PART)
        _drop_rel(cp, rels_name(book.part), RECORD_PART, book.part)
    # notes: ours removed, our runs cut from others'
    sheet_of: dict[str, str] = {}
    for s in book.sheets:
        if s.part and rels_name(s.part) in pkg:
            for r in parse_rels(pkg.text(rels_name(s.part))):
                if r.type == RT_COMMENTS and not r.external:
                    sheet_of[resolve_target(s.part, r.target)] = s.name
    noted: list[list[Any]] = []
    for name in list(pkg.order):
        if name not in sheet_of:
            continue
        text = pkg.text(name)
        if "perfcheck" not in text:          # (a re-save may split our texts into several runs)
            continue
        sp = cp.splicer(name)
        p = root_prefix(text, "comments")
        authors_tag = find_tag(text, p, "authors")
        authors: list[str] = []
        if authors_tag is not None and not authors_tag.group(0).endswith("/>"):
            a_end = element_end(text, p, "authors", authors_tag)
            authors = [_unescape(x) for x in re.findall("<" + re.escape(p) + r"author>(.*?)</" + re.escape(p) + "author>",
                                                         text[authors_tag.end():a_end], re.S)]
        ours = {str(i) for i, a in enumerate(authors) if a == REVIEW_AUTHOR}
        for m in re.finditer("<" + re.escape(p) + r"comment(?=[\s/>])[^>]*>", text):
            end = element_end(text, p, "comment", m)
            a = attrs(m.group(0))
            plain_text = _unescape(re.sub(r"<[^>]+>", "", text[m.end():end]))
            # ours: by author, or (the author lost by a program that re-saved the copy) by its first line
            if a.get("authorId") in ours or plain_text.startswith(REVIEW_AUTHOR + ":"):
                sp.replace(m.start(), end, "")
                noted.append([sheet_of[name], a.get("ref", ""), None, None, None])
                continue
            body = text[m.end():end]
            k = body.find(esc(MARKER))
            if k < 0 and MARKER in plain_text:       # the marker split over runs: cut at the run holding its start
                k = body.find("【perfcheck")
            if k >= 0:
                noted.append([sheet_of[name], a.get("ref", ""), None, None, "appended"])
                cut = _cut_marker(body, p, k)
                if cut is not None:
                    sp.replace(m.end() + cut[0], m.end() + cut[1], cut[2])
    cp.commit()
    _drop_note_shapes(pkg, book, [(c[0], c[1]) for c in noted if not _appended(c, noted)])
    # fills: recorded cells that still carry one of perfcheck's colours get their recorded fill back
    cells = rec.get("cells") if rec is not None and isinstance(rec.get("cells"), list) else noted
    if cells:
        _restore_fills(pkg, book, cells)
    # the 校验结果 sheet
    entry = next((s for s in book.sheets if s.name == SHEET_RESULT.zh), None)
    if entry is not None:
        _remove_sheet(pkg, book, entry)


def _cut_marker(body: str, p: str, k: int) -> tuple[int, int, str] | None:
    """In a note's XML ``body`` where :data:`MARKER` starts at ``k``: the splice that removes
    perfcheck's lines (the marker, what follows it, the blank line before it), keeping the rest."""
    close = body.rfind("</" + p + "text>")
    if close < k:
        return None
    t_open = body.rfind("<" + p + "t", 0, k)
    t_text = body.find(">", t_open) + 1 if t_open >= 0 else -1
    start = k
    while start > t_text:
        if body[start - 1] in "\r\n":
            start -= 1
        elif body[start - 5:start] == "&#10;" or body[start - 5:start] == "&#13;":
            start -= 5
        elif body[start - 6:start].lower() == "&#xa;":
            start -= 6
        else:
            break
    run_start = body.rfind("<" + p + "r>", 0, k)
    in_run = run_start > body.rfind("</" + p + "r>", 0, k)
    if t_open < 0:
        return None
    if start <= t_text and in_run:
        return run_start, close, ""                  # the marker begins a run: drop that run and the rest
    return start, close, "</" + p + "t>" + ("</" + p + "r>" if in_run else "")


def _appended(item: list[Any], _noted: list[list[Any]]) -> bool:
    return bool(item[4] == "appended")


def _drop_note_shapes(pkg: Package, book: Book, cells: list[tuple[str, str]]) -> None:
    """Remove the VML note shapes of the notes removed from ``cells`` ((sheet, ref))."""
    by_sheet: dict[str, set[tuple[int, int]]] = {}
    for sheet, ref in cells:
        try:
            r, c = parse_ref(ref.split(":")[0])
        except ValueError:
            continue
        by_sheet.setdefault(sheet, set()).add((r - 1, c - 1))
    cp = _Copy(pkg)
    for sheet, wanted in by_sheet.items():
        entry = book.worksheet(sheet)
        if entry is None or entry.part is None or rels_name(entry.part) not in pkg:
            continue
        for rel in parse_rels(pkg.text(rels_name(entry.part))):
            if rel.type != RT_VML or rel.external:
                continue
            vml = resolve_target(entry.part, rel.target)
            if vml not in pkg:
                continue
            text = pkg.read(vml).decode("utf-8", "replace")
            sp = cp.splicer(vml)
            for m in re.finditer(r"<([\w.-]+:)?shape\b[^>]*>.*?</\1shape>", text, re.S):
                block = m.group(0)
                row = re.search(r"<(?:[\w.-]+:)?Row>\s*(\d+)\s*</(?:[\w.-]+:)?Row>", block)
                col = re.search(r"<(?:[\w.-]+:)?Column>\s*(\d+)\s*</(?:[\w.-]+:)?Column>", block)
                if 'ObjectType="Note"' in block and row and col and (int(row.group(1)), int(col.group(1))) in wanted:
                    sp.replace(m.start(), m.end(), "")
    cp.commit()


def _drop_rel(cp: _Copy, rels_part: str, target_part: str, source: str) -> None:
    if rels_part not in cp.pkg:
        return
    text = cp.pkg.text(rels_part)
    for m in re.finditer(r"<(?:[\w.-]+:)?Relationship(?=[\s/>])[^>]*>", text):
        a = attrs(m.group(0))
        if resolve_target(source, _unescape(a.get("Target", ""))) == target_part:
            cp.splicer(rels_part).replace(m.start(), m.end(), "")
    cp.commit()


def _restore_fills(pkg: Package, book: Book, cells: list[list[Any]]) -> None:
    styles_part = next((resolve_target(book.part, r.target) for r in book.rels if r.type == RT_STYLES), None)
    if styles_part is None or styles_part not in pkg:
        return
    styles = Styles(pkg.text(styles_part))
    by_sheet: dict[str, dict[tuple[int, int], Any]] = {}
    for item in cells:
        if not isinstance(item, list) or len(item) < 5:
            continue
        try:
            by_sheet.setdefault(str(item[0]), {})[parse_ref(str(item[1]))] = item[4]
        except ValueError:
            continue
    cp = _Copy(pkg)
    for sheet, wanted in by_sheet.items():
        entry = book.worksheet(sheet)
        if entry is None or entry.part is None or entry.part not in pkg:
            continue
        scan = SheetScan(pkg.text(entry.part), set(wanted))
        sp = cp.splicer(entry.part)
        for rc, fill_xml in wanted.items():
            cell = scan.cells.get(rc)
            if cell is None:
                continue
            s = attrs(cell.tag).get("s")
            base = int(s) if s and s.isdigit() else 0
            if styles.xf_rgb(base) not in OUR_FILLS:
                continue
            xf = styles.refill_xf(base, fill_xml if isinstance(fill_xml, str) else None)
            sp.replace(cell.start, cell.tag_end, set_attr(cell.tag, "s", str(xf)))
    cp.splicers[styles_part] = styles.finish()
    cp.commit()


def _remove_sheet(pkg: Package, book: Book, entry: SheetEntry) -> None:
    """Remove a sheet from an (edited) workbook: its entry, rels, content type, localSheetIds, app.xml."""
    cp = _Copy(pkg)
    index = book.sheets.index(entry)
    wtext = pkg.text(book.part)
    p = root_prefix(wtext, "workbook")
    sp = cp.splicer(book.part)
    for m in re.finditer("<" + re.escape(p) + r"sheet(?=[\s/>])[^>]*>", wtext):
        if _unescape(attrs(m.group(0)).get("name", "")) == entry.name:
            sp.replace(m.start(), m.end(), "")
    for m in re.finditer("<" + re.escape(p) + r"definedName(?=[\s/>])[^>]*>", wtext):
        span = attr_span(m.group(0), "localSheetId")
        if span is None:
            continue
        v = m.group(0)[span[0]:span[1]]
        if not v.isdigit():
            continue
        if int(v) == index:
            end = element_end(wtext, p, "definedName", m)
            sp.replace(m.start(), end, "")
        elif int(v) > index:
            sp.replace(m.start() + span[0], m.start() + span[1], str(int(v) - 1))
    for m in re.finditer("<" + re.escape(p) + r"workbookView(?=[\s/>])[^>]*>", wtext):
        tag = m.group(0)
        new = tag
        for name in ("activeTab", "firstSheet"):
            span = attr_span(new, name)
            if span is not None and new[span[0]:span[1]].isdigit():
                v2 = int(new[span[0]:span[1]])
                new = new[:span[0]] + str(max(0, v2 - 1) if v2 >= index else v2) + new[span[1]:]
        if new != tag:
            sp.replace(m.start(), m.end(), new)
    cp.commit()
    if entry.part:
        _drop_rel(cp, rels_name(book.part), entry.part, book.part)
        for name in (entry.part, rels_name(entry.part)):
            pkg.remove(name)
        ct = "[Content_Types].xml"
        text = pkg.text(ct)
        over = re.search(r'<(?:[\w.-]+:)?Override[^>]*PartName="/' + re.escape(entry.part) + r'"[^>]*>', text)
        if over is not None:
            pkg.write(ct, text[:over.start()] + text[over.end():])


# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------


def _sniff(src: Path) -> str:
    """"ooxml" for a workbook package, else "calamine" (xls, ods, xlsb)."""
    with src.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(src) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "calamine"
        is_ooxml = "xl/workbook.xml" in names or ("[Content_Types].xml" in names and any(n.startswith("xl/") for n in names))
        if is_ooxml and "xl/workbook.bin" not in names:
            return "ooxml"
    return "calamine"


def copy_bytes(src: Path, report: Report, *, lang: object = "zh", strict: bool = False,
               rules_file: Path | None = None, checked_at: dt.datetime | None = None,
               extra_marks: Sequence[Mark] = ()) -> tuple[bytes, dict[tuple[str, str], str]]:
    """The annotated copy of ``src`` as bytes, and where each finding was marked."""
    if _sniff(src) == "ooxml":
        with src.open("rb") as fh, zipfile.ZipFile(fh) as zf:
            return _copy_from_zip(zf, report, lang=lang, strict=strict, rules_file=rules_file,
                                  checked_at=checked_at, extra_marks=extra_marks)
    from perfcheck.report.convert import values_workbook

    data = values_workbook(src)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return _copy_from_zip(zf, report, lang=lang, strict=strict, rules_file=rules_file,
                              checked_at=checked_at, extra_marks=extra_marks)


def _copy_from_zip(zf: zipfile.ZipFile, report: Report, **kw: Any) -> tuple[bytes, dict[tuple[str, str], str]]:
    pkg = Package.open(zf)
    where = mark_package(pkg, report, **kw)
    buf = io.BytesIO()
    pkg.save(buf)
    return buf.getvalue(), where


def annotate(src: Path, report: Report, dest: Path, *, options: RunOptions | None = None, lang: object = "zh",
             strict: bool = False, rules_file: Path | None = None, checked_at: dt.datetime | None = None,
             protect: Iterable[Path] | ProtectedPaths = (), extra_marks: Sequence[Mark] = ()) -> Path:
    """Write the annotated copy of ``src`` to ``dest`` and return ``dest``.

    ``protect``: further paths that must never be overwritten; ``src`` is always protected.
    ``extra_marks``: further fills (and texts) on cells, e.g. monitoring warning lights.
    Raises :class:`OutputError` when the copy cannot be written (the message says why), and
    :class:`PackageError` for a package that cannot be patched.  With the run's ``options``, the
    language, strictness, rules file and check time are taken from them."""
    if options is not None:
        lang, strict, rules_file, checked_at = options.lang, options.strict, options.rules_file, options.checked_at
    protected = ProtectedPaths.of(protect).plus(src)
    check_target(dest, protected)
    data, _ = copy_bytes(src, report, lang=lang, strict=strict, rules_file=rules_file,
                         checked_at=checked_at, extra_marks=extra_marks)
    write_bytes(dest, data, protected)
    return dest


def target_cell(sheet: str | Any, ref: str) -> str:
    """Where a finding at ``ref`` is marked on a sheet — given as its XML, or as an openpyxl
    worksheet (tests) —: the top-left cell of a range or of the merged region that holds the cell."""
    r, c = parse_ref(ref.split(":")[0])
    if isinstance(sheet, str):
        merges = scan_merges(sheet)
    else:
        merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
    for r0, c0, r1, c1 in merges:
        if r0 <= r <= r1 and c0 <= c <= c1:
            return ref_of(r0, c0)
    return ref_of(r, c)


