"""Form kinds as data: one definition per kind of form a department fills besides the project form.

Each kind (``department``, ``basicdata``, ``monitor``) is a :class:`Kind`: how a sheet of that kind
is recognised (title words and decisive labels, forms.md §1), the labels its blocks carry (with the
synonyms people write) and where the template puts things.  The reader
(:mod:`perfcheck.reader.kinds`), the template writer (:mod:`perfcheck.template.kinds`), the rules
(PC6xx, PC7xx) and the tests all take their labels and positions from here, in the style of
:mod:`perfcheck.layout`.  Adding a kind means adding a definition module, its reader function and its
rules; the classification loop below does not change.

Labels are matched with :func:`match` (after ``layout.normalize_label``; a leading numbering such as
``一、`` / ``（二）`` / ``1.`` and a leading ``其中：`` are ignored), never by position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from perfcheck.kinds.base import (
    BASICDATA,
    DEPARTMENT,
    MONITOR,
    PROJECT,
    Kind,
    find_labels,
    forms_of,
    has_month_range,
    label_key,
    match,
    month_range,
    strip_month_range,
)
from perfcheck.layout import Label


def registry() -> tuple[Kind, ...]:
    """The kinds besides the project form, in the order the reader tries them."""
    from perfcheck.kinds import basicdata, department, monitor

    return (basicdata.KIND, department.KIND, monitor.KIND)


def classify(rows: list[list[Any]], extra: Iterable[Kind] = ()) -> Kind | None:
    """The kind of a sheet (a grid's rows), by title first, then by decisive labels; None: not one of them."""
    kinds = (*registry(), *extra)
    for k in kinds:
        if k.title_at(rows) is not None:
            return k
    for k in kinds:
        found = find_labels(rows, _decisive(k), k.month_keys)
        if all(any(key in found for key in grp) for grp in k.decisive):
            return k
    return None


_DECISIVE: dict[str, Mapping[str, Label]] = {}


def _decisive(k: Kind) -> Mapping[str, Label]:
    d = _DECISIVE.get(k.key)
    if d is None:
        d = _DECISIVE[k.key] = {key: k.labels[key] for grp in k.decisive for key in grp}
    return d


def iter_kinds() -> Iterator[Kind]:
    yield from registry()


__all__ = ["BASICDATA", "DEPARTMENT", "Kind", "MONITOR", "PROJECT", "find_labels", "forms_of", "has_month_range", "label_key", "match", "month_range", "strip_month_range", "classify", "iter_kinds", "registry"]
