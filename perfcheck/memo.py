"""A per-run memo for pure recomputations over the immutable model.

Several rules (and the summary) ask for the same recomputation of the same form or indicator: the
execution rate, an indicator's score, the rows that apply.  The model is immutable, so a result can
be keyed by the identity of its arguments; each entry holds the arguments themselves, so their ids
cannot be reused while the entry lives.  The engine clears the memo at the start of every run and
the API after every file, so nothing outlives one workbook.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, TypeVar, cast

_F = TypeVar("_F", bound=Callable[..., Any])
_CACHES: list[dict[object, tuple[tuple[object, ...], object]]] = []


def per_run(fn: _F) -> _F:
    """Memoise ``fn`` (positional arguments only) by the identity of its arguments until ``clear``.

    The common calls -- one to three arguments (a form or an indicator, the config, a year) -- take a
    shorter path: a plain id or a tuple of ids as key, identity checked without building iterators."""
    cache: dict[object, tuple[tuple[object, ...], object]] = {}
    _CACHES.append(cache)
    get = cache.get
    is_ = operator.is_

    @functools.wraps(fn)
    def wrapper(*args: object) -> object:
        n = len(args)
        if n == 1:
            a = args[0]
            key: object = id(a)
            hit = get(key)
            if hit is not None and hit[0][0] is a:
                return hit[1]
        elif n == 2:
            a, b = args
            key = (id(a), id(b))
            hit = get(key)
            if hit is not None:
                held = hit[0]
                if held[0] is a and held[1] is b:
                    return hit[1]
        elif n == 3:
            a, b, c = args
            key = (id(a), id(b), id(c))
            hit = get(key)
            if hit is not None:
                held = hit[0]
                if held[0] is a and held[1] is b and held[2] is c:
                    return hit[1]
        else:
            key = tuple(map(id, args))
            hit = get(key)
            if hit is not None and all(map(is_, hit[0], args)):
                return hit[1]
        result = fn(*args)
        cache[key] = (args, result)
        return result

    return cast(_F, wrapper)


def clear() -> None:
    """Forget every memoised result."""
    for cache in _CACHES:
        cache.clear()
