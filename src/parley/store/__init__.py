"""Store: Article and Event records in and out of SQLite (default) or PostgreSQL.

No NLP here. ``Store(location)`` takes a SQLite path, ``:memory:`` or a SQLAlchemy URL;
``migrate()`` creates or upgrades the schema (named migrations recorded in
``parley_migrations``); ``add_article(article, events)`` stores one article with its events in
one transaction and returns ``"stored"``, ``"duplicate"`` or ``"near-duplicate"``; ``events()``
returns :class:`~parley.records.Event` records exactly as stored; ``integrity_check()`` lists
problems (an empty list means the store is sound).

    >>> store = Store(":memory:"); _ = store.migrate()
    >>> store.add_article(Article(id="a1", text="Talks resume in Geneva on Monday."))
    'stored'
    >>> store.add_article(Article(id="a1", text="Talks resume in Geneva on Monday."))
    'duplicate'
"""

from __future__ import annotations

from parley.records import Article
from parley.store import _live_schema as live_tables
from parley.store._store import Extractor, IngestReport, Outcome, Store, to_url

__all__ = ["Article", "Extractor", "IngestReport", "Outcome", "Store", "live_tables", "to_url"]
