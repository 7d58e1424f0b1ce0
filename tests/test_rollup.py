"""The roll-up workbook: sheets, rows, counts, charts, text kept as text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from reportkit import HOSTILE, HOSTILE2, fake_validate, findings_for, make_report

from perfcheck.findings import Report
from perfcheck.report.rollup import is_rollup, rule_counts, write_rollup


@pytest.fixture()
def reports(tmp_path: Path) -> list[Report]:
    bad = make_report(tmp_path / "bad.xlsx", name=HOSTILE, unit=HOSTILE2)
    ok = fake_validate(tmp_path / "ok.xlsx")
    broken = fake_validate(tmp_path / "broken.xlsx")
    return [bad, ok, broken]


def header_and_rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> tuple[list[object], list[list[object]]]:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def test_sheets_rows_and_counts(tmp_path: Path, reports: list[Report]) -> None:
    out = write_rollup(reports, tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["单位汇总", "项目明细", "规则统计", "图表"]

    head, rows = header_and_rows(wb["单位汇总"])
    assert head[:12] == ["单位", "文件", "项目数", "全年预算数合计", "全年执行数合计", "执行率", "平均自评得分",
                         "平均重算得分", "错误", "警告", "提示", "结论"]
    assert len(rows) == 3
    bad, ok, broken = rows
    assert bad[0] == HOSTILE2 and bad[2] == 1 and bad[3] == 54 and bad[4] == 50
    assert bad[5] == pytest.approx(50 / 54) and bad[6] == 95 and bad[7] == pytest.approx(92.6)
    assert (bad[8], bad[9], bad[10], bad[11]) == (4, 2, 1, "退回修改")
    assert (ok[8], ok[9], ok[11]) == (0, 0, "通过")
    assert broken[11] == "无法读取" and "corrupt" in str(broken[12])

    head, rows = header_and_rows(wb["项目明细"])
    assert len(rows) == 2                                    # one project in each readable workbook
    assert rows[0][3] == HOSTILE and rows[0][9] == pytest.approx(95 - 92.6)
    assert rows[0][12] == 4 and rows[1][12] == 0             # errors on the project's sheet

    head, rows = header_and_rows(wb["规则统计"])
    assert head == ["代码", "别名", "规则说明", "错误", "警告", "提示", "合计", "涉及文件数"]
    codes = {r[0]: r for r in rows}
    assert set(codes) == {f.code for f in findings_for()}
    assert codes["PC102"][1] == "execution-rate-mismatch" and codes["PC102"][3] == 1
    assert sum(r[3] for r in rows) == 4 and sum(r[4] for r in rows) == 2 and sum(r[5] for r in rows) == 1
    for name in ("单位汇总", "项目明细", "规则统计"):
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
        assert ws.column_dimensions["A"].width >= 6


def test_rule_counts_order_and_files(reports: list[Report]) -> None:
    extra = make_report(reports[0].path, findings=findings_for()[:1])          # PC102 a third time
    rows = rule_counts([reports[0], reports[0], extra])
    assert rows[0][0] == "PC102" and rows[0][1:] == (3, 0, 0, 3)
    totals = [sum(r[1:4]) for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert all(r[4] >= 2 for r in rows)
    assert sum(totals) == 2 * len(findings_for()) + 1


def test_charts_present(tmp_path: Path, reports: list[Report]) -> None:
    out = write_rollup(reports, tmp_path / "汇总.xlsx")
    with zipfile.ZipFile(out) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 2
        xml = [z.read(c).decode() for c in charts]
    assert "<c:barChart>" in xml[0] and "单位汇总" in xml[0] and "stacked" in xml[0]
    assert "<c:barChart>" in xml[1] and "项目明细!$O$2" in xml[1] and "clustered" in xml[1]


def test_text_stays_text_and_marker(tmp_path: Path, reports: list[Report]) -> None:
    out = write_rollup(reports, tmp_path / "汇总.xlsx")
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode(), name
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value in (HOSTILE, HOSTILE2)]
    assert len(cells) >= 2 and all(c.data_type == "s" for c in cells)
    assert is_rollup(out)
    assert not is_rollup(tmp_path / "nothing.xlsx")


def test_never_over_an_input(tmp_path: Path, reports: list[Report]) -> None:
    from perfcheck.report.annotate import OutputError

    src = tmp_path / "汇总.xlsx"
    src.write_bytes(b"department data")
    with pytest.raises(OutputError):
        write_rollup(reports, src, protect=[src])
    assert src.read_bytes() == b"department data"


def test_english_headers(tmp_path: Path, reports: list[Report]) -> None:
    wb = openpyxl.load_workbook(write_rollup(reports, tmp_path / "r.xlsx", lang="en"))
    assert wb["单位汇总"]["A1"].value == "Unit" and wb["单位汇总"]["L2"].value == "returned for revision"


@pytest.mark.libreoffice
def test_rollup_converts_to_pdf(tmp_path: Path, reports: list[Report]) -> None:
    from lo import convert

    pdf = convert(write_rollup(reports, tmp_path / "汇总.xlsx"), "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
