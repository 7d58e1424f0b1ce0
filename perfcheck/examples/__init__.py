"""Example workbooks: the vocabulary of the rules' ``## 示例 Example`` lines, run by the catalog
generator (``perfcheck rules --format json``, report/examples.py) and by the tests alike.

* :mod:`perfcheck.examples.model` builds model objects at the template's default cells (no file I/O);
* :mod:`perfcheck.examples.workbook` is the consistent example workbook and the interpreter of a doc
  line (``run_example("spent=90, rate='0.9'")``);
* :mod:`perfcheck.examples.kinds` holds the consistent department / 基础数据表 / monitoring forms of
  the PC6xx and PC7xx examples (also the base of ``samples/kinds``), written and read back.

The reading rules' lines (PC0xx) are edits of a real file; the tests write those (tests/builders).
"""
