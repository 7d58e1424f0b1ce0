"""OLE2 / CFB containers: .xls (BIFF records walked), encrypted OOXML, or other Office documents."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

from perfcheck.config import Limits
from perfcheck.errors import InputError
from perfcheck.safety.limits import _SAVE_AS, _SAVE_AS_EN, _encrypted, _short

# --------------------------------------------------------------------------------------------------
# OLE2 / CFB: xls, encrypted OOXML, or something else
# --------------------------------------------------------------------------------------------------

_ENDOFCHAIN = 0xFFFFFFFE
_MAXREGSECT = 0xFFFFFFFA
_MAX_DIR_ENTRIES = 4096


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
