"""The XlsxWriter writer of the official form: the template, the samples and the tests' workbooks.

``write_workbook(spec, path)`` writes any ``WorkbookSpec``; ``write_template(path, ...)`` the empty
template (``perfcheck template``).  ``build`` imports XlsxWriter: import it only when writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perfcheck.template.build import template_spec, write_template, write_workbook

__all__ = ["TEMPLATE_KINDS", "template_spec", "write_template", "write_workbook"]

TEMPLATE_KINDS: tuple[str, ...] = ("project", "department", "monitor")
"""The kinds ``write_template(out, kind=...)`` and ``perfcheck template --kind`` write (``perfcheck serve``
offers one download each)."""

def __getattr__(name: str) -> Any:
    if name in __all__ and name != "TEMPLATE_KINDS":
        from perfcheck.template import build

        return getattr(build, name)
    raise AttributeError(name)
