from __future__ import annotations

import os
import sys
from pathlib import Path

# as perfcheck/__init__.py: openpyxl on defusedxml even where lxml is installed (python-docx needs it),
# here too because tests and their subprocesses import openpyxl directly
os.environ.setdefault("OPENPYXL_LXML", "False")

# tests/ holds shared helpers (factory.py, lo.py); make them importable as plain modules.
sys.path.insert(0, str(Path(__file__).parent))
