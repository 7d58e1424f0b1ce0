"""Taking files in: a multipart upload parsed as it streams, with the limits enforced on the way, and
.zip archives opened without letting a member land outside the batch folder.

Nothing here trusts a name sent by a client.  A file's name (the browser's relative path for a folder
upload) becomes a path under the batch's ``in/`` folder only through :func:`safe_relpath`: no
absolute path, no drive letter, no ``..``, no control character, a bounded depth and length.  A
name that fails refuses the whole upload (a browser never sends one: only a hostile client does).

Limits (:class:`UploadLimits`, the ``serve`` command's flags): the size of one file, the number of
workbooks and the total bytes of a batch.  They are counted while the bytes arrive, before anything
is kept: the upload stops at the first byte over a limit and the batch folder is removed.  A .zip
counts with what it holds: its members' declared sizes are checked against the limits and against a
compression ratio (a zip bomb) before anything is extracted, and the bytes actually inflated are
counted again while extracting (a member that inflates past its declared size stops it).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from perfcheck.runner import EXTENSIONS

MB = 1024 * 1024
CHUNK = 64 * 1024
MAX_DEPTH = 16                  # folders in an uploaded name
MAX_PART_BYTES = 200            # one path component, UTF-8
MAX_FIELD_BYTES = 1024          # a non-file form field (ignored, but bounded)
MAX_ZIP_MEMBERS = 10_000
ZIP_RATIO = 200                 # declared uncompressed / compressed, per member above RATIO_FLOOR
RATIO_FLOOR = 1 * MB


@dataclass(frozen=True, slots=True)
class UploadLimits:
    max_file_mb: int = 50        # one file (a workbook, or a .zip as sent)
    max_files: int = 500         # workbooks in one batch (after opening .zip archives)
    max_batch_mb: int = 500      # everything uploaded in one batch (a .zip counted as inflated)

    @property
    def file_bytes(self) -> int:
        return self.max_file_mb * MB

    @property
    def batch_bytes(self) -> int:
        return self.max_batch_mb * MB


class UploadRefused(Exception):
    """The upload breaks a limit or names an unsafe path: one line in Chinese and English."""

    def __init__(self, zh: str, en: str, status: int = 400) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.status = status

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def _too_many(limits: UploadLimits) -> UploadRefused:
    return UploadRefused(f"文件太多：一批最多 {limits.max_files} 个工作簿",
                         f"too many files: at most {limits.max_files} workbooks in one batch", 413)


def _too_big_file(name: str, limits: UploadLimits) -> UploadRefused:
    return UploadRefused(f"{name}：文件过大，单个文件上限 {limits.max_file_mb} MB",
                         f"{name}: the file is too large, the limit for one file is {limits.max_file_mb} MB", 413)


def _too_big_batch(limits: UploadLimits) -> UploadRefused:
    return UploadRefused(f"上传总量过大：一批上限 {limits.max_batch_mb} MB",
                         f"the upload is too large: the limit for one batch is {limits.max_batch_mb} MB", 413)


_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_relpath(name: str) -> PurePosixPath | None:
    """A client-sent file name as a relative path that stays inside its folder, or None when it
    cannot be one (absolute, a drive, ``..``, control characters, too deep or too long)."""
    if not name or "\x00" in name:
        return None
    name = unicodedata.normalize("NFC", name.replace("\\", "/"))
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or len(parts) > MAX_DEPTH:
        return None
    for p in parts:
        if p == ".." or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in p):
            return None
        if len(p.encode("utf-8")) > MAX_PART_BYTES or p != p.strip() and p.strip() in ("", ".."):
            return None
    return PurePosixPath(*parts)


def is_workbook_name(rel: PurePosixPath) -> bool:
    return rel.suffix.lower() in EXTENSIONS and not rel.name.startswith("~$")


def place(root: Path, rel: PurePosixPath) -> Path:
    """``root / rel``, created folders included, never through a symlink and never outside ``root``;
    an existing name gets ``-2``, ``-3`` … before its extension."""
    dest = root.joinpath(*rel.parts)
    base = root.resolve()
    parent = dest.parent
    parent.mkdir(parents=True, exist_ok=True)
    if not parent.resolve().is_relative_to(base) or any(
            p.is_symlink() for p in [parent, *parent.parents] if p.is_relative_to(root)):
        raise UploadRefused(f"{rel}：路径不安全", f"{rel}: unsafe path")
    n = 1
    candidate = dest
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = dest.with_name(f"{dest.stem}-{n}{dest.suffix}")
    return candidate


@dataclass
class Received:
    """What an upload left in the batch folder."""

    files: list[Path] = field(default_factory=list)        # workbooks (and unknown files) written
    zips: list[tuple[str, Path]] = field(default_factory=list)   # (name as sent, where it was spooled)
    skipped: list[str] = field(default_factory=list)       # names not kept (not a workbook)
    total: int = 0                                         # bytes counted against the batch limit
    workbooks: int = 0


class MultipartReceiver:
    """Feeds a ``multipart/form-data`` body through python-multipart's streaming parser, writing each
    ``files`` part to disk as it arrives and stopping at the first limit broken (raises
    :class:`UploadRefused` from :meth:`write`)."""

    def __init__(self, boundary: bytes, in_dir: Path, spool: Path, limits: UploadLimits) -> None:
        from python_multipart.multipart import MultipartParser

        self.in_dir = in_dir
        self.spool = spool
        self.limits = limits
        self.got = Received()
        self._field = b""
        self._value = b""
        self._headers: dict[bytes, bytes] = {}
        self._out: BinaryIO | None = None
        self._name = ""
        self._size = 0
        self._plain = 0
        self._mode = "field"                         # "field" (dropped, bounded) | "skip" | "file"
        self._error: UploadRefused | None = None
        callbacks = {
            "on_part_begin": self._part_begin, "on_part_data": self._part_data, "on_part_end": self._part_end,
            "on_header_field": self._header_field, "on_header_value": self._header_value,
            "on_header_end": self._header_end, "on_headers_finished": self._headers_finished,
        }
        self.parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]

    # python-multipart calls these from parser.write ----------------------------------------------
    def _part_begin(self) -> None:
        self._headers = {}
        self._out = None
        self._size = 0
        self._plain = 0
        self._mode = "field"

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field = b""
        self._value = b""

    def _headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        if self._error is not None:
            return
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        field_name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None or field_name != "files":
            return                                   # a plain field: read and dropped (bounded)
        raw = filename.decode("utf-8", "replace")
        rel = safe_relpath(raw)
        if rel is None:
            self._error = UploadRefused(f"文件名不安全，已拒绝整批上传：{raw[:80]!r}",
                                        f"unsafe file name, the whole upload is refused: {raw[:80]!r}")
            return
        self._name = str(rel)
        if rel.suffix.lower() == ".zip":
            n = len(self.got.zips) + 1
            path = self.spool / f"{n}.zip"
            self.got.zips.append((self._name, path))
        elif is_workbook_name(rel):
            self.got.workbooks += 1
            if self.got.workbooks > self.limits.max_files:
                self._error = _too_many(self.limits)
                return
            path = place(self.in_dir, rel)
            self.got.files.append(path)
        else:
            self.got.skipped.append(self._name)        # counted against the batch, not kept
            self._mode = "skip"
            return
        self._mode = "file"
        self._out = path.open("xb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._error is not None:
            return
        n = end - start
        if self._mode == "field":
            self._plain += n
            if self._plain > MAX_FIELD_BYTES:
                self._error = UploadRefused("表单字段过长", "a form field is too long", 413)
            return
        self._size += n
        self.got.total += n
        if self._size > self.limits.file_bytes:
            self._error = _too_big_file(self._name, self.limits)
        elif self.got.total > self.limits.batch_bytes:
            self._error = _too_big_batch(self.limits)
        elif self._out is not None:
            self._out.write(data[start:end])

    def _part_end(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

    # ----------------------------------------------------------------------------------------------
    def write(self, chunk: bytes) -> None:
        self.parser.write(chunk)
        if self._error is not None:
            self.close()
            raise self._error

    def finish(self) -> Received:
        self.parser.finalize()
        self.close()
        if self._error is not None:
            raise self._error
        return self.got

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


# --------------------------------------------------------------------------------------------------
# .zip
# --------------------------------------------------------------------------------------------------


def _refuse_zip(name: str, zh: str, en: str, status: int = 400) -> UploadRefused:
    return UploadRefused(f"{name}：{zh}，已拒绝整个压缩包", f"{name}: {en}; the whole archive is refused", status)


def _is_skippable(rel: PurePosixPath) -> bool:
    return rel.parts[0] == "__MACOSX" or rel.name.startswith("._") or rel.name.startswith("~$")


def extract_zip(name: str, src: Path, in_dir: Path, limits: UploadLimits, got: Received) -> None:
    """Extract the workbooks of the archive ``src`` (sent as ``name``) into ``in_dir``.

    Everything is decided from the central directory first: any unsafe member name (``..``, an
    absolute path, a drive), a symlink, an encrypted member, more members than a workbook archive
    has, a declared size or ratio over the limits refuses the whole archive before a byte is
    written.  While extracting, the inflated bytes are counted again (a member that inflates past
    its declared size, or past the limits, stops the extraction and removes what it wrote)."""
    try:
        zf = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse_zip(name, "不是有效的 .zip 压缩包", "not a valid .zip archive") from None
    written: list[Path] = []
    try:
        with zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise _refuse_zip(name, f"成员过多（{len(infos)} 个）", f"too many members ({len(infos)})", 413)
            plan: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
            declared = 0
            for info in infos:
                rel = safe_relpath(info.filename)
                if rel is None:
                    raise _refuse_zip(name, f"含有不安全的路径 {info.filename[:80]!r}",
                                      f"holds an unsafe path {info.filename[:80]!r}")
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise _refuse_zip(name, f"含有符号链接 {info.filename[:80]!r}",
                                      f"holds a symbolic link {info.filename[:80]!r}")
                if info.is_dir() or _is_skippable(rel):
                    continue
                if not is_workbook_name(rel):
                    got.skipped.append(f"{name}/{rel}")
                    continue
                if info.flag_bits & 0x1:
                    raise _refuse_zip(name, "有密码保护", "is password protected")
                if info.file_size > limits.file_bytes:
                    raise _refuse_zip(name, f"{rel} 解压后超过单个文件上限 {limits.max_file_mb} MB",
                                      f"{rel} inflates past the limit for one file ({limits.max_file_mb} MB)", 413)
                if info.file_size > RATIO_FLOOR and info.file_size > ZIP_RATIO * max(1, info.compress_size):
                    raise _refuse_zip(name, f"{rel} 压缩比异常（疑似压缩炸弹）",
                                      f"{rel} has an abnormal compression ratio (a zip bomb?)", 413)
                declared += info.file_size
                plan.append((info, rel))
            if got.workbooks + len(plan) > limits.max_files:
                raise _too_many(limits)
            if got.total + declared > limits.batch_bytes:
                raise _too_big_batch(limits)
            for info, rel in plan:
                dest = place(in_dir, rel)
                written.append(dest)
                size = 0
                with zf.open(info) as fin, dest.open("xb") as fout:
                    while chunk := fin.read(CHUNK):
                        size += len(chunk)
                        got.total += len(chunk)
                        if size > info.file_size or size > limits.file_bytes:
                            raise _refuse_zip(name, f"{rel} 解压后大于声明的大小（疑似压缩炸弹）",
                                              f"{rel} inflates past its declared size (a zip bomb?)", 413)
                        if got.total > limits.batch_bytes:
                            raise _too_big_batch(limits)
                        fout.write(chunk)
                got.workbooks += 1
                got.files.append(dest)
    except UploadRefused:
        for p in written:
            p.unlink(missing_ok=True)
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, ValueError,
            NotImplementedError) as exc:
        for p in written:
            p.unlink(missing_ok=True)
        raise _refuse_zip(name, f"已损坏或无法解压（{type(exc).__name__}）",
                          f"is damaged or cannot be extracted ({type(exc).__name__})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(src)
