"""The annotated copy: the department's workbook as sent, with every finding marked on its cell.

What the copy is
  * .xlsx / .xlsm: the input loaded with openpyxl (not read-only: comments need it; rich text kept;
    ``keep_vba=True`` for .xlsm so ``xl/vbaProject.bin`` is carried over untouched) and saved to a new
    file.  Values, formulas, styles, merges, widths, validations and the other sheets are kept as
    openpyxl keeps them (it drops images and charts of the input: a known openpyxl limit).
  * .xls / .ods / .xlsb (openpyxl cannot read them): a new .xlsx built from the cell values read by
    python-calamine, with the same sheet names, merged ranges where calamine reports them, and
    column widths fitted to the text.  Text is always written as text.

The marks
  * every located finding: its cell (the top-left cell of a range or of a merged region) is filled
    with the colour of the most severe finding on it (``colors.FILL_ARGB``) and carries ONE comment,
    author ``perfcheck``, one line per finding: ``PC101 错误: message``;
  * the first sheet, 校验结果 (``summary.write_result_sheet``), lists everything.

Re-checking a checked copy replaces the marks instead of stacking them.  Before marking a cell the
annotator records the cell's original fill and original comment (if any) in a hidden column of
校验结果 (header ``perfcheck-marks-v1``, one JSON record per row).  On the next run it reads those
records, puts every original fill and comment back, deletes the old 校验结果 and marks afresh.  As a
fallback (records lost, e.g. the column was deleted) any comment authored ``perfcheck`` is removed,
and the fill of that cell is cleared when it is exactly one of perfcheck's three colours.
A department comment on a cell with a finding is kept: it is appended under the perfcheck lines
and restored verbatim on a re-check.

The input is never modified and never overwritten: the copy is written to a temporary file in the
target folder and moved into place with ``os.replace``; a target that resolves to the input (or to
any path in ``protect``) is refused with :class:`OutputError`.  The annotated copy is loaded with
openpyxl's merged-range formatting memoised (:func:`memoised_merge_format`), which saves the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from copy import copy
from pathlib import Path
from typing import Any

from perfcheck.findings import Finding, Report
from perfcheck.layout import SHEET_RESULT
from perfcheck.model import Severity
from perfcheck.report.colors import FILL_ARGB, worst
from perfcheck.report.common import clean_text, fit_width, message, severity_label

AUTHOR = "perfcheck"
MARKS_HEADER = "perfcheck-marks-v1"
MARKS_COLUMN = "Z"            # the hidden column of 校验结果 holding the original-format records
OUR_FILLS = frozenset(FILL_ARGB.values())


class OutputError(Exception):
    """The annotated copy (or the roll-up) cannot be written where asked; the message says why."""


# --------------------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------------------


def copy_suffix(src: Path) -> str:
    """The annotated copy's extension: .xlsm for a macro workbook, else .xlsx."""
    return ".xlsm" if src.suffix.lower() == ".xlsm" else ".xlsx"


def same_file(a: Path, b: Path) -> bool:
    """True when two paths name the same file (resolved, or the same inode when both exist)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _path_key(path: Path) -> str:
    """The resolved path as a comparable key (symlinks followed; case folded where the OS does)."""
    return os.path.normcase(str(path.resolve()))


def _inode(path: Path) -> tuple[int, int] | None:
    """(st_dev, st_ino) of the file ``path`` names (symlinks followed), or None when it does not exist."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


class ProtectedPaths:
    """A set of files that must never be overwritten, checked in O(1) per target.

    Each path is resolved once into a key, and its (st_dev, st_ino) recorded when it exists, so
    ``dest in protected`` is what ``any(same_file(dest, p) for p in paths)`` answers: the same
    resolved path, or the same file through a symlink or a hard link.  Picklable (it goes to the
    pool's workers with each task)."""

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
        """A copy that protects ``paths`` too."""
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


def atomic_write(dest: Path, save: Any, protect: Iterable[Path] | ProtectedPaths = ()) -> None:
    """Call ``save(tmp_path)`` for a temporary file beside ``dest``, then move it over ``dest``."""
    protected = ProtectedPaths.of(protect)
    check_target(dest, protected)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".perfcheck-", suffix=dest.suffix + ".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        check_target(dest, protected)
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()


