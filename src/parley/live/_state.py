"""What ``parley watch`` remembers in the store between polls and across restarts: per source
its validators, failures and next retry (``live_feeds``), and the items already handled
(``live_items``). Writes go through the store's one writer (``Store._write``: ``BEGIN
IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from parley.store import Store, live_tables

live_feeds = live_tables.live_feeds
live_items = live_tables.live_items


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "backslashreplace")).hexdigest()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@contextmanager
def write(store: Store) -> Iterator[Connection]:
    with store._write() as conn:  # noqa: SLF001 - the store's one writer, shared on purpose
        yield conn


@contextmanager
def read(store: Store) -> Iterator[Connection]:
    with store._read() as conn:  # noqa: SLF001
        yield conn


@dataclass
class FeedState:
    source: str
    etag: str | None = None
    last_modified: str | None = None
    fingerprint: str | None = None
    last_poll: str | None = None
    last_status: str | None = None
    last_error: str | None = None
    failures: int = 0
    next_retry: float | None = None


def feed_state(store: Store, source: str) -> FeedState:
    with read(store) as conn:
        row = conn.execute(
            select(live_feeds).where(live_feeds.c.source_hash == sha1(source))
        ).mappings().first()
    if row is None:
        return FeedState(source=source)
    return FeedState(
        source=source, etag=row["etag"], last_modified=row["last_modified"],
        fingerprint=row["fingerprint"], last_poll=row["last_poll"],
        last_status=row["last_status"], last_error=row["last_error"],
        failures=int(row["failures"] or 0), next_retry=row["next_retry"],
    )


def save_feed_state(store: Store, state: FeedState) -> None:
    values = {
        "source": state.source, "etag": state.etag, "last_modified": state.last_modified,
        "fingerprint": state.fingerprint, "last_poll": state.last_poll,
        "last_status": state.last_status, "last_error": state.last_error,
        "failures": state.failures, "next_retry": state.next_retry,
    }
    key = sha1(state.source)
    with write(store) as conn:
        exists = conn.execute(
            select(live_feeds.c.seq).where(live_feeds.c.source_hash == key)
        ).first()
        if exists:
            conn.execute(update(live_feeds).where(live_feeds.c.source_hash == key).values(**values))
        else:
            conn.execute(insert(live_feeds).values(source_hash=key, **values))


def feed_states(store: Store) -> list[FeedState]:
    with read(store) as conn:
        rows = conn.execute(select(live_feeds.c.source).order_by(live_feeds.c.seq)).all()
    return [feed_state(store, r[0]) for r in rows]


def seen_keys(store: Store, source: str) -> set[str]:
    """Hashes of the item keys already handled for ``source``."""
    with read(store) as conn:
        rows = conn.execute(
            select(live_items.c.key_hash).where(live_items.c.source_hash == sha1(source))
        )
        return {r[0] for r in rows}


def mark_seen(store: Store, source: str, key: str, article_id: str | None, status: str) -> None:
    """Remember an item (once; marking it again changes nothing)."""
    src, k = sha1(source), sha1(key)
    with write(store) as conn:
        exists = conn.execute(
            select(live_items.c.seq).where(live_items.c.source_hash == src,
                                           live_items.c.key_hash == k)
        ).first()
        if not exists:
            conn.execute(insert(live_items).values(
                source_hash=src, key_hash=k, key=key, article_id=article_id, status=status,
                seen_at=now_iso(),
            ))
