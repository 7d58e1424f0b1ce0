"""One project form (项目支出绩效自评表), found block by block by its labels, never by fixed addresses."""

from __future__ import annotations

import re
from decimal import Decimal
from operator import itemgetter

from perfcheck import parse
from perfcheck.codes import FORM_LABEL_MISSING
from perfcheck.layout import FORM, FORM_SCAN_ROWS, FORM_TITLE
from perfcheck.model import (
    Cell,
    CellRef,
    CodedHit,
    FundKey,
    FundLine,
    Hit,
    Indicator,
    ProjectForm,
    col_letter,
    new_cell,
    new_indicator,
)
from perfcheck.reader.cells import Cells
from perfcheck.reader.grid import Grid, Index, Pos, all_forms, inline_value, is_label, label_forms

FORM_FORMS = all_forms(FORM.values())
TITLE_FORMS = tuple(f for f in label_forms(FORM_TITLE))

FUNDS_COLUMNS = ("initial_budget", "annual_budget", "spent", "weight", "rate", "score", "funds_reason")
FUNDS_REQUIRED = ("annual_budget", "spent", "rate", "score")
GRID_COLUMNS = ("level1", "level2", "level3", "operator", "target", "measure_unit", "actual", "weight", "score",
                "reason")
GRID_REQUIRED = ("level1", "level2", "level3", "target", "actual", "weight", "score", "reason")
GRID_CORE = ("level1", "level2", "level3", "target", "actual", "weight", "score")
LINE_KEYS = (FundKey.TOTAL, FundKey.FISCAL, FundKey.CARRYOVER, FundKey.OTHER)
FUNDS_SCAN_ROWS = 12      # a funds block has its header and four lines; allow inserted rows

_YEAR_LINE = re.compile(r"^[(（]?(?:(?:评价|自评|绩效)?年度[:：])?((?:19|20)\d{2})年?度?[)）]?$")
_YEAR_BLANK = re.compile(r"^[(（][_＿]*年度[)）]$")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})年度")


def title_pos(grid: Grid) -> Pos | None:
    """The first cell in the first rows whose text contains the form title (not a 汇总 title)."""
    for r in range(min(FORM_SCAN_ROWS, grid.nrows)):
        for c, v in enumerate(grid.rows[r]):
            if v.__class__ is not str or len(v) < 6:
                continue
            s = parse.norm(v)
            if "汇总" in s:
                continue
            if any(t in s for t in TITLE_FORMS):
                return r, c
    return None


def looks_like_form(grid: Grid, idx: Index) -> bool:
    """The title in the first rows, or the labels 项目名称 and 绩效指标 (or an indicator header)."""
    if title_pos(grid) is not None:
        return True
    if not idx.find(FORM["project_name"]):
        return False
    return bool(idx.find(FORM["indicators"]) or (idx.find(FORM["level3"]) and idx.find(FORM["level1"])))


