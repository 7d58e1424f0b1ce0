"""The typed model of a filled workbook.  Every value keeps its raw content and its exact A1 cell.

The reader (``perfcheck.reader``) builds it; the rules only read it.  A field that is ``None`` means
the block or label was not found at all (the reader reports that as a PC0xx finding); a ``Cell``
whose ``value`` is ``None`` means the place exists but holds no (usable) value -- look at ``raw``
and ``problem`` to tell an empty cell from one that could not be parsed.

Every class here has a docstring: for a dataclass without one, ``@dataclass`` makes one from
``inspect.signature`` when the module is imported, which costs more than the rest of the class.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from perfcheck.narrative.document import Narrative

T = TypeVar("T")
_C = TypeVar("_C")


def col_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    s = ""
    n = col + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


_LETTERS = tuple(col_letter(c) for c in range(256))     # the columns a sheet of a form uses, ready


def a1(row: int, col: int) -> str:
    """0-based (row, col) → A1 notation."""
    return f"{_LETTERS[col] if 0 <= col < 256 else col_letter(col)}{row + 1}"


def quote_sheet(sheet: str) -> str:
    """Excel notation for a sheet name in a reference: always single-quoted, quotes doubled."""
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A text in both languages, for a message's {placeholder}: rendered in the message's language."""

    zh: str
    en: str

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh


@dataclass(frozen=True, slots=True, order=True)
class CellRef:
    """A sheet and a single cell (or a range such as ``D6:D9``) in A1 notation."""

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{quote_sheet(self.sheet)}!{self.cell}"

    @classmethod
    def at(cls, sheet: str, row: int, col: int) -> CellRef:
        """From 0-based row and column."""
        return cls(sheet, a1(row, col))


@dataclass(frozen=True, slots=True)
class Cell(Generic[T]):
    """One value read from a cell.

    value:    the parsed value, or None (empty, placeholder like ``—``/``无``, or unreadable).
    raw:      what the spreadsheet holds (str, int, float, bool, datetime, None) -- for a merged
              region read forward, the origin cell's raw value.
    at:       where it is (the origin cell for merged regions).
    decimals: for numbers, how many decimals the stated value shows (``95.3%`` → 3 as a fraction
              0.953; ``86%`` → 2; a float ``0.9259`` → 4; an int → 0).  None for non-numbers.
    problem:  why ``value`` is None although ``raw`` is not empty (a short key such as
              ``"not-a-number"``), else None.
    """

    value: T | None
    raw: object
    at: CellRef
    decimals: int | None = None
    problem: str | None = None

    @property
    def empty(self) -> bool:
        """True when the cell holds nothing a person typed (None, blank, or a placeholder)."""
        return self.value is None and self.problem is None

    @property
    def text(self) -> str:
        """The raw content as a stripped string ('' for None)."""
        if self.raw is None:
            return ""
        if isinstance(self.raw, float) and self.raw.is_integer():
            return str(int(self.raw))
        return str(self.raw).strip()


def fast_init(cls: type[_C]) -> type[_C]:
    """Give a frozen, slotted dataclass a faster ``__init__``, same signature and defaults.

    The generated ``__init__`` of a frozen dataclass sets each field through ``object.__setattr__``;
    this one sets the same slots through their descriptors, about three times faster -- it matters
    for the classes made once per cell or per indicator (~10^5 per large workbook).  The instances
    stay frozen (assignment still raises).  A class with a ``__post_init__``, a default factory or a
    keyword-only field or one outside ``__init__`` is left as it is."""
    flds = dataclasses.fields(cls)    # type: ignore[arg-type]
    if (hasattr(cls, "__post_init__") or "__slots__" not in cls.__dict__
            or any(f.default_factory is not dataclasses.MISSING or f.kw_only or not f.init for f in flds)):
        return cls
    ns: dict[str, object] = {f"_set_{f.name}": cls.__dict__[f.name].__set__ for f in flds}
    params = []
    for f in flds:
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            ns[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"    _set_{f.name}(self, {f.name})\n" for f in flds) or "    pass\n"
    exec(f"def __init__(self, {', '.join(params)}):\n{body}", ns)
    init = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"    # type: ignore[attr-defined]
    type.__setattr__(cls, "__init__", init)
    return cls


