"""The history of each dyad: its talk stances and talk statuses in time order.

Every event gets two dates: its **own** date (``Event.date``, as precise as the text allows, often
None; for a standing act without one, ``blocker.since``) and its **effective** date for ordering: its own date, else the publication date of its
article (an undated statement was made on or before publication). An own date later than the
article's publication (a meeting planned for next month) is effective at publication.

Events of one dyad with the same effective date form a **point** (one moment); its
representative statement is the one with its own date, then the more specific one
(conditional > refuses > willing), then the more confident, then the later in input order.
The latest point wins; a newer unconditional offer thus replaces an older conditional one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from parley.analysis.actors import ActorIndex, dyad
from parley.analysis.dates import Period
from parley.analysis.stance import STANCE_RANK, STATUS_RANK, talk_stance, talk_status
from parley.analysis.text import same_texts
from parley.records import Article, Event


@dataclass(frozen=True)
class Dated:
    ev: Event
    own: Period | None
    eff: Period | None
    order: int

    def within(self, cutoff: Period | None) -> bool:
        """True when the event is known by the end of ``cutoff`` (always without a cutoff;
        never for an event with no date at all when there is one)."""
        if cutoff is None:
            return True
        return self.eff is not None and self.eff.start <= cutoff.end


def published_dates(articles: Iterable[Article]) -> dict[str, Period]:
    out: dict[str, Period] = {}
    for art in articles:
        period = Period.parse((art.published or "")[:10])
        if period is not None:
            out[art.id] = period
    return out


def date_events(events: Iterable[Event], articles: Iterable[Article]) -> list[Dated]:
    pub = published_dates(articles)
    out = []
    for i, ev in enumerate(events):
        own = Period.parse(ev.date)
        if own is None and ev.blocker is not None:
            own = Period.parse(ev.blocker.since)  # a standing act dates from its enactment
        published = pub.get(ev.article_id)
        if own is not None and (published is None or own.start <= published.end):
            eff: Period | None = own
        else:
            eff = published if published is not None else own
        out.append(Dated(ev, own, eff, i))
    return out


def time_key(eff: Period | None) -> tuple[int, dt.date, int]:
    """Sort key of an effective date: undated first, then by start, then by precision."""
    return (0, dt.date.min, 0) if eff is None else (1, eff.start, eff.precision)


def sort_key(d: Dated) -> tuple[int, dt.date, int, int]:
    return (*time_key(d.eff), d.order)


@dataclass
class Point:
    """One moment of a dyad's history: the events with the same effective date."""

    eff: Period | None
    label: str
    rep: Dated
    members: list[tuple[str, Dated]] = field(default_factory=list)  # (label, event)

    @property
    def conditions(self) -> list[str]:
        return [c.text for c in self.rep.ev.conditions]

    def same_as(self, other: Point) -> bool:
        """Same label and the same conditions (worded alike)."""
        return self.label == other.label and same_texts(self.conditions, other.conditions)


Dyad = tuple[str, str]


def _histories(
    items: Iterable[Dated],
    index: ActorIndex,
    label_of: Callable[[Event], str | None],
    rank: dict[str, int],
    directed: bool,
) -> dict[Dyad, list[Point]]:
    grouped: dict[Dyad, dict[Period | None, list[tuple[str, Dated]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for d in items:
        label = label_of(d.ev)
        if label is None:
            continue
        parties = dyad(index, d.ev)
        if parties is None:
            continue
        a, b = parties
        grouped[(a, b) if directed or a < b else (b, a)][d.eff].append((label, d))
    out: dict[Dyad, list[Point]] = {}
    for pair, by_time in grouped.items():
        points = []
        for eff, members in by_time.items():
            label, rep = max(
                members,
                key=lambda m: (m[1].own is not None, rank[m[0]], len(m[1].ev.conditions),
                               m[1].ev.confidence, m[1].order),
            )
            members.sort(key=lambda m: m[1].order)
            points.append(Point(eff, label, rep, members))
        points.sort(key=lambda p: time_key(p.eff))
        out[pair] = points
    return out


def stance_histories(items: Iterable[Dated], index: ActorIndex) -> dict[Dyad, list[Point]]:
    """(actor, toward) -> its stance points, oldest first."""
    return _histories(items, index, talk_stance, STANCE_RANK, directed=True)


def talk_histories(items: Iterable[Dated], index: ActorIndex) -> dict[Dyad, list[Point]]:
    """(party, party) in key order -> its talk-status points, oldest first."""
    return _histories(items, index, talk_status, STATUS_RANK, directed=False)


def latest_own_date(points: list[Point], end: int) -> tuple[str | None, Dated]:
    """The own date of a stance that held at ``points[end]``: scanning back over the points with
    the same stance (label and conditions), the first representative with an own date; with
    none, None. Returns (date text, the representative it came from)."""
    current = points[end]
    i = end
    while i >= 0 and points[i].same_as(current):
        own = points[i].rep.own
        if own is not None:
            return own.text, points[i].rep
        i -= 1
    return None, current.rep


def label_run_start(points: list[Point], end: int) -> int:
    """Index of the first point of the run of points with ``points[end]``'s label."""
    i = end
    while i > 0 and points[i - 1].label == points[end].label:
        i -= 1
    return i


def evidence(points: list[Point], start: int, end: int) -> list[str]:
    """Ids of the events of points ``start..end`` that carry the label of ``points[end]``."""
    label = points[end].label
    ids: list[str] = []
    for p in points[start:end + 1]:
        for lab, d in p.members:
            if lab == label and d.ev.id and d.ev.id not in ids:
                ids.append(d.ev.id)
    return ids
