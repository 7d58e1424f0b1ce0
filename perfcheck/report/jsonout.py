"""``--format json``: exactly one JSON document on stdout.

{"perfcheck": version,
 "files": [{"path", "readable", "error", "unit", "year", "findings": [{"code", "slug", "severity", "sheet",
            "cell", "message", "expected", "actual"}], "projects": [...], "annotated"}],
 "summary": {"files", "unreadable", "errors", "warnings", "infos"},
 "rollup": path or null}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from perfcheck import __version__
from perfcheck.findings import Report
from perfcheck.report.common import lang_of


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


def render(reports: list[Report], out: TextIO, *, lang: object = "zh", strict: bool = False,
           rollup: Path | None = None) -> None:
    out.write(json.dumps(document(reports, lang=lang, rollup=rollup), ensure_ascii=False, indent=2))
    out.write("\n")
    out.flush()
