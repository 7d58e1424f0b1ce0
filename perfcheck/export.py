"""Every filled form as tidy data: ``perfcheck export PATH... -o FILE`` and ``perfcheck.frames(paths)``.

    frames(paths, config=None) -> dict[str, pandas.DataFrame]
    write_export(paths, dest, config=None) -> list[Path]

One table per kind of thing, one row per thing, with ``file``, ``unit``, ``sheet`` and ``cell`` (the
A1 cell the row was read from) on every row:

  files       one row per workbook: readable, error, year, counts (no sheet or cell: a whole file)
  projects    one row per project form: stated and recomputed figures, 满分但未完成
  funds       one row per funds line (年度资金总额, 财政拨款, 上年结转, 其他资金) of each form
  indicators  one row per 三级指标 of each form: targets and results parsed, scores stated and recomputed
  findings    one row per finding: code, severity, message, expected, actual

Typed columns (pandas nullable dtypes): amounts in 万元 as numbers (``Float64``), rates as fractions
(0.953, not 95.3 or "95.3%"; a percentage target or result ``95%`` gives 0.95 with unit ``%``), counts
as ``Int64``, yes/no as ``boolean``, text as ``string``; an empty cell is missing, never 0.

``write_export`` writes the tables to ``dest``: ``*.xlsx`` -- one workbook, one sheet per table
(XlsxWriter; text never becomes a formula); ``*.parquet`` -- a folder of one ``.parquet`` per table
(needs pyarrow: ``pip install "perfcheck[parquet]"``); anything else -- a folder of one UTF-8 ``.csv``
per table (with a BOM, so Excel reads the Chinese).  It never writes over an input.

pandas is imported here only (``perfcheck --help`` and ``perfcheck validate`` do not load it).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcheck.config import Config
from perfcheck.fmt import text_or_none as _text
from perfcheck.report.rollup import unit_label

if TYPE_CHECKING:
    import pandas as pd

    from perfcheck.model import Cell, Measure, Workbook

TABLES = ("files", "projects", "funds", "indicators", "findings")

S, F, N, B = "string", "Float64", "Int64", "boolean"      # text, number, integer, yes/no
COMMON = {"file": S, "unit": S, "sheet": S, "cell": S}
SCHEMAS: dict[str, dict[str, str]] = {
    "files": {"file": S, "unit": S, "year": N, "readable": B, "error": S,
              "projects": N, "errors": N, "warnings": N, "infos": N},
    "projects": {**COMMON, "year": N, "project": S, "department": S, "implementer": S,
                 "budget": F, "spent": F, "execution_rate": F, "stated_execution_rate": F,
                 "stated_score": F, "computed_score": F, "stated_grade": S, "computed_grade": S,
                 "grade_changed": B, "indicators": N, "targets_missed": N, "full_score_missed": B,
                 "errors": N, "warnings": N},
    "funds": {**COMMON, "project": S, "line": S, "label": S, "initial_budget": F, "budget": F, "spent": F,
              "stated_rate": F, "computed_rate": F, "weight": F, "score": F, "reason": S},
    "indicators": {**COMMON, "project": S, "row": N, "level1": S, "level2": S, "indicator": S,
                   "target": S, "target_op": S, "target_value": F, "target_unit": S,
                   "actual": S, "actual_value": F, "actual_unit": S,
                   "weight": F, "score": F, "computed_score": F, "missed": B, "reason": S},
    "findings": {**COMMON, "code": S, "slug": S, "severity": S, "message": S, "expected": S, "actual": S},
}


class ExportError(Exception):
    """A destination perfcheck will not write (an input, an unsupported format)."""


def _num(v: object) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, Decimal | int | float):
        return float(v)
    return None


def _cell(c: Cell[Any] | None) -> str | None:
    return c.at.cell if c is not None else None


def _measure(c: Cell[Measure] | None) -> tuple[str | None, str | None, float | None, str | None]:
    """(text as typed, operator, value, unit); a percentage as a fraction."""
    if c is None:
        return None, None, None, None
    m = c.value
    if m is None:
        return _text(c.text), None, None, None
    value = _num(m.number)
    unit = m.unit
    if value is not None and unit == "%":
        value = value / 100
    return m.text, (m.op.value if m.op is not None else None), value, unit


def _rows_for(path: Path, cfg: Config, lang: str) -> dict[str, list[dict[str, object]]]:
    """The rows of every table for one workbook (read once for the findings, once for the model)."""
    from perfcheck import api, reader, safety, scoring
    from perfcheck.errors import InputError
    from perfcheck.findings import plain

    out: dict[str, list[dict[str, object]]] = {name: [] for name in TABLES}
    report = api.validate(path, cfg, lang=lang)
    file, unit = str(path), unit_label(report)
    out["files"].append({"file": file, "unit": unit, "year": report.year,
                         "readable": report.readable, "error": report.error,
                         "projects": len(report.projects) if report.readable else None,
                         "errors": report.errors if report.readable else None,
                         "warnings": report.warnings if report.readable else None,
                         "infos": report.infos if report.readable else None})
    if not report.readable:
        return out
    for f in report.sorted_findings():
        d = f.to_dict(lang)
        out["findings"].append({"file": file, "unit": unit, "sheet": f.sheet, "cell": f.cell, "code": f.code,
                                "slug": d["slug"], "severity": f.severity.value, "message": d["message"],
                                "expected": _text(plain(f.expected)), "actual": _text(plain(f.actual))})
    try:
        wb: Workbook = reader.read_workbook(path, cfg, fmt=safety.precheck(path, cfg.limits))
    except (InputError, OSError):
        return out
    try:
        summaries = {p.sheet: p for p in report.projects}
        for form in wb.forms:
            p = summaries.get(form.sheet)
            name = form.name.value if form.name is not None else None
            total = form.total
            stated_rate = total.rate.value if total is not None and total.rate is not None else None
            out["projects"].append({
                "file": file, "unit": unit, "sheet": form.sheet,
                "cell": _cell(form.name) or form.anchor.cell,
                "year": scoring.form_year(form), "project": name,
                "department": _text(form.department.value) if form.department is not None else None,
                "implementer": _text(form.implementer.value) if form.implementer is not None else None,
                "budget": _num(p.budget) if p else None, "spent": _num(p.spent) if p else None,
                "execution_rate": _num(p.execution_rate) if p else None,
                "stated_execution_rate": _num(stated_rate),
                "stated_score": _num(p.stated_score) if p else None,
                "computed_score": _num(p.computed_score) if p else None,
                "stated_grade": p.stated_grade if p else None, "computed_grade": p.computed_grade if p else None,
                "grade_changed": (p.stated_grade != p.computed_grade) if p and p.computed_grade else None,
                "indicators": len(form.indicators), "targets_missed": p.targets_missed if p else None,
                "full_score_missed": p.full_score_missed if p else None,
                "errors": p.errors if p else None, "warnings": p.warnings if p else None,
            })
            for key, line in form.funds.items():
                out["funds"].append({
                    "file": file, "unit": unit, "sheet": form.sheet, "cell": line.label.at.cell, "project": name,
                    "line": key.value, "label": _text(line.label.value) or _text(line.label.text),
                    "initial_budget": _num(line.initial.value), "budget": _num(line.budget.value),
                    "spent": _num(line.spent.value),
                    "stated_rate": _num(line.rate.value) if line.rate is not None else None,
                    "computed_rate": _num(scoring.line_rate(line)),
                    "weight": _num(line.weight.value) if line.weight is not None else None,
                    "score": _num(line.score.value) if line.score is not None else None,
                    "reason": scoring.reason_text(line.reason),
                })
            for ind, res in zip(form.indicators, scoring.form_scores(form, cfg), strict=True):
                t_text, t_op, t_value, t_unit = _measure(ind.target)
                a_text, _, a_value, a_unit = _measure(ind.actual)
                out["indicators"].append({
                    "file": file, "unit": unit, "sheet": form.sheet, "cell": ind.name.at.cell, "project": name,
                    "row": ind.row, "level1": _text(ind.level1.value), "level2": _text(ind.level2.value),
                    "indicator": _text(ind.name.value) or _text(ind.name.text),
                    "target": t_text, "target_op": t_op, "target_value": t_value, "target_unit": t_unit,
                    "actual": a_text, "actual_value": a_value, "actual_unit": a_unit,
                    "weight": _num(ind.weight.value), "score": _num(ind.score.value),
                    "computed_score": _num(res.exact), "missed": res.missed,
                    "reason": scoring.reason_text(ind.reason),
                })
    finally:
        scoring.clear_cache()
    return out


def _frame(name: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    import pandas as pd

    schema = SCHEMAS[name]
    df = pd.DataFrame(rows, columns=list(schema))
    return df.astype(schema)


def frames(paths: Sequence[Path], config: Config | None = None, *, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """Every project, funds line, indicator and finding of every readable workbook under ``paths``
    (files, or folders searched as ``perfcheck validate`` does) as tidy DataFrames, by table name:
    files, projects, funds, indicators, findings (see the module doc).  Never raises for a bad
    workbook (it is a row of ``files`` with its error); raises ``errors.UsageError`` for a path that
    does not exist."""
    from perfcheck.inputs import collect_inputs

    cfg = config or Config()
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in TABLES}
    for path in collect_inputs([Path(p) for p in paths]):
        for name, more in _rows_for(path, cfg, lang).items():
            rows[name].extend(more)
    return {name: _frame(name, rows[name]) for name in TABLES}


def export_kind(dest: Path) -> str:
    """"xlsx", "parquet" or "csv", from the destination's name."""
    suffix = dest.suffix.lower()
    return {".xlsx": "xlsx", ".parquet": "parquet"}.get(suffix, "csv")


