"""Where every output of a run goes and how it is written.

* Names: the annotated copy of ``dir/name.xlsx`` is ``name.checked.xlsx`` (``.xlsm`` for a macro
  workbook; .xls/.ods give ``.xlsx``) beside the input, or under ``--out DIR`` (created) with the input
  folders mirrored relative to the common parent of the PATHs given (``in/a/x.xlsx`` and ``in/b/x.xlsx``
  checked as ``in/`` go to ``DIR/a/x.checked.xlsx`` and ``DIR/b/x.checked.xlsx``; :func:`plan_outputs`).
  The stem is sanitised by :func:`safe_output_path` (no path separators, no ``..``, no control or
  Windows-reserved characters, at most 100 characters / 180 UTF-8 bytes); a re-checked copy's
  ``.checked`` is dropped first.  When two inputs would get the same name (``a.xlsx`` beside ``a.ods``,
  or stems that sanitising made equal) the later one in sorted order gets ``-2``, ``-3`` …; a name that
  is an input is never used.
* The roll-up (:func:`plan_rollup`) is written when more than one file is checked, or with
  ``--summary FILE``: to FILE, else ``汇总.xlsx`` in ``--out DIR``, else beside the first input.  An
  explicit FILE that is an input is a usage error; the default name steps to ``汇总-2.xlsx`` instead.
* Protection: :class:`ProtectedPaths` (every input, resolved and stat-ed once per run) and
  :func:`check_target` refuse a target that is an input.
* Writing: :func:`atomic_write` / :func:`write_bytes` write a temporary file beside the target (its
  name carries the writer's pid), give it the umask's mode and move it over the target; on failure no
  older file of that name is left.  :func:`clean_stale_temps` removes temporaries of dead writers.
* Own outputs: :func:`is_own_output` — Office lock files, perfcheck's roll-ups
  (:func:`is_rollup`) and annotated copies nobody changed since perfcheck wrote them
  (:func:`is_unchanged_output`, from the record inside the copy; see report/annotate.py) — are
  skipped when a folder is searched.

The runner, the annotator, the roll-up, the export and ``perfcheck serve`` all ask this module.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcheck.errors import OutputError as OutputError
from perfcheck.errors import PackageError, UsageError

if TYPE_CHECKING:
    from perfcheck.report.package import Package

RECORD_PART = "customXml/perfcheckRecord.xml"      # the annotated copy's record (report/annotate.py)
ROLLUP_MARKER = "perfcheck-rollup"                 # the roll-up's custom document property
DEFAULT_NAME = "汇总.xlsx"                          # the roll-up's default name


# --------------------------------------------------------------------------------------------------
# Protection and writing
# --------------------------------------------------------------------------------------------------


def copy_suffix(src: Path) -> str:
    """The annotated copy's extension: .xlsm for a macro workbook, else .xlsx."""
    return ".xlsm" if src.suffix.lower() == ".xlsm" else ".xlsx"


def _path_key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


class ProtectedPaths:
    """A set of files that must never be overwritten, checked in O(1) per target.

    Each path is resolved once into a key, and its (st_dev, st_ino) recorded when it exists, so
    ``dest in protected`` answers "is dest one of these files?" (same path or same inode).  Picklable."""

    __slots__ = ("inodes", "keys")

    def __init__(self, paths: Iterable[Path] = ()) -> None:
        keys: set[str] = set()
        inodes: set[tuple[int, int]] = set()
        for p in paths:
            try:
                keys.add(_path_key(p))
            except (OSError, RuntimeError, ValueError):
                continue
            ino = _inode(p)
            if ino is not None:
                inodes.add(ino)
        self.keys: frozenset[str] = frozenset(keys)
        self.inodes: frozenset[tuple[int, int]] = frozenset(inodes)

    @classmethod
    def of(cls, protect: Iterable[Path] | ProtectedPaths) -> ProtectedPaths:
        return protect if isinstance(protect, ProtectedPaths) else cls(protect)

    def plus(self, *paths: Path) -> ProtectedPaths:
        extra = ProtectedPaths(paths)
        new = ProtectedPaths()
        new.keys = self.keys | extra.keys
        new.inodes = self.inodes | extra.inodes
        return new

    def __contains__(self, dest: object) -> bool:
        if not isinstance(dest, Path):
            return False
        try:
            if _path_key(dest) in self.keys:
                return True
        except (OSError, RuntimeError, ValueError):
            return False
        ino = _inode(dest)
        return ino is not None and ino in self.inodes

    def __len__(self) -> int:
        return len(self.keys)

    def __getstate__(self) -> tuple[frozenset[str], frozenset[tuple[int, int]]]:
        return (self.keys, self.inodes)

    def __setstate__(self, state: tuple[frozenset[str], frozenset[tuple[int, int]]]) -> None:
        self.keys, self.inodes = state


