"""Rules family PC7xx: the 项目支出绩效运行监控表 (forms.md §4).

The month X of 1–X月 comes from ``[monitor] month`` (``validate --month``) or the form (title,
监控期间, a 1–X月 header).  The lights are those of :mod:`perfcheck.lights`.  At X = 12 the form reads
like a self-assessment: its 全年预计 must equal the actuals (PC710) and agree with the project form of
the same project in the workbook (PC711).

The examples build a workbook with one monitoring form through the template writer and read it back
(perfcheck/examples/kinds.py): ``monitor={...}`` overrides the consistent form (``month``; ``fiscal``:
``(年初, 全年预算, 1–X月执行, 全年预计)``; ``edit``: ``{row index: {field: value}}`` of its indicators);
``projects`` adds project forms of the same name.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcheck import lights, scoring
from perfcheck.codes import MONITOR_LABEL_MISSING
from perfcheck.config import Config
from perfcheck.kinds import monitor as mon
from perfcheck.model import (
    Cell,
    Hit,
    Measure,
    MonitorForm,
    MonitorIndicator,
    Op,
    QualGrade,
    Severity,
    ValueKind,
    Workbook,
)
from perfcheck.rules.base import Rule, register, rule

FAMILY = "monitor"

register(Rule(
    code=MONITOR_LABEL_MISSING, slug="monitor-label-missing", severity=Severity.ERROR, family="reading",
    message={"zh": "{form}（工作表「{sheet}」）缺少「{label}」，依赖它的检查已跳过",
             "en": "{form} (sheet \"{sheet}\") has no \"{label}\"; the checks that need it were skipped"},
    summary={"zh": "监控表缺少必需的栏目", "en": "A monitoring form lacks a required label"},
    doc="""## 检查内容 What it does
按标题或标签认出的项目支出绩效运行监控表（forms.md §1）缺少必需的标签时报告（由读取器发出）：项目名称、
全年预算数、1—X月执行数、全年预计执行数、年度资金总额、三级指标、年度指标值、1—X月实际完成值、全年预计完成值、
完成目标可能性。指向该标签应在的位置（表头行或工作表第一格）。
Emitted by the reader when a monitoring form lacks a required label; points where it belongs.

## 为什么 Why it matters
找不到标签就读不出对应的数，预警灯和依赖它的检查只能跳过。
Without the label the value cannot be found: lights and checks are skipped.

## 示例 Example
Okay: rename 项目1 -> 执行监控
PC712: add 监控; 监控!A1 = "项目支出绩效运行监控表"

