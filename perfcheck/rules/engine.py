"""Run the rules over a model: the reader's coded hits + every selected rule's hits, each paired with the
code of the rule whose check yielded it → Findings with the rule's severity and wording.

One defect, one finding is a property of the engine, applied after every rule has run:

1. a hit of a rule that ``covers_sheet`` (an unfilled form) replaces every other hit on its sheet;
2. a hit whose rule is ``consequence_of`` another code is dropped when a hit of that code is on the
   same sheet and row;
3. a root-cause hit's ``explains`` cells, and every formula cell that reads them, get no finding of
   their own;
4. a finding at a formula cell is dropped when one of the cells the formula reads (directly or
   through other formulas, on the same sheet) has an error or warning: the computed cell's only
   fault is its input's, and the input is where the clerk can fix it.
"""

from __future__ import annotations

from perfcheck.codes import UNCACHED_FORMULAS
from perfcheck.config import Config
from perfcheck.findings import Finding
from perfcheck.formulas import Node, Pos, formula_map, parse_a1
from perfcheck.model import CellRef, CodedHit, Severity, Workbook
from perfcheck.rules.base import Rule, all_rules, finding


def selected(code: str, cfg: Config) -> bool:
    """select/ignore take codes, or family prefixes written like PC1XX."""

    def hit(patterns: tuple[str, ...]) -> bool:
        return any(code == p or (p.endswith("XX") and code.startswith(p[:-2])) for p in patterns)

    if cfg.select and not hit(cfg.select):
        return False
    return not hit(cfg.ignore)


def _key(h: CodedHit) -> tuple[object, ...]:
    """Two hits are the same finding when code, cell and message values are equal."""
    try:
        ctx: object = frozenset(h.ctx.items())
        hash(ctx)
    except TypeError:  # an unhashable value: compare its text
        ctx = repr(sorted(h.ctx.items(), key=lambda kv: kv[0]))
    return (h.code, h.at, ctx)


# Findings that name a cell only as the first of many on the sheet: no fault of that cell's readers.
SHEET_WIDE = frozenset({UNCACHED_FORMULAS})


def _pos(at: CellRef) -> Pos | None:
    try:
        return parse_a1(at.cell)
    except ValueError:
        return None


def _node(at: CellRef | None) -> Node | None:
    """A hit's cell as a node of the formula graph, or None (no cell, or not an A1 address)."""
    if at is None:
        return None
    p = _pos(at)
    return (at.sheet, p) if p is not None else None


def one_per_defect(hits: list[CodedHit], wb: Workbook, registry: dict[str, Rule],
                   severity: dict[str, Severity]) -> list[CodedHit]:
    """Drop the hits that are consequences of another hit (see the module docstring)."""
    # each hit with its cell as a graph node, found once for the four steps
    placed = [(h, _node(h.at)) for h in hits]
    # 1. a form that stands as one finding
    covered = {h.at.sheet for h, _ in placed if h.at is not None and registry[h.code].covers_sheet}
    if covered:
        placed = [(h, n) for h, n in placed
                  if h.at is None or h.at.sheet not in covered or registry[h.code].covers_sheet]
    # 2. declared consequences on the same row
    rows = {(h.code, n[0], n[1][0]) for h, n in placed if n is not None}

    def is_consequence(h: CodedHit, n: Node | None) -> bool:
        causes = registry[h.code].consequence_of
        if not causes or n is None:
            return False
        return any((c, n[0], n[1][0]) in rows for c in causes)

    placed = [(h, n) for h, n in placed if not is_consequence(h, n)]
    fm = formula_map(wb.formulas)
    # 3. cells a root cause explains, and the formulas that read them (on any sheet)
    roots: set[Node] = set()
    for h, _ in placed:
        for ref in h.hit.explains:
            p = _pos(ref)
            if p is not None:
                roots.add((ref.sheet, p))
    explained = roots | fm.dependents(roots) if roots else set()
    if explained:
        placed = [(h, n) for h, n in placed if h.hit.explains or n not in explained]
    # 4. a formula cell whose input has a finding
    faulty = {n for h, n in placed
              if n is not None and severity[h.code] is not Severity.INFO and h.code not in SHEET_WIDE}

    def input_faulty(h: CodedHit, n: Node | None) -> bool:
        if n is None or h.hit.explains or fm.formula(n[0], n[1]) is None:
            return False
        return bool((fm.inputs(n[0], n[1]) & faulty) - {n})

    return [h for h, n in placed if not input_faulty(h, n)]


def run(wb: Workbook, cfg: Config) -> list[Finding]:
    from perfcheck.scoring import clear_cache

    clear_cache()
    rules = all_rules()
    registry = {r.code: r for r in rules}
    hits: list[CodedHit] = list(wb.reader_hits)
    chosen = {code for code in registry if selected(code, cfg)}
    for r in rules:
        if r.check is None or r.removed or r.code not in chosen:
            continue
        hits.extend(CodedHit(r.code, h) for h in r.check(wb, cfg))
    seen: set[tuple[object, ...]] = set()
    unique: list[CodedHit] = []
    for h in hits:
        if h.code not in chosen:
            continue
        key = _key(h)
        if key in seen:
            continue
        seen.add(key)
        unique.append(h)
    severity = {code: cfg.severity.get(code, r.severity) for code, r in registry.items()}
    kept = one_per_defect(unique, wb, registry, severity)
    return [finding(c.code, severity[c.code], c.at, c.ctx, c.hit.expected, c.hit.actual, c.hit.related)
            for c in kept]
