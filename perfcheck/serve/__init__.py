"""``perfcheck serve``: the checks behind a local web page, for reviewers who do not use a terminal.

    perfcheck serve [--host 127.0.0.1] [--port 8765] [--open] [--jobs N] [--config FILE] [--data DIR]
                    [--token T] [--max-file-mb 50] [--max-files 500] [--max-batch-mb 500]
                    [--keep-hours 24]

An ASGI app (Starlette, :mod:`perfcheck.serve.app`) served by uvicorn; pages rendered with Jinja2
from ``templates/``, scripts and styles in ``static/`` (package data: no CDN, no build step).  The
checks are the CLI's own (:func:`perfcheck.runner.check_one` in a process pool, the report written by
:class:`perfcheck.report.jsonout.JsonStream`, the roll-up by :func:`perfcheck.report.rollup.write_rollup`).

Safety: binds 127.0.0.1 by default; any other host needs an access token (``--token``, or one is
generated and printed), without which every request is refused.  See :mod:`.upload` for the upload
limits and the .zip checks, :mod:`.batches` for where files live and when they are deleted.
"""

from __future__ import annotations

import ipaddress
import secrets
import sys
import threading
import webbrowser
from pathlib import Path

from perfcheck.config import Config
from perfcheck.serve.upload import UploadLimits


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(*, host: str = "127.0.0.1", port: int = 8765, open_browser: bool = False, jobs: int = 1,
        config: Config | None = None, data: Path | None = None, token: str | None = None,
        limits: UploadLimits | None = None, keep_hours: float = 24.0) -> int:
    """Start the server and block until it is stopped (Ctrl+C).  Returns the exit status."""
    import uvicorn

    from perfcheck.serve.app import Settings, create_app
    from perfcheck.serve.batches import make_pool

    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(18)
    settings = Settings(data=data, jobs=jobs, config=config or Config(), token=token,
                        limits=limits or UploadLimits(), max_age=keep_hours * 3600)
    pool = make_pool(jobs)                       # forked before uvicorn starts any thread
    app = create_app(settings, pool=pool)
    server = app.server
    assert server is not None
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"perfcheck serve: {url}", file=sys.stderr)
    if token and not is_loopback(host):
        print("访问令牌 access token: " + token + "（请只发给同事 / share it with colleagues only）", file=sys.stderr)
    print(f"数据文件夹 data folder: {server.data}", file=sys.stderr)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    return 0
