"""PC3xx: structure and completeness of a project form (docs/scoring.md §5).

Skeleton rows of the template that were left blank (only their 一级/二级 names, nothing else typed)
are not indicators and are skipped by every rule here (``_text.rows``).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from decimal import Decimal
from itertools import compress

from perfcheck import fmt
from perfcheck.config import Config
from perfcheck.layout import FORM, LEVEL1, LEVEL1_EN
from perfcheck.memo import per_run
from perfcheck.model import (
    Bilingual,
    Cell,
    CellRef,
    Hit,
    Indicator,
    Measure,
    ProjectForm,
    Severity,
    ValueKind,
    Workbook,
)
from perfcheck.rules._text import (
    group_from,
    label,
    level1_of,
    level2_of,
    norm_text,
    not_applicable,
    rows,
)
from perfcheck.rules.base import rule

FAMILY = "indicators"


def _field(key: str) -> Bilingual:
    return FORM[key].bilingual()


def _missing(form: ProjectForm, cell: Cell[object] | Cell[str] | Cell[int] | None) -> CellRef | None:
    """Where a missing form value belongs: the empty cell, or the form's anchor when no label was found.
    None when the value is there."""
    if cell is None:
        return form.anchor
    return cell.at if cell.empty else None


@rule(
    code="PC301", slug="form-field-missing", severity=Severity.ERROR,
    message={
        "zh": "项目表缺少 {field}：应填写，实际为空",
        "en": "The form lacks {field}: expected a value, found none",
    },
    summary={"zh": "项目名称、主管部门、实施单位、年度应填写", "en": "Project name, department, implementer and year filled in"},
    family=FAMILY,
)
def form_field_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """项目名称、主管部门、实施单位和年度必须填写。Project name, department, implementer and year are filled in.

    ## 检查内容 What it does
    For every project form, looks at 项目名称, 主管部门, 实施单位 and the year (（2023年度） or a 年度
    label).  One finding per missing value, at the empty cell where it belongs; when the label itself
    was not found, at the form's first cell.

    ## 为什么 Why it matters
    The name ties the form to its row in 项目汇总, and department, implementer and year say whose
    money and which year the assessment covers.  A form without them cannot be filed or compared.

    ## 示例 Example
    Okay: name="示例项目", department="示例局", implementer="示例局", year=2023
    PC301: implementer=None
    PC301: year=None

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        for key, cell in (("project_name", form.name), ("department", form.department),
                          ("implementer", form.implementer), ("year", form.year)):
            at = _missing(form, cell)
            if at is not None:
                yield Hit(at, {"field": _field(key)}, expected=FORM[key].zh, actual=None)


@rule(
    code="PC302", slug="goal-missing", severity=Severity.ERROR,
    message={
        "zh": "年度总体目标的 {field} 应填写，实际为空",
        "en": "The overall annual goal's {field} should be filled in; found empty",
    },
    summary={"zh": "年度总体目标的预期目标和实际完成情况应填写", "en": "Annual goal: expected and actual filled in"},
    family=FAMILY,
)
def goal_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """年度总体目标的预期目标和实际完成情况必须填写。The annual goal's expected and actual text are filled in.

    ## 检查内容 What it does
    For every form, checks that 年度总体目标 has both its 预期目标 and its 实际完成情况 text.  The
    finding points at the empty cell (or at the form's first cell when the goal block was not found).

    ## 为什么 Why it matters
    The overall goal is what the indicators measure; 财预〔2020〕10号 asks the unit to compare what
    was planned with what was achieved.  Without either text there is nothing to compare.

    ## 示例 Example
    Okay: goal_expected="完成年度培训任务", goal_actual="全年培训52人"
    PC302: goal_actual=None
    PC302: goal_expected=None

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        for key, cell in (("goal_expected", form.goal_expected), ("goal_actual", form.goal_actual)):
            at = _missing(form, cell)
            if at is not None:
                yield Hit(at, {"field": _field(key)}, expected=FORM[key].zh, actual=None)


@rule(
    code="PC303", slug="goal-copied", severity=Severity.WARNING,
    message={
        "zh": "实际完成情况与预期目标相同（“{text}”）：应写明实际完成了什么",
        "en": "The actual completion repeats the expected goal (\"{text}\"): it should say what was actually achieved",
    },
    summary={"zh": "实际完成情况不应照抄预期目标", "en": "Actual completion is not a copy of the expected goal"},
    family=FAMILY,
)
def goal_copied(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """实际完成情况不应照抄预期目标。The actual completion text is not a copy of the expected goal.

    ## 检查内容 What it does
    Compares 实际完成情况 with 预期目标 after normalising (full-width → half-width, spaces and final
    punctuation removed).  Equal texts give a finding at the 实际完成情况 cell.

    ## 为什么 Why it matters
    A copied goal reports a plan, not a result: the reviewer learns nothing about what the money
    achieved.

    ## 示例 Example
    Okay: goal_expected="完成年度培训任务", goal_actual="全年培训52人，完成年度任务"
    PC303: goal_expected="完成年度培训任务", goal_actual="完成年度培训任务。"

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        exp, act = form.goal_expected, form.goal_actual
        if exp is None or act is None or exp.empty or act.empty:
            continue
        a, b = norm_text(exp.text).rstrip("。.；;"), norm_text(act.text).rstrip("。.；;")
        if a and a == b:
            yield Hit(act.at, {"text": act.text}, expected=None, actual=act.text)


