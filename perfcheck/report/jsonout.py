"""``--format json``: exactly one JSON document on stdout.

{"perfcheck": version,
 "files": [{"path", "readable", "error", "unit", "year", "findings": [{"code", "slug", "severity", "sheet",
            "cell", "message", "expected", "actual"}], "projects": [...], "annotated"}],
 "summary": {"files", "unreadable", "errors", "warnings", "infos"},
 "statistics": [{"code", "severity", "findings", "projects", "files"}]   (only with --statistics)
 "rollup": path or null}
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TextIO

from perfcheck.findings import Report
from perfcheck.report.common import Tally, lang_of
from perfcheck.version import __version__

_INFINITY = float("inf")


def _float(o: float) -> str:
    """A float as ``json.dumps`` writes it (NaN and the infinities as JavaScript names)."""
    if o != o:
        return "NaN"
    if o == _INFINITY:
        return "Infinity"
    if o == -_INFINITY:
        return "-Infinity"
    return float.__repr__(o)


def dumps_indented(value: object, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with every line after the first prefixed by
    ``indent``, the same text: the standard library's encoder writes indented JSON in pure Python,
    a generator per container, and a large report's findings (tens of thousands of values) are most
    of what the JSON format costs.  This writes the same text with one call per container and the
    C string encoder.  A value the fast path does not know (a non-string key, a type ``json`` would
    reject) is left to ``json.dumps``, so the text and the errors stay exactly the standard library's."""
    try:
        return _dump(value, indent)
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


class _Unusual(Exception):
    """A value outside JSON's plain types: handled by ``json.dumps`` itself."""


def _dump(o: Any, ind: str) -> str:
    cls = o.__class__
    if cls is str:
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if cls is int:
        return int.__repr__(o)
    if cls is float:
        return _float(o)
    if cls is dict:
        if not o:
            return "{}"
        inner = ind + "  "
        parts = []
        for k, v in o.items():
            if k.__class__ is not str:
                raise _Unusual
            parts.append(f"{inner}{encode_basestring(k)}: {_dump(v, inner)}")
        return "{\n" + ",\n".join(parts) + "\n" + ind + "}"
    if cls is list or cls is tuple:
        if not o:
            return "[]"
        inner = ind + "  "
        return "[\n" + ",\n".join([inner + _dump(v, inner) for v in o]) + "\n" + ind + "]"
    raise _Unusual      # subclasses (enums), Decimal, ...: the standard library decides


def _file(report: Report, lang: str) -> dict[str, object]:
    d = report.to_dict(lang)
    if not report.readable:
        d["findings"] = []
    return d


def document(reports: list[Report], *, lang: object = "zh", rollup: Path | None = None) -> dict[str, Any]:
    lg = lang_of(lang)
    readable = [r for r in reports if r.readable]
    return {
        "perfcheck": __version__,
        "files": [_file(r, lg) for r in reports],
        "summary": {
            "files": len(reports),
            "unreadable": len(reports) - len(readable),
            "errors": sum(r.errors for r in readable),
            "warnings": sum(r.warnings for r in readable),
            "infos": sum(r.infos for r in readable),
        },
        "rollup": str(rollup) if rollup else None,
    }


class JsonStream:
    """Writes the document of :func:`document` to ``out`` piece by piece — the header, then each
    file's object as it arrives, then the summary and the roll-up — byte for byte what
    ``json.dumps(document(...), ensure_ascii=False, indent=2)`` gives, without holding the files."""

    def __init__(self, out: TextIO, *, lang: object = "zh", strict: bool = False, verbose: bool = False,
                 statistics: bool = False) -> None:
        self.out = out
        self.lang = lang_of(lang)
        self.tally = Tally()
        self.statistics = statistics      # adds "statistics": counts per rule, before "rollup"

    @staticmethod
    def _dumps(value: object, indent: int) -> str:
        return dumps_indented(value, " " * indent)

    def begin(self) -> None:
        self.out.write('{\n  "perfcheck": ' + json.dumps(__version__, ensure_ascii=False) + ',\n  "files": [')

    def file(self, report: Report) -> None:
        self.out.write(("\n    " if self.tally.files == 0 else ",\n    ") + self._dumps(_file(report, self.lang), 4))
        self.out.flush()
        self.tally.add(report)

    def end(self, rollup: Path | None = None) -> None:
        c = self.tally
        summary = {"files": c.files, "unreadable": c.unreadable, "errors": c.errors,
                   "warnings": c.warnings, "infos": c.infos}
        stats = ""
        if self.statistics:
            rows = [{"code": r.code, "severity": r.severity.value, "findings": r.findings, "projects": r.projects,
                     "files": r.files} for r in c.rule_rows()]
            stats = ',\n  "statistics": ' + self._dumps(rows, 2)
        self.out.write(("\n  ]" if c.files else "]") + ',\n  "summary": ' + self._dumps(summary, 2) + stats
                       + ',\n  "rollup": ' + json.dumps(str(rollup) if rollup else None, ensure_ascii=False)
                       + "\n}\n")
        self.out.flush()
