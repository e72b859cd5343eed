"""The store: round-trips, duplicates, near-duplicates, migrations, integrity."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect
from sqlalchemy import text as sql

from parley.errors import InputError, StoreError
from parley.records import (
    ActorRef,
    Article,
    Blocker,
    Condition,
    Event,
    Skip,
    content_hash,
)
from parley.store import Store
from parley.store import _migrations as migrations
from parley.store._schema import Base

# ``store``, ``db_url``, ``backend`` and ``fresh_store`` come from tests/store/conftest.py and
# run every test on SQLite and on a real PostgreSQL 15 server.


# --- strategies ------------------------------------------------------------------------

# PostgreSQL text cannot hold NUL and no UTF-8 text holds a lone surrogate; the store
# refuses both on every backend (tested below).
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
opt_texts = st.none() | texts
keys = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
               max_size=500)  # indexed columns: at most 500 characters (tested below)
spans = st.none() | st.tuples(st.integers(0, 2**62), st.integers(0, 2**62))

articles = st.builds(
    Article,
    id=keys.filter(bool),
    text=texts,
    title=opt_texts,
    outlet=opt_texts,
    url=opt_texts,
    published=st.none() | keys,
    language=texts,
    origin=opt_texts,
)

actor_refs = st.builds(
    ActorRef, name=texts, country=opt_texts, sector=opt_texts, id=opt_texts,
    mention=opt_texts, span=spans,
)
conditions = st.builds(
    Condition, text=texts, kind=st.sampled_from(["precondition", "unless", "requirement"]),
    span=spans,
)
blockers = st.builds(
    Blocker, text=texts, since=opt_texts, in_effect=st.none() | st.booleans(),
    confirmed_by=st.none() | actor_refs, confirmed=opt_texts,
)
finite = st.floats(allow_nan=False)
events = st.builds(
    Event,
    id=keys.filter(bool),
    type=keys,
    mode=opt_texts,
    cameo=opt_texts,
    goldstein=st.none() | finite,
    quad=st.none() | st.integers(-(2**63), 2**63 - 1),
    source=st.none() | actor_refs,
    target=st.none() | actor_refs,
    modality=st.sampled_from(["asserted", "intended", "hypothetical"]),
    negated=st.booleans(),
    trigger=texts,
    conditions=st.lists(conditions, max_size=3),
    said_by=st.none() | actor_refs,
    reported_by=opt_texts,
    date=st.none() | keys,
    span=spans,
    trigger_span=spans,
    sentence=texts,
    rule=texts,
    confidence=finite,
    blocker=st.none() | blockers,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles)
def test_store_article_roundtrip(fresh_store: Callable[[], Store], article: Article) -> None:
    s = fresh_store()
    assert s.add_article(article) == "stored"
    expected = article.model_copy(update={"content_hash": content_hash(article.text)})
    assert s.get_article(article.id) == expected
    assert s.articles() == [expected]
    assert s.integrity_check() == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evs=st.lists(events, max_size=4, unique_by=lambda e: e.id))
def test_store_events_roundtrip(fresh_store: Callable[[], Store], evs: list[Event]) -> None:
    s = fresh_store()
    art = Article(id="a1", text="Some article text about talks.")
    evs = [e.model_copy(update={"article_id": "a1"}) for e in evs]
    assert s.add_article(art, evs) == "stored"
    assert s.events() == evs
    assert s.events(article_id="a1") == evs
    assert s.integrity_check() == []


def test_store_rejects_nul_with_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="NUL"):
        store.add_article(Article(id="x", text="a\x00b"))
    with pytest.raises(InputError, match="surrogates"):
        store.add_article(Article(id="x", text="ok", title="\ud800"))
    assert store.count_articles() == 0


def test_store_rejects_overlong_keys(store: Store) -> None:
    with pytest.raises(InputError, match="article id is 501 characters"):
        store.add_article(Article(id="x" * 501, text="t"))
    with pytest.raises(InputError, match="event date"):
        store.add_article(Article(id="x", text="t"), [Event(type="AGREE", date="2" * 600)])
    assert store.count_articles() == 0


# --- duplicates --------------------------------------------------------------------------

WORDS = ("talks ceasefire minister envoy delegation proposal border agreement troops "
         "withdrawal sanctions summit treaty mediator prisoners exchange corridor aid "
         "election parliament decree guarantee security dialogue statement").split()


def story(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def test_store_exact_duplicate_by_id_or_hash(store: Store) -> None:
    a = Article(id="a", text=story(1))
    assert store.add_article(a) == "stored"
    assert store.add_article(a) == "duplicate"
    assert store.add_article(Article(id="other-id", text=a.text)) == "duplicate"
    # layout-only differences share the content hash
    assert store.add_article(Article(id="b", text="  " + a.text.replace(" ", "\n"))) == "duplicate"
    assert store.count_articles() == 1


def test_store_near_duplicate_linked_without_events(store: Store) -> None:
    original = story(2, 300)
    words = original.split()
    words[50] = "EDITED"
    words[200] = "CHANGED"
    edited = " ".join(words) + " An editor added this closing sentence to the story."
    ev = Event(id="e1", type="AGREE", trigger="talks")
    assert store.add_article(Article(id="orig", text=original), [ev]) == "stored"
    assert store.add_article(Article(id="copy", text=edited), [ev.model_copy(update={"id": "e2"})]) \
        == "near-duplicate"
    copy = store.get_article("copy")
    assert copy is not None and copy.duplicate_of == "orig"
    assert [e.id for e in store.events()] == ["e1"]
    # a copy of the copy points to the first original
    assert store.add_article(Article(id="copy2", text=edited + " Updated.")) == "near-duplicate"
    assert store.get_article("copy2").duplicate_of == "orig"  # type: ignore[union-attr]
    assert store.integrity_check() == []


def test_store_different_stories_are_not_near_duplicates(store: Store) -> None:
    for i in range(30):
        assert store.add_article(Article(id=f"s{i}", text=story(100 + i, 200))) == "stored"
    assert all(a.duplicate_of is None for a in store.articles())


def test_store_near_duplicate_of_trimmed_republication(store: Store) -> None:
    full = story(3, 400)
    trimmed = " ".join(full.split()[:260])
    store.add_article(Article(id="full", text=full))
    assert store.add_article(Article(id="trim", text=trimmed)) == "near-duplicate"


# --- skips -------------------------------------------------------------------------------


def test_store_skips_recorded_once(store: Store) -> None:
    skip = Skip(input="x.txt", reason="empty file")
    store.record_skip(skip)
    store.record_skip(skip)
    store.record_skip(Skip(input="y\x00.txt", reason="odd \udcff name"))
    assert store.skips()[0] == skip
    assert len(store.skips()) == 2


# --- migrations --------------------------------------------------------------------------


def test_store_migrations_recorded_and_idempotent(db_url: str, backend: str) -> None:
    s = Store(db_url)
    assert not s.is_initialised()
    assert s.migrate() == [name for name, _ in migrations.MIGRATIONS]
    assert s.migrate() == []
    assert s.is_initialised()
    with s.engine.connect() as conn:
        if backend == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        else:
            assert str(conn.exec_driver_sql("SHOW server_version").scalar()).startswith("15")
            tables = set(inspect(conn).get_table_names())
            assert tables >= set(Base.metadata.tables)
    s.close()


def test_store_later_migration_applied_once_in_order(store: Store) -> None:
    s = store
    calls: list[str] = []

    def m2(conn: object) -> None:
        calls.append("0002")

    extra = [*migrations.MIGRATIONS, ("0002_test", m2)]
    assert migrations.migrate(s.engine, extra) == ["0002_test"]
    assert migrations.migrate(s.engine, extra) == []
    assert calls == ["0002"]


def test_store_failed_migration_leaves_no_record(store: Store) -> None:
    s = store

    def broken(conn: object) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        migrations.migrate(s.engine, [*migrations.MIGRATIONS, ("0002_broken", broken)])
    with s.engine.connect() as conn:
        assert "0002_broken" not in migrations.applied(conn)


def test_store_missing_store_refused_for_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        Store(str(tmp_path / "absent.db"), create=False)
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "no" / "dir" / "x.db"))


def test_store_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        Store("nosuchdialect://host/db")


def test_store_unreachable_postgresql_is_a_store_error() -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = Store(f"postgresql+psycopg://nobody@127.0.0.1:{port}/none?connect_timeout=2")
    with pytest.raises(StoreError, match="cannot read the store"):
        s.is_initialised()


# --- integrity ---------------------------------------------------------------------------


def test_store_integrity_check_finds_tampering(store: Store, backend: str) -> None:
    s = store
    ev = Event(id="e1", type="AGREE", conditions=[Condition(text="if", kind="precondition")],
               source=ActorRef(name="A"), said_by=ActorRef(name="B"), reported_by="Wire")
    s.add_article(Article(id="a1", text=story(9)), [ev])
    assert s.integrity_check() == []
    with s.engine.begin() as conn:
        conn.execute(sql("UPDATE articles SET text = 'changed' WHERE id = 'a1'"))
    problems = s.integrity_check()
    assert any("content hash" in p for p in problems)
    raw = s.engine.raw_connection()  # make orphans, bypassing the foreign keys
    cur = raw.cursor()
    if backend == "sqlite":
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.execute("DELETE FROM events WHERE id = 'e1'")
        cur.execute("PRAGMA foreign_keys=ON")
    else:  # triggers (which enforce foreign keys) off for this session; we are superuser
        cur.execute("SET session_replication_role = replica")
        cur.execute("DELETE FROM events WHERE id = 'e1'")
        raw.commit()
    raw.close()
    problems = s.integrity_check()
    if backend == "sqlite":
        assert any(p.startswith("foreign key violation in table conditions") for p in problems)
    assert any(p.startswith("condition") for p in problems)
    assert any(p.startswith("mention") for p in problems)
    assert any(p.startswith("attribution") for p in problems)
    s.close()


def test_store_foreign_keys_enforced(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(sql(
            "INSERT INTO conditions (event_id, position, text, kind) "
            "VALUES ('missing', 0, 'x', 'unless')"))
