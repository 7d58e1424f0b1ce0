"""The narrative 自评报告 (issue 15): ``perfcheck draft`` and ``perfcheck validate --narrative``.

* the seed report (shared/seeds, beside the repository) against samples/共青城市工信局2023.xlsx:
  each of its four contradictions is exactly one finding, quoting its paragraph;
* a draft of the consistent sample validates without a PC8xx finding, and one changed amount in the
  workbook flags exactly the paragraph that states it;
* the draft's styles, lists and tables; bad reports and existing outputs give one line and exit 2.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from builders import RunExample
from builders.hostile import encrypt_ooxml, write_cfb, zip_bomb
from typer.testing import CliRunner

from perfcheck import api
from perfcheck.cli import app
from perfcheck.config import Config
from perfcheck.errors import InputError
from perfcheck.findings import Finding, Report
from perfcheck.narrative.document import MAX_PARAGRAPHS, Narrative, from_text, read_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED_XLSX = SAMPLES / "共青城市工信局2023.xlsx"
GOOD = SAMPLES / "good" / "示例单位2023.xlsx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _seed_dir() -> Path | None:
    """shared/seeds beside the repository (ROOT/../shared), or beside a parent folder (a git worktree
    such as wt/i15 sits one level deeper than the main checkout)."""
    for base in (ROOT.parent, *ROOT.parent.parents):
        d = base / "shared" / "seeds"
        if d.is_dir() and any(d.glob("*.txt")):
            return d
    return None


SEED_DIR = _seed_dir()
needs_seed = pytest.mark.skipif(SEED_DIR is None, reason="the seed report (shared/seeds) is not beside the repository")


def seed_report() -> Path:
    assert SEED_DIR is not None
    return sorted(SEED_DIR.glob("*.txt"))[0]


def seed_line(text: str) -> int:
    """The 1-based line number of the first line of the seed that starts with ``text``."""
    lines = seed_report().read_text(encoding="utf-8").split("\n")
    return next(i for i, ln in enumerate(lines, start=1) if ln.startswith(text))


def narrative_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.code.startswith("PC8")]


@cache
def seed_result() -> Report:
    return api.validate(SEED_XLSX, narrative=read_report(seed_report()))


def one(report: Report, code: str) -> Finding:
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, [f.message() for f in found]
    return found[0]


# --------------------------------------------------------------------------------------------------
# The seed report against its transcription
# --------------------------------------------------------------------------------------------------


@needs_seed
class TestSeed:
    def test_exactly_the_four_contradictions(self) -> None:
        codes = sorted(f.code for f in narrative_findings(seed_result()))
        assert codes == ["PC802", "PC806", "PC807", "PC808"]

    def test_scored_list_is_not_the_project_list(self) -> None:
        f = one(seed_result(), "PC802")
        first = seed_line("1、个人奖类人才专项费监控")
        third = seed_line("3、个人奖类人才专项（满分")
        assert f.paragraph == {"index": first, "quote": "1、个人奖类人才专项费监控（满分100分）得1…"}
        msg = f.message()
        assert msg.startswith(f"第{first}段“1、个人奖类人才专项费监控")
        assert f"“个人奖类人才专项”出现2次（第{first}、{third}段）" in msg
        assert "“一类-日常运行经费”未列入" in msg
        assert "五、项目资金绩效自评得分" in msg
        assert (f.sheet, f.cell) == ("项目汇总", "B4")          # the project never scored
        assert f"Paragraph {first}" in f.message("en") and "left out" in f.message("en")

    def test_budget_units_two_against_one_plus_two(self) -> None:
        f = one(seed_result(), "PC807")
        line = seed_line("共青城市工业和信息化局共有预算单位2个")
        assert f.paragraph is not None and f.paragraph["index"] == line
        assert str(f.paragraph["quote"]).startswith("共青城市工业和信息化局共有预算单位2个")
        assert (f.sheet, f.cell) == ("单位概况", "B5")
        assert (f.expected, f.actual) == (3, 2)
        assert "预算单位数写为 2，应为 3（本级 1 + 二级预算单位 2）" in f.message()

    def test_funds_total(self) -> None:
        f = one(seed_result(), "PC806")
        line = seed_line("1、一类-日常运行经费95万元")
        assert f.paragraph == {"index": line, "quote": "1、一类-日常运行经费95万元"}
        assert f.expected == Decimal("1737.482")
        assert "共 1,737.482万元" in f.message() and "'项目汇总'!E13" in f.message()
        assert (f.sheet, f.cell) == ("项目汇总", "E13")
        assert [x for x in seed_result().findings if x.code == "PC805"] == []   # the amounts themselves agree

    def test_all_100_while_budgets_unspent(self) -> None:
        f = one(seed_result(), "PC808")
        line = seed_line("大部分项目都已按要求及时完成拨付")
        assert f.paragraph is not None and f.paragraph["index"] == line
        assert "“未完成预算”" in f.message() and "全部 9 个项目自评得分均写为 100 分" in f.message()
        assert (f.sheet, f.cell) == ("项目汇总", "H3")

    def test_amounts_and_scores_agree_and_parts_found(self) -> None:
        """The nine amounts (item 7 named 二类-工业经济监测资金) and nine scores agree with the
        workbook; the four parts are found: none of PC801/PC803/PC804/PC805."""
        codes = {f.code for f in seed_result().findings}
        assert not codes & {"PC801", "PC803", "PC804", "PC805"}

    def test_json_and_text_reports_carry_the_paragraph(self, tmp_path: Path) -> None:
        res = CliRunner().invoke(app, ["validate", str(SEED_XLSX), "--narrative", str(seed_report()),
                                       "--format", "json", "--no-annotate"])
        assert res.exit_code == 1, res.output
        data = json.loads(res.stdout)
        found = [f for f in data["files"][0]["findings"] if f["code"].startswith("PC8")]
        assert len(found) == 4
        assert all(set(f["paragraph"]) == {"index", "quote"} for f in found)
        assert all("paragraph" not in f for f in data["files"][0]["findings"] if not f["code"].startswith("PC8"))
        text = CliRunner().invoke(app, ["validate", str(SEED_XLSX), "--narrative", str(seed_report()), "--no-annotate"])
        assert f"第{seed_line('大部分项目都已按要求')}段" in text.stdout

    def test_annotated_copy_lists_them(self, tmp_path: Path) -> None:
        src = tmp_path / "seed.xlsx"
        shutil.copyfile(SEED_XLSX, src)
        res = CliRunner().invoke(app, ["validate", str(src), "--narrative", str(seed_report()), "-o", str(tmp_path / "out")])
        assert res.exit_code == 1, res.output
        wb = openpyxl.load_workbook(tmp_path / "out" / "seed.checked.xlsx", read_only=True)
        cells = [str(v) for row in wb["校验结果"].iter_rows(values_only=True) for v in row if v is not None]
        wb.close()
        line = seed_line("共青城市工业和信息化局共有预算单位2个")
        assert any(f"第{line}段“共青城市工业和信息化局共有预算单位2个" in c for c in cells)
        assert sum("PC8" in c for c in cells) >= 4

    @pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
    def test_the_seed_in_other_encodings_reads_the_same(self, tmp_path: Path, encoding: str) -> None:
        """GBK has no NBSP (the seed has some): they become spaces."""
        text = seed_report().read_text(encoding="utf-8")
        if encoding == "gbk":
            text = text.replace("\xa0", " ")
        p = tmp_path / "seed.txt"
        p.write_bytes(text.encode(encoding))
        expected = [x.text.replace("\xa0", " ") if encoding == "gbk" else x.text for x in read_report(seed_report()).paras]
        assert [x.text for x in read_report(p).paras] == expected
        again = api.validate(SEED_XLSX, narrative=read_report(p))
        assert [(f.code, f.paragraph) for f in narrative_findings(again)] == \
            [(f.code, f.paragraph) for f in narrative_findings(seed_result())]


# --------------------------------------------------------------------------------------------------
# Draft, then validate the draft
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("draft") / "自评报告.docx"
    res = CliRunner().invoke(app, ["draft", str(GOOD), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == str(out)
    return out


def test_draft_of_the_good_sample_validates_clean(good_draft: Path) -> None:
    report = api.validate(GOOD, narrative=read_report(good_draft))
    assert narrative_findings(report) == []
    assert report.errors == 0 and report.warnings == 0
    res = CliRunner().invoke(app, ["validate", str(GOOD), "--narrative", str(good_draft), "--no-annotate"])
    assert res.exit_code == 0, res.output


def test_the_draft_states_every_number_the_checks_read(good_draft: Path) -> None:
    """Not a vacuous pass: the draft's numbers are read back, per project, and agree."""
    from perfcheck import reader, safety, scoring
    from perfcheck.narrative.claims import read
    from perfcheck.narrative.facts import build

    cfg = Config()
    wb = reader.read_workbook(GOOD, cfg, fmt=safety.precheck(GOOD, cfg.limits))
    try:
        facts = build(wb, cfg)
        reading = read(read_report(good_draft), facts)
    finally:
        scoring.clear_cache()
    assert set(reading.parts) == {"unit", "projects", "problems", "measures"}
    for kind in ("initial", "budget", "spent", "rate", "score", "grade"):
        assert sorted(c.project for c in reading.of(kind)) == [0, 1, 2, 3], kind
    assert [c.text for c in reading.of("score")] == ["100", "96.03", "99.82", "99.96"]
    assert [c.text for c in reading.of("total_budget")] == ["1,524.5"]
    assert [c.text for c in reading.of("total_spent")] == ["1,499.7"]
    assert [c.text for c in reading.of("project_count")] == ["4"]
    assert {c.kind for c in reading.claims} >= {"budget_units", "secondary_units", "staff_quota", "retired"}
    assert len(reading.lists) == 2 and all(len(lst.items) == 4 for lst in reading.lists)


