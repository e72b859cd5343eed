"""The change log: what changed in the negotiation map, detected once and remembered.

``detect_changes(store)`` recomputes the shifts and the map from the stored events (pure
analysis, no spaCy) and appends to ``live_changes`` every change not logged before, in one
transaction; ``recent_changes(store, since)`` reads the log back (for the web UI's poller and
``parley alerts``). Kinds:

- ``stance-change``: a position shift, exactly as :func:`parley.analysis.shifts` (and so
  ``parley shifts --since``) reports it: key ``actor|toward|before|after|at``.
- ``new-stance``: the first stance of a dyad (actor toward another).
- ``new-blocker``: a standing act in force that forbids talks, none of whose evidence was
  logged before for the dyad (a second report of the same decree is not new).
- ``talks-held`` (and ``talks-proposed``, ``talks-ongoing``, ``talks-collapsed``): the latest
  status of talks between two parties, new when neither its evidence nor its date was logged
  for that dyad and status.

Example record (``Change.model_dump()``)::

    {"seq": 3, "kind": "stance-change", "key": "stance-change|Vladimir Putin|Volodymyr
     Zelensky|conditional|willing|2025-03-04", "actors": ["Vladimir Putin", "Volodymyr
     Zelensky"], "summary": "Vladimir Putin toward Volodymyr Zelensky: conditional ->
     willing (2025-03-04)", "date": "2025-03-04", "detected_at": "2026-11-25T18:40:00+00:00",
     "details": {...the Shift...}}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, insert, inspect, select

from parley.analysis import negotiation_map, shifts
from parley.live._state import now_iso, read, sha1, write
from parley.records import Article, Event
from parley.store import Store, live_tables

live_changes = live_tables.live_changes

KINDS = ("stance-change", "new-stance", "new-blocker", "talks-held", "talks-proposed",
         "talks-ongoing", "talks-collapsed")


class Change(BaseModel):
    seq: int = 0
    kind: str
    key: str
    actors: list[str] = Field(default_factory=list)
    summary: str
    date: str | None = None
    detected_at: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


def candidate_changes(events: Iterable[Event], articles: Iterable[Article]) -> list[Change]:
    """Every change the current events imply, oldest shift first (not yet deduplicated
    against the log)."""
    events, articles = list(events), list(articles)
    if not events:
        return []
    out: list[Change] = []
    for s in shifts(events, articles):
        cond = f" on conditions: {'; '.join(s.after.conditions)}" if s.after.conditions else ""
        out.append(Change(
            kind="stance-change",
            key=f"stance-change|{s.actor}|{s.toward}|{s.before.stance}|{s.after.stance}|{s.at}",
            actors=[s.actor, s.toward],
            summary=f"{s.actor} toward {s.toward}: {s.before.stance} -> {s.after.stance}"
                    f"{cond} ({s.at or 'undated'})",
            date=s.at,
            details=s.model_dump(mode="json"),
        ))
    m = negotiation_map(events, articles)
    for st in m.stances:
        out.append(Change(
            kind="new-stance",
            key=f"new-stance|{st.actor}|{st.toward}",
            actors=[st.actor, st.toward],
            summary=f"{st.actor} toward {st.toward}: {st.stance}"
                    + (f" on conditions: {'; '.join(st.conditions)}" if st.conditions else "")
                    + f" ({st.date or 'undated'})",
            date=st.date,
            details=st.model_dump(mode="json"),
        ))
    for b in m.blockers:
        if not b.in_effect or not b.evidence:
            continue
        out.append(Change(
            kind="new-blocker",
            key=f"new-blocker|{b.actor}|{b.toward}|{min(b.evidence)}",
            actors=[b.actor, b.toward],
            summary=f"{b.actor} toward {b.toward}: blocked by {b.text} "
                    f"(since {b.since or 'an unknown date'})",
            date=b.since,
            details=b.model_dump(mode="json"),
        ))
    for t in m.talks:
        if not t.evidence:
            continue
        out.append(Change(
            kind=f"talks-{t.status}",
            key=f"talks-{t.status}|{' - '.join(t.between)}|{min(t.evidence)}",
            actors=list(t.between),
            summary=f"talks {t.status} between {' and '.join(t.between)} "
                    f"({t.date or 'undated'})",
            date=t.date,
            details=t.model_dump(mode="json"),
        ))
    return out


def _dyad_key(ch: Change) -> tuple[str, ...]:
    return (ch.kind, *ch.actors)


def detect_changes(store: Store) -> list[Change]:
    """Log the changes not logged before; returns them (with their ``seq``), oldest first."""
    candidates = candidate_changes(store.events(), store.articles())
    if not candidates:
        return []
    added: list[Change] = []
    with write(store) as conn:
        known: set[str] = set()
        evidence: dict[tuple[str, ...], set[str]] = {}
        dates: dict[tuple[str, ...], set[str]] = {}
        for row in conn.execute(
            select(live_changes.c.key_hash, live_changes.c.kind, live_changes.c.actors,
                   live_changes.c.details)
        ):
            known.add(row[0])
            if row[1] == "new-blocker" or row[1].startswith("talks-"):
                old = Change(kind=row[1], key="", actors=json.loads(row[2]), summary="",
                             details=json.loads(row[3]))
                evidence.setdefault(_dyad_key(old), set()).update(old.details.get("evidence")
                                                                 or [])
                if old.details.get("date"):
                    dates.setdefault(_dyad_key(old), set()).add(old.details["date"])
        stamp = now_iso()
        for ch in candidates:
            h = sha1(ch.key)
            if h in known:
                continue
            if ch.kind == "new-blocker" or ch.kind.startswith("talks-"):
                dk = _dyad_key(ch)
                if evidence.get(dk, set()) & set(ch.details.get("evidence") or []):
                    continue
                if ch.kind.startswith("talks-") and ch.date and ch.date in dates.get(dk, set()):
                    continue
                evidence.setdefault(dk, set()).update(ch.details.get("evidence") or [])
                if ch.date:
                    dates.setdefault(dk, set()).add(ch.date)
            known.add(h)
            res = conn.execute(insert(live_changes).values(
                key_hash=h, key=ch.key, kind=ch.kind,
                actors=json.dumps(ch.actors, ensure_ascii=False), summary=ch.summary,
                date=ch.date, details=json.dumps(ch.details, ensure_ascii=False),
                detected_at=stamp,
            ))
            added.append(ch.model_copy(update={
                "seq": int(res.inserted_primary_key[0]),  # type: ignore[index]
                "detected_at": stamp,
            }))
    return added


def last_change_seq(store: Store) -> int:
    with read(store) as conn:
        return int(conn.execute(select(func.coalesce(func.max(live_changes.c.seq), 0)))
                   .scalar_one())


def _row_change(row: Any) -> Change:
    return Change(
        seq=int(row["seq"]), kind=row["kind"], key=row["key"], actors=json.loads(row["actors"]),
        summary=row["summary"], date=row["date"], detected_at=row["detected_at"],
        details=json.loads(row["details"]),
    )


def recent_changes(
    store: Store,
    since: int | str | None = None,
    *,
    kinds: Iterable[str] | None = None,
    limit: int | None = 200,
) -> list[Change]:
    """The latest logged changes, oldest first: those after change number ``since`` (an int:
    the ``seq`` a poller saw last), or detected at or after ``since`` (an ISO date or
    date-time), or the last ``limit`` when ``since`` is None. Stance changes, new blockers and
    talks by default (``kinds`` to choose). An empty list for a store without the live tables.

    The web UI polls this through ``/changes.json?since=SEQ`` and keeps the largest ``seq``.
    """
    wanted = tuple(kinds) if kinds is not None else (
        "stance-change", "new-blocker", "talks-held", "talks-proposed", "talks-ongoing",
        "talks-collapsed")
    with read(store) as conn:
        if not inspect(conn).has_table("live_changes"):
            return []
        q = select(live_changes).where(live_changes.c.kind.in_(wanted))
        if isinstance(since, int):
            q = q.where(live_changes.c.seq > since)
        elif since:
            q = q.where(live_changes.c.detected_at >= since)
        q = q.order_by(live_changes.c.seq.desc())
        if limit is not None:
            q = q.limit(limit)
        rows = list(conn.execute(q).mappings())
    return [_row_change(r) for r in reversed(rows)]


def changes_after(store: Store, seq: int) -> list[Change]:
    """Every logged change (all kinds) after ``seq``, oldest first."""
    with read(store) as conn:
        rows = conn.execute(
            select(live_changes).where(live_changes.c.seq > seq).order_by(live_changes.c.seq)
        ).mappings()
        return [_row_change(r) for r in rows]
