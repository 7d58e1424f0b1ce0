"""The workbook-level sheets: 单位概况 (unit facts), 项目汇总 (project list), 问题与措施 (issues)."""

from __future__ import annotations

from decimal import Decimal

from perfcheck import parse
from perfcheck.codes import SHEET_LABEL_MISSING
from perfcheck.layout import ISSUES, LIST_COLUMNS, LIST_HEADER_SCAN_ROWS, LIST_TOTAL, UNIT
from perfcheck.model import Cell, CellRef, CodedHit, Hit, IssuesBlock, ListRow, ProjectList, UnitInfo
from perfcheck.reader.cells import Cells
from perfcheck.reader.grid import Grid, Index, Pos, all_forms, inline_value, is_label

UNIT_FORMS = all_forms(UNIT.values())
ISSUES_FORMS = all_forms(ISSUES.values())
LIST_TOTAL_FORMS = all_forms((LIST_TOTAL,))

UNIT_TEXT = ("unit_name", "department", "duties")
UNIT_REQUIRED = ("unit_name",)
LIST_AMOUNTS = ("initial_budget", "annual_budget", "spent")
LIST_TEXT = ("project_name", "category", "grade", "remark")
LIST_REQUIRED = ("project_name", "annual_budget", "spent", "rate", "score", "grade")


def _label_missing(hits: list[CodedHit], sheet: str, label: str, at: Pos | None = None) -> None:
    ref = CellRef.at(sheet, *at) if at else CellRef(sheet, "A1")
    hits.append(CodedHit(SHEET_LABEL_MISSING, Hit(at=ref, ctx={"sheet": sheet, "label": label})))


def _right(grid: Grid, r: int, c: int, stop: frozenset[str]) -> tuple[Pos, bool]:
    start = grid.after(r, c)
    for cc in range(start, grid.ncols(r)):
        v = grid.get(r, cc)
        if v is None:
            continue
        if is_label(v, stop):
            break
        return (r, cc), True
    return (r, start), False


# --------------------------------------------------------------------------------------------------
# 单位概况
# --------------------------------------------------------------------------------------------------


def looks_like_unit(idx: Index) -> bool:
    return bool(idx.find(UNIT["unit_name"]))


def read_unit(grid: Grid, idx: Index, hits: list[CodedHit]) -> UnitInfo:
    """Label in one cell, value in the next non-empty cell to its right."""
    cells = Cells(grid, hits)
    values: dict[str, Cell[object]] = {}
    first: Pos | None = None
    places: dict[str, tuple[Pos, Pos, bool]] = {}
    for key, label in UNIT.items():
        pos = idx.first(label)
        if pos is not None:
            places[key] = (pos, *_right(grid, *pos, UNIT_FORMS))
    # an empty value belongs in the column where the other values are
    found_cols = [at[1] for _, at, found in places.values() if found]
    usual = max(set(found_cols), key=found_cols.count) if found_cols else None
    for key, (pos, (r, c), found) in places.items():
        label = UNIT[key]
        if first is None or pos < first:
            first = pos
        if not found and usual is not None and usual > pos[1]:
            c = max(c, usual)
        if key in UNIT_TEXT:
            values[key] = cells.text(r, c)  # type: ignore[assignment]
        elif key == "year":
            y = cells.year(r, c, label.zh)
            values[key] = Cell(None if y.value is None else Decimal(y.value), y.raw, y.at, y.decimals,
                               y.problem)
        else:
            values[key] = cells.count(r, c, label.zh)
    for key in UNIT_REQUIRED:
        if key not in values:
            _label_missing(hits, grid.name, UNIT[key].zh)
    anchor = CellRef.at(grid.name, *first) if first else CellRef(grid.name, "A1")
    return UnitInfo(sheet=grid.name, values=values, anchor=anchor)


# --------------------------------------------------------------------------------------------------
# 项目汇总
# --------------------------------------------------------------------------------------------------


def list_header_row(idx: Index) -> int | None:
    """The first row (within the first 20) holding both 项目名称 and 全年预算数."""
    budget_rows = {r for r, _ in idx.find(LIST_COLUMNS["annual_budget"]) if r < LIST_HEADER_SCAN_ROWS}
    for r, _ in idx.find(LIST_COLUMNS["project_name"]):
        if r < LIST_HEADER_SCAN_ROWS and r in budget_rows:
            return r
    return None


