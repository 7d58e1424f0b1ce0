"""Reporters: one module per output.

registry.py  the ``--format`` reporters: every module of formats/ (grouped, concise, json …), found by name
formats/     one small module per ``--format``, declaring its reporter (the heavy part imported on use)
console.py   the terminal: grouped per file and rule (default), concise, --statistics, send-back list
jsonout.py   one JSON document (``--format json``)
examples.py  rule doc examples run and described as workbook edits (``perfcheck rule CODE``)
annotate.py  the department's workbook, copied, with every finding marked on its cell
package.py   patching an .xlsx/.xlsm package: members copied raw, text splices with their inverse
convert.py   an .xls/.ods as a new .xlsx (values, merges, widths, .ods formulas) to be marked
result_sheet.py  the 校验结果 sheet at the front of the annotated copy
rollup.py    the bureau's roll-up workbook over many files (汇总.xlsx), built with pandas
colors.py    the severity colours shared by the workbook reporters
common.py    labels (zh/en), verdicts and text helpers shared by all of them
"""
