"""Every rule carries its identity, bilingual messages, documented sections and runnable examples.

A rule's ``## 示例 Example`` section holds lines ``Okay: <example>`` and ``PC123: <example>``: an
``Okay:`` line must not produce the rule's code, a ``PCxxx:`` line must produce code PCxxx
(pycodestyle's self-doctests, sqlfluff's rule cases).  A rule with a check function takes keyword
arguments, run on model objects as ``examples.example(<kwargs>)``; a reading rule (PC0xx, emitted by
the reader) takes an edit of a real workbook, run through the reader by ``workbooks.codes``
(the notation is in tests/workbooks.py).  Every line runs: nothing is skipped.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from builders import RunExample, workbooks

from perfcheck.config import Config
from perfcheck.report import catalog
from perfcheck.rules import engine
from perfcheck.rules.base import DOC_SECTIONS, Rule, all_rules

RULES = all_rules()
EXAMPLE_LINE = re.compile(r"^\s*(Okay|PC\d{3}):\s*(.*)$")
ROOT = Path(__file__).resolve().parent.parent


def section(doc: str, title: str) -> str:
    """The text under the heading ``## <title>`` up to the next ``## ``."""
    mt = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", doc, flags=re.M | re.S)
    return mt.group(1) if mt else ""


def example_lines(r: Rule) -> list[tuple[str, str]]:
    out = []
    for line in section(r.doc, DOC_SECTIONS[2]).splitlines():
        mt = EXAMPLE_LINE.match(line)
        if mt:
            out.append((mt.group(1), mt.group(2).strip()))
    return out


CASES = [pytest.param(r.code, label, kwargs, id=f"{r.code}-{i}-{label}")
         for r in RULES if not r.removed and r.check is not None
         for i, (label, kwargs) in enumerate(example_lines(r))]

# Reading rules (PC0xx) are emitted by the reader from a real file: their lines edit a workbook.
READING_CASES = [pytest.param(r.code, label, line, id=f"{r.code}-{i}-{label}")
                 for r in RULES if not r.removed and r.family == "reading"
                 for i, (label, line) in enumerate(example_lines(r))]


def test_there_are_rules_of_my_families() -> None:
    families = {r.family for r in RULES}
    assert {"funds", "scores"} <= families
    assert len([r for r in RULES if r.family in ("funds", "scores")]) >= 20


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
class TestEveryRule:
    def test_code_and_slug(self, r: Rule) -> None:
        assert re.fullmatch(r"PC\d{3}", r.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.slug), r.slug

    def test_messages_and_summaries_bilingual(self, r: Rule) -> None:
        for lang in ("zh", "en"):
            assert r.message.get(lang, "").strip(), f"{r.code} has no {lang} message"
            assert r.summary.get(lang, "").strip(), f"{r.code} has no {lang} summary"
        assert r.placeholders("zh") == r.placeholders("en"), r.code
        for name in r.placeholders("zh"):
            assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), f"{r.code}: plain {{name}} placeholders only: {name}"

    def test_doc_sections(self, r: Rule) -> None:
        for title in DOC_SECTIONS:
            assert re.search(rf"^## {re.escape(title)}\s*$", r.doc, flags=re.M), f"{r.code} lacks ## {title}"
            # the options section may be left empty when the rule declares options: the generated list fills it
            if title != DOC_SECTIONS[3] or not r.options:
                assert section(r.doc, title).strip(), f"{r.code}: section {title} is empty"

    def test_examples_present(self, r: Rule) -> None:
        if r.removed:
            return  # a retired code keeps its doc; nothing runs it any more
        # a rule's lines run as keyword arguments (it has a check) or as workbook edits (a reading rule)
        assert r.check is not None or r.family == "reading", f"{r.code}: its examples would not run"
        labels = [label for label, _ in example_lines(r)]
        assert "Okay" in labels, f"{r.code} has no Okay: example"
        assert r.code in labels, f"{r.code} has no failing {r.code}: example"


def test_codes_and_slugs_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.slug for r in RULES}) == len(RULES)


@pytest.mark.parametrize(("code", "label", "kwargs"), CASES)
def test_doc_example(code: str, label: str, kwargs: str, run_example: RunExample) -> None:
    wb = run_example(kwargs)
    found = {f.code for f in engine.run(wb, Config())}
    if label == "Okay":
        assert code not in found, f"Okay: {kwargs} produced {code}"
    else:
        assert label in found, f"{label}: {kwargs} did not produce {label} (found {sorted(found)})"


@pytest.mark.parametrize(("code", "label", "line"), READING_CASES)
def test_reading_doc_example(code: str, label: str, line: str) -> None:
    found = workbooks.codes(line)
    if label == "Okay":
        assert code not in found, f"Okay: {line} produced {code}"
    else:
        assert label in found, f"{label}: {line} did not produce {label} (found {sorted(found)})"


def test_reading_base_workbook_is_clean() -> None:
    """The workbook the reading examples edit reads without a single finding."""
    assert workbooks.codes("") == set()


