"""Zip containers: OOXML (.xlsx/.xlsm) and ODS, checked from the central directory and member heads."""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from perfcheck.config import Limits
from perfcheck.errors import InputError
from perfcheck.safety.limits import (
    _SAVE_AS,
    _SAVE_AS_EN,
    _ZIP_MAGIC,
    HEAD,
    MAX_MEMBERS,
    MAX_PROLOG,
    MAX_SMALL_PART,
    MB,
    MIN_BYTES_PER_CELL,
    RATIO_FLOOR,
    _encrypted,
    _mb,
    _short,
)

# --------------------------------------------------------------------------------------------------
# Zip: OOXML or ODS
# --------------------------------------------------------------------------------------------------

def _corrupt_zip(detail: str = "", detail_en: str = "") -> InputError:
    extra = f"（{detail}）" if detail else ""
    extra_en = f" ({detail_en})" if detail_en else ""
    return InputError(
        "corrupt",
        f"文件已损坏或不完整{extra}，可能是传输中断；请重新保存或重新发送原文件",
        f"the file is damaged or incomplete{extra_en}, perhaps cut off in transfer; save or send it again")


def _zip_entry_count(f: BinaryIO, size: int) -> int:
    """The number of entries the end-of-central-directory record declares (before zipfile parses them all)."""
    tail_len = min(size, 22 + 65535)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise _corrupt_zip("缺少 ZIP 目录", "the zip directory is missing")
    entries = struct.unpack_from("<H", tail, pos + 10)[0]
    if entries == 0xFFFF and pos >= 20 and tail[pos - 20: pos - 16] == b"PK\x06\x07":
        zip64_eocd = struct.unpack_from("<Q", tail, pos - 20 + 8)[0]
        if zip64_eocd + 56 <= size:
            f.seek(zip64_eocd)
            rec = f.read(56)
            if rec[:4] == b"PK\x06\x06":
                return int(struct.unpack_from("<Q", rec, 32)[0])
    return int(entries)


def _too_large(zh: str, en: str) -> InputError:
    return InputError("too-large", f"{zh}，远超任何自评表，拒绝处理（可能是“压缩炸弹”）",
                      f"{en}, far beyond any self-assessment form; refused (possibly a zip bomb)")


def _check_sizes(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _too_large(
                    f"成员 {_short(info.filename)} 的压缩比为 {ratio:.0f}:1（上限 {limits.max_ratio}:1）",
                    f"member {_short(info.filename)} has a compression ratio of {ratio:.0f}:1 "
                    f"(limit {limits.max_ratio}:1)")
    if total > limits.max_uncompressed_mb * MB:
        raise _too_large(f"解压后共 {_mb(total)}（上限 {limits.max_uncompressed_mb} MB）",
                         f"it inflates to {_mb(total)} (limit {limits.max_uncompressed_mb} MB)")


def _check_local_headers(f: BinaryIO, infos: list[zipfile.ZipInfo], size: int) -> None:
    """Each central-directory entry must point at a local header of the same name and sizes: a
    flipped byte in the directory otherwise reads as a different (non-workbook) zip, or a bomb."""
    for info in infos:
        if info.header_offset < 0 or info.header_offset + 30 > size:
            raise _corrupt_zip("ZIP 目录指向文件之外", "the zip directory points past the end")
        f.seek(info.header_offset)
        hdr = f.read(30)
        if hdr[:4] != _ZIP_MAGIC:
            raise _corrupt_zip("ZIP 目录与内容不一致", "the zip directory does not match the content")
        n = struct.unpack_from("<H", hdr, 26)[0]
        raw = f.read(n)
        cd_raw = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", errors="replace")
        if raw != cd_raw and raw.replace(b"\\", b"/") != cd_raw.replace(b"\\", b"/"):
            raise _corrupt_zip("ZIP 目录与内容不一致", "the zip directory does not match the content")
        csize, usize = struct.unpack_from("<II", hdr, 18)
        if (not info.flag_bits & 0x08 and 0xFFFFFFFF not in (csize, usize)
                and (csize, usize) != (info.compress_size, info.file_size)):
            raise _corrupt_zip("ZIP 目录中的大小与内容不一致", "the sizes in the zip directory do not match the content")


def _head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, n: int) -> bytes:
    """At most ``n`` inflated bytes from the start of a member."""
    with zf.open(info) as m:
        return m.read(n)


