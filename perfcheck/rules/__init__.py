"""The rule catalog.  Every family is imported here explicitly (yamllint style); importing registers it.

Importing any ``perfcheck.rules.x`` imports this package first, so the registry (``rules/base.py``) is
complete whenever the rules layer is in use; code that needs every rule imports from here.  The text
helpers the rules share are ``rules/_text.py``; the codes the reader emits are ``perfcheck/codes.py``.

Families by hundreds:
  PC0xx reading.py    reading and structure (emitted by the reader)
  PC1xx funds.py      funds block: totals, execution rate and its score
  PC2xx scores.py     indicator scores, totals, weights, grades
  PC3xx indicators.py indicator completeness and the closed set of names
  PC4xx review.py     review warnings: vague targets, boilerplate, suspicious patterns
  PC5xx crosssheet.py across sheets: 项目汇总 against the forms, 单位概况, 问题与措施
  causes.py           root causes read from the formulas (PC014, PC015, PC216, PC217): one finding at the input
  PC6xx department.py 部门整体支出绩效自评表 and 基础数据表 (forms.md §2, §3)
  PC7xx monitor.py    绩效运行监控表 (forms.md §4)
  PC8xx perfcheck/narrative/rules.py  the narrative 自评报告 against the workbook (validate --narrative)
"""

from perfcheck.narrative import rules as narrative_rules  # noqa: F401  (PC8xx)
from perfcheck.rules import (  # noqa: F401
    causes,
    crosssheet,
    department,
    funds,
    indicators,
    monitor,
    reading,
    review,
    scores,
)
from perfcheck.rules.base import REGISTRY, Rule, all_rules, bind, get_rule, load_config, resolve, rule

__all__ = ["REGISTRY", "Rule", "all_rules", "bind", "get_rule", "load_config", "resolve", "rule"]
