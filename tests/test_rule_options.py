"""A rule declares the configuration options it reads (``@rule(..., options=(...))``), and the
declarations are true.

Each rule's check runs on its own doc examples and on the bundled samples with a recording
configuration: a proxy of ``Config`` that notes every option read -- directly (``cfg.tolerances.amount``),
through ``Config`` methods (``cfg.grade_for``) and through the scoring helpers the check hands ``cfg``
to.  Every read option must be declared, and every declared option must be read by some run.  The
runs use the default configuration and a few variants (the bands formula, a free split, the other
reverse formula, ...) so that an option read only under another setting is read too.

The option list ``perfcheck rule CODE`` and docs/rules.md show is generated from the declaration, with
each option's default and meaning from perfcheck/default_config.toml; a doc's ``## 配置 Options`` prose
may add to it but must not name an option the rule does not declare.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from perfcheck import config as config_mod
from perfcheck import memo
from perfcheck.config import Config, GradeBands
from perfcheck.examples.workbook import run_example
from perfcheck.model import Workbook
from perfcheck.reader import read_workbook
from perfcheck.report import catalog
from perfcheck.rules.base import DOC_SECTIONS, Rule, all_rules

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {f.name for f in dataclasses.fields(Config)} & {o.split(".")[0] for o in config_mod.OPTIONS}
CHECKED = [r for r in all_rules() if r.check is not None and not r.removed]

# The default configuration and variants that take the code paths an option guards.
VARIANTS: list[Config] = [
    Config(),
    Config(execution=dataclasses.replace(Config().execution, formula="bands")),
    Config(weights=dataclasses.replace(Config().weights, free_split=True),
           indicators=dataclasses.replace(Config().indicators, reverse_formula="ratio", missing_operator="ge")),
    Config(monitor=dataclasses.replace(Config().monitor, month=7)),
    # bands above any score, so that a grade is looked up through every band
    Config(grades=GradeBands(excellent=Decimal(102), good=Decimal(101), fair=Decimal(100.5))),
]


class _Section:
    """One section of the configuration; notes ``section.key`` for every attribute read."""

    def __init__(self, name: str, section: object, reads: set[str]) -> None:
        self._name, self._section, self._reads = name, section, reads

    def __getattr__(self, key: str) -> Any:
        self._reads.add(f"{self._name}.{key}")
        return getattr(self._section, key)


class Recording:
    """Stands for a ``Config``: sections read through it are noted in ``reads``; its methods run with
    the proxy as ``self``, so what they read is noted too."""

    def __init__(self, cfg: Config, reads: set[str]) -> None:
        self._cfg, self._reads = cfg, reads

    def __getattr__(self, name: str) -> Any:
        if name in SECTIONS:
            return _Section(name, getattr(self._cfg, name), self._reads)
        attr = getattr(type(self._cfg), name, None)
        if isinstance(attr, types.FunctionType):
            return types.MethodType(attr, self)
        return getattr(self._cfg, name)


def reads_of(r: Rule, wb: Workbook, cfg: Config) -> set[str]:
    assert r.check is not None
    reads: set[str] = set()
    memo.clear()      # a memoised result computed for another rule would hide this rule's reads
    list(r.check(wb, Recording(cfg, reads)))  # type: ignore[arg-type]
    return reads


def _example_texts(r: Rule) -> Iterator[str]:
    for line in section(r.doc, DOC_SECTIONS[2]).splitlines():
        mt = re.match(r"^\s*(Okay|PC\d{3}):\s*(.*)$", line)
        if mt:
            yield mt.group(2).strip()


def section(doc: str, title: str) -> str:
    mt = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", doc, flags=re.M | re.S)
    return mt.group(1) if mt else ""


@cache
def samples() -> tuple[Workbook, ...]:
    paths = sorted(p for p in (ROOT / "samples").rglob("*.xlsx") if "specs" not in p.parts)
    return tuple(read_workbook(p, Config()) for p in paths)


# Workbooks every rule also runs on: they take scoring paths that neither a rule's examples nor the
# samples need to (a target written without an operator; a missed reverse target, scored by formula).
EXTRA = (
    'edit={1: dict(target=m(None, 95, "%"))}',
    'edit={3: dict(actual=m(None, 55, "万元"), score=9, reason="培训场地租金上涨，下一步将提前招标控制成本")}',
    'dept={"edit": {1: {"target": "100%"}}}',
    'dept={"edit": {3: {"actual": "36万元", "score": 8, "reason": "办公场地搬迁增加支出，下一步严控公用经费。"}}}',
    'monitor={"edit": {1: {"target": "95%"}}}',
)


@cache
def extra() -> tuple[Workbook, ...]:
    return tuple(run_example(t) for t in EXTRA)


def observed(r: Rule) -> set[str]:
    """Every option the rule's check read on its examples, the samples and the extra workbooks, under
    every variant of the configuration."""
    seen: set[str] = set()
    workbooks = [run_example(t) for t in _example_texts(r)] + list(samples()) + list(extra())
    for cfg in VARIANTS:
        for wb in workbooks:
            seen |= reads_of(r, wb, cfg)
    return seen


@pytest.mark.parametrize("r", CHECKED, ids=lambda r: r.code)
def test_declared_options_are_the_options_read(r: Rule) -> None:
    seen = observed(r)
    declared = set(r.options)
    assert sorted(seen - declared) == [], f"{r.code} reads options it does not declare"
    assert sorted(declared - seen) == [], f"{r.code} declares options no example or sample reads"


def test_the_recorder_sees_reads_through_methods_and_helpers() -> None:
    """The proxy notes a read inside a Config method and inside a scoring helper given the proxy."""
    from perfcheck import scoring
    from perfcheck.model import Cell, CellRef

    reads: set[str] = set()
    rec: Any = Recording(Config(), reads)
    assert rec.grade_for(Decimal(85)) == "良"
    assert {"grades.excellent", "grades.good"} <= reads
    reads.clear()
    cell = Cell(Decimal("10.00"), "10.00", CellRef("项目1", "E6"), decimals=2)
    scoring.agrees(cell, Decimal(10), "amount", rec)
    assert reads == {"tolerances.amount"}


def test_an_undeclared_read_fails() -> None:
    """The check is not vacuous: a rule reading an option it does not declare is caught."""
    from perfcheck.model import Hit, Severity

    def check(wb: Workbook, cfg: Config) -> Iterator[Hit]:
        if cfg.tolerances.score > 0:
            yield Hit()

    fake = Rule(code="PC999", slug="fake", severity=Severity.INFO, message={"zh": "x", "en": "x"},
                summary={"zh": "x", "en": "x"}, doc="", check=check, options=("tolerances.amount",))
    seen = reads_of(fake, run_example(""), Config())
    assert seen == {"tolerances.score"} and seen - set(fake.options) and set(fake.options) - seen


def test_unknown_option_is_refused_at_declaration() -> None:
    from perfcheck.model import Severity
    from perfcheck.rules.base import rule

    with pytest.raises(ValueError, match="unknown option"):
        rule(code="PC998", slug="fake-2", severity=Severity.INFO, message={"zh": "x", "en": "x"},
             summary={"zh": "x", "en": "x"}, family="x", options=("tolerances.amounts",))


def test_every_option_has_a_default_and_a_meaning() -> None:
    docs = config_mod.option_docs()
    assert set(docs) == set(config_mod.OPTIONS)
    for name, d in docs.items():
        assert d.default and d.meaning, name
        assert re.search(r"[\u4e00-\u9fff]", d.meaning) and re.search(r"[A-Za-z]{3}", d.meaning), name


@pytest.mark.parametrize("r", [r for r in all_rules() if not r.removed], ids=lambda r: r.code)
def test_options_prose_names_only_declared_options(r: Rule) -> None:
    """The doc's hand-written ``## 配置 Options`` text may explain, but every dotted option it names is
    declared (the list itself is generated from the declaration)."""
    named = named_options(section(r.doc, DOC_SECTIONS[3]))
    assert sorted(named - set(r.options)) == [], r.code


def named_options(prose: str) -> set[str]:
    """The options a text names, written ``tolerances.amount`` or ``[monitor] month / red_below``."""
    names = {m.group(0) for m in re.finditer(r"\b[a-z_]+\.[a-z_0-9]+\b", prose)}
    for m in re.finditer(r"\[([a-z_]+)\]([^\[\n]*)", prose):
        names |= {f"{m.group(1)}.{k}" for k in re.findall(r"[a-z_0-9]+", m.group(2))}
    return names & set(config_mod.OPTIONS)


def test_named_options_reads_both_notations() -> None:
    assert named_options("tolerances.amount（默认）；[monitor] month / red_below，[severity] PC213") == \
        {"tolerances.amount", "monitor.month", "monitor.red_below"}


@pytest.mark.parametrize("r", [r for r in all_rules() if not r.removed and r.options], ids=lambda r: r.code)
def test_a_rule_with_options_does_not_say_it_has_none(r: Rule) -> None:
    prose = section(r.doc, DOC_SECTIONS[3]).strip()
    assert not re.match(r"^(无|None\b)", prose), f"{r.code} declares options but its doc says none"


def test_rule_text_lists_the_declared_options_with_default_and_meaning() -> None:
    pc104 = next(r for r in catalog.static_catalog() if r["code"] == "PC104")
    assert [o["name"] for o in pc104["options"]] == list(next(r for r in CHECKED if r.code == "PC104").options)
    text = catalog.rule_text(pc104, "zh")
    docs = config_mod.option_docs()
    for o in pc104["options"]:
        assert f"{o['name']} = {docs[o['name']].default}" in text
        assert docs[o["name"]].meaning.splitlines()[0] in text
