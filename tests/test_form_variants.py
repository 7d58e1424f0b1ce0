"""forms.md §5: each published variant of the project form reads without a structural finding, and a
planted arithmetic defect on that same form is still found at its cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from builders.grids import Row, find, form_rows, write

from perfcheck import api
from perfcheck.findings import Finding

# Structural findings: reading (PC0xx) and completeness/names (PC3xx).
STRUCTURAL = ("PC0", "PC3")
# A workbook of project forms alone: the missing workbook-level sheets are expected (PC007).
EXPECTED_ALWAYS = {"PC007"}
# PC311 (其中 parts do not add up) is arithmetic on the form, not a structural finding.
ARITHMETIC = {"PC311"}


def findings(rows: list[Row], tmp_path: Path, name: str = "v.xlsx") -> list[Finding]:
    report = api.validate(write(rows, tmp_path / name))
    assert report.readable, report.error
    return [f for f in report.findings if f.code not in EXPECTED_ALWAYS]


def structural(fs: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code, f.cell) for f in fs if f.code.startswith(STRUCTURAL) and f.code not in ARITHMETIC
            and f.severity.value != "info"]


def codes_at(fs: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.code, f.cell) for f in fs if f.severity.value != "info"}


def test_base_form_is_clean(tmp_path: Path) -> None:
    assert codes_at(findings(form_rows(), tmp_path)) == set()


# -- the variants ------------------------------------------------------------------------------------


def breakdown_rows(rows: list[Row]) -> None:
    """其中 rows under an indicator: unscored parts of 培训人数 (30 + 22 = 52)."""
    i = find(rows, "培训人数", 3)
    rows[i + 1:i + 1] = [[None, "产出指标", "数量指标", "其中：新建培训班学员", "≥30人", "30人", None, None, None],
                         [None, "产出指标", "数量指标", "其中：续训学员", "≥20人", "22人", None, None, None]]


def funds_parts_scored(rows: list[Row]) -> None:
    """The 当年财政拨款 and 其他资金 rows carry their own 分值 / 执行率 / 得分 (5 + 5 = 10)."""
    t = find(rows, "年度资金总额", 1)
    rows[t] = [None, "年度资金总额", None, 100, 100, 100, 10, 1, 10]
    rows[t + 1] = [None, "其中：当年财政拨款", None, 60, 60, 60, 5, 1, 5]
    rows[t + 3] = [None, "其他资金", None, 40, 40, 40, 5, 1, 5]


def reason_header(text: str) -> Callable[[list[Row]], None]:
    def apply(rows: list[Row]) -> None:
        rows[find(rows, "偏差原因分析及改进措施", 8)][8] = text
    apply.__name__ = f"reason_header_{text}"
    return apply


def short_level_names(rows: list[Row]) -> None:
    """一级 without the trailing 指标, and 服务对象满意度指标等."""
    for r in rows:
        if len(r) > 2 and r[1] in ("产出指标", "效益指标", "满意度指标"):
            r[1] = r[1].removesuffix("指标")
        if len(r) > 2 and r[2] == "服务对象满意度指标":
            r[2] = "服务对象满意度指标等"


def no_initial_column(rows: list[Row]) -> None:
    """No 年初预算数 column (some provinces' 绩效目标自评表)."""
    h = find(rows, "年初预算数", 3)
    for r in rows[h:h + 5]:
        if len(r) > 3:
            r[3] = None


def no_grade_row(rows: list[Row]) -> None:
    del rows[find(rows, "自评等级", 0)]


def header_total(rows: list[Row]) -> None:
    """自评得分 stated in the header block as well as in the 总分 row."""
    rows[find(rows, "项目名称", 0)] = ["项目名称", "职业技能培训补助", None, None, None, None, "自评得分", 100]


def look_alike_operators(rows: list[Row]) -> None:
    for name, target in (("培训人数", "＞＝ 50人"), ("培训合格率", "═95%"), ("参训人员就业率", "⩾80%"),
                         ("参训人员满意度", "≥= 90%")):
        rows[find(rows, name, 3)][4] = target


def amounts_with_units(rows: list[Row]) -> None:
    for label in ("年度资金总额", "其中：当年财政拨款"):
        r = rows[find(rows, label, 1)]
        r[3], r[4], r[5] = "100万元", "100.00万元", "100 万元"


VARIANTS = [breakdown_rows, funds_parts_scored, reason_header("未完成原因及拟采取的改进措施"),
            reason_header("偏差原因及改进措施"), reason_header("未完成原因分析"), reason_header("原因分析及改进措施"),
            short_level_names, no_initial_column, no_grade_row, header_total, look_alike_operators,
            amounts_with_units]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.__name__)
def test_variant_reads_without_structural_finding(variant: Callable[[list[Row]], None], tmp_path: Path) -> None:
    rows = form_rows()
    variant(rows)
    fs = findings(rows, tmp_path)
    assert structural(fs) == []
    assert codes_at(fs) == set(), [f.message("zh") for f in fs]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.__name__)