def test_one_changed_amount_flags_exactly_its_paragraph(good_draft: Path, tmp_path: Path) -> None:
    from specs._xlsx import Edit
    changed = tmp_path / "changed.xlsx"
    shutil.copyfile(GOOD, changed)
    with Edit(changed) as e:
        e.wb["项目4"]["D7"] = 1200          # 年初预算数 of 当年财政拨款: was "1,234.50"
    narrative = read_report(good_draft)
    report = api.validate(changed, narrative=narrative)
    found = narrative_findings(report)
    assert len(found) == 1, [f.message() for f in found]
    f = found[0]
    para = next(p for p in narrative.paras if p.text.startswith("项目资金：年初预算数1,234.5万元"))
    assert f.code == "PC803" and f.paragraph == {"index": para.index, "quote": para.quote}
    assert (f.sheet, f.cell) == ("项目4", "D6")
    assert f.expected == Decimal(1200) and f.actual == Decimal("1234.5")
    assert f"第{para.index}段" in f.message() and "年初预算数 写为 1,234.5万元，应为 1,200万元" in f.message()


def _docx_xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def test_draft_layout(good_draft: Path) -> None:
    import docx
    from docx.shared import Cm

    doc = docx.Document(str(good_draft))
    sec = doc.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)
    assert round(sec.top_margin.cm, 1) == Cm(3.7).cm
    styles = _docx_xml(good_draft, "word/styles.xml")
    for style_id, font in (("Normal", "仿宋"), ("Heading1", "黑体"), ("Heading2", "楷体"), ("Title", "方正小标宋简体")):
        i = styles.index(f'w:styleId="{style_id}"')
        block = styles[i: styles.index("</w:style>", i)]
        assert f'w:eastAsia="{font}"' in block, style_id
        assert "Theme" not in block, style_id            # no theme font overrides the East Asian one
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert [t for s, t in heads if s == "Heading 1"] == ["一、单位基本情况", "二、项目基本情况", "三、存在的问题", "四、下一步工作措施"]
    assert ("Heading 3", "2.工业企业技术改造奖补资金") in heads
    numbered = [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert {p.text for p in numbered} >= {"中小企业公共服务平台运行经费", "工业园区标准厂房租金补贴"}
    nums = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(nums) == 4                               # duties, projects, problems, measures: each restarts at 1
    assert len(doc.tables) == 4
    body = _docx_xml(good_draft, "word/document.xml")
    assert body.count("<w:tblHeader") == 4
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    assert "10" in [c.text for c in first.rows[1].cells]
    # project 2: 13 of 15 → 17.33 of 20, the recomputed score in its row
    assert any(r.cells[2].text == "奖补技改项目数" and r.cells[6].text == "17.33" for r in doc.tables[1].rows)


def test_draft_never_overwrites_without_force(good_draft: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    out.write_bytes(b"mine")
    res = CliRunner().invoke(app, ["draft", str(GOOD), "-o", str(out)])
    assert res.exit_code == 2 and out.read_bytes() == b"mine"
    assert "已存在" in res.stderr and res.stderr.count("\n") == 1
    res = CliRunner().invoke(app, ["draft", str(GOOD), "-o", str(out), "--force"])
    assert res.exit_code == 0 and zipfile.is_zipfile(out)


def test_draft_kinds_and_languages(tmp_path: Path) -> None:
    import docx

    for args, title in ((["--kind", "monitor"], "2023年度项目支出绩效监控报告"),
                        (["--lang", "en"], "Project Expenditure Performance Self-Assessment Report 2023")):
        out = tmp_path / f"{args[1]}.docx"
        res = CliRunner().invoke(app, ["draft", str(GOOD), "-o", str(out), *args])
        assert res.exit_code == 0, res.output
        texts = [p.text for p in docx.Document(str(out)).paragraphs]
        assert title in texts


def test_draft_of_the_seed_uses_the_recomputed_unit_count(tmp_path: Path) -> None:
    """The seed's 预算单位 2 (1 + 2 in the workbook) is written as 3 and said so; the draft of the
    seed validates against the seed workbook without a PC8xx finding."""
    out = tmp_path / "seed.docx"
    res = CliRunner().invoke(app, ["draft", str(SEED_XLSX), "-o", str(out)])
    assert res.exit_code == 0, res.output
    narrative = read_report(out)
    assert any("共有预算单位3个" in p.text and "填报为2个" in p.text for p in narrative.paras)
    assert narrative_findings(api.validate(SEED_XLSX, narrative=narrative)) == []


def test_draft_of_a_bad_workbook_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    res = CliRunner().invoke(app, ["draft", str(bad), "-o", str(tmp_path / "r.docx")])
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.output
    assert not (tmp_path / "r.docx").exists()


# --------------------------------------------------------------------------------------------------
# Reading reports: structure and bad input
# --------------------------------------------------------------------------------------------------


def test_levels_and_quotes() -> None:
    n = from_text("第一部分 单位\n一、项目名称\n（一）甲\n1、乙\n(2)丙\n1.5万元的说明\n" + "很" * 40)
    assert [p.level for p in n.paras] == [1, 2, 3, 4, 5, 0, 0]
    assert n.para(7).quote == "很" * 23 + "…"


def _docx_with_body(path: Path, body: str, *, prolog: str = "") -> Path:
    import docx

    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    members["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document xmlns:w="{W[1:-1]}">'
        f"<w:body>{body}</w:body></w:document>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _bad(kind: str, tmp: Path) -> Path:
    p = tmp / f"{kind}.docx"
    if kind == "text":
        p.write_text("一、单位基本情况\n这不是 Word 文档。", encoding="utf-8")
    elif kind == "workbook":
        shutil.copyfile(GOOD, p)
    elif kind == "old-doc":
        write_cfb(p, {"WordDocument": b"\0" * 600})
    elif kind == "encrypted":
        _docx_with_body(tmp / "plain.docx", "<w:p><w:r><w:t>一、单位基本情况</w:t></w:r></w:p>")
        encrypt_ooxml(tmp / "plain.docx", p)
    elif kind == "truncated":
        _docx_with_body(tmp / "whole.docx", "<w:p/>" * 50)
        data = (tmp / "whole.docx").read_bytes()
        p.write_bytes(data[: len(data) // 2])
    elif kind == "broken-xml":
        _docx_with_body(p, "<w:p><w:r><w:t>未闭合")
    elif kind == "bomb":
        zip_bomb(p, member="word/document.xml", size_mb=40)
    elif kind == "paragraphs":
        _docx_with_body(p, "<w:p/>" * (MAX_PARAGRAPHS + 1))
    elif kind == "doctype":
        _docx_with_body(p, "<w:p/>", prolog='<!DOCTYPE w:document [<!ENTITY x "y">]>')
    elif kind == "empty":
        p.write_bytes(b"")
    return p


@pytest.mark.parametrize(("kind", "error", "words"), [
    ("text", "not-a-docx", "不是 Word 文档"),
    ("workbook", "not-a-docx", "Excel 工作簿"),
    ("old-doc", "not-a-docx", ".doc"),
    ("encrypted", "encrypted", "密码"),
    ("truncated", "corrupt", "损坏"),
    ("broken-xml", "corrupt", "损坏"),
    ("bomb", "too-large", "压缩"),
    ("paragraphs", "too-large", f"上限 {MAX_PARAGRAPHS}"),
    ("doctype", "hostile", "DOCTYPE"),
    ("empty", "empty", "空"),
])
def test_bad_reports(tmp_path: Path, kind: str, error: str, words: str) -> None:
    p = _bad(kind, tmp_path)
    with pytest.raises(InputError) as info:
        read_report(p)
    assert info.value.kind == error
    assert words in info.value.zh and info.value.en
    res = CliRunner().invoke(app, ["validate", str(GOOD), "--narrative", str(p), "--no-annotate"])
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and res.stderr.startswith(f"perfcheck: {p}: ")
    assert "Traceback" not in res.output and res.stdout == ""


def test_binary_text_is_refused_and_missing_report(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError) as info:
        read_report(p)
    assert info.value.kind == "not-text"
    res = CliRunner().invoke(app, ["validate", str(GOOD), "--narrative", str(tmp_path / "none.txt")])
    assert res.exit_code == 2 and "文件不存在" in res.stderr


def test_narrative_needs_one_workbook(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("一、单位基本情况", encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(GOOD), str(SEED_XLSX), "--narrative", str(p)])
    assert res.exit_code == 2 and "--narrative" in res.stderr


def test_a_docx_report_with_word_numbering_reads_as_list_items(good_draft: Path) -> None:
    n: Narrative = read_report(good_draft)
    items = [p for p in n.paras if p.text == "工业企业技术改造奖补资金"]
    assert len(items) == 1 and items[0].level == 4 and items[0].numbered


@pytest.mark.parametrize(("text", "kinds"), [
    ("全年预算数100万元，全年执行数90万元，执行率90%。", ["全年执行数"]),      # the rate follows from the wrong amount
    ("全年预算数100万元，全年执行数100万元，执行率90%。", ["执行率"]),
    ("全年执行数90万元，执行率95%。", ["全年执行数", "执行率"]),                 # two separate mistakes
])
def test_one_defect_one_finding_in_a_funds_paragraph(text: str, kinds: list[str],
                                                     run_example: RunExample) -> None:
    from perfcheck.rules import engine

    wb = run_example(f'full=True, narrative=report("二、项目基本情况\\n（一）示例项目\\n{text}")')
    found = [f for f in engine.run(wb, Config()) if f.code == "PC803"]
    assert [str(f.ctx["what"]) for f in found] == kinds
    assert all(f.paragraph == {"index": 3, "quote": text[:23] + ("…" if len(text) > 24 else text[23:])} for f in found)
