"""Where `perfcheck validate --no-annotate` spends its time on one workbook, phase by phase, in-process.

    python benchmarks/phases.py WORKBOOK.xlsx [--repeat 5]

Each phase is timed on its own (wall clock, the minimum of --repeat runs: the least disturbed by the
machine's other load), with the cyclic garbage collector paused as ``perfcheck.api.validate`` pauses
it.  The phases of the reader are timed separately and then the whole reader once more (``read``),
so the reader's rows add up to about ``read``.  Imports and the interpreter's start and exit are not
in-process phases: ``python -X importtime`` shows the first; the benchmark's subprocess timings
include both.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("workbook", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    from perfcheck import api, lights, reader, safety, scoring
    from perfcheck.config import Config
    from perfcheck.formulas import scan_sheet_formulas
    from perfcheck.reader.form import looks_like_form, read_form
    from perfcheck.reader.grid import Index, scan_sheet_xml, sheet_xml
    from perfcheck.report.jsonout import _file
    from perfcheck.rules import engine
    imports = time.perf_counter() - t0

    path, cfg = a.workbook, Config()
    best: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        t = time.perf_counter()
        out = fn()
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - t)
        return out

    def one_round() -> None:
        parts: dict[str, bytes] = {}
        fmt = timed("precheck (safety, inflates the sheet parts)", lambda: safety.precheck(path, cfg.limits, keep=parts))
        _, grids = timed("reader: calamine parse + grids", lambda: reader.load_grids(path))
        xml = timed("reader: sheet XML (from the precheck)", lambda: sheet_xml(path, parts))
        timed("reader: XML scan, errors/uncached", lambda: [scan_sheet_xml(d) for _, d in xml])
        timed("reader: XML scan, formulas", lambda: [scan_sheet_formulas(d) for _, d in xml])
        idx = timed("reader: label index", lambda: {n: Index(g) for n, g in grids.items()})
        hits: list[Any] = []
        timed("reader: project forms", lambda: [read_form(g, idx[n], hits) for n, g in grids.items()
                                                if looks_like_form(g, idx[n])])
        wb = timed("read (the whole reader)", lambda: reader.read_workbook(path, cfg, fmt=fmt, parts=parts))
        found = timed("rules (engine.run)", lambda: engine.run(wb, cfg))
        timed("summary, lights", lambda: (scoring.summarize(wb, cfg, found), scoring.unit_and_year(wb),
                                          lights.compute(wb, cfg)))
        scoring.clear_cache()

    def json_round() -> None:
        report = api.validate(path, cfg)
        timed("JSON (render + dump)", lambda: json.dumps(_file(report, "zh"), ensure_ascii=False, indent=2))

    gc.disable()
    for _ in range(a.repeat):
        one_round()
        gc.collect()
        json_round()
        gc.collect()
    gc.enable()

    print(f"imports (first, in-process): {imports:.3f} s")
    width = max(map(len, best))
    for name, s in best.items():
        print(f"{name:{width}}  {s:6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