_LEVEL1_LIST = "、".join(LEVEL1)


@rule(
    code="PC304", slug="level1-unknown", severity=Severity.ERROR,
    message={
        "zh": "一级指标应为 {expected} 之一，实际为“{found}”",
        "en": "A level-1 indicator should be one of {expected}; found \"{found}\"",
    },
    summary={"zh": "一级指标名称应属于规定集合", "en": "Level-1 indicator names come from the closed set"},
    family=FAMILY,
)
def level1_unknown(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """一级指标名称必须是产出指标、效益指标或满意度指标。Level-1 names come from the closed set.

    ## 检查内容 What it does
    Every indicator row's 一级指标 (read forward over merged cells) must be 产出指标, 效益指标 or
    满意度指标; the 指标 suffix may be missing (产出 ≡ 产出指标), and full-width characters and spaces
    are ignored.  One finding per written cell (a merged 一级 cell is reported once); an empty 一级
    cell is reported with found "".

    ## 为什么 Why it matters
    财预〔2020〕10号 fixes the three 一级 groups and their weights (50/30/10).  An unknown name cannot
    be weighed, and usually means a row was put in the wrong column.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC304: edit={0: dict(level1="产出效果")}

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        seen: set[CellRef] = set()
        for row in form_rows(form):
            ind = row.ind
            if row.level1 is not None or ind.level1.at in seen:
                continue
            seen.add(ind.level1.at)
            yield Hit(ind.level1.at, {"expected": _LEVEL1_LIST, "found": ind.level1.text},
                      expected=list(LEVEL1), actual=ind.level1.text)


@rule(
    code="PC305", slug="level2-mismatch", severity=Severity.ERROR,
    message={
        "zh": "一级指标“{level1}”下的二级指标应为 {expected} 之一，实际为“{found}”",
        "en": "Under level-1 \"{level1}\" a level-2 indicator should be one of {expected}; found \"{found}\"",
    },
    summary={"zh": "二级指标名称应属于其一级指标", "en": "Level-2 names belong to their level-1 group"},
    family=FAMILY,
)
def level2_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """二级指标必须是其一级指标下的规定名称。Level-2 names belong to their level-1 group.

    ## 检查内容 What it does
    The pairs are fixed: 产出指标 → 数量、质量、时效、成本指标; 效益指标 → 经济效益、社会效益、
    生态效益、可持续影响指标; 满意度指标 → 服务对象满意度指标.  The 指标 suffix may be missing.
    Rows whose 一级 is itself unknown are left to PC304.  A merged 二级 cell is reported once.

    ## 为什么 Why it matters
    A 时效 indicator filed under 效益, or an invented 二级 name, breaks the weighting by group and the
    comparison between projects and years.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC305: edit={4: dict(level2="数量指标")}
    PC305: edit={0: dict(level2="工作指标")}

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        seen: set[CellRef] = set()
        for row in form_rows(form):
            ind, l1 = row.ind, row.level1
            if l1 is None or row.level2 in LEVEL1[l1] or ind.level2.at in seen:
                continue
            seen.add(ind.level2.at)
            yield Hit(ind.level2.at,
                      {"level1": l1, "expected": "、".join(LEVEL1[l1]), "found": ind.level2.text},
                      expected=list(LEVEL1[l1]), actual=ind.level2.text)


def _grid_at(form: ProjectForm) -> CellRef:
    return form.indicator_header.get("level1") or form.indicator_header.get("level3") or form.anchor


@rule(
    code="PC306", slug="indicator-group-empty", severity=Severity.ERROR,
    message={
        "zh": "应至少有一个“{group}”（{group_en}）下的三级指标，实际没有",
        "en": "Expected at least one level-3 indicator under \"{group}\" ({group_en}); found none",
    },
    summary={"zh": "产出指标和效益指标下至少各有一个三级指标", "en": "At least one indicator under 产出 and under 效益"},
    family=FAMILY,
)
def indicator_group_empty(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """产出指标和效益指标下至少各有一个三级指标。At least one indicator under 产出 and under 效益.

    ## 检查内容 What it does
    Counts the indicator rows (skeleton rows left blank do not count) whose 一级 is 产出指标, and
    those whose 一级 is 效益指标 (a row with an unknown 一级 counts by its 二级).  A group with none gives
    a finding at the 一级指标 header of the grid.  A form whose indicator grid was not found at all is
    left to the reader.

    ## 为什么 Why it matters
    Output and outcome indicators carry 80 of the 100 points; a form without them cannot show what
    the money produced or achieved.

    ## 示例 Example
    Okay: indicators=good_indicators()
    Okay: edit={4: dict(level1="效益")}
    PC306: indicators=good_indicators()[:4] + good_indicators()[5:]

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        if not form.indicator_header:
            continue
        groups = {r.group for r in form_rows(form)}
        for g in ("产出指标", "效益指标"):
            if g not in groups:
                yield Hit(_grid_at(form), {"group": g, "group_en": LEVEL1_EN[g]},
                          expected=g, actual=None)


@rule(
    code="PC307", slug="satisfaction-missing", severity=Severity.WARNING,
    message={
        "zh": "应有“满意度指标”，或在偏差原因栏说明为何未设；实际两者都没有",
        "en": "Expected a satisfaction indicator (满意度指标), or a note in the reason column saying why "
              "there is none; found neither",
    },
    summary={"zh": "应设满意度指标或说明未设原因", "en": "A satisfaction indicator, or its absence explained"},
    family=FAMILY,
)
def satisfaction_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """应设满意度指标，或说明为何未设。A satisfaction indicator is present or its absence explained.

    ## 检查内容 What it does
    A form needs an indicator row under 满意度指标 (or 服务对象满意度指标).  Its absence counts as
    explained when some cell of the 偏差原因分析及改进措施 column of the grid (including that of an
    otherwise blank 满意度 skeleton row) mentions 满意度, e.g. "本项目无直接服务对象，未设满意度指标".
    Otherwise a finding at the 一级指标 header of the grid.

    ## 为什么 Why it matters
    财预〔2020〕10号 gives 满意度 10 of the 100 points.  Some projects (internal running costs) have no
    service recipients; that is acceptable, but the form should say so rather than drop the group.

    ## 示例 Example
    Okay: indicators=good_indicators()
    Okay: indicators=good_indicators()[:5] + [ind("满意度指标", "服务对象满意度指标", None, None, None, None, None, "本项目无外部服务对象，未设满意度指标")]
    PC307: indicators=good_indicators()[:5]

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        if not form.indicator_header:
            continue
        if any(r.group == "满意度指标" for r in form_rows(form)):
            continue
        if any("满意度" in norm_text(i.reason.text) for i in form.indicators):
            continue
        yield Hit(_grid_at(form), {}, expected="满意度指标", actual=None)


_ROW_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "level3"), ("target", "target"), ("actual", "actual"), ("weight", "weight"), ("score", "score"),
)
_FIELD_KEY = dict(_ROW_FIELDS)
_ROW_ATTRS = tuple(attr for attr, _ in _ROW_FIELDS)
_ROW_CELLS = operator.attrgetter(*_ROW_ATTRS)    # an indicator's cells of those fields, in that order
_EMPTY = operator.attrgetter("empty")            # Cell.empty (taken through map: no Python loop per cell)


