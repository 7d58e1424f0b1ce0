"""项目支出绩效运行监控表 (monitoring form, forms.md §4): labels, reason categories, template positions.

Filled mid-year with data up to month X (1–X月, read from the title or a 监控期间 cell, or given with
``validate --month``) and, in some places, for the whole year (X = 12).  No scores: each indicator
and the funds get a warning light (:mod:`perfcheck.lights`).

The 1–X月 columns carry the month in their label (``1—7月执行数``, ``1-7月实际完成值``): their keys
are in ``KIND.month_keys`` and their label text here is the part after the range.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfcheck.kinds.base import MONITOR, Kind
from perfcheck.layout import FORM, GridPositions, Label, _labels

TITLE = Label("title", "项目支出绩效运行监控表", "Project Performance Monitoring Form",
              ("绩效监控表", "绩效目标执行监控表", "运行监控表", "执行监控", "绩效运行监控表", "绩效目标运行监控表"))

CATEGORIES: tuple[str, ...] = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
"""偏差原因 categories (a drop-down, or ticks in five columns)."""
LIKELIHOOD: tuple[str, ...] = ("确定能", "有可能", "完全不可能")
"""完成目标可能性."""

LABELS = _labels(
    FORM["project_name"], FORM["department"], FORM["implementer"],
    Label("period", "监控期间", "Monitoring period", ("监控期", "监控时段", "监控时间", "监控区间")),
    Label("funds", "项目资金（万元）", "Project funds (10k yuan)", ("项目资金", "资金情况", "资金执行情况")),
    FORM["initial_budget"], FORM["annual_budget"],
    Label("spent_to_date", "执行数", "Spent to date", ("累计执行数", "实际执行数", "执行金额", "支出数", "预算执行数")),
    Label("rate", "执行率", "Execution rate", ("预算执行率", "序时执行率")),
    Label("forecast_spent", "全年预计执行数", "Expected spending in year",
          ("全年预计执行", "预计全年执行数", "全年预计支出数", "预计全年支出数", "全年预计执行金额")),
    Label("total", "年度资金总额", "Total funds", ("资金总额", "合计")),
    Label("fiscal", "其中：财政拨款", "of which: appropriation", ("财政拨款", "财政资金", "当年财政拨款")),
    Label("other", "其他资金", "Other funds", ("其它资金", "其他资金来源")),
    FORM["goal"],
    Label("goal_expected", "年度目标", "Annual goal", ("预期目标", "年度总体目标值")),
    Label("goal_progress", "执行情况", "Progress", ("完成情况", "目标执行情况")),
    FORM["indicators"], FORM["level1"], FORM["level2"], FORM["level3"], FORM["target"],
    Label("actual_to_date", "实际完成值", "Actual to date", ("完成值", "执行情况", "实际完成情况", "完成情况", "实际值")),
    Label("forecast_value", "全年预计完成值", "Expected value for the year",
          ("全年预计完成情况", "预计全年完成值", "全年预计完成", "预计全年完成情况")),
    Label("reason_category", "偏差原因类别", "Reason category", ("原因类别", "偏差原因分类", "偏差类型")),
    Label("reason", "偏差原因说明", "Reason for deviation",
          ("偏差原因", "偏差原因分析", "原因说明", "偏差原因及改进措施", "偏差原因分析及改进措施", "原因分析")),
    Label("likelihood", "完成目标可能性", "Likelihood of meeting the target", ("完成可能性", "目标完成可能性")),
    Label("remark", "备注", "Remarks", ("说明",)),
    Label("light", "预警", "Warning light", ("预警灯", "预警结果", "监控预警", "红绿灯", "预警等级", "预警情况")),
    *(Label(f"cat_{i}", c, c) for i, c in enumerate(CATEGORIES)),
)
CATEGORY_KEYS: tuple[str, ...] = tuple(f"cat_{i}" for i in range(len(CATEGORIES)))

KIND = Kind(
    key=MONITOR, zh="项目支出绩效运行监控表", en="monitoring form",
    reader="perfcheck.reader.kinds:read_monitor", field="monitors",
    titles=tuple(dict.fromkeys((TITLE.zh, *TITLE.synonyms))), excluded=("汇总", "自评表"),
    decisive=(("spent_to_date", "actual_to_date"), ("forecast_spent", "forecast_value", "likelihood")),
    labels=LABELS, month_keys=frozenset({"spent_to_date", "actual_to_date"}),
)


@dataclass(frozen=True, slots=True)
class Positions(GridPositions):
    """Template default positions: the common grid (``layout.GridPositions``) with a 监控期间 row, the
    funds block from row 6, and the monitoring columns."""

    funds_header_row: int = 6
    funds_rows: tuple[str, ...] = ("total", "fiscal", "other")        # rows 7..9
    last_col: str = "K"
    department_row: int = 4
    period_row: int = 5
    col_rate: str = "G"
    col_forecast: str = "H"       # 全年预计执行数
    col_funds_category: str = "I"
    col_funds_reason: str = "J"   # J:K merged
    # indicator grid (col_actual: 1–X月实际完成值)
    col_forecast_value: str = "G"
    col_category: str = "H"
    col_reason: str = "I"
    col_likelihood: str = "J"
    col_remark: str = "K"


POS = Positions()
SKELETON: tuple[tuple[str, str], ...] = (
    ("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
    ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"),
)


def month_label(x: int | None, rest: str) -> str:
    """``1—7月执行数``; with no month, a blank to fill: ``1—　月执行数``."""
    return f"1—{x if x else '　'}月{rest}"


def sheet_name(index: int) -> str:
    return f"监控{index}"
