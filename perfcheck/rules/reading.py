"""Rules family: reading (PC0xx).  Emitted by the reader (``perfcheck.reader``), not by check functions.

Whatever the reader cannot read becomes one of these hits, pointing at the cell concerned; a file
that cannot be opened at all is not a finding but an unreadable input (``errors.InputError``).

The ``Okay:`` / ``PCxxx:`` lines of each rule's "示例 Example" section are edits of a real workbook,
run by the tests (perfcheck/examples/notation.py documents the notation in full): a consistent
one-project workbook is written, the line's steps (``;``-separated) are applied with openpyxl, and
the saved file is read.  A step sets a cell, ``项目1!E7 = "约八十万"`` (quoted: text; ``80``, ``-15``:
numbers; ``True``; ``None`` empties; ``2023-12-15``: a date; ``#DIV/0!``: an error value; ``… as
"yyyy-mm-dd"`` adds a number format), writes a formula, ``formula 项目1!E6 = "=SUM(E7:E9)"``
(saved without a result, unless ``cached 95`` gives one), or changes sheets: ``drop 单位概况,
项目汇总``, ``add 草稿``, ``copy 项目汇总 -> 项目汇总 (2)``, ``rename 项目1 -> 专项经费``.  An ``Okay:``
line must not give the rule's code, a ``PCxxx:`` line must give PCxxx.
"""

from __future__ import annotations

from perfcheck.codes import (
    AMOUNT_IN_YUAN,
    DATE_AS_NUMBER,
    DUPLICATE_SHEET,
    FORM_LABEL_MISSING,
    FORMULA_ERROR,
    NEGATIVE_AMOUNT,
    NO_PROJECT_FORM,
    NOT_A_NUMBER,
    NUMBER_AS_DATE,
    SHEET_IGNORED,
    SHEET_LABEL_MISSING,
    SHEET_MISSING,
    UNCACHED_FORMULAS,
)
from perfcheck.model import Severity
from perfcheck.rules.base import Rule, register


def _doc(what: str, why: str, example: str, options: str = "无。None.") -> str:
    return (f"## 检查内容 What it does\n{what}\n\n## 为什么 Why it matters\n{why}\n\n"
            f"## 示例 Example\n{example}\n\n## 配置 Options\n{options}")


_SEVERITY_ONLY = "仅严重程度可在 [severity] 中调整。Only the severity can be changed, under [severity]."

register(Rule(
    code=NOT_A_NUMBER, slug="not-a-number", severity=Severity.ERROR, family="reading",
    message={"zh": "「{field}」应为数字，实际为「{found}」",
             "en": "{field}: expected a number, found \"{found}\""},
    summary={"zh": "应填数字的单元格无法读成数字", "en": "A cell that should hold a number cannot be read as one"},
    doc=_doc(
        "金额、执行率、分值、得分、人数等单元格应为数字（可带万元、%、分、人等单位，或全角数字、千分位逗号）。"
        "文字（如「约95万」「九十五」）、TRUE/FALSE、NaN 等无法读成数字时报告本项，该值按缺失处理。\n"
        "Amounts, rates, points, scores and head counts must be numbers (a unit such as 万元, %, 分 or 人, "
        "full-width digits and thousands separators are accepted).  Text such as 约95万, a TRUE/FALSE value "
        "or NaN cannot be read: the cell is reported and treated as having no value.",
        "读不出的数字无法参与合计、执行率和得分的复核，相关检查只能跳过。\n"
        "A number that cannot be read cannot be added up or checked: the checks that need it are skipped.",
        "项目1!E7 是当年财政拨款的全年预算数（80），H13 是第一项指标的得分，单位概况!B7 是编制人数。\n"
        "项目1!E7 is the annual budget of the current-year appropriation (80), H13 the first "
        "indicator's score, 单位概况!B7 the authorised staff.\n"
        "Okay:  项目1!E7 = 80.00\n"
        'Okay:  项目1!E7 = "80万元"\n'
        'Okay:  项目1!E7 = "８０.００"\n'
        'Okay:  项目1!E7 = "1,234.5"\n'
        'Okay:  单位概况!B7 = "20人"\n'
        'PC001: 项目1!E7 = "约八十万"\n'
        'PC001: 项目1!E7 = "NaN"\n'
        "PC001: 项目1!H13 = True\n"
        'PC001: 单位概况!B7 = "二十人"',
        _SEVERITY_ONLY),
))

