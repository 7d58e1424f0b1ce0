"""perfcheck/formulas.py: formulas read from the sheet XML and the cells they read (test_one_defect has
the engine's use of them)."""

from __future__ import annotations

import pytest

from perfcheck.formulas import (
    FormulaMap,
    col_index,
    parse_a1,
    references,
    scan_sheet_formulas,
    shift_formula,
)


@pytest.mark.parametrize(("letters", "index"), [("A", 0), ("Z", 25), ("AA", 26), ("$AZ", 51), ("XFD", 16383)])
def test_col_index(letters: str, index: int) -> None:
    assert col_index(letters) == index


@pytest.mark.parametrize(("cell", "pos"), [("A1", (0, 0)), ("H23", (22, 7)), ("$B$6", (5, 1)), ("D13:H18", (12, 3))])
def test_parse_a1(cell: str, pos: tuple[int, int]) -> None:
    assert parse_a1(cell) == pos


def test_shift_keeps_anchors_and_text() -> None:
    assert shift_formula("F13/E13*G$5", 1, 0) == "F14/E14*G$5"
    assert shift_formula("$A1+B$2+$C$3", 2, 2) == "$A3+D$2+$C$3"
    assert shift_formula('IF(A1="B2",SUM(C1:C3),0)', 1, 1) == 'IF(B2="B2",SUM(D2:D4),0)'   # "B2" is text
    assert shift_formula("'项目 1'!E6", 1, 0) == "'项目 1'!E7"
    assert shift_formula("Z9", 0, 0) == "Z9"


def test_references_of_a_formula() -> None:
    refs = references("SUM(H13:H18)+'项目''1'!E6+项目汇总!$G$4+LOG10(2)+\"A1\"", "项目1")
    assert refs == [("项目1", (12, 7), (17, 7)), ("项目'1", (5, 4), (5, 4)), ("项目汇总", (3, 6), (3, 6))]
    assert references("H18:H13") == [(None, (12, 7), (17, 7))]          # a reversed range, normalised


def test_scan_reads_prefixed_cell_elements() -> None:
    """Sheets written with a prefix for the main namespace (``<x:c r="B1"><x:f>``, as the .NET Open XML
    SDK writes them) give the same formulas, shared ones included; a ``:c `` in a text is no cell."""
    xml = (b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
           b'<x:c r="B1" s="2"><x:f>A1*2</x:f><x:v>2</x:v></x:c>'
           b'<x:c r="C1"><x:f t="shared" si="0" ref="C1:D1">A1+1</x:f></x:c><x:c r="D1"><x:f t="shared" si="0"/></x:c>'
           b'<x:c r="E1" t="inlineStr"><x:is><x:t>see note:c d</x:t></x:is></x:c>'
           b'<x:c r="F1"><x:f>E1&amp;"x"</x:f></x:c></x:row></x:sheetData>')
    assert scan_sheet_formulas(xml) == {(0, 1): "A1*2", (0, 2): "A1+1", (0, 3): "B1+1", (0, 5): 'E1&"x"'}


def test_scan_reads_plain_shared_prefixed_and_escaped_formulas() -> None:
    """(A prefixed ``<x:f>`` inside a plain ``<c>`` is read too.)"""
    xml = (b'<sheetData><row r="6"><c r="E6"><f>SUM(E7:E9)</f><v>95</v></c>'
           b'<c r="H6" t="str"><x:f>IF(F6&gt;0,"&amp;",1)</x:f><v>&amp;</v></c></row>'
           b'<row r="13"><c r="H13"><f t="shared" si="3" ref="H13:I14">F13*2</f></c>'
           b'<c r="I13"><f t="shared" si="3"/></c></row>'
           b'<row r="14"><c r="H14"><f t="shared" si="3"/></c><c r="J14"><f t="shared" si="9"/></c>'
           b'<c r="K14"><v>1</v></c></row></sheetData>')
    assert scan_sheet_formulas(xml) == {
        (5, 4): "SUM(E7:E9)", (5, 7): 'IF(F6>0,"&",1)',
        (12, 7): "F13*2", (12, 8): "G13*2", (13, 7): "F14*2",   # J14's master (si 9) is absent: left out
    }
    assert scan_sheet_formulas(b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>') == {}


def test_formula_map_edges() -> None:
    fm = FormulaMap({
        "s": {(5, 4): "SUM(E7:E9)", (5, 7): "F6/E6", (0, 0): "SUM(A:A)", (1, 1): "SUM(C1:C10000)+'t'!A1"},
        "t": {(0, 0): "s!E6*2"},
    })
    assert fm.formula("s", (5, 7)) == "F6/E6" and fm.formula("s", (9, 9)) is None and fm.formula("x", (0, 0)) is None
    assert fm.has_formulas("t") and not fm.has_formulas("x")
    assert fm.direct(("s", (5, 4))) == {("s", (6, 4)), ("s", (7, 4)), ("s", (8, 4))}
    assert fm.direct(("s", (1, 1))) == {("s", (r, 2)) for r in range(10000)} | {("t", (0, 0))}  # 10,000 still a list
    assert fm.direct(("s", (0, 0))) == frozenset()                            # a whole column is not
    assert fm.inputs("t", (0, 0)) == {("s", (5, 4)), ("s", (6, 4)), ("s", (7, 4)), ("s", (8, 4))}
    assert fm.readers("s", (5, 4)) == [(5, 7)]
    # E7 → E6 → H6 and t!A1 → B2 (which reads t!A1): across sheets, transitively
    assert fm.dependents([("s", (6, 4))]) == {("s", (5, 4)), ("s", (5, 7)), ("t", (0, 0)), ("s", (1, 1))}
