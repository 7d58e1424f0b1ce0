"""The department workbook with planted defects: ``samples/kinds/部门整体_典型错误.xlsx``.

The expected findings are in ``kinds/部门整体_典型错误.expect.yaml`` (hand-checked; not generated).
Starting from ``kinds_department``:

* 一般公共预算拨款 全年执行数 1200 instead of 1220, the total left at 1350 (PC601 at F5);
* 执行率 typed as 100 % and 得分 10, where 1350 ÷ 1390 = 97.12 % gives 9.71 (PC603 H5, PC604 I5);
* the first indicator met 9 of 10 户 but scored 20 of 20, its reason given (PC606 H17);
* 基础数据表: 公务接待费 本年决算 4.5 (三公经费 5.5 + 4.5 = 10 > 9 budgeted: PC615 E7), 公用经费 本年决算
  stated 30 where its parts add up to 25 (PC612 E14), 项目支出 本年决算 430 where the department form
  says 420 (PC616 E13).
"""

from __future__ import annotations

from perfcheck.examples import kinds
from perfcheck.template.kinds import KindsWorkbookSpec

from . import good_unit

OUTPUT = "kinds/部门整体_典型错误.xlsx"


def spec() -> KindsWorkbookSpec:
    s = kinds.workbook(
        dept={"parts": {"general": (1150, 1230, 1200)}, "total_initial": 1300, "total_budget": 1390,
              "total_spent": 1350, "rate": 1, "exec_score": 10, "edit": {0: {"actual": "9户", "reason": "1户企业年底未达规上标准，下一步加强培育。"}}},
        basic_={"lines": {"reception": (2, 3, 4.5), "public": (23, 27, 30), "project": (380, 440, 430)}})
    s.projects = [good_unit.project1(), good_unit.project2()]
    return s
