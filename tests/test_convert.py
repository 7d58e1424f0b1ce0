"""perfcheck/report/convert.py: an .ods input as a new .xlsx for its annotated copy (values, merges,
formulas translated from OpenFormula)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from builders.hostile import ods

from perfcheck.report.convert import _excel_formula, ods_extras, values_workbook

ROWS = (
    '<table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string">'
    "<text:p>项目支出绩效自评表</text:p></table:table-cell>"
    "<table:covered-table-cell/><table:covered-table-cell/></table:table-row>"
    '<table:table-row><table:table-cell office:value-type="float" office:value="54"><text:p>54</text:p>'
    '</table:table-cell><table:table-cell office:value-type="float" office:value="50"><text:p>50</text:p>'
    '</table:table-cell><table:table-cell table:formula="of:=[.B2]/[.A2]" office:value-type="float" '
    'office:value="0.925925925925926"><text:p>0.93</text:p></table:table-cell></table:table-row>'
    '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>=HYPERLINK("x")</text:p>'
    '</table:table-cell><table:table-cell table:formula="of:=SUM([.A2:.B2])" office:value-type="float" '
    'office:value="104"><text:p>104</text:p></table:table-cell></table:table-row>'
)


@pytest.mark.parametrize(("of", "excel"), [
    ("of:=[.F6]/[.E6]", "=F6/E6"),
    ("of:=SUM([.H13:.H18])", "=SUM(H13:H18)"),
    ("of:=IF([.A1]>0;1;2)", "=IF(A1>0,1,2)"),
    ("of:=[$项目1.E6]", "=项目1!E6"),
    ("of:=[.A1]+['file:///x.ods'#$Sheet1.A1]", None),      # a link to another file does not translate
    ("of:1+1", None),
])
def test_openformula_to_excel(of: str, excel: str | None) -> None:
    assert _excel_formula(of) == excel


def test_ods_extras_reads_merges_and_formulas(tmp_path: Path) -> None:
    ex = ods_extras(ods(tmp_path / "a.ods", ROWS))["项目1"]
    assert ex.merges == [(0, 0, 0, 2)]
    assert ex.formulas == {(1, 2): "=B2/A2", (4, 1): "=SUM(A2:B2)"}     # two repeated empty rows counted
    assert ods_extras(tmp_path / "missing.ods") == {}


def test_values_workbook_keeps_values_merges_and_formulas_and_text_as_text(tmp_path: Path) -> None:
    data = values_workbook(ods(tmp_path / "a.ods", ROWS))
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["项目1"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1"]
    assert ws["A1"].value == "项目支出绩效自评表"
    assert (ws["A2"].value, ws["B2"].value, ws["C2"].value) == (54, 50, "=B2/A2")
    assert ws["B5"].value == "=SUM(A2:B2)"
    assert ws["A5"].value == '=HYPERLINK("x")' and ws["A5"].data_type == "s"     # text stays text
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)["项目1"]
    assert values["C2"].value == pytest.approx(0.925925925925926) and values["B5"].value == 104