def read_list(grid: Grid, idx: Index, hits: list[CodedHit]) -> ProjectList | None:
    """The header row anywhere in the first 20 rows, one row per project, then 合计; blank rows skipped."""
    sheet = grid.name
    hr = list_header_row(idx)
    if hr is None:
        _label_missing(hits, sheet, f"{LIST_COLUMNS['project_name'].zh}/{LIST_COLUMNS['annual_budget'].zh}")
        return None
    cols: dict[str, int] = {}
    used: set[int] = set()
    for key, label in LIST_COLUMNS.items():
        for r, c in idx.find(label):
            if r == hr and c not in used:
                cols[key] = c
                used.add(c)
                break
    for key in LIST_REQUIRED:
        if key not in cols:
            _label_missing(hits, sheet, LIST_COLUMNS[key].zh, (hr, 0))
    header = {k: CellRef.at(sheet, hr, c) for k, c in cols.items()}
    cells = Cells(grid, hits)
    name_col = cols["project_name"]
    label_cols = range(0, max(name_col, cols.get("seq", 0)) + 1)
    data_cols = [c for k, c in cols.items() if k != "seq"]
    rows: list[ListRow] = []
    total: ListRow | None = None
    # the rate last: the row's budget and spending settle how a bare number is read
    order = sorted(cols.items(), key=lambda kc: kc[0] == "rate")
    keys = list(cols)
    for r in range(hr + 1, grid.nrows):
        is_total = any(is_label(grid.get(r, c), LIST_TOTAL_FORMS) for c in label_cols)
        if not is_total and all(grid.get(r, c) is None for c in data_cols):
            continue
        row = ListRow(row=r + 1, cells=_list_cells(cells, r, order, keys, is_total))
        if is_total:
            total = row
            break
        rows.append(row)
    return ProjectList(sheet=sheet, header=header, rows=tuple(rows), total=total,
                       anchor=CellRef.at(sheet, hr, min(cols.values())))


def _list_cells(cells: Cells, r: int, order: list[tuple[str, int]], keys: list[str],
                is_total: bool) -> dict[str, Cell[object]]:
    """A row's cells, read in ``order`` (the columns, the rate last), returned in the order of ``keys``."""
    out: dict[str, Cell[object]] = {}
    for key, c in order:
        label = LIST_COLUMNS[key].zh
        cell: Cell[object]
        if key == "seq":
            raw = cells.raw(r, c)
            n = parse.parse_number(raw)
            cell = (Cell(n.value, raw, cells.ref(r, c), n.decimals) if n.value is not None
                    else Cell(parse.parse_text(raw), raw, cells.ref(r, c)))
        elif key in LIST_TEXT:
            cell = cells.text(r, c)  # type: ignore[assignment]
        elif key in LIST_AMOUNTS:
            cell = cells.amount(r, c, label, check_yuan=not is_total)  # type: ignore[assignment]
        elif key == "rate":
            b, s = (out[k].value if k in out else None for k in ("annual_budget", "spent"))
            cell = cells.rate(r, c, label, b if isinstance(b, Decimal) else None,  # type: ignore[assignment]
                              s if isinstance(s, Decimal) else None)
        else:
            cell = cells.number(r, c, label)  # type: ignore[assignment]
        out[key] = cell
    return {k: out[k] for k in keys}


# --------------------------------------------------------------------------------------------------
# 问题与措施
# --------------------------------------------------------------------------------------------------


def looks_like_issues(idx: Index) -> bool:
    return bool(idx.find(ISSUES["problems"]) or idx.find(ISSUES["measures"]))


def read_issues(grid: Grid, idx: Index, hits: list[CodedHit]) -> IssuesBlock:
    """The text right of each label, else below it (the template writes it below)."""
    sheet = grid.name
    out: list[Cell[str] | None] = []
    first: Pos | None = None
    cells = Cells(grid, hits)
    for key in ("problems", "measures"):
        label = ISSUES[key]
        pos = idx.first(label)
        if pos is None:
            inline = inline_value(grid, label)
            out.append(None if inline is None else Cell(inline[1], grid.get(*inline[0]), CellRef.at(sheet, *inline[0])))
            if inline is None:
                _label_missing(hits, sheet, label.zh)
            continue
        if first is None or pos < first:
            first = pos
        right, found = _right(grid, *pos, ISSUES_FORMS)
        if found:
            out.append(cells.text(*right))
            continue
        r, c = pos
        start = grid.below(r, c)
        below: Pos | None = None
        for rr in range(start, grid.nrows):
            v = grid.get(rr, c)
            if v is None:
                continue
            if not is_label(v, ISSUES_FORMS):
                below = (rr, c)
            break
        if below is None:
            # empty: the text belongs in a merged box right of the label, else below it
            below_is_free = grid.get(start, c) is None
            below = right if (right in grid.merge_end or not below_is_free) else (start, c)
        out.append(cells.text(*below))
    anchor = CellRef.at(sheet, *first) if first else CellRef(sheet, "A1")
    return IssuesBlock(sheet=sheet, problems=out[0], measures=out[1], anchor=anchor)
