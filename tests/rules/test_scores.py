"""PC2xx score rules: one class per code, each with a passing and a failing model.

The default example's indicators (perfcheck.examples.model.good_indicators) sit on rows 13–18: 培训人数 ≥50人 (w 20),
培训合格率 ≥95% (10), 完成时间 2023年12月31日前 (10), 培训成本 ≤50万元 (10), 就业率 ≥80% (30),
满意度 ≥90% (10).  Columns: B 一级, E 年度指标值, F 实际完成值, G 分值, H 得分, I 偏差原因.
总分 row 19 (G19 分值, H19 得分), 自评等级 B20.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from builders import Example

from perfcheck import fmt
from perfcheck.config import Config, Indicators, Weights
from perfcheck.examples.model import m
from perfcheck.findings import Finding
from perfcheck.model import Bilingual, Severity, Workbook
from perfcheck.rules import engine

ERR, WARN = Severity.ERROR, Severity.WARNING
REASON = "受疫情影响部分培训取消，下一步将增加培训场次"


def run(wb: Workbook, code: str, cfg: Config | None = None) -> list[Finding]:
    return [f for f in engine.run(wb, cfg or Config()) if f.code == code]


def at(wb: Workbook, code: str, cfg: Config | None = None) -> list[tuple[str, Severity, str | None, str | None]]:
    return [(f.code, f.severity, f.sheet, f.cell) for f in run(wb, code, cfg)]


class TestPC201ScoreOutOfRange:
    def test_within(self, example: Example) -> None:
        assert at(example(), "PC201") == []

    def test_above_weight(self, example: Example) -> None:
        wb = example(edit={0: dict(score=25)})
        assert at(wb, "PC201") == [("PC201", ERR, "项目1", "H13")]
        assert run(wb, "PC201")[0].ctx == {"name": "培训人数", "stated": Decimal(25), "weight": Decimal(20)}
        assert at(wb, "PC202") == []

    def test_negative(self, example: Example) -> None:
        assert at(example(edit={2: dict(score=-1)}), "PC201") == [("PC201", ERR, "项目1", "H15")]


class TestPC202IndicatorScoreMismatch:
    def test_pro_rata_agrees(self, example: Example) -> None:
        wb = example(edit={1: dict(actual=m(None, "81.9", "%"), score="8.62", reason=REASON)})
        assert at(wb, "PC202") == []

    def test_nine_for_8_62(self, example: Example) -> None:
        wb = example(edit={1: dict(actual=m(None, "81.9", "%"), score=9, reason=REASON)})
        assert at(wb, "PC202") == [("PC202", ERR, "项目1", "H14")]
        f = run(wb, "PC202")[0]
        assert f.expected == Decimal("8.62")          # the recomputed score as the form shows it (2 decimals)
        assert f.ctx["expected"] == "8.62" and str(f.ctx["diff"]) == "多填 0.38 分"
        assert f.ctx["formula"] == "10 × 81.9 ÷ 95 = 8.62"

    def test_met_target_scored_low(self, example: Example) -> None:
        wb = example(edit={0: dict(score=15, reason=REASON)})
        assert at(wb, "PC202") == [("PC202", ERR, "项目1", "H13")]

    def test_grade_range(self, example: Example) -> None:
        ok = example(edit={5: dict(actual=m(None, grade="达成年度指标"), score=8)})
        bad = example(edit={5: dict(actual=m(None, grade="达成年度指标"), score=5)})
        assert at(ok, "PC202") == []
        assert at(bad, "PC202") == [("PC202", ERR, "项目1", "H18")]
        assert run(bad, "PC202")[0].ctx["expected"] == "8–10"

    def test_over_achievement_may_be_cut(self, example: Example) -> None:
        wb = example(edit={0: dict(actual=m(None, 65, "人"), score=17, reason=REASON)})
        assert at(wb, "PC202") == []

    def test_missing_operator_eq(self, example: Example) -> None:
        # target "100%" without an operator: equal with A > 0 → w × B/A
        wb = example(edit={1: dict(target=m(None, 100, "%"), actual=m(None, 90, "%"), score=10, reason=REASON)})
        assert at(wb, "PC204") == [("PC204", ERR, "项目1", "H14")]
        wb2 = example(edit={1: dict(target=m(None, 100, "%"), actual=m(None, 90, "%"), score=8, reason=REASON)})
        assert at(wb2, "PC202") == [("PC202", ERR, "项目1", "H14")]


class TestPC203FormulaDiffers:
    def test_linear(self, example: Example) -> None:
        wb = example(edit={3: dict(actual=m(None, 60, "万元"), score=8, reason=REASON)})
        assert at(wb, "PC203") == []

    def test_linear_differs(self, example: Example) -> None:
        wb = example(edit={3: dict(actual=m(None, 60, "万元"), score=9, reason=REASON)})
        assert at(wb, "PC203") == [("PC203", WARN, "项目1", "H16")]
        assert at(wb, "PC202") == []
        assert run(wb, "PC203")[0].ctx["formula"] == "10 × (1 − (60 − 50) ÷ 50) = 8"

    def test_ratio_config(self, example: Example) -> None:
        cfg = Config(indicators=Indicators(reverse_formula="ratio"))
        wb = example(edit={3: dict(actual=m(None, 60, "万元"), score="8.33", reason=REASON)})
        assert at(wb, "PC203", cfg) == []
        assert at(wb, "PC203") == [("PC203", WARN, "项目1", "H16")]


class TestPC204FullScoreTargetMissed:
    def test_missed_and_cut(self, example: Example) -> None:
        assert at(example(edit={0: dict(actual=m(None, 45, "人"), score=18, reason=REASON)}), "PC204") == []

    def test_missed_full(self, example: Example) -> None:
        wb = example(edit={0: dict(actual=m(None, 45, "人"), reason=REASON)})
        assert at(wb, "PC204") == [("PC204", ERR, "项目1", "H13")]
        assert at(wb, "PC202") == []
        f = run(wb, "PC204")[0]
        assert f.expected == Decimal(18)
        assert "45人" in f.message("zh") and ">=50人" in f.message("zh")

    def test_whatever_the_tolerance(self, example: Example) -> None:
        from perfcheck.config import Tolerances

        cfg = Config(tolerances=Tolerances(score=Decimal(5)))
        wb = example(edit={0: dict(actual=m(None, 49, "人"), reason=REASON)})
        assert at(wb, "PC204", cfg) == [("PC204", ERR, "项目1", "H13")]

    def test_late_date(self, example: Example) -> None:
        late = m(None, date=dt.date(2024, 1, 15), text="2024年1月15日")
        wb = example(edit={2: dict(actual=late, reason=REASON)})
        assert at(wb, "PC204") == [("PC204", ERR, "项目1", "H15")]
        assert run(wb, "PC204")[0].ctx["expected"] == "< 10"

    def test_partial_grade(self, example: Example) -> None:
        wb = example(edit={5: dict(actual=m(None, grade="部分达成年度指标并具有一定效果"), reason=REASON)})
        assert at(wb, "PC204") == [("PC204", ERR, "项目1", "H18")]

    def test_reverse_missed(self, example: Example) -> None:
        wb = example(edit={3: dict(actual=m(None, 55, "万元"), reason=REASON)})
        assert at(wb, "PC204") == [("PC204", ERR, "项目1", "H16")]
        assert at(wb, "PC203") == []


class TestPC205OverAchievement:
    def test_below(self, example: Example) -> None:
        assert at(example(edit={0: dict(actual=m(None, 59, "人"))}), "PC205") == []

    def test_at_1_2(self, example: Example) -> None:
        wb = example(edit={0: dict(actual=m(None, 60, "人"))})
        assert at(wb, "PC205") == [("PC205", WARN, "项目1", "E13")]
        assert run(wb, "PC205")[0].ctx["ratio"] == "120%"
        assert at(wb, "PC213") == []  # a reason is required only from 1.3 A

    def test_not_on_reverse(self, example: Example) -> None:
        assert at(example(edit={3: dict(actual=m(None, 20, "万元"))}), "PC205") == []


class TestPC206UnitMismatch:
    def test_no_unit_on_actual(self, example: Example) -> None:
        assert at(example(edit={0: dict(actual=m(None, 52, None))}), "PC206") == []

    def test_ge_vs_hu(self, example: Example) -> None:
        wb = example(edit={0: dict(actual=m(None, 52, "户"))})
        assert at(wb, "PC206") == [("PC206", WARN, "项目1", "F13")]
        assert run(wb, "PC206")[0].ctx["target_unit"] == "人"
        assert at(wb, "PC202") == [] and at(wb, "PC204") == []

    def test_percent_vs_amount(self, example: Example) -> None:
        assert at(example(edit={4: dict(actual=m(None, 85, "万元"))}), "PC206") == [("PC206", WARN, "项目1", "F17")]


class TestPC207ActualNotScorable:
    def test_grade(self, example: Example) -> None:
        assert at(example(edit={5: dict(actual=m(None, grade="达成年度指标"), score=10)}), "PC207") == []

    def test_free_text(self, example: Example) -> None:
        wb = example(edit={0: dict(actual=m(None, text="按要求支付各项支出"))})
        assert at(wb, "PC207") == [("PC207", WARN, "项目1", "F13")]

    def test_target_copied(self, example: Example) -> None:
        wb = example(edit={0: dict(actual=m(">=", 50, "人"))})
        assert at(wb, "PC207") == [("PC207", WARN, "项目1", "F13")]
        assert run(wb, "PC207")[0].ctx["actual"] == ">=50人"


class TestPC208Level1WeightSplit:
    def test_50_30_10(self, example: Example) -> None:
        assert at(example(), "PC208") == []

    def test_other_split(self, example: Example) -> None:
        wb = example(edit={0: dict(weight=15, score=15), 4: dict(weight=35, score=35)})
        assert at(wb, "PC208") == [("PC208", WARN, "项目1", "B13"), ("PC208", WARN, "项目1", "B17")]
        assert at(wb, "PC209") == []

    def test_free_split(self, example: Example) -> None:
        cfg = Config(weights=Weights(free_split=True))
        wb = example(edit={0: dict(weight=15, score=15), 4: dict(weight=35, score=35)})
        assert at(wb, "PC208", cfg) == []


class TestPC209WeightsSum:
    def test_100(self, example: Example) -> None:
        assert at(example(), "PC209") == []

    def test_105(self, example: Example) -> None:
        wb = example(edit={0: dict(weight=25, score=25)}, total_weight=100)
        assert at(wb, "PC209") == [("PC209", ERR, "项目1", "G19")]
        assert run(wb, "PC209")[0].ctx == {"sum": Decimal(105), "stated": Decimal(100)}

    def test_stated_total_weight(self, example: Example) -> None:
        assert at(example(total_weight=90), "PC209") == [("PC209", ERR, "项目1", "G19")]


class TestPC210TotalScoreMismatch:
    def test_adds_up(self, example: Example) -> None:
        assert at(example(total_score="99.95"), "PC210") == []

    def test_wrong_total(self, example: Example) -> None:
        wb = example(total_score=95)
        assert at(wb, "PC210") == [("PC210", ERR, "项目1", "H19")]
        f = run(wb, "PC210")[0]
        assert f.ctx == {"stated": Decimal(95), "execution": Decimal(10), "indicators": Decimal(90),
                         "expected": Decimal(100), "diff": fmt.diff_score(Decimal(95), Decimal(100)),
                         "full": Bilingual("", "")}
        assert "少计 5 分" in f.message("zh") and "-" not in f.message("zh")

    def test_wrong_part_not_reported_twice(self, example: Example) -> None:
        # 得分 9 where 8.62 is due: PC202 at H14; 总分 100 adds up the stated scores, so no PC210
        wb = example(edit={1: dict(actual=m(None, "81.9", "%"), score=9, reason=REASON)}, total_score=99)
        assert at(wb, "PC202") == [("PC202", ERR, "项目1", "H14")]
        assert at(wb, "PC210") == []


class TestPC216RowsOutsideTotalFormula:
    """The 总分 formula reads the score cells itself, or through a subtotal formula."""

    def test_every_row_read_directly(self, example: Example) -> None:
        assert at(example(formulas={"H19": "SUM(I6,H13:H18)"}), "PC216") == []

    def test_every_row_read_through_a_subtotal(self, example: Example) -> None:
        assert at(example(formulas={"H19": "I6+J30", "J30": "SUM(H13:H18)"}), "PC216") == []

    def test_a_row_left_out_of_the_subtotal(self, example: Example) -> None:
        wb = example(formulas={"H19": "I6+J30", "J30": "SUM(H13:H17)"}, total_score=90)
        assert at(wb, "PC216") == [("PC216", ERR, "项目1", "H19")]
        assert run(wb, "PC216")[0].ctx["rows"] == fmt.rows([18])

    def test_a_total_reading_itself_is_not_taken_for_complete(self, example: Example) -> None:
        # H19 reads H13:H19 (itself included, a circular reference): row 18 is still read, none left out
        assert at(example(formulas={"H19": "SUM(I6,H13:H19)"}), "PC216") == []


class TestPC211GradeMismatch:
    def test_matches(self, example: Example) -> None:
        assert at(example(grade="优"), "PC211") == []
        assert at(example(grade="优秀"), "PC211") == []

    def test_wrong_grade(self, example: Example) -> None:
        wb = example(grade="良")
        assert at(wb, "PC211") == [("PC211", ERR, "项目1", "B20")]
        assert (run(wb, "PC211")[0].expected, run(wb, "PC211")[0].actual) == ("优", "良")

    def test_uses_parts_when_total_wrong(self, example: Example) -> None:
        # 总分 stated 85 but the parts give 100: PC210 only, the grade 优 is right for 100
        wb = example(total_score=85, grade="优")
        assert at(wb, "PC211") == []
        assert at(wb, "PC210") == [("PC210", ERR, "项目1", "H19")]

    def test_uses_stated_total_when_it_agrees(self, example: Example) -> None:
        wb = example(edit={4: dict(actual=m(None, 40, "%"), score=15, reason=REASON)}, total_score=85, grade="优")
        assert at(wb, "PC211") == [("PC211", ERR, "项目1", "B20")]


class TestPC212TotalFullUnderspent:
    base = dict(budget=200, spent=199, rate="0.995", exec_score="9.95")

    def test_below_100(self, example: Example) -> None:
        assert at(example(**self.base, total_score="99.95"), "PC212") == []

    def test_rounded_to_100(self, example: Example) -> None:
        wb = example(**self.base, total_score=100)
        assert at(wb, "PC212") == [("PC212", ERR, "项目1", "H19")]
        assert run(wb, "PC212")[0].ctx["rate"] == "99.5%"

    def test_not_repeated_after_pc105(self, example: Example) -> None:
        wb = example(budget=100, spent=95, rate="0.95", exec_score=10, total_score=100)
        assert at(wb, "PC105") == [("PC105", ERR, "项目1", "I6")]
        assert at(wb, "PC212") == []


class TestPC213ReasonMissing:
    def test_given(self, example: Example) -> None:
        assert at(example(edit={0: dict(actual=m(None, 45, "人"), score=18, reason=REASON)}), "PC213") == []

    def test_score_below_weight(self, example: Example) -> None:
        wb = example(edit={0: dict(actual=m(None, 45, "人"), score=18)})
        assert at(wb, "PC213") == [("PC213", ERR, "项目1", "I13")]

    def test_missed_with_full_score_is_one_finding(self, example: Example) -> None:
        """One defect, one finding: the full score on a missed target (PC204) names the missing reason."""
        wb = example(edit={0: dict(actual=m(None, 45, "人"))})
        assert at(wb, "PC213") == []
        found = [f for f in engine.run(wb, Config()) if f.sheet == "项目1" and f.cell is not None and f.cell.endswith("13")]
        assert [(f.code, f.cell) for f in found] == [("PC204", "H13")]
        assert "偏差原因" in found[0].message("zh") and "reason" in found[0].message("en")

    def test_over_1_3(self, example: Example) -> None:
        assert at(example(edit={0: dict(actual=m(None, 65, "人"))}), "PC213") == [("PC213", ERR, "项目1", "I13")]

    def test_severity_override(self, example: Example) -> None:
        cfg = Config(severity={"PC213": WARN})
        wb = example(edit={0: dict(actual=m(None, 45, "人"), score=18)})
        assert at(wb, "PC213", cfg) == [("PC213", WARN, "项目1", "I13")]


class TestPC214ReasonBoilerplate:
    def test_real_reason(self, example: Example) -> None:
        assert at(example(edit={0: dict(actual=m(None, 45, "人"), score=18, reason=REASON)}), "PC214") == []

    def test_boilerplate(self, example: Example) -> None:
        for text in ("无偏差", "已完成。", "正常", "原因较多"):
            wb = example(edit={0: dict(actual=m(None, 45, "人"), score=18, reason=text)})
            assert at(wb, "PC214") == [("PC214", WARN, "项目1", "I13")], text

    def test_not_required_not_checked(self, example: Example) -> None:
        assert at(example(edit={0: dict(reason="无")}), "PC214") == []

    def test_funds_row(self, example: Example) -> None:
        wb = example(budget=100, spent=80, rate="0.8", exec_score=8, total_score=98, exec_reason="正常")
        assert at(wb, "PC214") == [("PC214", WARN, "项目1", "J6")]
        assert at(wb, "PC109") == []


class TestPC215TotalOrGradeMissing:
    def test_present(self, example: Example) -> None:
        assert at(example(), "PC215") == []

    def test_missing(self, example: Example) -> None:
        wb = example(total_score=None, grade=None)
        assert at(wb, "PC215") == [("PC215", ERR, "项目1", "H19"), ("PC215", ERR, "项目1", "B20")]
        assert at(wb, "PC211") == []
