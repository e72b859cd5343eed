"""Events with their articles, as every export format reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.records import ActorRef, Article, Event
from parley.store import Store


@dataclass
class EventRow:
    event: Event
    article: Article | None

    @property
    def date(self) -> str | None:
        """The event's own date, else its article's publication date (ISO prefix)."""
        if self.event.date:
            return self.event.date
        return (self.article.published or "")[:10] or None if self.article else None


def event_rows(store: Store, **filters: Any) -> list[EventRow]:
    articles: dict[str, Article | None] = {}
    rows = []
    for ev in store.events(**filters):
        if ev.article_id not in articles:
            articles[ev.article_id] = store.get_article(ev.article_id)
        rows.append(EventRow(ev, articles[ev.article_id]))
    return rows


def actor_dict(ref: ActorRef | None) -> dict[str, Any] | None:
    return None if ref is None else ref.model_dump(mode="json")


def conditions_list(ev: Event) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json") for c in ev.conditions]
