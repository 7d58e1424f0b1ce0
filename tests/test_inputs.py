"""perfcheck/inputs.py: which files a run checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcheck.errors import UsageError
from perfcheck.inputs import collect_inputs


def test_folders_are_searched_for_workbooks_sorted_and_unique(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for rel in ("b/2.xlsx", "a/deep/1.XLSX", "a/3.xls", "a/4.ods", "a/5.xlsm"):
        (tmp_path / rel).write_bytes(b"not checked here")
    for rel in ("a/notes.txt", "a/6.csv", "a/7.docx", "a/~$lock.xlsx"):     # not workbooks; an Office lock file
        (tmp_path / rel).write_bytes(b"x")
    (tmp_path / "a" / "dir.xlsx").mkdir()                                  # a folder named like a workbook
    got = collect_inputs([tmp_path / "b", tmp_path / "a", tmp_path / "b" / "2.xlsx"])
    assert [p.relative_to(tmp_path).as_posix() for p in got] == [
        "a/3.xls", "a/4.ods", "a/5.xlsm", "a/deep/1.XLSX", "b/2.xlsx"]


def test_a_file_named_is_checked_whatever_its_name(tmp_path: Path) -> None:
    odd = tmp_path / "报表.txt"
    odd.write_text("x")
    assert collect_inputs([odd]) == [odd]


def test_a_rollup_in_a_folder_is_not_an_input(tmp_path: Path) -> None:
    import zipfile

    from perfcheck.outputs import ROLLUP_MARKER

    with zipfile.ZipFile(tmp_path / "汇总.xlsx", "w") as z:
        z.writestr("docProps/custom.xml", f"<Properties>{ROLLUP_MARKER}</Properties>")
    with zipfile.ZipFile(tmp_path / "单位.xlsx", "w") as z:
        z.writestr("docProps/custom.xml", "<Properties/>")
    assert [p.name for p in collect_inputs([tmp_path])] == ["单位.xlsx"]


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as err:
        collect_inputs([tmp_path / "没有.xlsx"])
    assert err.value.zh == f"{tmp_path / '没有.xlsx'}: 文件或文件夹不存在"
    assert err.value.text("en") == f"{tmp_path / '没有.xlsx'}: no such file or folder"
