"""Analysis: the negotiation map, position shifts and timelines, as pure functions over
:class:`~parley.records.Event` and :class:`~parley.records.Article` records (no NLP, no store).

    from parley.analysis import negotiation_map, shifts, timeline
    m = negotiation_map(store.events(), store.articles(), as_of="2023-01-01")
    print(m.model_dump_json(indent=2))

Modules: ``stance`` (what one event says about talks), ``actors`` (unifying parties, folding a
state into its leader), ``history`` (each dyad's points in time), ``map``, ``shifts``,
``timeline``, ``compare`` (diff a map against an expected one), ``model`` (the records).
"""

from __future__ import annotations

from parley.analysis.compare import diff_maps
from parley.analysis.map import negotiation_map
from parley.analysis.model import (
    BlockerEntry,
    NegotiationMap,
    PreviousStance,
    PreviousTalk,
    Shift,
    Stance,
    StanceState,
    Talk,
    Timeline,
    TimelineEvent,
    Week,
)
from parley.analysis.shifts import shifts
from parley.analysis.timeline import timeline

__all__ = [
    "BlockerEntry",
    "NegotiationMap",
    "PreviousStance",
    "PreviousTalk",
    "Shift",
    "Stance",
    "StanceState",
    "Talk",
    "Timeline",
    "TimelineEvent",
    "Week",
    "diff_maps",
    "negotiation_map",
    "shifts",
    "timeline",
]
