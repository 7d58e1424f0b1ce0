"""A real ``perfcheck serve`` for the tests: uvicorn in a thread on a free local port, driven over HTTP.

    with LiveServer(tmp_path, jobs=2) as live:
        bid = live.upload([path, ...])          # POST /api/batches → id
        status = live.wait(bid)                 # polls GET /api/batches/{id} until not running

Also: the CLI's own JSON document for the same files (``cli_document``) and the findings and sheets
of an annotated copy (``copy_content``), to compare what the page gives with what the CLI gives.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from perfcheck.serve.app import Guard, Settings, create_app
from perfcheck.serve.batches import BatchManager, make_pool
from perfcheck.serve.upload import UploadLimits

REPO = Path(__file__).resolve().parents[2]
SAMPLES = [REPO / "samples" / "共青城市工信局2023.xlsx", REPO / "samples" / "good" / "示例单位2023.xlsx",
           REPO / "samples" / "bad" / "典型错误.xlsx"]
WAIT = 300.0          # a generous bound on a batch (a stuck server fails the test instead of hanging it)


class LiveServer:
    def __init__(self, data: Path, *, jobs: int = 2, token: str | None = None,
                 limits: UploadLimits | None = None, abandon_after: float = 120.0, sweep_every: float = 30.0,
                 max_age: float = 24 * 3600) -> None:
        self.settings = Settings(data=data, jobs=jobs, token=token, limits=limits or UploadLimits(),
                                 abandon_after=abandon_after, sweep_every=sweep_every, max_age=max_age)
        self.data = data
        self.token = token

    def __enter__(self) -> LiveServer:
        self.pool = make_pool(self.settings.jobs)
        self.app: Guard = create_app(self.settings, pool=self.pool)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self.client = httpx.Client(base_url=self.url, timeout=120, headers=headers)
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(60)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def manager(self) -> BatchManager:
        assert self.app.server is not None
        return self.app.server.manager

    def post(self, files: Iterable[tuple[str, bytes]], **kw: Any) -> httpx.Response:
        return self.client.post("/api/batches", files=[("files", (name, data)) for name, data in files], **kw)

    def upload(self, paths: Iterable[Path], **kw: Any) -> str:
        r = self.post([(p.name, p.read_bytes()) for p in paths], **kw)
        assert r.status_code == 201, r.text
        bid: str = r.json()["id"]
        return bid

    def wait(self, bid: str, seen: list[tuple[int, int]] | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while True:
            r = self.client.get(f"/api/batches/{bid}")
            assert r.status_code == 200, r.text
            s: dict[str, Any] = r.json()
            if seen is not None:
                seen.append((s["done"], s["total"]))
            if s["state"] != "running":
                return s
            assert time.monotonic() < deadline, f"batch {bid} still running: {s['done']}/{s['total']}"
            time.sleep(0.1)

    def batch_folders(self) -> list[str]:
        return sorted(n for n in os.listdir(self.data) if len(n) == 32)


def cli_document(files: Iterable[Path], work: Path, *, lang: str = "zh") -> tuple[dict[str, Any], Path]:
    """``perfcheck validate . --format json --out OUT`` run in a folder holding ``files``: the document
    (annotated and roll-up paths cut to their names, as the server gives them) and OUT."""
    from perfcheck.runner import run_validate

    folder = work / "cli-in"
    out = work / "cli-out"
    folder.mkdir(parents=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    buf = io.StringIO()
    old = Path.cwd()
    os.chdir(folder)
    try:
        run_validate([Path(".")], fmt="json", out=out, lang=lang, stdout=buf, stderr=io.StringIO(), jobs=1)
    finally:
        os.chdir(old)
    doc: dict[str, Any] = json.loads(buf.getvalue())
    return normalise(doc, out), out


def normalise(doc: dict[str, Any], out: Path | None = None) -> dict[str, Any]:
    """The CLI's document as the server gives it: the annotated copies and the roll-up relative to
    the output folder (the server names no server path)."""
    for f in doc["files"]:
        if f.get("annotated"):
            a = Path(f["annotated"])
            f["annotated"] = a.relative_to(out).as_posix() if out is not None and a.is_relative_to(out) else a.name
    if doc.get("rollup"):
        doc["rollup"] = Path(doc["rollup"]).name
    return doc


def copy_content(path: Path) -> dict[str, Any]:
    """What an annotated copy says, without the check time: the 校验结果 findings and project rows
    (from the header row on), and every other sheet's values, marked fills and comments."""
    import openpyxl

    from perfcheck.layout import SHEET_RESULT
    from perfcheck.report.result_sheet import HEADER_ROW

    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": wb.sheetnames}
    res = wb[SHEET_RESULT.zh]
    out["result_rows"] = [tuple(c.value for c in row[:12]) for row in res.iter_rows(min_row=HEADER_ROW)]
    for ws in wb.worksheets:
        if ws.title == SHEET_RESULT.zh:
            continue
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and c.comment is None:
                    continue
                fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.patternType == "solid" else None
                cells[c.coordinate] = (c.value, fill, c.comment.text if c.comment else None)
        out[ws.title] = cells
    return out
