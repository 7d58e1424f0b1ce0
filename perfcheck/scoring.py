"""Scoring arithmetic shared by the rules, the API and the reporters (docs/scoring.md §0–§4).

Nothing here yields findings: the rules (``perfcheck.rules.funds`` PC1xx, ``perfcheck.rules.scores``
PC2xx) decide what to report; this module only recomputes.

* :func:`agrees` — does a stated number agree with the recomputed one (docs/scoring.md §0)?
* :func:`execution` — the funds block recomputed: totals from the lines, 执行率, 预算执行率得分.
* :func:`indicator_score` — one 三级 indicator's score recomputed (§3), with whether its target was missed;
  :func:`form_scores` — all of a form's.
* :func:`total_parts` / :func:`grade_basis` — the 总分 and 自评等级 checks' arithmetic.
* :func:`summarize` / :func:`unit_and_year` — what the API puts into a ``Report``.

One finding per defect (the policy the rules follow)
----------------------------------------------------
A wrong number is reported once, at the cell that holds it, and the numbers computed from it are
checked against the *stated* value, not against a value corrected behind the reader's back:

* 总分 is checked against the sum of the **stated** parts (预算执行率得分 + Σ 三级得分), with a part
  that is empty replaced by its recomputed value (and no check at all when such a part cannot be
  recomputed).  So an indicator scored 9 instead of 8.62 gives one finding at that 得分 cell
  (PC202), not a second one at 总分; a 总分 that does not add up gives one finding at 总分 (PC210).
* 自评等级 is checked against the grade of the stated 总分 when that agrees with its parts, else
  against the grade of the sum of the parts (PC211).  A grade is never flagged for a defect that
  already shows in a score.
* On one indicator only the most specific problem is reported: 得分 outside [0, 分值] (PC201), else a
  full score on a missed target (PC204), else a difference from the recomputed score (PC202/PC203).
* On the funds row: 执行率 < 100 % with a full 预算执行率得分 is PC105, not also PC104; a rate that
  equals 全年执行数 ÷ 年初预算数 is PC103, not also PC102.  总分 = 100 with 执行率 < 100 % (PC212) is
  reported only when neither PC105 nor PC210 already explains it.
* :class:`~perfcheck.findings.ProjectSummary` carries both views: the stated 总分 and the fully
  recomputed one (every part recomputed where it can be), so the roll-up shows what the score
  should be.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from perfcheck import fmt, memo
from perfcheck.config import Config
from perfcheck.findings import Finding, ProjectSummary
from perfcheck.memo import per_run
from perfcheck.model import (
    Cell,
    Direction,
    FundKey,
    FundLine,
    Indicator,
    Measure,
    Op,
    ProjectForm,
    QualGrade,
    Severity,
    ValueKind,
    Workbook,
    fast_init,
)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

#: the grades a 自评等级 cell may hold
GRADES = ("优", "良", "中", "差")

#: 偏差原因 text that says nothing (docs/scoring.md §4), compared after removing spaces and final punctuation
BOILERPLATE = frozenset({"无", "无偏差", "暂无", "/", "—", "-", "——", "已完成", "正常", "没有", "无。"})


# --------------------------------------------------------------------------------------------------
# §0 agreement
# --------------------------------------------------------------------------------------------------



def clear_cache() -> None:
    """Forget the per-run memo of recomputations (see perfcheck.memo)."""
    memo.clear()


def shown_decimals(cell: Cell[Decimal]) -> int:
    """How many decimals the stated value shows: ``cell.decimals``, else its exponent."""
    if cell.decimals is not None:
        return cell.decimals
    if cell.value is None:
        return 0
    exp = cell.value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def round_to(value: Decimal, places: int) -> Decimal:
    """Round half up (as Excel's ROUND and number formats do) to ``places`` decimals."""
    return value.quantize(_unit(places), rounding=ROUND_HALF_UP)


@functools.lru_cache(maxsize=64)
def _unit(places: int) -> Decimal:
    """10^-places: the quantum :func:`round_to` rounds to (made once per number of places)."""
    return Decimal(1).scaleb(-places)


def agrees(stated: Cell[Decimal], computed: Decimal, kind: str, cfg: Config) -> bool:
    """Does the stated number agree with the recomputed one?  (docs/scoring.md §0)

    kind "amount" (万元): the recomputed value rounded to the decimals the stated value shows equals
    it, or the two are within ``cfg.tolerances.amount``.
    kind "rate" (fractions: 95.3 % is 0.953 with 3 decimals): rounded to the decimals shown equals
    it; a rate is always compared to at least whole percent (2 decimals of the fraction), so a
    stated ``1`` does not agree with 96 %.
    kind "score" (points): within ``cfg.tolerances.score``; rounding to whole points is *not*
    agreement (9 stated for 8.62 disagrees).

    An empty stated cell agrees with nothing (the caller reports a missing value separately).
    """
    s = stated.value
    if s is None:
        return False
    if kind == "score":
        return abs(s - computed) <= cfg.tolerances.score
    if kind == "amount":
        if abs(s - computed) <= cfg.tolerances.amount:
            return True
        return round_to(computed, shown_decimals(stated)) == s
    if kind == "rate":
        return round_to(computed, max(shown_decimals(stated), 2)) == s
    raise ValueError(f"unknown kind {kind!r}: amount, rate or score")


pct = fmt.pct   # a fraction as a percent string for messages: 0.92592 → "92.59%", 1 → "100%"


def pct_cell(cell: Cell[Decimal]) -> str:
    """A stated rate as a percent string, with the decimals it shows (at least whole percent)."""
    assert cell.value is not None
    return pct(cell.value, max(shown_decimals(cell) - 2, 0))


def points(v: Decimal) -> Decimal:
    """A recomputed score for a message: two decimals."""
    return round_to(v, 2)


# --------------------------------------------------------------------------------------------------
# §2 funds
# --------------------------------------------------------------------------------------------------

LINE_KEYS = (FundKey.FISCAL, FundKey.CARRYOVER, FundKey.OTHER)
COLUMNS = ("initial", "budget", "spent")
COLUMN_LABEL = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}


