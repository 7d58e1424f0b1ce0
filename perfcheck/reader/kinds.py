"""Readers of the other kinds (forms.md §2–§4), block by block by their labels (``perfcheck.kinds``).

The same robustness as the project form's reader: blocks found by labels wherever they are (titles
added, rows inserted, columns shifted), merged cells read at their origin, values typed as people
type them (``perfcheck.parse`` through ``Cells``).  The indicator grid, 年度总体目标, 总分 and 自评等级
of the department form carry the project form's labels and are read by the project form's reader.
Whatever cannot be read becomes a PC0xx hit, as on the project form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from perfcheck import parse
from perfcheck.codes import DEPT_LABEL_MISSING, FORM_LABEL_MISSING, MONITOR_LABEL_MISSING
from perfcheck.kinds import Kind, find_labels, iter_kinds, match, month_range
from perfcheck.kinds import basicdata as bd
from perfcheck.kinds import department as dep
from perfcheck.kinds import monitor as mon
from perfcheck.layout import FORM, Label
from perfcheck.model import (
    BasicData,
    BasicLine,
    Bilingual,
    Cell,
    CellRef,
    CodedHit,
    DepartmentForm,
    Hit,
    Measure,
    MonitorForm,
    MonitorFunds,
    MonitorIndicator,
    SplitLine,
    a1,
)
from perfcheck.reader.cells import Cells
from perfcheck.reader.form import GRID_CORE, FormReader
from perfcheck.reader.grid import Grid, Index

Pos = tuple[int, int]
_NOT_TICKED = frozenset({"否", "0", "无", "-", "—", "/", "n", "no", "false"})
_YEAR_ANY = re.compile(r"((?:19|20)\d{2})\s*年")


class _Sheet:
    """One sheet being read: its grid, the positions of a kind's labels, typed cells and the hits."""

    def __init__(self, grid: Grid, kind: Kind, hits: list[CodedHit]) -> None:
        self.grid = grid
        self.kind = kind
        self.hits = hits
        self.sheet = grid.name
        self.cells = Cells(grid, hits)
        self.found = find_labels(grid.rows, kind.labels, kind.month_keys)

    def missing(self, label: str, at: Pos | None = None) -> None:
        ref = CellRef.at(self.sheet, *at) if at else CellRef(self.sheet, "A1")
        code = MONITOR_LABEL_MISSING if self.kind.key == mon.KIND.key else DEPT_LABEL_MISSING
        self.hits.append(CodedHit(code, Hit(at=ref, ctx={"label": label, "sheet": self.sheet,
                                                     "form": Bilingual(self.kind.zh, self.kind.en)})))

    def first(self, key: str, rows: range | None = None, cols: range | None = None) -> Pos | None:
        for r, c in self.found.get(key, ()):
            if (rows is None or r in rows) and (cols is None or c in cols):
                return r, c
        return None

    def is_label(self, v: Any) -> bool:
        return match(v, self.kind.labels, self.kind.month_keys) is not None

    def right(self, r: int, c: int) -> tuple[Pos, bool]:
        """The next non-empty cell right of a label, stopping at another label; (cell after it, False)."""
        g = self.grid
        start = g.after(r, c)
        for cc in range(start, g.ncols(r)):
            v = g.get(r, cc)
            if v is None:
                continue
            if self.is_label(v):
                break
            return (r, cc), True
        return (r, start), False

    def below(self, r: int, c: int, stop: int) -> tuple[Pos, bool]:
        g = self.grid
        start = g.below(r, c)
        for rr in range(start, stop):
            v = g.get(rr, c)
            if v is None:
                continue
            if self.is_label(v):
                break
            return (rr, c), True
        return (start, c), False

    def labelled_text(self, key: str) -> tuple[Cell[str] | None, Pos | None]:
        pos = self.first(key)
        if pos is None:
            return None, None
        at, _ = self.right(*pos)
        return self.cells.text(*at), pos

    def header_row(self, keys: tuple[str, ...], need: int, after: int = -1, before: int | None = None) -> int | None:
        counts: dict[int, set[str]] = {}
        for k in keys:
            for r, _ in self.found.get(k, ()):
                if r > after and (before is None or r < before):
                    counts.setdefault(r, set()).add(k)
        rows = sorted(r for r, ks in counts.items() if len(ks) >= need)
        return rows[0] if rows else None

    def columns(self, r: int, keys: tuple[str, ...]) -> dict[str, int]:
        out: dict[str, int] = {}
        used: set[int] = set()
        for k in keys:
            for rr, c in self.found.get(k, ()):
                if rr == r and c not in used:
                    out[k] = c
                    used.add(c)
                    break
        return out

    def year(self, title: Pos | None) -> Cell[int] | None:
        fr = FormReader(self.grid, Index(self.grid), [])
        y = fr.year(title)
        if y is not None and y.value is not None:
            return self.cells.year(*_pos(y.at), FORM["year"].zh) if y.problem is None else y
        for r in range(min(self.kind.scan_rows, self.grid.nrows)):
            for c, v in enumerate(self.grid.rows[r]):
                if isinstance(v, str) and (m := _YEAR_ANY.search(parse.norm(v))):
                    return Cell(int(m.group(1)), v, CellRef.at(self.sheet, r, c), 0)
        return y


