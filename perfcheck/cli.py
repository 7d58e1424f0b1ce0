"""The command line: parse → call the library → render → exit code.  Thin on purpose.

Heavy modules (pandas, openpyxl, xlsxwriter) are imported inside the commands, so that
``perfcheck --help`` and ``perfcheck rules`` start fast.

This module alone keeps its annotations as objects (no ``from __future__ import annotations``):
typer reads every command's parameters from them at each start, and annotations kept as strings
must be evaluated back into objects first (``typing.get_type_hints``), about 20 ms of every run.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from perfcheck.version import __version__

app = typer.Typer(
    name="perfcheck",
    help="项目支出绩效自评表校验工具 — checks project-expenditure performance self-assessment workbooks.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _format_help() -> str:
    from perfcheck.report.registry import help_text

    return help_text()


def _format_choices() -> list[str]:
    from perfcheck.report.registry import names

    return names()


class LangOpt(StrEnum):
    zh = "zh"
    en = "en"


class TemplateKind(StrEnum):
    project = "project"
    department = "department"
    monitor = "monitor"


class CatalogFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"perfcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本 Show the version.")] = False,
) -> None:
    """项目支出绩效自评表校验工具 — checks project-expenditure performance self-assessment workbooks."""


@app.command()
def template(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件 Output file")] = Path("绩效自评模板.xlsx"),
    projects: Annotated[int | None, typer.Option(
        "--projects", min=0, max=200,
        help="项目表数量（project 默认 3，department 默认 0）/ 监控表数量（monitor 默认 3）Number of forms")] = None,
    year: Annotated[int | None, typer.Option("--year", min=2000, max=2100, help="评价年度 Evaluation year")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="单位名称 Unit name")] = None,
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh: 中文; en: 中文标签旁加英文 English beside Chinese")] = LangOpt.zh,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 Overwrite an existing file")] = False,
    kind: Annotated[TemplateKind, typer.Option(
        "--kind", help="project: 项目支出绩效自评表; department: 部门整体支出绩效自评表+基础数据表; "
                       "monitor: 绩效运行监控表")] = TemplateKind.project,
    month: Annotated[int | None, typer.Option("--month", min=1, max=12,
                                              help="监控表的截至月份 1–X月 (monitor, default 6)")] = None,
) -> None:
    """生成填报模板 Write the official form as an Excel template."""
    from perfcheck.template.empty import write_template

    if out.exists() and not force:
        msg = (f"{out} exists, not overwritten (use --force)" if lang is LangOpt.en
               else f"{out} 已存在，未覆盖（加 --force 覆盖）")
        typer.echo(f"perfcheck: {msg}", err=True)
        raise typer.Exit(2)
    if month is not None and kind is not TemplateKind.monitor:
        typer.echo("perfcheck: --month 只用于 --kind monitor / --month applies to --kind monitor only", err=True)
        raise typer.Exit(2)
    write_template(out, kind=kind.value, month=month, projects=projects, year=year, unit=unit, lang=lang.value)
    typer.echo(f"{out}")


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="工作簿文件或文件夹 Workbook files or folders")],
    fmt: Annotated[str, typer.Option("--format", metavar="|".join(_format_choices()),
                                     help=_format_help())] = "grouped",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="标注副本与汇总的输出文件夹 Output folder")] = None,
    no_annotate: Annotated[bool, typer.Option("--no-annotate", help="不写标注副本 No annotated copy")] = False,
    summary: Annotated[Path | None, typer.Option("--summary", help="汇总工作簿 Roll-up workbook file")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数 Parallel workers (default: cores)")] = None,
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh | en")] = LangOpt.zh,
    config: Annotated[Path | None, typer.Option("--config", help="规则配置文件 Rules file (TOML)")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告也视为不通过 Warnings fail too")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示调用栈 Show tracebacks")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="逐条列出全部问题 List every finding")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="按规则统计问题数 Counts per rule")] = False,
    narrative: Annotated[Path | None, typer.Option("--narrative", help="同时核对自评报告（.docx 或 .txt）"
                                                   " Also check this narrative report against the workbook")] = None,
    month: Annotated[int | None, typer.Option("--month", min=1, max=12,
                                              help="监控表的截至月份 X（1–X月），覆盖表中所写 Month X of monitoring forms")] = None,
) -> None:
    """校验填报的工作簿 Check filled workbooks."""
    from perfcheck.runner import ValidateFn, run_validate

    validate_fn: ValidateFn | None = None
    if narrative is not None:
        from perfcheck.narrative.command import narrative_validate_fn

        validate_fn = narrative_validate_fn(paths, narrative, lang.value, config)
    code = run_validate(paths, fmt=fmt, out=out, annotate=not no_annotate, summary=summary,
                        jobs=jobs, lang=lang.value, config_path=config, strict=strict, debug=debug,
                        verbose=verbose, statistics=statistics, validate_fn=validate_fn, month=month)
    raise typer.Exit(int(code))


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    parquet = "parquet"


@app.command("export")
def export_cmd(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="工作簿文件或文件夹 Workbook files or folders")],
    out: Annotated[Path, typer.Option("--out", "-o", help="FILE.xlsx（每表一个工作表）或文件夹（每表一个 .csv）"
                                      " FILE.xlsx (a sheet per table) or a folder (a .csv per table)")],
    fmt: Annotated[ExportFormat | None, typer.Option("--format", help="xlsx | csv | parquet（默认按 -o 判断"
                                                     " default: from -o）")] = None,
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh | en")] = LangOpt.zh,
    config: Annotated[Path | None, typer.Option("--config", help="规则配置文件 Rules file (TOML)")] = None,
) -> None:
    """导出为整洁数据表 Every project, funds line, indicator and finding as tidy tables."""
    from perfcheck.export import run_export

    dest = out
    if fmt is not None and fmt.value != ("xlsx" if out.suffix.lower() == ".xlsx" else
                                         "parquet" if out.suffix.lower() == ".parquet" else "csv"):
        dest = out.with_name(out.name + ".xlsx") if fmt is ExportFormat.xlsx else (
            out.with_name(out.name + ".parquet") if fmt is ExportFormat.parquet else out)
        if fmt is ExportFormat.csv and out.suffix.lower() in (".xlsx", ".parquet"):
            dest = out.with_suffix("")
    raise typer.Exit(run_export(paths, dest, config_path=config, lang=lang.value))


class KindOpt(StrEnum):
    self = "self"
    monitor = "monitor"


@app.command()
def draft(
    workbook: Annotated[Path, typer.Argument(metavar="WORKBOOK", help="已填报的工作簿 The filled workbook")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的 Word 文件 Output .docx")] = Path("自评报告.docx"),
    kind: Annotated[KindOpt, typer.Option("--kind", help="self: 自评报告; monitor: 绩效监控报告")] = KindOpt.self,
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh | en")] = LangOpt.zh,
    config: Annotated[Path | None, typer.Option("--config", help="规则配置文件 Rules file (TOML)")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 Overwrite an existing file")] = False,
) -> None:
    """根据工作簿起草自评报告 Draft the narrative report (.docx) from a checked workbook."""
    from perfcheck.narrative.command import run_draft

    raise typer.Exit(run_draft(workbook, out, kind=kind.value, lang=lang.value, config_path=config, force=force))


@app.command("rules")
def rules_cmd(
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh | en")] = LangOpt.zh,
    fmt: Annotated[CatalogFormat, typer.Option("--format", help="text | markdown | json")] = CatalogFormat.text,
) -> None:
    """列出全部规则 List the rule catalog."""
    from perfcheck.report.catalog import print_catalog

    print_catalog(lang=lang.value, fmt=fmt.value)


@app.command("rule")
def rule_cmd(
    code: Annotated[str, typer.Argument(help="规则代码或别名 Rule code or slug, e.g. PC101")],
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh | en")] = LangOpt.zh,
) -> None:
    """显示一条规则的说明 Show one rule's documentation."""
    from perfcheck.report.catalog import print_rule

    if not print_rule(code, lang=lang.value):
        msg = (f"unknown rule {code!r}: see perfcheck rules --lang en" if lang is LangOpt.en
               else f"未知规则 {code!r}：全部规则见 perfcheck rules")
        typer.echo(f"perfcheck: {msg}", err=True)
        raise typer.Exit(2)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址 Address to listen on (not 127.0.0.1: a token is required)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口 Port")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="启动后打开浏览器 Open the page in a browser")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数 Parallel workers (default: cores)")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="规则配置文件 Rules file (TOML)")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="上传与结果的文件夹 Folder for uploads and results (default: temporary)")] = None,
    token: Annotated[str | None, typer.Option("--token", help="访问令牌 Access token (generated when --host is not local)")] = None,
    max_file_mb: Annotated[int, typer.Option("--max-file-mb", min=1, help="单个文件上限 Limit per file (MB)")] = 50,
    max_files: Annotated[int, typer.Option("--max-files", min=1, help="每批工作簿数上限 Workbooks per batch")] = 500,
    max_batch_mb: Annotated[int, typer.Option("--max-batch-mb", min=1, help="每批上传总量上限 Limit per batch (MB)")] = 500,
    keep_hours: Annotated[float, typer.Option("--keep-hours", min=0.01, help="结果保留小时数 Hours a batch is kept")] = 24.0,
) -> None:
    """启动本机网页 Start the local web page for reviewers."""
    import os

    from perfcheck.config import ConfigError
    from perfcheck.rules import load_config

    try:
        cfg = load_config(config)
    except ConfigError as exc:
        typer.echo(f"perfcheck: {str(exc).splitlines()[0] if str(exc) else 'bad rules file'}", err=True)
        raise typer.Exit(2) from None
    if data is not None and data.exists() and not data.is_dir():
        typer.echo(f"perfcheck: {data}: 不是文件夹 / is not a folder", err=True)
        raise typer.Exit(2)
    if token is not None and len(token) < 8:
        typer.echo("perfcheck: --token 至少 8 个字符 / must be at least 8 characters", err=True)
        raise typer.Exit(2)
    from perfcheck.serve import run
    from perfcheck.serve.upload import UploadLimits

    limits = UploadLimits(max_file_mb=max_file_mb, max_files=max_files, max_batch_mb=max_batch_mb)
    try:
        code = run(host=host, port=port, open_browser=open_browser, jobs=jobs or (os.cpu_count() or 1),
                   config=cfg, data=data, token=token, limits=limits, keep_hours=keep_hours)
    except OSError as exc:
        typer.echo(f"perfcheck: {host}:{port}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)


_CLICK_ZH: tuple[tuple[str, str], ...] = (
    (r"Missing argument '(.+?)'\.?", "缺少参数 {0}"),
    (r"Missing option '(.+?)'.*", "缺少选项 {0}"),
    (r"No such option: (\S+?)(?: \(Possible options: (.+)\)|\.)?$", "没有选项 {0}"),
    (r"No such command '(.+?)'\.?", "没有命令 {0}"),
    (r"Option '(.+?)' requires an argument\.?", "选项 {0} 需要一个值"),
    (r"Invalid value for (.+?): '(.*?)' is not a valid int(?: range)?\.?", "{0} 的值“{1}”不是整数"),
    (r"Invalid value for (.+?): (.+?) is not in the range (.+?)\.?", "{0} 的值 {1} 不在范围 {2} 内"),
    (r"Invalid value for (.+?): '(.*?)' is not one of (.+?)\.?", "{0} 的值“{1}”不是以下之一：{2}"),
    (r"Invalid value for (.+?): (.+)", "{0} 的值无效：{1}"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数：{0}"),
)


def _usage_error_zh(message: str) -> str:
    """click's own usage-error text in Chinese (the English original follows in brackets when the
    wording is not one perfcheck knows)."""
    import re

    for pattern, zh in _CLICK_ZH:
        m = re.fullmatch(pattern, message.strip())
        if m is not None:
            return zh.format(*(g or "" for g in m.groups()))
    return f"用法错误（{message}）"


def _click_exceptions() -> tuple[tuple[type[Exception], ...], tuple[type[BaseException], ...]]:
    """click's UsageError and Abort classes: typer ≥ 0.26 raises those of its vendored copy
    (``typer._click``), older typer those of click itself."""
    import importlib

    usage: list[type[Exception]] = []
    abort: list[type[BaseException]] = [typer.Abort]
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        usage.append(mod.UsageError)
        if hasattr(mod, "Abort"):
            abort.append(mod.Abort)
    return tuple(usage), tuple(abort)


def main() -> None:
    """The console script: typer's app, with click's own usage errors (a missing argument, an
    unknown option, a value of the wrong type) said in the language ``--lang`` asks for."""
    import sys

    try:
        rv = app(standalone_mode=False)
    except _click_exceptions()[0] as e:      # looked up only when something is raised (click is not imported otherwise)
        argv = sys.argv[1:]
        en = "--lang=en" in argv or any(a == "--lang" and b == "en" for a, b in zip(argv, argv[1:], strict=False))
        ctx = getattr(e, "ctx", None)
        cmd = ctx.command_path if ctx is not None else "perfcheck"
        message = e.format_message()  # type: ignore[attr-defined]
        if type(e).__name__ == "NoArgsIsHelpError":     # `perfcheck` alone: the help, as click shows it
            typer.echo(message, err=True)
        elif en:
            typer.echo(f"{cmd}: error: {message}  (see {cmd} -h)", err=True)
        else:
            typer.echo(f"{cmd}：错误：{_usage_error_zh(message)}（查看帮助：{cmd} -h）", err=True)
        sys.exit(getattr(e, "exit_code", 2))
    except _click_exceptions()[1]:
        typer.echo("已中止 Aborted", err=True)
        sys.exit(1)
    _freeze_for_exit()
    sys.exit(rv if isinstance(rv, int) else 0)


def _freeze_for_exit() -> None:
    """Spare the interpreter's exit its last full garbage collection.

    At exit CPython collects once more over every live object (the imported modules, the config,
    caches): a few hundredths of a second after a large workbook, a third of the exit.  The command
    is done by then; ``gc.freeze`` moves what lives into the permanent generation, which no
    collection visits.  Nothing is skipped that writes output: atexit handlers, ``weakref.finalize``
    and the flushing and closing of open files all still run, and every object is still freed."""
    import gc

    gc.collect(0)       # the young garbage (what the last command left) is still collected first
    gc.freeze()
