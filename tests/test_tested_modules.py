"""Every module of ``perfcheck`` that has logic has a test that imports it, or is listed here with the
reason it is tested through another module.

"Has logic": a function or a class at module level.  "Imported": any ``import`` in a test module
(``tests/**/test_*.py``), at module level or inside a test; ``from perfcheck.x import y`` counts for
``perfcheck.x`` and, when it is a module, ``perfcheck.x.y``.  The builders and support helpers do not
count: importing a module to build a test input is not testing it.

A module listed in :data:`THROUGH` whose functions are rules' checks must also have each of their codes
either named in a test module or run by its own doc examples (``PCxxx:`` lines, which ``test_catalog`` runs and expects to
give that code).  Entries only shrink: one that a test now imports fails :func:`test_the_list_only_names_untested_modules`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support.modules import MODULES, ROOT

TESTS = ROOT / "tests"

_READER = ("read through perfcheck.reader.read_workbook: test_reader.py checks the model it builds at "
           "exact cells (and the reading rules in tests/rules/test_reading.py)")
_RULES = ("its rules run by code through rules.engine (tests/rules/test_*.py, test_kinds.py, "
          "test_one_defect.py, test_clerk_mistakes.py) and by their doc examples (test_catalog.py)")
_SERVE = "a live uvicorn over HTTP (tests/support/servekit.py): test_serve.py and test_serve_browser.py"

THROUGH: dict[str, str] = {
    "perfcheck.reader.form": _READER,
    "perfcheck.reader.kinds": "department/基础数据表/monitoring forms read back at exact cells in test_kinds.py",
    "perfcheck.reader.sheets": _READER,
    "perfcheck.rules.reading": "the PC0xx declarations; the reader emits them: tests/rules/test_reading.py "
                               "checks each at its cell with its message, test_catalog runs their doc lines",
    "perfcheck.rules.causes": _RULES,
    "perfcheck.rules.crosssheet": _RULES,
    "perfcheck.rules.department": _RULES,
    "perfcheck.rules.funds": _RULES,
    "perfcheck.rules.monitor": _RULES,
    "perfcheck.rules.review": _RULES,
    "perfcheck.rules.scores": _RULES,
    "perfcheck.narrative.rules": "PC801–PC808 through validate --narrative on the seed (test_narrative.py)",
    "perfcheck.narrative.command": "the draft and validate --narrative commands, run through the CLI "
                                   "(test_narrative.py)",
    "perfcheck.narrative.draft": "perfcheck draft's .docx, read back and re-validated (test_narrative.py)",
    "perfcheck.report.result_sheet": "the 校验结果 sheet of every annotated copy, read back in test_annotate.py "
                                     "and test_copy.py",
    "perfcheck.serve": _SERVE,
    "perfcheck.serve.app": _SERVE,
    "perfcheck.serve.batches": _SERVE,
}



def has_logic(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for n in tree.body)


def imported_by_tests() -> set[str]:
    found: set[str] = set()
    for path in TESTS.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m in MODULES}


def test_every_module_with_logic_is_imported_by_a_test_or_listed() -> None:
    tested = imported_by_tests()
    missing = sorted(m for m, p in MODULES.items() if has_logic(p) and m not in tested and m not in THROUGH)
    assert missing == [], f"add a test module for these (or list them in THROUGH with a reason): {missing}"


def test_the_list_only_names_untested_modules() -> None:
    tested = imported_by_tests()
    stale = sorted(m for m in THROUGH if m not in MODULES or not has_logic(MODULES[m]) or m in tested)
    assert stale == [], f"remove from THROUGH (gone, or now imported by a test): {stale}"


def test_each_code_of_a_listed_rule_module_is_tested() -> None:
    from perfcheck.report.examples import example_lines
    from perfcheck.rules.base import all_rules

    tests_text = "".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("test_*.py"))
    by_module: dict[str, list[str]] = {}
    for r in all_rules():
        if r.check is not None:
            by_module.setdefault(r.check.__module__, []).append(r.code)
    listed = [m for m in THROUGH if m in by_module]
    assert {"perfcheck.rules.funds", "perfcheck.rules.department", "perfcheck.narrative.rules"} <= set(listed)
    untested = {m: [c for c, r in ((c, next(x for x in all_rules() if x.code == c)) for c in by_module[m])
                    if c not in tests_text and not any(label == c for label, _ in example_lines(r.doc))]
                for m in listed}
    assert {m: codes for m, codes in untested.items() if codes} == {}
