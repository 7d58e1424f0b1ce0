"""perfcheck/examples/notation.py: the reading-example notation, parsed as the tests apply it and as
``perfcheck rule CODE`` shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from perfcheck.examples.notation import Step, parse, steps, value


def test_steps_split_on_semicolons_outside_quotes() -> None:
    assert steps('项目1!E7 = "a;b" ; drop 单位概况;;add 草稿 ') == ['项目1!E7 = "a;b"', "drop 单位概况", "add 草稿"]
    assert steps("") == []


@pytest.mark.parametrize(("text", "v"), [
    ('"约八十万"', "约八十万"), ('"=1+1"', "=1+1"), ('"a\\"b"', 'a"b'), ("80", 80), ("-15", -15), ("80.5", 80.5),
    ("True", True), ("None", None), ("2023-12-15", dt.date(2023, 12, 15)), ("#DIV/0!", "#DIV/0!"), ("#N/A", "#N/A"),
])
def test_values(text: str, v: object) -> None:
    got = value(text)
    assert got == v and type(got) is type(v)


@pytest.mark.parametrize("text", ["约九十五万", "1e3", "#OOPS!", "2023/12/15", "true"])
def test_what_is_not_a_value(text: str) -> None:
    with pytest.raises(ValueError, match="not a value of the notation"):
        value(text)


def test_parse_each_kind() -> None:
    s = parse('项目汇总 (2)!G4 = 1 as "yyyy/m/d"')
    assert (s.kind, s.sheet, s.cell, s.value, s.fmt, s.assigned) == ("set", "项目汇总 (2)", "G4", "1", "yyyy/m/d",
                                                                   '1 as "yyyy/m/d"')
    f = parse('formula 项目1!E6 = "=SUM(E7:E9)" cached 95')
    assert (f.kind, f.sheet, f.cell, f.formula, f.cached) == ("formula", "项目1", "E6", "=SUM(E7:E9)", "95")
    assert parse('formula 项目1!E6 = "=SUM(E7:E9)"').cached is None
    assert parse("drop 单位概况, 项目汇总") == Step("drop", "drop 单位概况, 项目汇总", names=("单位概况", "项目汇总"))
    assert (parse("copy 项目汇总").name, parse("copy 项目汇总").new) == ("项目汇总", None)
    assert (parse("copy 项目汇总 -> 项目汇总 (2)").new, parse("rename 项目1 -> 专项经费").new) == ("项目汇总 (2)", "专项经费")
    assert parse("add 草稿").name == "草稿"


@pytest.mark.parametrize("step", [
    "项目1!E7 = 约八十万", 'formula 项目1!E6 = "SUM(E7:E9)"', 'formula 项目1!E6 = "=A1" cached x', "E7 = 1",
    "set 项目1!E7 to 80", "项目1!E0 = 1",
])
def test_what_is_not_a_step(step: str) -> None:
    with pytest.raises(ValueError):
        parse(step)
