"""``perfcheck validate``: inputs, output names, exit codes, text and JSON output, --jobs.

Most tests inject a fake validate (tests/builders/reports.py: the file name decides the Report) so the
runner is tested on its own; the end-to-end tests at the bottom run the real checker on samples/.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders.reports import fake_validate, make_input, raising_validate, sha256
from typer.testing import CliRunner

import perfcheck.api
from perfcheck.cli import app
from perfcheck.errors import UsageError
from perfcheck.findings import ExitStatus
from perfcheck.outputs import plan_outputs, plan_rollup
from perfcheck.runner import collect_inputs, run_validate

ROOT = Path(__file__).resolve().parent.parent


def run(paths: list[Path], **kw: Any) -> tuple[ExitStatus, str, str]:
    out, err = io.StringIO(), io.StringIO()
    kw.setdefault("validate_fn", fake_validate)
    kw.setdefault("jobs", 1)
    code = run_validate(paths, stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    make_input(d / "ok1.xlsx")
    make_input(d / "sub" / "bad1.xlsx")
    make_input(d / "warn1.xlsx")
    (d / "~$ok1.xlsx").write_bytes(b"lock")
    from builders.reports import make_report

    from perfcheck.report.annotate import annotate

    orig = make_input(tmp_path / "orig.xlsx")
    annotate(orig, make_report(orig), d / "old.checked.xlsx")      # perfcheck's own copy, untouched since
    (d / "notes.txt").write_text("x")
    return d


# ------------------------------------------------------------------------------------------------
# inputs and names
# ------------------------------------------------------------------------------------------------


def test_collect_inputs_recursive_sorted_and_skips_own_outputs(folder: Path, tmp_path: Path) -> None:
    from perfcheck.report.rollup import write_rollup

    write_rollup([fake_validate(folder / "ok1.xlsx")], folder / "汇总.xlsx")
    found = collect_inputs([folder])
    assert [p.relative_to(folder).as_posix() for p in found] == ["ok1.xlsx", "sub/bad1.xlsx", "warn1.xlsx"]
    # explicit files are taken as given, duplicates dropped
    assert collect_inputs([folder / "ok1.xlsx", folder, folder / "old.checked.xlsx"])[1].name == "old.checked.xlsx"
    assert len(collect_inputs([folder, folder])) == 3
    with pytest.raises(UsageError):
        collect_inputs([tmp_path / "missing.xlsx"])


def test_output_names_collide_sanitise_and_never_hit_inputs(tmp_path: Path) -> None:
    a = tmp_path / "x" / "a.xlsx"
    b = tmp_path / "y" / "a.xlsx"
    c = tmp_path / "x" / "a.ods"
    m = tmp_path / "x" / "m.xlsm"
    checked = tmp_path / "x" / "a.checked.xlsx"
    odd = tmp_path / "x" / "..\x07evil:name.xlsx"
    out = tmp_path / "out"
    plan = plan_outputs([a, b, c, m, checked, odd], out)
    names = {src: dest.name for src, dest in plan.items()}
    # --out mirrors the input folders (relative to their common parent): x/a and y/a never collide
    assert plan[a] == out / "x" / "a.checked.xlsx" and plan[b] == out / "y" / "a.checked.xlsx"
    assert names[c] == "a-2.checked.xlsx" and plan[c].parent == out / "x"        # a.ods beside a.xlsx
    assert names[m] == "m.checked.xlsm" and names[checked] == "a-3.checked.xlsx"
    assert {dest.parent for dest in plan.values()} == {out / "x", out / "y"}
    # one folder: the copies go straight into --out
    assert plan_outputs([a, m], out, base=a.parent) == {a: out / "a.checked.xlsx", m: out / "m.checked.xlsm"}
    assert "/" not in names[odd] and ".." not in names[odd] and "\x07" not in names[odd]
    # beside the inputs: a re-checked copy never overwrites itself
    beside = plan_outputs([checked], None)
    assert beside[checked] == tmp_path / "x" / "a-2.checked.xlsx"
    # the roll-up: default name, stepping over an input; an explicit input is refused
    assert plan_rollup([a, b], out, None) == out / "汇总.xlsx"
    assert plan_rollup([a, b], None, None) == a.parent / "汇总.xlsx"
    assert plan_rollup([tmp_path / "x" / "汇总.xlsx"], None, None).name == "汇总-2.xlsx"
    with pytest.raises(UsageError):
        plan_rollup([a], None, a)


# ------------------------------------------------------------------------------------------------
# run_validate with an injected validate
# ------------------------------------------------------------------------------------------------


def test_exit_codes(folder: Path, tmp_path: Path) -> None:
    assert run([folder / "ok1.xlsx"], out=tmp_path / "o1")[0] == ExitStatus.OK
    assert run([folder / "warn1.xlsx"], out=tmp_path / "o2")[0] == ExitStatus.OK
    assert run([folder / "warn1.xlsx"], out=tmp_path / "o3", strict=True)[0] == ExitStatus.FINDINGS
    assert run([folder / "sub" / "bad1.xlsx"], out=tmp_path / "o4")[0] == ExitStatus.FINDINGS
    assert run([folder], out=tmp_path / "o5")[0] == ExitStatus.FINDINGS


def test_unreadable_file_gives_2_and_the_rest_is_checked(folder: Path, tmp_path: Path) -> None:
    (folder / "broken1.xlsx").write_bytes(b"not a workbook")
    code, out, _ = run([folder], out=tmp_path / "o", fmt="json")
    assert code == ExitStatus.UNREADABLE
    doc = json.loads(out)
    assert [Path(f["path"]).name for f in doc["files"]] == ["broken1.xlsx", "ok1.xlsx", "bad1.xlsx", "warn1.xlsx"]
    assert doc["summary"]["unreadable"] == 1 and doc["summary"]["files"] == 4
    assert doc["files"][0]["annotated"] is None and doc["files"][0]["error"]
    assert all(Path(f["annotated"]).exists() for f in doc["files"][1:])


def test_json_document(folder: Path, tmp_path: Path) -> None:
    code, out, err = run([folder], out=tmp_path / "o", fmt="json")
    doc = json.loads(out)                                      # exactly one document
    assert set(doc) >= {"perfcheck", "files", "summary"}
    bad = next(f for f in doc["files"] if Path(f["path"]).name == "bad1.xlsx")
    assert {"path", "readable", "error", "findings", "projects", "annotated"} <= set(bad)
    assert set(bad["findings"][0]) >= {"code", "severity", "sheet", "cell", "message", "expected", "actual"}
    assert set(bad["projects"][0]) >= {"sheet", "name", "budget", "spent", "execution_rate", "stated_score",
                                       "computed_score", "stated_grade", "computed_grade"}
    assert doc["summary"] == {"files": 3, "unreadable": 0, "errors": 4, "warnings": 3, "infos": 1}
    assert Path(doc["rollup"]) == tmp_path / "o" / "汇总.xlsx" and Path(doc["rollup"]).exists()


def test_inputs_untouched_and_copies_beside_them(folder: Path) -> None:
    before = {p: sha256(p) for p in collect_inputs([folder])}
    code, _, _ = run([folder])
    assert code == ExitStatus.FINDINGS
    assert {p: sha256(p) for p in before} == before
    assert (folder / "ok1.checked.xlsx").exists() and (folder / "sub" / "bad1.checked.xlsx").exists()
    assert (folder / "汇总.xlsx").exists()                          # beside the first input
    # a second run skips every output of the first
    assert [p.name for p in collect_inputs([folder])] == ["ok1.xlsx", "bad1.xlsx", "warn1.xlsx"]


def test_no_annotate_and_summary_file(folder: Path, tmp_path: Path) -> None:
    code, _, _ = run([folder / "ok1.xlsx"], annotate=False, summary=tmp_path / "r" / "总表")
    assert code == ExitStatus.OK
    assert not (folder / "ok1.checked.xlsx").exists()
    assert (tmp_path / "r" / "总表.xlsx").exists()


def test_text_output(folder: Path, tmp_path: Path) -> None:
    code, out, _ = run([folder], out=tmp_path / "o")
    assert "退回修改" in out and "通过" in out and "PC102" in out and "项目1" in out
    assert "错误 4，警告 2，提示 1" in out and "=HYPERLINK(" in out       # printed as typed, not as markup
    code, out, _ = run([folder / "sub" / "bad1.xlsx"], out=tmp_path / "o2", lang="en")
    assert "returned for revision" in out and "4 errors, 2 warnings, 1 infos" in out and "error" in out


def test_internal_error_in_validate_is_one_unreadable_line(folder: Path, tmp_path: Path) -> None:
    code, out, _ = run([folder / "ok1.xlsx"], out=tmp_path / "o", validate_fn=raising_validate)
    assert code == ExitStatus.UNREADABLE and "RuntimeError: boom" in out and "Traceback" not in out
    with pytest.raises(RuntimeError):
        run([folder / "ok1.xlsx"], out=tmp_path / "o", validate_fn=raising_validate, debug=True)


def _rollup_values(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path)
    return [[v for v in row] for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]


def test_jobs_1_and_2_identical(folder: Path, tmp_path: Path) -> None:
    for i in range(4):
        make_input(folder / f"bad{i + 2}.xlsx")
    c1, out1, _ = run([folder], out=tmp_path / "j1", fmt="json", jobs=1)
    c2, out2, _ = run([folder], out=tmp_path / "j2", fmt="json", jobs=2)
    assert c1 == c2
    d1, d2 = json.loads(out1), json.loads(out2)
    for f in d1["files"] + d2["files"]:
        f["annotated"] = Path(f["annotated"]).name
    d1.pop("rollup"), d2.pop("rollup")
    assert d1 == d2
    assert _rollup_values(tmp_path / "j1" / "汇总.xlsx") == _rollup_values(tmp_path / "j2" / "汇总.xlsx")
    names1 = sorted(p.name for p in (tmp_path / "j1").iterdir())
    assert names1 == sorted(p.name for p in (tmp_path / "j2").iterdir())


# ------------------------------------------------------------------------------------------------
# the command line (typer)
# ------------------------------------------------------------------------------------------------


@pytest.fixture()
def fake_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(perfcheck.api, "validate", fake_validate)


def test_cli_usage_errors(tmp_path: Path, folder: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["validate", str(tmp_path / "missing.xlsx")])
    assert r.exit_code == 2 and "missing.xlsx" in r.stderr and "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1
    bad_cfg = tmp_path / "rules.toml"
    bad_cfg.write_text("[weights]\nnonsense = 1\n", encoding="utf-8")
    r = runner.invoke(app, ["validate", str(folder), "--config", str(bad_cfg)])
    assert r.exit_code == 2 and "nonsense" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = runner.invoke(app, ["validate", str(folder), "--config", str(tmp_path / "none.toml")])
    assert r.exit_code == 2 and "none.toml" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = runner.invoke(app, ["validate", str(empty)])
    assert r.exit_code == 2


def test_cli_exit_codes_json_and_lang(fake_api: None, folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["validate", str(folder / "ok1.xlsx"), "--out", str(tmp_path / "o"), "--no-annotate"])
    assert r.exit_code == 0 and "通过" in r.stdout
    r = runner.invoke(app, ["validate", str(folder / "warn1.xlsx"), "--no-annotate", "--strict", "--lang", "en"])
    assert r.exit_code == 1 and "returned for revision" in r.stdout
    r = runner.invoke(app, ["validate", str(folder), "--format", "json", "--out", str(tmp_path / "o"), "-j", "2"])
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["summary"]["files"] == 3 and len(doc["files"]) == 3


# ------------------------------------------------------------------------------------------------
# end to end: the real checker on the samples (python -m perfcheck, stdout purity)
# ------------------------------------------------------------------------------------------------


def samples() -> list[Path]:
    return sorted((ROOT / "samples").rglob("*.xlsx"), key=lambda p: p.as_posix())


def test_e2e_json_stdout_is_one_document(tmp_path: Path) -> None:
    files = samples()
    assert files
    before = {p: sha256(p) for p in files}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "perfcheck", "validate", *map(str, files), "--format", "json",
                           "--out", str(tmp_path / "out"), "--jobs", "2"],
                          capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    assert len(doc["files"]) == len(files) and all(f["readable"] for f in doc["files"])
    assert {p: sha256(p) for p in files} == before
    for f in doc["files"]:
        wb = openpyxl.load_workbook(f["annotated"])
        assert wb.sheetnames[0] == "校验结果"
        located = [x for x in f["findings"] if x["sheet"] and x["sheet"] in wb.sheetnames]
        for x in located:
            from perfcheck.report.annotate import target_cell

            cell = wb[x["sheet"]][target_cell(wb[x["sheet"]], x["cell"])]
            assert cell.comment is not None and x["code"] in cell.comment.text
    assert (tmp_path / "out" / "汇总.xlsx").exists()


def test_exit_freezes_what_lives_and_still_flushes(tmp_path: Path) -> None:
    # cli.main spares the exit's last full collection (gc.freeze); output written before it and an
    # atexit handler after it still reach their files
    code = ("import atexit, gc, sys\n"
            "from perfcheck.cli import _freeze_for_exit\n"
            "out = open(sys.argv[1], 'w', encoding='utf-8')\n"
            "out.write('written before the exit')\n"        # never closed: the exit closes it
            "atexit.register(lambda: open(sys.argv[2], 'w').write(str(gc.get_freeze_count() > 0)))\n"
            "_freeze_for_exit()\n")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code, str(a), str(b)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert a.read_text(encoding="utf-8") == "written before the exit"
    assert b.read_text() == "True"


def test_e2e_jobs_identical_and_text(tmp_path: Path) -> None:
    files = samples()
    c1, out1, _ = run(files, out=tmp_path / "a", fmt="json", jobs=1, validate_fn=None)
    c2, out2, _ = run(files, out=tmp_path / "b", fmt="json", jobs=2, validate_fn=None)
    d1, d2 = json.loads(out1), json.loads(out2)
    for d in (d1, d2):
        d.pop("rollup")
        for f in d["files"]:
            f["annotated"] = Path(f["annotated"]).name
    assert c1 == c2 and d1 == d2
    code, text, _ = run(files, annotate=False, validate_fn=None, out=tmp_path / "c")
    assert ("退回修改" in text or "通过" in text) and code == c1


def test_streamed_json_is_byte_identical_to_one_dumps(folder: Path, tmp_path: Path) -> None:
    from perfcheck.report.jsonout import document

    (folder / "broken1.xlsx").write_bytes(b"not a workbook")
    for jobs in (1, 2):
        code, out, _ = run([folder], annotate=False, summary=tmp_path / f"r{jobs}.xlsx", fmt="json", jobs=jobs)
        reports = [fake_validate(p) for p in collect_inputs([folder])]
        expected = json.dumps(document(reports, rollup=tmp_path / f"r{jobs}.xlsx"), ensure_ascii=False, indent=2)
        assert out == expected + "\n"
        assert code == ExitStatus.UNREADABLE
    # one file, and the English messages
    code, out, _ = run([folder / "sub" / "bad1.xlsx"], annotate=False, fmt="json", lang="en")
    expected = json.dumps(document([fake_validate(folder / "sub" / "bad1.xlsx")], lang="en"),
                          ensure_ascii=False, indent=2)
    assert out == expected + "\n"


def test_output_plan_never_hits_an_input_through_links(tmp_path: Path) -> None:
    src = tmp_path / "in" / "a.xlsx"
    src.parent.mkdir()
    make_input(src)
    (tmp_path / "in" / "b.xlsx").symlink_to(src)
    os.link(src, tmp_path / "in" / "c.checked.xlsx")          # a hard link where c's copy would go
    (tmp_path / "in" / "c.xlsx").write_bytes(b"x")
    plan = plan_outputs([src, tmp_path / "in" / "c.xlsx", tmp_path / "in" / "c.checked.xlsx"], None)
    assert plan[tmp_path / "in" / "c.xlsx"].name == "c-2.checked.xlsx"
    assert all(dest.name not in {"a.xlsx", "b.xlsx", "c.checked.xlsx"} for dest in plan.values())
    with pytest.raises(UsageError):
        plan_rollup([src], None, tmp_path / "in" / "b.xlsx")        # a symlink to an input
