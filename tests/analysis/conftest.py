"""Fixtures of the analysis tests: hand-written articles and events (``tests/fixtures/analysis``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parley.records import Article, Event

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "analysis"


def load_fixture(name: str) -> tuple[list[Event], list[Article]]:
    """(events, articles) of a fixture file; an article's ``text_file`` is read from the repo."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    raw_articles = data.get("articles") or [data["article"]]
    articles = []
    for raw in raw_articles:
        raw = dict(raw)
        if "text_file" in raw:
            raw["text"] = (ROOT / raw.pop("text_file")).read_text(encoding="utf-8")
        articles.append(Article(**raw))
    default_article = articles[0].id
    events = [Event(**{"article_id": default_article, **e}) for e in data["events"]]
    return events, articles


@pytest.fixture
def seed_records() -> tuple[list[Event], list[Article]]:
    return load_fixture("seed_events.json")


@pytest.fixture
def vm_records() -> tuple[list[Event], list[Article]]:
    return load_fixture("veloria_marosh.json")
