"""Rules family PC2xx: indicator scores, weights, 总分, 自评等级 and 偏差原因 (docs/scoring.md §1, §3, §4).

The arithmetic lives in :mod:`perfcheck.scoring` (see its docstring for the one-finding-per-defect
policy these rules follow).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from perfcheck import fmt, scoring
from perfcheck.config import Config
from perfcheck.fmt import fmt_value
from perfcheck.memo import per_run
from perfcheck.model import Bilingual, Cell, Hit, Indicator, Measure, ProjectForm, Severity, Workbook
from perfcheck.rules.base import rule
from perfcheck.rules.causes import full_recomputed
from perfcheck.scoring import IndicatorScore

FAMILY = "scores"
ZERO = Decimal(0)
HUNDRED = Decimal(100)


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


class _Scored:
    """One indicator of a project form with its recomputed score, and the facts about it that several
    rules below test (none of them reads the configuration beyond the recomputation itself)."""

    __slots__ = ("ind", "res", "out_of_range", "full_on_missed", "comparable", "reason")

    def __init__(self, ind: Indicator, res: IndicatorScore) -> None:
        self.ind = ind
        self.res = res
        s, w = ind.score.value, ind.weight.value
        # PC201: the stated score is below 0 or above the weight
        self.out_of_range = s is not None and (s < 0 or (w is not None and s > w))
        # PC204: the full weight on a missed target
        self.full_on_missed = res.missed is True and s is not None and w is not None and w > 0 and s == w
        # a stated score to hold against a recomputed one, with no more specific finding (PC201, PC204)
        # standing for the row: what PC202/PC203 compare
        self.comparable = s is not None and res.scored and not self.out_of_range and not self.full_on_missed
        self.reason = scoring.reason_text(ind.reason)   # the typed 偏差原因, or None


@per_run
def _form_scored(form: ProjectForm, cfg: Config) -> list[_Scored]:
    """The form's indicators with their recomputed scores, in row order."""
    return [_Scored(ind, res) for ind, res in zip(form.indicators, scoring.form_scores(form, cfg), strict=True)]


@per_run
def _scored(wb: Workbook, cfg: Config) -> list[_Scored]:
    """Every indicator of every project form with its recomputed score, in the forms' order.

    Built once per run and walked by each indicator-score rule (PC201–PC207, PC213, PC214): the
    recomputation and the tests they share are done once, not once per rule."""
    return [row for form in wb.forms for row in _form_scored(form, cfg)]


def _name(ind: Indicator) -> str:
    return ind.name.value or f"第{ind.row}行"


def _or_empty(v: Decimal | None) -> object:
    """A number for a message, or 未填 / empty (never a placeholder dash)."""
    return Bilingual("未填", "empty") if v is None else v


def _shown(cell: Cell[Measure]) -> str:
    return cell.value.text if cell.value is not None and cell.value.text else (cell.text or "—")


def _formula(ind: Indicator, res: IndicatorScore, cfg: Config) -> str:
    """The recomputation with the numbers filled in, in symbols (the same in both languages)."""
    w = ind.weight.value
    t, a = ind.target.value, ind.actual.value
    if w is None or a is None:
        return "—"
    fw = fmt_value(w)
    if res.basis == "grade":
        return f"{a.text} → {res.expected_text()}"
    if res.basis == "date":
        return f"{a.text} / {t.text if t else '—'} → {res.expected_text()}"
    b = scoring.actual_number(t, a) if t is not None else None
    if t is None or t.number is None or b is None:
        return res.expected_text()
    A, B = fmt_value(t.number), fmt_value(b)
    v = res.expected_text()
    if res.basis == "equal-zero":
        return f"A = 0, B = {B} → {v}"
    if res.basis == "reverse":
        if b <= t.number:
            return f"{B} ≤ {A} → {fw}"
        if cfg.indicators.reverse_formula == "ratio":
            return f"{fw} × {A} ÷ {B} = {v}"
        if b >= 2 * t.number:
            return f"{B} ≥ 2 × {A} → 0"
        return f"{fw} × (1 − ({B} − {A}) ÷ {A}) = {v}"
    if b >= t.number:
        return f"{B} ≥ {A} → {v}"
    return f"{fw} × {B} ÷ {A} = {v}"


def _reason_also(ind: Indicator, res: IndicatorScore, cfg: Config) -> Bilingual:
    """For a score finding that stands for the missing reason too (PC213 is its consequence): say so
    when the reason is still required once the score is right (a missed target, over-achievement)."""
    if scoring.reason_text(ind.reason) is not None:
        return Bilingual("", "")
    over = res.basis == "positive" and res.ratio is not None and res.ratio >= cfg.indicators.over_reason
    if res.missed or over:
        return Bilingual("，并在偏差原因栏说明原因和改进措施", "; also give the reason and the improvement measures")
    return Bilingual("", "")


def _reason_required(ind: Indicator, res: IndicatorScore, cfg: Config) -> bool:
    """docs/scoring.md §4: s < w, a missed target, or over-achievement ≥ over_reason × A."""
    s, w = ind.score.value, ind.weight.value
    if s is not None and w is not None and s < w:
        return True
    if res.missed:
        return True
    return res.basis == "positive" and res.ratio is not None and res.ratio >= cfg.indicators.over_reason


_LEVEL1 = {"产出": "output", "效益": "outcome", "满意度": "satisfaction"}


