"""Reporters: one module per output.

console.py   rich tables on the terminal (``--format text``)
jsonout.py   one JSON document (``--format json``)
annotate.py  the department's workbook, copied, with every finding marked on its cell
summary.py   the 校验结果 sheet at the front of the annotated copy
rollup.py    the bureau's roll-up workbook over many files (汇总.xlsx)
colors.py    the severity colours shared by the workbook reporters
common.py    labels (zh/en), verdicts and text helpers shared by all of them
"""
