"""Actor and dyad timelines: the dated events of an actor (with another), and a weekly
cooperation/conflict series.

Each event is placed at its effective date (its own date, else its article's publication date).
The series has one row per week (Monday to Sunday, ``week`` = the Monday) from the first to the
last week with an event, empty weeks included: the number of events, the sum and mean of their
Goldstein scores (-10 conflict .. +10 cooperation) and the count per CAMEO quad class (verbal /
material cooperation, verbal / material conflict). Events dated only to a month or a year, or not
at all, are listed but kept out of the series (``not_in_series``); a negated event ("did not
meet") is listed but not counted, since it did not happen.

    >>> t = timeline(events, "Zelensky", "Putin", articles=articles)   # doctest: +SKIP
    >>> [(w.week, w.events, w.goldstein_sum) for w in t.weeks]           # doctest: +SKIP
    [('2025-01-20', 3, 12.0)]

Parties are matched as in the map (:class:`ActorIndex`): by name, surname or id, and a state
folded into its leader counts as the leader ("Russia" in an article where Putin speaks for it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from parley.analysis.actors import ActorIndex
from parley.analysis.history import date_events, sort_key
from parley.analysis.model import Timeline, TimelineEvent, Week
from parley.codebook import lookup
from parley.errors import InputError
from parley.records import Article, Event

QUAD_FIELDS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict",
               4: "material_conflict"}


def timeline(
    events: Iterable[Event],
    actor: str,
    other: str | None = None,
    articles: Iterable[Article] = (),
) -> Timeline:
    """The events between ``actor`` and ``other`` (either direction; with no ``other``, every
    event ``actor`` is source or target of), oldest first, with the weekly series. ``articles``
    give publication dates to undated events. Raises :class:`InputError` when a name matches no
    party."""
    events = list(events)
    index = ActorIndex(events)
    mine = _keys(index, actor, "ACTOR")
    theirs = _keys(index, other, "OTHER") if other is not None else None
    rows: list[TimelineEvent] = []
    series: dict[dt.date, Week] = {}
    not_in_series = 0
    for d in sorted(date_events(events, articles), key=sort_key):
        ev = d.ev
        src = index.party(ev.source, ev.article_id)
        tgt = index.party(ev.target, ev.article_id)
        if src not in mine and tgt not in mine:
            continue
        if theirs is not None and not (
            (src in mine and tgt in theirs) or (tgt in mine and src in theirs)
        ):
            continue
        goldstein, quad = _scores(ev)
        rows.append(TimelineEvent(
            id=ev.id, article_id=ev.article_id, date=ev.date,
            effective=d.eff.text if d.eff else None, type=ev.type, cameo=ev.cameo,
            source=index.name(src) if src else None, target=index.name(tgt) if tgt else None,
            trigger=ev.trigger, modality=ev.modality, negated=ev.negated,
            goldstein=goldstein, quad=quad,
        ))
        if ev.negated:
            continue
        if d.eff is None or not d.eff.is_day:
            not_in_series += 1
            continue
        monday = d.eff.start - dt.timedelta(days=d.eff.start.weekday())
        week = series.setdefault(monday, Week(week=monday.isoformat()))
        week.events += 1
        if goldstein is not None:
            week.goldstein_sum = round(week.goldstein_sum + goldstein, 4)
        if quad in QUAD_FIELDS:
            setattr(week, QUAD_FIELDS[quad], getattr(week, QUAD_FIELDS[quad]) + 1)
    weeks: list[Week] = []
    if series:
        day, last = min(series), max(series)
        while day <= last:
            weeks.append(series.get(day) or Week(week=day.isoformat()))
            day += dt.timedelta(days=7)
    for w in weeks:
        w.goldstein_mean = round(w.goldstein_sum / w.events, 4) if w.events else None
    names = sorted(index.name(k) for k in mine)
    return Timeline(
        actor=names[0] if len(names) == 1 else actor,
        other=None if theirs is None else (
            index.name(next(iter(theirs))) if len(theirs) == 1 else other),
        events=rows,
        weeks=weeks,
        not_in_series=not_in_series,
    )


def _keys(index: ActorIndex, name: str, what: str) -> set[str]:
    keys = index.match(name)
    if not keys:
        raise InputError(f"no party named {name!r} in the events; give a name, a surname or a "
                         "country as the events show it", source=what)
    return keys


def _scores(ev: Event) -> tuple[float | None, int | None]:
    """Goldstein score and quad class: the event's own, else its CAMEO code's."""
    entry = lookup(ev.cameo) if ev.cameo else None
    goldstein = ev.goldstein if ev.goldstein is not None else (entry.goldstein if entry else None)
    quad = ev.quad if ev.quad is not None else (entry.quad if entry else None)
    return goldstein, quad
