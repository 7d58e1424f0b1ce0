"""Old name of :mod:`perfcheck.template.blueprint` (the template writer's input), kept only so that
branches written before the rename still import; new code imports ``perfcheck.template.blueprint``.
The next round deletes this module (tests/test_imports.py lists it)."""

from perfcheck.template.blueprint import *  # noqa: F403
from perfcheck.template.blueprint import __all__ as __all__
