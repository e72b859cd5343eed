"""The store: Article and Event records in and out of a SQLite file or a PostgreSQL database.

    store = Store("parley.db")            # or "postgresql+psycopg://user@host/parley"
    store.migrate()
    store.add_article(article, events)    # "stored" | "duplicate" | "near-duplicate"
    store.events(actor="Putin", since="2025-01-01")   # -> list[Event], exactly as stored

Writes go through one writer (a lock in this process; ``BEGIN IMMEDIATE`` on SQLite so a
second process waits instead of deadlocking), one transaction per article: the article, its
near-duplicate index entries, events, actors, mentions, conditions and attributions are
committed together or not at all. SQLite runs in WAL mode with foreign keys on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from parley.errors import ConfigError, InputError, StoreError
from parley.records import (
    ActorRef,
    Article,
    Blocker,
    Condition,
    Event,
    Place,
    Skip,
    content_hash,
)
from parley.store._migrations import MIGRATIONS, applied, migrate
from parley.store._minhash import BANDS, band_keys, is_near_duplicate, shingles
from parley.store._schema import (
    ActorRow,
    ArticleRow,
    AttributionRow,
    BucketRow,
    ConditionRow,
    EventRow,
    MentionRow,
    SkipRow,
)

log = logging.getLogger(__name__)

Outcome = Literal["stored", "duplicate", "near-duplicate"]
Extractor = Callable[[Iterable[Article]], Iterable[tuple[Article, list[Event]]]]
_CHUNK = 500
MAX_KEY_CHARS = 500
_NEAR_CANDIDATES = 10


def to_url(location: str) -> URL:
    """A SQLAlchemy URL for a path or a URL string (``:memory:`` is an in-memory SQLite)."""
    if location in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return make_url("sqlite://")
    if "://" in location:
        try:
            return make_url(location)
        except ArgumentError as exc:
            raise StoreError(f"cannot read the store URL {location!r}: {exc}") from exc
    path = Path(location).expanduser()
    return URL.create("sqlite", database=str(path.resolve()))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _sqlite_engine(url: URL) -> Engine:
    memory = not url.database or url.database == ":memory:"
    if memory:
        engine = create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("parley_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@dataclass
class IngestReport:
    """What one ingest did. ``read`` counts every article and skip read from the input
    (``read == stored + duplicates + len(skipped)``); ``stored`` counts new rows, of which
    ``near_duplicates`` were stored linked to an original already in the store."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    events: int = 0
    skipped: list[Skip] = field(default_factory=list)

    @property
    def ingested(self) -> int:
        """Articles now in the store because of this input (new or already there)."""
        return self.stored + self.duplicates

    def count(self, outcome: Outcome) -> None:
        if outcome == "duplicate":
            self.duplicates += 1
            return
        self.stored += 1
        if outcome == "near-duplicate":
            self.near_duplicates += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "events": self.events,
            "skipped": [s.model_dump() for s in self.skipped],
        }