def _check_zip(f: BinaryIO, size: int, limits: Limits, keep: dict[str, bytes] | None = None) -> str:
    entries = _zip_entry_count(f, size)
    if entries > MAX_MEMBERS:
        raise _too_large(f"压缩包内有 {entries} 个成员（上限 {MAX_MEMBERS}）",
                         f"the archive has {entries} members (limit {MAX_MEMBERS})")
    f.seek(0)
    try:
        zf = zipfile.ZipFile(f)
    except Exception as exc:        # BadZipFile, NotImplementedError (a "version 6.4" byte) ... : damage
        raise _corrupt_zip() from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _too_large(f"压缩包内有 {len(infos)} 个成员（上限 {MAX_MEMBERS}）",
                             f"the archive has {len(infos)} members (limit {MAX_MEMBERS})")
        try:
            _check_local_headers(f, infos, size)
            _check_sizes(infos, limits)
            return _check_package(zf, infos, limits, keep)
        except InputError:
            raise
        except OSError:
            raise
        except Exception as exc:
            # RuntimeError: a zip-level password (not Office encryption); NotImplementedError: an
            # unsupported compression method; the rest: damaged data.
            if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
                raise InputError("encrypted", "压缩包设置了密码，无法读取；请提交未加密的 .xlsx 文件",
                                 "the archive is password protected; send an unencrypted .xlsx") from None
            raise _corrupt_zip() from exc


_CT_KINDS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "xlsm",
    "application/vnd.ms-excel.template.macroenabled.main+xml": "xlsm",
    "application/vnd.ms-excel.sheet.binary.macroenabled.main": "xlsb",
}
_ODS_MIME = (b"application/vnd.oasis.opendocument.spreadsheet",
             b"application/vnd.oasis.opendocument.spreadsheet-template")
_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>", re.I)
_ATTR = re.compile(rb'(\w+)\s*=\s*["\']([^"\']*)["\']')


def _check_package(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits,
                   keep: dict[str, bytes] | None = None) -> str:
    by_name = {i.filename: i for i in infos}
    if "mimetype" in by_name:
        mime = _head(zf, by_name["mimetype"], 200).strip()
        if mime in _ODS_MIME:
            _check_ods(zf, by_name)
            _check_xml_parts(zf, infos)
            _check_ods_span(zf, by_name["content.xml"], limits)
            return "ods"
        if mime.startswith(b"application/vnd.oasis.opendocument."):
            what = mime.decode("ascii", "replace").rsplit(".", 1)[-1]
            raise InputError(
                "not-a-workbook",
                f"这是 OpenDocument {what} 文档，不是电子表格。" + _SAVE_AS,
                f"this is an OpenDocument {what} document, not a spreadsheet; {_SAVE_AS_EN}")
    ct = by_name.get("[Content_Types].xml")
    if ct is not None:
        fmt, part = _ooxml_kind(zf, ct, by_name)
        if fmt is not None:
            if fmt == "xlsb":
                raise InputError(
                    "not-a-workbook",
                    "这是 Excel 二进制工作簿（.xlsb），不受支持。" + _SAVE_AS,
                    f"this is an Excel binary workbook (.xlsb), which is not supported; {_SAVE_AS_EN}")
            if part is None:
                raise _corrupt_zip("缺少 workbook.xml", "workbook.xml is missing")
            # the sheet parts are inflated once, whole, when the caller keeps them for the reader
            inflated: dict[str, bytes] | None = {} if keep is not None else None
            _check_xml_parts(zf, infos, limits, inflated)
            _check_sheets(zf, infos, limits, keep, inflated)
            return fmt
    raise _zip_not_workbook(by_name)


def _ooxml_kind(zf: zipfile.ZipFile, ct: zipfile.ZipInfo,
                by_name: dict[str, zipfile.ZipInfo]) -> tuple[str | None, str | None]:
    """(format, workbook part name) from [Content_Types].xml; (None, None) if it is no workbook."""
    if ct.file_size > MAX_SMALL_PART:
        raise _too_large(f"[Content_Types].xml 有 {_mb(ct.file_size)}", f"[Content_Types].xml is {_mb(ct.file_size)}")
    _check_prolog(zf, ct)
    data = _head(zf, ct, MAX_SMALL_PART)
    for m in _OVERRIDE.finditer(data):
        attrs = {k.lower(): v for k, v in _ATTR.findall(m.group(0))}
        fmt = _CT_KINDS.get(attrs.get(b"contenttype", b"").decode("ascii", "replace").lower())
        if fmt is not None:
            part = attrs.get(b"partname", b"").decode("utf-8", "replace").lstrip("/")
            return fmt, part if part in by_name else None
    if "xl/workbook.xml" in by_name:      # content types without the override: still a workbook
        return "xlsx", "xl/workbook.xml"
    return None, None