register(Rule(
    code=FORMULA_ERROR, slug="formula-error", severity=Severity.ERROR, family="reading",
    message={"zh": "「{field}」为公式错误值「{found}」，应为可计算的结果",
             "en": "{field} holds the formula error {found}; expected a computed value"},
    summary={"zh": "单元格为 Excel 错误值（#DIV/0!、#REF! 等）", "en": "A cell holds an Excel error value (#DIV/0!, #REF! ...)"},
    doc=_doc(
        "单元格保存的是公式错误值 #DIV/0!、#REF!、#VALUE!、#N/A、#NAME? 等（公式算出的，或直接键入的）。\n"
        "The cell holds an Excel error value such as #DIV/0!, #REF!, #VALUE!, #N/A or #NAME? (computed or typed).",
        "错误值通常说明公式引用了空单元格、被删除的行或别的工作表；表上的结果因此不可信。\n"
        "An error value usually means the formula refers to an empty cell, a deleted row or another sheet; "
        "the stated result cannot be trusted.",
        "项目1!H6 是年度资金总额的执行率，E6 是其全年预算数；项目汇总!H4 是项目1 的自评得分。\n"
        "项目1!H6 is the execution rate of the total funds, E6 their annual budget; 项目汇总!H4 is "
        "项目1's score.\n"
        'Okay:  formula 项目1!H6 = "=F6/E6" cached 1\n'
        'Okay:  项目1!H6 = "100%"\n'
        "PC002: 项目1!H6 = #DIV/0!\n"
        'PC002: formula 项目1!H6 = "=F6/0" cached #DIV/0!\n'
        "PC002: 项目汇总!H4 = #REF!",
        _SEVERITY_ONLY),
))

register(Rule(
    code=NEGATIVE_AMOUNT, slug="negative-amount", severity=Severity.ERROR, family="reading",
    message={"zh": "「{field}」应为非负金额，实际为「{found}」",
             "en": "{field}: expected an amount of zero or more, found \"{found}\""},
    summary={"zh": "金额为负数", "en": "A negative amount"},
    doc=_doc(
        "预算数、执行数等金额单元格为负数。\nA budget or spending amount is negative.",
        "预算和支出不会为负；负数多为录入错误或误用了减号，会使合计和执行率失真。\n"
        "Budgets and spending are never negative; a minus sign is a typing slip that distorts totals and rates.",
        "项目1!F8 是上年结转资金的全年执行数（15），项目汇总!F4 是项目1 的全年执行数。\n"
        "项目1!F8 is the amount spent of the carry-over (15); 项目汇总!F4 is 项目1's amount spent.\n"
        "Okay:  项目1!F8 = 0\n"
        "PC003: 项目1!F8 = -15\n"
        'PC003: 项目1!F8 = "-15万元"\n'
        "PC003: 项目汇总!F4 = -95",
        _SEVERITY_ONLY),
))

