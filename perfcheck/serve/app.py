"""The ASGI app: pages (Jinja2) and the JSON API on one Starlette application.

JSON API (documented in README.md):

  POST   /api/batches                 multipart, one or more fields ``files`` (workbooks, a folder's
                                      files with their relative names, .zip archives) → ``{"id"}``
  GET    /api/batches/{id}            ``{"state": "running"|"done"|"cancelled", "done", "total", "report"}``
  GET    /api/batches/{id}/copies/{i} the annotated copy of the i-th file (0-based, report order)
  GET    /api/batches/{id}/rollup     the roll-up (汇总.xlsx; batches of two or more files)
  GET    /api/batches/{id}/export     the tidy export (perfcheck.export.write_export)
  GET    /api/batches/{id}/zip        everything as one .zip
  DELETE /api/batches/{id}            cancel and delete

Pages: ``/`` (check), ``/batches/{id}`` (results), ``/batches/{id}/files/{i}`` (look), ``/rules``,
``/templates`` and ``/templates/{kind}``.  No route takes a path: a batch is named by its random id,
a file by its index.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import tempfile
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from perfcheck import __version__
from perfcheck.config import Config
from perfcheck.serve import work
from perfcheck.serve.batches import Batch, BatchManager
from perfcheck.serve.i18n import TEMPLATE_FILES, lang_of, words
from perfcheck.serve.upload import MultipartReceiver, UploadLimits, UploadRefused, extract_zip

HERE = Path(__file__).resolve().parent
TOKEN_COOKIE = "perfcheck_token"
LANG_COOKIE = "perfcheck_lang"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass
class Settings:
    data: Path | None = None                 # None: a temporary folder, removed at shutdown
    jobs: int = 1
    config: Config = field(default_factory=Config)
    token: str | None = None
    limits: UploadLimits = field(default_factory=UploadLimits)
    max_age: float = 24 * 3600               # seconds a batch is kept
    abandon_after: float = 120.0             # seconds without a status request before a running batch stops
    sweep_every: float = 30.0


# --------------------------------------------------------------------------------------------------
# Access token and host check (plain ASGI, so that streaming uploads pass through untouched)
# --------------------------------------------------------------------------------------------------


def _cookie(headers: list[tuple[bytes, bytes]], name: str) -> str | None:
    for k, v in headers:
        if k == b"cookie":
            for part in v.decode("latin-1").split(";"):
                key, _, value = part.strip().partition("=")
                if key == name:
                    return value
    return None


class Guard:
    """Refuses every request without the token (when there is one) and, without a token, every
    request whose Host is not this machine's loopback name (no DNS rebinding from a web page)."""

    def __init__(self, app: ASGIApp, token: str | None, server: Server | None = None) -> None:
        self.app = app
        self.token = token
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
        if self.token is None:
            host = next((v.decode("latin-1") for k, v in headers if k == b"host"), "")
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
            if name not in LOCAL_HOSTS:
                await _refuse(scope, receive, send, 400, "只接受本机访问 / local requests only")
                return
            await self.app(scope, receive, send)
            return
        from urllib.parse import parse_qs

        given: str | None = None
        from_query = False
        for k, v in headers:
            if k == b"authorization":
                scheme, _, value = v.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer":
                    given = value.strip()
        if given is None:
            q = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
            if q:
                given, from_query = q[0], True
        if given is None:
            given = _cookie(headers, TOKEN_COOKIE)
        if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
            await _refuse(scope, receive, send, 401, "需要访问令牌 / an access token is required")
            return
        if not from_query:
            await self.app(scope, receive, send)
            return
        cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
    resp = JSONResponse({"error": text}, status_code=status,
                        headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)
    await resp(scope, receive, send)


# --------------------------------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------------------------------


