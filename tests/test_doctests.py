"""The examples in the docstrings of modules with logic run as tests (they were never run before)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["perfcheck.layout"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring examples any more: drop it from MODULES"
    assert result.failed == 0