class Store:
    """Parley's store at ``location`` (a SQLite path, ``:memory:``, or a SQLAlchemy URL).

    ``create=False`` refuses to create a missing SQLite file (for read-only verbs)."""

    def __init__(self, location: str, *, create: bool = True) -> None:
        self.location = location
        url = to_url(location)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            path = Path(url.database)
            if not create and not path.exists():
                raise StoreError(
                    f"no store at {path}: ingest something first (parley ingest PATH) or "
                    "point --db at an existing store"
                )
            if not path.parent.is_dir():
                raise StoreError(f"cannot create the store {path}: folder {path.parent} does not exist")
        try:
            if url.get_backend_name() == "sqlite":
                self.engine = _sqlite_engine(url)
            else:
                self.engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, ImportError, SQLAlchemyError) as exc:
            raise StoreError(
                f"cannot open the store {url.render_as_string(hide_password=True)}: {exc}. "
                "For PostgreSQL install the driver: pip install 'psycopg[binary]'"
            ) from exc
        self._lock = threading.RLock()
        self._fingerprints: dict[str, tuple[set[int], list[str]]] = {}

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def migrate(self) -> list[str]:
        """Create or upgrade the schema; returns the migrations applied now."""
        with self._lock:
            try:
                return migrate(self.engine)
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot migrate the store {self.location}: {exc}") from exc

    def is_parley_store(self) -> bool:
        """Whether the database holds a Parley store at all (any schema version)."""
        try:
            with self.engine.connect() as conn:
                return inspect(conn).has_table("parley_migrations")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the store {self.location}: {exc}") from exc

    def is_initialised(self) -> bool:
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("parley_migrations"):
                    return False
                return set(applied(conn)) >= {name for name, _ in MIGRATIONS}
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the store {self.location}: {exc}") from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the store {self.location}: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction, through the one writer."""
        with self._lock:
            try:
                with self.engine.connect().execution_options(parley_write=True) as conn:
                    with conn.begin():
                        if conn.dialect.name == "postgresql":
                            # One writer across processes, as BEGIN IMMEDIATE on SQLite: two
                            # ingests at once neither race on the same article or actor nor
                            # deadlock; released at commit or rollback.
                            conn.execute(text("SELECT pg_advisory_xact_lock(4242002)"))
                        yield conn
            except IntegrityError:
                raise
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot write to the store {self.location}: {exc}") from exc

    # --- articles --------------------------------------------------------------------

    def classify(self, article: Article) -> tuple[str, str | None]:
        """``("new"|"duplicate"|"near-duplicate", original id or None)`` without writing."""
        art = self._prepare(article)
        with self._read() as conn:
            return self._classify(conn, art)

    def _fingerprint(self, art: Article) -> tuple[set[int], list[str]]:
        """Shingles and LSH keys of an article (cached: ingest classifies, then stores)."""
        cached = self._fingerprints.get(art.content_hash)
        if cached is None:
            sh = shingles(art.text)
            cached = (sh, band_keys(sh))
            if len(self._fingerprints) >= 64:
                self._fingerprints.pop(next(iter(self._fingerprints)))
            self._fingerprints[art.content_hash] = cached
        return cached

    def _classify(self, conn: Connection, art: Article) -> tuple[str, str | None]:
        row = conn.execute(
            select(ArticleRow.id).where(
                or_(ArticleRow.id == art.id, ArticleRow.content_hash == art.content_hash)
            )
        ).first()
        if row:
            return "duplicate", row[0]
        sh, keys = self._fingerprint(art)
        if not keys:
            return "new", None
        shared = func.count(BucketRow.seq)
        candidates = conn.execute(
            select(BucketRow.article_id, shared)
            .where(BucketRow.key.in_(keys))
            .group_by(BucketRow.article_id)
            .order_by(shared.desc(), BucketRow.article_id)
            .limit(_NEAR_CANDIDATES)
        ).all()
        for cand_id, _n in candidates:
            cand = conn.execute(
                select(ArticleRow.text, ArticleRow.duplicate_of).where(ArticleRow.id == cand_id)
            ).first()
            if cand is not None and is_near_duplicate(sh, shingles(cand[0])):
                return "near-duplicate", cand[1] or cand_id
        return "new", None

    @staticmethod
    def _prepare(article: Article) -> Article:
        """The article with its content hash filled in; rejects strings no database stores."""
        for name, value in article.model_dump().items():
            if isinstance(value, str):
                _check_storable(value, f"article {article.id!r} field {name!r}", article.origin)
        _check_key(article.id, "article id", article.origin)
        _check_key(article.published, "article published date", article.origin)
        digest = content_hash(article.text)
        if article.content_hash != digest:
            article = article.model_copy(update={"content_hash": digest})
        return article

    def add_article(self, article: Article, events: Sequence[Event] = ()) -> Outcome:
        """Store an article with its events in one transaction.

        An exact duplicate (same id or same content hash) is not stored again. A
        near-duplicate is stored with ``duplicate_of`` = its original's id and without
        events (the original's events stand for it)."""
        art = self._prepare(article)
        for ev in events:
            for path, value in _strings(ev.model_dump()):
                _check_storable(value, f"event {ev.id!r} of article {art.id!r} {path}", art.origin)
            for key, what in ((ev.id, "event id"), (ev.type, "event type"),
                              (ev.date, "event date")):
                _check_key(key, what, art.origin)
        try:
            with self._write() as conn:
                status, original = self._classify(conn, art)
                keys = self._fingerprint(art)[1]
                if status == "duplicate":
                    return "duplicate"
                conn.execute(
                    insert(ArticleRow).values(
                        id=art.id,
                        content_hash=art.content_hash,
                        text=art.text,
                        title=art.title,
                        outlet=art.outlet,
                        url=art.url,
                        published=art.published,
                        language=art.language,
                        duplicate_of=original if status == "near-duplicate" else None,
                        origin=art.origin,
                        ingested_at=_now(),
                    )
                )
                if keys:
                    conn.execute(
                        insert(BucketRow), [{"key": k, "article_id": art.id} for k in keys]
                    )
                if status == "near-duplicate":
                    return "near-duplicate"
                _insert_events(conn, art.id, events)
                return "stored"
        except IntegrityError as exc:
            # Another writer (another process on PostgreSQL) stored it first.
            status, _ = self.classify(art)
            if status == "duplicate":
                return "duplicate"
            raise StoreError(f"cannot store article {art.id!r}: {exc.orig}") from exc

    def articles(self, limit: int | None = None, offset: int = 0) -> list[Article]:
        """Stored articles in the order they were stored."""
        q = select(ArticleRow).order_by(ArticleRow.seq).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self._read() as conn:
            return [_article(r) for r in conn.execute(q).mappings()]

    def count_articles(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count(ArticleRow.seq))).scalar_one())

    def get_article(self, article_id: str) -> Article | None:
        with self._read() as conn:
            row = conn.execute(select(ArticleRow).where(ArticleRow.id == article_id)).mappings().first()
        return _article(row) if row else None

    # --- events ----------------------------------------------------------------------

    def events(
        self,
        actor: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article_id: str | None = None,
        limit: int | None = None,
        near: Place | None = None,
    ) -> list[Event]:
        """Stored events, in the order they were stored, exactly as they were stored.

        ``actor`` matches a source or target by dictionary id, country code, or a
        case-insensitive part of the name or mention ("Putin", "RUS", "VLADIMIR_PUTIN");
        ``type`` is a PLOVER type; ``since``/``until`` (inclusive, ISO prefixes) apply to the
        event's date, or the article's publication date when the event has none. ``near``: only
        events located in that place: a country (feature code PCLI) matches every place in
        it, an admin1 region (ADM1) every place in it, any other place itself (GeoNames id,
        else name and country)."""
        q = select(EventRow).join(ArticleRow, ArticleRow.id == EventRow.article_id)
        if article_id is not None:
            q = q.where(EventRow.article_id == article_id)
        if type:
            q = q.where(func.upper(EventRow.type) == type.upper())
        if actor:
            like = "%" + actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            matching = (
                select(MentionRow.event_id)
                .join(ActorRow, ActorRow.seq == MentionRow.actor_seq)
                .where(MentionRow.role.in_(("source", "target")))
                .where(
                    or_(
                        func.lower(ActorRow.dict_id) == actor.lower(),
                        func.upper(ActorRow.country) == actor.upper(),
                        func.lower(ActorRow.name).like(like, escape="\\"),
                        func.lower(MentionRow.mention).like(like, escape="\\"),
                    )
                )
            )
            q = q.where(EventRow.id.in_(matching))
        if near is not None:
            q = q.where(_near(near))
        when = func.coalesce(EventRow.date, ArticleRow.published)
        if since:
            q = q.where(func.substr(when, 1, len(since)) >= since)
        if until:
            q = q.where(func.substr(when, 1, len(until)) <= until)
        q = q.order_by(EventRow.seq)
        if limit is not None:
            q = q.limit(limit)
        with self._read() as conn:
            rows = list(conn.execute(q).mappings())
            return _load_events(conn, rows)

    def events_by_seq(self, seqs: Sequence[int]) -> list[Event]:
        """The stored events with these ``events.seq`` numbers, in stored order (for readers
        that page or filter with their own queries, such as the web pages)."""
        if not seqs:
            return []
        with self._read() as conn:
            rows: list[Any] = []
            for i in range(0, len(seqs), _CHUNK):
                rows += conn.execute(
                    select(EventRow).where(EventRow.seq.in_(list(seqs[i:i + _CHUNK])))
                ).mappings()
            rows.sort(key=lambda r: r["seq"])
            return _load_events(conn, rows)

    # --- skips -----------------------------------------------------------------------

    def record_skip(self, skip: Skip) -> None:
        """Record a skipped input (once: the same input and reason again change nothing)."""
        inp = _storable_text(skip.input)
        reason = _storable_text(skip.reason)
        with self._write() as conn:
            exists = conn.execute(
                select(SkipRow.seq).where(SkipRow.input == inp, SkipRow.reason == reason)
            ).first()
            if not exists:
                conn.execute(insert(SkipRow).values(input=inp, reason=reason, at=_now()))

    def skips(self) -> list[Skip]:
        with self._read() as conn:
            rows = conn.execute(select(SkipRow.input, SkipRow.reason).order_by(SkipRow.seq))
            return [Skip(input=r[0], reason=r[1]) for r in rows]

    # --- batch ingest ----------------------------------------------------------------

    def ingest(
        self,
        items: Iterable[Article | Skip],
        extractor: Extractor | None = None,
        on_item: Callable[[str, Article | Skip], None] | None = None,
        chunk_size: int = 32,
    ) -> IngestReport:
        """Store a stream of articles (and record its skips), one transaction per article.

        Exact duplicates are counted and dropped before extraction, and so are
        near-duplicates (stored linked to their original, without events); only new
        articles go through ``extractor`` (for example ``parley.pipeline.process``), in
        chunks of ``chunk_size``. If extraction raises on a chunk, its articles are retried one
        by one; an article whose extraction still fails is recorded as skipped (not stored,
        so that a later run extracts it) and the batch goes on. ``on_item(outcome, item)`` is
        called after each item, for progress display."""
        report = IngestReport()

        def note(outcome: str, item: Article | Skip) -> None:
            if on_item is not None:
                on_item(outcome, item)

        def skip(item: Skip) -> None:
            self.record_skip(item)
            report.skipped.append(item)
            note("skipped", item)

        def store(art: Article, evs: list[Event]) -> None:
            try:
                outcome = self.add_article(art, evs)
            except InputError as exc:  # a string no database can hold, in an extracted event
                skip(Skip(input=art.origin or art.id, reason=str(exc)))
                return
            report.count(outcome)
            if outcome == "stored":
                report.events += len(evs)
            note(outcome, art)

        def flush(chunk: list[Article]) -> None:
            if extractor is None:
                for art in chunk:
                    store(art, [])
                return
            try:
                pairs = list(extractor(chunk))
            except ConfigError:  # a missing model or setting: no article can be extracted
                raise
            except Exception:  # noqa: BLE001 - retried one by one below
                log.exception("event extraction failed on a chunk of %d articles; "
                              "retrying one by one", len(chunk))
                pairs = []
                for art in chunk:
                    try:
                        pairs.extend(extractor([art]))
                    except Exception as exc:  # noqa: BLE001 - one article must not stop a batch
                        log.exception("event extraction failed for article %s", art.id)
                        skip(Skip(input=art.origin or art.id, reason=(
                            f"event extraction failed ({type(exc).__name__}: {exc}); not "
                            "stored, so that ingesting it again retries")))
            for art, evs in pairs:
                store(art, evs)

        chunk: list[Article] = []
        for item in items:
            report.read += 1
            if isinstance(item, Skip):
                skip(item)
                continue
            try:
                status, _ = self.classify(item)
            except InputError as exc:
                skip(Skip(input=item.origin or item.id, reason=str(exc)))
                continue
            if status != "new":  # duplicates and near-duplicates need no extraction
                store(item, [])
                continue
            chunk.append(item)
            if len(chunk) >= chunk_size:
                flush(chunk)
                chunk = []
        if chunk:
            flush(chunk)
        return report

    # --- integrity -------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """Problems found in the store (an empty list means it is sound)."""
        problems: list[str] = []
        with self._read() as conn:
            if conn.dialect.name == "sqlite":
                result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems += [f"sqlite integrity_check: {r}" for r in result]
                for r in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(f"foreign key violation in table {r[0]} row {r[1]} -> {r[2]}")
            done = set(applied(conn))
            for name, _ in MIGRATIONS:
                if name not in done:
                    problems.append(f"migration {name} not applied (run parley ingest or Store.migrate())")
            if problems and any(p.startswith("migration") for p in problems):
                return problems
            problems += _orphans(conn, EventRow.__table__, EventRow.article_id, ArticleRow.id, "event")
            for table, label in (
                (ConditionRow, "condition"),
                (MentionRow, "mention"),
                (AttributionRow, "attribution"),
            ):
                problems += _orphans(conn, table.__table__, table.event_id, EventRow.id, label)
            problems += _orphans(conn, BucketRow.__table__, BucketRow.article_id, ArticleRow.id, "bucket")
            orphan_actor = conn.execute(
                select(MentionRow.seq).where(MentionRow.actor_seq.not_in(select(ActorRow.seq)))
            ).all()
            problems += [f"mention {r[0]} points to a missing actor" for r in orphan_actor]
            missing_orig = conn.execute(
                select(ArticleRow.id, ArticleRow.duplicate_of).where(
                    ArticleRow.duplicate_of.is_not(None),
                    ArticleRow.duplicate_of.not_in(select(ArticleRow.id)),
                )
            ).all()
            problems += [f"article {r[0]} is a near-duplicate of missing article {r[1]}" for r in missing_orig]
            dup_events = conn.execute(
                select(EventRow.id).join(ArticleRow, ArticleRow.id == EventRow.article_id)
                .where(ArticleRow.duplicate_of.is_not(None))
            ).all()
            problems += [f"event {r[0]} belongs to a near-duplicate article" for r in dup_events]
            bad_buckets = conn.execute(
                select(BucketRow.article_id, func.count(BucketRow.seq))
                .group_by(BucketRow.article_id)
                .having(func.count(BucketRow.seq) != BANDS)
            ).all()
            problems += [f"article {r[0]} has {r[1]} near-duplicate index entries, not {BANDS}"
                         for r in bad_buckets]
            for art_id, text_, digest in conn.execute(
                select(ArticleRow.id, ArticleRow.text, ArticleRow.content_hash)
            ):
                if content_hash(text_) != digest:
                    problems.append(f"article {art_id}: stored text does not match its content hash")
        return problems


