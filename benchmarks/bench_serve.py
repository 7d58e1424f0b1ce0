"""``perfcheck serve`` against the CLI: the same 200 workbooks, the same --jobs.

    python benchmarks/bench_serve.py                      # 200 workbooks of 10 projects, --jobs 2, 5 batches
    python benchmarks/bench_serve.py --quick              # 6 small workbooks (a smoke run)
    python benchmarks/bench_serve.py --out results-serve.json

What it measures (every figure from this run, on this machine):

* **CLI**: ``perfcheck validate . --format json --out OUT --jobs J`` run in the folder of workbooks (its
  own subprocess; wall time from spawn to exit: interpreter start, imports, pool start included);
* **page**: a running ``perfcheck serve --jobs J`` (started once, as it runs in an office), one batch =
  what the page does: POST every workbook to ``/api/batches`` (multipart), poll ``GET /api/batches/{id}``
  until done (with the report), fetch the results table ``/batches/{id}/table``.  Wall time from the
  start of the upload to the table;
* the two interleaved (CLI, page, CLI, page, …) ``--repeat`` times, medians compared: target page ≤ 1.3 × CLI;
* the server's memory (RSS of the server process, and of the process tree with the pool's workers)
  after each batch, ``--batches`` batches in all: target after the last ≤ 1.10 × after the first;
* the page's report equal to the CLI's JSON document (annotated / roll-up paths cut to their names).

Workbooks come from ``benchmarks/generate.py`` (cached in ``$TMPDIR/perfcheck-bench/``, as bench.py does).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bench  # benchmarks/bench.py: run as a script, this folder is the first on the path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(HERE.parent) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def run_cli(folder: Path, out: Path, jobs: int) -> tuple[float, dict[str, Any]]:
    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "perfcheck", "validate", ".", "--format", "json", "--out", str(out),
                           "--jobs", str(jobs)], cwd=folder, capture_output=True, text=True, env=env())
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"CLI failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, json.loads(proc.stdout)


def run_page(url: str, files: list[Path]) -> tuple[float, dict[str, Any]]:
    import httpx

    t0 = time.perf_counter()
    handles = [f.open("rb") for f in files]
    try:
        with httpx.Client(base_url=url, timeout=600) as c:
            r = c.post("/api/batches", files=[("files", (f.name, h)) for f, h in zip(files, handles, strict=True)])
            r.raise_for_status()
            bid = r.json()["id"]
            while True:
                s = c.get(f"/api/batches/{bid}").json()
                if s["state"] != "running":
                    break
                time.sleep(0.2)
            c.get(f"/batches/{bid}/table").raise_for_status()
    finally:
        for h in handles:
            h.close()
    wall = time.perf_counter() - t0
    if s["state"] != "done":
        raise SystemExit(f"batch ended {s['state']}")
    return wall, s["report"]


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    for f in doc["files"]:
        if f.get("annotated"):
            f["annotated"] = Path(f["annotated"]).name
    if doc.get("rollup"):
        doc["rollup"] = Path(doc["rollup"]).name
    return doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--projects", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="interleaved CLI/page pairs timed")
    ap.add_argument("--batches", type=int, default=5, help="page batches in all (memory)")
    ap.add_argument("--quick", action="store_true", help="6 workbooks of 2 projects, 1 repeat, 2 batches")
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "perfcheck-bench")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if args.quick:
        args.units, args.projects, args.repeat, args.batches = 6, 2, 1, 2
    args.batches = max(args.batches, args.repeat)
    folder, cells = bench.ensure_folder(args.data / ("quick" if args.quick else "full"), args.units, args.projects)
    files = sorted(p for p in folder.iterdir() if p.suffix == ".xlsx")
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "perfcheck", "serve", "--port", str(port), "--jobs", str(args.jobs),
                               "--data", str(work / "data"), "--max-files", str(max(500, len(files))),
                               "--max-batch-mb", "4000"], env=env(), stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {"machine": bench.machine_info(), "units": len(files), "projects": args.projects,
                              "cells": cells, "jobs": args.jobs}
    try:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start: " + (server.stderr.read() if server.stderr else ""))
            time.sleep(0.2)
        print(f"{len(files)} workbooks ({cells} cells), --jobs {args.jobs}; server pid {server.pid}", flush=True)
        cli_walls: list[float] = []
        page_walls: list[float] = []
        memory: list[dict[str, float]] = []
        same: list[bool] = []
        for k in range(args.batches):
            if k < args.repeat:
                wall, cli_doc = run_cli(folder, work / "cli-out", args.jobs)
                cli_walls.append(wall)
                print(f"  CLI   run {k + 1}: {wall:7.2f} s", flush=True)
            wall, page_doc = run_page(url, files)
            if k < args.repeat:
                page_walls.append(wall)
                same.append(page_doc == normalise(cli_doc))
            time.sleep(1.0)                                # let the last responses be freed
            rss = bench._rss_kb(server.pid) / 1024
            tree = bench.tree_rss_kb(server.pid) / 1024
            memory.append({"batch": k + 1, "rss_mb": rss, "tree_mb": tree})
            print(f"  page  batch {k + 1}: {wall:7.2f} s   server RSS {rss:6.1f} MB, with workers {tree:6.1f} MB",
                  flush=True)
            del page_doc
        cli_med, page_med = statistics.median(cli_walls), statistics.median(page_walls)
        ratio = page_med / cli_med
        mem_ratio = memory[-1]["rss_mb"] / memory[0]["rss_mb"]
        tree_ratio = memory[-1]["tree_mb"] / memory[0]["tree_mb"]
        result |= {"cli_walls": cli_walls, "page_walls": page_walls, "cli_median": cli_med, "page_median": page_med,
                   "ratio": ratio, "memory": memory, "memory_ratio": mem_ratio, "tree_ratio": tree_ratio,
                   "reports_identical": all(same)}
        print(f"page / CLI (medians): {page_med:.2f} s / {cli_med:.2f} s = {ratio:.2f}  (target ≤ 1.30) "
              f"{'ok' if ratio <= 1.3 else 'MISSED'}")
        print(f"server RSS after batch {len(memory)} / after batch 1: {mem_ratio:.3f} (target ≤ 1.10) "
              f"{'ok' if mem_ratio <= 1.10 else 'MISSED'}; with workers {tree_ratio:.3f}")
        print(f"page report identical to the CLI's JSON: {all(same)}")
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    ok = result["ratio"] <= 1.3 and result["memory_ratio"] <= 1.10 and result["reports_identical"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
