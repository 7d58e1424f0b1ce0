from __future__ import annotations

import sys
from pathlib import Path

# tests/ holds shared helpers (factory.py, lo.py); make them importable as plain modules.
sys.path.insert(0, str(Path(__file__).parent))
