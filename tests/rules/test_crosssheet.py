"""PC5xx: across sheets (docs/scoring.md §7), including a case shaped like the seed report (docs/scoring.md §8)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from builders import Example

from perfcheck.config import Config
from perfcheck.examples.model import (
    good_indicators,
    ind,
    m,
    make_form,
    make_issues,
    make_list,
    make_unit,
    make_wb,
)
from perfcheck.model import ProjectForm, Workbook
from perfcheck.rules import engine


def found(wb: Workbook, code: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.code, f.severity.value, f.sheet, f.cell) for f in engine.run(wb, Config()) if f.code == code]


def ctxs(wb: Workbook, code: str) -> list[dict[str, object]]:
    return [dict(f.ctx) for f in engine.run(wb, Config()) if f.code == code]


BASE: dict[str, Any] = dict(rate=1, exec_score=10, total_weight=100, total_score=100, grade="优")


def form(sheet: str, name: str, budget: Any = 100, spent: Any = 100, **kw: Any) -> ProjectForm:
    return make_form(**{**BASE, "sheet": sheet, "name": name, "budget": budget, "spent": spent,
                        "indicators": good_indicators(), **kw})


def row(name: str, budget: Any = 100, spent: Any = 100, **kw: Any) -> dict[str, Any]:
    return {"project_name": name, "initial_budget": budget, "annual_budget": budget, "spent": spent,
            "rate": 1, "score": 100, "grade": "优", **kw}


def listed(*forms: ProjectForm, rows: list[dict[str, Any]], total: dict[str, Any] | None = None) -> Workbook:
    return make_wb(*forms, project_list=make_list(rows, total=total))


# The seed report (shared/seeds): the project list of 第二部分 against the nine forms scored in 第五部分.
SEED_LIST: list[tuple[str, str]] = [
    ("一类-日常运行经费", "95"),
    ("二类-工经联运行经费", "9"),
    ("个人奖类人才专项", "160"),
    ("五类-高质量发展考核奖励资金", "870"),
    ("四-1类-政府购岗有员工作经费", "18"),
    ("五类-传统产业优化升级工作经费", "450"),
    ("二类-工业经济运行监测资金", "54"),
    ("商务局分配-招商组团费用", "15"),
    ("2022年存量资金-2019年度工业企业规模奖、工业经济运行、高度专项经费、企业升规组织工作经费、第二届共青城市羽绒服装周经费", "66.482"),
]
SEED_SCORED: list[str] = [
    "个人奖类人才专项费监控",
    "二类-工经联运行经费监控",
    "个人奖类人才专项",
    "五类-高质量发展考核奖励资金",
    "四-1类-政府购岗有员工作经费监控",
    "五类-传统产业优化升级工作经费",
    "五类-二类-工业经济监测资金",
    "商务局分配-招商组团费用",
    SEED_LIST[8][0],
]


def seed_workbook(scored: list[str] | None = None) -> Workbook:
    budgets = dict(SEED_LIST)
    names = scored or SEED_SCORED
    forms = [form(f"项目{i}", n, budget=budgets.get(n, "160"), spent=budgets.get(n, "160"))
             for i, n in enumerate(names, start=1)]
    rows = [row(n, b, b) for n, b in SEED_LIST]
    total = sum((Decimal(b) for _, b in SEED_LIST), Decimal(0))
    unit = make_unit({"unit_name": "共青城市工业和信息化局", "budget_units": 2, "secondary_units": 2,
                      "staff_quota": 19, "admin_quota": 5, "public_quota": 14})
    issues = make_issues("大部分项目都已按要求及时完成拨付，但也存在部分项目未完成预算的情况，主要原因：是部分专项资金下半年支出。",
                         "健全完善工作机制，实现长效管理积极行动，项目预算成本控制得当，并都保持按时按要求完成。")
    return make_wb(*forms, unit=unit, issues=issues,
                   project_list=make_list(rows, total=dict(initial_budget=total, annual_budget=total, spent=total,
                                                           rate=1)))


class TestSeedReport:
    def test_total_is_1737_482(self) -> None:
        wb = seed_workbook()
        assert wb.project_list is not None and wb.project_list.total is not None
        assert wb.project_list.total.cells["annual_budget"].value == Decimal("1737.482")
        assert found(wb, "PC504") == []

    def test_list_rows_without_form_with_suggestions(self) -> None:
        wb = seed_workbook()
        assert found(wb, "PC501") == [
            ("PC501", "error", "项目汇总", "B4"),   # 一类-日常运行经费: never scored
            ("PC501", "error", "项目汇总", "B5"),
            ("PC501", "error", "项目汇总", "B8"),
            ("PC501", "error", "项目汇总", "B10"),
        ]
        assert [c["closest"] for c in ctxs(wb, "PC501")] == [
            "—", "二类-工经联运行经费监控", "四-1类-政府购岗有员工作经费监控", "五类-二类-工业经济监测资金"]

    def test_forms_without_list_row_with_suggestions(self) -> None:
        wb = seed_workbook()
        assert found(wb, "PC502") == [
            ("PC502", "error", "项目1", "B3"), ("PC502", "error", "项目2", "B3"),
            ("PC502", "error", "项目5", "B3"), ("PC502", "error", "项目7", "B3"),
        ]
        # 个人奖类人才专项费监控: the project scored twice under two names
        assert [c["closest"] for c in ctxs(wb, "PC502")] == [
            "个人奖类人才专项", "二类-工经联运行经费", "四-1类-政府购岗有员工作经费", "二类-工业经济运行监测资金"]

    def test_unit_counts_and_full_marks(self) -> None:
        wb = seed_workbook()
        assert found(wb, "PC507") == [("PC507", "error", "单位概况", "B3")]
        assert found(wb, "PC506") == []
        assert found(wb, "PC407") == [("PC407", "warning", "项目汇总", "H3")]

    def test_duplicate_name_one_missing(self) -> None:
        scored = list(SEED_SCORED)
        scored[0] = "个人奖类人才专项"       # scored twice under the same name
        wb = seed_workbook(scored)
        assert found(wb, "PC505") == [("PC505", "error", "项目3", "B3")]
        assert ctxs(wb, "PC505")[0]["where"] == "'项目1'!B3"
        # the duplicate is not also a form without a row, and its row is not compared with two forms
        assert ("PC502", "error", "项目1", "B3") not in found(wb, "PC502")
        assert [c for c in found(wb, "PC503") if c[3] and c[3].endswith("6")] == []


class TestPC501:
    def test_every_row_has_its_form(self) -> None:
        assert found(listed(form("项目1", "甲"), rows=[row("甲")]), "PC501") == []

    def test_names_compared_normalised(self) -> None:
        wb = listed(form("项目1", "项目 甲（一期）"), rows=[row("项目甲(一期)")])
        assert found(wb, "PC501") == [] and found(wb, "PC502") == []

    def test_row_without_form(self) -> None:
        wb = listed(form("项目1", "甲"), rows=[row("甲"), row("乙")])
        assert found(wb, "PC501") == [("PC501", "error", "项目汇总", "B5")]

    def test_no_list_sheet_skipped(self) -> None:
        assert found(make_wb(form("项目1", "甲")), "PC501") == []


class TestPC502:
    def test_every_form_has_its_row(self) -> None:
        assert found(listed(form("项目1", "甲"), form("项目2", "乙"), rows=[row("甲"), row("乙")]), "PC502") == []

    def test_form_without_row(self) -> None:
        wb = listed(form("项目1", "甲"), form("项目2", "乙"), rows=[row("甲")])
        assert found(wb, "PC502") == [("PC502", "error", "项目2", "B3")]
        assert ctxs(wb, "PC502")[0]["closest"] == "—"

    def test_no_list_sheet_skipped(self) -> None:
        assert found(make_wb(form("项目1", "甲")), "PC502") == []


class TestPC503:
    def test_row_equals_form(self) -> None:
        assert found(listed(form("项目1", "甲"), rows=[row("甲")]), "PC503") == []

    def test_rate_rounded_as_shown_agrees(self) -> None:
        f = form("项目1", "甲", budget=54, spent=50, rate="0.9259", exec_score="9.26", total_score="99.26")
        wb = listed(f, rows=[row("甲", 54, 50, rate="0.93", score="99.26")])
        assert found(wb, "PC503") == []

    def test_each_disagreeing_cell(self) -> None:
        f = form("项目1", "甲", budget=54, spent=50, rate="0.9259", exec_score="9.26", total_score="99.26")
        wb = listed(f, rows=[row("甲", 54, 52, rate="0.953", score=100, grade="良")])
        assert found(wb, "PC503") == [
            ("PC503", "error", "项目汇总", "F4"), ("PC503", "error", "项目汇总", "G4"),
            ("PC503", "error", "项目汇总", "H4"), ("PC503", "error", "项目汇总", "I4"),
        ]
        rate = [c for c in ctxs(wb, "PC503") if "执行率" in str(c["column"])][0]
        assert rate["stated"] == "95.3%" and rate["expected"] == "92.59%"

    def test_empty_form_total_line_uses_recomputed_amounts(self) -> None:
        f = form("项目1", "甲", budget=54, spent=50, total=(None, None, None), rate=None, total_score="99.26")
        wb = listed(f, rows=[row("甲", 54, 48, rate=None, score="99.26")])
        assert found(wb, "PC503") == [("PC503", "error", "项目汇总", "F4")]

    def test_empty_list_cells_not_compared(self) -> None:
        wb = listed(form("项目1", "甲"), rows=[{"project_name": "甲"}])
        assert found(wb, "PC503") == []


class TestPC504:
    def test_total_is_the_sum(self) -> None:
        wb = listed(form("项目1", "甲"), form("项目2", "乙", budget=50, spent=40),
                    rows=[row("甲"), row("乙", 50, 40, rate="0.8")],
                    total=dict(initial_budget=150, annual_budget=150, spent=140, rate="0.9333"))
        assert found(wb, "PC504") == []

    def test_stale_total(self) -> None:
        wb = listed(form("项目1", "甲"), form("项目2", "乙", budget=50, spent=40),
                    rows=[row("甲"), row("乙", 50, 40, rate="0.8")],
                    total=dict(initial_budget=100, annual_budget=150, spent="140.00", rate=1))
        assert found(wb, "PC504") == [("PC504", "error", "项目汇总", "D6"), ("PC504", "error", "项目汇总", "G6")]

    def test_no_total_row_skipped(self) -> None:
        assert found(listed(form("项目1", "甲"), rows=[row("甲")]), "PC504") == []


class TestPC505:
    def test_distinct_names(self) -> None:
        wb = listed(form("项目1", "甲"), form("项目2", "乙"), rows=[row("甲"), row("乙")])
        assert found(wb, "PC505") == []

    def test_two_forms_one_name(self) -> None:
        wb = make_wb(form("项目1", "甲"), form("项目2", "乙"), form("项目3", "甲 "))
        assert found(wb, "PC505") == [("PC505", "error", "项目3", "B3")]

    def test_two_list_rows_one_name(self) -> None:
        wb = listed(form("项目1", "甲"), rows=[row("甲"), row("乙"), row("甲")])
        assert found(wb, "PC505") == [("PC505", "error", "项目汇总", "B6")]


class TestPC506:
    def test_adds_up(self) -> None:
        wb = make_wb(form("项目1", "甲"), unit=make_unit({"staff_quota": 19, "admin_quota": 5, "public_quota": 14}))
        assert found(wb, "PC506") == []

    def test_does_not_add_up(self) -> None:
        wb = make_wb(form("项目1", "甲"), unit=make_unit({"staff_quota": 20, "admin_quota": 5, "public_quota": 14}))
        assert found(wb, "PC506") == [("PC506", "error", "单位概况", "B2")]
        assert ctxs(wb, "PC506")[0]["expected"] == Decimal(19)

    def test_missing_value_or_sheet_skipped(self) -> None:
        wb = make_wb(form("项目1", "甲"), unit=make_unit({"staff_quota": 20, "admin_quota": 5, "public_quota": None}))
        assert found(wb, "PC506") == []
        assert found(make_wb(form("项目1", "甲")), "PC506") == []


class TestPC507:
    def test_unit_plus_secondary(self) -> None:
        wb = make_wb(form("项目1", "甲"), unit=make_unit({"budget_units": 3, "secondary_units": 2}))
        assert found(wb, "PC507") == []

    def test_seed_two_against_three(self) -> None:
        wb = make_wb(form("项目1", "甲"), unit=make_unit({"budget_units": 2, "secondary_units": 2}))
        assert found(wb, "PC507") == [("PC507", "error", "单位概况", "B2")]

    def test_no_unit_sheet_skipped(self) -> None:
        assert found(make_wb(form("项目1", "甲")), "PC507") == []


class TestPC508:
    def test_both_blocks(self) -> None:
        wb = make_wb(form("项目1", "甲"), issues=make_issues("问题一", "措施一"))
        assert found(wb, "PC508") == []

    def test_empty_blocks(self) -> None:
        wb = make_wb(form("项目1", "甲"), issues=make_issues(None, None))
        assert found(wb, "PC508") == [("PC508", "warning", "问题与措施", "B2"), ("PC508", "warning", "问题与措施", "B3")]

    def test_empty_problems_after_a_shortfall_is_pc509_only(self) -> None:
        wb = make_wb(form("项目1", "甲", spent=80, rate="0.8"), issues=make_issues(None, None))
        assert found(wb, "PC508") == [("PC508", "warning", "问题与措施", "B3")]
        assert found(wb, "PC509") == [("PC509", "error", "问题与措施", "B2")]

    def test_no_issues_sheet_skipped(self) -> None:
        assert found(make_wb(form("项目1", "甲")), "PC508") == []


class TestPC509:
    def test_no_shortfall(self) -> None:
        wb = make_wb(form("项目1", "甲"), issues=make_issues(None, "措施"))
        assert found(wb, "PC509") == []

    def test_shortfall_explained(self) -> None:
        wb = make_wb(form("项目1", "甲", spent=80, rate="0.8"), issues=make_issues("部分资金下半年支出", "措施"))
        assert found(wb, "PC509") == []

    def test_unspent_budget(self) -> None:
        wb = make_wb(form("项目1", "甲"), form("项目2", "乙", spent=80, rate="0.8"),
                     issues=make_issues(None, "措施"))
        assert found(wb, "PC509") == [("PC509", "error", "问题与措施", "B2")]
        assert ctxs(wb, "PC509")[0] == {"project": "乙", "evidence": "'项目2'!H6"}

    def test_missed_target(self) -> None:
        inds = good_indicators()
        inds[0] = ind("产出指标", "数量指标", "培训人数", m(">=", 50, "人"), m(None, 40, "人"), 20, 16)
        wb = make_wb(form("项目1", "甲", indicators=inds), issues=make_issues("", "措施"))
        assert found(wb, "PC509") == [("PC509", "error", "问题与措施", "B2")]
        assert ctxs(wb, "PC509")[0]["evidence"] == "'项目1'!H13"

    def test_missed_grade(self) -> None:
        inds = good_indicators()
        inds[4] = {**inds[4], "actual": m(None, grade="部分达成年度指标并具有一定效果")}
        wb = make_wb(form("项目1", "甲", indicators=inds), issues=make_issues(None, "措施"))
        assert found(wb, "PC509") == [("PC509", "error", "问题与措施", "B2")]

    def test_list_rate_below_100(self) -> None:
        wb = make_wb(form("项目1", "甲"), project_list=make_list([row("甲", 100, 90, rate="0.9")]),
                     issues=make_issues(None, "措施"))
        assert found(wb, "PC509") == [("PC509", "error", "问题与措施", "B2")]


class TestPC510FormsTotalVsList:
    def test_seed_sample_names_the_duplicate_and_the_unscored_project(self) -> None:
        from pathlib import Path

        from perfcheck import api

        seed = Path(__file__).resolve().parents[2] / "samples" / "共青城市工信局2023.xlsx"
        report = api.validate(seed)
        (f,) = [f for f in report.findings if f.code == "PC510"]
        assert (f.sheet, f.cell) == ("项目汇总", "E13")
        assert f.actual == Decimal("1802.482") and f.expected == Decimal("1737.482")
        zh = f.message("zh")
        assert "1,802.48 万元" in zh and "1,737.48 万元" in zh and "表中多 65 万元" in zh
        assert "重复自评：“个人奖类人才专项”（项目1、项目3）" in zh and "没有自评表：“一类-日常运行经费”" in zh
        en = f.message("en")
        assert "scored twice" in en and "no form" in en and "表中" not in en

    def test_forms_agreeing_with_the_list_give_nothing(self, example: Example) -> None:
        wb = example(forms=[dict(name="甲"), dict(name="乙")], full=True)
        assert found(wb, "PC510") == []
