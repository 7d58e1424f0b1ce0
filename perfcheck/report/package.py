"""Patching an OOXML package (.xlsx/.xlsm) in place of a load-and-save round trip.

:class:`Package` holds the zip members of a workbook in their order.  A member that is not changed
is written back with its compressed bytes copied as they are (same bytes, same compression, no
inflate/deflate); a changed member is deflated (at once, when it is changed: the package in memory
stays about the size of the file) and keeps its date.
New members go after the existing ones.

Every text change is a splice (:class:`Splicer`): (start, end, replacement) on the member's text.
Applying the splices also yields their inverse in the coordinates of the new text, so a later run
can put the member back byte for byte (``undo``) when it finds it unchanged since it was written.

Only the standard library is used (zipfile, zlib, re, xml.etree for read-only parsing).
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from perfcheck.errors import (
    PackageError as PackageError,  # its home is errors.py; importable from here as before
)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_WORKSHEET = NS_REL + "/worksheet"
RT_COMMENTS = NS_REL + "/comments"
RT_VML = NS_REL + "/vmlDrawing"
RT_STYLES = NS_REL + "/styles"
RT_OFFICE_DOC = NS_REL + "/officeDocument"
RT_CUSTOM_XML = NS_REL + "/customXml"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
COMPRESS_LEVEL = 1                    # deflate level of the members perfcheck rewrites (fast; same method)
NEW_DATE = (1980, 1, 1, 0, 0, 0)      # date of members perfcheck adds (fixed: the same run gives the same bytes)


def esc(text: str) -> str:
    """Text for an XML text node or a double-quoted attribute."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


