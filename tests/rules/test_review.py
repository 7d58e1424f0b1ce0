"""PC4xx: review warnings (docs/scoring.md §6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from perfcheck.config import Config
from perfcheck.examples.model import good_indicators, ind, m, make_form, make_list, make_wb
from perfcheck.model import Workbook
from perfcheck.rules import engine


def found(wb: Workbook, code: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.code, f.severity.value, f.sheet, f.cell) for f in engine.run(wb, Config()) if f.code == code]


def messages(wb: Workbook, code: str, lang: str = "zh") -> list[str]:
    return [f.message(lang) for f in engine.run(wb, Config()) if f.code == code]


BASE: dict[str, Any] = dict(budget=100, spent=100, rate=1, exec_score=10, total_weight=100, total_score=100,
                            grade="优")


def form(**kw: Any) -> Any:
    return make_form(**{**BASE, "indicators": good_indicators(), **kw})


def good(**kw: Any) -> Workbook:
    return make_wb(form(**kw))


def edited(changes: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = good_indicators()
    for i, c in changes.items():
        rows[i] = {**rows[i], **c}
    return rows


class TestPC401:
    def test_numeric_targets(self) -> None:
        assert found(good(), "PC401") == []

    def test_vague_outcome_target_reports_the_word(self) -> None:
        wb = good(indicators=edited({4: {"target": m(None, text="社会效益显著"), "actual": m(None, text="显著")}}))
        assert found(wb, "PC401") == [("PC401", "warning", "项目1", "E17")]
        assert "显著" in messages(wb, "PC401")[0]

    def test_longest_word_is_named(self) -> None:
        wb = good(indicators=edited({4: {"target": m(None, text="服务对象都满意")}}))
        assert "“都满意”" in messages(wb, "PC401")[0]

    def test_grade_and_plain_text_targets_are_not_vague(self) -> None:
        wb = good(indicators=edited({4: {"target": m(None, grade="达成年度指标")},
                                     1: {"target": m(None, text="通过验收")}}))
        assert found(wb, "PC401") == []

    def test_satisfaction_timeliness_cost_left_to_their_rules(self) -> None:
        wb = good(indicators=edited({2: {"target": m(None, text="按时完成")},
                                     3: {"target": m(None, text="按规定控制成本")},
                                     5: {"target": m(None, text="满意")}}))
        assert found(wb, "PC401") == []


class TestPC402:
    def test_percentage(self) -> None:
        assert found(good(), "PC402") == []

    def test_seed_wording(self) -> None:
        wb = good(indicators=edited({5: {"target": m(None, text="服务对象都满意"),
                                         "actual": m(None, text="服务对象都满意")}}))
        assert found(wb, "PC402") == [("PC402", "warning", "项目1", "E18"), ("PC402", "warning", "项目1", "F18")]

    def test_seed_wording_in_actual_only(self) -> None:
        wb = good(indicators=edited({5: {"target": None, "actual": m(None, text="服务对象都满意。")}}))
        assert found(wb, "PC402") == [("PC402", "warning", "项目1", "F18")]

    def test_grade_actual_accepted(self) -> None:
        wb = good(indicators=edited({5: {"actual": m(None, grade="达成年度指标")}}))
        assert found(wb, "PC402") == []

    def test_number_without_percent(self) -> None:
        wb = good(indicators=edited({5: {"target": m(">=", 90, "分")}}))
        assert found(wb, "PC402") == [("PC402", "warning", "项目1", "E18")]

    def test_empty_target_left_to_completeness(self) -> None:
        assert found(good(indicators=edited({5: {"target": None}})), "PC402") == []


class TestPC403:
    def test_upper_limit(self) -> None:
        assert found(good(), "PC403") == []
        assert found(good(indicators=edited({3: {"target": m("<", 50, "万元")}})), "PC403") == []

    def test_written_as_at_least(self) -> None:
        wb = good(indicators=edited({3: {"target": m(">=", 50, "万元")}}))
        assert found(wb, "PC403") == [("PC403", "warning", "项目1", "E16")]

    def test_written_as_text(self) -> None:
        wb = good(indicators=edited({3: {"target": m(None, text="所有项目成本均未超预算")}}))
        assert found(wb, "PC403") == [("PC403", "warning", "项目1", "E16")]

    def test_without_operator(self) -> None:
        wb = good(indicators=edited({3: {"target": m(None, 50, "万元")}}))
        assert found(wb, "PC403") == [("PC403", "warning", "项目1", "E16")]


class TestPC404:
    def test_within_budget(self) -> None:
        assert found(good(indicators=edited({3: {"target": m("<=", 100, "万元")}})), "PC404") == []

    def test_above_budget(self) -> None:
        wb = good(indicators=edited({3: {"target": m("<=", 120, "万元")}}))
        assert found(wb, "PC404") == [("PC404", "warning", "项目1", "E16")]
        assert "120" in messages(wb, "PC404")[0] and "100" in messages(wb, "PC404")[0]

    def test_yuan_converted(self) -> None:
        assert found(good(indicators=edited({3: {"target": m("<=", 500000, "元")}})), "PC404") == []
        wb = good(indicators=edited({3: {"target": m("<=", 1500000, "元")}}))
        assert found(wb, "PC404") == [("PC404", "warning", "项目1", "E16")]

    def test_unit_cost_skipped(self) -> None:
        assert found(good(indicators=edited({3: {"target": m("<=", 500, "元/人")}})), "PC404") == []


class TestPC405:
    def test_date_or_period(self) -> None:
        assert found(good(), "PC405") == []
        assert found(good(indicators=edited({2: {"target": m("<=", 30, "天")}})), "PC405") == []

    def test_vague_deadline(self) -> None:
        wb = good(indicators=edited({2: {"target": m(None, text="在计划时间内完成")}}))
        assert found(wb, "PC405") == [("PC405", "warning", "项目1", "E15")]


class TestPC406:
    def test_measured_actuals(self) -> None:
        assert found(good(), "PC406") == []

    def test_actual_copied_everywhere(self) -> None:
        inds = [{**r, "actual": r["target"], "score": r["weight"]} for r in good_indicators()]
        assert found(good(indicators=inds), "PC406") == [("PC406", "warning", "项目1", "F13")]

    def test_one_real_value_is_enough(self) -> None:
        inds = [{**r, "actual": r["target"], "score": r["weight"]} for r in good_indicators()]
        inds[0] = {**inds[0], "actual": m(None, 52, "人")}
        assert found(good(indicators=inds), "PC406") == []

    def test_copied_but_not_full_marks(self) -> None:
        inds = [{**r, "actual": r["target"], "score": r["weight"]} for r in good_indicators()]
        inds[1] = {**inds[1], "score": 8}
        assert found(good(indicators=inds), "PC406") == []


def _row(name: str, score: Any) -> dict[str, Any]:
    return dict(project_name=name, initial_budget=100, annual_budget=100, spent=100, rate=1, score=score, grade="优")


class TestPC407:
    def test_one_project_at_100_is_fine(self) -> None:
        assert found(good(), "PC407") == []

    def test_every_form_at_100_without_list(self) -> None:
        wb = make_wb(form(sheet="项目1", name="甲"), form(sheet="项目2", name="乙"))
        assert found(wb, "PC407") == [("PC407", "warning", None, None)]

    def test_points_at_the_list_score_header(self) -> None:
        f1, f2 = form(sheet="项目1", name="甲"), form(sheet="项目2", name="乙")
        wb = make_wb(f1, f2, project_list=make_list([_row("甲", None), _row("乙", None)]))
        assert found(wb, "PC407") == [("PC407", "warning", "项目汇总", "H3")]

    def test_one_project_below_100(self) -> None:
        wb = make_wb(form(sheet="项目1", name="甲"), form(sheet="项目2", name="乙", total_score="96.5"))
        assert found(wb, "PC407") == []

    def test_list_scores_used_when_there_are_no_forms(self) -> None:
        wb = make_wb(project_list=make_list([_row("甲", 100), _row("乙", 100)]))
        assert found(wb, "PC407") == [("PC407", "warning", "项目汇总", "H3")]
        wb = make_wb(project_list=make_list([_row("甲", 100), _row("乙", "96.5")]))
        assert found(wb, "PC407") == []


class TestPC408:
    def test_claim_with_full_execution(self) -> None:
        assert found(good(goal_actual="已全部完成年度培训任务"), "PC408") == []

    def test_claim_with_unspent_budget(self) -> None:
        wb = good(spent=80, rate="0.8", exec_score=8, total_score=98, goal_actual="各项工作均已完成")
        assert found(wb, "PC408") == [("PC408", "warning", "项目1", "G11")]
        assert "80%" in messages(wb, "PC408", "en")[0]

    def test_honest_text_with_unspent_budget(self) -> None:
        wb = good(spent=80, rate="0.8", exec_score=8, total_score=98, goal_actual="完成培训52人，部分课程延至次年")
        assert found(wb, "PC408") == []


class TestPC409:
    def test_unique_names(self) -> None:
        assert found(good(), "PC409") == []

    def test_repeat_reported_at_second_occurrence(self) -> None:
        wb = good(indicators=edited({1: {"name": "培训人数"}, 4: {"name": "培训 人数"}}))
        assert found(wb, "PC409") == [("PC409", "warning", "项目1", "D14"), ("PC409", "warning", "项目1", "D17")]
        assert "13" in messages(wb, "PC409")[0]

    def test_same_name_in_two_forms_is_fine(self) -> None:
        wb = make_wb(form(sheet="项目1", name="甲"), form(sheet="项目2", name="乙"))
        assert found(wb, "PC409") == []


class TestPC410:
    def test_targets_present(self) -> None:
        assert found(good(), "PC410") == []

    def test_some_targets_missing_is_pc308(self) -> None:
        assert found(good(indicators=edited({0: {"target": None}})), "PC410") == []

    def test_seed_form_without_any_target(self) -> None:
        # the seed's prose indicators: actuals only, no 年度指标值 anywhere
        inds = [
            ind("产出指标", "数量指标", "新增规上企业", None, m(None, 19, "户"), 20, 20),
            ind("产出指标", "质量指标", "资金支付", None, m(None, text="按要求支付各项支出"), 10, 10),
            ind("产出指标", "时效指标", "完成时间", None,
                m(None, date=dt.date(2023, 12, 31), text="2023年12月31日"), 10, 10),
            ind("效益指标", "经济效益指标", "经济效益", None, m(None, text="这些项目不会带来经济效益"), 10, 10),
            ind("效益指标", "社会效益指标", "带动产业升级", None, m(None, text="推动工业高质量发展"), 30, 30),
            ind("满意度指标", "服务对象满意度指标", "服务对象满意度", None, m(None, text="服务对象都满意"), 10, 10),
        ]
        wb = make_wb(form(sheet="项目1", name="甲", indicators=inds), form(sheet="项目2", name="乙", indicators=inds))
        assert found(wb, "PC410") == [("PC410", "error", "项目1", "E13"), ("PC410", "error", "项目2", "E13")]
        assert "5" in messages(wb, "PC410")[0]   # the not-applicable row is not counted
        assert found(wb, "PC308") == []
        assert found(wb, "PC309") == [("PC309", "warning", "项目1", "F16"), ("PC309", "warning", "项目2", "F16")]
