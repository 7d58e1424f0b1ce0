"""PC8xx: the narrative 自评报告 against its workbook (``perfcheck validate WORKBOOK --narrative REPORT``).

Every rule here reads ``wb.narrative`` and does nothing without one.  Each finding names the
paragraph in its message (第N段 and a short quote, so it shows in any report or sheet) and carries
``paragraph`` and ``quote`` in its values (the JSON's ``paragraph`` field); it points at the workbook
cell that holds the number the text contradicts, where there is one.  The figures compared with are
:mod:`perfcheck.narrative.facts` -- the same ones ``perfcheck draft`` writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from perfcheck.config import Config
from perfcheck.fmt import fmt_value
from perfcheck.memo import per_run
from perfcheck.model import Bilingual, CellRef, Hit, Severity, Workbook
from perfcheck.rules.base import rule

if TYPE_CHECKING:
    from perfcheck.narrative.claims import Claim, Reading
    from perfcheck.narrative.document import Para
    from perfcheck.narrative.facts import Facts, Match

# The rules are registered on every run, but they read a report only with --narrative: the report's
# reader and the workbook's facts (claims, facts) are imported when a report is there, not before.

FAMILY = "narrative"
HUNDRED = Decimal(100)

_WHERE_ZH = "第{paragraph}段“{quote}”："
_WHERE_EN = "Paragraph {paragraph} (\"{quote}\"): "


@per_run
def _reading(wb: Workbook, cfg: Config) -> tuple[Facts, Reading] | None:
    if wb.narrative is None:
        return None
    from perfcheck.narrative.claims import read
    from perfcheck.narrative.facts import build

    facts = build(wb, cfg)
    return facts, read(wb.narrative, facts)


def _ctx(p: Para, **values: object) -> dict[str, object]:
    return {"paragraph": p.index, "quote": p.quote, **values}


def _num(v: Decimal) -> str:
    return fmt_value(v)


def _amount(v: Decimal) -> str:
    from perfcheck.narrative.facts import amount_text

    return amount_text(v)


_KIND_LABEL = {
    "initial": Bilingual("年初预算数", "initial budget"),
    "budget": Bilingual("全年预算数", "annual budget"),
    "spent": Bilingual("全年执行数", "amount spent"),
    "rate": Bilingual("执行率", "execution rate"),
    "score": Bilingual("自评得分", "score"),
    "grade": Bilingual("自评等级", "grade"),
}


@rule(
    code="PC801", slug="narrative-part-missing", severity=Severity.WARNING,
    message={
        "zh": _WHERE_ZH + "报告应有“{part}”部分，实际未找到该部分的标题（应按 单位基本情况、项目基本情况、存在的问题、下一步工作措施 四部分撰写）",
        "en": _WHERE_EN + "the report should have a part \"{part}\"; found no heading for it (write the four "
              "parts: the unit, the projects, problems, next steps)",
    },
    summary={"zh": "自评报告应有四个部分", "en": "The report has its four parts"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "execution.formula",
             "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def part_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """自评报告应有四个部分：单位基本情况、项目基本情况、存在的问题、下一步工作措施。The report has four parts.

    ## 检查内容 What it does
    Finds the report's parts by their headings (``第X部分`` headings, else its ``一、`` headings) and
    their words: 单位…情况, 项目…, 问题, 措施/下一步.  Each of the four that has no heading gives a
    finding at the report's first paragraph (its title).  Runs only with ``--narrative``.

    ## 为什么 Why it matters
    The four parts are the official outline of a 自评报告; a report without 存在的问题 or 下一步工作措施
    draws no conclusion from its own results.

    ## 示例 Example
    Okay: full=True, narrative=report("一、单位基本情况\\n二、项目基本情况\\n三、存在的问题\\n四、下一步工作措施")
    PC801: full=True, narrative=report("一、单位基本情况\\n二、项目基本情况\\n三、存在的问题")

    ## 配置 Options
    """
    got = _reading(wb, cfg)
    if got is None or wb.narrative is None:
        return
    _facts, reading = got
    first = next((p for p in wb.narrative.paras if p.text.strip()), None)
    if first is None:
        return
    from perfcheck.narrative.claims import PART_KINDS, PART_NAMES

    for kind in PART_KINDS:
        if kind not in reading.parts:
            zh, en = PART_NAMES[kind]
            yield Hit(None, _ctx(first, part=Bilingual(zh, en)), expected=zh, actual=None)


@rule(
    code="PC802", slug="narrative-list-mismatch", severity=Severity.ERROR,
    message={
        "zh": _WHERE_ZH + "这一组项目（{heading}）应与项目汇总的 {count} 个项目一一对应，实际{detail}",
        "en": _WHERE_EN + "this list of projects ({heading}) should name each of the {count} listed projects "
              "once; found {detail}",
    },
    summary={"zh": "报告中的项目清单应与项目汇总一致", "en": "The report's project lists match the workbook's"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "execution.formula",
             "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def list_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """报告中按项目逐条列出的清单（项目名称、资金构成、自评得分……）应与项目汇总一一对应。Lists match.

    ## 检查内容 What it does
    In the projects part, a run of numbered paragraphs of one level whose items (at least two, and at
    least half) name projects is a project list.  Names are matched tolerantly (监控 suffixes,
    ``二类-`` prefixes, punctuation ignored; else a similar name, difflib ratio ≥ 0.8).  A list that
    names a project twice, leaves one out, or names something that is not a project gives one
    finding: at the item most likely wrong (the less exact of a repeated pair, else the first
    unknown item, else the list's first item), pointing at the 项目汇总 name cell of the first project
    left out (else of the repeated one).  Runs only with ``--narrative``.

    ## 为什么 Why it matters
    When the scored list is not the project list, one project was scored twice and another never:
    the unit's results do not cover its money.

    ## 示例 Example
    Okay: forms=[dict(name="项目甲"), dict(name="项目乙")], full=True, narrative=report("二、项目基本情况\\n1、项目甲（满分100分）得100分\\n2、项目乙监控（满分100分）得100分")
    PC802: forms=[dict(name="项目甲"), dict(name="项目乙")], full=True, narrative=report("二、项目基本情况\\n1、项目甲（满分100分）得100分\\n2、项目甲监控（满分100分）得100分")

    ## 配置 Options
    """
    got = _reading(wb, cfg)
    if got is None:
        return
    facts, reading = got
    for lst in reading.lists:
        seen: dict[int, list[int]] = {}
        unknown = []
        for i, it in enumerate(lst.items):
            if it.match is None:
                unknown.append(i)
            else:
                seen.setdefault(it.match.index, []).append(i)
        twice = {k: v for k, v in seen.items() if len(v) > 1}
        missing = [k for k in range(len(facts.projects)) if k not in seen]
        if not twice and not missing and not unknown:
            continue
        zh: list[str] = []
        en: list[str] = []
        target = None
        for k, idx in twice.items():
            name = facts.projects[k].name
            paras = "、".join(str(lst.items[i].para.index) for i in idx)
            zh.append(f"“{name}”出现{len(idx)}次（第{paras}段）")
            en.append(f"\"{name}\" {len(idx)} times (paragraphs {paras.replace('、', ', ')})")
            worst = min(idx, key=lambda i: _ratio(lst.items[i].match))
            target = target if target is not None else worst
        for k in missing:
            zh.append(f"“{facts.projects[k].name}”未列入")
            en.append(f"\"{facts.projects[k].name}\" left out")
        for i in unknown:
            zh.append(f"“{lst.items[i].name}”不是项目汇总中的项目")
            en.append(f"\"{lst.items[i].name}\" which is not a listed project")
        if target is None:
            target = unknown[0] if unknown else 0
        para = lst.items[target].para
        cell_project = missing[0] if missing else (next(iter(twice)) if twice else None)
        at: CellRef | None = facts.projects[cell_project].at if cell_project is not None else None
        heading = lst.heading.quote if lst.heading is not None else "—"
        yield Hit(at, _ctx(para, heading=heading, count=len(facts.projects),
                                    detail=Bilingual("；".join(zh), "; ".join(en))),
                  expected=len(facts.projects), actual=len(lst.items))


def _ratio(m: Match | None) -> float:
    return m.ratio if m is not None else 0.0


def _agrees_amount(c: Claim, v: Decimal, cfg: Config) -> bool:
    from perfcheck.scoring import round_to

    assert c.value is not None
    return abs(c.value - v) <= cfg.tolerances.amount or round_to(v, c.decimals) == c.value


@rule(
    code="PC803", slug="narrative-funds-mismatch", severity=Severity.ERROR,
    message={
        "zh": _WHERE_ZH + "“{project}”的 {what} 写为 {stated}，应为 {expected}（工作簿 {cell}）",
        "en": _WHERE_EN + "\"{project}\": {what} is written as {stated}; the workbook gives {expected} ({cell})",
    },
    summary={"zh": "报告中的项目资金应与工作簿一致", "en": "Project funds in the text equal the workbook's"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "tolerances.amount",
             "execution.formula", "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def funds_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """报告写的项目年初预算数、全年预算数、全年执行数和执行率应与工作簿一致。Funds agree.

    ## 检查内容 What it does
    In a project's context (its heading or list item and the paragraphs under it), reads
    ``年初预算数/全年预算数/全年执行数 X万元`` and ``执行率 X%``; a project list item ending in
    ``X万元`` is its 全年预算数.  Each is compared with the project's recomputed funds (the form's
    年度资金总额 from its lines, else the 项目汇总 row): amounts within 0.01 万元 or equal when rounded to
    the decimals written, rates equal when rounded to the decimals written.  One finding per number
    that differs, at the workbook cell that holds the right one; a rate that is just the quotient of
    wrong amounts written for the same project is not reported again.  Runs only with ``--narrative``.

    ## 为什么 Why it matters
    The text is what readers quote; a budget copied from last year's report, or a rate rounded up to
    100%, contradicts the form it summarises.

    ## 示例 Example
    Okay: full=True, narrative=report("二、项目基本情况\\n（一）示例项目\\n年初预算数100万元，全年预算数100万元，全年执行数100万元，执行率100%。")
    PC803: full=True, narrative=report("二、项目基本情况\\n（一）示例项目\\n全年预算数120万元。")
    PC803: full=True, narrative=report("二、项目基本情况\\n1、示例项目95万元")

    ## 配置 Options
    """
    from perfcheck.scoring import pct, round_to

    got = _reading(wb, cfg)
    if got is None:
        return
    facts, reading = got
    flagged: set[int] = set()          # projects whose written budget or spending is wrong
    written: dict[tuple[int, str], Decimal] = {}
    for c in reading.claims:
        if c.kind not in ("initial", "budget", "spent", "rate") or c.project is None or c.value is None:
            continue
        written.setdefault((c.project, c.kind), c.value)
        p = facts.projects[c.project]
        fig = getattr(p, c.kind)
        if fig.value is None:
            continue
        actual: Decimal = c.value
        if c.kind == "rate":
            if round_to(fig.value * HUNDRED, c.decimals) == c.value:
                continue
            b, s = written.get((c.project, "budget")), written.get((c.project, "spent"))
            if c.project in flagged and b and s is not None and round_to(s / b * HUNDRED, c.decimals) == c.value:
                continue               # the rate of the wrong amounts written beside it: one defect, one finding
            stated, expected = f"{c.text}%", pct(fig.value)
            actual = c.value / HUNDRED
        else:
            if _agrees_amount(c, fig.value, cfg):
                continue
            if c.kind in ("budget", "spent"):
                flagged.add(c.project)
            stated, expected = f"{c.text}万元", f"{_amount(fig.value)}万元"
        yield Hit(fig.at, _ctx(c.para, project=p.name, what=_KIND_LABEL[c.kind], stated=stated,
                                        expected=expected, cell=str(fig.at) if fig.at else "—"),
                  expected=fig.value, actual=actual)


@rule(
    code="PC804", slug="narrative-score-mismatch", severity=Severity.ERROR,
    message={
        "zh": _WHERE_ZH + "“{project}”的 {what} 写为 {stated}，perfcheck 复核为 {expected}（工作簿 {cell}）",
        "en": _WHERE_EN + "\"{project}\": {what} is written as {stated}; perfcheck computes {expected} ({cell})",
    },
    summary={"zh": "报告中的自评得分和等级应与复核结果一致", "en": "Scores and grades in the text equal the recomputed ones"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "tolerances.score",
             "execution.formula", "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def score_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """报告写的项目自评得分（得X分）和等级应与 perfcheck 复核的总分、等级一致。Scores agree.

    ## 检查内容 What it does
    In a project's context, reads ``得X分`` / ``得分X分`` / ``自评得分为X分`` (not ``满分X分``) and
    ``等级为优``.  The score is compared with the project's fully recomputed 总分 (as in the JSON
    summary), or with the stated 总分 when perfcheck cannot recompute it, within the score tolerance;
    the grade with the grade of that score (only when the score, if written, agrees: one defect, one
    finding).  Points at the form's 总分 cell.  Runs only with ``--narrative``.

    ## 为什么 Why it matters
    A score copied from the form's wrong total, or rounded to 100, repeats the form's error in the
    document that is published.

    ## 示例 Example
    Okay: full=True, narrative=report("二、项目基本情况\\n（一）示例项目\\n该项目自评得分100分，等级为优。")
    PC804: full=True, narrative=report("二、项目基本情况\\n（一）示例项目\\n该项目自评得分95分。")
    PC804: full=True, narrative=report("二、项目基本情况\\n（一）示例项目\\n评价等级为良。")

    ## 配置 Options
    """
    got = _reading(wb, cfg)
    if got is None:
        return
    facts, reading = got
    bad_score: set[int] = set()
    for c in reading.of("score"):
        if c.project is None or c.value is None:
            continue
        p = facts.projects[c.project]
        if p.score.value is None or abs(c.value - p.score.value) <= cfg.tolerances.score:
            continue
        bad_score.add(c.project)
        yield Hit(p.score.at, _ctx(c.para, project=p.name, what=_KIND_LABEL["score"], stated=f"{c.text}分",
                                            expected=f"{_num(p.score.value)}分", cell=str(p.score.at) if p.score.at else "—"),
                  expected=p.score.value, actual=c.value)
    for c in reading.of("grade"):
        if c.project is None or c.project in bad_score:
            continue
        p = facts.projects[c.project]
        if p.grade is None or c.text == p.grade:
            continue
        at = p.form.grade.at if p.form is not None and p.form.grade is not None else p.score.at
        yield Hit(at, _ctx(c.para, project=p.name, what=_KIND_LABEL["grade"], stated=c.text,
                                    expected=p.grade, cell=str(at) if at else "—"),
                  expected=p.grade, actual=c.text)


@rule(
    code="PC805", slug="narrative-total-mismatch", severity=Severity.ERROR,
    message={
        "zh": _WHERE_ZH + "{what}合计写为 {stated}万元，应为 {expected}万元（{basis}）",
        "en": _WHERE_EN + "the total {what} is written as {stated} (10k yuan); it should be {expected} ({basis})",
    },
    summary={"zh": "报告中的资金合计应等于各项目之和", "en": "Totals in the text equal the sum of the projects"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "tolerances.amount",
             "execution.formula", "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def total_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """报告写的资金合计（合计/共计/总计 X万元）应等于各项目之和。Totals agree.

    ## 检查内容 What it does
    Outside any project's context in the projects part, reads ``全年预算数合计 X万元`` (or 资金/预算
    共计, 总计, 总额) and ``全年执行数合计 X万元``, and compares them with the sum of the projects'
    全年预算数 / 全年执行数 in the workbook (§0 agreement).  Points at the 项目汇总 合计 cell.  Runs
    only with ``--narrative``.

    ## 为什么 Why it matters
    The total is the one number every reader takes from the report; when it is not the sum of the
    projects, a project is missing or counted twice.

    ## 示例 Example
    Okay: full=True, narrative=report("二、项目基本情况\\n项目全年预算数合计100万元，全年执行数合计100万元。")
    PC805: full=True, narrative=report("二、项目基本情况\\n项目全年预算数合计120万元。")

    ## 配置 Options
    """
    got = _reading(wb, cfg)
    if got is None:
        return
    facts, reading = got
    for c in reading.claims:
        if c.kind not in ("total_budget", "total_spent") or c.value is None:
            continue
        fig = facts.total_budget if c.kind == "total_budget" else facts.total_spent
        if fig.value is None or _agrees_amount(c, fig.value, cfg):
            continue
        what = Bilingual("全年预算数", "annual budget") if c.kind == "total_budget" else Bilingual("全年执行数", "amount spent")
        basis = Bilingual(f"项目汇总 {len(facts.projects)} 个项目之和", f"the sum of the {len(facts.projects)} listed projects")
        yield Hit(fig.at, _ctx(c.para, what=what, stated=c.text, expected=_amount(fig.value), basis=basis),
                  expected=fig.value, actual=c.value)


@rule(
    code="PC806", slug="narrative-total-missing", severity=Severity.INFO,
    message={
        "zh": _WHERE_ZH + "报告逐项列出 {count} 个项目的资金，共 {expected}万元，但未写合计；应写明合计 {expected}万元（工作簿合计 {workbook}）",
        "en": _WHERE_EN + "the report lists the funds of {count} projects, {expected} (10k yuan) in all, but "
              "states no total; state the total {expected} (workbook total {workbook})",
    },
    summary={"zh": "逐项列出资金时应写明合计", "en": "Itemised funds come with their total"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "execution.formula",
             "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def total_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """报告逐项列出项目资金时应写明合计。Itemised funds state their total.

    ## 检查内容 What it does
    When a project list gives each item's amount (``1、项目X 95万元`` …, at least two) and the report
    states no total (no claim that PC805 reads), gives the sum of the written amounts and the
    workbook's total, at the list's first item.  Runs only with ``--narrative``.

    ## 为什么 Why it matters
    Without the total a reader adds up the items by hand, and a duplicated or missing project goes
    unnoticed; with it the report can be checked against the budget at a glance.

    ## 示例 Example
    Okay: forms=[dict(name="项目甲"), dict(name="项目乙")], full=True, narrative=report("二、项目基本情况\\n1、项目甲100万元\\n2、项目乙100万元\\n以上资金合计200万元")
    PC806: forms=[dict(name="项目甲"), dict(name="项目乙")], full=True, narrative=report("二、项目基本情况\\n1、项目甲100万元\\n2、项目乙100万元")

    ## 配置 Options
    """
    got = _reading(wb, cfg)
    if got is None:
        return
    facts, reading = got
    if reading.of("total_budget"):
        return
    for lst in reading.lists:
        idx = {it.para.index for it in lst.items}
        amounts = [c for c in reading.of("budget") if c.para.index in idx and c.value is not None]
        if len(amounts) < 2:
            continue
        total = sum((c.value for c in amounts if c.value is not None), Decimal(0))
        wbt = facts.total_budget
        workbook = Bilingual(f"{_amount(wbt.value)}万元，{wbt.at}" if wbt.at else f"{_amount(wbt.value)}万元",
                             f"{_amount(wbt.value)}, {wbt.at}" if wbt.at else _amount(wbt.value)) \
            if wbt.value is not None else Bilingual("—", "—")
        yield Hit(wbt.at, _ctx(lst.items[0].para, count=len(amounts), expected=_amount(total), workbook=workbook),
                  expected=total, actual=None)
        return


_COUNT_LABEL = {
    "budget_units": Bilingual("预算单位数", "budget units"),
    "secondary_units": Bilingual("二级预算单位数", "secondary budget units"),
    "staff_quota": Bilingual("编制人数", "authorised staff"),
    "admin_quota": Bilingual("行政编制", "administrative quota"),
    "public_quota": Bilingual("事业编制", "public-institution quota"),
    "self_hired": Bilingual("单位自聘人员", "self-hired staff"),
    "volunteers": Bilingual("志愿者", "volunteers"),
    "purchased_posts": Bilingual("政府购岗", "government-purchased posts"),
    "actual_staff": Bilingual("实有人数", "actual headcount"),
    "retired": Bilingual("退休人数", "retired"),
}


@rule(
    code="PC807", slug="narrative-count-mismatch", severity=Severity.ERROR,
    message={
        "zh": _WHERE_ZH + "{what}写为 {stated}，应为 {expected}（{basis}）",
        "en": _WHERE_EN + "{what} is written as {stated}; it should be {expected} ({basis})",
    },
    summary={"zh": "报告中的单位数、人数和项目个数应与工作簿一致", "en": "Unit, staff and project counts in the text equal the workbook's"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "execution.formula",
             "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def count_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """报告写的预算单位数、编制和人员数应与单位概况一致，预算单位数应等于本级 1 个加二级预算单位数；项目个数应与项目汇总一致。

    ## 检查内容 What it does
    In the unit part, reads ``预算单位N个``, ``N个(所属)二级预算单位``, ``编制人数N人``, ``行政编制N人``,
    ``事业编制N人``, ``单位自聘人员N人``, ``志愿者N人``, ``政府购岗N人``, ``实有人数N人`` and
    ``退休人数N人``.  Each is compared with 单位概况.  预算单位N个 must also equal 1 (本级) + the
    二级预算单位 count (the one written beside it, else the workbook's): "共有预算单位2个，包括局本级和
    2个所属二级预算单位" counts three units as two.  In the projects part, outside any project,
    ``项目共N个`` / ``共N个项目`` is compared with the number of projects (项目汇总 rows, else forms).
    One finding per number, at the 单位概况 cell (the 项目汇总 name column for the project count).
    Runs only with ``--narrative``.

    ## 为什么 Why it matters
    The unit's facts are the frame of the whole report; a count that contradicts itself or the form
    makes the reader doubt every other number.

    ## 示例 Example
    Okay: full=True, narrative=report("一、单位基本情况\\n共有预算单位1个。编制人数10人，其中行政编制6人，事业编制4人。")
    Okay: full=True, narrative=report("二、项目基本情况\\n本单位纳入绩效自评的项目共1个。")
    PC807: full=True, narrative=report("一、单位基本情况\\n编制人数12人。")
    PC807: full=True, unit=make_unit(dict(budget_units=2, secondary_units=2)), narrative=report("一、单位基本情况\\n共有预算单位2个。包括局本级和2个所属二级预算单位。")
    PC807: full=True, narrative=report("二、项目基本情况\\n本单位纳入绩效自评的项目共2个。")

    ## 配置 Options
    """
    got = _reading(wb, cfg)
    if got is None:
        return
    facts, reading = got
    text_secondary = next((c.value for c in reading.of("secondary_units") if c.value is not None), None)
    for key, label in _COUNT_LABEL.items():
        for c in reading.of(key):
            if c.value is None:
                continue
            fig = facts.counts.get(key)
            wbv = fig.value if fig is not None else None
            at = fig.at if fig is not None else None
            if key == "budget_units":
                secondary = text_secondary if text_secondary is not None else facts.secondary_units
                if secondary is None:
                    if wbv is None or wbv == c.value:
                        continue
                    expected, basis = wbv, Bilingual(f"工作簿 {at}", f"workbook {at}")
                else:
                    expected = 1 + secondary
                    if c.value == expected and (wbv is None or wbv == expected):
                        continue
                    basis = Bilingual(f"本级 1 + 二级预算单位 {_num(secondary)}",
                                      f"the unit itself 1 + secondary units {_num(secondary)}")
                    if c.value == expected:      # the text is right, the workbook is not: PC507's finding
                        continue
            else:
                if wbv is None or wbv == c.value:
                    continue
                expected, basis = wbv, Bilingual(f"工作簿 {at}", f"workbook {at}")
            yield Hit(at, _ctx(c.para, what=label, stated=c.text, expected=_num(expected), basis=basis),
                      expected=expected, actual=c.value)
    n = len(facts.projects)
    for c in reading.of("project_count"):
        if c.value is None or not n or c.value == n:
            continue
        lst = wb.project_list
        at = lst.header.get("project_name") if lst is not None else None
        yield Hit(at, _ctx(c.para, what=Bilingual("项目个数", "the number of projects"), stated=c.text,
                                    expected=n, basis=Bilingual(f"项目汇总列出 {n} 个项目", f"the workbook lists {n}")),
                  expected=Decimal(n), actual=c.value)


@rule(
    code="PC808", slug="narrative-full-scores-unspent", severity=Severity.ERROR,
    message={
        "zh": _WHERE_ZH + "报告承认预算未执行完（{evidence}），但全部 {count} 个项目自评得分均写为 100 分：预算执行率未达 100% 的项目不能得满分，应按执行率扣分",
        "en": _WHERE_EN + "the report admits budgets were not spent ({evidence}), yet all {count} projects are "
              "scored 100: a project that did not spend its budget cannot score full marks; deduct by its rate",
    },
    summary={"zh": "预算未执行完时不应全部满分", "en": "Not all 100 while budgets were left unspent"},
    family=FAMILY,
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "tolerances.score",
             "execution.formula", "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def full_scores_unspent(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """报告中所有项目都得 100 分，同时又承认部分预算未执行完：自相矛盾。All 100 with unspent budgets.

    ## 检查内容 What it does
    When every score the report gives a project (at least two) is 100, and either the report says a
    budget was not spent (未完成预算, 未执行完, 未拨付, 执行率偏低, 下半年支出 …) or some project's
    recomputed 执行率 is below 100%, gives one finding at the paragraph that says so (else at the
    first score), pointing at the 项目汇总 自评得分 column.  Not reported when PC804 already flags a
    score (one defect, one finding).  Runs only with ``--narrative``.

    ## 为什么 Why it matters
    预算执行率 is 10 of the 100 points: a project that left money unspent cannot score 100.  A report
    that says so and still gives every project 100 was not scored at all (财政部: 严禁刻意抬高分数).

    ## 示例 Example
    Okay: forms=[dict(name="项目甲"), dict(name="项目乙")], full=True, narrative=report("二、项目基本情况\\n1、项目甲（满分100分）得100分\\n2、项目乙（满分100分）得100分\\n三、存在的问题\\n个别项目绩效目标不够细化。")
    PC808: forms=[dict(name="项目甲"), dict(name="项目乙")], full=True, narrative=report("二、项目基本情况\\n1、项目甲（满分100分）得100分\\n2、项目乙（满分100分）得100分\\n三、存在的问题\\n部分项目未完成预算。")

    ## 配置 Options
    """
    got = _reading(wb, cfg)
    if got is None:
        return
    facts, reading = got
    scores = [c for c in reading.of("score") if c.project is not None and c.value is not None]
    if len(scores) < 2 or any(c.value != HUNDRED for c in scores):
        return
    if any(facts.projects[c.project].score.value is not None
           and abs(HUNDRED - facts.projects[c.project].score.value) > cfg.tolerances.score  # type: ignore[operator]
           for c in scores if c.project is not None):
        return      # PC804 reports the score
    unspent = [p for p in facts.projects if p.rate.value is not None and p.rate.value < 1]
    if reading.unspent:
        para, words = reading.unspent[0]
        evidence = Bilingual(f"“{words}”", f"\"{words}\"")
    elif unspent:
        para = scores[0].para
        from perfcheck.scoring import pct

        assert unspent[0].rate.value is not None
        evidence = Bilingual(f"“{unspent[0].name}”执行率 {pct(unspent[0].rate.value)}",
                             f"\"{unspent[0].name}\" spent {pct(unspent[0].rate.value)}")
    else:
        return
    lst = wb.project_list
    at = lst.header.get("score") if lst is not None else None
    if at is None:
        at = next((p.score.at for p in facts.projects if p.score.at is not None), None)
    yield Hit(at, _ctx(para, evidence=evidence, count=len(scores)), expected=None, actual=HUNDRED)
