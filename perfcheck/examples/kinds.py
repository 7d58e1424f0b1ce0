"""Consistent forms of the other kinds (forms.md §2–§4), worked out by hand: the base of the samples
``samples/kinds/*`` and of the PC6xx/PC7xx rule examples (:func:`kinds_example`).

Department (示例县工业和信息化局, 2023), amounts in 万元 (年初 / 全年预算 / 全年执行):

    一般公共预算拨款  1150 / 1230 / 1220        基本支出  900 / 950 / 930
    政府性基金预算拨款  100 /  100 /   80        项目支出  400 / 440 / 420
    其他资金            50 /   60 /   50
    年度资金总额      1300 / 1390 / 1350  (both splits add up)
    执行率 1350 ÷ 1390 = 97.12 %; 得分 10 × 0.971223 = 9.71; indicators 90 of 90; 总分 99.71 → 优.

基础数据表: 编制 20, 在职 19 (控制率 95 %); 三公经费 = 公车 (0 + 5.5) + 出国 0 + 接待 2.5 = 8 of 9
budgeted; 项目支出 本年决算 420 = the department's 项目支出 全年执行数; 公用经费 11 + 8.5 + 3.5 + 2 = 25.
Project forms of the workbook (good_unit's 项目1 and 项目2) spend 95 + 130.5 = 225.5 ≤ 420 (53.7 %).

Monitoring (1—7月, 序时进度 7/12 = 58.33 %): budget 100, spent 60 (60 %: green), forecast 100;
培训人数 30 of 50 × 7/12 = 29.17 → 1.03 green; 合格率 96 % ≥ 95 % green; 完成时间 2023-06-30 before
2023-12-31 green; 成本 28 ≤ 50 万元 green; 就业率 50 of 80 × 7/12 = 46.67 → 1.07 green; 满意度 92 of
90 × 7/12 = 52.5 → 1.75 blue.
"""

from __future__ import annotations

import atexit
import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any

from perfcheck.config import Config
from perfcheck.model import Workbook
from perfcheck.reader import read_workbook
from perfcheck.template.blueprint import FundsRowSpec, IndicatorSpec, ProjectSpec
from perfcheck.template.kinds import (
    BasicDataSpec,
    DepartmentSpec,
    KindsWorkbookSpec,
    MonitorFundsSpec,
    MonitorIndicatorSpec,
    MonitorSpec,
    write_kinds_workbook,
)

UNIT = "示例县工业和信息化局"
YEAR = 2023
OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"
MONITOR_PROJECT = "中小企业技能培训补助"


def department() -> DepartmentSpec:
    return DepartmentSpec(
        name=UNIT,
        parts={"general": FundsRowSpec(1150, 1230, 1220), "fund": FundsRowSpec(100, 100, 80), "other": FundsRowSpec(50, 60, 50),
               "basic": FundsRowSpec(900, 950, 930), "project": FundsRowSpec(400, 440, 420)},
        goal_expected="保障机关正常运转，推进全县工业经济稳增长：规模以上工业增加值增长6%以上，新增规上企业不少于10户。",
        goal_actual="机关运转正常；规模以上工业增加值增长6.8%，新增规上企业11户，完成年度目标。",
        indicators=[
            IndicatorSpec(OUT, "数量指标", "新增规模以上工业企业", "≥10户", "11户", 20, 20),
            IndicatorSpec(OUT, "质量指标", "政策兑现资金拨付准确率", "=100%", "100%", 10, 10),
            IndicatorSpec(OUT, "时效指标", "惠企资金拨付完成时间", "2023年12月31日前", "2023年11月30日", 10, 10),
            IndicatorSpec(OUT, "成本指标", "机关公用经费", "≤30万元", "25万元", 10, 10),
            IndicatorSpec(BEN, "经济效益指标", "规模以上工业增加值增速", "≥6%", "6.8%", 10, 10),
            IndicatorSpec(BEN, "社会效益指标", "服务企业户数", "≥300户", "326户", 10, 10),
            IndicatorSpec(BEN, "可持续影响指标", "工业企业技术改造项目", "≥15个", "16个", 10, 10),
            IndicatorSpec(SAT, "服务对象满意度指标", "企业满意度", "≥90%", "94%", 10, 10),
        ],
    )