def _pos(ref: CellRef) -> Pos:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref.cell)
    assert m is not None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# ==================================================================================================
# Amounts written inside a label: 其中：一般公共预算：1325.68
# ==================================================================================================

_AMOUNT = r"(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:万元|万)?"


def _inline_pattern(labels: Mapping[str, Label], keys: tuple[str, ...]) -> re.Pattern[str]:
    spellings: list[tuple[str, str]] = []
    for k in keys:
        lab = labels[k]
        for f in dict.fromkeys((lab.zh, *lab.synonyms)):
            s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", f)).replace("(", r"\(").replace(")", r"\)")
            spellings.append((s, k))
    spellings.sort(key=lambda x: -len(x[0]))
    alts = "|".join(f"(?P<k{i}>{s})" for i, (s, _) in enumerate(spellings))
    pattern = re.compile(rf"(?:{alts})(?:[(（]?拨款[)）]?)?[:：]?\s*{_AMOUNT}")
    pattern_keys = [k for _, k in spellings]
    _INLINE_KEYS[pattern.pattern] = pattern_keys
    return pattern


_INLINE_KEYS: dict[str, list[str]] = {}
_DEPT_INLINE = _inline_pattern(dep.LABELS, ("total", *dep.INCOME_PARTS, *dep.EXPENSE_PARTS))


def inline_amounts(text: object, pattern: re.Pattern[str] = _DEPT_INLINE) -> list[tuple[str, str]]:
    """(label key, amount text) for every ``<label>：<amount>`` written in one cell.

    >>> inline_amounts("其中：一般公共预算：1325.68")
    [('general', '1325.68')]
    >>> inline_amounts("按收入性质分：一般公共预算拨款 1,200 万元；政府性基金：0；其他资金：12.5")
    [('general', '1,200'), ('fund', '0'), ('other', '12.5')]
    """
    if not isinstance(text, str):
        return []
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    keys = _INLINE_KEYS[pattern.pattern]
    out: list[tuple[str, str]] = []
    for m in pattern.finditer(s):
        for name, v in m.groupdict().items():
            if v is not None and name.startswith("k"):
                out.append((keys[int(name[1:])], m.group("num")))
                break
    return out


# ==================================================================================================
# 部门整体支出绩效自评表
# ==================================================================================================

INLINE_COLUMN = "spent"
"""An amount written inside a split line's label is a 全年执行数 (as published, e.g. Hunan's form)."""
_DEPT_FUNDS = ("initial_budget", "annual_budget", "spent", "weight", "rate", "score")
_COL_OF = {"initial_budget": "initial", "annual_budget": "budget", "spent": "spent"}


