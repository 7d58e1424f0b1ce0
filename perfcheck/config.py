"""Configuration: every number provinces set differently, rule selection and severity overrides.

Defaults are those of ``docs/scoring.md``.  A TOML rules file (``--config FILE``, or
``perfcheck.toml`` / ``[tool.perfcheck]`` in ``pyproject.toml`` found from the working directory
upwards) overrides them.  ``perfcheck/default_config.toml`` is the commented example, and a test
keeps it equal to these defaults.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcheck.errors import (
    ConfigError as ConfigError,  # its home is errors.py; importable from here as before
)
from perfcheck.layout import GRADES
from perfcheck.model import Severity


@dataclass(frozen=True, slots=True)
class Weights:
    """The points of each part of the project form (docs/scoring.md §1): 执行率 10, 产出 50, 效益 30, 满意度 10."""

    execution: Decimal = Decimal(10)     # 预算执行率
    output: Decimal = Decimal(50)        # 产出指标
    outcome: Decimal = Decimal(30)       # 效益指标
    satisfaction: Decimal = Decimal(10)  # 满意度指标
    free_split: bool = False             # True: units may split the 90 indicator points freely (Sichuan)


@dataclass(frozen=True, slots=True)
class GradeBands:
    """The lowest total score of each grade 优/良/中 (below ``fair``: 差)."""

    excellent: Decimal = Decimal(90)     # 优 ≥ 90
    good: Decimal = Decimal(80)          # 良 80 to < 90
    fair: Decimal = Decimal(60)          # 中 60 to < 80; 差 < 60


@dataclass(frozen=True, slots=True)
class Tolerances:
    """How far a stated amount or score may be from the recomputed one before it is a finding."""

    amount: Decimal = Decimal("0.01")    # 万元
    score: Decimal = Decimal("0.1")      # points


@dataclass(frozen=True, slots=True)
class Execution:
    """How the 预算执行率 is scored, and below which rate a 偏差原因 is required."""

    # "pro_rata": score = weight × min(rate, 1), rounded to `decimals`.
    # "bands": score = weight × the factor of the first band whose `min_rate` ≤ rate.
    formula: str = "pro_rata"
    decimals: int = 2
    bands: tuple[tuple[Decimal, Decimal], ...] = (
        (Decimal("1.0"), Decimal("1.0")), (Decimal("0.9"), Decimal("0.9")),
        (Decimal("0.8"), Decimal("0.8")), (Decimal("0.6"), Decimal("0.6")), (Decimal(0), Decimal(0)),
    )
    reason_below: Decimal = Decimal("0.9")   # 执行率 below this needs a 偏差原因


@dataclass(frozen=True, slots=True)
class Indicators:
    """How indicators are scored and reviewed: reverse indicators, a missing operator, over-achievement, reasons, vague words."""

    reverse_formula: str = "linear"      # "linear": w × (1 − (B−A)/A), 0 at B ≥ 2A;  "ratio": w × A/B
    missing_operator: str = "eq"         # a target with no operator (100%): "eq" or "ge"
    over_warn: Decimal = Decimal("1.2")  # B ≥ 1.2 A: target may be set too low
    over_reason: Decimal = Decimal("1.3")  # B ≥ 1.3 A: a 偏差原因 is required
    reason_min_chars: int = 10           # shorter reasons are boilerplate
    # words that make a target vague (docs/scoring.md §6; PC401): a target containing one and no number
    vague_words: tuple[str, ...] = (
        "效果明显", "显著", "有所提高", "进一步", "逐步", "持续", "不断", "较好", "良好", "满意", "都满意",
        "得到提升", "有效", "积极", "大幅", "明显改善", "明显提高", "符合要求", "按时", "按规定",
    )


@dataclass(frozen=True, slots=True)
class Limits:
    """The sizes at which perfcheck refuses a file before reading it (a huge or hostile workbook)."""

    max_file_mb: int = 50                # compressed size on disk
    max_uncompressed_mb: int = 300       # sum of the zip members' uncompressed sizes
    max_ratio: int = 200                 # uncompressed / compressed, per member
    max_cells: int = 2_000_000           # cells in one sheet, from its dimension


@dataclass(frozen=True, slots=True)
class Department:
    """部门整体支出绩效自评表 and its 基础数据表 (forms.md §2, §3)."""

    # 一级 sets accepted on the department form besides the national 产出/效益/满意度 (a known set is read, not flagged)
    level1_sets: tuple[tuple[str, ...], ...] = (
        ("投入指标", "过程指标", "产出指标", "效益指标"),
        ("履职效能", "管理效率", "运行成本", "社会效应", "可持续发展能力"),
    )
    projects_cover_below: Decimal = Decimal("0.5")   # project forms' 全年执行数 below this share of 项目支出: info
    control_rate_above: Decimal = Decimal(1)        # 控制率 above this: 超编 (warning)


@dataclass(frozen=True, slots=True)
class Monitor:
    """绩效运行监控表 and its warning lights (forms.md §4)."""

    month: int = 0                                   # 0: X from each form (title, 监控期间); 1–12: X for every form
    funds_yellow_behind: Decimal = Decimal("0.10")   # 执行率 behind 序时进度 (X ÷ 12) by more than this: 黄
    funds_red_behind: Decimal = Decimal("0.30")      # … by more than this: 红
    red_below: Decimal = Decimal("0.6")              # 1–X月 value ÷ (年度指标值 × X ÷ 12) below this: 红
    yellow_below: Decimal = Decimal("0.8")           # … below this: 黄 (from red_below)
    blue_from: Decimal = Decimal("1.2")              # … from this: 蓝 (绿 between yellow_below and blue_from)
    within_target_level2: tuple[str, ...] = ("质量指标", "时效指标", "成本指标")   # judged within/outside the target


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration: the defaults of ``default_config.toml`` with a rules file's values over them."""

    weights: Weights = field(default_factory=Weights)
    grades: GradeBands = field(default_factory=GradeBands)
    tolerances: Tolerances = field(default_factory=Tolerances)
    execution: Execution = field(default_factory=Execution)
    indicators: Indicators = field(default_factory=Indicators)
    limits: Limits = field(default_factory=Limits)
    department: Department = field(default_factory=Department)
    monitor: Monitor = field(default_factory=Monitor)
    select: tuple[str, ...] = ()         # empty: all rules
    ignore: tuple[str, ...] = ()
    # code → severity override; select/ignore/severity hold codes once the rules layer has bound them
    # (perfcheck.rules.base.bind): as read from a rules file they may be slugs
    severity: dict[str, Severity] = field(default_factory=dict)
    source: Path | None = None           # the rules file these came from (None: built-in defaults)

    def grade_for(self, score: Decimal) -> str:
        """优 / 良 / 中 / 差 (``layout.GRADES``, the one definition) by this configuration's bands."""
        excellent, good, fair, poor = GRADES
        if score >= self.grades.excellent:
            return excellent
        if score >= self.grades.good:
            return good
        if score >= self.grades.fair:
            return fair
        return poor


