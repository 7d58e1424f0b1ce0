"""Rules family: indicators (see perfcheck/rules/__init__.py)."""

from __future__ import annotations
