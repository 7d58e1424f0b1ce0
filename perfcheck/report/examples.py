"""A rule's doc examples as a reviewer reads them: the cells changed on a correctly filled form
(before → after) and what perfcheck then reports (the finding's cell and message).

A rule's ``## 示例 Example`` lines (``Okay: …`` / ``PC204: …``) are code that the tests run
(perfcheck/examples builds the form; the tests' builders edit a real workbook for the reading rules).
When the catalog is generated (``perfcheck rules --format json``), each line is run here once,
through the same perfcheck.examples.workbook the tests use, and the result stored in the catalog
entry as ``examples``:

    {"label": "Okay" | "PC204",
     "edits":   [{"cell": "项目1!F13", "field": {"zh", "en"}, "before": "50人", "after": "45人"}],
     "sheets":  {"added": [...], "removed": [...]},
     "steps":   ["drop 单位概况"],            # reading examples: steps that are not a cell edit
     "findings": [{"cell": "项目1!H13", "zh": "…", "en": "…"}]}   # the rule's own findings

``perfcheck rule CODE`` prints these (and a message with real values instead of the template's
``{placeholders}``).  Only the model-based examples are run (no workbook is written, nothing heavy is
imported); the reading rules' lines are already cell edits (``项目1!E7 = "约八十万"``) and are shown
as such, with the code they give.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perfcheck.model import Cell
    from perfcheck.rules.base import Rule

EXAMPLE_LINE = re.compile(r"^\s*(Okay|PC\d{3}):\s*(.*)$")
MAX_EDITS = 8

FIELDS: dict[str, tuple[str, str]] = {
    "name": ("项目名称", "Project name"), "department": ("主管部门", "Department"),
    "implementer": ("实施单位", "Implementer"), "year": ("年度", "Year"),
    "label": ("资金来源", "Funds line"), "initial": ("年初预算数", "Initial budget"),
    "budget": ("全年预算数", "Annual budget"), "spent": ("全年执行数", "Spent"), "weight": ("分值", "Weight"),
    "rate": ("执行率", "Execution rate"), "score": ("得分", "Score"), "reason": ("偏差原因", "Reason"),
    "level1": ("一级指标", "Level-1 indicator"), "level2": ("二级指标", "Level-2 indicator"),
    "target": ("年度指标值", "Target"), "actual": ("实际完成值", "Actual"),
    "goal_expected": ("预期目标", "Expected goal"), "goal_actual": ("实际完成情况", "Actual result"),
    "total_weight": ("总分（分值）", "Total weight"), "total_score": ("总分", "Total score"),
    "grade": ("自评等级", "Grade"), "problems": ("存在的问题", "Problems"), "measures": ("下一步工作措施", "Next steps"),
}


FUND_LINES: dict[str, tuple[str, str]] = {
    "total_funds": ("年度资金总额", "Total funds"), "fiscal": ("当年财政拨款", "Current-year appropriation"),
    "carryover": ("上年结转资金", "Carry-over"), "other": ("其他资金", "Other funds"),
}


def example_lines(doc: str) -> list[tuple[str, str]]:
    """The (label, text) of every example line of a rule's doc."""
    out: list[tuple[str, str]] = []
    section = False
    for line in doc.splitlines():
        if line.startswith("## "):
            section = "示例" in line or "Example" in line
            continue
        mt = EXAMPLE_LINE.match(line) if section else None
        if mt:
            out.append((mt.group(1), mt.group(2)))
    return out


def _namespace() -> Any:
    """The example interpreter (perfcheck/examples/workbook.py)."""
    from perfcheck.examples import workbook

    return workbook


def _field(path: tuple[str, ...]) -> tuple[str, str]:
    from perfcheck.layout import LIST_COLUMNS, UNIT

    last = path[-1]
    if "values" in path and last in UNIT:
        return UNIT[last].zh, UNIT[last].en
    if ("rows" in path or "total" in path) and last in LIST_COLUMNS:
        lab = LIST_COLUMNS[last]
        return lab.zh, lab.en
    if last == "name" and "indicators" in path:
        return "三级指标", "Indicator"
    zh, en = FIELDS.get(last, (last, last))
    if "funds" in path:
        i = path.index("funds")
        line = FUND_LINES.get(path[i + 1]) if i + 1 < len(path) else None
        if line is not None and last != "label":
            return f"{line[0]} {zh}", f"{line[1]} {en.lower()}"
    return zh, en


