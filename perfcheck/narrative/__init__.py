"""The narrative 自评报告: draft it from a checked workbook, and check a written one against it.

* :mod:`perfcheck.narrative.document` reads a report (.docx or .txt) into numbered paragraphs, with
  the same bad-input handling as the workbooks (one line, exit 2).
* :mod:`perfcheck.narrative.facts` is what a report says about a workbook, computed once from the
  model and :mod:`perfcheck.scoring`: the draft writes these numbers and the checks compare with them.
* :mod:`perfcheck.narrative.claims` finds the report's parts, numbered lists and the numbers it states.
* :mod:`perfcheck.narrative.rules` holds the PC8xx rules (registered with the others).
* :mod:`perfcheck.narrative.draft` writes the .docx (python-docx).
"""
