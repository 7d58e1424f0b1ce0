"""A corpus for the annotated copy: workbooks with the things a copy must not lose, built here
with XlsxWriter (and raw XML where XlsxWriter has no API), plus helpers that compare packages."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from perfcheck.findings import ProjectSummary, Report
from perfcheck.model import CellRef, Severity
from perfcheck.rules.base import finding

FORM = "项目1"
LISTS = "Lists"
CHART_SHEET = "图表"
FAKE_VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1fake vba project: it only has to survive byte for byte"

X14_DV = (
    '<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    f"<x14:formula1><xm:f>{LISTS}!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>C20</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext>")


def png(width: int = 60, height: int = 40, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small solid PNG (a stand-in for a scanned seal)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def build_corpus(path: Path) -> Path:
    """One workbook with every feature of the issue's list (.xlsm: with a vbaProject.bin)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet(FORM)
    lists = wb.add_worksheet(LISTS)
    bold = wb.add_format({"bold": True, "border": 1})
    cream = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "#,##0.00"})
    pct = wb.add_format({"num_format": "0.00%", "border": 1})
    ws.set_column("A:A", 14)
    ws.set_column("B:B", 22)
    ws.set_column("C:J", 12)
    ws.merge_range("A1:J1", "项目支出绩效自评表", wb.add_format({"bold": True, "font_size": 16, "align": "center"}))
    ws.write_string("A3", "项目名称", bold)
    ws.merge_range("B3:J3", "培训项目", cream)
    for col, label in zip("DEFGHI", ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), strict=True):
        ws.write_string(f"{col}5", label, bold)
    ws.write_string("B6", "年度资金总额", bold)
    ws.write_number("D6", 50, cream)
    ws.write_number("E6", 54, cream)
    ws.write_number("F6", 50, cream)
    ws.write_number("G6", 10, cream)
    ws.write_formula("H6", "=F6/E6", pct, 50 / 54)                 # cached value present
    ws.write_number("I6", 10, cream)
    ws.write_comment("F6", "财务科核对过", {"author": "张三"})      # a department note on a marked cell
    ws.write_comment("A1", "请先读填报说明", {"author": "李四", "visible": True})   # always visible
    ws.write_comment("A5", "模板说明：金额单位为万元", {"author": "perfcheck"})     # a template note
    ws.write_rich_string("B8", "说明：", wb.add_format({"bold": True, "color": "red"}), "红字", "与普通字")
    for i, v in enumerate((3, 7, 5, 9, 1)):
        ws.write_number(11 + i, 3, v)
        ws.write_number(11 + i, 4, v * 2)
        ws.write_number(11 + i, 5, v * 3)
    ws.conditional_format("D12:D16", {"type": "data_bar", "bar_color": "#63BE7B", "bar_solid": True})
    ws.add_sparkline("G12", {"range": f"{FORM}!D12:F12", "type": "column"})
    ws.write_dynamic_array_formula("H12:H16", "=SORT(D12:D16)", None, 1)
    ws.insert_image("E18", "seal.png", {"image_data": BytesIO(png()), "x_scale": 1.5, "y_scale": 1.5})
    ws.set_header("&L&G&C绩效自评", {"image_left": "logo.png", "image_data_left": BytesIO(png(30, 20, (20, 90, 200)))})
    ws.data_validation("B20", {"validate": "list", "source": f"={LISTS}!$A$1:$A$3"})
    ws.write_string("A20", "自评等级")
    ws.write_string("B20", "优")
    ws.ignore_errors({"number_stored_as_text": "A1:J40"})
    ws.protect("", {"format_cells": True})
    for i, g in enumerate(("优", "良", "中")):
        lists.write_string(i, 0, g)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": f"={FORM}!$D$12:$D$16", "name": "数值"})
    ws.insert_chart("L2", chart)
    cs = wb.add_chartsheet(CHART_SHEET)
    chart2 = wb.add_chart({"type": "line"})
    chart2.add_series({"values": f"={FORM}!$E$12:$E$16"})
    cs.set_chart(chart2)
    wb.define_name(f"{FORM}!本表名称", f"={FORM}!$B$3")            # localSheetId
    wb.define_name(f"{LISTS}!等级表", f"={LISTS}!$A$1:$A$3")
    wb.define_name("全局名称", f"={FORM}!$E$6")
    ws.print_area("A1:J40")
    ws.repeat_rows(0, 4)
    wb.set_custom_property("填报单位", "共青城市工信局")
    if path.suffix == ".xlsm":
        vba = path.with_name("vbaProject.bin")
        vba.write_bytes(FAKE_VBA)
        wb.add_vba_project(str(vba))
    wb.close()
    _inject_x14_validation(path)
    return path


