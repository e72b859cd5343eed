"""Named schema migrations, applied in order and recorded in ``parley_migrations``.

A migration is a function ``(conn: Connection) -> None`` appended to :data:`MIGRATIONS` under
a new name; never edit or reorder one that has shipped. ``migrate`` applies, in one
transaction each, those whose name is not yet recorded, so running it again does nothing.
Migrations use SQLAlchemy constructs only (no SQLite-only SQL) so that they run on
PostgreSQL too. A later change to a table appends a migration that alters it (checking with
``sqlalchemy.inspect(conn)`` first, so it is a no-op where ``0001`` already made that shape).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, select, text

from parley.store._live_schema import LIVE_METADATA
from parley.store._schema import Base, MigrationRow

Migration = Callable[[Connection], None]
MIGRATIONS_TABLE = Base.metadata.tables["parley_migrations"]


def _m0001_initial(conn: Connection) -> None:
    """Articles, near-duplicate buckets, actors, events, mentions, conditions,
    attributions, skips."""
    Base.metadata.create_all(conn, checkfirst=True)


def _m0002_live(conn: Connection) -> None:
    """Feed state, seen items, the change log, alert rules and deliveries (parley watch,
    parley alerts); see ``_live_schema``."""
    LIVE_METADATA.create_all(conn, checkfirst=True)


def _m0003_event_places(conn: Connection) -> None:
    """Where each event happened: the ``place_*`` columns of ``events`` (issue 8). A store made
    by ``0001`` after the columns joined the schema has them already: only missing ones are
    added (``ALTER TABLE ... ADD COLUMN``, the same on SQLite and PostgreSQL)."""
    from sqlalchemy import inspect
    from sqlalchemy.schema import CreateColumn, CreateIndex

    table = Base.metadata.tables["events"]
    have = {c["name"] for c in inspect(conn).get_columns("events")}
    for col in table.columns:
        if col.name.startswith("place_") and col.name not in have:
            ddl = CreateColumn(col).compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE events ADD COLUMN {ddl}"))
    indexes = {i["name"] for i in inspect(conn).get_indexes("events")}
    for index in table.indexes:
        if index.name not in indexes and any(c.name.startswith("place_")
                                             for c in index.columns):
            conn.execute(CreateIndex(index))


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", _m0001_initial),
    ("0002_live", _m0002_live),
    ("0003_event_places", _m0003_event_places),
]


def applied(conn: Connection) -> list[str]:
    Base.metadata.create_all(conn, tables=[MIGRATIONS_TABLE], checkfirst=True)
    rows = conn.execute(select(MigrationRow.name).order_by(MigrationRow.name))
    return [r[0] for r in rows]


def migrate(engine: Engine, migrations: list[tuple[str, Migration]] | None = None) -> list[str]:
    """Apply pending migrations in order; return the names applied now."""
    todo = MIGRATIONS if migrations is None else migrations
    done_now: list[str] = []
    with engine.connect().execution_options(parley_write=True) as conn:
        with conn.begin():
            Base.metadata.create_all(conn, tables=[MIGRATIONS_TABLE], checkfirst=True)
        for name, func in todo:
            with conn.begin():
                if conn.dialect.name == "postgresql":  # serialise concurrent migrators
                    conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
                exists = conn.execute(
                    select(MigrationRow.name).where(MigrationRow.name == name)
                ).first()
                if exists:
                    continue
                func(conn)
                conn.execute(
                    insert(MigrationRow).values(
                        name=name, applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                    )
                )
                done_now.append(name)
    return done_now
