"""``perfcheck rule CODE``: examples as workbook edits with what perfcheck reports, messages with real
values instead of ``{placeholders}``, usage errors in the chosen language."""

from __future__ import annotations

import io
import re

import pytest
from typer.testing import CliRunner

from perfcheck.cli import app
from perfcheck.report import catalog
from perfcheck.report.examples import describe_template

CODE_LIKE = re.compile(r"\b(edit=|dict\(|make_(unit|list|issues|form)\(|m\(None|full=True|forms=\[)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_reads_without_code_or_placeholders(lang: str) -> None:
    for r in catalog.static_catalog():
        text = catalog.rule_text(r, lang)
        assert not re.search(r"\{\w+[^}]*\}", text), (r["code"], lang)
        assert not CODE_LIKE.search(text), (r["code"], lang)
        assert r["examples"] is not None, r["code"]          # the committed catalog carries them


def test_pc204_example_is_a_workbook_edit_with_its_finding() -> None:
    buf = io.StringIO()
    assert catalog.print_rule("PC204", out=buf)
    text = buf.getvalue()
    assert "项目1!F13 实际完成值: 52人 → 45人" in text
    assert "→ PC204 项目1!H13: 「培训人数」实际完成值 45人 未达到年度指标值" in text
    assert "✓ 不报 PC204" in text and "✗ 报 PC204" in text
    assert text.index("## 示例 Example") < text.index("项目1!F13") < text.index("## 配置 Options")


def test_every_reporting_example_shows_its_finding() -> None:
    for r in catalog.static_catalog():
        if r["family"] == "reading" or r["removed"]:
            continue
        for ex in r["examples"]:
            if ex["label"] == r["code"]:
                assert ex["findings"], (r["code"], ex)
                assert all(f["zh"] and f["en"] and "{" not in f["zh"] for f in ex["findings"])
            elif ex["label"] == "Okay":
                assert ex["findings"] == [], (r["code"], ex)


def test_describe_template() -> None:
    assert describe_template("「{name}」实际完成值 {actual} 应为 {expected:.2f}", "zh") == \
        "「〈名称〉」实际完成值 〈实际完成值〉 应为 〈perfcheck 算出的值〉"
    assert describe_template("{group_en} missing", "en") == "〈group en〉 missing"


def test_unknown_rule_in_the_chosen_language() -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["rule", "PC999"])
    assert r.exit_code == 2 and "未知规则" in r.stderr and "unknown" not in r.stderr
    r = runner.invoke(app, ["rule", "PC999", "--lang", "en"])
    assert r.exit_code == 2 and "unknown rule" in r.stderr and "未知" not in r.stderr
    r = runner.invoke(app, ["rule", "PC204", "--lang", "en"])
    assert r.exit_code == 0 and "✗ gives PC204:" in r.stdout and "Actual: 52人 → 45人" in r.stdout
