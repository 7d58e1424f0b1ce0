"""The seed: 共青城市工信局's real 2023 self-assessment report, transcribed faithfully into the template.

Source: ``shared/seeds/000_8032e8961368d080.txt`` (《共青城市工信局2023年全年度项目绩效监控自评报告》).
Every text below is copied character for character from the report (its doubled ``，，``, its
``(十)`` with half-width brackets, its ``; `` and its trailing blank included).  What the report does
not say stays empty; its contradictions stay in.  Each choice is explained in ``samples/README.md``
(section "Transcription note").
"""

from __future__ import annotations

import re
from decimal import Decimal

from perfcheck.template.blueprint import IndicatorSpec, ListRowSpec, ProjectSpec, WorkbookSpec

OUTPUT = "共青城市工信局2023.xlsx"

# --- the report's own lines (after their "1、"-style numbering) ---------------------------------------

# 第一部分 一、主要职责: the fifteen duties.
DUTIES = (
    '（一）贯彻执行国家、省、九江市、赣江新区工业和信息化发展战略、法律法规和政策，研究提出全市新型工业化发展战略，拟订全市工业和信息化发展的目标、规划和政策措施并组织实施，对有关执行情况进行监督检查。',
    '（二）协调解决新型工业化进程中的重大问题，在全市经济社会发展总体规划的框架内，提出优化产业布局、结构调整的政策建议，协调推进战略性新兴产业发展。',
    '（三）监测、分析全市工业经济运行态势，进行预测预警和信息引导；协调解决工业经济运行中的有关问题并提出政策建议；负责工业应急管理、产业安全和国防动员有关工作；负责工业产业政策的监督执行。',
    '（四）组织实施工业行业技术规范、标准、行业准入，推进行业技术基础、知识产权、质量品牌管理，协调行业发展中的重大问题；指导工业领域加强安全生产管理；负责盐业行政管理；负责农药生产的监督管理；协调烟草专营管理工作；负责国防和军工行业管理及军民融合产业推进，承担民爆器材、船舶行业的监督管理工作。',
    '（五）指导企业技术创新和技术改造，推进传统产业转型升级，指导引进重大技术装备的消化吸收再创新；组织推进企业创新体系建设和产学研相结合，指导协调企业技术创新公共服务平台建设；组织推进智能制造、绿色制造、制造业创新中心、工业强基、高端装备制造业等工程建设，指导推进科技创新、科技服务，提升工业设计等服务型制造业发展；组织实施有关科技重大专项，推进相关科研成果产业化。',
    '（六）负责提出工业和信息化固定资产投资规模和方向；指导和推动企业采用新技术和先进适用技术升级改造，建立工业和信息化项目库；按规定权限备案、审核全市工业和信息化固定资产投资项目（主要指技术改造投资项目），承担上级工业和信息化主管部门备案、核准和审批的投资项目的审核、申报工作。',
    '（七）承担全市工业节能管理和监察工作；拟订并组织实施工业的能源节约、资源综合利用、清洁生产促进有关管理办法和规定；参与拟订能源节约和资源综合利用、清洁生产促进规划和污染控制政策；组织协调相关重大示范工程和新产品、新技术、新设备、新材料的推广应用；负责全市工业领域规定权限内投资项目的节能评审工作；负责全市新型墙体材料、散装水泥和预拌混凝土、预拌砂浆的管理工作。',
    '（八）贯彻落实《中小企业促进法》等国家、省、九江市、赣江新区促进发展中小企业和非公有制经济的法律法规、方针政策；负责中小微企业和非公有制经济发展的综合指导协调并组织实施，拟订全市中小微企业和非公有制经济发展政策措施，监测、分析全市中小企业和非公经济运行态势，协调解决有关重大问题并提出政策建议;\xa0负责建立和完善中小微企业服务体系；负责中小企业成长工程和国家、省、九江市、赣江新区扶持中小企业发展专项资金项目的组织实施。',
    '（九）推进企业融资服务体系建设，提出意见建议；协调推进信用管理，配合有关部门指导融资性担保行业发展和搭建投融资平台；促进金融机构与企业建立合作机制，协调解决企业融资问题。',
    '(十)建立服务工业企业的工作体系，研究提出扶持重点工业企业发展的措施，协调优化工业企业生产经营环境; 指导企业管理创新，制定企业经营管理人员培训规划，组织实施企业（不含市国资委所监管企业）经营管理人员培训工作，加强企业家队伍建设。',
    '（十一）统筹推进全市信息化工作，组织制定相关政策并协调解决信息化建设中的重大问题；推进信息技术和互联网的普及应用，推进信息化和工业化融合；推进信息消费发展。',
    '（十二）按照规定权限，协调推进信息化基础设施建设；协调推进通信网、广播电视网和互联网“三网融合”发展；依法监督管理信息服务市场；负责全市信息产品制造业和软件业行业管理工作；会同有关部门促进全市通信和信息服务业的发展，推动信息技术应用；指导协调通信行业工作。',
    '（十三）承担相关信息安全管理的职责；负责协调信息安全及其保障体系建设；指导监督政府部门、重点行业的重要信息系统与基础信息网络的安全保障工作；协调处理网络与信息安全的重大事件。',
    '（十四）提出市工业和信息化发展专项基金的年度预算建议，会同有关部门提出市工业和信息化发展专项基金安排、使用的具体意见。',
    '（十五）负责上级对口部门用于全市工业和信息化财政性建设资金安排建议；负责国家、省、九江市、赣江新区工业和信息化领域产业专项扶持资金（基金）的申报和组织实施工作。',
)
# 第一部分 2、部门组织框架、人员及资产等基本情况: the source of every 单位概况 number below.
STAFF_PARAGRAPH = '共青城市工业和信息化局共有预算单位2个。包括局本级和2个所属二级预算单位，本级编制人数19人，其中行政编制5人，事业编制（含同岗同酬）14人；单位自聘人员2人；志愿者3人；政府购岗3人；实有人数27人；退休人数61人。二级单位共青城市纺织服装产业发展领导小组办公室，在编人员5人。'
# 第二部分 一、项目名称: the project list, in order.
LIST_ITEMS = (
    '一类-日常运行经费',
    '二类-工经联运行经费',
    '个人奖类人才专项',
    '五类-高质量发展考核奖励资金',
    '四-1类-政府购岗有员工作经费',
    '五类-传统产业优化升级工作经费',
    '二类-工业经济运行监测资金',
    '商务局分配-招商组团费用',
    '2022年存量资金-2019年度工业企业规模奖、工业经济运行、高度专项经费、企业升规组织工作经费、第二届共青城市羽绒服装周经费',
)
# 第二部分 三、项目资金构成: name and amount (万元).  Item 7 is named differently from the list.
FUNDS_ITEMS = (
    '一类-日常运行经费95万元',
    '二类-工经联运行经费9万元',
    '个人奖类人才专项160万元',
    '五类-高质量发展考核奖励资金870万元',
    '四-1类-政府购岗有员工作经费18万元',
    '五类-传统产业优化升级工作经费450万元',
    '二类-工业经济监测资金54万元',
    '商务局分配-招商组团费用15万元',
    '2022年存量资金-2019年度工业企业规模奖、工业经济运行、高度专项经费、企业升规组织工作经费、第二届共青城市羽绒服装周经费66.482万元',
)
# 第二部分 四、项目支出指标情况: (二级 heading, the one description given for the whole unit).
INDICATOR_TEXTS = (
    ('数量指标', '1-9月主营业务收入165.1亿元，同比-43.5%，利润总额12.9亿元，同比-58.5%.1-9月，工业税收2.69亿元，增幅排名列九江前列。紧抓工业企业升规工作，积极开展临规企业摸排，共摸排工业企业500余户，梳理出重点跟踪企业40余家，其中中汇达科技5月份成功升规，今年我市新增入库工业规上企业19户，列九江前列。'),
    ('质量指标', '按时按量拨付各个项目的运行经费，按要求支付各项支出。'),
    ('时效指标', '按省、市要求，，一是完成了深入推进数字经济“一号发展工程”，省数字经济重点项目完成投资率150%。二是做好企业培优扶强，提升企业核心竞争力。三是按时间节点完成市委、市政府交办的各项工作。'),
    ('成本指标', '所有项目成本均未超预算。'),
    ('经济效益指标', '这些项目不会带来经济效益。'),
    ('社会效益指标', '带动引领整个传统产业向高端化、智能化、信息化方向迈进，推动工业高质量发展。'),
    ('生态效益指标', '这些项目不会对当地环境带来影响。'),
    ('可持续影响指标', '使共青的各项经济指标在全市的排名靠前。'),
    ('服务对象满意度指标', '服务对象都满意。'),
)
# 第二部分 五、项目资金绩效自评得分: the nine scored entries, names verbatim.
SCORE_ITEMS = (
    '个人奖类人才专项费监控（满分100分）得100分',
    '二类-工经联运行经费监控（满分100分）得100分',
    '个人奖类人才专项（满分100分）得100分',
    '五类-高质量发展考核奖励资金（满分100分）得100分',
    '四-1类-政府购岗有员工作经费监控（满分100分）得100分',
    '五类-传统产业优化升级工作经费（满分100分）得100分',
    '五类-二类-工业经济监测资金（满分100分）得100分',
    '商务局分配-招商组团费用（满分100分）得100分',
    '2022年存量资金-2019年度工业企业规模奖、工业经济运行、高度专项经费、企业升规组织工作经费、第二届共青城市羽绒服装周经费（满分100分）得100分',
)
# 第三部分 项目存在的问题 / 第四部分 下一步工作措施 (the trailing blank is the report's).
PROBLEMS = '大部分项目都已按要求及时完成拨付，但也存在部分项目未完成预算的情况，主要原因：是部分专项资金下半年支出。'
MEASURES = '健全完善工作机制，实现长效管理积极行动，项目预算成本控制得当，并都保持按时按要求完成。 '


