"""The structure of a report and the numbers it states, related to the workbook's projects.

Parts.  The four parts are found by their headings: ``第X部分`` headings when the report has them,
else its ``一、`` headings; a part's kind comes from its words (单位…情况 → unit, 项目 → projects,
问题 → problems, 措施/下一步 → measures).  A report with no recognisable part is read as one
projects part (so a short text still gets its numbers checked).

Project context.  In the projects part a numbered paragraph (or heading) that names a project -- by
the tolerant match of :func:`perfcheck.narrative.facts.best_match` on its text up to the first
number, bracket or comma -- is about that project.  When it is nothing but the name (a heading),
every unnumbered paragraph after it is about that project too, until the next numbered paragraph
of the same or a higher level.

Lists.  A run of numbered paragraphs of one level (body text in between does not end it; a higher
heading does) is a *project list* when at least two of its items, and at least half, name projects.

Claims (NFKC text, spaces removed; amounts may have thousands separators):
* ``年初预算数/全年预算数/调整后预算数/全年执行数/执行数 [为：] X万元`` and ``执行率 [为：] X%`` in a
  project's context; a project list item ending in ``X万元`` (资金构成 style) is its 全年预算数;
* ``得X分`` / ``得分X分`` / ``自评得分为X分`` and ``等级为优`` in a project's context;
* outside any project: ``(全年预算数|资金|…)合计/共计/总计 X万元``, ``全年执行数合计 X万元``,
  ``项目共N个`` / ``共N个项目``;
* in the unit part: ``预算单位N个``, ``N个(所属)二级预算单位``, ``编制人数N人``, ``行政编制N人`` …
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from perfcheck.narrative.document import Narrative, Para
from perfcheck.narrative.facts import Facts, Match, best_match

PART_KINDS = ("unit", "projects", "problems", "measures")
PART_NAMES = {"unit": ("单位基本情况", "basic facts of the unit"),
              "projects": ("项目基本情况", "the projects"),
              "problems": ("存在的问题", "problems"),
              "measures": ("下一步工作措施", "next steps")}

_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
AMOUNT = re.compile(_NUM + r"万元")
_LABELED = re.compile(r"(年初预算数|年初预算|全年预算数|调整后预算数|全年预算|全年执行数|实际执行数|执行数|实际支出数?)"
                      r"(?:为|是|:)?" + _NUM + r"万元")
_LABEL_KIND = {"年初预算数": "initial", "年初预算": "initial", "全年预算数": "budget", "调整后预算数": "budget",
               "全年预算": "budget", "全年执行数": "spent", "实际执行数": "spent", "执行数": "spent",
               "实际支出": "spent", "实际支出数": "spent"}
_RATE = re.compile(r"(?<!总体)(?<!整体)执行率(?:为|是|:|达)?" + r"(\d+(?:\.\d+)?)%")
_SCORE = re.compile(r"(?<!满)得分?(?:为|是|:)?(\d+(?:\.\d+)?)分")
_GRADE = re.compile(r"等级(?:为|是|:)?[“\"]?([优良中差])")
_TOTAL = re.compile(r"(全年预算数|预算数|预算资金|项目资金|资金|全年执行数|执行数)?(?:合计|共计|总计|总额)(?:为|是|:)?"
                    + _NUM + r"万元")
_PROJECT_COUNT = re.compile(r"项目(?:共|共计|合计)(\d+)个|共(?:有)?(\d+)个项目")
_ITEM_CUT = re.compile(r"[(（]|得\d|得分|\d[\d,.]*万元|[,，:：;；。]")
_UNSPENT = re.compile(r"未完成预算|未执行完|未全部执行|未全部支出|未支出|未拨付|执行率(?:未|不足|低于|偏低)|预算执行(?:率)?(?:偏低|较低|不足)"
                      r"|未完成支付|支出进度(?:偏慢|滞后)|资金结余|下半年支出")

COUNT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("budget_units", re.compile(r"预算单位(?:共)?(\d+)个")),
    ("secondary_units", re.compile(r"(\d+)个(?:所属)?二级预算单位|二级预算单位(?:共)?(\d+)个")),
    ("staff_quota", re.compile(r"编制人数(?:为)?(\d+)人|编制(\d+)人[,，;；。]?其中")),
    ("admin_quota", re.compile(r"行政编制(?:人数)?(\d+)人")),
    ("public_quota", re.compile(r"事业编制(?:[(（][^)）]*[)）])?(?:人数)?(\d+)人")),
    ("self_hired", re.compile(r"自聘人员(\d+)人")),
    ("volunteers", re.compile(r"志愿者(\d+)人")),
    ("purchased_posts", re.compile(r"政府购岗(\d+)人")),
    ("actual_staff", re.compile(r"实有人数(\d+)人")),
    ("retired", re.compile(r"退休人数(\d+)人")),
)


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def decimals(text: str) -> int:
    t = text.replace(",", "")
    return len(t.split(".")[1]) if "." in t else 0


@dataclass(frozen=True, slots=True)
class Claim:
    """A number the report states: kind (initial, budget, spent, rate, score, grade, total_budget,
    total_spent, or a count key), its value as written and the paragraph."""

    kind: str
    para: Para
    text: str                      # the number as written ("1,234.5", "87", "优")
    project: int | None = None     # index into Facts.projects
    value: Decimal | None = None

    @property
    def decimals(self) -> int:
        return decimals(self.text)


@dataclass(frozen=True, slots=True)
class ListItem:
    para: Para
    name: str
    match: Match | None


@dataclass(frozen=True, slots=True)
class ProjectList:
    items: tuple[ListItem, ...]
    heading: Para | None           # the heading the list is under


@dataclass(slots=True)
class Reading:
    """The report read against the facts."""

    parts: dict[str, Para] = field(default_factory=dict)     # kind → its heading
    claims: list[Claim] = field(default_factory=list)
    lists: list[ProjectList] = field(default_factory=list)
    unspent: list[tuple[Para, str]] = field(default_factory=list)   # paragraphs admitting unspent budgets, the words
    part_of: dict[int, str] = field(default_factory=dict)     # paragraph index → part kind

    def of(self, kind: str) -> list[Claim]:
        return [c for c in self.claims if c.kind == kind]


def _part_kind(text: str) -> str | None:
    if "问题" in text:
        return "problems"
    if "措施" in text or "下一步" in text or "改进" in text:
        return "measures"
    if "单位" in text and "项目" not in text:
        return "unit"
    if "项目" in text:
        return "projects"
    return None


def item_name(p: Para) -> str:
    """The name a numbered paragraph starts with: its text up to the first number, bracket or comma."""
    body = p.body
    mt = _ITEM_CUT.search(body)
    return body[: mt.start()] if mt else body


def find_parts(n: Narrative) -> tuple[dict[str, Para], dict[int, str]]:
    top = [p for p in n.paras if p.level == 1]
    if not top:
        top = [p for p in n.paras if p.level == 2 and _part_kind(p.body) is not None and len(p.body) <= 20]
    parts: dict[str, Para] = {}
    part_of: dict[int, str] = {}
    current: str | None = None
    heads = {p.index for p in top}
    for p in n.paras:
        if p.index in heads:
            current = _part_kind(p.body)
            if current is not None and current not in parts:
                parts[current] = p
        if current is not None:
            part_of[p.index] = current
    if not parts:
        part_of = {p.index: "projects" for p in n.paras}
    return parts, part_of


def read(n: Narrative, facts: Facts) -> Reading:
    out = Reading()
    out.parts, out.part_of = find_parts(n)
    keys = facts.keys
    context: tuple[int, int] | None = None       # (project index, level)
    runs: dict[int, tuple[Para | None, list[ListItem]]] = {}
    last_heading: dict[int, Para] = {}

    def close(level_above: int) -> None:
        for lv in [lv for lv in runs if lv > level_above]:
            heading, items = runs.pop(lv)
            named = [it for it in items if it.match is not None]
            if len(named) >= 2 and 2 * len(named) >= len(items):
                out.lists.append(ProjectList(tuple(items), heading))

    for p in n.paras:
        part = out.part_of.get(p.index)
        text = p.norm
        if not text:
            continue
        if (mt_unspent := _UNSPENT.search(text)) is not None:
            out.unspent.append((p, mt_unspent.group(0)))
        if part == "unit":
            for key, pattern in COUNT_PATTERNS:
                for mt in pattern.finditer(text):
                    raw = next(g for g in mt.groups() if g is not None)
                    out.claims.append(Claim(key, p, raw, value=number(raw)))
        if p.level > 0:
            close(p.level)
            for lv in [lv for lv in last_heading if lv >= p.level]:
                del last_heading[lv]
        if part != "projects":
            context = None
            continue
        own: Match | None = None
        if p.level > 0:
            name = item_name(p)
            own = best_match(name, keys) if name else None
            parent = next((last_heading[lv] for lv in sorted(last_heading, reverse=True) if lv < p.level), None)
            if p.level not in runs:
                runs[p.level] = (parent, [])
            runs[p.level][1].append(ListItem(p, name, own))
            if context is not None and p.level <= context[1]:
                context = None
            if own is not None and name == p.body.rstrip("。.：:"):
                context = (own.index, p.level)      # a heading that is just the name: the text below is about it
            if p.level <= 3:
                last_heading[p.level] = p
        project = own.index if own is not None else (context[0] if context is not None else None)
        if project is None:
            for mt in _PROJECT_COUNT.finditer(text):
                raw = mt.group(1) or mt.group(2)
                out.claims.append(Claim("project_count", p, raw, value=number(raw)))
            for mt in _TOTAL.finditer(text):
                label = mt.group(1) or ""
                kind = "total_spent" if "执行" in label else "total_budget"
                out.claims.append(Claim(kind, p, mt.group(2), value=number(mt.group(2))))
            continue
        found = False
        for mt in _LABELED.finditer(text):
            out.claims.append(Claim(_LABEL_KIND[mt.group(1)], p, mt.group(2), project, number(mt.group(2))))
            found = True
        if own is not None and not found:
            tail = AMOUNT.search(p.body[len(item_name(p)):])
            if tail is not None and p.body.endswith("万元"):
                out.claims.append(Claim("budget", p, tail.group(1), project, number(tail.group(1))))
        for mt in _RATE.finditer(text):
            out.claims.append(Claim("rate", p, mt.group(1), project, number(mt.group(1))))
        for mt in _SCORE.finditer(text):
            out.claims.append(Claim("score", p, mt.group(1), project, number(mt.group(1))))
            break
        for mt in _GRADE.finditer(text):
            out.claims.append(Claim("grade", p, mt.group(1), project))
            break
    close(0)
    return out
