"""Batches: one upload's files, checked in the shared process pool, fairly among batches.

A batch lives in its own folder ``DATA/<id>/`` (``id``: 32 random hex digits, the only way to reach
it): ``in/`` the files as uploaded, ``out/`` the annotated copies, the roll-up and the other
downloads, ``report.json`` the document of ``perfcheck validate --format json`` written by the CLI's
own :class:`~perfcheck.report.jsonout.JsonStream` as the results arrive, ``batch.json`` a marker.

Scheduling.  One :class:`~concurrent.futures.ProcessPoolExecutor` of ``jobs`` workers serves every
batch, but at most ``2 × jobs`` tasks are handed to it at a time (one being checked and one waiting
per worker), taken round-robin from the batches that still have files waiting: a batch of 200
workbooks does not make a batch of one wait for it.
Results are written in input order (as ``pool.map`` does for the CLI), each dropped once written;
the batch keeps one small row per file for the results table.

Ending.  A batch nobody has asked about for ``abandon_after`` seconds (its page was closed, its
client went away) is cancelled, as is one deleted through the API: its waiting files are never
handed to the pool, so no worker keeps working for it beyond the file it is on.  Batches older than
``max_age`` seconds are deleted (folder and all), and so are folders of earlier runs under DATA
that carry the marker.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import os
import re
import secrets
import shutil
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from perfcheck.config import Config
from perfcheck.findings import Report
from perfcheck.runner import Outcome, Task

ID_RE = re.compile(r"^[0-9a-f]{32}$")
MARKER = "batch.json"


@dataclass
class Batch:
    id: str
    folder: Path
    lang: str
    strict: bool
    created: float                               # time.time()
    rels: list[str] = field(default_factory=list)      # input paths as uploaded, in check order
    copies: list[str | None] = field(default_factory=list)   # annotated copy, relative to out/
    skipped: list[str] = field(default_factory=list)
    total: int = 0
    done: int = 0
    state: str = "running"                       # running | done | cancelled
    rows: list[dict[str, Any]] = field(default_factory=list)
    rollup: str | None = None
    last_seen: float = field(default_factory=time.monotonic)
    # while running
    pending: deque[Task] = field(default_factory=deque)
    index: dict[Path, int] = field(default_factory=dict)
    results: dict[int, Outcome] = field(default_factory=dict)
    inflight: int = 0
    futures: set[asyncio.Future[Outcome]] = field(default_factory=set)
    stream: Any = None
    out: IO[str] | None = None
    summaries: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked_at: dt.datetime | None = None

    @property
    def in_dir(self) -> Path:
        return self.folder / "in"

    @property
    def out_dir(self) -> Path:
        return self.folder / "out"

    @property
    def report_path(self) -> Path:
        return self.folder / "report.json"


class BatchManager:
    """Every batch of the server, the pool and the clean-up (all on the event loop's thread)."""

    def __init__(self, data: Path, *, jobs: int, config: Config, max_age: float = 24 * 3600,
                 abandon_after: float = 120.0, pool: ProcessPoolExecutor | None = None) -> None:
        self.data = data
        self.jobs = max(1, jobs)
        self.config = config
        self.max_age = max_age
        self.abandon_after = abandon_after
        self.batches: dict[str, Batch] = {}
        self.inflight = 0
        self._pool = pool
        self._turn = 0

    # ---------------------------------------------------------------------------------------------
    # The pool
    # ---------------------------------------------------------------------------------------------

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = make_pool(self.jobs)
        return self._pool

    def shutdown(self) -> None:
        for b in list(self.batches.values()):
            self.cancel(b)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` in the pool (previews, exports, templates: short, bounded work)."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, fn, *args)
        except BrokenProcessPool:
            self._pool = None
            return await loop.run_in_executor(self.pool, fn, *args)

    # ---------------------------------------------------------------------------------------------
    # Creating and finding batches
    # ---------------------------------------------------------------------------------------------

    def new_folder(self) -> tuple[str, Path]:
        bid = secrets.token_hex(16)
        folder = self.data / bid
        (folder / "in").mkdir(parents=True)
        (folder / "out").mkdir()
        (folder / "spool").mkdir()
        (folder / MARKER).write_text(json.dumps({"perfcheck-serve": 1, "created": time.time()}), "utf-8")
        return bid, folder

    def discard_folder(self, folder: Path) -> None:
        if folder.parent == self.data and ID_RE.match(folder.name):
            shutil.rmtree(folder, ignore_errors=True)

    def get(self, bid: str) -> Batch | None:
        if not ID_RE.match(bid):
            return None
        b = self.batches.get(bid)
        if b is not None:
            b.last_seen = time.monotonic()
        return b

    def start(self, bid: str, folder: Path, inputs: list[Path], *, lang: str, strict: bool = False,
              skipped: list[str] | None = None) -> Batch:
        """Plan the batch exactly as ``run_validate`` plans a run (output names, roll-up, one
        check time) and queue its files."""
        from perfcheck.report.annotate import ProtectedPaths
        from perfcheck.report.jsonout import JsonStream
        from perfcheck.runner import plan_outputs, plan_rollup

        b = Batch(id=bid, folder=folder, lang=lang, strict=strict, created=time.time(),
                  skipped=list(skipped or []))
        rels = [p.relative_to(b.in_dir) for p in inputs]
        rollup_dest = plan_rollup(inputs, b.out_dir, None) if len(inputs) > 1 else None
        plan = plan_outputs(inputs, b.out_dir, reserved=[rollup_dest] if rollup_dest else [])
        protect = ProtectedPaths(inputs)
        b.checked_at = dt.datetime.now().replace(microsecond=0)
        b.rels = [r.as_posix() for r in rels]
        b.copies = [None] * len(inputs)
        b.rollup = rollup_dest.name if rollup_dest is not None else None
        b.total = len(inputs)
        for i, (src, rel) in enumerate(zip(inputs, rels, strict=True)):
            task = Task(path=Path(rel), config=self.config, lang=lang, debug=False, strict=strict,
                        dest=plan[src], protect=protect, checked_at=b.checked_at, validate_fn=None)
            b.pending.append(task)
            b.index[task.path] = i
        b.out = b.report_path.open("w", encoding="utf-8")
        b.stream = JsonStream(b.out, lang=lang)
        b.stream.begin()
        self.batches[bid] = b
        self._fill()
        return b

    # ---------------------------------------------------------------------------------------------
    # Scheduling
    # ---------------------------------------------------------------------------------------------

    def _next_batch(self) -> Batch | None:
        waiting = [b for b in self.batches.values() if b.state == "running" and b.pending]
        if not waiting:
            return None
        self._turn = (self._turn + 1) % len(waiting)
        return waiting[self._turn]

    def _fill(self) -> None:
        """Hand tasks to the pool until ``2 × jobs`` are in flight (each worker has its next file
        waiting, so no worker idles between two), one batch after the other."""
        from perfcheck.serve import work

        loop = asyncio.get_running_loop()
        while self.inflight < 2 * self.jobs:
            b = self._next_batch()
            if b is None:
                return
            task = b.pending.popleft()
            i = b.index[task.path]
            try:
                fut: asyncio.Future[Outcome] = loop.run_in_executor(self.pool, work.check, str(b.in_dir), task)
            except BrokenProcessPool:
                self._pool = None
                fut = loop.run_in_executor(self.pool, work.check, str(b.in_dir), task)
            self.inflight += 1
            b.inflight += 1
            b.futures.add(fut)
            fut.add_done_callback(functools.partial(self._finished, b, i, task))

    def _finished(self, b: Batch, i: int, task: Task, fut: asyncio.Future[Outcome] | Future[Outcome]) -> None:
        self.inflight -= 1
        b.inflight -= 1
        b.futures.discard(fut)
        try:
            outcome = fut.result()
        except BrokenProcessPool as exc:
            self._pool = None
            from perfcheck.serve.work import _internal

            outcome = _internal(task, exc)
        except BaseException as exc:  # noqa: BLE001 - a worker's failure is that file's result
            from perfcheck.serve.work import _internal

            outcome = _internal(task, exc)
        if b.state == "running":
            b.results[i] = outcome
            self._drain(b)
        self._fill()

    def _drain(self, b: Batch) -> None:
        """Write the finished results in input order (and drop them)."""
        from perfcheck.report.common import verdict
        from perfcheck.report.rollup import FileSummary

        while b.done in b.results:
            i = b.done
            outcome = b.results.pop(i)
            report: Report = outcome.report
            if report.annotated is not None:
                # relative to out/ (a bare name, or sub/name where the runner mirrors folders): no
                # server path in the document
                try:
                    rel = report.annotated.relative_to(b.out_dir).as_posix()
                except ValueError:
                    rel = report.annotated.name
                b.copies[i] = rel
                report.annotated = Path(rel)
            b.stream.file(report)
            if b.rollup is not None:
                b.summaries.append(FileSummary.from_report(report))
            b.rows.append({
                "i": i, "path": b.rels[i], "unit": report.unit, "readable": report.readable,
                "error": report.error, "passed": report.passed(strict=b.strict),
                "verdict": verdict(report, b.lang, strict=b.strict),
                "errors": report.errors if report.readable else 0,
                "warnings": report.warnings if report.readable else 0,
                "infos": report.infos if report.readable else 0,
                "has_copy": b.copies[i] is not None,
            })
            if outcome.note:
                b.notes.append(outcome.note)
            b.done += 1
        if b.done == b.total and b.state == "running":
            asyncio.get_running_loop().create_task(self._complete(b))

    async def _complete(self, b: Batch) -> None:
        """The roll-up (as the CLI writes it), the end of the document, state done."""
        from perfcheck.report.rollup import write_rollup

        written: Path | None = None
        if b.rollup is not None:
            dest = b.out_dir / b.rollup
            summaries, b.summaries = b.summaries, []
            try:
                await asyncio.to_thread(write_rollup, summaries, dest, lang=b.lang, strict=b.strict,
                                        checked_at=b.checked_at)
                written = Path(b.rollup)
            except Exception as exc:  # noqa: BLE001 - reported like the CLI does, on its note list
                what = "无法写汇总" if b.lang == "zh" else "cannot write the roll-up"
                b.notes.append(f"perfcheck: {b.rollup}: {what}: {type(exc).__name__}: {str(exc)[:200]}")
                b.rollup = None
        if b.state != "running":
            return
        b.stream.end(written)
        self._close(b)
        b.state = "done"

    def _close(self, b: Batch) -> None:
        if b.out is not None:
            b.out.close()
            b.out = None
        b.stream = None
        b.pending.clear()
        b.results.clear()
        b.index.clear()

    def cancel(self, b: Batch) -> None:
        """Stop a batch: its waiting files are never started, those handed to the pool but not yet
        started are withdrawn (the ones being checked finish and are dropped)."""
        if b.state == "running":
            b.state = "cancelled"
        for fut in list(b.futures):
            fut.cancel()
        self._close(b)
        b.summaries = []

    def delete(self, b: Batch) -> None:
        self.cancel(b)
        self.batches.pop(b.id, None)
        self.discard_folder(b.folder)

    # ---------------------------------------------------------------------------------------------
    # Status and clean-up
    # ---------------------------------------------------------------------------------------------

    def status(self, b: Batch) -> bytes:
        """``{"state", "done", "total", "report"}`` as JSON text.  The report, once done, is report.json
        as written, spliced in as it is (not parsed and dumped again: a 200-file report is megabytes)."""
        head = json.dumps({"state": b.state, "done": b.done, "total": b.total})
        report = b.report_path.read_bytes().rstrip() if b.state == "done" else b"null"
        return head[:-1].encode() + b', "report": ' + report + b"}"

    def sweep(self) -> None:
        """Cancel abandoned batches; delete expired ones and expired folders of earlier runs."""
        now, mono = time.time(), time.monotonic()
        for b in list(self.batches.values()):
            if b.state == "running" and mono - b.last_seen > self.abandon_after:
                self.cancel(b)
            if now - b.created > self.max_age and b.inflight == 0:
                self.delete(b)
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.data):
                if not ID_RE.match(entry.name) or entry.name in self.batches:
                    continue
                marker = Path(entry.path) / MARKER
                try:
                    if now - marker.stat().st_mtime > self.max_age:
                        self.discard_folder(Path(entry.path))
                except OSError:
                    continue

    async def sweeper(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            self.sweep()


def make_pool(jobs: int) -> ProcessPoolExecutor:
    """The checking pool.  Workers are forked (as the CLI's are) and started at once, warmed with
    the imports a check needs; call this before the server starts its threads."""
    import multiprocessing

    from perfcheck.serve import work

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=multiprocessing.get_context(method))
    for f in [pool.submit(work.warm) for _ in range(max(1, jobs))]:
        f.result()
    return pool