def write_export(paths: Sequence[Path], dest: Path, config: Config | None = None, *,
                 lang: str = "zh") -> list[Path]:
    """Write :func:`frames` of ``paths`` to ``dest`` (see the module doc); the files written."""
    return _export(paths, dest, config, lang)[0]


def _export(paths: Sequence[Path], dest: Path, config: Config | None,
            lang: str) -> tuple[list[Path], pd.DataFrame]:
    """The files written and the ``files`` table."""
    from perfcheck.inputs import collect_inputs
    from perfcheck.outputs import ProtectedPaths, atomic_write

    kind = export_kind(dest)
    if kind == "parquet":
        import importlib.util

        if importlib.util.find_spec("pyarrow") is None:
            raise ExportError("parquet 需要 pyarrow：pip install \"perfcheck[parquet]\"",
                              "parquet needs pyarrow: pip install \"perfcheck[parquet]\"")
    from perfcheck.errors import UsageError

    inputs = collect_inputs([Path(p) for p in paths])
    if not inputs:
        raise UsageError("未找到工作簿（.xlsx .xlsm .xls .ods）", "no workbook found (.xlsx .xlsm .xls .ods)")
    protect = ProtectedPaths(inputs)
    if kind != "xlsx" and dest.exists() and not dest.is_dir():
        raise ExportError(f"{dest}: 不是文件夹", f"{dest}: is not a folder")
    tables = frames(inputs, config, lang=lang)
    written: list[Path] = []
    if kind == "xlsx":
        def save(tmp: Path) -> None:
            import pandas as pd

            with pd.ExcelWriter(tmp, engine="xlsxwriter", engine_kwargs={"options": {
                    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}}) as xw:
                for name, df in tables.items():
                    df.to_excel(xw, sheet_name=name, index=False)
                    ws = xw.sheets[name]
                    ws.freeze_panes(1, 0)
                    ws.autofilter(0, 0, max(len(df), 1), max(len(df.columns) - 1, 0))
                    for i, col in enumerate(df.columns):
                        ws.set_column(i, i, _width(df[col], str(col)))

        atomic_write(dest, save, protect)
        return [dest], tables["files"]
    dest.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        target = dest / f"{name}.{kind}"

        def save_one(tmp: Path, df: pd.DataFrame = df) -> None:
            if kind == "parquet":
                df.to_parquet(tmp, index=False)
            else:
                df.to_csv(tmp, index=False, encoding="utf-8-sig")

        atomic_write(target, save_one, protect)
        written.append(target)
    return written, tables["files"]


