"""perfcheck/report/package.py: the zip and XML patching under the annotated copy (test_copy checks the
copies it makes; here each piece on its own, with exact results)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from perfcheck.errors import PackageError
from perfcheck.report.package import (
    Package,
    Splicer,
    add_rel,
    attrs,
    content_types,
    element_end,
    esc,
    find_tag,
    new_rel_id,
    parse_rels,
    prefix_of,
    relative_target,
    rels_name,
    resolve_target,
    set_attr,
    undo,
    xml_text,
)


def test_escaping() -> None:
    assert esc('a<b>&"c"') == "a&lt;b&gt;&amp;&quot;c&quot;"
    assert esc("项目1") == "项目1"
    assert xml_text("a\x00b\x1fc\td\ne\ufffe") == "a b c\td\ne "


def test_splices_apply_and_undo_exactly() -> None:
    text = '<row r="6"><c r="E6" s="3"><v>54</v></c></row>'
    sp = Splicer(text)
    assert not sp
    sp.replace(text.index('"3"') + 1, text.index('"3"') + 2, "17")
    sp.insert(text.index("</row>"), '<c r="F6"/>')
    sp.insert(0, "<!-- x -->")
    new, inverse = sp.apply()
    assert new == '<!-- x --><row r="6"><c r="E6" s="17"><v>54</v></c><c r="F6"/></row>'
    assert inverse == [[0, 10, ""], [text.index('"3"') + 11, 2, "3"], [new.index('<c r="F6"/>'), 11, ""]]
    assert undo(new, inverse) == text
    bad = Splicer("abcdef")
    bad.replace(1, 4, "x")
    bad.replace(2, 3, "y")
    with pytest.raises(PackageError, match="overlapping"):
        bad.apply()


def test_attributes_and_prefixes() -> None:
    tag = """<x:c r="E6" s='3' t="s">"""
    assert attrs(tag) == {"r": "E6", "s": "3", "t": "s"}
    assert set_attr(tag, "s", "17") == """<x:c r="E6" s='17' t="s">"""
    assert set_attr('<c r="E6"/>', "s", "4") == '<c r="E6" s="4"/>'
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    assert prefix_of(f'<?xml version="1.0"?><x:worksheet xmlns:x="{ns}"><x:c/></x:worksheet>', ns) == "x:"
    assert prefix_of(f'<worksheet xmlns="{ns}"/>', ns) == ""
    assert prefix_of('<worksheet xmlns="urn:other"/>', ns) is None
    text = '<x:sheetData><x:row r="1"><x:c r="A1"/><x:c r="B1"><x:v>1</x:v></x:c></x:row></x:sheetData>'
    first = find_tag(text, "x:", "c")
    assert first is not None and first.group(0) == '<x:c r="A1"/>' and element_end(text, "x:", "c", first) == first.end()
    second = find_tag(text, "x:", "c", first.end())
    assert second is not None and text[second.start():element_end(text, "x:", "c", second)] == '<x:c r="B1"><x:v>1</x:v></x:c>'
    assert find_tag(text, "x:", "col") is None             # <x:c> is not <x:col>, nor the reverse


def test_relationship_paths() -> None:
    assert rels_name("xl/worksheets/sheet1.xml") == "xl/worksheets/_rels/sheet1.xml.rels"
    assert resolve_target("xl/worksheets/sheet1.xml", "../comments1.xml") == "xl/comments1.xml"
    assert resolve_target("xl/workbook.xml", "/xl/worksheets/sheet2.xml") == "xl/worksheets/sheet2.xml"
    assert relative_target("xl/worksheets/sheet1.xml", "xl/comments1.xml") == "../comments1.xml"
    assert relative_target("xl/workbook.xml", "xl/worksheets/sheet1.xml") == "worksheets/sheet1.xml"
    assert relative_target("xl/worksheets/sheet1.xml", "customXml/item1.xml") == "../../customXml/item1.xml"


def test_relationships_read_and_added() -> None:
    text = ('<Relationships xmlns="x"><Relationship Id="rId1" Type="t/sheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rIdPc1" Type="t/link" Target="a&amp;b.xlsx" TargetMode="External"/></Relationships>')
    rels = parse_rels(text)
    assert [(r.id, r.target, r.external) for r in rels] == [("rId1", "worksheets/sheet1.xml", False),
                                                             ("rIdPc1", "a&b.xlsx", True)]
    assert new_rel_id(r.id for r in rels) == "rIdPc2"
    sp = Splicer(text)
    add_rel(sp, "rIdPc2", "t/comments", "../comments1.xml")
    assert sp.apply()[0].endswith('<Relationship Id="rIdPc2" Type="t/comments" Target="../comments1.xml"/>'
                                  "</Relationships>")
    empty = Splicer('<r:Relationships xmlns:r="x"/>')
    add_rel(empty, "rId1", "t", "a.xml")
    assert empty.apply()[0] == '<r:Relationships xmlns:r="x"><r:Relationship Id="rId1" Type="t" Target="a.xml"/></r:Relationships>'


def test_content_types() -> None:
    text = ('<Types><Default Extension="XML" ContentType="application/xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="ws"/></Types>')
    assert content_types(text) == ({"xml": "application/xml"}, {"xl/worksheets/sheet1.xml": "ws"})


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/a.xml", "<a>项目</a>")
        z.writestr("xl/b.bin", b"\x00\x01" * 100, zipfile.ZIP_STORED)
    return path


def test_package_rewrites_only_what_changed(tmp_path: Path) -> None:
    src = _zip(tmp_path / "in.xlsx")
    with zipfile.ZipFile(src) as zf:
        pkg = Package.open(zf)
        assert "xl/a.xml" in pkg and pkg.text("xl/a.xml") == "<a>项目</a>"
        pkg.write("xl/a.xml", "<a>项目</a>")                 # the same bytes: still copied raw
        assert not pkg.changed("xl/a.xml")
        pkg.write("[Content_Types].xml", "<Types><x/></Types>")
        pkg.write("customXml/item1.xml", "<r/>")
        pkg.remove("xl/b.bin")
        assert pkg.changed("[Content_Types].xml") and pkg.crc_size("customXml/item1.xml")[1] == 4
        buf = io.BytesIO()
        pkg.save(buf)
        original = {i.filename: i for i in zf.infolist()}
        raw_a = _raw(src, original["xl/a.xml"])
    with zipfile.ZipFile(buf) as out:
        assert out.namelist() == ["[Content_Types].xml", "xl/a.xml", "customXml/item1.xml"]
        assert out.read("[Content_Types].xml") == b"<Types><x/></Types>" and out.read("customXml/item1.xml") == b"<r/>"
        assert out.testzip() is None
        info = out.getinfo("xl/a.xml")
        assert (info.CRC, info.compress_size, info.date_time) == (original["xl/a.xml"].CRC,
                                                                   original["xl/a.xml"].compress_size,
                                                                   original["xl/a.xml"].date_time)
        assert out.getinfo("customXml/item1.xml").date_time == (1980, 1, 1, 0, 0, 0)
    assert _raw_bytes(buf.getvalue(), "xl/a.xml") == raw_a          # the compressed bytes themselves


def _raw(path: Path, info: zipfile.ZipInfo) -> bytes:
    return _raw_bytes(path.read_bytes(), info.filename)


def _raw_bytes(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    head = data[info.header_offset:info.header_offset + 30]
    n, m = int.from_bytes(head[26:28], "little"), int.from_bytes(head[28:30], "little")
    start = info.header_offset + 30 + n + m
    return data[start:start + info.compress_size]


def test_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    src = _zip(tmp_path / "in.xlsx")
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        infos = z.infolist()
    for info in infos:                              # set the "encrypted" bit in both headers
        data[info.header_offset + 6] |= 1
    cd = data.rfind(b"PK\x05\x06")
    offset = int.from_bytes(data[cd + 16:cd + 20], "little")
    while data[offset:offset + 4] == b"PK\x01\x02":
        data[offset + 8] |= 1
        n, m, k = (int.from_bytes(data[offset + i:offset + i + 2], "little") for i in (28, 30, 32))
        offset += 46 + n + m + k
    bad = tmp_path / "enc.xlsx"
    bad.write_bytes(bytes(data))
    with zipfile.ZipFile(bad) as zf, pytest.raises(PackageError, match="encrypted member"):
        Package.open(zf)