def read_department(grid: Grid, hits: list[CodedHit]) -> DepartmentForm:
    s = _Sheet(grid, dep.KIND, hits)
    sheet, cells = s.sheet, s.cells
    title = dep.KIND.title_at(grid.rows)
    name, name_pos = s.labelled_text("name")
    if name is None:
        s.missing(dep.LABELS["name"].zh)
    year = s.year(title)
    anchor = CellRef.at(sheet, *(title or name_pos or (0, 0)))

    idx = Index(grid)
    fr_hits: list[CodedHit] = []       # the project reader's hits: its "label missing" becomes this kind's
    fr = FormReader(grid, idx, fr_hits)
    ind_row = fr.header_row(GRID_CORE, 3)
    fh_row = s.header_row(("initial_budget", "annual_budget", "spent"), 2, before=ind_row)
    header: dict[str, CellRef] = {}
    total: dict[str, Cell[Decimal]] = {}
    weight = rate = score = None
    lines: list[SplitLine] = []
    goal_pos = None
    if fh_row is None:
        s.missing(FORM["annual_budget"].zh)
    else:
        cols = s.columns(fh_row, _DEPT_FUNDS)
        header = {_COL_OF.get(k, k): CellRef.at(sheet, fh_row, c) for k, c in cols.items()}
        for k in ("annual_budget", "spent", "rate", "score"):
            if k not in cols:
                s.missing(FORM[k].zh, (fh_row, 0))
        amount_cols = {_COL_OF[k]: c for k, c in cols.items() if k in _COL_OF}
        first_amount = min(amount_cols.values()) if amount_cols else grid.ncols(fh_row)
        end = min(ind_row if ind_row is not None else grid.nrows, fh_row + 25)
        goal_pos = idx.first(FORM["goal"], rows=range(fh_row + 1, end))
        if goal_pos is not None:
            end = goal_pos[0]
        total_row = None
        for r in range(fh_row + 1, end):
            row_key: str | None = None
            label_pos: Pos | None = None
            for c in range(0, min(first_amount, grid.ncols(r))):
                lk = match(grid.get(r, c), dep.LABELS)
                if lk is not None and lk in ("total", *dep.GROUP_OF):
                    row_key, label_pos = lk, (r, c)
                    break
            if row_key == "total" and label_pos is not None and total_row is None:
                total_row = r
                for col, c in amount_cols.items():
                    total[col] = cells.amount(r, c, f"年度资金总额·{dep.LABELS[_key(col)].zh}", check_yuan=False)
                if "weight" in cols:
                    weight = cells.number(r, cols["weight"], FORM["weight"].zh)
                b, sp = total.get("budget"), total.get("spent")
                if "rate" in cols:
                    rate = cells.rate(r, cols["rate"], FORM["rate"].zh, b.value if b else None, sp.value if sp else None)
                if "score" in cols:
                    score = cells.number(r, cols["score"], FORM["score"].zh)
                continue
            if row_key in dep.GROUP_OF and label_pos is not None and not inline_amounts(grid.get(*label_pos)):
                amounts = {col: cells.amount(r, c, f"{dep.LABELS[row_key].zh}·{dep.LABELS[_key(col)].zh}",
                                             check_yuan=False) for col, c in amount_cols.items()}
                lines.append(SplitLine(row_key, dep.GROUP_OF[row_key], cells.text(*label_pos), amounts))
                continue
            # amounts inside label texts: 其中：一般公共预算：1325.68, or a group and its parts on one line
            for c in range(grid.ncols(r)):
                v = grid.get(r, c)
                found = inline_amounts(v)
                for key, num in found:
                    at = CellRef.at(sheet, r, c)
                    n = parse.parse_amount(num)
                    amount = Cell(n.value, v, at, n.decimals, n.problem)
                    if key == "total":
                        if not total:
                            total[INLINE_COLUMN] = amount
                        continue
                    if any(x.key == key for x in lines):
                        continue
                    amounts = {INLINE_COLUMN: amount}
                    if len(found) == 1 and c < first_amount:
                        # one part in the label column: the row's other amount columns are its own
                        for col, cc in amount_cols.items():
                            if col != INLINE_COLUMN and grid.get(r, cc) is not None:
                                amounts[col] = cells.amount(r, cc, f"{dep.LABELS[key].zh}·{dep.LABELS[_key(col)].zh}",
                                                            check_yuan=False)
                    lines.append(SplitLine(key, dep.GROUP_OF[key], cells.text(r, c), amounts, inline=True))
        if total_row is None and not total:
            s.missing(dep.LABELS["total"].zh, (fh_row + 1, 0))
    goal_expected, goal_actual = fr.goal(goal_pos, fh_row, ind_row)
    inds, ind_header, total_weight, total_score, grade = fr.grid_block(ind_row)
    for h in fr_hits:
        if h.code == FORM_LABEL_MISSING:
            lab = str(h.ctx.get("label", ""))
            pos = _pos(h.at) if h.at is not None else None
            s.missing(lab, pos)
        else:
            hits.append(h)
    return DepartmentForm(
        sheet=sheet, name=name, year=year, funds_header=header, total=total, weight=weight, rate=rate, score=score,
        lines=tuple(lines), goal_expected=goal_expected, goal_actual=goal_actual, indicators=inds,
        indicator_header=ind_header, total_weight=total_weight, total_score=total_score, grade=grade, anchor=anchor)


