"""The one layout definition: sheet names, labels and their synonyms, and the template's default positions.

The template writer, the reader and the tests' workbook builder all take their names, labels and
positions from here.  The reader never relies on the positions: it finds every block by its labels
(``Label.matches``); the positions are where *the template* puts things.

Everything is data.  A label has a canonical key, its Chinese text (what the template writes), its
English text (used with ``--lang en`` and in messages), and the synonyms people really write.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from perfcheck.model import Bilingual

# --------------------------------------------------------------------------------------------------
# Label normalisation
# --------------------------------------------------------------------------------------------------

_MARKER = re.compile(r"[（(]\s*[A-Za-z0-9/×*%+\-\s]*[)）]")  # (A), （B/A）, (%), (万元) is not matched
_UNIT_SUFFIX = re.compile(r"[（(]\s*(万元|元|%|分)\s*[)）]")
_SPACES = re.compile(r"\s+")


def normalize_label(text: object) -> str:
    """Normalise a cell's text for label matching.

    NFKC (full-width → half-width), drop all white space (people type ``项 目 名 称``), drop markers
    such as ``(A)``, ``（B/A）``, unit suffixes such as ``（万元）``, and trailing colons.

    >>> normalize_label(" 全年预算数（A） ")
    '全年预算数'
    >>> normalize_label("执行率(B/A)")
    '执行率'
    >>> normalize_label("项目资金（万元）：")
    '项目资金'
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _SPACES.sub("", s)
    s = _UNIT_SUFFIX.sub("", s)
    s = _MARKER.sub("", s)
    return s.rstrip(":：")


@dataclass(frozen=True, slots=True)
class Label:
    """A label a reader looks for and a writer writes."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """Every accepted spelling, normalised (the canonical Chinese text first)."""
        return tuple(dict.fromkeys(normalize_label(x) for x in (self.zh, *self.synonyms, self.en)))

    def matches(self, text: object) -> bool:
        """True when a cell's text is this label (after normalisation), case-insensitively for English.

        A bilingual label written as ``"项目名称\nProject name"`` (``perfcheck template --lang en``)
        matches by either of its lines.
        """
        if text is None:
            return False
        raw = str(text)
        candidates = [raw, *raw.splitlines()] if "\n" in raw else [raw]
        forms = [f.lower() for f in self.forms]
        for c in candidates:
            n = normalize_label(c).lower()
            if n and n in forms:
                return True
        return False

    def bilingual(self) -> Bilingual:
        """The label for a message placeholder: Chinese in Chinese messages, English in English ones."""
        return Bilingual(self.zh, self.en)


def _labels(*items: Label) -> dict[str, Label]:
    return {x.key: x for x in items}


# --------------------------------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetName:
    """A sheet's key and its names in Chinese and English."""

    key: str
    zh: str
    en: str


SHEET_INSTRUCTIONS = SheetName("instructions", "填表说明", "Instructions")
SHEET_UNIT = SheetName("unit", "单位概况", "Unit")
SHEET_LIST = SheetName("list", "项目汇总", "Projects")
SHEET_ISSUES = SheetName("issues", "问题与措施", "Issues")
SHEET_RESULT = SheetName("result", "校验结果", "Check results")  # written by perfcheck, skipped when read
SHEETS: tuple[SheetName, ...] = (SHEET_INSTRUCTIONS, SHEET_UNIT, SHEET_LIST, SHEET_ISSUES, SHEET_RESULT)


def form_sheet_name(index: int) -> str:
    """Default name of the index-th (1-based) project form sheet: 项目1, 项目2 …"""
    return f"项目{index}"


# --------------------------------------------------------------------------------------------------
# The project form (项目支出绩效自评表)
# --------------------------------------------------------------------------------------------------

FORM_TITLE = Label("title", "项目支出绩效自评表", "Project Expenditure Performance Self-Assessment Form",
                   ("项目支出绩效自评表", "项目绩效自评表", "项目支出绩效目标自评表"))

