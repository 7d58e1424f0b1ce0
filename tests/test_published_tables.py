"""Real published 项目支出绩效自评表, transcribed: their arithmetic defects are found at their cells, and
where their numbers agree perfcheck raises no error.

Each table below is the visible content of a form a department published (source URL and what it
is in the docstring), transcribed row by row into a one-sheet workbook: labels as printed, numbers
and texts as printed (merged cells written once, at their first cell; blank cells left blank).
Only what the page shows is transcribed; rows cut off on the page are left out and said so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders.grids import write

from perfcheck import api
from perfcheck.findings import Finding

Row = list[Any]
# A form published alone: the workbook-level sheets are missing by construction (PC007, warning).
ALONE = {"PC007"}


def check(rows: list[Row], tmp_path: Path) -> list[Finding]:
    report = api.validate(write(rows, tmp_path / "t.xlsx"))
    assert report.readable, report.error
    return [f for f in report.findings if f.code not in ALONE]


def errors(fs: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.code, f.cell) for f in fs if f.severity.value == "error"}


def test_anhui_chizhou_tangxi_2022_total_row_left_at_zero(tmp_path: Path) -> None:
    """池州市贵池区棠溪镇人民政府《项目支出绩效自评表（2022年度）》 委托业务项目.
    Source: http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2 (as stored; the
    file is the town's published attachment).  The 年度资金总额 row reads 0 0 0 | 10 | 0 | 0 while the
    本年财政拨款 line is 90 / 89.974 / 89.974: the total row was never summed, so the rate (99.97%)
    and its score (10 × 0.9997 = 10.00) are missing from it.  The indicator rows after 满意度指标
    are cut off on the page and not transcribed (so no 总分 row)."""
    rows: list[Row] = [
        ["项目支出绩效自评表"],
        ["（2022年度）"],
        ["项目名称", "委托业务项目"],
        ["主管部门", "219-池州市贵池区棠溪镇人民政府", None, None, None, "实施单位", "219001-池州市贵池区棠溪镇人民政府"],
        ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额:", None, 0, 0, 0, 10, 0, 0],
        [None, "其中:本年财政拨款", None, 90, 89.974, 89.974],
        [None, "上年结转资金"],
        [None, "其他资金"],
        ["年度总体目标", "预期目标", None, None, None, None, "实际完成情况"],
        [None, "本项目共申请预算资金90万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；"
               "30万元用于基建工程项目设计、规划、测绘。", None, None, None, None,
         "本项目共完成预算资金89.97万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；"
         "29.99万元用于基建工程项目设计、规划、测绘。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", 50, 8, 8],
        [None, None, "质量指标", "委托业务报告合格率", "≥100百分比", 100, 8, 8],
        [None, None, None, "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8],
        [None, None, "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", 8, 8],
        [None, None, "成本指标", "项目总成本", "≤90万元", 90, 8, 8],
    ]
    fs = check(rows, tmp_path)
    got = errors(fs)
    # the total row against its line, in each amount column
    assert {("PC101", "D6"), ("PC101", "E6"), ("PC101", "F6")} <= got
    # the arithmetic that agrees raises nothing: 50 of ≥50个, 90 of ≤90万元 at full marks
    assert not any(c in ("PC201", "PC202", "PC204") for c, _ in got)
    msg = next(f for f in fs if (f.code, f.cell) == ("PC101", "E6")).message("zh")
    assert "89.974" in msg and "少计 89.97 万元" in msg and "改正后执行率应为 100%" in msg
    # one defect: the unsummed total row; its 0% and 0 points are named there, not reported again
    assert ("PC102", "H6") not in got and ("PC104", "I6") not in got
    # how this province writes its form is not a finding: 产出指标(50分), 达成预期指标
    assert not any(f.code in ("PC304", "PC207") for f in fs)


def test_hebei_langfang_food_school_2019_score_rounded_up(tmp_path: Path) -> None:
    """廊坊市食品工程学校《项目支出绩效自评表（2019年度）》 办公宿舍楼、食堂及餐厅暖通改造经费.
    Source: http://www.lfsp.cn/newsinfo/1158053.html.  43.2 / 43.2 / 37.24 万元, 执行率 86% (86.20%:
    agrees as shown), 得分 9 where 10 × 0.8620 = 8.62; the indicator 工程资金金额 43.2 → 37.24 scored 9 of
    10 where 10 × 37.24/43.2 = 8.62.  Rows 指标2 / …… are the form's blank placeholders (not transcribed)."""
    rows: list[Row] = [
        ["项目支出绩效自评表"],
        ["2019年度）"],
        ["项目名称", "办公宿舍楼、食堂及餐厅暖通改造经费"],
        ["主管部门", "廊坊市发改委", None, None, None, "实施单位", "廊坊市食品工程学校"],
        ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", None, 43.2, 43.2, 37.24, 10, "86%", 9],
        [None, "其中:当年财政拨款", None, 43.2, 43.2, 37.24],
        [None, "上年结转资金"],
        [None, "其他资金"],
        ["年度总体目标", "预期目标", None, None, None, None, "实际完成情况"],
        [None, 43.2, None, None, None, None, 37.24],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "指标1工程资金金额", 43.2, 37.24, 10, 9,
         "已完工，剩余3%尾款未付，且最高限价低于预算金额。提高预算准确度。"],
        [None, None, "质量指标", "指标1工程完工率", 100, 100, 10, 10],
        [None, None, None, "指标2工程验收合格率", 100, 100, 10, 10],
        [None, None, "时效指标", "指标1项目完成及时率", 100, 100, 10, 10],
        [None, None, "成本指标", "指标1成本控制率", 100, 100, 10, 10],
        [None, "效益指标", "经济效益指标", "指标1安全率", 100, 100, 10, 10, 0],
        [None, None, "社会效益指标", "指标1学校发展能力", 100, 100, 10, 10, 0],
        [None, None, "可持续影响指标", "指标1长期使用性", 100, 100, 10, 10],
        [None, "满意度指标", "服务对象满意度指标", "指标1学生满意度", 100, 100, 10, 10, 0],
    ]
    fs = check(rows, tmp_path)
    got = errors(fs)
    assert ("PC104", "I6") in got                  # 9 for 8.62
    assert ("PC202", "H13") in got                 # 9 for 8.62
    assert ("PC102", "H6") not in got              # 86% agrees with 86.20%
    msg = next(f for f in fs if (f.code, f.cell) == ("PC104", "I6")).message("zh")
    assert "8.62" in msg and "多填 0.38 分" in msg


