"""The watch loop: poll sources, store new articles, detect changes, deliver alerts.

    watcher = Watcher(store, ["https://example.org/feed.xml", "inbox/"], WatchOptions())
    watcher.run(cycles=None)          # forever; each cycle: poll due sources, then
                                      # detect_changes -> queue_alerts -> deliver_pending

Sources: an ``http(s)://`` URL is an RSS/Atom feed, fetched with conditional requests (ETag ->
``If-None-Match``, Last-Modified -> ``If-Modified-Since``; a 304, or the same body again, is
not processed); each new item's page is fetched and its main text extracted, else the item's
own content/summary is used. A file is a feed too (re-read when its size or mtime changes). A
folder is watched for dropped files (any format ``parley ingest`` reads), each read once.

Idempotent and restartable: every item handled is remembered in ``live_items`` once its article
is committed, articles are stored under the item's id (so a page fetched twice is one article),
and an item whose article is already stored is never fetched again. A feed's validators are
saved only when all its items are handled, so a crash part-way re-reads the feed, not the
items. A failing source (timeout, HTTP error, malformed XML, redirect loop) is logged, and
retried after ``retry_base * 2**(failures-1)`` seconds (at most ``max_backoff``) while the
other sources go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.errors import InputError
from parley.ingest import read_paths
from parley.live._alerts import deliver_pending, queue_alerts
from parley.live._changes import Change, detect_changes, last_change_seq
from parley.live._feeds import FeedItem, finish, page_article, parse_feed
from parley.live._http import FetchError, Http, HttpOptions
from parley.live._state import FeedState, feed_state, mark_seen, save_feed_state, seen_keys, sha1
from parley.records import Article, Event, Skip
from parley.store import Extractor, Store

log = logging.getLogger("parley.live")


@dataclass(frozen=True)
class WatchOptions:
    interval: float = 300.0  # seconds between the starts of two cycles
    http: HttpOptions = field(default_factory=HttpOptions)
    retry_base: float | None = None  # first wait after a failed poll (default: interval)
    max_backoff: float = 6 * 3600.0
    fetch_pages: bool = True  # fetch each new item's page for its main text
    extract: bool = True  # run the pipeline (False: store articles only)
    settle: float = 1.0  # a dropped file must be this many seconds old to be read


@dataclass
class CycleReport:
    cycle: int
    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    changes: list[Change] = field(default_factory=list)
    alerts: int = 0
    alerts_failed: int = 0

    def line(self) -> str:
        return (f"cycle {self.cycle}: polled {self.polled} (not modified {self.not_modified}, "
                f"failed {self.failed}); stored {self.stored}, duplicates {self.duplicates}, "
                f"skipped {self.skipped}; changes {len(self.changes)}; alerts delivered "
                f"{self.alerts}, failed {self.alerts_failed}")


def lazy_extractor() -> Extractor:
    """The pipeline, loaded on first use (a cycle with nothing new never loads spaCy)."""
    state: dict[str, Any] = {}

    def run(arts: Iterable[Article]) -> Iterable[tuple[Article, list[Event]]]:
        from parley import pipeline

        if "nlp" not in state:
            state["nlp"] = pipeline.build_nlp()
        return pipeline.process(arts, nlp=state["nlp"])

    return run


def check_sources(sources: Sequence[str]) -> list[str]:
    """URLs as given; paths made absolute. Raises InputError for a path that does not exist
    or a URL scheme other than http(s)."""
    out: list[str] = []
    for s in sources:
        if "://" in s:
            if not s.startswith(("http://", "https://")):
                raise InputError("only http(s) feeds can be watched", source=s)
            out.append(s)
            continue
        path = Path(s).expanduser()
        if not path.exists():
            raise InputError("no such file or folder", source=s)
        out.append(str(path.resolve()))
    if not out:
        raise InputError("nothing to watch: give feed URLs, feed files or folders")
    return out


class Watcher:
    """Polls ``sources`` into ``store``; see the module docstring."""

    def __init__(
        self,
        store: Store,
        sources: Sequence[str],
        options: WatchOptions | None = None,
        *,
        extractor: Extractor | None = None,
        http: Http | None = None,
        echo: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.sources = check_sources(sources)
        self.options = options or WatchOptions()
        self.extractor = extractor if extractor is not None else (
            lazy_extractor() if self.options.extract else None)
        self.http = http or Http(self.options.http)
        self._own_http = http is None
        self.echo = echo
        self._sleep = sleep
        self.cycles = 0
        self._catch_up = True
        self._queued_through = 0  # changes up to this number are queued (0: look at all)

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    # --- the loop ----------------------------------------------------------------------

    def run(self, cycles: int | None = None,
            on_cycle: Callable[[CycleReport], None] | None = None) -> list[CycleReport]:
        """Run ``cycles`` cycles (None: until interrupted), ``interval`` seconds apart."""
        reports: list[CycleReport] = []
        while cycles is None or len(reports) < cycles:
            started = time.monotonic()
            report = self.cycle()
            reports.append(report)
            if on_cycle is not None:
                on_cycle(report)
            if cycles is not None and len(reports) >= cycles:
                break
            self._sleep(max(0.0, self.options.interval - (time.monotonic() - started)))
        return reports

    def cycle(self) -> CycleReport:
        """One pass over the due sources, then change detection and alert delivery."""
        self.cycles += 1
        report = CycleReport(cycle=self.cycles)
        for source in self.sources:
            try:
                self._poll(source, report)
            except Exception as exc:  # noqa: BLE001 - one source must never stop the others
                log.exception("source %s: unexpected error", source)
                self._failed(source, feed_state(self.store, source),
                             f"unexpected error ({type(exc).__name__}: {exc})", report)
        try:
            if report.stored or self._catch_up:  # the first cycle catches up after a crash
                report.changes = detect_changes(self.store)
                self._catch_up = False
                for ch in report.changes:
                    log.info("change: %s: %s", ch.kind, ch.summary)
            mark = last_change_seq(self.store)
            queue_alerts(self.store, after=self._queued_through)
            self._queued_through = mark
            kwargs: dict[str, Any] = {"echo": self.echo} if self.echo else {}
            report.alerts, report.alerts_failed = deliver_pending(self.store, self.http,
                                                                  **kwargs)
        except Exception:  # noqa: BLE001 - retried next cycle; the watch goes on
            log.exception("change detection or alert delivery failed; trying again next cycle")
            self._catch_up = True
        log.info(report.line())
        return report

    # --- sources -----------------------------------------------------------------------

    def _poll(self, source: str, report: CycleReport) -> None:
        state = feed_state(self.store, source)
        now = time.time()
        if state.next_retry is not None and state.next_retry > now:
            return  # backing off after a failure
        report.polled += 1
        if "://" in source:
            self._poll_url(source, state, report)
        elif Path(source).is_dir():
            self._poll_folder(source, state, report)
        else:
            self._poll_file(source, state, report)

    def _poll_url(self, source: str, state: FeedState, report: CycleReport) -> None:
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        try:
            resp = self.http.get(source, headers=headers, what="feed")
        except FetchError as exc:
            self._failed(source, state, exc.reason, report)
            return
        if resp.status_code == 304:
            report.not_modified += 1
            self._ok(source, state, "304 not modified")
            return
        if resp.status_code != 200:
            self._failed(source, state, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(),
                         report)
            return
        body = resp.content
        digest = hashlib.sha1(body).hexdigest()
        etag, modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
        if digest == state.fingerprint:
            report.not_modified += 1
            self._ok(source, state, "200 unchanged", etag=etag, modified=modified)
            return
        self._feed(source, state, body, report, etag=etag, modified=modified, fingerprint=digest)

    def _poll_file(self, source: str, state: FeedState, report: CycleReport) -> None:
        try:
            st = os.stat(source)
            fingerprint = f"{st.st_mtime_ns}:{st.st_size}"
            if fingerprint == state.fingerprint:
                report.not_modified += 1
                self._ok(source, state, "unchanged")
                return
            body = Path(source).read_bytes()
        except OSError as exc:
            self._failed(source, state, f"cannot read: {exc.strerror or exc}", report)
            return
        self._feed(source, state, body, report, fingerprint=fingerprint)

    def _feed(self, source: str, state: FeedState, body: bytes, report: CycleReport, *,
              fingerprint: str, etag: str | None = None, modified: str | None = None) -> None:
        parsed = parse_feed(body, source)
        if parsed.problem and not parsed.items:
            self._failed(source, state, parsed.problem, report)
            return
        settled = self._items(source, parsed.items, report)
        if parsed.malformed:  # read again later, in full: no validators kept
            self._failed(source, state, f"{parsed.problem} ({len(parsed.items)} items "
                         "recovered and read)", report)
        elif settled:
            self._ok(source, state, "200 read", etag=etag, modified=modified,
                     fingerprint=fingerprint)
        else:  # some item must be tried again: keep the old validators so the feed is re-read
            self._ok(source, state, "200 read; some items left for the next poll")

    def _items(self, source: str, items: list[FeedItem], report: CycleReport) -> bool:
        """Store the items not handled before; True when every item is handled."""
        seen = seen_keys(self.store, source)
        today = dt.datetime.now(dt.UTC).date().isoformat()
        settled = True
        keys_now: set[str] = set()
        for item in items:
            if sha1(item.key) in seen or item.key in keys_now:
                continue
            keys_now.add(item.key)
            if self.store.get_article(item.article_id) is not None:
                mark_seen(self.store, source, item.key, item.article_id, "duplicate")
                report.duplicates += 1
                continue
            obj = self._article(source, item, today)
            if obj is None:
                settled = False
                continue
            # stored as soon as fetched: page fetches (rate-limited) are the slow part, and a
            # crash then loses at most the item in hand
            settled = self._store(source, [(item.key, obj)], report) and settled
        return settled

    def _article(self, source: str, item: FeedItem, today: str) -> Article | Skip | None:
        """The item's article: its page's main text, else its own content; None to retry."""
        page: Article | Skip | None = None
        fetch_failed = False
        if self.options.fetch_pages and item.link and item.link.startswith(("http://",
                                                                            "https://")):
            try:
                resp = self.http.get(item.link, what="article page")
            except FetchError as exc:
                fetch_failed = True
                log.error("article page %s (feed %s): %s; %s", item.link, source, exc.reason,
                          "using the item's own content" if isinstance(item.fallback, Article)
                          else "trying again at the next poll")
            else:
                if resp.status_code == 200:
                    page = page_article(resp.content, item)
                    if isinstance(page, Skip):
                        log.warning("article page %s (feed %s): %s; using the item's own "
                                    "content", item.link, source, page.reason)
                else:
                    log.warning("article page %s (feed %s): HTTP %d; using the item's own "
                                "content", item.link, source, resp.status_code)
        if isinstance(page, Article):
            return finish(page, item, source, today)
        if isinstance(item.fallback, Article):
            return finish(item.fallback, item, source, today)
        if fetch_failed:
            return None  # neither the page nor any content: try the page again next poll
        return item.fallback

    def _store(self, source: str, pending: list[tuple[str, Article | Skip]],
               report: CycleReport) -> bool:
        """Store (and extract) articles, one transaction each, remembering each item once its
        article is committed. False when some item must be tried again."""
        by_obj = {id(obj): key for key, obj in pending}
        by_origin = {obj.origin if isinstance(obj, Article) else obj.input: key
                     for key, obj in pending}
        retry = False

        def on_item(outcome: str, obj: Article | Skip) -> None:
            nonlocal retry
            key = by_obj.get(id(obj))
            if isinstance(obj, Article):
                mark_seen(self.store, source, key or obj.id, obj.id, outcome)
                if outcome == "duplicate":
                    report.duplicates += 1
                else:
                    report.stored += 1
                    log.info("stored %s (%s) from %s", obj.id, obj.title or obj.url, source)
                return
            report.skipped += 1
            if key is None:  # made by the store: extraction failed, or the text is unstorable
                key = by_origin.get(obj.input)
                if "again retries" in obj.reason:
                    retry = True
                    log.error("item %s of %s: %s", obj.input, source, obj.reason)
                    return
            log.warning("item %s of %s skipped: %s", obj.input, source, obj.reason)
            if key is not None:
                mark_seen(self.store, source, key, None, "skipped")

        self.store.ingest([obj for _, obj in pending], extractor=self.extractor,
                          on_item=on_item)
        return not retry

    def _poll_folder(self, source: str, state: FeedState, report: CycleReport) -> None:
        root = Path(source)
        seen = seen_keys(self.store, source)
        now = time.time()
        waiting = False
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                try:
                    st = path.stat()
                except OSError:
                    continue  # removed while we looked
                if now - st.st_mtime < self.options.settle:
                    waiting = True  # may still be being written
                    continue
                key = f"{path.relative_to(root)}|{st.st_mtime_ns}|{st.st_size}"
                if sha1(key) in seen:
                    continue
                items = list(read_paths([path]))
                log.info("dropped file %s: %d items", path, len(items))
                self._store_file(source, key, items, report)
        self._ok(source, state, "folder scanned" + ("; some files still settling"
                                                    if waiting else ""))

    def _store_file(self, source: str, key: str, items: list[Article | Skip],
                    report: CycleReport) -> None:
        retry = False

        def on_item(outcome: str, obj: Article | Skip) -> None:
            nonlocal retry
            if isinstance(obj, Article):
                if outcome == "duplicate":
                    report.duplicates += 1
                else:
                    report.stored += 1
                return
            report.skipped += 1
            log.warning("%s skipped: %s", obj.input, obj.reason)
            if "again retries" in obj.reason:
                retry = True

        self.store.ingest(items, extractor=self.extractor, on_item=on_item)
        if not retry:
            mark_seen(self.store, source, key, None, "read")

    # --- state -------------------------------------------------------------------------

    def _ok(self, source: str, state: FeedState, status: str, *, etag: str | None = None,
            modified: str | None = None, fingerprint: str | None = None) -> None:
        state.last_poll = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        state.last_status = status
        state.last_error = None
        state.failures = 0
        state.next_retry = None
        if etag is not None or modified is not None or fingerprint is not None:
            state.etag, state.last_modified = etag, modified
            state.fingerprint = fingerprint or state.fingerprint
        save_feed_state(self.store, state)

    def _failed(self, source: str, state: FeedState, reason: str,
                report: CycleReport) -> None:
        report.failed += 1
        state.failures += 1
        base = self.options.retry_base
        if base is None:
            base = self.options.interval
        wait = min(self.options.max_backoff, base * 2 ** (state.failures - 1))
        state.next_retry = time.time() + wait
        state.last_poll = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        state.last_status = "failed"
        state.last_error = reason
        log.error("feed %s: %s; failure %d in a row, next try in %.1f s",
                  source, reason, state.failures, wait)
        save_feed_state(self.store, state)
