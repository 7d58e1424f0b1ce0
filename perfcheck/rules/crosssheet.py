"""PC5xx: across sheets -- 项目汇总 against the project forms, 单位概况, 问题与措施 (docs/scoring.md §7).

Every check here needs a workbook-level sheet; when it is missing (the reader reports that) the
check is skipped, never failed.  Project names are compared normalised: NFKC, spaces removed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from decimal import Decimal

from perfcheck import fmt
from perfcheck.config import Config
from perfcheck.layout import ISSUES, LIST_COLUMNS
from perfcheck.memo import per_run
from perfcheck.model import (
    Bilingual,
    Cell,
    CellRef,
    Direction,
    Hit,
    Indicator,
    ListRow,
    Op,
    ProjectForm,
    QualGrade,
    Severity,
    ValueKind,
    Workbook,
)
from perfcheck.rules._text import norm_name, norm_text, rows
from perfcheck.rules.base import rule
from perfcheck.scoring import agrees, execution, pct, pct_cell, sum_known

FAMILY = "crosssheet"
NONE_FOUND = "—"


def _row_name(r: ListRow) -> Cell[object] | None:
    c = r.cells.get("project_name")
    return c if c is not None and norm_name(c.text) else None


def _form_name(f: ProjectForm) -> str:
    return norm_name(f.name.text) if f.name is not None else ""


def _closest_text(closest: str, zh: str, en: str, zh_none: str) -> Bilingual:
    """The suggestion in a message: （最接近的…：X）, or that no name is similar (never a dash)."""
    if closest == NONE_FOUND:
        return Bilingual(f"（也没有名称相近的{zh_none}）", f" (and no {en} is similar)")
    return Bilingual(f"（最接近的{zh}：{closest}）", f" (closest {en}: {closest})")


SIMILAR = 0.6   # difflib ratio from which a name is suggested


def _closest(name: str, candidates: Iterable[tuple[str, str]]) -> str:
    """The shown text of the candidate (normalised, shown) closest to ``name``, or '—'."""
    cands = dict(candidates)
    best = difflib.get_close_matches(name, list(cands), n=1, cutoff=SIMILAR)
    return cands[best[0]] if best else NONE_FOUND


def _suggest(names: Iterable[str], unmatched: dict[str, str], every: dict[str, str]) -> dict[str, str]:
    """For each unmatched name, the name on the other side it most probably means.

    Unmatched names are paired one to one with the other side's unmatched names, most similar pairs
    first (so 二类-工经联运行经费 takes 二类-工经联运行经费监控 and 一类-日常运行经费 is not offered
    it too); a name left without a partner gets the closest of all the other side's names, or '—'."""
    todo = list(names)
    pairs = sorted(
        (-difflib.SequenceMatcher(None, a, b).ratio(), a, b) for a in todo for b in unmatched
    )
    out: dict[str, str] = {}
    used: set[str] = set()
    for neg, a, b in pairs:
        if -neg < SIMILAR:
            break
        if a in out or b in used:
            continue
        out[a] = unmatched[b]
        used.add(b)
    for a in todo:
        if a not in out:
            out[a] = _closest(a, every.items())
    return out


@per_run
def _pairs(wb: Workbook) -> tuple[dict[str, list[ListRow]], dict[str, list[ProjectForm]]]:
    """The 项目汇总 rows and the project forms by normalised project name (once per run: four rules
    ask; they only read the result)."""
    by_row: dict[str, list[ListRow]] = {}
    lst = wb.project_list
    if lst is not None:
        for r in lst.rows:
            c = _row_name(r)
            if c is not None:
                by_row.setdefault(norm_name(c.text), []).append(r)
    by_form: dict[str, list[ProjectForm]] = {}
    for f in wb.forms:
        n = _form_name(f)
        if n:
            by_form.setdefault(n, []).append(f)
    return by_row, by_form


