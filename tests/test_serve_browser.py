"""``perfcheck serve`` in headless Chromium (selenium + Debian's chromium-driver): what a reviewer does.

Choose the bundled samples with the page's file input, watch the batch finish, read the send-back
table, open a file's preview, click a finding and land on its cell, download the annotated copy and
find it says what the CLI's copy says.  Set PERFCHECK_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from support.browser import chromium
from support.servekit import SAMPLES, LiveServer, cli_document, copy_content

pytestmark = pytest.mark.browser


def _wait(cond: object, what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not cond():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _shots() -> Path | None:
    d = os.environ.get("PERFCHECK_SCREENSHOTS")
    return Path(d) if d else None


def test_reviewer_flow(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with LiveServer(tmp_path / "data", jobs=2) as live, chromium(downloads) as driver:
        driver.get(live.url + "/")
        assert "把工作簿" in driver.find_element(By.ID, "drop").text
        driver.find_element(By.ID, "pick-files").send_keys("\n".join(str(p) for p in SAMPLES))
        _wait(lambda: driver.find_elements(By.CSS_SELECTOR, ".batch.ready table.results"), "the results table")
        card = driver.find_element(By.CSS_SELECTOR, ".batch.ready")
        assert "已完成：3 个文件" in card.text
        assert card.find_element(By.CSS_SELECTOR, ".progress > div").get_attribute("style").find("100%") >= 0
        rows = card.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
        table = [(r.find_element(By.CSS_SELECTOR, "td.file").text, r.find_element(By.CSS_SELECTOR, "td.verdict").text)
                 for r in rows]
        assert table == [("共青城市工信局2023.xlsx", "退回修改"), ("典型错误.xlsx", "退回修改"), ("示例单位2023.xlsx", "通过")]
        if _shots():
            driver.save_screenshot(str(_shots() / "serve-results.png"))

        # download the annotated copy of 典型错误.xlsx and compare it with the CLI's
        bad = rows[1]
        bad.find_element(By.CSS_SELECTOR, "a.copy").click()
        target = downloads / "典型错误.checked.xlsx"
        _wait(lambda: target.exists() and not list(downloads.glob("*.crdownload")), "the download")
        _, cli_out = cli_document(SAMPLES, tmp_path / "cli")
        assert copy_content(target) == copy_content(cli_out / "典型错误.checked.xlsx")

        # open its preview and click a finding: the 项目2 sheet shows, its H6 cell is marked and in view
        bad.find_element(By.CSS_SELECTOR, "a.look").click()
        _wait(lambda: driver.find_elements(By.CSS_SELECTOR, ".findings"), "the look page")
        groups = [h.text for h in driver.find_elements(By.CSS_SELECTOR, ".findings h4")]
        assert groups == ["单位概况", "项目汇总", "项目1", "项目2", "项目3", "项目4"]
        finding = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tr.finding.go")
                       if "PC103" in r.text and "H6" in r.text)
        cell_id = finding.get_attribute("data-target")
        cell = driver.find_element(By.ID, cell_id)
        assert not cell.is_displayed()                           # on another sheet's tab until clicked
        finding.click()
        _wait(lambda: cell.is_displayed(), "the sheet to show")
        assert "flash" in cell.get_attribute("class") and "sev-error" in cell.get_attribute("class")
        assert cell.text == "94%" or cell.text.startswith("0.94")
        inside = driver.execute_script(
            "var r = arguments[0].getBoundingClientRect();"
            "return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;", cell)
        assert inside, "the cell was not scrolled into view"
        row = cell.find_element(By.XPATH, "./..")
        assert "PC103" in row.find_element(By.CSS_SELECTOR, "td.notes").text       # its note beside it
        if _shots():
            driver.save_screenshot(str(_shots() / "serve-preview.png"))

        # English, and back
        driver.find_element(By.ID, "lang-switch").click()
        _wait(lambda: "Findings" in driver.page_source, "the English page")
        driver.find_element(By.ID, "lang-switch").click()
        _wait(lambda: "问题清单" in driver.page_source, "the Chinese page")


def test_folder_upload_through_the_page(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    folder = tmp_path / "各单位"
    (folder / "农业").mkdir(parents=True)
    (folder / "农业" / "典型错误.xlsx").write_bytes(SAMPLES[2].read_bytes())
    (folder / "示例单位2023.xlsx").write_bytes(SAMPLES[1].read_bytes())
    (folder / "说明.txt").write_text("x", "utf-8")
    with LiveServer(tmp_path / "data", jobs=1) as live, chromium(tmp_path) as driver:
        driver.get(live.url + "/")
        driver.find_element(By.ID, "pick-folder").send_keys(str(folder))
        _wait(lambda: driver.find_elements(By.CSS_SELECTOR, ".batch.ready table.results"), "the results table")
        files = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.results td.file")]
        assert files == ["各单位/农业/典型错误.xlsx", "各单位/示例单位2023.xlsx"]
        assert "各单位/说明.txt" in driver.find_element(By.CSS_SELECTOR, ".batch.ready").text


def test_refusal_is_shown_on_the_page(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from perfcheck.serve.upload import UploadLimits

    big = tmp_path / "大文件.xlsx"
    big.write_bytes(b"PK" + b"\0" * (2 * 1024 * 1024))
    with LiveServer(tmp_path / "data", jobs=1, limits=UploadLimits(max_file_mb=1)) as live, \
            chromium(tmp_path) as driver:
        driver.get(live.url + "/")
        driver.find_element(By.ID, "pick-files").send_keys(str(big))
        _wait(lambda: driver.find_elements(By.CSS_SELECTOR, ".batch .error-line"), "the refusal")
        assert "大文件.xlsx：文件过大，单个文件上限 1 MB" in driver.find_element(By.CSS_SELECTOR, ".batch .error-line").text

