"""Old name of :mod:`perfcheck.report.result_sheet` (the 校验结果 sheet), kept only so that branches
written before the rename (perfcheck serve's tests) still import; new code imports
``perfcheck.report.result_sheet``.  The next round deletes this module."""

from perfcheck.report.result_sheet import *  # noqa: F403
from perfcheck.report.result_sheet import HEADER_ROW as HEADER_ROW
from perfcheck.report.result_sheet import result_sheet_xml as result_sheet_xml
