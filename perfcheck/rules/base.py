"""The rule model: a registry of coded rules, each with its slug, severity, bilingual message and doc.

A rule is a generator function decorated with ``@rule``; it reads the model and yields ``Hit``s (no
code: the engine, ``perfcheck.rules.engine``, pairs each hit with the rule's code and configured
severity and makes ``Finding``s).  Codes emitted by the reader (PC0xx) are registered with
``register`` and have no check function.

The registry is filled by importing the rule modules; importing ``perfcheck.rules`` (the package,
which lists every family) does that, and Python imports the package before any ``perfcheck.rules.x``
module, so code that imports from the rules layer always sees every rule.

Codes are never reused: a retired rule stays registered with ``removed=True``.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from perfcheck import config
from perfcheck.config import Config, ConfigError
from perfcheck.findings import Finding, Wording
from perfcheck.model import CellRef, Hit, Severity, Workbook

CheckFn = Callable[["Workbook", "Config"], Iterator[Hit]]

DOC_SECTIONS = ("检查内容 What it does", "为什么 Why it matters", "示例 Example", "配置 Options")


@dataclass(frozen=True, slots=True)
class Rule:
    code: str                      # "PC101"
    slug: str                      # "funds-total-mismatch"
    severity: Severity             # default; config may override
    message: dict[str, str]        # {"zh": "...{x}...", "en": "...{x}..."}
    summary: dict[str, str]        # one line for `perfcheck rules`, {"zh": ..., "en": ...}
    doc: str                       # the docstring, with the DOC_SECTIONS headings
    check: CheckFn | None = None   # None: emitted by the reader or the engine
    family: str = ""               # "reading", "funds", ...
    removed: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)
    # One defect, one finding (applied by the engine): a hit of this rule is dropped when a hit of
    # one of these codes is on the same sheet and row (the other finding already names the defect).
    consequence_of: tuple[str, ...] = ()
    # A hit of this rule stands for its whole sheet (an unfilled form): every other hit on that
    # sheet is dropped.
    covers_sheet: bool = False
    # The configuration options the check reads, by their dotted names in perfcheck/default_config.toml
    # ("tolerances.amount"); ``perfcheck rule CODE`` and docs/rules.md list them with default and meaning.
    options: tuple[str, ...] = ()

    @property
    def wording(self) -> Wording:
        return Wording(self.slug, self.message)

    def placeholders(self, lang: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.message[lang]) if name}


REGISTRY: dict[str, Rule] = {}
_SLUGS: dict[str, str] = {}


def register(r: Rule) -> Rule:
    if r.code in REGISTRY:
        raise ValueError(f"duplicate rule code {r.code}")
    if r.slug in _SLUGS:
        raise ValueError(f"duplicate rule slug {r.slug}")
    REGISTRY[r.code] = r
    _SLUGS[r.slug] = r.code
    for a in r.aliases:
        _SLUGS[a] = r.code
    return r


def rule(
    *,
    code: str,
    slug: str,
    severity: Severity,
    message: dict[str, str],
    summary: dict[str, str],
    family: str,
    consequence_of: tuple[str, ...] = (),
    covers_sheet: bool = False,
    options: tuple[str, ...] = (),
) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register a check function as a rule; its docstring is the rule's doc.

    ``consequence_of``: codes whose hit on the same sheet and row makes this rule's hit redundant
    (the engine drops it).  ``covers_sheet``: this rule's hit replaces every other hit on its sheet.
    ``options``: the configuration options the check reads (dotted names, ``"tolerances.amount"``)."""
    unknown = [o for o in options if o not in config.OPTIONS]
    if unknown:
        raise ValueError(f"rule {code}: unknown option(s) {', '.join(unknown)}")

    def deco(fn: CheckFn) -> CheckFn:
        register(Rule(code=code, slug=slug, severity=severity, message=message, summary=summary,
                      doc=inspect.cleandoc(fn.__doc__ or ""), check=fn, family=family,
                      consequence_of=consequence_of, covers_sheet=covers_sheet, options=options))
        return fn

    return deco


def resolve(code_or_slug: str) -> str:
    """A code or slug (case-insensitive for codes) → the code; KeyError when unknown."""
    c = code_or_slug.strip()
    if c.upper() in REGISTRY:
        return c.upper()
    if c in _SLUGS:
        return _SLUGS[c]
    raise KeyError(code_or_slug)


def get_rule(code: str) -> Rule:
    return REGISTRY[resolve(code)]


def all_rules() -> list[Rule]:
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def finding(code: str, severity: Severity, at: CellRef | None, ctx: Mapping[str, object] | None = None,
            expected: object = None, actual: object = None, related: tuple[CellRef, ...] = ()) -> Finding:
    """A finding of the registered rule ``code``, with that rule's wording (slug, message templates)."""
    return Finding(code, severity, at, dict(ctx or {}), expected, actual, related, REGISTRY[code].wording)


def bind(cfg: Config) -> Config:
    """The configuration with its rule names resolved: ``select`` / ``ignore`` entries and ``[severity]``
    keys written as codes or slugs become codes (a family written like ``PC1XX`` stays as it is).  The
    rules file is read by ``perfcheck.config``, which does not know the rules; every command applies
    this before checking.  An unknown name raises ConfigError (one line, exit code 2)."""
    where = f"{cfg.source}: " if cfg.source else ""
    picked: dict[str, tuple[str, ...]] = {}
    for key in ("select", "ignore"):
        try:
            picked[key] = tuple(x.upper() if x.upper().endswith("XX") else resolve(x)
                                for x in getattr(cfg, key))
        except KeyError as exc:
            raise ConfigError(f"{where}{key}: unknown rule {exc.args[0]!r}") from exc
    sev: dict[str, Severity] = {}
    for k, v in cfg.severity.items():
        try:
            sev[resolve(k)] = v
        except KeyError as exc:
            raise ConfigError(f"{where}severity.{k}: unknown rule") from exc
    return replace(cfg, select=picked["select"], ignore=picked["ignore"], severity=sev)


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """``perfcheck.config.load`` with the rule names resolved (:func:`bind`)."""
    return bind(config.load(path, start=start))
