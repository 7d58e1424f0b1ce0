from __future__ import annotations

import os

# as perfcheck/__init__.py: openpyxl on defusedxml even where lxml is installed (python-docx needs it),
# here too because tests and their subprocesses import openpyxl directly
os.environ.setdefault("OPENPYXL_LXML", "False")

