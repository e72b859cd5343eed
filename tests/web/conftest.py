"""Fixtures of the web tests: a store holding the founding article (ingested through the real
pipeline once per session, copied for each module so writes never leak between modules), an
in-process client, and a live uvicorn server on loopback."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parley.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed.txt"
TITLE = "Zelensky Open to Peace Talks with Putin, Seeks Security Guarantees from Trump"
TOKEN = "test-token-5f2c"
ARTIFACTS = ROOT / "test-artifacts" / "web"


@pytest.fixture(scope="session")
def seed_db_template(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """A store with ``examples/seed.txt`` (published 2025-01-23) ingested with extraction."""
    from parley import pipeline
    from parley.ingest import read_paths

    path = tmp_path_factory.mktemp("web-seed") / "seed.db"
    store = Store(str(path))
    store.migrate()
    report = store.ingest(
        read_paths([SEED], published="2025-01-23", outlet="unknown", title=TITLE),
        extractor=lambda arts: pipeline.process(arts, nlp=nlp),
    )
    assert report.stored == 1 and report.events > 0, report.as_dict()
    store.close()
    return path


@pytest.fixture(scope="module")
def seed_db(seed_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed store for one test module."""
    path = tmp_path_factory.mktemp("web-db") / "seed.db"
    shutil.copyfile(seed_db_template, path)
    return path


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


@pytest.fixture(scope="module")
def live_app(seed_db: Path) -> Any:
    from parley.web import create_app

    return create_app(str(seed_db), token=TOKEN)


@pytest.fixture(scope="module")
def live_server(live_app: Any) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="module")
def client(seed_db: Path) -> Iterator[Any]:
    """An in-process client of an app over this module's copy of the seed store."""
    from fastapi.testclient import TestClient

    from parley.web import create_app

    app = create_app(str(seed_db), token=TOKEN)
    with TestClient(app) as c:
        yield c


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
