"""Real .xlsx files for the tests: :func:`write` is the one way a test writes a workbook.

``write(path, spec)`` writes a template spec (``WorkbookSpec`` or ``KindsWorkbookSpec``) through the
template writers; ``write(path, line)`` writes the base workbook below with a line of the notation
applied (``write(path)``: the base as it is).  The reading rules' doc examples (PC0xx) are such lines.

The reading rules have no check function: the reader emits them while it reads a file.  So their doc
examples are edits of a real workbook, the **base workbook**: one consistent project (sheets 填表说明,
单位概况, 项目汇总, 项目1, 问题与措施) written by ``perfcheck.template.build.write_workbook`` and then
saved once by openpyxl with every formula replaced by its stored value.  The base reads without a
single finding (``base_workbook()``), and every edit below changes only what the line says.

A line is parsed by perfcheck/examples/notation.py (which documents the notation; the catalog parses
the lines there too) and applied here with openpyxl.  The cells of the base, for reference (项目1 is
the template's layout):

    项目1    A1 title 项目支出绩效自评表 · A3 项目名称 · row 5 funds header (D 年初预算数, E 全年预算数,
             F 全年执行数, G 分值, H 执行率, I 得分, J 偏差原因) · row 6 年度资金总额 95 95 95 10 100% 10 ·
             row 7 当年财政拨款 80 80 80 · row 8 上年结转资金 15 15 15 · row 9 其他资金 (empty) ·
             A12 绩效指标, row 12 indicator header (B 一级指标, C 二级指标, D 三级指标, E 年度指标值,
             F 实际完成值, G 分值, H 得分, I 偏差原因分析及改进措施) · rows 13-18 indicators (row 15:
             时效指标, target 2023年12月31日前, actual 2023年12月15日) · row 19 总分 · row 20 自评等级
    项目汇总 row 3 header (A 序号, B 项目名称, C 项目类别, D 年初预算数, E 全年预算数, F 全年执行数,
             G 执行率, H 自评得分, I 自评等级, J 备注) · row 4 项目1 · row 5 合计
    单位概况 labels in A2:A15 (A2 单位名称), values in column B
    问题与措施 A2 存在的问题, A3 下一步工作措施, their text in column B

``codes(line)`` applies a line to a copy of the base and returns the set of codes of every finding
(reader hits and all rules) of ``perfcheck.rules.engine.run``.
"""

from __future__ import annotations

import atexit
import html
import re
import shutil
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook as XlWorkbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from perfcheck.config import Config
from perfcheck.examples.notation import ERROR_CODES, Step, parse, steps, value
from perfcheck.reader import read_workbook
from perfcheck.reader.grid import sheet_paths
from perfcheck.rules import engine
from perfcheck.template.blueprint import FundsRowSpec, IndicatorSpec, ProjectSpec, WorkbookSpec
from perfcheck.template.build import write_workbook
from perfcheck.template.kinds import KindsWorkbookSpec, write_kinds_workbook

UNIT = "示例县工业和信息化局"


def base_spec() -> WorkbookSpec:
    """One consistent project: 年度资金总额 80 + 15 = 95 in each column, 执行率 100%, 得分 10;
    Σ 分值 10 + 产出 20 + 10 + 10 + 10 + 效益 30 + 满意度 10 = 100, every indicator met: 总分 100, 优."""
    out, ben, sat = "产出指标", "效益指标", "满意度指标"

    def ind(l1: str, l2: str, name: str, target: str, actual: str, weight: int) -> IndicatorSpec:
        return IndicatorSpec(level1=l1, level2=l2, name=name, target=target, actual=actual,
                             weight=weight, score=weight)

    project = ProjectSpec(
        sheet="项目1",
        name="中小企业公共服务平台运行经费",
        department=UNIT,
        implementer="示例县中小企业服务中心",
        category="部门运转类",
        fiscal=FundsRowSpec(80, 80, 80),
        carryover=FundsRowSpec(15, 15, 15),
        goal_expected="保障县中小企业公共服务平台全年正常运行，为不少于300户中小企业提供政策、融资、培训等服务。",
        goal_actual="平台全年正常运行，服务中小企业326户，举办政策宣讲及培训22场。",
        indicators=[
            ind(out, "数量指标", "服务中小企业户数", "≥300户", "326户", 20),
            ind(out, "质量指标", "服务事项办结率", "=100%", "100%", 10),
            ind(out, "时效指标", "年度服务任务完成时间", "2023年12月31日前", "2023年12月15日", 10),
            ind(out, "成本指标", "平台运行维护成本", "≤90万元", "88.6万元", 10),
            ind(ben, "社会效益指标", "新增规模以上工业企业", "≥10户", "11户", 30),
            ind(sat, "服务对象满意度指标", "服务企业满意度", "≥90%", "95.6%", 10),
        ],
    )
    return WorkbookSpec(
        year=2023,
        unit={"unit_name": UNIT, "year": 2023, "department": "示例县人民政府", "budget_units": 1,
              "secondary_units": 0, "staff_quota": 20, "admin_quota": 8, "public_quota": 12,
              "self_hired": 2, "volunteers": 0, "purchased_posts": 3, "actual_staff": 24, "retired": 15,
              "duties": "贯彻执行工业和信息化发展的方针政策，推进中小企业公共服务体系建设。"},
        projects=[project],
        problems="部分绩效指标值设定偏保守，指标的挑战性不足。",
        measures="编制下一年度绩效目标时结合近三年实际完成情况科学设定指标值，加强绩效运行监控。",
    )


def _freeze_formulas(path: Path) -> None:
    """Replace every formula by the value stored beside it, so that openpyxl can save the file
    without leaving formulas without results (which is PC009 of its own)."""
    values = openpyxl.load_workbook(path, data_only=True)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.value = values[ws.title][cell.coordinate].value
    book.save(path)