# --------------------------------------------------------------------------------------------------
# Loading the copy
# --------------------------------------------------------------------------------------------------


def _sniff(src: Path) -> str:
    """"openpyxl" for an OOXML workbook openpyxl reads, else "calamine" (xls, ods, xlsb)."""
    with src.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(src) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "calamine"
        if "xl/workbook.xml" in names:
            return "openpyxl"
    return "calamine"


FAST_MERGE_FORMAT = True      # load with :func:`memoised_merge_format` (same saved bytes, ~3 × faster)

_SIDES = ("top", "left", "right", "bottom")


@contextmanager
def memoised_merge_format() -> Iterator[None]:
    """For the duration of the block, openpyxl's ``MergedCellRange.format`` remembers its results.

    While loading a workbook openpyxl calls ``MergedCellRange.format`` for every merged range: for
    each edge cell it builds a ``Border`` and adds it to the workbook's border list (hashing and
    comparing it recursively) — most of the load time on bordered forms with many merges.  The new
    border of an edge cell depends only on (its current borderId, the side, the start cell's
    borderId), and the list only grows, so the resulting index is cached per workbook under that
    key and set directly on a hit; the protection copied onto every cell of the range is added to
    the list once per range.  The cells end with exactly the style indexes the stock code gives
    them, so the saved file is byte-identical.

    Only for our own load: the stock method is restored on exit (not thread-safe: it swaps a class
    attribute; perfcheck's parallelism is processes)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles.borders import Border
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.merge import MergedCellRange

    caches: dict[int, tuple[Any, dict[tuple[int, str, int], int]]] = {}

    def fast_format(self: Any) -> None:
        ws = self.ws
        wb = ws.parent
        entry = caches.get(id(wb))
        if entry is None or entry[0] is not wb:
            entry = caches[id(wb)] = (wb, {})
        cache = entry[1]
        cells = ws._cells
        start = self.start_cell
        for name in _SIDES:
            # read afresh for each side, as the stock code does (the start cell is an edge cell too)
            start_id = start._style.borderId if start.has_style else 0
            side = getattr(start.border, name)
            if side and side.style is None:
                continue  # don't need to do anything if there is no border style
            border = None
            for coord in getattr(self, name):
                cell = cells.get(coord)
                if cell is None:
                    cell = MergedCell(ws, row=coord[0], column=coord[1])
                    cells[(cell.row, cell.column)] = cell
                key = (cell._style.borderId if cell.has_style else 0, name, start_id)
                new = cache.get(key)
                if new is None:
                    if border is None:
                        border = Border(**{name: side})
                    cell.border += border
                    cache[key] = cell._style.borderId
                else:
                    if not cell._style:
                        cell._style = StyleArray()
                    cell._style.borderId = new
        protection_id = None
        if start.protection is not None:
            protection_id = wb._protections.add(copy(start.protection))
        for coord in self.cells:
            cell = cells.get(coord)
            if cell is None:
                cell = MergedCell(ws, row=coord[0], column=coord[1])
                cells[(cell.row, cell.column)] = cell
            if protection_id is not None:
                if not cell._style:
                    cell._style = StyleArray()
                cell._style.protectionId = protection_id

    original = MergedCellRange.__dict__["format"]
    MergedCellRange.format = fast_format
    try:
        yield
    finally:
        MergedCellRange.format = original
        caches.clear()


def load_copy(src: Path, *, fast: bool | None = None) -> Any:
    """The input as an openpyxl Workbook that can be saved as the annotated copy.

    ``fast`` (default :data:`FAST_MERGE_FORMAT`): load under :func:`memoised_merge_format`."""
    import openpyxl

    if _sniff(src) == "openpyxl":
        keep_vba = src.suffix.lower() == ".xlsm"
        use_fast = FAST_MERGE_FORMAT if fast is None else fast
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # "extension is not supported and will be removed" …
            if not use_fast:
                return openpyxl.load_workbook(src, keep_vba=keep_vba, rich_text=True, keep_links=True)
            with memoised_merge_format():
                return openpyxl.load_workbook(src, keep_vba=keep_vba, rich_text=True, keep_links=True)
    return _from_values(src)


def _from_values(src: Path) -> Any:
    """A new openpyxl Workbook holding the cell values of a .xls/.ods/.xlsb (python-calamine)."""
    import openpyxl
    from openpyxl.utils import get_column_letter
    from python_calamine import CalamineWorkbook

    cwb = CalamineWorkbook.from_path(str(src))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    try:
        for name in cwb.sheet_names:
            ws = wb.create_sheet(title=name)
            sheet = cwb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            widths: dict[int, list[str]] = {}
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is None or value == "":
                        continue
                    cell = ws.cell(row=r, column=c)
                    if isinstance(value, str):
                        cell.value = clean_text(value)
                        cell.data_type = "s"          # text stays text, even "=..."
                    elif isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                        cell.value = int(value)
                    else:
                        cell.value = value
                    widths.setdefault(c, []).append(str(value))
            for c, texts in widths.items():
                ws.column_dimensions[get_column_letter(c)].width = fit_width(texts, minimum=8, maximum=40)
            merged = getattr(sheet, "merged_cell_ranges", None)
            for (r0, c0), (r1, c1) in merged or ():
                if (r0, c0) != (r1, c1):
                    ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    finally:
        cwb.close()
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    return wb


# --------------------------------------------------------------------------------------------------
# Marks
# --------------------------------------------------------------------------------------------------


def _fill_xml(fill: Any) -> str:
    from openpyxl.xml.functions import tostring

    return str(tostring(copy(fill).to_tree()).decode("utf-8"))


def _fill_from_xml(text: str) -> Any:
    from openpyxl.styles import PatternFill
    from openpyxl.styles.fills import Fill
    from openpyxl.xml.functions import fromstring

    try:
        fill = Fill.from_tree(fromstring(text))
    except Exception:  # a damaged record: no fill rather than a crash
        fill = None
    return fill if fill is not None else PatternFill()


def _fill_rgb(cell: Any) -> str | None:
    fill = cell.fill
    if getattr(fill, "patternType", None) != "solid":
        return None
    rgb = getattr(fill.fgColor, "rgb", None)
    return rgb.upper() if isinstance(rgb, str) else None


def _is_ours(comment: Any) -> bool:
    return comment is not None and (comment.author or "").strip() == AUTHOR


def _worksheets(wb: Any) -> list[Any]:
    from openpyxl.worksheet.worksheet import Worksheet

    return [ws for ws in wb.worksheets if isinstance(ws, Worksheet)]


def read_marks(wb: Any) -> list[dict[str, Any]]:
    """The original-format records kept in 校验结果 by an earlier run (empty when there are none)."""
    if SHEET_RESULT.zh not in wb.sheetnames:
        return []
    ws = wb[SHEET_RESULT.zh]
    if ws[f"{MARKS_COLUMN}1"].value != MARKS_HEADER:
        return []
    records: list[dict[str, Any]] = []
    for (value,) in ws.iter_rows(min_row=2, min_col=26, max_col=26, values_only=True):
        if not isinstance(value, str) or not value.startswith("{"):
            continue
        try:
            rec = json.loads(value)
        except ValueError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("sheet"), str) and isinstance(rec.get("cell"), str):
            records.append(rec)
    return records


def remove_marks(wb: Any) -> None:
    """Undo an earlier run: restore the recorded fills and comments, drop stray perfcheck comments
    and fills, delete the old 校验结果 sheet."""
    from openpyxl.comments import Comment

    for rec in read_marks(wb):
        if rec["sheet"] not in wb.sheetnames:
            continue
        ws = wb[rec["sheet"]]
        try:
            cell = ws[rec["cell"]]
        except (ValueError, KeyError):
            continue
        if not hasattr(cell, "column_letter") or type(cell).__name__ == "MergedCell":
            continue
        cell.fill = _fill_from_xml(str(rec.get("fill") or "<fill><patternFill/></fill>"))
        original = rec.get("comment")
        if isinstance(original, dict) and isinstance(original.get("text"), str):
            cell.comment = Comment(original["text"], str(original.get("author") or ""),
                                   height=int(original.get("height") or 79), width=int(original.get("width") or 144))
        else:
            cell.comment = None
    for ws in _worksheets(wb):
        if ws.title == SHEET_RESULT.zh:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if _is_ours(cell.comment):
                    cell.comment = None
                    if _fill_rgb(cell) in OUR_FILLS:
                        from openpyxl.styles import PatternFill

                        cell.fill = PatternFill()
    if SHEET_RESULT.zh in wb.sheetnames:
        wb.remove(wb[SHEET_RESULT.zh])


def target_cell(ws: Any, ref: str) -> str:
    """Where a finding at ``ref`` is marked: the top-left cell of a range, or of the merged region
    that holds the cell."""
    from openpyxl.utils.cell import range_boundaries

    first = ref.split(":")[0].replace("$", "")
    min_col, min_row, _, _ = range_boundaries(first)
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= min_row <= rng.max_row and rng.min_col <= min_col <= rng.max_col:
            return str(rng.start_cell.coordinate)
    return str(ws.cell(row=min_row, column=min_col).coordinate)


def comment_lines(findings: list[Finding], lang: object) -> list[str]:
    return [f"{f.code} {severity_label(f.severity, lang)}: {message(f, lang)}" for f in findings]


def _comment_size(lines: list[str]) -> tuple[int, int]:
    """(width, height) in pixels: about 36 CJK characters a line, one line height per wrapped line."""
    from perfcheck.report.common import display_width

    width_chars = 72
    wrapped = sum(max(1, -(-display_width(line) // width_chars)) for line in lines)
    return 400, min(600, 20 + 18 * wrapped)


def place_marks(wb: Any, report: Report, lang: object) -> tuple[dict[tuple[str, str], str], list[dict[str, Any]]]:
    """Fill and comment every located finding's cell.

    Returns (where each finding was marked: (sheet, finding cell) → marked cell, the records of the
    original fills and comments)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    groups: dict[tuple[str, str], list[Finding]] = {}
    where: dict[tuple[str, str], str] = {}
    for f in report.sorted_findings():
        if f.at is None or f.at.sheet not in wb.sheetnames or f.at.sheet == SHEET_RESULT.zh:
            continue
        ws = wb[f.at.sheet]
        if ws not in _worksheets(wb):
            continue
        try:
            cell = target_cell(ws, f.at.cell)
        except (ValueError, TypeError):
            continue
        where[(f.at.sheet, f.at.cell)] = cell
        groups.setdefault((f.at.sheet, cell), []).append(f)

    records: list[dict[str, Any]] = []
    for (sheet, coord), findings in groups.items():
        cell = wb[sheet][coord]
        rec: dict[str, Any] = {"sheet": sheet, "cell": coord, "fill": _fill_xml(cell.fill)}
        lines = comment_lines(findings, lang)
        old = cell.comment
        if old is not None and not _is_ours(old):
            rec["comment"] = {"text": old.text, "author": old.author, "width": old.width, "height": old.height}
            lines = [*lines, "", f"—— {old.author or ''}:", old.text]
        records.append(rec)
        argb = FILL_ARGB[worst([f.severity for f in findings])]
        cell.fill = PatternFill(fill_type="solid", fgColor=argb, bgColor=argb)
        text = clean_text("\n".join(lines))
        width, height = _comment_size(lines)
        cell.comment = Comment(text, AUTHOR, height=height, width=width)
    return where, records


