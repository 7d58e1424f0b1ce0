"""perfcheck/report/registry.py: the reporters by name, and the CLI's --format choices derived from them."""

from __future__ import annotations

import io

import pytest

from perfcheck.options import RunOptions
from perfcheck.report import registry


def test_names_resolve_and_aliases() -> None:
    assert registry.names() == ["grouped", "concise", "json", "text"]
    text = registry.resolve("text")
    assert text is not None and text.name == "grouped"
    json_reporter = registry.resolve(" JSON ")
    assert json_reporter is not None and json_reporter.name == "json"
    assert registry.resolve("xml") is None
    assert registry.DEFAULT in registry.REPORTERS


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
