"""One defect, one finding, as a property of the engine; formulas read from the sheet XML."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from builders import Example

from perfcheck import api
from perfcheck.config import Config
from perfcheck.examples.model import m
from perfcheck.formulas import FormulaMap, references, scan_sheet_formulas, shift_formula
from perfcheck.model import CellRef, CodedHit, Hit, Severity
from perfcheck.rules import engine
from perfcheck.rules.base import all_rules
from perfcheck.template.empty import write_template

REG = {r.code: r for r in all_rules()}
SEV = {c: r.severity for c, r in REG.items()}


# -- formulas ----------------------------------------------------------------------------------------


def test_shared_formulas_are_expanded_by_their_offset() -> None:
    xml = (b'<sheetData><row r="13"><c r="H13"><f t="shared" si="0" ref="H13:H15">F13/E13*G$5</f><v>1</v></c>'
           b'</row><row r="14"><c r="H14"><f t="shared" si="0"/><v>1</v></c></row>'
           b'<row r="15"><c r="H15" t="str"><f>IF(A1="x","F9",SUM(F7:F9))</f><v>3</v></c></row></sheetData>')
    got = scan_sheet_formulas(xml)
    assert got[(12, 7)] == "F13/E13*G$5"
    assert got[(13, 7)] == "F14/E14*G$5"
    assert got[(14, 7)] == 'IF(A1="x","F9",SUM(F7:F9))'


def test_references_skip_text_and_functions_and_keep_other_sheets() -> None:
    refs = references("IF(COUNT(I6,H13:H18)=0,\"H99\",SUM(I6,H13:H18))+'项目 1'!E6+LOG10(2)", "项目2")
    cells = {(s, a, b) for s, a, b in refs}
    assert ("项目2", (5, 8), (5, 8)) in cells and ("项目2", (12, 7), (17, 7)) in cells
    assert ("项目 1", (5, 4), (5, 4)) in cells
    assert not any(a == (98, 7) for _, a, _ in cells)          # "H99" is text
    assert shift_formula("SUM($A1,B2:C3)", 2, 1) == "SUM($A3,C4:D5)"


def test_formula_map_inputs_and_dependents() -> None:
    fm = FormulaMap({"s": {(5, 5): "SUM(F7:F9)", (5, 7): "F6/E6", (5, 8): "ROUND(G6*MIN(H6,1),2)"},
                     "list": {(3, 5): "'s'!F6"}})
    assert ("s", (6, 5)) in fm.inputs("s", (5, 8))               # I6 ← H6 ← F6 ← F7
    assert fm.dependents([("s", (6, 5))]) == {("s", (5, 5)), ("s", (5, 7)), ("s", (5, 8)), ("list", (3, 5))}


# -- the engine --------------------------------------------------------------------------------------


def test_consequence_on_the_same_row_is_dropped(example: Example) -> None:
    wb = example()
    hits = [CodedHit("PC204", Hit(CellRef("项目1", "H13"))), CodedHit("PC213", Hit(CellRef("项目1", "I13"))),
            CodedHit("PC213", Hit(CellRef("项目1", "I14")))]
    kept = engine.one_per_defect(hits, wb, REG, SEV)
    assert [(h.code, h.at.cell if h.at else None) for h in kept] == [("PC204", "H13"), ("PC213", "I14")]


def test_a_sheet_covering_hit_replaces_the_sheet(example: Example) -> None:
    wb = example()
    hits = [CodedHit("PC014", Hit(CellRef("项目1", "A1"))), CodedHit("PC110", Hit(CellRef("项目1", "F6"))),
            CodedHit("PC506", Hit(CellRef("单位概况", "B7")))]
    kept = engine.one_per_defect(hits, wb, REG, SEV)
    assert [h.code for h in kept] == ["PC014", "PC506"]


def test_explained_cells_and_formulas_reading_a_faulty_input_get_no_finding(example: Example) -> None:
    wb = example()
    wb.formulas = {"项目1": {(5, 5): "SUM(F7:F9)", (5, 7): "F6/E6", (18, 7): "SUM(I6,H13:H18)",
                             (19, 1): 'IF(H19>=90,"优","良")'}}
    cause = CodedHit("PC015", Hit(CellRef("项目1", "F7"), explains=(CellRef("项目1", "F6"),)))
    hits = [cause, CodedHit("PC101", Hit(CellRef("项目1", "F6"))), CodedHit("PC102", Hit(CellRef("项目1", "H6"))),
            CodedHit("PC201", Hit(CellRef("项目1", "H14"))), CodedHit("PC210", Hit(CellRef("项目1", "H19"))),
            CodedHit("PC211", Hit(CellRef("项目1", "B20"))), CodedHit("PC108", Hit(CellRef("项目1", "E6")))]
    kept = engine.one_per_defect(hits, wb, REG, SEV)
    # F6, H6 explained by F7; 总分 H19 reads the faulty H14, the grade reads H19: both dropped
    assert [h.code for h in kept] == ["PC015", "PC201", "PC108"]


def test_info_findings_do_not_silence_their_readers(example: Example) -> None:
    wb = example()
    wb.formulas = {"项目1": {(5, 7): "F6/E6"}}
    hits = [CodedHit("PC108", Hit(CellRef("项目1", "E6"))), CodedHit("PC102", Hit(CellRef("项目1", "H6")))]
    assert SEV["PC108"] is Severity.INFO
    assert [h.code for h in engine.one_per_defect(hits, wb, REG, SEV)] == ["PC108", "PC102"]


def test_the_engine_stamps_the_rule_code_and_wording(example: Example) -> None:
    """A check yields hits without a code; each finding gets the code, severity and wording of the
    rule whose check yielded it."""
    wb = example(edit={0: dict(actual=m(None, 45, "人"))})
    found = engine.run(wb, Config())
    assert "PC204" in {f.code for f in found}
    for f in found:
        assert f.wording is not None and f.wording.slug == REG[f.code].slug and f.severity is SEV[f.code]
    assert all(isinstance(h, Hit) for h in REG["PC204"].check(wb, Config()))  # type: ignore[misc]
    assert "code" not in {fl.name for fl in dataclasses.fields(Hit)}


def test_an_unfilled_template_form_is_one_finding(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path, projects=2)
    report = api.validate(path)
    per_sheet = {s: [(f.code, f.cell) for f in report.findings if f.sheet == s] for s in ("项目1", "项目2")}
    assert per_sheet == {"项目1": [("PC014", "A1")], "项目2": [("PC014", "A1")]}


def test_the_uncached_formulas_warning_does_not_silence_the_formulas_reading_its_cell(
                                                                                      example: Example) -> None:
    wb = example()
    wb.formulas = {"项目1": {(5, 3): "SUM(D7:D9)", (5, 7): "F6/D6"}}
    hits = [CodedHit("PC009", Hit(CellRef("项目1", "D6"))), CodedHit("PC102", Hit(CellRef("项目1", "H6")))]
    assert [h.code for h in engine.one_per_defect(hits, wb, REG, SEV)] == ["PC009", "PC102"]