register(Rule(
    code=AMOUNT_IN_YUAN, slug="amount-in-yuan", severity=Severity.WARNING, family="reading",
    message={"zh": "「{field}」应以万元填写，「{found}」看似以元填写",
             "en": "{field} should be in 万元 (10,000 yuan); \"{found}\" looks like yuan"},
    summary={"zh": "金额看似以元填入万元表", "en": "An amount looks like yuan in a form kept in 万元"},
    doc=_doc(
        "自评表的金额单位是万元。单元格带「元」字（如「950000元」），或数值达到 100000 万元（10 亿元）及以上时报告。"
        "数值按原样读取，不做换算。\n"
        "The form's amounts are in 万元.  Reported when a cell says 元 (950000元) or holds 100,000 万元 "
        "(1 billion yuan) or more.  The value is read as typed, not converted.",
        "以元填入万元表会使金额放大一万倍，合计与汇总表都会随之出错。\n"
        "Yuan typed into a 万元 form is 10,000 times too large, and every total built on it is wrong.",
        "项目1!D7、E7 是当年财政拨款的年初预算数和全年预算数（80），项目汇总!E5 "
        "是合计行的全年预算数（合计不按阈值检查）。\n"
        "项目1!D7 and E7 are the current-year appropriation's initial and annual budget (80); "
        "项目汇总!E5 is the 合计 row's budget (a total is not held to the threshold).\n"
        'Okay:  项目1!E7 = "80万元"\n'
        "Okay:  项目1!D7 = 99999.99\n"
        "Okay:  项目汇总!E5 = 100000\n"
        'PC004: 项目1!E7 = "800000元"\n'
        'PC004: 项目1!E8 = "15元"\n'
        "PC004: 项目1!D7 = 100000\n"
        'PC004: 项目汇总!E4 = "950000元"',
        "阈值 100000 万元为常量 YUAN_THRESHOLD；严重程度可在 [severity] 中调整。\n"
        "The threshold (100,000 万元) is the constant YUAN_THRESHOLD; the severity can be changed under [severity]."),
))

register(Rule(
    code=FORM_LABEL_MISSING, slug="form-label-missing", severity=Severity.ERROR, family="reading",
    message={"zh": "项目自评表缺少「{label}」，依赖它的检查已跳过",
             "en": "The project form has no \"{label}\"; the checks that need it were skipped"},
    summary={"zh": "项目自评表缺少必需的栏目", "en": "A project form lacks a required label"},
    doc=_doc(
        "在项目自评表中按标签（及其同义写法）查找各栏目：项目名称、主管部门、实施单位、年度、资金表头（全年预算数、"
        "全年执行数、执行率、得分）、年度资金总额、年度总体目标（预期目标、实际完成情况）、指标表头（一级/二级/三级指标、"
        "年度指标值、实际完成值、分值、得分、偏差原因分析及改进措施）、总分。找不到的逐项报告，指向工作表首格"
        "（或最近的位置）。年初预算数和自评等级不是必需的：有些省的表没有这一列或这一行（forms.md §5）。\n"
        "Every block of a form is located by its labels and their synonyms.  Each label that cannot be found is "
        "reported, at the sheet's first cell (or the nearest place).  年初预算数 and 自评等级 are not required: "
        "some provinces' forms have no such column or row (forms.md §5).",
        "缺少栏目的表无法完整复核，相关检查会被跳过，结论可能不完整。\n"
        "Without the label the block cannot be read, so its checks are skipped and the result is incomplete.",
        "项目1!A3 是「项目名称」，E5 是资金表头的「全年预算数」，D12 是指标表头的「三级指标」，A20 "
        "是「自评等级」。\n"
        "项目1!A3 is the label 项目名称, E5 the funds header 全年预算数, D12 the indicator header "
        "三级指标, A20 the label 自评等级.\n"
        'Okay:  项目1!D12 = "指标名称"\n'
        'Okay:  项目1!E5 = "调整后预算数"\n'
        "PC005: 项目1!D12 = None\n"
        "PC005: 项目1!E5 = None\n"
        "PC005: 项目1!A3 = None\n"
        "Okay:  项目1!A20 = None",
        _SEVERITY_ONLY),
))

register(Rule(
    code=NO_PROJECT_FORM, slug="no-project-form", severity=Severity.ERROR, family="reading",
    message={"zh": "工作簿中未找到项目支出绩效自评表（共 {sheets} 个工作表）",
             "en": "No project expenditure performance self-assessment form found ({sheets} sheets)"},
    summary={"zh": "工作簿中没有项目自评表", "en": "The workbook holds no project form"},
    doc=_doc(
        "没有任何工作表在前几行有标题「项目支出绩效自评表」，也没有带「项目名称」并带「绩效指标」标签或指标表头"
        "（一级指标、三级指标）的工作表。\n"
        "No sheet has the title 项目支出绩效自评表 in its first rows, nor the label 项目名称 together with the "
        "label 绩效指标 or an indicator header (一级指标, 三级指标).",
        "没有项目表就无从复核，多半是交错了文件或改掉了表头。\n"
        "Without a form there is nothing to check: usually the wrong file, or the headings were changed.",
        "表名无关紧要：项目表按 A1 的标题或 A3「项目名称」等标签识别。\n"
        "The sheet's name does not matter: a form is found by its title (A1) or its labels "
        "(项目名称 in A3 ...).\n"
        "Okay:  rename 项目1 -> 专项经费\n"
        "Okay:  rename 项目1 -> 专项经费; 专项经费!A1 = None\n"
        "PC006: drop 项目1\n"
        "PC006: rename 项目1 -> 专项经费; 专项经费!A1 = None; 专项经费!A3 = None",
        _SEVERITY_ONLY),
))