def _key(col: str) -> str:
    return {"initial": "initial_budget", "budget": "annual_budget", "spent": "spent"}[col]


# ==================================================================================================
# 基础数据表
# ==================================================================================================


def read_basic(grid: Grid, hits: list[CodedHit]) -> BasicData:
    s = _Sheet(grid, bd.KIND, hits)
    sheet, cells = s.sheet, s.cells
    title = bd.KIND.title_at(grid.rows)
    values: dict[str, Cell[Decimal] | None] = {}
    for key in ("quota", "staff", "control_rate"):
        pos = s.first(key)
        if pos is None:
            values[key] = None
            if key != "control_rate":
                s.missing(bd.LABELS[key].zh)
            continue
        (r, c), _ = s.right(*pos)
        if key == "control_rate":
            q, st = values.get("quota"), values.get("staff")
            qv = q.value if q is not None else None
            sv = st.value if st is not None else None
            values[key] = cells.rate(r, c, bd.LABELS[key].zh, qv, sv)
        else:
            cnt = cells.count(r, c, bd.LABELS[key].zh)
            values[key] = Cell(cnt.value if isinstance(cnt.value, Decimal) else None, cnt.raw, cnt.at,
                               cnt.decimals, cnt.problem)
    hr = s.header_row(("prev", "budget", "final"), 2)
    header: dict[str, CellRef] = {}
    lines: dict[str, BasicLine] = {}
    if hr is None:
        s.missing(bd.LABELS["final"].zh)
    else:
        cols = s.columns(hr, ("prev", "budget", "final"))
        header = {k: CellRef.at(sheet, hr, c) for k, c in cols.items()}
        first_amount = min(cols.values())
        for key in bd.LINES:
            pos = s.first(key, rows=range(hr + 1, grid.nrows), cols=range(0, first_amount))
            if pos is None:
                if key in bd.PARTS or key == "project":
                    s.missing(bd.LABELS[key].zh, (hr, 0))
                continue
            r = pos[0]
            amounts = {k: cells.amount(r, c, f"{bd.LABELS[key].zh}·{bd.LABELS[k].zh}", check_yuan=False)
                       for k, c in cols.items()}
            lines[key] = BasicLine(key, cells.text(*pos), amounts)
    anchor = CellRef.at(sheet, *(title or s.first("quota") or (0, 0)))
    return BasicData(sheet=sheet, quota=values["quota"], staff=values["staff"],
                     control_rate=values["control_rate"], header=header, lines=lines, anchor=anchor)


# ==================================================================================================
# 项目支出绩效运行监控表
# ==================================================================================================