@cache
def base_workbook() -> Path:
    """The base workbook, built once per session."""
    folder = Path(tempfile.mkdtemp(prefix="perfcheck-reading-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "base.xlsx"
    write_workbook(base_spec(), path)
    _freeze_formulas(path)
    return path


# --------------------------------------------------------------------------------------------------
# The notation
# --------------------------------------------------------------------------------------------------

def _set(book: XlWorkbook, step: Step) -> None:
    cell = book[step.sheet][step.cell]
    v = value(step.value)
    cell.value = v
    if isinstance(v, str):
        # a quoted text stays text (openpyxl would make "=…" a formula and "#DIV/0!" an error)
        cell.data_type = "e" if not step.value.startswith('"') else "s"
    if step.fmt is not None:
        cell.number_format = step.fmt


def apply(book: XlWorkbook, line: str) -> dict[tuple[str, str], str]:
    """Apply a line's steps to an openpyxl workbook.  Returns the stored results to write into the
    saved file afterwards: (sheet, cell) → the ``cached`` value text."""
    cached: dict[tuple[str, str], str] = {}
    for step in map(parse, steps(line)):
        if step.kind == "formula":
            book[step.sheet][step.cell].value = step.formula
            if step.cached is not None:
                cached[(step.sheet, step.cell)] = step.cached
        elif step.kind == "set":
            _set(book, step)
        elif step.kind == "drop":
            for name in step.names:
                del book[name]
        elif step.kind == "copy":
            ws = book.copy_worksheet(book[step.name])
            if step.new:
                ws.title = step.new
        elif step.kind == "rename":
            book[step.name].title = step.new or step.name
        else:
            book.create_sheet(step.name)
    return cached


# --------------------------------------------------------------------------------------------------
# Stored formula results
# --------------------------------------------------------------------------------------------------

def _store_results(path: Path, cached: dict[tuple[str, str], str]) -> None:
    """Write each ``cached`` result into its formula cell, which openpyxl saved as ``<f>…</f><v/>``."""
    with zipfile.ZipFile(path) as z:
        parts = sheet_paths(z)
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    patched: dict[str, bytes] = {}
    for (sheet, ref), raw in cached.items():
        part = parts[sheet]
        xml = patched.get(part) or next(data for i, data in members if i.filename == part)
        v = value(raw)
        if raw in ERROR_CODES:
            t, text = ' t="e"', raw
        elif isinstance(v, str):
            t, text = ' t="str"', v
        elif isinstance(v, bool):
            t, text = ' t="b"', str(int(v))
        elif isinstance(v, int | float):
            t, text = "", repr(v)
        else:
            raise ValueError(f"cached takes a number, a text or an error value, not {raw}")
        s = xml.decode("utf-8")
        m = re.search(rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>', s)
        if m is None:
            raise ValueError(f"no formula saved at {sheet}!{ref}")
        attrs = re.sub(r'\s+t="\w+"', "", m[1])
        s = s[:m.start()] + f'<c r="{ref}"{attrs}{t}>{m[2]}<v>{html.escape(text, quote=False)}</v></c>' + s[m.end():]
        patched[part] = s.encode("utf-8")
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, patched.get(info.filename, data))
    tmp.replace(path)


# --------------------------------------------------------------------------------------------------
# Running a line
# --------------------------------------------------------------------------------------------------


def write(path: Path, what: WorkbookSpec | KindsWorkbookSpec | str = "") -> Path:
    """A real workbook at ``path``: a spec through the template writer, or the base workbook with a
    line of the notation applied (the empty line: the base itself)."""
    if isinstance(what, KindsWorkbookSpec):
        write_kinds_workbook(what, path)
    elif isinstance(what, WorkbookSpec):
        write_workbook(what, path)
    else:
        book = openpyxl.load_workbook(base_workbook())
        cached = apply(book, what)
        book.save(path)
        if cached:
            _store_results(path, cached)
    return path


def build(line: str, folder: Path) -> Path:
    """The base workbook with ``line`` applied, saved as ``folder/example.xlsx``."""
    return write(folder / "example.xlsx", line)


def codes(line: str) -> set[str]:
    """The codes of every finding on the base workbook with ``line`` applied."""
    with tempfile.TemporaryDirectory(prefix="perfcheck-example-") as d:
        path = build(line, Path(d))
        cfg = Config()
        return {f.code for f in engine.run(read_workbook(path, cfg), cfg)}


# --------------------------------------------------------------------------------------------------
# Edits people make to a filled form (rows and columns inserted)
# --------------------------------------------------------------------------------------------------


def _shift_merges(ws: Worksheet, apply: Any) -> None:
    """Insert rows/columns keeping merged regions where a spreadsheet program would put them."""
    merged = [CellRange(r.coord) for r in ws.merged_cells.ranges]
    for m in merged:
        ws.unmerge_cells(m.coord)
    moved = apply(merged)
    for m in moved:
        ws.merge_cells(m.coord)


def insert_rows(ws: Worksheet, idx: int, n: int) -> None:
    def apply(ranges: list[CellRange]) -> list[CellRange]:
        ws.insert_rows(idx, n)
        for m in ranges:
            if m.min_row >= idx:
                m.shift(row_shift=n)
            elif m.max_row >= idx:
                m.expand(down=n)
        return ranges

    _shift_merges(ws, apply)


def insert_cols(ws: Worksheet, idx: int, n: int) -> None:
    def apply(ranges: list[CellRange]) -> list[CellRange]:
        ws.insert_cols(idx, n)
        for m in ranges:
            if m.min_col >= idx:
                m.shift(col_shift=n)
            elif m.max_col >= idx:
                m.expand(right=n)
        return ranges

    _shift_merges(ws, apply)