# bound once: on Python 3.11 reading ``ValueKind.TEXT`` goes through the enum metaclass's attribute hook,
# and na_phrase tests it up to three times for each of the 10^4 rows of a large workbook
_TEXT = ValueKind.TEXT


def na_phrase(ind: Indicator) -> tuple[CellRef, str, str] | None:
    """Where and how an indicator row says it does not apply: (cell, its text, the phrase), or None.

    Numbers, dates and grades are never "not applicable"; a bare 无 in 实际完成值 is a value (zero
    complaints) when the target is measurable."""
    target = ind.target.value
    measurable = target is not None and target.kind is not _TEXT
    for c in (ind.actual, ind.target):
        if c.value is not None and c.value.kind is not _TEXT:
            continue
        p = not_applicable(c.text, bare=not measurable)
        if p:
            return c.at, c.text, p
    p = not_applicable(ind.name.text, bare=True)
    return (ind.name.at, ind.name.text, p) if p else None


class IndicatorRow:
    """One indicator row of a project form (a skeleton row left blank is none) and what the PC3xx and
    PC4xx rules ask of it: its canonical 一级 and 二级 names (None when not of the closed set), its
    group, where it says it does not apply (:func:`na_phrase`), and which of its cells that every
    indicator needs are empty (``missing``: attribute names, in the order of ``_ROW_FIELDS``).

    Computed once per run for every form (:func:`form_rows`) and walked by each rule, instead of each
    rule re-deriving the same names from the cells; nothing here reads the configuration."""

    __slots__ = ("ind", "level1", "level2", "group", "na", "missing")

    def __init__(self, ind: Indicator) -> None:
        self.ind = ind
        self.level1 = level1_of(ind)
        self.level2 = level2_of(ind)
        self.group = group_from(self.level1, self.level2)
        self.na = na_phrase(ind)
        self.missing = tuple(compress(_ROW_ATTRS, map(_EMPTY, _ROW_CELLS(ind))))


