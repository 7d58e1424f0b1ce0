"""Bad and hostile input: decide what a file really is before anything parses it.

``precheck(path, limits)`` looks at the bytes (never the extension) and returns ``"xlsx"``,
``"xlsm"``, ``"xls"`` or ``"ods"``, or raises :class:`~perfcheck.errors.InputError` with a stable
``kind`` and a one-line Chinese and English reason:

=================  ============================================================================
kind               when
=================  ============================================================================
unreadable         missing, a folder, a device, or no permission to read
empty              zero bytes
not-a-workbook     text / CSV / HTML / Excel 2003 XML / PDF / Word / a plain zip ... saved as .xls(x)
corrupt            a zip or OLE file that is cut short or damaged
encrypted          password protected (OOXML in a CFB container, xls FILEPASS, encrypted ODS)
too-large          over a limit of :class:`~perfcheck.config.Limits`: file size, total inflated size,
                   compression ratio (zip bomb), member count, cells in one sheet
hostile            a DOCTYPE / ENTITY in a workbook XML part (billion laughs, XXE)
=================  ============================================================================

Everything is decided from the zip central directory, the CFB header and directory, and at most a
few KB read from the start of individual members: nothing is inflated in full.  An .xls is the
exception: its Workbook stream (no larger than the file) is read and its BIFF record headers walked
once, for FILEPASS, DIMENSIONS and the cell addresses.

Output names (``safe_output_path``) live in :mod:`perfcheck.outputs`.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from perfcheck.config import Limits
from perfcheck.errors import InputError

__all__ = ["precheck", "MAX_MEMBERS"]

MB = 1024 * 1024
MAX_MEMBERS = 10_000            # a real workbook has tens of parts, a large one a few hundred
RATIO_FLOOR = 1 * MB            # the ratio limit applies to members that inflate above this
MIN_BYTES_PER_CELL = 16         # `<c r="A1" s="1"/>`: a sheet part's size bounds its cell count
HEAD = 4096                     # bytes read from the start of a member
MAX_PROLOG = 64 * 1024          # a real XML prolog is under 200 bytes
MAX_SMALL_PART = 1 * MB         # [Content_Types].xml, manifest.xml: read whole only if at most this

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SAVE_AS = "请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（.xlsx）再提交"
_SAVE_AS_EN = "open it in Excel or WPS and save it as an Excel workbook (.xlsx)"


# --------------------------------------------------------------------------------------------------
# precheck
# --------------------------------------------------------------------------------------------------

def precheck(path: Path, limits: Limits) -> str:
    """The workbook format of ``path`` from its content: "xlsx" | "xlsm" | "xls" | "ods".

    Raises InputError (kinds: unreadable, empty, not-a-workbook, corrupt, encrypted, too-large,
    hostile) for anything else, before any parser sees the file."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("unreadable", "文件不存在", "file not found") from None
    except OSError as exc:
        raise InputError("unreadable", f"无法访问文件（{_oserr(exc)}）",
                         f"cannot access the file ({_oserr(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("unreadable", "这是一个文件夹，不是文件", "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("unreadable", "不是普通文件（设备、管道或套接字）",
                         "not a regular file (a device, pipe or socket)")
    if st.st_size == 0:
        raise InputError("empty", "文件是空的（0 字节），可能上传或下载未完成",
                         "the file is empty (0 bytes); the upload or download may not have finished")
    if st.st_size > limits.max_file_mb * MB:
        raise InputError(
            "too-large",
            f"文件过大（{_mb(st.st_size)}，上限 {limits.max_file_mb} MB），远超任何自评表",
            f"the file is too large ({_mb(st.st_size)}, limit {limits.max_file_mb} MB) for a self-assessment form")
    try:
        with path.open("rb") as f:
            head = f.read(8192)
            if head.startswith(_ZIP_MAGIC):
                return _check_zip(f, st.st_size, limits)
            if head.startswith(_OLE_MAGIC):
                return _check_ole(f, st.st_size, limits)
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件（{_oserr(exc)}）",
                         f"cannot read the file ({_oserr(exc)})") from None
    raise _not_a_workbook(head)


