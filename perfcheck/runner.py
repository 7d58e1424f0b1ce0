"""``perfcheck validate``: collect the inputs, check them (in a process pool), write the annotated
copies and the roll-up, print the report, return the exit status.

    run_validate(paths, fmt="text", out=None, annotate=True, summary=None, jobs=None, lang="zh",
                 config_path=None, strict=False, debug=False, validate_fn=None) -> ExitStatus

Inputs.  A PATH is a file or a folder; folders are searched recursively for .xlsx .xlsm .xls .ods,
skipping Office lock files (``~$*``), perfcheck's own annotated copies that are unchanged since
perfcheck wrote them (the record inside the copy, see report/annotate.py — a returned, edited
``*.checked.xlsx`` is checked like any workbook) and roll-ups (recognised by their
``perfcheck-rollup`` document property).  A file named explicitly is always checked.  All inputs are sorted
by path and checked in that order; duplicates are dropped.

Outputs.  The annotated copy of ``dir/name.xlsx`` is ``name.checked.xlsx`` (``.xlsm`` for a macro
workbook; .xls/.ods give ``.xlsx``) beside the input, or in ``--out DIR`` (created), where the input
folders are mirrored relative to the common parent of the PATHs given (``in/a/x.xlsx`` and
``in/b/x.xlsx`` checked as ``in/`` go to ``DIR/a/x.checked.xlsx`` and ``DIR/b/x.checked.xlsx``).  The stem is
sanitised by ``outputs.safe_output_path`` (no path separators, no ``..``, no control or
Windows-reserved characters, at most 100 characters / 180 UTF-8 bytes); a ``.checked`` suffix of a
re-checked copy is dropped first.  When two inputs would get the
same name (``a.xlsx`` beside ``a.ods``, or a stem that sanitising made equal), the later one in sorted
order gets ``-2``, ``-3`` …: ``a-2.checked.xlsx``.  A name that is an input is never used.  Names are
assigned before any work starts, so every ``--jobs`` gives the same files.

The roll-up is written when more than one file is checked, or with ``--summary FILE``: to FILE, else
to ``汇总.xlsx`` in ``--out DIR``, else to ``汇总.xlsx`` in the folder of the first input.  An explicit
FILE that is an input is a usage error (exit 2); the default name steps to ``汇总-2.xlsx`` instead.

Exit status (``findings.overall_exit``): 0 no error (with --strict no warning), 1 some error,
2 some input unreadable, a copy or the roll-up that could not be written (one line per file on
stderr; no older file of that name is left behind), or a usage error (nonexistent path, bad rules
file, no workbook found): one line on stderr, no traceback.

Processes.  Workers ignore Ctrl-C (the parent handles it: no copy is started after it, the pool is
shut down, pending files are dropped) and exit on their own when the parent is gone (each polls its
parent pid), so ``kill -9`` of the parent leaves no worker writing copies.  Temporary files carry the
writer's pid (``.perfcheck-PID-xxxx.xlsx.tmp``); a run removes those in its output folders whose
writer no longer runs.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from perfcheck.report.rollup import FileSummary

from perfcheck.config import Config, ConfigError
from perfcheck.errors import UsageError as UsageError
from perfcheck.findings import ExitStatus, Lang, Report
from perfcheck.outputs import CHECKED_SUFFIXES as CHECKED_SUFFIXES
from perfcheck.outputs import ProtectedPaths, is_own_output
from perfcheck.outputs import common_base as common_base
from perfcheck.outputs import mirrored_folder as mirrored_folder
from perfcheck.outputs import plan_outputs as plan_outputs
from perfcheck.outputs import plan_rollup as plan_rollup

EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


class ValidateFn(Protocol):
    """The shape of :func:`perfcheck.api.validate` (injectable for tests)."""

    def __call__(self, path: Path, config: Config | None = None, *, lang: Lang | str = Lang.zh,
                 debug: bool = False) -> Report: ...




# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The workbook files named by ``paths`` (files as given; folders searched), sorted, unique.

    Raises UsageError for a path that does not exist."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in p.rglob("*"):
                if f.suffix.lower() in EXTENSIONS and f.is_file() and not is_own_output(f):
                    found.append(f)
        elif p.is_file():
            found.append(p)
        else:
            raise UsageError(f"{p}: 文件或文件夹不存在", f"{p}: no such file or folder")
    unique: dict[str, Path] = {}
    for f in sorted(found, key=lambda x: x.as_posix()):
        key = os.path.normcase(str(f.resolve()))
        unique.setdefault(key, f)
    return list(unique.values())


# --------------------------------------------------------------------------------------------------
# Work (runs in the pool's processes)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Task:
    path: Path
    config: Config
    lang: str
    debug: bool
    strict: bool
    dest: Path | None                  # the annotated copy, or None (--no-annotate)
    protect: ProtectedPaths            # every input, resolved once in the parent
    checked_at: dt.datetime
    validate_fn: ValidateFn | None


@dataclass(slots=True)
class Outcome:
    report: Report
    note: str | None = None            # a problem writing the annotated copy (stderr line)


_STOP: Any = None            # a multiprocessing Event in the workers: set after Ctrl-C in the parent
_PARENT_POLL = 0.5


def _worker_init(stop: Any, parent: int) -> None:
    """In each worker: ignore Ctrl-C (the parent decides), remember the stop flag, and exit as soon
    as the parent is gone (kill -9 leaves no orphan writing copies)."""
    import signal
    import threading
    import time

    global _STOP
    _STOP = stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(3)
            time.sleep(_PARENT_POLL)

    threading.Thread(target=watch, name="perfcheck-parent-watch", daemon=True).start()


def _stopped() -> bool:
    return _STOP is not None and bool(_STOP.is_set())


def _default_validate() -> ValidateFn:
    from perfcheck.api import validate

    return validate


def check_one(task: Task) -> Outcome:
    """Validate one file and write its annotated copy.  Never raises unless ``debug``."""
    fn = task.validate_fn if task.validate_fn is not None else _default_validate()
    try:
        report = fn(task.path, task.config, lang=task.lang, debug=task.debug)
    except Exception as exc:
        if task.debug:
            raise
        msg = "无法读取（内部错误）" if task.lang == "zh" else "cannot be read (internal error)"
        report = Report(path=task.path, readable=False, error_kind="internal",
                        error=f"{task.path}: {msg}: {type(exc).__name__}: {str(exc)[:200]}")
    outcome = Outcome(report)
    if task.dest is not None and report.readable and not _stopped():
        from perfcheck.lights import light_marks
        from perfcheck.report.annotate import Mark, annotate

        try:
            report.annotated = annotate(task.path, report, task.dest, lang=task.lang, strict=task.strict,
                                        rules_file=task.config.source, checked_at=task.checked_at,
                                        protect=task.protect,
                                        extra_marks=[Mark(*m) for m in light_marks(report)])
        except Exception as exc:
            if task.debug:
                raise
            what = "无法写标注副本" if task.lang == "zh" else "cannot write the annotated copy"
            from perfcheck.errors import OutputError

            why = str(exc) if isinstance(exc, OutputError) else f"{type(exc).__name__}: {exc}"
            outcome.note = f"perfcheck: {task.path}: {what}: {why[:200]}"
    return outcome


def _run_all(tasks: list[Task], jobs: int, err: TextIO, *, bar: bool = True) -> Iterator[Outcome]:
    """Run the tasks (in a pool when jobs > 1), with a progress bar on ``err`` for several files
    (unless ``bar`` is False).  Yields the outcomes in the order of ``tasks`` whatever finishes
    first, each as soon as it and all before it are done; none is kept after it is yielded."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=err)
    show = bar and len(tasks) > 1 and console.is_terminal      # no bar in a pipe or a log file
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not show)
    workers = min(jobs, len(tasks))
    if workers <= 1:
        with progress:
            bar_id = progress.add_task("perfcheck", total=len(tasks))
            for task in tasks:
                outcome = check_one(task)
                progress.advance(bar_id)
                yield outcome
    else:
        import multiprocessing

        stop = multiprocessing.get_context().Event()
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(stop, os.getpid()))
        try:
            # map submits everything before the progress bar starts its thread (fork-safe), yields in
            # order and drops each result once yielded
            results = pool.map(check_one, tasks)
            with progress:
                bar_id = progress.add_task("perfcheck", total=len(tasks))
                for outcome in results:
                    progress.advance(bar_id)
                    yield outcome
        except BaseException:
            stop.set()                                  # no copy is started from now on
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------


