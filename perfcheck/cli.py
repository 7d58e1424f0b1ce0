"""The command line: parse → call the library → render → exit code.  Thin on purpose.

Heavy modules (pandas, openpyxl, xlsxwriter) are imported inside the commands, so that
``perfcheck --help`` and ``perfcheck rules`` start fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from perfcheck import __version__

app = typer.Typer(
    name="perfcheck",
    help="项目支出绩效自评表校验工具 — checks project-expenditure performance self-assessment workbooks.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class LangOpt(StrEnum):
    zh = "zh"
    en = "en"


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
    projects: Annotated[int, typer.Option("--projects", min=1, max=200, help="项目表数量 Number of project forms")] = 3,
    year: Annotated[int | None, typer.Option("--year", min=2000, max=2100, help="评价年度 Evaluation year")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="单位名称 Unit name")] = None,
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh: 中文; en: 中文标签旁加英文 English beside Chinese")] = LangOpt.zh,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 Overwrite an existing file")] = False,
) -> None:
    """生成填报模板 Write the official form as an Excel template."""
    from perfcheck.template.build import write_template

    if out.exists() and not force:
        typer.echo(f"perfcheck: {out} 已存在，未覆盖（加 --force 覆盖）/ exists, not overwritten (use --force)", err=True)
        raise typer.Exit(2)
    write_template(out, projects=projects, year=year, unit=unit, lang=lang.value)
    typer.echo(f"{out}")


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="工作簿文件或文件夹 Workbook files or folders")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="text | json")] = OutputFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="标注副本与汇总的输出文件夹 Output folder")] = None,
    no_annotate: Annotated[bool, typer.Option("--no-annotate", help="不写标注副本 No annotated copy")] = False,
    summary: Annotated[Path | None, typer.Option("--summary", help="汇总工作簿 Roll-up workbook file")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数 Parallel workers (default: cores)")] = None,
    lang: Annotated[LangOpt, typer.Option("--lang", help="zh | en")] = LangOpt.zh,
    config: Annotated[Path | None, typer.Option("--config", help="规则配置文件 Rules file (TOML)")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告也视为不通过 Warnings fail too")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示调用栈 Show tracebacks")] = False,
) -> None:
    """校验填报的工作簿 Check filled workbooks."""
    from perfcheck.runner import run_validate

    code = run_validate(paths, fmt=fmt.value, out=out, annotate=not no_annotate, summary=summary,
                        jobs=jobs, lang=lang.value, config_path=config, strict=strict, debug=debug)
    raise typer.Exit(int(code))


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
        typer.echo(f"perfcheck: 未知规则 unknown rule {code!r}", err=True)
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

    from perfcheck import config as config_mod
    from perfcheck.config import ConfigError

    try:
        cfg = config_mod.load(config)
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


def main() -> None:
    app()