def test_yunnan_lijiang_gucheng_2020_points_cut_on_met_targets(tmp_path: Path) -> None:
    """丽江市古城区自然资源局《2020年度项目支出绩效自评表》 2020年省级自然资源卫片执法补助经费.
    Source: http://m.jjiadianqingjie.com.cn/changyong/13241.html (a repost of the bureau's table).
    7.29 / 7.29 / 7.29 万元, 10.00, 100%, 10.00 — agrees.  The indicators use 指标性质 / 指标值 /
    度量单位 columns and the look-alike ﹦; every target is met (实际完成值 = 指标值) yet points are cut:
    9 of 10, 19 of 20, 19 of 20, 27 of 30.  The 满意度 score is cut off on the page (left blank)."""
    rows: list[Row] = [
        ["2020年度项目支出绩效自评表"],
        ["项目名称", "2020年省级自然资源卫片执法补助经费支出绩效自评表"],
        ["主管部门", "丽江市自然资源和规划局", None, None, None, None, "实施单位", "丽江市古城区自然资源局"],
        ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", None, 7.29, 7.29, 7.29, 10.00, "100%", 10.00],
        [None, "其中:当年财政拨款", None, 7.29, 7.29, 7.29, None, "100%"],
        [None, "上年结转资金"],
        [None, "其他资金"],
        ["年度总体目标", "预期目标", None, None, None, None, "实际完成情况"],
        [None, "自然资源卫片执法补助经费", None, None, None, None, "自然资源卫片执法补助经费"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "卫片执法补助经费", "﹦", 72890, "元", 72890, 10.00, 9.00],
        [None, "质量指标", "项目验收合格率", "﹦", 100, "%", 100, 20, 19],
        [None, "时效指标", "项目完成及时率", "﹦", 100, "%", 100, 20.00, 19.00],
        ["效益指标", "社会效益指标", "违法行为责停率", "≥", 95, "%", 95, 30.00, 27.00],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥", 95, "%", 95, 10.00],
    ]
    fs = check(rows, tmp_path)
    got = errors(fs)
    # points cut on met targets: each at its 得分 cell, once (no second finding asking for a reason)
    assert {("PC202", "I12"), ("PC202", "I13"), ("PC202", "I14"), ("PC202", "I15")} <= got
    assert not any(c == "PC213" for c, _ in got)
    # the funds block agrees: nothing there
    assert not any(cell is not None and cell.endswith("5") and code.startswith("PC1") for code, cell in got)
    assert ("PC104", "I5") not in got and ("PC102", "H5") not in got


