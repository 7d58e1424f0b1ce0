"""Regenerate the committed template workbooks:  python workbook_templates/generate.py

tests/test_template.py checks that the committed files hold the same cells as a fresh generation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from perfcheck.template import write_template

HERE = Path(__file__).resolve().parent

TEMPLATES: dict[str, dict[str, Any]] = {
    "绩效自评模板.xlsx": {"projects": 3, "lang": "zh"},
    "绩效自评模板_en.xlsx": {"projects": 3, "lang": "en"},
    "部门整体绩效自评模板.xlsx": {"kind": "department", "lang": "zh"},
    "绩效运行监控模板_1-6月.xlsx": {"kind": "monitor", "month": 6, "lang": "zh"},
    "绩效运行监控模板_1-12月.xlsx": {"kind": "monitor", "month": 12, "lang": "zh"},
}


def main() -> None:
    for name, options in TEMPLATES.items():
        write_template(HERE / name, **options)
        print(HERE / name)


if __name__ == "__main__":
    main()
