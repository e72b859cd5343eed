"""A refusal that lasts until something holds ("will not negotiate until ...", "could not accept
talks before ...") has that as its precondition; on an event that is not refused, a
before/until phrase is only a time. Sentences are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from parley.evaluate.passages import condition_match
from parley.extract.events import extract_events
from parley.pipeline import make_doc
from parley.records import Article

REFUSALS = [
    ("Venezuela said it would not negotiate with Colombia until the border is reopened.",
     "the border is reopened"),
    ("The opposition said it could not accept talks with the government before the political "
     "prisoners were released.", "the political prisoners were released"),
]


def _events(nlp: Any, text: str) -> list[Any]:
    art = Article(id="t", text=text, published="2025-03-14")
    doc = nlp(make_doc(nlp, art))
    return extract_events(doc, art)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), REFUSALS, ids=[r[1][:25] for r in REFUSALS])
def test_refusal_until_is_precondition(nlp: Any, text: str, expected: str) -> None:
    refusals = [e for e in _events(nlp, text) if e.type == "REJECT" or e.negated]
    assert refusals, "no refusal found"
    conds = [c for e in refusals for c in e.conditions]
    assert any(c.kind == "precondition" and condition_match(expected, c.text) for c in conds), \
        conds


@pytest.mark.slow
def test_before_on_an_asserted_event_is_a_time(nlp: Any) -> None:
    evs = _events(nlp, "Turkey and Greece held talks in Ankara before the election.")
    assert evs, "no event found"
    assert all(not e.conditions for e in evs)
