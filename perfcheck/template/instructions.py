"""The text of the 填表说明 sheet: how to fill each field, in Chinese with English glosses."""

from __future__ import annotations

from decimal import Decimal

from perfcheck import fmt
from perfcheck.config import Config
from perfcheck.layout import QUAL_GRADES


def _n(x: Decimal | int | float) -> str:
    """A number of the rules file as the sheet says it: 90, 75.5 (never 75.00)."""
    return fmt.number(x)


def instruction_items(config: Config | None = None) -> list[tuple[str, str]]:
    """(heading, text) pairs, in the order the sheet shows them."""
    c = config or Config()
    w, g, ex = c.weights, c.grades, c.execution
    reason_pct = _n(ex.reason_below * 100)
    ex_w = _n(w.execution)
    return [
        ("用途\nPurpose",
         "本工作簿用于填报项目支出绩效自评表（财预〔2020〕10号附件）：单位概况、项目汇总、每个项目一张自评表（项目1、项目2…）、"
         "问题与措施。工作表可改名为项目简称；需要更多项目时复制一张项目表，并在项目汇总表中增加一行。\n"
         "One workbook per unit and year: unit facts, the project list, one form per project, problems and "
         "next steps. Copy a form sheet for another project and add its row to 项目汇总."),
        ("颜色\nColours",
         "浅黄色单元格为填写区；灰色为标签；白色为自动计算（公式），请勿改写。工作表已保护但无密码，"
         "确需修改时可在“审阅→撤消工作表保护”中解除。\n"
         "Light-yellow cells are inputs; grey cells are labels; white cells are formulas. Sheets are protected "
         "without a password (Review → Unprotect Sheet)."),
        ("金额\nAmounts",
         "金额单位为万元，只填数字（可保留至4位小数，即到元），不要填写“万元”“元”等单位；无此项资金留空。\n"
         "Amounts in 万元 (10,000 yuan), numbers only, up to 4 decimals; leave a cell empty when there is none."),
        ("项目资金\nFunds",
         "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（自动合计）。全年预算数即调整后预算数。\n"
         "Total = current-year appropriation + carry-over + other funds (computed). 全年预算数 is the adjusted budget."),
        ("执行率与得分\nRate and score",
         f"执行率 = 全年执行数 ÷ 全年预算数（自动计算）。预算执行率分值 {ex_w} 分，得分 = 分值 × min(执行率, 100%)，"
         f"保留两位小数（资金表 I 列“得分”，自动计算）。执行率低于 {reason_pct}% 时，须在 J 列“偏差原因”中说明原因和改进措施。\n"
         f"Rate = spent ÷ annual budget. The execution score is {ex_w} × min(rate, 100%), 2 decimals (column I). "
         f"Below {reason_pct}% explain the reason in column J."),
        ("年度总体目标\nOverall goal",
         "左栏填年初设定的预期目标，右栏填实际完成情况，两者不要照抄。\n"
         "Expected goal on the left, what was actually achieved on the right; do not copy one into the other."),
        ("绩效指标\nIndicators",
         "一级、二级指标从下拉列表选择（二级随一级变化，见下表）；三级指标填具体指标名称。"
         f"分值原则上：产出指标 {_n(w.output)} 分，效益指标 {_n(w.outcome)} 分，满意度指标 {_n(w.satisfaction)} 分，"
         f"加预算执行率 {ex_w} 分，合计 100 分。\n"
         "Pick 一级/二级 from the drop-downs (二级 follows 一级, see the table below); name each 三级 indicator. "
         "Points: output 50, outcome 30, satisfaction 10, plus 10 for the execution rate = 100."),
        ("年度指标值\nTarget",
         "写明方向、数值和单位，如 ≥50个、≤90万元、≥90%、=100%、2023年12月31日前；避免“效果明显”“有所提高”等无法衡量的表述。"
         "满意度指标一般写为 ≥90% 等比例。\n"
         "Operator, number and unit, e.g. ≥50个, ≤90万元, ≥90%, 2023年12月31日前; no vague wording. "
         "Satisfaction targets are percentages."),
        ("实际完成值\nActual value",
         f"填写与指标值同单位的实际数值或日期；定性指标从下拉列表选择三档之一：{QUAL_GRADES[0]}、{QUAL_GRADES[1]}、"
         f"{QUAL_GRADES[2]}（也可直接输入数值）。\n"
         "The actual number or date in the target's unit, or one of the three qualitative grades offered by the "
         "drop-down (numbers may be typed too)."),
        ("得分\nScore",
         "正向指标（≥、不少于）：完成即得满分，否则 分值 × 实际值 ÷ 指标值；反向指标（≤、不超过）：未超出得满分，"
         "超出按比例扣减；定性指标：达成 80%–100%，部分达成 60%–80%，未达成 0–60% 的分值。得分不得超过分值。\n"
         "Positive targets: full points when met, else points × actual ÷ target; reverse targets: full when not "
         "exceeded, reduced in proportion otherwise; qualitative: 80–100%, 60–80%, 0–60% of the points."),
        ("偏差原因\nDeviation",
         "得分低于分值、未完成指标值、或实际值超过指标值 30% 以上时，须填写“偏差原因分析及改进措施”，写明原因和下一步措施，"
         "不要只写“无”“已完成”。\n"
         "Required when the score is below the points, the target is missed, or the actual exceeds the target by "
         "30% or more: name the cause and the measure."),
        ("总分与等级\nTotal and grade",
         f"总分 = 预算执行率得分 + 各三级指标得分之和（自动计算）。自评等级自动判定：优 ≥{_n(g.excellent)} 分；"
         f"良 {_n(g.good)}–{_n(g.excellent)} 分（不含{_n(g.excellent)}）；中 {_n(g.fair)}–{_n(g.good)} 分"
         f"（不含{_n(g.good)}）；差 <{_n(g.fair)} 分。\n"
         f"Total = execution score + the indicator scores (computed). Grade: 优 ≥{_n(g.excellent)}, "
         f"良 {_n(g.good)}–{_n(g.excellent)}, 中 {_n(g.fair)}–{_n(g.good)}, 差 <{_n(g.fair)}."),
        ("增加指标行\nMore indicator rows",
         "选中指标区中的某一指标行（不要选“总分”行），右键“插入”整行：新行插在所选行上方，总分公式的求和范围会自动扩大。"
         "若在“总分”行上方紧邻处插入，新行不在求和范围内。不适用的指标行请删除或留空，并把分值调整到其他指标。\n"
         "Select an indicator row (not the 总分 row) and insert a row: it goes above the selection, inside the "
         "grid, so the total's SUM range grows. Rows inserted directly above 总分 are outside the range. Delete "
         "rows that do not apply and move their points."),
    ]