def _cells(obj: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Cell[Any]]]:
    from perfcheck.model import Cell

    if isinstance(obj, Cell):
        yield path, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name in ("at", "anchor", "funds_header", "indicator_header", "header", "reader_hits"):
                continue
            yield from _cells(getattr(obj, f.name), (*path, f.name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _cells(v, (*path, str(k)))
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from _cells(v, path)


def _shown(cell: Cell[Any], field: str = "") -> str:
    """The cell as the form shows it (a rate as a percentage)."""
    from decimal import Decimal, InvalidOperation

    raw = cell.raw
    if field == "rate" and isinstance(raw, int | float | Decimal | str) and not isinstance(raw, bool):
        try:
            pct = (Decimal(str(raw).strip()) * 100).normalize()
        except InvalidOperation:
            pct = None
        if pct is not None and pct.is_finite():
            return f"{pct:f}%"
    text = cell.text if hasattr(cell, "text") else None
    if text is None or text == "":
        text = "" if raw is None else str(raw)
    return " ".join(str(text).split())


def _snapshot(wb: Any) -> tuple[dict[tuple[str, str], tuple[str, tuple[str, str]]], list[str]]:
    cells: dict[tuple[str, str], tuple[str, tuple[str, str]]] = {}
    for path, cell in _cells(wb):
        key = (cell.at.sheet, cell.at.cell)
        shown = _shown(cell, path[-1] if path else "")
        if key not in cells or shown:
            cells[key] = (shown, _field(path))
    return cells, list(wb.sheet_names)


def _diff(before: Any, after: Any) -> dict[str, Any]:
    b, b_sheets = _snapshot(before)
    a, a_sheets = _snapshot(after)
    added = [s for s in a_sheets if s not in b_sheets]
    removed = [s for s in b_sheets if s not in a_sheets]
    edits: list[dict[str, Any]] = []
    new_cells = sum(1 for k, v in a.items() if k[0] in added and v[0])
    shown_added = new_cells <= MAX_EDITS                  # a small new sheet: list its cells
    for key in sorted(set(a) | set(b), key=lambda k: (a_sheets.index(k[0]) if k[0] in a_sheets else 99,
                                                        _row_col(k[1]))):
        if (key[0] in added and not shown_added) or key[0] in removed:
            continue
        was, now = b.get(key, ("", ("", ""))), a.get(key, ("", ("", "")))
        if was[0] == now[0]:
            continue
        label = now[1] if now[1][0] else was[1]
        edits.append({"cell": f"{key[0]}!{key[1]}", "field": {"zh": label[0], "en": label[1]},
                      "before": was[0], "after": now[0]})
    return {"edits": edits, "sheets": {"added": added, "removed": removed}}   # added: listed when small


def _row_col(cell: str) -> tuple[int, str]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell.split(":")[0] if ch.isdigit())
    return int(digits or 0), letters.rjust(3)


def _reading(label: str, text: str) -> dict[str, Any]:
    from perfcheck.examples.notation import parse, steps

    edits: list[dict[str, Any]] = []
    others: list[str] = []
    for step in steps(text):
        try:
            parsed = parse(step)
        except ValueError:                      # a broken line is the catalog test's to report
            parsed = None
        if parsed is not None and parsed.kind == "set":
            edits.append({"cell": f"{parsed.sheet}!{parsed.cell}", "field": {"zh": "", "en": ""},
                          "before": None, "after": parsed.assigned})
        else:
            others.append(step)
    return {"label": label, "edits": edits, "sheets": {"added": [], "removed": []}, "steps": others,
            "findings": []}


def render(rule: Rule) -> list[dict[str, Any]] | None:
    """The rule's examples run and described (see the module doc)."""
    lines = example_lines(rule.doc)
    if not lines:
        return []
    if rule.family == "reading":
        return [_reading(label, text) for label, text in lines]
    ns = _namespace()
    from perfcheck.config import Config
    from perfcheck.rules import engine

    base = ns.run_example("")
    out: list[dict[str, Any]] = []
    for label, text in lines:
        try:
            wb = ns.run_example(text)
            found = [f for f in engine.run(wb, Config()) if f.code == rule.code]
        except Exception:                       # a broken line is the catalog test's to report
            out.append({"label": label, "edits": [], "sheets": {"added": [], "removed": []}, "steps": [text],
                        "findings": []})
            continue
        entry: dict[str, Any] = {"label": label, **_diff(base, wb), "steps": []}
        entry["findings"] = [{"cell": f"{f.sheet}!{f.cell}" if f.sheet else "", "zh": f.message("zh"),
                              "en": f.message("en")} for f in found]
        out.append(entry)
    return out


# --------------------------------------------------------------------------------------------------
# Text (perfcheck rule CODE)
# --------------------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{(\w+)(?:[^{}]*)\}")
DESCRIBE: dict[str, tuple[str, str]] = {
    "name": ("名称", "name"), "actual": ("实际完成值", "actual value"), "target": ("年度指标值", "target"),
    "stated": ("表上填写的值", "stated value"), "expected": ("perfcheck 算出的值", "value perfcheck computed"),
    "diff": ("差额", "difference"), "row": ("行号", "row"), "field": ("栏目", "field"), "sheet": ("工作表", "sheet"),
    "weight": ("分值", "weight"), "score": ("得分", "score"), "rate": ("执行率", "rate"),
    "budget": ("全年预算数", "annual budget"), "spent": ("全年执行数", "spent"), "initial": ("年初预算数", "initial budget"),
    "project": ("项目", "project"), "value": ("单元格的值", "cell value"), "text": ("填写的文字", "text"),
    "threshold": ("阈值", "threshold"), "count": ("个数", "count"), "closest": ("最接近的名称", "closest name"),
    "found": ("实际填写的内容", "what was found"),
}


def describe_template(template: str, lang: str) -> str:
    """A message template with each ``{placeholder}`` described: ``〈实际完成值〉``."""
    i = 0 if lang == "zh" else 1

    def sub(mt: re.Match[str]) -> str:
        key = mt.group(1)
        return f"〈{DESCRIBE[key][i]}〉" if key in DESCRIBE else f"〈{key.replace('_', ' ')}〉"

    return PLACEHOLDER.sub(sub, template)


def example_text(examples: list[dict[str, Any]], code: str, lang: str) -> list[str]:
    """The examples as lines: what was changed on the form, then what perfcheck reports."""
    zh = lang == "zh"
    out: list[str] = []
    for ex in examples:
        ok = ex["label"] == "Okay"
        if ok:
            out.append(f"✓ 不报 {code}：" if zh else f"✓ no {code}:")
        else:
            out.append(f"✗ 报 {ex['label']}：" if zh else f"✗ gives {ex['label']}:")
        edits = ex.get("edits", [])
        sheets = ex.get("sheets", {})
        if not edits and not sheets.get("added") and not sheets.get("removed") and not ex.get("steps"):
            out.append("    （表格照常填写，不改动）" if zh else "    (the form as correctly filled, unchanged)")
        for e in edits[:MAX_EDITS]:
            field = e["field"]["zh" if zh else "en"]
            where = f"{e['cell']} {field}".rstrip()
            if e.get("before") is None:
                out.append(f"    {where}: {'改为' if zh else 'set to'} {e['after']}")
            else:
                before = e["before"] or ("（空）" if zh else "(empty)")
                after = e["after"] or ("（空）" if zh else "(empty)")
                out.append(f"    {where}: {before} → {after}")
        if len(edits) > MAX_EDITS:
            n = len(edits) - MAX_EDITS
            out.append(f"    ……另 {n} 处改动" if zh else f"    … {n} more changes")
        listed = {e["cell"].split("!")[0] for e in edits}
        for s in sheets.get("added", []):
            if s not in listed:
                out.append(f"    {'加上工作表' if zh else 'add the sheet'} {s}"
                           + ("（与项目表一致地填写）" if zh else " (filled consistently with the forms)"))
        for s in sheets.get("removed", []):
            out.append(f"    {'去掉工作表' if zh else 'remove the sheet'} {s}")
        for s in ex.get("steps", []):
            out.append(f"    {s}")
        for f in ex.get("findings", []):
            where = f"{f['cell']}: " if f["cell"] else ""
            out.append(f"    → {ex['label']} {where}{f['zh' if zh else 'en']}")
    return out
