"""The import graph of ``perfcheck``: every module imports on its own, no cycle, no upward import.

The graph is read from each module's AST (nothing is executed to build it):

* a node is a module file under ``perfcheck/`` (a package is its ``__init__``);
* an edge is any ``import perfcheck.x`` / ``from perfcheck.x import y`` / relative import, **at module
  level or inside a function** — a function-level import is the same runtime dependency, only
  deferred (it is how the cycles were hidden), so it counts for both cycles and layers;
* imports under ``if TYPE_CHECKING:`` are not edges (they never run);
* ``from pkg import name`` is an edge to the module ``pkg.name`` when that module exists, else to ``pkg``.

Layers, low to high (an edge may go down or stay in its layer, never up) — :data:`LAYERS`.

Known debts are named in :data:`KNOWN_CYCLES` and :data:`KNOWN_UPWARD` (empty but for one template
edge that goes with its lane's merge).  The test fails for a cycle or upward edge that is not listed,
and for a listed entry that no longer exists (so the lists only shrink).  How the old ones went: the
rule registry is filled by importing the rules package (``rules.base`` imports no family); a
``Finding`` carries its rule's wording (the engine gives it), so ``findings`` needs no rules; the
configuration keeps rule names as written and ``rules.base.bind`` resolves them; value formatting is
``perfcheck.fmt``; the reader's codes are ``perfcheck.codes``.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from support.modules import MODULES, ROOT

# Lowest first.  A module belongs to the layer of the longest prefix that matches it; a module that no
# prefix matches fails test_every_module_is_in_a_layer (place it when you add it).  perfcheck.formulas
# is issue 11's (formula reading, moved out of the reader), placed here ahead of its merge.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("perfcheck.version", "perfcheck.errors", "perfcheck.model", "perfcheck.findings",
                    "perfcheck.config", "perfcheck.options", "perfcheck.layout", "perfcheck.memo",
                    "perfcheck.parse", "perfcheck.codes", "perfcheck.fmt", "perfcheck.kinds",
                    "perfcheck.report.package", "perfcheck.report.colors", "perfcheck.template.blueprint")),
    ("reading", ("perfcheck.safety", "perfcheck.reader", "perfcheck.narrative.document", "perfcheck.outputs",
                 "perfcheck.inputs", "perfcheck.formulas")),
    ("checking", ("perfcheck.rules", "perfcheck.scoring", "perfcheck.lights", "perfcheck.narrative.facts",
                  "perfcheck.narrative.claims", "perfcheck.narrative.rules", "perfcheck.api")),
    ("reporting", ("perfcheck.report", "perfcheck.template", "perfcheck.narrative", "perfcheck.export",
                   "perfcheck.examples")),
    ("commands", ("perfcheck.runner", "perfcheck.serve", "perfcheck.cli", "perfcheck.__main__", "perfcheck")),
]

# Cycles left: each is one edge, named as "importer -> imported"; removing any one edge of the list
# from the graph leaves no cycle.  None is left.
KNOWN_CYCLES: dict[str, str] = {}

# Imports from a lower layer into a higher one, other than the cycles above: none.  The reader takes
# the codes of its own problems from perfcheck.codes (below it and the rules), not from the rules.
KNOWN_UPWARD: dict[str, str] = {}



def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
           (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``."""
    out: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                stack.extend(child.orelse)
                continue
            stack.append(child)
    return out


def _known(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(mod: str) -> set[str]:
    path = MODULES[mod]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    found: set[str] = set()
    for node in _nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "perfcheck":
                    target = _known(alias.name)
                    if target:
                        found.add(target)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            if base.split(".")[0] != "perfcheck":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                target = sub if sub in MODULES else _known(base)
                if target:
                    found.add(target)
    found.discard(mod)
    return found


def graph() -> dict[str, set[str]]:
    return {m: imports_of(m) for m in MODULES}


def layer_of(mod: str) -> int:
    best = (-1, -1)
    for i, (_name, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            # the package facade "perfcheck" is itself only: a new module must be placed explicitly
            covers = mod == p or (p != "perfcheck" and mod.startswith(p + "."))
            if covers and len(p) > best[0]:
                best = (len(p), i)
    assert best[1] >= 0, f"{mod} is in no layer: add it to LAYERS"
    return best[1]


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(g):
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(g.get(w, ())))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
    return out


def _edge(name: str) -> tuple[str, str]:
    a, _, b = name.partition(" -> ")
    return a, b


def test_every_module_is_in_a_layer() -> None:
    for mod in MODULES:
        layer_of(mod)


def test_no_import_cycle_but_the_named_ones() -> None:
    g = graph()
    for name in KNOWN_CYCLES:
        a, b = _edge(name)
        assert b in g.get(a, set()), f"{name} is gone: remove it from KNOWN_CYCLES"
    pruned = {m: set(ts) for m, ts in g.items()}
    for name in KNOWN_CYCLES:
        a, b = _edge(name)
        pruned[a].discard(b)
    found = cycles(pruned)
    assert found == [], "import cycle(s): " + "; ".join(
        " ".join(f"{m} -> {sorted(t for t in pruned[m] if t in comp)}" for m in comp) for comp in found)


def test_no_upward_import_but_the_named_ones() -> None:
    g = graph()
    upward = {f"{m} -> {t}" for m, ts in g.items() for t in ts if layer_of(t) > layer_of(m)}
    allowed = set(KNOWN_UPWARD) | set(KNOWN_CYCLES)
    assert sorted(upward - allowed) == []
    assert sorted(set(KNOWN_UPWARD) - upward) == [], "gone: remove from KNOWN_UPWARD"


def test_the_graph_sees_function_level_imports_and_skips_type_checking() -> None:
    g = graph()
    assert "perfcheck.report.annotate" in g["perfcheck.runner"]       # imported inside check_one
    assert "perfcheck.narrative.document" not in g["perfcheck.model"]  # under TYPE_CHECKING only
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("mod", sorted(m for m in MODULES if not m.endswith("__main__")))
def test_each_module_imports_alone(mod: str) -> None:
    """Each module imports in a fresh interpreter on its own (no hidden order dependency)."""
    proc = subprocess.run([sys.executable, "-c", f"import {mod}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-2000:]