FORM = _labels(
    Label("project_name", "项目名称", "Project name"),
    Label("department", "主管部门", "Competent department", ("主管部门(单位)", "主管单位")),
    Label("implementer", "实施单位", "Implementing unit", ("项目实施单位", "实施部门", "实施单位(盖章)")),
    Label("funds", "项目资金（万元）", "Project funds (10k yuan)", ("项目资金", "资金情况", "项目资金情况")),
    Label("initial_budget", "年初预算数", "Initial budget", ("年初预算", "年初预算金额")),
    Label("annual_budget", "全年预算数", "Annual budget", ("调整后预算数", "全年预算", "调整后预算", "全年预算金额")),
    Label("spent", "全年执行数", "Spent in year", ("全年执行", "实际执行数", "全年支出数", "预算执行数")),
    Label("weight", "分值", "Points", ("权重", "分值(权重)")),
    Label("rate", "执行率", "Execution rate", ("预算执行率", "全年执行率")),
    Label("score", "得分", "Score", ("自评得分",)),
    Label("funds_reason", "偏差原因", "Reason for deviation",
          ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因分析")),
    Label("total_funds", "年度资金总额", "Total funds", ("资金总额", "年度资金总额:", "合计", "总额")),
    Label("fiscal", "其中：当年财政拨款", "of which: current-year appropriation",
          ("当年财政拨款", "本年财政拨款", "当年财政资金", "其中:本年财政拨款", "其中:当年财政资金", "财政拨款",
           "其中:财政资金", "财政资金")),
    Label("carryover", "上年结转资金", "Carry-over from last year", ("上年结转", "上年结余结转资金", "结转资金")),
    Label("other", "其他资金", "Other funds", ("其他资金来源", "其它资金")),
    Label("goal", "年度总体目标", "Overall annual goal", ("总体目标", "年度目标")),
    Label("goal_expected", "预期目标", "Expected goal", ("年度预期目标", "项目年度目标")),
    Label("goal_actual", "实际完成情况", "Actual completion", ("实际完成", "年度实际完成情况", "年度目标完成情况")),
    Label("indicators", "绩效指标", "Performance indicators", ("绩效指标表",)),
    Label("level1", "一级指标", "Level-1 indicator"),
    Label("level2", "二级指标", "Level-2 indicator"),
    Label("level3", "三级指标", "Level-3 indicator", ("指标名称", "三级指标名称")),
    Label("operator", "指标性质", "Operator", ("指标方向",)),
    Label("target", "年度指标值", "Annual target", ("指标值", "年度目标值", "年度指标值(A)")),
    Label("measure_unit", "度量单位", "Unit of measure", ("计量单位", "单位")),
    Label("actual", "实际完成值", "Actual value", ("全年实际值", "实际完成情况", "实际值", "全年完成值", "完成值")),
    Label("reason", "偏差原因分析及改进措施", "Reasons for deviation and improvements",
          ("偏差原因", "未完成原因分析", "偏差原因分析", "偏差原因分析及改进措施说明",
           "未完成原因及拟采取的改进措施", "偏差原因及改进措施", "原因分析及改进措施")),
    Label("total_score", "总分", "Total", ("合计", "总计", "总得分")),
    Label("grade", "自评等级", "Grade", ("评价等级", "绩效等级", "等级")),
    Label("year", "年度", "Year", ("评价年度", "自评年度")),
)

# The closed set of indicator names (docs/scoring.md §5), 一级 → its 二级.
LEVEL1: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
LEVEL1_EN = {"产出指标": "Output", "效益指标": "Outcome", "满意度指标": "Satisfaction"}
LEVEL2_EN = {
    "数量指标": "Quantity", "质量指标": "Quality", "时效指标": "Timeliness", "成本指标": "Cost",
    "经济效益指标": "Economic benefit", "社会效益指标": "Social benefit",
    "生态效益指标": "Ecological benefit", "可持续影响指标": "Sustainable impact",
    "服务对象满意度指标": "Beneficiary satisfaction",
}

# The three qualitative grades of an actual value (财预〔2020〕10号).
QUAL_GRADES: tuple[str, str, str] = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")
GRADES: tuple[str, ...] = ("优", "良", "中", "差")

# --------------------------------------------------------------------------------------------------
# Template default positions of the forms (1-based rows, column letters).  Only the writers use them.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GridPositions:
    """Where a form with a funds block, a goal block and an indicator grid sits -- every kind but the
    基础数据表 (``perfcheck.kinds`` defines the department and monitoring forms' own).  The rows
    follow from the funds block: its lines under the header row, then the goal block (header and
    text rows), then the indicator header and the first indicator row."""

    funds_header_row: int
    funds_rows: tuple[str, ...]       # the funds lines' keys, in row order (the 年度资金总额 line first)
    last_col: str
    title_row: int = 1
    year_row: int = 2
    name_row: int = 3
    # funds block columns
    col_label: str = "A"
    col_funds_label: str = "B"        # B:C merged
    col_initial: str = "D"
    col_budget: str = "E"
    col_spent: str = "F"
    col_rate: str = "H"               # 执行率
    # indicator grid columns
    col_level1: str = "B"
    col_level2: str = "C"
    col_level3: str = "D"
    col_target: str = "E"
    col_actual: str = "F"

    def funds_row(self, key: str) -> int:
        return self.funds_header_row + 1 + self.funds_rows.index(key)

    @property
    def goal_header_row(self) -> int:
        return self.funds_row(self.funds_rows[-1]) + 1

    @property
    def goal_text_row(self) -> int:
        return self.goal_header_row + 1

    @property
    def indicator_header_row(self) -> int:
        return self.goal_text_row + 1

    @property
    def first_indicator_row(self) -> int:
        return self.indicator_header_row + 1


@dataclass(frozen=True, slots=True)
class ScoredPositions(GridPositions):
    """A self-assessment form (project, department): 分值, 执行率, 得分 in the funds block, 分值 and 得分
    per indicator, then 总分 and 自评等级 under the indicators."""

    col_weight: str = "G"
    col_score: str = "I"
    col_ind_weight: str = "G"
    col_ind_score: str = "H"
    col_reason: str = "I"

    def total_row(self, n_indicators: int) -> int:
        return self.first_indicator_row + n_indicators

    def grade_row(self, n_indicators: int) -> int:
        return self.total_row(n_indicators) + 1


@dataclass(frozen=True, slots=True)
class FormPositions(ScoredPositions):
    """The project form (rows 6–9 the funds lines, goal rows 10–11, indicators from row 13)."""

    funds_header_row: int = 5
    funds_rows: tuple[str, ...] = ("total_funds", "fiscal", "carryover", "other")
    last_col: str = "J"
    department_row: int = 4
    col_funds_reason: str = "J"
    col_reason: str = "I"             # I:J merged


POS = FormPositions()

# The template's default indicator skeleton: (一级, 二级) per empty row.
DEFAULT_SKELETON: tuple[tuple[str, str], ...] = (
    ("产出指标", "数量指标"), ("产出指标", "数量指标"),
    ("产出指标", "质量指标"), ("产出指标", "质量指标"),
    ("产出指标", "时效指标"), ("产出指标", "时效指标"),
    ("产出指标", "成本指标"), ("产出指标", "成本指标"),
    ("效益指标", "经济效益指标"), ("效益指标", "经济效益指标"),
    ("效益指标", "社会效益指标"), ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"), ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"), ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"), ("满意度指标", "服务对象满意度指标"),
)

