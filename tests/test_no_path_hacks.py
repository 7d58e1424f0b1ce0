"""No module changes ``sys.path``: pytest's ``pythonpath`` (pyproject.toml) is how tests find tests/ and
samples/, and a script run as ``python benchmarks/bench.py`` or ``python samples/generate.py`` has its
own folder first on the path already."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _touches_sys_path(tree: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "path" and isinstance(n.value, ast.Name)
               and n.value.id == "sys" for n in ast.walk(tree))


def test_nothing_changes_sys_path() -> None:
    offenders = [str(p.relative_to(ROOT)) for folder in ("perfcheck", "tests", "samples", "benchmarks")
                 for p in sorted((ROOT / folder).rglob("*.py"))
                 if _touches_sys_path(ast.parse(p.read_text(encoding="utf-8")))]
    assert offenders == []


def test_the_check_sees_a_path_change() -> None:
    assert _touches_sys_path(ast.parse("import sys\nsys.path.insert(0, 'x')"))
    assert _touches_sys_path(ast.parse("import sys\nsys.path[:0] = ['x']"))
    assert not _touches_sys_path(ast.parse("import os\nos.path.join('a', 'b')"))