def test_planted_score_defect_still_found(variant: Callable[[list[Row]], None], tmp_path: Path) -> None:
    """培训人数 scored 20 for 45 of ≥50 (18 is right), with a reason: PC204 at its 得分 cell."""
    rows = form_rows()
    variant(rows)
    i = find(rows, "培训人数", 3)
    rows[i][5] = "45人"
    rows[i][8] = "部分学员因就业提前退训，下一步将加强学员管理"
    fs = findings(rows, tmp_path)
    assert ("PC204", f"H{i + 1}") in codes_at(fs)
    assert structural(fs) == []


# -- the variant's own arithmetic is checked ---------------------------------------------------------


def test_breakdown_parts_that_do_not_add_up(tmp_path: Path) -> None:
    rows = form_rows()
    breakdown_rows(rows)
    i = find(rows, "其中：续训学员", 3)
    rows[i][5] = "12人"                      # 30 + 12 = 42, the indicator says 52
    fs = findings(rows, tmp_path)
    parent = find(rows, "培训人数", 3) + 1
    assert codes_at(fs) == {("PC311", f"F{parent}")}
    msg = next(f for f in fs if f.code == "PC311").message("zh")
    assert "42人" in msg and "第14–15行" in msg and "多填 10 人" in msg


def test_funds_part_score_wrong(tmp_path: Path) -> None:
    rows = form_rows()
    funds_parts_scored(rows)
    other = find(rows, "其他资金", 1)
    rows[other][5], rows[other][7] = 20, 0.5     # 其他资金 spent 20 of 40: 5 × 50% = 2.5, stated 5
    t = find(rows, "年度资金总额", 1)
    rows[t][5], rows[t][7], rows[t][8] = 80, 0.8, 10
    rows[find(rows, "总分", 0)][7] = 100
    fs = findings(rows, tmp_path)
    got = codes_at(fs)
    # one defect: the 其他资金 score; the total row's 10 is the sum of the stated parts (5 + 5)
    assert ("PC113", f"I{other + 1}") in got
    assert not any(c in ("PC104", "PC105") for c, _ in got)
    assert got - {("PC113", f"I{other + 1}")} == {("PC109", f"H{t + 1}")}   # 80% and no reason column
    rows[t][8] = 9                           # the total no longer adds up: 5 + 5 ≠ 9
    assert ("PC113", f"I{t + 1}") in codes_at(findings(rows, tmp_path, "v2.xlsx"))
    assert structural(fs) == []


def test_header_score_wrong(tmp_path: Path) -> None:
    rows = form_rows()
    header_total(rows)
    rows[find(rows, "项目名称", 0)][7] = 95
    fs = findings(rows, tmp_path)
    assert codes_at(fs) == {("PC218", "H3")}


def test_no_initial_column_still_checks_the_rate(tmp_path: Path) -> None:
    rows = form_rows()
    no_initial_column(rows)
    t = find(rows, "年度资金总额", 1)
    rows[t][7] = 0.9                          # 100 of 100 spent: 100%, stated 90%
    fs = findings(rows, tmp_path)
    assert ("PC102", f"H{t + 1}") in codes_at(fs) and structural(fs) == []


# --------------------------------------------------------------------------------------------------
# Sheets written with a namespace prefix (the .NET Open XML SDK writes <x:worksheet xmlns:x=…><x:c …>)
# --------------------------------------------------------------------------------------------------

_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _prefixed_copy(src: Path, dest: Path) -> Path:
    """The same workbook with every worksheet's main-namespace elements written ``x:``-prefixed."""
    import re
    import zipfile

    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename.startswith("xl/worksheets/") and _MAIN in data:
                data = data.replace(_MAIN, _MAIN.replace(b"xmlns=", b"xmlns:x="))
                data = re.sub(rb"<(/?)([A-Za-z]\w*)(?=[\s/>])", rb"<\1x:\2", data)
            zo.writestr(info, data)
    return dest


@pytest.mark.parametrize("sample", ["bad/典型错误.xlsx", "good/示例单位2023.xlsx", "共青城市工信局2023.xlsx"])
def test_prefixed_sheets_give_the_same_findings(sample: str, tmp_path: Path) -> None:
    """Formulas are read from prefixed cell elements too, so the root-cause findings stay the same
    (项目4!H20 of the defect sample is PC217, a total typed over its formula, not PC210)."""
    src = Path(__file__).resolve().parent.parent / "samples" / sample
    copy = _prefixed_copy(src, tmp_path / "prefixed.xlsx")
    assert b"<x:c " in zipfile_member(copy)

    def found(path: Path) -> list[tuple[str, str | None, str | None, str]]:
        return [(f.code, f.sheet, f.cell, f.message("zh")) for f in api.validate(path).findings]

    assert found(copy) == found(src)


def zipfile_member(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
