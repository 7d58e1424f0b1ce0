"""Reproducible generator of filled 项目支出绩效自评表 workbooks for the benchmark.

The forms look like real filled ones (the template's layout from ``perfcheck.layout.POS``): a funds
block, ~20 indicators with realistic targets (operators in the forms people type), actual values,
scores computed by the national rules, 偏差原因 where a target is missed, a 项目汇总 linked to the
forms by formulas, 单位概况 and 问题与措施.  Computed cells are formulas with their values stored,
as Excel saves them.  A few slips are sown on purpose (a stated score that does not follow from
the numbers, a missing or boilerplate 偏差原因, a vague target), so ``perfcheck validate`` has real
findings to report.

Everything comes from ``random.Random(seed)``: the same arguments give the same workbooks.

Two writers:

* ``write_fast`` (default): XlsxWriter directly, at the template's default positions — fast enough
  for 1,000 forms in one workbook or 1,000 workbooks;
* ``write_template``: ``perfcheck.template.build.write_workbook(spec, path)`` (the project's own
  template writer), for cross-checking that both give workbooks the reader reads the same.

Usage::

    python benchmarks/generate.py OUT.xlsx --projects 500 [--seed 7] [--writer fast|template]
    python benchmarks/generate.py OUTDIR --units 200 --projects 10
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfcheck.layout import (
    FORM,
    FORM_TITLE,
    ISSUES,
    LIST_COLUMNS,
    LIST_TITLE,
    LIST_TOTAL,
    POS,
    UNIT,
    form_sheet_name,
)
from perfcheck.template.blueprint import (
    FundsRowSpec,
    IndicatorSpec,
    ProjectSpec,
    Raw,
    WorkbookSpec,
)

GENERATOR_VERSION = 2
YEAR = 2023

# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

DISTRICTS = ("共青城市", "德安县", "永修县", "武宁县", "修水县", "瑞昌市", "都昌县", "湖口县", "彭泽县", "庐山市",
             "濂溪区", "浔阳区", "柴桑区", "八里湖新区")
BUREAUS = ("工业和信息化局", "教育体育局", "卫生健康委员会", "农业农村局", "住房和城乡建设局", "民政局", "文化广电旅游局",
           "交通运输局", "自然资源局", "生态环境局", "市场监督管理局", "人力资源和社会保障局", "水利局", "商务局")
TOPICS = ("中小企业发展", "工业园区基础设施维护", "数字经济推进", "企业技术改造奖补", "安全生产监管", "节能降耗",
          "招商引资活动", "人才引进补贴", "信息化系统运维", "乡村振兴产业帮扶", "公共服务平台建设", "农村饮水安全",
          "老旧小区改造", "义务教育阶段学生资助", "基层医疗服务能力提升", "文化惠民演出", "河道保洁",
          "城乡道路养护", "高标准农田建设", "就业创业补贴", "食品安全抽检", "养老服务补贴", "森林防火", "电子政务外网")
SUFFIXES = ("专项资金", "项目", "工作经费", "补助资金", "运行维护经费")
CATEGORIES = ("一类项目", "二类项目", "三类项目")
OP_POS = ("≥", ">=", "不少于", "＞＝", "≥ ", "不低于", "≧")
OP_REV = ("≤", "<=", "不超过", "≦", "不高于")

# (一级, 二级, 三级 names, kind) — kind picks how the target and the actual are written.
CATALOG: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("产出指标", "数量指标", ("培训人次", "覆盖企业数", "检查次数", "建设里程", "服务户数", "宣传活动场次",
                           "资助学生人数", "补贴发放人数"), "count"),
    ("产出指标", "质量指标", ("验收合格率", "设备完好率", "资金发放准确率", "抽检合格率", "项目完成率"), "pct"),
    ("产出指标", "时效指标", ("资金拨付及时率", "完成时间", "按期完工率"), "time"),
    ("产出指标", "成本指标", ("项目总成本", "单位服务成本", "运维费用"), "cost"),
    ("效益指标", "经济效益指标", ("带动企业增收", "节约财政资金"), "econ"),
    ("效益指标", "社会效益指标", ("群众办事便利度提升", "受益人口数", "就业带动人数"), "social"),
    ("效益指标", "生态效益指标", ("节能减排量", "水质达标率"), "pct"),
    ("效益指标", "可持续影响指标", ("长效管理机制建立", "设施持续使用年限"), "qual"),
    ("满意度指标", "服务对象满意度指标", ("服务对象满意度", "企业满意度", "群众满意度"), "pct"),
)
# How many indicators of each 二级, in catalog order (20 in all): 产出 50 points, 效益 30, 满意度 10.
PLAN: tuple[tuple[int, tuple[float, ...]], ...] = (
    (0, (4, 4, 4)), (1, (4, 4, 4)), (2, (4, 4, 4)), (3, (5, 5, 4)),    # 产出: 12 indicators, 50 points
    (4, (5,)), (5, (5, 5)), (6, (5,)), (7, (5, 5)),                     # 效益: 6 indicators, 30 points
    (8, (5, 5)),                                                        # 满意度: 2 indicators, 10 points
)
GOOD_REASONS = ("受原材料价格上涨影响，部分工程延期，下一步将加强进度调度，确保按期完成。",
                "项目资金拨付滞后导致执行率偏低，下一步将加快支付进度，加强预算执行监控。",
                "部分企业申报积极性不高，将加强政策宣传，简化申报流程。",
                "年初目标设定偏保守，下一年度将结合实际合理设定绩效目标。")
BOILERPLATE = ("无", "无偏差", "/", "已完成", "正常")
VAGUE_TARGETS = ("有效提升", "服务对象都满意", "明显改善", "逐步提高")
GOALS = ("完成年度建设任务，提升公共服务水平，确保资金使用安全高效。",
         "通过专项资金扶持，推动辖区企业转型升级，带动就业和税收增长。",
         "保障设施正常运行，提升群众满意度，建立长效管理机制。")
ACTUALS = ("已按计划完成年度建设任务，资金使用规范，公共服务水平明显提升。",
           "年度目标基本完成，部分子项目因客观原因延期，已制定整改措施。",
           "各项设施运行正常，服务对象满意度调查结果达到预期。")
DUTIES = ("贯彻执行国家和省有关方针政策和法律法规，拟订全市相关产业发展规划和政策措施并组织实施；"
          "负责相关领域的行业管理和公共服务，组织协调重大项目建设；承担本部门预算资金的管理和绩效评价工作；"
          "完成市委、市政府交办的其他任务。")


# --------------------------------------------------------------------------------------------------
# The spec: what a unit wrote
# --------------------------------------------------------------------------------------------------


def _r2(x: float) -> float:
    return float(f"{x:.2f}")


def _num(x: float) -> str:
    """A number as people type it: no trailing zeros."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return s or "0"


