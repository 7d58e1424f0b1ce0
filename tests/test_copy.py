"""The annotated copy as a patched package: nothing of the department's file lost, re-checkable.

The corpus (tests/builders/corpus.py) has every feature of issue 10's list; the samples are checked for
real.  LibreOffice tests are marked ``libreoffice``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders.corpus import (
    CHART_SHEET,
    FAKE_VBA,
    FORM,
    LISTS,
    MARKED_CELLS,
    build_corpus,
    corpus_report,
    findings_key,
    parts,
    sheet_part,
)

from perfcheck.api import validate
from perfcheck.findings import Report
from perfcheck.layout import SHEET_RESULT
from perfcheck.model import CellRef, Severity
from perfcheck.outputs import RECORD_PART, is_unchanged_output, read_record
from perfcheck.report.annotate import (
    MARKER,
    REVIEW_AUTHOR,
    TEMPLATE_AUTHOR,
    Mark,
    annotate,
    restore,
)
from perfcheck.report.colors import FILL_ARGB
from perfcheck.report.package import Package
from perfcheck.rules.base import finding

ROOT = Path(__file__).resolve().parent.parent
WHEN = dt.datetime(2024, 3, 1, 9, 30)
SAMPLES = sorted((ROOT / "samples").rglob("*.xlsx"), key=lambda p: p.as_posix())


def quiet_load(path: Path, **kw: object) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # openpyxl: "extension is not supported"
        return openpyxl.load_workbook(path, **kw)


@pytest.fixture(scope="module", params=["corpus.xlsx", "corpus.xlsm"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("corpus")
    src = build_corpus(d / request.param)
    dest = d / ("corpus.checked" + src.suffix)
    annotate(src, corpus_report(src), dest, checked_at=WHEN)
    return src, dest


def _record(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as z:
        rec = read_record(Package.open(z))
    assert rec is not None
    return rec


# --------------------------------------------------------------------------------------------------
# The package: what changes, what does not
# --------------------------------------------------------------------------------------------------


def test_unmarked_parts_are_byte_identical(corpus: tuple[Path, Path]) -> None:
    src, dest = corpus
    a, b = parts(src), parts(dest)
    form = sheet_part(src, FORM)
    changed = {n for n in a if a[n] != b.get(n)}
    assert set(a) <= set(b)                                   # nothing dropped
    assert changed == {"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml",
                       "docProps/app.xml", form, "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"}
    assert set(b) - set(a) == {sheet_part(dest, SHEET_RESULT.zh), RECORD_PART}
    with zipfile.ZipFile(src) as za, zipfile.ZipFile(dest) as zb:
        # the members keep their order; unchanged ones their compressed bytes and method
        assert zb.namelist()[:len(a)] == za.namelist()
        for n in set(a) - changed:
            ia, ib = za.getinfo(n), zb.getinfo(n)
            assert (ia.CRC, ia.compress_size, ia.compress_type, ia.date_time) == \
                   (ib.CRC, ib.compress_size, ib.compress_type, ib.date_time), n
    # the pictures, charts, chart sheet, extensions, macros are there, byte for byte
    for n in ("xl/media/image1.png", "xl/media/image2.png", "xl/charts/chart1.xml", "xl/chartsheets/sheet1.xml",
              "xl/metadata.xml", "docProps/custom.xml", "xl/drawings/drawing1.xml", "xl/drawings/vmlDrawing2.vml"):
        assert b[n] == a[n], n
    if src.suffix == ".xlsm":
        assert b["xl/vbaProject.bin"] == a["xl/vbaProject.bin"] == FAKE_VBA
        assert "macroEnabled" in b["[Content_Types].xml"].decode()


def test_marked_parts_differ_only_where_the_marks_are(corpus: tuple[Path, Path]) -> None:
    src, dest = corpus
    rec = _record(dest)
    edits = rec["edits"]
    assert isinstance(edits, dict)
    form = sheet_part(src, FORM)
    original_form = parts(src)[form].decode()
    # on the form sheet: only start tags of marked cells, and additions (new cell, pageSetup, legacyDrawing)
    assert all(len(steps) == 1 for steps in edits.values())      # each member spliced once
    for _, _, old in edits[form][0]:
        if old == "":
            continue
        m = re.fullmatch(r'<c r="([A-Z]+\d+)"[^>]*>', old)
        if m is not None:
            assert m.group(1) in MARKED_CELLS, old
        else:
            assert old.startswith("<pageSetup ") and old in original_form, old
    new_form = parts(dest)[form].decode()
    for ref in MARKED_CELLS - {"J30"}:
        assert re.search(f'<c r="{ref}"', new_form)
    assert '<c r="J30" s="' in new_form                      # a cell that had no element got one
    assert 'cellComments="atEnd"' in new_form                # the notes are printed
    # the department's texts are never replaced: the notes, the VML shapes, the titles only grow
    for name in ("xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "docProps/app.xml"):
        assert all(old == "" or re.fullmatch(r'size="\d+"|\d+', old) for _, _, old in edits[name][0]), name
    for _, _, old in edits["xl/styles.xml"][0]:
        assert old == "" or re.fullmatch(r'<(numFmts|fonts|fills|borders|cellXfs) count="\d+">', old), old
    # and undoing the record gives the input back, byte for byte
    with zipfile.ZipFile(dest) as z:
        pkg = Package.open(z)
        assert restore(pkg) == "exact"
        assert {n: pkg.read(n) for n in pkg.order} == parts(src)
        assert pkg.order == list(parts(src))


def test_every_part_is_well_formed(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from builders.reports import make_input, make_report

    other = make_input(tmp_path / "o.xlsx")                  # notes and VML as openpyxl writes them
    for path in (corpus[1], annotate(other, make_report(other), tmp_path / "o.checked.xlsx")):
        for name, data in parts(path).items():
            if name.endswith((".xml", ".rels", ".vml")):
                ET.fromstring(data)


def test_copy_opens_in_openpyxl_and_keeps_the_workbook(corpus: tuple[Path, Path]) -> None:
    src, dest = corpus
    wb = quiet_load(dest, keep_vba=dest.suffix == ".xlsm")
    assert wb.sheetnames == [SHEET_RESULT.zh, FORM, LISTS, CHART_SHEET]
    assert wb.active.title == FORM                          # the department's active sheet stays active
    ws = wb[FORM]
    assert ws["H6"].value == "=F6/E6"
    cached = quiet_load(dest, data_only=True)[FORM]
    assert cached["H6"].value == pytest.approx(50 / 54)    # cached formula values stay
    assert ws["H6"].fill.fgColor.rgb == FILL_ARGB[Severity.ERROR]
    assert ws["D13"].fill.fgColor.rgb == FILL_ARGB[Severity.WARNING]
    assert ws["H6"].number_format == "0.00%" and ws["H6"].border.left.style == "thin"   # own format kept
    assert ws["E6"].fill.fgColor.rgb == "FFFFF2CC"          # an unmarked input keeps its cream
    # notes: the department's keeps its author and text; the template's too; ours has our name
    assert ws["F6"].comment.author == "张三" and ws["F6"].comment.text.startswith("财务科核对过")
    assert MARKER in ws["F6"].comment.text and "PC110" in ws["F6"].comment.text
    assert ws["A5"].comment.author == TEMPLATE_AUTHOR and ws["A5"].comment.text.startswith("模板说明")
    assert ws["H6"].comment.author == REVIEW_AUTHOR and "PC102" in ws["H6"].comment.text
    assert ws["A1"].comment.author == "李四"                # the always-visible note, untouched
    vml = parts(dest)["xl/drawings/vmlDrawing1.vml"].decode()
    assert vml.count("visibility:visible") == parts(src)["xl/drawings/vmlDrawing1.vml"].decode().count(
        "visibility:visible") == 1
    # defined names: the sheet-local ones still belong to their sheets
    assert ws.defined_names["本表名称"].attr_text == f"{FORM}!$B$3"
    assert wb[LISTS].defined_names["等级表"].attr_text == f"{LISTS}!$A$1:$A$3"
    assert wb.defined_names["全局名称"].attr_text == f"{FORM}!$E$6"
    assert ws.protection.sheet                              # protection kept
    sheet_xml = parts(dest)[sheet_part(dest, FORM)].decode()
    for ext in ("x14:dataValidation", "x14:sparkline", "x14:dataBar", "headerFooter", "ignoredErrors", "<drawing "):
        assert ext in sheet_xml, ext
    # the rich text stays rich
    assert "<r>" in parts(dest)["xl/sharedStrings.xml"].decode()
    # app.xml lists 校验结果 first among the worksheets
    app = parts(dest)["docProps/app.xml"].decode()
    titles = re.findall(r"<vt:lpstr>([^<]*)</vt:lpstr>", app)
    assert titles[titles.index(SHEET_RESULT.zh) + 1] == FORM


@pytest.mark.libreoffice
def test_corpus_copy_converts_to_pdf(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    from support.lo import convert

    _, dest = corpus
    pdf = convert(dest, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


# --------------------------------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------------------------------


def _round_trip(src: Path, tmp: Path, report: Report | None = None) -> None:
    first = report if report is not None else validate(src)
    name = src.stem + ".checked" + src.suffix                 # as the runner names it (the copy of a copy too)
    copy1 = annotate(src, first, tmp / "1" / name, checked_at=WHEN)
    again = validate(copy1)
    assert findings_key(again) == findings_key(validate(src))
    assert again.passed() == validate(src).passed()
    copy2 = annotate(copy1, report if report is not None else again, tmp / "2" / name, checked_at=WHEN)
    assert copy2.read_bytes() == copy1.read_bytes()          # check → copy → check → copy: the same bytes


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_round_trip_samples(sample: Path, tmp_path: Path) -> None:
    _round_trip(sample, tmp_path)


def test_round_trip_corpus(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    src, _ = corpus
    _round_trip(src, tmp_path)
    _round_trip(src, tmp_path / "r", corpus_report(src))


def test_clean_workbook_copy_passes(tmp_path: Path) -> None:
    good = ROOT / "samples" / "good" / "示例单位2023.xlsx"
    report = validate(good)
    assert report.passed()
    copy = annotate(good, report, tmp_path / "g.checked.xlsx")
    again = validate(copy)
    assert again.passed() and findings_key(again) == findings_key(report)


def test_edited_copy_is_cleaned_not_stacked(tmp_path: Path) -> None:
    """A copy re-saved by another program (the record gone, 校验结果 deleted): perfcheck's notes and
    fills are recognised and replaced; the template's and the department's notes stay."""
    src = build_corpus(tmp_path / "c.xlsx")
    copy = annotate(src, corpus_report(src), tmp_path / "c.checked.xlsx", checked_at=WHEN)
    wb = quiet_load(copy)
    del wb[SHEET_RESULT.zh]
    wb.save(tmp_path / "edited.xlsx")                          # openpyxl drops the record part
    assert RECORD_PART not in parts(tmp_path / "edited.xlsx")
    out = annotate(tmp_path / "edited.xlsx", corpus_report(tmp_path / "edited.xlsx"), tmp_path / "e.checked.xlsx")
    ws = quiet_load(out)[FORM]
    assert quiet_load(out).sheetnames.count(SHEET_RESULT.zh) == 1
    assert ws["F6"].comment.text.count(MARKER) == 1 and ws["F6"].comment.text.count("财务科核对过") == 1
    assert ws["H6"].comment.text.count("PC102") == 1 and ws["H6"].comment.author == REVIEW_AUTHOR
    assert ws["A5"].comment.author == TEMPLATE_AUTHOR and ws["A5"].comment.text.count("模板说明") == 1
    # nothing found this time: the fills go, the department's and the template's notes stay
    clean = annotate(tmp_path / "edited.xlsx", Report(path=tmp_path / "edited.xlsx"), tmp_path / "n.checked.xlsx")
    ws = quiet_load(clean)[FORM]
    assert ws["H6"].comment is None and ws["H6"].fill.fgColor.rgb != FILL_ARGB[Severity.ERROR]
    assert ws["F6"].comment.text == "财务科核对过" and ws["A5"].comment.text == "模板说明：金额单位为万元"


@pytest.mark.libreoffice
def test_libreoffice_fix_clears_that_finding_only(tmp_path: Path) -> None:
    """A department opens the copy in LibreOffice, corrects a marked cell, saves: checked again,
    that finding is gone and the others remain."""
    from support.lo import soffice

    soffice()
    probe = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        import os

        if os.environ.get("CI"):
            pytest.fail("python3-uno is not installed; .ci/run must install it")
        pytest.skip("python3-uno is not installed")
    src = ROOT / "samples" / "bad" / "典型错误.xlsx"
    before = validate(src)
    assert ("PC506", "单位概况", "B7") in findings_key(before)
    copy = annotate(src, before, tmp_path / "典型错误.checked.xlsx")
    fixed = tmp_path / "fixed.xlsx"
    proc = subprocess.run(["/usr/bin/python3", str(ROOT / "tests" / "support" / "lo_fix.py"), str(copy), str(fixed),
                           "单位概况", "B7", "28"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and fixed.exists(), proc.stderr
    after = validate(fixed)
    assert findings_key(after) == [k for k in findings_key(before) if k != ("PC506", "单位概况", "B7")]
    # and its copy carries each remaining finding once, no stale note of the fixed one
    again = annotate(fixed, after, tmp_path / "fixed.checked.xlsx")
    wb = quiet_load(again)
    assert wb.sheetnames.count(SHEET_RESULT.zh) == 1
    assert wb["单位概况"]["B7"].comment is None
    for code, sheet, cell in findings_key(after):
        assert sheet is not None and cell is not None
        note = wb[sheet][cell].comment
        assert note is not None and note.text.count(code) == 1 and MARKER not in note.text


# --------------------------------------------------------------------------------------------------
# Own outputs, the hook, 校验结果
# --------------------------------------------------------------------------------------------------


def test_folder_run_skips_only_unchanged_own_copies(tmp_path: Path) -> None:
    from perfcheck.runner import collect_inputs

    d = tmp_path / "in"
    d.mkdir()
    src = shutil.copy(ROOT / "samples" / "bad" / "典型错误.xlsx", d / "a.xlsx")
    copy = annotate(Path(src), validate(Path(src)), d / "a.checked.xlsx")
    assert is_unchanged_output(copy)
    assert [p.name for p in collect_inputs([d])] == ["a.xlsx"]
    # the department edits the copy and sends it back: it is an input again
    wb = quiet_load(copy)
    wb["单位概况"]["B7"] = 28
    wb.save(d / "a.checked.xlsx")
    assert not is_unchanged_output(d / "a.checked.xlsx")
    assert [p.name for p in collect_inputs([d])] == ["a.checked.xlsx", "a.xlsx"]
    # a copy whose bytes changed in any member (not re-saved: one member altered) is an input too
    copy2 = annotate(Path(src), validate(Path(src)), tmp_path / "b.checked.xlsx")
    with zipfile.ZipFile(copy2) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(d / "b.checked.xlsx", "w") as z:
        for info, data in items:
            z.writestr(info, data.replace(b"<dimension", b"<dimension ") if info.filename.endswith("sheet2.xml") else data)
    assert not is_unchanged_output(d / "b.checked.xlsx")


def test_extra_marks_hook(tmp_path: Path) -> None:
    src = build_corpus(tmp_path / "c.xlsx")
    marks = [Mark(FORM, "K6", "00B050", "●"), Mark(FORM, "K7", "FF0000", "●"), Mark(FORM, "B3", "FFC000"),
             Mark(FORM, "B8", "00B050", "不写入")]
    out = annotate(src, Report(path=src), tmp_path / "m.checked.xlsx", checked_at=WHEN, extra_marks=marks)
    ws = quiet_load(out)[FORM]
    assert ws["K6"].value == "●" and ws["K6"].data_type == "s" and ws["K6"].fill.fgColor.rgb == "FF00B050"
    assert ws["K7"].value == "●" and ws["K7"].fill.fgColor.rgb == "FFFF0000"
    assert ws["B3"].value == "培训项目" and ws["B3"].fill.fgColor.rgb == "FFFFC000"   # text only into empty cells
    assert ws["B8"].value != "不写入"
    # recorded and undone like the findings' marks: the copy of the copy is the copy
    again = annotate(out, Report(path=src), tmp_path / "m2.checked.xlsx", checked_at=WHEN, extra_marks=marks)
    assert again.read_bytes() == out.read_bytes()
    plain = annotate(out, Report(path=out), tmp_path / "p.checked.xlsx", checked_at=WHEN)
    ws = quiet_load(plain)[FORM]
    assert ws["K6"].value is None and ws["B3"].fill.fgColor.rgb != "FFFFC000"


def test_result_sheet_quotes_and_heights(tmp_path: Path) -> None:
    src = build_corpus(tmp_path / "c.xlsx")
    long_value = "很长的文字" * 1000
    report = corpus_report(src)
    report.findings.append(finding("PC409", Severity.WARNING, CellRef(FORM, "D14"), {"row": 14, "name": long_value}))
    out = annotate(src, report, tmp_path / "q.checked.xlsx", checked_at=WHEN)
    wb = quiet_load(out)
    ws = wb[SHEET_RESULT.zh]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert max(len(s) for s in texts) < 400
    assert all(len(ws[f"D{r}"].value or "") < 400 for r in range(1, ws.max_row + 1))
    note = wb[FORM]["D14"].comment.text
    assert len(note) < 400 and "很长的文字" in note
    heights = [d.height for d in ws.row_dimensions.values() if d.height]
    assert heights and max(heights) <= 409
    # print: A4 landscape, one page wide, the header row repeated; marked sheets print their notes
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$7:$7"
    assert wb[FORM].page_setup.cellComments == "atEnd"


def test_warning_fill_is_not_the_template_cream() -> None:
    from perfcheck.template.styles import INPUT_FILL

    def rgb(s: str) -> tuple[int, int, int]:
        s = s.lstrip("#")[-6:]
        return int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16)

    cream = rgb(INPUT_FILL)

    def distance(argb: str) -> int:
        return sum(abs(a - b) for a, b in zip(rgb(argb), cream, strict=True))

    # the warning gold is the one that could pass for the cream: clearly apart; the others differ in hue
    assert distance(FILL_ARGB[Severity.WARNING]) > 80
    assert all(distance(argb) > 40 for argb in FILL_ARGB.values())


# --------------------------------------------------------------------------------------------------
# Non-OOXML inputs
# --------------------------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_ods_copy_keeps_merges_and_widths(tmp_path: Path) -> None:
    from builders.reports import SHEET, make_input, make_report
    from support.lo import convert

    (tmp_path / "src").mkdir()
    ods = convert(make_input(tmp_path / "src" / "单位.xlsx"), "ods", tmp_path)
    out = annotate(ods, make_report(ods), tmp_path / "out" / "单位.checked.xlsx")
    ws = quiet_load(out)[SHEET]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "B3:J3", "A5:A9"} <= merged
    assert ws.column_dimensions["B"].width and ws.column_dimensions["B"].width >= 8
    assert ws.column_dimensions["B"].width == pytest.approx(22, abs=1.5)      # the source's width
    assert ws["H6"].value == "=F6/E6"                          # the formula, with its value cached
    assert quiet_load(out, data_only=True)[SHEET]["H6"].value == pytest.approx(50 / 54)


def test_module_entry_points_have_no_openpyxl_on_the_copy_path(tmp_path: Path) -> None:
    """openpyxl is not imported to make a copy of an .xlsx (a fresh interpreter)."""
    src = ROOT / "samples" / "bad" / "典型错误.xlsx"
    code = ("import sys, datetime as dt; from pathlib import Path; from perfcheck.findings import Report; "
            "from perfcheck.report.annotate import annotate; "
            f"annotate(Path({str(src)!r}), Report(path=Path({str(src)!r})), Path({str(tmp_path / 'o.xlsx')!r})); "
            "print('openpyxl' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_cells_without_r_attributes_are_found(tmp_path: Path) -> None:
    """Writers may leave out ``r`` on rows and cells (it is optional): marks still land on the right cells."""
    from builders.reports import SHEET, make_input, make_report

    src = make_input(tmp_path / "a.xlsx")
    with zipfile.ZipFile(src) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    stripped = tmp_path / "norefs.xlsx"
    with zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                body_start = text.index("<sheetData>")
                text = text[:body_start] + re.sub(r'<c r="A\d+"', "<c", text[body_start:])   # column A: no r
                data = text.encode()
            z.writestr(info, data)
    report = make_report(stripped)
    report.findings.append(finding("PC301", Severity.ERROR, CellRef(SHEET, "A3"), {"field": "项目名称"}))
    out = annotate(stripped, report, tmp_path / "n.checked.xlsx")
    ws = quiet_load(out)[SHEET]
    assert ws["H6"].fill.fgColor.rgb == FILL_ARGB[Severity.ERROR] and "PC102" in ws["H6"].comment.text
    assert ws["A3"].value == "项目名称" and ws["A3"].fill.fgColor.rgb == FILL_ARGB[Severity.ERROR]
    assert "PC301" in ws["A3"].comment.text and ws["B3"].comment is not None
    assert findings_key(validate(out)) == findings_key(validate(stripped))


def test_prefixed_namespace_sheet(tmp_path: Path) -> None:
    """A sheet written with a namespace prefix (``<x:worksheet>``, as some .NET writers do)."""
    from builders.reports import SHEET, make_input, make_report

    src = make_input(tmp_path / "a.xlsx")
    with zipfile.ZipFile(src) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    prefixed = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(prefixed, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(r"<(/?)(?!\?)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", text)
                text = text.replace('<x:worksheet xmlns="', '<x:worksheet xmlns:x="', 1)
                data = text.encode()
            z.writestr(info, data)
    assert b"<x:sheetData>" in parts(prefixed)["xl/worksheets/sheet1.xml"]
    out = annotate(prefixed, make_report(prefixed), tmp_path / "p.checked.xlsx", checked_at=WHEN)
    import xml.etree.ElementTree as ET

    for name, data in parts(out).items():
        if name.endswith((".xml", ".rels", ".vml")):
            ET.fromstring(data)                                 # every part still well-formed
    assert '<x:c r="H6" s="' in parts(out)["xl/worksheets/sheet1.xml"].decode()
    ws = quiet_load(out)[SHEET]
    assert ws["H6"].fill.fgColor.rgb == FILL_ARGB[Severity.ERROR] and "PC102" in ws["H6"].comment.text
    assert findings_key(validate(out)) == findings_key(validate(prefixed))
    again = annotate(out, make_report(prefixed), tmp_path / "p2.checked.xlsx", checked_at=WHEN)
    assert again.read_bytes() == out.read_bytes()
