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
few KB read from the start of individual members, before anything is inflated in full.  Then each
xlsx sheet part (its size bounded by the limits by then) is inflated once for the addresses of its
cells, and handed to the reader (``precheck(..., keep=parts)``) so that it is not inflated again.
An .xls: its Workbook stream (no larger than the file) is read and its BIFF record headers walked
once, for FILEPASS, DIMENSIONS and the cell addresses.

Output names (``safe_output_path``) live in :mod:`perfcheck.outputs`.  Modules: ``limits`` (the
limits and shared wording), ``zipcheck`` (zip: OOXML and ODS), ``olecheck`` (OLE2/CFB: xls and
encrypted OOXML); this module dispatches on the magic bytes and names what is neither.
"""

from __future__ import annotations

import stat
from pathlib import Path

from perfcheck.config import Limits
from perfcheck.errors import InputError
from perfcheck.safety.limits import (
    _OLE_MAGIC,
    _SAVE_AS,
    _SAVE_AS_EN,
    _ZIP_MAGIC,
    MAX_MEMBERS,
    MB,
    _mb,
    _oserr,
)
from perfcheck.safety.olecheck import _check_ole
from perfcheck.safety.zipcheck import _check_zip

__all__ = ["precheck", "MAX_MEMBERS"]


# --------------------------------------------------------------------------------------------------
# precheck
# --------------------------------------------------------------------------------------------------

def precheck(path: Path, limits: Limits, keep: dict[str, bytes] | None = None) -> str:
    """The workbook format of ``path`` from its content: "xlsx" | "xlsm" | "xls" | "ods".

    ``keep``: filled with the xlsx/xlsm sheet parts inflated on the way (zip member name → XML
    bytes), for ``reader.read_workbook(..., parts=keep)``.

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
                return _check_zip(f, st.st_size, limits, keep)
            if head.startswith(_OLE_MAGIC):
                return _check_ole(f, st.st_size, limits)
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件（{_oserr(exc)}）",
                         f"cannot read the file ({_oserr(exc)})") from None
    raise _not_a_workbook(head)


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