_SECTIONS: dict[str, type] = {
    "weights": Weights, "grades": GradeBands, "tolerances": Tolerances,
    "execution": Execution, "indicators": Indicators, "limits": Limits,
    "department": Department, "monitor": Monitor,
}

OPTIONS: tuple[str, ...] = tuple(f"{name}.{f.name}" for name, section in _SECTIONS.items() for f in fields(section))
"""Every option of a rules file by its dotted name ("tolerances.amount"), in the order of default_config.toml."""

DEFAULT_TOML = Path(__file__).resolve().parent / "default_config.toml"


@dataclass(frozen=True, slots=True)
class OptionDoc:
    """One option of ``default_config.toml``: its dotted name, its default as written, and its meaning."""

    name: str          # "tolerances.amount"
    default: str       # as written in default_config.toml: "0.01", "\"pro_rata\"", "[...]"
    meaning: str       # the comment lines above the key in default_config.toml (zh, then en)


def option_docs() -> dict[str, OptionDoc]:
    """Each option's default and meaning, read from ``default_config.toml`` -- the one place they are
    written: the meaning is the block of comment lines right above the key (a key without its own block
    shares the one above it, as ``funds_red_behind`` shares ``funds_yellow_behind``'s); a blank line
    ends a block, so a section's opening comment followed by a blank line belongs to no key."""
    text = DEFAULT_TOML.read_text("utf-8")
    data = tomllib.loads(text)
    out: dict[str, OptionDoc] = {}
    section = ""
    block: list[str] = []
    shared = ""
    for line in text.splitlines():
        s = line.strip()
        if not s:
            block, shared = [], ""
        elif s.startswith("["):
            section, block, shared = s.strip("[]"), [], ""
        elif s.startswith("#"):
            block.append(s.lstrip("#").strip())
        elif "=" in s and section and not line.startswith(" "):
            key = s.split("=", 1)[0].strip()
            if block:
                shared, block = "\n".join(block), []
            name = f"{section}.{key}"
            if name in OPTIONS:
                out[name] = OptionDoc(name, _toml_text(data[section][key]), shared)
    return out


def _toml_text(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_text(x) for x in v) + "]"
    return str(v)