@functools.lru_cache(maxsize=1024)
def _level1_key(text: str | None) -> str | None:
    if not text:
        return None
    t = unicodedata.normalize("NFKC", text).replace(" ", "").strip()
    t = t.removesuffix("指标")
    return _LEVEL1.get(t)


GRADE_ALIASES = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}


def _grade_of(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).replace(" ", "").strip()
    return GRADE_ALIASES.get(t, t)


# --------------------------------------------------------------------------------------------------
# §3 indicator scores
# --------------------------------------------------------------------------------------------------


@rule(
    code="PC201", slug="score-out-of-range", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "「{name}」得分 {stated} 分超出 0 至分值 {weight} 分的范围",
        "en": "\"{name}\": score {stated} is outside 0 to its weight of {weight} points",
    },
    summary={"zh": "三级指标得分超过分值或为负", "en": "Indicator score above its weight or negative"},
    options=("indicators.reverse_formula", "indicators.missing_operator", "indicators.over_warn"),
)
def score_out_of_range(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """三级指标得分必须在 0 与分值之间。 An indicator's score lies between 0 and its weight.

    ## 检查内容 What it does
    三级指标的得分大于其分值，或小于 0 时报告，指向得分单元格。这一行不再报告 PC202–PC204。
    Reported when an indicator's 得分 exceeds its 分值 or is negative; points at the score.  The same
    row is then not reported by PC202–PC204.

    ## 为什么 Why it matters
    得分超过分值会让总分超过 100，是明显的填报错误。
    A score above the weight pushes the total past 100.

    ## 示例 Example
    Okay: edit={0: dict(score=20)}
    PC201: edit={0: dict(score=25)}
    PC201: edit={0: dict(score=-1)}

    ## 配置 Options
    """
    for row in _scored(wb, cfg):
        if row.out_of_range:
            ind = row.ind
            s, w = ind.score.value, ind.weight.value
            yield Hit(at=ind.score.at, expected=f"0–{fmt_value(w) if w is not None else '—'}",
                      actual=s, ctx={"name": _name(ind), "stated": s, "weight": _or_empty(w)})


def _mismatch(wb: Workbook, cfg: Config, *, firm: bool) -> Iterator[Hit]:
    for row in _scored(wb, cfg):
        if not row.comparable or row.res.firm is not firm:
            continue
        ind, res = row.ind, row.res
        s = ind.score.value
        if s is None or res.accepts(s, cfg):
            continue
        assert res.low is not None and res.high is not None
        nearest = res.low if s < res.low else res.high
        yield Hit(at=ind.score.at,
                  expected=scoring.points(res.exact) if res.exact is not None else res.expected_text(), actual=s,
                  ctx={"name": _name(ind), "stated": s, "expected": res.expected_text(),
                       "diff": fmt.diff_score(s, scoring.points(nearest)), "formula": _formula(ind, res, cfg),
                       "also": _reason_also(ind, res, cfg) if firm else Bilingual("", "")})


@rule(
    code="PC202", slug="indicator-score-mismatch", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "「{name}」得分填写为 {stated} 分，按年度指标值和实际完成值应为 {expected} 分（{formula}；{diff}）{also}",
        "en": "\"{name}\": score is {stated} but its target and actual give {expected} ({formula}; {diff}){also}",
    },
    summary={"zh": "三级指标得分与指标值、完成值算出的不符", "en": "Indicator score does not follow from target and actual"},
    options=("tolerances.score", "indicators.reverse_formula", "indicators.missing_operator",
             "indicators.over_warn", "indicators.over_reason"),
)
def indicator_score_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """三级指标得分应按年度指标值（A）和实际完成值（B）计算。 An indicator's score follows from A and B.

    ## 检查内容 What it does
    按 docs/scoring.md §3 重算得分，与填写值相差超过分数容差（默认 0.1 分）时报告，指向得分单元格：
    - 正向（≥、>、不少于、不低于、达到）和等于（=，A > 0）：B ≥ A 得满分，否则 分值 × B/A；
    - 等于且 A = 0：B ≤ 0 得满分，否则 0；
    - 反向（≤、<、不超过、以内）完成（B ≤ A）得满分（未完成的计算公式因省而异，见 PC203）；
    - 日期：实际日期不晚于期限得满分；
    - 定性等级：达成年度指标 [0.8w, w]，部分达成年度指标并具有一定效果 [0.6w, 0.8w)，未达成年度指标且效果较差 [0, 0.6w)；
    - 年度指标值未写运算符（如 100%）按 indicators.missing_operator 处理（默认"等于"）。
    取整到整数分不算一致：8.62 分填成 9 分是错误。B ≥ 1.2A 的正向指标允许按偏差扣分，不报告。
    Recomputes the score as in docs/scoring.md §3 (positive/equal: B ≥ A → w, else w × B/A; equal with A = 0:
    B ≤ 0 → w, else 0; a met reverse or date target → w; qualitative grades → their ranges; a target
    without an operator per indicators.missing_operator) and reports a difference larger than the
    score tolerance.  Rounding to whole points is not agreement (9 for 8.62 is wrong).  On a
    positive indicator with B ≥ 1.2 A any score up to w is accepted (the national rule allows a cut).

    ## 为什么 Why it matters
    得分是自评的核心；与自己填写的指标值、完成值对不上的得分没有依据。
    The score is the point of the form; a score its own numbers deny is unfounded.

    ## 示例 Example
    Okay: edit={1: dict(actual=m(None, "81.9", "%"), score="8.62", reason="培训组织不到位，下一步将加强考核")}
    PC202: edit={1: dict(actual=m(None, "81.9", "%"), score=9, reason="培训组织不到位，下一步将加强考核")}
    Okay: edit={1: dict(target=m(None, 80, "%"), actual=m(None, "81.9", "%"))}
    PC202: edit={0: dict(actual=m(None, 52, "人"), score=15)}
    PC202: edit={5: dict(actual=m(None, grade="达成年度指标"), score=5)}

    ## 配置 Options
    """
    yield from _mismatch(wb, cfg, firm=True)


