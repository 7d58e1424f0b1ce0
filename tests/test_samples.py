"""The bundled samples: they never drift from ``samples/generate.py``, the good one is clean, the defect
one gives exactly its sidecar's findings, and the seed shows what docs/scoring.md §8 says it must."""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
import yaml  # type: ignore[import-untyped]
from specs import seed_gongqing
from specs._xlsx import sheet_parts

from perfcheck.findings import Report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "共青城市工信局2023.xlsx"
GOOD = SAMPLES / "good" / "示例单位2023.xlsx"
BAD = SAMPLES / "bad" / "典型错误.xlsx"
SIDECAR = SAMPLES / "bad" / "典型错误.expect.yaml"
SEED_TEXT_DIR = ROOT.parent / "shared" / "seeds"   # the report itself, where shared/ sits beside the repo


def _load_generate() -> ModuleType:
    """samples/generate.py under its own name: benchmarks/generate.py is another top-level ``generate``
    (benchmarks/bench.py imports it as such), so a plain ``import generate`` would depend on test order."""
    spec = importlib.util.spec_from_file_location("samples_generate", SAMPLES / "generate.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["samples_generate"] = mod
    spec.loader.exec_module(mod)
    return mod


generate = _load_generate()




@cache
def validated(path: Path) -> Report:
    from perfcheck import api

    report = api.validate(path)
    assert report.readable, report.error
    return report


def found(report: Report) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.code, f.severity.value, f.sheet, f.cell) for f in report.findings]


def at(report: Report, code: str) -> set[tuple[str | None, str | None]]:
    return {(f.sheet, f.cell) for f in report.findings if f.code == code}


# --------------------------------------------------------------------------------------------------
# No drift: the committed files are what generate.py writes
# --------------------------------------------------------------------------------------------------


def _cells(path: Path) -> dict[str, Any]:
    """Sheet names, and per sheet its merged ranges and every non-empty cell as (formula or value, stored value)."""
    formulas = openpyxl.load_workbook(path, read_only=True)
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out: dict[str, Any] = {"sheets": formulas.sheetnames}
    with zipfile.ZipFile(path) as z:
        parts = sheet_parts(z)
        for name in formulas.sheetnames:
            stored = {c.coordinate: c.value for row in values[name].iter_rows() for c in row
                      if getattr(c, "coordinate", None)}
            xml = z.read(parts[name]).decode("utf-8")
            out[name] = {
                "merged": sorted(re.findall(r'<mergeCell ref="([^"]+)"', xml)),
                "cells": {c.coordinate: (c.value, stored.get(c.coordinate))
                          for row in formulas[name].iter_rows() for c in row
                          if getattr(c, "coordinate", None) and c.value is not None},
            }
    formulas.close()
    values.close()
    return out


@pytest.mark.parametrize("module", generate.SAMPLES, ids=lambda m: m.OUTPUT)
def test_committed_sample_equals_a_fresh_generation(module: ModuleType, tmp_path: Path) -> None:
    fresh = generate.build(module, tmp_path)
    committed = SAMPLES / module.OUTPUT
    assert committed.exists(), f"{committed} is missing: run python samples/generate.py"
    a, b = _cells(committed), _cells(fresh)
    assert a["sheets"] == b["sheets"]
    for sheet in a["sheets"]:
        assert a[sheet]["merged"] == b[sheet]["merged"], sheet
        ca, cb = a[sheet]["cells"], b[sheet]["cells"]
        diff = {k: (ca.get(k), cb.get(k)) for k in ca.keys() | cb.keys() if ca.get(k) != cb.get(k)}
        assert not diff, f"{module.OUTPUT} / {sheet} drifted from samples/generate.py: {sorted(diff.items())[:5]}"


# --------------------------------------------------------------------------------------------------
# The seed, as written (no perfcheck needed)
# --------------------------------------------------------------------------------------------------