def _indicator(rng: random.Random, level1: str, level2: str, name: str, kind: str, weight: float,
               budget: float) -> IndicatorSpec:
    """One indicator with a consistent score (mostly) and the slips people make (sometimes)."""
    miss = rng.random() < 0.12
    reason: Raw = None
    target: Raw
    actual: Raw
    a: float
    b: float
    score = weight
    if kind in ("count", "social", "econ"):
        unit = {"count": rng.choice(("人次", "家", "次", "个", "户")), "social": "人", "econ": "万元"}[kind]
        a = rng.choice((10, 20, 30, 50, 80, 100, 120, 200, 500, 1000))
        b = round(a * (rng.uniform(0.6, 0.95) if miss else rng.uniform(1.0, 1.15)))
        target = f"{rng.choice(OP_POS)}{a}{unit}"
        actual = f"{b}{unit}" if rng.random() < 0.8 else b
        if b < a:
            score = _r2(weight * b / a)
    elif kind == "pct":
        a = rng.choice((85, 90, 95, 98, 100))
        b = round(a * rng.uniform(0.8, 0.97), 1) if miss else rng.choice((a, min(100, a + 2), 100))
        target = f"{rng.choice(OP_POS)}{a}%" if a < 100 else rng.choice(("=100%", "100%", "＝100%"))
        actual = f"{_num(b)}%"
        if b < a:
            score = _r2(weight * b / a)
    elif kind == "time":
        if rng.random() < 0.5:
            target = rng.choice((f"{YEAR}年12月31日前", "12月底前", f"{YEAR}年11月30日前"))
            actual = rng.choice(("达成年度指标", f"{YEAR}年12月20日"))
            miss = False
        else:
            a = rng.choice((95, 100))
            b = round(a * rng.uniform(0.85, 0.97), 1) if miss else a
            target = f"≥{a}%" if a < 100 else "=100%"
            actual = f"{_num(b)}%"
            if b < a:
                score = _r2(weight * b / a)
    elif kind == "cost":
        a = _r2(budget * rng.uniform(0.9, 1.0))
        b = _r2(a * rng.uniform(1.02, 1.3)) if miss else _r2(a * rng.uniform(0.85, 1.0))
        target = f"{rng.choice(OP_REV)}{_num(a)}万元"
        actual = f"{_num(b)}万元"
        if b > a:
            score = _r2(weight * (1 - (b - a) / a)) if b < 2 * a else 0.0
    else:  # qual
        target = rng.choice(("长期有效", "≥10年", "建立长效机制"))
        if miss:
            actual, score = "部分达成年度指标并具有一定效果", _r2(weight * 0.7)
        else:
            actual = "达成年度指标"
    if rng.random() < 0.03:                      # vague target
        target = rng.choice(VAGUE_TARGETS)
    if miss or score < weight:
        r = rng.random()
        reason = None if r < 0.15 else rng.choice(BOILERPLATE) if r < 0.3 else rng.choice(GOOD_REASONS)
        if rng.random() < 0.04:                  # full marks claimed although the target is missed
            score = weight
    elif rng.random() < 0.05:
        reason = rng.choice(BOILERPLATE)
    if rng.random() < 0.02:                      # a stated score that does not follow (a typo)
        score = _r2(max(0.0, score - rng.choice((0.5, 1.0, 2.0))))
    w: Raw = int(weight) if weight == int(weight) else weight
    s: Raw = int(score) if score == int(score) else score
    return IndicatorSpec(level1=level1, level2=level2, name=name, target=target, actual=actual,
                         weight=w, score=s, reason=reason)