@per_run
def form_rows(form: ProjectForm) -> list[IndicatorRow]:
    """The form's indicator rows (skeleton rows left blank aside), in row order."""
    return [IndicatorRow(i) for i in rows(form.indicators)]


@per_run
def applicable_rows(form: ProjectForm) -> list[IndicatorRow]:
    """The form's indicator rows, skeleton rows left blank and not-applicable rows (PC309) aside."""
    return [r for r in form_rows(form) if r.na is None]


@per_run
def columns_all_missing(form: ProjectForm) -> frozenset[str]:
    """The columns (attribute names of ``_ROW_FIELDS``) in which the form has indicator rows and none
    of them has a value.  Such a column is reported once for the form (PC410 for targets, PC310 for
    the others) and PC308 leaves it alone."""
    rs = applicable_rows(form)
    return frozenset(attr for attr in _ROW_ATTRS if rs and all(attr in r.missing for r in rs))


def targets_all_missing(form: ProjectForm) -> bool:
    return "target" in columns_all_missing(form)


@rule(
    code="PC308", slug="indicator-cell-missing", severity=Severity.ERROR,
    message={
        "zh": "第{row}行指标“{name}”的 {field} 应填写，实际为空",
        "en": "Row {row}, indicator \"{name}\": {field} should be filled in; found empty",
    },
    summary={"zh": "三级指标的名称、指标值、实际值、分值、得分应填写",
             "en": "Every indicator has a name, target, actual, points and score"},
    family=FAMILY,
)
def indicator_cell_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """每个三级指标都要有名称、年度指标值、实际完成值、分值和得分。Every indicator row is complete.

    ## 检查内容 What it does
    For every indicator row (skeleton rows left blank are skipped) checks 三级指标, 年度指标值,
    实际完成值, 分值 and 得分: one finding per empty cell, at that cell.

    Flooding policy -- two cases are reported elsewhere, once, instead of cell by cell: a row saying it
    does not apply (不适用, 不会带来经济效益 …) is reported by PC309 only, since the row should go; and a
    column that is empty on *every* row of a form is reported once for the form, by PC410 for
    年度指标值 and by PC310 for the other columns.  So every empty cell is reported exactly once,
    either on its own or as part of its empty column.

    ## 为什么 Why it matters
    Each score is computed from target, actual and points.  A missing cell means the score cannot be
    checked, and a missing target means the result is measured against nothing.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC308: edit={5: dict(actual=None)}
    PC308: edit={0: dict(score=None)}

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        whole = columns_all_missing(form)
        for row in applicable_rows(form):
            ind = row.ind
            for attr in row.missing:
                if attr in whole:
                    continue
                cell, key = getattr(ind, attr), _FIELD_KEY[attr]
                yield Hit(cell.at, {"row": ind.row, "name": label(ind), "field": _field(key)},
                          expected=FORM[key].zh, actual=None)


@rule(
    code="PC309", slug="indicator-not-applicable", severity=Severity.WARNING,
    message={
        "zh": "第{row}行指标“{name}”写明不适用（“{phrase}”）：应删去该行并把其分值{weight}移到适用的指标",
        "en": "Row {row}, indicator \"{name}\" says it does not apply (\"{phrase}\"): the row should be removed "
              "and its {weight} points moved to indicators that apply",
    },
    summary={"zh": "不适用的指标应删去并调整分值", "en": "Not-applicable indicator rows are removed, points moved"},
    family=FAMILY,
)
def indicator_not_applicable(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """写明“不适用”的指标行应删去，分值移给其他指标。Not-applicable rows are removed, their points moved.

    ## 检查内容 What it does
    Looks for an indicator row whose 实际完成值, 年度指标值 or 三级指标 text says it does not apply:
    a cell holding just 无 / 不适用 / 不涉及, or text such as 这些项目不会带来经济效益,
    不会对当地环境带来影响, 无经济效益.  The finding points at the cell holding that phrase.

    ## 为什么 Why it matters
    A non-value cannot be scored, and the points it holds are either given away for free (full marks
    for nothing) or lost.  The template's skeleton rows are suggestions: the rule (财预〔2020〕10号)
    asks for indicators that fit the project, with the points moved to the ones that apply.

    ## 示例 Example
    Okay: indicators=good_indicators()
    PC309: edit={4: dict(level2="经济效益指标", name="经济效益", target=None, actual=m(None, text="这些项目不会带来经济效益"))}

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        for row in form_rows(form):
            ind, found = row.ind, row.na
            if found is None:
                continue
            at, text, phrase = found
            yield Hit(at, {"row": ind.row, "name": label(ind), "phrase": phrase,
                                    "weight": Bilingual(f" {fmt.score(ind.weight.value)} 分 ", f" ({fmt.score(ind.weight.value)} points)")
                                    if ind.weight.value is not None else Bilingual("", "")},
                      expected=None, actual=text)


