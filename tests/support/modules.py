"""The modules of the ``perfcheck`` package, by dotted name (the import-graph and tested-modules tests)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PKG = ROOT / "perfcheck"


def module_name(path: Path) -> str:
    """``perfcheck/report/__init__.py`` → ``perfcheck.report``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PKG.rglob("*.py"))}