def annotate(src: Path, report: Report, dest: Path, *, lang: object = "zh", strict: bool = False,
             rules_file: Path | None = None, checked_at: dt.datetime | None = None,
             protect: Iterable[Path] | ProtectedPaths = ()) -> Path:
    """Write the annotated copy of ``src`` to ``dest`` and return ``dest``.

    ``protect``: further paths that must never be overwritten (all inputs of the run, as paths or
    as a :class:`ProtectedPaths` built once); ``src`` is always protected.  Raises
    :class:`OutputError` for a refused target; loading errors propagate."""
    from perfcheck.report.summary import write_result_sheet

    protected = ProtectedPaths.of(protect).plus(src)
    check_target(dest, protected)
    wb = load_copy(src)
    remove_marks(wb)
    where, records = place_marks(wb, report, lang)
    write_result_sheet(wb, report, lang=lang, strict=strict, rules_file=rules_file,
                       checked_at=checked_at or dt.datetime.now().replace(microsecond=0),
                       where=where, marks=records)
    atomic_write(dest, wb.save, protected)
    return dest


def severities_at(wb: Any, sheet: str, cell: str) -> Severity | None:
    """The severity whose colour fills a cell of an annotated copy (None: not one of ours)."""
    rgb = _fill_rgb(wb[sheet][cell])
    for sev, argb in FILL_ARGB.items():
        if rgb == argb:
            return sev
    return None