# 第二部分 四、项目支出指标情况: the 二级 heading of each description → its 一级 (the closed set).
LEVEL1_OF = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标",
}

# 第二部分 五、项目资金绩效自评得分 → the list project (index into LIST_ITEMS) whose 资金构成 amount the
# form carries.  None: no plain correspondence.  See README: the first entry names 个人奖类人才专项 (the
# same project as the third entry), so both carry its 160 万元; no entry names 一类-日常运行经费.
FORM_TO_LIST: tuple[int | None, ...] = (2, 1, 2, 3, 4, 5, 6, 7, 8)

_SCORE = re.compile(r"^(?P<name>.+)（满分(?P<weight>\d+)分）得(?P<score>\d+)分$")
_AMOUNT = re.compile(r"^(?P<name>.+?)(?P<amount>\d+(?:\.\d+)?)万元$")


def _amount(text: str) -> tuple[str, Decimal]:
    m = _AMOUNT.match(text)
    assert m is not None, text
    return m["name"], Decimal(m["amount"])


def _score(text: str) -> tuple[str, int, int]:
    m = _SCORE.match(text)
    assert m is not None, text
    return m["name"], int(m["weight"]), int(m["score"])


def _indicators() -> list[IndicatorSpec]:
    """One row per 二级 description: 一级 and 二级 named, 实际完成值 the report's words, the rest empty."""
    return [IndicatorSpec(level1=LEVEL1_OF[level2], level2=level2, actual=text)
            for level2, text in INDICATOR_TEXTS]


