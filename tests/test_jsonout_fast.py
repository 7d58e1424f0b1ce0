"""The fast indented JSON writer of ``--format json`` gives exactly ``json.dumps(..., indent=2)``'s text."""

from __future__ import annotations

import json
import math
from enum import StrEnum

from hypothesis import given
from hypothesis import strategies as st

from perfcheck.report.jsonout import dumps_indented

_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
            | st.text())
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                     | st.tuples(inner, inner)
                     | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=30)


def _std(value: object, indent: str = "") -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


@given(_json, st.sampled_from(["", "  ", "    "]))
def test_same_text_as_the_standard_library(value: object, indent: str) -> None:
    assert dumps_indented(value, indent) == _std(value, indent)


class Sev(StrEnum):
    ERROR = "error"


def test_values_outside_plain_json_are_left_to_the_standard_library() -> None:
    # an enum, a non-string key, a nested tuple and the special floats: the same text as json.dumps
    value = {"severity": Sev.ERROR, "rows": [1, (2.5, None)], "n": {1: "a", 2.5: "b", None: "c"},
             "special": [math.inf, -math.inf, math.nan], "text": "第3行“引号”\n\\ \u2028"}
    assert dumps_indented(value, "    ") == _std(value, "    ")
    assert '"severity": "error"' in dumps_indented(value)
    assert '"1": "a"' in dumps_indented(value)


def test_a_value_json_rejects_is_rejected_the_same_way() -> None:
    for bad in ({"x": object()}, [{1, 2}]):
        try:
            _std(bad)
        except TypeError as exc:
            expected = str(exc)
        try:
            dumps_indented(bad)
        except TypeError as exc:
            assert str(exc) == expected
        else:
            raise AssertionError("dumps_indented accepted a value json.dumps rejects")
