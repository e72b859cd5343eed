"""Issue 9, check 2 (faults): a feed that times out, answers 500, serves malformed XML or
redirects in a loop is logged (feed URL and error) and retried later with backoff, while the
other feeds go on."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from server import LiveServer, Reply

from fixtures import STORIES, by_request, page, rss
from parley.live import HttpOptions, Watcher, WatchOptions, feed_states
from parley.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "f.db"))
    s.migrate()
    return s


def faulty_site(server: LiveServer) -> dict[str, str]:
    for sid, story in STORIES.items():
        server.static(f"/articles/{sid}.html", page(story))
    server.feed("/good.rss", by_request([(1, ["a1"]), (2, ["a1", "a2"]),
                                         (3, ["a1", "a2", "a3"])], rss, server.base))
    server.routes["/slow.rss"] = lambda req, n: Reply(200, rss(server.base, ["b2"]),
                                                      delay=2.0)
    server.routes["/error.rss"] = lambda req, n: Reply(500, b"internal error")
    server.static("/bad.rss", b'<?xml version="1.0"?><rss version="2.0"><channel>'
                  b"<title>Broken</title><item><title>Half an item</ti", "application/rss+xml")
    server.routes["/loop.rss"] = lambda req, n: Reply(302, b"", {"Location": "/loop2.rss"})
    server.routes["/loop2.rss"] = lambda req, n: Reply(302, b"", {"Location": "/loop.rss"})
    return {name: server.url(f"/{name}.rss") for name in ("slow", "error", "bad", "loop",
                                                          "good")}


def test_watch_faulty_feeds_logged_and_retried_while_others_go_on(
    server: LiveServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    urls = faulty_site(server)
    opts = WatchOptions(interval=0.1, retry_base=0.05, extract=False,
                        http=HttpOptions(timeout=0.3, retries=1, backoff=0.01, host_delay=0,
                                         max_redirects=4))
    watcher = Watcher(store, list(urls.values()), opts)
    caplog.set_level(logging.INFO, logger="parley.live")
    reports = watcher.run(cycles=3)
    watcher.close()

    # the good feed went on: three new items over three cycles, each stored once
    assert [r.stored for r in reports] == [1, 1, 1]
    assert sorted(a.id for a in store.articles()) == [
        server.url(f"/articles/{i}.html") for i in ("a1", "a2", "a3")]
    assert [r.failed for r in reports] == [4, 4, 4]

    # each failure is one clear log line naming the feed and the error
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    for name, what in (("slow", "timed out after 0.3 s"), ("error", "HTTP 500"),
                       ("bad", "malformed XML"), ("loop", "redirect loop")):
        lines = [m for m in errors if f"feed {urls[name]}:" in m and what in m]
        assert len(lines) == 3, (name, errors)  # one line per failed poll
    retries = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(urls["error"] in m and "(attempt 1 of 2); retrying" in m for m in retries)

    # retried later: asked in every cycle (twice per cycle when retryable)
    assert server.count("/error.rss") == 6 and server.count("/slow.rss") == 6
    assert server.count("/bad.rss") == 3  # a well-formed 200 is not retried at once
    assert 3 <= server.count("/loop.rss") <= 3 * 3
    states = {s.source: s for s in feed_states(store)}
    for name in ("slow", "error", "bad", "loop"):
        st = states[urls[name]]
        assert st.failures == 3 and st.last_status == "failed" and st.last_error
        assert st.next_retry is not None and st.next_retry > time.time() - 1
    assert states[urls["good"]].failures == 0


def test_watch_backs_off_a_failed_feed(server: LiveServer, store: Store) -> None:
    """With a long retry wait, a failed feed is not polled again until it is due; the others
    are polled every cycle; a restart keeps the backoff."""
    urls = faulty_site(server)
    opts = WatchOptions(interval=0, retry_base=60, extract=False,
                        http=HttpOptions(timeout=0.3, retries=0, host_delay=0))
    watcher = Watcher(store, [urls["error"], urls["good"]], opts)
    first, second = watcher.run(cycles=2)
    assert (first.polled, first.failed) == (2, 1)
    assert (second.polled, second.failed) == (1, 0)
    assert server.count("/error.rss") == 1 and server.count("/good.rss") == 2
    state = next(s for s in feed_states(store) if s.source == urls["error"])
    assert state.next_retry is not None and 50 < state.next_retry - time.time() <= 60
    assert Watcher(store, [urls["error"]], opts).cycle().polled == 0
    watcher.close()
