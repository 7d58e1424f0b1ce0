"""A consistent department workbook: ``samples/kinds/部门整体_示例2023.xlsx``.

部门整体支出绩效自评表 + 基础数据表 (the numbers of ``perfcheck.examples.kinds``, worked out there) + the good
unit's 项目1 and 项目2 (95 + 130.5 = 225.5 万元 of the department's 项目支出 420: 53.7 %).  It validates
without a finding.
"""

from __future__ import annotations

from perfcheck.examples import kinds
from perfcheck.template.kinds import KindsWorkbookSpec

from . import good_unit

OUTPUT = "kinds/部门整体_示例2023.xlsx"


def spec() -> KindsWorkbookSpec:
    s = kinds.workbook(dept={}, basic_={})
    s.projects = [good_unit.project1(), good_unit.project2()]
    return s
