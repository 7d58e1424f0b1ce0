"""Findings, per-file reports and exit codes: the one place that decides counts, verdicts and exit codes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from pathlib import Path

from perfcheck.fmt import render
from perfcheck.model import CellRef, Severity


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class ExitStatus(IntEnum):
    OK = 0            # no error (with --strict: no warning either)
    FINDINGS = 1      # at least one error (with --strict: or warning)
    UNREADABLE = 2    # some input could not be read at all; also typer/click usage errors


def file_status(readable: bool, errors: int, warnings: int, *, strict: bool = False) -> ExitStatus:
    """THE verdict of one file: UNREADABLE when it could not be read, FINDINGS when it has an error
    (with ``strict``: or a warning), else OK.  Every reporter (terminal, JSON, 校验结果 sheet,
    roll-up, serve) and the exit code derive from this: passed ⇔ OK."""
    if not readable:
        return ExitStatus.UNREADABLE
    return ExitStatus.OK if errors == 0 and (not strict or warnings == 0) else ExitStatus.FINDINGS


def run_status(codes: Iterable[ExitStatus]) -> ExitStatus:
    """THE run's exit code over its files' (and outputs') statuses: 2 if any is UNREADABLE, else 1 if
    any is FINDINGS, else 0."""
    seen = set(codes)
    for status in (ExitStatus.UNREADABLE, ExitStatus.FINDINGS):
        if status in seen:
            return status
    return ExitStatus.OK


VERDICT_KEYS = {ExitStatus.OK: "pass", ExitStatus.FINDINGS: "fail", ExitStatus.UNREADABLE: "unreadable"}
"""The label key (report/common.LABELS) of each verdict: 通过 / 退回修改 / 无法读取."""


def plain(value: object) -> object:
    """A JSON-safe scalar: Decimal → float, dates → ISO text, other objects → str."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return str(iso())
    return str(value)


@dataclass(frozen=True, slots=True)
class Wording:
    """A rule's words a finding is written with: its slug and its message templates by language."""

    slug: str                          # "funds-total-mismatch"
    message: Mapping[str, str]         # {"zh": "...{x}...", "en": "...{x}..."}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: a rule's code and severity, the cell a clerk must change, and the values of its message."""

    code: str                          # "PC101"
    severity: Severity
    at: CellRef | None                 # None: about the workbook as a whole
    ctx: Mapping[str, object] = field(default_factory=dict)
    expected: object = None
    actual: object = None
    related: tuple[CellRef, ...] = ()
    # the rule's slug and message templates, given by whoever makes the finding (the engine, from the
    # registry); None: unknown here (a code this version does not have) — message() raises KeyError
    wording: Wording | None = field(default=None, compare=False)

    @property
    def sheet(self) -> str | None:
        return self.at.sheet if self.at else None

    @property
    def cell(self) -> str | None:
        return self.at.cell if self.at else None

    @property
    def slug(self) -> str:
        """The rule's slug; "" when the finding has no wording."""
        return self.wording.slug if self.wording is not None else ""

    @property
    def paragraph(self) -> dict[str, object] | None:
        """The narrative report's paragraph a PC8xx finding is about: {"index": 12, "quote": "..."}."""
        index, quote = self.ctx.get("paragraph"), self.ctx.get("quote")
        if isinstance(index, int) and isinstance(quote, str):
            return {"index": index, "quote": quote}
        return None

    def message(self, lang: Lang | str = Lang.zh) -> str:
        """The rule's message template for ``lang`` (else zh) filled from ``ctx``; KeyError without wording."""
        if self.wording is None:
            raise KeyError(self.code)
        templates = self.wording.message
        lg = str(lang) if str(lang) in templates else "zh"
        return render(templates[lg], self.ctx, lg)

    def to_dict(self, lang: Lang | str = Lang.zh) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "slug": self.slug,
            "severity": self.severity.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message(lang),
            "expected": plain(self.expected),
            "actual": plain(self.actual),
        }
        if (para := self.paragraph) is not None:     # narrative findings (PC8xx) only
            out["paragraph"] = para
        return out

    def sort_key(self) -> tuple[str, int, str, str]:
        """Sheet order is kept by the caller; within a sheet: row, column, code."""
        if self.at is None:
            return ("", 0, "", self.code)
        cell = self.at.cell.split(":")[0]
        m = _A1.fullmatch(cell)
        if m is not None:               # the usual A1 cell: its letters and its digits
            letters, digits = m.groups()
        else:
            letters = "".join(ch for ch in cell if ch.isalpha())
            digits = "".join(ch for ch in cell if ch.isdigit())
        return (self.at.sheet, int(digits or 0), letters.rjust(3), self.code)


