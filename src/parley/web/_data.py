"""The web layer's reads: paged, indexed queries over the store's tables, and the cached
analysis results (the negotiation map, the actor index) the pages share.

``Store`` offers ``events(actor=, type=, since=, until=, article_id=)`` and ``articles()``; the
pages need more (paging, counts, filters on outlet and conditions, actor identities, search), so
those queries live here, over the store's SQLAlchemy engine and schema. Nothing here writes.

The map and the actor index need every event; they are computed once per *store version*
(the highest article and event sequence numbers and the event count, three indexed look-ups)
and cached, so a page costs one version check plus its own small queries. A write (through this
server or another process) changes the version and the next page recomputes.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select

from parley.analysis import NegotiationMap, Timeline, negotiation_map, timeline
from parley.analysis.actors import ActorIndex
from parley.errors import InputError
from parley.records import Article, Event
from parley.store import Store
from parley.store._schema import ActorRow, ArticleRow, ConditionRow, EventRow, MentionRow

MAP_CACHE_SIZE = 16
DYAD_CACHE_SIZE = 256
MAX_IN_LIST = 5_000
VERSION_TTL_S = 1.0  # another process's writes show within this time; ours at once


@dataclass(frozen=True)
class EventFilters:
    """The filters of the events table (every one optional)."""

    actor: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    has_conditions: bool | None = None
    outlet: str | None = None
    article_id: str | None = None

    def query(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key in ("actor", "type", "since", "until", "outlet"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.has_conditions is not None:
            out["has_conditions"] = "true" if self.has_conditions else "false"
        return out


@dataclass
class EventRowView:
    """An event with what the table shows of its article."""

    event: Event
    title: str | None
    outlet: str | None
    published: str | None


@dataclass
class Snapshot:
    """Everything computed from all the events of one store version."""

    version: tuple[int, int, int]
    events: list[Event]
    articles: list[Article]  # id, title, outlet, published only (no text)
    index: ActorIndex
    maps: OrderedDict[tuple[str | None, str | None], NegotiationMap] = field(
        default_factory=OrderedDict)
    party_refs: dict[str, str] = field(default_factory=dict)
    dyads: OrderedDict[tuple[str, str], Timeline] = field(default_factory=OrderedDict)
    _outlets: dict[str, set[str]] | None = None
    _by_article: dict[str, list[Event]] | None = None

    def by_article(self) -> dict[str, list[Event]]:
        if self._by_article is None:
            out: dict[str, list[Event]] = {}
            for ev in self.events:
                out.setdefault(ev.article_id, []).append(ev)
            self._by_article = out
        return self._by_article

    def outlets(self) -> dict[str, set[str]]:
        """Outlet -> ids of its articles."""
        if self._outlets is None:
            out: dict[str, set[str]] = {}
            for art in self.articles:
                if art.outlet:
                    out.setdefault(art.outlet, set()).add(art.id)
            self._outlets = out
        return self._outlets


@dataclass
class ActorIdentity:
    ref: str
    name: str
    dict_id: str | None
    seqs: list[int]
    names: list[str]
    countries: list[str]
    sectors: list[str]
    mentions: list[str]


def like_pattern(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class WebData:
    """Reads for the pages, over one :class:`~parley.store.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._map_lock = threading.Lock()
        self._checked: tuple[float, tuple[int, int, int]] | None = None

    # --- versions and the cached snapshot ---------------------------------------------

    def invalidate(self) -> None:
        """Forget the version seen (call after a write through this server)."""
        self._checked = None

    def version(self) -> tuple[int, int, int]:
        """The store's version, read again at most every :data:`VERSION_TTL_S` seconds."""
        checked = self._checked
        now = time.monotonic()
        if checked is not None and now - checked[0] < VERSION_TTL_S:
            return checked[1]
        version = self._read_version()
        self._checked = (now, version)
        return version

    def _read_version(self) -> tuple[int, int, int]:
        with self.engine.connect() as conn:
            a = conn.execute(select(func.max(ArticleRow.seq))).scalar() or 0
            e = conn.execute(select(func.max(EventRow.seq))).scalar() or 0
            n = conn.execute(select(func.count(EventRow.seq))).scalar() or 0
        return int(a), int(e), int(n)

    def snapshot(self) -> Snapshot:
        version = self.version()
        snap = self._snapshot
        if snap is not None and snap.version == version:
            return snap
        with self._lock:
            snap = self._snapshot
            if snap is not None and snap.version == version:
                return snap
            events = self.store.events()
            articles = self.light_articles()
            snap = Snapshot(version, events, articles, ActorIndex(events))
            self._snapshot = snap
            return snap

    def light_articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        q = select(ArticleRow.id, ArticleRow.title, ArticleRow.outlet, ArticleRow.published)
        if ids is not None:
            q = q.where(ArticleRow.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [Article(id=r[0], text="", title=r[1], outlet=r[2], published=r[3])
                    for r in conn.execute(q)]

    def negotiation_map(self, as_of: str | None = None, actor: str | None = None,
                        ) -> NegotiationMap:
        """The map as of ``as_of``, restricted to ``actor``'s entries when given (cached per
        store version; raises ``InputError`` for a bad date or an unknown actor)."""
        snap = self.snapshot()
        key = (as_of, actor)
        with self._map_lock:
            cached = snap.maps.get(key)
            if cached is not None:
                snap.maps.move_to_end(key)
                return cached
        result = negotiation_map(snap.events, snap.articles, as_of=as_of, actor=actor)
        with self._map_lock:
            snap.maps[key] = result
            while len(snap.maps) > MAP_CACHE_SIZE:
                snap.maps.popitem(last=False)
        return result

    def party_ref(self, name: str, snap: Snapshot | None = None) -> str:
        """The URL reference of a party the map names: its dictionary id when it has one."""
        snap = snap or self.snapshot()
        ref = snap.party_refs.get(name)
        if ref is None:
            keys = snap.index.match(name)
            ids = sorted(k[3:] for k in keys if k.startswith("id:"))
            ref = ids[0] if len(keys) == 1 and ids else name
            snap.party_refs[name] = ref
        return ref

    # --- counts and lists -------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "articles": int(conn.execute(select(func.count(ArticleRow.seq))).scalar() or 0),
                "events": int(conn.execute(select(func.count(EventRow.seq))).scalar() or 0),
                "actors": int(conn.execute(select(func.count(ActorRow.seq))).scalar() or 0),
            }

    def outlets(self, limit: int = 200) -> list[str]:
        """The ``limit`` outlets with most articles, by name."""
        by_outlet = self.snapshot().outlets()
        top = sorted(by_outlet, key=lambda o: (-len(by_outlet[o]), o))[:limit]
        return sorted(top)

    # --- events -----------------------------------------------------------------------

    def _event_query(self, f: EventFilters, actor_seqs: Sequence[int] | None = None) -> Select[Any]:
        q = select(EventRow.seq).join(ArticleRow, ArticleRow.id == EventRow.article_id)
        if f.article_id is not None:
            q = q.where(EventRow.article_id == f.article_id)
        if f.type:
            q = q.where(EventRow.type == f.type.upper())
        if f.actor:
            like = like_pattern(f.actor)
            matching = (
                select(MentionRow.event_id)
                .join(ActorRow, ActorRow.seq == MentionRow.actor_seq)
                .where(MentionRow.role.in_(("source", "target")))
                .where(or_(
                    func.lower(ActorRow.dict_id) == f.actor.lower(),
                    func.upper(ActorRow.country) == f.actor.upper(),
                    func.lower(ActorRow.name).like(like, escape="\\"),
                    func.lower(MentionRow.mention).like(like, escape="\\"),
                ))
            )
            q = q.where(EventRow.id.in_(matching))
        if actor_seqs is not None:
            q = q.where(EventRow.id.in_(
                select(MentionRow.event_id)
                .where(MentionRow.role.in_(("source", "target")))
                .where(MentionRow.actor_seq.in_(list(actor_seqs)))))
        when = func.coalesce(EventRow.date, ArticleRow.published)
        if f.since:
            q = q.where(func.substr(when, 1, len(f.since)) >= f.since)
        if f.until:
            q = q.where(func.substr(when, 1, len(f.until)) <= f.until)
        if f.has_conditions is not None:
            has = exists().where(ConditionRow.event_id == EventRow.id)
            q = q.where(has if f.has_conditions else ~has)
        if f.outlet:
            # Outlet is stored after the article text, so reading it from the table walks the
            # text's overflow pages: the snapshot's outlet -> article ids map avoids that.
            ids = self.snapshot().outlets().get(f.outlet, set())
            if len(ids) <= MAX_IN_LIST:
                q = q.where(EventRow.article_id.in_(sorted(ids)))
            else:
                q = q.where(ArticleRow.outlet == f.outlet)
        return q

    def events_page(
        self, f: EventFilters, page: int, per_page: int, actor_seqs: Sequence[int] | None = None
    ) -> tuple[list[EventRowView], int]:
        """One page (1-based) of the events that pass ``f``, in stored order, and the total."""
        base = self._event_query(f, actor_seqs)
        with self.engine.connect() as conn:
            total = int(conn.execute(
                select(func.count()).select_from(base.subquery())).scalar() or 0)
            seqs = [r[0] for r in conn.execute(
                base.order_by(EventRow.seq).limit(per_page).offset((page - 1) * per_page))]
            return self._views(conn, seqs), total

    def _views(self, conn: Any, seqs: list[int]) -> list[EventRowView]:
        if not seqs:
            return []
        events = self.store.events_by_seq(seqs)
        meta = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
            select(ArticleRow.id, ArticleRow.title, ArticleRow.outlet, ArticleRow.published)
            .where(ArticleRow.id.in_({ev.article_id for ev in events})))}
        return [EventRowView(ev, *meta.get(ev.article_id, (None, None, None))) for ev in events]

    def article_events(self, article_id: str) -> list[Event]:
        return self.store.events(article_id=article_id)

    # --- actors -----------------------------------------------------------------------

    def resolve_actor(self, ref: str) -> ActorIdentity | None:
        """An actor named by a dictionary id, a name, or a surname the events use."""
        with self.engine.connect() as conn:
            rows = list(conn.execute(
                select(ActorRow).where(ActorRow.dict_id == ref)).mappings())
            if not rows:
                rows = list(conn.execute(select(ActorRow).where(and_(
                    ActorRow.dict_id.is_(None), func.lower(ActorRow.name) == ref.lower(),
                ))).mappings())
            if not rows:
                keys = self.snapshot().index.match(ref)
                ids = [k[3:] for k in keys if k.startswith("id:")]
                plain = [k[5:] for k in keys if k.startswith("name:")]
                if ids or plain:
                    rows = list(conn.execute(select(ActorRow).where(or_(
                        ActorRow.dict_id.in_(ids),
                        and_(ActorRow.dict_id.is_(None), func.lower(ActorRow.name).in_(plain)),
                    ))).mappings())
            if not rows:
                return None
            seqs = [int(r["seq"]) for r in rows]
            n = func.count(MentionRow.seq)
            mentions = [str(m[0]) for m in conn.execute(
                select(MentionRow.mention, n).where(MentionRow.actor_seq.in_(seqs))
                .where(MentionRow.mention.is_not(None))
                .group_by(MentionRow.mention).order_by(n.desc()).limit(12))]
        names: Counter[str] = Counter(r["name"] for r in rows)
        dict_ids = sorted({r["dict_id"] for r in rows if r["dict_id"]})
        return ActorIdentity(
            ref=dict_ids[0] if len(dict_ids) == 1 else ref,
            name=names.most_common(1)[0][0],
            dict_id=dict_ids[0] if len(dict_ids) == 1 else None,
            seqs=seqs,
            names=sorted(names),
            countries=sorted({r["country"] for r in rows if r["country"]}),
            sectors=sorted({r["sector"] for r in rows if r["sector"]}),
            mentions=mentions,
        )

    def counterparts(self, seqs: Sequence[int], limit: int = 20) -> list[tuple[str, str, int]]:
        """The actors most often on the other side of ``seqs``' events: (ref, name, events)."""
        mine = select(MentionRow.event_id).where(
            MentionRow.actor_seq.in_(list(seqs)), MentionRow.role.in_(("source", "target")))
        n = func.count(func.distinct(MentionRow.event_id))
        ref = func.coalesce(ActorRow.dict_id, ActorRow.name)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ref, func.max(ActorRow.name), n)
                .join(ActorRow, ActorRow.seq == MentionRow.actor_seq)
                .where(MentionRow.event_id.in_(mine))
                .where(MentionRow.role.in_(("source", "target")))
                .where(MentionRow.actor_seq.not_in(list(seqs)))
                .group_by(ref).order_by(n.desc(), ref).limit(limit))
            return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    def dyad_timeline(self, a: ActorIdentity, b: ActorIdentity) -> Timeline:
        """The timeline of ``a`` and ``b`` (cached per store version). Only the articles where
        both appear are read (a state is folded into its leader within one article, so whole
        articles are kept); their events come from the snapshot, already in memory."""
        snap = self.snapshot()
        key = (a.ref, b.ref)
        with self._map_lock:
            cached = snap.dyads.get(key)
            if cached is not None:
                return cached

        def article_ids(seqs: Sequence[int]) -> Select[Any]:
            return (select(EventRow.article_id)
                    .join(MentionRow, MentionRow.event_id == EventRow.id)
                    .where(MentionRow.actor_seq.in_(list(seqs))))

        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(
                select(ArticleRow.id).where(ArticleRow.id.in_(article_ids(a.seqs)))
                .where(ArticleRow.id.in_(article_ids(b.seqs))))]
        by_article = snap.by_article()
        events = [ev for i in ids for ev in by_article.get(i, [])]
        wanted = set(ids)
        articles = [art for art in snap.articles if art.id in wanted]
        try:
            result = timeline(events, a.dict_id or a.name, b.dict_id or b.name, articles=articles)
        except InputError:  # neither is a source or target there: nothing between them
            result = Timeline(actor=a.name, other=b.name)
        with self._map_lock:
            snap.dyads[key] = result
            while len(snap.dyads) > DYAD_CACHE_SIZE:
                snap.dyads.popitem(last=False)
        return result

    # --- search -----------------------------------------------------------------------

    def search_articles(self, q: str, limit: int, in_text: bool) -> list[Article]:
        like = like_pattern(q)
        cond = or_(func.lower(ArticleRow.title).like(like, escape="\\"),
                   func.lower(ArticleRow.outlet).like(like, escape="\\"),
                   ArticleRow.id == q)
        if in_text:
            cond = or_(cond, func.lower(ArticleRow.text).like(like, escape="\\"))
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ArticleRow.id, ArticleRow.title, ArticleRow.outlet, ArticleRow.published)
                .where(cond).order_by(ArticleRow.seq.desc()).limit(limit))
            return [Article(id=r[0], text="", title=r[1], outlet=r[2], published=r[3])
                    for r in rows]

    def search_actors(self, q: str, limit: int) -> list[dict[str, Any]]:
        like = like_pattern(q)
        ref = func.coalesce(ActorRow.dict_id, ActorRow.name)
        n = func.count(MentionRow.seq)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ref, func.min(ActorRow.name), func.min(ActorRow.country),
                       func.min(ActorRow.sector), n)
                .join(MentionRow, MentionRow.actor_seq == ActorRow.seq, isouter=True)
                .where(or_(func.lower(ActorRow.name).like(like, escape="\\"),
                           func.lower(ActorRow.dict_id).like(like, escape="\\")))
                .group_by(ref).order_by(n.desc()).limit(limit))
            return [{"ref": r[0], "name": r[1], "country": r[2], "sector": r[3],
                     "mentions": int(r[4])} for r in rows]
