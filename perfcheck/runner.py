"""``perfcheck validate``: collect the inputs, check them (in a process pool), write the annotated
copies and the roll-up, print the report, return the exit status.

    run(paths, options: RunOptions, validate_fn=None, stdout=None, stderr=None) -> ExitStatus
    run_validate(paths, fmt="text", out=None, annotate=True, summary=None, jobs=None, lang="zh",
                 config_path=None, strict=False, debug=False, validate_fn=None, ...) -> ExitStatus

``run_validate`` (the CLI's, the tests' and perfcheck serve's entry) loads the rules file and builds one
:class:`~perfcheck.options.RunOptions`; ``run`` does the work with it.  Each worker gets a :class:`Task`:
its path, the options, its own copy's destination and the run's protected inputs.

Inputs (:mod:`perfcheck.inputs`).  A PATH is a file or a folder; folders are searched recursively for
.xlsx .xlsm .xls .ods, skipping perfcheck's own outputs (:func:`perfcheck.outputs.is_own_output`:
Office lock files, roll-ups, annotated copies nobody changed since).  A file named explicitly is always
checked.  All inputs are sorted by path and checked in that order; duplicates are dropped.

Outputs (:mod:`perfcheck.outputs`, which documents the rules): the annotated copies' names (collisions,
``--out`` mirroring, sanitised stems, never an input), the roll-up's name, the protection of inputs,
atomic writes and stale-temp cleanup.  Names are assigned before any work starts, so every ``--jobs``
gives the same files.

Exit status (``findings.file_status`` per file, ``findings.run_status`` for the run): 0 no error
(with --strict no warning), 1 some error, 2 some input unreadable, a copy or the roll-up that could not be written (one line per file on
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from perfcheck.config import Config, ConfigError
from perfcheck.errors import UsageError as UsageError
from perfcheck.findings import ExitStatus, Lang, Report, run_status
from perfcheck.inputs import EXTENSIONS as EXTENSIONS
from perfcheck.inputs import collect_inputs as collect_inputs
from perfcheck.options import RunOptions
from perfcheck.outputs import ProtectedPaths
from perfcheck.outputs import common_base as common_base
from perfcheck.outputs import plan_outputs as plan_outputs
from perfcheck.outputs import plan_rollup as plan_rollup

if TYPE_CHECKING:
    from concurrent.futures import Future

    from perfcheck.report.rollup import SummaryLog


class ValidateFn(Protocol):
    """The shape of :func:`perfcheck.api.validate` (injectable for tests)."""

    def __call__(self, path: Path, config: Config | None = None, *, lang: Lang | str = Lang.zh,
                 debug: bool = False) -> Report: ...




# --------------------------------------------------------------------------------------------------
# Work (runs in the pool's processes)
# --------------------------------------------------------------------------------------------------


class Task:
    """One file's work for a worker: the path, the run's :class:`RunOptions`, this file's annotated
    copy (None: --no-annotate) and the run's protected inputs (resolved once in the parent).

    ``Task(path, options, dest, protect)``; the older keyword form ``Task(path=, config=, lang=,
    debug=, strict=, dest=, protect=, checked_at=, validate_fn=)`` (perfcheck.serve) builds the
    options from its keywords."""

    __slots__ = ("dest", "options", "path", "protect", "validate_fn")

    def __init__(self, path: Path, options: RunOptions | None = None, dest: Path | None = None,
                 protect: ProtectedPaths | None = None, validate_fn: ValidateFn | None = None, *,
                 config: Config | None = None, lang: str | None = None, debug: bool | None = None,
                 strict: bool | None = None, checked_at: dt.datetime | None = None) -> None:
        if options is None:
            options = RunOptions(config=config if config is not None else Config(), lang=lang or "zh",
                                 debug=bool(debug), strict=bool(strict))
            if checked_at is not None:
                options = replace(options, checked_at=checked_at)
        self.path = path
        self.options = options
        self.dest = dest
        self.protect = protect if protect is not None else ProtectedPaths([path])
        self.validate_fn = validate_fn

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def strict(self) -> bool:
        return self.options.strict

    @property
    def debug(self) -> bool:
        return self.options.debug

    @property
    def config(self) -> Config:
        return self.options.config

    @property
    def checked_at(self) -> dt.datetime:
        return self.options.checked_at


@dataclass(slots=True)
class Outcome:
    """One file's report, and the line to print when its annotated copy could not be written."""

    report: Report
    note: str | None = None            # a problem writing the annotated copy (stderr line)


