"""Helpers shared by the web tests (importable as ``webtools``: pytest puts this folder on
``sys.path``)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

from parley.records import Article, Event
from parley.store import Store

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-5f2c"
ARTIFACTS = ROOT / "test-artifacts" / "web"
VELORIA_MAROSH = ROOT / "tests" / "fixtures" / "analysis" / "veloria_marosh.json"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="parley-web-test",
                                       daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)



def store_counts(path: Path) -> tuple[int, int]:
    from sqlalchemy import func, select

    from parley.store._schema import EventRow

    store = Store(str(path))
    try:
        with store.engine.connect() as conn:
            events = int(conn.execute(select(func.count(EventRow.seq))).scalar() or 0)
        return store.count_articles(), events
    finally:
        store.close()


def veloria_marosh() -> dict[str, tuple[Article, list[Event]]]:
    """The hand-written articles of two fictional leaders (no pipeline needed), by id: vm-1
    (a law against talks: a new blocker), vm-2 (Orlov conditional -> willing: a stance
    change, talks proposed), vm-3 (Brandt refuses -> willing), vm-4 (talks held)."""
    import json

    data = json.loads(VELORIA_MAROSH.read_text(encoding="utf-8"))
    events = [Event(**e) for e in data["events"]]
    return {a["id"]: (Article(**a), [e for e in events if e.article_id == a["id"]])
            for a in data["articles"]}


def log_article(path: Path, article: Article, events: list[Event]) -> list[Any]:
    """Store ``article`` and log the changes it brings, as ``parley watch`` does after each
    stored batch (``parley.live.detect_changes``), through a Store of its own (as the
    watcher, another process, would). Returns the changes logged."""
    from parley.live import detect_changes

    store = Store(str(path))
    try:
        store.add_article(article, events)
        return detect_changes(store)
    finally:
        store.close()
