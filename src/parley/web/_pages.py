"""The read pages, each with its JSON twin (``/events`` and ``/events.json``, ...).

Each page is one function computing plain data (``*_data``); the HTML route renders it with a
template, the ``.json`` route returns it with ``"ok": true``. Reads are open unless the server
runs with ``--private``.
"""

from __future__ import annotations

import hmac
import math
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from parley.analysis.stance import talk_stance
from parley.live import recent_changes
from parley.records import PLOVER_TYPES
from parley.web._app import SESSION_COOKIE, WebContext
from parley.web._data import ActorIdentity, EventFilters, EventRowView
from parley.web._render import actor_url, article_url, chart, dyad_url, safe_url, segments

bearer = HTTPBearer(auto_error=False, description="PARLEY_TOKEN, for writes (and reads "
                    "when the server runs with --private)")
ISO_PREFIX = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: no filter (an empty form field)
YES_NO = r"^(true|false|)$"
MAX_TEXT_QUERY = 200


def context(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


def read_access(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> WebContext:
    ctx = context(request)
    if ctx.private and not (ctx.token_ok(request.headers.get("authorization"))
                            or ctx.session_ok(request.cookies.get(SESSION_COOKIE))):
        raise HTTPException(401, "this server is private: send Authorization: Bearer <token>, "
                            "or sign in at /login", headers={"WWW-Authenticate": "Bearer"})
    return ctx


Ctx = Annotated[WebContext, Depends(read_access)]
router = APIRouter()


def ok(data: dict[str, Any]) -> JSONResponse:
    return JSONResponse({"ok": True, **data})


def event_json(v: EventRowView) -> dict[str, Any]:
    d = v.event.model_dump(mode="json")
    d["article"] = {"id": v.event.article_id, "title": v.title, "outlet": v.outlet,
                    "published": v.published, "url": article_url(v.event.article_id)}
    return d


# --- home -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, summary="Home: what the store holds")
def home(ctx: Ctx) -> HTMLResponse:
    return ctx.render("home.html", title="Parley", counts=ctx.data.counts())


# --- the negotiation map ----------------------------------------------------------------


def map_data(ctx: WebContext, as_of: str | None, actor: str | None = None) -> dict[str, Any]:
    m = ctx.data.negotiation_map(as_of, actor)
    snap = ctx.data.snapshot()
    names: set[str] = set()
    for s in m.stances:
        names |= {s.actor, s.toward}
    for b in m.blockers:
        names |= {b.actor, b.toward}
    for t in m.talks:
        names |= set(t.between)
    parties = {n: actor_url(ctx.data.party_ref(n, snap)) for n in sorted(names)}
    return {**m.model_dump(mode="json"), "parties": parties}


AsOf = Annotated[str | None, Query(pattern=ISO_PREFIX, max_length=10,
                                   description="ISO date (2025-01-23, 2025-01 or 2025)")]


MapActor = Annotated[str | None, Query(max_length=MAX_TEXT_QUERY,
                                       description="only the entries of this party")]


@router.get("/map", response_class=HTMLResponse, summary="The negotiation map as a graph")
def map_page(ctx: Ctx, as_of: AsOf = None, actor: MapActor = None) -> HTMLResponse:
    data = map_data(ctx, as_of or None, actor or None)
    query = urlencode({k: v for k, v in (("as_of", as_of), ("actor", actor)) if v})
    return ctx.render("map.html", title="Negotiation map", m=data, as_of=as_of or "",
                      actor=actor or "", json_url="/map.json" + ("?" + query if query else ""))


@router.get("/map.json", summary="The negotiation map (the shape of parley map --format json)")
def map_json(ctx: Ctx, as_of: AsOf = None, actor: MapActor = None) -> JSONResponse:
    return ok(map_data(ctx, as_of or None, actor or None))


# --- the latest changes (the live feed's change log) ------------------------------------

MAX_SEQ = 2**31 - 1  # the change log's seq is a 32-bit integer column
Since = Annotated[int | None, Query(ge=0, le=MAX_SEQ, description=(
    "the cursor of the previous answer: only changes after change number SEQ (omit it for "
    "the latest ones)"))]
ChangeLimit = Annotated[int, Query(ge=1, le=200, description=(
    "at most this many changes, the latest ones"))]


def changes_data(ctx: WebContext, since: int | None, limit: int) -> dict[str, Any]:
    changes = recent_changes(ctx.store, since, limit=limit)
    if changes and since is not None:
        # something new was logged, so the store moved: let the next page (the map the poller
        # fetches next) see it at once rather than after the version check's TTL
        ctx.data.invalidate()
    cursor = max((c.seq for c in changes), default=since or 0)
    return {"changes": [c.model_dump(mode="json") for c in changes], "cursor": cursor}


@router.get("/changes.json", summary="The latest stance changes, new blockers and talks",
            description="The change log that `parley watch` keeps, oldest first. Poll it with "
            "`since` set to the `cursor` of the previous answer to get only what is new.")
def changes_json(ctx: Ctx, since: Since = None, limit: ChangeLimit = 200) -> JSONResponse:
    return ok(changes_data(ctx, since, limit))


# --- events -----------------------------------------------------------------------------


def events_data(ctx: WebContext, f: EventFilters, page: int, per_page: int) -> dict[str, Any]:
    rows, total = ctx.data.events_page(f, page, per_page)
    pages = max(1, math.ceil(total / per_page))

    def link(p: int) -> str | None:
        if p < 1 or p > pages:
            return None
        return "?" + urlencode({**f.query(), "page": p, "per_page": per_page})

    return {"filters": f.query(), "page": page, "per_page": per_page, "total": total,
            "pages": pages, "next": link(page + 1), "previous": link(page - 1),
            "events": [event_json(r) for r in rows]}


def event_filters(
    actor: Annotated[str | None, Query(max_length=MAX_TEXT_QUERY)] = None,
    type: Annotated[str | None, Query(max_length=20, description="PLOVER type")] = None,
    since: Annotated[str | None, Query(pattern=ISO_PREFIX, max_length=10)] = None,
    until: Annotated[str | None, Query(pattern=ISO_PREFIX, max_length=10)] = None,
    has_conditions: Annotated[str | None, Query(pattern=YES_NO,
                                                description="true or false")] = None,
    outlet: Annotated[str | None, Query(max_length=MAX_TEXT_QUERY)] = None,
) -> EventFilters:
    if type and type.upper() not in PLOVER_TYPES:
        raise HTTPException(400, f"unknown event type {type!r}; one of: "
                            + ", ".join(PLOVER_TYPES))
    return EventFilters(actor=actor or None, type=type or None, since=since or None,
                        until=until or None,
                        has_conditions=None if not has_conditions else has_conditions == "true",
                        outlet=outlet or None)


Filters = Annotated[EventFilters, Depends(event_filters)]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PerPage = Annotated[int, Query(ge=1, le=200)]


@router.get("/events", response_class=HTMLResponse, summary="Events table with filters")
def events_page(ctx: Ctx, f: Filters, page: Page = 1, per_page: PerPage = 50) -> HTMLResponse:
    data = events_data(ctx, f, page, per_page)
    return ctx.render("events.html", title="Events", d=data, types=PLOVER_TYPES,
                      outlets=ctx.data.outlets())


@router.get("/events.json", summary="Events (records as parley events --format jsonl), paged")
def events_json(ctx: Ctx, f: Filters, page: Page = 1, per_page: PerPage = 50) -> JSONResponse:
    return ok(events_data(ctx, f, page, per_page))


# --- articles ---------------------------------------------------------------------------


def article_data(ctx: WebContext, article_id: str) -> dict[str, Any]:
    art = ctx.data.store.get_article(article_id)
    if art is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    events = ctx.data.article_events(article_id)
    return {"article": art.model_dump(mode="json"),
            "events": [e.model_dump(mode="json") for e in events],
            "_events": events, "_article": art}


@router.get("/articles/{article_id:path}.json", summary="An article with its events")
def article_json(ctx: Ctx, article_id: str) -> JSONResponse:
    data = article_data(ctx, article_id)
    return ok({k: v for k, v in data.items() if not k.startswith("_")})


@router.get("/articles/{article_id:path}", response_class=HTMLResponse,
            summary="An article with each event's evidence highlighted")
def article_page(ctx: Ctx, article_id: str) -> HTMLResponse:
    data = article_data(ctx, article_id)
    art = data["_article"]
    events = data["_events"]
    refs: dict[str, str] = {}
    for ev in events:
        for r in (ev.source, ev.target, ev.said_by):
            if r is not None:
                refs[r.name] = actor_url(r.id or r.name)
    stances = {ev.id: talk_stance(ev) for ev in events}
    return ctx.render("article.html", title=art.title or art.id, article=art, events=events,
                      segments=segments(art.text, events), url=safe_url(art.url),
                      actor_urls=refs, numbers={ev.id: i + 1 for i, ev in enumerate(events)},
                      stances=stances, json_url=article_url(art.id) + ".json")


# --- actors -----------------------------------------------------------------------------


def roles_of(dict_id: str | None) -> list[dict[str, str | None]]:
    """Dated roles from the actor dictionary (country, sector, start, end, title)."""
    if not dict_id:
        return []
    from parley.nlp.actors import load_dictionary

    entry = load_dictionary().entries.get(dict_id)
    if entry is None:
        return []
    roles = sorted(entry.roles, key=lambda r: (r[2] or "", r[3] or "9999"))
    return [{"country": r[0], "sector": r[1], "start": r[2], "end": r[3], "title": r[4]}
            for r in roles]


def resolve(ctx: WebContext, ref: str) -> ActorIdentity:
    who = ctx.data.resolve_actor(ref)
    if who is None:
        raise HTTPException(404, f"no actor {ref!r} in the events (search for a name at /search)")
    return who


def actor_data(ctx: WebContext, ref: str, page: int, per_page: int) -> dict[str, Any]:
    who = resolve(ctx, ref)
    m = ctx.data.negotiation_map(None)
    index = ctx.data.snapshot().index
    keys = {f"id:{who.dict_id}"} if who.dict_id else set()
    keys |= index.match(who.name) if not keys else set()
    party_names = {index.name(k) for k in keys} or {who.name}
    rows, total = ctx.data.events_page(EventFilters(), page, per_page, actor_seqs=who.seqs)
    pages = max(1, math.ceil(total / per_page))
    return {
        "actor": {"ref": who.ref, "name": who.name, "id": who.dict_id, "names": who.names,
                  "countries": who.countries, "sectors": who.sectors,
                  "mentions": who.mentions, "roles": roles_of(who.dict_id)},
        "stances": [s.model_dump(mode="json") for s in m.stances
                    if {s.actor, s.toward} & party_names],
        "blockers": [b.model_dump(mode="json") for b in m.blockers
                     if {b.actor, b.toward} & party_names],
        "talks": [t.model_dump(mode="json") for t in m.talks if set(t.between) & party_names],
        "counterparts": [{"ref": r, "name": name, "events": n, "url": actor_url(r),
                          "dyad": dyad_url(who.ref, r)}
                         for r, name, n in ctx.data.counterparts(who.seqs)],
        "page": page, "per_page": per_page, "total": total, "pages": pages,
        "events": [event_json(r) for r in rows],
    }


@router.get("/actors/{ref:path}.json", summary="An actor: identity, roles, stances and events")
def actor_json(ctx: Ctx, ref: str, page: Page = 1, per_page: PerPage = 50) -> JSONResponse:
    return ok(actor_data(ctx, ref, page, per_page))


@router.get("/actors/{ref:path}", response_class=HTMLResponse, summary="An actor's page")
def actor_page(ctx: Ctx, ref: str, page: Page = 1, per_page: PerPage = 50) -> HTMLResponse:
    data = actor_data(ctx, ref, page, per_page)
    parties = {n: actor_url(ctx.data.party_ref(n)) for s in data["stances"] + data["blockers"]
               for n in (s["actor"], s["toward"])}
    return ctx.render("actor.html", title=data["actor"]["name"], d=data, parties=parties,
                      actor_url=actor_url, dyad_url=dyad_url)


# --- dyads ------------------------------------------------------------------------------


def dyad_data(ctx: WebContext, a_ref: str, b_ref: str) -> dict[str, Any]:
    a, b = resolve(ctx, a_ref), resolve(ctx, b_ref)
    t = ctx.data.dyad_timeline(a, b)
    return {"a": {"ref": a.ref, "name": a.name, "url": actor_url(a.ref)},
            "b": {"ref": b.ref, "name": b.name, "url": actor_url(b.ref)},
            "timeline": t.model_dump(mode="json"), "_timeline": t}


@router.get("/dyads/{a}/{b}.json", summary="Events between two actors and the weekly series")
def dyad_json(ctx: Ctx, a: str, b: str) -> JSONResponse:
    data = dyad_data(ctx, a, b)
    return ok({k: v for k, v in data.items() if not k.startswith("_")})


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse,
            summary="Timeline of two actors with a cooperation/conflict chart")
def dyad_page(ctx: Ctx, a: str, b: str) -> HTMLResponse:
    data = dyad_data(ctx, a, b)
    t = data["_timeline"]
    return ctx.render("dyad.html", title=f"{data['a']['name']} and {data['b']['name']}", d=data,
                      t=t, chart=chart(t))


# --- search -----------------------------------------------------------------------------


Q = Annotated[str, Query(max_length=MAX_TEXT_QUERY, description="words to look for")]


def search_data(ctx: WebContext, q: str, text: bool, limit: int) -> dict[str, Any]:
    q = " ".join(q.split())
    if not q:
        return {"q": q, "text": text, "articles": [], "actors": []}
    arts = ctx.data.search_articles(q, limit, text)
    return {
        "q": q, "text": text,
        "actors": [{**a, "url": actor_url(a["ref"])} for a in ctx.data.search_actors(q, limit)],
        "articles": [{"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published,
                      "url": article_url(a.id)} for a in arts],
    }


Limit = Annotated[int, Query(ge=1, le=200)]
InText = Annotated[bool, Query(description="also search article texts (a full scan: slower)")]


@router.get("/search", response_class=HTMLResponse, summary="Search articles and actors")
def search_page(ctx: Ctx, q: Q = "", text: InText = False, limit: Limit = 50) -> HTMLResponse:
    return ctx.render("search.html", title="Search", d=search_data(ctx, q, text, limit))


@router.get("/search.json", summary="Search articles (titles, outlets, ids) and actors")
def search_json(ctx: Ctx, q: Q = "", text: InText = False, limit: Limit = 50) -> JSONResponse:
    return ok(search_data(ctx, q, text, limit))


# --- signing in to a private server (browsers cannot send a bearer token) ---------------------


def local_path(value: str | None) -> str:
    """``value`` if it is a path on this server, else ``/`` (no open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    ctx = context(request)
    return ctx.render("login.html", title="Sign in", next=local_path(next), failed=False,
                      private=ctx.private)


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
async def login(request: Request) -> Response:
    """Form ``token=...&next=...``: sets an HttpOnly, SameSite=Strict session cookie derived
    from the token. The cookie only opens reads; writes still need the bearer token."""
    ctx = context(request)
    if request.headers.get("content-type", "").split(";")[0] != \
            "application/x-www-form-urlencoded":
        raise HTTPException(415, "send the sign-in form (application/x-www-form-urlencoded)")
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    token = (form.get("token") or [""])[0]
    target = local_path((form.get("next") or ["/"])[0])
    if not ctx.token or not hmac.compare_digest(token.encode(), ctx.token.encode()):
        return ctx.render("login.html", status=401, title="Sign in", next=target, failed=True,
                          private=ctx.private)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, ctx.session_value(), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout", include_in_schema=False)
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=308)