register(Rule(
    code=SHEET_MISSING, slug="workbook-sheet-missing", severity=Severity.WARNING, family="reading",
    message={"zh": "缺少「{sheet}」工作表，依赖它的检查已跳过",
             "en": "No \"{sheet}\" sheet; the checks that need it were skipped"},
    summary={"zh": "缺少单位概况、项目汇总或问题与措施工作表", "en": "A workbook-level sheet is missing"},
    doc=_doc(
        "工作簿没有「单位概况」「项目汇总」或「问题与措施」工作表（按表名或其标签识别）。只含项目表的工作簿是有效输入，"
        "只是跨表检查会跳过。\n"
        "The workbook has no 单位概况, 项目汇总 or 问题与措施 sheet (found by name or by labels).  A workbook "
        "of forms alone is valid input; the checks across sheets are skipped.",
        "汇总表与各项目表、单位概况与人员编制的核对都需要这些表。\n"
        "The cross-sheet checks (list against forms, staff numbers) need these sheets.",
        "改了名的表按其标签识别。A renamed sheet is found by its labels.\n"
        "Okay:  rename 单位概况 -> 基本情况\n"
        "Okay:  rename 问题与措施 -> 其他说明\n"
        "PC007: drop 问题与措施\n"
        "PC007: drop 单位概况, 项目汇总",
        _SEVERITY_ONLY),
))

register(Rule(
    code=SHEET_IGNORED, slug="sheet-not-recognised", severity=Severity.INFO, family="reading",
    message={"zh": "工作表「{sheet}」未识别为自评表的任何部分，未检查",
             "en": "Sheet \"{sheet}\" was not recognised as part of the self-assessment and was not checked"},
    summary={"zh": "未识别的工作表（未检查）", "en": "A sheet that was not recognised (not checked)"},
    doc=_doc(
        "工作表既不是填表说明、单位概况、项目汇总、问题与措施，也不是项目自评表（前几行无标题、无「项目名称」「绩效指标」）。\n"
        "The sheet is neither instructions, unit facts, project list, issues nor a project form.",
        "若它其实是项目表（例如标题被删），其中的内容不会被检查。\n"
        "If it is in fact a project form (its title deleted, say), nothing in it is checked.",
        "填表说明按表名（中文或英文）跳过；删去标题和「项目名称」的项目表不再被识别。\n"
        "填表说明 is skipped by its name (Chinese or English); a form without its title and "
        "项目名称 is no longer recognised.\n"
        "Okay:  rename 填表说明 -> Instructions\n"
        "Okay:  rename 项目1 -> 专项经费\n"
        "PC008: add Sheet1\n"
        'PC008: add 草稿; 草稿!A1 = "待核实"\n'
        "PC008: rename 项目1 -> 专项经费; 专项经费!A1 = None; 专项经费!A3 = None",
        _SEVERITY_ONLY),
))

