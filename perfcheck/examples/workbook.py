"""A consistent example workbook, and the namespace the rules' ``Okay:`` / ``PCxxx:`` doc lines run in.

    example()                                  one good form: budget 100, spent 100, 执行率 100%,
                                               得分 10, model.good_indicators(), 总分 100, 优
    example(spent=90, rate="0.9", exec_score=9, total_score=99)   overrides go to model.make_form
    example(edit={0: dict(score=18)})          change fields of good_indicators()' rows (by index)
    example(full=True)                         add a consistent 单位概况, 项目汇总 and 问题与措施
    example(unit=make_unit({...}), project_list=make_list([...]), issues=make_issues(a, b))
    example(forms=[dict(name="甲"), dict(name="乙", spent=80, ...)])  several forms (dicts of
                                               overrides, or ProjectForm objects); sheets 项目1, 项目2 …
    example(dept={...}, basic={...}, monitor={...}, projects=[...])   the other kinds (PC6xx, PC7xx):
                                               perfcheck/examples/kinds.py writes and reads them

A doc line ``PC101: total=(100, 100, 90)`` is run as ``example(total=(100, 100, 90))`` in
:data:`NAMESPACE` (every public name of perfcheck/examples/model.py, plus ``form``, ``dt`` and
``Decimal``).  ``perfcheck rules --format json`` runs every line once for the catalog
(report/examples.py); the tests run the same lines through the same function.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from perfcheck.config import Config
from perfcheck.examples import kinds, model
from perfcheck.examples.model import good_indicators, make_form, make_issues, make_list, make_unit, make_wb
from perfcheck.model import Cell, IssuesBlock, ProjectForm, ProjectList, UnitInfo, Workbook
from perfcheck.narrative.document import from_text

DEFAULTS: dict[str, Any] = dict(
    budget=100, spent=100, rate=1, exec_score=10, total_weight=100, total_score=100, grade="优",
)


def form(**overrides: Any) -> ProjectForm:
    """A consistent form with ``overrides`` passed to model.make_form.

    ``edit={i: {field: value}}`` changes fields (level1, level2, name, target, actual, weight, score,
    reason) of good_indicators()' i-th row, unless ``indicators=`` is given.
    """
    edit: dict[int, dict[str, Any]] = overrides.pop("edit", None) or {}
    kw: dict[str, Any] = {**DEFAULTS, **overrides}
    if "indicators" not in kw:
        inds = good_indicators()
        for i, changes in edit.items():
            inds[i] = {**inds[i], **changes}
        kw["indicators"] = inds
    elif edit:
        raise TypeError("edit= applies to the default indicators only")
    return make_form(**kw)


def _as_form(i: int, f: ProjectForm | dict[str, Any]) -> ProjectForm:
    if isinstance(f, ProjectForm):
        return f
    kw = dict(f)
    kw.setdefault("sheet", f"项目{i}")
    if i > 1:
        kw.setdefault("name", f"示例项目{i}")
    return form(**kw)


def consistent_sheets(forms: tuple[ProjectForm, ...]) -> tuple[UnitInfo, ProjectList, IssuesBlock]:
    """单位概况, 项目汇总 and 问题与措施 that agree with the forms (as a careful unit fills them)."""
    from perfcheck import scoring

    cfg = Config()
    rows: list[dict[str, Any]] = []
    sums = {"initial_budget": Decimal(0), "annual_budget": Decimal(0), "spent": Decimal(0)}
    for i, f in enumerate(forms, start=1):
        funds = scoring.execution(f, cfg)
        row: dict[str, Any] = {
            "seq": i, "project_name": f.name.value if f.name else None, "category": "专项业务类",
            "initial_budget": funds.initial, "annual_budget": funds.budget, "spent": funds.spent,
            "rate": scoring.round_to(funds.rate, 4) if funds.rate is not None else None,
            "score": f.total_score.value if f.total_score else None,
            "grade": f.grade.value if f.grade else None,
        }
        rows.append(row)
        for k in sums:
            v = row[k]
            if isinstance(v, Decimal):
                sums[k] += v
    total: dict[str, Any] = dict(sums)
    if sums["annual_budget"]:
        total["rate"] = scoring.round_to(sums["spent"] / sums["annual_budget"], 4)
    unit = make_unit({
        "unit_name": "示例局", "year": 2023, "department": "示例局", "budget_units": 1, "secondary_units": 0,
        "staff_quota": 10, "admin_quota": 6, "public_quota": 4, "actual_staff": 10, "retired": 2,
        "duties": "负责本地区相关业务工作的组织实施和监督管理。",
    })
    issues = make_issues("个别项目资金支付进度偏慢，绩效目标设置不够细化。",
                         "下一步将加强预算执行监控，细化量化绩效目标，提高资金使用效益。")
    return unit, make_list(rows, total=total), issues


def _with_raw(f: ProjectForm, raw: dict[str, Any]) -> ProjectForm:
    """The form with some cells' raw content replaced (their parsed value kept): ``raw={"F7": "95万元"}``."""
    import dataclasses

    def fix(c: Any) -> Any:
        if isinstance(c, Cell) and c.at.cell in raw:
            return dataclasses.replace(c, raw=raw[c.at.cell])
        return c

    funds = {k: dataclasses.replace(line, **{fl.name: fix(getattr(line, fl.name)) for fl in dataclasses.fields(line)})
             for k, line in f.funds.items()}
    inds = tuple(dataclasses.replace(i, **{fl.name: fix(getattr(i, fl.name)) for fl in dataclasses.fields(i)})
                 for i in f.indicators)
    return dataclasses.replace(f, funds=funds, indicators=inds, total_score=fix(f.total_score))


