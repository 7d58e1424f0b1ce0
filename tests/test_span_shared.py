"""The safety precheck inflates each xlsx sheet part once and hands it to the reader; its fast span
check refuses cells spread too far whatever way the cell tags are written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from perfcheck.config import Config, Limits
from perfcheck.errors import InputError
from perfcheck.reader import read_workbook
from perfcheck.safety import precheck
from perfcheck.safety.zipcheck import _span_fast


def _sheet(cells: str) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + cells.encode() + b"</sheetData></worksheet>")


def test_near_cells_give_the_small_bound_without_counting() -> None:
    assert _span_fast(_sheet('<row r="1"><c r="A1"/><c r="Z9999"/></row>'), 2_000_000) == (9999, 26)


def test_far_cells_give_the_exact_span() -> None:
    data = _sheet('<row r="1"><c r="A1"/><c r="AB7"/><c r="C120000"/></row>')
    assert _span_fast(data, 2_000_000) == (120000, 28)
    # a limit below the small bound: the exact span even for near cells
    assert _span_fast(_sheet('<c r="B3"/><c r="A12"/>'), 100) == (12, 2)


@pytest.mark.parametrize("cells", [
    '<c s="1" r="A1"/>',           # another attribute first
    '<c\nr="A1"/>',                # white space other than one blank
    "<c/>",                        # no address
    "<c>1</c>",
    '<x:c r="A1"/>',               # a namespace prefix
    '<c r="a1"/>',                 # an address the fast scan does not read
])
def test_cell_tags_written_otherwise_take_the_slow_path(cells: str) -> None:
    assert _span_fast(_sheet(cells), 2_000_000) is None


def test_precheck_keeps_the_inflated_sheet_parts_and_the_reader_uses_them(tmp_path: Path) -> None:
    sample = next(Path(__file__).resolve().parent.parent.joinpath("samples", "good").glob("*.xlsx"))
    kept: dict[str, bytes] = {}
    assert precheck(sample, Limits(), keep=kept) == "xlsx"
    with zipfile.ZipFile(sample) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sorted(kept) == sorted(sheets)
        assert all(kept[n] == z.read(n) for n in sheets)
    with_parts = read_workbook(sample, Config(), fmt="xlsx", parts=kept)
    without = read_workbook(sample, Config(), fmt="xlsx")
    assert with_parts.forms == without.forms
    assert with_parts.formulas == without.formulas


def test_a_sheet_spread_too_far_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    sample = next(Path(__file__).resolve().parent.parent.joinpath("samples", "good").glob("*.xlsx"))
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>')
            dst.writestr(info.filename, data)
    kept: dict[str, bytes] = {}
    with pytest.raises(InputError) as exc:
        precheck(path, Limits(), keep=kept)
    assert exc.value.kind == "too-large"


def test_a_doctype_in_a_sheet_part_is_refused_when_the_parts_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "doctype.xlsx"
    sample = next(Path(__file__).resolve().parent.parent.joinpath("samples", "good").glob("*.xlsx"))
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            dst.writestr(info.filename, data)
    kept: dict[str, bytes] = {}
    for keep in (kept, None):
        with pytest.raises(InputError) as exc:
            precheck(path, Limits(), keep=keep)
        assert exc.value.kind == "hostile"