fast_init(CellRef)
fast_init(Cell)


class _CellSlots(Generic[T]):
    """``Cell``'s slots without its frozen ``__setattr__``: what :func:`new_cell` fills."""

    __slots__ = ("value", "raw", "at", "decimals", "problem")
    value: object
    raw: object
    at: CellRef
    decimals: int | None
    problem: str | None


_object_new = object.__new__


def new_cell(value: T | None, raw: object, at: CellRef, decimals: int | None = None,
             problem: str | None = None) -> Cell[T]:
    """``Cell(value, raw, at, decimals, problem)``, made faster, for the reader's ~10^5 cells.

    A frozen dataclass's constructor must set each slot through a descriptor call (its
    ``__setattr__`` refuses); plain attribute stores are far cheaper.  So the slots are filled on an
    object of the same layout that is not frozen, which then becomes a ``Cell`` (``__class__``
    assignment between classes of identical slots: Python's data model allows it).  The result is
    an ordinary, frozen ``Cell``."""
    c = _object_new(_CellSlots)
    c.value = value
    c.raw = raw
    c.at = at
    c.decimals = decimals
    c.problem = problem
    c.__class__ = Cell      # type: ignore[assignment]
    return c                # type: ignore[return-value]


# --------------------------------------------------------------------------------------------------
# Parsed values
# --------------------------------------------------------------------------------------------------


class Op(StrEnum):
    """How a target compares.  GE/GT are positive indicators, LE/LT reverse, EQ equal."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="

    @property
    def direction(self) -> Direction:
        if self in (Op.GE, Op.GT):
            return Direction.POSITIVE
        if self in (Op.LE, Op.LT):
            return Direction.REVERSE
        return Direction.EQUAL


class Direction(StrEnum):
    POSITIVE = "positive"
    REVERSE = "reverse"
    EQUAL = "equal"


class QualGrade(StrEnum):
    """The three qualitative grades of an actual value (docs/scoring.md §3)."""

    ACHIEVED = "达成年度指标"
    PARTIAL = "部分达成年度指标并具有一定效果"
    MISSED = "未达成年度指标且效果较差"


class ValueKind(StrEnum):
    NUMBER = "number"   # op? number unit?   e.g. ≥50个, 95%, 不超过90万元, 52
    DATE = "date"       # op? date            e.g. 2023年12月31日前, 12月底前 (year may be None)
    GRADE = "grade"     # one of QualGrade
    TEXT = "text"       # anything else: qualitative phrase, vague wording


@dataclass(frozen=True, slots=True)
class Measure:
    """A parsed 年度指标值 or 实际完成值.

    For NUMBER: ``number`` in the unit as written, except that percentages are kept as written in
    percent (``95%`` → number 95, unit "%").  ``op`` is None when none was written (``100%``: the
    rules treat a missing operator on a target as EQ, configurable).
    For DATE: ``date`` (``year`` None when the text gives none, e.g. ``12月底前``: then ``month`` and
    ``day`` are set and ``date`` is None).  ``op`` LE for 前/以前/之前, GE for 后/以后.
    ``text`` is always the normalised original.
    """

    kind: ValueKind
    text: str
    op: Op | None = None
    number: Decimal | None = None
    unit: str | None = None
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    grade: QualGrade | None = None


fast_init(Measure)


# --------------------------------------------------------------------------------------------------
# The project form
# --------------------------------------------------------------------------------------------------


class FundKey(StrEnum):
    TOTAL = "total_funds"
    FISCAL = "fiscal"
    CARRYOVER = "carryover"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class FundLine:
    """One row of the funds block.  Amounts in 万元 (Decimal).  ``rate`` is a fraction (0.953)."""

    key: FundKey
    label: Cell[str]
    initial: Cell[Decimal]          # 年初预算数
    budget: Cell[Decimal]           # 全年预算数
    spent: Cell[Decimal]            # 全年执行数
    weight: Cell[Decimal] | None = None   # 分值 (年度资金总额 row only)
    rate: Cell[Decimal] | None = None     # 执行率 as a fraction
    score: Cell[Decimal] | None = None    # 得分 (年度资金总额 row only)
    reason: Cell[str] | None = None       # 偏差原因 on the funds rows, where the form has that column


fast_init(FundLine)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One 三级 indicator row.  ``level1``/``level2`` are read forward over merged/blank cells: their
    ``at`` is the cell where the name was actually written."""

    row: int                        # 1-based Excel row
    level1: Cell[str]
    level2: Cell[str]
    name: Cell[str]                 # 三级指标
    target: Cell[Measure]           # 年度指标值 (with 指标性质/度量单位 columns merged in when present)
    actual: Cell[Measure]           # 实际完成值
    weight: Cell[Decimal]           # 分值
    score: Cell[Decimal]            # 得分
    reason: Cell[str]               # 偏差原因分析及改进措施
    part_of: int | None = None      # a 其中 breakdown row (unscored): the Excel row of its indicator