def _zip_not_workbook(by_name: dict[str, zipfile.ZipInfo]) -> InputError:
    names = list(by_name)
    if "word/document.xml" in by_name:
        return InputError("not-a-workbook", "这是 Word 文档（.docx），不是 Excel 工作簿",
                          "this is a Word document (.docx), not an Excel workbook")
    if "ppt/presentation.xml" in by_name:
        return InputError("not-a-workbook", "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿",
                          "this is a PowerPoint presentation (.pptx), not an Excel workbook")
    inner = [n for n in names if n.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods", ".et"))]
    if inner:
        return InputError(
            "not-a-workbook",
            f"这是 ZIP 压缩包，内含 {len(inner)} 个工作簿；请解压后分别提交或校验",
            f"this is a zip archive holding {len(inner)} workbook(s); unpack it and check them one by one")
    return InputError("not-a-workbook", f"这是 ZIP 压缩包（{len(names)} 个文件），不是 Excel 工作簿",
                      f"this is a zip archive ({len(names)} files), not an Excel workbook")


def _check_ods(zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo]) -> None:
    manifest = by_name.get("META-INF/manifest.xml")
    if (manifest is not None and manifest.file_size <= MAX_SMALL_PART
            and b"encryption-data" in _head(zf, manifest, MAX_SMALL_PART)):
        raise _encrypted()
    if "content.xml" not in by_name:
        raise _corrupt_zip("缺少 content.xml", "content.xml is missing")


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml")) or name == "[Content_Types].xml"


def _check_xml_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits | None = None,
                     inflated: dict[str, bytes] | None = None) -> None:
    """The prolog of every XML part.  With ``inflated``: a sheet part within the size the sheet
    checks allow is inflated whole here (once), its prolog read from those bytes, and the bytes
    kept for :func:`_check_sheets`; one that does not inflate cleanly is left to those checks."""
    for info in infos:
        if _is_xml_part(info.filename) and info.file_size > 0:
            whole = None
            if (inflated is not None and limits is not None and _SHEET_PART.match(info.filename)
                    and info.file_size // MIN_BYTES_PER_CELL <= limits.max_cells):
                try:
                    whole = zf.read(info)
                except Exception:       # damaged: _check_sheets reads it again and says so, in order
                    whole = None
                else:
                    inflated[info.filename] = whole
            _check_prolog(zf, info, whole)


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, whole: bytes | None = None) -> None:
    """Refuse a DOCTYPE (and so any ENTITY) before the root element of an XML part (``whole``: the
    part already inflated)."""
    data = whole[:HEAD] if whole is not None else _head(zf, info, HEAD)
    if len(data) == HEAD and not _prolog_done(_as_text(data)):
        data = whole[:MAX_PROLOG] if whole is not None else _head(zf, info, MAX_PROLOG)
    text = _as_text(data)
    verdict = _prolog_done(text)
    if verdict is None and len(data) < MAX_PROLOG:
        verdict = True                    # the part ended inside the prolog: malformed, not hostile
    head = text[:HEAD]
    if verdict is False or ("<!" in head and "<!entity" in head.lower()):    # "<!" first: lower() costs
        raise InputError(
            "hostile",
            f"{_short(info.filename)} 含有 DOCTYPE/ENTITY 声明（正常工作簿没有），可能是恶意文件，拒绝处理",
            f"{_short(info.filename)} holds a DOCTYPE/ENTITY declaration (no real workbook does); "
            "possibly malicious, refused")