def basic() -> BasicDataSpec:
    return BasicDataSpec(quota=20, staff=19, lines={
        "car_buy": (0, 0, 0), "car_run": (5, 6, 5.5), "abroad": (0, 0, 0), "reception": (2, 3, 2.5),
        "project": (380, 440, 420), "office": (10, 12, 11), "utilities": (8, 9, 8.5), "meetings": (3, 4, 3.5),
        "public_other": (2, 2, 2)})


def monitor_indicators() -> list[MonitorIndicatorSpec]:
    return [
        MonitorIndicatorSpec(OUT, "数量指标", "培训企业职工人数", "≥50人", "30人", "52人", likelihood="确定能"),
        MonitorIndicatorSpec(OUT, "质量指标", "培训考核合格率", "≥95%", "96%", "96%", likelihood="确定能"),
        MonitorIndicatorSpec(OUT, "时效指标", "培训完成时间", "2023年12月31日前", "2023年6月30日", "2023年12月20日",
                             likelihood="确定能"),
        MonitorIndicatorSpec(OUT, "成本指标", "培训成本", "≤50万元", "28万元", "48万元", likelihood="确定能"),
        MonitorIndicatorSpec(BEN, "社会效益指标", "参训人员就业率", "≥80%", "50%", "85%", likelihood="确定能"),
        MonitorIndicatorSpec(SAT, "服务对象满意度指标", "参训人员满意度", "≥90%", "92%", "93%", likelihood="确定能"),
    ]


def monitor(month: int | None = 7) -> MonitorSpec:
    return MonitorSpec(
        sheet="监控1", month=month, name=MONITOR_PROJECT, department=UNIT, implementer="示例县中小企业服务中心",
        fiscal=MonitorFundsSpec(100, 100, 60, 100),
        goal_expected="全年培训企业职工不少于50人，考核合格率不低于95%，参训人员就业率不低于80%。",
        goal_progress="已举办培训3期、培训30人，合格率96%；下半年再办2期。",
        indicators=monitor_indicators())


