"""The per-run memo must never hand one workbook's result to another (ids are reused after GC)."""

from __future__ import annotations

from perfcheck import memo
from perfcheck.config import Config
from perfcheck.examples.model import good_indicators, make_form, make_wb
from perfcheck.rules import engine
from perfcheck.scoring import execution


def test_memo_returns_the_same_result_for_the_same_objects() -> None:
    cfg = Config()
    form = make_form(budget=100, spent=90)
    assert execution(form, cfg) is execution(form, cfg)


def test_memo_never_mixes_workbooks() -> None:
    cfg = Config()
    rates = []
    for spent in (90, 50, 100, 75):
        # each form is dropped after use, so CPython may give the next one the same id
        wb = make_wb(make_form(budget=100, spent=spent, indicators=good_indicators()))
        engine.run(wb, cfg)
        rates.append(execution(wb.forms[0], cfg).rate)
    assert [str(r) for r in rates] == ["0.9", "0.5", "1", "0.75"]


def test_clear_forgets() -> None:
    cfg = Config()
    form = make_form(budget=100, spent=90)
    first = execution(form, cfg)
    memo.clear()
    assert execution(form, cfg) is not first
