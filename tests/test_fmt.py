"""perfcheck/fmt.py: numbers and texts of the messages, exactly as the form shows them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfcheck import fmt
from perfcheck.model import Bilingual


@pytest.mark.parametrize(("value", "text"), [
    (None, None), ("", None), ("   ", None), ("  示例局 ", "示例局"), (0, "0"), (D("95.50"), "95.50"),
])
def test_text_or_none(value: object, text: str | None) -> None:
    assert fmt.text_or_none(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (95, "95"), (D("95.000"), "95"), (0.1 + 0.2, "0.3"), (D("86.1834567"), "86.183457"), (D("-0.0000001"), "0"),
    (D("1E+3"), "1000"), (-2.5, "-2.5"),
])
def test_number_has_no_float_noise_and_no_trailing_zeros(value: D | int | float, text: str) -> None:
    assert fmt.number(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (D("1737.482"), "1,737.48"), (D("1737.485"), "1,737.49"), (1234567, "1,234,567"), (D("0.10"), "0.1"),
    (D("-1802.48"), "-1,802.48"), (D("0.004"), "0"),
])
def test_amount_in_wan_yuan_as_the_form_shows_it(value: D | int | float, text: str) -> None:
    assert fmt.amount(value) == text
    assert fmt.amount_unit(value) == f"{text} 万元"


def test_scores_and_rates() -> None:
    assert fmt.score(D("98.945")) == "98.95"          # half up, not banker's rounding
    assert fmt.score(100) == "100"
    assert fmt.score_unit(D("9.26")) == Bilingual("9.26 分", "9.26 points")
    assert fmt.pct(D("0.82")) == "82%"
    assert fmt.pct(D("0.86183")) == "86.18%"
    assert fmt.pct(1) == "100%"
    assert fmt.pct(D("0.925925"), 1) == "92.6%"


def test_differences_are_said_in_words_never_as_a_bare_negative() -> None:
    assert fmt.diff_score(D(10), D(8)) == Bilingual("多填 2 分", "2 points too many")
    assert fmt.diff_score(D("9.26"), D(10)) == Bilingual("少计 0.74 分", "0.74 points too few")
    assert fmt.diff_score(D(5), D("5.00")) == Bilingual("相同", "equal")
    assert fmt.diff_amount(D("1737.48"), D("1802.48")) == Bilingual("少计 65 万元", "65 万元 too few")
    assert fmt.diff_amount(D(12000), D(1)) == Bilingual("多填 11,999 万元", "11,999 万元 too many")
    assert fmt.diff_points(D("0.95"), D("0.915")) == Bilingual("高出 3.5 个百分点", "3.5 percentage points too high")
    assert fmt.diff_points(D("0.9"), D("0.92")) == Bilingual("低了 2 个百分点", "2 percentage points too low")
    assert fmt.diff_points(D("0.9"), D("0.90")) == Bilingual("相同", "equal")


def test_rows_as_ranges() -> None:
    assert fmt.rows([17, 13, 14, 15, 14]) == Bilingual("第13–15、17行", "rows 13–15, 17")
    assert fmt.rows([13]) == Bilingual("第13行", "row 13")
    assert fmt.rows([13, 14]) == Bilingual("第13–14行", "rows 13–14")
    assert fmt.rows([13, 15]) == Bilingual("第13、15行", "rows 13, 15")


def test_budget_adjustment() -> None:
    assert fmt.adjustment(D(74), D(54)) == Bilingual("调增 20 万元", "raised by 20 万元")
    assert fmt.adjustment(D(49), D(54)) == Bilingual("调减 5 万元", "cut by 5 万元")
    assert fmt.adjustment(D(54), D(54)) == Bilingual("调增 0 万元", "raised by 0 万元")