_XML_BAD = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text safe for XML 1.0: control characters (other than tab, newline) become spaces."""
    return _XML_BAD.sub(" ", text) if _XML_BAD.search(text) is not None else text


# --------------------------------------------------------------------------------------------------
# Splices
# --------------------------------------------------------------------------------------------------


class Splicer:
    """Collects non-overlapping (start, end, text) replacements on one original text."""

    __slots__ = ("edits", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.edits: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, new))

    def insert(self, pos: int, new: str) -> None:
        self.edits.append((pos, pos, new))

    def __bool__(self) -> bool:
        return bool(self.edits)

    def apply(self) -> tuple[str, list[list[Any]]]:
        """(new text, inverse splices [[start in new text, length, original text], ...])."""
        edits = sorted(self.edits, key=lambda e: (e[0], e[1]))
        out: list[str] = []
        inverse: list[list[Any]] = []
        pos = 0
        shift = 0
        for start, end, new in edits:
            if start < pos:
                raise PackageError("overlapping edits")
            out.append(self.text[pos:start])
            out.append(new)
            inverse.append([start + shift, len(new), self.text[start:end]])
            shift += len(new) - (end - start)
            pos = end
        out.append(self.text[pos:])
        return "".join(out), inverse


def undo(text: str, inverse: Iterable[list[Any]]) -> str:
    """Apply the inverse splices of :meth:`Splicer.apply` to the new text: the original text."""
    parts = sorted(inverse, key=lambda e: e[0], reverse=True)
    for start, length, old in parts:
        text = text[:start] + old + text[start + length:]
    return text


# --------------------------------------------------------------------------------------------------
# Small XML helpers (regex over the serialised text; parts are written by many programs, so
# namespace prefixes are looked up, never assumed)
# --------------------------------------------------------------------------------------------------

_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attrs(tag: str) -> dict[str, str]:
    """The attributes of a start tag (values as written, entities not expanded)."""
    return {m.group(1): m.group(2) if m.group(2) is not None else (m.group(3) or "") for m in _ATTR.finditer(tag)}


def attr_span(tag: str, name: str) -> tuple[int, int] | None:
    """(start, end) of the value of attribute ``name`` in a start tag, or None."""
    for m in _ATTR.finditer(tag):
        if m.group(1) == name:
            g = 2 if m.group(2) is not None else 3
            return m.start(g), m.end(g)
    return None


def set_attr(tag: str, name: str, value: str) -> str:
    """The start tag with attribute ``name`` set to ``value`` (added before the end when absent)."""
    span = attr_span(tag, name)
    if span is not None:
        return tag[:span[0]] + value + tag[span[1]:]
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:end].rstrip()} {name}="{value}"{tag[end:]}'


def prefix_of(text: str, ns: str) -> str | None:
    """The prefix (with its colon, "" for the default namespace) bound to ``ns`` on the root element, or None."""
    root = re.search(r"<[A-Za-z_][^>]*>", text)
    if root is None:
        return None
    m = re.search(r'xmlns(?::([\w.-]+))?\s*=\s*["\']' + re.escape(ns) + r'["\']', root.group(0))
    if m is None:
        return None
    return f"{m.group(1)}:" if m.group(1) else ""


def root_prefix(text: str, local: str) -> str:
    m = re.search(r"<([\w.-]+:)?" + local + r"[\s>/]", text)
    return m.group(1) or "" if m else ""


def find_tag(text: str, p: str, local: str, start: int = 0) -> re.Match[str] | None:
    """The first start (or empty-element) tag ``<p:local ...>`` at or after ``start``."""
    return re.compile("<" + re.escape(p) + local + r"(?=[\s/>])[^>]*>").search(text, start)


def element_end(text: str, p: str, local: str, start_tag: re.Match[str]) -> int:
    """The index just after the element whose start tag is ``start_tag`` (not for nested same names)."""
    if start_tag.group(0).endswith("/>"):
        return start_tag.end()
    close = "</" + p + local + ">"
    i = text.find(close, start_tag.end())
    if i < 0:
        raise PackageError(f"unclosed <{local}>")
    return i + len(close)


# --------------------------------------------------------------------------------------------------
# Relationships and content types
# --------------------------------------------------------------------------------------------------


def rels_name(part: str) -> str:
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relative_target(source_part: str, target_part: str) -> str:
    """The target as a relationship of ``source_part`` names it (both are package paths without a
    leading slash): ``xl/worksheets/sheet1.xml`` → ``xl/comments1.xml`` is ``../comments1.xml``."""
    src = [x for x in posixpath.dirname(source_part).split("/") if x]
    dst = target_part.split("/")
    n = 0
    while n < len(src) and n < len(dst) - 1 and src[n] == dst[n]:
        n += 1
    return "/".join([".."] * (len(src) - n) + dst[n:])


@dataclass
class Rel:
    """One relationship of a package part (``_rels/*.rels``)."""

    id: str
    type: str
    target: str
    external: bool


def parse_rels(text: str) -> list[Rel]:
    out: list[Rel] = []
    for m in re.finditer(r"<(?:[\w.-]+:)?Relationship(?=[\s/>])[^>]*>", text):
        a = attrs(m.group(0))
        out.append(Rel(a.get("Id", ""), a.get("Type", ""), _unesc(a.get("Target", "")), a.get("TargetMode") == "External"))
    return out


def _unesc(s: str) -> str:
    return unescape(s) if "&" in s else s


def new_rel_id(existing: Iterable[str], stem: str = "rIdPc") -> str:
    taken = set(existing)
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def add_rel(sp: Splicer, rid: str, rtype: str, target: str) -> None:
    """Append a Relationship to a rels part being spliced."""
    text = sp.text
    p = root_prefix(text, "Relationships")
    close = text.rfind("</" + p + "Relationships>")
    elem = f'<{p}Relationship Id="{esc(rid)}" Type="{rtype}" Target="{esc(target)}"/>'
    if close < 0:
        m = find_tag(text, p, "Relationships")
        if m is None or not m.group(0).endswith("/>"):
            raise PackageError("bad relationships part")
        sp.replace(m.start(), m.end(), m.group(0)[:-2].rstrip() + ">" + elem + f"</{p}Relationships>")
    else:
        sp.insert(close, elem)


def new_rels_text(rels: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{esc(i)}" Type="{t}" Target="{esc(g)}"/>' for i, t, g in rels)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>')


def content_types(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults: extension → type, overrides: part name (no leading /) → type)."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for m in re.finditer(r"<(?:[\w.-]+:)?(Default|Override)(?=[\s/>])[^>]*>", text):
        a = attrs(m.group(0))
        if m.group(1) == "Default":
            defaults[a.get("Extension", "").lower()] = a.get("ContentType", "")
        else:
            overrides[_unesc(a.get("PartName", "")).lstrip("/")] = a.get("ContentType", "")
    return defaults, overrides


# --------------------------------------------------------------------------------------------------
# The package
# --------------------------------------------------------------------------------------------------


@dataclass
class Member:
    """One zip member of the copy being written: the input's entry copied raw, or new contents."""

    name: str
    info: zipfile.ZipInfo | None = None     # the input's entry (copied raw while ``z`` is None)
    z: bytes | None = None                  # new contents, deflated (raw stream) at once: memory stays small
    crc: int = 0
    size: int = 0
    added: bool = False


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _inflate(z: bytes) -> bytes:
    return zlib.decompress(z, -15)


@dataclass
class Package:
    """The members of one workbook package, in order; read lazily from the open input zip."""

    zf: zipfile.ZipFile
    members: dict[str, Member] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, zf: zipfile.ZipFile) -> Package:
        pkg = cls(zf)
        for info in zf.infolist():
            if info.is_dir() or info.filename in pkg.members:
                continue
            if info.flag_bits & 0x1:
                raise PackageError("encrypted member")
            pkg.members[info.filename] = Member(info.filename, info)
            pkg.order.append(info.filename)
        return pkg

    def __contains__(self, name: object) -> bool:
        return name in self.members

    def read(self, name: str) -> bytes:
        m = self.members[name]
        if m.z is not None:
            return _inflate(m.z)
        assert m.info is not None
        return self.zf.read(m.info)

    def text(self, name: str) -> str:
        data = self.read(name)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PackageError(f"{name}: not UTF-8") from exc

    def write(self, name: str, data: bytes | str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        crc = zlib.crc32(raw) & 0xFFFFFFFF
        m = self.members.get(name)
        if m is None:
            m = self.members[name] = Member(name, None, added=True)
            self.order.append(name)
        elif m.info is not None and crc == m.info.CRC and m.info.file_size == len(raw) \
                and raw == self.zf.read(m.info):
            m.z = None          # the original bytes after all: keep copying them as they are
            return
        m.z, m.crc, m.size = _deflate(raw), crc, len(raw)

    def remove(self, name: str) -> None:
        if name in self.members:
            del self.members[name]
            self.order.remove(name)

    def changed(self, name: str) -> bool:
        return self.members[name].z is not None

    def crc_size(self, name: str) -> tuple[int, int]:
        m = self.members[name]
        if m.z is None:
            assert m.info is not None
            return m.info.CRC, m.info.file_size
        return m.crc, m.size

    def save(self, fh: Any) -> None:
        """Write the package to the binary file object ``fh`` (seekable)."""
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
            for name in self.order:
                m = self.members[name]
                if m.z is None:
                    assert m.info is not None
                    self._copy_raw(out, m.info)
                    continue
                info = zipfile.ZipInfo(name, m.info.date_time if m.info is not None else NEW_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.CRC, info.file_size, info.compress_size = m.crc, m.size, len(m.z)
                info.external_attr = 0o600 << 16
                info.create_system = 0
                info.create_version = info.extract_version = 20
                self._put(out, info, m.z)

    def _put(self, out: zipfile.ZipFile, info: zipfile.ZipInfo, raw: bytes) -> None:
        """Write one member's compressed bytes (CPython zipfile internals, as ``_copy_raw``)."""
        zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
        ofp = out.fp
        assert ofp is not None
        info.header_offset = ofp.tell()
        ofp.write(info.FileHeader(zip64))
        ofp.write(raw)
        out.filelist.append(info)
        out.NameToInfo[info.filename] = info
        out.start_dir = ofp.tell()
        out._didModify = True  # type: ignore[attr-defined]

    def _copy_raw(self, out: zipfile.ZipFile, src: zipfile.ZipInfo) -> None:
        """Copy one member's compressed bytes as they are (CPython zipfile internals, guarded)."""
        fp = self.zf.fp
        if fp is None:
            raise PackageError("input closed")
        fp.seek(src.header_offset)
        head = fp.read(30)
        if len(head) != 30 or head[:4] != b"PK\x03\x04":
            raise PackageError(f"{src.filename}: bad local header")
        n, m = struct.unpack("<HH", head[26:30])
        fp.seek(src.header_offset + 30 + n + m)
        raw = fp.read(src.compress_size)
        if len(raw) != src.compress_size:
            raise PackageError(f"{src.filename}: truncated")
        info = zipfile.ZipInfo(src.filename, src.date_time)
        info.compress_type = src.compress_type
        info.CRC = src.CRC
        info.compress_size = src.compress_size
        info.file_size = src.file_size
        info.flag_bits = src.flag_bits & 0x800          # keep the UTF-8 name flag only
        info.external_attr = src.external_attr
        info.create_system = src.create_system
        info.create_version = src.create_version
        info.extract_version = max(src.extract_version, 20)
        info.internal_attr = src.internal_attr
        info.comment = src.comment
        self._put(out, info, raw)