class Server:
    """The app's state: settings, batches, templates."""

    def __init__(self, settings: Settings, pool: ProcessPoolExecutor | None = None) -> None:
        self.settings = settings
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if settings.data is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="perfcheck-serve-")
            data = Path(self._tmp.name)
        else:
            data = settings.data
            data.mkdir(parents=True, exist_ok=True)
        self.data = data.resolve()
        self.manager = BatchManager(self.data, jobs=settings.jobs, config=settings.config,
                                    max_age=settings.max_age, abandon_after=settings.abandon_after, pool=pool)
        self.env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                               autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)

    def close(self) -> None:
        self.manager.shutdown()
        if self._tmp is not None:
            self._tmp.cleanup()

    # helpers ---------------------------------------------------------------------------------------
    @staticmethod
    def lang(request: Request) -> str:
        q = request.query_params.get("lang")
        if q in ("zh", "en"):
            return q
        return lang_of(request.cookies.get(LANG_COOKIE, "zh"))

    def page(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        lang = self.lang(request)
        w = words(lang)
        limits = self.settings.limits
        html = self.env.get_template(name).render(
            w=w, lang=lang, version=__version__, other="en" if lang == "zh" else "zh",
            limits=limits, hours=f"{self.settings.max_age / 3600:g}", path=request.url.path,
            ui_json=json.dumps(w, ensure_ascii=False), kinds=template_kinds(), **ctx)
        resp = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in ("zh", "en"):
            resp.set_cookie(LANG_COOKIE, lang, samesite="strict", httponly=True)
        return resp

    def batch_or_404(self, request: Request) -> Batch | Response:
        b = self.manager.get(request.path_params["bid"])
        if b is None:
            w = words(self.lang(request))
            return JSONResponse({"error": w["not_found"]}, status_code=404)
        return b


def template_kinds() -> tuple[str, ...]:
    from perfcheck.template import TEMPLATE_KINDS

    return tuple(TEMPLATE_KINDS)


def _download(path: Path, name: str, media: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") -> Response:
    if not path.is_file():
        return JSONResponse({"error": "没有这个文件 / no such file"}, status_code=404)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disp = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return FileResponse(path, media_type=media, headers={"Content-Disposition": disp})


def create_app(settings: Settings | None = None, *, pool: ProcessPoolExecutor | None = None) -> Guard:
    """The ASGI application (wrapped in the token / host guard).  ``pool``: the checking pool
    (:func:`~perfcheck.serve.batches.make_pool`); by default one is made at the first check."""
    st = Server(settings or Settings(), pool)
    m = st.manager

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        m.sweep()
        sweeper = asyncio.get_running_loop().create_task(m.sweeper(st.settings.sweep_every))
        try:
            yield
        finally:
            sweeper.cancel()
            st.close()

    # -- API --------------------------------------------------------------------------------------

    async def create_batch(request: Request) -> Response:
        lang = st.lang(request)
        limits = st.settings.limits
        ctype = request.headers.get("content-type", "")
        if not ctype.startswith("multipart/form-data"):
            return JSONResponse({"error": "需要 multipart/form-data 上传 / expected a multipart/form-data upload"},
                                status_code=400)
        from python_multipart.multipart import parse_options_header

        _, opts = parse_options_header(ctype)
        boundary = opts.get(b"boundary")
        if not boundary:
            return JSONResponse({"error": "缺少 boundary / no multipart boundary"}, status_code=400)
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limits.batch_bytes + 1024 * 1024:
            refused = UploadRefused(f"上传总量过大：一批上限 {limits.max_batch_mb} MB",
                                    f"the upload is too large: the limit for one batch is {limits.max_batch_mb} MB", 413)
            return JSONResponse({"error": refused.message(lang)}, status_code=413)
        bid, folder = m.new_folder()
        receiver = MultipartReceiver(boundary, folder / "in", folder / "spool", limits)
        try:
            async for chunk in request.stream():
                receiver.write(chunk)
            got = receiver.finish()
            for name, spooled in got.zips:
                extract_zip(name, spooled, folder / "in", limits, got)
        except UploadRefused as exc:
            receiver.close()
            m.discard_folder(folder)
            return JSONResponse({"error": exc.message(lang)}, status_code=exc.status)
        except ClientDisconnect:
            receiver.close()
            m.discard_folder(folder)
            return Response(status_code=400)
        except Exception as exc:  # noqa: BLE001 - a malformed body: one line, never a traceback
            receiver.close()
            m.discard_folder(folder)
            return JSONResponse({"error": f"上传格式错误 / malformed upload: {type(exc).__name__}"}, status_code=400)
        from perfcheck.runner import collect_inputs

        inputs = collect_inputs([folder / "in"])
        if not inputs:
            m.discard_folder(folder)
            return JSONResponse({"error": "未找到工作簿（.xlsx .xlsm .xls .ods）/ no workbook found"}, status_code=400)
        strict = request.query_params.get("strict") in ("1", "true")
        kept = set(inputs)
        own = [p.relative_to(folder / "in").as_posix() for p in got.files if p not in kept]   # lock files, checked copies
        m.start(bid, folder, inputs, lang=lang, strict=strict, skipped=[*got.skipped, *own])
        return JSONResponse({"id": bid}, status_code=201)

    async def batch_status(request: Request) -> Response:
        b = st.batch_or_404(request)
        if isinstance(b, Response):
            return b
        return Response(await asyncio.to_thread(m.status, b), media_type="application/json")

    async def batch_delete(request: Request) -> Response:
        b = st.batch_or_404(request)
        if isinstance(b, Response):
            return b
        m.delete(b)
        return JSONResponse({"id": b.id, "state": "deleted"})

    def _index(request: Request, b: Batch) -> int | None:
        raw = request.path_params["i"]
        return raw if isinstance(raw, int) and 0 <= raw < b.total else None

    async def copy(request: Request) -> Response:
        b = st.batch_or_404(request)
        if isinstance(b, Response):
            return b
        i = _index(request, b)
        name = b.copies[i] if i is not None and i < len(b.copies) and i < b.done else None
        if name is None:
            return JSONResponse({"error": "没有这个文件的标注副本 / no annotated copy for this file"}, status_code=404)
        media = "application/vnd.ms-excel.sheet.macroEnabled.12" if name.endswith(".xlsm") else \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(b.out_dir / name, Path(name).name, media)

    async def rollup(request: Request) -> Response:
        b = st.batch_or_404(request)
        if isinstance(b, Response):
            return b
        if b.state != "done" or b.rollup is None:
            return JSONResponse({"error": "没有汇总（一批两个以上文件、校验完成后才有）/ no roll-up (batches of two or "
                                          "more files, once done)"}, status_code=404)
        return _download(b.out_dir / b.rollup, b.rollup)

    async def export(request: Request) -> Response:
        b = st.batch_or_404(request)
        if isinstance(b, Response):
            return b
        if b.state != "done":
            return JSONResponse({"error": "校验尚未完成 / the batch is not done"}, status_code=409)
        dest = b.out_dir / "明细导出.xlsx"
        if not dest.is_file():
            try:
                await m.run(work.export, str(b.in_dir), b.rels, str(dest), st.settings.config)
            except ImportError:
                return JSONResponse({"error": "此版本没有明细导出 / this version has no tidy export"}, status_code=501)
            except Exception as exc:  # noqa: BLE001 - one line, never a traceback
                return JSONResponse({"error": f"明细导出失败 / the tidy export failed: {type(exc).__name__}: "
                                              f"{str(exc)[:200]}"}, status_code=500)
        return _download(dest, dest.name)

    async def everything(request: Request) -> Response:
        b = st.batch_or_404(request)
        if isinstance(b, Response):
            return b
        if b.state != "done":
            return JSONResponse({"error": "校验尚未完成 / the batch is not done"}, status_code=409)
        dest = b.folder / "perfcheck.zip"
        if not dest.is_file():
            export_file = b.out_dir / "明细导出.xlsx"
            if not export_file.is_file():
                with contextlib.suppress(Exception):      # the zip holds what there is
                    await m.run(work.export, str(b.in_dir), b.rels, str(export_file), st.settings.config)
            await asyncio.to_thread(_zip_all, b, dest)
        return _download(dest, f"perfcheck-{b.id[:8]}.zip", "application/zip")

    # -- pages ------------------------------------------------------------------------------------

    async def index(request: Request) -> Response:
        return st.page(request, "index.html")

    async def results(request: Request) -> Response:
        b = st.manager.get(request.path_params["bid"])
        if b is None:
            return st.page(request, "message.html", status=404, message=words(st.lang(request))["not_found"])
        return st.page(request, "results.html", b=b, rows=sorted_rows(b))

    async def table(request: Request) -> Response:
        b = st.manager.get(request.path_params["bid"])
        if b is None:
            return HTMLResponse("", status_code=404)
        return st.page(request, "_table.html", b=b, rows=sorted_rows(b))

    async def look(request: Request) -> Response:
        b = st.manager.get(request.path_params["bid"])
        lang = st.lang(request)
        if b is None or b.state != "done":
            return st.page(request, "message.html", status=404, message=words(lang)["not_found"])
        i = _index(request, b)
        if i is None:
            return st.page(request, "message.html", status=404, message=words(lang)["not_found"])
        doc = json.loads(b.report_path.read_text("utf-8"))
        entry = doc["files"][i]
        sheets: list[dict[str, Any]] = []
        if entry["readable"]:
            try:
                sheets = await m.run(work.preview, str(b.in_dir / b.rels[i]))
            except Exception:  # noqa: BLE001 - the preview is a convenience; the findings still show
                sheets = []
        view = build_look(entry, sheets, words(lang))
        return st.page(request, "look.html", b=b, i=i, entry=entry, view=view, row=b.rows[i] if i < len(b.rows) else None)

    async def rules(request: Request) -> Response:
        from perfcheck.report.catalog import static_catalog

        lang = st.lang(request)
        items = [r for r in static_catalog() if not r.get("removed")]
        return st.page(request, "rules.html", rules=items, lg=lang)

    async def templates(request: Request) -> Response:
        return st.page(request, "templates.html", files=TEMPLATE_FILES)

    async def template_file(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in template_kinds():
            return JSONResponse({"error": "没有这种模板 / no such template"}, status_code=404)
        lang = st.lang(request)
        folder = st.data / "templates"
        folder.mkdir(exist_ok=True)
        dest = folder / f"{kind}-{lang}.xlsx"
        if not dest.is_file():
            await m.run(work.template, kind, str(dest), lang)
        return _download(dest, TEMPLATE_FILES.get(kind, f"perfcheck-{kind}.xlsx"))

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", index),
        Route("/rules", rules),
        Route("/templates", templates),
        Route("/templates/{kind}", template_file),
        Route("/batches/{bid}", results),
        Route("/batches/{bid}/table", table),
        Route("/batches/{bid}/files/{i:int}", look),
        Route("/api/batches", create_batch, methods=["POST"]),
        Route("/api/batches/{bid}", batch_status, methods=["GET"]),
        Route("/api/batches/{bid}", batch_delete, methods=["DELETE"]),
        Route("/api/batches/{bid}/copies/{i:int}", copy),
        Route("/api/batches/{bid}/rollup", rollup),
        Route("/api/batches/{bid}/export", export),
        Route("/api/batches/{bid}/zip", everything),
        Route("/favicon.ico", favicon),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.server = st
    return Guard(app, st.settings.token, st)


def sorted_rows(b: Batch) -> list[dict[str, Any]]:
    """The results table: files to send back (unreadable or with errors) first, then in input order."""
    return sorted(b.rows, key=lambda r: (r["passed"], r["i"]))


def _zip_all(b: Batch, dest: Path) -> None:
    tmp = dest.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name in b.copies:
            if name is not None and (b.out_dir / name).is_file():
                z.write(b.out_dir / name, f"标注副本/{name}")
        if b.rollup and (b.out_dir / b.rollup).is_file():
            z.write(b.out_dir / b.rollup, b.rollup)
        if (b.out_dir / "明细导出.xlsx").is_file():
            z.write(b.out_dir / "明细导出.xlsx", "明细导出.xlsx")
        z.write(b.report_path, "report.json")
    tmp.replace(dest)


# --------------------------------------------------------------------------------------------------
# The look page's view: findings grouped by sheet (as the terminal report groups them), sheets with
# their marked cells.  Grouping and placing only: every finding comes from the report as checked.
# --------------------------------------------------------------------------------------------------


def _a1(col: int, row: int) -> str:
    letters = ""
    c = col + 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _parse_a1(ref: str) -> tuple[int, int] | None:
    first = ref.split(":")[0].replace("$", "").upper()
    letters = "".join(ch for ch in first if ch.isalpha())
    digits = "".join(ch for ch in first if ch.isdigit())
    if not letters or not digits:
        return None
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return col - 1, int(digits) - 1


SEV_RANK = {"error": 0, "warning": 1, "info": 2}


def build_look(entry: dict[str, Any], sheets: list[dict[str, Any]], w: dict[str, str]) -> dict[str, Any]:
    """Groups of findings (per sheet, in the report's order) and per sheet the cells to mark."""
    groups: dict[str, list[dict[str, Any]]] = {}
    sheet_index = {s["name"]: k for k, s in enumerate(sheets)}
    tables = []
    marks: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for n, f in enumerate(entry.get("findings", [])):
        item = dict(f, n=n, target=None)
        if f.get("sheet") in sheet_index and f.get("cell"):
            s = sheets[sheet_index[f["sheet"]]]
            pos = _parse_a1(f["cell"])
            if pos is not None:
                col, row = pos
                for r0, c0, r1, c1 in s["merges"]:
                    if r0 <= row <= r1 and c0 <= col <= c1:
                        row, col = r0, c0
                        break
                if row < len(s["rows"]) and (not s["rows"] or col < len(s["rows"][0])):
                    item["target"] = f"s{sheet_index[f['sheet']]}-{_a1(col, row)}"
                    marks.setdefault((f["sheet"], _a1(col, row)), []).append(item)
        groups.setdefault(f.get("sheet") or w["whole_workbook"], []).append(item)
    for k, s in enumerate(sheets):
        covered: set[tuple[int, int]] = set()
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for r0, c0, r1, c1 in s["merges"]:
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered.add((r, c))
        rows = []
        for r, values in enumerate(s["rows"]):
            cells: list[dict[str, Any]] = []
            notes: list[dict[str, Any]] = []
            for c, value in enumerate(values):
                if (r, c) in covered:
                    continue
                ref = _a1(c, r)
                found = marks.get((s["name"], ref), [])
                sev = min((x["severity"] for x in found), key=lambda v: SEV_RANK.get(v, 9)) if found else None
                rs, cs = spans.get((r, c), (1, 1))
                cells.append({"id": f"s{k}-{ref}", "ref": ref, "value": value, "sev": sev, "rowspan": rs,
                              "colspan": cs, "codes": " ".join(x["code"] for x in found)})
                notes.extend({"ref": ref, **x} for x in found)
            rows.append({"n": r + 1, "cells": cells, "notes": notes})
        ncols = len(s["rows"][0]) if s["rows"] else 0
        tables.append({"k": k, "name": s["name"], "rows": rows, "truncated": s["truncated"],
                       "letters": [_a1(c, 0)[:-1] for c in range(ncols)],
                       "marked": sum(1 for key in marks if key[0] == s["name"])})
    first = next((t["k"] for t in tables if t["marked"]), 0)     # open on the first sheet with a mark
    return {"groups": list(groups.items()), "tables": tables, "first": first}
