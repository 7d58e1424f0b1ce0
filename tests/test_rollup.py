"""The roll-up workbook: sheets, rows, counts, charts, text kept as text."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders.reports import HOSTILE, HOSTILE2, fake_validate, findings_for, make_report, project

from perfcheck.findings import Report
from perfcheck.outputs import is_rollup
from perfcheck.report.rollup import rule_counts, write_rollup
from perfcheck.rules.base import finding


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
    assert wb.sheetnames == ["退回清单", "单位汇总", "项目明细", "规则统计", "图表"]

    head, rows = header_and_rows(wb["退回清单"])
    assert head == ["序号", "单位", "错误", "警告", "主要问题", "标注副本", "原文件"]
    assert [r[1] for r in rows] == [HOSTILE2, "broken"]          # errors first, then the unreadable
    assert rows[0][2:4] == [4, 2] and rows[0][4].startswith("PC")
    assert "无法读取" in rows[1][4] and "corrupt" in rows[1][4]

    head, rows = header_and_rows(wb["单位汇总"])
    assert head == ["单位", "文件", "项目数", "全年预算数合计", "全年执行数合计", "执行率", "平均自评得分",
                    "平均重算得分", "满分但未完成", "等级变化项目数", "项目汇总核对", "错误", "警告", "提示", "结论",
                    "原因"]
    assert len(rows) == 4                                     # three files and the 合计 row
    bad, ok, broken, total = rows
    assert bad[0] == HOSTILE2 and bad[2] == 1 and bad[3] == 54 and bad[4] == 50
    assert bad[5] == pytest.approx(50 / 54) and bad[6] == 95 and bad[7] == pytest.approx(92.6)
    assert (bad[11], bad[12], bad[13], bad[14]) == (4, 2, 1, "退回修改") and bad[10] == "一致"
    assert (ok[11], ok[12], ok[14]) == (0, 0, "通过")
    assert broken[14] == "无法读取" and "corrupt" in str(broken[15])
    assert total[0] == "合计" and total[2] == 2 and total[3] == 108 and total[4] == 100
    assert total[5] == pytest.approx(100 / 108) and (total[11], total[12], total[13]) == (4, 2, 1)
    assert total[14] == "退回 2，通过 1"

    head, rows = header_and_rows(wb["项目明细"])
    assert len(rows) == 2                                    # one project in each readable workbook
    assert head[9] == "差值（自评−重算）" and head[12] == "等级变化" and head[14] == "满分但未完成"
    assert rows[0][3] == HOSTILE and rows[0][9] == pytest.approx(95 - 92.6)
    assert rows[0][12] == "否" and rows[0][14] == "否"
    assert rows[0][15] == 4 and rows[1][15] == 0             # errors on the project's sheet
    assert "图表标签" not in head and len(head) == 17         # no helper column

    head, rows = header_and_rows(wb["规则统计"])
    assert head == ["代码", "别名", "规则说明", "错误", "警告", "提示", "合计", "涉及项目数", "涉及文件数"]
    codes = {r[0]: r for r in rows}
    assert set(codes) == {f.code for f in findings_for()}
    assert codes["PC102"][1] == "execution-rate-mismatch" and codes["PC102"][3] == 1
    assert codes["PC102"][7] == 1 and codes["PC508"][7] == 0          # a workbook-level finding: no project
    assert sum(r[3] for r in rows) == 4 and sum(r[4] for r in rows) == 2 and sum(r[5] for r in rows) == 1
    for name in ("退回清单", "单位汇总", "项目明细", "规则统计"):
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
        assert ws.column_dimensions["A"].width >= 6
        assert not any(d.hidden for d in ws.column_dimensions.values())


def test_full_score_missed_and_grade_change_counted(tmp_path: Path) -> None:
    from dataclasses import replace

    a = make_report(tmp_path / "a.xlsx", unit="甲")
    a.projects = [replace(project(), stated_score=Decimal(100), targets_missed=2, computed_grade="良"),
                  replace(project(sheet="项目2"), stated_score=Decimal(100), targets_missed=0),
                  replace(project(sheet="项目3"), stated_score=Decimal(98), targets_missed=1)]
    b = make_report(tmp_path / "b.xlsx", unit="乙")
    b.projects = [replace(project(), stated_score=Decimal(100), targets_missed=1)]
    wb = openpyxl.load_workbook(write_rollup([a, b], tmp_path / "汇总.xlsx"))
    _, units = header_and_rows(wb["单位汇总"])
    assert [(r[0], r[8], r[9]) for r in units] == [("甲", 1, 1), ("乙", 1, 0), ("合计", 2, 1)]
    _, projects = header_and_rows(wb["项目明细"])
    assert [r[14] for r in projects] == ["是", "否", "否", "是"]
    assert [r[12] for r in projects] == ["是", "否", "否", "否"]


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
        assert len(charts) == 3
        xml = [z.read(c).decode() for c in charts]
    assert "<c:barChart>" in xml[0] and "单位汇总" in xml[0] and "stacked" in xml[0]
    assert "<c:barChart>" in xml[1] and "项目明细!$D$2" in xml[1] and "clustered" in xml[1]
    # the score axis starts just below the lowest score (92.6), not at 0, so the gap shows
    assert '<c:min val="91.0"/>' in xml[1] and '<c:max val="95.0"/>' in xml[1]
    assert "项目明细!$J$2" in xml[2]                              # stated − recomputed


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
    from perfcheck.errors import OutputError

    src = tmp_path / "汇总.xlsx"
    src.write_bytes(b"department data")
    with pytest.raises(OutputError):
        write_rollup(reports, src, protect=[src])
    assert src.read_bytes() == b"department data"


def test_english_headers(tmp_path: Path, reports: list[Report]) -> None:
    wb = openpyxl.load_workbook(write_rollup(reports, tmp_path / "r.xlsx", lang="en"))
    assert wb["单位汇总"]["A1"].value == "Unit" and wb["单位汇总"]["O2"].value == "returned for revision"
    assert wb["退回清单"]["E1"].value == "Main problems"


@pytest.mark.libreoffice
def test_rollup_converts_to_pdf(tmp_path: Path, reports: list[Report]) -> None:
    from support.lo import convert

    pdf = convert(write_rollup(reports, tmp_path / "汇总.xlsx"), "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_samples_rollup_sendback_links_and_full_score_missed(tmp_path: Path) -> None:
    """The bundled samples checked as a folder: 退回清单 first, its links open the copies, and the
    满分但未完成 count per unit is what the JSON's projects say."""
    import io
    import json

    from perfcheck.runner import run_validate

    root = Path(__file__).resolve().parent.parent / "samples"
    out = io.StringIO()
    run_validate([root], fmt="json", out=tmp_path / "out", jobs=1, stdout=out, stderr=io.StringIO())
    doc = json.loads(out.getvalue())
    rollup = Path(doc["rollup"])
    wb = openpyxl.load_workbook(rollup)
    assert wb.sheetnames[0] == "退回清单"
    head, rows = header_and_rows(wb["退回清单"])
    failed = [f for f in doc["files"] if not f["readable"] or any(x["severity"] == "error" for x in f["findings"])]
    assert len(rows) == len(failed) >= 1
    errors = [r[2] for r in rows]
    assert errors == sorted(errors, reverse=True)
    ws = wb["退回清单"]
    for i, f in enumerate(sorted(failed, key=lambda f: -sum(x["severity"] == "error" for x in f["findings"]))):
        cell = ws.cell(row=i + 2, column=6)
        assert cell.hyperlink is not None
        target = (rollup.parent / cell.hyperlink.target.replace("\\", "/")).resolve()
        assert target.exists() and target == Path(f["annotated"]).resolve()
        assert rows[i][1] == (f["unit"] or Path(f["path"]).stem)
    _, units = header_and_rows(wb["单位汇总"])
    by_unit = {r[1]: r[8] for r in units[:-1]}
    for f in doc["files"]:
        assert by_unit[f["path"]] == sum(1 for p in f["projects"] if p["full_score_missed"])
        assert all(p["full_score_missed"] == (p["stated_score"] is not None and p["stated_score"] >= 100
                                              and p["targets_missed"] > 0) for p in f["projects"])
    assert units[-1][8] == sum(by_unit.values())


