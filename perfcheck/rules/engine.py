"""Run the rules over a model: reader hits + every selected rule's hits → Findings with severities."""

from __future__ import annotations

from perfcheck.config import Config
from perfcheck.findings import Finding
from perfcheck.model import Hit, Workbook
from perfcheck.rules.base import all_rules, get_rule


def selected(code: str, cfg: Config) -> bool:
    """select/ignore take codes, or family prefixes written like PC1XX."""

    def hit(patterns: tuple[str, ...]) -> bool:
        return any(code == p or (p.endswith("XX") and code.startswith(p[:-2])) for p in patterns)

    if cfg.select and not hit(cfg.select):
        return False
    return not hit(cfg.ignore)


def to_finding(h: Hit, cfg: Config) -> Finding:
    r = get_rule(h.code)
    return Finding(code=r.code, severity=cfg.severity.get(r.code, r.severity), at=h.at, ctx=dict(h.ctx),
                   expected=h.expected, actual=h.actual, related=h.related)


def _key(h: Hit) -> tuple[object, ...]:
    """Two hits are the same finding when code, cell and message values are equal."""
    try:
        ctx: object = frozenset(h.ctx.items())
        hash(ctx)
    except TypeError:  # an unhashable value: compare its text
        ctx = repr(sorted(h.ctx.items(), key=lambda kv: kv[0]))
    return (h.code, h.at, ctx)


def run(wb: Workbook, cfg: Config) -> list[Finding]:
    from perfcheck.scoring import clear_cache

    clear_cache()
    rules = all_rules()
    registry = {r.code: r for r in rules}
    hits: list[Hit] = list(wb.reader_hits)
    for r in rules:
        if r.check is None or r.removed or not selected(r.code, cfg):
            continue
        hits.extend(r.check(wb, cfg))
    seen: set[tuple[object, ...]] = set()
    out: list[Finding] = []
    for h in hits:
        if not selected(h.code, cfg):
            continue
        key = _key(h)
        if key in seen:
            continue
        seen.add(key)
        r = registry[h.code]
        out.append(Finding(code=r.code, severity=cfg.severity.get(r.code, r.severity), at=h.at, ctx=dict(h.ctx),
                           expected=h.expected, actual=h.actual, related=h.related))
    return out