# --- helpers ---------------------------------------------------------------------------


def _check_storable(value: str, what: str, origin: str | None) -> None:
    if "\x00" in value:
        raise InputError(f"{what} contains NUL characters, which the store cannot hold", origin)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{what} contains unpaired surrogates ({exc.reason})", origin) from exc


def _check_key(value: str | None, what: str, origin: str | None) -> None:
    """Indexed columns hold at most MAX_KEY_CHARS characters (PostgreSQL's b-tree entries are
    limited to about 2.7 kB)."""
    if value is not None and len(value) > MAX_KEY_CHARS:
        raise InputError(f"{what} is {len(value)} characters long, over {MAX_KEY_CHARS}", origin)


def _storable_text(value: str) -> str:
    return value.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path or "value", value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def _orphans(conn: Connection, table: Any, column: Any, parent: Any, label: str) -> list[str]:
    rows = conn.execute(
        select(table.c.seq, column).where(column.not_in(select(parent)))
    ).all()
    return [f"{label} {r[0]} points to missing {r[1]!r}" for r in rows]


def _article(row: Any) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=row["published"],
        language=row["language"],
        content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"],
        origin=row["origin"],
    )


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (int(start), int(end))


def _actor_key(ref: ActorRef) -> str:
    raw = json.dumps([ref.id, ref.name, ref.country, ref.sector], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _actor_seqs(conn: Connection, refs: Sequence[ActorRef]) -> dict[str, int]:
    """``{actor key: actors.seq}`` for every actor in ``refs``, inserting the new ones: one
    look-up and at most one multi-row insert per article, whatever its number of mentions."""
    keyed = {_actor_key(ref): ref for ref in refs}
    seqs: dict[str, int] = {}
    keys = list(keyed)
    for chunk in _chunks(keys):
        for key, seq in conn.execute(
            select(ActorRow.key, ActorRow.seq).where(ActorRow.key.in_(chunk))
        ):
            seqs[key] = int(seq)
    new = [
        {"key": k, "dict_id": r.id, "name": r.name, "country": r.country, "sector": r.sector}
        for k, r in keyed.items() if k not in seqs
    ]
    if new:
        rows = conn.execute(
            insert(ActorRow).returning(ActorRow.key, ActorRow.seq, sort_by_parameter_order=True),
            new,
        )
        seqs.update((key, int(seq)) for key, seq in rows)
    return seqs


def _event_id(article_id: str, position: int, ev: Event) -> str:
    key = f"{article_id}|{position}|{ev.model_dump_json()}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _event_row(unique: str, article_id: str, ev: Event) -> dict[str, Any]:
    span = ev.span or (None, None)
    tspan = ev.trigger_span or (None, None)
    blocker = ev.blocker
    return {
        "id": unique,
        "article_id": article_id,
        "type": ev.type,
        "mode": ev.mode,
        "cameo": ev.cameo,
        "goldstein": ev.goldstein,
        "quad": ev.quad,
        "modality": ev.modality,
        "negated": ev.negated,
        "trigger": ev.trigger,
        "date": ev.date,
        "span_start": span[0],
        "span_end": span[1],
        "trigger_start": tspan[0],
        "trigger_end": tspan[1],
        "sentence": ev.sentence,
        "rule": ev.rule,
        "confidence": ev.confidence,
        "blocker_text": blocker.text if blocker else None,
        "blocker_since": blocker.since if blocker else None,
        "blocker_in_effect": blocker.in_effect if blocker else None,
        "blocker_confirmed": blocker.confirmed if blocker else None,
        **_place_columns(ev.place),
    }


def _insert_events(conn: Connection, article_id: str, events: Sequence[Event]) -> None:
    """An article's events with their mentions, attributions and conditions: each table gets
    one multi-row statement per article (executemany with bound parameters), not one statement
    per row, which kept the single writer at about 15 ms of CPU per article."""
    if not events:
        return
    wanted = [ev.id or _event_id(article_id, i, ev) for i, ev in enumerate(events)]
    taken: set[str] = set()
    for chunk in _chunks(wanted):
        taken |= {r[0] for r in conn.execute(select(EventRow.id).where(EventRow.id.in_(chunk)))}
    event_rows: list[dict[str, Any]] = []
    mentions: list[tuple[str, str, ActorRef]] = []  # (event id, role, actor)
    said_at: dict[str, int] = {}  # event id -> index of its said_by mention in ``mentions``
    condition_rows: list[dict[str, Any]] = []
    for ev, eid in zip(events, wanted, strict=True):
        n = 1
        unique = eid
        while unique in taken:  # an id collision: keep both events, under distinct ids
            n += 1
            unique = f"{eid}-{n}"
        taken.add(unique)
        event_rows.append(_event_row(unique, article_id, ev))
        if ev.source is not None:
            mentions.append((unique, "source", ev.source))
        if ev.target is not None:
            mentions.append((unique, "target", ev.target))
        if ev.blocker is not None and ev.blocker.confirmed_by is not None:
            mentions.append((unique, "confirmed_by", ev.blocker.confirmed_by))
        if ev.said_by is not None:
            said_at[unique] = len(mentions)
            mentions.append((unique, "said_by", ev.said_by))
        condition_rows.extend(
            {
                "event_id": unique,
                "position": i,
                "text": c.text,
                "kind": c.kind,
                "span_start": c.span[0] if c.span else None,
                "span_end": c.span[1] if c.span else None,
            }
            for i, c in enumerate(ev.conditions)
        )
    conn.execute(insert(EventRow), event_rows)
    mention_seqs: list[int] = []
    if mentions:
        actors = _actor_seqs(conn, [ref for _e, _r, ref in mentions])
        rows = [
            {
                "event_id": event,
                "role": role,
                "actor_seq": actors[_actor_key(ref)],
                "mention": ref.mention,
                "span_start": ref.span[0] if ref.span else None,
                "span_end": ref.span[1] if ref.span else None,
            }
            for event, role, ref in mentions
        ]
        if said_at:  # the attribution rows point at the said_by mentions: their keys are needed
            mention_seqs = [
                int(seq) for (seq,) in conn.execute(
                    insert(MentionRow).returning(MentionRow.seq, sort_by_parameter_order=True),
                    rows,
                )
            ]
        else:
            conn.execute(insert(MentionRow), rows)
    attribution_rows = [
        {
            "event_id": row["id"],
            "said_by_mention": mention_seqs[said_at[row["id"]]] if row["id"] in said_at else None,
            "reported_by": ev.reported_by,
        }
        for row, ev in zip(event_rows, events, strict=True)
        if row["id"] in said_at or ev.reported_by is not None
    ]
    if attribution_rows:
        conn.execute(insert(AttributionRow), attribution_rows)
    if condition_rows:
        conn.execute(insert(ConditionRow), condition_rows)


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _load_events(conn: Connection, rows: list[Any]) -> list[Event]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    conditions: dict[str, list[Condition]] = {}
    mentions: dict[str, dict[str, ActorRef]] = {}
    said_seq: dict[int, tuple[str, ActorRef]] = {}
    attributions: dict[str, tuple[int | None, str | None]] = {}
    for chunk in _chunks(ids):
        for c in conn.execute(
            select(ConditionRow).where(ConditionRow.event_id.in_(chunk))
            .order_by(ConditionRow.event_id, ConditionRow.position)
        ).mappings():
            conditions.setdefault(c["event_id"], []).append(
                Condition(text=c["text"], kind=c["kind"], span=_span(c["span_start"], c["span_end"]))
            )
        for m in conn.execute(
            select(MentionRow, ActorRow.dict_id, ActorRow.name, ActorRow.country, ActorRow.sector)
            .join(ActorRow, ActorRow.seq == MentionRow.actor_seq)
            .where(MentionRow.event_id.in_(chunk))
        ).mappings():
            ref = ActorRef(
                name=m["name"],
                country=m["country"],
                sector=m["sector"],
                id=m["dict_id"],
                mention=m["mention"],
                span=_span(m["span_start"], m["span_end"]),
            )
            mentions.setdefault(m["event_id"], {})[m["role"]] = ref
            said_seq[int(m["seq"])] = (m["event_id"], ref)
        for a in conn.execute(
            select(AttributionRow).where(AttributionRow.event_id.in_(chunk))
        ).mappings():
            attributions[a["event_id"]] = (a["said_by_mention"], a["reported_by"])
    out: list[Event] = []
    for r in rows:
        eid = r["id"]
        roles = mentions.get(eid, {})
        said_mention, reported_by = attributions.get(eid, (None, None))
        said_by = said_seq[said_mention][1] if said_mention in said_seq else None
        blocker = None
        if r["blocker_text"] is not None:
            blocker = Blocker(
                text=r["blocker_text"],
                since=r["blocker_since"],
                in_effect=r["blocker_in_effect"],
                confirmed_by=roles.get("confirmed_by"),
                confirmed=r["blocker_confirmed"],
            )
        out.append(
            Event(
                id=eid,
                article_id=r["article_id"],
                type=r["type"],
                mode=r["mode"],
                cameo=r["cameo"],
                goldstein=r["goldstein"],
                quad=r["quad"],
                source=roles.get("source"),
                target=roles.get("target"),
                modality=r["modality"],
                negated=bool(r["negated"]),
                trigger=r["trigger"],
                conditions=conditions.get(eid, []),
                said_by=said_by,
                reported_by=reported_by,
                date=r["date"],
                span=_span(r["span_start"], r["span_end"]),
                trigger_span=_span(r["trigger_start"], r["trigger_end"]),
                sentence=r["sentence"],
                rule=r["rule"],
                confidence=r["confidence"],
                blocker=blocker,
                place=_place(r),
            )
        )
    return out


def _near(place: Place) -> Any:
    """The SQL condition of ``Store.events(near=place)``."""
    if place.feature_code == "PCLI" and place.country:
        return EventRow.place_country == place.country
    if place.feature_code == "ADM1" and place.country:
        return (EventRow.place_country == place.country) & \
            (EventRow.place_admin1 == place.admin1)
    if place.geonames_id is not None:
        return EventRow.place_geonames_id == place.geonames_id
    same = EventRow.place_name == place.name
    return same & (EventRow.place_country == place.country) if place.country else same


def _place_columns(place: Place | None) -> dict[str, Any]:
    """The ``place_*`` columns of an event row (all None for an event without a place)."""
    p = place
    return {
        "place_name": p.name if p else None, "place_country": p.country if p else None,
        "place_admin1": p.admin1 if p else None, "place_lat": p.lat if p else None,
        "place_lon": p.lon if p else None,
        "place_feature_class": p.feature_class if p else None,
        "place_feature_code": p.feature_code if p else None,
        "place_geonames_id": p.geonames_id if p else None,
        "place_mention": p.mention if p else None,
        "place_start": p.span[0] if p and p.span else None,
        "place_end": p.span[1] if p and p.span else None,
    }


def _place(r: Any) -> Place | None:
    if r.get("place_name") is None:
        return None
    return Place(name=r["place_name"], country=r["place_country"], admin1=r["place_admin1"],
                 lat=r["place_lat"], lon=r["place_lon"],
                 feature_class=r["place_feature_class"],
                 feature_code=r["place_feature_code"], geonames_id=r["place_geonames_id"],
                 mention=r["place_mention"], span=_span(r["place_start"], r["place_end"]))
