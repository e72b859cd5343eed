"""Ingests at once (three processes) on the same store, on SQLite and on PostgreSQL: with the
same articles, or overlapping ones in opposite orders, nothing is lost and nothing is stored
twice; actors shared between the writers' events are one row each; the store stays sound."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from sqlalchemy import text as sql

from parley.records import ActorRef, Article, Event
from parley.store import Store

ACTORS = [ActorRef(name=f"Actor {i}", country=c, sector="GOV", id=f"ACTOR_{i}")
          for i, c in enumerate(["RUS", "UKR", "USA", "TUR", "QAT", "FRA", "DEU"])]


def article(i: int) -> Article:
    return Article(id=f"c{i:03d}", published="2025-03-01",
                   text=f"Report {i}: envoys {i * 7} met in Doha about a ceasefire plan {i * 13}.")


def events_of(art: Article) -> list[Event]:
    i = int(art.id[1:])
    return [Event(type="CONSULT", trigger=f"met {art.id}", source=ACTORS[i % 7],
                  target=ACTORS[(i + 1) % 7]),
            Event(type="AGREE", trigger=f"agreed {art.id}", source=ACTORS[(i + 3) % 7],
                  said_by=ACTORS[(i + 5) % 7], reported_by="Wire")]


def extractor(arts: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
    for art in arts:
        yield art, events_of(art)


def writer(url: str, ids: list[int], barrier: Any, out: Any) -> None:
    try:
        store = Store(url)
        items = [article(i) for i in ids]
        barrier.wait(timeout=60)
        report = store.ingest(items, extractor=extractor, chunk_size=4)
        out.put((report.stored, report.duplicates, len(report.skipped)))
        store.close()
    except Exception as exc:  # noqa: BLE001 - reported to the test
        out.put(f"{type(exc).__name__}: {exc}"[:500])


@pytest.mark.parametrize("overlap", ["same", "overlapping"])
def test_store_concurrent_ingests_lose_and_double_nothing(db_url: str, overlap: str) -> None:
    """Three writers at once. (Without a single writer on PostgreSQL this deadlocks or
    fails on the actors' unique key: seen before the store took an advisory lock.)"""
    Store(db_url).migrate()
    if overlap == "same":
        runs = [list(range(150)), list(range(150)), list(reversed(range(150)))]
    else:  # each pair of writers shares articles, met in opposite orders
        runs = [list(range(0, 100)), list(reversed(range(50, 150))), list(range(25, 125))]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(runs))
    out = ctx.Queue()
    procs = [ctx.Process(target=writer, args=(db_url, ids, barrier, out)) for ids in runs]
    for p in procs:
        p.start()
    results = [out.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert all(isinstance(r, tuple) for r in results), results
    wanted = sorted(set().union(*runs))
    assert sum(r[0] for r in results) == len(wanted)  # each stored once between them
    assert sum(r[1] for r in results) == sum(map(len, runs)) - len(wanted)
    assert all(r[2] == 0 for r in results)

    store = Store(db_url)
    assert sorted(a.id for a in store.articles()) == [article(i).id for i in wanted]
    for i in wanted:
        art = article(i)
        got = store.events(article_id=art.id)
        expected = events_of(art)
        assert [(e.type, e.trigger, e.source, e.target, e.said_by) for e in got] == \
            [(e.type, e.trigger, e.source, e.target, e.said_by) for e in expected]
    with store.engine.connect() as conn:
        assert conn.execute(sql("SELECT count(*) FROM actors")).scalar() == len(ACTORS)
        assert conn.execute(sql("SELECT count(*) FROM events")).scalar() == 2 * len(wanted)
    assert store.integrity_check() == []
    store.close()
