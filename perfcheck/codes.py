"""The codes of the problems the reader finds itself (PC0xx, and each kind's "label missing").

The reader records them as ``model.CodedHit``s while it reads; the rules layer registers their
wording (``perfcheck/rules/reading.py``, ``rules/department.py``, ``rules/monitor.py``).  They live
here, below both, so the reader does not import the rules.
"""

from __future__ import annotations

from decimal import Decimal

NOT_A_NUMBER = "PC001"
FORMULA_ERROR = "PC002"
NEGATIVE_AMOUNT = "PC003"
AMOUNT_IN_YUAN = "PC004"
FORM_LABEL_MISSING = "PC005"
NO_PROJECT_FORM = "PC006"
SHEET_MISSING = "PC007"
SHEET_IGNORED = "PC008"
UNCACHED_FORMULAS = "PC009"
NUMBER_AS_DATE = "PC010"
SHEET_LABEL_MISSING = "PC011"
DUPLICATE_SHEET = "PC012"
DATE_AS_NUMBER = "PC013"
DEPT_LABEL_MISSING = "PC618"      # 部门整体支出绩效自评表 / 基础数据表: a label the reader looks for is missing
MONITOR_LABEL_MISSING = "PC712"   # 绩效运行监控表: the same

YUAN_THRESHOLD = Decimal(100_000)
"""An amount of 100,000 万元 (1 billion yuan) or more in one cell of a project form is read as
"probably typed in 元" (950000 meant as 95 万元): PC004 warns; the value is kept as typed."""
