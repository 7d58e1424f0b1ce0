"""Read a narrative report (.docx or .txt) into numbered paragraphs, refusing bad input up front.

    read_report(path, limits) -> Narrative        raises InputError (one-line zh/en reason)
    from_text(text, source="") -> Narrative        (tests, doc examples)

A paragraph's ``index`` is what a reader can find: the line number in a .txt (blank lines count), the
position among the body paragraphs of a .docx (empty paragraphs count; table cells do not).

Its ``level`` comes from its numbering as written -- 第一部分 1, 一、 2, （一） 3, 1、/1. 4, （1） 5 --
or, for a .docx paragraph without written numbering, from its Word style (标题 1/Heading 1 → 2 …) or
from automatic list numbering (a list item, level 4).  Body text has level 0.

Bad input (the kinds of :mod:`perfcheck.safety`): a .docx that is not a zip (text, a workbook, an
old .doc), an encrypted one (an OLE/CFB container with EncryptedPackage), a damaged zip or XML, one
that inflates too far (zip bomb), whose document.xml is over 20 MB or holds more than 20 000
paragraphs (too-large), or whose XML declares a DOCTYPE (hostile).  A .txt is read as UTF-8 (with
or without BOM), else GB18030 (which covers GBK); NUL bytes or undecodable bytes are refused.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from perfcheck.config import Limits
from perfcheck.errors import InputError

MB = 1024 * 1024
MAX_PARAGRAPHS = 20_000          # a long report has a few hundred
MAX_DOCUMENT_XML = 20 * MB       # the text of a report is well under 1 MB
MAX_TEXT_BYTES = 10 * MB
QUOTE_CHARS = 24

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_SAVE_AS = "请用 Word 或 WPS 打开后“另存为” Word 文档（.docx）"
_SAVE_AS_EN = "open it in Word or WPS and save it as a Word document (.docx)"

_LEVELS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^第[一二三四五六七八九十]+部分"), 1),
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), 3),
    (re.compile(r"^\d{1,3}[、．]|^\d{1,3}\.(?!\d)"), 4),
    (re.compile(r"^[（(]\d{1,3}[）)]"), 5),
)
_NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]"
                        r"|\d{1,3}[、．]|\d{1,3}\.(?!\d)|[（(]\d{1,3}[）)])\s*")
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph: its number, its text as written, its level and whether it is a list item."""

    index: int
    text: str
    level: int = 0                 # 0 body; 1 第X部分; 2 一、; 3 （一）; 4 1、 or a Word list item; 5 （1）
    numbered: bool = False
    heading: bool = False          # a Word heading style

    @property
    def quote(self) -> str:
        """A short quote for a message (the first characters, … when cut)."""
        t = " ".join(self.text.split())
        return t if len(t) <= QUOTE_CHARS else t[: QUOTE_CHARS - 1] + "…"

    @property
    def norm(self) -> str:
        """NFKC, white space removed (what the claim patterns read)."""
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", self.text))

    @property
    def body(self) -> str:
        """The normalised text without its written numbering."""
        return strip_numbering(self.norm)


@dataclass(frozen=True, slots=True)
class Narrative:
    source: str
    paras: tuple[Para, ...]

    def para(self, index: int) -> Para:
        return self.paras[index - 1]


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text, count=1)


def level_of(text: str) -> int:
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    # NFKC turns （一） into (一): the patterns accept both
    for pattern, level in _LEVELS:
        if pattern.match(t):
            return level
    return 0


