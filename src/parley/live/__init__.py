"""Live: watch news feeds and folders, keep the store and the negotiation map current, and
alert on changes.

    from parley.live import Watcher, WatchOptions, add_rule, recent_changes
    add_rule(store, on="stance-change", actor="Putin", targets=["webhook:http://..."])
    Watcher(store, ["https://example.org/feed.xml"], WatchOptions(interval=300)).run()
    recent_changes(store, since=41)       # the changes logged after change number 41

Modules: ``_http`` (polite HTTP: per-host rate limit, timeouts, retries with backoff),
``_feeds`` (feed items and article pages as Article records, through the ingest readers),
``_state`` (feed validators, failures and seen items in the store), ``_watch`` (the loop),
``_changes`` (the change log: stance changes, new blockers, talks), ``_alerts`` (rules and
delivery to stdout, a JSONL file or a webhook). Tables: ``parley.store.live_tables``
(migration ``0002_live``). How to run it: ``docs/live.md``.
"""

from __future__ import annotations

from parley.live._alerts import (
    RULE_KINDS,
    AlertRule,
    add_rule,
    deliver_pending,
    deliveries,
    list_rules,
    queue_alerts,
    remove_rule,
)
from parley.live._changes import Change, detect_changes, recent_changes
from parley.live._http import FetchError, Http, HttpOptions
from parley.live._state import FeedState, feed_states
from parley.live._watch import CycleReport, Watcher, WatchOptions, check_sources

__all__ = [
    "RULE_KINDS",
    "AlertRule",
    "Change",
    "CycleReport",
    "FeedState",
    "FetchError",
    "Http",
    "HttpOptions",
    "WatchOptions",
    "Watcher",
    "add_rule",
    "check_sources",
    "deliver_pending",
    "deliveries",
    "detect_changes",
    "feed_states",
    "list_rules",
    "queue_alerts",
    "recent_changes",
    "remove_rule",
]
