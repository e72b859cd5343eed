"""Time expressions in news text, normalised against the publication date.

The spaCy component ``parley_timex`` (registered on import; it runs after the parser and NER)
sets ``doc._.timexes: list[Timex]``, resolved against ``doc._.published``::

    nlp.add_pipe("parley_timex", last=True)
    doc = nlp.make_doc("Putin met Zelensky on Thursday. Talks will resume next month.")
    doc._.published = "2025-01-25"                      # a Saturday
    doc = nlp(doc)
    [(t.text, t.type, t.value) for t in doc._.timexes]
    # [('Thursday', 'DATE', '2025-01-23'), ('next month', 'DATE', '2025-02')]

Without a pipeline::

    find_timexes("He arrived two days ago.", "2025-01-23")[0].value   # '2025-01-21'
    normalise("May of last year", "2025-01-23")                        # '2024-05'
    normalise("Thursday", "2025-01-25")                                # '2025-01-23'
    normalise("Thursday", "2025-01-25", tense_hint="future")           # '2025-01-30'
    event_date("2025-W04")                                             # '2025-01'

Values follow TIMEX3 (TimeML): ``2025-01-23``, ``2025-01``, ``2025``, ``2025-Q3``,
``2025-W04``, ``199`` (the 1990s), ``PRESENT_REF``, durations ``P3Y``, sets ``P1W`` (type SET).
A weekday points to the most recent such day on or before the publication date, unless the
governing verb is in the future ("will meet on Thursday"), when it points forward. Patterns and
word lists are data: ``parley/data/lexicons/time.yaml`` and ``time_patterns.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from parley.nlp.time.recognise import TenseFn, scan
from parley.nlp.time.resolve import Tense, event_date, parse_anchor
from parley.records import Timex

__all__ = ["TimexRecognizer", "event_date", "find_timexes", "normalise", "parse_anchor",
           "tense_of"]

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", default=None)

Anchor = dt.date | dt.datetime | str | None

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "ll", "would", "'d", "should", "may", "might",
                         "must", "can", "ca"})
# a modal with a perfect looks back ("may have been", "would have met"; not "will have")
_MODALS = frozenset({"would", "'d", "should", "may", "might", "must", "could", "can"})
_PLANNING = frozenset({"schedule", "plan", "slate", "expect", "reschedule"})
_FUTURE_GOVERNORS = frozenset({"plan", "expect", "schedule", "set", "due", "intend", "hope",
                               "aim", "go", "prepare", "agree", "promise", "vow", "pledge",
                               "threaten", "want", "seek"})


def tense_of(token: Token) -> Tense | None:
    """The tense of the clause that governs ``token``: the first verb up its head chain;
    "future" for will/shall/'ll or a "to" infinitive under plan/expect/schedule...; "past"
    for a past-tense or perfect verb; else "present". None when no verb governs it."""
    verb = token
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    children = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in children) and any(
            c.dep_ == "aux" and c.lower_ in ("have", "'ve") for c in children):
        return "past"  # "may have been responsible on Wednesday", "would have met Friday"
    if verb.lower_ in _FUTURE_AUX or any(
            c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in children):
        return "future"
    if verb.lemma_.lower() in _PLANNING and not any(c.lower_ == "had" for c in children):
        return "future"  # "scheduled for Monday", "planned a rally on Saturday"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
        gov = verb.head
        if gov is not verb and (gov.tag_ in ("VBD", "VBN") and any(
                c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in gov.children)):
            return "past"  # "it had been due to expire Friday": a future seen from the past
        if gov is not verb and (gov.lemma_.lower() in _FUTURE_GOVERNORS
                                or (gov.lemma_.lower() == "be" and gov.tag_ in ("VBZ", "VBP"))):
            return "future"
        if gov is not verb and any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX
                                   for c in gov.children):
            return "future"
    auxes = [c for c in children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "VBD" for c in auxes):  # "had met", "was signed", "did not meet"
        return "past"
    if any(c.lower_ in ("has", "have", "'s", "'ve") for c in auxes):
        return "present"  # the perfect reaches up to the present ("has held ... until Friday")
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    return "present"


def _doc_tense_fn(doc: Doc) -> TenseFn:
    has_parse = doc.has_annotation("DEP")

    def tense_at(start: int, end: int) -> Tense | None:
        if not has_parse:
            from parley.nlp.time.recognise import text_tense

            return text_tense(doc.text, start, end)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return tense_of(span.root)

    return tense_at


def find_timexes(text_or_doc: str | Doc, anchor: Anchor = None) -> list[Timex]:
    """Time expressions of a text (or a parsed Doc, whose parse then decides the tense of
    each clause), normalised against ``anchor`` (publication date; for a Doc, defaults to
    ``doc._.published``). Never raises on odd text: an unreadable anchor counts as none."""
    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
        if anchor is None:
            anchor = doc._.published
        return scan(doc.text, parse_anchor(anchor), _doc_tense_fn(doc))
    return scan(text_or_doc or "", parse_anchor(anchor))


def normalise(expression: str, anchor: Anchor = None, tense_hint: Tense | None = None) \
        -> str | None:
    """The TIMEX3 value of one time expression ("on Tuesday", "last week", "three years")
    against ``anchor``; ``tense_hint`` ("past", "present", "future") says which way an
    ambiguous weekday or month points. None when the text holds no time expression."""
    try:
        text = expression or ""
        found = scan(text, parse_anchor(anchor),
                     (lambda s, e: tense_hint) if tense_hint else None)
    except (ValueError, OverflowError, RecursionError):
        return None
    if not found:
        return None
    best = max(found, key=lambda t: t.end - t.start)
    return best.value


class TimexRecognizer:
    """The ``parley_timex`` component: sets ``doc._.timexes``."""

    def __init__(self, nlp: Language, name: str = "parley_timex") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = find_timexes(doc)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory(
    "parley_timex",
    assigns=["doc._.timexes"],
    requires=["token.dep", "token.pos"],
    default_config={},
)
def make_timex_recognizer(nlp: Language, name: str) -> TimexRecognizer:
    return TimexRecognizer(nlp, name)