def project_forms(spent: list[Any]) -> list[ProjectSpec]:
    """Project forms spending ``spent`` (one form each, budget = spent, every indicator met)."""
    out = []
    for i, s in enumerate(spent, start=1):
        out.append(ProjectSpec(
            sheet=f"项目{i}", name=f"示例项目{i}", department=UNIT, implementer=UNIT, year=YEAR,
            fiscal=FundsRowSpec(s, s, s), goal_expected="完成年度工作任务。", goal_actual="已完成年度工作任务。",
            indicators=[IndicatorSpec(OUT, "数量指标", "完成事项", "≥10项", "10项", 50, 50),
                        IndicatorSpec(BEN, "社会效益指标", "服务对象覆盖率", "≥90%", "95%", 30, 30),
                        IndicatorSpec(SAT, "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10)]))
    return out


def monitor_project(spent: Any, m: MonitorSpec) -> ProjectSpec:
    """The self-assessment form of the monitored project: its actuals are the monitor's forecasts."""
    weights = [20, 10, 10, 10, 30, 10]
    inds = [IndicatorSpec(i.level1, i.level2, i.name, i.target, i.forecast, w, w)
            for i, w in zip(m.indicators, weights, strict=False)]
    return ProjectSpec(sheet="项目1", name=m.name, department=m.department, implementer=m.implementer, year=YEAR,
                       fiscal=FundsRowSpec(spent, spent, spent), goal_expected=m.goal_expected,
                       goal_actual="全年培训52人，合格率96%，就业率85%。", indicators=inds)


def _edit(items: list[Any], edit: dict[int, dict[str, Any]]) -> None:
    for i, changes in edit.items():
        for k, v in changes.items():
            setattr(items[i], k, v)


def workbook(dept: dict[str, Any] | None = None, basic_: dict[str, Any] | None = None,
             monitor_: dict[str, Any] | None = None, projects: list[Any] | None = None) -> KindsWorkbookSpec:
    """A consistent workbook of the other kinds with overrides (the notation of the rule examples):

    dept / basic_ / monitor_: a dict of spec fields; ``parts`` / ``lines`` are merged over the defaults
    (tuples), ``edit`` changes indicator rows, ``level1`` renames the 一级 of the rows in turn,
    ``fiscal`` is (年初, 全年预算, 1–X月执行, 全年预计); ``at_year_end`` makes every actual its forecast.  projects: 全年执行数 of project forms (with a
    monitor: the monitored project's self-assessment form)."""
    spec = KindsWorkbookSpec(year=YEAR)
    if dept is not None:
        d = department()
        kw = copy.deepcopy(dept)
        for k, v in kw.pop("parts", {}).items():
            d.parts[k] = FundsRowSpec(*v)
        _edit(d.indicators, kw.pop("edit", {}))
        names = kw.pop("level1", None)
        if names:
            for i, ind in enumerate(d.indicators):
                ind.level1 = names[i % len(names)]
        for k, v in kw.items():
            setattr(d, k, v)
        spec.department = d
    if basic_ is not None:
        b = basic()
        kw = copy.deepcopy(basic_)
        b.lines.update(kw.pop("lines", {}))
        for k, v in kw.items():
            setattr(b, k, v)
        spec.basic = b
    if monitor_ is not None:
        kw = copy.deepcopy(monitor_)
        m = monitor(kw.pop("month", 7))
        if kw.pop("at_year_end", False):      # a 全年度 form: the actuals are the forecasts
            m.fiscal.spent = m.fiscal.forecast
            for row in m.indicators:
                row.actual = row.forecast
        if "fiscal" in kw:
            m.fiscal = MonitorFundsSpec(*kw.pop("fiscal"))
        _edit(m.indicators, kw.pop("edit", {}))
        for k, v in kw.items():
            setattr(m, k, v)
        spec.monitors = [m]
        if projects:
            spec.projects = [monitor_project(projects[0], monitor(m.month))]
    elif projects:
        spec.projects = project_forms(projects)
    return spec


# --------------------------------------------------------------------------------------------------
# The PC6xx / PC7xx rule examples: a workbook of the other kinds, written and read back
# --------------------------------------------------------------------------------------------------

#: the keywords of an example line that make it a workbook of the other kinds
KEYS = ("dept", "basic", "monitor", "projects")
_CACHE: dict[str, Path] = {}
_DIR: list[Path] = []


def wants(kwargs: dict[str, Any]) -> bool:
    """Whether an example line's keywords ask for the other kinds (``dept=``, ``basic=``, ...)."""
    return any(k in kwargs for k in KEYS)


def kinds_example(**kwargs: Any) -> Workbook:
    """``example(dept={...}, basic={...}, monitor={...}, projects=[...])``: :func:`workbook` written
    through the template writer and read with the reader, so each example runs the real reader too.
    Files are cached per argument text (in one temporary folder per process)."""
    unknown = set(kwargs) - set(KEYS)
    if unknown:
        raise TypeError(f"with dept=/basic=/monitor=, only {KEYS} are accepted, not {sorted(unknown)}")
    key = repr(sorted(kwargs.items()))
    path = _CACHE.get(key)
    if path is None:
        if not _DIR:
            _DIR.append(Path(tempfile.mkdtemp(prefix="perfcheck-kinds-")))
            atexit.register(shutil.rmtree, _DIR[0], True)
        path = _DIR[0] / f"k{len(_CACHE)}.xlsx"
        spec = workbook(kwargs.get("dept"), kwargs.get("basic"), kwargs.get("monitor"), kwargs.get("projects"))
        write_kinds_workbook(spec, path)
        _CACHE[key] = path
    return read_workbook(path, Config())