def _as_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data[: len(data) // 2 * 2].decode("utf-16", errors="replace")
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return data[: len(data) // 2 * 2].decode("utf-16-be", errors="replace")
    if len(data) >= 2 and data[1] == 0 and data[0] != 0:
        return data[: len(data) // 2 * 2].decode("utf-16-le", errors="replace")
    return data.decode("latin-1")         # markup is ASCII in every encoding a workbook part may use


def _prolog_done(text: str) -> bool | None:
    """True: the root element starts with no DOCTYPE before it; False: a DOCTYPE (or ENTITY) comes
    first; None: the prolog goes on past ``text``."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\ufeff\xef\xbb\xbf \t\r\n":
            i += 1
            continue
        if ch != "<":
            return True                   # not XML at all: the parser will say so, harmlessly
        if text.startswith("<?", i):
            j = text.find("?>", i + 2)
            if j < 0:
                return None
            i = j + 2
        elif text.startswith("<!--", i):
            j = text.find("-->", i + 4)
            if j < 0:
                return None
            i = j + 3
        elif text[i + 2: i + 8].upper() in ("DOCTYP", "ENTITY"):
            return False
        elif text.startswith("<!", i):
            return True                   # <![CDATA[ before the root: malformed, the parser says so
        else:
            return True
    return None


_SHEET_PART = re.compile(r"^xl/(?:worksheets|macrosheets|dialogsheets)/[^/]+\.xml$", re.I)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _cells_in(ref: str) -> int | None:
    parts = ref.split(":")
    if len(parts) > 2:
        return None
    coords = []
    for p in parts:
        m = _CELL.match(p)
        if not m:
            return None
        col = 0
        for ch in m.group(1).upper():
            col = col * 26 + ord(ch) - 64
        coords.append((col, int(m.group(2))))
    (c1, r1), (c2, r2) = coords[0], coords[-1]
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)


def _check_sheets(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits,
                  keep: dict[str, bytes] | None = None, inflated: dict[str, bytes] | None = None) -> None:
    """Each sheet part's declared size, dimension and the span of its cells' addresses.  A part is
    inflated once, whole (its size is bounded by then: at most ``max_cells`` × 16 bytes, and the
    members together at most ``max_uncompressed_mb``); ``keep`` receives each part's bytes (part
    name → XML) so that the reader scans the same bytes instead of inflating them again."""
    for info in infos:
        if not _SHEET_PART.match(info.filename):
            continue
        if info.file_size // MIN_BYTES_PER_CELL > limits.max_cells:
            name = _short(info.filename)
            raise _too_large(
                f"工作表 {name} 解压后有 {_mb(info.file_size)}，单元格超过 {limits.max_cells} 个",
                f"sheet {name} inflates to {_mb(info.file_size)}, more than {limits.max_cells} cells")
        data = inflated.pop(info.filename, None) if inflated else None
        if data is None:
            data = zf.read(info)
        m = _DIMENSION.search(data[:HEAD])
        cells = _cells_in(m.group(1).decode("ascii")) if m else None
        if cells is not None and cells > limits.max_cells:
            ref = m.group(1).decode("ascii") if m else ""
            name = _short(info.filename)
            raise _too_large(
                f"工作表 {name} 的范围 {ref} 有 {cells} 个单元格（上限 {limits.max_cells}）",
                f"sheet {name} spans {ref}, {cells} cells (limit {limits.max_cells})")
        _check_span(zf, info, limits, data)
        if keep is not None:
            keep[info.filename] = data


def _tags(zf: zipfile.ZipFile, info: zipfile.ZipInfo, pattern: re.Pattern[bytes]) -> Iterator[re.Match[bytes]]:
    """Matches of ``pattern`` (which must match within one tag) over a member, inflated 1 MB at a time."""
    with zf.open(info) as m:
        rest = b""
        while True:
            chunk = m.read(MB)
            buf = rest + chunk
            if not chunk:
                yield from pattern.finditer(buf)
                return
            cut = buf.rfind(b"<")
            if cut < 0 or len(buf) - cut > 64 * 1024:    # no tag is that long: drop the piece
                cut = len(buf)
            yield from pattern.finditer(buf, 0, cut)
            rest = buf[cut:]


_XLSX_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)\b([^>]*)>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]{0,3})\$?(\d{0,9})[\"']")


def _col_number(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


_FAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,9})"')
# a cell tag written otherwise than ``<c r="A1"`` (no address, another attribute first, white space
# other than one blank, an empty ``<c/>``): the slow path reads those (and any ``:c``, a prefixed tag)
_ODD_CELL = re.compile(rb'<c(?:[>/\t\n\r]| (?!r="[A-Z]{1,3}[0-9]{1,9}"))')
# the same, or an address beyond column Z or row 9999 (or with a leading zero), in one pass: every
# cell tag other than ``<c r="A1"`` with one letter and at most four digits (one test per cell)
_ODD_OR_FAR = re.compile(rb'<c(?:[>/\t\n\r]| (?!r="[A-Z][0-9]{1,4}"))')
_NEAR = (26, 9999)


def _span_fast(data: bytes, max_cells: int) -> tuple[int, int] | None:
    """(max row, max column) bounding the cells when every cell tag is written ``<c r="A1" …>`` -- as
    Excel, WPS, LibreOffice, openpyxl and XlsxWriter write them -- found with C-speed scans; None when
    some cell tag is written otherwise (a prefix, no address, attributes in another order), for the
    slow path.  When no address reaches past column Z or row 9999 and that rectangle is within
    ``max_cells`` (one scan tells), that bound (9999, 26) is returned without reading each address."""
    if b":c" in data:
        return None
    if _NEAR[0] * _NEAR[1] <= max_cells and _ODD_OR_FAR.search(data) is None:
        return _NEAR[1], _NEAR[0]
    if _ODD_CELL.search(data) is not None:
        return None
    found = _FAST_CELL.findall(data)
    if not found:
        return 0, 0
    max_row = max(map(int, {r for _, r in found}))
    max_col = max(_col_number(c) for c in {c for c, _ in found})
    return max_row, max_col


def _check_span(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, data: bytes) -> None:
    """A sheet's used area from A1 to its farthest cell, from the cells' addresses: readers allocate
    that rectangle, so two cells at A1 and CV1000000 would be 100 million cells (calamine aborts the
    process trying).  Rows without cells do not count."""
    fast = _span_fast(data, limits.max_cells)
    if fast is not None:
        max_row, max_col = fast
        if max_row * max_col > limits.max_cells:
            raise _spread_too_far(info, max_row, max_col, limits)
        return
    row = col = max_row = max_col = 0
    for m in _tags(zf, info, _XLSX_TAG):
        r = _R_ATTR.search(b" " + m.group(2))
        if m.group(1) == b"row":
            row = int(r.group(2)) if r and r.group(2) else row + 1
            col = 0
            continue
        if r and r.group(1):
            col = _col_number(r.group(1))
            row = int(r.group(2)) if r.group(2) else row
        else:
            col += 1
        max_row, max_col = max(max_row, row), max(max_col, col)
        if max_row * max_col > limits.max_cells:
            raise _spread_too_far(info, max_row, max_col, limits)



def _spread_too_far(info: zipfile.ZipInfo, max_row: int, max_col: int, limits: Limits) -> InputError:
    """The refusal of a sheet whose cells span more than ``limits.max_cells``."""
    name = _short(info.filename)
    return _too_large(
        f"工作表 {name} 的单元格分布到第 {max_row} 行、第 {max_col} 列（超过 {limits.max_cells} 个单元格）",
        f"sheet {name} has cells as far as row {max_row}, column {max_col} (over {limits.max_cells} cells)")


_ODS_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(table-row|table-cell|covered-table-cell|table)\b([^>]*)>")
_ROWS_REP = re.compile(rb"number-rows-repeated\s*=\s*[\"'](\d{1,12})[\"']")
_COLS_REP = re.compile(rb"number-columns-repeated\s*=\s*[\"'](\d{1,12})[\"']")


def _check_ods_span(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """ODS repeats rows and cells by attribute (``number-rows-repeated="1048576"``): a 1 KB file can
    describe billions of filled cells.  Bound each table's filled area as the readers expand it."""
    row = last_row = width = max_width = col = 0
    row_rep = 1
    for m in _tags(zf, info, _ODS_TAG):
        closing, tag, attrs = m.group(1) == b"/", m.group(2), m.group(3)
        empty_tag = attrs.rstrip().endswith(b"/")
        if tag == b"table":
            if not closing:
                row = last_row = max_width = 0
        elif tag == b"table-row":
            if closing:
                if width:
                    last_row, max_width = row + row_rep, max(max_width, width)
                row += row_rep
            else:
                rm = _ROWS_REP.search(attrs)
                row_rep, col, width = (int(rm.group(1)) if rm else 1), 0, 0
                if empty_tag:
                    row += row_rep
        elif not closing:
            cm = _COLS_REP.search(attrs)
            col += int(cm.group(1)) if cm else 1
            if not empty_tag or b"value-type" in attrs or b"formula" in attrs:
                width = col
        if last_row * max_width > limits.max_cells:
            raise _too_large(
                f"content.xml 中的表格展开后有 {last_row} 行 × {max_width} 列（超过 {limits.max_cells} 个单元格）",
                f"a table in content.xml expands to {last_row} rows × {max_width} columns "
                f"(over {limits.max_cells} cells)")


