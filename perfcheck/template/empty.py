"""The empty templates ``perfcheck template`` (and ``perfcheck serve``'s downloads) write, one per kind.

Imports both writers -- ``template.build`` (the project-form workbook) and ``template.kinds`` (the
department and monitoring forms) -- which import neither this module nor each other's dispatch.
"""

from __future__ import annotations

from pathlib import Path

from perfcheck.template import build, kinds


def write_template(path: Path, *, kind: str = "project", month: int | None = None, projects: int | None = None,
                   year: int | None = None, unit: str | None = None, lang: str = "zh") -> None:
    """Write an empty template.

    kind "project": the project-form workbook (``projects`` forms, default 3); "department": the
    department form with its 基础数据表 (and ``projects`` blank project forms, default 0);
    "monitor": ``projects`` monitoring forms (default 3) for 1–``month``月 (default 6)."""
    if kind == "project":
        build.write_workbook(build.template_spec(projects=3 if projects is None else projects, year=year, unit=unit,
                                                 lang=lang), path)
    elif kind == "department":
        kinds.write_kinds_workbook(kinds.department_template_spec(
            year=year, unit=unit, lang=lang, projects=0 if projects is None else projects), path)
    elif kind == "monitor":
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month must be 1–12, not {month}")
        kinds.write_kinds_workbook(kinds.monitor_template_spec(
            month=6 if month is None else month, year=year, unit=unit, lang=lang,
            projects=3 if projects is None else projects), path)
    else:
        raise ValueError(f"unknown template kind {kind!r}: project, department or monitor")
