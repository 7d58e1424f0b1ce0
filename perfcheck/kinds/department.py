"""部门整体支出绩效自评表 (department overall form, forms.md §2): labels, split parts, template positions.

As published (several provinces)::

    部门整体支出绩效自评表（2023年度）
    预算部门（单位）名称 | <name>
    年度资金（万元） |              | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
                     | 年度资金总额 |     x      |     x      |     x      |  10  |   x%   |  x
                     | 按收入性质分：
                     |   一般公共预算拨款 | 政府性基金预算拨款 | 纳入专户管理的非税收入拨款 | 其他资金
                     | 按支出性质分：
                     |   基本支出 | 项目支出
    年度总体目标 | 预期目标 | 实际完成情况
    绩效指标 | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    总分 | 自评等级

The split lines are read in every way they are written: one row per part with amounts in the
columns; a label cell holding ``其中：一般公共预算：1325.68`` (the amount inside the text); or
按收入性质分 and its parts on one line.  The indicator grid, 总分 and 自评等级 carry the labels of
the project form (``layout.FORM``).
"""

from __future__ import annotations

from dataclasses import dataclass

from perfcheck.kinds.base import DEPARTMENT, Kind
from perfcheck.layout import FORM, Label, ScoredPositions, _labels

TITLE = Label("title", "部门整体支出绩效自评表", "Department Overall Expenditure Performance Self-Assessment Form",
              ("部门整体绩效自评表", "整体支出绩效自评表", "部门整体支出绩效目标自评表"))

LABELS = _labels(
    Label("name", "预算部门（单位）名称", "Budget department (unit)",
          ("预算部门名称", "预算单位名称", "一级预算单位名称", "部门名称", "部门(单位)名称", "预算部门(单位)", "预算部门")),
    Label("funds", "年度资金（万元）", "Annual funds (10k yuan)", ("年度资金", "部门资金", "资金情况", "年度资金情况")),
    FORM["initial_budget"], FORM["annual_budget"], FORM["spent"], FORM["weight"], FORM["rate"], FORM["score"],
    Label("total", "年度资金总额", "Total funds", ("资金总额", "年度资金合计", "合计")),
    Label("income", "按收入性质分", "By source", ("按收入性质分类", "按收入来源分", "按资金来源分")),
    Label("expense", "按支出性质分", "By use", ("按支出性质分类", "按支出用途分", "按支出功能分")),
    Label("general", "一般公共预算拨款", "General public budget",
          ("一般公共预算", "一般公共预算资金", "一般公共预算财政拨款", "一般公共预算拨款收入", "财政拨款")),
    Label("fund", "政府性基金预算拨款", "Government fund budget",
          ("政府性基金", "政府性基金拨款", "政府性基金预算", "政府性基金预算资金")),
    Label("special", "纳入专户管理的非税收入拨款", "Non-tax revenue in special accounts",
          ("纳入专户管理的非税收入", "财政专户管理资金", "非税收入", "财政专户管理资金收入")),
    Label("other", "其他资金", "Other funds", ("其他收入", "其它资金", "其他资金收入")),
    Label("basic", "基本支出", "Basic expenditure", ("基本支出合计",)),
    Label("project", "项目支出", "Project expenditure", ("项目支出合计",)),
)

INCOME_PARTS: tuple[str, ...] = ("general", "fund", "special", "other")
EXPENSE_PARTS: tuple[str, ...] = ("basic", "project")
GROUP_OF: dict[str, str] = {**dict.fromkeys(INCOME_PARTS, "income"), **dict.fromkeys(EXPENSE_PARTS, "expense")}

KIND = Kind(
    key=DEPARTMENT, zh="部门整体支出绩效自评表", en="department overall form",
    reader="perfcheck.reader.kinds:read_department", field="departments",
    titles=tuple(dict.fromkeys((TITLE.zh, *TITLE.synonyms))), excluded=("汇总", "基础数据"),
    decisive=(("name",), ("income", "expense")), labels=LABELS,
)

@dataclass(frozen=True, slots=True)
class Positions(ScoredPositions):
    """Template default positions: the project form's grid (``layout.ScoredPositions``) without its
    department row, its funds block from row 4, and one column fewer (the reason in I)."""

    funds_header_row: int = 4
    funds_rows: tuple[str, ...] = ("total", "income", *INCOME_PARTS, "expense", *EXPENSE_PARTS)   # rows 5..13
    last_col: str = "I"


POS = Positions()
SHEET = "部门整体自评"

# The template's indicator skeleton (一级, 二级): the national set, as on the project form.
SKELETON: tuple[tuple[str, str], ...] = (
    ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
    ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"),
)