## 配置 Options
仅严重程度可在 [severity] 中调整。Only the severity can be changed, under [severity].""",
))
YEAR_END = 12


def _forms(wb: Workbook, cfg: Config) -> Iterator[tuple[MonitorForm, int]]:
    for form in wb.monitors:
        x = lights.month_of(form, cfg)
        if x is not None:
            yield form, x


def _ind_name(ind: MonitorIndicator) -> str:
    return ind.name.value or f"第{ind.row}行"


@rule(code="PC701", slug="monitor-month-unknown", severity=Severity.WARNING, family=FAMILY,
      message={"zh": "监控表未写明监控期间（1—X月），预警灯和按月份的检查已跳过；请填写监控期间，或用 --month 指定",
               "en": "The monitoring form does not say which months it covers (1–X月): lights and month-based "
                     "checks were skipped; fill in 监控期间 or pass --month"},
      summary={"zh": "监控表的监控期间无法确定", "en": "Monitoring period unknown"}, options=("monitor.month",))
def monitor_month_unknown(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """监控期间（1—X月）应能从表中读出。 The monitoring period can be read from the form.

    ## 检查内容 What it does
    标题、"监控期间"单元格、"1—X月执行数"等列标题中都读不出 X（写法 1-7月、1—7月、1至7月、1～7月、截至7月均可），
    且规则文件未设 [monitor] month（或命令行未给 --month）时报告，指向监控期间单元格（无则表的第一格）。
    Reported when X can be read neither from the title, the 监控期间 cell nor a 1–X月 header, and
    no month is configured (``--month``).

    ## 为什么 Why it matters
    预警灯按序时进度 X ÷ 12 计算，没有月份就无法判断进度。 The lights are measured against X ÷ 12.

    ## 示例 Example
    Okay: monitor={}
    Okay: monitor={"month": None, "period_text": "2023年1至7月"}
    PC701: monitor={"month": None}

    ## 配置 Options
    """
    for form in wb.monitors:
        if lights.month_of(form, cfg) is None:
            yield Hit(at=form.month.at if form.month is not None else form.anchor, ctx={})


@rule(code="PC702", slug="monitor-rate-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "监控表的执行率填写为 {stated}，按 1—{month}月执行数 {spent} 万元 ÷ 全年预算数 {budget} 万元应为 {expected}",
               "en": "Monitoring form: execution rate is {stated}, but spent in months 1–{month} {spent} 万元 ÷ "
                     "annual budget {budget} 万元 = {expected}"},
      summary={"zh": "监控表：执行率与执行数÷全年预算数不符", "en": "Monitoring form: rate is not spent ÷ budget"},
      options=("monitor.month",))
def monitor_rate(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """执行率 = 1—X月执行数 ÷ 全年预算数。 The rate is spent to date ÷ annual budget.

    ## 检查内容 What it does
    年度资金总额行重算执行率，与填写值按显示的小数位比较（至少整百分点），指向执行率单元格。
    Recomputes the rate of the total row and compares it with the stated one.

    ## 为什么 Why it matters
    资金预警灯按执行率判断。 The funds light is set by the rate.

    ## 示例 Example
    Okay: monitor={}
    PC702: monitor={"rate": "70%"}

    ## 配置 Options
    """
    for form, x in _forms(wb, cfg):
        f = form.funds
        rate = lights.funds_rate(form)
        if f is None or f.rate is None or f.rate.value is None or rate is None:
            continue
        if not scoring.agrees(f.rate, rate, "rate", cfg):
            yield Hit(at=f.rate.at, expected=rate, actual=f.rate.value,
                      ctx={"stated": scoring.pct_cell(f.rate), "month": x, "spent": f.spent.value,
                           "budget": f.budget.value, "expected": scoring.pct(rate)})


@rule(code="PC703", slug="monitor-spent-over-forecast", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "全年预计执行数 {forecast} 万元小于 1—{month}月已执行的 {spent} 万元",
               "en": "Expected spending for the year, {forecast} 万元, is less than the {spent} 万元 already spent "
                     "in months 1–{month}"},
      summary={"zh": "监控表：全年预计执行数小于已执行数", "en": "Monitoring form: forecast below spending to date"},
      options=("tolerances.amount", "monitor.month"))
def monitor_spent_over_forecast(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """1—X月执行数 ≤ 全年预计执行数。 Spending to date cannot exceed the forecast for the year.

    ## 检查内容 What it does
    年度资金总额行的 1—X月执行数大于全年预计执行数（超出金额容差）时报告，指向全年预计执行数。
    Reported when the spending to date exceeds the forecast; points at the forecast.

    ## 为什么 Why it matters
    已花掉的钱不会在年底变少；预计数填错会让预警失真。 Money spent does not come back.

    ## 示例 Example
    Okay: monitor={}
    PC703: monitor={"fiscal": (100, 100, 60, 55)}

    ## 配置 Options
    """
    for form, x in _forms(wb, cfg):
        f = form.funds
        if f is None or f.spent.value is None or f.forecast.value is None:
            continue
        if f.spent.value - f.forecast.value > cfg.tolerances.amount:
            yield Hit(at=f.forecast.at, expected=f.spent.value, actual=f.forecast.value,
                      ctx={"forecast": f.forecast.value, "spent": f.spent.value, "month": x})


@rule(code="PC704", slug="monitor-forecast-over-budget", severity=Severity.WARNING, family=FAMILY,
      message={"zh": "全年预计执行数 {forecast} 万元超过全年预算数 {budget} 万元（超预算）",
               "en": "Expected spending for the year, {forecast} 万元, exceeds the annual budget of {budget} 万元"},
      summary={"zh": "监控表：全年预计执行数超预算", "en": "Monitoring form: forecast above budget"},
      options=("tolerances.amount",))
def monitor_forecast_over_budget(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """全年预计执行数 ≤ 全年预算数。 The forecast stays within the budget.

    ## 检查内容 What it does
    全年预计执行数大于全年预算数（超出金额容差）时警告，指向全年预计执行数。
    Warns when the forecast exceeds the annual budget.

    ## 为什么 Why it matters
    预计超预算需要调整预算或压减支出。 A forecast overspend needs a budget change or cuts.

    ## 示例 Example
    Okay: monitor={}
    PC704: monitor={"fiscal": (100, 100, 60, 110)}

    ## 配置 Options
    """
    for form in wb.monitors:
        f = form.funds
        if f is None or f.budget.value is None or f.forecast.value is None:
            continue
        if f.forecast.value - f.budget.value > cfg.tolerances.amount:
            yield Hit(at=f.forecast.at, expected=f.budget.value, actual=f.forecast.value,
                      ctx={"forecast": f.forecast.value, "budget": f.budget.value})


@rule(code="PC705", slug="monitor-funds-light-no-reason", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "资金执行{light}：执行率 {rate}，序时进度 {progress}，应填写偏差原因",
               "en": "Funds light {light}: execution rate {rate} against a time-elapsed share of {progress}; "
                     "a reason is required"},
      summary={"zh": "监控表：资金黄灯/红灯未说明原因", "en": "Monitoring form: yellow/red funds light without a reason"},
      options=("monitor.month", "monitor.funds_yellow_behind", "monitor.funds_red_behind"))
def monitor_funds_light_reason(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """资金黄灯、红灯须填写偏差原因。 A yellow or red funds light needs a reason.

    ## 检查内容 What it does
    序时进度 = X ÷ 12；执行率落后序时进度超过 [monitor] funds_yellow_behind（10 个百分点）为黄灯，超过
    funds_red_behind（30 个百分点）为红灯。黄灯或红灯而偏差原因说明为空时报告，指向偏差原因单元格。
    With 序时进度 = X ÷ 12, a rate behind it by more than funds_yellow_behind is yellow, by more
    than funds_red_behind red; a yellow or red light with no reason text is reported.

    ## 为什么 Why it matters
    监控的目的就是发现偏差并说明原因、提出纠偏措施（财预〔2019〕136号）。
    Monitoring exists to explain deviations and correct them.

    ## 示例 Example
    Okay: monitor={}
    Okay: monitor={"fiscal": (100, 100, 40, 100), "funds_category": "经费保障", "funds_reason": "部分资金待项目验收后支付，预计11月完成。"}
    PC705: monitor={"fiscal": (100, 100, 40, 100)}

    ## 配置 Options
    """
    for form, x in _forms(wb, cfg):
        f = form.funds
        rate = lights.funds_rate(form)
        if f is None or rate is None:
            continue
        light = lights.funds_light(rate, x, cfg)
        if light in (lights.YELLOW, lights.RED) and (f.reason is None or f.reason.value is None):
            at = f.reason.at if f.reason is not None else f.light_at
            yield Hit(at=at,
                      ctx={"light": _light_name(light), "rate": scoring.pct(rate),
                           "progress": scoring.pct(Decimal(x) / Decimal(12))})


def _light_name(light: str) -> object:
    from perfcheck.model import Bilingual

    return Bilingual(lights.NAME_ZH[light], f"{light}")


def _short(ind: MonitorIndicator, cfg: Config, value: Measure) -> bool | None:
    """Is ``value`` short of the 年度指标值?  None: cannot tell."""
    target = ind.target.value
    if value.kind is ValueKind.GRADE and value.grade is not None:
        return value.grade is not QualGrade.ACHIEVED
    if target is None or target.kind is not ValueKind.NUMBER or value.kind is not ValueKind.NUMBER:
        return None
    if value.op is not None or not scoring.units_comparable(target, value):
        return None
    a, b = target.number, scoring.actual_number(target, value)
    if a is None or b is None:
        return None
    op = scoring.effective_op(target, cfg)
    return not {Op.GE: b >= a, Op.GT: b > a, Op.LE: b <= a, Op.LT: b < a, Op.EQ: b == a}[op]


@rule(code="PC706", slug="monitor-likelihood-contradiction", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "指标「{name}」全年预计完成值 {forecast} 达不到年度指标值 {target}，完成目标可能性却填「确定能」",
               "en": "Indicator {name}: the expected value {forecast} falls short of the target {target}, yet the "
                     "likelihood says 确定能 (certain)"},
      summary={"zh": "监控表：预计达不到目标却填确定能", "en": "Monitoring form: short of target but 'certain'"},
      options=("indicators.missing_operator",))
def monitor_likelihood_contradiction(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """全年预计完成值达不到年度指标值时不能填"确定能"。 A shortfall cannot be 'certain'.

    ## 检查内容 What it does
    全年预计完成值（数值或定性三档）达不到年度指标值（正向低于、反向高于、未写"达成年度指标"），而完成目标可能性
    为"确定能"时报告，指向完成目标可能性单元格。
    Reported when the expected value misses the target while the likelihood is 确定能.

    ## 为什么 Why it matters
    表格自相矛盾：要么预计值错了，要么可能性填错了。 The form contradicts itself.

    ## 示例 Example
    Okay: monitor={}
    PC706: monitor={"edit": {0: {"forecast": "45人"}}}

    ## 配置 Options
    """
    for form in wb.monitors:
        for ind in form.indicators:
            f = ind.forecast.value
            if f is None or parse_likelihood(ind.likelihood) != "确定能":
                continue
            if _short(ind, cfg, f):
                yield Hit(at=ind.likelihood.at,
                          ctx={"name": _ind_name(ind), "forecast": ind.forecast.text, "target": ind.target.text})


def parse_likelihood(cell: Cell[str]) -> str | None:
    """One of 确定能 / 有可能 / 完全不可能 (also read from 能, 可能, 不可能, 不能), else None."""
    v = (cell.value or "").strip().replace(" ", "")
    if not v:
        return None
    if v in mon.LIKELIHOOD:
        return v
    return {"能": "确定能", "确定": "确定能", "可能": "有可能", "不可能": "完全不可能", "不能": "完全不可能"}.get(v)


@rule(code="PC707", slug="monitor-likelihood-needs-reason", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "指标「{name}」完成目标可能性为「{likelihood}」，应选择偏差原因类别并写明原因",
               "en": "Indicator {name}: likelihood {likelihood} needs a reason category and an explanation"},
      summary={"zh": "监控表：有可能/完全不可能未说明原因", "en": "Monitoring form: doubtful target without a reason"})
def monitor_likelihood_reason(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """"有可能""完全不可能"须有偏差原因类别和说明。 A doubtful target needs a category and a reason.

    ## 检查内容 What it does
    完成目标可能性为"有可能"或"完全不可能"时，偏差原因类别（经费保障、制度保障、人员保障、硬件条件保障、其他，
    下拉或五列打勾）和偏差原因说明都应填写；缺类别时指向类别单元格，否则指向说明单元格。
    With 有可能 or 完全不可能, a reason category and a reason text are required; points at the
    category when it is missing, else at the reason.

    ## 为什么 Why it matters
    预警要落实到原因和措施。 A warning must name its cause.

    ## 示例 Example
    Okay: monitor={}
    Okay: monitor={"edit": {0: {"likelihood": "有可能", "category": "人员保障", "reason": "培训师资不足，已协调外聘讲师补足。"}}}
    PC707: monitor={"edit": {0: {"likelihood": "有可能"}}}
    PC707: monitor={"edit": {0: {"likelihood": "完全不可能", "reason": "场地改造推迟。"}}}

    ## 配置 Options
    无 None。
    """
    for form in wb.monitors:
        for ind in form.indicators:
            lk = parse_likelihood(ind.likelihood)
            if lk not in ("有可能", "完全不可能"):
                continue
            if not ind.categories:
                yield Hit(at=ind.category_at, ctx={"name": _ind_name(ind), "likelihood": lk})
            elif ind.reason.value is None:
                yield Hit(at=ind.reason.at, ctx={"name": _ind_name(ind), "likelihood": lk})


@rule(code="PC708", slug="monitor-red-light-no-reason", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "指标「{name}」为红灯（1—{month}月完成值 {actual}，年度指标值 {target}），应写明偏差原因",
               "en": "Indicator {name} has a red light (value for months 1–{month}: {actual}, target {target}); "
                     "a reason is required"},
      summary={"zh": "监控表：红灯指标未说明原因", "en": "Monitoring form: red light without a reason"},
      options=("indicators.missing_operator", "monitor.month", "monitor.red_below", "monitor.yellow_below",
               "monitor.blue_from", "monitor.within_target_level2"))
def monitor_red_reason(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """红灯指标须写明偏差原因。 A red light needs a reason.

    ## 检查内容 What it does
    指标预警灯为红灯（见 perfcheck.lights：正向定量指标完成值低于 年度指标值 × X ÷ 12 的 60%；反向及质量、时效、
    成本指标超出目标；未达成年度指标）而偏差原因说明为空时报告，指向说明单元格。完成目标可能性为"有可能""完全不可能"
    的指标由 PC707 报告。
    A red light with no reason text is reported at the reason cell (rows whose likelihood is
    有可能/完全不可能 are PC707's).

    ## 为什么 Why it matters
    红灯是最需要纠偏的指标。 Red lights are what monitoring must act on.

    ## 示例 Example
    Okay: monitor={}
    PC708: monitor={"edit": {0: {"actual": "10人"}}}

    ## 配置 Options
    """
    for form, x in _forms(wb, cfg):
        year = form.year.value if form.year is not None else None
        for ind in form.indicators:
            if parse_likelihood(ind.likelihood) in ("有可能", "完全不可能"):
                continue
            if lights.indicator_light(ind, x, cfg, year) == lights.RED and ind.reason.value is None:
                yield Hit(at=ind.reason.at,
                          ctx={"name": _ind_name(ind), "month": x, "actual": ind.actual.text,
                               "target": ind.target.text})


@rule(code="PC709", slug="monitor-likelihood-invalid", severity=Severity.WARNING, family=FAMILY,
      message={"zh": "指标「{name}」的完成目标可能性「{found}」应为 确定能、有可能 或 完全不可能",
               "en": "Indicator {name}: likelihood \"{found}\" should be 确定能, 有可能 or 完全不可能"},
      summary={"zh": "监控表：完成目标可能性未填或不规范", "en": "Monitoring form: likelihood missing or not one of three"})
def monitor_likelihood_invalid(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """完成目标可能性填三选一。 The likelihood is one of three.

    ## 检查内容 What it does
    每个指标的完成目标可能性应为 确定能 / 有可能 / 完全不可能（能、可能、不可能 也认）；空白或其他写法时警告，指向该单元格。
    Each indicator's likelihood must be one of the three; empty or anything else is a warning.

    ## 为什么 Why it matters
    汇总时按三档统计。 Roll-ups count the three answers.

    ## 示例 Example
    Okay: monitor={}
    PC709: monitor={"edit": {1: {"likelihood": "差不多"}}}
    PC709: monitor={"edit": {1: {"likelihood": None}}}

    ## 配置 Options
    无 None。
    """
    for form in wb.monitors:
        for ind in form.indicators:
            if parse_likelihood(ind.likelihood) is None:
                yield Hit(at=ind.likelihood.at,
                          ctx={"name": _ind_name(ind), "found": ind.likelihood.text or "（空）"})


def _same_measure(a: Measure | None, b: Measure | None) -> bool | None:
    if a is None or b is None:
        return None
    if a.kind is ValueKind.NUMBER and b.kind is ValueKind.NUMBER:
        if a.number is None or b.number is None:
            return None
        return a.number == b.number and scoring.norm_unit(a.unit) == scoring.norm_unit(b.unit)
    if a.kind is ValueKind.GRADE and b.kind is ValueKind.GRADE:
        return a.grade == b.grade
    if a.kind is ValueKind.DATE and b.kind is ValueKind.DATE:
        return (a.date, a.year, a.month, a.day) == (b.date, b.year, b.month, b.day)
    return a.text == b.text


@rule(code="PC710", slug="monitor-yearend-forecast-differs", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "全年度监控（1—12月）的「{what}」全年预计 {forecast} 与实际 {actual} 不同，年末预计即实际",
               "en": "Year-end monitoring (months 1–12): {what} forecast {forecast} differs from the actual "
                     "{actual}; at year end the forecast is the actual"},
      summary={"zh": "全年度监控：全年预计不等于实际", "en": "Year-end monitoring: forecast differs from actual"},
      options=("tolerances.amount", "monitor.month"))
def monitor_yearend_forecast(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """X = 12 时全年预计即实际。 At year end the forecast equals the actual.

    ## 检查内容 What it does
    监控期间为 1—12 月时，全年预计执行数应等于 1—12月执行数，每个指标的全年预计完成值应等于 1—12月完成值；
    不同时指向全年预计单元格。
    With X = 12 the forecast spending must equal the spending, and each indicator's expected
    value its value; points at the forecast.

    ## 为什么 Why it matters
    全年度监控自评报告按自评表阅读，年末的"预计"只能是实际。 A year-end report reads as a self-assessment.

    ## 示例 Example
    Okay: monitor={"month": 12, "at_year_end": True}
    PC710: monitor={"month": 12, "at_year_end": True, "fiscal": (100, 100, 98, 100)}
    PC710: monitor={"month": 12, "at_year_end": True, "edit": {3: {"forecast": "49万元"}}}

    ## 配置 Options
    """
    for form, x in _forms(wb, cfg):
        if x != YEAR_END:
            continue
        f = form.funds
        if (f is not None and f.spent.value is not None and f.forecast.value is not None
                and abs(f.spent.value - f.forecast.value) > cfg.tolerances.amount):
            yield Hit(at=f.forecast.at, expected=f.spent.value, actual=f.forecast.value,
                          ctx={"what": "年度资金总额", "forecast": f.forecast.value, "actual": f.spent.value})
        for ind in form.indicators:
            if _same_measure(ind.forecast.value, ind.actual.value) is False:
                yield Hit(at=ind.forecast.at,
                          ctx={"what": _ind_name(ind), "forecast": ind.forecast.text, "actual": ind.actual.text})


@rule(code="PC711", slug="monitor-yearend-self-assessment-mismatch", severity=Severity.ERROR, family=FAMILY,
      message={"zh": "全年度监控表的{what}为 {monitor}，而同一项目自评表（{sheet}）为 {form}",
               "en": "Year-end monitoring form: {what} is {monitor}, but the project's self-assessment form "
                     "({sheet}) says {form}"},
      summary={"zh": "全年度监控表与项目自评表不一致", "en": "Year-end monitoring disagrees with the self-assessment"},
      options=("weights.execution", "tolerances.amount", "execution.formula", "execution.decimals",
               "execution.bands", "monitor.month"))
def monitor_yearend_vs_form(wb: Workbook, cfg: Config) -> Iterator[Hit]:
    """全年度监控表与同名项目的自评表一致。 Year-end monitoring agrees with the self-assessment.

    ## 检查内容 What it does
    监控期间为 1—12 月、工作簿中有项目名称相同的项目支出绩效自评表时：监控表的 1—12月执行数应等于自评表的全年执行数，
    同名三级指标的 1—12月完成值应等于自评表的实际完成值；不同时指向监控表的单元格。
    With X = 12 and a project form of the same 项目名称 in the workbook, the spending and each
    indicator's value (matched by 三级 name) must equal the form's; points at the monitoring cell.

    ## 为什么 Why it matters
    同一项目同一年度只有一组实际数。 One project, one year, one set of actuals.

    ## 示例 Example
    Okay: monitor={"month": 12, "at_year_end": True}, projects=[100]
    PC711: monitor={"month": 12, "at_year_end": True}, projects=[90]
    PC711: monitor={"month": 12, "at_year_end": True, "edit": {0: {"actual": "50人", "forecast": "50人"}}}, projects=[100]

    ## 配置 Options
    """
    by_name = {f.name.value.strip(): f for f in wb.forms if f.name is not None and f.name.value}
    for form, x in _forms(wb, cfg):
        if x != YEAR_END or form.name is None or not form.name.value:
            continue
        pf = by_name.get(form.name.value.strip())
        if pf is None:
            continue
        spent = scoring.execution(pf, cfg).spent
        f = form.funds
        if (f is not None and f.spent.value is not None and spent is not None
                and abs(f.spent.value - spent) > cfg.tolerances.amount):
            yield Hit(at=f.spent.at, expected=spent, actual=f.spent.value,
                      ctx={"what": "1—12月执行数", "monitor": f.spent.value, "sheet": pf.sheet, "form": spent})
        actuals = {i.name.value.strip(): i for i in pf.indicators if i.name.value}
        for ind in form.indicators:
            other = actuals.get((ind.name.value or "").strip())
            if other is None:
                continue
            if _same_measure(ind.actual.value, other.actual.value) is False:
                yield Hit(at=ind.actual.at,
                          ctx={"what": f"指标「{_ind_name(ind)}」的完成值", "monitor": ind.actual.text,
                               "sheet": pf.sheet, "form": other.actual.text})