def line_cell(line: FundLine, column: str) -> Cell[Decimal]:
    c: Cell[Decimal] = getattr(line, column)
    return c


def sum_known(values: Iterable[Decimal | None]) -> Decimal | None:
    """Σ of the values that are known (not None); None when none is."""
    nums = [v for v in values if v is not None]
    return sum(nums, ZERO) if nums else None


@per_run
def lines_sum(form: ProjectForm, column: str) -> Decimal | None:
    """Σ of 当年财政拨款 + 上年结转资金 + 其他资金 in one column; None when no line has a value."""
    return sum_known(line_cell(form.funds[k], column).value for k in LINE_KEYS if k in form.funds)


@dataclass(frozen=True, slots=True)
class Funds:
    """The funds block recomputed.

    initial/budget/spent: Σ of the lines per column, or the stated 年度资金总额 where no line has a
    value (``from_lines`` says which).  rate: spent ÷ budget (a fraction), None when either is
    unknown or budget is 0.  weight: the stated 分值 of 预算执行率, else the configured one.
    score: the 预算执行率得分 the rate earns (cfg.execution), None without a rate.
    """

    initial: Decimal | None
    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None
    weight: Decimal
    score: Decimal | None
    from_lines: dict[str, bool]


def execution_score(rate: Decimal, weight: Decimal, cfg: Config) -> Decimal:
    """预算执行率得分 for a rate: pro_rata weight × min(rate, 1), or the first band with min_rate ≤ rate."""
    ex = cfg.execution
    if ex.formula == "bands":
        factor = ZERO
        for min_rate, f in ex.bands:
            if rate >= min_rate:
                factor = f
                break
        return round_to(weight * factor, ex.decimals)
    return round_to(weight * min(max(rate, ZERO), ONE), ex.decimals)


@per_run
def execution(form: ProjectForm, cfg: Config) -> Funds:
    """Recompute the funds block of one form (docs/scoring.md §2)."""
    total = form.total
    values: dict[str, Decimal | None] = {}
    from_lines: dict[str, bool] = {}
    for col in COLUMNS:
        s = lines_sum(form, col)
        from_lines[col] = s is not None
        if s is None and total is not None:
            s = line_cell(total, col).value
        values[col] = s
    budget, spent = values["budget"], values["spent"]
    rate = spent / budget if budget is not None and spent is not None and budget != 0 else None
    weight = cfg.weights.execution
    if total is not None and total.weight is not None and total.weight.value is not None:
        weight = total.weight.value
    score = execution_score(rate, weight, cfg) if rate is not None else None
    return Funds(values["initial"], budget, spent, rate, weight, score, from_lines)


