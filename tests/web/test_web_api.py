"""The web application in process: JSON twins, the one error shape, token-protected writes that
change nothing without the token, the body-size limit, security headers and no inline script."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest
from webtools import TOKEN, store_counts

from parley.records import Condition, Event
from parley.web._render import safe_url, segments
from parley.web._security import CSP

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ENGLISH = ("The foreign ministers met in Geneva on Monday and agreed to continue the talks "
           "about the ceasefire, officials said after the meeting ended late in the evening.")


def seed_article_id(client: Any) -> str:
    found = client.get("/search.json", params={"q": "Zelensky Open"}).json()
    return str(found["articles"][0]["id"])


# --- twins --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/map", "/events", "/events?type=AGREE&has_conditions=true", "/search?q=putin",
    "/actors/VOLODYMYR_ZELENSKY", "/actors/Zelensky", "/dyads/Zelensky/Putin",
    "/map?as_of=2023-01-01",
])
def test_web_api_every_page_has_a_json_twin(client: Any, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    base, _, query = path.partition("?")
    twin = client.get(base + ".json" + ("?" + query if query else ""))
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    assert twin.json()["ok"] is True


def test_web_api_article_twin_has_text_and_events(client: Any) -> None:
    aid = seed_article_id(client)
    data = client.get(f"/articles/{aid}.json").json()
    assert data["article"]["published"] == "2025-01-23"
    events = [Event.model_validate(e) for e in data["events"]]
    assert any(e.conditions for e in events)
    assert client.get(f"/articles/{aid}").status_code == 200


def test_web_api_map_json_is_the_map_with_parties(client: Any) -> None:
    data = client.get("/map.json").json()
    assert {"as_of", "stances", "blockers", "talks", "same_side", "parties"} <= set(data)
    names = {s["actor"] for s in data["stances"]} | {s["toward"] for s in data["stances"]}
    assert names <= set(data["parties"])
    assert all(u.startswith("/actors/") for u in data["parties"].values())


def test_web_api_map_restricted_to_one_party(client: Any) -> None:
    data = client.get("/map.json", params={"actor": "Trump"}).json()
    assert data["stances"]
    for s in data["stances"]:
        assert "Donald Trump" in (s["actor"], s["toward"])
    everything = client.get("/map.json").json()
    assert len(data["stances"]) < len(everything["stances"])
    assert client.get("/map", params={"actor": "Trump"}).status_code == 200


def test_web_api_events_filters_and_paging(client: Any) -> None:
    everything = client.get("/events.json", params={"per_page": 200}).json()
    conditional = client.get("/events.json", params={"has_conditions": "true"}).json()
    assert 0 < conditional["total"] < everything["total"]
    assert all(e["conditions"] for e in conditional["events"])
    first = client.get("/events.json", params={"per_page": 2}).json()
    second = client.get(first["next"].replace("?", "/events.json?")).json()
    assert first["pages"] == -(-everything["total"] // 2)
    assert [e["id"] for e in first["events"] + second["events"]] == \
        [e["id"] for e in everything["events"][:4]]
    putin = client.get("/events.json", params={"actor": "Putin"}).json()
    assert 0 < putin["total"] < everything["total"]
    assert client.get("/events.json", params={"outlet": "no such outlet"}).json()["total"] == 0
    later = client.get("/events.json", params={"since": "2026"}).json()
    assert later["total"] == 0


def test_web_api_search_finds_articles_and_actors(client: Any) -> None:
    data = client.get("/search.json", params={"q": "zelensky"}).json()
    assert any(a["ref"] == "VOLODYMYR_ZELENSKY" for a in data["actors"])
    assert data["articles"]
    assert client.get("/search.json", params={"q": "guarantees", "text": "true"}).json()[
        "articles"]
    assert client.get("/search.json", params={"q": "   "}).json()["articles"] == []


# --- the one error shape -------------------------------------------------------------------


ERRORS: list[tuple[str, str, dict[str, str], Any, int]] = [
    ("GET", "/articles/no-such-article.json", {}, None, 404),
    ("GET", "/actors/Nobody%20At%20All.json", {}, None, 404),
    ("GET", "/no/such/page.json", {}, None, 404),
    ("GET", "/events.json?type=DANCE", {}, None, 400),
    ("GET", "/map.json?as_of=2025-13-45", {}, None, 400),
    ("GET", "/map.json?actor=Nobody%20Whatsoever", {}, None, 400),
    ("POST", "/articles", {}, {"text": ENGLISH}, 401),
    ("POST", "/ingest", {"Authorization": "Bearer wrong"}, {"articles": [{"text": ENGLISH}]}, 401),
    ("POST", "/articles", AUTH, "x" * (11 * 1024 * 1024), 413),
    ("GET", "/events.json?since=yesterday", {}, None, 422),
    ("GET", "/events.json?page=0", {}, None, 422),
    ("POST", "/articles", AUTH, {"txt": "no text field"}, 422),
    ("POST", "/articles", AUTH, "{not json", 422),
    ("POST", "/ingest", AUTH, {"articles": []}, 422),
    ("POST", "/articles", AUTH, {"text": ENGLISH, "published": "not a date"}, 422),
    ("DELETE", "/articles", AUTH, None, 405),
]


@pytest.mark.parametrize(("method", "path", "headers", "body", "status"), ERRORS)
def test_web_api_json_errors_share_one_shape(client: Any, method: str, path: str,
                                              headers: dict[str, str], body: Any,
                                              status: int) -> None:
    kwargs: dict[str, Any] = {"headers": dict(headers)}
    if isinstance(body, str):
        kwargs["content"] = body.encode()
        kwargs["headers"]["content-type"] = "application/json"
    elif body is not None:
        kwargs["json"] = body
    response = client.request(method, path, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"ok", "error", "status"}
    assert data["ok"] is False and data["status"] == status
    assert isinstance(data["error"], str) and data["error"]


def test_web_api_html_errors_are_pages(client: Any) -> None:
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no article with id" in response.text


# --- writes --------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"},
                                     {"Authorization": TOKEN}, {"Authorization": "Basic x"}])
def test_web_api_writes_without_the_token_change_nothing(client: Any, seed_db: Path,
                                                         headers: dict[str, str]) -> None:
    before = store_counts(seed_db)
    one = client.post("/articles", json={"text": ENGLISH}, headers=headers)
    many = client.post("/ingest", json={"articles": [{"text": ENGLISH}]}, headers=headers)
    assert (one.status_code, many.status_code) == (401, 401)
    assert one.headers["www-authenticate"] == "Bearer"
    assert store_counts(seed_db) == before


def test_web_api_writes_disabled_without_a_server_token(seed_db: Path) -> None:
    from fastapi.testclient import TestClient

    from parley.web import create_app

    before = store_counts(seed_db)
    with TestClient(create_app(str(seed_db), token=None)) as c:
        response = c.post("/articles", json={"text": ENGLISH}, headers={"Authorization": "Bearer "})
    assert response.status_code == 401
    assert "PARLEY_TOKEN" in response.json()["error"]
    assert store_counts(seed_db) == before


def test_web_api_batch_with_one_bad_record_writes_nothing(client: Any, seed_db: Path) -> None:
    before = store_counts(seed_db)
    response = client.post("/ingest", headers=AUTH, json={"articles": [
        {"text": ENGLISH, "id": "good-one"},
        {"text": ENGLISH + " Again.", "published": "the 45th of Smarch"},
    ]})
    assert response.status_code == 422
    assert "[1]" in response.json()["error"]
    assert store_counts(seed_db) == before


def test_web_api_20mb_body_is_refused(client: Any, seed_db: Path) -> None:
    before = store_counts(seed_db)
    body = json.dumps({"articles": [{"text": "word " * (4 * 1024 * 1024)}]}).encode()
    assert len(body) > 20_000_000
    response = client.post("/ingest", content=body,
                           headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert store_counts(seed_db) == before


def test_web_api_streamed_body_is_cut_off_at_the_limit(seed_db: Path) -> None:
    """A chunked body with no Content-Length: 413 once the limit is passed, the rest unread."""
    from parley.web import create_app

    app = create_app(str(seed_db), token=TOKEN, max_body_bytes=1_000_000)
    chunk = b"x" * 65536
    total_chunks = 320  # 20 MB
    sent = {"chunks": 0}
    messages: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        sent["chunks"] += 1
        more = sent["chunks"] < total_chunks
        return {"type": "http.request", "body": chunk, "more_body": more}

    async def send(message: MutableMapping[str, Any]) -> None:
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/ingest", "raw_path": b"/ingest",
             "root_path": "", "query_string": b"", "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80),
             "headers": [(b"content-type", b"application/json"),
                         (b"authorization", f"Bearer {TOKEN}".encode()),
                         (b"transfer-encoding", b"chunked")]}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    assert start["status"] == 413
    assert sent["chunks"] <= 1_000_000 // len(chunk) + 2
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    assert json.loads(body)["status"] == 413


@pytest.mark.slow
def test_web_api_post_article_extracts_and_stores(client: Any, seed_db: Path) -> None:
    before = store_counts(seed_db)
    article = {"id": "api-1", "title": "Talks", "published": "2025-02-03", "outlet": "Reuters",
               "text": "Russian President Vladimir Putin said on Tuesday he was ready to meet "
                       "Ukrainian President Volodymyr Zelensky if security guarantees were "
                       "given, Reuters reported."}
    response = client.post("/articles", json=article, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["outcome"] == "stored"
    after = store_counts(seed_db)
    assert after[0] == before[0] + 1 and after[1] == before[1] + response.json()["events"]
    again = client.post("/articles", json=article, headers=AUTH)
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert store_counts(seed_db) == after
    shown = client.get("/articles/api-1.json").json()
    assert shown["article"]["outlet"] == "Reuters"
    assert len(shown["events"]) == response.json()["events"]


# --- security ------------------------------------------------------------------------------


def pages(client: Any) -> list[str]:
    return ["/", "/map", "/events", "/search?q=zel", "/actors/VOLODYMYR_ZELENSKY",
            "/dyads/Zelensky/Putin", f"/articles/{seed_article_id(client)}", "/nowhere"]


def test_web_api_pages_have_strict_headers_and_no_inline_script(client: Any) -> None:
    for path in pages(client):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        html = response.text
        for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
            assert re.search(r'\bsrc="/static/[\w.-]+\.js"', tag) or \
                'type="application/json"' in tag, (path, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, flags=re.I), path
        assert "javascript:" not in html.lower(), path
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_web_api_private_server_needs_the_token_to_read(seed_db: Path) -> None:
    from fastapi.testclient import TestClient

    from parley.web import create_app

    with TestClient(create_app(str(seed_db), token=TOKEN, private=True)) as c:
        refused = c.get("/map.json")
        assert refused.status_code == 401 and refused.json()["status"] == 401
        assert c.get("/events").status_code == 401
        assert c.get("/map.json", headers=AUTH).status_code == 200
        page = c.get("/events?type=AGREE")
        assert page.status_code == 401 and "/login?next=%2Fevents%3Ftype%3DAGREE" in page.text
        assert c.get("/login").status_code == 200
        wrong = c.post("/login", data={"token": "nope", "next": "/map"}, follow_redirects=False)
        assert wrong.status_code == 401 and "parley_session" not in wrong.cookies
        for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            away = c.post("/login", data={"token": TOKEN, "next": evil}, follow_redirects=False)
            assert away.headers["location"] == "/"
        signed = c.post("/login", data={"token": TOKEN, "next": "/map"}, follow_redirects=False)
        assert signed.status_code == 303 and signed.headers["location"] == "/map"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
        assert c.get("/map.json").status_code == 200  # the client keeps the cookie
        before = store_counts(seed_db)
        write = c.post("/articles", json={"text": ENGLISH})
        assert write.status_code == 401  # the session opens reads only
        assert store_counts(seed_db) == before
        c.post("/logout")
        assert c.get("/map.json").status_code == 401


def test_web_api_openapi_describes_the_api(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/map.json", "/events.json", "/articles/{article_id}.json",
                 "/actors/{ref}.json", "/dyads/{a}/{b}.json", "/search.json"):
        assert "get" in paths[path]
    assert "post" in paths["/articles"] and "post" in paths["/ingest"]


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a?b=1", True), ("http://example.org", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:x", False),
    ("java\tscript:alert(1)", False), ("data:text/html,<script>", False), ("//evil.org", False),
    ("/relative", False), ("vbscript:x", False), ("", False), (None, False),
    ('https://example.org/"onmouseover="x', False),
])
def test_web_api_safe_url_allows_only_http_links(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_web_api_segments_cover_the_text_once() -> None:
    text = "Putin will talk to Zelensky if he wins an election, Reuters said."
    ev = Event(id="e1", type="AGREE", span=(0, 50), trigger_span=(6, 15),
               conditions=[Condition(text="he wins an election", kind="precondition",
                                     span=(31, 50))])
    other = Event(id="e2", type="CONSULT", span=(19, 200))
    segs = segments(text, [ev, other])
    assert "".join(s.text for s in segs) == text
    covered = {s.text: s for s in segs}
    assert covered["will talk"].trigger and covered["will talk"].events == ["e1"]
    assert covered["he wins an election"].conditions == ["e1"]
    assert covered["he wins an election"].events == ["e1", "e2"]
    assert segs[-1].events == ["e2"]


def test_web_api_map_data_block_cannot_close_its_script_tag() -> None:
    """Hostile actor names inside the map's JSON block stay data: the block cannot be closed
    early, and it parses back to the same object."""
    from parley.web._app import make_templates

    evil = "</script><script>alert(1)</script><!--"
    m = {"as_of": "2025-01-23", "stances": [
        {"actor": evil, "toward": "B' onmouseover='x", "stance": "willing", "conditions": [evil],
         "date": None, "reported_by": "<b>", "previous": None, "evidence": []}],
        "blockers": [], "talks": [], "same_side": {}, "parties": {evil: "/actors/x"}}
    page = make_templates().get_template("map.html").render(
        title="Negotiation map", m=m, as_of="", actor="", json_url="/map.json")
    assert evil not in page and "<script>alert" not in page
    block = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page,
                      flags=re.S)
    assert block is not None
    assert json.loads(block.group(1)) == m
    assert re.findall(r"<script\b[^>]*>", page) == [
        '<script type="application/json" id="map-data">', '<script src="/static/parley.js">',
        '<script src="/static/map.js">', '<script src="/static/changes.js">']
