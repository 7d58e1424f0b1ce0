"""The terminal reporters: grouped (default), --verbose, concise, --statistics, the send-back list,
--out mirroring, usage errors in the chosen language."""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from builders.reports import fake_validate, make_input
from rich.cells import cell_len
from typer.testing import CliRunner

from perfcheck.cli import app
from perfcheck.findings import ExitStatus
from perfcheck.report.console import compress_sheets, where_parts, wrap_phrases
from perfcheck.rules.base import finding
from perfcheck.runner import run_validate

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "共青城市工信局2023.xlsx"


def run(paths: list[Path], **kw: Any) -> tuple[ExitStatus, str, str]:
    out, err = io.StringIO(), io.StringIO()
    kw.setdefault("jobs", 1)
    code = run_validate(paths, stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def seed_json() -> dict[str, Any]:
    code, out, _ = run([SEED], fmt="json", annotate=False)
    assert code == ExitStatus.FINDINGS
    doc: dict[str, Any] = json.loads(out)
    return doc


@pytest.fixture()
def columns120(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")


# ------------------------------------------------------------------------------------------------
# layout helpers
# ------------------------------------------------------------------------------------------------


def test_compress_sheets() -> None:
    assert compress_sheets([f"项目{i}" for i in range(1, 10)]) == "项目1–9"
    assert compress_sheets(["项目1", "项目2", "项目5", "项目7"]) == "项目1–2,5,7"
    assert compress_sheets(["单位概况", "项目3", "项目4", "表A"]) == "单位概况, 项目3–4, 表A"


def test_wrap_breaks_only_after_phrases() -> None:
    text = "年度资金总额的年初预算数为 90 万元，而当年财政拨款、上年结转资金、其他资金之和为 85 万元（差额 5 万元）"
    lines = wrap_phrases(text, 60)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(x) <= 60 for x in lines)
    assert all(x.endswith(("，", "、", "）")) for x in lines)         # never inside "85 万元"
    sentence = "The total funds of 90 differ from the sum of fiscal, carry-over and other funds"
    en = wrap_phrases(sentence, 30)
    assert all(cell_len(x) <= 30 for x in en) and " ".join(en) == sentence


# ------------------------------------------------------------------------------------------------
# the seed sample
# ------------------------------------------------------------------------------------------------


def test_seed_default_report_is_short_and_names_every_rule(columns120: None, seed_json: dict[str, Any]) -> None:
    code, out, _ = run([SEED], annotate=False)
    lines = out.rstrip("\n").splitlines()
    assert code == ExitStatus.FINDINGS
    assert len(lines) <= 40, out
    assert all(cell_len(x) <= 120 for x in lines)
    findings = seed_json["files"][0]["findings"]
    counts = Counter(f["code"] for f in findings)
    for code_, n in counts.items():
        group = [x for x in lines if re.match(rf"^  {code_} \S+ +×{n} ", x)]
        assert len(group) == 1, (code_, n)
    # PC110: 18 findings in one line (the empty 得分 I6 is the template's formula over the empty
    # 全年执行数 F6: one defect, one finding — issue 11)
    assert "项目1–9: D6 F6 " in out
    assert "错误 109，警告 28，提示 0 — 退回修改" in out
    # the example message is one full message, never cut in a phrase
    assert findings[0]["message"] in out


def test_seed_verbose_lists_every_finding(columns120: None, seed_json: dict[str, Any]) -> None:
    _, out, _ = run([SEED], annotate=False, verbose=True)
    findings = seed_json["files"][0]["findings"]
    located = [ln.split()[0] for ln in out.splitlines() if re.match(r"^ {8}\S+!\S+  ", ln)]
    assert Counter(located) == Counter(f"{f['sheet']}!{f['cell']}" for f in findings if f["sheet"])
    for f in findings:
        assert f["message"].split("，")[0] in out


def test_concise_one_line_per_finding(seed_json: dict[str, Any], tmp_path: Path) -> None:
    files = sorted((ROOT / "samples").rglob("*.xlsx"), key=lambda p: p.as_posix())
    code, out, _ = run(files, fmt="concise", annotate=False, summary=tmp_path / "r.xlsx")
    _, js, _ = run(files, fmt="json", annotate=False, summary=tmp_path / "r2.xlsx")
    doc = json.loads(js)
    expected = [f"{d['path']}:{f['sheet']}!{f['cell']}: {f['code']} " if f["sheet"] else f"{d['path']}: {f['code']} "
                for d in doc["files"] for f in d["findings"]]
    got = [ln for ln in out.splitlines() if any(ln.startswith(d["path"] + ":") for d in doc["files"])]
    assert len(got) == len(expected) == sum(len(d["findings"]) for d in doc["files"])
    assert [ln[: len(e)] for ln, e in zip(got, expected, strict=True)] == expected
    assert all(re.match(r"^.+: PC\d{3} (错误|警告|提示) \S", ln) for ln in got)


def test_statistics_counts_per_rule(seed_json: dict[str, Any], columns120: None) -> None:
    _, out, _ = run([SEED], annotate=False, statistics=True)
    counts = Counter(f["code"] for f in seed_json["files"][0]["findings"])
    rows = {m.group(2): int(m.group(1)) for m in re.finditer(r"^ +(\d+) +\d+ +\d+ +(PC\d{3}) ", out, re.M)}
    assert rows == dict(counts)
    assert "×27" not in out                                          # no per-file groups
    _, js, _ = run([SEED], annotate=False, statistics=True, fmt="json")
    stats = {r["code"]: r for r in json.loads(js)["statistics"]}
    assert {c: r["findings"] for c, r in stats.items()} == dict(counts)
    assert stats["PC110"]["projects"] == 9 and stats["PC507"]["projects"] == 0


# ------------------------------------------------------------------------------------------------
# a folder run: send-back list, --out mirroring
# ------------------------------------------------------------------------------------------------


def test_same_named_files_of_two_units_get_mirrored_copies(tmp_path: Path) -> None:
    src = tmp_path / "收件"
    for unit in ("甲局", "乙局", "丙局"):
        (src / unit).mkdir(parents=True)
    make_input(src / "甲局" / "bad2024自评.xlsx")
    make_input(src / "乙局" / "bad2024自评.xlsx")
    make_input(src / "丙局" / "ok2024.xlsx")
    out = tmp_path / "审核结果"
    code, text, _ = run([src], out=out, validate_fn=fake_validate)
    assert code == ExitStatus.FINDINGS
    a = out / "甲局" / "bad2024自评.checked.xlsx"
    b = out / "乙局" / "bad2024自评.checked.xlsx"
    assert a.exists() and b.exists() and (out / "丙局" / "ok2024.checked.xlsx").exists()
    assert (out / "汇总.xlsx").exists()
    tail = text[text.index("退回清单"):]
    back, passed = tail.split("通过（")
    assert str(a) in back and str(b) in back and "单位-bad2024自评" in back
    assert "ok2024.xlsx" in passed and "单位-ok2024" in passed
    assert "合计: 3 个文件" in tail


def test_sendback_sorted_by_errors(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for name in ("warn1.xlsx", "bad1.xlsx", "ok1.xlsx"):
        make_input(d / name)
    (d / "broken1.xlsx").write_bytes(b"x")
    code, text, _ = run([d], annotate=False, validate_fn=fake_validate, lang="en", strict=True)
    tail = text[text.index("Send back"):]
    assert tail.index("bad1.xlsx") < tail.index("warn1.xlsx") < tail.index("Passed") < tail.index("ok1.xlsx")
    assert tail.index("Unreadable") < tail.index("broken1.xlsx")
    assert code == ExitStatus.UNREADABLE


def test_where_parts_group_sheets_with_the_same_cells(tmp_path: Path) -> None:
    from perfcheck.model import CellRef, Severity

    fs = [finding("PC110", Severity.ERROR, CellRef(f"项目{i}", c)) for i in (1, 2, 3) for c in ("D6", "F6")]
    fs.append(finding("PC110", Severity.ERROR, CellRef("项目4", "D7")))
    assert where_parts(fs, [f"项目{i}" for i in range(1, 5)], "zh") == ["项目1–3: D6 F6", "项目4: D7"]


# ------------------------------------------------------------------------------------------------
# usage errors in the chosen language
# ------------------------------------------------------------------------------------------------


def test_usage_errors_follow_lang(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["validate", str(tmp_path / "missing.xlsx"), "--lang", "en"])
    assert r.exit_code == 2 and "no such file or folder" in r.stderr and "不存在" not in r.stderr
    r = runner.invoke(app, ["validate", str(tmp_path / "missing.xlsx")])
    assert r.exit_code == 2 and "不存在" in r.stderr and "no such" not in r.stderr
    code, _, err = run([tmp_path], fmt="nonsense", lang="en")
    assert code == ExitStatus.UNREADABLE and "unknown format" in err and "grouped" in err
    r = runner.invoke(app, ["validate", str(tmp_path), "--format", "xml"])
    assert r.exit_code == 2 and "未知格式" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = runner.invoke(app, ["validate", "--help"])
    assert all(name in r.stdout for name in ("grouped", "concise", "json"))


def test_plain_validate_does_not_import_pandas() -> None:
    """pandas is for the roll-up and the export: a one-file validate without a copy never loads it."""
    import subprocess
    import sys

    code = ("import io, sys; from pathlib import Path; from perfcheck.runner import run_validate;"
            f" run_validate([Path({str(SEED)!r})], annotate=False, jobs=1, fmt='concise', stdout=io.StringIO());"
            " print([m for m in ('pandas', 'openpyxl', 'xlsxwriter') if m in sys.modules])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.stdout.strip() == "[]"


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["validate"], "缺少参数 PATH...", "Missing argument 'PATH...'"),
    (["validate", "--bogus", "x"], "没有选项 --bogus", "No such option: --bogus"),
    (["validate", "--jobs", "abc", "x"], "的值“abc”不是整数", "'abc' is not a valid int"),
    (["template", "--kind", "foo"], "的值“foo”不是以下之一", "'foo' is not one of"),
    (["nosuch"], "没有命令 nosuch", "No such command 'nosuch'"),
])
def test_click_usage_errors_follow_lang(args: list[str], zh: str, en: str) -> None:
    """The parser's own errors (before perfcheck's code runs) are one line in the chosen language,
    exit 2, no traceback."""
    import subprocess
    import sys

    for lang, want, unwanted in (("zh", zh, en), ("en", en, zh)):
        extra = ["--lang", lang] if args[0] != "nosuch" and lang == "en" else []
        proc = subprocess.run([sys.executable, "-m", "perfcheck", *args, *extra], capture_output=True, text=True,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if args[0] == "nosuch" and lang == "en":
            continue                       # no command, so no --lang to read: Chinese, the default
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and want in lines[0] and unwanted not in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr
