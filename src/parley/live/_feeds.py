"""Feed items and article pages as :class:`~parley.records.Article` records, through the
ingest readers (bytes in, records out; no network here).

``parse_feed(data, source)`` reads RSS/Atom bytes with feedparser and pairs each entry with its
own content/summary as read by :func:`parley.ingest.read_paths` (the fallback when the article
page cannot be fetched or has no main text). ``page_article(html, item)`` extracts a page's
main text with the ingest HTML reader (trafilatura).
"""

from __future__ import annotations

import tempfile
import time
import xml.sax
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.errors import InputError
from parley.ingest import normalise_published, read_paths
from parley.live._state import sha1
from parley.records import Article, Skip

_ID_MAX = 500


@dataclass
class FeedItem:
    """One entry of a feed: ``key`` (its guid, else its link, else a hash of its content) is
    what the store remembers; ``article_id`` is the id the article is stored under."""

    key: str
    article_id: str
    link: str | None
    title: str | None
    published: str | None
    outlet: str | None
    fallback: Article | Skip


@dataclass
class ParsedFeed:
    items: list[FeedItem]
    problem: str | None = None  # malformed XML, or not a feed at all
    malformed: bool = False


def _read_bytes(data: bytes, name: str) -> list[Article | Skip]:
    with tempfile.TemporaryDirectory(prefix="parley-live-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(read_paths([path]))


def _published(entry: Any) -> str | None:
    value = dict.get(entry, "published") or dict.get(entry, "updated")
    try:
        return normalise_published(value)
    except InputError:
        parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)
    return None


def parse_feed(data: bytes, source: str) -> ParsedFeed:
    """The items of an RSS/Atom document, or the problem with it."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    exc = parsed.get("bozo_exception")
    malformed = bool(parsed.get("bozo")) and isinstance(exc, xml.sax.SAXException)
    problem = None
    if malformed:
        problem = f"malformed XML: {exc}"
    elif not entries and not parsed.get("version"):
        problem = "not an RSS or Atom feed" + (f" ({exc})" if exc else "")
    if not entries:
        return ParsedFeed([], problem, malformed)
    fallbacks = _read_bytes(data, "feed.xml")
    if len(fallbacks) != len(entries):
        fallbacks = [Skip(input=source, reason="feed item has no content or summary")] * len(entries)
    feed_title = parsed.get("feed", {}).get("title") or None
    items: list[FeedItem] = []
    for i, (entry, fb) in enumerate(zip(entries, fallbacks, strict=True)):
        link = str(entry.get("link") or "") or None
        guid = str(entry.get("id") or "") or None
        if isinstance(fb, Article):
            content_key = fb.content_hash[:16]
        else:
            content_key = sha1(f"{entry.get('title')}|{i}")[:16]
        key = guid or link or content_key
        article_id = key if len(key) <= _ID_MAX else "live-" + sha1(key)[:16]
        if isinstance(fb, Skip):
            fb = Skip(input=link or f"{source}#{key}", reason=fb.reason)
        items.append(FeedItem(
            key=key, article_id=article_id, link=link,
            title=str(entry.get("title") or "") or None, published=_published(entry),
            outlet=str(feed_title) if feed_title else None, fallback=fb,
        ))
    return ParsedFeed(items, problem, malformed)


def page_article(html: bytes, item: FeedItem) -> Article | Skip:
    """The main text of an article page (ingest HTML reader), or why there is none."""
    found = _read_bytes(html, "page.html")
    first = found[0] if found else Skip(input=item.link or item.key, reason="empty page")
    if isinstance(first, Skip):
        return Skip(input=item.link or item.key, reason=first.reason)
    return first


def finish(art: Article, item: FeedItem, source: str, today: str) -> Article:
    """An article under the item's id, link, title and date (the page's when the item has
    none; the poll date when neither has one: news read as it arrives)."""
    return art.model_copy(update={
        "id": item.article_id,
        "url": item.link or art.url,
        "origin": item.link or f"{source}#{item.key}",
        "title": item.title or art.title,
        "published": item.published or art.published or today,
        "outlet": art.outlet or item.outlet,
    })
