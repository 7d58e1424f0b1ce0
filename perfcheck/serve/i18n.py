"""The page's words, Chinese first, English beside (``?lang=en`` switches, a cookie remembers).

Labels that the CLI's reports also show (通过 / 退回修改, 错误, 警告 …) come from
``perfcheck.report.common.LABELS`` so that the page and the workbooks say the same thing.
"""

from __future__ import annotations

from perfcheck.report.common import LABELS

UI: dict[str, dict[str, str]] = {
    "zh": {
        "app": "绩效自评表校验", "switch": "English", "nav_check": "校验", "nav_rules": "规则目录",
        "nav_templates": "空白模板",
        "drop": "把工作簿、整个文件夹或 .zip 压缩包拖到这里", "or": "或",
        "pick_files": "选择文件", "pick_folder": "选择文件夹",
        "accepts": "支持 .xlsx .xlsm .xls .ods 与 .zip；文件只保存在本机，{hours} 小时后自动删除。",
        "limits": "单个文件不超过 {file} MB，一批不超过 {n} 个工作簿、{total} MB。",
        "batch": "第 {n} 批", "uploading": "正在上传…", "checking": "正在校验 {done}/{total}",
        "finished": "已完成：{total} 个文件", "cancelled": "已取消", "failed": "上传失败",
        "send_back_first": "需要退回的文件排在前面",
        "col_file": "文件", "col_unit": "单位", "col_verdict": "结论", "col_errors": "错误",
        "col_warnings": "警告", "col_infos": "提示", "col_actions": "操作",
        "look": "查看", "copy_label": "标注副本", "download_all": "全部下载（.zip）", "rollup": "汇总表",
        "export": "明细导出", "report_json": "JSON 报告",
        "skipped": "未校验的文件（不是工作簿，或是锁定文件、标注副本、汇总表）：", "notes": "提示：",
        "findings": "问题清单", "preview": "工作表预览", "no_findings": "未发现问题",
        "whole_workbook": "（整个工作簿）", "back": "返回结果", "click_hint": "点击问题可定位到单元格",
        "truncated": "仅显示前 {rows} 行、{cols} 列", "notes_col": "批注",
        "not_found": "找不到这批文件（可能已过期删除）", "unreadable_file": "无法读取，没有预览",
        "templates_title": "空白模板", "templates_hint": "下载与命令行 perfcheck template 相同的空白填报模板。",
        "tmpl_project": "项目支出绩效自评表", "tmpl_department": "部门整体支出绩效自评表",
        "tmpl_monitor": "项目支出绩效监控表",
        "rules_title": "规则目录", "rules_hint": "每条规则的代码、级别与说明（与 perfcheck rules 相同）。",
        "severity": "级别", "code": "代码", "rule": "规则", "detail": "详细说明",
        "token_needed": "需要访问令牌：请使用管理员提供的完整链接（含 ?token=…）。",
        "verdict_counts": "错误 {e}，警告 {w}，提示 {i}",
    },
    "en": {
        "app": "Self-assessment checker", "switch": "中文", "nav_check": "Check", "nav_rules": "Rules",
        "nav_templates": "Blank templates",
        "drop": "Drop workbooks, a whole folder or a .zip here", "or": "or",
        "pick_files": "Choose files", "pick_folder": "Choose a folder",
        "accepts": ".xlsx .xlsm .xls .ods and .zip; files stay on this machine and are deleted after {hours} h.",
        "limits": "At most {file} MB per file, {n} workbooks and {total} MB per batch.",
        "batch": "Batch {n}", "uploading": "Uploading…", "checking": "Checking {done}/{total}",
        "finished": "Done: {total} files", "cancelled": "Cancelled", "failed": "Upload failed",
        "send_back_first": "Files to send back come first",
        "col_file": "File", "col_unit": "Unit", "col_verdict": "Verdict", "col_errors": "Errors",
        "col_warnings": "Warnings", "col_infos": "Infos", "col_actions": "Actions",
        "look": "Look", "copy_label": "Annotated copy", "download_all": "Everything (.zip)", "rollup": "Roll-up",
        "export": "Tidy export", "report_json": "JSON report",
        "skipped": "Not checked (not a workbook, or a lock file, an annotated copy, a roll-up): ", "notes": "Notes: ",
        "findings": "Findings", "preview": "Sheet preview", "no_findings": "No findings",
        "whole_workbook": "(whole workbook)", "back": "Back to the results",
        "click_hint": "Click a finding to go to its cell",
        "truncated": "Only the first {rows} rows and {cols} columns are shown", "notes_col": "Notes",
        "not_found": "No such batch (it may have expired)", "unreadable_file": "Unreadable: no preview",
        "templates_title": "Blank templates",
        "templates_hint": "The same blank forms as perfcheck template.",
        "tmpl_project": "Project expenditure self-assessment", "tmpl_department": "Department overall self-assessment",
        "tmpl_monitor": "Project performance monitoring",
        "rules_title": "Rule catalog", "rules_hint": "Every rule's code, level and documentation (as perfcheck rules).",
        "severity": "Level", "code": "Code", "rule": "Rule", "detail": "Documentation",
        "token_needed": "An access token is needed: use the full link you were given (with ?token=…).",
        "verdict_counts": "{e} errors, {w} warnings, {i} infos",
    },
}

TEMPLATE_FILES = {"project": "绩效自评模板.xlsx", "department": "部门整体绩效自评模板.xlsx",
                  "monitor": "绩效监控模板.xlsx"}


def lang_of(value: object) -> str:
    return "en" if str(value) == "en" else "zh"


def words(lang: str) -> dict[str, str]:
    """The UI words plus the reports' labels for ``lang``."""
    from perfcheck.model import Severity

    lg = lang_of(lang)
    levels = {f"r_level_{s.value}": (s.zh if lg == "zh" else s.value) for s in Severity}
    return {**{f"r_{k}": v for k, v in LABELS[lg].items()}, **levels, **UI[lg]}
