"""The typical mistakes a reviewer meets, one or two of each: ``samples/bad/典型错误.xlsx``.

Everything not listed as a defect is consistent (worked out per ``shared/spec/rules.md``), so that
each finding in ``典型错误.expect.yaml`` traces back to one deliberate mistake.  The defects:

单位概况   编制人数 30 while 行政编制 12 + 事业编制 16 = 28.
项目汇总   项目3's 全年执行数 stated 48 while its form says 46 (a row not matching its form);
           合计 全年预算数 stated 575 while the rows add up to 565.
项目1      年度资金总额 · 年初预算数 stated 90 while 70 + 15 = 85 (a total not adding up);
           自评等级 优 while 总分 is 88 (should be 良).
项目2      执行率 computed on 年初预算数: 282 / 300 = 94% stated, 282 / 360 = 78.33% is right; its
           预算执行率得分 9.4 (right: 7.83); 执行率 < 90% and no 偏差原因 (missing reason).
项目3      under-spent (46 of 50 = 92%) with the full 预算执行率得分 10 (right: 9.2);
           two 三级 indicators named 培训农民人次 (the second was meant to be 培训班期数); that second
           one is only partly met (18 of 20 期, score 9 = 10 × 0.9, right) with no 偏差原因.
项目4      强制免疫 target ≥50万头 missed (46万头) with the full score 20 (right: 18.4);
           免疫抗体合格率 scored 12 of 10 points; 成本指标 written as ≥55万元; a vague target
           (有效提升); a 满意度 target that is not a percentage (服务对象都满意); 总分 stated 95
           while its scores add up to 97.
"""

from __future__ import annotations

from perfcheck.template.blueprint import (
    FundsRowSpec,
    IndicatorSpec,
    ListRowSpec,
    ProjectSpec,
    Raw,
    WorkbookSpec,
)

OUTPUT = "bad/典型错误.xlsx"
EXPECT = "bad/典型错误.expect.yaml"

UNIT = "示例县农业农村局"
OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"


def ind(level1: str, level2: str, name: str, target: Raw, actual: Raw, weight: Raw, score: Raw,
        reason: Raw = None) -> IndicatorSpec:
    return IndicatorSpec(level1=level1, level2=level2, name=name, target=target, actual=actual,
                         weight=weight, score=score, reason=reason)


def project1() -> ProjectSpec:
    # Lines: 年初 70 + 15 = 85 (stated 90: DEFECT), 全年 80 + 15 = 95, 执行 80 + 15 = 95; 执行率 100%, 得分 10.
    # Indicators 14 + 8 + 10 + 10 + 16 + 10 + 10 = 78; 总分 88 → 良 (stated 优: DEFECT).
    return ProjectSpec(
        sheet="项目1",
        name="农村人居环境整治专项",
        department=UNIT,
        implementer=UNIT,
        category="专项业务类",
        fiscal=FundsRowSpec(70, 80, 80),
        carryover=FundsRowSpec(15, 15, 15),
        total_initial=90,
        goal_expected="完成1000户农村卫生厕所改造，开展40个村庄清洁行动，生活垃圾无害化处理率达到90%以上。",
        goal_actual="完成改厕700户，32个村庄开展清洁行动，生活垃圾无害化处理率92%；剩余改厕任务纳入2024年计划。",
        indicators=[
            ind(OUT, "数量指标", "改厕户数", "≥1000户", "700户", 20, 14,
                "部分村组改厕施工受雨季影响延期，剩余300户已纳入2024年计划；下一步将加强施工调度，确保按期完成。"),
            ind(OUT, "质量指标", "改厕验收合格率", "≥95%", "76%", 10, 8,
                "部分施工队伍技术不规范导致返工，下一步将加强施工培训和过程监管，严格逐户验收。"),
            ind(OUT, "时效指标", "项目完工时间", "2023年12月31日前", "2023年12月28日", 10, 10),
            ind(OUT, "成本指标", "户均改厕补助", "≤0.1万元", "0.09万元", 10, 10),
            ind(BEN, "社会效益指标", "村庄清洁行动覆盖村数", "≥40个", "32个", 20, 16,
                "8个村因人员调整未按期启动清洁行动，下一步将压实乡镇责任，将清洁行动纳入季度考核。"),
            ind(BEN, "生态效益指标", "生活垃圾无害化处理率", "≥90%", "92%", 10, 10),
            ind(SAT, "服务对象满意度指标", "农户满意度", "≥90%", "91%", 10, 10),
        ],
        grade="优",
    )


