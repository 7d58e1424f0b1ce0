"""What a narrative report may say about a workbook, computed once from the model.

The draft writes these figures and the PC8xx checks compare a report with them, so the two agree by
construction.  Every number comes from :mod:`perfcheck.scoring` (the checks' own arithmetic):

* a project's funds are the form's recomputed 年度资金总额 (``scoring.execution``), or the 项目汇总
  row's values when the project has no form;
* its score is the fully recomputed 总分 (``scoring.total_parts(...).recomputed``, two decimals, as in
  the summary), or the stated one (form 总分, else 项目汇总 自评得分) when it cannot be recomputed;
  its grade is the configured grade of that score.

Projects are the named 项目汇总 rows (the unit's list), or the forms when there is no list.  Forms
are matched to rows by name tolerantly (:func:`name_key`: 监控 suffixes, ``二类-`` prefixes,
punctuation and spaces ignored; else the most similar name with a ratio of at least 0.8).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from perfcheck.config import Config
from perfcheck.findings import Finding
from perfcheck.fmt import fmt_value
from perfcheck.fmt import text_or_none as _text
from perfcheck.model import CellRef, Indicator, ListRow, ProjectForm, Workbook

SIMILAR = 0.8


def amount_text(v: Decimal) -> str:
    """An amount in 万元 as the draft writes it and the checks quote it: ``1,737.482``."""
    from perfcheck.scoring import round_to

    s = fmt_value(round_to(v, 6))
    whole, _, frac = s.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return sign + whole + ("." + frac if frac else "")


def score_text(v: Decimal) -> str:
    """A score as the draft writes it: two decimals at most, zeros trimmed (``96.03``, ``100``)."""
    from perfcheck.scoring import points

    return fmt_value(points(v))


def rate_text(v: Decimal) -> str:
    """A rate (a fraction) as a percentage: ``98.22%``."""
    from perfcheck.scoring import pct

    return pct(v)

_CLASS_PREFIX = re.compile(r"^(?:[一二三四五六七八九十\d]+(?:-\d+)?类[-－—]?)+")
_SUFFIX = re.compile(r"(?:绩效)?(?:监控|自评)(?:表)?$")
_PUNCT = re.compile(r"[\s\-－—_·•、，,。.．:：;；“”\"'‘’()（）《》<>\[\]【】/]+")


def name_key(name: str) -> str:
    """A project name for tolerant comparison: NFKC, numbering, 监控 suffix, 类- prefixes and
    punctuation removed.  ``1、二类-工经联运行经费监控`` → ``工经联运行经费``."""
    from perfcheck.narrative.document import strip_numbering

    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    s = strip_numbering(s)
    s = _SUFFIX.sub("", s)
    s = _CLASS_PREFIX.sub("", s)
    s = _PUNCT.sub("", s)
    return s


@dataclass(frozen=True, slots=True)
class Match:
    index: int            # the project's position in Facts.projects
    exact: bool
    ratio: float


def best_match(name: str, keys: list[str]) -> Match | None:
    """The project whose key equals ``name``'s, else the most similar one (ratio ≥ 0.8)."""
    k = name_key(name)
    if not k:
        return None
    for i, key in enumerate(keys):
        if key == k:
            return Match(i, True, 1.0)
    best: Match | None = None
    for i, key in enumerate(keys):
        if not key:
            continue
        r = difflib.SequenceMatcher(None, k, key).ratio()
        if r >= SIMILAR and (best is None or r > best.ratio):
            best = Match(i, False, r)
    return best


@dataclass(frozen=True, slots=True)
class Figure:
    """A number and the workbook cell a clerk would change (None where there is none)."""

    value: Decimal | None
    at: CellRef | None = None


@dataclass(slots=True)
class ProjectFacts:
    name: str
    at: CellRef | None
    form: ProjectForm | None
    row: ListRow | None
    initial: Figure
    budget: Figure
    spent: Figure
    rate: Figure                       # a fraction
    score: Figure                      # recomputed where possible, else stated
    recomputed: bool                   # score is perfcheck's own
    stated_score: Decimal | None
    grade: str | None                  # the grade of ``score``
    stated_grade: str | None
    indicators: tuple[Indicator, ...] = ()
    funds_reason: str | None = None
    goal_expected: str | None = None
    goal_actual: str | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(slots=True)
class Facts:
    unit_name: str | None
    year: int | None
    department: str | None
    counts: dict[str, Figure]          # UNIT keys with a number: budget_units, staff_quota …
    duties: list[str]
    projects: list[ProjectFacts]
    total_budget: Figure
    total_spent: Figure
    total_initial: Figure
    problems: str | None
    problems_at: CellRef | None
    measures: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.projects]

    @property
    def total_rate(self) -> Decimal | None:
        b, s = self.total_budget.value, self.total_spent.value
        return s / b if b and s is not None else None

    @property
    def secondary_units(self) -> Decimal | None:
        return self.counts["secondary_units"].value if "secondary_units" in self.counts else None


COUNT_KEYS = ("budget_units", "secondary_units", "staff_quota", "admin_quota", "public_quota", "self_hired",
              "volunteers", "purchased_posts", "actual_staff", "retired")


def _dec(v: object) -> Decimal | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, int):
        return Decimal(v)
    return None


