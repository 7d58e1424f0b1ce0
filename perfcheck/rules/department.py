"""Rules family PC6xx: the 部门整体支出绩效自评表 and its 基础数据表 (forms.md §2, §3).

PC601–PC609, PC617: the department form on its own (funds split, 执行率 and its score, indicators,
总分, 等级, 分值, the 一级 set); PC610–PC611: against the project forms of the same workbook;
PC612–PC616: the 基础数据表, and its 项目支出 against the department form.

The examples build a workbook of the kind through the template writer and read it back
(perfcheck/examples/kinds.py): ``dept={...}`` overrides the consistent department form (``parts``:
``{"general": (年初, 全年预算, 全年执行)}``; ``edit``: ``{row index: {field: value}}`` of its indicators),
``basic={...}`` its 基础数据表 (``lines``: ``{"reception": (上年决算, 本年预算, 本年决算)}``), ``projects``:
the project forms' 全年执行数.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcheck import scoring
from perfcheck.codes import DEPT_LABEL_MISSING
from perfcheck.config import Config
from perfcheck.kinds import basicdata as bd
from perfcheck.kinds import department as dep
from perfcheck.layout import LEVEL1
from perfcheck.model import Cell, DepartmentForm, Hit, Severity, ValueKind, Workbook
from perfcheck.rules._text import vague_word
from perfcheck.rules.base import Rule, register, rule

FAMILY = "department"

register(Rule(
    code=DEPT_LABEL_MISSING, slug="dept-label-missing", severity=Severity.ERROR, family="reading",
    message={"zh": "{form}（工作表「{sheet}」）缺少「{label}」，依赖它的检查已跳过",
             "en": "{form} (sheet \"{sheet}\") has no \"{label}\"; the checks that need it were skipped"},
    summary={"zh": "部门整体自评表或基础数据表缺少必需的栏目",
             "en": "A department form or basic data table lacks a required label"},
    doc="""## 检查内容 What it does
按标题或标签认出的部门整体支出绩效自评表或基础数据表（forms.md §1）缺少必需的标签时报告（由读取器发出）：
部门整体表的 预算部门（单位）名称、全年预算数、全年执行数、执行率、得分、年度资金总额，及与项目表相同的指标表栏目；
基础数据表的 编制数、实际在职人数、本年决算数、三公经费各行、项目支出、公用经费。指向该标签应在的位置
（表头行或工作表第一格）。
Emitted by the reader when a department form or a basic data table (recognised by its title or
labels) lacks a required label; points where the label belongs.

## 为什么 Why it matters
找不到标签就读不出对应的数，依赖它的检查只能跳过。
Without the label the value cannot be found and its checks are skipped.

## 示例 Example
一个只有标题的部门整体表缺少全部栏目。 A department form that is only a title lacks everything.
Okay: rename 项目1 -> 部门整体支出
PC618: add 部门; 部门!A1 = "部门整体支出绩效自评表"
PC618: add 基础; 基础!A1 = "部门整体支出绩效评价基础数据表"; 基础!A3 = "编制数"; 基础!B3 = 20