def make_project(rng: random.Random, index: int, unit_name: str, department: str, used: set[str]) -> ProjectSpec:
    while True:
        name = f"{rng.choice(TOPICS)}{rng.choice(SUFFIXES)}"
        if name not in used:
            break
        name = f"{name}（{len(used) + 1}）"
        if name not in used:
            break
    used.add(name)
    fiscal_budget = _r2(rng.uniform(5, 800))
    carry_budget = _r2(rng.uniform(1, 80)) if rng.random() < 0.3 else 0.0
    other_budget = _r2(rng.uniform(1, 50)) if rng.random() < 0.1 else 0.0
    adjust = 1.0 if rng.random() < 0.7 else rng.uniform(0.85, 1.2)
    fiscal_initial = _r2(fiscal_budget / adjust)
    rate = 1.0 if rng.random() < 0.45 else rng.uniform(0.7, 0.999)
    budget = fiscal_budget + carry_budget + other_budget
    indicators: list[IndicatorSpec] = []
    for cat_index, weights in PLAN:
        level1, level2, names, kind = CATALOG[cat_index]
        picked = rng.sample(names, k=min(len(weights), len(names)))
        while len(picked) < len(weights):
            picked.append(f"{rng.choice(names)}（{len(picked) + 1}）")
        for nm, w in zip(picked, weights, strict=True):
            indicators.append(_indicator(rng, level1, level2, nm, kind, w, budget))
    rate_value = rate
    exec_reason: Raw = None
    if rate_value < 0.9:
        exec_reason = rng.choice(GOOD_REASONS) if rng.random() < 0.8 else None
    return ProjectSpec(
        sheet=form_sheet_name(index),
        name=name,
        department=department,
        implementer=unit_name,
        category=rng.choice(CATEGORIES),
        fiscal=FundsRowSpec(fiscal_initial, fiscal_budget, _r2(fiscal_budget * rate)),
        carryover=FundsRowSpec(carry_budget, carry_budget, _r2(carry_budget * rate)),
        other=FundsRowSpec(other_budget, other_budget, _r2(other_budget * rate)),
        exec_reason=exec_reason,
        goal_expected=rng.choice(GOALS),
        goal_actual=rng.choice(ACTUALS),
        indicators=indicators,
    )