def run_validate(paths: Sequence[Path], *, fmt: str = "text", out: Path | None = None, annotate: bool = True,
                 summary: Path | None = None, jobs: int | None = None, lang: str = "zh",
                 config_path: Path | None = None, strict: bool = False, debug: bool = False,
                 validate_fn: ValidateFn | None = None, stdout: TextIO | None = None,
                 stderr: TextIO | None = None, verbose: bool = False, statistics: bool = False,
                 month: int | None = None) -> ExitStatus:
    """The ``validate`` command.  ``validate_fn`` replaces :func:`perfcheck.api.validate` (tests);
    ``stdout``/``stderr`` default to the process's streams at call time."""
    from perfcheck import config as config_mod

    so = stdout if stdout is not None else sys.stdout
    se = stderr if stderr is not None else sys.stderr

    def usage(msg: str) -> ExitStatus:
        se.write(f"perfcheck: {msg}\n")
        se.flush()
        return ExitStatus.UNREADABLE

    from perfcheck.report import registry

    if registry.resolve(fmt) is None:
        choices = " | ".join(registry.names())
        return usage(f"--format {fmt!r}：未知格式，可选 {choices}" if lang != "en"
                     else f"--format {fmt!r}: unknown format, choose {choices}")
    try:
        cfg = config_mod.load(config_path)
    except ConfigError as exc:
        return usage(str(exc).splitlines()[0] if str(exc) else "bad rules file")
    if month is not None:   # --month: X of 1–X月 for every monitoring form (forms.md §4)
        from dataclasses import replace

        cfg = replace(cfg, monitor=replace(cfg.monitor, month=month))
    try:
        inputs = collect_inputs(paths)
        if not inputs:
            raise UsageError("未找到工作簿（.xlsx .xlsm .xls .ods）", "no workbook found (.xlsx .xlsm .xls .ods)")
        if out is not None:
            if out.exists() and not out.is_dir():
                raise UsageError(f"{out}: 不是文件夹", f"{out}: is not a folder")
            out.mkdir(parents=True, exist_ok=True)
        rollup_dest = plan_rollup(inputs, out, summary) if (len(inputs) > 1 or summary is not None) else None
        plan = (plan_outputs(inputs, out, reserved=[rollup_dest] if rollup_dest else [], base=common_base(paths))
                if annotate else {})
    except UsageError as exc:
        return usage(exc.text(lang))
    except OSError as exc:
        return usage(f"{exc.filename or ''}: {exc.strerror or exc}")

    from perfcheck.outputs import clean_stale_temps

    folders = {d.parent for d in plan.values()} | ({rollup_dest.parent} if rollup_dest is not None else set())
    for folder in sorted(folders):
        clean_stale_temps(folder)
    checked_at = dt.datetime.now().replace(microsecond=0)
    protect = ProtectedPaths(inputs)
    tasks = [Task(path=p, config=cfg, lang=lang, debug=debug, strict=strict, dest=plan.get(p),
                  protect=protect, checked_at=checked_at, validate_fn=validate_fn) for p in inputs]
    n_jobs = jobs if jobs is not None else (os.cpu_count() or 1)

    from perfcheck.report.rollup import FileSummary

    stream = registry.create(fmt, so, lang=lang, strict=strict, verbose=verbose, statistics=statistics)
    # Each file's result is printed as it arrives (in input order) and then dropped: the run keeps
    # only the notes, the exit codes and, for the roll-up, a compact summary per file.
    from rich.console import Console

    bar = not Console(file=so).is_terminal          # results streaming to the terminal are the progress
    summaries: list[FileSummary] = []
    notes: list[str] = []
    codes: set[ExitStatus] = set()
    stream.begin()
    for outcome in _run_all(tasks, max(1, n_jobs), se, bar=bar):
        report = outcome.report
        stream.file(report)
        codes.add(report.exit_code(strict=strict))
        if rollup_dest is not None:
            summaries.append(FileSummary.from_report(report))
        if outcome.note:
            notes.append(outcome.note)
            codes.add(ExitStatus.UNREADABLE)            # a copy that could not be written fails the run
        del outcome, report
    for note in notes:
        se.write(note + "\n")

    written: Path | None = None
    if rollup_dest is not None:
        from perfcheck.report.rollup import write_rollup

        try:
            written = write_rollup(summaries, rollup_dest, lang=lang, strict=strict, protect=protect,
                                   checked_at=checked_at)
        except Exception as exc:
            if debug:
                raise
            from perfcheck.errors import OutputError

            what = "无法写汇总" if lang == "zh" else "cannot write the roll-up"
            why = str(exc) if isinstance(exc, OutputError) else f"{type(exc).__name__}: {exc}"
            se.write(f"perfcheck: {rollup_dest}: {what}: {why[:200]}\n")
            codes.add(ExitStatus.UNREADABLE)

    stream.end(written)
    se.flush()
    # findings.overall_exit over the files' codes: 2 if any unreadable, else 1 if any failed, else 0
    for status in (ExitStatus.UNREADABLE, ExitStatus.FINDINGS):
        if status in codes:
            return status
    return ExitStatus.OK