def line_rate(line: FundLine) -> Decimal | None:
    """One line's own 执行率 (全年执行数 ÷ 全年预算数), None when not computable."""
    b, s = line.budget.value, line.spent.value
    return s / b if b is not None and s is not None and b != 0 else None


# --------------------------------------------------------------------------------------------------
# §3 indicators
# --------------------------------------------------------------------------------------------------


class Status:
    """Why an indicator has (or has no) recomputed score."""

    SCORED = "scored"              # low/high set
    NO_WEIGHT = "no-weight"        # 分值 empty: nothing to compute
    NO_TARGET = "no-target"        # 年度指标值 empty (PC3xx reports it)
    NO_ACTUAL = "no-actual"        # 实际完成值 empty (PC3xx reports it)
    TEXT_TARGET = "text-target"    # a qualitative target with a numeric/date actual: no formula
    UNIT_MISMATCH = "unit-mismatch"
    NOT_SCORABLE = "not-scorable"  # actual neither number/date nor one of the three grades
    NO_FORMULA = "no-formula"      # the target was missed, but no formula gives the score (dates)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One indicator recomputed.

    low/high: the score the indicator earns — equal for arithmetic, a range for the qualitative
    grades (``high_open``: the upper bound is excluded) and for over-achievement (the national rule
    allows a cut by the deviation but gives no number: any score in [0, w]).
    firm: True where the formula is fixed (positive/equal arithmetic, a met reverse target, a met
    date, the grade ranges); False where the province's formula may differ (a missed reverse target).
    missed: the target was missed (None when that cannot be told).
    ratio: B ÷ A on a positive indicator with A > 0 (for over-achievement), else None.
    basis: "positive", "equal", "equal-zero", "reverse", "grade", "date" or "".
    """

    status: str
    low: Decimal | None = None
    high: Decimal | None = None
    high_open: bool = False
    firm: bool = True
    missed: bool | None = None
    ratio: Decimal | None = None
    basis: str = ""
    target_unit: str | None = None
    actual_unit: str | None = None

    @property
    def scored(self) -> bool:
        return self.status == Status.SCORED and self.low is not None and self.high is not None

    @property
    def exact(self) -> Decimal | None:
        """The single recomputed score, or None for a range / no score."""
        return self.low if self.scored and self.low == self.high else None

    def accepts(self, s: Decimal, cfg: Config) -> bool:
        """Does the stated score s agree (within the score tolerance)?"""
        if not self.scored:
            return True
        assert self.low is not None and self.high is not None
        tol = cfg.tolerances.score
        if s < self.low - tol:
            return False
        return s < self.high if self.high_open else s <= self.high + tol

    def expected_text(self) -> str:
        """The recomputed score for a message: "8.62" or "6–8" (a range)."""
        if self.low is None or self.high is None:
            return "—"
        if self.low == self.high:
            return _num(points(self.low))
        return f"{_num(points(self.low))}–{_num(points(self.high))}"

    def contribution(self, stated: Decimal | None, weight: Decimal) -> Decimal:
        """This indicator's share of the fully recomputed 总分 (for the summary)."""
        if self.exact is not None:
            return self.exact
        lo = self.low if self.low is not None else ZERO
        hi = self.high if self.high is not None else weight
        s = stated if stated is not None else lo
        return min(max(s, lo), hi)


fast_init(IndicatorScore)


def _num(v: Decimal) -> str:
    return fmt.fmt_value(v)


@functools.lru_cache(maxsize=4096)
def norm_unit(u: str | None) -> str:
    return unicodedata.normalize("NFKC", u or "").strip().replace(" ", "")


def units_comparable(target: Measure, actual: Measure) -> bool:
    """Same unit after normalisation, or one side written without a unit (assumed the same)."""
    a, b = norm_unit(target.unit), norm_unit(actual.unit)
    return not a or not b or a == b


def actual_number(target: Measure, actual: Measure) -> Decimal | None:
    """B in the target's unit: a bare fraction against a percentage target (96% typed into a
    percent-formatted cell is stored as 0.96) is read as percent."""
    b = actual.number
    if (b is not None and target.number is not None and 0 < b <= 1 < target.number
            and norm_unit(target.unit) == "%" and not norm_unit(actual.unit)):
        return b * 100
    return b


def effective_op(target: Measure, cfg: Config) -> Op:
    """The target's operator; a target written without one (``100%``) per indicators.missing_operator."""
    if target.op is not None:
        return target.op
    return Op.GE if cfg.indicators.missing_operator == "ge" else Op.EQ