@rule(
    code="PC203", slug="indicator-score-formula-differs", severity=Severity.WARNING, family=FAMILY,
    message={
        "zh": "「{name}」得分填写为 {stated} 分，按配置的公式应为 {expected} 分（{formula}；{diff}），"
              "请确认本地的计分办法",
        "en": "\"{name}\": score is {stated}; the configured formula gives {expected} ({formula}; {diff}) "
              "— check the local scoring method",
    },
    summary={"zh": "得分与按配置公式算出的不符（公式因省而异）", "en": "Score differs where the provincial formula may differ"},
    options=("tolerances.score", "indicators.reverse_formula", "indicators.missing_operator",
             "indicators.over_warn"),
)
def indicator_score_formula_differs(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """公式因省而异时，得分与按配置公式算出的不符。 A score that differs where provinces use different formulas.

    ## 检查内容 What it does
    反向指标（≤、不超过、以内）未完成时（B > A），得分按 indicators.reverse_formula 计算：默认
    "linear" 分值 × (1 − (B − A)/A)，B ≥ 2A 为 0；"ratio" 为 分值 × A/B。与填写值相差超过分数容差时报告
    （警告，因为各省计分办法不同），指向得分单元格。
    A missed reverse target (B > A) is scored by indicators.reverse_formula: "linear"
    w × (1 − (B − A)/A), 0 from B ≥ 2A; or "ratio" w × A/B.  A difference beyond the score tolerance is
    a warning (provinces differ); points at the score.

    ## 为什么 Why it matters
    超出成本控制数仍得高分值得复核；但扣分办法没有全国统一公式，所以只提示。
    A cost overrun that keeps a high score deserves a look, but there is no national formula.

    ## 示例 Example
    Okay: edit={3: dict(actual=m(None, 60, "万元"), score=8, reason="材料涨价导致超支，下一步将加强成本控制")}
    PC203: edit={3: dict(actual=m(None, 60, "万元"), score=9, reason="材料涨价导致超支，下一步将加强成本控制")}

    ## 配置 Options
    """
    yield from _mismatch(wb, cfg, firm=False)


@rule(
    code="PC204", slug="full-score-target-missed", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "「{name}」实际完成值 {actual} 未达到年度指标值 {target}，得分却为满分 {stated} 分；应为 {expected} 分{also}",
        "en": "\"{name}\": actual {actual} misses the target {target}, yet the score is the full {stated} points; "
              "it should be {expected}{also}",
    },
    summary={"zh": "未完成指标却得满分", "en": "Full score on a missed target"},
    options=("indicators.reverse_formula", "indicators.missing_operator", "indicators.over_warn"),
)
def full_score_target_missed(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """未完成年度指标的三级指标不能得满分。 A missed target cannot earn full marks.

    ## 检查内容 What it does
    目标未完成（正向 B < A，反向 B > A，等于且 A = 0 时 B > 0，日期晚于期限，定性等级不是"达成年度指标"）
    而得分等于分值时报告，不论容差多大，指向得分单元格。
    Reported when the target is missed (positive B < A, reverse B > A, a late date, a grade other
    than 达成年度指标) and the score equals the weight, whatever the tolerance; points at the score.

    ## 为什么 Why it matters
    表格自己的数字否定了它声称的结果；这是自评"普遍满分"的主要来源。
    The form claims a result its own numbers deny.

    ## 示例 Example
    Okay: edit={0: dict(actual=m(None, 45, "人"), score=18, reason="受疫情影响部分培训取消，下一步将增加场次")}
    PC204: edit={0: dict(actual=m(None, 45, "人"), score=20, reason="受疫情影响部分培训取消，下一步将增加场次")}
    PC204: edit={2: dict(actual=m(None, date=dt.date(2024, 1, 15), text="2024年1月15日"))}
    PC204: edit={5: dict(actual=m(None, grade="部分达成年度指标并具有一定效果"))}

    ## 配置 Options
    不受得分容差影响 / not subject to the score tolerance。
    """
    for row in _scored(wb, cfg):
        if row.out_of_range or not row.full_on_missed:
            continue
        ind, res = row.ind, row.res
        expected: object = scoring.points(res.exact) if res.exact is not None else f"< {fmt_value(ind.weight.value)}"
        yield Hit(at=ind.score.at, expected=expected, actual=ind.score.value,
                  ctx={"name": _name(ind), "actual": _shown(ind.actual), "target": _shown(ind.target),
                       "stated": ind.score.value,
                       "expected": res.expected_text() if res.scored else f"< {fmt_value(ind.weight.value)}",
                       "also": Bilingual("，并在偏差原因栏说明未完成的原因和改进措施", "; also give the reason and the "
                                         "improvement measures") if row.reason is None
                       else Bilingual("", "")})


@rule(
    code="PC205", slug="over-achievement", severity=Severity.WARNING, family=FAMILY,
    message={
        "zh": "「{name}」实际完成值 {actual} 达到年度指标值 {target} 的 {ratio}（≥ {threshold}），年度指标值可能定得偏低",
        "en": "\"{name}\": actual {actual} is {ratio} of the target {target} (≥ {threshold}); the target may have "
              "been set too low",
    },
    summary={"zh": "实际完成值远超指标值（指标可能定得偏低）", "en": "Target far exceeded: it may be set too low"},
    options=("indicators.reverse_formula", "indicators.missing_operator", "indicators.over_warn"),
)
def over_achievement(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """正向指标实际完成值 ≥ 1.2 倍指标值：指标可能定得偏低。 B ≥ 1.2 A: the target may be too low.

    ## 检查内容 What it does
    正向指标（≥、不少于……）的实际完成值达到年度指标值的 indicators.over_warn 倍（默认 1.2）及以上时提示，
    指向年度指标值单元格。达到 over_reason 倍（默认 1.3）还必须填写偏差原因（PC213）。
    A positive indicator whose actual reaches over_warn × A (1.2) is reported at its target cell; at
    over_reason × A (1.3) a reason is also required (PC213).

    ## 为什么 Why it matters
    财预〔2020〕10号要求按偏差扣分，并说明原因；大幅超额完成往往说明目标设置保守（广西等地要求说明原因）。
    The national rule asks for a cut by the deviation; a large overshoot usually means a timid target.

    ## 示例 Example
    Okay: edit={0: dict(actual=m(None, 55, "人"))}
    PC205: edit={0: dict(actual=m(None, 65, "人"), reason="报名踊跃，实际培训人数超过计划，下一步将合理设定目标")}

    ## 配置 Options
    """
    for row in _scored(wb, cfg):
        ind, res = row.ind, row.res
        if res.basis != "positive" or res.ratio is None or res.ratio < cfg.indicators.over_warn:
            continue
        yield Hit(at=ind.target.at, expected=f"< {scoring.pct(cfg.indicators.over_warn, 0)}",
                  actual=res.ratio,
                  ctx={"name": _name(ind), "actual": _shown(ind.actual), "target": _shown(ind.target),
                       "ratio": scoring.pct(res.ratio, 0), "threshold": scoring.pct(cfg.indicators.over_warn, 0)})


@rule(
    code="PC206", slug="unit-mismatch", severity=Severity.WARNING, family=FAMILY,
    message={
        "zh": "「{name}」年度指标值 {target} 与实际完成值 {actual} 的计量单位不同（{target_unit} 与 {actual_unit}），无法计算得分",
        "en": "\"{name}\": target {target} and actual {actual} use different units ({target_unit} vs {actual_unit}); "
              "the score cannot be computed",
    },
    summary={"zh": "指标值与完成值计量单位不一致", "en": "Target and actual in different units"},
    options=("indicators.reverse_formula", "indicators.missing_operator", "indicators.over_warn"),
)
def unit_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """年度指标值与实际完成值应使用同一计量单位。 Target and actual use the same unit.

    ## 检查内容 What it does
    两者都写了单位且不同（个 与 户，% 与 万元），或一个是数字、一个是日期时报告，指向实际完成值；
    这一行不计算得分。一方未写单位时视为相同。
    Reported when both carry a unit and they differ (个 vs 户, % vs 万元), or one is a number and the
    other a date; points at the actual value.  No score is computed.  A value without a unit is
    taken to be in the other's unit.

    ## 为什么 Why it matters
    单位不同的两个数不能比较，得分也就无从核对。
    Numbers in different units cannot be compared, so the score cannot be checked.

    ## 示例 Example
    Okay: edit={0: dict(actual=m(None, 52, None))}
    PC206: edit={0: dict(actual=m(None, 52, "户"))}
    PC206: edit={4: dict(actual=m(None, 85, "万元"))}

    ## 配置 Options
    """
    for row in _scored(wb, cfg):
        ind, res = row.ind, row.res
        if res.status != scoring.Status.UNIT_MISMATCH:
            continue
        yield Hit(at=ind.actual.at, expected=res.target_unit, actual=res.actual_unit,
                  ctx={"name": _name(ind), "target": _shown(ind.target), "actual": _shown(ind.actual),
                       "target_unit": res.target_unit or "—", "actual_unit": res.actual_unit or "—"})


@rule(
    code="PC207", slug="actual-not-scorable", severity=Severity.WARNING, family=FAMILY,
    consequence_of=("PC402",),
    message={
        "zh": "「{name}」实际完成值\"{actual}\"既不是数值（带单位）或日期，也不是三个定性等级之一，无法据以评分",
        "en": "\"{name}\": actual value \"{actual}\" is neither a number (with its unit) or date nor one of the "
              "three grades; it cannot be scored",
    },
    summary={"zh": "实际完成值无法评分", "en": "Actual value cannot be scored"},
    options=("indicators.reverse_formula", "indicators.missing_operator", "indicators.over_warn"),
)
def actual_not_scorable(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """实际完成值应是数值（带单位）、日期，或三个定性等级之一。 The actual must be scorable.

    ## 检查内容 What it does
    实际完成值是一段文字（如"按要求支付各项支出""服务对象都满意"），或照抄了年度指标值连同运算符（"≥50个"）时
    报告，指向实际完成值单元格。三个定性等级：达成年度指标 / 部分达成年度指标并具有一定效果 /
    未达成年度指标且效果较差。
    Reported when the actual is free text (按要求支付各项支出, 服务对象都满意) or the target copied with
    its operator (≥50个); points at the actual.  The three grades are accepted.

    ## 为什么 Why it matters
    这样的完成值无法和指标值比较，得分就没有依据。
    Such an actual cannot be compared with the target, so the score has no basis.

    ## 示例 Example
    Okay: edit={5: dict(actual=m(None, grade="达成年度指标"), score=10)}
    PC207: edit={0: dict(actual=m(None, text="按要求支付各项支出"))}
    PC207: edit={0: dict(actual=m(">=", 50, "人"))}

    ## 配置 Options
    """
    for row in _scored(wb, cfg):
        ind, res = row.ind, row.res
        if res.status != scoring.Status.NOT_SCORABLE:
            continue
        yield Hit(at=ind.actual.at, expected="数值/日期/定性等级", actual=_shown(ind.actual),
                  ctx={"name": _name(ind), "actual": _shown(ind.actual)})


# --------------------------------------------------------------------------------------------------
# §1 weights, 总分, 自评等级
# --------------------------------------------------------------------------------------------------


@rule(
    code="PC208", slug="level1-weight-split", severity=Severity.WARNING, family=FAMILY,
    message={
        "zh": "{level1}的分值合计为 {stated} 分，原则上应为 {expected} 分",
        "en": "{level1} weights add up to {stated} points; in principle they should be {expected}",
    },
    summary={"zh": "一级指标分值不是 50/30/10 的原则分配", "en": "Level-1 weights differ from the 50/30/10 split"},
    options=("weights.output", "weights.outcome", "weights.satisfaction", "weights.free_split"),
)
def level1_weight_split(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """一级指标分值原则上为 产出 50、效益 30、满意度 10。 Level-1 weights: 50 / 30 / 10 in principle.

    ## 检查内容 What it does
    按一级指标（产出指标、效益指标、满意度指标）汇总三级指标分值，与 weights.output / outcome /
    satisfaction（默认 50/30/10）比较，不同时警告，指向该一级指标第一行的一级指标单元格。缺少某个一级指标
    由结构规则（PC3xx）报告。weights.free_split = true（如四川允许自行分配 90 分）时不检查，
    分值总和仍由 PC209 检查。
    Sums the 三级 weights per 一级 and compares them with weights.output / outcome / satisfaction
    (50/30/10); a difference is a warning at the group's first 一级 cell.  A missing group is a
    structure finding (PC3xx).  Not checked when weights.free_split is true (PC209 still checks 100).

    ## 为什么 Why it matters
    财预〔2020〕10号："原则上"产出 50、效益 30、满意度 10；偏离的分配应有理由。
    The national rule sets this split "in principle"; a different split needs a reason.

    ## 示例 Example
    Okay: edit={0: dict(weight=20, score=20)}
    PC208: edit={0: dict(weight=15, score=15), 4: dict(weight=35, score=35)}

    ## 配置 Options
    """
    if cfg.weights.free_split:
        return
    expected = {"output": cfg.weights.output, "outcome": cfg.weights.outcome,
                "satisfaction": cfg.weights.satisfaction}
    for form in wb.forms:
        sums: dict[str, Decimal] = {}
        first: dict[str, Indicator] = {}
        for ind in form.indicators:
            key = _level1_key(ind.level1.value)
            if key is None or ind.weight.value is None:
                continue
            sums[key] = sums.get(key, ZERO) + ind.weight.value
            first.setdefault(key, ind)
        for key, total in sums.items():
            if total != expected[key]:
                ind = first[key]
                yield Hit(at=ind.level1.at, expected=expected[key], actual=total,
                          ctx={"level1": ind.level1.value or key, "stated": total, "expected": expected[key]})


def _weights_sum(form: ProjectForm, cfg: Config) -> Decimal | None:
    ws = [i.weight.value for i in form.indicators if i.weight.value is not None]
    if not ws:
        return None
    funds = scoring.execution(form, cfg)
    return funds.weight + sum(ws, Decimal(0))


@rule(
    code="PC209", slug="weights-sum-not-100", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "分值合计应为 100 分：预算执行率与各三级指标分值之和为 {sum} 分，总分行的分值为 {stated}",
        "en": "Weights must add up to 100: the execution rate and the indicators give {sum}, the 总分 row "
              "states {stated}",
    },
    summary={"zh": "分值合计不是100", "en": "Weights do not add up to 100"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def weights_sum_not_100(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """预算执行率分值与全部三级指标分值之和为 100。 All weights add up to 100.

    ## 检查内容 What it does
    计算 预算执行率分值（未填时取 weights.execution）+ Σ 三级指标分值，不等于 100，或总分行填写的分值
    不是 100 时报告，指向总分行的分值单元格。
    Adds the execution-rate weight (weights.execution when empty) and every indicator weight;
    reported when the sum is not 100, or the 总分 row's weight is not 100.  Points at that cell.

    ## 为什么 Why it matters
    财预〔2020〕10号规定满分 100；分值不足或超出时，得分和等级都失去可比性。
    The national scale is 100 points; otherwise scores and grades are not comparable.

    ## 示例 Example
    Okay: edit={0: dict(weight=20, score=20)}
    PC209: edit={0: dict(weight=25, score=25)}
    PC209: total_weight=90

    ## 配置 Options
    weights.execution 仅当表中未填预算执行率分值时使用 / used when the form leaves it empty。
    """
    for form in wb.forms:
        total = _weights_sum(form, cfg)
        if total is None:
            continue
        tw = form.total_weight
        stated = tw.value if tw is not None else None
        if total == HUNDRED and (stated is None or stated == HUNDRED):
            continue
        at = tw.at if tw is not None else form.anchor
        yield Hit(at=at, expected=HUNDRED, actual=total if total != HUNDRED else stated,
                  ctx={"sum": total, "stated": _or_empty(stated)})


@rule(
    code="PC210", slug="total-score-mismatch", severity=Severity.ERROR, family=FAMILY,
    consequence_of=("PC216", "PC217"),
    message={
        "zh": "总分填写为 {stated} 分，预算执行率得分 {execution} 分加各三级指标得分 {indicators} 分应为 {expected} 分"
              "（{diff}）{full}",
        "en": "总分 (total) is {stated} but the execution score {execution} plus the indicator scores {indicators} "
              "make {expected} ({diff}){full}",
    },
    summary={"zh": "总分不等于各项得分之和", "en": "Total differs from the sum of the scores"},
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "tolerances.score",
             "execution.formula", "execution.decimals", "execution.bands", "indicators.reverse_formula",
             "indicators.missing_operator", "indicators.over_warn"),
)
def total_score_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """总分 = 预算执行率得分 + Σ 三级指标得分。 The total is the sum of the scores.

    ## 检查内容 What it does
    用表中填写的预算执行率得分和各三级指标得分相加（未填的部分用重算值），与总分比较，相差超过分数容差时
    报告，指向总分单元格。某个得分本身算错时由 PC104/PC202 报告，总分按填写的得分核对，不重复报告
    （见 perfcheck/scoring.py 的"一处错误只报告一次"）。
    Adds the stated execution score and the stated indicator scores (a missing one replaced by its
    recomputed value) and compares with 总分; reported beyond the score tolerance, at the 总分 cell.
    A wrong part is reported at that part (PC104, PC202), not again here.

    ## 为什么 Why it matters
    总分决定自评等级，并进入项目汇总表。
    The total sets the grade and goes into the project list.

    ## 示例 Example
    Okay: total_score=100
    PC210: total_score=95
    PC210: edit={0: dict(actual=m(None, 45, "人"), score=18, reason="受疫情影响部分培训取消，下一步将增加场次")}

    ## 配置 Options
    """
    for form in wb.forms:
        stated = form.total_score
        if stated is None or stated.value is None:
            continue
        parts = scoring.total_parts(form, cfg).parts
        if parts is None or scoring.agrees(stated, parts, "score", cfg):
            continue
        total = form.total
        funds = scoring.execution(form, cfg)
        ex = total.score.value if total is not None and total.score is not None else None
        execution = ex if ex is not None else funds.score
        assert execution is not None
        yield Hit(at=stated.at, expected=parts, actual=stated.value,
                  ctx={"stated": stated.value, "execution": execution, "indicators": parts - execution,
                       "expected": parts, "diff": fmt.diff_score(stated.value, parts),
                       "full": full_recomputed(form, parts, cfg)})


@rule(
    code="PC211", slug="grade-mismatch", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "自评等级填写为\"{stated}\"，总分 {score} 分对应的等级为\"{expected}\"",
        "en": "Grade is \"{stated}\" but a total of {score} gives \"{expected}\"",
    },
    summary={"zh": "自评等级与总分不符", "en": "Grade does not match the total"},
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "tolerances.score",
             "execution.formula", "execution.decimals", "execution.bands", "indicators.reverse_formula",
             "indicators.missing_operator", "indicators.over_warn"),
)
def grade_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """自评等级按总分确定：优 ≥ 90，良 80–90，中 60–80，差 < 60。 The grade follows from the total.

    ## 检查内容 What it does
    以总分确定等级（总分与各项得分之和一致时用填写的总分，否则用各项得分之和），与填写的自评等级比较，
    不同（或不是 优/良/中/差）时报告，指向自评等级单元格。"优秀""良好""中等""较差"视同 优/良/中/差。
    Grades the total (the stated 总分 when it agrees with its parts, else the sum of the parts) and
    compares with the stated grade; reported when they differ or the grade is not 优/良/中/差.
    优秀/良好/中等/较差 are accepted as 优/良/中/差.  Points at the grade cell.

    ## 为什么 Why it matters
    等级是自评结果的结论，财政部门据此汇总和通报（财预〔2020〕10号）。
    The grade is the conclusion that gets reported upwards.

    ## 示例 Example
    Okay: grade="优"
    Okay: grade="优秀"
    PC211: grade="良"
    PC211: edit={4: dict(actual=m(None, 40, "%"), score=15, reason="就业形势下行，下一步将加强就业指导")}, total_score=85, grade="优"

    ## 配置 Options
    """
    for form in wb.forms:
        g = form.grade
        if g is None or g.value is None:
            continue
        basis = scoring.grade_basis(form, cfg)
        if basis is None:
            continue
        expected = cfg.grade_for(basis)
        if _grade_of(g.value) == expected:
            continue
        yield Hit(at=g.at, expected=expected, actual=g.value,
                  ctx={"stated": g.value, "score": basis, "expected": expected})


@rule(
    code="PC212", slug="total-full-underspent", severity=Severity.ERROR, family=FAMILY,
    consequence_of=("PC216", "PC217"),
    message={
        "zh": "执行率为 {rate}（未达 100%），总分却为 {stated} 分（满分）",
        "en": "Execution rate is {rate} (below 100%) yet the total is the full {stated} points",
    },
    summary={"zh": "执行率不足100%却总分满分", "en": "Full total with the budget not fully spent"},
    options=("weights.execution", "tolerances.score", "execution.formula", "execution.decimals",
             "execution.bands", "indicators.over_warn"),
)
def total_full_underspent(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """执行率不足 100% 时总分不能是 100 分。 No total of 100 below a 100 % execution rate.

    ## 检查内容 What it does
    重算的执行率低于 100% 而总分为 100 分时报告，指向总分单元格。若原因已由 PC105（预算执行率得分满分）
    或 PC210（总分不等于各项之和）报告，则不重复；常见的是执行率 99.5%、得分 9.95、总分在容差内写成 100。
    Reported when the recomputed rate is below 100% and 总分 is 100; points at the total.  Not
    repeated when PC105 or PC210 already explains it — typically 99.5% gives 9.95, rounded to 100.

    ## 为什么 Why it matters
    预算没有执行完的项目不可能得满分；满分会进入项目汇总和通报。
    A project that did not spend its budget cannot score 100.

    ## 示例 Example
    Okay: budget=200, spent=199, rate="0.995", exec_score="9.95", total_score="99.95"
    PC212: budget=200, spent=199, rate="0.995", exec_score="9.95", total_score=100

    ## 配置 Options
    """
    for form in wb.forms:
        stated = form.total_score
        total = form.total
        if stated is None or stated.value is None or stated.value < HUNDRED or total is None:
            continue
        funds = scoring.execution(form, cfg)
        if funds.rate is None or funds.rate >= 1:
            continue
        ex = total.score.value if total.score is not None else None
        if ex is not None and funds.weight > 0 and ex == funds.weight:
            continue  # PC105
        parts = scoring.total_parts(form, cfg).parts
        if parts is not None and not scoring.agrees(stated, parts, "score", cfg):
            continue  # PC210
        yield Hit(at=stated.at, expected=f"< {fmt_value(HUNDRED)}", actual=stated.value,
                  ctx={"rate": scoring.pct(funds.rate), "stated": stated.value})


@rule(
    code="PC215", slug="total-or-grade-missing", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "{item}未填写",
        "en": "{item} is empty",
    },
    summary={"zh": "总分或自评等级未填写", "en": "Total or grade missing"},
)
def total_or_grade_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """总分和自评等级必须填写。 The total and the grade must be filled in.

    ## 检查内容 What it does
    总分行的得分或自评等级单元格为空时报告，指向该空单元格（找不到这两行由读取规则报告）。
    Reported when the 总分 score cell or the 自评等级 cell is empty; points at it (a missing row is a
    reading finding).

    ## 为什么 Why it matters
    没有总分和等级，自评就没有结论，项目汇总也无法填写。
    Without them the assessment has no result.

    ## 示例 Example
    Okay: total_score=100, grade="优"
    PC215: grade=None
    PC215: total_score=None

    ## 配置 Options
    无 None。
    """
    for form in wb.forms:
        for item, cell in (("总分", form.total_score), ("自评等级", form.grade)):
            if cell is not None and cell.empty:
                yield Hit(at=cell.at, expected=item, actual=None, ctx={"item": item})


# --------------------------------------------------------------------------------------------------
# §4 偏差原因
# --------------------------------------------------------------------------------------------------


@rule(
    code="PC213", slug="reason-missing", severity=Severity.ERROR, family=FAMILY,
    consequence_of=("PC202", "PC204"),
    message={
        "zh": "「{name}」得分 {stated}/{weight} 分，年度指标值 {target}、实际完成值 {actual}：应填写偏差原因分析及改进措施（未填写）",
        "en": "\"{name}\": score {stated}/{weight}, target {target}, actual {actual}: a reason for the deviation and "
              "the improvement measures are required (none given)",
    },
    summary={"zh": "扣分、未完成或大幅超额却未填偏差原因", "en": "Deviation without a reason"},
    options=("indicators.reverse_formula", "indicators.missing_operator", "indicators.over_warn",
             "indicators.over_reason"),
)
def reason_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """扣分、未完成或大幅超额完成的指标必须填写偏差原因分析及改进措施。 A deviation needs a reason.

    ## 检查内容 What it does
    三级指标得分低于分值、目标未完成（正向 B < A，反向 B > A，日期晚于期限，等级不是"达成年度指标"），或
    正向指标 B ≥ indicators.over_reason × A（默认 1.3）时，偏差原因单元格为空则报告，指向该空单元格。
    docs/scoring.md §4 称其为"必须"（财预〔2020〕10号要求对未完成的指标说明原因），故为错误；
    可在配置中降为警告。执行率偏低的原因见 PC109，原因流于形式见 PC214。
    Reported at the empty reason cell when the score is below the weight, the target was missed, or
    B ≥ over_reason × A on a positive indicator.  docs/scoring.md §4 says "required", so this is an error
    (configurable).  The funds row is PC109; a boilerplate reason is PC214.

    ## 为什么 Why it matters
    没有原因和改进措施，扣分和未完成都无法复核，也不能指导下一年。
    Without a reason a deviation cannot be reviewed or learned from.

    ## 示例 Example
    Okay: edit={0: dict(actual=m(None, 45, "人"), score=18, reason="受疫情影响部分培训取消，下一步将增加场次")}
    PC213: edit={0: dict(actual=m(None, 45, "人"), score=18)}
    PC213: edit={0: dict(actual=m(None, 70, "人"))}

    ## 配置 Options
    severity 可改 / severity may be overridden (PC213 = "warning")。
    """
    for row in _scored(wb, cfg):
        ind = row.ind
        if row.reason is not None or not _reason_required(ind, row.res, cfg):
            continue
        yield Hit(at=ind.reason.at, expected="偏差原因分析及改进措施", actual=None,
                  ctx={"name": _name(ind), "stated": _or_empty(ind.score.value), "weight": _or_empty(ind.weight.value),
                       "target": _shown(ind.target), "actual": _shown(ind.actual)})


@rule(
    code="PC214", slug="reason-boilerplate", severity=Severity.WARNING, family=FAMILY,
    message={
        "zh": "「{name}」的偏差原因\"{reason}\"流于形式：应说明原因和改进措施（不少于 {min_chars} 字）",
        "en": "\"{name}\": the reason \"{reason}\" says nothing; give the cause and the measure taken "
              "(at least {min_chars} characters)",
    },
    summary={"zh": "偏差原因流于形式", "en": "Boilerplate reason"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands",
             "execution.reason_below", "indicators.reverse_formula", "indicators.missing_operator",
             "indicators.over_warn", "indicators.reason_min_chars"),
)
def reason_boilerplate(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """需要说明偏差原因时，原因不能只是"无""正常""已完成"之类。 A required reason must say something.

    ## 检查内容 What it does
    在需要偏差原因的地方（PC213 的条件，以及执行率低于 execution.reason_below 的资金行），填写的原因是
    无、无偏差、暂无、/、—、已完成、正常 之一，或短于 indicators.reason_min_chars（默认 10）个字时警告，
    指向原因单元格。好的原因写明原因和措施（改进、下一步、将、加强……）。
    Where a reason is required (PC213's conditions, and the funds row below execution.reason_below),
    a reason that is one of 无, 无偏差, 暂无, /, —, 已完成, 正常, or shorter than
    indicators.reason_min_chars (10), is a warning at the reason cell.

    ## 为什么 Why it matters
    套话式的原因等于没有填写，复核人员仍然不知道为什么、下一步怎么办。
    A stock phrase is as good as nothing to a reviewer.

    ## 示例 Example
    Okay: edit={0: dict(actual=m(None, 45, "人"), score=18, reason="受疫情影响部分培训取消，下一步将增加场次")}
    PC214: edit={0: dict(actual=m(None, 45, "人"), score=18, reason="无偏差")}
    PC214: budget=100, spent=80, rate="0.8", exec_score=8, total_score=98, exec_reason="正常"

    ## 配置 Options
    """
    for form in wb.forms:
        total = form.total
        if total is not None:
            funds = scoring.execution(form, cfg)
            text = scoring.reason_text(total.reason)
            if (funds.rate is not None and funds.rate < cfg.execution.reason_below and text is not None
                    and total.reason is not None and scoring.is_boilerplate(text, cfg)):
                yield Hit(at=total.reason.at, expected=f"≥ {cfg.indicators.reason_min_chars}",
                          actual=text, ctx={"name": "预算执行率", "reason": text,
                                            "min_chars": cfg.indicators.reason_min_chars})
        for row in _form_scored(form, cfg):
            ind, text = row.ind, row.reason
            if text is None or not _reason_required(ind, row.res, cfg) or not scoring.is_boilerplate(text, cfg):
                continue
            yield Hit(at=ind.reason.at, expected=f"≥ {cfg.indicators.reason_min_chars}", actual=text,
                      ctx={"name": _name(ind), "reason": text, "min_chars": cfg.indicators.reason_min_chars})


@rule(
    code="PC218", slug="header-score-mismatch", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "表头填写的自评得分为 {stated}，预算执行率得分与各三级指标得分之和为 {expected}（{diff}）",
        "en": "The score stated in the header is {stated}; the execution score and the indicator scores add up "
              "to {expected} ({diff})",
    },
    summary={"zh": "表头的自评得分与各项得分之和不符", "en": "The header's score differs from the sum of the scores"},
    options=("weights.execution", "tolerances.score", "execution.formula", "execution.decimals",
             "execution.bands", "indicators.over_warn"),
)
def header_score_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """表头也填了自评得分（或总分）时，它同样应等于各项得分之和。 A header score is checked too.

    ## 检查内容 What it does
    有些表在表头（项目名称一带）另写"自评得分"或"总分"（forms.md §5）。它与总分行一样核对：应等于预算执行率得分
    加各三级指标得分（与 PC210 的算法相同），相差超过分数容差时在表头的得分单元格报告。
    Some forms state 自评得分 (or 总分) in the header block as well.  It is checked like the 总分 row:
    it must equal the execution score plus the indicator scores (as PC210 computes them); a
    difference beyond the score tolerance is reported at the header cell.

    ## 为什么 Why it matters
    表头的得分是最常被引用的数字，与表内的得分不一致会让汇总和通报出错。
    The header figure is the one people quote; it must agree with the form.

    ## 示例 Example
    Okay: total_score=100, header_score=100
    PC218: total_score=100, header_score=95

    ## 配置 Options
    """
    for form in wb.forms:
        hs = form.header_score
        if hs is None or hs.value is None:
            continue
        parts = scoring.total_parts(form, cfg).parts
        if parts is None or scoring.agrees(hs, parts, "score", cfg):
            continue
        yield Hit(at=hs.at, expected=parts, actual=hs.value,
                  ctx={"stated": fmt.score_unit(hs.value), "expected": fmt.score_unit(parts),
                       "diff": fmt.diff_score(hs.value, parts)})