register(Rule(
    code=UNCACHED_FORMULAS, slug="formulas-without-values", severity=Severity.WARNING, family="reading",
    message={"zh": "本表有 {count} 个公式没有保存计算结果（首个在 {first}）：文件不是由电子表格软件保存的，"
                   "perfcheck 按填报数据重新计算",
             "en": "{count} formulas on this sheet have no saved result (first at {first}): the file was not "
                   "saved by a spreadsheet program; perfcheck recomputes from the inputs"},
    summary={"zh": "公式没有保存计算结果", "en": "Formulas saved without their computed values"},
    doc=_doc(
        "xlsx/xlsm 文件中的公式单元格没有缓存值。Excel、WPS、LibreOffice 保存时总会写入公式结果；由程序库生成、"
        "未经电子表格软件打开保存的文件则没有。每个工作表报告一次，指向第一个这样的单元格，并给出个数。\n"
        "Formula cells of an xlsx/xlsm file carry no cached value.  Excel, WPS and LibreOffice always store "
        "results; a file written by a library and never opened and saved does not.  One finding per sheet, "
        "at the first such cell, with the count.",
        "表上「填报的结果」（合计、执行率、得分）因此是空的，只能按输入重新计算。\n"
        "The stated results (totals, rates, scores) are then empty; perfcheck can only recompute them.",
        "cached 给出电子表格软件保存的公式结果；未识别的工作表中的公式不检查。\n"
        "cached gives the result a spreadsheet program stores; formulas on a sheet that is not "
        "recognised are not checked.\n"
        'Okay:  formula 项目1!E6 = "=SUM(E7:E9)" cached 95\n'
        'Okay:  add 草稿; formula 草稿!A1 = "=1+1"\n'
        'PC009: formula 项目1!E6 = "=SUM(E7:E9)"\n'
        'PC009: formula 项目1!H6 = "=F6/E6"; formula 项目1!I6 = "=ROUND(G6*MIN(H6,1),2)"',
        _SEVERITY_ONLY),
))

register(Rule(
    code=NUMBER_AS_DATE, slug="number-shown-as-date", severity=Severity.WARNING, family="reading",
    message={"zh": "「{field}」应为数字，实际为日期格式「{found}」，已按数字 {value} 读取",
             "en": "{field}: expected a number, found a date \"{found}\"; read as the number {value}"},
    summary={"zh": "数字单元格被设成了日期格式", "en": "A number cell is formatted as a date"},
    doc=_doc(
        "金额、分值等应为数字的单元格保存为日期或时间（单元格格式为日期时，键入的 95 显示为 1900-04-04）。"
        "按其日期序列号读取为数字。\n"
        "A cell that should hold a number holds a date or time (with a date format, 95 shows as "
        "1900-04-04).  It is read as its serial number.",
        "审核人看到的是日期，打印出的表也会是日期；请改回数字格式。\n"
        "Reviewers and the printed form show a date; the cell format should be a number.",
        "项目1!G13 是第一项指标的分值（20），H6 是执行率，项目汇总!G4 是项目1 的执行率。\n"
        "项目1!G13 is the first indicator's points (20), H6 the execution rate, 项目汇总!G4 "
        "项目1's rate.\n"
        'Okay:  项目1!G13 = 20 as "0.00"\n'
        'PC010: 项目1!G13 = 20 as "yyyy-mm-dd"\n'
        "PC010: 项目1!G13 = 2023-12-15\n"
        'PC010: 项目1!H6 = 1 as "hh:mm"\n'
        'PC010: 项目汇总!G4 = 1 as "yyyy/m/d"',
        _SEVERITY_ONLY),
))

register(Rule(
    code=SHEET_LABEL_MISSING, slug="sheet-label-missing", severity=Severity.WARNING, family="reading",
    message={"zh": "「{sheet}」工作表缺少「{label}」，依赖它的检查已跳过",
             "en": "Sheet \"{sheet}\" has no \"{label}\"; the checks that need it were skipped"},
    summary={"zh": "单位概况、项目汇总或问题与措施缺少栏目", "en": "A workbook-level sheet lacks a label"},
    doc=_doc(
        "按表名识别的单位概况、项目汇总、问题与措施工作表中，找不到应有的标签或表头（如项目汇总前 20 行没有含"
        "「项目名称」和「全年预算数」的表头行）。\n"
        "A 单位概况, 项目汇总 or 问题与措施 sheet (found by its name) lacks a label or header it should have "
        "(e.g. no header row with 项目名称 and 全年预算数 in the first 20 rows of 项目汇总).",
        "没有这些栏目，跨表核对无法进行。\nWithout them the cross-sheet checks cannot run.",
        "项目汇总第 3 行是表头（B3 项目名称、E3 全年预算数、H3 自评得分），单位概况!A2 "
        "是「单位名称」，问题与措施!A3 是「下一步工作措施」。\n"
        "Row 3 of 项目汇总 is its header (B3 项目名称, E3 全年预算数, H3 自评得分); 单位概况!A2 is "
        "单位名称, 问题与措施!A3 下一步工作措施.\n"
        'Okay:  项目汇总!E3 = "调整后预算数"\n'
        'Okay:  单位概况!A2 = "部门名称"\n'
        "PC011: 项目汇总!B3 = None\n"
        "PC011: 项目汇总!H3 = None\n"
        "PC011: 单位概况!A2 = None\n"
        "PC011: 问题与措施!A3 = None",
        _SEVERITY_ONLY),
))