def make_workbook_spec(n_projects: int, seed: int, unit_index: int = 0) -> WorkbookSpec:
    """A unit's filled workbook with ``n_projects`` forms; deterministic in (seed, unit_index)."""
    rng = random.Random(seed * 1_000_003 + unit_index)
    district = DISTRICTS[unit_index % len(DISTRICTS)]
    bureau = BUREAUS[(unit_index // len(DISTRICTS)) % len(BUREAUS)]
    unit_name = f"{district}{bureau}"
    if unit_index >= len(DISTRICTS) * len(BUREAUS):
        unit_name += f"（{unit_index}）"
    department = unit_name
    used: set[str] = set()
    projects = [make_project(rng, i + 1, unit_name, department, used) for i in range(n_projects)]
    admin, public = rng.randint(10, 60), rng.randint(0, 80)
    secondary = rng.randint(0, 4)
    unit: dict[str, Raw] = {
        "unit_name": unit_name, "year": YEAR, "department": department,
        "budget_units": 1 + secondary, "secondary_units": secondary,
        "staff_quota": admin + public, "admin_quota": admin, "public_quota": public,
        "self_hired": rng.randint(0, 30), "volunteers": rng.randint(0, 50), "purchased_posts": rng.randint(0, 20),
        "actual_staff": admin + public - rng.randint(0, 5), "retired": rng.randint(5, 60), "duties": DUTIES,
    }
    if rng.random() < 0.1:               # 编制人数 that does not add up
        unit["staff_quota"] = admin + public + 2
    return WorkbookSpec(
        year=YEAR, unit=unit, projects=projects,
        problems="部分项目预算执行进度偏慢，个别绩效目标设定不够细化量化，绩效自评质量有待提高。",
        measures="加强预算执行监控，科学合理设定绩效目标，强化绩效评价结果应用。",
    )


# --------------------------------------------------------------------------------------------------
# The computed cells (what Excel stores beside each formula)
# --------------------------------------------------------------------------------------------------


def _f(v: Raw) -> float:
    if isinstance(v, int | float):
        return float(v)
    return 0.0


@dataclass
class _Computed:
    total_initial: float
    total_budget: float
    total_spent: float
    rate: float | str
    fiscal_rate: float | str
    exec_score: float
    total_weight: float
    total_score: float
    grade: str


def _grade(score: float) -> str:
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def compute(p: ProjectSpec) -> _Computed:
    lines = (p.fiscal, p.carryover, p.other)
    ti = _r2(sum(_f(x.initial) for x in lines))
    tb = _r2(sum(_f(x.budget) for x in lines))
    ts = _r2(sum(_f(x.spent) for x in lines))
    rate: float | str = ts / tb if tb else ""
    fb = _f(p.fiscal.budget)
    fiscal_rate: float | str = _f(p.fiscal.spent) / fb if fb else ""
    exec_score = round(10 * min(rate, 1.0), 2) if isinstance(rate, float) else 0.0
    tw = _f(p.exec_weight) + sum(_f(i.weight) for i in p.indicators)
    tsc = round(exec_score + sum(_f(i.score) for i in p.indicators), 2)
    return _Computed(ti, tb, ts, rate, fiscal_rate, exec_score, tw, tsc, _grade(tsc))


# --------------------------------------------------------------------------------------------------
# The fast writer: XlsxWriter at the template's default positions
# --------------------------------------------------------------------------------------------------


def _r0(row: int) -> int:
    """A 1-based layout row → XlsxWriter's 0-based row."""
    return row - 1


def _col(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


class _Sheet:
    """A worksheet that counts the non-empty cells it writes."""

    def __init__(self, ws: Any, counter: list[int]) -> None:
        self.ws = ws
        self.n = counter

    def put(self, row: int, col: int, value: Raw, fmt: Any = None) -> None:
        if value is None or value == "":
            if fmt is not None:
                self.ws.write_blank(row, col, None, fmt)
            return
        self.n[0] += 1
        if isinstance(value, bool):
            self.ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float):
            self.ws.write_number(row, col, value, fmt)
        else:
            self.ws.write_string(row, col, str(value), fmt)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int, value: Raw, fmt: Any) -> None:
        if first_row == last_row and first_col == last_col:
            self.put(first_row, first_col, value, fmt)
            return
        if value is not None and value != "":
            self.n[0] += 1
        self.ws.merge_range(first_row, first_col, last_row, last_col, "" if value is None else value, fmt)

    def formula(self, row: int, col: int, formula: str, value: float | str, fmt: Any = None) -> None:
        self.n[0] += 1
        self.ws.write_formula(row, col, formula, fmt, value)


def write_fast(spec: WorkbookSpec, path: str | Path) -> int:
    """Write ``spec`` as a filled workbook; return the number of non-empty cells written."""
    import xlsxwriter

    wb: Any = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    n = [0]
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
    f_cell = wb.add_format(base)
    f_center = wb.add_format({**base, "align": "center"})
    f_head = wb.add_format({**base, "align": "center", "bold": True, "bg_color": "#DDEBF7"})
    f_title = wb.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"})
    f_amt = wb.add_format({**base, "num_format": "0.00"})
    f_pct = wb.add_format({**base, "num_format": "0.00%"})
    f_input = wb.add_format({**base, "bg_color": "#FFF2CC"})

    if spec.with_instructions:
        ws = _Sheet(wb.add_worksheet("填表说明"), n)
        ws.ws.set_column(0, 0, 100)
        for i, line in enumerate((
                "填表说明", "1. 金额单位为万元，保留两位小数。", "2. 执行率 = 全年执行数 ÷ 全年预算数。",
                "3. 得分按《项目支出绩效评价管理办法》（财预〔2020〕10号）计算。",
                "4. 未完成年度指标的，须填写偏差原因分析及改进措施。")):
            ws.put(i, 0, line)

    if spec.with_unit_sheet:
        ws = _Sheet(wb.add_worksheet("单位概况"), n)
        ws.ws.set_column(0, 0, 22)
        ws.ws.set_column(1, 4, 16)
        ws.merge(0, 0, 0, 4, "单位基本情况", f_title)
        for i, (key, value) in enumerate(spec.unit.items()):
            label = UNIT[key].zh
            ws.put(i + 1, 0, label, f_head)
            if key == "duties":
                ws.merge(i + 1, 1, i + 1, 4, value, f_input)
                ws.ws.set_row(i + 1, 60)
            else:
                ws.put(i + 1, 1, value, f_input)

    forms = spec.projects
    computed = [compute(p) for p in forms]
    if spec.with_list_sheet:
        _write_list(wb, n, spec, computed, f_title, f_head, f_cell, f_amt, f_pct)

    for p, c in zip(forms, computed, strict=True):
        _write_form(wb, n, spec, p, c, (f_title, f_head, f_cell, f_center, f_amt, f_pct, f_input))

    if spec.with_issues_sheet:
        ws = _Sheet(wb.add_worksheet("问题与措施"), n)
        ws.ws.set_column(0, 0, 100)
        ws.put(0, 0, ISSUES["problems"].zh, f_head)
        ws.put(1, 0, spec.problems, f_input)
        ws.ws.set_row(1, 80)
        ws.put(3, 0, ISSUES["measures"].zh, f_head)
        ws.put(4, 0, spec.measures, f_input)
        ws.ws.set_row(4, 80)
    wb.close()
    return n[0]


def _write_list(wb: Any, n: list[int], spec: WorkbookSpec, computed: list[_Computed], f_title: Any,
                f_head: Any, f_cell: Any, f_amt: Any, f_pct: Any) -> None:
    ws = _Sheet(wb.add_worksheet("项目汇总"), n)
    keys = tuple(LIST_COLUMNS)
    ws.ws.set_column(0, 0, 6)
    ws.ws.set_column(1, 1, 34)
    ws.ws.set_column(2, len(keys) - 1, 12)
    ws.merge(0, 0, 0, len(keys) - 1, LIST_TITLE, f_title)
    ws.put(1, 0, f"单位：{spec.unit.get('unit_name', '')}    金额单位：万元")
    hr = 2  # LIST_HEADER_ROW (1-based 3)
    for j, k in enumerate(keys):
        ws.put(hr, j, LIST_COLUMNS[k].zh, f_head)
    r = hr
    for i, (p, c) in enumerate(zip(spec.projects, computed, strict=True)):
        r = hr + 1 + i
        q = _quote(p.sheet)
        ws.put(r, 0, i + 1, f_cell)
        ws.formula(r, 1, f"={q}!B{POS.name_row}", str(p.name or ""), f_cell)
        ws.put(r, 2, p.category, f_cell)
        tr = POS.funds_row("total_funds")
        ws.formula(r, 3, f"={q}!{POS.col_initial}{tr}", c.total_initial, f_amt)
        ws.formula(r, 4, f"={q}!{POS.col_budget}{tr}", c.total_budget, f_amt)
        ws.formula(r, 5, f"={q}!{POS.col_spent}{tr}", c.total_spent, f_amt)
        ws.formula(r, 6, f'=IF(E{r + 1}=0,"",F{r + 1}/E{r + 1})', c.rate, f_pct)
        n_ind = len(p.indicators)
        ws.formula(r, 7, f"={q}!{POS.col_ind_score}{POS.total_row(n_ind)}", c.total_score, f_amt)
        ws.formula(r, 8, f"={q}!B{POS.grade_row(n_ind)}", c.grade, f_cell)
        ws.put(r, 9, None, f_cell)
    t = r + 1
    first, last = hr + 2, r + 1
    ws.put(t, 0, None, f_cell)
    ws.put(t, 1, LIST_TOTAL.zh, f_head)
    ws.put(t, 2, None, f_cell)
    sums = [_r2(sum(x.total_initial for x in computed)), _r2(sum(x.total_budget for x in computed)),
            _r2(sum(x.total_spent for x in computed))]
    for j, col in enumerate("DEF"):
        ws.formula(t, 3 + j, f"=SUM({col}{first}:{col}{last})", sums[j], f_amt)
    ws.formula(t, 6, f'=IF(E{t + 1}=0,"",F{t + 1}/E{t + 1})', sums[2] / sums[1] if sums[1] else "", f_pct)


def _write_form(wb: Any, n: list[int], spec: WorkbookSpec, p: ProjectSpec, c: _Computed, fmts: tuple[Any, ...]) -> None:
    f_title, f_head, f_cell, f_center, f_amt, f_pct, f_input = fmts
    ws = _Sheet(wb.add_worksheet(p.sheet), n)
    w = ws.ws
    last = _col(POS.last_col)
    w.set_column(0, 0, 12)
    w.set_column(1, 2, 12)
    w.set_column(3, 3, 22)
    w.set_column(4, 8, 13)
    w.set_column(9, 9, 24)
    ws.merge(_r0(POS.title_row), 0, _r0(POS.title_row), last, FORM_TITLE.zh, f_title)
    ws.merge(_r0(POS.year_row), 0, _r0(POS.year_row), last, f"（{p.year or spec.year}年度）", f_center)
    ws.put(_r0(POS.name_row), 0, FORM["project_name"].zh, f_head)
    ws.merge(_r0(POS.name_row), 1, _r0(POS.name_row), last, p.name, f_input)
    ws.put(_r0(POS.department_row), 0, FORM["department"].zh, f_head)
    ws.merge(_r0(POS.department_row), 1, _r0(POS.department_row), 4, p.department, f_input)
    ws.put(_r0(POS.department_row), 5, FORM["implementer"].zh, f_head)
    ws.merge(_r0(POS.department_row), 6, _r0(POS.department_row), last, p.implementer, f_input)

    # funds block
    h = _r0(POS.funds_header_row)
    ws.merge(h, 0, h + len(POS.funds_rows), 0, FORM["funds"].zh, f_head)
    ws.merge(h, 1, h, 2, None, f_head)
    for key, col in (("initial_budget", POS.col_initial), ("annual_budget", POS.col_budget), ("spent", POS.col_spent),
                     ("weight", POS.col_weight), ("rate", POS.col_rate), ("score", POS.col_score),
                     ("funds_reason", POS.col_funds_reason)):
        ws.put(h, _col(col), FORM[key].zh, f_head)
    ci, cb, cs = _col(POS.col_initial), _col(POS.col_budget), _col(POS.col_spent)
    rows = {k: POS.funds_row(k) for k in POS.funds_rows}
    tr = rows["total_funds"]
    for key in POS.funds_rows:
        r = _r0(rows[key])
        ws.merge(r, 1, r, 2, FORM[key].zh, f_head)
        if key == "total_funds":
            lo, hi = rows["fiscal"], rows["other"]
            ws.formula(r, ci, f"=SUM({POS.col_initial}{lo}:{POS.col_initial}{hi})", c.total_initial, f_amt)
            ws.formula(r, cb, f"=SUM({POS.col_budget}{lo}:{POS.col_budget}{hi})", c.total_budget, f_amt)
            ws.formula(r, cs, f"=SUM({POS.col_spent}{lo}:{POS.col_spent}{hi})", c.total_spent, f_amt)
            ws.put(r, _col(POS.col_weight), p.exec_weight, f_center)
            ws.formula(r, _col(POS.col_rate), f'=IF({POS.col_budget}{tr}=0,"",{POS.col_spent}{tr}/{POS.col_budget}{tr})',
                       c.rate, f_pct)
            ws.formula(r, _col(POS.col_score), f"=ROUND(10*MIN({POS.col_rate}{tr},1),2)", c.exec_score, f_amt)
            ws.put(r, _col(POS.col_funds_reason), p.exec_reason, f_input)
        else:
            line: FundsRowSpec = getattr(p, key)
            ws.put(r, ci, line.initial, f_amt)
            ws.put(r, cb, line.budget, f_amt)
            ws.put(r, cs, line.spent, f_amt)
            ws.put(r, _col(POS.col_weight), "—", f_center)
            if key == "fiscal":
                fr = rows["fiscal"]
                ws.formula(r, _col(POS.col_rate), f'=IF({POS.col_budget}{fr}=0,"",{POS.col_spent}{fr}/{POS.col_budget}{fr})',
                           c.fiscal_rate, f_pct)
            else:
                ws.put(r, _col(POS.col_rate), "—", f_center)
            ws.put(r, _col(POS.col_score), "—", f_center)
            ws.put(r, _col(POS.col_funds_reason), None, f_cell)

    # overall goal
    g = _r0(POS.goal_header_row)
    ws.merge(g, 0, g + 1, 0, FORM["goal"].zh, f_head)
    ws.merge(g, 1, g, 5, FORM["goal_expected"].zh, f_head)
    ws.merge(g, 6, g, last, FORM["goal_actual"].zh, f_head)
    ws.merge(g + 1, 1, g + 1, 5, p.goal_expected, f_input)
    ws.merge(g + 1, 6, g + 1, last, p.goal_actual, f_input)
    w.set_row(g + 1, 48)

    # indicator grid
    ih = _r0(POS.indicator_header_row)
    first = _r0(POS.first_indicator_row)
    inds = p.indicators
    n_ind = len(inds)
    ws.merge(ih, 0, first + n_ind - 1, 0, FORM["indicators"].zh, f_head)
    for key, col in (("level1", POS.col_level1), ("level2", POS.col_level2), ("level3", POS.col_level3),
                     ("target", POS.col_target), ("actual", POS.col_actual)):
        ws.put(ih, _col(col), FORM[key].zh, f_head)
    ws.put(ih, _col(POS.col_ind_weight), FORM["weight"].zh, f_head)
    ws.put(ih, _col(POS.col_ind_score), FORM["score"].zh, f_head)
    ws.merge(ih, _col(POS.col_reason), ih, last, FORM["reason"].zh, f_head)
    for col_letter, attr in ((POS.col_level1, "level1"), (POS.col_level2, "level2")):
        for start, end, value in _runs([getattr(x, attr) for x in inds]):
            ws.merge(first + start, _col(col_letter), first + end, _col(col_letter), value, f_center)
    for i, ind in enumerate(inds):
        r = first + i
        ws.put(r, _col(POS.col_level3), ind.name, f_input)
        ws.put(r, _col(POS.col_target), ind.target, f_input)
        ws.put(r, _col(POS.col_actual), ind.actual, f_input)
        ws.put(r, _col(POS.col_ind_weight), ind.weight, f_center)
        ws.put(r, _col(POS.col_ind_score), ind.score, f_input)
        ws.merge(r, _col(POS.col_reason), r, last, ind.reason, f_input)
    t = _r0(POS.total_row(n_ind))
    lo, hi = POS.first_indicator_row, POS.first_indicator_row + n_ind - 1
    ws.merge(t, 0, t, _col(POS.col_ind_weight) - 1, FORM["total_score"].zh, f_head)
    ws.formula(t, _col(POS.col_ind_weight),
               f"={POS.col_weight}{tr}+SUM({POS.col_ind_weight}{lo}:{POS.col_ind_weight}{hi})", c.total_weight, f_center)
    ws.formula(t, _col(POS.col_ind_score),
               f"=ROUND({POS.col_score}{tr}+SUM({POS.col_ind_score}{lo}:{POS.col_ind_score}{hi}),2)", c.total_score, f_amt)
    ws.merge(t, _col(POS.col_reason), t, last, None, f_cell)
    gr = _r0(POS.grade_row(n_ind))
    ts = f"{POS.col_ind_score}{t + 1}"
    ws.put(gr, 0, FORM["grade"].zh, f_head)
    ws.formula(gr, 1, f'=IF({ts}>=90,"优",IF({ts}>=80,"良",IF({ts}>=60,"中","差")))', c.grade, f_center)
    ws.merge(gr, 2, gr, last, None, f_cell)
    w.data_validation(first, _col(POS.col_level1), first + n_ind - 1, _col(POS.col_level1),
                      {"validate": "list", "source": ["产出指标", "效益指标", "满意度指标"], "error_type": "warning"})
    w.data_validation(first, _col(POS.col_ind_score), first + n_ind - 1, _col(POS.col_ind_score),
                      {"validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning"})
    w.fit_to_pages(1, 0)
    w.set_landscape()
    w.repeat_rows(ih)


def _runs(values: list[Raw]) -> Iterator[tuple[int, int, Raw]]:
    """Runs of equal consecutive values: (first index, last index, value)."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            yield start, i - 1, values[start]
            start = i


def write_template(spec: WorkbookSpec, path: str | Path) -> int:
    """Write with the project's template writer; return the number of non-empty cells (read back)."""
    from perfcheck.template.build import write_workbook  # type: ignore[import-not-found,unused-ignore]

    write_workbook(spec, Path(path))
    return count_cells(path)


def count_cells(path: str | Path) -> int:
    """Non-empty cells of a workbook, read with python-calamine."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    n = 0
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
            n += sum(1 for v in row if v not in ("", None))
    return n


WRITERS: dict[str, Callable[[WorkbookSpec, str | Path], int]] = {"fast": write_fast, "template": write_template}


# --------------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------------


def generate_workbook(path: str | Path, n_projects: int, seed: int, unit_index: int = 0, writer: str = "fast") -> int:
    """Generate one unit workbook; return its non-empty cell count."""
    return WRITERS[writer](make_workbook_spec(n_projects, seed, unit_index), path)


def _one(args: tuple[str, int, int, int, str]) -> int:
    path, n_projects, seed, unit_index, writer = args
    return generate_workbook(path, n_projects, seed, unit_index, writer)


def generate_folder(folder: str | Path, n_units: int, n_projects: int, seed: int, writer: str = "fast",
                    processes: int = 1) -> int:
    """``n_units`` unit workbooks ``unit0001.xlsx`` … in ``folder``; return the total cell count."""
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    jobs = [(str(d / f"unit{i + 1:04d}.xlsx"), n_projects, seed, i, writer) for i in range(n_units)]
    if processes > 1 and n_units > 1:
        import multiprocessing as mp

        with mp.get_context("spawn").Pool(processes) as pool:
            return sum(pool.map(_one, jobs, chunksize=8))
    return sum(_one(j) for j in jobs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("out", type=Path, help="a .xlsx file, or a folder with --units")
    ap.add_argument("--projects", type=int, default=10, help="project forms per workbook (default 10)")
    ap.add_argument("--units", type=int, default=0, help="write this many unit workbooks into the folder OUT")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--writer", choices=sorted(WRITERS), default="fast")
    ap.add_argument("--processes", type=int, default=1)
    a = ap.parse_args(argv)
    if a.units:
        cells = generate_folder(a.out, a.units, a.projects, a.seed, a.writer, a.processes)
    else:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        cells = generate_workbook(a.out, a.projects, a.seed, 0, a.writer)
    print(f"{a.out}: {cells} non-empty cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
