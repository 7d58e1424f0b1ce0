"""model.fast_init: the faster constructor of the frozen model classes behaves as the generated one."""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal

import pytest

from perfcheck.model import Cell, CellRef, Indicator, Measure, ValueKind, fast_init
from perfcheck.scoring import IndicatorScore


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str = "x"
    c: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class _Fast:
    a: int
    b: str = "x"
    c: tuple[int, ...] = ()


fast_init(_Fast)


def test_the_fast_constructor_is_installed_on_the_model_classes() -> None:
    for cls in (Cell, CellRef, Measure, Indicator, IndicatorScore, _Fast):
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
        assert any(n.startswith("_set_") for n in cls.__init__.__code__.co_names)


@pytest.mark.parametrize("args, kwargs", [((1,), {}), ((1, "y"), {}), ((1,), {"c": (2, 3)}), ((), {"a": 5, "b": "z"})])
def test_same_fields_defaults_and_signature(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    plain, fast = _Plain(*args, **kwargs), _Fast(*args, **kwargs)  # type: ignore[arg-type]
    assert dataclasses.astuple(plain) == dataclasses.astuple(fast)
    assert repr(fast).replace("_Fast", "_Plain") == repr(plain)


def test_wrong_calls_still_fail() -> None:
    with pytest.raises(TypeError):
        _Fast()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Fast(1, nope=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Fast(1, "a", (), 4)  # type: ignore[call-arg]


def test_instances_stay_frozen_hashable_and_picklable() -> None:
    ref = CellRef("表", "B7")
    cell = Cell(Decimal("95.5"), 95.5, ref, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = Decimal(1)  # type: ignore[misc]
    assert cell == Cell(Decimal("95.5"), 95.5, CellRef("表", "B7"), 1, None)
    assert hash(ref) == hash(CellRef("表", "B7"))
    assert pickle.loads(pickle.dumps(cell)) == cell
    assert dataclasses.replace(cell, decimals=2).decimals == 2
    assert Measure(ValueKind.TEXT, "无").op is None
    assert IndicatorScore("scored").firm is True


def test_classes_it_cannot_serve_are_left_alone() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithPost:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (WithFactory, WithPost):
        before = cls.__init__
        fast_init(cls)
        assert cls.__init__ is before


def test_new_indicator_is_a_frozen_indicator_like_one_made_by_its_constructor() -> None:
    from perfcheck.model import CellRef, new_indicator

    c = Cell("x", "x", CellRef("S", "A1"))
    made = new_indicator(5, c, c, c, c, c, c, c, c)
    assert type(made) is Indicator and made == Indicator(5, c, c, c, c, c, c, c, c)
    assert [getattr(made, f.name) for f in dataclasses.fields(Indicator)] == [5, c, c, c, c, c, c, c, c, None]
    assert new_indicator(5, c, c, c, c, c, c, c, c, 3).part_of == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.row = 6    # type: ignore[misc]
