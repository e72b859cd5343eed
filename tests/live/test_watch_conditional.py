"""Issue 9, check 3: conditional requests are honoured. The server counts requests and sees
If-None-Match / If-Modified-Since; its 304 causes no re-processing (no page fetched, nothing
stored), and a changed feed processes only its new item."""

from __future__ import annotations

from pathlib import Path

import pytest
from server import LiveServer

from fixtures import STORIES, atom, page, rss
from parley.live import FeedState, HttpOptions, Watcher, WatchOptions, feed_states
from parley.store import Store

OPTS = WatchOptions(interval=0, extract=False,
                    http=HttpOptions(timeout=5, retries=0, host_delay=0, backoff=0.01))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "c.db"))
    s.migrate()
    return s


def pages(server: LiveServer) -> None:
    for sid, story in STORIES.items():
        server.static(f"/articles/{sid}.html", page(story))


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
def test_watch_304_causes_no_reprocessing(server: LiveServer, store: Store,
                                         validator: str) -> None:
    pages(server)
    ids = {"now": ["a1", "a2"]}
    server.feed("/f.rss", lambda n: rss(server.base, ids["now"]),
                etag=validator == "etag", last_modified=validator == "last-modified")
    url = server.url("/f.rss")
    watcher = Watcher(store, [url], OPTS)

    first = watcher.cycle()
    assert first.stored == 2
    assert [r.headers.get("if-none-match") for r in server.asked("/f.rss")] == [None]
    state: FeedState = feed_states(store)[0]
    assert (state.etag is not None) == (validator == "etag")
    assert (state.last_modified is not None) == (validator == "last-modified")

    second = watcher.cycle()
    third = watcher.cycle()
    asked = server.asked("/f.rss")
    assert len(asked) == 3
    header = "if-none-match" if validator == "etag" else "if-modified-since"
    sent = [r.headers.get(header) for r in asked]
    assert sent[0] is None and sent[1] == sent[2] is not None
    assert sent[1] == (state.etag if validator == "etag" else state.last_modified)
    assert (second.not_modified, second.stored, second.duplicates) == (1, 0, 0)
    assert (third.not_modified, third.stored, third.duplicates) == (1, 0, 0)
    assert server.count("/articles/a1.html") == server.count("/articles/a2.html") == 1
    assert len(store.articles()) == 2

    ids["now"] = ["a1", "a2", "a3"]  # the feed changes: a 200, and only the new item is read
    fourth = watcher.cycle()
    assert (fourth.not_modified, fourth.stored) == (0, 1)
    assert [server.count(f"/articles/{i}.html") for i in ("a1", "a2", "a3")] == [1, 1, 1]
    assert len(store.articles()) == 3

    # a restart keeps the validators: the next poll is conditional again
    fresh = Watcher(store, [url], OPTS)
    assert fresh.cycle().not_modified == 1
    assert len(server.asked("/f.rss")) == 5
    assert server.asked("/f.rss")[-1].headers.get(header) is not None
    watcher.close()
    fresh.close()


def test_watch_same_body_without_validators_is_not_reprocessed(server: LiveServer,
                                                               store: Store) -> None:
    pages(server)
    server.static("/plain.atom", atom(server.base, ["b1", "b2"]), "application/atom+xml")
    watcher = Watcher(store, [server.url("/plain.atom")], OPTS)
    assert watcher.cycle().stored == 2
    again = watcher.cycle()
    assert (again.not_modified, again.stored, again.duplicates) == (1, 0, 0)
    assert server.count("/articles/b2.html") == 1
    watcher.close()


def test_watch_feed_file_and_dropped_files(server: LiveServer, store: Store,
                                           tmp_path: Path) -> None:
    """A feed file is read again only when it changes; a folder's dropped files once each."""
    pages(server)
    feed = tmp_path / "saved.xml"
    feed.write_bytes(rss(server.base, ["a1"]))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    opts = WatchOptions(interval=0, extract=False, settle=0,
                        http=HttpOptions(timeout=5, retries=0, host_delay=0))
    watcher = Watcher(store, [str(feed), str(inbox)], opts)
    assert watcher.cycle().stored == 1
    assert watcher.cycle().stored == 0
    (inbox / "note.txt").write_text("Armenian Prime Minister Nikol Pashinyan said on Monday "
                                    "that Armenia is ready to resume border talks with "
                                    "Azerbaijan in Geneva.", encoding="utf-8")
    feed.write_bytes(rss(server.base, ["a1", "a2"]))
    third = watcher.cycle()
    assert third.stored == 2
    assert watcher.cycle().stored == 0
    assert server.count("/articles/a1.html") == 1
    assert len(store.articles()) == 3
    watcher.close()
