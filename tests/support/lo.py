"""Headless LibreOffice for the real-client tests: convert a workbook and report what happened.

Tests that use it are marked ``libreoffice``; they skip when soffice is missing, except under CI
(CI=true), where a missing LibreOffice is a failure: .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed; .ci/run must install it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def convert(src: Path, fmt: str, outdir: Path, *, timeout: int = 180) -> Path:
    """``soffice --headless --convert-to fmt`` with a throw-away profile; returns the output path.

    fmt: "pdf", "xlsx" (a re-save: LibreOffice recomputes every formula on load and stores its
    own values), "csv" ...  Raises AssertionError with LibreOffice's output when nothing was written.
    """
    exe = soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as prof:
        cmd = [exe, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", fmt, "--outdir", str(outdir), str(src)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    ext = fmt.split(":")[0]
    out = outdir / f"{src.stem}.{ext}"
    assert out.exists() and out.stat().st_size > 0, (
        f"LibreOffice wrote no {ext} for {src}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return out
