"""Rules family PC1xx: the funds block — 年度资金总额, 执行率 and 预算执行率得分 (docs/scoring.md §2).

The arithmetic lives in :mod:`perfcheck.scoring`; each rule here decides what to report and where.
Amounts are 万元; rates are fractions in the model and percent strings in messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcheck import fmt, scoring
from perfcheck.config import Config
from perfcheck.formulas import formula_map, parse_a1
from perfcheck.memo import per_run
from perfcheck.model import Bilingual, Cell, CellRef, FundKey, FundLine, Hit, ProjectForm, Severity, Workbook
from perfcheck.rules.base import rule

FAMILY = "funds"
ROW_LABEL = {FundKey.TOTAL: "年度资金总额", FundKey.FISCAL: "当年财政拨款"}


def _forms(wb: Workbook) -> Iterator[tuple[ProjectForm, FundLine]]:
    """Each form that has a 年度资金总额 row (a form without one is a reading finding)."""
    for form in wb.forms:
        if form.total is not None:
            yield form, form.total


class _RateRow:
    """A funds row with a stated 执行率 (年度资金总额 or 当年财政拨款): the rate recomputed from spent ÷ budget
    (for 年度资金总额 from the sum of the sources), the amounts it was computed from, and how the stated
    rate compares -- found once per run for PC102, PC103 and PC112, which tell these cases apart."""

    __slots__ = ("key", "line", "stated", "rate", "initial", "budget", "spent", "agrees", "on_initial")

    def __init__(self, key: FundKey, line: FundLine, stated: Cell[Decimal], rate: Decimal,
                 initial: Decimal | None, budget: Decimal | None, spent: Decimal | None, cfg: Config) -> None:
        self.key, self.line, self.stated, self.rate = key, line, stated, rate
        self.initial, self.budget, self.spent = initial, budget, spent
        self.agrees = scoring.agrees(stated, rate, "rate", cfg)          # the stated rate is right
        self.on_initial = _on_initial(stated, initial, budget, spent, cfg)  # it is spent ÷ 年初预算数 instead


@per_run
def _rate_rows(form: ProjectForm, cfg: Config) -> list[_RateRow]:
    """The form's rows with a stated rate (and a recomputable one), 年度资金总额 first."""
    funds = scoring.execution(form, cfg)
    out: list[_RateRow] = []
    for key in (FundKey.TOTAL, FundKey.FISCAL):
        line = form.funds.get(key)
        if line is None or line.rate is None or line.rate.value is None:
            continue
        if key is FundKey.TOTAL:
            rate, initial, budget, spent = funds.rate, funds.initial, funds.budget, funds.spent
        else:
            rate = scoring.line_rate(line)
            initial, budget, spent = line.initial.value, line.budget.value, line.spent.value
        if rate is not None:
            out.append(_RateRow(key, line, line.rate, rate, initial, budget, spent, cfg))
    return out


@rule(
    code="PC101", slug="funds-total-mismatch", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "年度资金总额的{column}为 {stated} 万元，而当年财政拨款、上年结转资金、其他资金之和为 {expected} 万元（{diff}）{then}",
        "en": "年度资金总额 (total funds) {column} is {stated} 万元 but 当年财政拨款 + 上年结转资金 + 其他资金 = "
              "{expected} 万元 ({diff}){then}",
    },
    summary={"zh": "年度资金总额不等于各资金来源之和", "en": "Total funds differ from the sum of the fund sources"},
    options=("weights.execution", "tolerances.amount", "tolerances.score", "execution.formula",
             "execution.decimals", "execution.bands"),
)
def funds_total_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """年度资金总额应等于当年财政拨款、上年结转资金、其他资金之和。 Total funds must equal the sum of the sources.

    ## 检查内容 What it does
    在年初预算数、全年预算数、全年执行数三列中，分别比较"年度资金总额"行与"其中：当年财政拨款""上年结转资金"
    "其他资金"三行之和。按 docs/scoring.md §0 判断一致：按填写值显示的小数位四舍五入后相等，或相差不超过 0.01 万元。
    For each of the three columns (年初预算数, 全年预算数, 全年执行数), compares the 年度资金总额 row with
    the sum of the three source rows.  Agreement as in docs/scoring.md §0: equal after rounding to the
    decimals shown, or within 0.01 万元.  Points at the stated total cell.

    ## 为什么 Why it matters
    执行率和预算执行率得分都从合计数算出；合计与明细不符通常是后来改了明细、没改合计。
    The rate and its score are computed from the totals; a stale total usually means a line was
    changed after the total was typed.

    ## 示例 Example
    Okay: funds={"fiscal": (60, 60, 60), "carryover": (40, 40, 40), "other": (None, None, None)}
    Okay: total=(100, 100, "100.004")
    PC101: total=(100, 100, 90)
    PC101: funds={"fiscal": (60, 60, 60), "carryover": (40, 40, 40), "other": (None, None, None)}, total=(100, 110, 100)

    ## 配置 Options
    """
    for form, total in _forms(wb):
        for col in scoring.COLUMNS:
            expected = scoring.lines_sum(form, col)
            stated = scoring.line_cell(total, col)
            if expected is None or stated.value is None:
                continue
            if not scoring.agrees(stated, expected, "amount", cfg) and not rounding_slip(stated, expected, "amount"):
                yield Hit(at=stated.at, expected=expected, actual=stated.value,
                          ctx={"column": scoring.COLUMN_LABEL[col], "stated": stated.value,
                               "expected": expected, "diff": fmt.diff_amount(stated.value, expected),
                               "then": _then(form, col, cfg)})


