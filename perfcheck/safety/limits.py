"""The limits and shared wording of the safety checks (see :mod:`perfcheck.safety`)."""

from __future__ import annotations

from perfcheck.errors import InputError

MB = 1024 * 1024
MAX_MEMBERS = 10_000            # a real workbook has tens of parts, a large one a few hundred
RATIO_FLOOR = 1 * MB            # the ratio limit applies to members that inflate above this
MIN_BYTES_PER_CELL = 16         # `<c r="A1" s="1"/>`: a sheet part's size bounds its cell count
HEAD = 4096                     # bytes read from the start of a member
MAX_PROLOG = 64 * 1024          # a real XML prolog is under 200 bytes
MAX_SMALL_PART = 1 * MB         # [Content_Types].xml, manifest.xml: read whole only if at most this

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SAVE_AS = "请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（.xlsx）再提交"
_SAVE_AS_EN = "open it in Excel or WPS and save it as an Excel workbook (.xlsx)"


def _oserr(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def _encrypted() -> InputError:
    return InputError(
        "encrypted",
        "工作簿设置了打开密码，无法读取；请在 Excel/WPS 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空）后另存再提交",
        "the workbook is password protected; remove the password in Excel/WPS "
        "(File → Info → Protect Workbook → Encrypt with Password, clear it) and save it again")


def _short(name: str) -> str:
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    return name if len(name) <= 60 else name[:57] + "..."