_STOP: Any = None            # a multiprocessing Event in the workers: set after Ctrl-C in the parent
_PARENT_POLL = 0.5
_WINDOW_PER_WORKER = 4        # tasks in flight per worker (see _run_all)


def _worker_init(stop: Any, parent: int, ahead: bool) -> None:
    """In each worker: ignore Ctrl-C (the parent decides), remember the stop flag, exit as soon as
    the parent is gone (kill -9 leaves no orphan writing copies), and parse each workbook's sheets
    ahead on a second thread only when there is a core for it (``ahead``)."""
    import signal
    import threading
    import time

    from perfcheck.reader.book import parse_ahead

    parse_ahead(ahead)

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
            report.annotated = annotate(task.path, report, task.dest, options=task.options, protect=task.protect,
                                        extra_marks=[Mark(*m) for m in light_marks(report)])
        except Exception as exc:
            if task.debug:
                raise
            what = "无法写标注副本" if task.lang == "zh" else "cannot write the annotated copy"
            outcome.note = _output_failure(task.path, what, exc)
    return outcome


def _output_failure(path: Path, what: str, exc: Exception) -> str:
    """The one line for an output that could not be written: an OutputError says why in its own
    words; anything else is named by its type."""
    from perfcheck.errors import OutputError

    why = str(exc) if isinstance(exc, OutputError) else f"{type(exc).__name__}: {exc}"
    return f"perfcheck: {path}: {what}: {why[:200]}"


def _is_terminal(stream: TextIO) -> bool:
    from rich.console import Console

    return Console(file=stream).is_terminal


def _run_all(tasks: list[Task], jobs: int, err: TextIO, *, bar: bool = True) -> Iterator[Outcome]:
    """Run the tasks (in a pool when jobs > 1), with a progress bar on ``err`` for several files
    (unless ``bar`` is False).  Yields the outcomes in the order of ``tasks`` whatever finishes
    first, each as soon as it and all before it are done; none is kept after it is yielded."""
    if len(tasks) <= 1:                 # one file: no bar, no pool (and no import of rich)
        for task in tasks:
            yield check_one(task)
        return
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
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor
        from itertools import islice

        stop = multiprocessing.get_context().Event()
        # each worker keeps a core busy: its sheets are parsed ahead only if there is another core for that
        ahead = 2 * workers <= (os.cpu_count() or 1)
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                   initargs=(stop, os.getpid(), ahead))
        try:
            # A window of a few tasks per worker is in flight at a time (not all of them: a future per
            # file would grow the parent with the number of files); results are yielded in order and
            # dropped once yielded.  The first window is submitted before the progress bar starts its
            # thread (fork-safe).
            window = workers * _WINDOW_PER_WORKER
            todo = iter(tasks)
            pending: deque[Future[Outcome]] = deque(pool.submit(check_one, t) for t in islice(todo, window))
            with progress:
                bar_id = progress.add_task("perfcheck", total=len(tasks))
                while pending:
                    outcome = pending.popleft().result()
                    nxt = next(todo, None)
                    if nxt is not None:
                        pending.append(pool.submit(check_one, nxt))
                    progress.advance(bar_id)
                    yield outcome
                    del outcome
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
    ``stdout``/``stderr`` default to the process's streams at call time.  The keywords become one
    :class:`RunOptions` (see :func:`run`)."""
    from perfcheck.rules import load_config

    se = stderr if stderr is not None else sys.stderr
    bad = _bad_format(fmt, lang)
    if bad is not None:
        return _usage(se, bad)
    try:
        cfg = load_config(config_path)
    except ConfigError as exc:
        return _usage(se, str(exc).splitlines()[0] if str(exc) else "bad rules file")
    options = RunOptions(config=cfg, lang=lang, strict=strict, debug=debug, verbose=verbose,
                         statistics=statistics, month=month, fmt=fmt, out=out, annotate=annotate,
                         summary=summary, jobs=jobs)
    return run(paths, options, validate_fn=validate_fn, stdout=stdout, stderr=stderr)


def _bad_format(fmt: str, lang: str) -> str | None:
    """The usage error for an unknown ``--format``, or None."""
    from perfcheck.report import registry

    if registry.resolve(fmt) is not None:
        return None
    choices = " | ".join(registry.names())
    return (f"--format {fmt!r}：未知格式，可选 {choices}" if lang != "en"
            else f"--format {fmt!r}: unknown format, choose {choices}")


def _write_rollup(summaries: SummaryLog, dest: Path, options: RunOptions, protect: ProtectedPaths, se: TextIO,
                  codes: set[ExitStatus]) -> Path | None:
    """Write the run's roll-up; a failure is one line on ``se`` and fails the run (exit 2)."""
    from perfcheck.report.rollup import write_rollup

    try:
        return write_rollup(summaries, dest, lang=options.lang, strict=options.strict, protect=protect,
                            checked_at=options.checked_at)
    except Exception as exc:
        if options.debug:
            raise
        what = "无法写汇总" if options.lang == "zh" else "cannot write the roll-up"
        se.write(_output_failure(dest, what, exc) + "\n")
        codes.add(ExitStatus.UNREADABLE)
        return None


