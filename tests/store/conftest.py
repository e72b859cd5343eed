"""Store fixtures, parametrized over both backends: every test that takes ``store``,
``db_url``, ``backend`` or ``fresh_store`` runs once on SQLite and once on the throwaway
PostgreSQL 15 server of the session (``tests/pg.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from parley.store import Store
from parley.store._schema import Base

BACKENDS = ("sqlite", "postgresql")
TABLES = ("attributions", "mentions", "conditions", "events", "actors", "article_buckets",
          "articles", "skips")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty store location: a SQLite file, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    s = Store(db_url)
    s.migrate()
    yield s
    s.close()


@pytest.fixture(scope="session", params=BACKENDS)
def fresh_store(request: pytest.FixtureRequest) -> Iterator[Callable[[], Store]]:
    """A function returning one migrated store per backend, emptied at each call (for
    Hypothesis examples: migrating per example is slow). In-memory SQLite, or one database on
    the session's PostgreSQL server."""
    if request.param == "sqlite":
        s = Store(":memory:")
    else:
        server = request.getfixturevalue("postgres_server")
        s = Store(server.create_database("parley_hypothesis"))
    with s.engine.begin() as conn:
        Base.metadata.drop_all(conn)
    s.migrate()

    def empty() -> Store:
        with s.engine.begin() as conn:
            for table in TABLES:
                conn.execute(sql(f"DELETE FROM {table}"))
        return s

    yield empty
    s.close()
