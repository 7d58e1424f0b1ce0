"""Fixtures every test can ask for: the builders of tests/builders and perfcheck.examples.

    build_form(**overrides) -> ProjectForm       a consistent form (perfcheck.examples.workbook.form)
    example(**overrides) -> Workbook             a consistent workbook model (…workbook.example)
    run_example(line) -> Workbook                a rule's doc line run as the catalog runs it
    write_workbook(what="", name="example.xlsx") -> Path
                                                 a real .xlsx in the test's tmp_path
                                                 (builders.workbooks.write: a spec or a notation line)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from builders import BuildForm, Example, RunExample, WriteWorkbook

# as perfcheck/__init__.py: openpyxl on defusedxml even where lxml is installed (python-docx needs it),
# here too because tests and their subprocesses import openpyxl directly
os.environ.setdefault("OPENPYXL_LXML", "False")


@pytest.fixture
def build_form() -> BuildForm:
    from perfcheck.examples.workbook import form

    return form


@pytest.fixture
def example() -> Example:
    from perfcheck.examples.workbook import example

    return example


@pytest.fixture
def run_example() -> RunExample:
    from perfcheck.examples.workbook import run_example

    return run_example


@pytest.fixture
def write_workbook(tmp_path: Path) -> WriteWorkbook:
    from builders.workbooks import write

    def make(what: Any = "", name: str = "example.xlsx") -> Path:
        return write(tmp_path / name, what)

    return make
