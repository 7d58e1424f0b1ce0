"""perfcheck/report/registry.py: the reporters by name -- every module of perfcheck/report/formats is
one, so a new reporter is one new module -- and the CLI's --format choices derived from them."""

from __future__ import annotations

import io
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from perfcheck.options import RunOptions
from perfcheck.report import formats, registry
from perfcheck.runner import run_validate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "good" / "示例单位2023.xlsx"


@pytest.fixture()
def extra_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder added to the formats package's path; the registry is read afresh with it."""
    monkeypatch.setattr(formats, "__path__", [*formats.__path__, str(tmp_path)])
    registry.reporters.cache_clear()
    yield tmp_path
    monkeypatch.undo()
    registry.reporters.cache_clear()


def test_names_resolve_and_aliases() -> None:
    assert registry.names()[:3] == ["grouped", "concise", "json"]       # the default first
    assert registry.names()[-1] == "text"
    text = registry.resolve("text")
    assert text is not None and text.name == "grouped"
    json_reporter = registry.resolve(" JSON ")
    assert json_reporter is not None and json_reporter.name == "json"
    assert registry.resolve("xml") is None


def test_every_format_module_is_a_reporter() -> None:
    modules = {n[:-3] for n in os.listdir(formats.__path__[0]) if n.endswith(".py") and not n.startswith("_")}
    assert len(registry.reporters()) == len(modules) >= 4


def test_a_module_added_to_formats_is_a_new_format(extra_formats: Path) -> None:
    (extra_formats / "tally.py").write_text(textwrap.dedent('''
        from perfcheck.report.registry import Reporter

        class TallyStream:
            def __init__(self, out, *, lang, strict, verbose, statistics):
                self.out, self.n = out, 0
            def begin(self):
                self.out.write("start\\n")
            def file(self, report):
                self.n += len(report.findings)
            def end(self, rollup=None):
                self.out.write(f"findings {self.n}\\n")

        REPORTER = Reporter("tally", "计数", "a count", TallyStream, aliases=("count",))
    '''), encoding="utf-8")
    assert "tally" in registry.names() and "count" in registry.names()
    buf = io.StringIO()
    code = run_validate([SAMPLE], fmt="count", annotate=False, stdout=buf, stderr=io.StringIO())
    assert buf.getvalue() == "start\nfindings 0\n" and int(code) == 0


def test_a_format_declared_twice_is_refused(extra_formats: Path) -> None:
    (extra_formats / "again.py").write_text(
        "from perfcheck.report.registry import Reporter\n"
        "REPORTER = Reporter('again', 'x', 'x', 'perfcheck.report.console:ConciseStream', aliases=('text',))\n",
        encoding="utf-8")
    with pytest.raises(ValueError, match="'text' is declared twice"):
        registry.reporters()


def test_create_configures_the_stream_from_the_run_options() -> None:
    from perfcheck.report.console import ConciseStream
    from perfcheck.report.jsonout import JsonStream

    out = io.StringIO()
    stream = registry.create("concise", out, options=RunOptions(lang="en", strict=True))
    assert isinstance(stream, ConciseStream)
    assert (stream.lang, stream.strict) == ("en", True)
    plain = registry.create("concise", out)
    assert (plain.lang, plain.strict) == ("zh", False)
    assert isinstance(registry.create("json", io.StringIO()), JsonStream)
    with pytest.raises(KeyError):
        registry.create("xml", out)


def test_the_cli_offers_exactly_the_registered_formats() -> None:
    from typer.testing import CliRunner

    from perfcheck.cli import app

    result = CliRunner().invoke(app, ["validate", "--format", "xml", "x.xlsx"])
    assert result.exit_code == 2
    for name in registry.names():
        assert name in result.output


def test_the_cli_derives_choices_and_help_from_the_registry() -> None:
    import typer.main

    from perfcheck.cli import app

    command = typer.main.get_command(app).commands["validate"]  # type: ignore[attr-defined]
    option = next(p for p in command.params if "--format" in p.opts)
    assert option.metavar == "|".join(registry.names())
    for rep in registry.reporters().values():
        assert f"{rep.name}: {rep.help_zh} {rep.help_en}" in option.help
