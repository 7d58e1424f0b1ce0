"""perfcheck/kinds/base.py: the label matching, the 1–X月 forms and the block rows every form kind shares."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from perfcheck.kinds.base import (
    Kind,
    find_labels,
    has_month_range,
    label_key,
    match,
    month_range,
    strip_month_range,
)
from perfcheck.layout import GridPositions, Label

LABELS = {
    "budget": Label("budget", "全年预算数", "Annual budget", ("预算数",)),
    "spent": Label("spent", "执行数", "Spent"),
    "name": Label("name", "项目名称", "Project name"),
}
MONTH_KEYS = frozenset({"spent"})


@pytest.mark.parametrize(("text", "key"), [
    ("全年预算数（A）", "全年预算数"), ("一、项目名称：", "项目名称"), ("（三）项目名称", "项目名称"),
    ("2.项目名称", "项目名称"), ("其中：当年财政拨款", "当年财政拨款"), ("Annual Budget", "annualbudget"),
    (" 项 目 名 称 ", "项目名称"), (None, ""), (95, ""), (True, ""),
])
def test_label_key(text: object, key: str) -> None:
    assert label_key(text) == key


@pytest.mark.parametrize(("text", "key"), [
    ("全年预算数", "budget"), ("预算数（万元）", "budget"), ("Annual budget", "budget"),
    ("项目名称\nProject name", "name"),          # a bilingual label, one line each
    ("1—7月执行数", "spent"), ("1-7月执行数", "spent"), ("1—　月执行数", "spent"),
    ("执行数", None),                             # a month label without its range is another label
    ("1—7月全年预算数", None),                    # and a range in front of a label without one is not it
    ("备注", None), (12, None), ("项目名称" * 30, None),
])
def test_match(text: object, key: str | None) -> None:
    assert match(text, LABELS, MONTH_KEYS) == key


@pytest.mark.parametrize(("text", "month"), [
    ("1-7月", 7), ("1—7月", 7), ("1至7月", 7), ("1～12月", 12), ("１－７月", 7), ("截至9月底", 9),
    ("1—7月份", 7), ("1-13月", None), ("1-0月", None), ("全年", None), (None, None), (7, None),
])
def test_month_range(text: object, month: int | None) -> None:
    assert month_range(text) == month


def test_month_range_left_blank_and_stripped() -> None:
    assert has_month_range("1—　月执行数") and has_month_range("1-X月执行数") and has_month_range("截至7月")
    assert not has_month_range("全年执行数")
    assert strip_month_range("1—7月执行数") == "执行数"
    assert strip_month_range("1—　月执行数") == "执行数"
    assert strip_month_range("全年执行数") == "全年执行数"


@dataclass(frozen=True, slots=True)
class Rows(GridPositions):
    funds_header_row: int = 4
    funds_rows: tuple[str, ...] = ("total", "fiscal", "other")
    last_col: str = "K"


def test_block_rows_follow_the_funds_block() -> None:
    r = Rows()
    assert [r.funds_row(k) for k in r.funds_rows] == [5, 6, 7]
    assert (r.goal_header_row, r.goal_text_row, r.indicator_header_row, r.first_indicator_row) == (8, 9, 10, 11)
    assert Rows(funds_header_row=6, funds_rows=("total",)).first_indicator_row == 11   # 7 total, 8-9 goal, 10 header


def test_a_title_names_a_table() -> None:
    kind = Kind(key="k", zh="项目", en="project", titles=("绩效自评",), excluded=("汇总",), decisive=(),
                labels=LABELS, scan_rows=3)
    assert kind.title_at([[None, "项目支出绩效自评表"]]) == (0, 1)
    assert kind.title_at([["绩效自评工作已完成。"]]) is None           # a sentence, not a table's name
    assert kind.title_at([["项目支出绩效自评汇总表"]]) is None           # excluded
    assert kind.title_at([[], [], [], ["项目支出绩效自评表"]]) is None   # below the scanned rows


def test_find_labels_in_reading_order() -> None:
    rows = [["项目名称", "培训"], ["全年预算数", "1-7月执行数", "预算数"], ["执行数"]]
    assert find_labels(rows, LABELS, MONTH_KEYS) == {"name": [(0, 0)], "budget": [(1, 0), (1, 2)],
                                                      "spent": [(1, 1)]}