def test_reading_notation_rejects_prose() -> None:
    with pytest.raises(ValueError, match="not a step"):
        workbooks.codes("全年预算数 = 约九十五万")
    with pytest.raises(ValueError, match="not a value"):
        workbooks.codes("项目1!E7 = 约九十五万")


def test_default_example_is_clean_of_my_families(run_example: RunExample) -> None:
    """The default example is the consistent workbook the examples start from."""
    found = [(f.code, f.cell) for f in engine.run(run_example(""), Config()) if f.code[:3] in ("PC1", "PC2")]
    assert found == []


class TestPrintCatalog:
    def test_json(self) -> None:
        buf = io.StringIO()
        catalog.print_catalog(lang="en", fmt="json", out=buf)
        data = json.loads(buf.getvalue())
        assert [d["code"] for d in data] == [r.code for r in RULES]
        pc101 = next(d for d in data if d["code"] == "PC101")
        assert pc101["slug"] == "funds-total-mismatch" and pc101["severity"] == "error"
        assert "{expected}" in pc101["message"]["en"]

    def test_markdown_has_every_rule_and_section(self) -> None:
        buf = io.StringIO()
        catalog.print_catalog(fmt="markdown", out=buf)
        md = buf.getvalue()
        for r in RULES:
            assert f"\n### {r.code}\n" in md
            assert f"`{r.slug}`" in md
        assert "#### 检查内容 What it does" in md
        assert "\n## 检查内容" not in md  # doc headings demoted below the rule's heading

    def test_catalog_json_is_current(self) -> None:
        """perfcheck/catalog.json (what `perfcheck rules` and `perfcheck rule` print) equals the registry:
        regenerate with `python -m perfcheck.report.catalog`."""
        live = [catalog.rule_dict(r) for r in RULES]
        assert catalog.static_catalog() == live, f"perfcheck/catalog.json is stale: run {catalog.REGENERATE}"

    def test_docs_rules_md_is_current(self) -> None:
        """docs/rules.md is generated: regenerate with `python -m perfcheck.report.catalog`."""
        path = ROOT / "docs" / "rules.md"
        assert path.exists()
        buf = io.StringIO()
        catalog.print_catalog(lang="zh", fmt="markdown", out=buf)
        assert path.read_text("utf-8") == buf.getvalue(), f"docs/rules.md is stale: run {catalog.REGENERATE}"

    def test_the_regenerate_command_writes_both_files(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The one command named in the messages above writes exactly what the two checks compare."""
        monkeypatch.setattr(catalog, "CATALOG_JSON", tmp_path / "catalog.json")
        monkeypatch.setattr(catalog, "RULES_MD", tmp_path / "rules.md")
        assert catalog.REGENERATE == "python -m perfcheck.report.catalog"
        catalog.regenerate()
        assert json.loads((tmp_path / "catalog.json").read_text("utf-8")) == [catalog.rule_dict(r) for r in RULES]
        assert (tmp_path / "rules.md").read_text("utf-8") == (ROOT / "docs" / "rules.md").read_text("utf-8")

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_text_table(self, lang: str) -> None:
        buf = io.StringIO()
        catalog.print_catalog(lang=lang, fmt="text", out=buf)
        text = buf.getvalue()
        assert "PC101" in text and "funds-total-mismatch" in text
        assert ("年度资金总额" if lang == "zh" else "Total funds differ") in text

    def test_unknown_format(self) -> None:
        with pytest.raises(ValueError, match="unknown format"):
            catalog.print_catalog(fmt="yaml", out=io.StringIO())


class TestPrintRule:
    def test_by_code_and_slug(self) -> None:
        a, b = io.StringIO(), io.StringIO()
        assert catalog.print_rule("pc204", out=a)
        assert catalog.print_rule("full-score-target-missed", lang="en", out=b)
        assert a.getvalue().startswith("PC204  full-score-target-missed  (错误 error)")
        assert b.getvalue().startswith("PC204  full-score-target-missed  (error)")
        assert "## 示例 Example" in a.getvalue()
        assert "Message, e.g. (en)" in a.getvalue()            # a real message, not the template

    def test_unknown(self) -> None:
        buf = io.StringIO()
        assert catalog.print_rule("PC999", out=buf) is False
        assert buf.getvalue() == ""


def test_catalog_does_not_import_heavy_modules() -> None:
    """`perfcheck rules` and `perfcheck rule CODE` serve the catalog as data: no heavy import.  The
    generator (`rules --format json`, which writes catalog.json) runs the rules' examples; those of
    the department and monitoring forms go through the real writer and reader (xlsxwriter,
    calamine), but never pandas or openpyxl."""
    heavy = "('pandas', 'openpyxl', 'xlsxwriter', 'python_calamine')"
    for call, allowed in (("catalog.print_catalog(fmt='text', out=io.StringIO())", ()),
                          ("catalog.print_rule('PC204', out=io.StringIO())", ()),
                          ("catalog.print_catalog(fmt='json', out=io.StringIO())", ("xlsxwriter", "python_calamine"))):
        code = (f"import sys, io; from perfcheck.report import catalog; {call};"
                f" print([m for m in {heavy} if m in sys.modules and m not in {allowed!r}])")
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
        assert res.stdout.strip() == "[]", call
