"""Store.ingest: the batch loop that dedupes before extraction and survives failures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from parley.records import Article, Event, Skip
from parley.store import Store


def arts(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"Article number {i} about talks and a ceasefire.",
                    origin=f"in.jsonl:{i + 1}") for i in range(n)]


def fake_extractor(fail_on: set[str], calls: list[list[str]]):  # type: ignore[no-untyped-def]
    def run(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        batch = list(articles)
        calls.append([a.id for a in batch])
        for art in batch:
            if art.id in fail_on:
                raise RuntimeError(f"component crashed on {art.id}")
        for art in batch:
            yield art, [Event(type="AGREE", trigger=art.id)]
    return run


def test_store_ingest_extracts_only_new_articles_and_counts(store: Store) -> None:
    calls: list[list[str]] = []
    items: list[Article | Skip] = [*arts(3), Skip(input="bad.txt", reason="empty file")]
    report = store.ingest(items, extractor=fake_extractor(set(), calls), chunk_size=2)
    assert (report.read, report.stored, report.duplicates, report.events) == (4, 3, 0, 3)
    assert report.skipped == [Skip(input="bad.txt", reason="empty file")]
    assert calls == [["a0", "a1"], ["a2"]]
    calls.clear()
    again = store.ingest(arts(3), extractor=fake_extractor(set(), calls))
    assert (again.stored, again.duplicates, calls) == (0, 3, [])


def test_store_ingest_survives_an_extraction_crash(store: Store) -> None:
    calls: list[list[str]] = []
    report = store.ingest(arts(4), extractor=fake_extractor({"a1"}, calls), chunk_size=4)
    assert report.stored == 3 and [s.input for s in report.skipped] == ["in.jsonl:2"]
    assert "event extraction failed (RuntimeError: component crashed on a1)" in \
        report.skipped[0].reason
    assert store.get_article("a1") is None  # not stored: a later run retries it
    assert sorted(e.trigger for e in store.events()) == ["a0", "a2", "a3"]
    assert store.integrity_check() == []
    retry = store.ingest(arts(4), extractor=fake_extractor(set(), calls))
    assert (retry.stored, retry.duplicates) == (1, 3)