def from_text(text: str, source: str = "") -> Narrative:
    """A report from plain text: one paragraph per line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_PARAGRAPHS:
        raise _too_many(len(lines))
    paras = []
    for i, line in enumerate(lines, start=1):
        t = line.rstrip()
        lv = level_of(t)
        paras.append(Para(i, t, lv, numbered=lv > 0))
    return Narrative(source, tuple(paras))


# --------------------------------------------------------------------------------------------------
# Reading a file
# --------------------------------------------------------------------------------------------------


def _too_many(n: int) -> InputError:
    return InputError("too-large", f"报告有 {n} 段（上限 {MAX_PARAGRAPHS}），远超任何自评报告，拒绝处理",
                      f"the report has {n} paragraphs (limit {MAX_PARAGRAPHS}), far beyond any report; refused")


def read_report(path: Path, limits: Limits | None = None) -> Narrative:
    """The report at ``path`` (a .docx, or text), or InputError with a one-line reason."""
    lim = limits or Limits()
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError("unreadable", "这是一个文件夹，不是文件", "is a folder, not a file")
        size = path.stat().st_size
        if size == 0:
            raise InputError("empty", "文件是空的（0 字节）", "the file is empty (0 bytes)")
        if size > lim.max_file_mb * MB:
            raise InputError("too-large", f"文件过大（{size / MB:.1f} MB，上限 {lim.max_file_mb} MB）",
                             f"the file is too large ({size / MB:.1f} MB, limit {lim.max_file_mb} MB)")
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise InputError("unreadable", "文件不存在", "file not found") from None
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件（{exc.strerror or type(exc).__name__}）",
                         f"cannot read the file ({exc.strerror or type(exc).__name__})") from None
    if head.startswith(_ZIP_MAGIC):
        return _read_docx(path, lim)
    if head.startswith(_OLE_MAGIC):
        raise _ole(path)
    if path.suffix.lower() in (".docx", ".docm", ".doc", ".wps"):
        raise InputError("not-a-docx", "不是 Word 文档（.docx）：内容不是 Word 格式。" + _SAVE_AS,
                         f"not a Word document (.docx): its content is not in Word format; {_SAVE_AS_EN}")
    if size > MAX_TEXT_BYTES:
        raise InputError("too-large", f"文本文件过大（{size / MB:.1f} MB，上限 {MAX_TEXT_BYTES // MB} MB）",
                         f"the text file is too large ({size / MB:.1f} MB, limit {MAX_TEXT_BYTES // MB} MB)")
    return from_text(_decode(path.read_bytes()), path.name)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for codec in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    raise InputError("not-text", "不是文本文件，也不是 Word 文档（无法按 UTF-8 或 GBK 解码）。" + _SAVE_AS,
                     f"neither a text file (not UTF-8 or GBK) nor a Word document; {_SAVE_AS_EN}")


def _ole(path: Path) -> InputError:
    from perfcheck.safety import olecheck

    try:
        with path.open("rb") as f:
            names = olecheck._Cfb(f, path.stat().st_size).names()
    except InputError:
        raise
    except Exception:
        return InputError("corrupt", "文件已损坏（OLE 复合文档结构错误）", "the file is damaged (broken OLE compound document)")
    if "encryptedpackage" in names or "encryptioninfo" in names:
        return InputError("encrypted", "文档设置了打开密码，无法读取；请在 Word/WPS 中取消密码后另存再提交",
                          "the document is password protected; remove the password in Word/WPS and save it again")
    if "worddocument" in names:
        return InputError("not-a-docx", "这是旧版 Word 文档（.doc）。" + _SAVE_AS,
                          f"this is an old Word document (.doc); {_SAVE_AS_EN}")
    return InputError("not-a-docx", "这是 OLE 复合文档（如 .xls），不是 Word 文档。" + _SAVE_AS,
                      f"this is an OLE compound document (such as .xls), not a Word document; {_SAVE_AS_EN}")


def _corrupt() -> InputError:
    return InputError("corrupt", "文件已损坏或不完整，可能是传输中断；请重新保存或重新发送原文件",
                      "the file is damaged or incomplete, perhaps cut off in transfer; save or send it again")


def _read_docx(path: Path, lim: Limits) -> Narrative:
    from perfcheck.safety import limits, zipcheck

    try:
        with path.open("rb") as f, zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            if len(infos) > limits.MAX_MEMBERS:
                raise InputError("too-large", f"压缩包内有 {len(infos)} 个成员（上限 {limits.MAX_MEMBERS}）",
                                 f"the archive has {len(infos)} members (limit {limits.MAX_MEMBERS})")
            zipcheck._check_local_headers(f, infos, path.stat().st_size)
            zipcheck._check_sizes(infos, lim)
            names = {i.filename: i for i in infos}
            ct = names.get("[Content_Types].xml")
            if ct is None or ct.file_size > MB:
                raise InputError("not-a-docx", "这是 ZIP 压缩包，不是 Word 文档。" + _SAVE_AS,
                                 f"this is a zip archive, not a Word document; {_SAVE_AS_EN}")
            types = zf.read(ct).decode("utf-8", errors="replace")
            if _DOCX_MAIN not in types and "word/document.xml" not in names:
                if "spreadsheetml" in types:
                    raise InputError("not-a-docx", "这是 Excel 工作簿，不是 Word 文档（报告应是 .docx 或 .txt）",
                                     "this is an Excel workbook, not a Word document (the report is a .docx or .txt)")
                raise InputError("not-a-docx", "这是 ZIP 压缩包，不是 Word 文档。" + _SAVE_AS,
                                 f"this is a zip archive, not a Word document; {_SAVE_AS_EN}")
            doc = names.get("word/document.xml")
            if doc is None:
                raise _corrupt()
            if doc.file_size > MAX_DOCUMENT_XML:
                raise InputError("too-large", f"文档正文解压后 {doc.file_size / MB:.1f} MB（上限 {MAX_DOCUMENT_XML // MB} MB），"
                                              "远超任何自评报告，拒绝处理（可能是“压缩炸弹”）",
                                 f"the document body inflates to {doc.file_size / MB:.1f} MB (limit "
                                 f"{MAX_DOCUMENT_XML // MB} MB), far beyond any report; refused (possibly a zip bomb)")
            for info in infos:
                if info.filename.endswith(".xml") and info.file_size:
                    with zf.open(info) as m:
                        prolog = m.read(4096)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise InputError("hostile", "文档的 XML 中含有 DOCTYPE/ENTITY 声明，真实的 Word 文档没有，拒绝处理",
                                         "the document's XML declares a DOCTYPE/ENTITY, which no real Word "
                                         "document has; refused")
    except InputError:
        raise
    except RuntimeError as exc:
        if "encrypted" in str(exc):
            raise InputError("encrypted", "压缩包设置了密码，无法读取", "the archive is password protected") from None
        raise _corrupt() from None
    except OSError:
        raise
    except Exception:
        raise _corrupt() from None
    try:
        import docx

        document = docx.Document(str(path))
        return _from_document(document, path.name)
    except InputError:
        raise
    except Exception:
        raise _corrupt() from None


def _from_document(document: object, source: str) -> Narrative:
    from docx.document import Document

    assert isinstance(document, Document)
    body = document.element.body
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    p_elems = body.findall(f"{ns}p")
    if len(p_elems) > MAX_PARAGRAPHS:
        raise _too_many(len(p_elems))
    paras: list[Para] = []
    for i, p in enumerate(document.paragraphs, start=1):
        text = p.text.rstrip()
        style = ""
        try:
            style = p.style.name if p.style is not None and p.style.name else ""
        except Exception:  # a style id the styles part does not define
            style = ""
        lv = level_of(text)
        heading = False
        mt = _HEADING_STYLE.match(style.strip())
        if mt:
            heading = True
            if lv == 0 and text:
                lv = min(int(mt.group(1)) + 1, 5)
        numbered = lv > 0
        ppr = p._p.pPr
        if lv == 0 and text and ppr is not None and ppr.numPr is not None or lv == 0 and text and style.lower().startswith(("list number", "列表编号")):
            lv, numbered = 4, True
        paras.append(Para(i, text, lv, numbered=numbered, heading=heading))
    return Narrative(source, tuple(paras))