def spec() -> WorkbookSpec:
    budgets = [_amount(x)[1] for x in FUNDS_ITEMS]
    projects: list[ProjectSpec] = []
    for i, (item, list_index) in enumerate(zip(SCORE_ITEMS, FORM_TO_LIST, strict=True), start=1):
        name, weight, score = _score(item)
        projects.append(ProjectSpec(
            sheet=f"项目{i}",
            name=name,
            # 年度资金总额 · 全年预算数: the 资金构成 amount, typed over the template's SUM (the report
            # gives no breakdown into 当年财政拨款 / 上年结转 / 其他, no 年初预算数, no 全年执行数).  The
            # other computed cells keep the template's formulas, which show blank on empty inputs.
            total_budget=budgets[list_index] if list_index is not None else None,
            indicators=_indicators(),
            total_weight=weight,
            total_score=score,
            grade=None,
        ))
    return WorkbookSpec(
        year=2023,
        unit={
            "unit_name": "共青城市工业和信息化局",
            "year": 2023,
            "budget_units": 2,          # 共有预算单位2个 ...
            "secondary_units": 2,       # ... 包括局本级和2个所属二级预算单位 (kept: the report contradicts itself)
            "staff_quota": 19,
            "admin_quota": 5,
            "public_quota": 14,         # 事业编制（含同岗同酬）14人
            "self_hired": 2,
            "volunteers": 3,
            "purchased_posts": 3,
            "actual_staff": 27,
            "retired": 61,
            "duties": "\n".join(DUTIES),
        },
        projects=projects,
        list_rows=[ListRowSpec(name=name, budget=amount)
                   for name, amount in zip(LIST_ITEMS, budgets, strict=True)],
        problems=PROBLEMS,
        measures=MEASURES,
    )
