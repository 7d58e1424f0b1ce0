"""Project forms as provinces publish them (forms.md §5), written cell by cell with openpyxl.

``form_rows()`` gives the rows of a plain, consistent form (as a list of rows, None for an empty
cell); a test changes the rows the way a province's form differs, then ``write(rows, path)`` saves a
one-sheet workbook.  Values are typed (no formulas), as in published tables.

The base form: 年度资金总额 100 / 100 / 100, 分值 10, 执行率 100%, 得分 10; six indicators worth 90
points, all met; 总分 100, 优.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

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
