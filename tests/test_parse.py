"""Value parsing, case by case: workbook.md "Values as people type them"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from perfcheck.model import Measure, Op, QualGrade, ValueKind
from perfcheck.parse import (
    Num,
    as_percent,
    combine_measure,
    float_to_decimal,
    is_formula_error,
    is_placeholder,
    parse_amount,
    parse_grade,
    parse_int,
    parse_measure,
    parse_number,
    parse_operator,
    parse_rate,
    parse_text,
    parse_year,
    serial_date_measure,
)

# --------------------------------------------------------------------------------------------------
# Amounts (万元)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value", "decimals", "unit"), [
    (95, D(95), 0, None),
    (95.0, D(95), 0, None),
    ("95", D(95), 0, None),
    ("95.00", D("95.00"), 2, None),
    ("95万元", D(95), 0, "万元"),
    ("95 万", D(95), 0, "万元"),
    ("95 万元", D(95), 0, "万元"),
    ("1,737.482", D("1737.482"), 3, None),
    ("1，737.482", D("1737.482"), 3, None),          # full-width comma
    ("９５", D(95), 0, None),                          # full-width digits
    ("９５．５", D("95.5"), 1, None),
    ("  95.5  ", D("95.5"), 1, None),
    (274.65999999999997, D("274.66"), 2, None),        # float noise
    (0.1 + 0.2, D("0.3"), 1, None),
    (1737.4820000000002, D("1737.482"), 3, None),
    (D("12.50"), D("12.50"), 2, None),
    ("95元", D(95), 0, "元"),                          # flagged by the unit; a rule warns
    ("950000元", D(950000), 0, "元"),
    ("¥95", D(95), 0, None),
    ("-5", D(-5), 0, None),                            # kept; the reader reports it
    ("+5", D(5), 0, None),
    (".5", D("0.5"), 1, None),
])
def test_amount_values(raw: object, value: D, decimals: int, unit: str | None) -> None:
    n = parse_amount(raw)
    assert n == Num(value, decimals, None, unit)
    assert n.value is not None and n.value == value and str(n.value) == str(value)


@pytest.mark.parametrize("raw", [None, "", "   ", "—", "——", "-", "--", "/", "无", "\u3000", "－", "／", " — "])
def test_amount_placeholders_mean_no_value(raw: object) -> None:
    assert parse_amount(raw) == Num(None, None, None, None)


@pytest.mark.parametrize(("raw", "problem"), [
    ("abc", "not-a-number"),
    ("约95万", "not-a-number"),
    ("九十五", "not-a-number"),
    ("95%", "not-a-number"),            # a rate is not an amount
    ("1,73,7", "not-a-number"),         # not a thousands grouping
    ("95..5", "not-a-number"),
    (True, "boolean"),
    (False, "boolean"),
    (float("nan"), "not-finite"),
    (float("inf"), "not-finite"),
    (float("-inf"), "not-finite"),
    ("NaN", "not-finite"),
    ("inf", "not-finite"),
    (D("NaN"), "not-finite"),
    ("#DIV/0!", "formula-error"),
    ("#REF!", "formula-error"),
    ("#VALUE!", "formula-error"),
    ("#N/A", "formula-error"),
    ("#NAME?", "formula-error"),
    ("#NUM!", "formula-error"),
    (1e300, "out-of-range"),
    (-1e15, "out-of-range"),
    ("1000000000000000", "out-of-range"),
    ("＃DIV/0!", "formula-error"),      # full-width hash
])
def test_amount_problems(raw: object, problem: str) -> None:
    n = parse_amount(raw)
    assert n.value is None
    assert n.problem == problem


@pytest.mark.parametrize(("raw", "serial"), [
    (dt.datetime(1900, 4, 4), D(95)),          # 95 typed into a date-formatted cell
    (dt.date(1900, 1, 10), D(10)),
    (dt.date(1900, 2, 28), D(59)),
    (dt.date(1900, 3, 1), D(61)),
    (dt.datetime(1900, 1, 1, 12, 0), D("1.5")),
    (dt.time(12, 0), D("0.5")),
])
def test_amount_from_a_date_is_its_serial_and_flagged(raw: object, serial: D) -> None:
    n = parse_amount(raw)
    assert n.value == serial
    assert n.from_date is True
    assert n.problem is None


@pytest.mark.parametrize(("raw", "expected"), [
    (274.65999999999997, "274.66"),
    (0.30000000000000004, "0.3"),
    (95.0, "95"),
    (0.9259259259259259, "0.9259259259"),
    (1e20, "100000000000000000000"),
    (1e300, "1" + "0" * 300),
    (1.0169298506451465e30, "1016929850645146500000000000000"),
    (-1e-300, "0"),
    (-3.5, "-3.5"),
    (1.25e-5, "0.0000125"),
    (5e-324, "0"),
    (1.9226886672808974e-50, "0"),
])
def test_float_to_decimal(raw: float, expected: str) -> None:
    assert format(float_to_decimal(raw), "f") == expected


# --------------------------------------------------------------------------------------------------
# Scores and weights
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value", "decimals", "problem"), [
    (10, D(10), 0, None),
    (9.5, D("9.5"), 1, None),
    ("9.26", D("9.26"), 2, None),
    ("10分", D(10), 0, None),
    ("１０", D(10), 0, None),
    ("—", None, None, None),
    (None, None, None, None),
    ("满分", None, None, "not-a-number"),
    ("10万元", None, None, "not-a-number"),
    ("#VALUE!", None, None, "formula-error"),
])
def test_number(raw: object, value: D | None, decimals: int | None, problem: str | None) -> None:
    n = parse_number(raw)
    assert (n.value, n.decimals, n.problem) == (value, decimals, problem)


# --------------------------------------------------------------------------------------------------
# Rates (as fractions)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value", "decimals"), [
    (0.953, D("0.953"), 3),
    ("0.953", D("0.953"), 3),
    ("95.3%", D("0.953"), 3),
    ("95.3％", D("0.953"), 3),
    ("９５．３％", D("0.953"), 3),
    (" 95.3 % ", D("0.953"), 3),
    (95.3, D("0.953"), 3),          # a bare number above 1.5 is percent points
    ("95.3", D("0.953"), 3),
    ("100%", D(1), 2),
    ("86%", D("0.86"), 2),
    (1, D(1), 0),                   # a fraction: 100 %
    (1.0, D(1), 0),
    (1.2, D("1.2"), 1),             # overspending, as a fraction
    (1.5, D("1.5"), 1),             # the boundary: still a fraction
    (1.6, D("0.016"), 3),           # above it: percent points
    (100, D(1), 2),
    ("0%", D(0), 2),
    (0, D(0), 0),
    (0.92592592592592593, D("0.9259259259"), 10),
])
def test_rate(raw: object, value: D, decimals: int) -> None:
    n = parse_rate(raw)
    assert n.value == value
    assert n.decimals == decimals
    assert n.problem is None


@pytest.mark.parametrize(("raw", "expected", "value"), [
    (15.75, D("15.75"), D("15.75")),      # a formula's result for 31.5 ÷ 2: a fraction (1575 %)
    (15.75, D("0.16"), D("0.1575")),      # typed in percent points
    (92.59, D("0.9259"), D("0.9259")),
    ("15.75", D("15.75"), D("15.75")),
    ("15.75%", D("15.75"), D("0.1575")),  # a % sign is never second-guessed
    (0.9, D("90"), D("0.9")),             # at or below 1.5: always a fraction
])
def test_rate_settled_by_the_row(raw: object, expected: D, value: D) -> None:
    assert parse_rate(raw, expected).value == value


@pytest.mark.parametrize(("raw", "problem"), [
    (None, None), ("—", None), ("/", None),
    ("#DIV/0!", "formula-error"), ("九成", "not-a-number"), (True, "boolean"), (float("nan"), "not-finite"),
])
def test_rate_without_value(raw: object, problem: str | None) -> None:
    n = parse_rate(raw)
    assert n.value is None
    assert n.problem == problem


# --------------------------------------------------------------------------------------------------
# Integers, years, texts
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (19, (19, None)),
    (19.0, (19, None)),
    ("19", (19, None)),
    ("19人", (19, None)),
    ("19 人", (19, None)),
    ("１９人", (19, None)),
    ("2个", (2, None)),
    (None, (None, None)),
    ("—", (None, None)),
    (19.5, (None, "not-an-integer")),
    ("十九人", (None, "not-a-number")),
    (True, (None, "boolean")),
    ("#REF!", (None, "formula-error")),
    (dt.date(2023, 1, 1), (None, "not-a-number")),
])
def test_int(raw: object, expected: tuple[int | None, str | None]) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize(("raw", "year"), [
    ("（2023年度）", 2023),
    ("(2023年度)", 2023),
    ("2023年度", 2023),
    ("2023年", 2023),
    ("2023", 2023),
    (2023, 2023),
    (2023.0, 2023),
    ("２０２３年度", 2023),
    ("共青城市2023年度项目支出绩效自评表", 2023),
    (dt.date(2023, 12, 31), 2023),
    ("二〇二三年", None),
    ("12345", None),
    (None, None),
    (True, None),
    (20.5, None),
])
def test_year(raw: object, year: int | None) -> None:
    assert parse_year(raw) == year


@pytest.mark.parametrize(("raw", "text"), [
    ("  示例项目 ", "示例项目"),
    ("示例\n项目", "示例\n项目"),
    (None, None),
    ("", None),
    ("   ", None),
    ("—", None),
    ("-", None),
    ("/", None),
    ("无", None),
    ("无偏差", "无偏差"),           # a (boilerplate) text, not a placeholder
    (95.0, "95"),
    (95.5, "95.5"),
    (7, "7"),
    (dt.datetime(2023, 12, 31), "2023-12-31"),
    (dt.date(2023, 12, 31), "2023-12-31"),
    (True, "TRUE"),
])
def test_text(raw: object, text: str | None) -> None:
    assert parse_text(raw) == text


@pytest.mark.parametrize(("raw", "expected"), [
    (None, True), ("", True), (" ", True), ("—", True), ("无", True), ("0", False), (0, False), ("无偏差", False),
])
def test_is_placeholder(raw: object, expected: bool) -> None:
    assert is_placeholder(raw) is expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("#DIV/0!", True), (" #N/A ", True), ("#div/0!", True), ("#不是错误", False), ("95", False), (95, False), (None, False),
])
def test_is_formula_error(raw: object, expected: bool) -> None:
    assert is_formula_error(raw) is expected


# --------------------------------------------------------------------------------------------------
# Measures: targets and actual values
# --------------------------------------------------------------------------------------------------

GE, GT, LE, LT, EQ = Op.GE, Op.GT, Op.LE, Op.LT, Op.EQ


@pytest.mark.parametrize(("raw", "op", "number", "unit"), [
    ("≥50个", GE, D(50), "个"),
    (">=50 个", GE, D(50), "个"),
    ("≧50", GE, D(50), None),
    ("＞＝50", GE, D(50), None),
    ("=>50户", GE, D(50), "户"),
    ("不少于50个", GE, D(50), "个"),
    ("不低于90%", GE, D(90), "%"),
    ("达到90%", GE, D(90), "%"),
    ("至少3次", GE, D(3), "次"),
    ("50个以上", GE, D(50), "个"),
    ("50个及以上", GE, D(50), "个"),
    ("达到90%以上", GE, D(90), "%"),
    (">50", GT, D(50), None),
    ("大于50人", GT, D(50), "人"),
    ("≤90万元", LE, D(90), "万元"),
    ("≦90", LE, D(90), None),
    ("<=90", LE, D(90), None),
    ("＜＝90", LE, D(90), None),
    ("不超过90万元", LE, D(90), "万元"),
    ("不高于5%", LE, D(5), "%"),
    ("10天以内", LE, D(10), "天"),
    ("3次以下", LE, D(3), "次"),
    ("控制在90万元以内", LE, D(90), "万元"),
    ("<5%", LT, D(5), "%"),
    ("低于5%", LT, D(5), "%"),
    ("=100%", EQ, D(100), "%"),
    ("＝100%", EQ, D(100), "%"),
    ("﹦100%", EQ, D(100), "%"),
    ("等于1项", EQ, D(1), "项"),
    ("100%", None, D(100), "%"),
    ("100％", None, D(100), "%"),
    ("95.5%", None, D("95.5"), "%"),
    ("52", None, D(52), None),
    ("1,200人次", None, D(1200), "人次"),
    ("12个月", None, D(12), "个月"),
    ("≥ 50 个", GE, D(50), "个"),
    ("合格率≥95%", GE, D(95), "%"),       # a short name before the operator
    (52, None, D(52), None),               # a number cell
    (52.0, None, D(52), None),
    (0.95, None, D("0.95"), None),
])
def test_measure_numbers(raw: object, op: Op | None, number: D, unit: str | None) -> None:
    m = parse_measure(raw)
    assert m is not None
    assert m.kind is ValueKind.NUMBER
    assert (m.op, m.number, m.unit) == (op, number, unit)


@pytest.mark.parametrize(("raw", "text"), [
    (">=50 个", ">=50 个"),
    ("＞＝50", ">=50"),
    ("  ≥50个 ", "≥50个"),
    ("有效  提升", "有效 提升"),
])
def test_measure_text_is_normalised(raw: str, text: str) -> None:
    m = parse_measure(raw)
    assert m is not None and m.text == text


@pytest.mark.parametrize(("raw", "op", "date", "year", "month", "day"), [
    ("2023年12月31日前", LE, dt.date(2023, 12, 31), 2023, 12, 31),
    ("2023年12月31日之前", LE, dt.date(2023, 12, 31), 2023, 12, 31),
    ("2023年12月31日以前", LE, dt.date(2023, 12, 31), 2023, 12, 31),
    ("2023年6月30日", None, dt.date(2023, 6, 30), 2023, 6, 30),
    ("2023年6月30号前", LE, dt.date(2023, 6, 30), 2023, 6, 30),
    ("12月底前", LE, None, None, 12, 31),
    ("6月底前", LE, None, None, 6, 30),
    ("12月31日前", LE, None, None, 12, 31),
    ("12月前", LE, None, None, 12, None),
    ("2023年底前", LE, dt.date(2023, 12, 31), 2023, 12, 31),
    ("2023年6月底", None, dt.date(2023, 6, 30), 2023, 6, 30),
    ("2023-12-31", None, dt.date(2023, 12, 31), 2023, 12, 31),
    ("2023/12/31", None, dt.date(2023, 12, 31), 2023, 12, 31),
    ("2023.12.31", None, dt.date(2023, 12, 31), 2023, 12, 31),
    ("≤2023-12-31", LE, dt.date(2023, 12, 31), 2023, 12, 31),
    ("不晚于2023年12月31日", LE, dt.date(2023, 12, 31), 2023, 12, 31),
    ("2023年3月1日后", GE, dt.date(2023, 3, 1), 2023, 3, 1),
    ("2023年12月", None, None, 2023, 12, None),
    (dt.datetime(2023, 11, 30), None, dt.date(2023, 11, 30), 2023, 11, 30),   # a real date cell
    (dt.date(2023, 11, 30), None, dt.date(2023, 11, 30), 2023, 11, 30),
])
def test_measure_dates(raw: object, op: Op | None, date: dt.date | None, year: int | None, month: int,
                       day: int | None) -> None:
    m = parse_measure(raw)
    assert m is not None
    assert m.kind is ValueKind.DATE
    assert (m.op, m.date, m.year, m.month, m.day) == (op, date, year, month, day)


@pytest.mark.parametrize(("raw", "number", "unit"), [
    ("445.51万元", "445.51", "万元"), ("≤12.31", "12.31", None), ("2023.12", "2023.12", None), ("3.5%", "3.5", "%"),
])
def test_decimals_are_numbers_not_dates(raw: str, number: str, unit: str | None) -> None:
    m = parse_measure(raw)
    assert m is not None and m.kind is ValueKind.NUMBER
    assert (m.number, m.unit) == (D(number), unit)


@pytest.mark.parametrize("raw", ["3-5", "12.31前后", "1-2-3"])
def test_ranges_and_odd_separators_are_not_dates(raw: str) -> None:
    m = parse_measure(raw)
    assert m is not None and m.kind is not ValueKind.DATE


@pytest.mark.parametrize(("raw", "grade"), [
    ("达成年度指标", QualGrade.ACHIEVED),
    ("达成年度指标。", QualGrade.ACHIEVED),
    (" 达成年度指标 ", QualGrade.ACHIEVED),
    ("达成 年度 指标", QualGrade.ACHIEVED),
    ("部分达成年度指标并具有一定效果", QualGrade.PARTIAL),
    ("部分达成年度指标并具有一定效果；", QualGrade.PARTIAL),
    ("未达成年度指标且效果较差", QualGrade.MISSED),
    ("未达成年度指标且效果较差!", QualGrade.MISSED),
])
def test_measure_grades(raw: str, grade: QualGrade) -> None:
    m = parse_measure(raw)
    assert m is not None
    assert m.kind is ValueKind.GRADE
    assert m.grade is grade
    assert parse_grade(raw) is grade


@pytest.mark.parametrize("raw", [
    "有效提升", "服务对象都满意", "按时完成", "效果明显", "进一步提高", "这些项目不会带来经济效益",
    "达标", "100%完成", "3-5", "90%-95%", "按要求支付各项支出", "已达成年度指标并超额完成",
    "#DIV/0!", "≥1000000000000000个",
])
def test_measure_text(raw: str) -> None:
    m = parse_measure(raw)
    assert m is not None
    assert m.kind is ValueKind.TEXT
    assert (m.op, m.number, m.date, m.grade) == (None, None, None, None)


@pytest.mark.parametrize("raw", [None, "", "  ", "—", "-", "/", "无"])
def test_measure_empty(raw: object) -> None:
    assert parse_measure(raw) is None


# Separate 指标性质 (operator) and 度量单位 (unit) columns


@pytest.mark.parametrize(("raw", "expected"), [
    ("≥", GE), (">=", GE), ("≧", GE), ("＞＝", GE), ("正向", GE), ("正向指标", GE), ("不少于", GE),
    ("≤", LE), ("<=", LE), ("≦", LE), ("反向", LE), ("反向指标", LE), ("不超过", LE),
    ("=", EQ), ("＝", EQ), ("﹦", EQ), ("等于", EQ), (">", GT), ("<", LT),
    ("定性", None), ("", None), (None, None), ("—", None),
])
def test_operator_column(raw: object, expected: Op | None) -> None:
    assert parse_operator(raw) is expected


@pytest.mark.parametrize(("value", "op", "unit", "expected"), [
    (50, "≥", "个", Measure(ValueKind.NUMBER, "50", op=GE, number=D(50), unit="个")),
    ("50", "正向", "人次", Measure(ValueKind.NUMBER, "50", op=GE, number=D(50), unit="人次")),
    (90, "≤", "万元", Measure(ValueKind.NUMBER, "90", op=LE, number=D(90), unit="万元")),
    ("≤90万元", "≥", "个", Measure(ValueKind.NUMBER, "≤90万元", op=LE, number=D(90), unit="万元")),  # the cell wins
    (0.95, "≥", "%", Measure(ValueKind.NUMBER, "0.95", op=GE, number=D(95), unit="%")),  # a %-formatted cell
    (95, "≥", "%", Measure(ValueKind.NUMBER, "95", op=GE, number=D(95), unit="%")),
    ("2023年12月31日", "≤", None, Measure(ValueKind.DATE, "2023年12月31日", op=LE, date=dt.date(2023, 12, 31),
                                          year=2023, month=12, day=31)),
    ("有效提升", "≥", "%", Measure(ValueKind.TEXT, "有效提升")),
    (None, "≥", "个", None),
])
def test_combine_measure(value: object, op: object, unit: object, expected: Measure | None) -> None:
    assert combine_measure(value, op, unit) == expected


@pytest.mark.parametrize(("raw", "number", "unit"), [
    (0.96, D(96), "%"),            # a %-formatted number cell under a % target
    (1, D(100), "%"),
    (1.0, D(100), "%"),
    (96.0, D(96), None),           # already percent points: unchanged
    ("0.96", D("0.96"), None),     # text: as written
])
def test_as_percent(raw: object, number: D, unit: str | None) -> None:
    m = parse_measure(raw)
    assert m is not None
    p = as_percent(m, raw)
    assert (p.number, p.unit) == (number, unit)


@pytest.mark.parametrize(("raw", "date"), [
    (45260.0, dt.date(2023, 11, 30)),
    (45291, dt.date(2023, 12, 31)),
    (52, None),                    # not a plausible date serial
    ("45260", None),               # text stays a number
    (45260.5, None),
])
def test_serial_date(raw: object, date: dt.date | None) -> None:
    m = parse_measure(raw)
    assert m is not None
    d = serial_date_measure(m, raw)
    assert (d.date if d else None) == date
