"""A consistent unit that validates without a single error or warning: ``samples/good/示例单位2023.xlsx``.

Four projects.  Every number below is worked out by hand per ``shared/spec/rules.md`` (the
comments show the arithmetic), and the forms are typed the way people type them:

* 项目1 and 项目2 use plain numbers, so the template's formulas compute 年度资金总额, 执行率,
  预算执行率得分, 总分 and 自评等级.  项目1 has an inserted third 数量指标 row.
* 项目2 is under-spent (87%) with a proper 偏差原因, and has one indicator only partly met
  (13 of 15 projects → 17.33 of 20 points) with its reason.
* 项目3 is typed as text (``40万元``, ``39.2 万``, full-width ``５``, ``—``, ``不少于20场``,
  ``>=50 个``, ``≧90%``, ``不超过30万元``), so its computed cells are stated the way the person typed
  them (45, 44.2, ``98.22%``, ``9.82``, ``99.82``, ``优``); after writing, ``postprocess`` renames three headers
  to their synonyms (调整后预算数, 本年财政拨款, 全年实际值) and shifts the whole form down two rows
  (a file number and a note above the title) and right one column.
* 项目4 has amounts typed with thousands separators (``1,234.50``), a reverse (≤) complaint
  indicator and two 社会效益 rows.
"""

from __future__ import annotations

from pathlib import Path

from perfcheck.template.blueprint import FundsRowSpec, IndicatorSpec, ProjectSpec, Raw, WorkbookSpec

from ._xlsx import Edit

OUTPUT = "good/示例单位2023.xlsx"

UNIT = "示例县工业和信息化局"
SHIFTED_SHEET = "项目3"
SHIFT_ROWS = 2
SHIFT_COLS = 1
# (template label, what this unit's form says instead) on the shifted form
SYNONYMS = (("全年预算数", "调整后预算数"), ("其中：当年财政拨款", "本年财政拨款"), ("实际完成值", "全年实际值"))
TITLE_LINES = ("附件3", "（本表金额单位：万元，由项目实施科室填报，分管领导审核）")

OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"


def ind(level1: str, level2: str, name: str, target: Raw, actual: Raw, weight: Raw, score: Raw,
        reason: Raw = None) -> IndicatorSpec:
    return IndicatorSpec(level1=level1, level2=level2, name=name, target=target, actual=actual,
                         weight=weight, score=score, reason=reason)


def project1() -> ProjectSpec:
    # 年度资金总额 80 + 15 = 95 in each column; 执行率 95/95 = 100%; 得分 10.
    # Σ 分值: 产出 10+10+5+10+5+10 = 50, 效益 10+10+10 = 30, 满意度 10; 总分 10 + 90 = 100 → 优.
    return ProjectSpec(
        sheet="项目1",
        name="中小企业公共服务平台运行经费",
        department=UNIT,
        implementer="示例县中小企业服务中心",
        category="部门运转类",
        fiscal=FundsRowSpec(80, 80, 80),
        carryover=FundsRowSpec(15, 15, 15),
        goal_expected="保障县中小企业公共服务平台全年正常运行，为不少于300户中小企业提供政策、融资、培训等服务，"
                      "帮助企业获得融资不少于5000万元。",
        goal_actual="平台全年正常运行，服务中小企业326户，举办政策宣讲及培训22场，帮助企业获得融资5630万元，"
                    "新增规模以上工业企业11户。",
        indicators=[
            ind(OUT, "数量指标", "服务中小企业户数", "≥300户", "326户", 10, 10),
            ind(OUT, "数量指标", "举办政策宣讲及培训活动", "≥20场", "22场", 10, 10),
            ind(OUT, "数量指标", "新增入库科技型中小企业", "≥25家", "27家", 5, 5),
            ind(OUT, "质量指标", "服务事项办结率", "=100%", "100%", 10, 10),
            ind(OUT, "时效指标", "年度服务任务完成时间", "2023年12月31日前", "2023年12月15日", 5, 5),
            ind(OUT, "成本指标", "平台运行维护成本", "≤90万元", "88.6万元", 10, 10),
            ind(BEN, "经济效益指标", "帮助企业获得融资金额", "≥5000万元", "5630万元", 10, 10),
            ind(BEN, "社会效益指标", "新增规模以上工业企业", "≥10户", "11户", 10, 10),
            ind(BEN, "可持续影响指标", "平台入驻服务机构数", "≥30家", "32家", 10, 10),
            ind(SAT, "服务对象满意度指标", "服务企业满意度", "≥90%", "95.6%", 10, 10),
        ],
    )