class FormReader:
    def __init__(self, grid: Grid, idx: Index, hits: list[CodedHit]) -> None:
        self.grid = grid
        self.idx = idx
        self.hits = hits
        self.cells = Cells(grid, hits)
        self.sheet = grid.name

    # -- helpers -----------------------------------------------------------------------------------

    def missing(self, label: str, at: Pos | None = None) -> None:
        ref = CellRef.at(self.sheet, *at) if at else CellRef(self.sheet, "A1")
        self.hits.append(CodedHit(FORM_LABEL_MISSING, Hit(at=ref, ctx={"label": label})))

    def value_right(self, r: int, c: int) -> tuple[Pos, bool]:
        """The next non-empty cell right of a label (stopping at another label): (position, found).
        When there is none, the cell just right of the label (past its merge)."""
        start = self.grid.after(r, c)
        for cc in range(start, self.grid.ncols(r)):
            v = self.grid.get(r, cc)
            if v is None:
                continue
            if is_label(v, FORM_FORMS):
                break
            return (r, cc), True
        return (r, start), False

    def value_below(self, r: int, c: int, stop: int) -> tuple[Pos, bool]:
        """The first non-empty cell below a label in its column, before row ``stop`` and any label."""
        start = self.grid.below(r, c)
        for rr in range(start, stop):
            v = self.grid.get(rr, c)
            if v is None:
                continue
            if is_label(v, FORM_FORMS):
                break
            return (rr, c), True
        return (start, c), False

    def labelled_text(self, key: str, rows: range | None = None) -> tuple[Cell[str] | None, Pos | None]:
        """The text right of a label; or, without a label cell, ``项目名称：xxx`` in one cell."""
        pos = self.idx.first(FORM[key], rows=rows)
        if pos is None:
            inline = inline_value(self.grid, FORM[key], limit=rows.stop if rows else 60)
            if inline is None or (rows is not None and inline[0][0] not in rows):
                return None, None
            (r, c), text = inline
            return Cell(text, self.grid.get(r, c), CellRef.at(self.sheet, r, c)), (r, c)
        at, _ = self.value_right(*pos)
        return self.cells.text(*at), pos

    # -- blocks ------------------------------------------------------------------------------------

    def year(self, title: Pos | None) -> Cell[int] | None:
        g = self.grid
        for r in range(min(FORM_SCAN_ROWS + 3, g.nrows)):
            for c, v in enumerate(g.rows[r]):
                if v.__class__ is str and len(v) <= 20:
                    s = parse.norm(v)
                    if _YEAR_LINE.match(s):
                        return self.cells.year(r, c, FORM["year"].zh)
                    if _YEAR_BLANK.match(s):     # the template's （　　　　年度）: the place, left empty
                        return Cell(None, v, CellRef.at(self.sheet, r, c))
        pos = self.idx.first(FORM["year"], rows=range(0, FORM_SCAN_ROWS + 3))
        if pos is not None:
            at, found = self.value_right(*pos)
            if found:
                return self.cells.year(at[0], at[1], FORM["year"].zh)
        if title is not None:
            tv = g.get(*title)
            m = _YEAR_IN_TEXT.search(parse.norm(tv))
            if m:
                return Cell(int(m.group(1)), tv, CellRef.at(self.sheet, *title), 0)
        for r in range(min(FORM_SCAN_ROWS, g.nrows)):
            for c, v in enumerate(g.rows[r]):
                if v.__class__ is str and (m := _YEAR_IN_TEXT.search(parse.norm(v))):
                    return Cell(int(m.group(1)), v, CellRef.at(self.sheet, r, c), 0)
        if pos is not None:
            at, _ = self.value_right(*pos)
            return self.cells.year(at[0], at[1], FORM["year"].zh)
        return None

    def header_row(self, keys: tuple[str, ...], need: int, after: int = -1, before: int | None = None) -> int | None:
        """The first row (after ``after``) holding at least ``need`` of the labels ``keys``."""
        counts: dict[int, int] = {}
        for k in keys:
            seen: set[int] = set()
            for r, _ in self.idx.find(FORM[k]):
                if r > after and (before is None or r < before) and r not in seen:
                    seen.add(r)
                    counts[r] = counts.get(r, 0) + 1
        rows = sorted(r for r, n in counts.items() if n >= need)
        return rows[0] if rows else None

    def columns(self, r: int, keys: tuple[str, ...]) -> dict[str, int]:
        out: dict[str, int] = {}
        used: set[int] = set()
        for k in keys:
            for rr, c in self.idx.find(FORM[k]):
                if rr == r and c not in used:
                    out[k] = c
                    used.add(c)
                    break
        return out

    def read(self) -> ProjectForm:
        g, idx, sheet = self.grid, self.idx, self.sheet
        title = title_pos(g)
        name, name_pos = self.labelled_text("project_name")
        department, dep_pos = self.labelled_text("department")
        implementer, _ = self.labelled_text("implementer")
        year = self.year(title)
        first_label = name_pos or dep_pos
        anchor = CellRef.at(sheet, *title) if title else (
            CellRef.at(sheet, *first_label) if first_label else CellRef(sheet, "A1"))
        for key, val in (("project_name", name), ("department", department), ("implementer", implementer),
                         ("year", year)):
            if val is None:
                self.missing(FORM[key].zh)

        # indicator grid header first: it bounds the blocks above it
        ind_row = self.header_row(GRID_CORE, 3)
        fh_row = self.header_row(("annual_budget", "spent", "initial_budget"), 2, before=ind_row)
        if fh_row is None:
            fh_row = self.header_row(("annual_budget", "spent"), 1, before=ind_row)
        goal_pos = idx.first(FORM["goal"], rows=range(fh_row + 1 if fh_row is not None else 0,
                                                      ind_row if ind_row is not None else g.nrows))

        funds, funds_header = self.funds(fh_row, goal_pos, ind_row)
        goal_expected, goal_actual = self.goal(goal_pos, fh_row, ind_row)
        indicators, indicator_header, total_weight, total_score, grade = self.grid_block(ind_row)
        parts = tuple(i for i in indicators if i.part_of is not None)
        indicators = tuple(i for i in indicators if i.part_of is None)
        return ProjectForm(
            sheet=sheet, name=name, department=department, implementer=implementer, year=year,
            funds=funds, funds_header=funds_header, goal_expected=goal_expected, goal_actual=goal_actual,
            indicators=indicators, indicator_header=indicator_header, total_weight=total_weight,
            total_score=total_score, grade=grade, anchor=anchor, parts=parts,
            header_score=self.header_score(fh_row),
        )

    def line_number(self, at: Pos, field: str, is_total: bool) -> Cell[Decimal] | None:
        """分值 / 得分 of a funds line: always on the 年度资金总额 row; on a 其中 line only where the form
        gives that line its own (forms.md §5: funds rows for 其中 parts with their own score)."""
        if not is_total and self.grid.get(*at) is None:
            return None
        cell = self.cells.number(*at, field)
        if not is_total and cell.value is None:
            return None
        return cell

    def header_score(self, fh_row: int | None) -> Cell[Decimal] | None:
        """自评得分 / 总分 stated in the header block (above the funds header) as well as in the 总分 row."""
        if fh_row is None:
            return None
        for key in ("score", "total_score"):
            for r, c in self.idx.find(FORM[key]):
                if r < fh_row:
                    at, found = self.value_right(r, c)
                    if found:
                        return self.cells.number(*at, "自评得分")
        return None

    def funds(self, fh_row: int | None, goal_pos: Pos | None,
              ind_row: int | None) -> tuple[dict[FundKey, FundLine], dict[str, CellRef]]:
        cells, sheet = self.cells, self.sheet
        if fh_row is None:
            self.missing(FORM["annual_budget"].zh)
            return {}, {}
        cols = self.columns(fh_row, FUNDS_COLUMNS)
        header = {k: CellRef.at(sheet, fh_row, c) for k, c in cols.items()}
        for k in FUNDS_REQUIRED:
            if k not in cols:
                self.missing(FORM[k].zh, (fh_row, 0))
        amount_cols = [cols[k] for k in ("initial_budget", "annual_budget", "spent") if k in cols]
        first_amount = min(amount_cols) if amount_cols else min(cols.values())
        end = fh_row + 1 + FUNDS_SCAN_ROWS
        for bound in (goal_pos[0] if goal_pos else None, ind_row):
            if bound is not None and fh_row < bound < end:
                end = bound
        region = range(fh_row + 1, end)
        lines: dict[FundKey, FundLine] = {}
        taken: set[int] = set()
        for key in LINE_KEYS:
            pos = next((p for p in self.idx.find(FORM[key.value])
                        if p[0] in region and p[1] < first_amount and p[0] not in taken), None)
            if pos is None:
                if key is FundKey.TOTAL:
                    self.missing(FORM[key.value].zh, (fh_row + 1, 0))
                continue
            r = pos[0]
            taken.add(r)
            label_text = FORM[key.value].zh.removeprefix("其中：")
            is_total = key is FundKey.TOTAL

            def at(k: str, r: int = r, c0: int = pos[1]) -> tuple[int, int]:
                return r, cols.get(k, c0)

            def amount(k: str, r: int = r, c0: int = pos[1], text: str = label_text) -> Cell[Decimal]:
                if k not in cols:      # no such column (reported once, as PC005): nothing to read
                    return Cell(None, None, CellRef.at(sheet, r, c0))
                return cells.amount(r, cols[k], f"{text}·{FORM[k].zh}")

            label = cells.text(*pos)
            initial, budget, spent = amount("initial_budget"), amount("annual_budget"), amount("spent")
            lines[key] = FundLine(
                key=key, label=label, initial=initial, budget=budget, spent=spent,
                weight=self.line_number(at("weight"), FORM["weight"].zh, is_total) if "weight" in cols else None,
                rate=cells.rate(*at("rate"), f"{label_text}·{FORM['rate'].zh}", budget.value, spent.value)
                if key in (FundKey.TOTAL, FundKey.FISCAL) and "rate" in cols else None,
                score=self.line_number(at("score"), FORM["score"].zh, is_total) if "score" in cols else None,
                reason=cells.text(*at("funds_reason")) if is_total and "funds_reason" in cols else None,
            )
        return lines, header

    def goal(self, goal_pos: Pos | None, fh_row: int | None,
             ind_row: int | None) -> tuple[Cell[str] | None, Cell[str] | None]:
        g, idx = self.grid, self.idx
        lo = goal_pos[0] if goal_pos else (fh_row + 1 if fh_row is not None else 0)
        hi = ind_row if ind_row is not None else min(g.nrows, lo + 10)
        if goal_pos is None and fh_row is not None and idx.first(FORM["goal_expected"], rows=range(lo, hi)) is None:
            # Sichuan's form: 项目年度目标 | 年度目标完成情况 above the funds block
            above = idx.first(FORM["goal_expected"], rows=range(0, fh_row))
            if above is not None:
                lo, hi = above[0], fh_row
        block = range(lo, hi)
        out: list[Cell[str] | None] = []
        for key in ("goal_expected", "goal_actual"):
            pos = idx.first(FORM[key], rows=block)
            if pos is None:
                out.append(None)
                continue
            below, found = self.value_below(*pos, hi)
            if not found:
                right, found_r = self.value_right(*pos)
                if found_r or below[0] >= hi:
                    below = right
            out.append(self.cells.text(*below))
        expected, actual = out
        if expected is None and goal_pos is not None:
            # a one-cell goal: 年度总体目标 | <text>
            at, _ = self.value_right(*goal_pos)
            expected = self.cells.text(*at)
        if goal_pos is None and expected is None:
            self.missing(FORM["goal"].zh)
        else:
            if expected is None:
                self.missing(FORM["goal_expected"].zh, goal_pos)
            if actual is None:
                self.missing(FORM["goal_actual"].zh, goal_pos)
        return expected, actual

    def grid_block(self, ind_row: int | None) -> tuple[tuple[Indicator, ...], dict[str, CellRef],
                                                       Cell[Decimal] | None, Cell[Decimal] | None,
                                                       Cell[str] | None]:
        g, idx, cells, sheet = self.grid, self.idx, self.cells, self.sheet
        if ind_row is None:
            self.missing(FORM["level3"].zh)
            grade_pos = idx.first(FORM["grade"])
            grade = self.cells.text(*self.value_right(*grade_pos)[0]) if grade_pos else None
            return (), {}, None, None, grade
        cols = self.columns(ind_row, GRID_COLUMNS)
        header = {k: CellRef.at(sheet, ind_row, c) for k, c in cols.items()}
        for k in GRID_REQUIRED:
            if k not in cols:
                self.missing(FORM[k].zh, (ind_row, 0))
        after = range(ind_row + 1, g.nrows)
        total_pos = idx.first(FORM["total_score"], rows=after)
        grade_pos = idx.first(FORM["grade"], rows=after)
        end = g.nrows
        for p in (total_pos, grade_pos):
            if p is not None and p[0] < end:
                end = p[0]
        fallback = min(cols.values())
        c_l1, c_l2, c_l3 = cols.get("level1"), cols.get("level2"), cols.get("level3", fallback)
        c_t, c_a, c_w, c_s = cols.get("target"), cols.get("actual"), cols.get("weight"), cols.get("score")
        c_r, c_op, c_u = cols.get("reason"), cols.get("operator"), cols.get("measure_unit")
        grid_cols = (c_l1, c_l2, c_l3, c_t, c_a, c_w, c_s, c_r, c_op, c_u)
        letter = {c: col_letter(c) for c in (*(c for c in grid_cols if c is not None), fallback)}
        # each field's column letter (a missing column: the fallback column's, for its empty Cell)
        k1, k2, k3, kt, ka, kw, ks, kr = (letter[fallback if c is None else c] for c in grid_cols[:8])

        # The grid is read a column at a time (most of a form's reading): first the rows that hold
        # anything in the grid's columns, then each column's values and cells in one go.
        present = list(dict.fromkeys(c for c in grid_cols if c is not None))
        getter = (*present, present[0])       # one column twice: itemgetter gives a tuple even for one
        pick = itemgetter(*getter)
        width = max(present) + 1
        kept: list[int] = []
        values: list[tuple[object, ...]] = []
        rows = g.rows
        for r in range(ind_row + 1, end):
            row = rows[r]
            vals = pick(row) if len(row) >= width else tuple(row[c] if c < len(row) else None for c in getter)
            if vals.count(None) < len(getter):        # a row empty in all the grid's columns is skipped
                kept.append(r)
                values.append(vals)
        by_col = dict(zip(present, zip(*values, strict=True) if values else ((),) * len(present), strict=False))
        nones = (None,) * len(kept)

        def column(c: int | None) -> tuple[object, ...]:
            return nones if c is None else by_col[c]

        rns = [str(r + 1) for r in kept]

        def refs(k: str) -> list[CellRef]:
            return [CellRef(sheet, k + rn) for rn in rns]

        v1s, v2s, v3s, vts, vas, vws, vss, vrs, v_ops, v_us = (column(c) for c in grid_cols)
        # a missing column reads as empty values: the empty Cells of the fallback column's letter
        t_refs, a_refs, w_refs, s_refs = refs(kt), refs(ka), refs(kw), refs(ks)
        names = cells.texts(v3s, refs(k3))
        reasons = cells.texts(vrs, refs(kr))
        targets = cells.measures(vts, t_refs, v_ops, v_us)
        actuals = cells.measures(vas, a_refs, nones, v_us, targets)
        weights = cells.numbers(vws, w_refs)
        scores = cells.numbers(vss, s_refs)
        f_target, f_actual, f_weight, f_score = (FORM[k].zh for k in ("target", "actual", "weight", "score"))
        text_at, measure_at, number_at = cells.text_at, cells.measure_at, cells.number_at
        l1: Cell[str] | None = None
        l2: Cell[str] | None = None
        inds: list[Indicator] = []
        # the cells a column read left to the cell-by-cell readers (they report): read here, row by row
        # and left to right, so that the hits come in reading order
        for i, r in enumerate(kept):
            rn = rns[i]
            v1, v2, v3, vw, vs = v1s[i], v2s[i], v3s[i], vws[i], vss[i]
            if v1 is not None:
                l1 = text_at(v1, CellRef(sheet, k1 + rn))
                l2 = None
            if v2 is not None:
                l2 = text_at(v2, CellRef(sheet, k2 + rn))
            part_of = None
            if (v3.__class__ is str and vw is None and vs is None and inds
                    and parse.norm(v3).startswith(("其中:", "其中：", "其中"))):
                parent = inds[-1]
                part_of = parent.part_of if parent.part_of is not None else parent.row
            target = targets[i]
            if target is None:
                target = measure_at(vts[i], t_refs[i], f_target, op_raw=v_ops[i], unit_raw=v_us[i])
            actual = actuals[i]
            if actual is None:
                actual = measure_at(vas[i], a_refs[i], f_actual, unit_raw=v_us[i], target=target.value)
            weight = weights[i]
            if weight is None:
                weight = number_at(vw, w_refs[i], f_weight)
            score = scores[i]
            if score is None:
                score = number_at(vs, s_refs[i], f_score)
            inds.append(new_indicator(
                r + 1,
                l1 if l1 is not None else new_cell(None, None, CellRef(sheet, k1 + rn), None, None),
                l2 if l2 is not None else new_cell(None, None, CellRef(sheet, k2 + rn), None, None),
                names[i], target, actual, weight, score, reasons[i], part_of,
            ))
        total_weight = total_score = None
        if total_pos is None:
            self.missing(FORM["total_score"].zh, (end, 0) if end < g.nrows else (max(end - 1, 0), 0))
        else:
            tr = total_pos[0]
            total_weight = cells.number(tr, c_w, "总分·" + FORM["weight"].zh) if c_w is not None else None
            total_score = cells.number(tr, c_s, "总分·" + FORM["score"].zh) if c_s is not None else None
        grade = None
        if grade_pos is None:
            grade, _ = self.labelled_text("grade", rows=range(ind_row + 1, g.nrows))
        else:
            grade_at, _ = self.value_right(*grade_pos)
            grade = cells.text(*grade_at)
        # no 自评等级 row: the grade is not required (forms.md §5: some provinces' forms have none)
        return tuple(inds), header, total_weight, total_score, grade


def read_form(grid: Grid, idx: Index, hits: list[CodedHit]) -> ProjectForm:
    return FormReader(grid, idx, hits).read()