def test_seed_transcription_cells() -> None:
    wb = openpyxl.load_workbook(SEED, data_only=True)
    unit = wb["单位概况"]
    labels = {unit[f"A{r}"].value: unit[f"B{r}"].value for r in range(2, unit.max_row + 1)}
    assert labels["单位名称"] == "共青城市工业和信息化局"
    assert labels["主管部门"] is None
    assert (labels["预算单位数"], labels["其中：二级预算单位数"]) == (2, 2)
    assert (labels["编制人数"], labels["其中：行政编制"], labels["事业编制"]) == (19, 5, 14)
    assert labels["主要职责"].count("\n") == 14 and "(十)" in labels["主要职责"]

    lst = wb["项目汇总"]
    names = [lst[f"B{r}"].value for r in range(4, 13)]
    assert names == list(seed_gongqing.LIST_ITEMS)
    assert names[6] == "二类-工业经济运行监测资金"          # the list's name, not 资金构成's
    assert lst["A13"].value == "合计"
    assert Decimal(str(lst["E13"].value)) == Decimal("1737.482")

    forms = [wb[f"项目{i}"] for i in range(1, 10)]
    assert [f["B3"].value for f in forms][:3] == ["个人奖类人才专项费监控", "二类-工经联运行经费监控", "个人奖类人才专项"]
    for f in forms:
        assert (f["G22"].value, f["H22"].value, f["B23"].value) == (100, 100, None)
        assert all(f[f"E{r}"].value is None and f[f"D{r}"].value is None for r in range(13, 22))
    assert forms[0]["F21"].value == "服务对象都满意。"
    assert forms[8]["F17"].value == "这些项目不会带来经济效益。"
    assert "，，" in forms[4]["F15"].value
    assert [f["E6"].value for f in forms] == [160, 9, 160, 870, 18, 450, 54, 15, 66.482]


def test_seed_texts_are_verbatim_in_the_report() -> None:
    files = sorted(SEED_TEXT_DIR.glob("*.txt")) if SEED_TEXT_DIR.is_dir() else []
    if not files:
        pytest.skip(f"the seed report is not beside the repository ({SEED_TEXT_DIR})")
    lines = files[0].read_text(encoding="utf-8").split("\n")
    texts = [*seed_gongqing.DUTIES, seed_gongqing.STAFF_PARAGRAPH, seed_gongqing.PROBLEMS, seed_gongqing.MEASURES,
             *(t for _, t in seed_gongqing.INDICATOR_TEXTS)]
    for t in texts:
        assert t in lines, t
    numbered = {line.split("、", 1)[1] for line in lines if "、" in line[:3]}
    for t in (*seed_gongqing.LIST_ITEMS, *seed_gongqing.FUNDS_ITEMS, *seed_gongqing.SCORE_ITEMS):
        assert t in numbered, t
    for level2, _ in seed_gongqing.INDICATOR_TEXTS:
        assert any(line.strip().endswith(f"、{level2}") for line in lines), level2


# --------------------------------------------------------------------------------------------------
# Through the whole pipeline
# --------------------------------------------------------------------------------------------------


def test_good_sample_has_no_error_and_no_warning() -> None:
    report = validated(GOOD)
    bad = [x for x in found(report) if x[1] in ("error", "warning")]
    assert bad == []
    assert {p.name for p in report.projects} >= {"中小企业公共服务平台运行经费", "数字经济发展专班工作经费"}


def test_good_sample_reads_messy_typing_and_the_shifted_form() -> None:
    report = validated(GOOD)
    by_sheet = {p.sheet: p for p in report.projects}
    shifted = by_sheet["项目3"]
    assert shifted.budget == Decimal("45") and shifted.spent == Decimal("44.2")
    assert by_sheet["项目4"].budget == Decimal("1234.5")
    assert by_sheet["项目2"].execution_rate == Decimal("0.87")

    from perfcheck import reader
    from perfcheck.config import Config
    from perfcheck.model import FundKey, Op

    form = next(f for f in reader.read_workbook(GOOD, Config()).forms if f.sheet == "项目3")
    assert form.anchor.cell == "B3"                                   # two rows down, one column right
    assert form.funds_header["annual_budget"].cell == "F7"            # 调整后预算数
    assert form.indicator_header["actual"].cell == "G14"              # 全年实际值
    fiscal = form.funds[FundKey.FISCAL]                               # 本年财政拨款
    assert (fiscal.budget.raw, fiscal.budget.value, fiscal.spent.value) == ("40万元", Decimal("40"), Decimal("39.2"))
    assert form.funds[FundKey.CARRYOVER].spent.value == Decimal("5")  # full-width ５
    targets = [(i.target.raw, i.target.value.op if i.target.value else None) for i in form.indicators]
    assert targets[:3] == [("不少于20场", Op.GE), (">=50 个", Op.GE), ("≧90%", Op.GE)]
    assert targets[4] == ("不超过30万元", Op.LE)