def test_sichuan_qingshen_fgj_2023_scores_left_blank(tmp_path: Path) -> None:
    """青神县发展和改革局《部门预算项目支出绩效自评表（2023年度）》 51000021R000000019951-工资性支出.
    Source: https://www.scqs.gov.cn/info/13206/211004.htm.  Sichuan's layout (预算执行情况, 权重,
    调整后预算数, 预算执行数, 总额, 其中:财政资金, 指标性质 / 指标值 / 度量单位, 完成值, 合计, no 自评等级).
    238.93 → 251.89 → 251.89, 100.00%: agrees (an adjustment: info).  得分 is blank on the 总额 row
    and both indicators have no 完成值 and no 得分: those are the findings."""
    rows: list[Row] = [
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", "51000021R000000019951-工资性支出"],
        ["主管部门", "青神县发展和改革局本级", None, None, None, "实施单位 (盖章)", "青神县发展和改革局"],
        ["项目年度目标", "严格执行相关政策，保障工资及时、足额发放或社保及时、足额缴纳，预算编制科学合理，减少结余资金。",
         None, None, None, "年度目标完成情况", "对照年度目标，说明相关任务目标的完成情况（100字以内）"],
        ["预算执行情况(10分)", "年度预算数(万元)", None, "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分",
         "原因"],
        [None, "总额", None, 238.93, 251.89, 251.89, "100.00%", 10],
        [None, "其中:财政资金", None, 238.93, 251.89, 251.89, "100.00%", "/", "/"],
        [None, "财政专户管理资金", None, 0.00, 0.00, 0.00, "0.00%", "/", "/"],
        [None, "单位资金", None, 0.00, 0.00, 0.00, "0.00%", "/", "/"],
        [None, "其他资金", None, None, None, None, None, "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分",
         "未完成原因分析"],
        [None, "产出指标", "数量指标", "发放(缴纳)覆盖率", "=", 100, "%", None, 60],
        [None, "效益指标", "社会效益指标", "足额保障率(参保率)", "=", 100, "%", None, 30],
        ["合计", None, None, None, None, None, None, None, 100],
    ]
    fs = check(rows, tmp_path)
    got = errors(fs)
    # the missing scores, at their empty cells; nothing about the amounts (they agree)
    assert ("PC110", "I6") in got
    assert not any(c in ("PC101", "PC102", "PC104", "PC106", "PC209") for c, _ in got)
    infos = {(f.code, f.cell) for f in fs if f.severity.value == "info"}
    assert ("PC108", "E6") in infos               # 238.93 → 251.89: an adjustment to ask about
    # weights 10 + 60 + 30 = 100 agree with the 合计 row
    assert not any(f.code == "PC209" for f in fs)
    # Sichuan's labels are read: 实施单位 (盖章), 项目年度目标 / 年度目标完成情况 above the funds block
    assert not any(f.code in ("PC005", "PC301", "PC302") for f in fs)


def test_sichuan_daying_sfj_2023_consistent_funds(tmp_path: Path) -> None:
    """大英县司法局《部门预算项目支出绩效自评表（2023年度）》 51092324T000010263357-2023年全县安可替代补助资金项目.
    Source: https://dyxrmt.cn/article-157795-21.html.  总额 0.00 / 3.36 / 3.36, 100.00%, 权重 10, 得分 10:
    the funds agree (年初 0 → 3.36 is an adjustment: info).  The indicator rows are cut off on the page
    after the first one, which shows no 完成值 or 得分 (not transcribed beyond it)."""
    rows: list[Row] = [
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", "51092324T000010263357-2023年全县安可替代补助资金项目"],
        ["主管部门", "大英县司法局部门", None, None, None, "实施单位", "大英县司法局"],
        ["项目年度目标", "根据要求购买安可设备，并完成项目资金支付。", None, None, None, "年度目标完成情况", "完成"],
        ["预算执行情况(10分)", "年度预算数(万元)", None, "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分",
         "原因"],
        [None, "总额", None, 0.00, 3.36, 3.36, "100.00%", 10, 10],
        [None, "其中:财政资金", None, 0.00, 3.36, 3.36, "100.00%", "/", "/"],
        [None, "财政专户管理资金", None, 0.00, 0.00, 0.00, "0.00%", "/", "/"],
        [None, "单位资金", None, 0.00, 0.00, 0.00, "0.00%", "/", "/"],
        [None, "其他资金", None, None, None, None, None, "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分",
         "未完成原因分析"],
        [None, "产出指标", "质量指标", "完成安可产品购买并按要求支付资金", "=", 100],
    ]
    fs = check(rows, tmp_path)
    funds_errors = {(c, cell) for c, cell in errors(fs) if c.startswith("PC1")}
    assert funds_errors == set()
    infos = {(f.code, f.cell) for f in fs if f.severity.value == "info"}
    assert ("PC108", "E6") in infos
    assert not any(f.code in ("PC301", "PC302") for f in fs)
