"""Generate the bad-input corpus: every way a file that arrives by mail or chat can fail to be a workbook.

    corpus = build(tmp_path)            # {case name: Case(path, kind)}

Each case has the ``kind`` that ``safety.precheck`` must raise (``None``: a readable workbook).
Everything is written by this module with the standard library, openpyxl and (for a real Office
encryption) msoffcrypto-tool; the .xls / .ods cases need LibreOffice and are built separately
(:func:`build_lo`).  The zip bomb (500 MB of zeros) is deflated in streaming chunks, so writing it
takes about a second and a few MB of memory, and the file is about 0.5 MB.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from builders.grids import Row, write

MB = 1024 * 1024
PASSWD_MARKER = "root:x:0:0"          # what /etc/passwd holds: must never appear in any output


@dataclass(frozen=True)
class Case:
    path: Path
    kind: str | None                  # the InputError kind precheck raises; None: accepted
    fmt: str | None = None            # the format precheck returns when accepted


# --------------------------------------------------------------------------------------------------
# A small real workbook and helpers to rewrite its parts
# --------------------------------------------------------------------------------------------------

def good_workbook(path: Path, rows: int = 40) -> Path:
    """A real (openpyxl-written) xlsx with a project form's labels and some numbers (``rows`` indicator
    rows from row 13), written by :func:`builders.grids.write`."""
    grid: list[Row] = [
        ["项目支出绩效自评表"], ["（2023年度）"], ["项目名称", "社区养老服务补助"], [],
        ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数"],
        [None, "年度资金总额", None, 54, 54, 50], [], [], [], [], [],
        ["绩效指标", "一级指标"],
    ]
    grid += [[None, "产出指标", "数量指标", f"指标{r}：培训人次与服务覆盖情况说明", "≥50个", 52 + r]
             for r in range(13, 13 + rows)]
    return write(grid, path)


def rewrite(src: Path, dst: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> Path:
    """Copy a zip, replacing some members' bytes (adding those it lacks) and adding others."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info))
            zout.writestr(info.filename, data)
        for name, data in {**{k: v for k, v in replace.items() if k not in zin.namelist()}, **(add or {})}.items():
            zout.writestr(name, data)
    return dst


def sheet_xml(body: str, *, prolog: str = "", dimension: str | None = "A1:A1") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{dim}<sheetData>{body}</sheetData></worksheet>").encode()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def billion_laughs_sheet() -> bytes:
    return sheet_xml(f'<row r="1">{inline("A1", "&lol9;")}</row>', prolog=BILLION_LAUGHS)


def xxe_sheet() -> bytes:
    return sheet_xml(f'<row r="1">{inline("A1", "&xxe;")}</row>', prolog=XXE)


# --------------------------------------------------------------------------------------------------
# A minimal Compound File Binary (OLE2) writer
# --------------------------------------------------------------------------------------------------

FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def write_cfb(path: Path, streams: dict[str, bytes], *, mini: bool = False) -> Path:
    """A version-3 CFB (512-byte sectors) holding ``streams`` in the root storage.

    By default streams are padded to 4096 bytes so that none lives in the mini stream; with
    ``mini=True`` a stream under 4096 bytes is stored as it is, in 64-byte sectors of the mini
    stream (the root entry's stream, chained by the mini FAT), as Excel and LibreOffice store small
    streams.  The directory is a right-leaning chain in CFB name order, which every reader walks."""
    ssz, mss = 512, 64
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    datas = [streams[n] if mini else streams[n].ljust(4096, b"\0") for n in names]
    small = [len(d) < 4096 for d in datas]
    # the mini stream: small streams in consecutive 64-byte sectors, chained by the mini FAT
    container, minifat, mstarts = b"", [], []
    for d, is_small in zip(datas, small, strict=True):
        if not is_small:
            mstarts.append(ENDOFCHAIN)
            continue
        k = max(-(-len(d) // mss), 1)
        s0 = len(minifat)
        mstarts.append(s0 if d else ENDOFCHAIN)
        if d:
            minifat += [s0 + i + 1 for i in range(k - 1)] + [ENDOFCHAIN]
            container += d.ljust(k * mss, b"\0")
    minifat_secs = -(-len(minifat) * 4 // ssz)
    container_secs = -(-len(container) // ssz)
    data_secs = [0 if is_small else -(-len(d) // ssz) for d, is_small in zip(datas, small, strict=True)]
    n_entries = len(names) + 1
    dir_secs = -(-n_entries * 128 // ssz)
    n_fat = 1
    while n_fat * (ssz // 4) < n_fat + dir_secs + minifat_secs + container_secs + sum(data_secs):
        n_fat += 1
    assert n_fat <= 109
    fat = [FATSECT] * n_fat

    def chain(k: int) -> int:
        s = len(fat)
        fat.extend([s + i + 1 for i in range(k - 1)] + [ENDOFCHAIN])
        return s

    first_dir = chain(dir_secs)
    first_minifat = chain(minifat_secs) if minifat_secs else ENDOFCHAIN
    container_start = chain(container_secs) if container_secs else ENDOFCHAIN
    starts = [mstarts[i] if small[i] else chain(k) for i, k in enumerate(data_secs)]
    fat += [FREESECT] * (n_fat * (ssz // 4) - len(fat))

    def entry(name: str, etype: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), etype, 1)
        e += struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        e += struct.pack("<IQ", start, size)
        assert len(e) == 128
        return e

    dirs = entry("Root Entry", 5, 1 if names else 0xFFFFFFFF, 0xFFFFFFFF, container_start, len(container))
    for i, _name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        dirs += entry(_name, 2, 0xFFFFFFFF, right, starts[i], len(datas[i]))
    while len(dirs) < dir_secs * ssz:           # unused slots: empty entries with no siblings
        dirs += b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", *(0xFFFFFFFF,) * 3) + b"\0" * 48
    hdr = bytearray(512)
    hdr[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", hdr, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", hdr, 0x28, 0, n_fat, first_dir, 0, 4096, first_minifat, minifat_secs,
                     ENDOFCHAIN, 0)
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    struct.pack_into("<109I", hdr, 0x4C, *difat)
    with path.open("wb") as f:
        f.write(bytes(hdr))
        f.write(struct.pack(f"<{len(fat)}I", *fat))
        f.write(dirs)
        if minifat_secs:
            mf = minifat + [FREESECT] * (minifat_secs * ssz // 4 - len(minifat))
            f.write(struct.pack(f"<{len(mf)}I", *mf))
        f.write(container.ljust(container_secs * ssz, b"\0"))
        for d, k in zip(datas, data_secs, strict=True):
            if k:
                f.write(d.ljust(k * ssz, b"\0"))
    return path


def biff(rtype: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(payload)) + payload


BOF_GLOBALS = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))


def encrypted_xls_stream() -> bytes:
    """BIFF8 globals: BOF, FILEPASS (RC4 CryptoAPI header), then garbage as an encrypted body looks."""
    filepass = biff(0x002F, struct.pack("<HHH", 1, 4, 2) + bytes(range(48)))
    return BOF_GLOBALS + filepass + bytes((i * 73 + 11) % 256 for i in range(3000))


def plain_xls_stream() -> bytes:
    return BOF_GLOBALS + biff(0x00E1, b"\xb0\x04") + biff(0x000A)


BOF_SHEET = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x06))


def xls_stream(sheet: bytes, name: str = "项目1") -> bytes:
    """A BIFF8 Workbook stream: globals (BOF, BOUNDSHEET naming one sheet, EOF), then the sheet
    substream (BOF, ``sheet``'s records, EOF)."""
    raw = name.encode("utf-16-le")
    def globals_(pos: int) -> bytes:
        return (BOF_GLOBALS + biff(0x00E1, b"\xb0\x04")
                + biff(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(name), 1) + raw) + biff(0x000A))
    head = globals_(0)
    return globals_(len(head)) + BOF_SHEET + sheet + biff(0x000A)


def dimensions(rw_first: int, rw_last_plus_1: int, col_first: int, col_last_plus_1: int) -> bytes:
    """DIMENSIONS (BIFF8): rwMic u32, rwMac u32 (one past the last row), colMic u16, colMac u16, reserved."""
    return biff(0x0200, struct.pack("<IIHHH", rw_first, rw_last_plus_1, col_first, col_last_plus_1, 0))


def number(row: int, col: int, value: float) -> bytes:
    return biff(0x0203, struct.pack("<HHHd", row, col, 0x0F, value))


def xls_records(stream: bytes | bytearray) -> list[tuple[int, int, int]]:
    """(offset, type, length) of each BIFF record of a Workbook stream, in order."""
    out, pos = [], 0
    while pos + 4 <= len(stream):
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        out.append((pos, rtype, rlen))
        pos += 4 + rlen
    return out


def patch_xls(src: Path, dst: Path, patch: Callable[[bytearray], None]) -> Path:
    """Copy a real .xls and rewrite bytes of its Workbook stream in place (same size) with olefile
    (a dependency of msoffcrypto-tool), wherever the stream lives: regular sectors or mini stream."""
    import olefile  # type: ignore[import-untyped]

    shutil.copyfile(src, dst)
    with olefile.OleFileIO(str(dst), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        size = len(data)
        patch(data)
        assert len(data) == size
        ole.write_stream("Workbook", bytes(data))
    return dst


def _patch_first(rtype: int, make: Callable[[bytearray, int, int], None]) -> Callable[[bytearray], None]:
    def patch(data: bytearray) -> None:
        for pos, t, n in xls_records(data):
            if t == rtype:
                make(data, pos + 4, n)
                return
        raise AssertionError(f"no record {rtype:#06x} in the stream")
    return patch


def _huge_dimensions(data: bytearray, body: int, n: int) -> None:
    assert n == 14
    struct.pack_into("<IIHH", data, body, 0, 65536, 0, 256)          # A1:IV65536, 16.7 million cells


def _far_cell(data: bytearray, body: int, n: int) -> None:
    struct.pack_into("<HH", data, body, 65535, 255)                    # the cell moves to IV65536


def _filepass(data: bytearray, body: int, n: int) -> None:
    """Turn the record after BOF into a FILEPASS of the same length (RC4, as an encrypted file has)."""
    assert n >= 6
    struct.pack_into("<HH", data, body - 4, 0x002F, n)
    data[body: body + n] = struct.pack("<HHH", 1, 1, 1) + bytes(n - 6)


# --------------------------------------------------------------------------------------------------
# Zip bomb, streamed
# --------------------------------------------------------------------------------------------------

def zip_bomb(path: Path, member: str = "xl/worksheets/sheet1.xml", size_mb: int = 500) -> Path:
    """A workbook-shaped zip whose sheet inflates to ``size_mb`` MB of zeros (written in 1 MB chunks)."""
    chunk = b"\0" * MB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", b"<workbook/>")
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as m:
            for _ in range(size_mb):
                m.write(chunk)
    return path


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


# --------------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------------

def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body/></w:document>')
    return path


def _zip_of_text(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("说明.txt", "请查收附件。".encode())
        z.writestr("data/readme.md", b"# notes\n")
    return path


def _zip_of_workbooks(path: Path, good: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(good, "某局/项目1.xlsx")
        z.write(good, "某局/项目2.xlsx")
    return path


def _truncated(path: Path, good: Path) -> Path:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt_central_directory(path: Path, good: Path) -> Path:
    data = bytearray(good.read_bytes())
    cd = data.rfind(b"PK\x01\x02")
    for i in range(cd + 46, min(cd + 56, len(data) - 22)):   # the last entry's file name
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _xlsm(path: Path, good: Path) -> Path:
    with zipfile.ZipFile(good) as z:
        ct = z.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        ct = ct.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                        b"</Types>")
    tmp = write_cfb(path.with_suffix(".vba.tmp"), {"PROJECT": b'ID="{00000000}"\r\nModule=Module1\r\n',
                                                    "dir": b"\x01\x00" * 16})
    vba = tmp.read_bytes()
    tmp.unlink()
    return rewrite(good, path, {"[Content_Types].xml": ct}, {"xl/vbaProject.bin": vba})


def encrypt_ooxml(src: Path, dst: Path, password: str = "1234") -> Path:
    """A real Office (ECMA-376 agile) encryption of ``src`` by msoffcrypto-tool."""
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    with src.open("rb") as fin, dst.open("wb") as fout:
        OOXMLFile(fin).encrypt(password, fout)
    return dst


def _encrypted_ods(path: Path) -> Path:
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                b'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" '
                b'manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1"/>'
                b"</manifest:file-entry></manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", bytes((i * 31 + 7) % 256 for i in range(2000)), zipfile.ZIP_DEFLATED)
    return path


def _many_cells(path: Path, good: Path, cells: int) -> Path:
    rows = []
    per_row = 50
    for r in range(1, cells // per_row + 1):
        rows.append(f'<row r="{r}">' + "".join(f'<c r="{_col(c)}{r}"><v>{c}</v></c>' for c in range(1, per_row + 1))
                    + "</row>")
    return rewrite(good, path, {"xl/worksheets/sheet1.xml": sheet_xml("".join(rows), dimension=None)})


ODS_REPEAT_BOMB = (
    '<table:table-row table:number-rows-repeated="10000"><table:table-cell table:number-columns-repeated="9000" '
    'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')


def ods(path: Path, rows_xml: str) -> Path:
    """A minimal ODS spreadsheet with one table holding ``rows_xml``."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="项目1">'
               f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content.encode(), zipfile.ZIP_DEFLATED)
    return path


def _col(n: int) -> str:
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def build(root: Path, *, bomb: bool = True) -> dict[str, Case]:
    """Write every case under ``root`` and return them by name."""
    root.mkdir(parents=True, exist_ok=True)
    good = good_workbook(root / "good.xlsx")
    c: dict[str, Case] = {"good": Case(good, None, "xlsx")}

    def add(name: str, kind: str | None, make: Callable[[Path], Path], fmt: str | None = None) -> None:
        c[name.rsplit(".", 1)[0]] = Case(make(root / name), kind, fmt)

    def text(data: bytes) -> Callable[[Path], Path]:
        def w(p: Path) -> Path:
            p.write_bytes(data)
            return p
        return w

    add("empty.xlsx", "empty", text(b""))
    add("text.xlsx", "not-a-workbook", text("这不是表格，只是一段说明文字。\n请查收。\n".encode()))
    add("csv-as.xls", "not-a-workbook",
        text("项目名称,全年预算数,全年执行数\n社区养老,54,50\n道路维护,120,118.5\n".encode("gb18030")))
    add("html-as.xls", "not-a-workbook", text(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"></head><body>'
        "<table><tr><td>项目名称</td><td>全年预算数</td></tr><tr><td>社区养老</td><td>54</td></tr></table>"
        "</body></html>".encode()))
    add("xml2003-as.xls", "not-a-workbook", text(
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook '
        b'xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>'))
    add("pdf-as.xlsx", "not-a-workbook", text(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"))
    add("truncated.xlsx", "corrupt", lambda p: _truncated(p, good))
    add("corrupt-zip.xlsx", "corrupt", lambda p: _corrupt_central_directory(p, good))
    add("docx-as.xlsx", "not-a-workbook", _docx)
    add("zip-of-text.xlsx", "not-a-workbook", _zip_of_text)
    add("zip-of-workbooks.xlsx", "not-a-workbook", lambda p: _zip_of_workbooks(p, good))
    add("encrypted.xlsx", "encrypted", lambda p: encrypt_ooxml(good, p))
    add("encrypted-forged.xlsx", "encrypted", lambda p: write_cfb(p, {
        "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>",
        "EncryptedPackage": struct.pack("<Q", 5000) + bytes(range(256)) * 20}))
    add("encrypted-biff.xls", "encrypted", lambda p: write_cfb(p, {"Workbook": encrypted_xls_stream()}))
    add("encrypted-odf.ods", "encrypted", _encrypted_ods)
    add("doc-as.xls", "not-a-workbook", lambda p: write_cfb(p, {
        "WordDocument": b"\xec\xa5" + b"\0" * 600, "1Table": b"\0" * 100}))
    add("ole-other.xls", "not-a-workbook", lambda p: write_cfb(p, {"Contents": b"hello"}))
    add("ole-truncated.xls", "corrupt",
        lambda p: text(write_cfb(p, {"Workbook": plain_xls_stream()}).read_bytes()[:700])(p))
    add("forged-xls.xls", None, lambda p: write_cfb(p, {"Workbook": plain_xls_stream()}), "xls")
    add("forged-xls-mini.xls", None, lambda p: write_cfb(p, {"Workbook": xls_stream(
        dimensions(0, 2, 0, 2) + number(0, 0, 1) + number(1, 1, 54))}, mini=True), "xls")
    add("encrypted-biff-mini.xls", "encrypted", lambda p: write_cfb(p, {"Workbook": encrypted_xls_stream()}, mini=True))
    add("xls-huge-dimension-forged.xls", "too-large", lambda p: write_cfb(p, {"Workbook": xls_stream(
        dimensions(0, 65536, 0, 256) + number(0, 0, 1))}))
    add("xls-dimension-wrap.xls", "too-large", lambda p: write_cfb(p, {"Workbook": xls_stream(
        dimensions(10, 5, 0, 3) + number(0, 0, 1))}, mini=True))             # rwMic > rwMac: 2**32 - 5 rows
    add("xls-far-cell-forged.xls", "too-large", lambda p: write_cfb(p, {"Workbook": xls_stream(
        dimensions(0, 1, 0, 1) + number(0, 0, 1) + number(65535, 255, 2))}))
    add("xls-far-mulrk.xls", "too-large", lambda p: write_cfb(p, {"Workbook": xls_stream(
        number(0, 0, 1) + biff(0x00BD, struct.pack("<HH", 60000, 250) + b"\x0f\x00\x00\x00\xf0\x3f" * 3
                               + struct.pack("<H", 252)))}))
    if bomb:
        add("zip-bomb.xlsx", "too-large", zip_bomb)
    add("huge-dimension.xlsx", "too-large", lambda p: rewrite(good, p, {
        "xl/worksheets/sheet1.xml": sheet_xml(f'<row r="1">{inline("A1", "x")}</row>', dimension="A1:XFD1048576")}))
    add("sparse-cells.xlsx", "too-large", lambda p: rewrite(good, p, {"xl/worksheets/sheet1.xml": sheet_xml(
        f'<row r="1">{inline("A1", "x")}</row><row r="1000000"><c r="CV1000000"><v>1</v></c></row>')}))
    # the same far cell written in ways the fast scan does not take (it falls back to the tag walk)
    add("sparse-cells-attr-order.xlsx", "too-large", lambda p: rewrite(good, p, {"xl/worksheets/sheet1.xml": sheet_xml(
        f'<row r="1">{inline("A1", "x")}</row><row r="1000000"><c t="n" r="CV1000000"><v>1</v></c></row>')}))
    add("sparse-cells-no-address.xlsx", "too-large", lambda p: rewrite(good, p, {"xl/worksheets/sheet1.xml": sheet_xml(
        f'<row r="1">{inline("A1", "x")}</row><row r="1000000">' + "<c><v>1</v></c>" * 3 + "</row>")}))
    add("ods-repeat-bomb.ods", "too-large", lambda p: ods(p, ODS_REPEAT_BOMB))
    add("many-cells.xlsx", None, lambda p: _many_cells(p, good, 5000), "xlsx")   # too-large under Limits(max_cells=1000)
    add("billion-laughs.xlsx", "hostile", lambda p: rewrite(good, p, {"xl/worksheets/sheet1.xml": billion_laughs_sheet()}))
    add("xxe.xlsx", "hostile", lambda p: rewrite(good, p, {"xl/worksheets/sheet1.xml": xxe_sheet()}))
    add("xxe-in-workbook.xlsx", "hostile", lambda p: rewrite(good, p, {"xl/workbook.xml": (
        '<?xml version="1.0"?>' + XXE + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheets/></workbook>").encode()}))
    add("xxe-utf16.xlsx", "hostile", lambda p: rewrite(good, p, {"xl/sharedStrings.xml": (
        '<?xml version="1.0" encoding="UTF-16"?>' + XXE + "<sst/>").encode("utf-16")}))
    add("xlsm.xlsm", None, lambda p: _xlsm(p, good), "xlsm")
    add("xlsx-named.xls", None, lambda p: Path(shutil.copyfile(good, p)), "xlsx")   # content decides, not the name
    return c


def build_lo(root: Path, convert: Callable[[Path, str, Path], Path]) -> dict[str, Case]:
    """A real .xls and .ods, converted from the good workbook by LibreOffice (``tests/lo.convert``)."""
    root.mkdir(parents=True, exist_ok=True)
    good = good_workbook(root / "lo-good.xlsx")
    xls = convert(good, "xls", root / "xls")
    ods = convert(good, "ods", root / "ods")
    return {"real-xls": Case(xls, None, "xls"), "real-ods": Case(ods, None, "ods")}


def build_lo_xls(root: Path, convert: Callable[[Path, str, Path], Path]) -> dict[str, Case]:
    """Real .xls files from LibreOffice, some patched: a 40-row form (Workbook stream in regular
    sectors) and a two-cell one (Workbook stream under 4096 bytes: in the mini stream)."""
    root.mkdir(parents=True, exist_ok=True)
    xls = convert(good_workbook(root / "lo-form.xlsx"), "xls", root / "xls")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B2"] = "项目支出绩效自评表", 54
    wb.save(root / "lo-tiny.xlsx")
    tiny = convert(root / "lo-tiny.xlsx", "xls", root / "xls")
    c = {"real-xls": Case(xls, None, "xls"), "real-xls-mini": Case(tiny, None, "xls")}

    def add(name: str, kind: str, src: Path, patch: Callable[[bytearray], None]) -> None:
        c[name] = Case(patch_xls(src, root / f"{name}.xls", patch), kind)

    add("xls-huge-dimension", "too-large", xls, _patch_first(0x0200, _huge_dimensions))
    add("xls-far-cell", "too-large", xls, _patch_first(0x00FD, _far_cell))           # a LABELSST
    add("xls-far-rk", "too-large", xls, _patch_first(0x027E, _far_cell))             # an RK number
    add("xls-mini-huge-dimension", "too-large", tiny, _patch_first(0x0200, _huge_dimensions))
    add("xls-mini-encrypted", "encrypted", tiny, _after_bof_filepass)
    return c


def _after_bof_filepass(data: bytearray) -> None:
    recs = xls_records(data)
    assert recs[0][1] == 0x0809
    for pos, _t, n in recs[1:]:
        if n >= 6:
            _filepass(data, pos + 4, n)
            return
    raise AssertionError("no record to turn into FILEPASS")
