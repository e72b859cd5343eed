"""A small HTTP server on 127.0.0.1 for the live tests: feeds with ETag/Last-Modified and
304s, article pages, faults (slow, 500, malformed, redirect loops) and a webhook receiver. It
counts every request and keeps its headers; it stops when the fixture ends (daemon threads;
a slow answer waits on an event that the shutdown sets)."""

from __future__ import annotations

import email.utils
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Handler = Callable[[Request, int], Reply]  # (request, how many times this path was asked)


class LiveServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        self.hooks: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        outer = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                req = Request(self.command, self.path, {k.lower(): v for k, v in
                                                        self.headers.items()}, body)
                with outer._lock:
                    outer.requests.append(req)
                    n = sum(1 for r in outer.requests if r.path == req.path)
                handler = outer.routes.get(self.path.split("?")[0])
                reply = handler(req, n) if handler else Reply(404, b"not found")
                if reply.delay:
                    outer.stopping.wait(reply.delay)
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.status != 304:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = _serve
            do_POST = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def count(self, path: str, method: str = "GET") -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path and r.method == method)

    def asked(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # --- routes ----------------------------------------------------------------------------

    def static(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8",
               status: int = 200) -> None:
        self.routes[path] = lambda req, n: Reply(status, body, {"Content-Type": content_type})

    def feed(self, path: str, versions: Callable[[int], bytes], *, etag: bool = True,
             last_modified: bool = True, content_type: str = "application/rss+xml") -> None:
        """A feed whose body is ``versions(n)`` at the n-th request, with validators derived
        from the body; a matching If-None-Match / If-Modified-Since gets a 304."""
        stamps: dict[str, str] = {}

        def handler(req: Request, n: int) -> Reply:
            body = versions(n)
            digest = hashlib.sha1(body).hexdigest()[:16]
            tag = f'"{digest}"'
            lm = stamps.setdefault(digest, email.utils.formatdate(
                1_740_000_000 + 3600 * len(stamps), usegmt=True))
            headers = {"Content-Type": content_type}
            if etag:
                headers["ETag"] = tag
            if last_modified:
                headers["Last-Modified"] = lm
            inm = req.headers.get("if-none-match")
            ims = req.headers.get("if-modified-since")
            if etag and inm is not None:
                if inm == tag:
                    return Reply(304, b"", headers)
            elif last_modified and ims is not None and ims == lm:
                return Reply(304, b"", headers)
            return Reply(200, body, headers)

        self.routes[path] = handler

    def webhook(self, path: str, fail_first: int = 0) -> None:
        def handler(req: Request, n: int) -> Reply:
            if n <= fail_first:
                return Reply(503, b"busy")
            with self._lock:
                self.hooks.append({"path": path, "headers": req.headers,
                                   "json": json.loads(req.body)})
            return Reply(200, b'{"ok": true}', {"Content-Type": "application/json"})

        self.routes[path] = handler


def serve() -> Iterator[LiveServer]:
    server = LiveServer().start()
    try:
        yield server
    finally:
        server.stop()
