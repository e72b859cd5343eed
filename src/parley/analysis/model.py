"""Typed records of the analysis layer: the negotiation map, shifts and timelines.

``NegotiationMap.model_dump(mode="json")`` has the shape of ``seed.map.json``::

    {"as_of": "2025-01-23",
     "stances": [{"actor": "Volodymyr Zelensky", "toward": "Vladimir Putin",
                  "stance": "conditional",
                  "conditions": ["receiving security guarantees from U.S. President Donald Trump"],
                  "date": "2025-01-23", "reported_by": "Bloomberg",
                  "previous": {"stance": "refuses", "date": "2022"},
                  "evidence": ["ev-...", ...]}, ...],
     "blockers": [{"actor": "Volodymyr Zelensky", "toward": "Vladimir Putin",
                   "text": "a decree prohibiting himself from negotiating with Putin",
                   "since": "2022", "in_effect": true, "confirmed_by": "Andrey Sibiga",
                   "confirmed": "2025-01", "lifted": null, "evidence": ["ev-..."]}],
     "talks": [{"between": ["Donald Trump", "Volodymyr Zelensky"], "status": "ongoing",
                "date": "2025-01-21", "previous": null, "evidence": ["ev-..."]}],
     "same_side": {"Vladimir Putin": ["Moscow", "Russia"]}}
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from parley.analysis.stance import StanceLabel, TalkStatus


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PreviousStance(_Record):
    stance: StanceLabel
    date: str | None = None


class Stance(_Record):
    """What ``actor`` has said about talks with ``toward``, as of the map's date."""

    actor: str
    toward: str
    stance: StanceLabel
    conditions: list[str] = Field(default_factory=list)
    date: str | None = None  # the event's own date (None when the text gives none)
    reported_by: str | None = None
    previous: PreviousStance | None = None
    evidence: list[str] = Field(default_factory=list)  # event ids


class BlockerEntry(_Record):
    """A standing act by ``actor`` that forbids talks with ``toward``."""

    actor: str
    toward: str
    text: str
    since: str | None = None
    in_effect: bool = True
    confirmed_by: str | None = None
    confirmed: str | None = None
    lifted: str | None = None  # when it stopped being in effect (None: in effect, or unknown)
    evidence: list[str] = Field(default_factory=list)


class PreviousTalk(_Record):
    status: TalkStatus
    date: str | None = None


class Talk(_Record):
    """Talks between two parties (undirected; names in alphabetical order)."""

    between: list[str]
    status: TalkStatus
    date: str | None = None
    previous: PreviousTalk | None = None
    evidence: list[str] = Field(default_factory=list)


class NegotiationMap(_Record):
    as_of: str | None = None
    stances: list[Stance] = Field(default_factory=list)
    blockers: list[BlockerEntry] = Field(default_factory=list)
    talks: list[Talk] = Field(default_factory=list)
    same_side: dict[str, list[str]] = Field(default_factory=dict)


class StanceState(_Record):
    stance: StanceLabel
    conditions: list[str] = Field(default_factory=list)
    date: str | None = None
    reported_by: str | None = None
    evidence: list[str] = Field(default_factory=list)


class Shift(_Record):
    """A change of ``actor``'s stance toward talks with ``toward``: ``before`` -> ``after``.
    ``at`` is the date the change is known from (the event's own date, else its article's)."""

    actor: str
    toward: str
    before: StanceState
    after: StanceState
    at: str | None = None


class TimelineEvent(_Record):
    id: str
    article_id: str
    date: str | None  # the event's own date
    effective: str | None  # its own date, else its article's publication date
    type: str
    cameo: str | None = None
    source: str | None = None
    target: str | None = None
    trigger: str = ""
    modality: str = "asserted"
    negated: bool = False
    goldstein: float | None = None
    quad: int | None = None


class Week(_Record):
    """One week (``week`` = its Monday) of a cooperation/conflict series."""

    week: str
    events: int = 0
    goldstein_sum: float = 0.0
    goldstein_mean: float | None = None
    verbal_cooperation: int = 0  # quad 1
    material_cooperation: int = 0  # quad 2
    verbal_conflict: int = 0  # quad 3
    material_conflict: int = 0  # quad 4


class Timeline(_Record):
    actor: str
    other: str | None = None
    events: list[TimelineEvent] = Field(default_factory=list)
    weeks: list[Week] = Field(default_factory=list)
    not_in_series: int = 0  # events dated only to a month or a year, or not at all