_MON_FUNDS = ("initial_budget", "annual_budget", "spent_to_date", "rate", "forecast_spent", "reason_category",
              "reason", "light", "remark", *mon.CATEGORY_KEYS)
_MON_GRID = ("level1", "level2", "level3", "target", "actual_to_date", "forecast_value", "reason_category",
             "reason", "likelihood", "remark", "light", *mon.CATEGORY_KEYS)
_MON_GRID_CORE = ("level1", "level2", "level3", "target", "actual_to_date", "forecast_value", "likelihood")


def _month(s: _Sheet, title: Pos | None, fh_row: int | None) -> Cell[int] | None:
    """X of 1–X月: from the title, a 监控期间 cell, a 1–X月 header, or any early line stating it."""
    g = s.grid
    candidates: list[Pos] = []
    if title is not None:
        candidates.append(title)
    pos = s.first("period")
    if pos is not None:
        candidates.append(s.right(*pos)[0])
        candidates.append(pos)
    for key in ("spent_to_date", "actual_to_date"):
        candidates.extend(s.found.get(key, ()))
    candidates.extend((r, c) for r in range(min(s.kind.scan_rows, g.nrows)) for c in range(g.ncols(r)))
    for r, c in candidates:
        v = g.get(r, c)
        x = month_range(v)
        if x is not None:
            return Cell(x, v, CellRef.at(s.sheet, r, c), 0)
    if pos is not None:
        at = s.right(*pos)[0]
        return Cell(None, g.get(*at), CellRef.at(s.sheet, *at))
    return None


def _categories(s: _Sheet, r: int, cat_col: int | None, ticks: dict[str, int]) -> tuple[str, ...]:
    g = s.grid
    out: list[str] = []
    if cat_col is not None:
        v = parse.norm(g.get(r, cat_col))
        out.extend(c for c in mon.CATEGORIES if c in v)
    for key, c in ticks.items():
        v = g.get(r, c)
        if v is None or isinstance(v, bool) and not v:
            continue
        t = parse.norm(v).lower()
        if t and t not in _NOT_TICKED:
            out.append(mon.LABELS[key].zh)
    return tuple(dict.fromkeys(out))