# Enum members bound once for the per-indicator scoring below (10^4 calls on a large workbook): on
# Python 3.11 each ``ValueKind.NUMBER`` read goes through the enum metaclass's attribute hook, and
# ``Op.direction`` compares the operator with four members.
_NUMBER, _DATE, _GRADE, _TEXT = ValueKind.NUMBER, ValueKind.DATE, ValueKind.GRADE, ValueKind.TEXT
_POSITIVE, _REVERSE, _EQUAL = Direction.POSITIVE, Direction.REVERSE, Direction.EQUAL
_DIRECTION: dict[Op, Direction] = {op: op.direction for op in Op}


def _clamp(v: Decimal, w: Decimal) -> Decimal:
    return min(max(v, ZERO), w)


def score_number(a: Decimal, b: Decimal, w: Decimal, op: Op, cfg: Config) -> IndicatorScore:
    """Arithmetic scoring of a numeric target A and actual B with weight w (docs/scoring.md §3)."""
    direction = _DIRECTION[op]
    if direction is _REVERSE:
        if b <= a:
            return IndicatorScore(Status.SCORED, w, w, missed=False, basis="reverse")
        if a <= 0:
            return IndicatorScore(Status.SCORED, ZERO, ZERO, missed=True, basis="reverse")
        if cfg.indicators.reverse_formula == "ratio":
            v = w * a / b
        else:
            v = ZERO if b >= 2 * a else w * (ONE - (b - a) / a)
        v = _clamp(v, w)
        return IndicatorScore(Status.SCORED, v, v, firm=False, missed=True, basis="reverse")
    if direction is _EQUAL and a == 0:
        ok = b <= 0
        v = w if ok else ZERO
        return IndicatorScore(Status.SCORED, v, v, missed=not ok, basis="equal-zero")
    basis = "positive" if direction is _POSITIVE else "equal"
    if a <= 0:  # a target of 0 or less: met by any B ≥ A
        v = w if b >= a else ZERO
        return IndicatorScore(Status.SCORED, v, v, missed=b < a, basis=basis)
    ratio = b / a
    if b >= a:
        over = direction is _POSITIVE and ratio >= cfg.indicators.over_warn
        # Over-achievement: the national rule allows a cut by the deviation without a number.
        low = ZERO if over else w
        return IndicatorScore(Status.SCORED, low, w, firm=not over, missed=False, ratio=ratio, basis=basis)
    v = _clamp(w * ratio, w)
    return IndicatorScore(Status.SCORED, v, v, missed=True, ratio=ratio, basis=basis)


GRADE_RANGE: dict[QualGrade, tuple[Decimal, Decimal, bool]] = {
    QualGrade.ACHIEVED: (Decimal("0.8"), ONE, False),
    QualGrade.PARTIAL: (Decimal("0.6"), Decimal("0.8"), True),
    QualGrade.MISSED: (ZERO, Decimal("0.6"), True),
}


def score_grade(grade: QualGrade, w: Decimal) -> IndicatorScore:
    lo, hi, open_ = GRADE_RANGE[grade]
    return IndicatorScore(Status.SCORED, w * lo, w * hi, high_open=open_,
                          missed=grade is not QualGrade.ACHIEVED, basis="grade")