def _row_figure(row: ListRow | None, key: str) -> Figure:
    if row is None:
        return Figure(None)
    c = row.cells.get(key)
    if c is None:
        return Figure(None)
    return Figure(_dec(c.value), c.at)


def _form_for(row_name: str, forms: list[ProjectForm]) -> ProjectForm | None:
    keys = [name_key(f.name.text) if f.name is not None else "" for f in forms]
    m = best_match(row_name, keys)
    if m is None:
        return None
    if not m.exact and any(k == name_key(row_name) for k in keys):
        return None
    return forms[m.index]


def _project(name: str, at: CellRef | None, form: ProjectForm | None, row: ListRow | None,
             cfg: Config) -> ProjectFacts:
    from perfcheck import scoring

    initial, budget, spent, rate = (_row_figure(row, k) for k in ("initial_budget", "annual_budget", "spent", "rate"))
    stated_score = _row_figure(row, "score")
    stated_grade = _text(row.cells["grade"].value) if row is not None and "grade" in row.cells else None
    score = stated_score
    recomputed = False
    indicators: tuple[Indicator, ...] = ()
    reason = goal_e = goal_a = None
    if form is not None:
        ex = scoring.execution(form, cfg)
        line = form.total
        if line is not None:
            initial = Figure(ex.initial, line.initial.at)
            budget = Figure(ex.budget, line.budget.at)
            spent = Figure(ex.spent, line.spent.at)
            rate = Figure(ex.rate, line.rate.at if line.rate is not None else line.spent.at)
            reason = scoring.reason_text(line.reason)
        else:
            initial, budget, spent, rate = (Figure(v, form.anchor) for v in (ex.initial, ex.budget, ex.spent, ex.rate))
        if rate.value is None and ex.budget and ex.spent is not None:
            rate = Figure(ex.spent / ex.budget, rate.at)
        totals = scoring.total_parts(form, cfg)
        at_score = form.total_score.at if form.total_score is not None else form.anchor
        stated = form.total_score.value if form.total_score is not None else None
        if totals.recomputed is not None:
            score, recomputed = Figure(scoring.points(totals.recomputed), at_score), True
        else:
            score = Figure(stated if stated is not None else stated_score.value, at_score)
        stated_score = Figure(stated, at_score) if stated is not None else stated_score
        if form.grade is not None and _text(form.grade.value):
            stated_grade = _text(form.grade.value)
        indicators = form.indicators
        goal_e = _text(form.goal_expected.value) if form.goal_expected is not None else None
        goal_a = _text(form.goal_actual.value) if form.goal_actual is not None else None
    elif rate.value is None and budget.value and spent.value is not None:
        rate = Figure(spent.value / budget.value, rate.at)
    grade = cfg.grade_for(score.value) if score.value is not None else None
    return ProjectFacts(name=name, at=at, form=form, row=row, initial=initial, budget=budget, spent=spent,
                        rate=rate, score=score, recomputed=recomputed, stated_score=stated_score.value,
                        grade=grade, stated_grade=stated_grade, indicators=indicators, funds_reason=reason,
                        goal_expected=goal_e, goal_actual=goal_a)


def build(wb: Workbook, cfg: Config, findings: list[Finding] | None = None) -> Facts:
    """The facts of a read workbook (call inside a run: scoring memoises per run)."""
    from perfcheck import scoring

    unit_name, year = scoring.unit_and_year(wb)
    counts: dict[str, Figure] = {}
    duties: list[str] = []
    department = None
    if wb.unit is not None:
        for key in COUNT_KEYS:
            c = wb.unit.values.get(key)
            if c is not None:
                counts[key] = Figure(_dec(c.value), c.at)
        d = wb.unit.values.get("duties")
        if d is not None and _text(d.value):
            duties = [ln.strip() for ln in str(d.value).splitlines() if ln.strip()]
        dep = wb.unit.values.get("department")
        department = _text(dep.value) if dep is not None else None
    forms = list(wb.forms)
    projects: list[ProjectFacts] = []
    lst = wb.project_list
    rows = [r for r in lst.rows if (c := r.cells.get("project_name")) is not None and c.text] if lst else []
    if rows:
        for r in rows:
            c = r.cells["project_name"]
            projects.append(_project(c.text, c.at, _form_for(c.text, forms), r, cfg))
    else:
        for f in forms:
            if f.name is not None and f.name.text:
                projects.append(_project(f.name.text, f.name.at, f, None, cfg))

    def total(key: str, attr: str) -> Figure:
        at = None
        if lst is not None and lst.total is not None and key in lst.total.cells:
            at = lst.total.cells[key].at
        return Figure(scoring.sum_known(getattr(p, attr).value for p in projects), at)

    problems = measures = None
    problems_at = None
    if wb.issues is not None:
        if wb.issues.problems is not None:
            problems, problems_at = _text(wb.issues.problems.value), wb.issues.problems.at
        if wb.issues.measures is not None:
            measures = _text(wb.issues.measures.value)
    return Facts(unit_name=unit_name, year=year, department=department, counts=counts, duties=duties,
                 projects=projects, total_budget=total("annual_budget", "budget"),
                 total_spent=total("spent", "spent"), total_initial=total("initial_budget", "initial"),
                 problems=problems, problems_at=problems_at, measures=measures, findings=list(findings or []))