def check_target(dest: Path, protect: Iterable[Path] | ProtectedPaths) -> None:
    """Refuse a target that is (or resolves to) a protected input."""
    if dest in ProtectedPaths.of(protect):
        raise OutputError(f"{dest}: 输出文件与输入文件相同，拒绝覆盖 / the output is an input file, refusing to overwrite it")


TEMP_PREFIX = ".perfcheck-"
_TEMP_RE = re.compile(r"^\.perfcheck-(\d+)-[0-9a-f]+\..*\.tmp$")
_UMASK: int | None = None


def file_mode() -> int:
    """The mode a new file gets under the process's umask (0o666 & ~umask), read once."""
    global _UMASK
    if _UMASK is None:
        try:
            with open(f"/proc/{os.getpid()}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Umask:"):
                        _UMASK = int(line.split()[1], 8)
                        break
        except (OSError, ValueError):
            pass
        if _UMASK is None:          # no /proc: the classic read-and-restore (once per process)
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
    return 0o666 & ~_UMASK


def temp_name(dest: Path) -> Path:
    """A temporary file beside ``dest`` whose name carries the writer's pid (see :func:`clean_stale_temps`)."""
    return dest.with_name(f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{dest.suffix}.tmp")


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs.  A zombie (exited, not yet reaped: a killed run's worker
    whose new parent has not collected it) writes nothing any more and counts as gone."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True                 # no /proc: trust kill(0)
    return state not in (b"Z", b"X")


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files left in ``folder`` by a perfcheck run that was killed: only those whose
    writer (the pid in the name) no longer runs.  Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        m = _TEMP_RE.match(p.name)
        if m is None or _pid_alive(int(m.group(1))):
            continue
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def atomic_write(dest: Path, save: Callable[[Path], Any], protect: Iterable[Path] | ProtectedPaths = ()) -> None:
    """Call ``save(tmp_path)`` for a temporary file beside ``dest``, then move it over ``dest``.

    The file gets the umask's mode.  On any failure the temporary file is removed and so is an older
    ``dest`` (no stale output that could pass for this run's), and :class:`OutputError` is raised."""
    protected = ProtectedPaths.of(protect)
    check_target(dest, protected)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{dest.parent}: {exc.strerror or exc}") from None
    tmp = temp_name(dest)
    try:
        save(tmp)
        os.chmod(tmp, file_mode())
        check_target(dest, protected)
        os.replace(tmp, dest)
    except OutputError:
        _drop_stale(dest, protected)
        raise
    except Exception as exc:
        _drop_stale(dest, protected)
        _collect_quietly()
        cause = exc
        while not isinstance(cause, OSError) and cause.__cause__ is not None:   # a library's wrapper
            cause = cause.__cause__  # type: ignore[assignment]
        why = (cause.strerror or str(cause)) if isinstance(cause, OSError) else f"{type(exc).__name__}: {exc}"
        raise OutputError(f"{dest}: {why}") from None
    finally:
        try:
            if tmp.exists():
                tmp.unlink()
        except OSError:
            pass


def _collect_quietly() -> None:
    """Collect what a failed writer left (a half-written ZipFile) without its __del__ printing a
    traceback on stderr."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _drop_stale(dest: Path, protected: ProtectedPaths) -> None:
    try:
        if dest.exists() and dest not in protected and not dest.is_dir():
            dest.unlink()
    except OSError:
        pass


def write_bytes(dest: Path, data: bytes, protect: Iterable[Path] | ProtectedPaths = ()) -> None:
    def save(tmp: Path) -> None:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(dest, save, protect)


# --------------------------------------------------------------------------------------------------
# Output names
# --------------------------------------------------------------------------------------------------

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in "0123456789¹²³"),
             *(f"LPT{i}" for i in "0123456789¹²³")}
_UNSAFE = re.compile(r'[\\/:*?"<>|]')
MAX_NAME_CHARS = 100
MAX_NAME_BYTES = 180


def safe_output_path(input_path: Path, out_dir: Path, suffix: str = ".checked.xlsx") -> Path:
    """``out_dir / (<cleaned input stem> + suffix)``: a single file name that cannot leave ``out_dir``
    (no separators, ``..``, control or bidi characters, leading dots, Windows-reserved names), at
    most 100 characters / 180 UTF-8 bytes of stem cut at whole characters, and never the input itself."""
    if not suffix or _UNSAFE.search(suffix) or any(not ch.isprintable() for ch in suffix):
        raise ValueError(f"unsafe suffix {suffix!r}")
    name = Path(str(input_path).replace("\\", "/")).name
    stem = name
    for ext in (".xlsx", ".xlsm", ".xls", ".ods", ".et", ".xltx", ".xltm"):
        if stem.lower().endswith(ext) and len(stem) > len(ext):
            stem = stem[: -len(ext)]
            break
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join(" " if ch.isspace() else "_" if not ch.isprintable() else ch for ch in stem)
    stem = _UNSAFE.sub("_", stem)
    while ".." in stem:
        stem = stem.replace("..", ".")
    stem = stem.strip(" .") or "workbook"
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = "_" + stem
    stem = _cap(stem)
    out = out_dir / f"{stem}{suffix}"
    n = 1
    while _same_file(out, input_path) or out.is_symlink():
        n += 1
        out = out_dir / f"{stem}-{n}{suffix}"
    return out


def _cap(stem: str) -> str:
    stem = stem[:MAX_NAME_CHARS]
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    while stem and unicodedata.combining(stem[-1]):
        stem = stem[:-1]
    return stem.rstrip(" .") or "workbook"


def _same_file(a: Path, b: Path) -> bool:
    try:
        if os.path.abspath(a) == os.path.abspath(b) or a.resolve() == Path(b).resolve():
            return True
        return a.exists() and Path(b).exists() and os.path.samefile(a, b)
    except (OSError, ValueError):                 # ValueError: a NUL in the input's name
        return False




def _base_name(src: Path) -> str:
    """The input's name with a re-checked copy's ``.checked`` dropped: ``a.checked.xlsx`` → ``a.xlsx``."""
    stem = src.stem
    while stem.lower().endswith(".checked") and len(stem) > len(".checked"):
        stem = stem[: -len(".checked")]
    return stem + src.suffix


def common_base(paths: Iterable[Path]) -> Path | None:
    """The common parent of the inputs as given (a folder itself, a file's folder), or None when they
    share none (other drives)."""
    folders = [os.path.abspath(p if p.is_dir() else p.parent) for p in paths]
    if not folders:
        return None
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:
        return None


def mirrored_folder(src: Path, out: Path, base: Path | None) -> Path:
    """``src``'s folder under ``out``, mirrored relative to ``base`` (``out`` itself when ``src`` is
    not under ``base``).  The parts are existing folder names, so they are safe as they are."""
    if base is None:
        return out
    try:
        rel = Path(os.path.abspath(src.parent)).relative_to(base)
    except ValueError:
        return out
    parts = [p for p in rel.parts if p not in ("", ".", "..")]
    return out.joinpath(*parts) if parts else out


def plan_outputs(inputs: Sequence[Path], out: Path | None, *, reserved: Iterable[Path] = (),
                 base: Path | None = None, protect: ProtectedPaths | None = None) -> dict[Path, Path]:
    """input → annotated copy path, collision-free and never an input (see the module doc).

    With ``out``, the inputs' folders are mirrored under it relative to ``base`` (default: the
    common parent of the inputs' folders), so copies of same-named files of different folders
    never collide."""
    protected = protect if protect is not None else ProtectedPaths(inputs)   # each input resolved once
    claimed: set[str] = {os.path.normcase(str(p.resolve())) for p in reserved}
    if out is not None and base is None:
        base = common_base([src.parent for src in inputs])
    plan: dict[Path, Path] = {}
    for src in inputs:
        folder = mirrored_folder(src, out, base) if out is not None else src.parent
        suffix = ".checked" + copy_suffix(src)
        first = safe_output_path(src.with_name(_base_name(src)), folder, suffix)   # sanitised name
        stem = first.name[: -len(suffix)]
        n = 1
        while True:
            dest = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            key = os.path.normcase(str(dest.resolve()))
            if key not in claimed and not dest.is_symlink() and dest not in protected:
                break
            n += 1
        claimed.add(key)
        plan[src] = dest
    return plan


def plan_rollup(inputs: Sequence[Path], out: Path | None, summary: Path | None, *,
                protect: ProtectedPaths | None = None) -> Path:
    """Where the roll-up goes (see the module doc).  Raises UsageError for an explicit input path."""
    protected = protect if protect is not None else ProtectedPaths(inputs)
    if summary is not None:
        dest = summary if summary.suffix.lower() == ".xlsx" else summary.with_name(summary.name + ".xlsx")
        if dest in protected:
            raise UsageError(f"{dest}: 汇总文件不能是输入文件", f"{dest}: the roll-up cannot overwrite an input")
        if dest.is_dir():
            raise UsageError(f"{dest}: 是文件夹，--summary 需要文件名", f"{dest}: is a folder, --summary needs a file name")
        return dest
    folder = out if out is not None else inputs[0].parent
    stem, suffix = Path(DEFAULT_NAME).stem, Path(DEFAULT_NAME).suffix
    n = 1
    while True:
        dest = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        if dest not in protected:
            return dest
        n += 1


# --------------------------------------------------------------------------------------------------
# Own outputs (skipped when a folder is searched)
# --------------------------------------------------------------------------------------------------


def is_own_output(path: Path) -> bool:
    """An Office lock file, a roll-up written by perfcheck, or an annotated copy that perfcheck wrote
    and nobody changed since (its record's CRC-32s and sizes still match the zip's members: see
    :func:`is_unchanged_output`).  A returned copy that a department edited is an input like
    any other, whatever its name."""
    name = path.name.lower()
    if path.name.startswith("~$"):
        return True
    if name.endswith((".xlsx", ".xlsm")) and is_unchanged_output(path):
        return True
    if name.endswith(".xlsx"):
        return is_rollup(path)
    return False


def is_rollup(path: Path) -> bool:
    """True when ``path`` is a roll-up written by perfcheck (its custom property), read cheaply."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/custom.xml")
            if info.file_size > 1_000_000:
                return False
            return ROLLUP_MARKER.encode() in z.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def is_unchanged_output(path: Path) -> bool:
    """True for an annotated copy that perfcheck wrote and nobody changed since (see the module doc)."""
    try:
        with zipfile.ZipFile(path) as zf:
            if RECORD_PART not in zf.NameToInfo:
                return False
            from perfcheck.report.package import Package  # only for a copy perfcheck wrote

            pkg = Package.open(zf)
            rec = read_record(pkg)
            return rec is not None and record_matches(pkg, rec)
    except (OSError, zipfile.BadZipFile, PackageError, ValueError, KeyError, RuntimeError):
        return False


def read_record(pkg: Package) -> dict[str, Any] | None:
    if RECORD_PART not in pkg:
        return None
    m = re.search(r"<record[^>]*>(.*)</record>", pkg.read(RECORD_PART).decode("utf-8", "replace"), re.S)
    if m is None:
        return None
    try:
        rec = json.loads(unescape(m.group(1)) if "&" in m.group(1) else m.group(1))
    except ValueError:
        return None
    return rec if isinstance(rec, dict) and rec.get("v") == 2 else None


def record_matches(pkg: Package, rec: dict[str, Any]) -> bool:
    written = rec.get("written")
    if not isinstance(written, dict):
        return False
    names = set(pkg.order) - {RECORD_PART}
    if names != set(written):
        return False
    return all(list(pkg.crc_size(n)) == written[n] for n in names)
