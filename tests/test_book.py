"""perfcheck.reader.book: the sheets of a file, parsed ahead on a second thread, come in workbook
order with the same grids and the same errors as parsed one by one; the thread never outlives the
reading, and the interpreter's switch interval is given back."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from builders.corpus import CHART_SHEET, FORM, LISTS, build_corpus
from python_calamine import CalamineWorkbook, SheetTypeEnum

from perfcheck.errors import InputError
from perfcheck.reader import book as book_module
from perfcheck.reader.book import Book
from perfcheck.reader.grid import Grid

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "共青城市工信局2023.xlsx"


def _parse_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "perfcheck-parse"]


def _one_by_one(path: Path) -> list[tuple[str, list[list[Any]] | None]]:
    """What a loop that parses each sheet when it needs it reads (the reader before the thread)."""
    wb = CalamineWorkbook.from_path(str(path))
    out: list[tuple[str, list[list[Any]] | None]] = []
    for meta in wb.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            out.append((meta.name, None))
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        out.append((meta.name, Grid(meta.name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges).rows))
    return out


def test_sheets_come_in_workbook_order_as_parsed_one_by_one(tmp_path: Path) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    before = sys.getswitchinterval()
    with Book(path) as book:
        assert book.names == [FORM, LISTS, CHART_SHEET]
        got = [(name, None if grid is None else grid.rows) for name, grid in book]
    assert got == _one_by_one(path)
    assert got[2] == (CHART_SHEET, None)          # a chart sheet is listed, with no grid
    assert _parse_threads() == []
    assert sys.getswitchinterval() == before


def test_the_seed_sample_reads_the_same_with_merges() -> None:
    with Book(SAMPLE) as book:
        grids = {name: grid for name, grid in book}
    expected = _one_by_one(SAMPLE)
    assert [(n, None if g is None else g.rows) for n, g in grids.items()] == expected
    assert any(g is not None and g.merge_end for g in grids.values())     # the form's merged cells came along


def test_switch_interval_is_short_while_parsing_and_given_back(tmp_path: Path) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    before = sys.getswitchinterval()
    with Book(path) as book:
        assert sys.getswitchinterval() == min(before, book_module._SWITCH_INTERVAL)
        with Book(path) as other:          # two readers at once (perfcheck serve): counted
            list(other)
        assert sys.getswitchinterval() == min(before, book_module._SWITCH_INTERVAL)
        list(book)
    assert sys.getswitchinterval() == before


class _Panic(BaseException):
    """What python-calamine raises for a Rust panic (pyo3's PanicException: not an Exception)."""


class _FailingBook:
    """calamine's workbook whose parse of one sheet fails, as a damaged sheet part does."""

    def __init__(self, real: Any, bad: str, error: BaseException | None = None) -> None:
        self.real, self.bad = real, bad
        self.error = error or ValueError("XML error: unexpected end of file\nmore detail")

    def get_sheet_by_name(self, name: str) -> Any:
        if name == self.bad:
            raise self.error
        return self.real.get_sheet_by_name(name)

    def close(self) -> None:
        self.real.close()


def test_a_sheet_that_cannot_be_parsed_is_the_files_error_and_stops_the_thread(tmp_path: Path) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    book = Book(path)
    book._book = _FailingBook(book._book, LISTS)      # type: ignore[assignment]
    seen: list[str] = []
    with pytest.raises(InputError) as err, book:
        for name, _grid in book:
            seen.append(name)
    assert seen == [FORM]                             # the sheets before it were read, in order
    assert err.value.kind == "corrupt"
    assert "工作表无法读取" in err.value.reason("zh") and "unexpected end of file" in err.value.reason("zh")
    assert "more detail" not in err.value.reason("en")    # one line
    assert _parse_threads() == []


def test_leaving_early_stops_the_thread(tmp_path: Path) -> None:
    before = sys.getswitchinterval()
    with pytest.raises(RuntimeError, match="stop here"), Book(SAMPLE) as book:
        for _name, _grid in book:
            raise RuntimeError("stop here")          # the reader fails on the first sheet
    assert _parse_threads() == []
    assert sys.getswitchinterval() == before


def test_not_a_workbook_is_corrupt_and_starts_no_thread(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as err:
        Book(bad)
    assert err.value.kind == "corrupt"
    assert _parse_threads() == []


def test_sheets_are_read_only_inside_the_with_block(tmp_path: Path) -> None:
    book = Book(build_corpus(tmp_path / "corpus.xlsx"))
    try:
        with pytest.raises(RuntimeError, match="entered"):
            next(iter(book))
    finally:
        book.close()


def test_without_a_core_to_spare_the_sheets_are_parsed_in_turn_on_the_readers_thread(tmp_path: Path) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    before = sys.getswitchinterval()
    with Book(path, ahead=False) as book:
        got = []
        for name, grid in book:
            assert _parse_threads() == []          # no thread, at any point
            got.append((name, None if grid is None else grid.rows))
        assert sys.getswitchinterval() == before
    assert got == _one_by_one(path)


def test_parse_ahead_sets_the_default(tmp_path: Path) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    saved = book_module._ahead
    try:
        book_module.parse_ahead(False)
        with Book(path) as book:
            assert book._thread is None
            list(book)
        book_module.parse_ahead(True)
        with Book(path) as book:
            assert book._thread is not None
            list(book)
    finally:
        book_module.parse_ahead(saved)


def test_a_sheet_that_cannot_be_parsed_in_turn_is_the_files_error_too(tmp_path: Path) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    book = Book(path, ahead=False)
    book._book = _FailingBook(book._book, LISTS)      # type: ignore[assignment]
    with pytest.raises(InputError) as err, book:
        list(book)
    assert err.value.kind == "corrupt" and "unexpected end of file" in err.value.reason("en")


@pytest.mark.parametrize("ahead", [True, False])
def test_a_panic_in_calamine_is_the_files_error_not_a_traceback(tmp_path: Path, ahead: bool) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    book = Book(path, ahead=ahead)
    book._book = _FailingBook(book._book, LISTS, _Panic("called `Option::unwrap()` on a `None` value"))  # type: ignore[assignment]
    with pytest.raises(InputError) as err, book:
        list(book)
    assert err.value.kind == "corrupt" and "unwrap" in err.value.reason("en")
    assert _parse_threads() == []


def test_an_interruption_is_not_taken_for_a_damaged_sheet(tmp_path: Path) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx")
    book = Book(path, ahead=False)
    book._book = _FailingBook(book._book, LISTS, KeyboardInterrupt())  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt), book:
        list(book)
