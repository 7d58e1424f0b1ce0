"""Root causes: one finding at the cell a clerk must change, not at the formulas that show its effect.

These rules read the form's formulas (``Workbook.formulas``, see :mod:`perfcheck.formulas`)
next to its values.  Each reports the cause once, says what the computed cell shows now and what it
will show after the fix, and names the computed cells it ``explains``: the engine then gives those
cells, and every formula that reads them, no finding of their own (``perfcheck.rules.engine``).

Codes: PC014 an unfilled form (one finding for the form), PC015 a number typed as text that a
formula skips, PC216 indicator rows outside the 总分 formula, PC217 总分's formula typed over.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcheck import fmt, scoring
from perfcheck.config import Config
from perfcheck.formulas import FormulaMap, Pos, formula_map, parse_a1
from perfcheck.model import Bilingual, Cell, CellRef, FundKey, Hit, ProjectForm, Severity, Workbook, a1
from perfcheck.rules.base import rule

FAMILY = "causes"
ZERO = Decimal(0)


def _pos(cell: Cell[object] | Cell[Decimal] | Cell[str]) -> Pos:
    return parse_a1(cell.at.cell)


def _typed(cell: Cell[object] | Cell[Decimal] | Cell[str] | None) -> bool:
    return cell is not None and (cell.value is not None or cell.problem is not None)


def _input_cells(form: ProjectForm) -> Iterator[Cell[object] | Cell[Decimal] | Cell[str]]:
    """The cells a clerk types on the form, the project name first (one at a time: PC014 stops at the
    first typed one, on a filled form the first of all)."""
    for c in (form.name, form.goal_expected, form.goal_actual):
        if c is not None:
            yield c
    for key, line in form.funds.items():
        if key is not FundKey.TOTAL:
            yield from (line.initial, line.budget, line.spent)
    for ind in form.indicators:
        yield from (ind.name, ind.target, ind.actual, ind.score)  # type: ignore[misc]


@rule(
    code="PC014", slug="form-unfilled", severity=Severity.ERROR, family=FAMILY, covers_sheet=True,
    message={
        "zh": "项目自评表「{sheet}」未填写：项目名称、资金、年度总体目标和指标的实际完成值、得分都为空；请填写整张表，或删除这张空表",
        "en": "The form \"{sheet}\" is not filled in: project name, funds, goals and the indicators' actual values "
              "and scores are all empty; fill in the form or delete the empty sheet",
    },
    summary={"zh": "项目自评表整张未填写", "en": "A project form left empty"},
)
def form_unfilled(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """一张空白的项目自评表只报告一次，而不是逐格报告。 An empty form is one finding.

    ## 检查内容 What it does
    项目名称、各资金来源行的金额、年度总体目标，以及每个三级指标的名称、年度指标值、实际完成值、得分都为空时，
    报告一次，指向表头；这张表的其他发现（缺项、空格、合计）都不再报告。
    Reported once, at the form's title, when the project name, every amount of the fund-source
    lines, the goals and every indicator's name, target, actual and score are all empty; every other
    finding on that sheet is dropped.

    ## 为什么 Why it matters
    模板里多出的空表会让每个空单元格都变成一条发现；要做的只有一件事：填写或删除。
    A spare template sheet otherwise turns every blank cell into a finding; there is one thing to do.

    ## 示例 Example
    Okay: name="示例项目"
    PC014: name=None, budget=None, spent=None, goal_expected=None, goal_actual=None, indicators=[ind("产出指标", "数量指标", None, None, None, 10, None)], exec_score=None, rate=None, total_score=None, grade=None

    ## 配置 Options
    无 None。
    """
    for form in wb.forms:
        if any(_typed(c) for c in _input_cells(form)):
            continue
        yield Hit(at=form.anchor, ctx={"sheet": form.sheet}, expected=None, actual=None)


def _line_name(text: str) -> str:
    return text.replace("其中：", "").replace("其中:", "").strip()


def _readers(fm: FormulaMap, sheet: str, pos: Pos) -> list[Pos]:
    """The formula cells of the sheet that read ``pos`` directly."""
    return fm.readers(sheet, pos)


@rule(
    code="PC015", slug="number-typed-as-text", severity=Severity.ERROR, family=FAMILY,
    message={
        "zh": "{field}填的是文字“{found}”，{target} 的公式不计文字，现显示 {shown}；请改为数字 {value}，"
              "{target} 将显示 {fixed}",
        "en": "{field} holds the text \"{found}\", which the formula in {target} skips, so it shows {shown}; "
              "type the number {value} and {target} will show {fixed}",
    },
    summary={"zh": "数字填成文字，公式不计入", "en": "A number typed as text that a formula skips"},
)
def number_typed_as_text(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """金额或得分填成了文字（如"95万元"），合计公式跳过它。 A number typed as text that a SUM skips.

    ## 检查内容 What it does
    资金来源行的金额或三级指标的得分是文字（"95万元""9分"），perfcheck 能读出数字，但表中某个公式引用了这个
    单元格：电子表格的 SUM 不计文字，合计（以及由它算出的执行率、得分、总分、等级）因此都错了。在这个输入
    单元格报告一次，说明合计现在显示多少、改成数字后显示多少；由它算出的公式单元格不再各自报告。
    没有公式引用它时（手工填写的表）不报告：金额带单位是各地常见写法。
    An amount of a fund-source line or an indicator score typed as text ("95万元", "9分") that some
    formula of the sheet reads: the spreadsheet's SUM skips text, so the total (and the rate, score,
    总分 and grade computed from it) is wrong.  Reported once, at the input, with what the total
    shows now and will show after the fix; the formula cells computed from it get no finding.
    Without a formula reading it (a hand-filled form) nothing is reported.

    ## 为什么 Why it matters
    错误显示在合计上，但只有这个单元格是办事员能改的地方。
    The error shows in the total, but this cell is the only one the clerk can fix.

    ## 示例 Example
    Okay: formulas={"F6": "SUM(F7:F9)"}
    PC015: formulas={"F6": "SUM(F7:F9)"}, raw={"F7": "100万元"}, total=(100, 100, 0)

    ## 配置 Options
    无 None。
    """
    fm = formula_map(wb.formulas)
    for form in wb.forms:
        if not fm.has_formulas(form.sheet):
            continue
        total = form.total
        for key, line in form.funds.items():
            if key is FundKey.TOTAL:
                continue
            for col in scoring.COLUMNS:
                cell = scoring.line_cell(line, col)
                if cell.value is None or not isinstance(cell.raw, str):
                    continue
                readers = _readers(fm, form.sheet, _pos(cell))
                if not readers:
                    continue
                shown_cell = scoring.line_cell(total, col) if total is not None else None
                fixed = scoring.lines_sum(form, col)
                target = CellRef(form.sheet, a1(*readers[0]))
                shown = shown_cell.value if shown_cell is not None and shown_cell.value is not None else ZERO
                yield Hit(at=cell.at, expected=cell.value, actual=cell.raw,
                          explains=tuple(CellRef(form.sheet, a1(*p)) for p in readers),
                          ctx={"field": Bilingual(f"{_line_name(line.label.text) or key.value}的{scoring.COLUMN_LABEL[col]} {cell.at.cell} ",
                                                  f"{scoring.COLUMN_LABEL[col]} of {_line_name(line.label.text) or key.value} ({cell.at.cell})"),
                               "found": cell.raw, "target": target.cell,
                               "shown": fmt.amount_unit(shown), "value": fmt.number(cell.value),
                               "fixed": fmt.amount_unit(fixed) if fixed is not None else fmt.number(cell.value)})
        stated_total = form.total_score
        for ind in form.indicators:
            cell = ind.score
            if cell.value is None or not isinstance(cell.raw, str):
                continue
            readers = _readers(fm, form.sheet, _pos(cell))
            if not readers:
                continue
            target = CellRef(form.sheet, a1(*readers[0]))
            shown = stated_total.value if stated_total is not None and stated_total.value is not None else ZERO
            yield Hit(at=cell.at, expected=cell.value, actual=cell.raw,
                      explains=tuple(CellRef(form.sheet, a1(*p)) for p in readers),
                      ctx={"field": Bilingual(f"第{ind.row}行的得分 {cell.at.cell} ", f"the score in row {ind.row} ({cell.at.cell})"),
                           "found": cell.raw, "target": target.cell, "shown": fmt.score_unit(shown),
                           "value": fmt.number(cell.value), "fixed": fmt.score_unit(shown + cell.value)})


def _score_cells(form: ProjectForm) -> list[tuple[int, Cell[Decimal]]]:
    return [(ind.row, ind.score) for ind in form.indicators if ind.score.value is not None]


def _grade_text(v: Decimal, cfg: Config) -> Bilingual:
    g = cfg.grade_for(v)
    return Bilingual(g, {"优": "优 (excellent)", "良": "良 (good)", "中": "中 (fair)", "差": "差 (poor)"}.get(g, g))


@rule(
    code="PC216", slug="rows-outside-total-formula", severity=Severity.ERROR, family="scores",
    message={
        "zh": "总分 {cell} 的公式 ={formula} 没有包括{rows}的得分（共 {missing}），现显示 {shown}；把求和范围扩到这些行，"
              "总分将显示 {fixed}，自评等级为{grade}",
        "en": "The 总分 formula in {cell}, ={formula}, leaves out the scores of {rows} ({missing} in all) and shows "
              "{shown}; extend its range over those rows and 总分 will show {fixed}, grade {grade}",
    },
    summary={"zh": "指标行不在总分公式的求和范围内", "en": "Indicator rows outside the 总分 formula"},
    options=("grades.excellent", "grades.good", "grades.fair"),
)
def rows_outside_total_formula(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """总分公式的求和范围漏了指标行（常见于在总分上方插入一行）。 Indicator rows left out of the 总分 SUM.

    ## 检查内容 What it does
    总分（得分列）是公式时，找出得分不在其引用范围内的三级指标行（在总分行正上方插入的行就在 SUM 范围之外）。
    在总分单元格报告一次：漏了哪些行、现在显示多少、扩大范围后显示多少、等级是什么；分值列的合计公式
    同样漏行时一并说明，不再分别报告分值合计（PC209）、总分（PC210）和等级（PC211）。
    When the 总分 score is a formula, finds the indicator rows whose score it does not read (a row
    inserted just above 总分 falls outside the SUM).  One finding at the 总分 cell: which rows, what
    it shows, what it will show with the range extended, and the grade; the weights total, 总分
    and grade findings this causes are not reported separately.

    ## 为什么 Why it matters
    总分和等级看起来是算出来的，其实少算了；只有改公式的范围才能修好。
    The total looks computed but leaves points out; only the formula's range fixes it.

    ## 示例 Example
    Okay: formulas={"H19": "SUM(I6,H13:H18)"}
    PC216: formulas={"H19": "SUM(I6,H13:H17)"}, total_score=90

    ## 配置 Options
    """
    fm = formula_map(wb.formulas)
    for form in wb.forms:
        ts = form.total_score
        if ts is None or not fm.has_formulas(form.sheet):
            continue
        tpos = _pos(ts)
        formula = fm.formula(form.sheet, tpos)
        if formula is None:
            continue
        start = (form.sheet, tpos)
        scores = _score_cells(form)
        # Most totals read every score cell themselves (SUM(H13:H32)): then none is left out, and the
        # cells the formula reads through other formulas need not be followed.
        direct = fm.direct(start)
        if start not in direct and all((form.sheet, _pos(c)) in direct for _, c in scores):
            continue
        reads = fm.inputs(form.sheet, tpos)
        left_out = [(row, c) for row, c in scores if (form.sheet, _pos(c)) not in reads]
        if not left_out:
            continue
        missing = sum((c.value for _, c in left_out if c.value is not None), ZERO)
        shown = ts.value if ts.value is not None else ZERO
        fixed = shown + missing
        explains = [ts.at]
        tw = form.total_weight
        if tw is not None and fm.formula(form.sheet, _pos(tw)) is not None:
            explains.append(tw.at)
        rows = fmt.rows([r for r, _ in left_out])
        yield Hit(at=ts.at, expected=fixed, actual=shown, explains=tuple(explains),
                  ctx={"cell": ts.at.cell, "formula": formula, "rows": rows, "missing": fmt.score_unit(missing),
                       "shown": fmt.score_unit(shown), "fixed": fmt.score_unit(fixed), "grade": _grade_text(fixed, cfg)})


def full_recomputed(form: ProjectForm, parts: Decimal, cfg: Config) -> Bilingual:
    """When some stated scores are themselves wrong (reported at their cells), the total they give is
    not the right one yet: name the total with every score recomputed, and its grade."""
    full = scoring.total_parts(form, cfg).recomputed
    if full is None or abs(full - parts) <= cfg.tolerances.score:
        return Bilingual("", "")
    g = _grade_text(full, cfg)
    return Bilingual(f"；各项得分按指标值重算后，总分为 {fmt.score(full)} 分（{g.zh}）",
                     f"; with every score recomputed from its target and actual the total is {fmt.score(full)} ({g.en})")


def _template_formulas(fm: FormulaMap, form: ProjectForm) -> bool:
    """The sheet carries the template's computed cells (the total row of funds or the weights total)."""
    cells = [form.total_weight]
    total = form.total
    if total is not None:
        cells.extend((total.budget, total.spent, total.score, total.rate))
    return any(c is not None and fm.formula(form.sheet, _pos(c)) is not None for c in cells)


