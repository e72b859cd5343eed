"""Issue 9, check 1: feeds and article pages served on loopback; `parley watch` runs for a few
cycles while new items appear; each article is stored once, the map changes, and exactly the
expected alerts reach a local webhook (and a JSONL file, and stdout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from server import LiveServer

from fixtures import STORIES, atom, by_request, page, rss
from parley.cli import main
from parley.live import deliveries, recent_changes
from parley.store import Store

pytestmark = pytest.mark.slow

FAST = ["--interval", "0", "--timeout", "5", "--host-delay", "0", "--backoff", "0.05"]


def cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def setup_site(server: LiveServer) -> tuple[str, str, str]:
    base = server.base
    for sid, story in STORIES.items():
        if sid != "b1":  # b1's page is missing: its summary is stored instead
            server.static(f"/articles/{sid}.html", page(story))
    # request 1-2: a1; 3: a1, a2; 4 on: a1, a2, a3 (ETag and Last-Modified)
    server.feed("/kremlin.rss", by_request([(1, ["a1"]), (3, ["a1", "a2"]),
                                            (4, ["a1", "a2", "a3"])], rss, base))
    # request 1-2: b1; 3 on: b1, b2 (Last-Modified only)
    server.feed("/world.atom", by_request([(1, ["b1"]), (3, ["b1", "b2"])], atom, base),
                etag=False, content_type="application/atom+xml")
    server.webhook("/hook")
    return server.url("/kremlin.rss"), server.url("/world.atom"), server.url("/hook")


def stances(m: dict) -> dict[tuple[str, str], str]:  # type: ignore[type-arg]
    return {(s["actor"], s["toward"]): s["stance"] for s in m["stances"]}


def test_watch_stores_each_article_once_updates_map_and_fires_exact_alerts(
    server: LiveServer, tmp_path: Path, nlp: object
) -> None:
    kremlin, world, hook = setup_site(server)
    db = tmp_path / "live.db"
    jsonl = tmp_path / "alerts.jsonl"
    cli(db, "alerts", "add", "--on", "stance-change", "--actor", "Putin", "--webhook", hook)
    cli(db, "alerts", "add", "--on", "new-blocker", "--webhook", hook, "--jsonl", str(jsonl))
    cli(db, "alerts", "add", "--on", "talks-held", "--webhook", hook, "--stdout")
    cli(db, "alerts", "add", "--on", "stance-change", "--actor", "Aliyev", "--webhook", hook)
    listing = cli(db, "alerts", "list")
    assert "stance-change" in listing and "Putin" in listing and "Aliyev" in listing

    # cycle 1: a1 (Putin: talks only after an election) and b1
    out1 = cli(db, "watch", kremlin, world, "--once", *FAST)
    assert "ALERT" not in out1
    m1 = json.loads(cli(db, "map", "--format", "json"))
    assert stances(m1) == {("Vladimir Putin", "Volodymyr Zelensky"): "conditional"}
    assert m1["blockers"] == [] and m1["talks"] == []
    assert server.hooks == []

    # a restart, then 3 cycles: 304s, then a2 + b2, then a3
    out2 = cli(db, "watch", kremlin, world, "--cycles", "3", *FAST)
    m2 = json.loads(cli(db, "map", "--format", "json"))
    assert stances(m2)[("Vladimir Putin", "Volodymyr Zelensky")] == "willing"
    putin = next(s for s in m2["stances"] if s["actor"] == "Vladimir Putin"
                 and s["toward"] == "Volodymyr Zelensky")
    assert putin["previous"]["stance"] == "conditional"
    assert stances(m2)[("Volodymyr Zelensky", "Vladimir Putin")] == "refuses"
    assert [(b["actor"], b["toward"], b["in_effect"]) for b in m2["blockers"]] == [
        ("Volodymyr Zelensky", "Vladimir Putin", True)]
    assert [(t["between"], t["status"]) for t in m2["talks"]] == [
        (["Donald Trump", "Vladimir Putin"], "held")]

    # each article stored exactly once; each page fetched once; b1 from its summary
    store = Store(str(db), create=False)
    arts = {a.url: a for a in store.articles()}
    assert sorted(arts) == [server.url(f"/articles/{i}.html") for i in sorted(STORIES)]
    assert len(store.articles()) == 5
    assert len({a.id for a in store.articles()}) == 5
    for sid in ("a1", "a2", "a3", "b2"):
        assert server.count(f"/articles/{sid}.html") == 1, sid
    texts = {a.title: a.text for a in store.articles()}
    assert STORIES["a1"].body in texts[STORIES["a1"].title]  # the page's main text...
    assert "Section 3" not in texts[STORIES["a1"].title]  # ...without its navigation
    assert texts[STORIES["b1"].title] == STORIES["b1"].summary  # page missing: the summary
    assert store.integrity_check() == []

    # the feeds were polled 4 times each; unchanged ones answered 304
    assert server.count("/kremlin.rss") == 4 and server.count("/world.atom") == 4

    # exactly the expected alerts, once each
    got = sorted((h["json"]["on"], h["json"]["change"]["kind"],
                  tuple(h["json"]["change"]["actors"])) for h in server.hooks)
    assert got == [
        ("new-blocker", "new-blocker", ("Volodymyr Zelensky", "Vladimir Putin")),
        ("stance-change", "stance-change", ("Vladimir Putin", "Volodymyr Zelensky")),
        ("talks-held", "talks-held", ("Donald Trump", "Vladimir Putin")),
    ]
    ids = [h["json"]["id"] for h in server.hooks]
    assert len(set(ids)) == 3
    assert all(h["headers"]["idempotency-key"] == h["json"]["id"] for h in server.hooks)
    shift = next(h["json"]["change"] for h in server.hooks if h["json"]["on"] == "stance-change")
    assert (shift["details"]["before"]["stance"], shift["details"]["after"]["stance"]) == (
        "conditional", "willing")
    lines = [json.loads(x) for x in jsonl.read_text().splitlines()]
    assert [x["change"]["kind"] for x in lines] == ["new-blocker"]
    assert [line for line in out2.splitlines() if line.startswith("ALERT")] == [
        next(line for line in out2.splitlines() if "talks held" in line)]
    assert all(d["status"] == "delivered" for d in deliveries(store))

    # parley shifts --since shows the same history; the web's feed of changes too
    shifts = json.loads(cli(db, "shifts", "--since", "2025-03-04", "--format", "json"))
    assert [(s["actor"], s["before"]["stance"], s["after"]["stance"], s["at"])
            for s in shifts] == [("Vladimir Putin", "conditional", "willing",
                                  shift["details"]["at"])]
    kinds = [c.kind for c in recent_changes(store)]
    assert sorted(kinds) == ["new-blocker", "stance-change", "talks-held"]
    last = recent_changes(store)[-1].seq
    assert recent_changes(store, since=last) == []
    store.close()

    # another cycle: every feed unchanged (304), nothing stored, no alert again
    cli(db, "watch", kremlin, world, "--once", *FAST)
    assert len(server.hooks) == 3
    store = Store(str(db), create=False)
    assert len(store.articles()) == 5
    store.close()