def _resolve_date(m: Measure, year: int | None, *, end: bool) -> dt.date | None:
    if m.date is not None:
        return m.date
    y = m.year if m.year is not None else year
    if y is None or m.month is None:
        return None
    if m.day is not None:
        try:
            return dt.date(y, m.month, m.day)
        except ValueError:
            return None
    if not end:
        return dt.date(y, m.month, 1)
    nxt = dt.date(y + (m.month == 12), m.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def score_date(target: Measure, actual: Measure, w: Decimal, year: int | None) -> IndicatorScore:
    """A date target: 前/以前 (or no operator) is a deadline, 后/以后 a start.  Met → w; missed → no formula."""
    # a date written without a year (12月底前) is in the form's year, else in the other date's year
    t = _resolve_date(target, year if year is not None else actual.year, end=True)
    a = _resolve_date(actual, year if year is not None else target.year, end=False)
    if t is None or a is None:
        return IndicatorScore(Status.NOT_SCORABLE)
    op = target.op or Op.LE
    if op is Op.GE:
        met = a >= t
    elif op is Op.GT:
        met = a > t
    elif op is Op.LT:
        met = a < t
    else:  # LE, and EQ ("on that date" is a deadline too)
        met = a <= t
    if met:
        return IndicatorScore(Status.SCORED, w, w, missed=False, basis="date")
    return IndicatorScore(Status.NO_FORMULA, missed=True, basis="date")


def _indicator_score(ind: Indicator, cfg: Config, year: int | None = None) -> IndicatorScore:
    """Recompute one indicator's score (docs/scoring.md §3).  ``year``: the form's year, for dates without one."""
    w = ind.weight.value
    target, actual = ind.target.value, ind.actual.value
    if w is None:
        return IndicatorScore(Status.NO_WEIGHT)
    if actual is None:
        return IndicatorScore(Status.NO_ACTUAL)
    kind = actual.kind
    if kind is _GRADE and actual.grade is not None:
        return score_grade(actual.grade, w)
    if kind is _TEXT or (kind is _NUMBER and actual.op is not None):
        # neither a number nor a grade, or the target copied with its ≥
        return IndicatorScore(Status.NOT_SCORABLE)
    if target is None:
        return IndicatorScore(Status.NO_TARGET)
    if target.kind is _NUMBER and kind is _NUMBER:
        if not units_comparable(target, actual):
            return IndicatorScore(Status.UNIT_MISMATCH, target_unit=target.unit, actual_unit=actual.unit)
        b = actual_number(target, actual)
        assert target.number is not None and b is not None
        return score_number(target.number, b, w, effective_op(target, cfg), cfg)
    if target.kind is _DATE and kind is _DATE:
        return score_date(target, actual, w, year)
    if target.kind in (_NUMBER, _DATE):
        # a number against a date or the other way round
        return IndicatorScore(Status.UNIT_MISMATCH, target_unit=_kind_unit(target), actual_unit=_kind_unit(actual))
    return IndicatorScore(Status.TEXT_TARGET)


indicator_score = per_run(_indicator_score)


@per_run
def form_scores(form: ProjectForm, cfg: Config) -> list[IndicatorScore]:
    """Every indicator of the form recomputed, in the order of ``form.indicators``.

    One memo entry per form instead of one per indicator: the score rules, the 总分 arithmetic and the
    summary all walk a form's indicators with their scores, and a lookup per indicator per walk
    cost more than the walks themselves."""
    year = form_year(form)
    return [_indicator_score(ind, cfg, year) for ind in form.indicators]


def _kind_unit(m: Measure) -> str:
    if m.kind is ValueKind.DATE:
        return "日期"
    return m.unit or "—"


def form_year(form: ProjectForm) -> int | None:
    return form.year.value if form.year is not None else None


# --------------------------------------------------------------------------------------------------
# §1 totals and grades
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Totals:
    """The 总分 arithmetic of one form.

    parts: 预算执行率得分 + Σ 三级得分 from the stated scores (an empty part replaced by its recomputed
    value); None when some empty part cannot be recomputed.
    recomputed: every part recomputed where it can be (the summary's computed 总分); None without
    a recomputed 预算执行率得分.
    """

    parts: Decimal | None
    recomputed: Decimal | None


@per_run
def total_parts(form: ProjectForm, cfg: Config) -> Totals:
    funds = execution(form, cfg)
    total = form.total
    stated_exec = total.score.value if total is not None and total.score is not None else None
    parts: Decimal | None = stated_exec if stated_exec is not None else funds.score
    recomputed: Decimal | None = funds.score
    for ind, res in zip(form.indicators, form_scores(form, cfg), strict=True):
        s = ind.score.value
        if parts is not None:
            if s is not None:
                parts += s
            elif res.exact is not None:
                parts += res.exact
            else:
                parts = None
        if recomputed is not None:
            w = ind.weight.value
            if w is None:
                recomputed += s if s is not None else ZERO
            else:
                recomputed += res.contribution(s, w)
    return Totals(parts, recomputed)


def grade_basis(form: ProjectForm, cfg: Config) -> Decimal | None:
    """The 总分 a 自评等级 is judged by: the stated 总分 when it agrees with its parts, else the parts."""
    t = total_parts(form, cfg)
    stated = form.total_score
    if stated is not None and stated.value is not None and (t.parts is None or agrees(stated, t.parts, "score", cfg)):
        return stated.value
    return t.parts


# --------------------------------------------------------------------------------------------------
# §4 偏差原因
# --------------------------------------------------------------------------------------------------

_TRAIL = re.compile(r"[。．.！!；;，,\s]+$")


def is_boilerplate(text: str, cfg: Config) -> bool:
    """A reason that says nothing: one of the stock phrases, or shorter than reason_min_chars."""
    t, core = _reason_core(text)
    if core in BOILERPLATE or t in BOILERPLATE:
        return True
    return len(core) < cfg.indicators.reason_min_chars


@functools.lru_cache(maxsize=4096)
def _reason_core(text: str) -> tuple[str, str]:
    """A reason as compared with the stock phrases: (NFKC, stripped; and without any space or final
    punctuation).  Memoised by the text: the same stock phrases recur on every form."""
    t = unicodedata.normalize("NFKC", text).strip()
    return t, _TRAIL.sub("", re.sub(r"\s+", "", t))


def reason_text(cell: Cell[str] | None) -> str | None:
    """The typed reason, or None when the cell is empty (placeholders such as ``无`` count as typed
    when the reader kept them as raw text)."""
    if cell is None:
        return None
    if cell.value is not None:
        return str(cell.value).strip() or None
    return cell.text or None


# --------------------------------------------------------------------------------------------------
# What the API needs
# --------------------------------------------------------------------------------------------------


def summarize(wb: Workbook, cfg: Config, findings: Iterable[Finding]) -> list[ProjectSummary]:
    """One ProjectSummary per form: recomputed funds, stated and recomputed 总分 and grade, counts."""
    counts: dict[tuple[str | None, Severity], int] = {}
    for f in findings:
        key = (f.sheet, f.severity)
        counts[key] = counts.get(key, 0) + 1
    out: list[ProjectSummary] = []
    for form in wb.forms:
        funds = execution(form, cfg)
        totals = total_parts(form, cfg)
        stated_score = form.total_score.value if form.total_score is not None else None
        stated_grade = form.grade.value if form.grade is not None else None
        computed = points(totals.recomputed) if totals.recomputed is not None else None
        out.append(ProjectSummary(
            sheet=form.sheet,
            name=form.name.value if form.name is not None else None,
            budget=funds.budget,
            spent=funds.spent,
            execution_rate=round_to(funds.rate, 6) if funds.rate is not None else None,
            stated_score=stated_score,
            computed_score=computed,
            stated_grade=stated_grade,
            computed_grade=cfg.grade_for(computed) if computed is not None else None,
            errors=counts.get((form.sheet, Severity.ERROR), 0),
            warnings=counts.get((form.sheet, Severity.WARNING), 0),
            targets_missed=sum(1 for res in form_scores(form, cfg) if res.missed is True),
            indicators=len(form.indicators),
        ))
    return out


_YEAR = re.compile(r"(19|20|21)\d{2}")


def _year_of(v: object) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v if 1900 <= v <= 2199 else None
    if isinstance(v, Decimal):
        return _year_of(int(v)) if v == v.to_integral_value() else None
    if isinstance(v, dt.date):
        return v.year
    if isinstance(v, str):
        mt = _YEAR.search(unicodedata.normalize("NFKC", v))
        return int(mt.group(0)) if mt else None
    return None


def unit_and_year(wb: Workbook) -> tuple[str | None, int | None]:
    """单位名称 and 评价年度 from 单位概况, else from the forms: the project forms (实施单位, then 主管部门),
    the department form (预算部门名称), the monitoring forms (实施单位, then 主管部门); each form's year.
    The unit is whom the workbook goes back to (the send-back list, the roll-up)."""
    unit: str | None = None
    year: int | None = None
    if wb.unit is not None:
        c = wb.unit.values.get("unit_name")
        if c is not None and c.value is not None and str(c.value).strip():
            unit = str(c.value).strip()
        y = wb.unit.values.get("year")
        if y is not None:
            year = _year_of(y.value if y.value is not None else y.raw)
    forms: list[tuple[tuple[Cell[str] | None, ...], Cell[int] | None]] = [
        *(((f.implementer, f.department), f.year) for f in wb.forms),
        *(((d.name,), d.year) for d in wb.departments),
        *(((m.implementer, m.department), m.year) for m in wb.monitors)]
    for names, form_year in forms:
        if unit is None:
            for c2 in names:
                if c2 is not None and c2.value and c2.value.strip():
                    unit = c2.value.strip()
                    break
        if year is None and form_year is not None and form_year.value is not None:
            year = form_year.value
    return unit, year
