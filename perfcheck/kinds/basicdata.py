"""部门整体支出绩效评价基础数据表 (basic data for the department form, forms.md §3).

编制数, 实际在职人数, 控制率 (= 实际在职人数 ÷ 编制数), then 经费控制情况 in three columns
上年决算数 / 本年预算数 / 本年决算数: 三公经费 (= 公务用车购置和维护经费 + 出国（境）经费 + 公务接待费;
公务用车购置和维护经费 = 公车购置 + 公车运行维护), 项目支出, 公用经费 (= 办公经费 + 水费、电费、差旅费 +
会议费、培训费 + 其他公用经费).
"""

from __future__ import annotations

from dataclasses import dataclass

from perfcheck.kinds.base import BASICDATA, Kind
from perfcheck.layout import Label, _labels

TITLE = Label("title", "部门整体支出绩效评价基础数据表", "Basic data for the department overall assessment",
              ("基础数据表", "部门整体支出绩效评价基础数据", "整体支出绩效评价基础数据表"))

LABELS = _labels(
    Label("quota", "编制数", "Authorised posts", ("编制人数", "核定编制数", "编制数(人)")),
    Label("staff", "实际在职人数", "Staff in post", ("在职人数", "实有在职人数", "实际在职人数(人)")),
    Label("control_rate", "控制率", "Staffing ratio", ("人员控制率", "编制控制率")),
    Label("funds", "经费控制情况", "Spending control", ("经费控制", "经费情况")),
    Label("prev", "上年决算数", "Last year's final accounts", ("上年决算", "上年决算金额")),
    Label("budget", "本年预算数", "This year's budget", ("本年预算", "本年预算金额", "年初预算数")),
    Label("final", "本年决算数", "This year's final accounts", ("本年决算", "本年决算金额", "本年实际数")),
    Label("sangong", "三公经费", "Three public expenses", ("三公经费合计", "“三公”经费", "\"三公\"经费", "三公经费支出")),
    Label("car", "公务用车购置和维护经费", "Official vehicles", ("公务用车购置及运行维护费", "公务用车购置及运行费",
                                                           "公务用车经费")),
    Label("car_buy", "公车购置", "Vehicle purchase", ("公务用车购置费", "公务用车购置", "车辆购置")),
    Label("car_run", "公车运行维护", "Vehicle running costs", ("公务用车运行维护费", "公务用车运行维护", "公车运行维护费")),
    Label("abroad", "出国（境）经费", "Travel abroad", ("因公出国(境)经费", "因公出国(境)费", "出国经费", "出国(境)费")),
    Label("reception", "公务接待费", "Official reception", ("公务接待经费", "公务接待")),
    Label("project", "项目支出", "Project expenditure", ("项目支出合计",)),
    Label("public", "公用经费", "Running costs", ("公用经费合计", "日常公用经费")),
    Label("office", "办公经费", "Office costs", ("办公费",)),
    Label("utilities", "水费、电费、差旅费", "Water, power, travel", ("水电费、差旅费", "水费电费差旅费", "水电差旅费")),
    Label("meetings", "会议费、培训费", "Meetings, training", ("会议费培训费", "会议培训费")),
    Label("public_other", "其他公用经费", "Other running costs", ("其他", "其他费用")),
)

LINES: tuple[str, ...] = ("sangong", "car", "car_buy", "car_run", "abroad", "reception", "project", "public",
                          "office", "utilities", "meetings", "public_other")
PARTS: dict[str, tuple[str, ...]] = {
    "sangong": ("car", "abroad", "reception"),
    "car": ("car_buy", "car_run"),
    "public": ("office", "utilities", "meetings", "public_other"),
}
"""Each parent line → its 其中 parts (forms.md §3)."""
COLUMNS: dict[str, str] = {"prev": "prev", "budget": "budget", "final": "final"}

KIND = Kind(
    key=BASICDATA, zh="基础数据表", en="basic data table",
    reader="perfcheck.reader.kinds:read_basic", field="basic_data",
    titles=tuple(dict.fromkeys((TITLE.zh, *TITLE.synonyms))), excluded=("汇总",),
    decisive=(("quota",), ("staff",), ("sangong",)), labels=LABELS,
)


@dataclass(frozen=True, slots=True)
class Positions:
    """Where the 基础数据表's rows and columns are in the template."""

    title_row: int = 1
    year_row: int = 2
    quota_row: int = 3
    staff_row: int = 4
    rate_row: int = 5
    header_row: int = 6
    col_label: str = "A"          # A:B merged
    col_value: str = "C"          # 编制数, 实际在职人数, 控制率 (C:E merged)
    col_prev: str = "C"
    col_budget: str = "D"
    col_final: str = "E"
    last_col: str = "E"

    def line_row(self, key: str) -> int:
        return self.header_row + 1 + LINES.index(key)


POS = Positions()
SHEET = "基础数据表"
INDENT: dict[str, int] = {"sangong": 0, "car": 1, "car_buy": 2, "car_run": 2, "abroad": 1, "reception": 1,
                          "project": 0, "public": 0, "office": 1, "utilities": 1, "meetings": 1, "public_other": 1}
