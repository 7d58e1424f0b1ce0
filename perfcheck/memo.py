"""A per-run memo for pure recomputations over the immutable model.

Several rules (and the summary) ask for the same recomputation of the same form or indicator: the
execution rate, an indicator's score, the rows that apply.  The model is immutable, so a result can
be keyed by the identity of its arguments; each entry holds the arguments themselves, so their ids
cannot be reused while the entry lives.  The engine clears the memo at the start of every run and
the API after every file, so nothing outlives one workbook.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

_F = TypeVar("_F", bound=Callable[..., Any])
_MEMO: dict[tuple[object, ...], tuple[tuple[object, ...], object]] = {}


def per_run(fn: _F) -> _F:
    """Memoise ``fn`` (positional arguments only) by the identity of its arguments until ``clear``."""
    name = fn.__qualname__

    @functools.wraps(fn)
    def wrapper(*args: object) -> object:
        key = (name, *map(id, args))
        hit = _MEMO.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], args, strict=True)):
            return hit[1]
        result = fn(*args)
        _MEMO[key] = (args, result)
        return result

    return cast(_F, wrapper)


def clear() -> None:
    """Forget every memoised result."""
    _MEMO.clear()
