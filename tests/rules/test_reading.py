"""PC0xx, the reading rules (perfcheck/rules/reading.py): each rule on a real workbook, at its exact cell,
with its exact message.

The reader emits these while it reads a file, so each case writes the builders' base workbook (one
consistent project, no finding at all) with one edit of the reading-example notation and validates it.
test_catalog runs the rules' own doc lines by code; here the cell and the message are pinned too, and
the thresholds are tested at their edges.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from perfcheck import api, codes
from perfcheck.config import Config

Reading = list[tuple[str, str | None, str | None, str]]


def reading_findings(path: Path) -> Reading:
    """(code, sheet, cell, message zh) of the PC0xx findings, in report order."""
    report = api.validate(path, Config())
    assert report.readable, report.error
    return [(f.code, f.sheet, f.cell, f.message("zh")) for f in report.findings if f.code.startswith("PC0")]


def test_the_base_workbook_reads_without_any_finding(write_workbook: Callable[..., Path]) -> None:
    report = api.validate(write_workbook(), Config())
    assert report.readable and report.findings == []


@pytest.mark.parametrize(("line", "expected"), [
    ('项目1!E7 = "约八十万"', [("PC001", "项目1", "E7", "「当年财政拨款·全年预算数」应为数字，实际为「约八十万」")]),
    ("项目1!H13 = True", [("PC001", "项目1", "H13", "「得分」应为数字，实际为「TRUE」")]),
    ("项目1!F7 = -15", [("PC003", "项目1", "F7", "「当年财政拨款·全年执行数」应为非负金额，实际为「-15」")]),
    ("项目1!G13 = 2023-12-15", [("PC010", "项目1", "G13",
                                  "「分值」应为数字，实际为日期格式「2023-12-15」，已按数字 45275 读取")]),
    ('项目1!G13 = 20 as "yyyy-mm-dd"', [("PC010", "项目1", "G13",
                                          "「分值」应为数字，实际为日期格式「1900-01-20」，已按数字 20 读取")]),
    ("项目1!F15 = 45275", [("PC013", "项目1", "F15",
                            "「实际完成值」应为日期，实际为数字「45275」，已按日期 2023-12-15 读取")]),
    ("项目1!E5 = None", [("PC005", "项目1", "A5", "项目自评表缺少「全年预算数」，依赖它的检查已跳过")]),
    ("项目1!D12 = None", [("PC005", "项目1", "A12", "项目自评表缺少「三级指标」，依赖它的检查已跳过")]),
    ("单位概况!A2 = None", [("PC011", "单位概况", "A1", "「单位概况」工作表缺少「单位名称」，依赖它的检查已跳过")]),
    ("add 草稿", [("PC008", "草稿", "A1", "工作表「草稿」未识别为自评表的任何部分，未检查")]),
    ("drop 单位概况", [("PC007", None, None, "缺少「单位概况」工作表，依赖它的检查已跳过")]),
    ('formula 项目1!E6 = "=SUM(E7:E9)"', [("PC009", "项目1", "E6",
                                          "本表有 1 个公式没有保存计算结果（首个在 E6）：文件不是由电子表格软件保存的，"
                                          "perfcheck 按填报数据重新计算")]),
])
def test_one_edit_gives_its_reading_finding_at_the_cell(write_workbook: Callable[..., Path], line: str,
                                                         expected: Reading) -> None:
    assert reading_findings(write_workbook(line)) == expected


@pytest.mark.parametrize("line", [
    "项目1!E7 = 80.00", '项目1!E7 = "80万元"', '项目1!E7 = "８０.００"', '项目1!E7 = "1,234.5"',
    'formula 项目1!E6 = "=SUM(E7:E9)" cached 95',       # a formula with its stored result
    "项目1!F15 = 2023-12-15",                           # a date where a date belongs
])
def test_what_reads_fine_gives_no_reading_finding(write_workbook: Callable[..., Path], line: str) -> None:
    assert reading_findings(write_workbook(line)) == []


def test_amounts_in_yuan_start_at_the_threshold(write_workbook: Callable[..., Path]) -> None:
    """PC004 from YUAN_THRESHOLD (100,000 万元) on: one cent below it reads as 万元."""
    assert codes.YUAN_THRESHOLD == 100_000
    below = f"项目1!E7 = {codes.YUAN_THRESHOLD - Decimal('0.01')}"
    at = f"项目1!E7 = {int(codes.YUAN_THRESHOLD)}"
    assert reading_findings(write_workbook(below, "below.xlsx")) == []
    assert [f[:3] for f in reading_findings(write_workbook(at, "at.xlsx"))] == [("PC004", "项目1", "E7")]


def test_a_serial_date_is_read_up_to_2099(write_workbook: Callable[..., Path]) -> None:
    """45275 is 2023-12-15; 73050 (2099-12-31) is the last serial read as a date, 73051 is a number."""
    last = reading_findings(write_workbook("项目1!F15 = 73050", "last.xlsx"))
    assert last == [("PC013", "项目1", "F15", "「实际完成值」应为日期，实际为数字「73050」，已按日期 2099-12-31 读取")]
    assert reading_findings(write_workbook("项目1!F15 = 73051", "beyond.xlsx")) == []


def test_a_copied_sheet_is_read_once(write_workbook: Callable[..., Path]) -> None:
    found = reading_findings(write_workbook("copy 项目汇总 -> 项目汇总 (2)"))
    assert [f[:3] for f in found] == [("PC012", "项目汇总 (2)", "A1")]


def test_a_workbook_without_a_project_form(write_workbook: Callable[..., Path]) -> None:
    found = reading_findings(write_workbook("drop 项目1"))
    assert [f[:3] for f in found] == [("PC006", None, None)]
