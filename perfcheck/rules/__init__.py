"""The rule catalog.  Every family is imported here explicitly (yamllint style); importing registers it.

Families by hundreds:
  PC0xx reading.py    reading and structure (emitted by the reader)
  PC1xx funds.py      funds block: totals, execution rate and its score
  PC2xx scores.py     indicator scores, totals, weights, grades
  PC3xx indicators.py indicator completeness and the closed set of names
  PC4xx review.py     review warnings: vague targets, boilerplate, suspicious patterns
  PC5xx crosssheet.py across sheets: 项目汇总 against the forms, 单位概况, 问题与措施
  PC8xx perfcheck/narrative/rules.py  the narrative 自评报告 against the workbook (validate --narrative)
"""

from perfcheck.narrative import rules as narrative_rules  # noqa: F401  (PC8xx)
from perfcheck.rules import crosssheet, funds, indicators, reading, review, scores  # noqa: F401
from perfcheck.rules.base import REGISTRY, Rule, all_rules, get_rule, render_message, resolve, rule

__all__ = ["REGISTRY", "Rule", "all_rules", "get_rule", "render_message", "resolve", "rule"]
