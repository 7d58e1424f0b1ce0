"""Project forms typed cell by cell with openpyxl, without the template: the shapes the reader must
cope with.

``FormBuilder(ws, ...)`` writes one form where a test wants it (shifted, extra title rows, synonyms,
separate 指标性质/度量单位 columns, unmerged levels) and records in ``at`` the cell of every value.

Forms as provinces publish them (forms.md §5): ``form_rows()`` gives the rows of a plain, consistent form (as a list of rows, None for an empty
cell); a test changes the rows the way a province's form differs, then ``write(rows, path)`` saves a
one-sheet workbook.  Values are typed (no formulas), as in published tables.

The base form: 年度资金总额 100 / 100 / 100, 分值 10, 执行率 100%, 得分 10; six indicators worth 90
points, all met; 总分 100, 优.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

Row = list[Any]

FUNDS_HEADER = ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
GRID_HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
               "偏差原因分析及改进措施"]
INDICATORS: list[Row] = [
    [None, "产出指标", "数量指标", "培训人数", "≥50人", "52人", 20, 20, None],
    [None, "产出指标", "质量指标", "培训合格率", "≥95%", "96%", 10, 10, None],
    [None, "产出指标", "时效指标", "完成时间", "2023年12月31日前", "2023年11月30日", 10, 10, None],
    [None, "产出指标", "成本指标", "培训成本", "≤50万元", "48万元", 10, 10, None],
    [None, "效益指标", "社会效益指标", "参训人员就业率", "≥80%", "85%", 30, 30, None],
    [None, "满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%", 10, 10, None],
]


def form_rows() -> list[Row]:
    return [
        ["项目支出绩效自评表"],
        ["（2023年度）"],
        ["项目名称", "职业技能培训补助"],
        ["主管部门", "示例县人力资源和社会保障局", None, None, None, "实施单位", "示例县就业服务中心"],
        list(FUNDS_HEADER),
        [None, "年度资金总额", None, 100, 100, 100, 10, 1, 10],
        [None, "其中：当年财政拨款", None, 100, 100, 100, None, 1, None],
        [None, "上年结转资金", None, None, None, None, None, None, None],
        [None, "其他资金", None, None, None, None, None, None, None],
        ["年度总体目标", "预期目标", None, None, None, None, "实际完成情况"],
        [None, "全年培训城乡劳动者50人以上，培训合格率95%以上。", None, None, None, None,
         "全年培训52人，合格率96%，参训人员就业率85%。"],
        list(GRID_HEADER),
        *[list(r) for r in INDICATORS],
        ["总分", None, None, None, None, None, 100, 100],
        ["自评等级", "优"],
    ]


def find(rows: list[Row], text: str, col: int | None = None) -> int:
    """The index of the first row whose cell (in ``col``, or any) equals ``text``."""
    for i, r in enumerate(rows):
        cells = [r[col]] if col is not None and col < len(r) else r
        if text in cells:
            return i
    raise KeyError(text)


def write(rows: list[Row], path: Path, sheet: str = "项目1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------------
# A form written cell by cell where a test wants it (shifted, with synonyms, separate 指标性质 and
# 度量单位 columns, ...), recording where each value went
# --------------------------------------------------------------------------------------------------

IND = tuple[str, str, str, Any, Any, Any, Any, Any]   # 一级, 二级, 三级, target, actual, weight, score, reason


def default_indicators() -> list[IND]:
    return [
        ("产出指标", "数量指标", "培训人数", "≥50人", "52人", 20, 20, None),
        ("产出指标", "数量指标", "培训场次", "不少于4场", "4场", 10, 10, None),
        ("产出指标", "质量指标", "培训合格率", "≥95%", 0.96, 10, 10, None),
        ("产出指标", "时效指标", "完成时间", "2023年12月31日前", dt.datetime(2023, 11, 30), 5, 5, None),
        ("产出指标", "成本指标", "培训成本", "≤50万元", "48万元", 5, 5, None),
        ("效益指标", "社会效益指标", "参训人员就业率", "≥80%", "75%", 30, 28.13, "部分学员尚未就业，下一步将加强就业指导"),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%", 10, 10, None),
    ]


@dataclass
class FormBuilder:
    """Writes one project form; ``at[name]`` records the coordinate where each value was written."""

    ws: Worksheet
    top: int = 1                   # 1-based row of the title
    left: int = 1                  # 1-based column of the label column (A)
    extra_titles: int = 0          # rows between the title and the year line
    synonyms: bool = False
    op_unit_cols: bool = False     # separate 指标性质 and 度量单位 columns
    goal_rows: int = 1             # rows of the goal text (merged down)
    merge_levels: bool = True      # merge 一级/二级 down over equal values
    indicators: list[IND] = field(default_factory=default_indicators)
    funds: dict[str, tuple[Any, Any, Any]] = field(default_factory=lambda: {
        "total_funds": (54, 54, 50), "fiscal": (54, 54, 50), "carryover": ("—", "—", "—"), "other": (None, None, None)})
    rate: Any = 0.9259
    exec_score: Any = 9.26
    total_weight: Any = 100
    total_score: Any = 96.39
    grade: Any = "优"
    name: Any = "职业技能培训项目"
    year_text: str | None = "（2023年度）"
    at: dict[str, str] = field(default_factory=dict)

    def put(self, row: int, col: int, value: Any, key: str | None = None) -> None:
        cell = self.ws.cell(row=row, column=col)
        if value is not None:
            cell.value = value
        if key:
            self.at[key] = cell.coordinate

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def build(self) -> FormBuilder:
        L = self.left                                         # noqa: N806
        cols = ["level1", "level2", "level3"] + (["operator"] if self.op_unit_cols else []) + ["target"] + (
            ["unit"] if self.op_unit_cols else []) + ["actual", "weight", "score", "reason"]
        last = L + len(cols)                                  # the reason column spans two
        r = self.top
        self.put(r, L, "项目支出绩效自评表", "title")
        self.merge(r, L, r, last)
        for i in range(self.extra_titles):
            r += 1
            self.put(r, L, ["附件2", "填报单位（盖章）：示例局", "金额单位：万元"][i % 3])
        r += 1
        if self.year_text:
            self.put(r, L, self.year_text, "year")
            self.merge(r, L, r, last)
        r += 1
        self.put(r, L, "项 目 名 称" if self.synonyms else "项目名称", "name_label")
        self.put(r, L + 1, self.name, "name")
        self.merge(r, L + 1, r, last)
        r += 1
        self.put(r, L, "主管部门", "dep_label")
        self.put(r, L + 1, "示例局", "department")
        self.merge(r, L + 1, r, L + 4)
        self.put(r, L + 5, "实施单位")
        self.put(r, L + 6, "示例局培训中心", "implementer")
        self.merge(r, L + 6, r, last)
        # funds block: label | line label (2 cols) | 年初 | 全年 | 执行 | 分值 | 执行率 | 得分 | 偏差原因
        r += 1
        fh = r
        self.put(r, L, "项目资金（万元）")
        self.merge(r, L + 1, r, L + 2)
        heads = (["年初预算数", "调整后预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分", "偏差原因"]
                 if self.synonyms else
                 ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "偏差原因"])
        fkeys = ["initial_budget", "annual_budget", "spent", "weight", "rate", "score", "funds_reason"]
        for j, (h, k) in enumerate(zip(heads, fkeys, strict=True)):
            self.put(r, L + 3 + j, h, f"fh.{k}")
        labels = {"total_funds": "年度资金总额", "fiscal": "其中：本年财政拨款" if self.synonyms else "其中：当年财政拨款",
                  "carryover": "上年结转资金", "other": "其他资金"}
        for key in ("total_funds", "fiscal", "carryover", "other"):
            r += 1
            self.put(r, L + 1, labels[key], f"f.{key}.label")
            self.merge(r, L + 1, r, L + 2)
            for j, k in enumerate(("initial", "budget", "spent")):
                self.put(r, L + 3 + j, self.funds[key][j], f"f.{key}.{k}")
            if key == "total_funds":
                self.put(r, L + 6, 10, "f.weight")
                self.put(r, L + 7, self.rate, "f.rate")
                self.put(r, L + 8, self.exec_score, "f.score")
                self.put(r, L + 9, None, "f.reason")
            elif key == "fiscal":
                self.put(r, L + 6, "—")
                self.put(r, L + 7, self.rate, "f.fiscal_rate")
                self.put(r, L + 8, "—")
            else:
                for j in range(3):
                    self.put(r, L + 6 + j, "—")
        self.merge(fh, L, r, L)
        # goal
        r += 1
        g = r
        self.put(r, L, "年度总体目标")
        self.put(r, L + 1, "预期目标")
        self.merge(r, L + 1, r, L + 5)
        self.put(r, L + 6, "实际完成情况")
        self.merge(r, L + 6, r, last)
        r += 1
        self.put(r, L + 1, "完成 50 人的职业技能培训，合格率不低于 95%", "goal_expected")
        self.put(r, L + 6, "完成 52 人培训，合格率 96%", "goal_actual")
        self.merge(r, L + 1, r + self.goal_rows - 1, L + 5)
        self.merge(r, L + 6, r + self.goal_rows - 1, last)
        r += self.goal_rows - 1
        self.merge(g, L, r, L)
        # indicator grid
        r += 1
        ih = r
        names = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "operator": "指标性质",
                 "target": "年度指标值", "unit": "度量单位",
                 "actual": "全年实际值" if self.synonyms else "实际完成值", "weight": "分值", "score": "得分",
                 "reason": "未完成原因分析" if self.synonyms else "偏差原因分析及改进措施"}
        self.put(r, L, "绩效指标")
        col = {k: L + 1 + j for j, k in enumerate(cols)}
        for k in cols:
            self.put(r, col[k], names[k], f"ih.{k}")
        self.merge(r, col["reason"], r, last)
        first = r + 1
        prev: list[Any] = [None, None]
        starts = [first, first]
        for i, ind in enumerate(self.indicators):
            r = first + i
            l1, l2, l3, target, actual, weight, score, reason = ind
            for lvl, v in enumerate((l1, l2)):
                if not self.merge_levels or v != prev[lvl] or (lvl == 1 and l1 != prev[0]):
                    self.put(r, col[f"level{lvl + 1}"], v, f"i{i}.level{lvl + 1}")
                    starts[lvl] = r
                else:
                    self.at[f"i{i}.level{lvl + 1}"] = self.at[f"i{i - 1}.level{lvl + 1}"]
                    self.ws.cell(row=r, column=col[f"level{lvl + 1}"])   # stays empty (merged below)
            prev = [l1, l2]
            if self.op_unit_cols and isinstance(target, tuple):
                op, value, unit = target
                self.put(r, col["operator"], op, f"i{i}.operator")
                self.put(r, col["target"], value, f"i{i}.target")
                self.put(r, col["unit"], unit, f"i{i}.unit")
            else:
                self.put(r, col["target"], target, f"i{i}.target")
                if self.op_unit_cols:
                    self.put(r, col["operator"], None)
            self.put(r, col["level3"], l3, f"i{i}.name")
            self.put(r, col["actual"], actual, f"i{i}.actual")
            self.put(r, col["weight"], weight, f"i{i}.weight")
            self.put(r, col["score"], score, f"i{i}.score")
            self.put(r, col["reason"], reason, f"i{i}.reason")
            self.merge(r, col["reason"], r, last)
        if self.merge_levels:
            self._merge_runs(first, [x[0] for x in self.indicators], col["level1"])
            self._merge_runs(first, [(x[0], x[1]) for x in self.indicators], col["level2"])
        r = first + len(self.indicators)
        self.merge(ih, L, r - 1, L)
        self.put(r, L, "总分", "total_label")
        self.merge(r, L, r, col["weight"] - 1)
        self.put(r, col["weight"], self.total_weight, "total_weight")
        self.put(r, col["score"], self.total_score, "total_score")
        r += 1
        self.put(r, L, "自评等级", "grade_label")
        self.put(r, L + 1, self.grade, "grade")
        self.merge(r, L + 1, r, last)
        return self

    def _merge_runs(self, first: int, values: list[Any], col: int) -> None:
        start = 0
        for i in range(1, len(values) + 1):
            if i == len(values) or values[i] != values[start]:
                self.merge(first + start, col, first + i - 1, col)
                start = i
