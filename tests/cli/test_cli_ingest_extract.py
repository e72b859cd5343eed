"""Ingest with real extraction: the bundled examples go through spaCy and Parley's
components, and the events come back out of the store exactly as extracted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.records import Article, Event
from parley.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.slow
def test_cli_ingest_with_extraction_stores_events(nlp: object, tmp_path: Path) -> None:
    from parley.pipeline import process

    db = tmp_path / "p.db"
    runner = CliRunner()
    seed = runner.invoke(main, ["--db", str(db), "ingest", str(EXAMPLES / "seed.txt"),
                                "--published", "2025-01-23", "--outlet", "unknown", "--json"],
                         catch_exceptions=False)
    assert seed.exit_code == 0, seed.output
    report = json.loads(seed.output)
    assert report["stored"] == 1 and report["events"] > 0
    more = runner.invoke(main, ["--db", str(db), "ingest", str(EXAMPLES / "articles.jsonl"),
                                "--json"], catch_exceptions=False)
    assert json.loads(more.output)["stored"] >= 3

    store = Store(str(db), create=False)
    articles = store.articles()
    seed_article = articles[0]
    assert seed_article.published == "2025-01-23" and seed_article.outlet == "unknown"
    assert seed_article.title and seed_article.title.startswith("Zelensky Open to Peace Talks")

    # what is stored is exactly what the pipeline extracts from the stored article
    stored = store.events(article_id=seed_article.id)
    assert len(stored) == report["events"]
    [(_, extracted)] = list(process([seed_article], nlp=nlp))  # type: ignore[arg-type]
    assert stored == extracted
    for ev in stored:
        assert ev.article_id == seed_article.id
        if ev.span:
            assert 0 <= ev.span[0] < ev.span[1] <= len(seed_article.text)

    out = runner.invoke(main, ["--db", str(db), "events", "--format", "jsonl",
                               "--article", seed_article.id]).output
    assert [Event.model_validate_json(ln) for ln in out.splitlines()] == stored
    assert store.integrity_check() == []

    # re-ingesting changes nothing and extracts nothing
    again = runner.invoke(main, ["--db", str(db), "ingest", str(EXAMPLES), "--published",
                                 "2025-01-23", "--json"], catch_exceptions=False)
    assert json.loads(again.output)["stored"] == 0
    assert len(store.events()) == len(stored) + sum(
        len(store.events(article_id=a.id)) for a in articles[1:])
    assert isinstance(seed_article, Article)
    store.close()