def _width(series: pd.Series, head: str) -> float:
    from perfcheck.report.common import display_width

    widest = display_width(head)
    for v in series.head(200).dropna().tolist():
        widest = max(widest, display_width(str(v)))
    return float(min(50, max(8, widest + 2)))


def run_export(paths: Sequence[Path], dest: Path, *, config_path: Path | None = None, lang: str = "zh",
               stdout: Any = None, stderr: Any = None) -> int:
    """The ``export`` command: 0 written, 2 a usage error or an unreadable input (the rest is written)."""
    import sys

    from perfcheck.errors import ConfigError, OutputError, UsageError
    from perfcheck.rules import load_config

    so = stdout if stdout is not None else sys.stdout
    se = stderr if stderr is not None else sys.stderr
    en = lang == "en"
    try:
        cfg = load_config(config_path)
        written, files = _export(paths, dest, cfg, lang)
    except ConfigError as exc:
        se.write(f"perfcheck: {str(exc).splitlines()[0] if str(exc) else 'bad rules file'}\n")
        return 2
    except UsageError as exc:
        se.write(f"perfcheck: {exc.text(lang)}\n")
        return 2
    except ExportError as exc:
        zh, en_text = (*exc.args, exc.args[0])[:2]
        se.write(f"perfcheck: {en_text if en else zh}\n")
        return 2
    except OutputError as exc:
        se.write(f"perfcheck: {str(exc).splitlines()[0]}\n")
        return 2
    except OSError as exc:
        se.write(f"perfcheck: {exc.filename or dest}: {exc.strerror or exc}\n")
        return 2
    for p in written:
        so.write(f"{p}\n")
    bad = files[~files["readable"].fillna(False)]
    for err in bad["error"].tolist():
        se.write(f"perfcheck: {err}\n")
    return 2 if len(bad) else 0


__all__ = ["SCHEMAS", "TABLES", "ExportError", "frames", "run_export", "write_export"]