fast_init(Indicator)


class _IndicatorSlots:
    """``Indicator``'s slots without its frozen ``__setattr__``: what :func:`new_indicator` fills."""

    __slots__ = ("row", "level1", "level2", "name", "target", "actual", "weight", "score", "reason", "part_of")
    row: int
    level1: Cell[str]
    level2: Cell[str]
    name: Cell[str]
    target: Cell[Measure]
    actual: Cell[Measure]
    weight: Cell[Decimal]
    score: Cell[Decimal]
    reason: Cell[str]
    part_of: int | None


def new_indicator(row: int, level1: Cell[str], level2: Cell[str], name: Cell[str], target: Cell[Measure],
                  actual: Cell[Measure], weight: Cell[Decimal], score: Cell[Decimal], reason: Cell[str],
                  part_of: int | None = None) -> Indicator:
    """``Indicator(...)``, made faster the way :func:`new_cell` makes a ``Cell`` (one per grid row)."""
    i = _object_new(_IndicatorSlots)
    i.row = row
    i.level1 = level1
    i.level2 = level2
    i.name = name
    i.target = target
    i.actual = actual
    i.weight = weight
    i.score = score
    i.reason = reason
    i.part_of = part_of
    i.__class__ = Indicator     # type: ignore[assignment]
    return i                    # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class ProjectForm:
    """One 项目支出绩效自评表 sheet: header, funds block, goals, the indicator grid and the totals."""

    sheet: str
    name: Cell[str] | None          # 项目名称
    department: Cell[str] | None    # 主管部门
    implementer: Cell[str] | None   # 实施单位
    year: Cell[int] | None          # from （2023年度） or a 年度 label
    funds: dict[FundKey, FundLine]  # the lines found (a missing line is absent)
    funds_header: dict[str, CellRef]  # label key (initial_budget, annual_budget, spent, weight, rate, score) → header cell
    goal_expected: Cell[str] | None
    goal_actual: Cell[str] | None
    indicators: tuple[Indicator, ...]
    indicator_header: dict[str, CellRef]  # label key → header cell of the grid
    total_weight: Cell[Decimal] | None    # 总分 row, 分值 column
    total_score: Cell[Decimal] | None     # 总分 row, 得分 column
    grade: Cell[str] | None               # 自评等级
    anchor: CellRef                 # the title cell, or the first label found: where a form-level finding points
    parts: tuple[Indicator, ...] = ()     # 其中 breakdown rows under indicators (not scored, not in ``indicators``)
    header_score: Cell[Decimal] | None = None  # 自评得分 / 总分 stated in the header block as well (forms.md §5)

    @property
    def total(self) -> FundLine | None:
        return self.funds.get(FundKey.TOTAL)


# --------------------------------------------------------------------------------------------------
# Workbook-level sheets
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """The 单位概况 sheet: its labelled values."""

    sheet: str
    values: dict[str, Cell[object]]   # UNIT label key → value cell (str, int or Decimal values)
    anchor: CellRef


