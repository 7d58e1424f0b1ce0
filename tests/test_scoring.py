"""perfcheck.scoring: agreement (docs/scoring.md §0), funds recomputation (§2), indicator formulas (§3),
totals and grades (§1), and what the API takes from it (summaries, unit and year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from builders import BuildForm, Example

from perfcheck import scoring
from perfcheck.config import Config, Execution, Indicators
from perfcheck.examples.model import ind, m, make_unit, make_wb, num
from perfcheck.examples.workbook import form
from perfcheck.model import CellRef, Severity
from perfcheck.rules.base import finding

CFG = Config()
D = Decimal


def cell(v: Any) -> Any:
    return num("项目1", "H6", v)


class TestAgrees:
    @pytest.mark.parametrize(("stated", "computed", "ok"), [
        ("0.86", "0.862", True),         # 86% vs 86.2%
        ("0.953", "0.9259", False),      # 95.3% vs 92.59%
        ("0.9259", "0.925925", True),
        ("0.926", "0.925925", True),
        ("0.93", "0.925925", True),
        ("0.92", "0.925925", False),
        ("1", "0.96", False),            # a rate is read to whole percent at least
        ("1", "0.996", True),
        ("1.00", "1", True),
    ])
    def test_rates(self, stated: str, computed: str, ok: bool) -> None:
        assert scoring.agrees(cell(stated), D(computed), "rate", CFG) is ok

    @pytest.mark.parametrize(("stated", "computed", "ok"), [
        ("1737.48", "1737.482", True),   # rounded to the decimals shown
        ("100", "100.004", True),        # within 0.01 万元
        ("100.00", "100.02", False),
        ("100.5", "100.45", True),       # half up
        ("90", "100", False),
    ])
    def test_amounts(self, stated: str, computed: str, ok: bool) -> None:
        assert scoring.agrees(cell(stated), D(computed), "amount", CFG) is ok

    @pytest.mark.parametrize(("stated", "computed", "ok"), [
        ("9", "8.62", False),            # rounding to whole points is not agreement
        ("8.62", "8.6210526", True),
        ("8.7", "8.62", True),           # within 0.1
        ("8.75", "8.62", False),
        ("10", "10", True),
    ])
    def test_scores(self, stated: str, computed: str, ok: bool) -> None:
        assert scoring.agrees(cell(stated), D(computed), "score", CFG) is ok

    def test_empty_agrees_with_nothing(self) -> None:
        assert scoring.agrees(cell(None), D(0), "amount", CFG) is False

    def test_unknown_kind(self) -> None:
        with pytest.raises(ValueError, match="unknown kind"):
            scoring.agrees(cell("1"), D(1), "money", CFG)


@pytest.mark.parametrize(("rate", "text", "places"), [
    ("0.9259259", "92.59%", 2), ("1", "100%", 2), ("0.953", "95.3%", 2), ("1.2", "120%", 0),
])
def test_pct(rate: str, text: str, places: int) -> None:
    assert scoring.pct(D(rate), places) == text


class TestExecution:
    def test_from_lines(self, build_form: BuildForm) -> None:
        form = build_form(funds={"fiscal": (50, 60, 54), "carryover": (10, 10, 6), "other": (None, None, None)},
                          total=(1, 2, 3))
        r = scoring.execution(form, CFG)
        assert (r.initial, r.budget, r.spent) == (D(60), D(70), D(60))
        assert r.rate == D(60) / D(70)
        assert r.score == D("8.57")
        assert r.from_lines == {"initial": True, "budget": True, "spent": True}

    def test_falls_back_to_stated_total_per_column(self, build_form: BuildForm) -> None:
        form = build_form(funds={"fiscal": (None, 80, None), "carryover": (None, None, None),
                                 "other": (None, None, None)}, total=(75, 999, 72))
        r = scoring.execution(form, CFG)
        assert (r.initial, r.budget, r.spent) == (D(75), D(80), D(72))
        assert r.from_lines == {"initial": False, "budget": True, "spent": False}
        assert r.rate == D("0.9") and r.score == D("9.00")

    def test_zero_budget(self, build_form: BuildForm) -> None:
        r = scoring.execution(build_form(budget=0, spent=5), CFG)
        assert r.rate is None and r.score is None

    def test_rate_capped(self, build_form: BuildForm) -> None:
        r = scoring.execution(build_form(budget=100, spent=120), CFG)
        assert r.rate == D("1.2") and r.score == D("10.00")

    def test_weight_from_form_else_config(self, build_form: BuildForm) -> None:
        assert scoring.execution(build_form(exec_weight=20), CFG).weight == D(20)
        assert scoring.execution(build_form(exec_weight=None), CFG).weight == D(10)

    @pytest.mark.parametrize(("rate", "score"), [
        ("1", "10.00"), ("1.1", "10.00"), ("0.95", "9.00"), ("0.9", "9.00"), ("0.89", "8.00"),
        ("0.6", "6.00"), ("0.59", "0.00"),
    ])
    def test_bands(self, rate: str, score: str) -> None:
        cfg = Config(execution=Execution(formula="bands"))
        assert scoring.execution_score(D(rate), D(10), cfg) == D(score)

    @pytest.mark.parametrize(("rate", "score"), [("0.92592", "9.26"), ("0.925", "9.25"), ("0.99995", "10.00"),
                                                 ("0", "0.00")])
    def test_pro_rata(self, rate: str, score: str) -> None:
        assert scoring.execution_score(D(rate), D(10), CFG) == D(score)


def score(target: Any, actual: Any, w: Any = 10, cfg: Config = CFG, year: int | None = 2023) -> scoring.IndicatorScore:
    one = form(indicators=[ind("产出指标", "数量指标", "x", target, actual, w, w)])
    return scoring.indicator_score(one.indicators[0], cfg, year)


class TestIndicatorFormulas:
    @pytest.mark.parametrize(("op", "a", "b", "expected", "missed"), [
        (">=", 50, 52, "10", False),         # positive met
        (">=", 50, 45, "9", True),           # positive: w × B/A
        (">", 95, "81.9", "8.621052631578947368421052632", True),
        ("=", 100, 90, "9", True),           # equal with A > 0 behaves like positive
        ("=", 100, 100, "10", False),
        ("=", 0, 0, "10", False),            # equal with A = 0: B ≤ 0 → w
        ("=", 0, 1, "0", True),
        ("<=", 50, 48, "10", False),         # reverse met
        ("<=", 50, 60, "8", True),           # reverse linear: w × (1 − (B − A)/A)
        ("<", 50, 100, "0", True),           # B ≥ 2A → 0
        ("<=", 50, 99, "0.2", True),
    ])
    def test_numbers(self, op: str, a: Any, b: Any, expected: str, missed: bool) -> None:
        r = score(m(op, a, "个"), m(None, b, "个"))
        assert r.status == scoring.Status.SCORED
        assert r.exact == D(expected) and r.missed is missed

    def test_reverse_is_not_firm_when_missed(self) -> None:
        assert score(m("<=", 50, "万元"), m(None, 60, "万元")).firm is False
        assert score(m("<=", 50, "万元"), m(None, 40, "万元")).firm is True
        assert score(m(">=", 50, "个"), m(None, 40, "个")).firm is True

    def test_reverse_ratio(self) -> None:
        cfg = Config(indicators=Indicators(reverse_formula="ratio"))
        assert score(m("<=", 50, "万元"), m(None, 100, "万元"), cfg=cfg).exact == D(5)

    def test_missing_operator(self) -> None:
        # "0%" with no operator: eq (default) → B > 0 misses; ge → met
        assert score(m(None, 0, "%"), m(None, 3, "%")).exact == D(0)
        cfg = Config(indicators=Indicators(missing_operator="ge"))
        assert score(m(None, 0, "%"), m(None, 3, "%"), cfg=cfg).exact == D(10)

    def test_over_achievement_range(self) -> None:
        r = score(m(">=", 50, "人"), m(None, 60, "人"))
        assert (r.low, r.high, r.ratio, r.firm) == (D(0), D(10), D("1.2"), False)
        r2 = score(m(">=", 50, "人"), m(None, 59, "人"))
        assert (r2.low, r2.high) == (D(10), D(10))

    @pytest.mark.parametrize(("grade", "low", "high", "open_", "missed"), [
        ("达成年度指标", "8", "10", False, False),
        ("部分达成年度指标并具有一定效果", "6", "8", True, True),
        ("未达成年度指标且效果较差", "0", "6", True, True),
    ])
    def test_grades(self, grade: str, low: str, high: str, open_: bool, missed: bool) -> None:
        r = score(m(None, text="有效提升"), m(None, grade=grade))
        assert (r.low, r.high, r.high_open, r.missed) == (D(low), D(high), open_, missed)
        assert r.accepts(D(low), CFG)
        assert r.accepts(D(high), CFG) is not open_

    @pytest.mark.parametrize(("target", "actual", "missed"), [
        (m("<=", date=dt.date(2023, 12, 31)), m(None, date=dt.date(2023, 11, 30)), False),
        (m("<=", date=dt.date(2023, 12, 31)), m(None, date=dt.date(2023, 12, 31)), False),
        (m("<=", date=dt.date(2023, 12, 31)), m(None, date=dt.date(2024, 1, 2)), True),   # after a LE deadline
        (m(None, date=dt.date(2023, 6, 30)), m(None, date=dt.date(2023, 7, 1)), True),     # no operator: deadline
        (m(">=", date=dt.date(2023, 6, 1)), m(None, date=dt.date(2023, 5, 1)), True),
    ])
    def test_dates(self, target: Any, actual: Any, missed: bool) -> None:
        r = score(target, actual)
        assert r.missed is missed
        assert r.exact == (None if missed else D(10))

    def test_month_only_deadline_uses_the_year(self) -> None:
        from perfcheck.model import Measure, Op, ValueKind

        t = Measure(ValueKind.DATE, "12月底前", op=Op.LE, month=12)
        ok = m(None, date=dt.date(2023, 12, 20))
        late = m(None, date=dt.date(2024, 1, 5))
        assert score(t, ok).missed is False
        assert score(t, late).missed is True

    @pytest.mark.parametrize(("target", "actual", "status"), [
        (m(">=", 50, "个"), m(None, 52, "户"), scoring.Status.UNIT_MISMATCH),
        (m(">=", 90, "%"), m(None, 95, "万元"), scoring.Status.UNIT_MISMATCH),
        (m(">=", 90, "%"), m(None, date=dt.date(2023, 1, 1)), scoring.Status.UNIT_MISMATCH),
        (m(">=", 90, "%"), m(None, text="按要求支付各项支出"), scoring.Status.NOT_SCORABLE),
        (m(">=", 90, "%"), m(">=", 90, "%"), scoring.Status.NOT_SCORABLE),
        (m(None, text="有效提升"), m(None, 95, "%"), scoring.Status.TEXT_TARGET),
        (None, m(None, 95, "%"), scoring.Status.NO_TARGET),
        (m(">=", 90, "%"), None, scoring.Status.NO_ACTUAL),
    ])
    def test_not_scored(self, target: Any, actual: Any, status: str) -> None:
        r = score(target, actual)
        assert r.status == status and not r.scored and r.exact is None

    def test_no_weight(self) -> None:
        assert score(m(">=", 1, "个"), m(None, 1, "个"), w=None).status == scoring.Status.NO_WEIGHT

    def test_percent_stored_as_fraction(self) -> None:
        assert score(m(">=", 95, "%"), m(None, "0.96", None)).exact == D(10)
        assert score(m(">=", 95, "%"), m(None, "0.9", None)).missed is True

    def test_units_full_width(self) -> None:
        assert score(m(">=", 90, "％"), m(None, 95, "%")).exact == D(10)


class TestTotals:
    def test_consistent(self, build_form: BuildForm) -> None:
        t = scoring.total_parts(build_form(), CFG)
        assert t.parts == D(100) and t.recomputed == D(100)

    def test_parts_use_stated_scores(self, build_form: BuildForm) -> None:
        form = build_form(edit={1: dict(actual=m(None, "81.9", "%"), score=9)})
        t = scoring.total_parts(form, CFG)
        assert t.parts == D(99)
        assert scoring.points(t.recomputed or D(0)) == D("98.62")

    def test_empty_part_recomputed(self, build_form: BuildForm) -> None:
        form = build_form(exec_score=None, edit={0: dict(score=None)})
        assert scoring.total_parts(form, CFG).parts == D(100)

    def test_unknown_part(self, build_form: BuildForm) -> None:
        form = build_form(edit={0: dict(actual=m(None, 52, "户"), score=None)})
        assert scoring.total_parts(form, CFG).parts is None

    def test_grade_basis(self, build_form: BuildForm) -> None:
        assert scoring.grade_basis(build_form(total_score=100), CFG) == D(100)
        assert scoring.grade_basis(build_form(total_score=85), CFG) == D(100)

    @pytest.mark.parametrize(("total", "grade"), [
        ("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.9", "中"), ("60", "中"), ("59.9", "差"),
    ])
    def test_grades(self, total: str, grade: str) -> None:
        assert CFG.grade_for(D(total)) == grade


@pytest.mark.parametrize(("text", "boiler"), [
    ("无", True), ("无偏差", True), ("暂无", True), ("/", True), ("—", True), ("已完成", True), ("正常。", True),
    ("资金到位晚", True),                                        # shorter than 10 characters
    ("受疫情影响部分培训取消，下一步将增加场次", False),
])
def test_boilerplate(text: str, boiler: bool) -> None:
    assert scoring.is_boilerplate(text, CFG) is boiler


class TestSummaryAndUnit:
    def test_summarize(self, example: Example) -> None:
        wb = example(forms=[dict(), dict(budget=100, spent=80, rate="0.8", exec_score=10, total_score=100)])
        f = finding("PC105", Severity.ERROR, CellRef("项目2", "I6"))
        w = finding("PC109", Severity.WARNING, CellRef("项目2", "J6"))
        s1, s2 = scoring.summarize(wb, CFG, [f, w])
        assert (s1.name, s1.budget, s1.spent, s1.execution_rate) == ("示例项目", D(100), D(100), D(1))
        assert (s1.stated_score, s1.computed_score, s1.stated_grade, s1.computed_grade) == (D(100), D(100), "优", "优")
        assert (s1.errors, s1.warnings) == (0, 0)
        assert (s2.name, s2.execution_rate, s2.computed_score, s2.computed_grade) == ("示例项目2", D("0.8"), D(98), "优")
        assert (s2.errors, s2.warnings) == (1, 1)

    def test_form_scores_are_each_indicators_score_in_row_order(self, example: Example) -> None:
        wb = example(edit={1: dict(actual=m(None, "81.9", "%"), score=9), 4: dict(actual=m(None, 40, "%"))})
        (f,) = wb.forms
        got = scoring.form_scores(f, CFG)
        assert got == [scoring.indicator_score(i, CFG, scoring.form_year(f)) for i in f.indicators]
        assert [r.missed for r in got] == [False, True, False, False, True, False]
        assert scoring.form_scores(f, CFG) is got       # one entry per form and run

    def test_summary_recomputes_indicators(self, example: Example) -> None:
        wb = example(edit={4: dict(actual=m(None, 40, "%"), score=30)})
        (s,) = scoring.summarize(wb, CFG, [])
        assert s.computed_score == D(85) and s.computed_grade == "良"

    def test_unit_and_year_from_unit_sheet(self, example: Example) -> None:
        wb = example(unit=make_unit({"unit_name": "共青城市工信局", "year": "2023年"}))
        assert scoring.unit_and_year(wb) == ("共青城市工信局", 2023)

    def test_unit_and_year_from_forms(self, example: Example) -> None:
        wb = example(implementer="某某中心", year=2022)
        assert scoring.unit_and_year(wb) == ("某某中心", 2022)
        assert scoring.unit_and_year(make_wb()) == (None, None)

    def test_unit_and_year_of_the_other_kinds(self) -> None:
        """A department or monitoring workbook without 单位概况 or project forms still says whose it is
        (the send-back list and the roll-up name the unit)."""
        from perfcheck.examples.kinds import kinds_example

        assert scoring.unit_and_year(kinds_example(monitor={})) == ("示例县中小企业服务中心", 2023)
        dept = kinds_example(dept={})
        assert dept.departments and not dept.forms
        assert scoring.unit_and_year(dept) == (dept.departments[0].name.value, 2023)   # type: ignore[union-attr]
        assert scoring.unit_and_year(kinds_example(monitor={"implementer": ""})) == ("示例县工业和信息化局", 2023)


def test_sum_known() -> None:
    """Σ of the known values; None only when none is known (0 is known)."""
    assert scoring.sum_known([D("1.5"), None, D(2)]) == D("3.5")
    assert scoring.sum_known(iter([None, D(0)])) == D(0)
    assert scoring.sum_known([None, None]) is None and scoring.sum_known([]) is None