def test_list_check_agrees_disagrees_or_missing(tmp_path: Path) -> None:
    from perfcheck.model import CellRef, Severity

    a = make_report(tmp_path / "a.xlsx", findings=[], unit="甲")
    b = make_report(tmp_path / "b.xlsx", unit="乙", findings=[
        finding("PC501", Severity.ERROR, CellRef("项目汇总", "B5"), {"row": 5, "name": "x", "closest": "—"}),
        finding("PC503", Severity.ERROR, CellRef("项目汇总", "F4"), {})])
    c = make_report(tmp_path / "c.xlsx", unit="丙", findings=[finding("PC007", Severity.WARNING, None,
                                                                   {"sheet": "项目汇总"})])
    wb = openpyxl.load_workbook(write_rollup([a, b, c], tmp_path / "汇总.xlsx"))
    _, rows = header_and_rows(wb["单位汇总"])
    assert [r[10] for r in rows] == ["一致", "不一致（2 处）", "无项目汇总", "1 个单位不一致"]


def test_monitoring_lights_counted_per_project_and_unit(tmp_path: Path) -> None:
    """监控预警: per monitoring form its funds light and the count of each indicator light, equal to
    the lights the JSON report carries; a 小计 row per unit; no such sheet without monitoring forms."""
    import collections

    from perfcheck import api

    samples = Path(__file__).resolve().parents[1] / "samples" / "kinds"
    reports = [api.validate(p) for p in sorted(samples.glob("绩效监控_*.xlsx"))]
    assert all(r.lights for r in reports)
    wb = openpyxl.load_workbook(write_rollup(reports, tmp_path / "汇总.xlsx"))
    assert wb.sheetnames.index("监控预警") == wb.sheetnames.index("规则统计") + 1
    head, rows = header_and_rows(wb["监控预警"])
    assert head == ["单位", "文件", "工作表", "项目名称", "资金执行", "绿灯", "黄灯", "红灯", "蓝灯"]
    names = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "blue": "蓝灯"}
    expected_rows = []
    for r in reports:
        forms: dict[str, collections.Counter[str]] = {}
        funds: dict[str, str] = {}
        for x in r.to_dict()["lights"]:  # type: ignore[union-attr]
            forms.setdefault(x["sheet"], collections.Counter())
            if x["subject"] == "funds":
                funds[x["sheet"]] = names[x["light"]]
            else:
                forms[x["sheet"]][x["light"]] += 1
        for sheet, c in forms.items():
            expected_rows.append([r.path.name, sheet, funds.get(sheet, ""), *(c[k] for k in names)])
        total = sum(forms.values(), collections.Counter())
        expected_rows.append([r.path.name, "", "", *(total[k] for k in names)])
    got = [[row[1], row[2], row[4], *row[5:]] for row in rows]
    assert got == expected_rows
    assert [row[3] for row in rows if row[2] == ""] == ["小计"] * len(reports)

    plain = openpyxl.load_workbook(write_rollup([api.validate(samples / "部门整体_示例2023.xlsx")],
                                                tmp_path / "plain.xlsx"))
    assert "监控预警" not in plain.sheetnames


def test_a_spilled_summary_log_gives_the_same_rollup(tmp_path: Path, reports: list[Report]) -> None:
    """The runner spills each file's summary to a temporary file (SummaryLog) instead of holding them
    all: the roll-up built from the log is byte for byte the one built from the reports."""
    import datetime as dt

    from perfcheck.report.rollup import FileSummary, SummaryLog

    when = dt.datetime(2026, 1, 1, 9, 0)
    direct = write_rollup(reports, tmp_path / "a.xlsx", checked_at=when)
    with SummaryLog() as log:
        for r in reports:
            log.add(FileSummary.from_report(r))
        assert len(log) == 3
        assert [s.path for s in log] == [r.path for r in reports]      # in order, and readable again
        spilled = write_rollup(log, tmp_path / "b.xlsx", checked_at=when)
    za, zb = zipfile.ZipFile(direct), zipfile.ZipFile(spilled)
    assert za.namelist() == zb.namelist()
    for name in za.namelist():
        assert za.read(name) == zb.read(name), name
