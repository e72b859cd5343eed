"""The store's tables (SQLAlchemy 2 models), portable to SQLite and PostgreSQL.

Only portable types: String/Text, BigInteger, Double, Boolean. Offsets are BigInteger so that
PostgreSQL's 32-bit INTEGER never bounds them. Every child row points to its parent with
``ON DELETE CASCADE`` so deleting an article deletes everything extracted from it.

    articles ──< events ──< conditions
        │          ├──< mentions >── actors     (role: source, target, said_by, confirmed_by)
        │          └──  attributions            (said_by mention, reported_by)
        └──< article_buckets                    (MinHash LSH index for near-duplicates)
    skips, parley_migrations
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class MigrationRow(Base):
    __tablename__ = "parley_migrations"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    applied_at: Mapped[str] = mapped_column(String(40))


class ArticleRow(Base):
    __tablename__ = "articles"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String, index=True)
    language: Mapped[str] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(
        String, ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    origin: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[str] = mapped_column(String(40))


class BucketRow(Base):
    """One MinHash LSH band of an article: articles sharing a key are near-duplicate
    candidates."""

    __tablename__ = "article_buckets"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(40), index=True)
    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )


class ActorRow(Base):
    """A distinct actor identity (dictionary id, name, country, sector)."""

    __tablename__ = "actors"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    dict_id: Mapped[str | None] = mapped_column(Text, index=True)
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(Text)


class EventRow(Base):
    __tablename__ = "events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String, unique=True)
    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(Text, index=True)
    mode: Mapped[str | None] = mapped_column(Text)
    cameo: Mapped[str | None] = mapped_column(Text)
    goldstein: Mapped[float | None] = mapped_column(Double)
    quad: Mapped[int | None] = mapped_column(BigInteger)
    modality: Mapped[str] = mapped_column(Text)
    negated: Mapped[bool] = mapped_column(Boolean)
    trigger: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String, index=True)
    span_start: Mapped[int | None] = mapped_column(BigInteger)
    span_end: Mapped[int | None] = mapped_column(BigInteger)
    trigger_start: Mapped[int | None] = mapped_column(BigInteger)
    trigger_end: Mapped[int | None] = mapped_column(BigInteger)
    sentence: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Double)
    blocker_text: Mapped[str | None] = mapped_column(Text)
    blocker_since: Mapped[str | None] = mapped_column(Text)
    blocker_in_effect: Mapped[bool | None] = mapped_column(Boolean)
    blocker_confirmed: Mapped[str | None] = mapped_column(Text)
    # where it happened (issue 8; added to older stores by migration 0003_event_places)
    place_name: Mapped[str | None] = mapped_column(Text)
    place_country: Mapped[str | None] = mapped_column(String(8), index=True)
    place_admin1: Mapped[str | None] = mapped_column(Text)
    place_lat: Mapped[float | None] = mapped_column(Double)
    place_lon: Mapped[float | None] = mapped_column(Double)
    place_feature_class: Mapped[str | None] = mapped_column(String(4))
    place_feature_code: Mapped[str | None] = mapped_column(String(16))
    place_geonames_id: Mapped[int | None] = mapped_column(BigInteger)
    place_mention: Mapped[str | None] = mapped_column(Text)
    place_start: Mapped[int | None] = mapped_column(BigInteger)
    place_end: Mapped[int | None] = mapped_column(BigInteger)


class MentionRow(Base):
    """An actor as named in one event, in one role."""

    __tablename__ = "mentions"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        String, ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    actor_seq: Mapped[int] = mapped_column(Integer, ForeignKey("actors.seq"), index=True)
    mention: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(BigInteger)
    span_end: Mapped[int | None] = mapped_column(BigInteger)


class ConditionRow(Base):
    __tablename__ = "conditions"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        String, ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    span_start: Mapped[int | None] = mapped_column(BigInteger)
    span_end: Mapped[int | None] = mapped_column(BigInteger)


class AttributionRow(Base):
    """On whose word an event stands: the speaker (a mention) and the cited outlet."""

    __tablename__ = "attributions"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        String, ForeignKey("events.id", ondelete="CASCADE"), unique=True
    )
    said_by_mention: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("mentions.seq", ondelete="SET NULL")
    )
    reported_by: Mapped[str | None] = mapped_column(Text)


class SkipRow(Base):
    __tablename__ = "skips"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    input: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(40))


Index("ix_mentions_event_role", MentionRow.event_id, MentionRow.role)