@dataclass(frozen=True, slots=True)
class ListRow:
    """One row of the 项目汇总 sheet."""

    row: int                          # 1-based Excel row
    cells: dict[str, Cell[object]]    # LIST_COLUMNS key → cell: project_name str, amounts Decimal, rate Decimal fraction, score Decimal, grade str


@dataclass(frozen=True, slots=True)
class ProjectList:
    """The 项目汇总 sheet: its header, project rows and 合计 row."""

    sheet: str
    header: dict[str, CellRef]        # LIST_COLUMNS key → header cell
    rows: tuple[ListRow, ...]
    total: ListRow | None             # the 合计 row
    anchor: CellRef


@dataclass(frozen=True, slots=True)
class IssuesBlock:
    """The 存在问题及改进措施 sheet."""

    sheet: str
    problems: Cell[str] | None
    measures: Cell[str] | None
    anchor: CellRef


# --------------------------------------------------------------------------------------------------
# The other kinds (forms.md §2–§4): 部门整体支出绩效自评表, 基础数据表, 绩效运行监控表
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SplitLine:
    """One part of the department form's funds split (按收入性质分 / 按支出性质分).

    ``amounts``: model column (``initial``, ``budget``, ``spent``) → cell.  An amount written inside
    the label text (``其中：一般公共预算：1325.68``) has the label's cell as its ``at`` and ``inline``
    is True."""

    key: str                          # general, fund, special, other, basic, project (kinds.department)
    group: str                        # "income" | "expense"
    label: Cell[str]
    amounts: dict[str, Cell[Decimal]]
    inline: bool = False


@dataclass(frozen=True, slots=True)
class DepartmentForm:
    """One 部门整体支出绩效自评表 sheet (forms.md §2)."""

    sheet: str
    name: Cell[str] | None            # 预算部门（单位）名称
    year: Cell[int] | None
    funds_header: dict[str, CellRef]  # initial, budget, spent, weight, rate, score → header cell
    total: dict[str, Cell[Decimal]]   # 年度资金总额: initial, budget, spent
    weight: Cell[Decimal] | None
    rate: Cell[Decimal] | None
    score: Cell[Decimal] | None
    lines: tuple[SplitLine, ...]
    goal_expected: Cell[str] | None
    goal_actual: Cell[str] | None
    indicators: tuple[Indicator, ...]
    indicator_header: dict[str, CellRef]
    total_weight: Cell[Decimal] | None
    total_score: Cell[Decimal] | None
    grade: Cell[str] | None
    anchor: CellRef

    def line(self, key: str) -> SplitLine | None:
        return next((x for x in self.lines if x.key == key), None)


@dataclass(frozen=True, slots=True)
class BasicLine:
    """One amounts line of a 基础数据表."""

    key: str                          # kinds.basicdata.LINES
    label: Cell[str]
    amounts: dict[str, Cell[Decimal]]  # prev (上年决算数), budget (本年预算数), final (本年决算数)


@dataclass(frozen=True, slots=True)
class BasicData:
    """One 基础数据表 sheet (forms.md §3)."""

    sheet: str
    quota: Cell[Decimal] | None       # 编制数
    staff: Cell[Decimal] | None       # 实际在职人数
    control_rate: Cell[Decimal] | None  # 控制率 (a fraction)
    header: dict[str, CellRef]        # prev, budget, final → header cell
    lines: dict[str, BasicLine]
    anchor: CellRef


@dataclass(frozen=True, slots=True)
class MonitorFunds:
    """The 年度资金总额 row of a monitoring form."""

    row: int
    label: Cell[str]
    initial: Cell[Decimal]
    budget: Cell[Decimal]             # 全年预算数 (调整后预算数)
    spent: Cell[Decimal]              # 1–X月执行数
    rate: Cell[Decimal] | None        # 执行率 as stated
    forecast: Cell[Decimal]           # 全年预计执行数
    categories: tuple[str, ...]       # 偏差原因 categories chosen (drop-down or ticks)
    category_at: CellRef | None
    reason: Cell[str] | None
    light_at: CellRef                 # the light column, or the column after the last one of the form
    light: Cell[str] | None           # a light as stated on the form, where it has a light column