def example(**overrides: Any) -> Workbook:
    """The default consistent workbook with ``overrides`` (see the module doc).

    ``formulas={"F6": "SUM(F7:F9)"}`` gives the first form formulas (A1 → text without "=");
    ``raw={"F7": "95万元"}`` replaces cells' raw content (the parsed value stays)."""
    if kinds.wants(overrides):   # the other kinds (PC6xx, PC7xx): perfcheck/examples/kinds.py
        return kinds.kinds_example(**overrides)
    formulas: dict[str, str] = overrides.pop("formulas", None) or {}
    raw: dict[str, Any] = overrides.pop("raw", None) or {}
    unit: UnitInfo | None = overrides.pop("unit", None)
    project_list: ProjectList | None = overrides.pop("project_list", None)
    issues: IssuesBlock | None = overrides.pop("issues", None)
    full: bool = overrides.pop("full", False)
    narrative = overrides.pop("narrative", None)      # a report(...) for the PC8xx rules
    forms_arg: list[ProjectForm | dict[str, Any]] | None = overrides.pop("forms", None)
    if forms_arg is not None:
        if overrides:
            raise TypeError(f"with forms=, pass form overrides inside the list, not {sorted(overrides)}")
        forms = tuple(_as_form(i, f) for i, f in enumerate(forms_arg, start=1))
    else:
        forms = (form(**overrides),)
    if full:
        u, pl, iss = consistent_sheets(forms)
        unit, project_list, issues = unit or u, project_list or pl, issues or iss
    if raw:
        forms = (_with_raw(forms[0], raw), *forms[1:])
    wb = make_wb(*forms, unit=unit, project_list=project_list, issues=issues)
    wb.narrative = narrative
    if formulas:
        from perfcheck.formulas import parse_a1

        wb.formulas = {forms[0].sheet: {parse_a1(k): v for k, v in formulas.items()}}
    return wb


#: the names a doc example line may use
NAMESPACE: dict[str, Any] = {
    **{k: v for k, v in vars(model).items() if not k.startswith("_")},
    "form": form, "example": example, "dt": dt, "Decimal": Decimal,
    "report": from_text,      # a narrative report from its text, one paragraph per line (PC8xx)
}


def run_example(kwargs_text: str) -> Workbook:
    """Evaluate a doc line's keyword-argument text as ``example(<kwargs>)``."""
    wb: Workbook = eval(f"example({kwargs_text})", dict(NAMESPACE))  # noqa: S307 - our own docstrings
    return wb
