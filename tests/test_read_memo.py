"""The reader's and the scorer's memos give what a fresh computation gives: equal values share a
result only when their types are equal too, and the per-run memo keys every arity by identity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfcheck import memo, parse
from perfcheck.model import Cell, CellRef, Hit, Measure, Op, ValueKind
from perfcheck.reader.cells import _MEASURES, Cells
from perfcheck.reader.grid import Grid


def _cells() -> tuple[Cells, list[Hit]]:
    hits: list[Hit] = []
    return Cells(Grid("S", [[None]]), hits), hits


def _fresh(raw: object, target: Measure | None = None, unit: object = None) -> Cell[Measure]:
    _MEASURES.clear()
    cells, _ = _cells()
    return cells.measure_at(raw, CellRef("S", "A1"), "实际完成值", unit_raw=unit, target=target)


def test_a_memoised_measure_equals_a_fresh_one() -> None:
    pct = Measure(ValueKind.NUMBER, "95%", number=Decimal(95), unit="%")
    for raw, target, unit in [(0.95, pct, None), ("≥95%", None, None), (12.5, None, "个"), (1, None, None)]:
        fresh = _fresh(raw, target, unit)
        cells, _ = _cells()
        again = cells.measure_at(raw, CellRef("S", "B2"), "实际完成值", unit_raw=unit, target=target)
        assert (again.value, again.decimals, again.raw) == (fresh.value, fresh.decimals, fresh.raw)
        assert again.at == CellRef("S", "B2")


def test_equal_values_of_other_types_do_not_share_a_measure() -> None:
    pct = Measure(ValueKind.NUMBER, "95%", number=Decimal(95), unit="%")
    cells, _ = _cells()
    as_float = cells.measure_at(0.5, CellRef("S", "A1"), "f", target=pct)
    as_decimal = cells.measure_at(Decimal("0.5"), CellRef("S", "A1"), "f", target=pct)
    assert as_float.value is not None and as_float.value.unit == "%"      # a fraction in a % cell → 50 %
    assert as_decimal.value is not None and as_decimal.value.unit is None  # not a spreadsheet number
    assert cells.measure_at(True, CellRef("S", "A1"), "f").value != cells.measure_at(1, CellRef("S", "A1"), "f").value


def test_a_date_read_from_a_serial_number_is_reported_every_time() -> None:
    target = Measure(ValueKind.DATE, "2023-12-31", date=dt.date(2023, 12, 31), year=2023, month=12, day=31)
    cells, hits = _cells()
    for _ in range(2):
        got = cells.measure_at(45291.0, CellRef("S", "A1"), "f", target=target)
        assert got.value is not None and got.value.kind is ValueKind.DATE
    assert len(hits) == 2


def test_float_numbers_are_read_alike_from_the_memo() -> None:
    first = parse.parse_number(95.25)
    assert parse.parse_number(95.25) == first == parse.Num(Decimal("95.25"), 2)
    assert parse.combine_measure(50.0, "≥", "个") == parse.combine_measure(50.0, "≥", "个")
    assert parse.combine_measure(50, "≥", "个") == Measure(ValueKind.NUMBER, "50", op=Op.GE,
                                                           number=Decimal(50), unit="个")


def test_per_run_keys_every_arity_by_identity() -> None:
    calls: list[tuple[object, ...]] = []

    @memo.per_run
    def f(*args: object) -> tuple[object, ...]:
        calls.append(args)
        return args

    a, b, c, d = [1], [1], [2], [3]          # a == b but not the same object
    for args in [(a,), (a, c), (a, c, d), (a, c, d, a)]:
        assert f(*args) == args
        assert f(*args) == args
    assert len(calls) == 4
    f(b)
    f(b, c)
    f(a, b, d)
    assert len(calls) == 7
    memo.clear()
    f(a)
    assert len(calls) == 8


def test_new_cell_is_a_frozen_cell_like_one_made_by_its_constructor() -> None:
    from dataclasses import FrozenInstanceError

    import pytest

    from perfcheck.model import new_cell

    at = CellRef("S", "B2")
    made = new_cell(Decimal(5), 5.0, at, 0)
    assert type(made) is Cell
    assert made == Cell(Decimal(5), 5.0, at, 0) and hash(made) == hash(Cell(Decimal(5), 5.0, at, 0))
    assert (made.value, made.raw, made.at, made.decimals, made.problem) == (Decimal(5), 5.0, at, 0, None)
    with pytest.raises(FrozenInstanceError):
        made.value = Decimal(6)     # type: ignore[misc]


_COLUMN = ["≥95%", "95%", None, " 达成 ", "—", "#DIV/0!", 0.953, 12.0, "12分", "x", True, 1, "≥95%"]


def test_a_column_read_at_once_gives_the_cells_of_the_cell_by_cell_reader() -> None:
    from perfcheck.reader.cells import _NUMBERS, _TEXT_MEASURES, _TEXTS

    refs = [CellRef("S", f"C{i + 1}") for i in range(len(_COLUMN))]
    nones = [None] * len(_COLUMN)
    pct = Cell(Measure(ValueKind.NUMBER, "95%", number=Decimal(95), unit="%"), "95%", refs[0])
    for rnd in range(2):         # the second time from the memos
        if rnd == 0:
            for m in (_TEXTS, _NUMBERS, _TEXT_MEASURES, _MEASURES):
                m.clear()
        cells, hits = _cells()
        one, one_hits = _cells()
        texts = cells.texts(_COLUMN, refs)
        numbers = cells.numbers(_COLUMN, refs)
        targets = cells.measures(_COLUMN, refs, nones, nones)
        actuals = cells.measures(_COLUMN, refs, nones, nones, [pct if i % 3 else None for i in range(len(_COLUMN))])
        assert hits == []                       # the column readers never report: they leave the cell
        for i, (raw, at) in enumerate(zip(_COLUMN, refs, strict=True)):
            assert texts[i] == one.text_at(raw, at)
            fresh = one.number_at(raw, at, "分值")
            assert numbers[i] in (None, fresh)
            assert (numbers[i] is None) == (raw is not None and (raw.__class__ not in (str, float) or fresh.problem
                                                                   is not None))
            t = one.measure_at(raw, at, "年度指标值")
            assert targets[i] in (None, t)
            a = one.measure_at(raw, at, "实际完成值", target=pct.value)
            if i % 3:
                assert actuals[i] in (None, a)
            else:
                assert actuals[i] is None or raw is None
        assert targets[5] is None and numbers[5] is None     # #DIV/0!: left for the reporting reader
        assert one_hits                                      # which does report it
