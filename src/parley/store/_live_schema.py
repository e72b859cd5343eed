"""Tables of ``parley watch`` and ``parley alerts`` (migration ``0002_live``).

Kept in their own ``MetaData`` so that migration ``0001_initial`` (which creates everything in
``Base.metadata``) stays exactly as it shipped. Keys that may be long (URLs, feed item ids,
change keys) are indexed through their SHA-1 (``*_hash``, 40 hex characters), so PostgreSQL's
b-tree limit never bounds them; the text itself is kept beside it.

    live_feeds        one row per watched source: validators (ETag, Last-Modified), last poll,
                      consecutive failures, next retry
    live_items        feed items and dropped files already handled (so a restart neither
                      refetches nor double-stores)
    live_changes      the change log: stance changes, new stances, new blockers, talks
    alert_rules       what to alert on, where to deliver
    alert_deliveries  one row per (rule, change, target): the dedup key, status, attempts
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Double,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

LIVE_METADATA = MetaData()

live_feeds = Table(
    "live_feeds",
    LIVE_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("source_hash", String(40), unique=True, nullable=False),
    Column("source", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("fingerprint", Text),  # SHA-1 of the last feed body, or a file's mtime/size
    Column("last_poll", String(40)),
    Column("last_status", Text),
    Column("last_error", Text),
    Column("failures", Integer, nullable=False, default=0),
    Column("next_retry", Double),  # Unix time; None: due now
)

live_items = Table(
    "live_items",
    LIVE_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("source_hash", String(40), nullable=False, index=True),
    Column("key_hash", String(40), nullable=False),
    Column("key", Text, nullable=False),
    Column("article_id", Text),
    Column("status", String(20), nullable=False),  # stored, duplicate, near-duplicate, skipped
    Column("seen_at", String(40), nullable=False),
    UniqueConstraint("source_hash", "key_hash", name="uq_live_items_source_key"),
)

live_changes = Table(
    "live_changes",
    LIVE_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("key_hash", String(40), unique=True, nullable=False),
    Column("key", Text, nullable=False),
    Column("kind", String(40), nullable=False, index=True),
    Column("actors", Text, nullable=False),  # JSON list of party names
    Column("summary", Text, nullable=False),
    Column("date", String(40)),  # when it happened (event date), if known
    Column("details", Text, nullable=False),  # JSON
    Column("detected_at", String(40), nullable=False, index=True),
)

alert_rules = Table(
    "alert_rules",
    LIVE_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("on_kind", String(40), nullable=False),
    Column("actor", Text),
    Column("targets", Text, nullable=False),  # JSON list: "stdout", "jsonl:PATH", "webhook:URL"
    Column("after_change", Integer, nullable=False, default=0),  # fires on later changes only
    Column("created_at", String(40), nullable=False),
)

alert_deliveries = Table(
    "alert_deliveries",
    LIVE_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("dedup_hash", String(40), unique=True, nullable=False),
    Column("dedup_key", Text, nullable=False),  # rule id | change key | target
    Column("rule_id", Integer, ForeignKey("alert_rules.id", ondelete="CASCADE"), index=True),
    Column("change_seq", Integer, ForeignKey("live_changes.seq", ondelete="CASCADE"),
           index=True),
    Column("target", Text, nullable=False),
    Column("status", String(20), nullable=False),  # pending, delivered, failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try", Double),
    Column("last_error", Text),
    Column("created_at", String(40), nullable=False),
    Column("delivered_at", String(40)),
)
