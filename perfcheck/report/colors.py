"""The severity colours of the workbook reporters (annotated copy, 校验结果, roll-up).

Three light, printable fills: light red for errors, gold for warnings, light blue for infos.  The
warning colour is a deliberately stronger yellow than the template's input-cell fill (#FFF2CC), so
a marked cell never looks like an ordinary input cell.
The annotator recognises these exact colours on cells that carry a perfcheck comment, so keep them
unique to perfcheck.
"""

from __future__ import annotations

from perfcheck.model import Severity

# ARGB (openpyxl) — the XlsxWriter forms below are the same colours as "#RRGGBB".
FILL_ARGB: dict[Severity, str] = {
    Severity.ERROR: "FFFFC7CE",    # light red
    Severity.WARNING: "FFFFD966",  # gold (light yellow-orange)
    Severity.INFO: "FFBDD7EE",     # light blue
}
FONT_ARGB: dict[Severity, str] = {
    Severity.ERROR: "FF9C0006",
    Severity.WARNING: "FF9C5700",
    Severity.INFO: "FF1F4E78",
}
PASS_ARGB = "FFC6EFCE"      # light green: the verdict 通过
HEADER_ARGB = "FFD9D9D9"    # table headers: light grey


def hex_rgb(argb: str) -> str:
    """``FFFFC7CE`` → ``#FFC7CE`` (XlsxWriter)."""
    return "#" + argb[-6:]


def worst(severities: list[Severity]) -> Severity:
    """The most severe of several (error < warning < info by rank)."""
    return min(severities, key=lambda s: s.rank)