def _oserr(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


# --------------------------------------------------------------------------------------------------
# Neither zip nor OLE: say what it looks like
# --------------------------------------------------------------------------------------------------

_BINARY_MAGICS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip file"),
    (b"{\\rtf", "RTF 文档", "an RTF document"),
    (b"PK\x05\x06", "空的 ZIP 压缩包", "an empty zip archive"),
    (b"\x09\x08", "旧版 Excel（BIFF2-4）文件，不受支持", "an old Excel (BIFF2-4) file, not supported"),
)


def _decode_text(head: bytes) -> str | None:
    """The head as text if it is text (UTF-8/16 with or without BOM, GB18030), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    elif head[:2].count(0) == 1 and len(head) >= 4:
        enc = "utf-16-le" if head[1] == 0 else "utf-16-be"
    else:
        enc = ""
    if enc:
        sample = head[: len(head) // 2 * 2]
        try:
            return sample.decode(enc, errors="strict")
        except UnicodeDecodeError:
            return sample.decode(enc, errors="replace")
    if b"\x00" in head:
        return None
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:           # a character cut at the end of the sample
                return head[: exc.start].decode(codec, errors="replace")
    return None


def _looks_like_csv(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    if len(lines) < 2:
        return False
    for sep in (",", "\t", ";"):
        counts = [ln.count(sep) for ln in lines[:-1] or lines]  # the last line may be cut short
        if counts and min(counts) >= 1 and max(counts) - min(counts) <= max(2, max(counts) // 4):
            return True
    return False


def _not_a_workbook(head: bytes) -> InputError:
    for magic, zh, en in _BINARY_MAGICS:
        if head.startswith(magic):
            return InputError("not-a-workbook", f"不是 Excel 工作簿，而是{zh}", f"not an Excel workbook but {en}")
    text = _decode_text(head)
    if text is None:
        return InputError("not-a-workbook", "不是 Excel 工作簿（无法识别的文件格式）。" + _SAVE_AS,
                          f"not an Excel workbook (unrecognised format); {_SAVE_AS_EN}")
    low = text.lstrip("\ufeff \t\r\n").lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low or 'progid="excel.sheet"' in low:
        return InputError(
            "not-a-workbook",
            "这是 Excel 2003 XML 表格，不是工作簿文件。" + _SAVE_AS,
            f"this is an Excel 2003 XML spreadsheet, not a workbook file; {_SAVE_AS_EN}")
    if (low.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body", "<style"))
            or low.startswith("mime-version:") or "<html" in low[:2048] or "<table" in low[:4096]):
        return InputError(
            "not-a-workbook",
            "这是网页（HTML）文件，只是扩展名为 Excel（常见于业务系统“导出 Excel”）。" + _SAVE_AS,
            f"this is a web page (HTML) with an Excel file name (common in 'export to Excel' from web systems); {_SAVE_AS_EN}")
    if low.startswith("<?xml") or low.startswith("<"):
        return InputError("not-a-workbook", "这是 XML 文本，不是 Excel 工作簿。" + _SAVE_AS,
                          f"this is XML text, not an Excel workbook; {_SAVE_AS_EN}")
    if _looks_like_csv(text):
        return InputError(
            "not-a-workbook",
            "这是 CSV（逗号或制表符分隔的文本），不是 Excel 工作簿。" + _SAVE_AS,
            f"this is CSV (comma- or tab-separated text), not an Excel workbook; {_SAVE_AS_EN}")
    return InputError("not-a-workbook", "这是纯文本文件，不是 Excel 工作簿。" + _SAVE_AS,
                      f"this is a plain text file, not an Excel workbook; {_SAVE_AS_EN}")


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


def _short(name: str) -> str:
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    return name if len(name) <= 60 else name[:57] + "..."


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


def _check_zip(f: BinaryIO, size: int, limits: Limits) -> str:
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
            return _check_package(zf, infos, limits)
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


def _check_package(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> str:
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
            _check_xml_parts(zf, infos)
            _check_sheets(zf, infos, limits)
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


def _check_xml_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if _is_xml_part(info.filename) and info.file_size > 0:
            _check_prolog(zf, info)


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a DOCTYPE (and so any ENTITY) before the root element of an XML part."""
    data = _head(zf, info, HEAD)
    if len(data) == HEAD and not _prolog_done(_as_text(data)):
        data = _head(zf, info, MAX_PROLOG)
    text = _as_text(data)
    verdict = _prolog_done(text)
    if verdict is None and len(data) < MAX_PROLOG:
        verdict = True                    # the part ended inside the prolog: malformed, not hostile
    if verdict is False or "<!entity" in text[:HEAD].lower():
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