register(Rule(
    code=DUPLICATE_SHEET, slug="duplicate-sheet", severity=Severity.WARNING, family="reading",
    message={"zh": "工作表「{sheet}」与「{first}」都是「{role}」，只读取了第一个",
             "en": "Sheets \"{sheet}\" and \"{first}\" are both \"{role}\"; only the first was read"},
    summary={"zh": "单位概况、项目汇总或问题与措施出现两次", "en": "A workbook-level sheet appears twice"},
    doc=_doc(
        "工作簿中有两个以上的单位概况、项目汇总或问题与措施工作表；只读取第一个，其余不检查。\n"
        "The workbook holds more than one 单位概况, 项目汇总 or 问题与措施 sheet; only the first is read.",
        "两份汇总往往一份是旧稿，核对的未必是要上报的那份。\n"
        "Two lists usually mean one is an old draft; the one checked may not be the one meant.",
        "项目表可以有多张；copy 不带新名时，副本名为原表名加「 Copy」（如「单位概况 Copy」）。\n"
        'There may be many forms; without a new name, copy names the copy "单位概况 Copy" and so on.\n'
        "Okay:  copy 项目1 -> 项目2\n"
        "PC012: copy 项目汇总 -> 项目汇总 (2)\n"
        "PC012: copy 单位概况\n"
        "PC012: copy 问题与措施 -> 问题与措施（旧）",
        _SEVERITY_ONLY),
))

register(Rule(
    code=DATE_AS_NUMBER, slug="date-typed-as-number", severity=Severity.WARNING, family="reading",
    message={"zh": "「{field}」应为日期，实际为数字「{found}」，已按日期 {value} 读取",
             "en": "{field}: expected a date, found the number \"{found}\"; read as the date {value}"},
    summary={"zh": "日期以序列号数字显示", "en": "A date shows as its serial number"},
    doc=_doc(
        "年度指标值是日期（如「2023年12月31日前」）而实际完成值是 36526–73050 之间的整数：这是 Excel 的日期序列号"
        "（单元格格式为常规/数值）。按该日期读取。\n"
        "The target is a date (2023年12月31日前) and the actual value a whole number between 36526 and 73050: "
        "an Excel date serial in a cell formatted as a number.  It is read as that date.",
        "审核人看到的是 45260 这样的数字，看不出完成日期；请把单元格改为日期格式。\n"
        "A reviewer sees 45260, not a date; the cell should be formatted as a date.",
        "项目1 第 15 行是时效指标，年度指标值「2023年12月31日前」，F15 是其实际完成值；日期序列号 "
        "45275 即 2023-12-15。\n"
        "Row 15 of 项目1 is a timeliness indicator with the target 2023年12月31日前; F15 is its "
        "actual value. The serial 45275 is 2023-12-15.\n"
        "Okay:  项目1!F15 = 2023-12-15\n"
        'Okay:  项目1!F15 = 45275 as "yyyy-mm-dd"\n'
        "Okay:  项目1!F15 = 36525\n"
        "PC013: 项目1!F15 = 45275\n"
        "PC013: 项目1!F15 = 36526\n"
        "PC013: 项目1!F15 = 73050",
        _SEVERITY_ONLY),
))