_A1 = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


@dataclass(slots=True)
class ProjectSummary:
    """One project form's figures, stated and recomputed (for the JSON, 校验结果 and roll-up)."""

    sheet: str
    name: str | None
    budget: Decimal | None             # 全年预算数 (年度资金总额), recomputed from its lines where they exist
    spent: Decimal | None
    execution_rate: Decimal | None     # fraction, recomputed
    stated_score: Decimal | None
    computed_score: Decimal | None
    stated_grade: str | None
    computed_grade: str | None
    errors: int = 0
    warnings: int = 0
    targets_missed: int = 0            # 三级指标 whose recomputed result missed the target
    indicators: int = 0                # 三级指标 rows on the form

    @property
    def full_score_missed(self) -> bool:
        """满分但未完成: the stated 总分 is 100 (or more) while some target was missed."""
        return self.stated_score is not None and self.stated_score >= 100 and self.targets_missed > 0

    def to_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "name": self.name,
            "budget": plain(self.budget),
            "spent": plain(self.spent),
            "execution_rate": plain(self.execution_rate),
            "stated_score": plain(self.stated_score),
            "computed_score": plain(self.computed_score),
            "stated_grade": self.stated_grade,
            "computed_grade": self.computed_grade,
            "errors": self.errors,
            "warnings": self.warnings,
            "indicators": self.indicators,
            "targets_missed": self.targets_missed,
            "full_score_missed": self.full_score_missed,
        }


@dataclass(frozen=True, slots=True)
class Light:
    """A monitoring warning light (forms.md §4), computed by ``perfcheck.lights``.

    cell: the light cell -- the form's light column, or the column after its last one (备注) when it
    has none (``added`` True).  subject: ``"funds"`` or the indicator's 三级 name.  light: green,
    yellow, red or blue.  ``month``: the X of 1–X月 it was computed for.  ``header``: where perfcheck
    added the column, the cell of that column in the header row above this light's block (A1)."""

    sheet: str
    cell: str
    project: str | None
    subject: str
    light: str
    month: int
    added: bool = True
    header: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"sheet": self.sheet, "cell": self.cell, "project": self.project, "subject": self.subject,
                "light": self.light, "month": self.month}


@dataclass(slots=True)
class Report:
    """The result of checking one file."""

    path: Path
    readable: bool = True
    error: str | None = None           # one line naming the file and the reason, when not readable
    error_kind: str | None = None      # a short key: not-a-workbook, corrupt, encrypted, too-large, ...
    findings: list[Finding] = field(default_factory=list)
    projects: list[ProjectSummary] = field(default_factory=list)
    unit: str | None = None            # 单位名称
    year: int | None = None
    sheet_order: tuple[str, ...] = ()
    annotated: Path | None = None
    lights: list[Light] = field(default_factory=list)   # monitoring forms' warning lights (perfcheck.lights)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)

    def exit_code(self, *, strict: bool = False) -> ExitStatus:
        """This file's verdict (:func:`file_status`)."""
        return file_status(self.readable, self.errors, self.warnings, strict=strict)

    def passed(self, *, strict: bool = False) -> bool:
        return self.exit_code(strict=strict) is ExitStatus.OK

    def sorted_findings(self) -> list[Finding]:
        """Findings in sheet order (workbook-level first), then row, column, code."""
        order = {name: i for i, name in enumerate(self.sheet_order)}

        def key(f: Finding) -> tuple[int, tuple[str, int, str, str]]:
            if f.at is None:
                return (-1, f.sort_key())
            return (order.get(f.at.sheet, len(order)), f.sort_key())

        return sorted(self.findings, key=key)

    def to_dict(self, lang: Lang | str = Lang.zh) -> dict[str, object]:
        return {
            "path": str(self.path),
            "readable": self.readable,
            "error": self.error,
            "unit": self.unit,
            "year": self.year,
            "findings": [f.to_dict(lang) for f in self.sorted_findings()] if self.readable else [],
            "projects": [p.to_dict() for p in self.projects],
            "annotated": str(self.annotated) if self.annotated else None,
            "lights": [x.to_dict() for x in self.lights] if self.readable else [],
        }
