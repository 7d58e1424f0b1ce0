"""PC4xx: review warnings -- patterns a person should look at (docs/scoring.md §6).

Most of these are warnings: the form may be right, but reviewers ask about it.  PC410 (no target
anywhere on a form) is an error: it replaces the per-cell PC308 findings of the target column.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcheck import fmt
from perfcheck.config import Config
from perfcheck.layout import FORM
from perfcheck.memo import per_run
from perfcheck.model import CellRef, Hit, Op, Severity, ValueKind, Workbook
from perfcheck.rules._text import (
    complete_claim,
    is_empty,
    label,
    norm_name,
    same_measure,
    vague_word,
)
from perfcheck.rules.base import rule
from perfcheck.rules.indicators import IndicatorRow, applicable_rows, form_rows, targets_all_missing
from perfcheck.scoring import execution, pct

FAMILY = "review"

_OWN_RULE_GROUPS = ("时效指标", "成本指标")   # their targets are checked by PC405 / PC403
# bound once: PC401 tests every row's target, and on Python 3.11 each read of ValueKind.TEXT goes
# through the enum metaclass's attribute hook
_TEXT = ValueKind.TEXT


@per_run
def _indicators(wb: Workbook) -> list[IndicatorRow]:
    """Every indicator row of every form, skeleton rows and not-applicable rows (PC309) left out
    (one list per run, walked by PC401–PC405)."""
    return [row for form in wb.forms for row in applicable_rows(form)]


@rule(
    code="PC401", slug="vague-target", severity=Severity.WARNING,
    message={
        "zh": "第{row}行指标“{name}”的年度指标值“{target}”含模糊用语“{word}”，没有数值：应写成可衡量的数值或日期",
        "en": "Row {row}, indicator \"{name}\": the target \"{target}\" uses the vague word \"{word}\" with no "
              "number; expected a measurable number or date",
    },
    summary={"zh": "年度指标值不应是无数值的模糊表述", "en": "Targets are measurable, not vague wording"},
    family=FAMILY,
    options=("indicators.vague_words",),
)
def vague_target(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """年度指标值应细化量化，不应是“效果明显”“有所提高”之类的模糊表述。Targets are measurable.

    ## 检查内容 What it does
    A 年度指标值 that is text (no number, no date, not one of the three grades) and contains one of
    效果明显, 显著, 有所提高, 进一步, 逐步, 持续, 不断, 较好, 良好, 满意, 都满意, 得到提升, 有效,
    积极, 大幅, 明显改善, 符合要求, 按时, 按规定 gives a finding at the target cell, naming the word.
    Targets of 满意度, 时效 and 成本 indicators are left to PC402, PC405 and PC403.

    ## 为什么 Why it matters
    财预〔2015〕88号 asks for targets that are 细化量化: "社会效益显著" can never be missed, so it
    measures nothing and its points are free.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC401: edit={4: dict(name="带动产业发展", target=m(None, text="效果明显"), actual=m(None, text="效果明显"))}
    PC401: edit={4: dict(name="服务能力", target=m(None, text="服务能力明显提高"), actual=m(None, text="已提高"))}

    ## 配置 Options
    """
    for row in _indicators(wb):
        ind = row.ind
        t = ind.target.value
        if t is None or t.kind is not _TEXT:
            continue
        if row.group == "满意度指标" or row.level2 in _OWN_RULE_GROUPS:
            continue
        word = vague_word(ind.target.text, cfg.indicators.vague_words)
        if word:
            yield Hit(ind.target.at,
                      {"row": ind.row, "name": label(ind), "target": ind.target.text, "word": word},
                      expected=None, actual=ind.target.text)


@rule(
    code="PC402", slug="satisfaction-not-percent", severity=Severity.WARNING,
    message={
        "zh": "第{row}行满意度指标“{name}”的 {column} 应为百分比（如 ≥90%），实际为“{value}”",
        "en": "Row {row}, satisfaction indicator \"{name}\": {column} should be a percentage (e.g. ≥90%); "
              "found \"{value}\"",
    },
    summary={"zh": "满意度指标值应为百分比", "en": "Satisfaction targets and results are percentages"},
    family=FAMILY,
)
def satisfaction_not_percent(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """满意度指标值应写成百分比（如 ≥90%）。Satisfaction targets and results are percentages.

    ## 检查内容 What it does
    For every indicator under 满意度指标, the 年度指标值 must be a number in % (≥90%, 不低于85%):
    text such as 服务对象都满意 or 满意 gives a finding at the target cell.  The 实际完成值 is checked
    too when it is text (not a number, date or one of the three grades), since a survey gives a
    rate: the seed report writes 服务对象都满意 there, with no target at all.  Empty cells are left to
    PC308/PC310/PC410.

    ## 为什么 Why it matters
    A satisfaction rate needs a survey and a number behind it; "都满意" cannot be checked, and in
    practice always scores full marks.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC402: edit={5: dict(target=m(None, text="服务对象都满意"))}
    PC402: edit={5: dict(target=None, actual=m(None, text="服务对象都满意"))}

    ## 配置 Options
    None.
    """
    for row in _indicators(wb):
        if row.group != "满意度指标":
            continue
        ind = row.ind
        t, a = ind.target.value, ind.actual.value
        ctx = {"row": ind.row, "name": label(ind)}
        if not is_empty(ind.target) and not (
                t is not None and t.kind is ValueKind.NUMBER and (t.unit or "").strip() in ("%", "％")):
            yield Hit(ind.target.at, {**ctx, "column": FORM["target"].bilingual(), "value": ind.target.text},
                      expected="≥90%", actual=ind.target.text)
        if a is not None and a.kind is ValueKind.TEXT:
            yield Hit(ind.actual.at, {**ctx, "column": FORM["actual"].bilingual(), "value": ind.actual.text},
                      expected="%", actual=ind.actual.text)


@rule(
    code="PC403", slug="cost-target-form", severity=Severity.WARNING,
    message={
        "zh": "第{row}行成本指标“{name}”的年度指标值应写成“≤ 金额”（如 ≤50万元），实际为“{target}”",
        "en": "Row {row}, cost indicator \"{name}\": the target should read \"≤ amount\" (e.g. ≤50万元); "
              "found \"{target}\"",
    },
    summary={"zh": "成本指标应写成 ≤ X 万元", "en": "Cost targets read ≤ X 万元"},
    family=FAMILY,
)
def cost_target_form(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """成本指标应写成“≤ X 万元”的上限。Cost targets are an upper limit, ≤ X 万元.

    ## 检查内容 What it does
    For every indicator under 成本指标, the 年度指标值 must be a number with ≤ or < (or 不超过, 不高于,
    以内, 控制在…以内).  A target written with ≥/>, with no operator, or as text (所有项目成本均未超预算)
    gives a finding at the target cell.

    ## 为什么 Why it matters
    A cost is a ceiling: scored as a positive indicator (≥), spending more earns more points.
    A text target cannot be compared with the amount spent at all.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC403: edit={3: dict(target=m(">=", 50, "万元"))}
    PC403: edit={3: dict(target=m(None, text="所有项目成本均未超预算"), actual=m(None, text="未超预算"))}

    ## 配置 Options
    None.
    """
    for row in _indicators(wb):
        ind = row.ind
        if row.level2 != "成本指标" or is_empty(ind.target):
            continue
        t = ind.target.value
        if t is not None and t.kind is ValueKind.NUMBER and t.op in (Op.LE, Op.LT):
            continue
        yield Hit(ind.target.at, {"row": ind.row, "name": label(ind), "target": ind.target.text},
                  expected="≤", actual=ind.target.text)


_TO_WAN = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


@rule(
    code="PC404", slug="cost-above-budget", severity=Severity.WARNING,
    message={
        "zh": "第{row}行成本指标“{name}”的上限 {target} 万元应不超过项目全年预算数 {budget} 万元",
        "en": "Row {row}, cost indicator \"{name}\": the ceiling {target} (10k yuan) should not exceed the "
              "project's annual budget {budget}",
    },
    summary={"zh": "成本指标上限不应超过全年预算数", "en": "A cost ceiling is within the annual budget"},
    family=FAMILY,
)
def cost_above_budget(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """成本指标的上限不应超过项目全年预算数。A cost ceiling does not exceed the annual budget.

    ## 检查内容 What it does
    For every 成本指标 whose target is an amount in 万元 (or 元, 亿元, converted), compares it with the
    form's 全年预算数 (年度资金总额 row).  A ceiling above the budget gives a finding at the target cell.
    Unit costs (元/人) and forms without a stated budget are skipped.

    ## 为什么 Why it matters
    A ceiling above the whole budget cannot be missed, so it constrains nothing; usually it was typed
    in 元 instead of 万元, or copied from another project.

    ## 示例 Example
    Okay: budget=100, spent=100
    PC404: budget=100, spent=100, edit={3: dict(target=m("<=", 500, "万元"))}

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        line = form.total
        budget = line.budget.value if line is not None else None
        if budget is None:
            continue
        for row in form_rows(form):
            ind = row.ind
            t = ind.target.value
            if row.level2 != "成本指标" or t is None or t.kind is not ValueKind.NUMBER or t.number is None:
                continue
            factor = _TO_WAN.get((t.unit or "").strip())
            if factor is None:
                continue
            amount = t.number * factor
            if amount > budget:
                yield Hit(ind.target.at,
                          {"row": ind.row, "name": label(ind), "target": amount, "budget": budget},
                          expected=budget, actual=amount)


