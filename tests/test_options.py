"""RunOptions travels as one object; one function decides a file's verdict and the run's exit code."""

from __future__ import annotations

import datetime as dt
import io
import json
import pickle
from pathlib import Path

import pytest
from builders.reports import fake_validate, make_input

from perfcheck.config import Config
from perfcheck.findings import ExitStatus, file_status, run_status
from perfcheck.options import RunOptions
from perfcheck.outputs import ProtectedPaths
from perfcheck.report.common import verdict, verdict_text
from perfcheck.report.rollup import FileSummary
from perfcheck.runner import Task, run


@pytest.mark.parametrize(("readable", "errors", "warnings", "strict", "status"), [
    (False, 0, 0, False, ExitStatus.UNREADABLE),
    (True, 0, 0, False, ExitStatus.OK),
    (True, 0, 3, False, ExitStatus.OK),
    (True, 0, 3, True, ExitStatus.FINDINGS),
    (True, 1, 0, False, ExitStatus.FINDINGS),
])
def test_file_status(readable: bool, errors: int, warnings: int, strict: bool, status: ExitStatus) -> None:
    assert file_status(readable, errors, warnings, strict=strict) is status


def test_run_status_worst_wins() -> None:
    assert run_status([]) is ExitStatus.OK
    assert run_status([ExitStatus.OK, ExitStatus.FINDINGS]) is ExitStatus.FINDINGS
    assert run_status([ExitStatus.FINDINGS, ExitStatus.UNREADABLE, ExitStatus.OK]) is ExitStatus.UNREADABLE


def test_every_reporter_asks_the_same_verdict(tmp_path: Path) -> None:
    """The Report, the roll-up's FileSummary and the words of common.verdict agree for each file."""
    for name in ("ok.xlsx", "warn.xlsx", "bad.xlsx", "broken.xlsx"):
        report = fake_validate(tmp_path / name)
        summary = FileSummary.from_report(report)
        for strict in (False, True):
            status = report.exit_code(strict=strict)
            assert status is file_status(report.readable, report.errors, report.warnings, strict=strict)
            assert summary.exit_code(strict=strict) is status
            assert summary.passed(strict=strict) == report.passed(strict=strict) == (status is ExitStatus.OK)
            for lang in ("zh", "en"):
                assert verdict(report, lang, strict=strict) == summary.verdict(lang, strict=strict) \
                    == verdict_text(status, lang)


def test_options_month_and_rules_file(tmp_path: Path) -> None:
    cfg = Config(source=tmp_path / "rules.toml")
    opts = RunOptions(config=cfg, month=9)
    assert opts.rules_file == tmp_path / "rules.toml"
    assert opts.with_month().config.monitor.month == 9
    assert RunOptions(config=cfg).with_month().config is cfg


def test_task_from_options_or_keywords_pickles() -> None:
    at = dt.datetime(2024, 5, 6, 7, 8, 9)
    opts = RunOptions(lang="en", strict=True, checked_at=at)
    a = Task(Path("x.xlsx"), opts, None, ProtectedPaths([]))
    b = Task(path=Path("x.xlsx"), config=Config(), lang="en", debug=False, strict=True, dest=None,
             protect=ProtectedPaths([]), checked_at=at, validate_fn=None)      # perfcheck.serve's form
    for t in (a, b):
        u = pickle.loads(pickle.dumps(t))
        assert (u.lang, u.strict, u.checked_at, u.path, u.dest) == ("en", True, at, Path("x.xlsx"), None)


def test_run_takes_one_options_object(tmp_path: Path) -> None:
    """run(paths, options): the language, strictness and format reach the reporter, the exit code is
    run_status over the files."""
    d = tmp_path / "in"
    d.mkdir()
    make_input(d / "ok1.xlsx")
    make_input(d / "warn1.xlsx")
    out, err = io.StringIO(), io.StringIO()
    opts = RunOptions(lang="en", fmt="json", annotate=False, jobs=1)
    assert run([d], opts, validate_fn=fake_validate, stdout=out, stderr=err) is ExitStatus.OK
    doc = json.loads(out.getvalue())
    assert [Path(f["path"]).name for f in doc["files"]] == ["ok1.xlsx", "warn1.xlsx"]
    out = io.StringIO()
    strict = RunOptions(lang="en", fmt="json", annotate=False, jobs=1, strict=True)
    assert run([d], strict, validate_fn=fake_validate, stdout=out, stderr=err) is ExitStatus.FINDINGS


def test_unknown_format_is_a_usage_error_in_the_options_language(tmp_path: Path) -> None:
    err = io.StringIO()
    code = run([tmp_path], RunOptions(lang="en", fmt="nope"), stdout=io.StringIO(), stderr=err)
    assert code is ExitStatus.UNREADABLE and "unknown format" in err.getvalue()