def project2() -> ProjectSpec:
    # 执行率 282 / 360 = 78.33% (stated 94% = 282 / 300, the 年初预算数: DEFECT), 得分 7.83 (stated 9.4:
    # DEFECT); < 90% and no 偏差原因 (DEFECT).  Indicators all met, 90 points.
    return ProjectSpec(
        sheet="项目2",
        name="高标准农田建设项目",
        department=UNIT,
        implementer="示例县农田建设服务中心",
        category="专项业务类",
        fiscal=FundsRowSpec(300, 360, 282),
        rate=0.94,
        exec_score=9.4,
        goal_expected="新建高标准农田1.2万亩，工程验收合格率100%，亩均粮食增产50公斤以上。",
        goal_actual="新建高标准农田1.25万亩并通过验收，亩均粮食增产55公斤；部分工程款待决算审计后支付。",
        indicators=[
            ind(OUT, "数量指标", "新建高标准农田面积", "≥1.2万亩", "1.25万亩", 20, 20),
            ind(OUT, "质量指标", "工程验收合格率", "=100%", "100%", 10, 10),
            ind(OUT, "时效指标", "工程完工时间", "2023年11月30日前", "2023年11月20日", 10, 10),
            ind(OUT, "成本指标", "亩均建设成本", "≤0.3万元", "0.28万元", 10, 10),
            ind(BEN, "经济效益指标", "亩均粮食增产", "≥50公斤", "55公斤", 15, 15),
            ind(BEN, "可持续影响指标", "工程设计使用年限", "≥15年", "15年", 15, 15),
            ind(SAT, "服务对象满意度指标", "受益农户满意度", "≥90%", "93%", 10, 10),
        ],
    )


def project3() -> ProjectSpec:
    # 执行率 46 / 50 = 92%, 得分 9.2 (stated 10: DEFECT).  Duplicate 三级 name (DEFECT); the second is
    # partly met, 18 / 20 → 10 × 0.9 = 9 (right) but has no 偏差原因 (DEFECT).  Indicators 89.
    return ProjectSpec(
        sheet="项目3",
        name="农业技术推广培训",
        department=UNIT,
        implementer="示例县农业技术推广中心",
        category="专项业务类",
        fiscal=FundsRowSpec(50, 50, 46),
        exec_score=10,
        exec_reason="培训场地由乡镇免费提供，节约场租4万元，结余资金已按规定收回财政；下一步将据实编制培训预算。",
        goal_expected="举办农民技术培训20期、培训2000人次，参训农民技术应用率80%以上，培育高素质农民150人。",
        goal_actual="举办培训18期、培训2150人次，参训农民技术应用率85%，培育高素质农民160人。",
        indicators=[
            ind(OUT, "数量指标", "培训农民人次", "≥2000人次", "2150人次", 15, 15),
            ind(OUT, "数量指标", "培训农民人次", "≥20期", "18期", 10, 9),
            ind(OUT, "质量指标", "培训考核合格率", "≥90%", "95%", 10, 10),
            ind(OUT, "时效指标", "培训完成时间", "2023年10月31日前", "2023年10月20日", 5, 5),
            ind(OUT, "成本指标", "人均培训成本", "≤0.02万元", "0.019万元", 10, 10),
            ind(BEN, "社会效益指标", "参训农民技术应用率", "≥80%", "85%", 15, 15),
            ind(BEN, "可持续影响指标", "培育高素质农民", "≥150人", "160人", 15, 15),
            ind(SAT, "服务对象满意度指标", "参训农民满意度", "≥90%", "96%", 10, 10),
        ],
    )


def project4() -> ProjectSpec:
    # 执行率 100%, 得分 10.  Stated scores 20 + 12 + 10 + 10 + 16 + 10 + 9 = 87, 总分 97 (stated 95: DEFECT).
    return ProjectSpec(
        sheet="项目4",
        name="动物疫病防控物资采购",
        department=UNIT,
        implementer="示例县动物疫病预防控制中心",
        category="专项业务类",
        fiscal=FundsRowSpec(60, 60, 60),
        goal_expected="采购春秋两季强制免疫疫苗和防控物资，完成50万头（只）畜禽强制免疫，免疫抗体合格率70%以上。",
        goal_actual="采购疫苗和防控物资60万元，完成强制免疫46万头（只），免疫抗体合格率80%，全年未发生区域性重大动物疫情。",
        indicators=[
            ind(OUT, "数量指标", "强制免疫畜禽数量", "≥50万头", "46万头", 20, 20,
                "部分养殖场存栏下降，应免畜禽数量减少；下一步将加强存栏摸底，精准核定免疫数量。"),
            ind(OUT, "质量指标", "免疫抗体合格率", "≥70%", "80%", 10, 12),
            ind(OUT, "时效指标", "集中免疫完成时间", "2023年11月30日前", "2023年11月25日", 10, 10),
            ind(OUT, "成本指标", "疫苗采购成本", "≥55万元", "56万元", 10, 10),
            ind(BEN, "社会效益指标", "重大动物疫病防控能力", "有效提升", "达成年度指标", 20, 16,
                "基层村级防疫员配备不足，个别乡镇免疫档案不完整，酌情扣分；下一步将充实村级防疫员队伍并规范免疫档案。"),
            ind(BEN, "生态效益指标", "病死畜禽无害化处理率", "=100%", "100%", 10, 10),
            ind(SAT, "服务对象满意度指标", "养殖户满意度", "服务对象都满意", "达成年度指标", 10, 9,
                "未开展问卷调查，满意度依据日常走访情况判断，酌情扣分；下一步将委托第三方开展满意度调查。"),
        ],
        total_score=95,
    )


def spec() -> WorkbookSpec:
    # 项目汇总 as the person typed it, copied from each form's stated figures, except 项目3's 全年执行数
    # (48 for 46: DEFECT) and the 合计 全年预算数 (575 for 95 + 360 + 50 + 60 = 565: DEFECT).
    rows = [
        ListRowSpec("农村人居环境整治专项", "专项业务类", 90, 95, 95, 1, 88, "优"),
        ListRowSpec("高标准农田建设项目", "专项业务类", 300, 360, 282, 0.94, 99.4, "优"),
        ListRowSpec("农业技术推广培训", "专项业务类", 50, 50, 48, 0.92, 99, "优"),
        ListRowSpec("动物疫病防控物资采购", "专项业务类", 60, 60, 60, 1, 95, "优"),
    ]
    return WorkbookSpec(
        year=2023,
        unit={
            "unit_name": UNIT,
            "year": 2023,
            "department": "示例县人民政府",
            "budget_units": 3,          # 1 (本级) + 2
            "secondary_units": 2,
            "staff_quota": 30,          # DEFECT: 12 + 16 = 28
            "admin_quota": 12,
            "public_quota": 16,
            "self_hired": 3,
            "volunteers": 0,
            "purchased_posts": 2,
            "actual_staff": 29,
            "retired": 22,
            "duties": "（一）贯彻落实党中央关于“三农”工作的方针政策，统筹推进全县乡村振兴。\n"
                      "（二）负责种植业、畜牧业、农田建设和农业技术推广等行业管理。\n"
                      "（三）负责动物疫病防控和农村人居环境整治的组织实施。",
        },
        projects=[project1(), project2(), project3(), project4()],
        list_rows=rows,
        list_total={"initial": 500, "budget": 575, "spent": 485, "rate": 0.86},
        problems="一是高标准农田建设项目部分工程款待决算审计后支付，预算执行率偏低；二是农村改厕受雨季影响未完成年度任务；"
                 "三是部分指标值设定不够细化量化。",
        measures="一是加快工程决算审计，督促按合同进度支付；二是加强改厕施工调度和质量监管；三是按照细化量化的要求修订"
                 "2024年绩效目标，满意度指标通过问卷调查取得。",
    )