def _coerce(path: str, value: Any, default: Any, source: Path | None) -> Any:
    where = f"{source}: " if source else ""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}{path} must be true or false, got {value!r}")
        return value
    if isinstance(default, Decimal):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ConfigError(f"{where}{path} must be a number, got {value!r}")
        try:
            d = Decimal(str(value))
        except Exception as exc:  # decimal.InvalidOperation
            raise ConfigError(f"{where}{path} must be a number, got {value!r}") from exc
        if not d.is_finite() or d < 0:
            raise ConfigError(f"{where}{path} must be a finite number ≥ 0, got {value!r}")
        return d
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where}{path} must be a whole number ≥ 0, got {value!r}")
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{where}{path} must be text, got {value!r}")
        return value
    if isinstance(default, tuple) and all(isinstance(x, str) for x in default):   # a list of names
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            raise ConfigError(f"{where}{path} must be a list of names")
        return tuple(x.strip() for x in value)
    if isinstance(default, tuple) and default and all(isinstance(x, tuple) and all(isinstance(y, str) for y in x)
                                                      for x in default):   # department.level1_sets
        if not isinstance(value, list) or not all(
                isinstance(x, list) and x and all(isinstance(y, str) and y.strip() for y in x) for x in value):
            raise ConfigError(f"{where}{path} must be a list of lists of names")
        return tuple(tuple(y.strip() for y in x) for x in value)
    if isinstance(default, tuple):  # execution.bands: [[min_rate, factor], ...]
        if not isinstance(value, list) or not all(isinstance(b, list) and len(b) == 2 for b in value):
            raise ConfigError(f"{where}{path} must be a list of [min_rate, factor] pairs")
        return tuple((_coerce(path, a, Decimal(0), source), _coerce(path, b, Decimal(0), source))
                     for a, b in value)
    raise ConfigError(f"{where}{path}: unsupported value {value!r}")


_CHOICES = {
    "execution.formula": ("pro_rata", "bands"),
    "indicators.reverse_formula": ("linear", "ratio"),
    "indicators.missing_operator": ("eq", "ge"),
}


def from_mapping(data: dict[str, Any], source: Path | None = None) -> Config:
    """Build a Config from a parsed TOML mapping; unknown keys and bad values raise ConfigError.

    Rule names (``select``, ``ignore``, ``[severity]`` keys) are kept as written: the rules layer
    resolves them to codes and rejects an unknown one (``perfcheck.rules.base.bind``)."""
    where = f"{source}: " if source else ""
    cfg = Config(source=source)
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}[{key}] must be a table")
            section = getattr(cfg, key)
            names = {f.name for f in fields(section)}
            changes = {}
            for k, v in value.items():
                if k not in names:
                    raise ConfigError(f"{where}unknown key {key}.{k} (known: {', '.join(sorted(names))})")
                path = f"{key}.{k}"
                changes[k] = _coerce(path, v, getattr(section, k), source)
                if path in _CHOICES and changes[k] not in _CHOICES[path]:
                    raise ConfigError(f"{where}{path} must be one of {', '.join(_CHOICES[path])}, got {v!r}")
            kwargs[key] = replace(section, **changes)
        elif key in ("select", "ignore"):
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ConfigError(f"{where}{key} must be a list of rule codes or slugs")
            kwargs[key] = tuple(value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}[severity] must be a table of CODE = \"error|warning|info\"")
            sev: dict[str, Severity] = {}
            for k, v in value.items():
                try:
                    sev[k] = Severity(v)
                except ValueError as exc:
                    raise ConfigError(f"{where}severity.{k} must be error, warning or info, got {v!r}") from exc
            kwargs["severity"] = sev
        else:
            raise ConfigError(f"{where}unknown key {key!r}")
    out = replace(cfg, **kwargs)
    _check_monitor(out.monitor, where)
    return out


def _check_monitor(m: Monitor, where: str) -> None:
    """The monitoring bands must be in order (forms.md §4), and the month a month."""
    if m.month > 12:
        raise ConfigError(f"{where}monitor.month must be 0 (from the form) or 1–12, got {m.month}")
    if not m.red_below <= m.yellow_below <= m.blue_from:
        raise ConfigError(f"{where}monitor: red_below ≤ yellow_below ≤ blue_from is required, got "
                          f"{m.red_below}, {m.yellow_below}, {m.blue_from}")
    if not m.funds_yellow_behind <= m.funds_red_behind:
        raise ConfigError(f"{where}monitor: funds_yellow_behind ≤ funds_red_behind is required, got "
                          f"{m.funds_yellow_behind}, {m.funds_red_behind}")


def load(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Load ``path``; without one, discover perfcheck.toml or [tool.perfcheck] from ``start`` upwards."""
    if path is None:
        path = discover(start or Path.cwd())
        if path is None:
            return Config()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the rules file ({exc.strerror or exc})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("perfcheck", {})
    return from_mapping(data, path)


def discover(start: Path) -> Path | None:
    for d in (start.resolve(), *start.resolve().parents):
        p = d / "perfcheck.toml"
        if p.is_file():
            return p
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                if "perfcheck" in tomllib.loads(pp.read_text("utf-8")).get("tool", {}):
                    return pp
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                return None
    return None