@rule(
    code="PC501", slug="list-row-without-form", severity=Severity.ERROR,
    message={
        "zh": "项目汇总第{row}行“{name}”应有一张同名的项目自评表，实际没有{suggestion}",
        "en": "Project list row {row}, \"{name}\": expected a project form of the same name; found none "
              "{suggestion}",
    },
    summary={"zh": "项目汇总中的项目应有同名项目表", "en": "Every listed project has a form of the same name"},
    family=FAMILY,
)
def list_row_without_form(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """项目汇总中的每个项目都应有一张同名的项目自评表。Every listed project has its form.

    ## 检查内容 What it does
    Matches each 项目汇总 row to the project forms by 项目名称 (full-width → half-width, spaces
    removed).  A row with no form of that name gives a finding at its 项目名称 cell.  The message
    suggests the form it probably means: unmatched rows and unmatched forms are paired one to one,
    most similar first (difflib ratio ≥ 0.6); a row left over gets the closest of all forms, or —.
    Skipped when the workbook has no 项目汇总 sheet.

    ## 为什么 Why it matters
    A listed project without a form was never assessed, though its money was spent; a name that
    differs slightly usually means the form was filed under another name, so list and form no longer
    agree.

    ## 示例 Example
    Okay: full=True
    PC501: project_list=make_list([dict(project_name="示例项目"), dict(project_name="一类-日常运行经费")])

    ## 配置 Options
    None.
    """
    if wb.project_list is None:
        return
    by_row, by_form = _pairs(wb)
    every = {n: fs[0].name.text for n, fs in by_form.items() if fs[0].name is not None}
    unmatched = {n: t for n, t in every.items() if n not in by_row}
    missing = [k for k in by_row if k not in by_form]
    suggestion = _suggest(missing, unmatched, every)
    for key in missing:
        closest = suggestion[key]
        for r in by_row[key]:
            c = _row_name(r)
            assert c is not None
            yield Hit(c.at, {"row": r.row, "name": c.text,
                                      "closest": closest,
                                      "suggestion": _closest_text(closest, "项目表名称", "form name", "项目表")},
                      expected=c.text, actual=None if closest == NONE_FOUND else closest)


@rule(
    code="PC502", slug="form-without-list-row", severity=Severity.ERROR,
    message={
        "zh": "项目表“{name}”应在项目汇总中有同名的一行，实际没有{suggestion}",
        "en": "Form \"{name}\": expected a row of the same name in the project list; found none "
              "{suggestion}",
    },
    summary={"zh": "每张项目表应在项目汇总中有同名的一行", "en": "Every form has a row of the same name in the list"},
    family=FAMILY,
)
def form_without_list_row(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """每张项目自评表都应在项目汇总中有同名的一行。Every form has its row in the project list.

    ## 检查内容 What it does
    The reverse of PC501: a form whose 项目名称 matches no 项目汇总 row gives a finding at the form's
    项目名称 cell, suggesting the listed name it probably means (paired one to one as in PC501).
    Forms without a name are left to PC301; a second form with an already matched name is PC505.
    Skipped when the workbook has no 项目汇总 sheet.

    ## 为什么 Why it matters
    A form that is not in the list is not counted in the unit's totals; when its name is close to a
    listed one, the same project is probably filed under two names (scored twice, or a listed project
    never scored).

    ## 示例 Example
    Okay: full=True
    PC502: name="示例项目监控", project_list=make_list([dict(project_name="示例项目")])

    ## 配置 Options
    None.
    """
    if wb.project_list is None:
        return
    by_row, by_form = _pairs(wb)
    every = {n: (_row_name(rs[0]) or rs[0].cells["project_name"]).text for n, rs in by_row.items()}
    unmatched = {n: t for n, t in every.items() if n not in by_form}
    missing = [k for k in by_form if k not in by_row]
    suggestion = _suggest(missing, unmatched, every)
    for key in missing:
        closest = suggestion[key]
        fs = by_form[key]
        for f in fs:
            assert f.name is not None
            yield Hit(f.name.at, {"name": f.name.text,
                                           "closest": closest,
                                           "suggestion": _closest_text(closest, "汇总项目名称", "listed name", "汇总项目")},
                      expected=None if closest == NONE_FOUND else closest, actual=f.name.text)


def _bilingual(key: str) -> Bilingual:
    return LIST_COLUMNS[key].bilingual()


def _form_values(form: ProjectForm, cfg: Config) -> dict[str, tuple[object, str]]:
    """The form's own value for each comparable 项目汇总 column: key → (value, kind).

    Amounts and the rate as stated on the form's 年度资金总额 row, or recomputed when not stated;
    score and grade as stated."""
    ex = execution(form, cfg)
    line = form.total
    out: dict[str, tuple[object, str]] = {}

    def pick(cell: Cell[Decimal] | None, computed: Decimal | None) -> Decimal | None:
        if cell is not None and cell.value is not None:
            return cell.value
        return computed

    out["initial_budget"] = (pick(line.initial if line else None, ex.initial), "amount")
    out["annual_budget"] = (pick(line.budget if line else None, ex.budget), "amount")
    out["spent"] = (pick(line.spent if line else None, ex.spent), "amount")
    out["rate"] = (pick(line.rate if line else None, ex.rate), "rate")
    out["score"] = (form.total_score.value if form.total_score is not None else None, "score")
    out["grade"] = (form.grade.value if form.grade is not None else None, "text")
    return out


@rule(
    code="PC503", slug="list-row-mismatch", severity=Severity.ERROR,
    message={
        "zh": "项目汇总第{row}行“{name}”的 {column} 为 {stated}，与项目表“{sheet}”的 {expected} 不一致",
        "en": "Project list row {row}, \"{name}\": {column} is {stated} but the form \"{sheet}\" states {expected}",
    },
    summary={"zh": "项目汇总各列应与项目表一致", "en": "List row values equal the project form's"},
    family=FAMILY,
    options=("weights.execution", "tolerances.amount", "tolerances.score", "execution.formula",
             "execution.decimals", "execution.bands"),
)
def list_row_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """项目汇总中的预算、执行、执行率、自评得分和等级应与项目表一致。The list row equals its form.

    ## 检查内容 What it does
    For each 项目汇总 row matched to exactly one form by name, compares 年初预算数, 全年预算数,
    全年执行数, 执行率, 自评得分 and 自评等级 with the form's 年度资金总额 row (recomputed from the
    funds lines when the form leaves it empty), its 总分 and its 自评等级.  Numbers agree as in
    docs/scoring.md §0 (rounded to the decimals the list shows, or within the amount/score tolerance).
    One finding per disagreeing list cell, at that cell.  Empty list cells are not compared.

    ## 为什么 Why it matters
    The list is what the finance bureau adds up; a row that was typed separately from its form and
    not updated reports a budget or a score that the form does not support.

    ## 示例 Example
    Okay: full=True
    Okay: project_list=make_list([dict(project_name="示例项目", initial_budget=100, annual_budget=100, spent=100, rate="1.00", score=100, grade="优")])
    PC503: project_list=make_list([dict(project_name="示例项目", initial_budget=100, annual_budget=100, spent=90, rate=1, score=100, grade="优")])
    PC503: project_list=make_list([dict(project_name="示例项目", score=100, grade="良")])

    ## 配置 Options
    """
    if wb.project_list is None:
        return
    by_row, by_form = _pairs(wb)
    for key, rs in by_row.items():
        fs = by_form.get(key, [])
        if len(rs) != 1 or len(fs) != 1:
            continue
        r, f = rs[0], fs[0]
        name_cell = _row_name(r)
        assert name_cell is not None
        for col, (value, kind) in _form_values(f, cfg).items():
            cell = r.cells.get(col)
            if cell is None or cell.value is None or value is None:
                continue
            if kind == "text":
                ok = norm_text(cell.text) == norm_text(value)
            else:
                assert isinstance(value, Decimal)
                ok = agrees(cell, value, kind, cfg)  # type: ignore[arg-type]
            if not ok:
                stated: object = cell.value
                shown: object = value
                if kind == "rate":
                    assert isinstance(value, Decimal)
                    stated, shown = pct_cell(cell), pct(value)  # type: ignore[arg-type]
                yield Hit(cell.at, {"row": r.row, "name": name_cell.text, "column": _bilingual(col),
                                             "stated": stated, "sheet": f.sheet, "expected": shown},
                          expected=value, actual=cell.value)


_SUM_COLUMNS = ("initial_budget", "annual_budget", "spent")


@rule(
    code="PC504", slug="list-total-mismatch", severity=Severity.ERROR,
    message={
        "zh": "项目汇总合计行的 {column} 为 {stated}，应为各项目之和 {expected}",
        "en": "Project list total row: {column} is {stated}; the sum of the project rows is {expected}",
    },
    summary={"zh": "项目汇总合计行应等于各项目之和", "en": "The list's 合计 row equals the sum of its rows"},
    family=FAMILY,
    options=("tolerances.amount",),
)
def list_total_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """项目汇总的合计行应等于各项目行之和。The 合计 row equals the sum of the project rows.

    ## 检查内容 What it does
    For 年初预算数, 全年预算数 and 全年执行数, sums the project rows and compares the 合计 cell
    (§0 agreement); the 合计 执行率 must equal Σ全年执行数 ÷ Σ全年预算数.  One finding per disagreeing
    合计 cell, at that cell.  Empty 合计 cells, and lists without a 合计 row, are skipped.

    ## 为什么 Why it matters
    The 合计 row is the unit's total that the finance bureau reads; a stale total (a row added after
    the formula was written, or typed by hand) misstates the unit's spending.

    ## 示例 Example
    Okay: full=True
    PC504: project_list=make_list([dict(project_name="示例项目", initial_budget=100, annual_budget=100, spent=100, rate=1)], total=dict(initial_budget=100, annual_budget=120, spent=100, rate=1))

    ## 配置 Options
    """
    lst = wb.project_list
    if lst is None or lst.total is None or not lst.rows:
        return
    sums: dict[str, Decimal | None] = {}
    for col in _SUM_COLUMNS:
        sums[col] = sum_known(c.value for r in lst.rows
                              if (c := r.cells.get(col)) is not None and isinstance(c.value, Decimal))
    checks: list[tuple[str, Decimal, str]] = [(c, s, "amount") for c, s in sums.items() if s is not None]
    budget, spent = sums["annual_budget"], sums["spent"]
    if budget and spent is not None:
        checks.append(("rate", spent / budget, "rate"))
    for col, expected, kind in checks:
        cell = lst.total.cells.get(col)
        if cell is None or not isinstance(cell.value, Decimal):
            continue
        if agrees(cell, expected, kind, cfg):  # type: ignore[arg-type]
            continue
        if kind == "rate":
            ctx_exp: object = pct(expected)
            ctx_st: object = pct_cell(cell)  # type: ignore[arg-type]
        else:
            ctx_exp, ctx_st = expected, cell.value
        yield Hit(cell.at, {"column": _bilingual(col), "stated": ctx_st, "expected": ctx_exp},
                  expected=expected, actual=cell.value)


@rule(
    code="PC505", slug="duplicate-project-name", severity=Severity.ERROR,
    message={
        "zh": "项目名称“{name}”重复：{where}已有同名项目，每个项目应只出现一次",
        "en": "Project name \"{name}\" is used twice (also at {where}); each project should appear once",
    },
    summary={"zh": "项目名称不应重复", "en": "No two projects with the same name"},
    family=FAMILY,
)
def duplicate_project_name(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """不应有两个同名项目（项目表或项目汇总行）。No two projects share a name.

    ## 检查内容 What it does
    Compares the 项目名称 of the forms with each other, and those of the 项目汇总 rows with each other
    (normalised).  Every repeat gives a finding at its own name cell, naming the first occurrence.

    ## 为什么 Why it matters
    Two forms with one name are one project scored twice (and counted twice in the unit's totals),
    or a copied form whose name was not changed.

    ## 示例 Example
    Okay: forms=[dict(sheet="项目1", name="项目甲"), dict(sheet="项目2", name="项目乙")]
    PC505: forms=[dict(sheet="项目1", name="项目甲"), dict(sheet="项目2", name="项目 甲")]

    ## 配置 Options
    None.
    """
    by_row, by_form = _pairs(wb)
    for fs in by_form.values():
        first = fs[0]
        assert first.name is not None
        for f in fs[1:]:
            assert f.name is not None
            yield Hit(f.name.at, {"name": f.name.text, "where": str(first.name.at)},
                      expected=None, actual=f.name.text, related=(first.name.at,))
    for rs in by_row.values():
        c0 = _row_name(rs[0])
        assert c0 is not None
        for r in rs[1:]:
            c = _row_name(r)
            assert c is not None
            yield Hit(c.at, {"name": c.text, "where": str(c0.at)},
                      expected=None, actual=c.text, related=(c0.at,))


def _unit_num(wb: Workbook, key: str) -> Cell[object] | None:
    if wb.unit is None:
        return None
    c = wb.unit.values.get(key)
    return c if c is not None and isinstance(c.value, Decimal | int) and not isinstance(c.value, bool) else None


def _dec(c: Cell[object]) -> Decimal:
    v = c.value
    assert isinstance(v, Decimal | int)
    return Decimal(v)


@rule(
    code="PC506", slug="unit-staff-sum", severity=Severity.ERROR,
    message={
        "zh": "单位概况的编制人数 {stated} 应等于行政编制 {admin} + 事业编制 {public} = {expected}",
        "en": "Unit facts: authorised staff {stated} should equal administrative {admin} + public-institution "
              "{public} = {expected}",
    },
    summary={"zh": "编制人数 = 行政编制 + 事业编制", "en": "Authorised staff = administrative + public-institution"},
    family=FAMILY,
)
def unit_staff_sum(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """单位概况中编制人数应等于行政编制与事业编制之和。Staff quota = administrative + public quota.

    ## 检查内容 What it does
    On 单位概况, compares 编制人数 with 其中：行政编制 + 事业编制.  A difference gives a finding at the
    编制人数 cell.  Skipped when the sheet or any of the three values is missing.

    ## 为什么 Why it matters
    The unit's facts are the context of every project; a quota that does not add up makes the
    reviewer doubt the rest of the numbers.

    ## 示例 Example
    Okay: unit=make_unit(dict(staff_quota=19, admin_quota=5, public_quota=14))
    PC506: unit=make_unit(dict(staff_quota=20, admin_quota=5, public_quota=14))

    ## 配置 Options
    None.
    """
    total, admin, public = (_unit_num(wb, k) for k in ("staff_quota", "admin_quota", "public_quota"))
    if total is None or admin is None or public is None:
        return
    expected = _dec(admin) + _dec(public)
    if _dec(total) != expected:
        yield Hit(total.at, {"stated": _dec(total), "admin": _dec(admin), "public": _dec(public),
                                      "expected": expected}, expected=expected, actual=_dec(total))


@rule(
    code="PC507", slug="unit-budget-units", severity=Severity.ERROR,
    message={
        "zh": "单位概况的预算单位数 {stated} 应等于本级 1 + 二级预算单位数 {secondary} = {expected}",
        "en": "Unit facts: budget units {stated} should equal the unit itself (1) + secondary budget units "
              "{secondary} = {expected}",
    },
    summary={"zh": "预算单位数 = 1（本级）+ 二级预算单位数", "en": "Budget units = 1 (the unit) + secondary units"},
    family=FAMILY,
)
def unit_budget_units(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """单位概况中预算单位数应等于本级 1 个加二级预算单位数。Budget units = 1 + secondary units.

    ## 检查内容 What it does
    On 单位概况, compares 预算单位数 with 1 (本级) + 其中：二级预算单位数.  A difference gives a
    finding at the 预算单位数 cell.  Skipped when the sheet or either value is missing.

    ## 为什么 Why it matters
    "共有预算单位2个，包括局本级和2个所属二级预算单位" counts three units as two: either a secondary
    unit's budget is missing from the report, or the count is wrong.

    ## 示例 Example
    Okay: unit=make_unit(dict(budget_units=3, secondary_units=2))
    PC507: unit=make_unit(dict(budget_units=2, secondary_units=2))

    ## 配置 Options
    None.
    """
    total, secondary = _unit_num(wb, "budget_units"), _unit_num(wb, "secondary_units")
    if total is None or secondary is None:
        return
    expected = 1 + _dec(secondary)
    if _dec(total) != expected:
        yield Hit(total.at, {"stated": _dec(total), "secondary": _dec(secondary), "expected": expected},
                  expected=expected, actual=_dec(total))


def _missed(ind: Indicator) -> bool:
    """True when the row's own numbers say its target was missed (score below points, a grade below
    达成, or a number on the wrong side of its target in the same unit)."""
    w, s = ind.weight.value, ind.score.value
    if w is not None and s is not None and s < w:
        return True
    t, a = ind.target.value, ind.actual.value
    if a is not None and a.kind is ValueKind.GRADE and a.grade is not QualGrade.ACHIEVED:
        return True
    if (t is not None and a is not None and t.kind is ValueKind.NUMBER and a.kind is ValueKind.NUMBER
            and t.number is not None and a.number is not None and norm_text(t.unit) == norm_text(a.unit)):
        op = t.op or Op.EQ
        if op.direction is Direction.POSITIVE:
            return a.number < t.number
        if op.direction is Direction.REVERSE:
            return a.number > t.number
    return False


def _shortfall(wb: Workbook, cfg: Config) -> tuple[str, CellRef] | None:
    """The first project that missed a target or did not spend its budget: (project name, evidence cell)."""
    for f in wb.forms:
        name = f.name.text if f.name is not None else f.sheet
        ex = execution(f, cfg)
        if ex.rate is not None and ex.rate < 1:
            line = f.total
            at = line.rate.at if line is not None and line.rate is not None else (
                line.spent.at if line is not None else f.anchor)
            return name, at
        for ind in rows(f.indicators):
            if _missed(ind):
                return name, ind.score.at
    if wb.project_list is not None:
        for r in wb.project_list.rows:
            c, n = r.cells.get("rate"), _row_name(r)
            if c is not None and isinstance(c.value, Decimal) and c.value < 1 and n is not None:
                return n.text, c.at
    return None


@rule(
    code="PC508", slug="issues-block-empty", severity=Severity.WARNING,
    message={
        "zh": "问题与措施的 {field} 应填写，实际为空",
        "en": "Issues sheet: {field} should be filled in; found empty",
    },
    summary={"zh": "存在的问题和下一步工作措施应填写", "en": "Problems and next steps filled in"},
    family=FAMILY,
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def issues_block_empty(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """问题与措施的两部分都应填写。Both blocks of the issues sheet are filled in.

    ## 检查内容 What it does
    On 问题与措施, 存在的问题 and 下一步工作措施 must both hold text.  An empty block gives a finding at
    its cell (at the sheet's first cell when its label was not found).  When some project missed a
    target or its budget, an empty 存在的问题 is reported by PC509 (an error) instead.  Skipped when
    the workbook has no 问题与措施 sheet.

    ## 为什么 Why it matters
    The self-assessment is meant to lead to improvements (财预〔2020〕10号: 结果应用); a report without
    problems or measures has not drawn any conclusion.

    ## 示例 Example
    Okay: full=True
    PC508: issues=make_issues("培训课程安排偏紧，部分学员未能全程参加。", None)

    ## 配置 Options
    """
    blk = wb.issues
    if blk is None:
        return
    left_to_509 = _shortfall(wb, cfg) is not None
    for key, cell in (("problems", blk.problems), ("measures", blk.measures)):
        if key == "problems" and left_to_509:
            continue
        if cell is None or cell.empty:
            yield Hit(cell.at if cell is not None else blk.anchor, {"field": ISSUES[key].bilingual()},
                      expected=ISSUES[key].zh, actual=None)


@rule(
    code="PC509", slug="issues-problems-missing", severity=Severity.ERROR,
    message={
        "zh": "项目“{project}”未完成目标或预算（见 {evidence}），存在的问题应说明原因，实际为空",
        "en": "Project \"{project}\" missed a target or its budget (see {evidence}); the problems block should "
              "explain it, but it is empty",
    },
    summary={"zh": "有未完成的项目时存在的问题不应为空", "en": "Problems stated when a project fell short"},
    family=FAMILY,
    options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands"),
)
def issues_problems_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """有项目未完成目标或执行率低于 100% 时，存在的问题不得为空。Shortfalls are explained.

    ## 检查内容 What it does
    When any project has a recomputed 执行率 below 100% (or a 项目汇总 rate below 100%), or an
    indicator whose own numbers show the target missed (得分 < 分值, a grade below 达成年度指标, or a
    number on the wrong side of its target), the 存在的问题 block must not be empty.  The finding
    points at the empty block and names the first such project and the cell that shows it.

    ## 为什么 Why it matters
    A shortfall with no stated problem hides it from the unit's conclusions; the next year's budget
    is decided on these.

    ## 示例 Example
    Okay: spent=80, rate="0.8", exec_score=8, total_score=98, issues=make_issues("部分培训延至次年，资金未按期支付。", "下一步将提前安排培训计划。")
    Okay: issues=make_issues(None, "下一步将提前安排培训计划。")
    PC509: spent=80, rate="0.8", exec_score=8, total_score=98, issues=make_issues(None, "下一步将提前安排培训计划。")
    PC509: edit={0: dict(actual=m(None, 40, "人"), score=16)}, issues=make_issues(None, "下一步将提前安排培训计划。")

    ## 配置 Options
    """
    blk = wb.issues
    if blk is None:
        return
    cell = blk.problems
    if cell is not None and not cell.empty:
        return
    found = _shortfall(wb, cfg)
    if found is None:
        return
    project, evidence = found
    yield Hit(cell.at if cell is not None else blk.anchor,
              {"project": project, "evidence": str(evidence)}, expected=ISSUES["problems"].zh, actual=None,
              related=(evidence,))



def _forms_more(forms_total: Decimal, list_total: Decimal) -> Bilingual:
    size = fmt.amount(abs(forms_total - list_total))
    if forms_total > list_total:
        return Bilingual(f"表中多 {size} 万元", f"the forms have {size} 万元 more")
    return Bilingual(f"表中少 {size} 万元", f"the forms have {size} 万元 less")


def _form_for_row(wb: Workbook) -> dict[int, list[ProjectForm]]:
    """Each form assigned to the list row it stands for: the row of the same name, else the most
    similar row name (difflib ≥ SIMILAR).  Key: the row's Excel row number."""
    lst = wb.project_list
    out: dict[int, list[ProjectForm]] = {}
    if lst is None:
        return out
    rows_by_name: dict[str, ListRow] = {}
    for r in lst.rows:
        c = _row_name(r)
        if c is not None:
            rows_by_name.setdefault(norm_name(c.text), r)
    for f in wb.forms:
        n = _form_name(f)
        if not n:
            continue
        row: ListRow | None = rows_by_name.get(n)
        if row is None:
            best = difflib.get_close_matches(n, list(rows_by_name), n=1, cutoff=SIMILAR)
            row = rows_by_name[best[0]] if best else None
        if row is not None:
            out.setdefault(row.row, []).append(f)
    return out


@rule(
    code="PC510", slug="forms-total-vs-list", severity=Severity.ERROR, consequence_of=("PC504",),
    message={
        "zh": "各项目自评表的全年预算数合计 {forms_total}，项目汇总的合计为 {list_total}（{diff}）{detail}",
        "en": "The project forms' annual budgets add up to {forms_total}; the project list's total is "
              "{list_total} ({diff}){detail}",
    },
    summary={"zh": "项目表的预算合计与项目汇总合计不符（重复或漏评的项目）",
             "en": "The forms' budgets do not add up to the list's total (a project scored twice or never)"},
    family=FAMILY,
    options=("weights.execution", "tolerances.amount", "execution.formula", "execution.decimals",
             "execution.bands"),
)
def forms_total_vs_list(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """项目自评表的全年预算数之和应等于项目汇总的合计。 The forms add up to the list's total.

    ## 检查内容 What it does
    把每张项目自评表重算的全年预算数相加，与项目汇总合计行的全年预算数比较（合计为空时用各行之和），
    超过金额容差即在合计单元格报告一次，并说明原因：哪个汇总项目有两张表（重复自评），哪个汇总项目没有表
    （漏评）。表与汇总行按名称对应，名称不同时取最相近的名称。
    Adds up the recomputed 全年预算数 of every form and compares it with the list's 合计 (the sum of
    its rows when 合计 is empty); beyond the amount tolerance, one finding at the 合计 cell naming
    the cause: a listed project with two forms (scored twice) and a listed project with none (never
    scored).  Forms are matched to rows by name, else by the most similar name.

    ## 为什么 Why it matters
    单位的自评应覆盖项目汇总中的每一个项目、且只覆盖一次；合计对不上，说明有项目被重复自评或漏评。
    A unit's self-assessment covers every listed project exactly once; totals that do not agree
    mean a project was scored twice or not at all.

    ## 示例 Example
    Okay: forms=[dict(name="甲"), dict(name="乙")], full=True
    PC510: forms=[dict(name="甲"), dict(name="甲项目")], project_list=make_list([dict(project_name="甲", annual_budget=100), dict(project_name="乙", annual_budget=50)], total=dict(annual_budget=150))

    ## 配置 Options
    """
    lst = wb.project_list
    if lst is None or not lst.rows or not wb.forms:
        return
    budgets = [execution(f, cfg).budget for f in wb.forms]
    if any(b is None for b in budgets):
        return
    forms_total = sum((b for b in budgets if b is not None), Decimal(0))
    cell = lst.total.cells.get("annual_budget") if lst.total is not None else None
    if cell is not None and isinstance(cell.value, Decimal):
        list_total: Decimal = cell.value
        at = cell.at
    else:
        vals = [c.value for r in lst.rows if (c := r.cells.get("annual_budget")) is not None
                and isinstance(c.value, Decimal)]
        if not vals:
            return
        list_total = sum(vals, Decimal(0))
        at = lst.header.get("annual_budget", lst.anchor)
    if abs(forms_total - list_total) <= cfg.tolerances.amount:
        return
    assigned = _form_for_row(wb)
    twice: list[str] = []
    never: list[str] = []
    for r in lst.rows:
        c = _row_name(r)
        if c is None:
            continue
        fs = assigned.get(r.row, [])
        if len(fs) > 1:
            twice.append(f"“{c.text}”（{'、'.join(f.sheet for f in fs)}）")
        elif not fs:
            never.append(f"“{c.text}”")
    zh: list[str] = []
    en: list[str] = []
    if twice:
        zh.append("重复自评：" + "；".join(twice))
        en.append("scored twice: " + "; ".join(t.replace("（", " (").replace("）", ")").replace("、", ", ")
                                              for t in twice))
    if never:
        zh.append("没有自评表：" + "、".join(never))
        en.append("no form: " + ", ".join(never))
    detail = Bilingual("。" + "；".join(zh) if zh else "", ". " + "; ".join(en) if en else "")
    yield Hit(at, {"forms_total": fmt.amount_unit(forms_total), "list_total": fmt.amount_unit(list_total),
                            "diff": _forms_more(forms_total, list_total),
                            "detail": detail},
              expected=list_total, actual=forms_total)
