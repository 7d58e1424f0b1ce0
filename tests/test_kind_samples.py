"""The samples of the other kinds (samples/kinds/): the consistent ones give nothing, the planted-defect
ones exactly their sidecars (and the monitoring one its lights)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from perfcheck import api
from perfcheck.findings import Report

KINDS = Path(__file__).resolve().parents[1] / "samples" / "kinds"
GOOD = ("部门整体_示例2023.xlsx", "绩效监控_示例2023_1-7月.xlsx")
BAD = ("部门整体_典型错误.xlsx", "绩效监控_典型错误.xlsx")


@cache
def validated(name: str) -> Report:
    report = api.validate(KINDS / name)
    assert report.readable, report.error
    return report


@pytest.mark.parametrize("name", GOOD)
def test_consistent_sample_gives_nothing(name: str) -> None:
    report = validated(name)
    assert [(f.code, f.sheet, f.cell) for f in report.findings] == []


def test_consistent_samples_hold_their_kinds() -> None:
    from perfcheck.config import Config
    from perfcheck.reader import read_workbook

    d = read_workbook(KINDS / GOOD[0], Config())
    assert sorted(d.kinds.values()) == ["basicdata", "department", "project", "project"]
    m = read_workbook(KINDS / GOOD[1], Config())
    assert sorted(m.kinds.values()) == ["monitor", "monitor"]
    lights = validated(GOOD[1]).lights
    assert {x.light for x in lights} == {"green", "yellow", "red", "blue"}
    assert [(x.sheet, x.cell, x.subject, x.light) for x in lights if x.sheet == "监控2"] == [
        ("监控2", "L7", "funds", "yellow"), ("监控2", "L13", "平台功能模块建设", "red"),
        ("监控2", "L14", "验收合格率", "green"), ("监控2", "L15", "服务企业户数", "red")]


@pytest.mark.parametrize("name", BAD)
def test_planted_defects_give_exactly_the_sidecar(name: str) -> None:
    side = yaml.safe_load((KINDS / name.replace(".xlsx", ".expect.yaml")).read_text("utf-8"))
    assert side["workbook"] == name
    expected = sorted((x["code"], x["severity"], x["sheet"], x["cell"]) for x in side["findings"])
    report = validated(name)
    found = sorted((f.code, f.severity.value, f.sheet, f.cell) for f in report.findings)
    assert found == expected
    if "lights" in side:
        assert [(x.sheet, x.cell, x.light) for x in report.lights] == [
            (x["sheet"], x["cell"], x["light"]) for x in side["lights"]]


def test_every_new_rule_family_is_exercised_by_the_samples() -> None:
    codes = {f.code for name in BAD for f in validated(name).findings}
    assert {c[:3] for c in codes} == {"PC6", "PC7"}
    assert len(codes) >= 14


def test_annotated_copy_shows_each_light_as_a_fill(tmp_path: Path) -> None:
    """validate --out: every light of the JSON report is the fill of its cell in the copy, with the
    light's name written where perfcheck added the light column; the copy re-checks to the same
    findings and lights."""
    import io

    import openpyxl

    from perfcheck.lights import FILL_RGB, NAME_ZH
    from perfcheck.runner import run_validate

    name = "绩效监控_示例2023_1-7月.xlsx"
    src = KINDS / name
    code = run_validate([src], fmt="json", out=tmp_path, jobs=1, stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    copy = tmp_path / "绩效监控_示例2023_1-7月.checked.xlsx"
    wb = openpyxl.load_workbook(copy)
    lights = validated(name).lights
    assert {x.light for x in lights} >= {"green", "yellow", "red", "blue"}
    for x in lights:
        cell = wb[x.sheet][x.cell]
        assert cell.fill.fgColor.rgb[-6:] == FILL_RGB[x.light], (x.sheet, x.cell)
        if x.added:
            assert cell.value == NAME_ZH[x.light]
            assert x.header is not None and wb[x.sheet][x.header].value == "预警灯"   # the added column's heading
    # the printed form shows the lights too: each sheet's print area reaches the light column
    for x in lights:
        area = wb[x.sheet].print_area
        last_col = openpyxl.utils.cell.range_boundaries(area[0].split("!")[-1] if isinstance(area, list) else
                                                        str(area).split("!")[-1])[2]
        assert last_col >= openpyxl.utils.cell.column_index_from_string(x.cell.rstrip("0123456789")), area
    again = api.validate(copy)
    assert [(f.code, f.sheet, f.cell) for f in again.findings] == [(f.code, f.sheet, f.cell) for f in validated(name).findings]
    assert [(x.sheet, x.cell, x.light) for x in again.lights] == [(x.sheet, x.cell, x.light) for x in lights]
