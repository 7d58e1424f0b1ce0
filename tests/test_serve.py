"""``perfcheck serve`` over real HTTP: uvicorn on a free local port (tests/support/servekit.py), httpx as the client.

Upload, progress, results (the same document as ``perfcheck validate --format json``), downloads,
limits (enforced while streaming), the token, unsafe names and .zip archives, hostile files,
concurrent batches, cancelled and abandoned batches, a client that disconnects mid-upload.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import openpyxl
import pytest
from support.servekit import REPO, SAMPLES, LiveServer, cli_document, copy_content, normalise

from perfcheck.serve.upload import UploadLimits, safe_relpath

MB = 1024 * 1024


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("serve-data"), jobs=2) as server:
        yield server


@pytest.fixture(scope="module")
def samples_batch(live: LiveServer) -> tuple[str, dict[str, object], list[tuple[int, int]]]:
    seen: list[tuple[int, int]] = []
    bid = live.upload(SAMPLES)
    status = live.wait(bid, seen)
    return bid, status, seen


def _until(cond: object, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not cond():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


# --------------------------------------------------------------------------------------------------
# Upload, progress, results
# --------------------------------------------------------------------------------------------------


def test_upload_progress_and_the_same_report_as_the_cli(samples_batch: tuple, tmp_path: Path) -> None:
    bid, status, seen = samples_batch
    assert re.fullmatch(r"[0-9a-f]{32}", bid)
    assert status["state"] == "done" and status["done"] == status["total"] == 3
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and all(t == 3 for _, t in seen)        # progress only goes forward
    expected, _ = cli_document(SAMPLES, tmp_path)
    assert status["report"] == expected
    report = status["report"]
    assert [f["path"] for f in report["files"]] == sorted(p.name for p in SAMPLES)   # paths as uploaded
    assert report["rollup"] == "汇总.xlsx"
    assert all(f["annotated"] == Path(f["path"]).stem + ".checked.xlsx" for f in report["files"])
    assert str(live_data_marker := "serve-data") not in json.dumps(report)        # no server path
    assert live_data_marker


def test_results_table_sends_back_first(live: LiveServer, samples_batch: tuple) -> None:
    bid = samples_batch[0]
    html = live.client.get(f"/batches/{bid}").text
    rows = re.findall(r'<tr class="(pass|fail|unreadable)" data-index="(\d+)">', html)
    assert [c for c, _ in rows] == ["fail", "fail", "pass"]
    assert "示例单位2023.xlsx" in html.split('class="pass"')[1]
    assert re.findall(r'<td class="verdict">(.*?)</td>', html) == ["退回修改", "退回修改", "通过"]
    en = live.client.get(f"/batches/{bid}?lang=en")
    assert "returned for revision" in en.text and "passed" in en.text
    assert "perfcheck_lang=en" in en.headers["set-cookie"]          # remembered for the next pages
    assert "Rule catalog" in live.client.get("/rules").text
    live.client.cookies.clear()
    assert "规则目录" in live.client.get("/rules").text


def test_look_page_groups_findings_and_marks_cells(live: LiveServer, samples_batch: tuple) -> None:
    bid, status, _ = samples_batch
    i = [f["path"] for f in status["report"]["files"]].index("典型错误.xlsx")
    entry = status["report"]["files"][i]
    html = live.client.get(f"/batches/{bid}/files/{i}").text
    for f in entry["findings"]:
        assert f["message"].replace('"', "&#34;") in html
    # one group per sheet, in the report's order (as the terminal report groups them)
    sheets = list(dict.fromkeys(f["sheet"] for f in entry["findings"]))
    heads = re.findall(r"<h4>(.*?)</h4>", html)
    assert heads == sheets
    # every located finding points at a coloured cell of the preview
    targets = re.findall(r'data-target="(s\d+-[A-Z]+\d+)"', html)
    assert len(targets) == len(entry["findings"])
    for t in targets:
        assert re.search(rf'<td id="{t}"[^>]*class="mark sev-(error|warning|info)"', html), t
    assert 'id="s4-H6"' in html and "PC103" in html       # 项目2 H6: the execution rate


def test_downloads_copy_rollup_zip(live: LiveServer, samples_batch: tuple, tmp_path: Path) -> None:
    bid, status, _ = samples_batch
    _, cli_out = cli_document(SAMPLES, tmp_path)
    for i, f in enumerate(status["report"]["files"]):
        r = live.client.get(f"/api/batches/{bid}/copies/{i}")
        assert r.status_code == 200
        assert "filename*=UTF-8''" in r.headers["content-disposition"]
        got = tmp_path / f"got-{i}.xlsx"
        got.write_bytes(r.content)
        assert copy_content(got) == copy_content(cli_out / f["annotated"])
    r = live.client.get(f"/api/batches/{bid}/rollup")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[:4] == ["退回清单", "单位汇总", "项目明细", "规则统计"]
    units = [row[1] for row in wb["单位汇总"].iter_rows(min_row=2, values_only=True)]
    paths = [f["path"] for f in status["report"]["files"]]
    assert units == [*paths, f"{len(paths)} 个文件"]                   # the files, then the 合计 row
    r = live.client.get(f"/api/batches/{bid}/zip")
    assert r.status_code == 200
    names = set(zipfile.ZipFile(io.BytesIO(r.content)).namelist())
    assert {"汇总.xlsx", "report.json"} <= names
    assert {f"标注副本/{f['annotated']}" for f in status["report"]["files"]} <= names
    assert live.client.get(f"/api/batches/{bid}/copies/3").status_code == 404
    assert live.client.get(f"/api/batches/{'0' * 32}").status_code == 404
    assert live.client.get("/api/batches/..%2F..%2Fetc").status_code == 404


def test_tidy_export(live: LiveServer, samples_batch: tuple) -> None:
    """Needs perfcheck.export (issue 13): fails until that branch is merged."""
    bid = samples_batch[0]
    r = live.client.get(f"/api/batches/{bid}/export")
    assert r.status_code == 200, r.text
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    text = json.dumps([[c for c in row] for ws in wb.worksheets for row in ws.iter_rows(values_only=True)],
                      ensure_ascii=False, default=str)
    assert "典型错误.xlsx" in text and "PC103" in text


def test_templates_and_rule_catalog(live: LiveServer) -> None:
    from perfcheck.report.catalog import static_catalog
    from perfcheck.template import TEMPLATE_KINDS
    from perfcheck.template.empty import write_template

    page = live.client.get("/templates").text
    for kind in TEMPLATE_KINDS:
        assert f'href="/templates/{kind}"' in page
        r = live.client.get(f"/templates/{kind}")
        assert r.status_code == 200
        assert openpyxl.load_workbook(io.BytesIO(r.content)).sheetnames
    r = live.client.get("/templates/project")
    ours = Path(live.data) / "expected-template.xlsx"
    write_template(ours)
    assert openpyxl.load_workbook(io.BytesIO(r.content)).sheetnames == openpyxl.load_workbook(ours).sheetnames
    assert live.client.get("/templates/nonsense").status_code == 404
    rules = live.client.get("/rules").text
    for rule in static_catalog():
        if not rule.get("removed"):
            assert f'id="{rule["code"]}"' in rules


def test_static_assets_are_local(live: LiveServer) -> None:
    page = live.client.get("/").text
    assert "http://" not in page.replace(live.url, "") and "https://" not in page   # no CDN
    for asset in ("/static/style.css", "/static/app.js", "/static/look.js"):
        assert live.client.get(asset).status_code == 200


# --------------------------------------------------------------------------------------------------
# Names, folders and .zip archives
# --------------------------------------------------------------------------------------------------


def test_folder_upload_keeps_relative_paths(live: LiveServer, tmp_path: Path) -> None:
    good, bad = SAMPLES[1], SAMPLES[2]
    r = live.post([("材料/县农业局/" + bad.name, bad.read_bytes()), ("材料/" + good.name, good.read_bytes()),
                   ("材料/说明.txt", b"not a workbook"), ("材料/~$典型错误.xlsx", b"lock")])
    assert r.status_code == 201, r.text
    s = live.wait(r.json()["id"])
    assert [f["path"] for f in s["report"]["files"]] == ["材料/县农业局/典型错误.xlsx", "材料/示例单位2023.xlsx"]
    assert "材料/说明.txt" in live.client.get(f"/batches/{r.json()['id']}").text      # listed as not checked


@pytest.mark.parametrize("name", ["../evil.xlsx", "/etc/evil.xlsx", "C:/evil.xlsx", "a/../../evil.xlsx",
                                  "..\\evil.xlsx"])
def test_unsafe_upload_name_refused(live: LiveServer, name: str) -> None:
    before = live.batch_folders()
    r = live.post([(name, SAMPLES[1].read_bytes())])
    assert r.status_code == 400
    assert "不安全" in r.json()["error"]
    assert live.batch_folders() == before
    assert not (live.data.parent / "evil.xlsx").exists() and not Path("/etc/evil.xlsx").exists()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_of_a_folder(live: LiveServer) -> None:
    data = _zip({"2023/" + p.name: p.read_bytes() for p in SAMPLES} | {"__MACOSX/._x.xlsx": b"x"})
    r = live.post([("自评表.zip", data)])
    assert r.status_code == 201, r.text
    s = live.wait(r.json()["id"])
    assert [f["path"] for f in s["report"]["files"]] == ["2023/" + n for n in sorted(p.name for p in SAMPLES)]


@pytest.mark.parametrize("member", ["../../evil.xlsx", "/tmp/perfcheck-evil.xlsx", "ok/../../evil.xlsx",
                                    "C:\\evil.xlsx"])
def test_zip_path_traversal_refused(live: LiveServer, member: str) -> None:
    before = live.batch_folders()
    data = _zip({"good.xlsx": SAMPLES[1].read_bytes(), member: SAMPLES[2].read_bytes()})
    r = live.post([("x.zip", data)])
    assert r.status_code == 400
    assert "不安全" in r.json()["error"] and "x.zip" in r.json()["error"]
    assert live.batch_folders() == before                       # the batch folder is gone too
    for p in (live.data / "evil.xlsx", live.data.parent / "evil.xlsx", Path("/tmp/perfcheck-evil.xlsx")):
        assert not p.exists()


def test_zip_bomb_refused(live: LiveServer) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z, z.open("bomb.xlsx", "w", force_zip64=True) as f:
        block = b"\0" * MB
        for _ in range(40):                                    # 40 MB of zeros: ~40 KB deflated
            f.write(block)
    r = live.post([("bomb.zip", buf.getvalue())])
    assert r.status_code == 413
    assert "压缩炸弹" in r.json()["error"]


def test_zip_member_inflating_past_its_declared_size_stops(tmp_path: Path) -> None:
    from perfcheck.serve.upload import Received, UploadRefused, extract_zip

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.xlsx", b"x" * 4096)
    data = bytearray(raw.getvalue())
    # lie in the central directory: declare 10 bytes for a 4096-byte member
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    src = tmp_path / "lie.zip"
    src.write_bytes(bytes(data))
    (tmp_path / "in").mkdir()
    with pytest.raises(UploadRefused):
        extract_zip("lie.zip", src, tmp_path / "in", UploadLimits(), Received())
    assert list((tmp_path / "in").iterdir()) == []


def test_safe_relpath() -> None:
    assert str(safe_relpath("a/b/c.xlsx")) == "a/b/c.xlsx"
    assert str(safe_relpath("a\\b.xlsx")) == "a/b.xlsx"
    assert str(safe_relpath("./a//b.xlsx")) == "a/b.xlsx"
    for bad in ("", "/a.xlsx", "../a.xlsx", "a/../b.xlsx", "C:x.xlsx", "a\x00b", "a\u202eb.xlsx", "/".join("a" * 20)):
        assert safe_relpath(bad) is None, bad


# --------------------------------------------------------------------------------------------------
# Hostile files: the CLI's one-line reasons
# --------------------------------------------------------------------------------------------------


def test_hostile_files_get_the_cli_reasons(live: LiveServer, tmp_path: Path) -> None:
    from builders.hostile import billion_laughs_sheet, good_workbook, rewrite

    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "空文件.xlsx").write_bytes(b"")
    (folder / "其实是文本.xlsx").write_text("单位,金额\n甲,1\n", "utf-8")
    good = good_workbook(tmp_path / "g.xlsx")
    rewrite(good, folder / "实体炸弹.xlsx", {"xl/worksheets/sheet1.xml": billion_laughs_sheet()})
    files = sorted(folder.iterdir())
    r = live.post([(p.name, p.read_bytes()) for p in files])
    assert r.status_code == 201, r.text
    s = live.wait(r.json()["id"])
    expected, _ = cli_document(files, tmp_path / "cli")
    assert s["report"] == expected
    for f in s["report"]["files"]:
        assert not f["readable"] and f["error"].startswith(f["path"] + ": ") and "\n" not in f["error"]
    table = live.client.get(f"/batches/{r.json()['id']}").text
    assert re.findall(r'<td class="verdict">(.*?)</td>', table) == ["无法读取"] * 3


# --------------------------------------------------------------------------------------------------
# Limits, enforced while streaming
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    limits = UploadLimits(max_file_mb=1, max_files=3, max_batch_mb=3)
    with LiveServer(tmp_path_factory.mktemp("serve-small"), jobs=1, limits=limits) as server:
        yield server


def test_limit_file_size(small: LiveServer) -> None:
    r = small.post([("big.xlsx", b"PK" + b"\0" * (MB + 10))])
    assert r.status_code == 413
    assert "big.xlsx" in r.json()["error"] and "1 MB" in r.json()["error"]
    r = small.post([("big.xlsx", b"PK" + b"\0" * (MB + 10))], params={"lang": "en"})
    assert "limit for one file is 1 MB" in r.json()["error"]
    assert small.batch_folders() == []


def test_limit_file_count(small: LiveServer) -> None:
    data = SAMPLES[1].read_bytes()
    r = small.post([(f"{n}.xlsx", data) for n in range(4)])
    assert r.status_code == 413 and "3" in r.json()["error"]
    r = small.post([("four.zip", _zip({f"{n}.xlsx": data for n in range(4)}))])
    assert r.status_code == 413 and "3" in r.json()["error"]
    assert small.batch_folders() == []


def test_limit_batch_total(small: LiveServer) -> None:
    chunk = b"PK" + b"\0" * (MB - 100)
    r = small.post([(f"{n}.xlsx", chunk) for n in range(3)] + [("x.txt", chunk)])   # 4 MB > 3 MB
    assert r.status_code == 413 and "3 MB" in r.json()["error"]
    s = _raw_upload_head(small.port, 100 * MB, b"")          # refused from Content-Length, unread
    s.settimeout(60)
    assert s.recv(4096).startswith(b"HTTP/1.1 413")
    s.close()
    assert small.batch_folders() == []


def _raw_upload_head(port: int, length: int, first: bytes) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port))
    head = (f"POST /api/batches HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {length}\r\n\r\n").encode()
    part = b'--XyZ\r\nContent-Disposition: form-data; name="files"; filename="big.xlsx"\r\n\r\n'
    s.sendall(head + part + first)
    return s


def test_limit_enforced_while_streaming(small: LiveServer) -> None:
    """The server answers 413 as soon as one file passes 1 MB, before the client has sent the rest."""
    s = _raw_upload_head(small.port, 3 * MB - 1000, b"\0" * (MB + 1000))     # 2 MB of body never sent
    s.settimeout(60)
    answer = s.recv(4096)
    s.close()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    _until(lambda: small.batch_folders() == [], "the partial batch to be removed")


def test_client_disconnecting_mid_upload_leaves_nothing(small: LiveServer) -> None:
    s = _raw_upload_head(small.port, 2 * MB, b"\0" * 1000)
    _until(lambda: small.batch_folders() != [], "the upload to start")
    s.close()
    _until(lambda: small.batch_folders() == [], "the partial batch to be removed")
    assert small.manager.batches == {}


# --------------------------------------------------------------------------------------------------
# Token and host
# --------------------------------------------------------------------------------------------------


def test_token_required_for_every_request(tmp_path: Path) -> None:
    with LiveServer(tmp_path, jobs=1, token="s3cret-token-1") as live:
        bare = httpx.Client(base_url=live.url, timeout=60)
        for method, path in (("GET", "/"), ("GET", "/static/style.css"), ("GET", "/rules"),
                             ("POST", "/api/batches"), ("GET", "/api/batches/" + "0" * 32)):
            assert bare.request(method, path).status_code == 401, path
        assert bare.get("/", headers={"Authorization": "Bearer wrong-token"}).status_code == 401
        assert bare.get("/?token=wrong").status_code == 401
        r = bare.get("/?token=s3cret-token-1")
        assert r.status_code == 200 and "perfcheck_token=" in r.headers["set-cookie"]
        assert bare.get("/rules").status_code == 200                    # the cookie from the link
        bid = live.upload([SAMPLES[1]])                                 # Authorization: Bearer
        assert live.wait(bid)["state"] == "done"
        assert bare.get(f"/api/batches/{bid}").status_code == 200
        fresh = httpx.Client(base_url=live.url, timeout=60)
        assert fresh.get(f"/api/batches/{bid}/copies/0").status_code == 401
        assert fresh.get(f"/api/batches/{bid}/copies/0?token=s3cret-token-1").status_code == 200


def test_without_token_only_local_host_names(live: LiveServer) -> None:
    assert live.client.get("/", headers={"Host": "localhost:1"}).status_code == 200
    assert live.client.get("/", headers={"Host": "attacker.example:80"}).status_code == 400


def test_cli_serve_on_another_host_prints_a_token(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "perfcheck", "serve", "--host", "0.0.0.0", "--port", str(port),
                             "--jobs", "1", "--data", str(tmp_path / "data")],
                            stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        m = re.search(r"\?token=(\S+)", line)
        assert m, line
        token = m.group(1)
        url = f"http://127.0.0.1:{port}"
        _until(lambda: _get(url + "/?token=" + token) == 200, "the server to answer")
        assert _get(url + "/") == 401
        assert _get(url + "/static/app.js") == 401
    finally:
        proc.terminate()
        proc.wait(60)


def _get(url: str) -> int:
    try:
        return httpx.get(url, timeout=5).status_code
    except httpx.TransportError:
        return 0


@pytest.mark.parametrize("args", [["--token", "short"], ["--config", "/nonexistent/perfcheck.toml"],
                                  ["--data", str(REPO / "README.md")]])
def test_cli_serve_usage_errors(args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    r = subprocess.run([sys.executable, "-m", "perfcheck", "serve", *args], capture_output=True, text=True,
                       env=env, timeout=60)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stderr.startswith("perfcheck: ")


# --------------------------------------------------------------------------------------------------
# Several users at once
# --------------------------------------------------------------------------------------------------


def _many(tmp_path: Path, n: int) -> list[tuple[str, bytes]]:
    data = SAMPLES[2].read_bytes()
    return [(f"单位{k:03d}.xlsx", data) for k in range(n)]


def test_a_large_batch_does_not_block_a_small_one(tmp_path: Path) -> None:
    with LiveServer(tmp_path, jobs=1) as live:
        big = live.post(_many(tmp_path, 16)).json()["id"]
        small = live.upload([SAMPLES[1]])
        s_small = live.wait(small)
        s_big = live.client.get(f"/api/batches/{big}").json()
        assert s_small["state"] == "done"
        assert s_big["state"] == "running" and s_big["done"] < s_big["total"]   # round-robin: not behind 16
        assert live.wait(big)["state"] == "done"


def test_concurrent_uploads(live: LiveServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def one(k: int) -> dict[str, object]:
        with httpx.Client(base_url=live.url, timeout=120) as c:
            r = c.post("/api/batches", files=[("files", (f"用户{k}.xlsx", SAMPLES[k % 3].read_bytes()))])
            assert r.status_code == 201, r.text
            bid = r.json()["id"]
            while (s := c.get(f"/api/batches/{bid}").json())["state"] == "running":
                time.sleep(0.1)
            return s

    with ThreadPoolExecutor(6) as ex:
        results = list(ex.map(one, range(6)))
    assert [r["report"]["files"][0]["path"] for r in results] == [f"用户{k}.xlsx" for k in range(6)]
    # each user's report is that user's file, with that file's findings
    for k, r in enumerate(results):
        assert (r["report"]["summary"]["errors"] == 0) == (k % 3 == 1)


def test_cancelled_batch_stops_handing_out_work(tmp_path: Path) -> None:
    with LiveServer(tmp_path, jobs=1) as live:
        bid = live.post(_many(tmp_path, 12)).json()["id"]
        batch = live.manager.batches[bid]
        r = live.client.delete(f"/api/batches/{bid}")
        assert r.status_code == 200
        _until(lambda: live.manager.inflight == 0, "the pool to be idle")
        assert batch.state == "cancelled" and batch.done < batch.total and not batch.pending
        assert live.client.get(f"/api/batches/{bid}").status_code == 404
        assert live.batch_folders() == []


def test_abandoned_batch_is_cancelled(tmp_path: Path) -> None:
    # 60 files at one worker take many seconds, far beyond the 0.5 s after which nobody asking
    # about the batch means it was abandoned (12 files could all be done before that)
    with LiveServer(tmp_path, jobs=1, abandon_after=0.5, sweep_every=0.1) as live:
        bid = live.post(_many(tmp_path, 60)).json()["id"]      # and never asked about again
        batch = live.manager.batches[bid]
        _until(lambda: batch.state == "cancelled", "the batch to be given up")
        _until(lambda: live.manager.inflight == 0, "the pool to be idle")
        assert batch.done < batch.total and not batch.pending


def test_old_batches_are_deleted(tmp_path: Path) -> None:
    stale = tmp_path / ("ab" * 16)
    stale.mkdir()
    (stale / "batch.json").write_text("{}")
    os.utime(stale / "batch.json", (time.time() - 7200, time.time() - 7200))
    keep = tmp_path / "not-a-batch"
    keep.mkdir()
    with LiveServer(tmp_path, jobs=1, max_age=3600, sweep_every=0.2) as live:
        _until(lambda: not stale.exists(), "the stale folder to be deleted")
        bid = live.upload([SAMPLES[1]])
        live.wait(bid)
        live.manager.max_age = 0.0
        _until(lambda: bid not in live.manager.batches and not (tmp_path / bid).exists(), "expiry")
        assert live.client.get(f"/api/batches/{bid}").status_code == 404
    assert keep.exists()


def test_report_json_is_the_document_streamed(live: LiveServer, samples_batch: tuple) -> None:
    bid, status, _ = samples_batch
    text = (live.data / bid / "report.json").read_text("utf-8")
    assert json.loads(text) == status["report"]
    assert normalise(json.loads(text)) == status["report"]


def test_templates_and_assets_are_package_data() -> None:
    """Every page template and asset is installed with the package (no CDN, no build step)."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["perfcheck"]
    serve = REPO / "perfcheck" / "serve"
    files = [p.relative_to(REPO / "perfcheck").as_posix() for d in ("templates", "static") for p in (serve / d).iterdir()]
    assert len(files) >= 10
    for f in files:
        assert any(fnmatch.fnmatch(f, pat) for pat in patterns), f
