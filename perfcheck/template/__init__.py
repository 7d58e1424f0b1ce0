"""The XlsxWriter writers of the official forms: the templates, the samples and the tests' workbooks.

``build.write_workbook(spec, path)`` writes any ``WorkbookSpec`` (project forms);
``kinds.write_kinds_workbook`` the department and monitoring forms; both lay out their forms with
``grid`` (the form grid they share).  ``empty.write_template(path, kind=...)`` writes the empty template
of a kind (``perfcheck template``).  The writers import XlsxWriter: import them only when writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perfcheck.template.build import template_spec, write_workbook
    from perfcheck.template.empty import write_template

__all__ = ["TEMPLATE_KINDS", "template_spec", "write_template", "write_workbook"]

TEMPLATE_KINDS: tuple[str, ...] = ("project", "department", "monitor")
"""The kinds ``write_template(out, kind=...)`` and ``perfcheck template --kind`` write (``perfcheck serve``
offers one download each)."""


def __getattr__(name: str) -> Any:
    if name == "write_template":
        from perfcheck.template import empty

        return empty.write_template
    if name in ("template_spec", "write_workbook"):
        from perfcheck.template import build

        return getattr(build, name)
    raise AttributeError(name)