def read_monitor(grid: Grid, hits: list[CodedHit]) -> MonitorForm:
    s = _Sheet(grid, mon.KIND, hits)
    sheet, cells, g = s.sheet, s.cells, grid
    title = mon.KIND.title_at(grid.rows)
    name, name_pos = s.labelled_text("project_name")
    department, _ = s.labelled_text("department")
    implementer, _ = s.labelled_text("implementer")
    if name is None:
        s.missing(FORM["project_name"].zh)
    year = s.year(title)
    anchor = CellRef.at(sheet, *(title or name_pos or (0, 0)))

    ind_row = s.header_row(_MON_GRID_CORE, 3)
    fh_row = s.header_row(("annual_budget", "spent_to_date", "forecast_spent", "initial_budget"), 2, before=ind_row)
    month = _month(s, title, fh_row)

    # the indicator grid's columns first: they settle the light column of the whole form
    grid_cols: dict[str, int] = {}
    sub_row = None
    if ind_row is not None:
        grid_cols = s.columns(ind_row, _MON_GRID)
        if not any(k in grid_cols for k in mon.CATEGORY_KEYS):
            sub = s.columns(ind_row + 1, mon.CATEGORY_KEYS)
            if len(sub) >= 2:     # a second header row of tick columns (one category is a chosen value)
                grid_cols.update(sub)
                sub_row = ind_row + 1
    funds_cols = s.columns(fh_row, _MON_FUNDS) if fh_row is not None else {}
    if fh_row is not None and not any(k in funds_cols for k in mon.CATEGORY_KEYS):
        sub_funds = s.columns(fh_row + 1, mon.CATEGORY_KEYS)
        if len(sub_funds) >= 2:
            funds_cols.update(sub_funds)
    light_col = grid_cols.get("light", funds_cols.get("light"))
    added = light_col is None
    if light_col is None:
        last = max([*grid_cols.values(), *funds_cols.values(), 0])
        for r in (fh_row, ind_row):     # past a merged header cell
            if r is not None:
                for c in (*grid_cols.values(), *funds_cols.values()):
                    mend = g.merge_end.get((r, c))
                    if mend is not None:
                        last = max(last, mend[1])
        light_col = last + 1

    funds = None
    funds_header: dict[str, CellRef] = {}
    goal_lo = 0
    if fh_row is None:
        s.missing(FORM["annual_budget"].zh)
    else:
        funds_header = {k: CellRef.at(sheet, fh_row, c) for k, c in funds_cols.items()}
        for k in ("annual_budget", "spent_to_date", "forecast_spent"):
            if k not in funds_cols:
                s.missing(mon.month_label(None, mon.LABELS[k].zh) if k == "spent_to_date" else mon.LABELS[k].zh,
                          (fh_row, 0))
        amount_cols = [c for k, c in funds_cols.items() if k in ("initial_budget", "annual_budget", "spent_to_date")]
        first_amount = min(amount_cols) if amount_cols else g.ncols(fh_row)
        end = min(ind_row if ind_row is not None else g.nrows, fh_row + 12)
        tpos = s.first("total", rows=range(fh_row + 1, end), cols=range(0, first_amount))
        goal_lo = fh_row + 1
        if tpos is None:
            s.missing(mon.LABELS["total"].zh, (fh_row + 1, 0))
        else:
            r, c0 = tpos
            goal_lo = r + 1

            def amount(key: str, r: int = r, c0: int = c0) -> Cell[Decimal]:
                c = funds_cols.get(key)
                if c is None:
                    return Cell(None, None, CellRef.at(sheet, r, c0))
                return cells.amount(r, c, f"年度资金总额·{mon.LABELS[key].zh}", check_yuan=False)

            budget, spent = amount("annual_budget"), amount("spent_to_date")
            ticks = {k: c for k, c in funds_cols.items() if k in mon.CATEGORY_KEYS}
            cat_col = funds_cols.get("reason_category")
            cat_at = cat_col if cat_col is not None else (min(ticks.values()) if ticks else None)
            funds = MonitorFunds(
                row=r + 1, label=cells.text(*tpos), initial=amount("initial_budget"), budget=budget, spent=spent,
                rate=cells.rate(r, funds_cols["rate"], FORM["rate"].zh, budget.value, spent.value)
                if "rate" in funds_cols else None,
                forecast=amount("forecast_spent"),
                categories=_categories(s, r, cat_col, ticks),
                category_at=CellRef.at(sheet, r, cat_at) if cat_at is not None else None,
                reason=cells.text(r, funds_cols["reason"]) if "reason" in funds_cols else None,
                light_at=CellRef.at(sheet, r, light_col),
                light=None if added else cells.text(r, light_col),
            )

    # 年度总体目标: 年度目标 | 1–X月执行情况, texts below (or right of) the labels
    goal_expected = goal_progress = None
    hi = ind_row if ind_row is not None else g.nrows
    block = range(goal_lo, hi)
    for key in ("goal_expected", "goal_progress"):
        gpos = s.first(key, rows=block) or (s.first("actual_to_date", rows=block) if key == "goal_progress" else None)
        if gpos is None:
            continue
        at, found = s.below(*gpos, hi)
        if not found:
            right, found_r = s.right(*gpos)
            if found_r or at[0] >= hi:
                at = right
        if key == "goal_expected":
            goal_expected = cells.text(*at)
        else:
            goal_progress = cells.text(*at)

    inds: list[MonitorIndicator] = []
    ind_header: dict[str, CellRef] = {}
    if ind_row is None:
        s.missing(FORM["level3"].zh)
    else:
        ind_header = {k: CellRef.at(sheet, ind_row if k not in mon.CATEGORY_KEYS or sub_row is None else sub_row, c)
                      for k, c in grid_cols.items()}
        for k in ("level3", "target", "actual_to_date", "forecast_value", "likelihood"):
            if k not in grid_cols:
                label = mon.LABELS[k].zh
                s.missing(mon.month_label(None, label) if k == "actual_to_date" else label, (ind_row, 0))
        inds = _monitor_rows(s, ind_row if sub_row is None else sub_row, grid_cols, light_col, added)
    return MonitorForm(
        sheet=sheet, name=name, department=department, implementer=implementer, year=year, month=month,
        funds=funds, funds_header=funds_header, goal_expected=goal_expected, goal_progress=goal_progress,
        indicators=tuple(inds), indicator_header=ind_header, light_column_added=added, anchor=anchor)