def _check_sheets(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    for info in infos:
        if not _SHEET_PART.match(info.filename):
            continue
        name = _short(info.filename)
        if info.file_size // MIN_BYTES_PER_CELL > limits.max_cells:
            raise _too_large(
                f"工作表 {name} 解压后有 {_mb(info.file_size)}，单元格超过 {limits.max_cells} 个",
                f"sheet {name} inflates to {_mb(info.file_size)}, more than {limits.max_cells} cells")
        m = _DIMENSION.search(_head(zf, info, HEAD))
        cells = _cells_in(m.group(1).decode("ascii")) if m else None
        if cells is not None and cells > limits.max_cells:
            ref = m.group(1).decode("ascii") if m else ""
            raise _too_large(
                f"工作表 {name} 的范围 {ref} 有 {cells} 个单元格（上限 {limits.max_cells}）",
                f"sheet {name} spans {ref}, {cells} cells (limit {limits.max_cells})")
        _check_span(zf, info, limits)


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


def _span_fast(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """(max row, max column) when every cell tag is written ``<c r="A1" …>`` -- as Excel, WPS,
    LibreOffice, openpyxl and XlsxWriter write them -- found with C-speed scans; None when some cell
    tag is written otherwise (a prefix, no address, attributes in another order), for the slow path."""
    max_row = max_col = 0
    letters: set[bytes] = set()
    with zf.open(info) as m:
        rest = b""
        while True:
            chunk = m.read(MB)
            buf = rest + chunk
            cut = len(buf) if not chunk else buf.rfind(b"<")
            if cut < 0 or len(buf) - cut > 64 * 1024:
                cut = len(buf)
            part = buf[:cut]
            found = _FAST_CELL.findall(part)
            if len(found) != part.count(b"<c ") + part.count(b"<c>") or b":c " in part or b":c>" in part:
                return None
            if found:
                letters.update(c for c, _ in found)
                max_row = max(max_row, max(map(int, (r for _, r in found))))
            if not chunk:
                break
            rest = buf[cut:]
    if letters:
        max_col = max(_col_number(c) for c in letters)
    return max_row, max_col


def _check_span(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """A sheet's used area from A1 to its farthest cell, from the cells' addresses: readers allocate
    that rectangle, so two cells at A1 and CV1000000 would be 100 million cells (calamine aborts the
    process trying).  Rows without cells do not count."""
    fast = _span_fast(zf, info)
    if fast is not None:
        max_row, max_col = fast
        if max_row * max_col > limits.max_cells:
            name = _short(info.filename)
            raise _too_large(
                f"工作表 {name} 的单元格分布到第 {max_row} 行、第 {max_col} 列（超过 {limits.max_cells} 个单元格）",
                f"sheet {name} has cells as far as row {max_row}, column {max_col} "
                f"(over {limits.max_cells} cells)")
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
            name = _short(info.filename)
            raise _too_large(
                f"工作表 {name} 的单元格分布到第 {max_row} 行、第 {max_col} 列（超过 {limits.max_cells} 个单元格）",
                f"sheet {name} has cells as far as row {max_row}, column {max_col} "
                f"(over {limits.max_cells} cells)")


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


# --------------------------------------------------------------------------------------------------
# OLE2 / CFB: xls, encrypted OOXML, or something else
# --------------------------------------------------------------------------------------------------

_ENDOFCHAIN = 0xFFFFFFFE
_MAXREGSECT = 0xFFFFFFFA
_MAX_DIR_ENTRIES = 4096


def _encrypted() -> InputError:
    return InputError(
        "encrypted",
        "工作簿设置了打开密码，无法读取；请在 Excel/WPS 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空）后另存再提交",
        "the workbook is password protected; remove the password in Excel/WPS "
        "(File → Info → Protect Workbook → Encrypt with Password, clear it) and save it again")


def _corrupt_ole() -> InputError:
    return InputError("corrupt", "文件已损坏（OLE 复合文档结构错误），请重新保存或重新发送原文件",
                      "the file is damaged (broken OLE compound document); save or send it again")


class _Cfb:
    """A minimal, bounded reader of a Compound File Binary: its directory and a stream's first bytes."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f, self.size = f, size
        f.seek(0)
        hdr = f.read(512)
        if len(hdr) < 512:
            raise _corrupt_ole()
        shift = struct.unpack_from("<H", hdr, 0x1E)[0]
        if shift not in (9, 12):
            raise _corrupt_ole()
        self.ssz = 1 << shift
        n_fat, first_dir = struct.unpack_from("<II", hdr, 0x2C)
        self.first_minifat, self.n_minifat = struct.unpack_from("<II", hdr, 0x3C)
        first_difat, n_difat = struct.unpack_from("<II", hdr, 0x44)
        self.n_sectors = max(0, (size - self.ssz) // self.ssz + (1 if (size - self.ssz) % self.ssz else 0))
        fat_sectors = [s for s in struct.unpack_from("<109I", hdr, 0x4C) if s <= _MAXREGSECT]
        sect, hops = first_difat, 0
        per = self.ssz // 4 - 1
        while sect <= _MAXREGSECT and hops < min(n_difat, 1000) and len(fat_sectors) < n_fat:
            block = self._sector(sect)
            ids = struct.unpack_from(f"<{per + 1}I", block)
            fat_sectors.extend(s for s in ids[:per] if s <= _MAXREGSECT)
            sect, hops = ids[per], hops + 1
        fat_sectors = fat_sectors[: max(n_fat, 0)]
        self.fat: list[int] = []
        for s in fat_sectors:
            self.fat.extend(struct.unpack(f"<{self.ssz // 4}I", self._sector(s)))
        self.entries: list[tuple[str, int, int, int]] = []   # name, type, start, size
        for block in self._chain(first_dir, limit=_MAX_DIR_ENTRIES * 128 // self.ssz):
            for off in range(0, self.ssz, 128):
                e = block[off: off + 128]
                nlen = min(struct.unpack_from("<H", e, 0x40)[0], 64)
                etype = e[0x42]
                if etype == 0:
                    continue
                name = e[: max(nlen - 2, 0)].decode("utf-16-le", errors="replace")
                start = struct.unpack_from("<I", e, 0x74)[0]
                sz = struct.unpack_from("<Q", e, 0x78)[0] & (0xFFFFFFFF if self.ssz == 512 else -1)
                self.entries.append((name, etype, start, sz))
        if not self.entries or self.entries[0][1] != 5:
            raise _corrupt_ole()

    def _sector(self, sect: int) -> bytes:
        off = (sect + 1) * self.ssz
        if sect > _MAXREGSECT or off + self.ssz > self.size + self.ssz - 1:
            raise _corrupt_ole()
        self.f.seek(off)
        data = self.f.read(self.ssz)
        if not data:
            raise _corrupt_ole()
        return data.ljust(self.ssz, b"\0")

    def _chain(self, start: int, limit: int) -> list[bytes]:
        out: list[bytes] = []
        sect = start
        while sect != _ENDOFCHAIN and len(out) < limit:
            if sect >= len(self.fat) or sect > _MAXREGSECT:
                raise _corrupt_ole()
            out.append(self._sector(sect))
            sect = self.fat[sect]
        return out

    def names(self) -> set[str]:
        return {e[0].lower() for e in self.entries[1:]}

    def streams(self, *names: str) -> Iterator[tuple[str, bytearray]]:
        """The whole content of each stream called one of ``names`` (any case), from regular sectors
        or the mini stream.  A stream cannot be larger than the file that holds it: a size that
        says so is damage (and readers allocate the declared size up front)."""
        wanted = {n.lower() for n in names}
        for ename, etype, start, size in self.entries[1:]:
            if etype != 2 or ename.lower() not in wanted:
                continue
            if size > self.size:
                raise _corrupt_ole()
            yield ename, (self._mini(start, size) if size < _MINI_CUTOFF else self._regular(start, size))

    def _regular(self, start: int, size: int) -> bytearray:
        out = bytearray()
        sect = start
        while sect != _ENDOFCHAIN and len(out) < size:
            if sect >= len(self.fat) or sect > _MAXREGSECT:
                raise _corrupt_ole()
            out += self._sector(sect)
            sect = self.fat[sect]
        del out[size:]
        return out

    def _mini(self, start: int, size: int) -> bytearray:
        """A stream under 4096 bytes: 64-byte sectors of the root entry's stream, chained by the mini FAT."""
        _, _, root_start, root_size = self.entries[0]
        container: list[int] = []              # the root stream's sectors, in order (no reading)
        sect, cap = root_start, min(-(-root_size // self.ssz), self.n_sectors)
        while sect != _ENDOFCHAIN and len(container) < cap:
            if sect >= len(self.fat) or sect > _MAXREGSECT:
                raise _corrupt_ole()
            container.append(sect)
            sect = self.fat[sect]
        raw = b"".join(self._chain(self.first_minifat, limit=min(self.n_minifat, self.n_sectors)))
        minifat = struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4])
        out = bytearray()
        sect = start
        while sect != _ENDOFCHAIN and len(out) < size:       # at most 64 mini sectors
            if sect >= len(minifat):
                raise _corrupt_ole()
            idx, within = divmod(sect * _MINI_SECTOR, self.ssz)
            if idx >= len(container):
                raise _corrupt_ole()
            self.f.seek((container[idx] + 1) * self.ssz + within)
            out += self.f.read(_MINI_SECTOR).ljust(_MINI_SECTOR, b"\0")
            sect = minifat[sect]
        del out[size:]
        return out


_MINI_CUTOFF = 4096
_MINI_SECTOR = 64

_BOF = 0x0809
_EOF = 0x000A
_FILEPASS = 0x002F
_BOUNDSHEET = 0x0085
_DIMENSIONS = 0x0200
_ROW = 0x0208
_MULRK, _MULBLANK = 0x00BD, 0x00BE
# row (u16), column (u16) first: FORMULA, BLANK, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING
_XLS_CELLS = frozenset({0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6})
_XLS_RECORDS_FLOOR = 1_000_000     # records walked in all, on top of two per allowed cell


def _xls_too_large(zh: str, en: str) -> InputError:
    return InputError("too-large", f"{zh}，远超任何自评表，拒绝处理（文件可能已损坏或被篡改）",
                      f"{en}, far beyond any self-assessment form; refused (the file may be damaged or crafted)")


def _sheet_name(data: bytes | bytearray, body: int, rlen: int, biff8: bool) -> str:
    """The name in a BOUNDSHEET record (ShortXLUnicodeString after lbPlyPos, hsState, dt)."""
    if rlen < 8:
        return ""
    cch = data[body + 6]
    if not biff8:
        return data[body + 7: body + 7 + min(cch, rlen - 7)].decode("gbk", errors="replace")
    if data[body + 7] & 1:
        return data[body + 8: body + 8 + min(2 * cch, rlen - 8)].decode("utf-16-le", errors="replace")
    return data[body + 8: body + 8 + min(cch, rlen - 8)].decode("latin-1")


def _check_xls(data: bytes | bytearray, limits: Limits) -> None:
    """Walk a Workbook (BIFF8) or Book (BIFF5) stream as python-calamine does, record headers only.

    The globals substream (up to its EOF) must hold no FILEPASS (an open password) and gives each
    sheet's offset (BOUNDSHEET).  From each offset up to the sheet's EOF: a DIMENSIONS record makes
    calamine reserve rows × columns cells (computed as it does, in 32 bits, so rwMic > rwMac is
    four billion rows), and the cell records (and ROW records that say they hold cells) give the
    rectangle from A1 to the farthest cell, which calamine builds.  Either over ``max_cells`` is
    refused.  Work is bounded by the stream (never read past it) and a record budget."""
    n = len(data)
    budget = 2 * limits.max_cells + _XLS_RECORDS_FLOOR
    unpack = struct.unpack_from
    sheets: list[tuple[int, str]] = []
    biff8 = not (n >= 6 and unpack("<H", data, 0)[0] == _BOF and unpack("<H", data, 4)[0] == 0x0500)
    pos = 0
    while pos + 4 <= n and budget > 0:
        rtype, rlen = unpack("<HH", data, pos)
        body, pos, budget = pos + 4, pos + 4 + rlen, budget - 1
        if rtype == _FILEPASS:
            raise _encrypted()
        if rtype == _EOF:
            break
        if rtype == _BOUNDSHEET and rlen >= 4 and pos <= n:
            sheets.append((unpack("<I", data, body)[0], _sheet_name(data, body, rlen, biff8)))
    seen: set[int] = set()
    for number, (start, name) in enumerate(sheets, 1):
        if start in seen or start >= n:
            continue
        seen.add(start)
        label = f"第 {number} 个工作表“{_short(name)}”" if name else f"第 {number} 个工作表"
        rows = cols = 0
        pos = start
        while pos + 4 <= n and budget > 0:
            rtype, rlen = unpack("<HH", data, pos)
            body, pos, budget = pos + 4, pos + 4 + rlen, budget - 1
            if pos > n or rtype == _EOF:
                break
            if rtype in _XLS_CELLS:                   # the hot path: one test per cell
                if rlen >= 4:
                    r, c = unpack("<HH", data, body)
                    if r >= rows:
                        rows = r + 1
                    if c >= cols:
                        cols = c + 1
            elif rtype in (_MULRK, _MULBLANK):
                if rlen >= 6:
                    r, first = unpack("<HH", data, body)
                    last = unpack("<H", data, pos - 2)[0]
                    items = (rlen - 6) // (6 if rtype == _MULRK else 2)
                    rows, cols = max(rows, r + 1), max(cols, first + max(items, 1), last + 1)
            elif rtype == _ROW:
                if rlen >= 6:
                    r, c1, c2 = unpack("<HHH", data, body)
                    if c2 > c1:
                        rows, cols = max(rows, r + 1), max(cols, c2)
            elif rtype == _DIMENSIONS and rlen in (10, 14):
                rw1, rw2, c1, c2 = unpack("<IIHH" if rlen == 14 else "<HHHH", data, body)
                if rw2 >= 1 and c2 >= 1:
                    drows, dcols = (rw2 - rw1) & 0xFFFFFFFF, (c2 - c1) & 0xFFFFFFFF
                    if drows * dcols > limits.max_cells:
                        raise _xls_too_large(
                            f"{label}声明的范围有 {drows} 行 × {dcols} 列（上限 {limits.max_cells} 个单元格）",
                            f"sheet {number} declares {drows} rows × {dcols} columns "
                            f"(limit {limits.max_cells} cells)")
        if rows * cols > limits.max_cells:
            raise _xls_too_large(
                f"{label}的单元格分布到第 {rows} 行、第 {cols} 列（超过 {limits.max_cells} 个单元格）",
                f"sheet {number} has cells as far as row {rows}, column {cols} (over {limits.max_cells} cells)")
    if budget <= 0:
        raise _xls_too_large(f"工作簿的记录超过 {2 * limits.max_cells + _XLS_RECORDS_FLOOR} 条",
                             f"the workbook has more than {2 * limits.max_cells + _XLS_RECORDS_FLOOR} records")


def _check_ole(f: BinaryIO, size: int, limits: Limits) -> str:
    try:
        cfb = _Cfb(f, size)
    except InputError:
        raise
    except OSError:
        raise
    except Exception:               # struct.error, IndexError ...: a damaged header or directory
        raise _corrupt_ole() from None
    names = cfb.names()
    if "encryptedpackage" in names or "encryptioninfo" in names:
        raise _encrypted()
    if "workbook" in names or "book" in names:
        try:
            for _name, data in cfb.streams("Workbook", "Book"):
                _check_xls(data, limits)
        except InputError:
            raise
        except OSError:
            raise
        except Exception:
            raise _corrupt_ole() from None
        return "xls"
    if "worddocument" in names:
        raise InputError("not-a-workbook", "这是 Word 文档（.doc），不是 Excel 工作簿",
                         "this is a Word document (.doc), not an Excel workbook")
    if "powerpoint document" in names:
        raise InputError("not-a-workbook", "这是 PowerPoint 演示文稿（.ppt），不是 Excel 工作簿",
                         "this is a PowerPoint presentation (.ppt), not an Excel workbook")
    raise InputError("not-a-workbook", "这是 OLE 复合文档，但不是 Excel 工作簿。" + _SAVE_AS,
                     f"this is an OLE compound document but not an Excel workbook; {_SAVE_AS_EN}")