## 配置 Options
仅严重程度可在 [severity] 中调整。Only the severity can be changed, under [severity].""",
))
COLUMN_LABEL = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}
BASIC_COLUMN = {"prev": "上年决算数", "budget": "本年预算数", "final": "本年决算数"}
GROUP_LABEL = {"income": "按收入性质分", "expense": "按支出性质分"}


def _split(form: DepartmentForm, group: str, cfg: Config) -> Iterator[Hit]:
    for col in ("initial", "budget", "spent"):
        total = form.total.get(col)
        parts = [x.amounts[col] for x in form.lines if x.group == group and col in x.amounts]
        values = [p.value for p in parts if p.value is not None]
        if total is None or total.value is None or not values:
            continue
        expected = sum(values, Decimal(0))
        if scoring.agrees(total, expected, "amount", cfg):
            continue
        names = "、".join(dep.LABELS[x.key].zh for x in form.lines
                         if x.group == group and col in x.amounts and x.amounts[col].value is not None)
        yield Hit(at=total.at, expected=expected, actual=total.value,
                  related=tuple(p.at for p in parts if p.value is not None),
                  ctx={"column": COLUMN_LABEL[col], "stated": total.value, "expected": expected,
                       "parts": names, "diff": total.value - expected, "group": GROUP_LABEL[group]})


_SPLIT_MSG = {
    "zh": "年度资金总额的{column}为 {stated} 万元，而{group}的{parts}之和为 {expected} 万元（差额 {diff} 万元）",
    "en": "年度资金总额 (total funds) {column} is {stated} 万元, but the parts of {group} ({parts}) add up to "
          "{expected} 万元 (difference {diff} 万元)",
}


@rule(code="PC601", slug="dept-income-split-mismatch", severity=Severity.ERROR, family=FAMILY, message=_SPLIT_MSG,
      summary={"zh": "部门整体表：按收入性质分的各项之和不等于年度资金总额",
               "en": "Department form: the sources do not add up to the total funds"},
               options=("tolerances.amount",))
def dept_income_split(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """按收入性质分的各项之和应等于年度资金总额。 The sources add up to the total funds.

    ## 检查内容 What it does
    在年初预算数、全年预算数、全年执行数各列中，只要年度资金总额和至少一项"按收入性质分"（一般公共预算拨款、
    政府性基金预算拨款、纳入专户管理的非税收入拨款、其他资金）都有数，就比较二者，未填的项按 0 计。
    拆分行无论写成一行一项、写在标签里（``其中：一般公共预算：1325.68``，视为全年执行数），还是与
    "按收入性质分"写在同一行，都能读出。指向年度资金总额单元格。
    In each amount column where the total and at least one source part are filled, the parts (an
    empty part counts 0) must add up to the total.  Parts are read however they are written: one row
    each, the amount inside the label text (read as 全年执行数), or all on one line.  Points at the total.

    ## 为什么 Why it matters
    资金来源之和不等于总额，说明某项漏填、重复或总额是旧数；执行率和得分都从总额算出。
    Sources that do not add up mean a part is missing or counted twice, or the total is stale.

    ## 示例 Example
    Okay: dept={}
    Okay: dept={"parts": {"other": (50, 60, 50.004)}, "total_spent": "1350"}
    PC601: dept={"total_spent": 1400}
    PC601: dept={"parts": {"general": (1150, 1230, 1200)}, "total_spent": 1350}

    ## 配置 Options
    """
    for form in wb.departments:
        yield from _split(form, "income", cfg)


@rule(code="PC602", slug="dept-expense-split-mismatch", severity=Severity.ERROR, family=FAMILY, message=_SPLIT_MSG,
      summary={"zh": "部门整体表：基本支出与项目支出之和不等于年度资金总额",
               "en": "Department form: basic + project expenditure differ from the total funds"},
               options=("tolerances.amount",))
def dept_expense_split(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """基本支出 + 项目支出 = 年度资金总额。 Basic plus project expenditure equal the total funds.

    ## 检查内容 What it does
    按支出性质分：基本支出与项目支出之和在每个两者都填了的金额列（全年执行数列及其他已填列）应等于年度资金总额。
    拆分写在标签中（``其中：基本支出：800``）时按全年执行数读取。指向年度资金总额单元格。
    By use: 基本支出 + 项目支出 must equal the total in every amount column where both are filled
    (an amount inside the label text is a 全年执行数).  Points at the total.

    ## 为什么 Why it matters
    支出结构是部门整体评价的基础；与总额不符时，基本支出或项目支出至少有一个数是错的。
    The split by use is what the department evaluation rests on; a mismatch means one of them is wrong.

    ## 示例 Example
    Okay: dept={}
    PC602: dept={"parts": {"project": (400, 440, 400)}}
    PC602: dept={"parts": {"basic": (900, 960, 930)}}

    ## 配置 Options
    """
    for form in wb.departments:
        yield from _split(form, "expense", cfg)


def _funds(form: DepartmentForm) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    b = form.total.get("budget")
    s = form.total.get("spent")
    bv = b.value if b is not None else None
    sv = s.value if s is not None else None
    rate = sv / bv if bv and sv is not None else None
    return bv, sv, rate


@rule(code="PC603", slug="dept-rate-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表的执行率填写为 {stated}，按全年执行数 {spent} 万元 ÷ 全年预算数 {budget} 万元应为 {expected}",
               "en": "Department form: execution rate is {stated}, but 全年执行数 {spent} 万元 ÷ 全年预算数 {budget} 万元 "
                     "= {expected}"},
      summary={"zh": "部门整体表：执行率与全年执行数÷全年预算数不符",
               "en": "Department form: execution rate is not spent ÷ annual budget"})
def dept_rate_mismatch(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """部门整体表的执行率 = 全年执行数 ÷ 全年预算数。 The department form's rate is spent ÷ budget.

    ## 检查内容 What it does
    用年度资金总额行的全年执行数 ÷ 全年预算数重算执行率，与填写值比较（按填写值显示的小数位，至少整百分点，
    见 docs/scoring.md §0）。指向执行率单元格。
    Recomputes the rate on the 年度资金总额 row and compares it with the stated rate, to the
    decimals shown (at least whole percent).  Points at the rate.

    ## 为什么 Why it matters
    执行率填成 100% 而金额只有 80.45%，预算执行率得分就多给了近 2 分。
    A rate stated as 100% where the amounts give 80.45% hands out points that were not earned.

    ## 示例 Example
    Okay: dept={}
    Okay: dept={"rate": "97.1%", "exec_score": "9.71"}
    PC603: dept={"rate": 1, "exec_score": 9.71}

    ## 配置 Options
    无 None（一致的判断见 docs/scoring.md §0 / agreement as in docs/scoring.md §0）。
    """
    for form in wb.departments:
        budget, spent, rate = _funds(form)
        stated = form.rate
        if rate is None or stated is None or stated.value is None or scoring.agrees(stated, rate, "rate", cfg):
            continue
        yield Hit(at=stated.at, expected=rate, actual=stated.value,
                  ctx={"stated": scoring.pct_cell(stated), "expected": scoring.pct(rate), "spent": spent,
                       "budget": budget})


@rule(code="PC604", slug="dept-exec-score-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表的预算执行率得分填写为 {stated} 分，按执行率 {rate}、分值 {weight} 应为 {expected} 分",
               "en": "Department form: execution score is {stated} points; at a rate of {rate} and {weight} points "
                     "it should be {expected}"},
      summary={"zh": "部门整体表：预算执行率得分与执行率不符",
               "en": "Department form: execution score does not follow from the rate"},
               options=("weights.execution", "tolerances.score", "execution.formula", "execution.decimals",
                        "execution.bands"))
def dept_exec_score(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """预算执行率得分 = 分值 × min(执行率, 100%)，执行率按金额重算。 The score follows from the recomputed rate.

    ## 检查内容 What it does
    以重算的执行率（不是填写的执行率）按 [execution] 的公式（默认 分值 × min(执行率, 100%)，2 位小数）计算得分，
    与填写得分相差超过分数容差即报告，指向得分单元格。执行率填成 100%、得分 10 而金额只有 80.45% 时，
    执行率（PC603）和得分（本规则）两个单元格都要改。
    Computes the score from the recomputed rate with the [execution] formula and compares it with
    the stated score (score tolerance).  Points at the score.

    ## 为什么 Why it matters
    得分计入总分和自评等级。 The score goes into the total and the grade.

    ## 示例 Example
    Okay: dept={}
    PC604: dept={"exec_score": 10}
    PC604: dept={"parts": {"general": (1150, 1230, 888.3)}, "rate": 1, "exec_score": 10}
    PC604: dept={"exec_weight": None, "exec_score": 9}

    ## 配置 Options
    分值取表中填写值，未填时取 weights.execution。 The weight is the stated 分值, else weights.execution.
    """
    for form in wb.departments:
        _, _, rate = _funds(form)
        stated = form.score
        if rate is None or stated is None or stated.value is None:
            continue
        weight = form.weight.value if form.weight is not None and form.weight.value is not None \
            else cfg.weights.execution
        expected = scoring.execution_score(rate, weight, cfg)
        if scoring.agrees(stated, expected, "score", cfg):
            continue
        yield Hit(at=stated.at, expected=expected, actual=stated.value,
                  ctx={"stated": stated.value, "rate": scoring.pct(rate), "weight": weight, "expected": expected})


@rule(code="PC605", slug="dept-overspent", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表的全年执行数 {spent} 万元超过全年预算数 {budget} 万元",
               "en": "Department form: 全年执行数 {spent} 万元 exceeds 全年预算数 {budget} 万元"},
      summary={"zh": "部门整体表：全年执行数超过全年预算数", "en": "Department form: spending above the annual budget"},
      options=("tolerances.amount",))
def dept_overspent(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """全年执行数不能超过全年预算数。 Spending cannot exceed the annual budget.

    ## 检查内容 What it does
    年度资金总额行的全年执行数大于全年预算数（超出金额容差）时报告，指向全年执行数单元格。
    Reported when the total's 全年执行数 exceeds its 全年预算数 by more than the amount tolerance.

    ## 为什么 Why it matters
    超预算支出不合规，或金额填错了列。 Overspending breaks the budget law, or a figure is in the wrong column.

    ## 示例 Example
    Okay: dept={}
    PC605: dept={"parts": {"general": (1150, 1230, 1300), "basic": (900, 950, 1000)}}

    ## 配置 Options
    """
    for form in wb.departments:
        budget, spent, _ = _funds(form)
        if budget is not None and spent is not None and spent - budget > cfg.tolerances.amount:
            yield Hit(at=form.total["spent"].at, expected=budget, actual=spent,
                      ctx={"spent": spent, "budget": budget})


@rule(code="PC606", slug="dept-indicator-score-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表指标「{name}」的得分填写为 {stated} 分，按年度指标值与实际完成值应为 {expected} 分",
               "en": "Department form: indicator {name} is scored {stated}; its target and actual value give {expected}"},
      summary={"zh": "部门整体表：指标得分与完成情况不符", "en": "Department form: indicator score does not follow"},
      options=("tolerances.score", "indicators.reverse_formula", "indicators.missing_operator",
               "indicators.over_warn"))
def dept_indicator_score(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """部门整体表的三级指标得分按项目表的规则重算。 Indicator scores are recomputed as on the project form.

    ## 检查内容 What it does
    每个三级指标按 docs/scoring.md §3（与项目表相同的计分方法）重算得分或得分区间，填写的得分不在其中（超出分数容差）时报告，
    指向得分单元格。未完成的反向指标各省公式不同，不报告。
    Each indicator is recomputed as on the project form (docs/scoring.md §3); a stated score outside the
    recomputed value or range is reported at the score cell.  A missed reverse target, whose
    formula differs between provinces, is not reported.

    ## 为什么 Why it matters
    部门整体评价的指标与项目表同样计分，多给的分数没有依据。
    The department form's indicators are scored like the project form's.

    ## 示例 Example
    Okay: dept={}
    PC606: dept={"edit": {0: {"actual": "4户"}}}

    ## 配置 Options
    """
    for form in wb.departments:
        year = form.year.value if form.year is not None else None
        for ind in form.indicators:
            stated = ind.score.value
            if stated is None:
                continue
            sc = scoring.indicator_score(ind, cfg, year)
            if sc.scored and sc.firm and not sc.accepts(stated, cfg):
                yield Hit(at=ind.score.at, expected=sc.exact, actual=stated,
                          ctx={"name": ind.name.value or f"第{ind.row}行", "stated": stated,
                               "expected": sc.expected_text()})


@rule(code="PC619", slug="dept-reason-missing", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表指标「{name}」得分 {stated}/{weight} 分、年度指标值 {target}、实际完成值 {actual}："
                     "应填写偏差原因分析及改进措施（未填写）",
               "en": "Department form: indicator {name} scored {stated}/{weight}, target {target}, actual {actual}: "
                     "a reason and improvement measures are required (none given)"},
      summary={"zh": "部门整体表：扣分或未完成的指标未填偏差原因", "en": "Department form: deviation without a reason"},
      options=("indicators.reverse_formula", "indicators.missing_operator", "indicators.over_warn"))
def dept_reason_missing(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """扣分或未完成的指标必须填写偏差原因分析及改进措施。 A deviation needs a reason.

    ## 检查内容 What it does
    部门整体表的三级指标得分低于分值，或按 docs/scoring.md §3 判断目标未完成时，偏差原因分析及改进措施为空则报告，
    指向该空单元格（docs/scoring.md §4，同项目表 PC213）。
    Reported at the empty reason cell when an indicator scores below its weight or misses its
    target (docs/scoring.md §4, as PC213 on the project form).

    ## 为什么 Why it matters
    没有原因和改进措施，扣分和未完成都无法复核。 A deviation without a reason cannot be reviewed.

    ## 示例 Example
    Okay: dept={}
    Okay: dept={"edit": {0: {"actual": "9户", "score": 18, "reason": "1户企业年底未达规上标准，下一步加强培育。"}}}
    PC619: dept={"edit": {0: {"actual": "9户", "score": 18}}}

    ## 配置 Options
    severity 可改 / severity may be overridden。
    """
    for form in wb.departments:
        year = form.year.value if form.year is not None else None
        for ind in form.indicators:
            w, s = ind.weight.value, ind.score.value
            sc = scoring.indicator_score(ind, cfg, year)
            short = (w is not None and s is not None and s < w) or sc.missed is True
            if short and scoring.reason_text(ind.reason) is None:
                yield Hit(at=ind.reason.at,
                          ctx={"name": ind.name.value or f"第{ind.row}行", "stated": s if s is not None else "—",
                               "weight": w if w is not None else "—", "target": ind.target.text or "—",
                               "actual": ind.actual.text or "—"})


@rule(code="PC620", slug="dept-vague-target", severity=Severity.WARNING, family=FAMILY,
      message={"zh": "部门整体表指标「{name}」的年度指标值「{target}」含模糊用语「{word}」，没有数值：应写成可衡量的数值或日期",
               "en": "Department form: indicator {name}: the target \"{target}\" uses the vague word \"{word}\" with "
                     "no number; expected a measurable number or date"},
      summary={"zh": "部门整体表：年度指标值是无数值的模糊表述", "en": "Department form: a target is vague wording"},
      options=("indicators.vague_words",))
def dept_vague_target(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """部门整体表的年度指标值应细化量化，不应是“效果明显”“有所提高”之类的模糊表述。 Targets are measurable.

    ## 检查内容 What it does
    部门整体表的三级指标年度指标值是文字（没有数值、不是日期、不是“达成年度指标”等等级），且含模糊用语
    （indicators.vague_words）时提示，指向年度指标值单元格并指出该用语（docs/scoring.md §6，同项目表 PC401）。
    部门整体表没有满意度、时效、成本的专门检查，所以每个指标都按此检查（“服务对象都满意”“按时完成”也在内）。
    A department-form target that is text (no number, no date, not a grade) and contains a vague word
    is reported at the target cell, naming the word (docs/scoring.md §6, as PC401 on the project
    form).  Every indicator is checked: the department form has no own satisfaction, timeliness or
    cost-target rules.

    ## 为什么 Why it matters
    部门整体绩效目标同样要求细化量化（财预〔2020〕10号）；“服务企业能力明显提高”无法判断是否完成，分值形同白送。
    The department's targets must be measurable too: "服务企业能力明显提高" can never be missed, so it
    measures nothing and its points are free.

    ## 示例 Example
    第 6 个指标（社会效益指标“服务企业户数”，年度指标值 ≥300户）改成文字。
    The 6th indicator (服务企业户数, target ≥300户) rewritten as text.
    Okay: dept={}
    Okay: dept={"edit": {5: {"target": "建成企业服务平台", "actual": "已建成"}}}
    PC620: dept={"edit": {5: {"target": "服务企业能力明显提高", "actual": "已提高"}}}
    PC620: dept={"edit": {7: {"target": "服务对象都满意", "actual": "满意"}}}

    ## 配置 Options
    """
    for form in wb.departments:
        for ind in form.indicators:
            t = ind.target.value
            if t is None or t.kind is not ValueKind.TEXT:
                continue
            word = vague_word(ind.target.text, cfg.indicators.vague_words)
            if word:
                yield Hit(at=ind.target.at, expected=None, actual=ind.target.text,
                          ctx={"name": ind.name.value or f"第{ind.row}行", "target": ind.target.text, "word": word})


def _stated_total(form: DepartmentForm) -> Decimal | None:
    return scoring.sum_known([form.score.value if form.score is not None else None,
                              *(i.score.value for i in form.indicators)])


@rule(code="PC607", slug="dept-total-score-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表的总分填写为 {stated} 分，而预算执行率得分与各指标得分之和为 {expected} 分",
               "en": "Department form: 总分 is {stated}, but the execution score plus the indicator scores add up to "
                     "{expected}"},
      summary={"zh": "部门整体表：总分不等于各项得分之和", "en": "Department form: total is not the sum of the scores"},
      options=("tolerances.score",))
def dept_total_score(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """总分 = 预算执行率得分 + Σ 三级指标得分。 The total is the sum of the stated scores.

    ## 检查内容 What it does
    以表中填写的预算执行率得分和各指标得分求和，与总分比较（分数容差），指向总分单元格。
    Adds the stated execution score and indicator scores and compares with 总分 (score tolerance).

    ## 为什么 Why it matters
    总分决定自评等级。 The total sets the grade.

    ## 示例 Example
    Okay: dept={}
    PC607: dept={"total_score": 100}

    ## 配置 Options
    """
    for form in wb.departments:
        stated = form.total_score
        expected = _stated_total(form)
        if stated is None or stated.value is None or expected is None:
            continue
        if not scoring.agrees(stated, expected, "score", cfg):
            yield Hit(at=stated.at, expected=expected, actual=stated.value,
                      ctx={"stated": stated.value, "expected": expected})


@rule(code="PC608", slug="dept-grade-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表的自评等级填写为「{stated}」，总分 {total} 分应为「{expected}」",
               "en": "Department form: grade is {stated}, but a total of {total} gives {expected}"},
      summary={"zh": "部门整体表：自评等级与总分不符", "en": "Department form: grade does not follow from the total"},
      options=("grades.excellent", "grades.good", "grades.fair"))
def dept_grade(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """自评等级按总分定档：优 ≥ 90，良 ≥ 80，中 ≥ 60，差。 The grade follows from the total.

    ## 检查内容 What it does
    按各项得分之和（无则按填写的总分）和 [grades] 的分档确定等级，与填写的自评等级比较，指向等级单元格。
    The grade of the sum of the stated scores (else the stated total) by the [grades] bands must be
    the stated grade.

    ## 为什么 Why it matters
    等级是对外公开的结论。 The grade is what gets published.

    ## 示例 Example
    Okay: dept={}
    PC608: dept={"grade": "良"}

    ## 配置 Options
    """
    for form in wb.departments:
        g = form.grade
        basis = _stated_total(form)
        if basis is None and form.total_score is not None:
            basis = form.total_score.value
        if g is None or g.value is None or basis is None:
            continue
        expected = cfg.grade_for(basis)
        if g.value.strip() != expected:
            yield Hit(at=g.at, expected=expected, actual=g.value,
                      ctx={"stated": g.value, "total": scoring.points(basis), "expected": expected})


@rule(code="PC609", slug="dept-weights-not-100", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "部门整体表各项分值之和为 {total} 分，应为 100 分",
               "en": "Department form: the points add up to {total}, not 100"},
      summary={"zh": "部门整体表：分值合计不是 100", "en": "Department form: points do not add up to 100"})
def dept_weights(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """预算执行率分值与各指标分值之和应为 100。 The points add up to 100.

    ## 检查内容 What it does
    预算执行率的分值加各三级指标分值，不等于 100 时报告，指向总分行的分值单元格（无则指向预算执行率分值）；
    还没有任何指标填写分值（空表）时不检查。
    The execution weight plus the indicator weights must be 100; points at the 总分 row's 分值 cell.
    Not checked before any indicator has a weight (a blank form).

    ## 为什么 Why it matters
    满分不是 100 时，总分和等级失去可比性。 Totals are only comparable out of 100.

    ## 示例 Example
    Okay: dept={}
    PC609: dept={"edit": {0: {"weight": 25, "score": 25}}}

    ## 配置 Options
    无 None。
    """
    for form in wb.departments:
        weights = [i.weight.value for i in form.indicators if i.weight.value is not None]
        if not weights:       # no indicator weighted yet (a blank form): nothing to add up
            continue
        if form.weight is not None and form.weight.value is not None:
            weights.append(form.weight.value)
        total = sum(weights, Decimal(0))
        if total != 100:
            at = form.total_weight.at if form.total_weight is not None else (
                form.weight.at if form.weight is not None else form.anchor)
            yield Hit(at=at, expected=Decimal(100), actual=total, ctx={"total": total})


def _bare(name: str) -> str:
    return name.strip().removesuffix("指标")


@rule(code="PC617", slug="dept-level1-unknown", severity=Severity.WARNING, family=FAMILY,
      message={"zh": "部门整体表的一级指标「{name}」不属于全国通用体系，也不属于规则文件认可的其他体系",
               "en": "Department form: level-1 indicator {name} is neither in the national set nor in a set the "
                     "rules file accepts"},
      summary={"zh": "部门整体表：一级指标体系未知", "en": "Department form: unknown level-1 indicator set"},
      options=("department.level1_sets",))
def dept_level1(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """一级指标应属于同一套已知体系。 The 一级 names come from one known set.

    ## 检查内容 What it does
    部门整体表的一级指标名称（"指标"二字可省）全部属于全国通用的 产出/效益/满意度，或全部属于 [department]
    level1_sets 中的某一套（如 投入/过程/产出/效益，或 履职效能/管理效率/运行成本/社会效应/可持续发展能力）时不报告；
    否则指向第一个不属于任何一套的一级指标单元格。
    The 一级 names must all come from the national set or all from one set of [department]
    level1_sets; otherwise the first name outside every set is reported.

    ## 为什么 Why it matters
    一级指标决定分值结构和汇总口径；自创的一级指标无法与其他部门比较。
    The 一级 set fixes the weights and how forms are compared.

    ## 示例 Example
    Okay: dept={}
    Okay: dept={"level1": ["履职效能", "管理效率", "运行成本", "社会效应", "可持续发展能力"]}
    PC617: dept={"edit": {0: {"level1": "工作指标"}}}

    ## 配置 Options
    """
    sets = [frozenset(LEVEL1)] + [frozenset(s) for s in cfg.department.level1_sets]
    bare_sets = [frozenset(_bare(x) for x in s) for s in sets]
    for form in wb.departments:
        cells = [i.level1 for i in form.indicators if i.level1.value]
        names = {_bare(c.value or "") for c in cells}
        if not names or any(names <= s for s in bare_sets):
            continue
        known = frozenset().union(*bare_sets)
        bad = next((c for c in cells if _bare(c.value or "") not in known), None)
        if bad is None:  # every name is known, but they mix two sets: point at the first of the minority
            best = max(bare_sets, key=lambda s: len(names & s))
            bad = next(c for c in cells if _bare(c.value or "") not in best)
        yield Hit(at=bad.at, actual=bad.value, ctx={"name": bad.value})


# --------------------------------------------------------------------------------------------------
# against the project forms
# --------------------------------------------------------------------------------------------------


def _project_line(wb: Workbook) -> tuple[DepartmentForm, Cell[Decimal], Decimal] | None:
    """The one department form's 项目支出 全年执行数 cell and value (None: no single department form)."""
    if len(wb.departments) != 1:
        return None
    form = wb.departments[0]
    line = form.line("project")
    if line is None:
        return None
    cell = line.amounts.get("spent")
    if cell is None or cell.value is None:
        return None
    return form, cell, cell.value