def _monitor_rows(s: _Sheet, last_header: int, cols: dict[str, int], light_col: int,
                  added: bool) -> list[MonitorIndicator]:
    g, cells, sheet = s.grid, s.cells, s.sheet
    fallback = cols.get("level3", min(cols.values()))

    def at(r: int, key: str) -> CellRef:
        return CellRef(sheet, a1(r, cols.get(key, fallback)))

    def text(r: int, key: str) -> Cell[str]:
        return cells.text(r, cols[key]) if key in cols else Cell(None, None, at(r, key))

    def measure(r: int, key: str, field: str, target: Measure | None = None) -> Cell[Measure]:
        if key not in cols:
            return Cell(None, None, at(r, key))
        return cells.measure(r, cols[key], field, target=target)

    ticks = {k: c for k, c in cols.items() if k in mon.CATEGORY_KEYS}
    cat_col = cols.get("reason_category")
    cat_at = cat_col if cat_col is not None else (min(ticks.values()) if ticks else cols.get("reason", fallback))
    content = [cols[k] for k in ("level3", "target", "actual_to_date", "forecast_value") if k in cols]
    l1: Cell[str] | None = None
    l2: Cell[str] | None = None
    out: list[MonitorIndicator] = []
    for r in range(last_header + 1, g.nrows):
        v1 = g.get(r, cols["level1"]) if "level1" in cols else None
        v2 = g.get(r, cols["level2"]) if "level2" in cols else None
        if v1 is not None:
            l1, l2 = cells.text(r, cols["level1"]), None
        if v2 is not None:
            l2 = cells.text(r, cols["level2"])
        if all(g.get(r, c) is None for c in content):
            continue
        target = measure(r, "target", FORM["target"].zh)
        out.append(MonitorIndicator(
            row=r + 1,
            level1=l1 if l1 is not None else Cell(None, None, at(r, "level1")),
            level2=l2 if l2 is not None else Cell(None, None, at(r, "level2")),
            name=text(r, "level3"), target=target,
            actual=measure(r, "actual_to_date", mon.LABELS["actual_to_date"].zh, target.value),
            forecast=measure(r, "forecast_value", mon.LABELS["forecast_value"].zh, target.value),
            categories=_categories(s, r, cat_col, ticks),
            category_at=CellRef.at(sheet, r, cat_at),
            reason=text(r, "reason"), likelihood=text(r, "likelihood"),
            light_at=CellRef.at(sheet, r, light_col),
            light=None if added else cells.text(r, light_col),
        ))
    return out


class OtherForms:
    """The forms of the other kinds found in one workbook, in sheet order, by ``Kind.field``."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[Any]] = {k.field: [] for k in iter_kinds()}

    def any(self) -> bool:
        return any(self.by_field.values())

    def model_fields(self) -> dict[str, Any]:
        """``Workbook`` keyword arguments: departments=(…), basic_data=(…), monitors=(…)."""
        return {f: tuple(v) for f, v in self.by_field.items()}


def read_kind(kind: Kind, grid: Grid, hits: list[CodedHit], into: OtherForms) -> None:
    """Read one sheet of a kind of ``perfcheck.kinds`` (its reader, into its model field)."""
    into.by_field[kind.field].append(kind.read(grid, hits))