@rule(
    code="PC405", slug="timeliness-no-date", severity=Severity.WARNING,
    message={
        "zh": "第{row}行时效指标“{name}”的年度指标值应为日期或期限（如 2023年12月31日前、≤30天），实际为“{target}”",
        "en": "Row {row}, timeliness indicator \"{name}\": the target should be a date or period "
              "(e.g. 2023年12月31日前, ≤30天); found \"{target}\"",
    },
    summary={"zh": "时效指标应有日期或期限", "en": "Timeliness targets give a date or period"},
    family=FAMILY,
)
def timeliness_no_date(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """时效指标应写明日期或期限。Timeliness targets give a date or a period.

    ## 检查内容 What it does
    For every indicator under 时效指标, the 年度指标值 must be a date (2023年12月31日前, 12月底前) or a
    number (≤30天, 按时完成率 ≥95%).  Text such as 按时, 在计划时间内 or 及时 gives a finding at the
    target cell.

    ## 为什么 Why it matters
    "按时" names no time, so it can never be missed; a deadline or a period can be checked against the
    actual date.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC405: edit={2: dict(target=m(None, text="按时完成"), actual=m(None, text="按时完成"))}

    ## 配置 Options
    None.
    """
    for row in _indicators(wb):
        ind = row.ind
        if row.level2 != "时效指标" or is_empty(ind.target):
            continue
        t = ind.target.value
        if t is not None and t.kind in (ValueKind.DATE, ValueKind.NUMBER):
            continue
        yield Hit(ind.target.at, {"row": ind.row, "name": label(ind), "target": ind.target.text},
                  expected=None, actual=ind.target.text)


@rule(
    code="PC406", slug="actual-copied-from-target", severity=Severity.WARNING,
    message={
        "zh": "{rows}的全部指标都是满分且实际完成值与年度指标值完全相同：实际完成值应为实测结果，需复核",
        "en": "All indicators ({rows}) have full marks and an actual value identical to the target: the actual "
              "values should be measured results; please review",
    },
    summary={"zh": "实际完成值疑似照抄年度指标值", "en": "Actual values look copied from the targets"},
    family=FAMILY,
)
def actual_copied_from_target(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """每个指标都满分且实际完成值与年度指标值完全相同，疑似照抄。Actual values copied from the targets.

    ## 检查内容 What it does
    On a form with at least two indicators, when every indicator (not-applicable rows aside) has
    得分 = 分值 and an 实际完成值 exactly equal to its 年度指标值 (same number and unit, same date, or
    the same text), one finding for the form at the first indicator's 实际完成值 cell.

    ## 为什么 Why it matters
    Real results rarely hit every target exactly.  An actual column that repeats the target column
    (often with the ≥ copied along) suggests nothing was measured.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC406: indicators=[dict(r, actual=r["target"], score=r["weight"]) for r in good_indicators()]

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        rs = [r.ind for r in applicable_rows(form)]
        if len(rs) < 2:
            continue
        copied = True
        for i in rs:
            t, a, w, s = i.target.value, i.actual.value, i.weight.value, i.score.value
            if t is None or a is None or w is None or s is None or s != w or not same_measure(t, a):
                copied = False
                break
        if copied:
            yield Hit(rs[0].actual.at, {"rows": fmt.rows(i.row for i in rs)}, expected=None, actual=rs[0].actual.text)


@rule(
    code="PC407", slug="all-full-marks", severity=Severity.WARNING,
    message={
        "zh": "全部 {count} 个项目自评得分均为 {score} 分：自评结果普遍满分，需复核",
        "en": "All {count} projects score {score}: uniformly full self-assessment scores need review",
    },
    summary={"zh": "所有项目均为满分，需复核", "en": "Every project at full marks"},
    family=FAMILY,
)
def all_full_marks(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """单位所有项目自评均为满分（自评结果普遍满分，需复核）。Every project of the unit at 100.

    ## 检查内容 What it does
    Takes the stated 总分 of every project form (the 项目汇总 自评得分 column when the workbook holds
    no forms; a list that disagrees with its forms is PC503's).  With at least two projects and every
    one at 100, one finding for the workbook: at the 自评得分 header of 项目汇总, or with no cell when
    there is no list.

    ## 为什么 Why it matters
    The national notice forbids inflated scores (严禁刻意抬高分数).  A unit whose every project is
    perfect, while its own report admits unfinished budgets, has not assessed itself.

    ## 示例 Example
    Okay: total_score=100
    Okay: forms=[dict(sheet="项目1", name="项目甲", total_score=100), dict(sheet="项目2", name="项目乙", total_score=95)]
    PC407: forms=[dict(sheet="项目1", name="项目甲", total_score=100), dict(sheet="项目2", name="项目乙", total_score=100)]

    ## 配置 Options
    None.
    """
    lst = wb.project_list
    at: CellRef | None = lst.header.get("score", lst.anchor) if lst is not None else None
    scores: list[Decimal | None]
    if wb.forms:
        scores = [f.total_score.value if f.total_score is not None else None for f in wb.forms]
    elif lst is not None:
        cells = [r.cells.get("score") for r in lst.rows]
        scores = [c.value if c is not None and isinstance(c.value, Decimal) else None for c in cells]
    else:
        return
    if len(scores) < 2:
        return
    full = Decimal(100)
    if all(s is not None and s >= full for s in scores):
        yield Hit(at, {"count": len(scores), "score": full}, expected="< 100", actual=full)


@rule(
    code="PC408", slug="goal-claims-complete", severity=Severity.WARNING,
    message={
        "zh": "实际完成情况称“{claim}”，但执行率为 {rate}（未达 100%）：应如实说明未完成部分",
        "en": "The actual completion claims \"{claim}\" but the execution rate is {rate} (below 100%): "
              "it should say what was not done",
    },
    summary={"zh": "实际完成情况称全部完成但执行率不足100%", "en": "\"All done\" while execution is below 100%"},
    family=FAMILY,
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def goal_claims_complete(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """实际完成情况称全部完成，但执行率低于 100%。The text says all done while execution is below 100%.

    ## 检查内容 What it does
    When the 年度总体目标 实际完成情况 says everything was done (全部完成, 均已完成, 圆满完成,
    按时完成, 全面完成, 全部拨付 …) while the recomputed 执行率 (全年执行数 ÷ 全年预算数) is below 100%,
    a finding at the 实际完成情况 cell, quoting the claim and the rate.

    ## 为什么 Why it matters
    Unspent budget means something was not done or not paid; the narrative should say what and why,
    not contradict the numbers.

    ## 示例 Example
    Okay: goal_actual="已全部完成年度培训任务"
    Okay: spent=80, rate="0.8", exec_score=8, total_score=98, goal_actual="完成培训52人，部分课程延至次年"
    PC408: spent=80, rate="0.8", exec_score=8, total_score=98, goal_actual="已全部完成年度培训任务"

    ## 配置 Options
    """
    for form in wb.forms:
        act = form.goal_actual
        if act is None or act.empty:
            continue
        claim = complete_claim(act.text)
        if claim is None:
            continue
        rate = execution(form, cfg).rate
        if rate is not None and rate < 1:
            yield Hit(act.at, {"claim": claim, "rate": pct(rate)}, expected=None, actual=rate)


@rule(
    code="PC409", slug="duplicate-indicator-name", severity=Severity.WARNING,
    message={
        "zh": "第{row}行三级指标“{name}”与第{first_row}行重名：同一项目的指标名称应各不相同",
        "en": "Row {row}: indicator \"{name}\" repeats the name of row {first_row}; names within a project "
              "should differ",
    },
    summary={"zh": "同一项目三级指标重名", "en": "Duplicate indicator names in one project"},
    family=FAMILY,
)
def duplicate_indicator_name(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """同一项目内三级指标不应重名。Indicator names within one project are unique.

    ## 检查内容 What it does
    Compares the 三级指标 names of a form after normalising (full-width → half-width, spaces removed).
    Each repeat gives a finding at its name cell, naming the row of the first occurrence.

    ## 为什么 Why it matters
    Two indicators with one name count the same result twice, or one of them was copied and not
    renamed; either way its points are doubtful.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC409: edit={1: dict(name="培训 人数")}

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        first: dict[str, int] = {}
        for row in form_rows(form):
            ind = row.ind
            key = norm_name(ind.name.text)
            if not key:
                continue
            if key in first:
                yield Hit(ind.name.at, {"row": ind.row, "name": label(ind), "first_row": first[key]},
                          expected=None, actual=ind.name.text)
            else:
                first[key] = ind.row


@rule(
    code="PC410", slug="targets-missing", severity=Severity.ERROR,
    message={
        "zh": "本表{rows}的三级指标都没有年度指标值：每个指标都应有目标值，否则实际完成值无从比较",
        "en": "None of the form's indicators ({rows}) has an annual target: each needs one, or its actual value "
              "is measured against nothing",
    },
    summary={"zh": "项目表所有指标均无年度指标值", "en": "No indicator of a form has a target"},
    family=FAMILY,
)
def targets_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """项目表中所有三级指标都没有年度指标值。No indicator of the form has a target.

    ## 检查内容 What it does
    When no indicator row of a form (skeleton rows left blank and not-applicable rows aside) has a
    年度指标值, one finding for the form at the first empty target cell, with the number of rows.

    Flooding policy: in that case PC308 does not report the target column row by row; a form where
    only some targets are missing gets one PC308 per missing target and no PC410.  So every missing
    target is reported exactly once, either per cell or per form (PC310 does the same for the other
    columns).

    ## 为什么 Why it matters
    Without targets no score can be computed and every full mark is unsupported; this is the pattern
    of reports written as prose and squeezed into the form afterwards.

    ## 示例 Example
    Okay: indicators=good_indicators()
    Okay: edit={0: dict(target=None)}
    PC410: indicators=[dict(r, target=None) for r in good_indicators()]

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        if not targets_all_missing(form):
            continue
        rs = applicable_rows(form)
        yield Hit(rs[0].ind.target.at, {"rows": fmt.rows(r.ind.row for r in rs)}, expected="年度指标值", actual=None)