def project2() -> ProjectSpec:
    # 年度资金总额 120 + 30 = 150 budget, 100.5 + 30 = 130.5 spent; 执行率 130.5/150 = 87% (< 90%:
    # reason given); 得分 10 × 0.87 = 8.7.  数量: 13 of 15 → 20 × 13/15 = 17.333… → 17.33 (reason given).
    # 总分 8.7 + 17.33 + 10 + 10 + 10 + 15 + 15 + 10 = 96.03 → 优.
    return ProjectSpec(
        sheet="项目2",
        name="工业企业技术改造奖补资金",
        department=UNIT,
        implementer=UNIT,
        category="专项业务类",
        fiscal=FundsRowSpec(120, 120, 100.5),
        carryover=FundsRowSpec(30, 30, 30),
        exec_reason="2个技改项目设备到货及验收延迟，19.5万元奖补资金未达拨付条件；下一步将加强项目调度，"
                    "督促企业按期验收，验收合格后于2024年一季度拨付到位。",
        goal_expected="对15个工业企业技术改造项目兑现奖补，推动企业设备更新和智能化改造，带动技改投资3亿元以上。",
        goal_actual="13个技改项目通过验收并兑现奖补130.5万元，2个项目因设备到货延迟待验收；带动技改投资3.2亿元，"
                    "新增智能化生产线9条。",
        indicators=[
            ind(OUT, "数量指标", "奖补技改项目数", "≥15个", "13个", 20, 17.33,
                "2个项目因进口设备到货延迟未能在年内通过验收，奖补资金未拨付；下一步将跟踪督促企业尽快完成"
                "安装调试和验收，验收后及时兑现奖补。"),
            ind(OUT, "质量指标", "奖补项目验收合格率", "=100%", "100%", 10, 10),
            ind(OUT, "时效指标", "奖补资金拨付时间", "2023年12月31日前", "2023年12月20日", 10, 10),
            ind(OUT, "成本指标", "单个项目奖补上限", "≤30万元", "28万元", 10, 10),
            ind(BEN, "经济效益指标", "带动技改投资", "≥3亿元", "3.2亿元", 15, 15),
            ind(BEN, "社会效益指标", "新增智能化生产线", "≥8条", "9条", 15, 15),
            ind(SAT, "服务对象满意度指标", "受奖补企业满意度", "≥90%", "93%", 10, 10),
        ],
    )


def project3() -> ProjectSpec:
    # Typed as text.  年度资金总额: 40 + 5 = 45 budget, 39.2 + 5 = 44.2 spent; 执行率 44.2/45 = 98.22%;
    # 当年财政拨款 39.2/40 = 98%; 得分 10 × 0.98222 = 9.82.  All indicators met (none ≥ 1.2 × target).
    # 总分 9.82 + 90 = 99.82 → 优.
    return ProjectSpec(
        sheet=SHIFTED_SHEET,
        name="数字经济发展专班工作经费",
        department=UNIT,
        implementer="示例县数字经济发展工作专班",
        category="专项业务类",
        fiscal=FundsRowSpec("40万元", "40万元", "39.2 万"),
        carryover=FundsRowSpec("５", "５", "５"),
        other=FundsRowSpec("—", "—", "—"),
        total_initial=45,
        total_budget=45,
        total_spent=44.2,
        rate="98.22%",
        fiscal_rate="98%",
        exec_score="9.82",
        goal_expected="保障数字经济发展工作专班正常运转，推进企业上云用云，建成县级工业互联网上云平台。",
        goal_actual="专班全年召开调度会23场，推动56家企业上云，上云平台于10月建成投用，培训企业65家。",
        indicators=[
            ind(OUT, "数量指标", "专班工作调度会", "不少于20场", "23场", 15, 15),
            ind(OUT, "数量指标", "企业上云用户数", ">=50 个", "56个", 10, 10),
            ind(OUT, "质量指标", "上云平台系统可用率", "≧90%", "99.5%", 10, 10),
            ind(OUT, "时效指标", "上云平台建设完成时间", "2023年10月31日前", "2023年10月25日", 5, 5),
            ind(OUT, "成本指标", "上云平台建设成本", "不超过30万元", "29.5万元", 10, 10),
            ind(BEN, "社会效益指标", "数字化转型培训企业", "≥60家", "65家", 15, 15),
            ind(BEN, "可持续影响指标", "上云企业持续使用率", "≥85%", "90%", 15, 15),
            ind(SAT, "服务对象满意度指标", "企业满意度", "≥90%", "96%", 10, 10),
        ],
        total_weight="100",
        total_score="99.82",
        grade="优",
    )