def _typed_over(wb: Workbook, form: ProjectForm, line: FundLine, stated: Cell[Decimal]) -> Bilingual:
    """A rate typed over the template's formula (the sheet keeps its other formulas): say so, and
    give the formula to restore."""
    fm = formula_map(wb.formulas)
    if not fm.has_formulas(form.sheet) or fm.formula(form.sheet, parse_a1(stated.at.cell)) is not None:
        return Bilingual("", "")
    around = [line.budget, line.spent, form.total.score if form.total is not None else None]
    if not any(c is not None and fm.formula(form.sheet, parse_a1(c.at.cell)) is not None for c in around):
        return Bilingual("", "")  # a hand-filled form: nothing was typed over
    f = f"{line.spent.at.cell}/{line.budget.at.cell}"
    return Bilingual(f"；这一格的公式被手填的数字替换了，请恢复公式 ={f}",
                     f"; the cell's formula was typed over: restore ={f}")


def _then(form: ProjectForm, col: str, cfg: Config) -> Bilingual:
    """After a corrected 全年预算数/全年执行数: the rate and score the row must then show, when it states
    them differently (PC102/PC104 on the same row are this finding's consequences)."""
    total = form.total
    funds = scoring.execution(form, cfg)
    if col == "initial" or total is None or funds.rate is None or funds.score is None:
        return Bilingual("", "")
    rate_ok = total.rate is None or total.rate.value is None or scoring.agrees(total.rate, funds.rate, "rate", cfg)
    score_ok = (total.score is None or total.score.value is None
                or scoring.agrees(total.score, funds.score, "score", cfg))
    if rate_ok and score_ok:
        return Bilingual("", "")
    r, sc = fmt.pct(funds.rate), fmt.score(funds.score)
    return Bilingual(f"；改正后执行率应为 {r}，预算执行率得分 {sc} 分",
                     f"; corrected, the execution rate is {r} and the execution score {sc}")