def _inject_x14_validation(path: Path) -> None:
    """Add a cross-sheet x14:dataValidation (Excel 2010+ extension) to the form sheet's extLst."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                assert "<extLst>" in text
                text = text.replace("<extLst>", "<extLst>" + X14_DV, 1)
                data = text.encode()
            z.writestr(info, data)
    path.write_bytes(out.getvalue())


def corpus_report(path: Path) -> Report:
    """Findings on the corpus's form: a formula cell, the department-noted cell, the template-noted
    cell, a merged interior, a data-bar cell, a cell under the picture, an empty cell with no
    element, and one about the workbook."""
    return Report(
        path=path,
        findings=[
            finding("PC102", Severity.ERROR, CellRef(FORM, "H6"),
                    {"row": "年度资金总额", "stated": "100%", "spent": 50, "budget": 54, "expected": "92.59%",
                     "diff": "7.41"}, expected=Decimal("0.9259"), actual=Decimal(1)),
            finding("PC104", Severity.ERROR, CellRef(FORM, "I6"),
                    {"stated": 10, "rate": "92.59%", "weight": 10, "expected": Decimal("9.26"), "diff": Decimal("0.74")},
                    expected=Decimal("9.26"), actual=Decimal(10)),
            finding("PC110", Severity.ERROR, CellRef(FORM, "F6"), {"item": "全年执行数"}),
            finding("PC108", Severity.INFO, CellRef(FORM, "A5"), {"initial": 50, "budget": 54, "diff": 4}),
            finding("PC301", Severity.ERROR, CellRef(FORM, "E3"), {"field": "项目名称"}),
            finding("PC109", Severity.WARNING, CellRef(FORM, "D13"), {"rate": "92.59%", "threshold": "90%"}),
            finding("PC109", Severity.WARNING, CellRef(FORM, "E18"), {"rate": "92.59%", "threshold": "90%"}),
            finding("PC301", Severity.ERROR, CellRef(FORM, "J30"), {"field": "备注"}),
            finding("PC508", Severity.WARNING, None, {"field": "存在的问题"}),
        ],
        projects=[ProjectSummary(sheet=FORM, name="培训项目", budget=Decimal(54), spent=Decimal(50),
                                 execution_rate=Decimal("0.9259"), stated_score=Decimal(95),
                                 computed_score=Decimal("92.6"), stated_grade="优", computed_grade="良")],
        unit="共青城市工信局", year=2023, sheet_order=(FORM, LISTS, CHART_SHEET))


MARKED_CELLS = {"H6", "I6", "F6", "A5", "B3", "D13", "E18", "J30"}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member of a sheet, found through workbook.xml and its rels."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    m = re.search(r'<sheet [^>]*name="' + re.escape(sheet) + r'"[^>]*r:id="([^"]+)"', wb)
    assert m is not None, sheet
    t = re.search(r'<Relationship [^>]*Id="' + m.group(1) + r'"[^>]*Target="([^"]+)"', rels) or \
        re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="' + m.group(1) + '"', rels)
    assert t is not None
    target = t.group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def findings_key(report: Report) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.sheet, f.cell) for f in report.findings)
