"""Cell styles of the written workbook: one small named set, cached as XlsxWriter formats.

Input cells are unlocked and tinted light yellow; labels are grey and locked; computed cells are
white and locked.  Fonts are 宋体 (SimSun), what Chinese official forms use.
"""

from __future__ import annotations

from typing import Any

FONT = "宋体"
FONT_SIZE = 11
INPUT_FILL = "#FFF2CC"      # light yellow: type here
LABEL_FILL = "#F2F2F2"      # light grey: labels and headers
AMOUNT_FORMAT = "#,##0.00##"   # 万元 with up to 4 decimals (to the 元)
RATE_FORMAT = "0.00%"
SCORE_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"

_BASE: dict[str, Any] = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter", "text_wrap": True,
                         "border": 1}
_INPUT: dict[str, Any] = {"bg_color": INPUT_FILL, "locked": False}

STYLES: dict[str, dict[str, Any]] = {
    "title": {"font_size": 18, "bold": True, "align": "center", "border": 0},
    "subtitle": {"align": "center", "border": 0},
    "subtitle_in": {"align": "center", "border": 0, **_INPUT},
    "note": {"align": "left", "border": 0},
    "label": {"align": "center", "bold": True, "bg_color": LABEL_FILL},
    "label_left": {"align": "left", "indent": 1, "bg_color": LABEL_FILL},
    "blank": {},
    "dash": {"align": "center", "font_color": "#808080"},
    "in_text": {"align": "left", "indent": 1, **_INPUT},
    "in_center": {"align": "center", **_INPUT},
    "in_amount": {"align": "right", "num_format": AMOUNT_FORMAT, **_INPUT},
    "in_number": {"align": "center", **_INPUT},
    "in_rate": {"align": "right", "num_format": RATE_FORMAT, **_INPUT},
    "calc_amount": {"align": "right", "num_format": AMOUNT_FORMAT},
    "calc_rate": {"align": "right", "num_format": RATE_FORMAT},
    "calc_score": {"align": "center", "num_format": SCORE_FORMAT},
    "calc_number": {"align": "center"},
    "calc_text": {"align": "left", "indent": 1},
    "calc_center": {"align": "center", "bold": True},
    # 填表说明
    "doc_heading": {"align": "left", "bold": True, "border": 0, "font_size": 12},
    "doc_key": {"align": "left", "bold": True, "valign": "top"},
    "doc_text": {"align": "left", "valign": "top"},
}


def style_props(name: str, num_format: str | None = None) -> dict[str, Any]:
    """The XlsxWriter format properties of a named style (optionally with another number format)."""
    props = {**_BASE, **STYLES[name]}
    if num_format is not None:
        props["num_format"] = num_format
    return props
