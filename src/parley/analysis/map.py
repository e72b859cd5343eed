"""The negotiation map: for every pair of parties, who will talk to whom, on what terms, what
blocks the talks, and which talks are under way, as of a date.

    >>> m = negotiation_map(events, articles, as_of="2025-01-23")   # doctest: +SKIP
    >>> m.model_dump(mode="json")                                  # the shape of seed.map.json

Rules (see ``history`` and ``stance`` for the event-level ones):

- Only events known by ``as_of`` count: their own date, else their article's publication date,
  is on or before it (a 2022 decree reported in 2025 counts as of 2023; an undated statement of
  a 2025 article does not).
- A **stance** (actor -> toward) is that of the latest point of the dyad; its ``date`` is the
  event's own date (possibly None), taken from the latest statement of the same stance that has
  one; ``previous`` is the latest earlier point whose label differs.
- A **blocker** stays in force until an event lifts it (a blocker record with ``in_effect``
  False, or a later event that revokes/repeals/lifts a standing act of the dyad). Records of
  the same act (same dyad, text alike or the same kind of act) are merged: earliest ``since``,
  latest confirmation known by ``as_of``. A refusal whose only evidence is a lifted blocker is
  no longer a stance.
- **Talks** between two parties are the latest point of the undirected dyad.
- Parties are unified and states folded into their leaders by :class:`ActorIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from parley.analysis.actors import ActorIndex, dyad
from parley.analysis.dates import Period, parse_as_of
from parley.analysis.history import (
    Dated,
    Point,
    date_events,
    evidence,
    label_run_start,
    latest_own_date,
    published_dates,
    sort_key,
    stance_histories,
    talk_histories,
)
from parley.analysis.model import (
    BlockerEntry,
    NegotiationMap,
    PreviousStance,
    PreviousTalk,
    Stance,
    Talk,
)
from parley.analysis.stance import (
    as_stance,
    as_status,
    blocker_nouns_in,
    is_blocker,
    is_lift,
)
from parley.analysis.text import dice
from parley.errors import InputError
from parley.records import Article, Event


def negotiation_map(
    events: Iterable[Event],
    articles: Iterable[Article],
    as_of: str | None = None,
    actor: str | None = None,
) -> NegotiationMap:
    """The negotiation map of ``events`` (with their ``articles`` for publication dates) as of
    ``as_of`` (ISO date; default: everything, dated by the latest article), restricted to the
    entries that involve ``actor`` when given (a name, a surname, an id, or a state folded into
    its leader). Raises :class:`InputError` for a bad date or an actor that names no party."""
    events = list(events)
    articles = list(articles)
    cutoff = parse_as_of(as_of)
    items = [d for d in date_events(events, articles) if d.within(cutoff)]
    items.sort(key=sort_key)
    index = ActorIndex(d.ev for d in items)

    blockers = _blockers(items, index, cutoff, published_dates(articles))
    lifted_ids = {i for b in blockers if not b.in_effect for i in b.evidence}
    stances = []
    for (a, b), points in stance_histories(items, index).items():
        stance = _stance(points, index.name(a), index.name(b))
        if stance.stance == "refuses" and stance.evidence and set(stance.evidence) <= lifted_ids:
            continue
        stances.append(stance)
    talks = [_talk(points, index.name(a), index.name(b))
             for (a, b), points in talk_histories(items, index).items()]

    result = NegotiationMap(
        as_of=cutoff.text if cutoff else _latest_publication(articles, items),
        stances=sorted(stances, key=lambda s: (s.actor, s.toward)),
        blockers=sorted(blockers, key=lambda b: (b.actor, b.toward, b.since or "")),
        talks=sorted(talks, key=lambda t: t.between),
        same_side=index.same_side_names(),
    )
    if actor is not None:
        result = _restrict(result, index, actor, events)
    return result


def _latest_publication(articles: list[Article], items: list[Dated]) -> str | None:
    dates = list(published_dates(articles).values()) or [d.eff for d in items if d.eff]
    return max(dates).text if dates else None


def _stance(points: list[Point], actor: str, toward: str) -> Stance:
    end = len(points) - 1
    last = points[end]
    date, anchor = latest_own_date(points, end)
    reported_by = anchor.ev.reported_by or last.rep.ev.reported_by
    start = label_run_start(points, end)
    previous = None
    if start > 0:
        prev_date, _ = latest_own_date(points, start - 1)
        previous = PreviousStance(stance=as_stance(points[start - 1].label), date=prev_date)
    return Stance(
        actor=actor,
        toward=toward,
        stance=as_stance(last.label),
        conditions=last.conditions,
        date=date,
        reported_by=reported_by,
        previous=previous,
        evidence=evidence(points, start, end),
    )


def _talk(points: list[Point], a: str, b: str) -> Talk:
    end = len(points) - 1
    date, _ = latest_own_date(points, end)
    start = label_run_start(points, end)
    previous = None
    if start > 0:
        prev_date, _ = latest_own_date(points, start - 1)
        previous = PreviousTalk(status=as_status(points[start - 1].label), date=prev_date)
    return Talk(
        between=sorted([a, b]),
        status=as_status(points[end].label),
        date=date,
        previous=previous,
        evidence=evidence(points, start, end),
    )


@dataclass
class _Act:
    """A standing act being assembled from the records that mention it."""

    actor: str
    toward: str
    text: str
    since: Period | None
    since_text: str | None
    confirmed: tuple[Period | None, str | None, str] | None = None  # (when, text, by)
    lifted: tuple[Period | None, str | None] | None = None
    ids: list[str] = field(default_factory=list)

    def same_act(self, text: str) -> bool:
        nouns = blocker_nouns_in(self.text)
        return dice(self.text, text) >= 0.5 or bool(nouns & blocker_nouns_in(text))


def _blockers(
    items: list[Dated], index: ActorIndex, cutoff: Period | None, pub: dict[str, Period]
) -> list[BlockerEntry]:
    acts: list[_Act] = []
    for d in items:
        ev = d.ev
        if not is_blocker(ev):
            continue
        assert ev.blocker is not None
        parties = dyad(index, ev)
        if parties is None:
            continue
        a, t = parties
        blk = ev.blocker
        since = Period.parse(blk.since) or d.own
        act = next((x for x in acts if (x.actor, x.toward) == (a, t) and x.same_act(blk.text)),
                   None)
        if act is None:
            act = _Act(a, t, blk.text, since, since.text if since else None)
            acts.append(act)
        elif since is not None and (act.since is None or since < act.since):
            act.since, act.since_text = since, since.text
        if ev.id and ev.id not in act.ids:
            act.ids.append(ev.id)
        if blk.confirmed_by is not None:
            when = Period.parse(blk.confirmed)
            known = when or pub.get(ev.article_id) or d.eff
            if _by(known, cutoff) and (act.confirmed is None or _later(when, act.confirmed[0])):
                act.confirmed = (when, blk.confirmed, blk.confirmed_by.name)
        if blk.in_effect is False:
            when = Period.parse(blk.confirmed) or pub.get(ev.article_id) or d.eff
            if _by(when, cutoff):
                act.lifted = (when, when.text if when else None)
    for d in items:
        if not is_lift(d.ev):
            continue
        involved = {index.party(d.ev.source, d.ev.article_id),
                    index.party(d.ev.target, d.ev.article_id)} - {None}
        nouns = blocker_nouns_in(d.ev.trigger) or blocker_nouns_in(d.ev.sentence)
        for act in acts:
            if act.lifted is not None or not involved & {act.actor, act.toward}:
                continue
            if nouns and not nouns & blocker_nouns_in(act.text):
                continue
            if act.since is not None and d.eff is not None and d.eff.end < act.since.start:
                continue
            act.lifted = (d.eff, d.ev.date or (d.eff.text if d.eff else None))
            if d.ev.id:
                act.ids.append(d.ev.id)
    return [
        BlockerEntry(
            actor=index.name(act.actor),
            toward=index.name(act.toward),
            text=act.text,
            since=act.since_text,
            in_effect=act.lifted is None,
            confirmed_by=act.confirmed[2] if act.confirmed else None,
            confirmed=act.confirmed[1] if act.confirmed else None,
            lifted=act.lifted[1] if act.lifted else None,
            evidence=act.ids,
        )
        for act in acts
    ]


def _by(when: Period | None, cutoff: Period | None) -> bool:
    """Known by the end of ``cutoff`` (an undated fact counts only without a cutoff)."""
    return cutoff is None or (when is not None and when.start <= cutoff.end)


def _later(a: Period | None, b: Period | None) -> bool:
    if a is None:
        return False
    return b is None or a > b


def _restrict(
    m: NegotiationMap, index: ActorIndex, actor: str, events: list[Event]
) -> NegotiationMap:
    keys = index.match(actor)
    if not keys and not ActorIndex(events).match(actor):  # unknown, not just not yet known
        raise InputError(f"no party named {actor!r} in these events; give a name as the map "
                         "shows it (e.g. a surname or a country)", source="--actor")
    names = {index.name(k) for k in keys}
    return m.model_copy(update={
        "stances": [s for s in m.stances if {s.actor, s.toward} & names],
        "blockers": [b for b in m.blockers if {b.actor, b.toward} & names],
        "talks": [t for t in m.talks if set(t.between) & names],
        "same_side": {k: v for k, v in m.same_side.items() if k in names},
    })
