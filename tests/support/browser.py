"""Headless Debian Chromium through selenium and /usr/bin/chromedriver for the page tests.

Tests that use it are marked ``browser``; they skip when chromium or chromedriver is missing, except
under CI (CI=true), where a missing browser is a failure: .ci/run installs it (as tests/support/lo.py does
for LibreOffice).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def executables() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if chromium is None or driver is None:
        if os.environ.get("CI"):
            pytest.fail("chromium / chromedriver are not installed; .ci/run must install them")
        pytest.skip("chromium / chromedriver are not installed")
    return chromium, driver


@contextmanager
def chromium(downloads: Path, *, width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A selenium WebDriver on a fresh profile that saves downloads to ``downloads``."""
    exe, driver_path = executables()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = exe
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.add_argument(f"--window-size={width},{height}")
    opts.add_argument("--lang=zh-CN")
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False,
                                           "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
