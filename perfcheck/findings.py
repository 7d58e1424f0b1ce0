"""Findings, per-file reports and exit codes: the one place that decides counts, verdicts and exit codes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from pathlib import Path

from perfcheck.model import CellRef, Severity


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class ExitStatus(IntEnum):
    OK = 0            # no error (with --strict: no warning either)
    FINDINGS = 1      # at least one error (with --strict: or warning)
    UNREADABLE = 2    # some input could not be read at all; also typer/click usage errors


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
class Finding:
    code: str                          # "PC101"
    severity: Severity
    at: CellRef | None                 # None: about the workbook as a whole
    ctx: Mapping[str, object] = field(default_factory=dict)
    expected: object = None
    actual: object = None
    related: tuple[CellRef, ...] = ()

    @property
    def sheet(self) -> str | None:
        return self.at.sheet if self.at else None

    @property
    def cell(self) -> str | None:
        return self.at.cell if self.at else None

    @property
    def slug(self) -> str:
        from perfcheck.rules.base import get_rule

        return get_rule(self.code).slug

    @property
    def paragraph(self) -> dict[str, object] | None:
        """The narrative report's paragraph a PC8xx finding is about: {"index": 12, "quote": "..."}."""
        index, quote = self.ctx.get("paragraph"), self.ctx.get("quote")
        if isinstance(index, int) and isinstance(quote, str):
            return {"index": index, "quote": quote}
        return None

    def message(self, lang: Lang | str = Lang.zh) -> str:
        """The rule's message template for ``lang`` filled from ``ctx``."""
        from perfcheck.rules.base import render_message

        return render_message(self.code, self.ctx, str(lang))

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
        letters = "".join(ch for ch in cell if ch.isalpha())
        digits = "".join(ch for ch in cell if ch.isdigit())
        return (self.at.sheet, int(digits or 0), letters.rjust(3), self.code)


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

    def passed(self, *, strict: bool = False) -> bool:
        if not self.readable:
            return False
        return self.errors == 0 and (not strict or self.warnings == 0)

    def exit_code(self, *, strict: bool = False) -> ExitStatus:
        if not self.readable:
            return ExitStatus.UNREADABLE
        return ExitStatus.OK if self.passed(strict=strict) else ExitStatus.FINDINGS

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
        }


def overall_exit(reports: list[Report], *, strict: bool = False) -> ExitStatus:
    """2 if any input was unreadable, else 1 if any failed, else 0."""
    codes = [r.exit_code(strict=strict) for r in reports]
    if ExitStatus.UNREADABLE in codes:
        return ExitStatus.UNREADABLE
    if ExitStatus.FINDINGS in codes:
        return ExitStatus.FINDINGS
    return ExitStatus.OK
