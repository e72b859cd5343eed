"""The store on PostgreSQL: the same schema, migrations, round-trips and queries as on SQLite.

Runs on the throwaway PostgreSQL 15 server that the test session starts (``pg_database``,
tests/pg.py), or on the scratch database named by ``PARLEY_TEST_PG_URL`` when set (its tables
are dropped). Every DDL statement is also compiled for PostgreSQL without a server. (The rest
of tests/store runs on both backends through tests/store/conftest.py.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

from parley.records import ActorRef, Article, Condition, Event, content_hash
from parley.store import Store
from parley.store._migrations import MIGRATIONS
from parley.store._schema import Base

PG_URL = os.environ.get("PARLEY_TEST_PG_URL")


def test_store_schema_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    for table in Base.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        assert "PRAGMA" not in ddl and "AUTOINCREMENT" not in ddl
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))


@pytest.fixture
def pg(request: pytest.FixtureRequest) -> Iterator[Store]:
    store = Store(PG_URL or request.getfixturevalue("pg_database"))
    with store.engine.begin() as conn:
        Base.metadata.drop_all(conn)
    assert store.migrate() == [name for name, _ in MIGRATIONS]
    assert store.migrate() == []
    yield store
    store.close()


def test_store_postgres_roundtrip_dedupe_queries_integrity(pg: Store) -> None:
    ref = ActorRef(name="Vladimir Putin", country="RUS", sector="GOV", id="VLADIMIR_PUTIN",
                   mention="Putin", span=(3, 8))
    ev = Event(id="e1", type="AGREE", source=ref, said_by=ref, reported_by="Wire",
               conditions=[Condition(text="only if", kind="precondition", span=(1, 2))],
               span=(0, 2**40), quad=-(2**62), goldstein=-7.5, date="2025-01-23")
    text = " ".join(f"word{i % 37} talks {i}" for i in range(200))
    art = Article(id="a1", text=text, published="2025-01-23")
    assert pg.add_article(art, [ev]) == "stored"
    assert pg.add_article(art, [ev]) == "duplicate"
    assert pg.add_article(Article(id="a2", text=text + " One more line.")) == "near-duplicate"
    assert pg.get_article("a1") == art.model_copy(update={"content_hash": content_hash(text)})
    assert pg.events() == [ev.model_copy(update={"article_id": "a1"})]
    assert [e.id for e in pg.events(actor="putin", since="2025", type="agree")] == ["e1"]
    assert pg.events(until="2024-12-31") == []
    assert pg.integrity_check() == []
