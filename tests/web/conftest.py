"""Fixtures of the web tests: a store holding the founding article (ingested through the real
pipeline once per session, copied for each module so writes never leak between modules), an
in-process client, and a live uvicorn server on loopback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webtools import ROOT, TOKEN, LiveServer

from parley.store import Store

SEED = ROOT / "examples" / "seed.txt"
TITLE = "Zelensky Open to Peace Talks with Putin, Seeks Security Guarantees from Trump"


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


