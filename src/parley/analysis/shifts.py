"""Position shifts: when an actor's stance toward talks with another changed.

A shift is a change of stance label between consecutive points of a dyad's history (see
``history``): Zelensky toward Putin, ``refuses`` (the 2022 decree) -> ``conditional``
(2025-01-23). A repeated statement of the same stance is not a shift. ``before`` carries the
latest statement of the old stance, ``after`` the first statement of the new one, each with its
own date and evidence; ``at`` is when the change is known from (the new statement's own date,
else its article's publication date).

    >>> [(s.actor, s.before.stance, s.after.stance) for s in shifts(events, articles)]  # doctest: +SKIP
    [('Volodymyr Zelensky', 'refuses', 'conditional')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from parley.analysis.actors import ActorIndex
from parley.analysis.dates import Period
from parley.analysis.history import (
    Point,
    date_events,
    evidence,
    label_run_start,
    latest_own_date,
    stance_histories,
    time_key,
)
from parley.analysis.model import Shift, StanceState
from parley.analysis.stance import as_stance
from parley.errors import InputError
from parley.records import Article, Event


def shifts(
    events: Iterable[Event],
    articles: Iterable[Article],
    actor: str | None = None,
    since: str | None = None,
) -> list[Shift]:
    """Every stance change in ``events``, oldest first; only those of ``actor`` (as the one who
    holds the stance) when given, and only those known on or after ``since`` (ISO date)."""
    events = list(events)
    index = ActorIndex(events)
    start_period = None
    if since is not None:
        start_period = Period.parse(since)
        if start_period is None:
            raise InputError(f"not a date: {since!r}; give an ISO date such as 2025-01-01",
                             source="--since")
    keys = None
    if actor is not None:
        keys = index.match(actor)
        if not keys:
            raise InputError(f"no party named {actor!r} in these events", source="--actor")
    out: list[tuple[tuple[int, dt.date, int], Shift]] = []
    for (a, b), points in stance_histories(date_events(events, articles), index).items():
        if keys is not None and a not in keys:
            continue
        for i in range(1, len(points)):
            if points[i].label == points[i - 1].label:
                continue
            at = points[i].eff
            if start_period is not None and (at is None or at.end < start_period.start):
                continue
            out.append((time_key(at), _shift(points, i, index.name(a), index.name(b))))
    out.sort(key=lambda kv: (kv[0], kv[1].actor, kv[1].toward))
    return [s for _, s in out]


def _shift(points: list[Point], i: int, actor: str, toward: str) -> Shift:
    before_start = label_run_start(points, i - 1)
    before_date, before_rep = latest_own_date(points, i - 1)
    first = points[i]
    # the first statement of the new stance: its own date, else the next one's with the same
    after_date = first.rep.own.text if first.rep.own else None
    end = i
    while end + 1 < len(points) and points[end + 1].label == first.label:
        end += 1
        own = points[end].rep.own
        if after_date is None and own is not None and points[end].same_as(first):
            after_date = own.text
    return Shift(
        actor=actor,
        toward=toward,
        before=StanceState(
            stance=as_stance(points[i - 1].label),
            conditions=points[i - 1].conditions,
            date=before_date,
            reported_by=before_rep.ev.reported_by,
            evidence=evidence(points, before_start, i - 1),
        ),
        after=StanceState(
            stance=as_stance(first.label),
            conditions=first.conditions,
            date=after_date,
            reported_by=first.rep.ev.reported_by,
            evidence=evidence(points, i, i),
        ),
        at=first.eff.text if first.eff else None,
    )
