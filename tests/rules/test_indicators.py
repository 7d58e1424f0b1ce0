"""PC3xx: structure and completeness of the project form (docs/scoring.md §5)."""

from __future__ import annotations

from typing import Any

from perfcheck.config import Config
from perfcheck.examples.model import good_indicators, ind, m, make_form, make_wb
from perfcheck.model import Workbook
from perfcheck.rules import engine


def found(wb: Workbook, code: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.code, f.severity.value, f.sheet, f.cell) for f in engine.run(wb, Config()) if f.code == code]


def good(**kw: Any) -> Workbook:
    """A consistent form (budget 100 spent 100, good_indicators, 总分 100 优) with overrides."""
    base: dict[str, Any] = dict(budget=100, spent=100, rate=1, exec_score=10, total_weight=100, total_score=100,
                                grade="优", indicators=good_indicators())
    return make_wb(make_form(**{**base, **kw}))


def edited(changes: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = good_indicators()
    for i, c in changes.items():
        rows[i] = {**rows[i], **c}
    return rows


class TestPC301:
    def test_complete_form(self) -> None:
        assert found(good(), "PC301") == []

    def test_each_missing_field_at_its_cell(self) -> None:
        wb = good(name=None, department=None, implementer=None, year=None)
        assert found(wb, "PC301") == [
            ("PC301", "error", "项目1", "B3"), ("PC301", "error", "项目1", "B4"),
            ("PC301", "error", "项目1", "G4"), ("PC301", "error", "项目1", "A2"),
        ]

    def test_label_not_found_points_at_anchor(self) -> None:
        from dataclasses import replace

        form = replace(make_form(budget=100, spent=100, indicators=good_indicators()), implementer=None)
        assert found(make_wb(form), "PC301") == [("PC301", "error", "项目1", "A1")]

    def test_message_names_the_field(self) -> None:
        f = [x for x in engine.run(good(department=None), Config()) if x.code == "PC301"][0]
        assert "主管部门" in f.message("zh") and "Competent department" in f.message("en")


class TestPC302:
    def test_both_goal_texts(self) -> None:
        assert found(good(), "PC302") == []

    def test_missing_actual(self) -> None:
        assert found(good(goal_actual=None), "PC302") == [("PC302", "error", "项目1", "G11")]

    def test_missing_expected(self) -> None:
        assert found(good(goal_expected=""), "PC302") == [("PC302", "error", "项目1", "B11")]


class TestPC303:
    def test_different_texts(self) -> None:
        assert found(good(goal_expected="完成培训任务", goal_actual="全年培训52人"), "PC303") == []

    def test_copy_with_spaces_and_fullwidth(self) -> None:
        wb = good(goal_expected="完成培训任务，培训５０人", goal_actual="完成 培训任务,培训50人。")
        assert found(wb, "PC303") == [("PC303", "warning", "项目1", "G11")]

    def test_empty_goal_is_left_to_pc302(self) -> None:
        assert found(good(goal_expected=None, goal_actual=None), "PC303") == []


class TestPC304:
    def test_closed_set_with_and_without_suffix(self) -> None:
        wb = good(indicators=edited({0: {"level1": "产出"}, 4: {"level1": "效益"}, 5: {"level1": "满意度"}}))
        assert found(wb, "PC304") == []

    def test_unknown_level1(self) -> None:
        wb = good(indicators=edited({4: {"level1": "效果指标"}}))
        assert found(wb, "PC304") == [("PC304", "error", "项目1", "B17")]

    def test_empty_level1(self) -> None:
        wb = good(indicators=edited({0: {"level1": None}}))
        assert found(wb, "PC304") == [("PC304", "error", "项目1", "B13")]


class TestPC305:
    def test_right_pairs(self) -> None:
        wb = good(indicators=edited({0: {"level2": "数量"}, 5: {"level2": "服务对象满意度"}}))
        assert found(wb, "PC305") == []

    def test_level2_under_wrong_level1(self) -> None:
        wb = good(indicators=edited({4: {"level2": "时效指标"}}))
        assert found(wb, "PC305") == [("PC305", "error", "项目1", "C17")]

    def test_invented_level2(self) -> None:
        wb = good(indicators=edited({1: {"level2": "工作指标"}}))
        assert found(wb, "PC305") == [("PC305", "error", "项目1", "C14")]

    def test_unknown_level1_is_left_to_pc304(self) -> None:
        wb = good(indicators=edited({1: {"level1": "其他", "level2": "工作指标"}}))
        assert found(wb, "PC305") == []


class TestPC306:
    def test_both_groups_present(self) -> None:
        assert found(good(), "PC306") == []

    def test_no_outcome_indicator(self) -> None:
        inds = good_indicators()[:4] + good_indicators()[5:]
        assert found(good(indicators=inds), "PC306") == [("PC306", "error", "项目1", "B12")]

    def test_blank_skeleton_rows_do_not_count(self) -> None:
        inds = good_indicators()[4:] + [ind("产出指标", "数量指标", None, None, None, None, None)]
        assert found(good(indicators=inds), "PC306") == [("PC306", "error", "项目1", "B12")]


class TestPC307:
    def test_present(self) -> None:
        assert found(good(), "PC307") == []

    def test_absence_explained_in_reason_column(self) -> None:
        note = ind("满意度指标", "服务对象满意度指标", None, None, None, None, None,
                   "本项目为内部运转经费，无外部服务对象，未设满意度指标")
        wb = good(indicators=good_indicators()[:5] + [note])
        assert found(wb, "PC307") == []
        assert found(wb, "PC308") == []   # the note row is not an indicator

    def test_absent_and_unexplained(self) -> None:
        assert found(good(indicators=good_indicators()[:5]), "PC307") == [("PC307", "warning", "项目1", "B12")]


class TestPC308:
    def test_complete_rows(self) -> None:
        assert found(good(), "PC308") == []

    def test_one_finding_per_empty_cell(self) -> None:
        wb = good(indicators=edited({0: {"name": None, "score": None}, 5: {"actual": None, "weight": None}}))
        assert found(wb, "PC308") == [
            ("PC308", "error", "项目1", "D13"), ("PC308", "error", "项目1", "H13"),
            ("PC308", "error", "项目1", "F18"), ("PC308", "error", "项目1", "G18"),
        ]

    def test_some_targets_missing_reported_per_cell(self) -> None:
        wb = good(indicators=edited({1: {"target": None}, 3: {"target": None}}))
        assert found(wb, "PC308") == [("PC308", "error", "项目1", "E14"), ("PC308", "error", "项目1", "E16")]

    def test_all_targets_missing_left_to_pc410(self) -> None:
        wb = good(indicators=[{**r, "target": None} for r in good_indicators()])
        assert found(wb, "PC308") == []
        assert found(wb, "PC410") == [("PC410", "error", "项目1", "E13")]

    def test_not_applicable_row_left_to_pc309(self) -> None:
        wb = good(indicators=edited({4: {"target": None, "actual": m(None, text="这些项目不会带来经济效益")}}))
        assert found(wb, "PC308") == []


class TestPC309:
    def test_real_values(self) -> None:
        assert found(good(), "PC309") == []

    def test_seed_phrases(self) -> None:
        inds = good_indicators()[:4] + [
            ind("效益指标", "经济效益指标", "经济效益", None, m(None, text="这些项目不会带来经济效益"), 10, 10),
            ind("效益指标", "生态效益指标", "生态效益", None, m(None, text="这些项目不会对当地环境带来影响"), 10, 10),
            ind("效益指标", "社会效益指标", "社会效益", m(None, text="不适用"), None, 10, 10),
        ] + good_indicators()[5:]
        assert found(good(indicators=inds), "PC309") == [
            ("PC309", "warning", "项目1", "F17"), ("PC309", "warning", "项目1", "F18"),
            ("PC309", "warning", "项目1", "E19"),
        ]

    def test_bare_none_is_a_value_when_the_target_is_measurable(self) -> None:
        # 投诉次数 ≤0次, actual 无 (no complaints): a value, not "not applicable"
        row = ind("满意度指标", "服务对象满意度指标", "投诉次数", m("<=", 0, "次"), m(None, text="无"), 10, 10)
        assert found(good(indicators=good_indicators()[:5] + [row]), "PC309") == []

    def test_bare_none_without_target(self) -> None:
        row = ind("效益指标", "生态效益指标", "生态效益", None, m(None, text="无"), 10, 10)
        wb = good(indicators=good_indicators() + [row])
        assert found(wb, "PC309") == [("PC309", "warning", "项目1", "F19")]

    def test_message_names_the_points_to_move(self) -> None:
        wb = good(indicators=edited({4: {"actual": m(None, text="不涉及")}}))
        f = [x for x in engine.run(wb, Config()) if x.code == "PC309"][0]
        assert "30" in f.message("zh") and "不涉及" in f.message("en")


def seed_rows() -> list[dict[str, Any]]:
    """A form as the seed report fills it: one row per 二级 heading, its sentence as 实际完成值, nothing else."""
    texts = [
        ("产出指标", "数量指标", "今年我市新增入库工业规上企业19户，列九江前列。"),
        ("产出指标", "质量指标", "按时按量拨付各个项目的运行经费，按要求支付各项支出。"),
        ("产出指标", "成本指标", "所有项目成本均未超预算。"),
        ("效益指标", "经济效益指标", "这些项目不会带来经济效益。"),
        ("效益指标", "社会效益指标", "推动工业高质量发展。"),
        ("效益指标", "生态效益指标", "这些项目不会对当地环境带来影响。"),
        ("满意度指标", "服务对象满意度指标", "服务对象都满意。"),
    ]
    return [ind(a, b, None, None, m(None, text=t), None, None) for a, b, t in texts]


class TestPC310:
    def test_columns_filled(self) -> None:
        assert found(good(), "PC310") == []

    def test_some_cells_empty_is_pc308(self) -> None:
        wb = good(indicators=edited({0: {"weight": None}, 1: {"weight": None}}))
        assert found(wb, "PC310") == []
        assert found(wb, "PC308") == [("PC308", "error", "项目1", "G13"), ("PC308", "error", "项目1", "G14")]

    def test_whole_column_empty_reported_once(self) -> None:
        wb = good(indicators=[{**r, "score": None} for r in good_indicators()])
        assert found(wb, "PC310") == [("PC310", "error", "项目1", "H13")]
        assert found(wb, "PC308") == []

    def test_seed_shaped_form_is_not_a_flood(self) -> None:
        wb = good(indicators=seed_rows())
        assert found(wb, "PC310") == [
            ("PC310", "error", "项目1", "D13"), ("PC310", "error", "项目1", "G13"), ("PC310", "error", "项目1", "H13"),
        ]
        assert found(wb, "PC410") == [("PC410", "error", "项目1", "E13")]
        assert found(wb, "PC309") == [("PC309", "warning", "项目1", "F16"), ("PC309", "warning", "项目1", "F18")]
        assert found(wb, "PC308") == []
        f = [x for x in engine.run(wb, Config()) if x.code == "PC310"][0]
        assert "5" in f.message("en")   # seven rows, two of them not applicable


class TestIndicatorRow:
    """The per-row facts the PC3xx/PC4xx rules share (computed once per run)."""

    def test_facts_of_a_row(self) -> None:
        from perfcheck.rules.indicators import applicable_rows, columns_all_missing, form_rows

        rows = edited({0: {"level1": "产出", "level2": "数量", "weight": None, "score": None},
                       4: {"level1": "产出效果", "level2": "社会效益指标"}})
        wb = good(indicators=rows + seed_rows()[5:6])      # a last row saying it does not apply
        (form,) = wb.forms
        facts = form_rows(form)
        assert [r.ind.row for r in facts] == [i.row for i in form.indicators]
        first, fifth, last = facts[0], facts[4], facts[-1]
        assert (first.level1, first.level2, first.group, first.missing) == (
            "产出指标", "数量指标", "产出指标", ("weight", "score"))
        assert (fifth.level1, fifth.level2, fifth.group) == (None, "社会效益指标", "效益指标")
        assert last.na is not None and last.na[2] == "不会对当地环境带来影响"
        assert applicable_rows(form) == facts[:-1]
        assert columns_all_missing(form) == frozenset()
        assert form_rows(form) is facts                    # once per run

    def test_columns_empty_on_every_applicable_row(self) -> None:
        from perfcheck.rules.indicators import columns_all_missing

        wb = good(indicators=[{**r, "score": None} for r in good_indicators()] + seed_rows()[5:6])
        assert columns_all_missing(wb.forms[0]) == frozenset({"score"})
