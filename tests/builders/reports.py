"""Helpers for the reporter tests: a small hand-made workbook, hand-made Reports, a fake validate.

The fake validate lets the runner and the reporters be tested without the reader: it returns a
Report chosen by the file's name (``ok*`` clean, ``warn*`` warnings only, ``bad*`` errors,
``broken*`` unreadable), pointing at cells of the workbook ``make_input`` writes.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from perfcheck.config import Config
from perfcheck.findings import Finding, Lang, ProjectSummary, Report
from perfcheck.model import CellRef, Severity
from perfcheck.rules.base import finding

SHEET = "项目1"
HOSTILE = '=HYPERLINK("http://x","y")'
HOSTILE2 = "@SUM(A1)"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_input(path: Path, *, project_name: str = "培训项目") -> Path:
    """A small project form with the things a copy must keep: merges, a fill, widths, a formula,
    a data validation, a department comment, a second sheet."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:J1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A3"] = "项目名称"
    ws["B3"] = project_name
    ws["B3"].data_type = "s"
    ws.merge_cells("B3:J3")
    ws["A5"] = "项目资金（万元）"
    ws.merge_cells("A5:A9")
    for col, label in zip("DEFGHI", ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), strict=True):
        ws[f"{col}5"] = label
    ws["B6"] = "年度资金总额"
    ws["D6"], ws["E6"], ws["F6"], ws["G6"] = 50, 54, 50, 10
    ws["H6"] = "=F6/E6"
    ws["I6"] = 10
    ws["E6"].fill = PatternFill(fill_type="solid", fgColor="FF00B050", bgColor="FF00B050")  # department's own fill
    ws["F6"].comment = Comment("财务科核对过", "张三")
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["J"].width = 30
    dv = DataValidation(type="list", formula1='"优,良,中,差"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("B20")
    ws["A20"] = "自评等级"
    ws["B20"] = "优"
    other = wb.create_sheet("问题与措施")
    other["A1"] = "存在的问题"
    other["B1"] = "无"
    wb.save(path)
    return path


def findings_for(sheet: str = SHEET) -> list[Finding]:
    """Findings of every severity, on a plain cell, a range, a merged cell's interior, two on one
    cell, a department-commented cell, one with a hostile message value, and one workbook-level."""
    return [
        finding("PC102", Severity.ERROR, CellRef(sheet, "H6"),
                {"row": "年度资金总额", "stated": "100%", "spent": 50, "budget": 54, "expected": "92.59%",
                 "diff": "7.41"}, expected=Decimal("0.9259"), actual=Decimal(1)),
        finding("PC104", Severity.ERROR, CellRef(sheet, "I6"), {"stated": 10, "rate": "92.59%", "weight": 10,
                                                         "expected": Decimal("9.26"), "diff": Decimal("0.74")},
                expected=Decimal("9.26"), actual=Decimal(10)),
        finding("PC109", Severity.WARNING, CellRef(sheet, "I6"), {"rate": "92.59%", "threshold": "90%"}),
        finding("PC108", Severity.INFO, CellRef(sheet, "D6:E6"), {"initial": 50, "budget": 54, "diff": 4}),
        finding("PC301", Severity.ERROR, CellRef(sheet, "C3"), {"field": HOSTILE}),   # inside merged B3:J3
        finding("PC110", Severity.ERROR, CellRef(sheet, "F6"), {"item": HOSTILE2}),  # has a department comment
        finding("PC508", Severity.WARNING, None, {"field": "存在的问题"}),
    ]


def project(sheet: str = SHEET, name: str | None = "培训项目") -> ProjectSummary:
    return ProjectSummary(sheet=sheet, name=name, budget=Decimal(54), spent=Decimal(50),
                          execution_rate=Decimal("0.9259"), stated_score=Decimal(95),
                          computed_score=Decimal("92.6"), stated_grade="优", computed_grade="优")


def make_report(path: Path, *, findings: list[Finding] | None = None, name: str | None = "培训项目",
                unit: str | None = "共青城市工信局") -> Report:
    return Report(path=path, findings=list(findings_for() if findings is None else findings),
                  projects=[project(name=name)], unit=unit, year=2023, sheet_order=(SHEET, "问题与措施"))


def fake_validate(path: Path, config: Config | None = None, *, lang: Lang | str = Lang.zh,
                  debug: bool = False) -> Report:
    """A stand-in for api.validate, chosen by the file name (module level: picklable for the pool)."""
    p = Path(path)
    name = p.name
    if name.startswith("broken"):
        return Report(path=p, readable=False, error_kind="corrupt", error=f"{p}: 文件已损坏 / corrupt")
    if name.startswith("ok"):
        return make_report(p, findings=[], unit=f"单位-{p.stem}")
    if name.startswith("warn"):
        return make_report(p, findings=[finding("PC109", Severity.WARNING, CellRef(SHEET, "I6"),
                                                   {"rate": "92.59%", "threshold": "90%"})],
                           unit=f"单位-{p.stem}")
    return make_report(p, unit=f"单位-{p.stem}")


def raising_validate(path: Path, config: Config | None = None, *, lang: Lang | str = Lang.zh,
                     debug: bool = False) -> Report:
    raise RuntimeError("boom")
