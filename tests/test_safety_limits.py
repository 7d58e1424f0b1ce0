"""perfcheck/safety/limits.py: the shared wording of the safety checks (the limits themselves are tripped
by the hostile corpus of test_bad_input.py)."""

from __future__ import annotations

from perfcheck.errors import InputError
from perfcheck.safety.limits import MB, _encrypted, _mb, _oserr, _short


def test_sizes_in_megabytes() -> None:
    assert _mb(0) == "0.0 MB" and _mb(MB * 3 // 2) == "1.5 MB" and _mb(200 * MB + 1) == "200.0 MB"


def test_sheet_names_are_shown_printable_and_short() -> None:
    assert _short("项目1") == "项目1"
    assert _short("a\x00b\u202ec\n") == "a?b?c?"
    long = "表" * 61
    assert _short(long) == "表" * 57 + "..." and len(_short(long)) == 60
    assert _short("表" * 60) == "表" * 60


def test_encrypted_is_one_input_error_in_both_languages() -> None:
    err = _encrypted()
    assert isinstance(err, InputError) and err.kind == "encrypted"
    assert err.reason("zh").startswith("工作簿设置了打开密码，无法读取；请在 Excel/WPS 中取消密码")
    assert err.reason("en").startswith("the workbook is password protected; remove the password in Excel/WPS")


def test_os_errors_are_named() -> None:
    assert _oserr(PermissionError(13, "Permission denied")) == "Permission denied"
    assert _oserr(OSError()) == "OSError"
