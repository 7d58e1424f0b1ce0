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


def one_per_defect(hits: list[CodedHit], wb: Workbook, registry: dict[str, Rule],
                   severity: dict[str, Severity]) -> list[CodedHit]:
    """Drop the hits that are consequences of another hit (see the module docstring)."""
    # 1. a form that stands as one finding
    covered = {h.at.sheet for h in hits if h.at is not None and registry[h.code].covers_sheet}
    if covered:
        hits = [h for h in hits if h.at is None or h.at.sheet not in covered or registry[h.code].covers_sheet]
    # 2. declared consequences on the same row
    rows: set[tuple[str, str, int]] = set()
    for h in hits:
        if h.at is not None and (p := _pos(h.at)) is not None:
            rows.add((h.code, h.at.sheet, p[0]))

    def is_consequence(h: CodedHit) -> bool:
        causes = registry[h.code].consequence_of
        if not causes or h.at is None or (p := _pos(h.at)) is None:
            return False
        return any((c, h.at.sheet, p[0]) in rows for c in causes)

    hits = [h for h in hits if not is_consequence(h)]
    fm = formula_map(wb.formulas)
    # 3. cells a root cause explains, and the formulas that read them (on any sheet)
    roots: set[Node] = set()
    for h in hits:
        for ref in h.hit.explains:
            p = _pos(ref)
            if p is not None:
                roots.add((ref.sheet, p))
    explained = roots | fm.dependents(roots) if roots else set()

    def is_explained(h: CodedHit) -> bool:
        if h.at is None or h.hit.explains:
            return False
        p = _pos(h.at)
        return p is not None and (h.at.sheet, p) in explained

    hits = [h for h in hits if not is_explained(h)]
    # 4. a formula cell whose input has a finding
    faulty: set[Node] = set()
    for h in hits:
        if h.at is None or severity[h.code] is Severity.INFO or h.code in SHEET_WIDE:
            continue
        p = _pos(h.at)
        if p is not None:
            faulty.add((h.at.sheet, p))

    def input_faulty(h: CodedHit) -> bool:
        if h.at is None or h.hit.explains or not fm.has_formulas(h.at.sheet):
            return False
        p = _pos(h.at)
        if p is None or fm.formula(h.at.sheet, p) is None:
            return False
        return bool(fm.inputs(h.at.sheet, p) & (faulty - {(h.at.sheet, p)}))

    return [h for h in hits if not input_faulty(h)]


def run(wb: Workbook, cfg: Config) -> list[Finding]:
    from perfcheck.scoring import clear_cache

    clear_cache()
    rules = all_rules()
    registry = {r.code: r for r in rules}
    hits: list[CodedHit] = list(wb.reader_hits)
    for r in rules:
        if r.check is None or r.removed or not selected(r.code, cfg):
            continue
        hits.extend(CodedHit(r.code, h) for h in r.check(wb, cfg))
    seen: set[tuple[object, ...]] = set()
    unique: list[CodedHit] = []
    for h in hits:
        if not selected(h.code, cfg):
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
