"""A consistent monitoring workbook (1—7月): ``samples/kinds/绩效监控_示例2023_1-7月.xlsx``.

监控1 is ``perfcheck.examples.kinds.monitor`` (every light green, 满意度 blue).  监控2 is behind: 全年预算数 200,
1—7月执行数 90 (45 %, 13.33 points behind 58.33 %: a yellow funds light, with its reason), 建设进度 1 of
4 (standard 4 × 7/12 = 2.33: 0.43 → red, reason given, 有可能 with a category), 服务户数 20 of 60
(standard 35: 0.57 → red, 有可能 with a category and a reason), 验收合格率 100 % (green).  It validates
without a finding; its lights are green, yellow, red and blue.
"""

from __future__ import annotations

from perfcheck.examples import kinds
from perfcheck.template.kinds import KindsWorkbookSpec, MonitorFundsSpec, MonitorIndicatorSpec, MonitorSpec

OUTPUT = "kinds/绩效监控_示例2023_1-7月.xlsx"
OUT, BEN = kinds.OUT, kinds.BEN


def behind() -> MonitorSpec:
    return MonitorSpec(
        sheet="监控2", month=7, name="中小企业数字化转型服务平台建设", department=kinds.UNIT,
        implementer="示例县工业和信息化局", fiscal=MonitorFundsSpec(200, 200, 90, 190),
        funds_category="硬件条件保障",
        funds_reason="平台主体设备8月到货，设备款约100万元将于9月验收后支付，预计全年执行190万元。",
        goal_expected="建成数字化转型服务平台并上线运行，服务企业不少于60户。",
        goal_progress="完成需求调研和招标，平台处于开发阶段。",
        indicators=[
            MonitorIndicatorSpec(OUT, "数量指标", "平台功能模块建设", "≥4个", "1个", "4个", "硬件条件保障",
                                 "设备到货推迟，已督促供应商8月底前到货，下半年集中建设。", "有可能"),
            MonitorIndicatorSpec(OUT, "质量指标", "验收合格率", "=100%", "100%", "100%", likelihood="确定能"),
            MonitorIndicatorSpec(BEN, "社会效益指标", "服务企业户数", "≥60户", "20户", "50户", "其他",
                                 "平台未上线，服务以线下为主；上线后加大推广。", "有可能"),
        ])


def spec() -> KindsWorkbookSpec:
    s = kinds.workbook(monitor_={})
    s.monitors.append(behind())
    return s
