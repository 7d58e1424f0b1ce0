"""Regenerate every bundled sample workbook, reproducibly: ``python samples/generate.py [OUT_DIR]``.

Each sample is a spec module in ``samples/specs/`` (``OUTPUT``, ``spec()``, optionally
``postprocess(path)``): the spec is written through the template writer
(``perfcheck.template.build.write_workbook``), then post-processed where the sample shows what
people do to a form after the template.  Without OUT_DIR the samples are written in place, next to
this file; ``tests/test_samples.py`` writes them to a temporary folder and compares cell by cell.

The sidecar ``bad/典型错误.expect.yaml`` is not generated: it is the reviewer's hand-checked list of
what perfcheck must report.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from specs import (  # run as a script, samples/ is the first folder of the path; pytest adds it too
    defects,
    good_unit,
    kinds_department,
    kinds_department_bad,
    kinds_monitor,
    kinds_monitor_bad,
    seed_gongqing,
)

from perfcheck.template.build import write_workbook
from perfcheck.template.kinds import KindsWorkbookSpec, write_kinds_workbook

HERE = Path(__file__).resolve().parent

SAMPLES: tuple[ModuleType, ...] = (seed_gongqing, good_unit, defects, kinds_department, kinds_department_bad,
                                   kinds_monitor, kinds_monitor_bad)


def build(module: ModuleType, out_dir: Path) -> Path:
    """Write one sample under ``out_dir`` (at its ``OUTPUT`` path) and return that path."""
    path: Path = out_dir / str(module.OUTPUT)
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = module.spec()
    if isinstance(spec, KindsWorkbookSpec):     # the other kinds (department, monitoring)
        write_kinds_workbook(spec, path)
    else:
        write_workbook(spec, path)
    post = getattr(module, "postprocess", None)
    if post is not None:
        post(path)
    return path


def build_all(out_dir: Path = HERE) -> list[Path]:
    return [build(m, out_dir) for m in SAMPLES]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = Path(args[0]) if args else HERE
    for p in build_all(out_dir):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
