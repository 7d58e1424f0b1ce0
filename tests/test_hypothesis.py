"""Property tests: whatever people type into a form, and whatever happens to the bytes on the way,
the reader and the rules never raise, and the CLI never shows a traceback."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("perfcheck.reader")
pytest.importorskip("perfcheck.template.build")

import openpyxl  # noqa: E402
from hypothesis import HealthCheck, Phase, assume, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from openpyxl.cell.cell import MergedCell  # noqa: E402

from perfcheck import api  # noqa: E402
from perfcheck.config import Config  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# No shrink phase: an example costs about a second, and a shrink can take minutes; the failing
# example is printed as found.  Found bugs are kept below as explicit @example regressions.
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])

# The input cells of a template form (default positions): funds, goals, indicator rows.
INPUT_CELLS = (["B3", "B4", "G4"] + [f"{c}{r}" for r in (7, 8, 9) for c in "DEFJ"] + ["B11", "G11"]
               + [f"{c}{r}" for r in range(13, 17) for c in "BCDEFGHI"])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from builders.workbooks import base_spec, write

    return write(tmp_path_factory.mktemp("hyp") / "base.xlsx", base_spec()).read_bytes()


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
_typed = st.sampled_from(["", " ", "—", "无", "/", "９５", "95万元", "1,234.50", "≥50个", "不少于 50 个", "95.3%",
                          "100％", "=1/0", "#DIV/0!", "#REF!", "NaN", "inf", "-0", "1e309", "2023年12月31日前",
                          "达成年度指标", "\u202e反转", "[red]x[/red]", "${jndi:x}", "'", "0x1F", "１２３．５"])
_number = st.one_of(st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True),
                    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9)
                    .map(float))
_date = st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31))
_value = st.one_of(st.none(), _text, _typed, _number, _date, st.booleans())


@settings(SETTINGS, max_examples=30)
@given(cells=st.dictionaries(st.sampled_from(INPUT_CELLS), _value, min_size=1, max_size=25))
@example(cells={"B3": 1.0169298506451465e30})        # a huge number as the project name
@example(cells={"D7": 1e300, "E7": -1e-300, "F7": 12345678901234567890.0})
def test_anything_typed_into_a_form(base: bytes, tmp_path: Path, cells: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(base))
    ws = wb["项目1"]
    try:
        for ref, value in cells.items():
            if not isinstance(ws[ref], MergedCell):      # the hidden part of a merged range takes no input
                ws[ref] = value
    except (ValueError, TypeError):        # openpyxl refuses some characters: nothing to test then
        assume(False)
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    report = api.validate(path, Config(), debug=True)     # debug: any exception is a failure
    assert report.readable, report.error
    for f in report.findings:
        assert f.message("zh") and f.message("en")
        f.to_dict()


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    b = bytearray(data)
    for pos, val in edits:
        b[pos % len(b)] = val
    return bytes(b)


@SETTINGS
@given(edits=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=8))
def test_random_byte_mutations(base: bytes, tmp_path: Path, edits: list[tuple[int, int]]) -> None:
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(_mutate(base, edits))
    report = api.validate(path, Config())
    assert report.error_kind != "internal", report.error    # every failure has a known reason
    if not report.readable:
        assert report.error and "\n" not in report.error and str(path) in report.error


@SETTINGS
@given(member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/workbook.xml",
                               "xl/sharedStrings.xml", "xl/styles.xml", "[Content_Types].xml"]),
       start=st.integers(0, 10**6), length=st.integers(0, 200), junk=st.binary(max_size=64))
def test_mangled_xml_parts(base: bytes, tmp_path: Path, member: str, start: int, length: int, junk: bytes) -> None:
    """Damage inside a part (the zip itself stays valid): the reader must give a reason, not crash."""
    path = tmp_path / "mangled.xlsx"
    with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member and data:
                i = start % len(data)
                data = data[:i] + junk + data[i + length:]
            zout.writestr(info.filename, data)
    report = api.validate(path, Config())
    assert report.error_kind != "internal", report.error


def test_cli_on_mutated_files(base: bytes, tmp_path: Path) -> None:
    """One CLI run over a folder of mutated copies: exit 0, 1 or 2, a verdict per file, no traceback."""
    rng = random.Random(20231231)
    folder = tmp_path / "inbox"
    folder.mkdir()
    names = [f"m{i:02d}.xlsx" for i in range(12)]
    for name in names:
        edits = [(rng.randrange(len(base)), rng.randrange(256)) for _ in range(rng.randint(1, 6))]
        (folder / name).write_bytes(_mutate(base, edits))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "perfcheck", "validate", str(folder), "--format", "json",
                           "--no-annotate", "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    reports = data if isinstance(data, list) else data.get("files", data.get("reports", []))
    assert sorted(Path(r["path"]).name for r in reports) == names