@dataclass(frozen=True, slots=True)
class MonitorIndicator:
    """One indicator row of a 绩效运行监控表."""

    row: int
    level1: Cell[str]
    level2: Cell[str]
    name: Cell[str]
    target: Cell[Measure]             # 年度指标值
    actual: Cell[Measure]             # 1–X月实际完成值
    forecast: Cell[Measure]           # 全年预计完成值
    categories: tuple[str, ...]
    category_at: CellRef
    reason: Cell[str]
    likelihood: Cell[str]             # 完成目标可能性
    light_at: CellRef
    light: Cell[str] | None


@dataclass(frozen=True, slots=True)
class MonitorForm:
    """One 绩效运行监控表 sheet (forms.md §4)."""

    sheet: str
    name: Cell[str] | None
    department: Cell[str] | None
    implementer: Cell[str] | None
    year: Cell[int] | None
    month: Cell[int] | None           # X of 1–X月, where the form states it (title, 监控期间, a header)
    funds: MonitorFunds | None
    funds_header: dict[str, CellRef]
    goal_expected: Cell[str] | None
    goal_progress: Cell[str] | None
    indicators: tuple[MonitorIndicator, ...]
    indicator_header: dict[str, CellRef]
    light_column_added: bool          # True: the form has no light column (lights go after 备注)
    anchor: CellRef


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule's check yields: a position, the message's values, expected and found.

    A hit carries no code: the engine pairs each hit with the code of the rule whose check yielded it
    (a :class:`CodedHit`) and adds that rule's configured severity to make a ``Finding``.
    ``explains``: computed cells whose wrong value this hit is the cause of (a root-cause finding at an
    input): the engine drops the findings at those cells and at every formula cell that reads them, so
    one defect gives one finding."""

    at: CellRef | None = None
    ctx: dict[str, object] = field(default_factory=dict)
    expected: object = None
    actual: object = None
    related: tuple[CellRef, ...] = ()
    explains: tuple[CellRef, ...] = ()


@dataclass(frozen=True, slots=True)
class CodedHit:
    """A hit with the code it is reported under.  The reader records its own problems this way (the
    PC0xx codes of ``perfcheck.codes``: no rule's check yields them); the engine pairs every rule's
    hit with that rule's code the same way."""

    code: str
    hit: Hit

    @property
    def at(self) -> CellRef | None:
        return self.hit.at

    @property
    def ctx(self) -> dict[str, object]:
        return self.hit.ctx


@dataclass(slots=True)
class Workbook:
    """A workbook as read: its sheets' blocks, the reader's own findings and the formulas."""

    path: Path
    sheet_names: tuple[str, ...]
    unit: UnitInfo | None
    project_list: ProjectList | None
    forms: tuple[ProjectForm, ...]
    issues: IssuesBlock | None
    ignored_sheets: tuple[str, ...] = ()
    reader_hits: list[CodedHit] = field(default_factory=list)   # PC0xx problems found while reading
    uncached_formulas: tuple[CellRef, ...] = ()            # formulas saved without a computed value
    # per sheet, (row, col) 0-based → formula text without "=" (xlsx/xlsm; empty for other formats)
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    narrative: Narrative | None = None                     # the 自评报告 checked with it (validate --narrative)
    departments: tuple[DepartmentForm, ...] = ()           # 部门整体支出绩效自评表 (forms.md §2)
    basic_data: tuple[BasicData, ...] = ()                 # 基础数据表 (forms.md §3)
    monitors: tuple[MonitorForm, ...] = ()                 # 绩效运行监控表 (forms.md §4)
    kinds: dict[str, str] = field(default_factory=dict)    # sheet → its kind: project, department,
    #                                                        basicdata, monitor, unit, list, issues