@rule(
    code="PC102", slug="execution-rate-mismatch", severity=Severity.ERROR, family=FAMILY,
    consequence_of=("PC101",),
    message={
        "zh": "{row}的执行率填写为 {stated}，按全年执行数 {spent} 万元 ÷ 全年预算数 {budget} 万元应为 {expected}"
              "（{diff}）{note}",
        "en": "{row} execution rate is {stated}, but 全年执行数 {spent} 万元 ÷ 全年预算数 {budget} 万元 = "
              "{expected} ({diff}){note}",
    },
    summary={"zh": "执行率与全年执行数÷全年预算数不符", "en": "Execution rate is not spent ÷ annual budget"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def execution_rate_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """执行率应等于全年执行数 ÷ 全年预算数。 The execution rate must be spent ÷ annual budget.

    ## 检查内容 What it does
    在"年度资金总额"行和"其中：当年财政拨款"行，用全年执行数 ÷ 全年预算数重算执行率（年度资金总额行的
    金额取各资金来源之和），与填写的执行率比较：重算值按填写值显示的小数位四舍五入后应相等（86% 与 86.2%
    一致；95.3% 与 92.59% 不一致），且至少精确到整百分点。若填写的执行率恰好等于全年执行数 ÷ 年初预算数，
    报告 PC103 而不是本规则。
    On the 年度资金总额 row and the 当年财政拨款 row, recomputes the rate as 全年执行数 ÷ 全年预算数
    (the total row from the sum of the sources) and compares it with the stated rate, rounded to
    the decimals the stated value shows (86% agrees with 86.2%; 95.3% does not agree with 92.59%),
    at least to whole percent.  A rate equal to spent ÷ 年初预算数 is reported as PC103 instead.

    ## 为什么 Why it matters
    执行率决定预算执行率得分，也是项目汇总和财政评价最常用的数字。
    The rate sets the execution score and is the figure every roll-up quotes.

    ## 示例 Example
    Okay: budget=54, spent=50, rate="0.9259", exec_score="9.26", total_score="99.26"
    Okay: budget=54, spent=50, rate="0.93", exec_score="9.26", total_score="99.26"
    PC102: budget=54, spent=50, rate="0.953", exec_score="9.26", total_score="99.26"
    PC102: budget=100, spent=100, rate=1, fiscal_rate="0.9"

    ## 配置 Options
    一致的判断见 docs/scoring.md §0 / agreement as in docs/scoring.md §0。
    """
    for form in wb.forms:
        for r in _rate_rows(form, cfg):
            stated, rate = r.stated, r.rate
            assert stated.value is not None
            if r.agrees or r.on_initial:
                continue
            if rounding_slip(stated, rate, "rate"):
                continue
            yield Hit(at=stated.at, expected=scoring.round_to(rate, 6), actual=stated.value,
                      ctx={"row": ROW_LABEL[r.key], "stated": scoring.pct_cell(stated), "expected": scoring.pct(rate),
                           "spent": r.spent, "budget": r.budget, "diff": fmt.diff_points(stated.value, rate),
                           "note": _typed_over(wb, form, r.line, stated)})


def rounding_slip(stated: Cell[Decimal], computed: Decimal, kind: str) -> bool:
    """Within one unit of the stated value's last shown digit of the recomputed value (but not equal
    after rounding): 86.19% stated for 86.183% (a unit is 0.01 point), 95.36 万元 for 95.354."""
    if stated.value is None:
        return False
    places = scoring.shown_decimals(stated)
    if kind == "rate":
        places = max(places, 2)
    return abs(stated.value - computed) <= Decimal(1).scaleb(-places)


def _on_initial(stated: Cell[Decimal], initial: Decimal | None, budget: Decimal | None, spent: Decimal | None,
                cfg: Config) -> bool:
    """The stated rate is 全年执行数 ÷ 年初预算数 (and that differs from the right one)."""
    if initial is None or spent is None or initial == 0 or initial == budget:
        return False
    return scoring.agrees(stated, spent / initial, "rate", cfg)


@rule(
    code="PC103", slug="execution-rate-on-initial-budget", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "{row}的执行率 {stated} 是按年初预算数 {initial} 万元算的；应按全年预算数 {budget} 万元计算："
              "{spent} ÷ {budget} = {expected}",
        "en": "{row} execution rate {stated} was computed on 年初预算数 (initial budget) {initial} 万元; it must use "
              "全年预算数 (annual budget) {budget} 万元: {spent} ÷ {budget} = {expected}",
    },
    summary={"zh": "执行率按年初预算数而非全年预算数计算", "en": "Execution rate computed on the initial budget"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def execution_rate_on_initial(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """执行率应按调整后的全年预算数计算，而不是年初预算数。 The rate uses the adjusted annual budget.

    ## 检查内容 What it does
    年初预算数与全年预算数不同、而填写的执行率与全年执行数 ÷ 年初预算数一致（与全年执行数 ÷ 全年预算数不一致）
    时报告，指向执行率单元格。检查"年度资金总额"行和"当年财政拨款"行。
    Reported when 年初预算数 differs from 全年预算数 and the stated rate matches spent ÷ 年初预算数
    (not spent ÷ 全年预算数).  Checks the 年度资金总额 and 当年财政拨款 rows; points at the rate.

    ## 为什么 Why it matters
    财预〔2020〕10号的执行率以全年预算数（调整后预算）为分母；用年初预算数会让追加了预算的项目看起来执行得更好。
    The national form divides by the adjusted budget; dividing by the initial budget flatters a
    project whose budget was raised during the year.

    ## 示例 Example
    Okay: initial=80, budget=100, spent=90, rate="0.9", exec_score=9, total_score=99
    PC103: initial=80, budget=100, spent=90, rate="1.125", exec_score=9, total_score=99

    ## 配置 Options
    """
    for form in wb.forms:
        for r in _rate_rows(form, cfg):
            stated = r.stated
            assert stated.value is not None
            if r.agrees or not r.on_initial:
                continue
            yield Hit(at=stated.at, expected=scoring.round_to(r.rate, 6), actual=stated.value,
                      ctx={"row": ROW_LABEL[r.key], "stated": scoring.pct_cell(stated), "initial": r.initial,
                           "budget": r.budget, "spent": r.spent, "expected": scoring.pct(r.rate)})


def _full_underspent(total: FundLine, funds: scoring.Funds) -> bool:
    s = total.score.value if total.score is not None else None
    return (funds.rate is not None and funds.rate < 1 and s is not None and funds.weight > 0
            and s == funds.weight)


@rule(
    code="PC104", slug="execution-score-mismatch", severity=Severity.ERROR, family=FAMILY,
    consequence_of=("PC101",),
    message={
        "zh": "预算执行率得分填写为 {stated} 分，按执行率 {rate}、分值 {weight} 应为 {expected} 分（{diff}）",
        "en": "Execution score is {stated} points; at an execution rate of {rate} and {weight} points it should be "
              "{expected} ({diff})",
    },
    summary={"zh": "预算执行率得分与执行率不符", "en": "Execution score does not follow from the rate"},
    options=("weights.execution", "tolerances.score", "execution.formula", "execution.decimals",
             "execution.bands"),
)
def execution_score_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """预算执行率得分应等于分值 × min(执行率, 100%)（或按配置的分档）。 The execution score follows from the rate.

    ## 检查内容 What it does
    用重算的执行率（全年执行数 ÷ 全年预算数）计算预算执行率得分：默认 分值 × min(执行率, 100%)，保留 2 位小数；
    配置为分档时取执行率所在档的系数。与填写的得分相差超过分数容差（默认 0.1 分）即报告。取整到整数分不算一致：
    8.62 分填成 9 分是错误。执行率不足 100% 却填满分的情况由 PC105 报告。
    Recomputes the execution score from the recomputed rate: by default 分值 × min(rate, 100%) to 2
    decimals, or the factor of the rate's band.  Reported when the stated score is off by more
    than the score tolerance (0.1 by default); rounding to whole points is not agreement.  A full
    score at a rate below 100% is PC105 instead.

    ## 为什么 Why it matters
    得分计入总分和自评等级；多给的分数没有依据。
    The score goes into the total and the grade; points not earned inflate both.

    ## 示例 Example
    Okay: budget=54, spent=50, rate="0.9259", exec_score="9.26", total_score="99.26"
    PC104: budget=54, spent=50, rate="0.9259", exec_score=9, total_score=99
    PC104: budget=100, spent=100, rate=1, exec_score=8, total_score=98

    ## 配置 Options
    分值取表中填写的预算执行率分值，未填时取 weights.execution。
    The weight is the stated 分值 of 预算执行率, else weights.execution.
    """
    for form, total in _forms(wb):
        funds = scoring.execution(form, cfg)
        stated = total.score
        if stated is None or stated.value is None or funds.score is None or funds.rate is None:
            continue
        if scored_parts(form):
            continue  # the total is the sum of the parts' scores (PC113)
        if _full_underspent(total, funds) or scoring.agrees(stated, funds.score, "score", cfg):
            continue
        yield Hit(at=stated.at, expected=funds.score, actual=stated.value,
                  ctx={"stated": stated.value, "expected": funds.score, "rate": scoring.pct(funds.rate),
                       "weight": funds.weight, "diff": fmt.diff_score(stated.value, funds.score)})


@rule(
    code="PC105", slug="execution-score-full-underspent", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "执行率为 {rate}（未达 100%），预算执行率得分却填了满分 {stated} 分；应为 {expected} 分",
        "en": "Execution rate is {rate} (below 100%) yet the execution score is the full {stated} points; "
              "it should be {expected}",
    },
    summary={"zh": "执行率不足100%却得满分", "en": "Full execution score with the budget not fully spent"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def execution_score_full_underspent(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """执行率不足 100% 时预算执行率得分不能是满分。 No full execution score below 100 %.

    ## 检查内容 What it does
    重算的执行率低于 100%，而预算执行率得分等于其分值（满分）时报告，不论容差多大。指向得分单元格。
    Reported when the recomputed rate is below 100% and the stated execution score equals its
    weight, whatever the tolerance.  Points at the score cell.

    ## 为什么 Why it matters
    这是自评表最常见的"抬高分数"：预算没有执行完，却照填满分。
    The most common inflation of a self-assessment: the budget was not spent, the score is full anyway.

    ## 示例 Example
    Okay: budget=100, spent=95, rate="0.95", exec_score="9.5", total_score="99.5"
    PC105: budget=100, spent=95, rate="0.95", exec_score=10, total_score=100

    ## 配置 Options
    """
    for form, total in _forms(wb):
        funds = scoring.execution(form, cfg)
        if not _full_underspent(total, funds) or scored_parts(form):
            continue
        assert total.score is not None and funds.rate is not None
        yield Hit(at=total.score.at, expected=funds.score, actual=total.score.value,
                  ctx={"rate": scoring.pct(funds.rate), "stated": total.score.value, "expected": funds.score})


@rule(
    code="PC106", slug="funds-overspent", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "全年执行数 {spent} 万元超过全年预算数 {budget} 万元（超支 {diff} 万元，执行率 {rate}）",
        "en": "Spent {spent} 万元 exceeds the annual budget {budget} 万元 (overspent by {diff} 万元, rate {rate})",
    },
    summary={"zh": "全年执行数超过全年预算数", "en": "Spending exceeds the annual budget"},
    options=("weights.execution", "tolerances.amount", "execution.formula", "execution.decimals",
             "execution.bands"),
)
def funds_overspent(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """全年执行数不能超过全年预算数。 Spending must not exceed the annual budget.

    ## 检查内容 What it does
    用各资金来源之和重算年度资金总额的全年预算数和全年执行数；执行数大于预算数（超过金额容差）时报告，指向
    年度资金总额行的全年执行数单元格。
    Compares the recomputed 全年执行数 with the recomputed 全年预算数 of the total row; reported when
    spending exceeds the budget by more than the amount tolerance.  Points at the total row's
    全年执行数.

    ## 为什么 Why it matters
    超预算支出违反预算法，也常是把下年资金或其他项目资金记到本项目。
    Spending beyond the budget breaks the budget law, or books other money to this project.

    ## 示例 Example
    Okay: budget=100, spent=100
    PC106: budget=100, spent=105, rate="1.05"

    ## 配置 Options
    """
    for form, total in _forms(wb):
        funds = scoring.execution(form, cfg)
        b, s = funds.budget, funds.spent
        if b is None or s is None or b == 0 or s - b <= cfg.tolerances.amount:
            continue
        assert funds.rate is not None
        yield Hit(at=total.spent.at, expected=b, actual=s,
                  ctx={"spent": s, "budget": b, "diff": s - b, "rate": scoring.pct(funds.rate)})


@rule(
    code="PC107", slug="zero-budget-spent", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "全年预算数为 0，全年执行数却有 {spent} 万元",
        "en": "The annual budget is 0 but {spent} 万元 was spent",
    },
    summary={"zh": "全年预算数为0却有支出", "en": "Spending without an annual budget"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def zero_budget_spent(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """全年预算数为 0 时不应有支出。 No spending on a zero budget.

    ## 检查内容 What it does
    重算的全年预算数为 0、全年执行数大于 0 时报告，指向年度资金总额行的全年预算数单元格（执行率无法计算）。
    Reported when the recomputed 全年预算数 is 0 and 全年执行数 is above 0; points at the total row's
    全年预算数 (no rate can be computed).

    ## 为什么 Why it matters
    没有预算的支出要么预算数漏填，要么是无预算支出。
    Either the budget was left out, or money was spent without one.

    ## 示例 Example
    Okay: budget=100, spent=100
    PC107: budget=0, spent=20, rate=None, exec_score=None

    ## 配置 Options
    """
    for form, total in _forms(wb):
        funds = scoring.execution(form, cfg)
        if funds.budget == 0 and funds.spent is not None and funds.spent > 0:
            yield Hit(at=total.budget.at, expected=Decimal(0), actual=funds.spent,
                      ctx={"spent": funds.spent})


@rule(
    code="PC108", slug="budget-adjusted", severity=Severity.INFO, family=FAMILY,
    message={
        "zh": "全年预算数 {budget} 万元与年初预算数 {initial} 万元不同（{diff}），请确认调整依据",
        "en": "The annual budget {budget} 万元 differs from the initial budget {initial} 万元 ({diff}); "
              "check the adjustment",
    },
    summary={"zh": "年初预算数与全年预算数不同（预算调整）", "en": "Budget adjusted during the year"},
    options=("weights.execution", "tolerances.amount", "execution.formula", "execution.decimals",
             "execution.bands"),
)
def budget_adjusted(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """年初预算数与全年预算数不同：年中调整了预算。 The budget was adjusted during the year.

    ## 检查内容 What it does
    重算的年初预算数与全年预算数相差超过金额容差时给出提示，指向年度资金总额行的全年预算数单元格。
    Reported (info) when the recomputed 年初预算数 and 全年预算数 differ by more than the amount
    tolerance; points at the total row's 全年预算数.

    ## 为什么 Why it matters
    调整本身不是错误，但复核人员会问原因（追加、调减、结转），也要确认执行率用的是调整后的预算。
    Not an error, but a reviewer asks why, and checks that the rate uses the adjusted budget.

    ## 示例 Example
    Okay: initial=100, budget=100, spent=100
    PC108: initial=80, budget=100, spent=100

    ## 配置 Options
    """
    for form, total in _forms(wb):
        funds = scoring.execution(form, cfg)
        i, b = funds.initial, funds.budget
        if i is None or b is None or abs(b - i) <= cfg.tolerances.amount:
            continue
        yield Hit(at=total.budget.at, expected=i, actual=b,
                  ctx={"budget": b, "initial": i, "diff": fmt.adjustment(b, i)})


@rule(
    code="PC109", slug="execution-reason-missing", severity=Severity.WARNING, family=FAMILY,
    message={
        "zh": "执行率 {rate} 低于 {threshold}，应填写偏差原因（未找到）",
        "en": "Execution rate {rate} is below {threshold}: a reason for the deviation is expected (none found)",
    },
    summary={"zh": "执行率偏低未说明偏差原因", "en": "Low execution rate without a reason"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands",
             "execution.reason_below"),
)
def execution_reason_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """执行率低于 90% 时应说明偏差原因。 A low execution rate needs a reason.

    ## 检查内容 What it does
    重算的执行率低于 execution.reason_below（默认 90%）而资金行的偏差原因单元格为空时报告，指向该空单元格；
    表中没有这一列时指向执行率单元格。原因流于形式（"无""正常"等）由 PC214 报告。
    Reported when the recomputed rate is below execution.reason_below (90%) and the funds row's
    偏差原因 cell is empty; points at that cell (at the rate when the form has no such column).
    A boilerplate reason is PC214.

    ## 为什么 Why it matters
    预算执行偏慢是复核的重点，财政部门要知道原因和改进措施（四川等地的通行做法）。
    Slow spending is what reviewers look at first; they need the cause and the measure taken.

    ## 示例 Example
    Okay: budget=100, spent=80, rate="0.8", exec_score=8, total_score=98, exec_reason="项目延期，下一步将加快支付进度"
    PC109: budget=100, spent=80, rate="0.8", exec_score=8, total_score=98

    ## 配置 Options
    """
    for form, total in _forms(wb):
        funds = scoring.execution(form, cfg)
        if funds.rate is None or funds.rate >= cfg.execution.reason_below:
            continue
        if scoring.reason_text(total.reason) is not None:
            continue
        at = total.reason.at if total.reason is not None else (total.rate.at if total.rate else total.spent.at)
        yield Hit(at=at, expected="偏差原因", actual=None,
                  ctx={"rate": scoring.pct(funds.rate), "threshold": scoring.pct(cfg.execution.reason_below)})


@rule(
    code="PC110", slug="funds-value-missing", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "年度资金总额行的{item}未填写",
        "en": "The 年度资金总额 (total funds) row has no {item}",
    },
    summary={"zh": "年度资金总额行缺少金额、分值、执行率或得分", "en": "Total funds row incomplete"},
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def funds_value_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """年度资金总额行应填齐金额、分值、执行率和得分。 The total funds row must be complete.

    ## 检查内容 What it does
    "年度资金总额"行的年初预算数、全年预算数、全年执行数、分值、得分为空，或执行率可以算出却为空时报告，
    指向空单元格。无法读取的值（不是空）由读取规则 PC0xx 报告；但金额单元格是未保存结果的公式、而各资金来源行
    也都为空时，同样视为未填写（哪里都没有这个数）。
    Reported for each empty cell of the 年度资金总额 row: 年初预算数, 全年预算数, 全年执行数, 分值,
    得分, and 执行率 where it can be computed.  Points at the empty cell.  A value that cannot be
    read (not empty) is a reading finding (PC0xx); but an amount that is a formula saved without
    its value over source lines that are all empty is missing too (nothing gives the amount).

    ## 为什么 Why it matters
    没有这些数就无法核对执行率和得分，项目汇总也无从填起。
    Without them nothing can be checked, and the project list cannot be filled.

    ## 示例 Example
    Okay: budget=100, spent=100
    PC110: total=(100, 100, None)
    PC110: exec_score=None

    ## 配置 Options
    """
    for form, total in _forms(wb):
        funds = scoring.execution(form, cfg)
        cells: list[tuple[str, Cell[Decimal] | None]] = [
            ("年初预算数", total.initial), ("全年预算数", total.budget), ("全年执行数", total.spent),
            ("分值", total.weight), ("得分", total.score),
        ]
        if funds.rate is not None:
            cells.append(("执行率", total.rate))
        recomputed = {"年初预算数": funds.initial, "全年预算数": funds.budget, "全年执行数": funds.spent}
        for item, cell in cells:
            if cell is None or (item == "年初预算数" and "initial_budget" not in form.funds_header):
                continue  # a form without a 年初预算数 column (forms.md §5): nothing is missing
            # an amount that is a formula saved without its value (PC009) over lines that are all
            # empty is missing too: nothing anywhere gives it
            blank_formula = cell.problem == "uncached-formula" and item in recomputed and recomputed[item] is None
            if cell.empty or blank_formula:
                yield Hit(at=cell.at, expected=item, actual=None, ctx={"item": item})


@rule(
    code="PC111", slug="execution-weight-unexpected", severity=Severity.WARNING, family=FAMILY,
    message={
        "zh": "预算执行率分值为 {stated} 分，规定为 {expected} 分",
        "en": "The execution-rate weight is {stated} points; the rules set {expected}",
    },
    summary={"zh": "预算执行率分值不是规定值", "en": "Execution-rate weight differs from the configured one"},
    options=("weights.execution",),
)
def execution_weight_unexpected(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """预算执行率的分值应为规定值（默认 10 分）。 The execution-rate weight is fixed (10 points by default).

    ## 检查内容 What it does
    年度资金总额行填写的分值与 weights.execution（默认 10）不同时报告，指向分值单元格。
    Reported when the stated 分值 of the funds row differs from weights.execution (10); points at it.

    ## 为什么 Why it matters
    财预〔2020〕10号规定预算执行率 10 分；改动它会改变其余 90 分的分配。
    The national rule gives the execution rate 10 points; changing it shifts the other 90.

    ## 示例 Example
    Okay: exec_weight=10
    PC111: exec_weight=20, exec_score=20

    ## 配置 Options
    """
    for _form, total in _forms(wb):
        w = total.weight
        if w is None or w.value is None or w.value == cfg.weights.execution:
            continue
        yield Hit(at=w.at, expected=cfg.weights.execution, actual=w.value,
                  ctx={"stated": w.value, "expected": cfg.weights.execution})


@rule(
    code="PC112", slug="rounding-slip", severity=Severity.INFO, family=FAMILY,
    message={
        "zh": "{row}的{item}填写为 {stated}，精确值为 {exact}：相差不到末位的一个单位，是四舍五入的笔误，可改为 {rounded}",
        "en": "{row} {item} is {stated}; the exact value is {exact}: less than one unit of its last digit apart, "
              "a rounding slip; it should read {rounded}",
    },
    summary={"zh": "执行率或金额的末位四舍五入有误", "en": "A rate or amount rounded wrongly in its last digit"},
    options=("weights.execution", "tolerances.amount", "execution.formula", "execution.decimals",
             "execution.bands"),
)
def rounding_slip_found(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """执行率或金额与重算值相差不到末位的一个单位：四舍五入笔误（提示）。 A rounding slip, not a wrong value.

    ## 检查内容 What it does
    填写的执行率（年度资金总额行、当年财政拨款行）或年度资金总额的金额，与重算值按填写的小数位四舍五入后不相等，
    但相差不超过末位的一个单位（86.19% 对 86.183%，单位为 0.01 个百分点）时，给出提示并写出精确值；
    超出这个范围仍按 docs/scoring.md §0 报告错误（PC101/PC102）。
    A stated rate (total and 当年财政拨款 rows) or total amount that differs from the recomputed value
    after rounding to its shown decimals, but by no more than one unit of its last digit (86.19% for
    86.183%), is info with the exact value; beyond that docs/scoring.md §0 holds (PC101/PC102).

    ## 为什么 Why it matters
    末位进位错误不改变结论，不应和算错的执行率混为一谈；但值得顺手改正。
    A slip in the last digit changes nothing; it is not a wrong rate, but worth correcting.

    ## 示例 Example
    Okay: budget=54, spent=50, rate="0.9259", exec_score="9.26", total_score="99.26"
    PC112: budget=100000, spent=86183, rate="0.8619", exec_score="8.62", total_score="98.62"
    PC112: budget=54, spent=50, rate="0.9260", exec_score="9.26", total_score="99.26"

    ## 配置 Options
    """
    for form in wb.forms:
        for r in _rate_rows(form, cfg):
            stated, rate = r.stated, r.rate
            if r.agrees or r.on_initial:
                continue
            if not rounding_slip(stated, rate, "rate"):
                continue
            places = max(scoring.shown_decimals(stated), 2)
            yield Hit(at=stated.at, expected=rate, actual=stated.value,
                      ctx={"row": ROW_LABEL[r.key], "item": Bilingual("执行率", "execution rate"),
                           "stated": scoring.pct_cell(stated), "exact": fmt.pct(rate, 4),
                           "rounded": fmt.pct(scoring.round_to(rate, places), places)})
        total = form.total
        if total is None:
            continue
        for col in scoring.COLUMNS:
            expected = scoring.lines_sum(form, col)
            cell = scoring.line_cell(total, col)
            if expected is None or cell.value is None or scoring.agrees(cell, expected, "amount", cfg):
                continue
            if rounding_slip(cell, expected, "amount"):
                places = scoring.shown_decimals(cell)
                yield Hit(at=cell.at, expected=expected, actual=cell.value,
                          ctx={"row": ROW_LABEL[FundKey.TOTAL],
                               "item": Bilingual(scoring.COLUMN_LABEL[col], scoring.COLUMN_LABEL[col]),
                               "stated": fmt.amount_unit(cell.value), "exact": fmt.number(expected) + " 万元",
                               "rounded": fmt.amount(scoring.round_to(expected, places), places) + " 万元"})


def scored_parts(form: ProjectForm) -> list[FundLine]:
    """The 其中 funds lines that carry their own 分值 (forms.md §5)."""
    return [line for key, line in form.funds.items() if key is not FundKey.TOTAL
            and line.weight is not None and line.weight.value is not None]


@rule(
    code="PC113", slug="funds-part-score-mismatch", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "{row}的得分填写为 {stated}，应为 {expected}（{basis}；{diff}）",
        "en": "{row}: the score is {stated}; it should be {expected} ({basis}; {diff})",
    },
    summary={"zh": "资金来源行自带分值时，其得分或合计得分不符", "en": "Scores of funds lines with their own weights do not add up"},
    options=("tolerances.score", "execution.formula", "execution.decimals", "execution.bands"),
)
def funds_part_score_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """资金来源行（其中：…）自带分值、执行率、得分时，逐行核对，合计行得分应为各行得分之和。 Scored funds lines.

    ## 检查内容 What it does
    有些省的表给"其中：当年财政拨款""其他资金"等行各自的分值、执行率和得分（forms.md §5）。这样的每一行按
    该行的全年执行数 ÷ 全年预算数计算得分（分值 × min(执行率, 100%)），年度资金总额行的得分应为各行得分之和；
    相差超过分数容差时在填写的得分单元格报告。这种表不再按年度资金总额的执行率核对总行得分（PC104）。
    Where the 其中 funds lines carry their own 分值 / 执行率 / 得分, each line's score is checked as
    分值 × min(its rate, 100%), and the 年度资金总额 score must be the sum of the lines' scores;
    a difference beyond the score tolerance is reported at the stated score.  PC104 is then not
    applied to the total row.

    ## 为什么 Why it matters
    分项计分时，总行的得分来自各分项，而不是总的执行率。
    With scored parts, the total's score comes from the parts, not from the overall rate.

    ## 示例 Example
    Okay: budget=100, spent=100
    PC113: funds={"fiscal": (60, 60, 60), "other": (40, 40, 20)}, total=(100, 100, 80), rate="0.8", exec_score=8, total_score=98, parts_scored={"fiscal": (5, 5), "other": (5, 4)}

    ## 配置 Options
    """
    for form in wb.forms:
        parts = scored_parts(form)
        total = form.total
        if not parts or total is None:
            continue
        sum_scores = Decimal(0)
        complete = True
        for line in parts:
            assert line.weight is not None and line.weight.value is not None
            rate = scoring.line_rate(line)
            if rate is None:
                complete = False
                continue
            expected = scoring.execution_score(rate, line.weight.value, cfg)
            sum_scores += expected
            s = line.score
            if s is None or s.value is None or scoring.agrees(s, expected, "score", cfg):
                continue
            yield Hit(at=s.at, expected=expected, actual=s.value,
                      ctx={"row": line.label.text or line.key.value, "stated": fmt.score_unit(s.value),
                           "expected": fmt.score_unit(expected),
                           "basis": f"{fmt.score(line.weight.value)} × min({fmt.pct(rate)}, 100%)",
                           "diff": fmt.diff_score(s.value, expected)})
        ts = total.score
        if not complete or ts is None or ts.value is None:
            continue
        stated_parts = [line.score.value for line in parts if line.score is not None and line.score.value is not None]
        basis = sum(stated_parts, Decimal(0)) if len(stated_parts) == len(parts) else sum_scores
        if scoring.agrees(ts, basis, "score", cfg):
            continue
        yield Hit(at=ts.at, expected=basis, actual=ts.value,
                  ctx={"row": "年度资金总额", "stated": fmt.score_unit(ts.value), "expected": fmt.score_unit(basis),
                       "basis": Bilingual("各资金来源行得分之和", "the sum of the funds lines' scores"),
                       "diff": fmt.diff_score(ts.value, basis)})


@rule(
    code="PC114", slug="funds-line-value-missing", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "{row}的{item} {cell} 未填写，而同一行的{other}为 {value} 万元{shows}；请填写（没有支出填 0）",
        "en": "{row}: {item} ({cell}) is empty while its {other} is {value} 万元{shows}; fill it in (0 when nothing "
              "was spent)",
    },
    summary={"zh": "资金来源行只填了预算数或执行数之一", "en": "A funds line with a budget but no spending, or the reverse"},
)
def funds_line_value_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """资金来源行填了全年预算数却没填全年执行数（或反之）。 A funds line half filled in.

    ## 检查内容 What it does
    "其中：当年财政拨款""上年结转资金""其他资金"各行，全年预算数和全年执行数只填了一个时，在空的单元格报告。
    年度资金总额行的公式会把空格当作 0：合计、执行率和得分都随之偏低，所以由此算出的公式单元格不再各自报告，
    这条发现会写出合计现在显示的值。
    On the fund-source lines, a 全年预算数 without 全年执行数 (or the reverse) is reported at the empty
    cell.  The total row's formula takes the blank as 0, so its total, rate and score are off too:
    the formula cells computed from it get no finding of their own, and this one says what the
    total shows now.

    ## 为什么 Why it matters
    空格可能是"没有支出"，也可能是漏填；只有填表人知道，错误却显示在合计上。
    A blank may mean "nothing spent" or "forgot": only the clerk knows, but the error shows in the total.

    ## 示例 Example
    Okay: funds={"fiscal": (80, 80, 80), "carryover": (15, 15, 15)}, total=(95, 95, 95)
    PC114: funds={"fiscal": (80, 80, None), "carryover": (15, 15, 15)}, total=(95, 95, 15), rate="0.1579", exec_score="1.58", total_score="91.58"

    ## 配置 Options
    无 None。
    """
    for form in wb.forms:
        total = form.total
        for key, line in form.funds.items():
            if key is FundKey.TOTAL:
                continue
            for empty, other, item, other_item in ((line.spent, line.budget, "全年执行数", "全年预算数"),
                                                    (line.budget, line.spent, "全年预算数", "全年执行数")):
                if not empty.empty or other.value is None or other.value == 0:
                    continue
                shown = Bilingual("", "")
                explains: tuple[CellRef, ...] = ()
                if total is not None:
                    t = total.spent if empty is line.spent else total.budget
                    # the total, and the rate, score and reason that follow from it
                    explains = (t.at, *(c.at for c in (total.rate, total.score, total.reason) if c is not None))
                    if t.value is not None:
                        shown = Bilingual(f"，年度资金总额 {t.at.cell} 现显示 {fmt.amount_unit(t.value)}",
                                          f", and the total {t.at.cell} shows {fmt.amount_unit(t.value)}")
                yield Hit(at=empty.at, expected=item, actual=None, explains=explains,
                          ctx={"row": ROW_LABEL.get(key, line.label.text or key.value), "item": item,
                               "cell": empty.at.cell, "other": other_item, "value": fmt.amount(other.value),
                               "shows": shown})
