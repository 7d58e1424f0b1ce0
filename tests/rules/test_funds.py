"""PC1xx funds rules: one class per code, each with a passing and a failing model (perfcheck/examples/model.py).

Template cells (perfcheck.examples.model): funds rows 6 (年度资金总额) … 9; columns D 年初预算数, E 全年预算数,
F 全年执行数, G 分值, H 执行率, I 得分, J 偏差原因.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from builders import Example

from perfcheck.config import Config, Execution, Tolerances
from perfcheck.findings import Finding
from perfcheck.model import Severity, Workbook
from perfcheck.rules import engine

ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def run(wb: Workbook, code: str, cfg: Config | None = None) -> list[Finding]:
    return [f for f in engine.run(wb, cfg or Config()) if f.code == code]


def at(wb: Workbook, code: str, cfg: Config | None = None) -> list[tuple[str, Severity, str | None, str | None]]:
    return [(f.code, f.severity, f.sheet, f.cell) for f in run(wb, code, cfg)]


def three(fiscal: Any, carry: Any, other: Any = (None, None, None)) -> dict[str, Any]:
    return {"fiscal": fiscal, "carryover": carry, "other": other}


class TestPC101FundsTotalMismatch:
    def test_consistent_three_sources(self, example: Example) -> None:
        wb = example(funds=three((50, 50, 50), (30, 30, 30), (20, 20, 20)))
        assert at(wb, "PC101") == []

    def test_rounding_and_tolerance_agree(self, example: Example) -> None:
        # 1,737.482 stated as 1737.48 (decimals shown); 100.004 within 0.01 万元
        wb = example(funds=three(("1737.482", "1737.482", "1737.482"), (None, None, None)),
                     total=("1737.48", "1737.48", "1737.48"), budget=None, rate="1.00")
        assert at(wb, "PC101") == []
        assert at(example(total=(100, 100, "100.004")), "PC101") == []

    def test_spent_column_wrong(self, example: Example) -> None:
        wb = example(funds=three((60, 60, 60), (40, 40, 40)), total=(100, 100, 90))
        assert at(wb, "PC101") == [("PC101", ERR, "项目1", "F6")]
        f = run(wb, "PC101")[0]
        assert f.expected == Decimal(100) and f.actual == Decimal(90)
        assert f.message("zh") == ("年度资金总额的全年执行数为 90 万元，而当年财政拨款、上年结转资金、其他资金之和为 100 万元"
                                   "（少计 10 万元）")
        assert "10 万元 too few" in f.message("en")

    def test_each_column_reported_at_its_cell(self, example: Example) -> None:
        wb = example(funds=three((60, 60, 60), (40, 40, 40)), total=(90, 110, 100))
        assert at(wb, "PC101") == [("PC101", ERR, "项目1", "D6"), ("PC101", ERR, "项目1", "E6")]

    def test_empty_total_is_not_a_mismatch(self, example: Example) -> None:
        wb = example(total=(100, 100, None))
        assert at(wb, "PC101") == []
        assert at(wb, "PC110") == [("PC110", ERR, "项目1", "F6")]


class TestPC102ExecutionRateMismatch:
    def test_rounded_rates_agree(self, example: Example) -> None:
        for rate in ("0.9259", "0.93", "0.926"):
            wb = example(budget=54, spent=50, rate=rate, exec_score="9.26", total_score="99.26")
            assert at(wb, "PC102") == [], rate

    def test_wrong_rate(self, example: Example) -> None:
        wb = example(budget=54, spent=50, rate="0.953", exec_score="9.26", total_score="99.26")
        assert at(wb, "PC102") == [("PC102", ERR, "项目1", "H6")]
        f = run(wb, "PC102")[0]
        assert f.ctx["stated"] == "95.3%" and f.ctx["expected"] == "92.59%"
        assert str(f.ctx["diff"]) == "高出 2.71 个百分点"
        assert "95.3%" in f.message("zh") and "92.59%" in f.message("zh")

    def test_fiscal_row(self, example: Example) -> None:
        wb = example(fiscal_rate="0.9")
        assert at(wb, "PC102") == [("PC102", ERR, "项目1", "H7")]
        assert at(example(fiscal_rate=1), "PC102") == []

    def test_a_stated_one_is_whole_percent(self, example: Example) -> None:
        # a rate typed as 1 does not agree with 96% (rates are compared to at least whole percent)
        wb = example(spent=96, rate=1, exec_score="9.6", total_score="99.6")
        assert at(wb, "PC102") == [("PC102", ERR, "项目1", "H6")]


class TestPC103RateOnInitialBudget:
    def test_on_annual_budget(self, example: Example) -> None:
        wb = example(initial=80, budget=100, spent=90, rate="0.9", exec_score=9, total_score=99)
        assert at(wb, "PC103") == []

    def test_on_initial_budget(self, example: Example) -> None:
        wb = example(initial=80, budget=100, spent=90, rate="1.125", exec_score=9, total_score=99)
        assert at(wb, "PC103") == [("PC103", ERR, "项目1", "H6")]
        assert at(wb, "PC102") == []  # one finding for the one defect
        msg = run(wb, "PC103")[0].message("zh")
        assert "年初预算数 80 万元" in msg and "90 ÷ 100 = 90%" in msg

    def test_same_budgets_is_plain_mismatch(self, example: Example) -> None:
        wb = example(budget=100, spent=90, rate="0.95", exec_score=9, total_score=99)
        assert at(wb, "PC103") == []
        assert at(wb, "PC102") == [("PC102", ERR, "项目1", "H6")]


class TestPC104ExecutionScoreMismatch:
    def test_two_decimal_score(self, example: Example) -> None:
        wb = example(budget=54, spent=50, rate="0.9259", exec_score="9.26", total_score="99.26")
        assert at(wb, "PC104") == []

    def test_rounded_to_whole_points(self, example: Example) -> None:
        wb = example(budget=54, spent=50, rate="0.9259", exec_score=9, total_score=99)
        assert at(wb, "PC104") == [("PC104", ERR, "项目1", "I6")]
        f = run(wb, "PC104")[0]
        assert (f.expected, f.actual) == (Decimal("9.26"), Decimal(9))
        assert str(f.ctx["diff"]) == "少计 0.26 分" and f.ctx["rate"] == "92.59%"

    def test_bands(self, example: Example) -> None:
        cfg = Config(execution=Execution(formula="bands"))
        wb = example(budget=100, spent=85, rate="0.85", exec_score=8, total_score=98)
        assert at(wb, "PC104", cfg) == []           # 85% → band 0.8 → 8
        assert at(wb, "PC104") == [("PC104", ERR, "项目1", "I6")]   # pro rata: 8.5

    def test_full_score_underspent_is_pc105_only(self, example: Example) -> None:
        wb = example(budget=100, spent=95, rate="0.95", exec_score=10)
        assert at(wb, "PC104") == []
        assert at(wb, "PC105") == [("PC105", ERR, "项目1", "I6")]


class TestPC105FullScoreUnderspent:
    def test_pro_rata(self, example: Example) -> None:
        assert at(example(budget=100, spent=95, rate="0.95", exec_score="9.5", total_score="99.5"), "PC105") == []

    def test_full_score(self, example: Example) -> None:
        wb = example(budget=100, spent=95, rate="0.95", exec_score=10, total_score=100)
        assert at(wb, "PC105") == [("PC105", ERR, "项目1", "I6")]
        assert run(wb, "PC105")[0].ctx["rate"] == "95%"

    def test_even_within_tolerance(self, example: Example) -> None:
        cfg = Config(tolerances=Tolerances(score=Decimal(1)))
        wb = example(budget=1000, spent=999, rate="0.999", exec_score=10)
        assert at(wb, "PC105", cfg) == [("PC105", ERR, "项目1", "I6")]


class TestPC106Overspent:
    def test_within_budget(self, example: Example) -> None:
        assert at(example(), "PC106") == []

    def test_overspent(self, example: Example) -> None:
        wb = example(budget=100, spent=105, rate="1.05")
        assert at(wb, "PC106") == [("PC106", ERR, "项目1", "F6")]
        f = run(wb, "PC106")[0]
        assert f.ctx["diff"] == Decimal(5) and f.ctx["rate"] == "105%"

    def test_sum_of_lines(self, example: Example) -> None:
        wb = example(funds=three((60, 60, 70), (40, 40, 40)), total=(100, 100, 110), rate="1.1")
        assert at(wb, "PC106") == [("PC106", ERR, "项目1", "F6")]


class TestPC107ZeroBudgetSpent:
    def test_zero_budget_nothing_spent(self, example: Example) -> None:
        assert at(example(budget=0, spent=0, rate=None), "PC107") == []

    def test_zero_budget_with_spending(self, example: Example) -> None:
        wb = example(budget=0, spent=20, rate=None, exec_score=None)
        assert at(wb, "PC107") == [("PC107", ERR, "项目1", "E6")]
        assert at(wb, "PC106") == []


class TestPC108BudgetAdjusted:
    def test_same(self, example: Example) -> None:
        assert at(example(initial=100), "PC108") == []

    def test_adjusted(self, example: Example) -> None:
        wb = example(initial=80, budget=100)
        assert at(wb, "PC108") == [("PC108", INFO, "项目1", "E6")]
        assert str(run(wb, "PC108")[0].ctx["diff"]) == "调增 20 万元"


class TestPC109ExecutionReasonMissing:
    low = dict(budget=100, spent=80, rate="0.8", exec_score=8, total_score=98)

    def test_with_reason(self, example: Example) -> None:
        assert at(example(**self.low, exec_reason="项目延期，下一步将加快支付进度"), "PC109") == []

    def test_at_threshold(self, example: Example) -> None:
        assert at(example(budget=100, spent=90, rate="0.9", exec_score=9, total_score=99), "PC109") == []

    def test_missing(self, example: Example) -> None:
        wb = example(**self.low)
        assert at(wb, "PC109") == [("PC109", WARN, "项目1", "J6")]
        assert run(wb, "PC109")[0].ctx == {"rate": "80%", "threshold": "90%"}

    def test_threshold_configurable(self, example: Example) -> None:
        cfg = Config(execution=Execution(reason_below=Decimal("0.7")))
        assert at(example(**self.low), "PC109", cfg) == []


class TestPC110FundsValueMissing:
    def test_complete(self, example: Example) -> None:
        assert at(example(), "PC110") == []

    def test_missing_cells(self, example: Example) -> None:
        wb = example(total=(None, 100, 100), exec_score=None, rate=None, exec_weight=None)
        assert at(wb, "PC110") == [("PC110", ERR, "项目1", "D6"), ("PC110", ERR, "项目1", "G6"),
                                   ("PC110", ERR, "项目1", "I6"), ("PC110", ERR, "项目1", "H6")]
        assert [f.ctx["item"] for f in run(wb, "PC110")] == ["年初预算数", "分值", "得分", "执行率"]

    def test_rate_not_required_without_budget(self, example: Example) -> None:
        wb = example(budget=0, spent=0, rate=None)
        assert at(wb, "PC110") == []


class TestPC111ExecutionWeight:
    def test_configured(self, example: Example) -> None:
        assert at(example(exec_weight=10), "PC111") == []

    def test_other_weight(self, example: Example) -> None:
        wb = example(exec_weight=20, exec_score=20)
        assert at(wb, "PC111") == [("PC111", WARN, "项目1", "G6")]
        # the score is judged against the stated weight: no second finding for the same defect
        assert at(wb, "PC104") == []

    def test_uncached_formula_over_empty_lines(self, example: Example) -> None:
        from dataclasses import replace

        from perfcheck.model import Cell, CellRef, FundKey

        # (a line with a budget and no spending would be PC114 at that line instead)
        wb = example(funds={"fiscal": (None, None, None), "carryover": (None, None, None),
                            "other": (None, None, None)}, total=(None, 100, None))
        form = wb.forms[0]
        total = form.total
        assert total is not None
        formula = Cell(None, "=SUM(F7:F9)", CellRef("项目1", "F6"), problem="uncached-formula")
        form2 = replace(form, funds={**form.funds, FundKey.TOTAL: replace(total, spent=formula)})
        wb.forms = (form2,)
        assert ("PC110", ERR, "项目1", "F6") in at(wb, "PC110")
        # the same formula over a filled line is computed, not missing
        wb2 = example()
        t2 = wb2.forms[0].total
        assert t2 is not None
        wb2.forms = (replace(wb2.forms[0], funds={**wb2.forms[0].funds, FundKey.TOTAL: replace(t2, spent=formula)}),)
        assert at(wb2, "PC110") == []


class TestPC112RoundingSlip:
    def test_86_19_for_86_183_is_a_slip_not_a_wrong_rate(self, example: Example) -> None:
        wb = example(budget=100000, spent=86183, rate="0.8619", exec_score="8.62", total_score="98.62")
        found = [(f.code, f.severity.value, f.cell) for f in engine.run(wb, Config()) if f.code in ("PC102", "PC112")]
        assert found == [("PC112", "info", "H6")]
        f = run(wb, "PC112")[0]
        assert "86.18%" in f.message("zh") and "86.183%" in f.message("zh")

    def test_beyond_one_unit_is_still_an_error(self, example: Example) -> None:
        wb = example(budget=100000, spent=86183, rate="0.8621", exec_score="8.62", total_score="98.62")
        assert [f.code for f in engine.run(wb, Config()) if f.code in ("PC102", "PC112")] == ["PC102"]


class TestPC114FundsLineValueMissing:
    def test_budget_without_spending_is_one_finding_at_the_empty_cell(self, example: Example) -> None:
        wb = example(funds={"fiscal": (80, 80, None), "carryover": (15, 15, 15)}, total=(95, 95, 15),
                     rate="0.1579", exec_score="1.58", total_score="91.58")
        found = [(f.code, f.cell) for f in engine.run(wb, Config()) if f.sheet == "项目1" and f.cell and
                 f.cell[1:] in ("6", "7")]
        assert found == [("PC114", "F7")]
        msg = run(wb, "PC114")[0].message("zh")
        assert "全年预算数为 80 万元" in msg and "F6 现显示 15 万元" in msg
