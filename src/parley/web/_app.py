"""The application factory: settings, templates, middleware, and the one error shape.

    app = create_app("parley.db", token=os.environ.get("PARLEY_TOKEN"), private=False)

Every JSON error, whatever raised it (a missing page, a bad parameter, a missing token, a body
too large, a bug), is ``{"ok": false, "error": "<message>", "status": <code>}`` with that HTTP
status; an HTML page gets the same message in the error template.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException

from parley.errors import InputError, ParleyError
from parley.store import Store
from parley.web._data import WebData
from parley.web._render import actor_url, article_url, dyad_url, safe_url
from parley.web._security import BodyLimit, SecurityHeaders

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_BODY = 10 * 1024 * 1024
JSON_API_PATHS = frozenset({"/articles", "/ingest", "/openapi.json"})
HTML_FORM_PATHS = frozenset({"/login", "/logout"})
SESSION_COOKIE = "parley_session"


@dataclass
class WebContext:
    """What the routes share: the store, its cached reads, the settings, the pipeline."""

    store: Store
    data: WebData
    templates: Environment
    token: str | None
    private: bool
    nlp_lock: threading.Lock = field(default_factory=threading.Lock)
    nlp: Any = None

    def token_ok(self, header: str | None) -> bool:
        if not self.token or not header:
            return False
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(value.strip().encode(), self.token.encode())

    def session_value(self) -> str:
        """The value of the browser session cookie of a private server: derived from the
        token (never the token itself), so it changes when the token does."""
        assert self.token
        return hmac.new(self.token.encode(), b"parley-web-session", hashlib.sha256).hexdigest()

    def session_ok(self, cookie: str | None) -> bool:
        if not self.token or not cookie:
            return False
        return hmac.compare_digest(cookie.encode(), self.session_value().encode())

    def render(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = self.templates.get_template(name).render(**values)
        return HTMLResponse(html, status_code=status)


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html", "svg", "xml"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.globals.update(actor_url=actor_url, dyad_url=dyad_url, article_url=article_url)
    return env


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path in HTML_FORM_PATHS:
        return False
    if path.endswith(".json") or path in JSON_API_PATHS or request.method not in ("GET", "HEAD"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, status: int, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": False, "error": message, "status": status},
                            status_code=status, headers=headers)
    ctx: WebContext | None = getattr(request.app.state, "web", None)
    if ctx is None:
        return HTMLResponse(f"<p>{status}</p>", status_code=status, headers=headers)
    login = None
    if status == 401 and ctx.private:
        target = request.url.path + ("?" + request.url.query if request.url.query else "")
        login = "/login?" + urlencode({"next": target})
    resp = ctx.render("error.html", status=status, title=f"Error {status}", status_code=status,
                      message=message, login_url=login)
    if headers:
        resp.headers.update(headers)
    return resp


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:10]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _warm(ctx: WebContext) -> None:
    try:
        ctx.data.negotiation_map(None)
        from parley.nlp.actors import load_dictionary

        load_dictionary()
    except Exception:  # noqa: BLE001 - warming is an optimisation; pages compute on demand
        log.exception("warming the caches failed; pages will compute them on first use")


def create_app(
    store: Store | str,
    *,
    token: str | None = None,
    private: bool = False,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    warm: bool = False,
) -> FastAPI:
    """The Parley web application over ``store`` (a Store or its location). Writes need
    ``token`` (sent as ``Authorization: Bearer <token>``; with no token writes are refused);
    with ``private`` every read needs it too. ``warm`` computes the cached map and actor index
    and loads the actor dictionary in a background thread at once, so that the first visitor
    does not wait for them."""
    from parley.web import _pages, _writes

    if isinstance(store, str):
        store = Store(store)
    store.migrate()
    app = FastAPI(
        title="Parley",
        summary="Political event data with conditions and provenance, and a negotiation map.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = WebContext(store=store, data=WebData(store), templates=make_templates(),
                               token=token or None, private=private)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(_pages.router)
    app.include_router(_writes.router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        headers = dict(exc.headers) if exc.headers else None
        return error_response(request, exc.status_code, str(exc.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError) -> Response:
        log.error("store or configuration error: %s", exc)
        return error_response(request, 503, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal error; the server log has the details")

    if warm:
        threading.Thread(target=_warm, args=(app.state.web,), name="parley-web-warm",
                         daemon=True).start()
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
