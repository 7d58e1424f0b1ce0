"""What to write into a workbook: the input of the template writer, the samples and the tests' builder.

An empty ``WorkbookSpec`` with N blank ``ProjectSpec``s is the template.  A filled one is a sample or a
test workbook.  Every value is *raw*: exactly what a person would type (``"≥50个"``, ``"９５"``,
``95.3``, ``"95.3%"``), written as is (text stays text, numbers stay numbers).

Computed cells (年度资金总额 amounts, 执行率, 预算执行率得分, 总分, 自评等级, the 项目汇总 links and
its 合计 row) are written as formulas with their computed values stored, unless the spec gives a
value (``FORMULA`` is the default): then that literal is written instead, which is how a sample
states a wrong total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TypeAlias


class _Formula(Enum):
    FORMULA = "formula"

    def __repr__(self) -> str:
        return "FORMULA"


FORMULA = _Formula.FORMULA
"""Write the computed cell as a formula (with its value stored)."""

Raw: TypeAlias = str | int | float | Decimal | dt.date | dt.datetime | None
Computed: TypeAlias = Raw | _Formula


@dataclass
class FundsRowSpec:
    initial: Raw = None        # 年初预算数
    budget: Raw = None         # 全年预算数
    spent: Raw = None          # 全年执行数


@dataclass
class GridIndicatorSpec:
    """The columns every indicator grid has (the project, department and monitoring forms)."""

    level1: Raw = None         # 一级指标 (the writer merges equal consecutive values down, as people do)
    level2: Raw = None         # 二级指标
    name: Raw = None           # 三级指标
    target: Raw = None         # 年度指标值
    actual: Raw = None         # 实际完成值 (on a monitoring form: 1–X月实际完成值)


@dataclass
class IndicatorSpec(GridIndicatorSpec):
    """An indicator row of a self-assessment form (project, department)."""

    weight: Raw = None         # 分值
    score: Raw = None          # 得分
    reason: Raw = None         # 偏差原因分析及改进措施


@dataclass(kw_only=True)
class ScoredFormSpec:
    """What a self-assessment form (project, department) has besides its heading and funds lines:
    the 年度资金总额 row (FORMULA = SUM of the lines, or a stated literal), the 预算执行率 weight, rate
    and score, the goal, the indicators, 总分 and 自评等级."""

    year: Raw = None           # the （2023年度） line; None: the workbook's year
    total_initial: Computed = FORMULA
    total_budget: Computed = FORMULA
    total_spent: Computed = FORMULA
    exec_weight: Raw = 10      # 分值 of the 预算执行率 (the template writes 10)
    rate: Computed = FORMULA   # 执行率 on the 年度资金总额 row
    exec_score: Computed = FORMULA    # 预算执行率得分
    goal_expected: Raw = None  # 年度总体目标 · 预期目标
    goal_actual: Raw = None    # 年度总体目标 · 实际完成情况
    indicators: list[IndicatorSpec] = field(default_factory=list)
    min_indicator_rows: int = 0   # pad with empty rows (the template's skeleton) up to this many
    total_weight: Computed = FORMULA  # 总分 row, 分值 column
    total_score: Computed = FORMULA   # 总分 row, 得分 column
    grade: Computed = FORMULA         # 自评等级


@dataclass
class ProjectSpec(ScoredFormSpec):
    sheet: str                 # sheet name, e.g. 项目1
    name: Raw = None           # 项目名称
    department: Raw = None     # 主管部门
    implementer: Raw = None    # 实施单位
    category: Raw = None       # 项目类别 (goes to 项目汇总 only)
    fiscal: FundsRowSpec = field(default_factory=FundsRowSpec)     # 其中：当年财政拨款
    carryover: FundsRowSpec = field(default_factory=FundsRowSpec)  # 上年结转资金
    other: FundsRowSpec = field(default_factory=FundsRowSpec)      # 其他资金
    fiscal_rate: Computed = FORMULA   # 执行率 on the 当年财政拨款 row
    exec_reason: Raw = None    # 偏差原因 of the funds block (column J)


@dataclass
class ListRowSpec:
    """A 项目汇总 row stated explicitly (instead of the formula links to a form)."""

    name: Raw = None
    category: Raw = None
    initial: Raw = None
    budget: Raw = None
    spent: Raw = None
    rate: Raw = None
    score: Raw = None
    grade: Raw = None
    remark: Raw = None


@dataclass
class WorkbookSpec:
    year: int | None = None
    unit: dict[str, Raw] = field(default_factory=dict)   # layout.UNIT key → value (单位名称, 编制人数 …)
    projects: list[ProjectSpec] = field(default_factory=list)
    # 项目汇总: None → one row per form, linked by formulas; a list → these rows, as stated
    list_rows: list[ListRowSpec] | None = None
    list_total: dict[str, Raw] | None = None   # stated 合计 cells (key: initial, budget, spent, rate, score); None → formulas
    problems: Raw = None       # 问题与措施 · 存在的问题
    measures: Raw = None       # 问题与措施 · 下一步工作措施
    with_instructions: bool = True
    with_unit_sheet: bool = True
    with_list_sheet: bool = True
    with_issues_sheet: bool = True
    lang: str = "zh"           # "en": English labels beside the Chinese ones
    protect: bool = True       # protect sheets (no password), input cells unlocked


__all__ = ["FORMULA", "Computed", "FundsRowSpec", "GridIndicatorSpec", "IndicatorSpec", "ListRowSpec", "ProjectSpec", "Raw",
           "ScoredFormSpec", "WorkbookSpec"]
