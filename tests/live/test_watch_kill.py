"""Issue 9, check 2 (restarts): SIGKILL a `parley watch` subprocess part-way through a cycle,
start it again: every article is stored exactly once, no page of a stored article is fetched
again, the store is sound, and every expected alert is delivered exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from server import LiveServer, Reply

from fixtures import STORIES, Story, by_request, page, rss
from parley.cli import main
from parley.store import Store
from sqlite_probe import count_articles

pytestmark = pytest.mark.slow

FILLERS = {
    f"f{i}": Story(
        f"f{i}", f"City council opens library number {i}", f"Mon, 03 Mar 2025 1{i}:00:00 GMT",
        "2025-03-03", f"A new public library, number {i}, opened downtown.",
        f"The city council opened public library number {i} on Monday, with a reading room "
        f"for {i * 40} visitors and a garden. Local officials said the building took two "
        "years to finish and cost less than planned.")
    for i in range(1, 5)
}
ALL = {**STORIES, **FILLERS}
FIRST = ["a1", "f1", "a2"]
REST = ["a1", "f1", "a2", "f2", "a3", "f3", "b2", "f4"]


def parley_cmd(*args: str) -> list[str]:
    exe = Path(sys.executable).parent / "parley"
    if exe.exists():
        return [str(exe), *args]
    return [sys.executable, "-c", "from parley.cli import main; main()", *args]


def cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def rss_all(base: str, ids: list[str]) -> bytes:
    import fixtures

    saved = dict(fixtures.STORIES)
    fixtures.STORIES.update(FILLERS)
    try:
        return rss(base, ids)
    finally:
        fixtures.STORIES.clear()
        fixtures.STORIES.update(saved)


def test_watch_sigkill_then_restart_loses_and_doubles_nothing(server: LiveServer,
                                                              tmp_path: Path,
                                                              nlp: object) -> None:
    for sid, story in ALL.items():
        body = page(story)
        server.routes[f"/articles/{sid}.html"] = (
            lambda req, n, body=body: Reply(200, body, {"Content-Type": "text/html"},
                                            delay=0.3))
    server.feed("/k.rss", by_request([(1, FIRST), (2, REST)], rss_all, server.base))
    server.webhook("/hook")
    db, jsonl = tmp_path / "k.db", tmp_path / "alerts.jsonl"
    hook = server.url("/hook")
    for on in ("stance-change", "new-blocker", "talks-held"):
        cli(db, "alerts", "add", "--on", on, "--webhook", hook, "--jsonl", str(jsonl))
    watch = ["watch", server.url("/k.rss"), "--interval", "0.2", "--host-delay", "0",
             "--timeout", "5", "-q"]

    proc = subprocess.Popen(parley_cmd("--db", str(db), *watch, "--cycles", "50"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while count_articles(db) < 5 or not server.hooks:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert time.monotonic() < deadline, "watch stored too little within 90 s"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    before = count_articles(db)
    assert 5 <= before < len(REST), "the kill did not land part-way"
    hooks_before = len(server.hooks)
    assert hooks_before == 1  # the stance change of cycle 1

    store = Store(str(db), create=False)
    assert store.integrity_check() == []
    done_before = {a.url for a in store.articles()}
    store.close()

    cli(db, *watch, "--cycles", "2")  # the restart (in this process: its model is loaded)

    store = Store(str(db), create=False)
    urls = sorted(a.url or "" for a in store.articles())
    assert urls == sorted(server.url(f"/articles/{i}.html") for i in REST)  # each once
    assert store.integrity_check() == []
    store.close()
    for url in done_before:  # stored before the kill: never fetched again
        assert server.count(url.removeprefix(server.base)) == 1, url
    fetched = sum(server.count(f"/articles/{i}.html") for i in REST)
    assert len(REST) <= fetched <= len(REST) + 1  # at most the page in hand at the kill

    kinds = sorted(h["json"]["change"]["kind"] for h in server.hooks)
    assert kinds == ["new-blocker", "stance-change", "talks-held"]
    assert len({h["json"]["id"] for h in server.hooks}) == 3
    lines = [json.loads(x) for x in jsonl.read_text().splitlines()]
    assert sorted(x["change"]["kind"] for x in lines) == kinds
    assert len({x["id"] for x in lines}) == 3
