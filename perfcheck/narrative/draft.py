"""``perfcheck draft``: the 自评报告 as a Word document, written from the checked workbook.

    draft(workbook, out, kind="self", lang="zh", config=None) -> Path     raises InputError

The four parts in the official register (一、单位基本情况 二、项目基本情况 三、存在的问题
四、下一步工作措施), every number taken from :mod:`perfcheck.narrative.facts` -- the figures the PC8xx
checks compare a report with -- so ``validate --narrative`` of an unedited draft finds nothing.

Layout as such documents are set (GB/T 9704-like): A4, margins 3.7/3.5/2.8/2.6 cm; title in
方正小标宋简体 22 pt; part headings (Word 标题 1) in 黑体, section headings (标题 2) in 楷体, project
headings (标题 3) in 仿宋 bold, body in 仿宋 16 pt with a two-character first-line indent and 28 pt
lines; every Chinese font set as the East Asian font (``w:eastAsia``), Times New Roman for Latin
text.  Lists are real Word numbered lists (restarting at 1 in each list); indicator tables have a
repeated header row.  A Word or WPS user edits it like any other report.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcheck.config import Config
from perfcheck.narrative.facts import Facts, ProjectFacts, amount_text, rate_text, score_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
KAI = "楷体"
FANG = "仿宋"
LATIN = "Times New Roman"
BODY_PT = 16
TABLE_PT = 10.5

T: dict[str, dict[str, str]] = {
    "zh": {
        "title_self": "{year}年度项目支出绩效自评报告",
        "title_monitor": "{year}年度项目支出绩效监控报告",
        "intro_self": "根据《项目支出绩效评价管理办法》（财预〔2020〕10号）有关要求，{unit}对{year}年度项目支出开展了绩效自评，现将自评情况报告如下。",
        "intro_monitor": "根据预算绩效管理有关要求，{unit}对{year}年度项目支出开展了绩效运行监控，现将监控情况报告如下。",
        "part1": "一、单位基本情况", "duties": "（一）主要职责", "org": "（二）机构设置及人员情况",
        "part2": "二、项目基本情况", "overview": "（一）项目总体情况", "each": "（二）各项目绩效自评情况",
        "each_monitor": "（二）各项目绩效监控情况",
        "part3": "三、存在的问题", "part4": "四、下一步工作措施",
        "no_duties": "（单位概况未填写主要职责。）",
        "units_ok": "本单位共有预算单位{n}个，包括本级和{m}个所属二级预算单位。",
        "units_fixed": "本单位共有预算单位{n}个，包括本级和{m}个所属二级预算单位（单位概况填报为{stated}个，与本级1个加二级单位{m}个不符，已按复核数填写）。",
        "units_only": "本单位共有预算单位{n}个。",
        "count_projects": "本单位纳入{year}年度绩效自评的项目共{n}个",
        "total_budget": "全年预算数合计{v}万元", "total_spent": "全年执行数合计{v}万元", "total_rate": "总体执行率{v}",
        "list_intro": "项目清单如下：",
        "funds": "项目资金：", "initial": "年初预算数{v}万元", "budget": "全年预算数{v}万元",
        "spent": "全年执行数{v}万元", "rate": "执行率{v}", "unspent": "未执行{v}万元",
        "reason": "偏差原因：{v}",
        "goal": "年度目标：{v}", "actual": "完成情况：{v}",
        "table_intro": "绩效指标完成情况如下表（得分为复核结果）：",
        "score": "经复核，该项目自评得分{s}分，评价等级为{g}。",
        "score_differs": "自评表填报总分{s}分{g}，与复核结果不一致，应以复核结果为准。",
        "stated_grade": "、等级“{g}”",
        "no_score": "该项目自评得分无法复核（自评表缺少计算所需的数据）{stated}。",
        "stated_total": "，自评表填报总分{s}分",
        "no_form": "该项目未填报项目支出绩效自评表，无法复核得分。",
        "heads": "一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分",
        "stated_cell": "（表填{v}）",
        "prob_rate": "“{name}”预算执行率{rate}，未执行{left}万元。{reason}",
        "prob_ind": "“{name}”的“{ind}”未达到年度指标值（目标{target}，实际完成{actual}），得分{s}分（满分{w}分）。{reason}",
        "prob_check": "自评表经校验尚有错误{e}处、警告{w}处，需更正后再报送，主要是：{what}。",
        "no_problems": "未发现需要说明的问题。",
        "no_measures": "（自评表“问题与措施”未填写下一步工作措施，请补充。）",
        "note": "注：本报告初稿由 perfcheck 根据自评表自动生成，文中金额、执行率、得分和等级均为复核结果，与自评表逐项一致；定稿前请补充文字说明。",
        "none": "—",
        "sep": "，", "end": "。",
    },
    "en": {
        "title_self": "Project Expenditure Performance Self-Assessment Report {year}",
        "title_monitor": "Project Expenditure Performance Monitoring Report {year}",
        "intro_self": "As required by the Measures for Project Expenditure Performance Evaluation (Cai Yu [2020] No. 10), {unit} assessed its project expenditure of {year}; this report gives the results.",
        "intro_monitor": "As required by performance budgeting rules, {unit} monitored its project expenditure of {year}; this report gives the results.",
        "part1": "1 The unit", "duties": "1.1 Main duties", "org": "1.2 Organisation and staff",
        "part2": "2 The projects", "overview": "2.1 Overview", "each": "2.2 Each project", "each_monitor": "2.2 Each project",
        "part3": "3 Problems", "part4": "4 Next steps",
        "no_duties": "(No duties given in the unit facts.)",
        "units_ok": "The unit has {n} budget units: itself and {m} secondary budget units.",
        "units_fixed": "The unit has {n} budget units: itself and {m} secondary budget units (the unit facts state {stated}, which is not 1 + {m}; the recomputed count is used).",
        "units_only": "The unit has {n} budget units.",
        "count_projects": "{n} projects were assessed for {year}",
        "total_budget": "annual budget {v} (10k yuan) in all", "total_spent": "spent {v} in all", "total_rate": "overall execution rate {v}",
        "list_intro": "The projects:",
        "funds": "Funds (10k yuan): ", "initial": "initial budget {v}", "budget": "annual budget {v}",
        "spent": "spent {v}", "rate": "execution rate {v}", "unspent": "{v} unspent",
        "reason": "Reason: {v}",
        "goal": "Annual goal: {v}", "actual": "Achieved: {v}",
        "table_intro": "Indicators (scores as recomputed):",
        "score": "Recomputed score {s}, grade {g}.",
        "score_differs": "The form states {s}{g}, which differs from the recomputed result; the recomputed one applies.",
        "stated_grade": ", grade \"{g}\"",
        "no_score": "The score cannot be recomputed (the form lacks the data){stated}.",
        "stated_total": "; the form states {s}",
        "no_form": "This project has no self-assessment form; its score cannot be recomputed.",
        "heads": "Level 1|Level 2|Indicator|Target|Actual|Points|Score",
        "stated_cell": " (form: {v})",
        "prob_rate": "\"{name}\": execution rate {rate}, {left} (10k yuan) unspent. {reason}",
        "prob_ind": "\"{name}\": \"{ind}\" missed its target (target {target}, actual {actual}), score {s} of {w}. {reason}",
        "prob_check": "The form still has {e} errors and {w} warnings to correct before it is submitted, mainly: {what}.",
        "no_problems": "No problems to report.",
        "no_measures": "(The form gives no next steps; add them.)",
        "note": "Note: drafted by perfcheck from the self-assessment workbook; every amount, rate, score and grade is the recomputed one and agrees with the form. Add the narrative before it is final.",
        "none": "—",
        "sep": ", ", "end": ".",
    },
}


# --------------------------------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------------------------------


def _fonts(rpr_owner: Any, east_asia: str, latin: str = LATIN) -> None:
    """Set the Latin and East Asian fonts of a style or run, dropping theme fonts that override them."""
    from docx.oxml.ns import qn

    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc: DocxDocument, name: str, font: str, size: float, *, bold: bool = False, indent: bool = False,
           before: float = 0, after: float = 0, center: bool = False, outline: int | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    st: Any = doc.styles[name]
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = False
    st.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(st.element, font)
    pf = st.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28 if size >= 14 else 18)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.first_line_indent = Pt(2 * size) if indent else Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    if outline is not None:
        pf.keep_with_next = True


def _setup(doc: DocxDocument) -> None:
    from docx.shared import Cm

    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _style(doc, "Normal", FANG, BODY_PT, indent=True)
    _style(doc, "Title", TITLE_FONT, 22, center=True, after=16)
    _style(doc, "Heading 1", HEI, BODY_PT, indent=True, outline=1)
    _style(doc, "Heading 2", KAI, BODY_PT, indent=True, outline=2)
    _style(doc, "Heading 3", FANG, BODY_PT, bold=True, indent=True, outline=3)
    _style(doc, "List Number", FANG, BODY_PT, indent=True)
    title: Any = doc.styles["Title"]
    ppr = title.element.get_or_add_pPr()
    from docx.oxml.ns import qn

    for border in ppr.findall(qn("w:pBdr")):     # the default template underlines its Title
        ppr.remove(border)


_ABSTRACT_ID = 90


def _numbering(doc: DocxDocument) -> Any:
    """The abstract numbering ``1.`` ``2.`` … (2-character indent) used by every list."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    xml = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_ABSTRACT_ID}">'
           '<w:multiLevelType w:val="singleLevel"/>'
           '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
           '<w:lvlJc w:val="left"/><w:suff w:val="nothing"/>'
           f'<w:pPr><w:ind w:left="0" w:firstLine="{2 * BODY_PT * 20}"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    node = parse_xml(xml)
    if first_num is not None:
        first_num.addprevious(node)
    else:
        numbering.append(node)
    return numbering


