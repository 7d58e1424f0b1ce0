"""Run by the system python3 (python3-uno): a department fixing a cell in LibreOffice.

    python3 tests/support/lo_fix.py SRC.xlsx DEST.xlsx SHEET CELL VALUE

Starts a headless LibreOffice with a throw-away profile, opens SRC, sets SHEET!CELL to VALUE (a
number when it reads as one), saves as .xlsx ("Calc MS Excel 2007 XML") to DEST and quits.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main() -> int:
    src, dest, sheet, cell, value = sys.argv[1:6]
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "soffice not found"
    profile = tempfile.mkdtemp(prefix="lo-fix-")
    pipe = f"perfcheck_fix_{os.getpid()}"
    proc = subprocess.Popen([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
                             "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        remote = None
        for _ in range(240):
            try:
                remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        assert remote is not None, "LibreOffice did not start"
        desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                           (prop("Hidden", True),))
        target = doc.Sheets.getByName(sheet).getCellRangeByName(cell)
        try:
            target.setValue(float(value))
        except ValueError:
            target.setString(value)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dest)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        with contextlib.suppress(Exception):
            desktop.terminate()
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