# --------------------------------------------------------------------------------------------------
# 单位概况: label in one cell, value in the next non-empty cell to its right.
# --------------------------------------------------------------------------------------------------

UNIT = _labels(
    Label("unit_name", "单位名称", "Unit name", ("部门名称", "单位(部门)名称")),
    Label("year", "评价年度", "Evaluation year", ("年度", "自评年度")),
    Label("department", "主管部门", "Competent department"),
    Label("budget_units", "预算单位数", "Budget units", ("预算单位个数",)),
    Label("secondary_units", "其中：二级预算单位数", "of which: secondary budget units",
          ("二级预算单位数", "其中:二级预算单位数", "所属二级预算单位数")),
    Label("staff_quota", "编制人数", "Authorised staff", ("本级编制人数",)),
    Label("admin_quota", "其中：行政编制", "of which: administrative", ("行政编制", "其中:行政编制", "行政编制人数")),
    Label("public_quota", "事业编制", "Public-institution quota", ("事业编制人数", "事业编制(含同岗同酬)")),
    Label("self_hired", "单位自聘人员", "Self-hired staff", ("自聘人员",)),
    Label("volunteers", "志愿者", "Volunteers"),
    Label("purchased_posts", "政府购岗", "Government-purchased posts", ("政府购买岗位",)),
    Label("actual_staff", "实有人数", "Actual headcount"),
    Label("retired", "退休人数", "Retired"),
    Label("duties", "主要职责", "Main duties", ("单位职责", "部门职责")),
)

# --------------------------------------------------------------------------------------------------
# 项目汇总: a header row, one row per project, then 合计.
# --------------------------------------------------------------------------------------------------

LIST_COLUMNS = _labels(
    Label("seq", "序号", "No."),
    Label("project_name", "项目名称", "Project name"),
    Label("category", "项目类别", "Category", ("项目类型",)),
    Label("initial_budget", "年初预算数", "Initial budget", ("年初预算",)),
    Label("annual_budget", "全年预算数", "Annual budget", ("调整后预算数", "全年预算")),
    Label("spent", "全年执行数", "Spent in year", ("全年执行", "实际执行数")),
    Label("rate", "执行率", "Execution rate", ("预算执行率",)),
    Label("score", "自评得分", "Self-assessed score", ("得分", "自评分数")),
    Label("grade", "自评等级", "Grade", ("等级", "评价等级")),
    Label("remark", "备注", "Remarks"),
)
LIST_TOTAL = Label("list_total", "合计", "Total", ("总计", "合  计"))
LIST_TITLE = "项目支出绩效自评汇总表"
LIST_HEADER_ROW = 3          # template position (1-based); the reader looks in the first 20 rows
LIST_HEADER_SCAN_ROWS = 20

# --------------------------------------------------------------------------------------------------
# 问题与措施
# --------------------------------------------------------------------------------------------------

ISSUES = _labels(
    Label("problems", "存在的问题", "Problems found", ("项目存在的问题", "存在问题", "主要问题")),
    Label("measures", "下一步工作措施", "Next steps", ("下一步改进措施", "改进措施", "下一步工作计划")),
)

# How many first rows the reader scans for the form title / labels when classifying a sheet.
FORM_SCAN_ROWS = 15
