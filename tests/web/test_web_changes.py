"""``/changes.json``: the live feed's change log as the web UI polls it (issue 9, "the web UI
shows the latest changes and refreshes without a reload"). Changes are logged the way
``parley watch`` logs them (``parley.live.detect_changes`` after storing), over hand-written
events of two fictional leaders, so no pipeline is needed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webtools import TOKEN, log_article, veloria_marosh

from parley.store import Store

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "changes.db"
    store = Store(str(path))
    store.migrate()
    store.close()
    return path


@pytest.fixture
def changes_client(db: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from parley.web import create_app

    with TestClient(create_app(str(db), token=TOKEN)) as c:
        yield c


def kinds(answer: dict[str, Any]) -> list[tuple[int, str]]:
    return [(c["seq"], c["kind"]) for c in answer["changes"]]


def test_web_changes_json_with_and_without_since(changes_client: Any, db: Path) -> None:
    c = changes_client
    empty = c.get("/changes.json")
    assert empty.status_code == 200 and empty.headers["content-type"] == "application/json"
    assert empty.json() == {"ok": True, "changes": [], "cursor": 0}
    assert c.get("/changes.json", params={"since": 7}).json()["cursor"] == 7  # nothing new

    vm = veloria_marosh()
    log_article(db, *vm["vm-1"])  # new stances (not shown) and the law: a new blocker
    first = c.get("/changes.json").json()
    assert kinds(first) == [(3, "new-blocker")] and first["cursor"] == 3
    change = first["changes"][0]
    assert set(change) == {"seq", "kind", "key", "actors", "summary", "date", "detected_at",
                           "details"}
    assert change["actors"] == ["Ilse Brandt", "Tomas Orlov"]
    assert "blocked by a law" in change["summary"]

    log_article(db, *vm["vm-2"])  # Orlov: conditional -> willing; talks proposed
    new = c.get("/changes.json", params={"since": first["cursor"]}).json()
    assert kinds(new) == [(4, "stance-change"), (5, "talks-proposed")] and new["cursor"] == 5
    assert new["changes"][0]["details"]["before"]["stance"] == "conditional"
    assert new["changes"][0]["details"]["after"]["stance"] == "willing"
    assert c.get("/changes.json", params={"since": 5}).json() == {
        "ok": True, "changes": [], "cursor": 5}

    everything = c.get("/changes.json").json()  # no since: the latest, oldest first
    assert kinds(everything) == [(3, "new-blocker"), (4, "stance-change"),
                                 (5, "talks-proposed")]
    assert kinds(c.get("/changes.json", params={"since": 0}).json()) == kinds(everything)
    latest = c.get("/changes.json", params={"limit": 1}).json()
    assert kinds(latest) == [(5, "talks-proposed")] and latest["cursor"] == 5

    # the map the poller fetches next shows the change at once (no version-check delay)
    orlov = next(s for s in c.get("/map.json").json()["stances"]
                 if s["actor"] == "Tomas Orlov")
    assert orlov["stance"] == "willing"


@pytest.mark.parametrize("query", [
    "since=yesterday", "since=-1", "since=1.5", "since=99999999999999999999",
    "since=2025-03-04T10:00:00", "limit=0", "limit=201",
])
def test_web_changes_json_bad_since_is_the_one_error_shape(changes_client: Any,
                                                            query: str) -> None:
    answer = changes_client.get("/changes.json?" + query)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == 422
    assert ("since" if "since" in query else "limit") in body["error"]


def test_web_changes_json_is_a_read_like_the_others(db: Path) -> None:
    from fastapi.testclient import TestClient

    from parley.web import create_app

    log_article(db, *veloria_marosh()["vm-1"])
    with TestClient(create_app(str(db), token=TOKEN, private=True)) as c:
        refused = c.get("/changes.json", params={"since": 0})
        assert refused.status_code == 401 and refused.json() == {
            "ok": False, "error": refused.json()["error"], "status": 401}
        assert kinds(c.get("/changes.json", headers=AUTH).json()) == [(3, "new-blocker")]


def test_web_changes_openapi_and_pages(changes_client: Any) -> None:
    spec = changes_client.get("/openapi.json").json()
    op = spec["paths"]["/changes.json"]["get"]
    assert op["summary"]
    assert {p["name"] for p in op["parameters"]} == {"since", "limit"}
    for path in ("/", "/map"):
        html = changes_client.get(path).text
        assert 'id="latest-changes"' in html and "Latest changes" in html
        assert '<script src="/static/changes.js"></script>' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert 'data-json="/map.json"' in changes_client.get("/map").text
    assert 'data-json="/map.json?as_of=2024-07-01"' in changes_client.get(
        "/map?as_of=2024-07-01").text
    assert changes_client.get("/static/changes.js").status_code == 200