def project4() -> ProjectSpec:
    # Amounts typed with a thousands separator.  年度资金总额 1,234.50 budget, 1,230.00 spent;
    # 执行率 1230/1234.5 = 99.64%; 得分 10 × 0.996355 = 9.96.  总分 9.96 + 90 = 99.96 → 优.
    return ProjectSpec(
        sheet="项目4",
        name="工业园区标准厂房租金补贴",
        department=UNIT,
        implementer="示例县工业园区管理委员会",
        category="专项业务类",
        fiscal=FundsRowSpec("1,234.50", "1,234.50", "1,230.00"),
        total_initial=1234.5,
        total_budget=1234.5,
        total_spent=1230,
        rate="99.64%",
        fiscal_rate="99.64%",
        exec_score=9.96,
        goal_expected="对入驻标准厂房的40家以上工业企业给予租金补贴，稳定园区企业经营，带动就业3000人以上。",
        goal_actual="为42家入园企业兑付租金补贴1,230万元，余4.5万元为1家企业年中退租后核减；补贴企业年产值21.6亿元，"
                    "带动就业3150人。",
        indicators=[
            ind(OUT, "数量指标", "享受租金补贴企业", "≥40家", "42家", 20, 20),
            ind(OUT, "质量指标", "补贴资金发放准确率", "=100%", "100%", 10, 10),
            ind(OUT, "时效指标", "补贴资金兑付时间", "2023年11月30日前", "2023年11月28日", 10, 10),
            ind(OUT, "成本指标", "单户企业年补贴上限", "≤50万元", "48万元", 10, 10),
            ind(BEN, "经济效益指标", "补贴企业年产值", "≥20亿元", "21.6亿元", 15, 15),
            ind(BEN, "社会效益指标", "带动就业人数", "≥3000人", "3150人", 10, 10),
            ind(BEN, "社会效益指标", "企业投诉件数", "≤3件", "2件", 5, 5),
            ind(SAT, "服务对象满意度指标", "入园企业满意度", "≥90%", "94%", 10, 10),
        ],
        total_weight=100,
        total_score=99.96,
        grade="优",
    )


def spec() -> WorkbookSpec:
    return WorkbookSpec(
        year=2023,
        unit={
            "unit_name": UNIT,
            "year": 2023,
            "department": "示例县人民政府",
            "budget_units": 2,          # 1 (本级) + 1
            "secondary_units": 1,
            "staff_quota": 20,          # 8 + 12
            "admin_quota": 8,
            "public_quota": 12,
            "self_hired": 2,
            "volunteers": 0,
            "purchased_posts": 3,
            "actual_staff": 24,
            "retired": 15,
            "duties": "（一）贯彻执行国家和省、市工业和信息化发展的方针政策，拟订全县工业和信息化发展规划并组织实施。\n"
                      "（二）监测分析全县工业经济运行态势，协调解决工业经济运行中的有关问题。\n"
                      "（三）负责中小企业和民营经济发展的综合协调，推进中小企业公共服务体系建设。\n"
                      "（四）推进企业技术改造和数字经济发展，统筹推进全县信息化工作。",
        },
        projects=[project1(), project2(), project3(), project4()],
        problems="一是项目2“工业企业技术改造奖补资金”执行率87%，2个技改项目因设备到货延迟未能在年内验收，"
                 "19.5万元奖补资金未拨付；二是部分绩效指标值设定偏保守，个别指标实际值与目标值接近，指标的挑战性不足。",
        measures="一是建立技改项目月调度机制，督促企业按期完成设备安装和验收，验收合格后及时兑现奖补；二是编制2024年"
                 "绩效目标时结合近三年实际完成情况科学设定指标值，加强绩效运行监控，确保预算执行进度和绩效目标同步实现。",
    )


def postprocess(path: Path) -> None:
    """What people do to the form after the template: synonyms in three headers, and the whole 项目3
    block moved down two rows and right one column under a file number and a note."""
    with Edit(path) as edit:
        edit.rename_labels(SHIFTED_SHEET, dict(SYNONYMS))
        edit.shift(SHIFTED_SHEET, rows=SHIFT_ROWS, cols=SHIFT_COLS, title_lines=TITLE_LINES)