class _Writer:
    def __init__(self, doc: DocxDocument, lang: str) -> None:
        self.doc = doc
        self.t = T[lang]
        self.lang = lang
        self.numbering = _numbering(doc)
        self.next_num = 900

    def para(self, text: str, style: str = "Normal") -> Paragraph:
        return self.doc.add_paragraph(text, style=style)

    def heading(self, text: str, level: int) -> Paragraph:
        return self.doc.add_paragraph(text, style=f"Heading {level}")

    def numbered(self, items: Iterable[str]) -> None:
        """A Word numbered list that starts at 1."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        num_id = self.next_num
        self.next_num += 1
        self.numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{_ABSTRACT_ID}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        for text in items:
            p = self.doc.add_paragraph(text, style="List Number")
            ppr = p._p.get_or_add_pPr()
            numpr = ppr.get_or_add_numPr()
            numpr.get_or_add_ilvl().set(qn("w:val"), "0")
            numpr.get_or_add_numId().set(qn("w:val"), str(num_id))

    def join(self, parts: list[str]) -> str:
        return self.t["sep"].join(parts) + self.t["end"]


# --------------------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------------------


def _split_items(text: str | None) -> list[str]:
    """A block of text as list items: its lines, and 一是…；二是… split at the semicolons."""
    if not text:
        return []
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        out.extend(s.strip() for s in re.split(r"(?<=[；;])(?=[二三四五六七八九十]是)", line) if s.strip())
    return out


def _count(facts: Facts, key: str) -> Decimal | None:
    f = facts.counts.get(key)
    return f.value if f is not None else None


def _n(v: Decimal) -> str:
    from perfcheck.fmt import fmt_value

    return fmt_value(v)


def _unit_part(w: _Writer, facts: Facts) -> None:
    t = w.t
    w.heading(t["part1"], 1)
    w.heading(t["duties"], 2)
    if facts.duties:
        from perfcheck.narrative.document import strip_numbering

        w.numbered(strip_numbering(d.strip()) for d in facts.duties)    # their own （一）… become 1. 2. …
    else:
        w.para(t["no_duties"])
    w.heading(t["org"], 2)
    sentences: list[str] = []
    units, secondary = _count(facts, "budget_units"), _count(facts, "secondary_units")
    if secondary is not None:
        n = 1 + secondary
        key = "units_ok" if units is None or units == n else "units_fixed"
        sentences.append(t[key].format(n=_n(n), m=_n(secondary), stated=_n(units) if units is not None else ""))
    elif units is not None:
        sentences.append(t["units_only"].format(n=_n(units)))
    staff = _staff_sentence(facts, w.lang)
    if staff:
        sentences.append(staff)
    if sentences:
        w.para("".join(sentences) if w.lang == "zh" else " ".join(sentences))


_STAFF = {
    "zh": (("staff_quota", "本级编制人数{v}人"), ("admin_quota", "其中行政编制{v}人"), ("public_quota", "事业编制{v}人"),
           ("self_hired", "单位自聘人员{v}人"), ("volunteers", "志愿者{v}人"), ("purchased_posts", "政府购岗{v}人"),
           ("actual_staff", "实有人数{v}人"), ("retired", "退休人数{v}人")),
    "en": (("staff_quota", "authorised staff {v}"), ("admin_quota", "of which administrative {v}"),
           ("public_quota", "public-institution {v}"), ("self_hired", "self-hired {v}"), ("volunteers", "volunteers {v}"),
           ("purchased_posts", "government-purchased posts {v}"), ("actual_staff", "actual headcount {v}"),
           ("retired", "retired {v}")),
}


def _staff_sentence(facts: Facts, lang: str) -> str:
    parts = [tpl.format(v=_n(v)) for key, tpl in _STAFF[lang] if (v := _count(facts, key)) is not None]
    if not parts:
        return ""
    if lang == "zh":
        return "，".join(parts) + "。"
    return parts[0][0].upper() + "; ".join(parts)[1:] + "."


def _funds_sentence(w: _Writer, p: ProjectFacts) -> str | None:
    t = w.t
    bits: list[str] = []
    for key in ("initial", "budget", "spent"):
        v = getattr(p, key).value
        if v is not None:
            bits.append(t[key].format(v=amount_text(v)))
    if p.rate.value is not None:
        bits.append(t["rate"].format(v=rate_text(p.rate.value)))
        if p.rate.value < 1 and p.budget.value is not None and p.spent.value is not None:
            bits.append(t["unspent"].format(v=amount_text(p.budget.value - p.spent.value)))
    if not bits:
        return None
    text = t["funds"] + w.join(bits)
    if p.funds_reason:
        text += t["reason"].format(v=p.funds_reason)
    return text


def _score_sentence(w: _Writer, p: ProjectFacts) -> str:
    t = w.t
    if p.form is None and not p.recomputed and p.score.value is None:
        return t["no_form"]
    if not p.recomputed:
        stated = t["stated_total"].format(s=score_text(p.stated_score)) if p.stated_score is not None else ""
        return t["no_score"].format(stated=stated)
    assert p.score.value is not None
    text = t["score"].format(s=score_text(p.score.value), g=p.grade or t["none"])
    score_differs = p.stated_score is not None and abs(p.stated_score - p.score.value) > Decimal("0.1")
    grade_differs = p.stated_grade is not None and p.stated_grade != p.grade
    if score_differs or grade_differs:
        g = t["stated_grade"].format(g=p.stated_grade) if p.stated_grade else ""
        text += t["score_differs"].format(s=score_text(p.stated_score) if p.stated_score is not None else t["none"], g=g)
    return text


def _indicator_rows(p: ProjectFacts, cfg: Config, lang: str) -> list[list[str]]:
    from perfcheck import scoring
    from perfcheck.rules._text import canon_level

    t = T[lang]
    year = scoring.form_year(p.form) if p.form is not None else None
    rows: list[list[str]] = []
    for ind in p.indicators:
        if all(not c.text for c in (ind.name, ind.target, ind.actual, ind.weight, ind.score)) and not ind.level2.text:
            continue
        res = scoring.indicator_score(ind, cfg, year)
        stated = ind.score.value
        if res.exact is not None:
            score = score_text(res.exact)
            if stated is not None and abs(stated - res.exact) > cfg.tolerances.score:
                score += t["stated_cell"].format(v=score_text(stated))
        else:
            score = score_text(stated) if stated is not None else t["none"]
        rows.append([
            canon_level(ind.level1.text) if ind.level1.text else t["none"],
            canon_level(ind.level2.text) if ind.level2.text else t["none"],
            ind.name.text or t["none"], ind.target.text or t["none"], ind.actual.text or t["none"],
            score_text(ind.weight.value) if ind.weight.value is not None else t["none"], score,
        ])
    return rows


def _table(w: _Writer, rows: list[list[str]]) -> Table:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    heads = w.t["heads"].split("|")
    table: Table = w.doc.add_table(rows=1 + len(rows), cols=len(heads))
    table.style = w.doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(1.6), Cm(2.0), Cm(2.8), Cm(2.3), Cm(4.1), Cm(1.2), Cm(1.6)]     # 15.6 cm: the text width
    table.autofit = False
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    for r, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        if r == 0 or max(len(v) for v in rows[r - 1]) <= 40:      # a short row is kept on one page
            trpr.append(trpr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))
        if r == 0:                                  # the header row repeats on every page
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for r, values in enumerate([heads, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            para = cell.paragraphs[0]
            para.style = w.doc.styles["Normal"]
            pf = para.paragraph_format
            pf.first_line_indent = Pt(0)
            pf.line_spacing = Pt(16)
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if (r == 0 or c in (0, 1, 5, 6)) else WD_ALIGN_PARAGRAPH.LEFT
            run = para.add_run(value)
            run.font.size = Pt(TABLE_PT)
            run.bold = r == 0
            _fonts(run._r, HEI if r == 0 else FANG)
    # 一级 and 二级 cells merged over their group: the indicators grouped by 二级
    for c in (0, 1):
        start = 1
        for r in range(2, len(rows) + 2):
            if r <= len(rows) and rows[r - 1][: c + 1] == rows[start - 1][: c + 1]:
                continue
            if r - 1 > start:
                top = table.cell(start, c)
                text = top.text
                merged = top.merge(table.cell(r - 1, c))
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
                merged.paragraphs[0].runs[0].text = text
            start = r
    return table


def _project_part(w: _Writer, facts: Facts, cfg: Config, kind: str) -> None:
    t = w.t
    w.heading(t["part2"], 1)
    w.heading(t["overview"], 2)
    bits = [t["count_projects"].format(n=len(facts.projects), year=facts.year or "")]
    if facts.total_budget.value is not None:
        bits.append(t["total_budget"].format(v=amount_text(facts.total_budget.value)))
    if facts.total_spent.value is not None:
        bits.append(t["total_spent"].format(v=amount_text(facts.total_spent.value)))
    if facts.total_rate is not None:
        bits.append(t["total_rate"].format(v=rate_text(facts.total_rate)))
    w.para(w.join(bits))
    if facts.projects:
        w.para(t["list_intro"])
        w.numbered(p.name for p in facts.projects)
    w.heading(t["each_monitor" if kind == "monitor" else "each"], 2)
    for i, p in enumerate(facts.projects, start=1):
        w.heading(f"{i}.{p.name}", 3)
        funds = _funds_sentence(w, p)
        if funds:
            w.para(funds)
        if p.goal_expected:
            w.para(t["goal"].format(v=p.goal_expected))
        if p.goal_actual:
            w.para(t["actual"].format(v=p.goal_actual))
        rows = _indicator_rows(p, cfg, w.lang)
        if rows:
            w.para(t["table_intro"]).paragraph_format.keep_with_next = True
            _table(w, rows)
        w.para(_score_sentence(w, p))


def _problems(w: _Writer, facts: Facts, cfg: Config) -> list[str]:
    from perfcheck import scoring
    from perfcheck.model import Severity
    from perfcheck.rules import get_rule

    t = w.t
    items = _split_items(facts.problems)
    for p in facts.projects:
        if p.rate.value is not None and p.rate.value < 1 and p.budget.value is not None and p.spent.value is not None:
            items.append(t["prob_rate"].format(name=p.name, rate=rate_text(p.rate.value),
                                               left=amount_text(p.budget.value - p.spent.value),
                                               reason=p.funds_reason or "").strip())
        year = scoring.form_year(p.form) if p.form is not None else None
        for ind in p.indicators:
            res = scoring.indicator_score(ind, cfg, year)
            if res.missed and ind.weight.value is not None:
                s = res.exact if res.exact is not None else ind.score.value
                items.append(t["prob_ind"].format(
                    name=p.name, ind=ind.name.text or ind.level2.text, target=ind.target.text, actual=ind.actual.text,
                    s=score_text(s) if s is not None else t["none"], w=score_text(ind.weight.value),
                    reason=scoring.reason_text(ind.reason) or "").strip())
    errors = [f for f in facts.findings if f.severity is Severity.ERROR]
    warnings = [f for f in facts.findings if f.severity is Severity.WARNING]
    if errors or warnings:
        seen: list[str] = []
        for f in errors + warnings:
            summary = get_rule(f.code).summary["zh" if w.lang == "zh" else "en"]
            if summary not in seen:
                seen.append(summary)
        what = ("；" if w.lang == "zh" else "; ").join(seen[:3])
        items.append(t["prob_check"].format(e=len(errors), w=len(warnings), what=what))
    return items


def _write(facts: Facts, cfg: Config, kind: str, lang: str) -> DocxDocument:
    import docx

    doc = docx.Document()
    _setup(doc)
    w = _Writer(doc, lang)
    t = w.t
    unit = facts.unit_name or ""
    year = str(facts.year) if facts.year else ""
    if unit:
        doc.add_paragraph(unit, style="Title").paragraph_format.space_after = 0
    doc.add_paragraph(t[f"title_{kind}"].format(year=year), style="Title")
    w.para(t[f"intro_{kind}"].format(unit=unit or "本单位", year=year))
    _unit_part(w, facts)
    _project_part(w, facts, cfg, kind)
    w.heading(t["part3"], 1)
    problems = _problems(w, facts, cfg)
    if problems:
        w.numbered(problems)
    else:
        w.para(t["no_problems"])
    w.heading(t["part4"], 1)
    measures = _split_items(facts.measures)
    if measures:
        w.numbered(measures)
    else:
        w.para(t["no_measures"])
    note = w.para(t["note"])
    from docx.shared import Pt

    for run in note.runs:
        run.font.size = Pt(12)
    props = doc.core_properties
    props.title = t[f"title_{kind}"].format(year=year)
    props.author = unit
    props.comments = "perfcheck draft"
    return doc


def draft(workbook: Path, out: Path, *, kind: str = "self", lang: str = "zh", config: Config | None = None) -> Path:
    """Check ``workbook`` and write the draft report to ``out`` (atomically).  InputError for a bad
    workbook; the caller decides about an existing ``out``."""
    from perfcheck import reader, safety, scoring
    from perfcheck.narrative.facts import build
    from perfcheck.rules import engine

    if kind not in ("self", "monitor"):
        raise ValueError(f"kind {kind!r}: self or monitor")
    cfg = config or Config()
    fmt = safety.precheck(workbook, cfg.limits)
    wb = reader.read_workbook(workbook, cfg, fmt=fmt)
    try:
        findings = engine.run(wb, cfg)
        facts = build(wb, cfg, findings)
        doc = _write(facts, cfg, kind, lang if lang in T else "zh")
    finally:
        scoring.clear_cache()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".perfcheck-", suffix=".docx", dir=out.parent)
    os.close(fd)
    try:
        doc.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
