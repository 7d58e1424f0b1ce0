"""``--format csv``: one row per finding, UTF-8 with BOM, formulas never, the same findings as JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from perfcheck import api
from perfcheck.report.formats.findings_csv import HEADERS, CsvStream, cell_text
from perfcheck.runner import run_validate

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "samples" / "bad" / "典型错误.xlsx"


def rows_of(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_one_row_per_finding_as_in_the_json_report() -> None:
    out, js = io.StringIO(), io.StringIO()
    run_validate([BAD], fmt="csv", annotate=False, stdout=out, stderr=io.StringIO())
    run_validate([BAD], fmt="json", annotate=False, stdout=js, stderr=io.StringIO())
    rows = rows_of(out.getvalue())
    assert rows[0] == ["文件", "单位", "工作表", "单元格", "代码", "级别", "问题", "怎么改"]
    findings = json.loads(js.getvalue())["files"][0]["findings"]
    assert len(rows) - 1 == len(findings) > 10
    level = {"error": "错误", "warning": "警告", "info": "提示"}
    assert sorted((r[2], r[3], r[4], r[5]) for r in rows[1:]) == sorted(
        (f["sheet"] or "", f["cell"] or "", f["code"], level[f["severity"]]) for f in findings)
    assert {r[0] for r in rows[1:]} == {str(BAD)} and {r[1] for r in rows[1:]} == {"示例县农业农村局"}
    first = next(r for r in rows if r[4] == "PC506")
    assert first[2:4] == ["单位概况", "B7"] and first[7] == "改为 28"      # the value to type
    assert all(r[6] and r[7] for r in rows[1:])                               # every row says what and how


def test_english_headers_and_an_unreadable_file(tmp_path: Path) -> None:
    broken = tmp_path / "坏.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    out = io.StringIO()
    code = run_validate([broken], fmt="csv", annotate=False, lang="en", stdout=out, stderr=io.StringIO())
    rows = rows_of(out.getvalue())
    assert rows[0] == list(HEADERS["en"])
    assert len(rows) == 2 and rows[1][5] == "unreadable" and rows[1][6] and int(code) == 2


def test_workbook_text_stays_text() -> None:
    assert cell_text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [cell_text(s) for s in ("+1", "-1", "@A1", "\tx", "改为 28", None)] == ["'+1", "'-1", "'@A1", "'\tx",
                                                                                  "改为 28", ""]
    report = api.validate(BAD)
    report.unit = "=cmd|' /C calc'!A0"
    out = io.StringIO()
    stream = CsvStream(out)
    stream.begin()
    stream.file(report)
    stream.end()
    assert {r[1] for r in rows_of(out.getvalue())[1:]} == {"'=cmd|' /C calc'!A0"}


def test_stdout_gets_utf8_with_bom_whatever_the_console_encoding(tmp_path: Path) -> None:
    dest = tmp_path / "findings.csv"
    env = {**os.environ, "PYTHONIOENCODING": "gb18030", "PYTHONPATH": str(ROOT)}
    with dest.open("wb") as fh:
        proc = subprocess.run([sys.executable, "-m", "perfcheck", "validate", str(BAD), "--format", "csv",
                               "--no-annotate"], stdout=fh, stderr=subprocess.PIPE, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    data = dest.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    text = data.decode("utf-8-sig")                 # not gb18030: the reporter wrote UTF-8 itself
    assert text.splitlines()[0] == ",".join(HEADERS["zh"]) and "示例县农业农村局" in text
