"""Store.events filters: actor, type, since/until, article; articles paging."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from parley.records import ActorRef, Article, Event
from parley.store import Store

PUTIN = ActorRef(name="Vladimir Putin", country="RUS", sector="GOV", id="VLADIMIR_PUTIN",
                 mention="the Russian president")
ZELENSKY = ActorRef(name="Volodymyr Zelensky", country="UKR", sector="GOV",
                    id="VOLODYMYR_ZELENSKY", mention="Zelensky")
TRUMP = ActorRef(name="Donald Trump", country="USA", sector="GOV", id="DONALD_TRUMP")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """Two articles with four events, on each backend (``db_url``: tests/store/conftest.py)."""
    s = Store(db_url)
    s.migrate()
    s.add_article(
        Article(id="a1", text="First article about talks in Geneva.", published="2025-01-23"),
        [
            Event(id="e1", type="AGREE", source=ZELENSKY, target=PUTIN, date="2025-01-23"),
            Event(id="e2", type="REJECT", source=ZELENSKY, target=PUTIN, date="2022-10"),
            Event(id="e3", type="CONSULT", source=TRUMP, target=None),  # undated: article date
        ],
    )
    s.add_article(
        Article(id="a2", text="Second article about a summit in Doha.", published="2024-06-01"),
        [Event(id="e4", type="agree", source=TRUMP, target=ZELENSKY, date="2024-06-01T10:00:00")],
    )
    yield s
    s.close()


def ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["e1", "e2", "e3", "e4"]),
        ({"actor": "putin"}, ["e1", "e2"]),
        ({"actor": "VLADIMIR_PUTIN"}, ["e1", "e2"]),
        ({"actor": "UKR"}, ["e1", "e2", "e4"]),
        ({"actor": "russian president"}, ["e1", "e2"]),  # the mention text
        ({"actor": "%"}, []),  # LIKE wildcards are literal
        ({"type": "AGREE"}, ["e1", "e4"]),
        ({"since": "2025-01-01"}, ["e1", "e3"]),
        ({"until": "2022-12-31"}, ["e2"]),
        ({"since": "2024", "until": "2024"}, ["e4"]),
        ({"until": "2024-06-01"}, ["e2", "e4"]),  # a date-time on that day is included
        ({"article_id": "a2"}, ["e4"]),
        ({"actor": "trump", "type": "consult"}, ["e3"]),
    ],
)
def test_store_events_filters(store: Store, kwargs: dict[str, str], expected: list[str]) -> None:
    assert ids(store.events(**kwargs)) == expected  # type: ignore[arg-type]


def test_store_events_limit(store: Store) -> None:
    assert ids(store.events(limit=2)) == ["e1", "e2"]


def test_store_articles_paging_in_store_order(store: Store) -> None:
    assert [a.id for a in store.articles()] == ["a1", "a2"]
    assert [a.id for a in store.articles(limit=1, offset=1)] == ["a2"]
    assert store.get_article("nope") is None


def test_store_actor_rows_shared_between_events(store: Store) -> None:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM actors")).scalar() == 3
        assert conn.execute(text("SELECT count(*) FROM mentions")).scalar() == 7


def test_store_colliding_event_ids_kept_apart(store: Store) -> None:
    store.add_article(Article(id="a3", text="Third article, reusing an event id."),
                      [Event(id="e1", type="AID"), Event(id="e1", type="AID")])
    got = store.events(article_id="a3")
    assert len(got) == 2 and len({e.id for e in got}) == 2
    assert store.integrity_check() == []


def test_events_by_seq_returns_those_events_whole_in_stored_order(store: Store) -> None:
    everything = store.events()
    with store.engine.connect() as conn:
        from sqlalchemy import text as sql

        seq_of = dict(conn.execute(sql("SELECT id, seq FROM events")).all())
    picked = [seq_of["e4"], seq_of["e1"], 10**9]  # out of order, and one that does not exist
    got = store.events_by_seq(picked)
    assert ids(got) == ["e1", "e4"]
    by_id = {e.id: e for e in everything}
    assert got == [by_id["e1"], by_id["e4"]]  # the same records as Store.events gives
    assert store.events_by_seq([]) == []


def test_bulk_written_mentions_and_attributions_point_at_their_own_event(db_url: str) -> None:
    """Events are written table by table in multi-row statements: each said_by must stay
    with its own event when some events of the article have a speaker and others do not."""
    s = Store(db_url)
    s.migrate()
    speakers = [PUTIN, None, TRUMP, None, ZELENSKY]
    events = [
        Event(id=f"b{i}", type="CONSULT", source=ZELENSKY if i % 2 else TRUMP,
              target=PUTIN if i != 3 else None, said_by=who,
              reported_by="Reuters" if i in (1, 2) else None)
        for i, who in enumerate(speakers)
    ]
    assert s.add_article(Article(id="bulk", text="Many events in one article."), events) == "stored"
    back = {e.id: e for e in s.events(article_id="bulk")}
    for i, who in enumerate(speakers):
        got = back[f"b{i}"]
        assert (got.said_by.name if got.said_by else None) == (who.name if who else None)
        assert got.reported_by == ("Reuters" if i in (1, 2) else None)
        assert got.target == (PUTIN if i != 3 else None)
    s.close()
