"""perfcheck/template/sheet.py's cell arithmetic and perfcheck/template/instructions.py's 填表说明 text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfcheck.config import Config, Execution, GradeBands, Weights
from perfcheck.template.instructions import instruction_items
from perfcheck.template.sheet import col, lines_needed, span, text_units


@pytest.mark.parametrize(("ref", "rc"), [("A1", (0, 0, 0, 0)), ("B3:J3", (2, 1, 2, 9)), ("AA10:AB12", (9, 26, 11, 27))])
def test_span(ref: str, rc: tuple[int, int, int, int]) -> None:
    assert span(ref) == rc


def test_columns_and_text_width() -> None:
    assert [col(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert text_units("项目名称") == 8 and text_units("ab") == 2 and text_units("项目A") == 5


def test_lines_needed_wraps_by_display_width_and_counts_line_breaks() -> None:
    assert lines_needed("项目名称", 10) == 1                    # 8 units in 10 - 2
    assert lines_needed("项目名称项", 10) == 2                  # 10 units: one too many
    assert lines_needed("项目名称", 10, bold=True) == 2         # bold text is wider: 8 > 8 / 1.1
    assert lines_needed("一\n\n二", 10) == 3                    # an empty line is a line
    assert lines_needed("x" * 5, 1) == 5                        # a column narrower than the padding: 1 unit a line


def test_instructions_follow_the_rules_file() -> None:
    default = dict(instruction_items())
    assert "预算执行率分值 10 分" in default["执行率与得分\nRate and score"]
    assert "执行率低于 90% 时" in default["执行率与得分\nRate and score"]
    assert "优 ≥90 分；良 80–90 分（不含90）；中 60–80 分（不含80）；差 <60 分" in default["总分与等级\nTotal and grade"]
    assert "产出指标 50 分，效益指标 30 分，满意度指标 10 分" in default["绩效指标\nIndicators"]
    cfg = Config(weights=Weights(execution=Decimal(20), output=Decimal(40)),
                 grades=GradeBands(excellent=Decimal(85), good=Decimal("75.5"), fair=Decimal(60)),
                 execution=Execution(reason_below=Decimal("0.75")))
    items = dict(instruction_items(cfg))
    assert "预算执行率分值 20 分" in items["执行率与得分\nRate and score"]
    assert "执行率低于 75% 时" in items["执行率与得分\nRate and score"]     # not 75.00%
    assert "优 ≥85 分；良 75.5–85 分（不含85）" in items["总分与等级\nTotal and grade"]
    assert "产出指标 40 分" in items["绩效指标\nIndicators"]
    assert list(items) == list(default)            # the same headings in the same order
