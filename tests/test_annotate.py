"""The annotated copy: marks on the cells, the 校验结果 sheet, the input untouched, re-checks."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders.reports import HOSTILE, HOSTILE2, SHEET, findings_for, make_input, make_report, sha256

from perfcheck.errors import OutputError
from perfcheck.findings import Finding
from perfcheck.layout import SHEET_RESULT
from perfcheck.model import CellRef, Severity
from perfcheck.report.annotate import AUTHOR, MARKER, annotate, target_cell
from perfcheck.report.colors import FILL_ARGB
from perfcheck.rules.base import finding

# where each finding of builders.reports.findings_for() must be marked
EXPECTED_MARK = {"H6": "H6", "I6": "I6", "D6:E6": "D6", "C3": "B3", "F6": "F6"}


def fill_of(cell: Any) -> str | None:
    if cell.fill is None or cell.fill.patternType != "solid":
        return None
    rgb = cell.fill.fgColor.rgb
    return rgb if isinstance(rgb, str) else None


def result_rows(ws: Any) -> tuple[int, list[tuple[Any, ...]]]:
    """(header row, finding rows) of the findings table on 校验结果."""
    header = next(r for r in range(1, ws.max_row + 1)
                  if ws.cell(r, 1).value == "序号" and ws.cell(r, 7).value == "代码")
    rows = []
    r = header + 1
    while isinstance(ws.cell(r, 1).value, int):
        rows.append(tuple(ws.cell(r, c) for c in range(1, 8)))
        r += 1
    return header, rows


# the columns of the findings table on 校验结果
SEQ, SHEET_COL, CELL, PROBLEM, FIX, LEVEL, CODE = range(7)


def result_part(path: Path) -> str:
    """The XML of the 校验结果 sheet (found through the workbook, as the copy names it)."""
    import re

    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet name="校验结果"[^>]*r:id="([^"]+)"', wb)
        assert rid is not None
        target = re.search(r'Id="' + rid.group(1) + r'"[^>]*Target="([^"]+)"', rels)
        assert target is not None
        return z.read("xl/" + target.group(1)).decode()


@pytest.fixture()
def checked(tmp_path: Path) -> tuple[Path, Path, Any]:
    src = make_input(tmp_path / "单位.xlsx", project_name=HOSTILE)
    report = make_report(src, name=HOSTILE)
    dest = annotate(src, report, tmp_path / "out" / "单位.checked.xlsx")
    return src, dest, report


def test_every_located_finding_is_filled_and_commented(checked: tuple[Path, Path, Any]) -> None:
    _, dest, report = checked
    ws = openpyxl.load_workbook(dest)[SHEET]
    by_cell: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.at is not None:
            by_cell.setdefault(EXPECTED_MARK[f.at.cell], []).append(f)
    for coord, fs in by_cell.items():
        cell = ws[coord]
        worst = min((f.severity for f in fs), key=lambda s: s.rank)
        assert fill_of(cell) == FILL_ARGB[worst], coord
        assert cell.comment is not None
        if coord == "F6":       # the department's note keeps its author; perfcheck's lines follow the marker
            assert cell.comment.author == "张三" and cell.comment.text.startswith("财务科核对过")
            assert MARKER in cell.comment.text
        else:
            assert cell.comment.author == AUTHOR
        for f in fs:
            assert f.code in cell.comment.text
    # two findings on I6 share one comment, one line each, error first in sorted order
    lines = ws["I6"].comment.text.splitlines()
    assert lines[0] == AUTHOR + ":"
    assert lines[1].startswith("PC104 错误:") and lines[2].startswith("PC109 警告:")
    assert fill_of(ws["D6"]) == FILL_ARGB[Severity.INFO]
    # the three colours are distinct
    assert len(set(FILL_ARGB.values())) == 3


def test_copy_keeps_the_workbook(checked: tuple[Path, Path, Any]) -> None:
    src, dest, _ = checked
    wb = openpyxl.load_workbook(dest)
    assert wb.sheetnames == [SHEET_RESULT.zh, SHEET, "问题与措施"]
    assert wb.active.title == SHEET                 # the department's active sheet stays active
    ws = wb[SHEET]
    assert ws["H6"].value == "=F6/E6"                                  # formula kept
    assert "B3:J3" in {str(r) for r in ws.merged_cells.ranges}         # merges kept
    assert ws.column_dimensions["B"].width == 22
    assert fill_of(ws["E6"]) == "FF00B050"                             # department's fill untouched
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["B20"]
    assert ws["F6"].comment is not None and "财务科核对过" in ws["F6"].comment.text  # department note kept


def test_result_sheet_lists_every_finding_with_links(checked: tuple[Path, Path, Any]) -> None:
    _, dest, report = checked
    ws = openpyxl.load_workbook(dest)[SHEET_RESULT.zh]
    header, rows = result_rows(ws)
    findings = report.sorted_findings()
    assert len(rows) == len(findings) == len(report.findings)
    assert [ws.cell(header, c).value for c in range(1, 8)] == ["序号", "工作表", "单元格", "问题", "怎么改", "级别", "代码"]
    assert [row[CODE].value for row in rows] == [f.code for f in findings]
    for row, f in zip(rows, findings, strict=True):
        assert row[LEVEL].value == f.severity.zh
        link = row[CELL].hyperlink
        if f.at is None:
            assert row[SHEET_COL].value == "（整个工作簿）" and link is None
        else:
            assert row[SHEET_COL].value == f.at.sheet and row[CELL].value == f.at.cell
            assert f"#{link.location}" == f"#'{SHEET}'!{EXPECTED_MARK[f.at.cell]}"
        assert fill_of(row[LEVEL]) == FILL_ARGB[f.severity]
        assert row[PROBLEM].value and row[FIX].value
    # what to do quotes the value perfcheck computed, formatted as the form shows it
    fixes = {row[CODE].value: row[FIX].value for row in rows}
    assert fixes["PC104"] == "改为 9.26" and fixes["PC102"] == "改为 92.59%"
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:G{header + len(rows)}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    texts = [c.value for row in ws.iter_rows(max_row=header) for c in row if isinstance(c.value, str)]
    assert any("退回修改" in s for s in texts) and any("错误 4，警告 2，提示 1" in s for s in texts)
    assert "单位.xlsx" in texts and "共青城市工信局" in texts and "默认" in texts
    # the project table links to the form
    name_cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(HOSTILE)]
    assert name_cells and all(c.data_type == "s" for c in name_cells)
    sheet_cell = ws.cell(name_cells[0].row, 2)
    assert sheet_cell.value == SHEET and sheet_cell.hyperlink.location == f"'{SHEET}'!A1"
    # a stated score that differs from the recomputed one is highlighted, the recomputed value beside it
    score_cell = ws.cell(name_cells[0].row, 3)
    assert score_cell.value == "填 95.00\n应 92.60" and fill_of(score_cell) == FILL_ARGB[Severity.WARNING]
    assert ws.cell(name_cells[0].row, 6).value == "优"                       # the same grade: not highlighted
    assert fill_of(ws.cell(name_cells[0].row, 6)) is None


def test_hostile_text_stays_text(checked: tuple[Path, Path, Any]) -> None:
    _, dest, _ = checked
    result_xml = result_part(dest)
    assert "<f>" not in result_xml and "<f " not in result_xml          # no formula on 校验结果 at all
    wb = openpyxl.load_workbook(dest)
    ws = wb[SHEET_RESULT.zh]
    hostile = [c for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and (HOSTILE in c.value or HOSTILE2 in c.value)]
    assert len(hostile) >= 3                                            # project name + two messages
    assert all(c.data_type == "s" for c in hostile)


def test_input_is_never_modified_or_overwritten(tmp_path: Path) -> None:
    src = make_input(tmp_path / "a.xlsx")
    before = sha256(src)
    report = make_report(src)
    annotate(src, report, tmp_path / "a.checked.xlsx")
    assert sha256(src) == before
    with pytest.raises(OutputError):
        annotate(src, report, src)
    with pytest.raises(OutputError):
        annotate(src, report, tmp_path / "sub" / ".." / "a.xlsx")
    other = make_input(tmp_path / "b.xlsx")
    with pytest.raises(OutputError):
        annotate(src, report, other, protect=[other])
    assert sha256(src) == before
    assert not list(tmp_path.glob(".perfcheck-*"))                     # no temp file left behind


def test_recheck_replaces_marks_and_restores(tmp_path: Path) -> None:
    src = make_input(tmp_path / "a.xlsx")
    first = annotate(src, make_report(src), tmp_path / "a.checked.xlsx")
    # re-check the checked copy with the same findings: nothing stacks
    second = annotate(first, make_report(first), tmp_path / "a-2.checked.xlsx")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(SHEET_RESULT.zh) == 1 and wb.sheetnames[0] == SHEET_RESULT.zh
    ws = wb[SHEET]
    assert ws["I6"].comment.text.count("PC104") == 1
    assert ws["F6"].comment.text.count("财务科核对过") == 1 and ws["F6"].comment.text.count(MARKER) == 1
    assert second.read_bytes() == first.read_bytes()        # the copy of the copy is the copy
    _, rows = result_rows(wb[SHEET_RESULT.zh])
    assert len(rows) == len(findings_for())
    # a re-check that finds nothing puts the department's workbook back as it was
    third = annotate(second, make_report(second, findings=[]), tmp_path / "a-3.checked.xlsx")
    orig = openpyxl.load_workbook(src)[SHEET]
    ws3 = openpyxl.load_workbook(third)[SHEET]
    for row in orig.iter_rows(min_row=1, max_row=20, max_col=10):
        for cell in row:
            back = ws3[cell.coordinate]
            assert fill_of(back) == fill_of(cell), cell.coordinate
            assert (back.comment.text, back.comment.author) == (cell.comment.text, cell.comment.author) \
                if cell.comment else back.comment is None, cell.coordinate


def test_stray_perfcheck_marks_without_records_are_removed(tmp_path: Path) -> None:
    src = make_input(tmp_path / "a.xlsx")
    first = annotate(src, make_report(src), tmp_path / "a.checked.xlsx")
    wb = openpyxl.load_workbook(first)
    del wb[SHEET_RESULT.zh]                               # the records are gone with the sheet
    wb.save(tmp_path / "edited.xlsx")
    out = annotate(tmp_path / "edited.xlsx", make_report(tmp_path / "edited.xlsx", findings=[]),
                   tmp_path / "edited.checked.xlsx")
    ws = openpyxl.load_workbook(out)[SHEET]
    assert all(c.comment is None or c.comment.author != AUTHOR for row in ws.iter_rows() for c in row)
    assert fill_of(ws["H6"]) is None and fill_of(ws["E6"]) == "FF00B050"


def test_unknown_sheet_and_code_do_not_break(tmp_path: Path) -> None:
    src = make_input(tmp_path / "a.xlsx")
    findings = [finding("PC101", Severity.ERROR, CellRef("不存在", "A1")),
                Finding("PC999", Severity.WARNING, CellRef(SHEET, "A3"), {"x": 1})]
    out = annotate(src, make_report(src, findings=findings), tmp_path / "a.checked.xlsx")
    wb = openpyxl.load_workbook(out)
    _, rows = result_rows(wb[SHEET_RESULT.zh])
    assert sorted(r[CODE].value for r in rows) == ["PC101", "PC999"]
    assert "PC999" in wb[SHEET]["A3"].comment.text


def test_target_cell_of_ranges_and_merges(tmp_path: Path) -> None:
    with zipfile.ZipFile(make_input(tmp_path / "a.xlsx")) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert target_cell(xml, "D6:E6") == "D6"
    assert target_cell(xml, "J3") == "B3"
    assert target_cell(xml, "A7") == "A5"
    assert target_cell(xml, "$H$6") == "H6"


def _make_xlsm(path: Path, tmp: Path) -> bytes:
    import xlsxwriter

    vba = b"\xd0\xcf\x11\xe0fake vba project for the test"
    (tmp / "vbaProject.bin").write_bytes(vba)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(SHEET)
    ws.write_string(2, 0, "项目名称")
    ws.write_string(2, 1, "培训项目")
    ws.write_number(5, 7, 1)
    wb.add_vba_project(str(tmp / "vbaProject.bin"))
    wb.close()
    return vba


def test_xlsm_keeps_its_macros(tmp_path: Path) -> None:
    src = tmp_path / "宏.xlsm"
    vba = _make_xlsm(src, tmp_path)
    before = sha256(src)
    out = annotate(src, make_report(src, findings=findings_for()[:1]), tmp_path / "宏.checked.xlsm")
    assert sha256(src) == before
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/vbaProject.bin") == vba
        assert "macroEnabled" in z.read("[Content_Types].xml").decode()
    assert "PC102" in openpyxl.load_workbook(out, keep_vba=True)[SHEET]["H6"].comment.text


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_ods_and_xls_give_an_xlsx_copy(tmp_path: Path, fmt: str) -> None:
    from support.lo import convert

    xlsx = make_input(tmp_path / "src" / "单位.xlsx") if (tmp_path / "src").mkdir() is None else None
    assert xlsx is not None
    src = convert(xlsx, fmt, tmp_path)
    before = sha256(src)
    out = annotate(src, make_report(src), tmp_path / "out" / "单位.checked.xlsx")
    assert sha256(src) == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET_RESULT.zh, SHEET, "问题与措施"]
    ws = wb[SHEET]
    assert ws["B3"].value == "培训项目" and ws["E6"].value == 54
    assert fill_of(ws["H6"]) == FILL_ARGB[Severity.ERROR] and "PC102" in ws["H6"].comment.text
    _, rows = result_rows(wb[SHEET_RESULT.zh])
    assert len(rows) == len(findings_for())


@pytest.mark.libreoffice
def test_annotated_copy_converts_to_pdf(checked: tuple[Path, Path, Any], tmp_path: Path) -> None:
    from support.lo import convert

    _, dest, _ = checked
    pdf = convert(dest, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_protected_paths_symlinks_and_hard_links(tmp_path: Path) -> None:
    import os

    from perfcheck.outputs import ProtectedPaths, check_target

    (tmp_path / "in").mkdir()
    src = make_input(tmp_path / "in" / "a.xlsx")
    missing = tmp_path / "in" / "never.xlsx"
    protected = ProtectedPaths([src, missing])
    assert src in protected and missing in protected
    assert tmp_path / "in" / "sub" / ".." / "a.xlsx" in protected
    (tmp_path / "link.xlsx").symlink_to(src)
    os.link(src, tmp_path / "hard.xlsx")
    assert tmp_path / "link.xlsx" in protected and tmp_path / "hard.xlsx" in protected
    assert tmp_path / "other.xlsx" not in protected
    for dest in (src, tmp_path / "link.xlsx", tmp_path / "hard.xlsx"):
        with pytest.raises(OutputError):
            check_target(dest, protected)
        with pytest.raises(OutputError):
            annotate(tmp_path / "hard.xlsx", make_report(src), dest, protect=protected)
    import pickle

    again = pickle.loads(pickle.dumps(protected))
    assert tmp_path / "hard.xlsx" in again and tmp_path / "other.xlsx" not in again
