"""Everything the tests build, in one place (pytest puts tests/ on the path: ``pythonpath`` in
pyproject.toml; the fixtures of tests/conftest.py hand the common ones to a test).

Models (no file):
    perfcheck.examples.model      ``make_form``, ``m``, ``ind``, ``make_unit``, ``make_list``, ... at the
                                  template's default cells (the package's, since ``perfcheck rule CODE``
                                  shows the rule examples built with them)
    perfcheck.examples.workbook   ``example(**overrides)`` / ``form(**overrides)``: a consistent
                                  workbook / form; ``run_example(line)`` runs a rule's doc line
    perfcheck.examples.kinds      the consistent department, 基础数据表 and monitoring forms

Files:
    builders.workbooks   ``write(path, spec | line)``: the one way to write a real workbook (template
                         writer, or the base workbook with a line of the reading-example notation);
                         rows/columns inserted as people do
    builders.grids       a province's form typed cell by cell (forms.md §5), no template
    builders.reports     a small hand-made input, hand-made findings and Reports, a fake validate
    builders.corpus      the annotated-copy corpus (pictures, charts, x14 validations, VBA, ...)
    builders.hostile     files that are not what they claim: bombs, encrypted, truncated, BIFF, ODS

Helpers that build nothing (LibreOffice, Chromium, a live server) are in tests/support.
"""

from collections.abc import Callable
from pathlib import Path

from perfcheck.model import ProjectForm, Workbook

#: the types of the conftest fixtures
BuildForm = Callable[..., ProjectForm]
Example = Callable[..., Workbook]
RunExample = Callable[[str], Workbook]
WriteWorkbook = Callable[..., Path]
