"""What one event says about talks: a stance, a talk status, a blocker, or the lifting of one.

These are the only places where the analysis reads an event's type, CAMEO code and trigger; the
words come from ``data/lexicons/analysis.yaml``.

- A **stance** (directed, source -> target): an AGREE that offers talks (CAMEO 036/038, or a
  trigger about talks, meeting, negotiation, dialogue) is ``willing``, or ``conditional`` when it
  carries conditions of any kind (precondition, unless, requirement); a negated one, a REJECT of
  talks (CAMEO 125/126, a trigger about talks) and a standing act (``Event.blocker``) are
  ``refuses``, except that a refusal with a way out ("will not negotiate unless ...", a
  precondition or unless condition) is ``conditional``; a standing act is always ``refuses``.
- A **talk status** (undirected): a CONSULT is ``proposed`` when intended or hypothetical,
  ``collapsed`` when negated or its trigger says so ("broke down"), ``ongoing`` when its
  trigger says the talks continue ("are ongoing", "under way"), otherwise ``held``; halting
  negotiations (CAMEO 164/165) is ``collapsed``.
- A **lift**: an event whose trigger says a standing act was lifted, revoked or repealed and
  whose trigger or sentence names such an act; or a blocker record with ``in_effect`` False.

>>> from parley.records import Event, Condition
>>> talk_stance(Event(type="AGREE", cameo="036"))
'willing'
>>> talk_stance(Event(type="AGREE", cameo="036", conditions=[Condition(text="x", kind="requirement")]))
'conditional'
>>> talk_status(Event(type="CONSULT", trigger="talks are under way"))
'ongoing'
"""

from __future__ import annotations

from typing import Literal

from parley.analysis.text import has_phrase, words
from parley.records import Event

StanceLabel = Literal["willing", "conditional", "refuses"]
TalkStatus = Literal["proposed", "ongoing", "held", "collapsed"]

STANCE_RANK: dict[str, int] = {"willing": 0, "refuses": 1, "conditional": 2}
STATUS_RANK: dict[str, int] = {"proposed": 0, "ongoing": 1, "held": 2, "collapsed": 3}
STANCES: tuple[StanceLabel, ...] = ("willing", "conditional", "refuses")
STATUSES: tuple[TalkStatus, ...] = ("proposed", "ongoing", "held", "collapsed")


def as_stance(label: str) -> StanceLabel:
    """``label`` as a stance label (ValueError for anything else)."""
    for known in STANCES:
        if label == known:
            return known
    raise ValueError(f"not a stance: {label!r}")


def as_status(label: str) -> TalkStatus:
    """``label`` as a talk status (ValueError for anything else)."""
    for known in STATUSES:
        if label == known:
            return known
    raise ValueError(f"not a talk status: {label!r}")


def _cameo_in(ev: Event, key: str) -> bool:
    return bool(ev.cameo) and any(str(ev.cameo).startswith(p) for p in words(key))


def is_about_talks(ev: Event) -> bool:
    return has_phrase(ev.trigger, words("talk_words"))


def talk_stance(ev: Event) -> StanceLabel | None:
    """The stance toward talks that ``ev`` expresses, or None when it says nothing about talks."""
    if ev.type == "AGREE" and (_cameo_in(ev, "talk_offer_cameo") or is_about_talks(ev)):
        if ev.negated:
            return "conditional" if _lifting_conditions(ev) else "refuses"
        return "conditional" if ev.conditions else "willing"
    if ev.type == "REJECT" and not ev.negated and (
        ev.blocker is not None or _cameo_in(ev, "talk_refusal_cameo") or is_about_talks(ev)
    ):
        return "conditional" if ev.blocker is None and _lifting_conditions(ev) else "refuses"
    return None


def _lifting_conditions(ev: Event) -> bool:
    """A refusal with a way out: "will not negotiate unless the troops leave", "refused to meet
    before the prisoners are freed" is willing once the condition holds."""
    return any(c.kind in ("unless", "precondition") for c in ev.conditions)


def talk_status(ev: Event) -> TalkStatus | None:
    """The state of talks that ``ev`` reports, or None when it reports none."""
    if ev.type == "CONSULT":
        if ev.negated or has_phrase(ev.trigger, words("collapse_cues")):
            return "collapsed"
        if ev.modality in ("intended", "hypothetical"):
            return "proposed"
        if has_phrase(ev.trigger, words("ongoing_cues")):
            return "ongoing"
        return "held"
    if _cameo_in(ev, "talk_halt_cameo") and not ev.negated:
        return "collapsed"
    return None


def is_blocker(ev: Event) -> bool:
    """A standing act that forbids talks (its record says so, and the event is not negated)."""
    return ev.blocker is not None and not ev.negated and ev.type != "CONSULT"


def is_lift(ev: Event) -> bool:
    """An event without a blocker record that says a standing act no longer holds ("revoked
    the decree"). A blocker record with ``in_effect`` False says so itself (see ``map``)."""
    if ev.negated or ev.blocker is not None:
        return False
    if not has_phrase(ev.trigger, words("lift_cues")):
        return False
    nouns = words("blocker_nouns")
    return has_phrase(ev.trigger, nouns) or has_phrase(ev.sentence, nouns)


def blocker_nouns_in(text: str | None) -> set[str]:
    """The standing-act nouns ("decree", "law") that ``text`` names."""
    return {n for n in words("blocker_nouns") if has_phrase(text, [n])}
