"""A workbook file opened with python-calamine, its worksheets given one at a time as Grids, each
parsed ahead of the reader on a second thread.

Parsing a sheet (``CalamineWorkbook.get_sheet_by_name``: inflating and reading its XML into
calamine's own cells) runs in Rust without Python's global interpreter lock; only turning the
cells into Python lists (``to_python``) needs it.  So one thread parses the sheets in workbook order
while the reader turns the sheet before into the model: on a machine with two cores the parse,
about a third of reading a workbook, leaves the reader's path (the reader itself runs a little
slower beside it: the measured gain on 500 forms is 0.06–0.13 s of 1.3 s, benchmarks/README.md).
The reader sees the same sheets, in the same order, with the same errors, as from a loop that
parses each sheet when it is needed.

A Rust panic inside calamine (python-calamine raises ``PanicException``, which is not an
``Exception``) on a damaged sheet is that sheet's error too, like any other: a one-line message,
never a traceback.

Where no core is left for it -- a machine with one core, or the workers of a folder run that keep
every core busy already (:func:`parse_ahead`) -- the sheets are parsed one by one on the reader's
thread, as that loop does.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from perfcheck.errors import InputError
from perfcheck.reader.grid import Grid

# While the parse thread runs the interpreter hands the lock over more often (every 0.5 ms, not
# 5 ms): a parsed sheet waits less for the reader thread to let it go, so the next parse starts
# sooner.  The reader holds the lock all the time it works; with the default interval the parse
# thread would get one sheet done per 5 ms at best.
_SWITCH_INTERVAL = 0.0005
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


def _cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):    # not on every platform
        return os.cpu_count() or 1


_ahead = _cores() > 1


def parse_ahead(on: bool) -> None:
    """Whether the sheets of the files this process reads are parsed ahead on a second thread (by
    default when the process may use more than one core).  The workers of a folder run turn it off
    when they are more than half as many as the cores: each of them keeps a core busy already."""
    global _ahead
    _ahead = on


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def _failure(exc: BaseException) -> bool:
    """True for an error that a sheet's parse or conversion raised (calamine's own errors, a Rust
    panic); False for an interruption, which is let through."""
    return not isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit))


def _corrupt_sheet(exc: BaseException) -> InputError:
    r = _reason(exc)
    return InputError("corrupt", f"工作表无法读取，文件可能已损坏（{r}）",
                      f"a sheet cannot be read; the file may be damaged ({r})")


def _use_short_switch(on: bool) -> None:
    """Shorten the interpreter's switch interval while at least one parse thread runs (counted,
    for readers on several threads at once, as under ``perfcheck serve``)."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if on:
            if _switch_users == 0:
                _switch_saved = sys.getswitchinterval()
                sys.setswitchinterval(min(_switch_saved, _SWITCH_INTERVAL))
            _switch_users += 1
        else:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


class Book:
    """The sheets of one workbook file: ``names`` (every sheet, in workbook order) and, iterated,
    ``(name, Grid)`` for each sheet in that order (``Grid`` None for a chart or macro sheet).

    Use it as a context manager: leaving it stops the parse thread, waits for it and closes the
    file, whether the sheets were all read or not.  ``ahead`` False (default: :func:`parse_ahead`'s
    setting) parses each sheet on the reader's thread when it is reached.  Opening raises
    ``InputError`` for a file calamine cannot open (encrypted: "encrypted"; anything else:
    "corrupt"); iterating raises it for a sheet that cannot be read."""

    def __init__(self, path: Path, *, ahead: bool | None = None) -> None:
        try:
            from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise InputError("internal", "缺少 python-calamine", "python-calamine is not installed") from exc
        try:
            self._book = CalamineWorkbook.from_path(str(path))
        except PasswordError:
            raise InputError("encrypted", "工作簿有密码保护，无法读取", "the workbook is password-protected") from None
        except Exception as exc:  # calamine raises its own errors, zip/xml errors, OSError ...
            r = _reason(exc)
            raise InputError("corrupt", f"文件已损坏或不是可读的工作簿（{r}）",
                             f"the file is damaged or not a readable workbook ({r})") from None
        try:
            metas = [(m.name, m.typ == SheetTypeEnum.WorkSheet) for m in self._book.sheets_metadata]
        except Exception as exc:
            self._book.close()
            raise _corrupt_sheet(exc) from None
        self.names: list[str] = [name for name, _ in metas]
        self._worksheets = [name for name, is_sheet in metas if is_sheet]
        self._is_sheet = dict(metas)
        self._ahead = _ahead if ahead is None else ahead
        self._parsed: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._entered = False

    # -- the parse thread --------------------------------------------------------------------------

    def _parse(self) -> None:
        """On the parse thread: each worksheet parsed in order, or the exception its parse raised
        (then nothing after it: the reader stops at that sheet)."""
        for name in self._worksheets:
            if self._stop.is_set():
                return
            try:
                sheet = self._book.get_sheet_by_name(name)
            except BaseException as exc:   # handed to the reader, raised there as the file's error
                self._parsed.put(exc)
                return
            self._parsed.put(sheet)

    def __enter__(self) -> Book:
        self._entered = True
        if self._ahead and self._worksheets:
            _use_short_switch(True)
            self._thread = threading.Thread(target=self._parse, name="perfcheck-parse", daemon=True)
            try:
                self._thread.start()
            except BaseException:
                self._thread = None
                _use_short_switch(False)
                raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the parse thread after the sheet it is parsing, wait for it, close the file."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join()
            _use_short_switch(False)
        self._book.close()

    # -- the reader's side -------------------------------------------------------------------------

    def __iter__(self) -> Iterator[tuple[str, Grid | None]]:
        if not self._entered:
            raise RuntimeError("Book must be entered (with Book(path) as book) before its sheets are read")
        for name in self.names:
            if not self._is_sheet[name]:
                yield name, None
                continue
            try:
                sheet = self._next_parsed(name)
                rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
                grid = Grid(name, rows, sheet.merged_cell_ranges)
            except BaseException as exc:
                if not _failure(exc):
                    raise
                raise _corrupt_sheet(exc) from None
            yield name, grid

    def _next_parsed(self, name: str) -> Any:
        """The worksheet ``name``, the next in order: from the parse thread (raising what its parse
        raised), or parsed here when there is none."""
        if self._thread is None:
            return self._book.get_sheet_by_name(name)
        got = self._parsed.get()
        if isinstance(got, BaseException):
            raise got
        return got