def _projects_spent(wb: Workbook, cfg: Config) -> Decimal | None:
    return scoring.sum_known(scoring.execution(f, cfg).spent for f in wb.forms)


@rule(code="PC610", slug="dept-projects-exceed", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "本工作簿 {count} 张项目表的全年执行数合计 {projects} 万元，超过部门整体表的项目支出 {stated} 万元",
               "en": "The {count} project forms of this workbook spent {projects} 万元 in all, more than the department "
                     "form's 项目支出 of {stated} 万元"},
      summary={"zh": "项目表支出合计超过部门整体表的项目支出", "en": "Project forms spend more than the department's 项目支出"},
      options=("weights.execution", "tolerances.amount", "execution.formula", "execution.decimals",
               "execution.bands"))
def dept_projects_exceed(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """各项目表的全年执行数之和不能超过部门整体表的项目支出。 Projects cannot spend more than 项目支出.

    ## 检查内容 What it does
    工作簿中只有一张部门整体表时，把所有项目表的全年执行数（按各资金来源重算）相加，与部门整体表按支出性质分的
    项目支出（全年执行数）比较，超出金额容差即报告，指向部门整体表的项目支出单元格。
    With one department form in the workbook, the project forms' 全年执行数 added up must not
    exceed the department's 项目支出 (全年执行数).  Points at the department's 项目支出.

    ## 为什么 Why it matters
    项目支出是各项目支出的总和；项目表合计更大，说明部门表少报或项目表多报。
    项目支出 includes every project; a larger sum means one side is wrong.

    ## 示例 Example
    Okay: dept={}, projects=[95, 130.5]
    PC610: dept={}, projects=[300, 130.5]

    ## 配置 Options
    """
    found = _project_line(wb)
    total = _projects_spent(wb, cfg)
    if found is None or total is None:
        return
    _, cell, stated = found
    if total - stated > cfg.tolerances.amount:
        yield Hit(at=cell.at, expected=total, actual=stated,
                  ctx={"count": len(wb.forms), "projects": total, "stated": stated})


@rule(code="PC611", slug="dept-projects-cover-little", severity=Severity.INFO, family=FAMILY,
      message={"zh": "本工作簿的项目表只覆盖部门项目支出 {stated} 万元中的 {projects} 万元（{share}）",
               "en": "The project forms of this workbook cover {projects} of the department's 项目支出 of {stated} "
                     "万元 ({share})"},
      summary={"zh": "项目表只覆盖部门项目支出的一小部分", "en": "Project forms cover little of 项目支出"},
      options=("weights.execution", "execution.formula", "execution.decimals", "execution.bands",
               "department.projects_cover_below"))
def dept_projects_cover(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """项目表覆盖的支出远少于部门项目支出时提示。 Project forms covering little of 项目支出.

    ## 检查内容 What it does
    工作簿中有项目表且只有一张部门整体表时，项目表全年执行数之和低于项目支出 × [department]
    projects_cover_below（默认 50%）时提示，指向部门整体表的项目支出单元格。
    With project forms and one department form, reported when the forms' spending is below
    projects_cover_below (50%) of the department's 项目支出.

    ## 为什么 Why it matters
    可能漏报了项目的自评表。 Forms for some projects may be missing.

    ## 示例 Example
    Okay: dept={}, projects=[95, 130.5]
    PC611: dept={}, projects=[95]

    ## 配置 Options
    """
    found = _project_line(wb)
    total = _projects_spent(wb, cfg)
    if found is None or total is None or not wb.forms:
        return
    _, cell, stated = found
    if stated > 0 and total < stated * cfg.department.projects_cover_below:
        yield Hit(at=cell.at, expected=stated, actual=total,
                  ctx={"projects": total, "stated": stated, "share": scoring.pct(total / stated)})


# --------------------------------------------------------------------------------------------------
# 基础数据表
# --------------------------------------------------------------------------------------------------


@rule(code="PC612", slug="basic-part-sum-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "基础数据表「{line}」的{column}为 {stated} 万元，而其中各项（{parts}）之和为 {expected} 万元",
               "en": "Basic data: {line} {column} is {stated} 万元, but its parts ({parts}) add up to {expected} 万元"},
      summary={"zh": "基础数据表：其中各项之和不等于上级项目", "en": "Basic data: parts do not add up to their line"},
      options=("tolerances.amount",))
def basic_part_sum(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """基础数据表的每个"其中"之和等于其上级项目。 Every 其中 adds up to its line.

    ## 检查内容 What it does
    三公经费 = 公务用车购置和维护经费 + 出国（境）经费 + 公务接待费；公务用车购置和维护经费 = 公车购置 + 公车运行维护；
    公用经费 = 办公经费 + 水费、电费、差旅费 + 会议费、培训费 + 其他公用经费。在上年决算数、本年预算数、本年决算数
    各列中，上级有数且至少一项有数时比较（未填按 0），指向上级单元格。
    Each parent line must equal the sum of its parts in every column where the parent and at least
    one part are filled.  Points at the parent.

    ## 为什么 Why it matters
    三公经费和公用经费是公开和审计的重点。 Three public expenses and running costs are audited closely.

    ## 示例 Example
    Okay: basic={}
    PC612: basic={"lines": {"sangong": (7, 9, 9)}}
    PC612: basic={"lines": {"public": (23, 27, 30)}}

    ## 配置 Options
    """
    for data in wb.basic_data:
        for parent, parts in bd.PARTS.items():
            line = data.lines.get(parent)
            if line is None:
                continue
            for col, cell in line.amounts.items():
                cells = [data.lines[p].amounts[col] for p in parts if p in data.lines and col in data.lines[p].amounts]
                values = [c.value for c in cells if c.value is not None]
                if cell.value is None or not values:
                    continue
                expected = sum(values, Decimal(0))
                if not scoring.agrees(cell, expected, "amount", cfg):
                    yield Hit(at=cell.at, expected=expected, actual=cell.value,
                              related=tuple(c.at for c in cells),
                              ctx={"line": bd.LABELS[parent].zh, "column": BASIC_COLUMN[col], "stated": cell.value,
                                   "parts": "、".join(bd.LABELS[p].zh for p in parts), "expected": expected})


@rule(code="PC613", slug="basic-control-rate-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "基础数据表的控制率填写为 {stated}，按实际在职人数 {staff} ÷ 编制数 {quota} 应为 {expected}",
               "en": "Basic data: staffing ratio is {stated}, but {staff} in post ÷ {quota} posts = {expected}"},
      summary={"zh": "基础数据表：控制率与人数不符", "en": "Basic data: staffing ratio does not follow"})
def basic_control_rate(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """控制率 = 实际在职人数 ÷ 编制数。 The staffing ratio is staff ÷ posts.

    ## 检查内容 What it does
    重算控制率，与填写值按显示的小数位比较（至少整百分点），指向控制率单元格。
    Recomputes the ratio and compares it to the decimals shown.

    ## 为什么 Why it matters
    控制率用于判断是否超编。 The ratio tells whether the unit is over quota.

    ## 示例 Example
    Okay: basic={}
    PC613: basic={"control_rate": "90%"}

    ## 配置 Options
    无 None。
    """
    for data in wb.basic_data:
        q, s, r = data.quota, data.staff, data.control_rate
        if q is None or s is None or r is None or q.value in (None, 0) or s.value is None or r.value is None:
            continue
        assert q.value is not None
        rate = s.value / q.value
        if not scoring.agrees(r, rate, "rate", cfg):
            yield Hit(at=r.at, expected=rate, actual=r.value,
                      ctx={"stated": scoring.pct_cell(r), "staff": s.value, "quota": q.value,
                           "expected": scoring.pct(rate)})


@rule(code="PC614", slug="basic-over-quota", severity=Severity.WARNING, family=FAMILY,
      message={"zh": "基础数据表：实际在职 {staff} 人，编制 {quota} 人，控制率 {rate}，超编",
               "en": "Basic data: {staff} in post against {quota} posts, a ratio of {rate}: over quota"},
      summary={"zh": "基础数据表：超编", "en": "Basic data: over quota"}, options=("department.control_rate_above",))
def basic_over_quota(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """控制率高于 100% 为超编。 A ratio above 100% is over quota.

    ## 检查内容 What it does
    实际在职人数 ÷ 编制数高于 [department] control_rate_above（默认 100%）时警告，指向实际在职人数单元格。
    Warns when staff ÷ posts is above control_rate_above (100%); points at the staff count.

    ## 为什么 Why it matters
    超编是部门整体评价的扣分项。 Over-quota staffing is marked down in the department evaluation.

    ## 示例 Example
    Okay: basic={}
    PC614: basic={"staff": 22}

    ## 配置 Options
    """
    for data in wb.basic_data:
        q, s = data.quota, data.staff
        if q is None or s is None or q.value in (None, 0) or s.value is None:
            continue
        assert q.value is not None
        rate = s.value / q.value
        if rate > cfg.department.control_rate_above:
            yield Hit(at=s.at, actual=rate,
                      ctx={"staff": s.value, "quota": q.value, "rate": scoring.pct(rate)})


@rule(code="PC615", slug="basic-sangong-over-budget", severity=Severity.WARNING, family=FAMILY,
      message={"zh": "基础数据表：三公经费本年决算数 {final} 万元超过本年预算数 {budget} 万元",
               "en": "Basic data: three public expenses spent {final} 万元, above the budget of {budget} 万元"},
      summary={"zh": "基础数据表：三公经费决算超预算", "en": "Basic data: three public expenses above budget"},
      options=("tolerances.amount",))
def basic_sangong(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """三公经费本年决算数不应超过本年预算数。 Three public expenses within budget.

    ## 检查内容 What it does
    三公经费行的本年决算数大于本年预算数（超出金额容差）时警告，指向本年决算数单元格。
    Warns when the 三公经费 line's 本年决算数 exceeds its 本年预算数.

    ## 为什么 Why it matters
    三公经费"只减不增"是硬性要求。 Three public expenses must not grow.

    ## 示例 Example
    Okay: basic={}
    PC615: basic={"lines": {"reception": (2, 3, 5)}}

    ## 配置 Options
    """
    for data in wb.basic_data:
        line = data.lines.get("sangong")
        if line is None:
            continue
        b, f = line.amounts.get("budget"), line.amounts.get("final")
        if b is None or f is None or b.value is None or f.value is None:
            continue
        if f.value - b.value > cfg.tolerances.amount:
            yield Hit(at=f.at, expected=b.value, actual=f.value,
                      ctx={"final": f.value, "budget": b.value})


@rule(code="PC616", slug="basic-project-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "基础数据表的项目支出（本年决算数）{stated} 万元，与部门整体表按支出性质分的项目支出 {expected} 万元不符",
               "en": "Basic data: 项目支出 (this year's final accounts) {stated} 万元 differs from the department "
                     "form's 项目支出 of {expected} 万元"},
      summary={"zh": "基础数据表与部门整体表的项目支出不符",
               "en": "Basic data and department form disagree on 项目支出"}, options=("tolerances.amount",))
def basic_project(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """基础数据表的项目支出与部门整体表的项目支出一致。 Both tables state the same 项目支出.

    ## 检查内容 What it does
    工作簿中只有一张部门整体表时，基础数据表项目支出的本年决算数应等于部门整体表"按支出性质分"项目支出的
    全年执行数（金额容差），否则指向基础数据表的单元格。
    With one department form, the basic data's 项目支出 本年决算数 must equal the department
    form's 项目支出 全年执行数; points at the basic data's cell.

    ## 为什么 Why it matters
    两张表是同一部门同一年度的数，必须一致。 Both tables describe the same year of the same department.

    ## 示例 Example
    Okay: dept={}, basic={}
    PC616: dept={}, basic={"lines": {"project": (400, 440, 430)}}

    ## 配置 Options
    """
    found = _project_line(wb)
    if found is None:
        return
    _, dcell, expected = found
    for data in wb.basic_data:
        line = data.lines.get("project")
        cell = line.amounts.get("final") if line is not None else None
        if cell is None or cell.value is None:
            continue
        if not scoring.agrees(cell, expected, "amount", cfg):
            yield Hit(at=cell.at, expected=expected, actual=cell.value, related=(dcell.at,),
                      ctx={"stated": cell.value, "expected": expected})