def _sidecar() -> list[tuple[str, str, str | None, str | None]]:
    data = yaml.safe_load(SIDECAR.read_text(encoding="utf-8"))
    return [(f["code"], f["severity"], f.get("sheet"), f.get("cell")) for f in data["findings"]]


def test_defect_sample_gives_exactly_the_sidecar_findings() -> None:
    expected, actual = Counter(_sidecar()), Counter(found(validated(BAD)))
    missing, extra = expected - actual, actual - expected
    assert not missing and not extra, f"missing: {sorted(missing.elements())}\nextra: {sorted(extra.elements())}"


# The seed, item by item of docs/scoring.md §8 (each finding at its cell)

FORMS = [f"项目{i}" for i in range(1, 10)]


def test_seed_nine_projects_totalling_1737_482() -> None:
    r = validated(SEED)
    assert not at(r, "PC504")                      # the 合计 agrees with its nine rows
    from perfcheck import reader
    from perfcheck.config import Config

    wb = reader.read_workbook(SEED, Config())
    assert wb.project_list is not None and wb.project_list.total is not None
    assert len(wb.project_list.rows) == 9
    total = wb.project_list.total.cells["annual_budget"]
    assert (total.value, total.at.cell) == (Decimal("1737.482"), "E13")


def test_seed_list_and_scored_forms_do_not_match() -> None:
    r = validated(SEED)
    # 一类-日常运行经费 is never scored; 二类-工经联运行经费, 四-1类-政府购岗有员工作经费 and
    # 二类-工业经济运行监测资金 are scored under other names
    assert at(r, "PC501") == {("项目汇总", "B4"), ("项目汇总", "B5"), ("项目汇总", "B8"), ("项目汇总", "B10")}
    # the forms whose names match no row; 项目1 is the duplicate of 项目3 (个人奖类人才专项)
    assert at(r, "PC502") == {("项目1", "B3"), ("项目2", "B3"), ("项目5", "B3"), ("项目7", "B3")}
    dup = next(f for f in r.findings if f.code == "PC502" and f.sheet == "项目1")
    assert dup.ctx["closest"] == "个人奖类人才专项"


def test_seed_budget_units_contradiction() -> None:
    assert ("单位概况", "B5") in at(validated(SEED), "PC507")


def test_seed_every_project_at_100() -> None:
    # every form at 100 while 存在的问题 says 部分项目未完成预算: the all-full-marks review warning,
    # at the 自评得分 header of 项目汇总
    assert at(validated(SEED), "PC407") == {("项目汇总", "H3")}


def test_seed_has_no_targets() -> None:
    r = validated(SEED)
    assert {(f, "E13") for f in FORMS} <= at(r, "PC410")


def test_seed_vague_and_not_applicable_indicators() -> None:
    r = validated(SEED)
    # 这些项目不会带来经济效益。 / 这些项目不会对当地环境带来影响。
    assert {(f, c) for f in FORMS for c in ("F17", "F19")} <= at(r, "PC309")
    # 服务对象都满意。 is no percentage
    assert {(f, "F21") for f in FORMS} <= at(r, "PC402")


def test_seed_execution_not_reported() -> None:
    r = validated(SEED)
    assert not at(r, "PC009")
    assert {(f, "F6") for f in FORMS} <= at(r, "PC110")
