"""The rule model: a registry of coded rules, each with its slug, severity, bilingual message and doc.

A rule is a generator function decorated with ``@rule``; it reads the model and yields ``Hit``s.
The engine (``perfcheck.rules.engine``) stamps the configured severity and makes ``Finding``s.
Codes emitted by the reader (PC0xx) are registered with ``register`` and have no check function.

Codes are never reused: a retired rule stays registered with ``removed=True``.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from perfcheck.model import Bilingual, Hit, Severity, Workbook

if TYPE_CHECKING:
    from perfcheck.config import Config

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
) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register a check function as a rule; its docstring is the rule's doc.

    ``consequence_of``: codes whose hit on the same sheet and row makes this rule's hit redundant
    (the engine drops it).  ``covers_sheet``: this rule's hit replaces every other hit on its sheet."""

    def deco(fn: CheckFn) -> CheckFn:
        register(Rule(code=code, slug=slug, severity=severity, message=message, summary=summary,
                      doc=inspect.cleandoc(fn.__doc__ or ""), check=fn, family=family,
                      consequence_of=consequence_of, covers_sheet=covers_sheet))
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
    _ensure_loaded()
    return REGISTRY[resolve(code)]


def all_rules() -> list[Rule]:
    _ensure_loaded()
    return [REGISTRY[c] for c in sorted(REGISTRY)]


class _Ctx(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fmt_value(v: object) -> str:
    """Format a ctx value for a message: Decimals without float noise, trailing zeros trimmed."""
    from decimal import Decimal

    if isinstance(v, Decimal):
        s = format(v.normalize(), "f") if v == v.to_integral_value() else format(v, "f")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return s or "0"
    if isinstance(v, float):
        return fmt_value(Decimal(repr(v)))
    return str(v)


def render_message(code: str, ctx: dict[str, object] | Any, lang: str = "zh") -> str:
    r = get_rule(code)
    lang = lang if lang in r.message else "zh"
    values = _Ctx({k: v.pick(lang) if isinstance(v, Bilingual) else fmt_value(v) for k, v in dict(ctx).items()})
    return string.Formatter().vformat(r.message[lang], (), values)


def _ensure_loaded() -> None:
    # Importing the package registers every family (explicit list in perfcheck/rules/__init__.py).
    import perfcheck.rules  # noqa: F401
