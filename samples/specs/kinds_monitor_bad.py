"""The monitoring workbook with planted defects: ``samples/kinds/绩效监控_典型错误.xlsx``.

The expected findings are in ``kinds/绩效监控_典型错误.expect.yaml`` (hand-checked; not generated).

监控1 (1—7月, from ``perfcheck.examples.kinds.monitor``): 1—7月执行数 40 of 100 (40 %, 18.33 points behind: yellow)
with no reason (PC705 J7) and a forecast of 105 (PC704 H7); 培训人数 expected 45 of 50 with 确定能
(PC706 J13); 合格率 有可能 with no category (PC707 H14); 培训成本 55 万元 above ≤50 (red) with no reason
(PC708 I16); 就业率 likelihood 差不多 (PC709 J17).
监控2 (全年度, 1—12月): 执行率 typed 100 % where 98 ÷ 100 = 98 % (PC702 G7), 全年预计执行数 100 ≠ the
98 spent (PC710 H7).
"""

from __future__ import annotations

from perfcheck.examples import kinds
from perfcheck.template.kinds import KindsWorkbookSpec, MonitorFundsSpec

OUTPUT = "kinds/绩效监控_典型错误.xlsx"


def spec() -> KindsWorkbookSpec:
    s = kinds.workbook(monitor_={
        "fiscal": (100, 100, 40, 105),
        "edit": {0: {"forecast": "45人"}, 1: {"likelihood": "有可能", "reason": "部分学员考核未通过，安排补考。"},
                 3: {"actual": "55万元"}, 4: {"likelihood": "差不多"}}})
    year_end = kinds.workbook(monitor_={"month": 12, "at_year_end": True}).monitors[0]
    year_end.sheet = "监控2"
    year_end.name = "中小企业技能培训补助（全年度）"
    year_end.fiscal = MonitorFundsSpec(100, 100, 98, 100)
    year_end.rate = 1
    s.monitors.append(year_end)
    return s