def _usage(se: TextIO, msg: str) -> ExitStatus:
    se.write(f"perfcheck: {msg}\n")
    se.flush()
    return ExitStatus.UNREADABLE


def run(paths: Sequence[Path], options: RunOptions, *, validate_fn: ValidateFn | None = None,
        stdout: TextIO | None = None, stderr: TextIO | None = None) -> ExitStatus:
    """Check ``paths`` with ``options``: plan the outputs, check every file, print, write the roll-up."""
    so = stdout if stdout is not None else sys.stdout
    se = stderr if stderr is not None else sys.stderr
    lang, out, summary = options.lang, options.out, options.summary

    from perfcheck.report import registry

    bad = _bad_format(options.fmt, lang)
    if bad is not None:
        return _usage(se, bad)
    options = options.with_month()      # --month: X of 1–X月 for every monitoring form (forms.md §4)
    try:
        inputs = collect_inputs(paths)
        if not inputs:
            raise UsageError("未找到工作簿（.xlsx .xlsm .xls .ods）", "no workbook found (.xlsx .xlsm .xls .ods)")
        if out is not None:
            if out.exists() and not out.is_dir():
                raise UsageError(f"{out}: 不是文件夹", f"{out}: is not a folder")
            out.mkdir(parents=True, exist_ok=True)
        protect = ProtectedPaths(inputs)             # every input resolved (and stat-ed) once per run
        rollup_dest = (plan_rollup(inputs, out, summary, protect=protect)
                       if (len(inputs) > 1 or summary is not None) else None)
        plan = (plan_outputs(inputs, out, reserved=[rollup_dest] if rollup_dest else [], base=common_base(paths),
                             protect=protect)
                if options.annotate else {})
    except UsageError as exc:
        return _usage(se, exc.text(lang))
    except OSError as exc:
        return _usage(se, f"{exc.filename or ''}: {exc.strerror or exc}")

    from perfcheck.outputs import clean_stale_temps

    folders = {d.parent for d in plan.values()} | ({rollup_dest.parent} if rollup_dest is not None else set())
    for folder in sorted(folders):
        clean_stale_temps(folder)
    tasks = [Task(p, options, plan.get(p), protect, validate_fn) for p in inputs]
    n_jobs = options.jobs if options.jobs is not None else (os.cpu_count() or 1)

    stream = registry.create(options.fmt, so, options=options)
    # Each file's result is printed as it arrives (in input order) and then dropped: the run keeps
    # only the notes and the exit codes; the roll-up's summary of each file goes to a temporary file
    # (rollup.SummaryLog), so the parent's memory does not grow with the number of files.
    bar = len(tasks) > 1 and not _is_terminal(so)   # results streaming to the terminal are the progress
    notes: list[str] = []
    codes: set[ExitStatus] = set()
    written: Path | None = None
    summaries: SummaryLog | None = None
    if rollup_dest is not None:
        from perfcheck.report.rollup import FileSummary, SummaryLog

        summaries = SummaryLog()
    try:
        stream.begin()
        for outcome in _run_all(tasks, max(1, n_jobs), se, bar=bar):
            report = outcome.report
            stream.file(report)
            codes.add(report.exit_code(strict=options.strict))
            if summaries is not None:
                summaries.add(FileSummary.from_report(report))
            if outcome.note:
                notes.append(outcome.note)
                codes.add(ExitStatus.UNREADABLE)            # a copy that could not be written fails the run
            del outcome, report
        for note in notes:
            se.write(note + "\n")
        if rollup_dest is not None and summaries is not None:
            written = _write_rollup(summaries, rollup_dest, options, protect, se, codes)
    finally:
        if summaries is not None:
            summaries.close()

    stream.end(written)
    se.flush()
    return run_status(codes)