def total_formula_text(form: ProjectForm) -> str:
    """The template's 总分 formula for this form's cells: SUM(<预算执行率得分>,<first>:<last 得分>)."""
    parts: list[str] = []
    total = form.total
    if total is not None and total.score is not None:
        parts.append(total.score.at.cell)
    scores = [ind.score.at.cell for ind in form.indicators]
    if scores:
        parts.append(f"{scores[0]}:{scores[-1]}" if len(scores) > 1 else scores[0])
    return f"SUM({','.join(parts)})"


@rule(
    code="PC217", slug="total-formula-overwritten", severity=Severity.ERROR, family="scores",
    message={
        "zh": "总分 {cell} 的公式被手填的 {stated} 替换了，而预算执行率得分与各三级指标得分之和为 {expected}（{diff}）；"
              "请恢复公式 ={formula}，总分将显示 {expected}，自评等级为{grade}{full}",
        "en": "The 总分 formula in {cell} was typed over with {stated}, while the execution score and the "
              "indicator scores add up to {expected} ({diff}); restore the formula ={formula} and 总分 will "
              "show {expected}, grade {grade}{full}",
    },
    summary={"zh": "总分公式被手填数字替换且与各项得分之和不符", "en": "总分 formula typed over with a wrong number"},
    options=("weights.execution", "grades.excellent", "grades.good", "grades.fair", "tolerances.score",
            "execution.formula", "execution.decimals", "execution.bands", "indicators.over_warn"),
)
def total_formula_overwritten(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """模板的总分公式被手填的数字替换，且与各项得分之和不符。 The 总分 formula typed over.

    ## 检查内容 What it does
    表中保留着模板的公式（年度资金总额、执行率、分值合计），总分却是手填的数字，且与预算执行率得分加各三级
    指标得分之和不一致（超过分数容差）时，在总分单元格报告一次：填了多少、应为多少、多填或少计多少、
    要恢复的公式。这一格不再报告 PC210/PC212。
    On a form that keeps the template's formulas (funds totals, rate, weights total) but has a typed
    number in 总分 that differs from the execution score plus the indicator scores, one finding at
    总分: what was typed, what is right, by how much, and the formula to restore.  PC210/PC212 are
    not reported on that cell.

    ## 为什么 Why it matters
    手填的总分不会随得分变化；常见的是照抄"满分100"。
    A typed total does not follow the scores; often it is a copied "100".

    ## 示例 Example
    Okay: formulas={"G19": "SUM(G6,G13:G18)"}, total_score=100
    PC217: formulas={"G19": "SUM(G6,G13:G18)"}, edit={0: dict(score=18, actual=m(None, 45, "人"), reason="受疫情影响部分培训取消，下一步将增加场次")}, total_score=100

    ## 配置 Options
    """
    fm = formula_map(wb.formulas)
    for form in wb.forms:
        ts = form.total_score
        if ts is None or ts.value is None or not fm.has_formulas(form.sheet):
            continue
        if fm.formula(form.sheet, _pos(ts)) is not None or not _template_formulas(fm, form):
            continue
        parts = scoring.total_parts(form, cfg).parts
        if parts is None or scoring.agrees(ts, parts, "score", cfg):
            continue
        yield Hit(at=ts.at, expected=parts, actual=ts.value,
                  ctx={"cell": ts.at.cell, "stated": fmt.score_unit(ts.value), "expected": fmt.score_unit(parts),
                       "diff": fmt.diff_score(ts.value, parts), "formula": total_formula_text(form),
                       "grade": _grade_text(parts, cfg), "full": full_recomputed(form, parts, cfg)})