@rule(
    code="PC310", slug="indicator-column-empty", severity=Severity.ERROR,
    message={
        "zh": "本表{rows}的三级指标的 {field} 都为空：每个指标都应填写",
        "en": "{field} is empty on every indicator of the form ({rows}): every indicator needs one",
    },
    summary={"zh": "项目表某一列在所有指标中都为空", "en": "An indicator column empty on every row"},
    family=FAMILY,
)
def indicator_column_empty(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """三级指标的名称、实际完成值、分值或得分整列为空。An indicator column is empty on every row.

    ## 检查内容 What it does
    When no indicator row of a form (skeleton rows left blank and not-applicable rows aside) has a
    三级指标 name, an 实际完成值, a 分值 or a 得分, one finding per such column for the form, at its
    first empty cell, with the number of rows.  The per-cell findings of PC308 are then left out for
    that column (年度指标值 is PC410's).

    ## 为什么 Why it matters
    A whole empty column is one defect, not many: typically a report written as prose and squeezed
    into the form (the seed report gives each 二级 group one sentence, with no name, points or score),
    so the scores cannot be recomputed at all.

    ## 示例 Example
    Okay: indicators=good_indicators()
    Okay: edit={0: dict(weight=None)}
    PC310: indicators=[dict(r, weight=None, score=None) for r in good_indicators()]

    ## 配置 Options
    None.
    """
    for form in wb.forms:
        rs = applicable_rows(form)
        for attr, key in _ROW_FIELDS:
            if attr == "target" or attr not in columns_all_missing(form):
                continue
            cell = getattr(rs[0].ind, attr)
            yield Hit(cell.at, {"field": _field(key), "rows": fmt.rows(r.ind.row for r in rs)}, expected=FORM[key].zh,
                      actual=None)


def _part_sum(parent: Cell[Measure], parts: list[Cell[Measure]]) -> tuple[Decimal, Decimal] | None:
    """(Σ parts, parent) when the parent and every part are numbers in one unit, else None."""
    p = parent.value
    if p is None or p.kind is not ValueKind.NUMBER or p.number is None:
        return None
    total = Decimal(0)
    for c in parts:
        m = c.value
        if m is None or m.kind is not ValueKind.NUMBER or m.number is None:
            return None
        if (m.unit or "") != (p.unit or "") and m.unit and p.unit:
            return None
        total += m.number
    return total, p.number


@rule(
    code="PC311", slug="breakdown-parts-sum", severity=Severity.ERROR,
    message={
        "zh": "第{row}行指标“{name}”的{column}为 {stated}，其下{rows}的“其中”各项之和为 {sum}（{diff}）",
        "en": "Row {row}, indicator \"{name}\": {column} is {stated}, but its 其中 parts ({rows}) add up to {sum} ({diff})",
    },
    summary={"zh": "“其中”分项之和与所属指标不符", "en": "其中 breakdown rows do not add up to their indicator"},
    family=FAMILY,
)
def breakdown_parts_sum(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """指标下的“其中”分项（不计分）之和应等于该指标。 其中 breakdown rows add up to their indicator.

    ## 检查内容 What it does
    有些表在三级指标下列出“其中：新建…”等分项行（没有分值、得分，forms.md §5）。这些行作为上方指标的组成部分读取，
    不计分、不按缺项报告；年度指标值或实际完成值都是同一单位的数字时，分项之和应等于该指标，不等则在该指标的
    单元格报告。
    Some forms list 其中 rows (no 分值 or 得分) under an indicator: they are read as its parts, not
    scored and not reported as incomplete.  Where the indicator and all its parts give numbers in
    one unit, in 年度指标值 or 实际完成值, the parts must add up to the indicator; a difference is
    reported at the indicator's cell.

    ## 为什么 Why it matters
    分项与总数对不上，说明其中一个数填错了，得分也就失去依据。
    Parts that do not add up mean one of the numbers is wrong, and so may be the score.

    ## 示例 Example
    Okay: indicators=[good_indicators()[0], ind("产出指标", "数量指标", "其中：新建班", m(">=", 30, "人"), m(None, 30, "人"), None, None), ind("产出指标", "数量指标", "其中：续训", m(">=", 20, "人"), m(None, 22, "人"), None, None), *good_indicators()[1:]]
    PC311: indicators=[good_indicators()[0], ind("产出指标", "数量指标", "其中：新建班", m(">=", 30, "人"), m(None, 30, "人"), None, None), *good_indicators()[1:]]

    ## 配置 Options
    无 None。
    """
    for form in wb.forms:
        if not form.parts:
            continue
        by_row = {i.row: i for i in form.indicators}
        groups: dict[int, list[Indicator]] = {}
        for p in form.parts:
            if p.part_of is not None and p.part_of in by_row:
                groups.setdefault(p.part_of, []).append(p)
        for row, parts in groups.items():
            parent = by_row[row]
            for attr, key in (("target", "target"), ("actual", "actual")):
                got = _part_sum(getattr(parent, attr), [getattr(p, attr) for p in parts])
                if got is None:
                    continue
                total, stated = got
                if total == stated:
                    continue
                cell: Cell[Measure] = getattr(parent, attr)
                unit = (cell.value.unit or "") if cell.value is not None else ""
                diff = fmt.diff_words(stated, total, unit or "", unit or "")
                yield Hit(at=cell.at, expected=total, actual=stated,
                          ctx={"row": row, "name": label(parent), "column": _field(key),
                               "stated": cell.text, "rows": fmt.rows(p.row for p in parts),
                               "sum": f"{fmt.number(total)}{unit}", "diff": diff})
