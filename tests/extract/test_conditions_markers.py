"""Conditions: each marker kind, the condition text without its marker, and the event it
attaches to. Sentences are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from parley.evaluate.passages import condition_match
from parley.extract.conditions import find_clauses

CASES = [
    ("Iran will return to the talks provided that Washington lifts the oil embargo.",
     "precondition", "Washington lifts the oil embargo"),
    ("The rebels said they would lay down their arms on condition that the army leaves the city.",
     "precondition", "the army leaves the city"),
    ("Seoul will resume aid only if Pyongyang halts its missile launches.",
     "precondition", "Pyongyang halts its missile launches"),
    ("Hamas will respect the truce as long as the crossings stay open.",
     "precondition", "the crossings stay open"),
    ("Armenia will not sign the treaty unless Baku withdraws its troops.",
     "unless", "Baku withdraws its troops"),
    ("The minister said talks could begin once the prisoners are released.",
     "precondition", "the prisoners are released"),
    ("Kyiv is open to a meeting contingent upon receiving air defence systems from its allies.",
     "precondition", "receiving air defence systems from its allies"),
    ("The president agreed to meet his rival, subject to approval by parliament.",
     "precondition", "approval by parliament"),
    ("Beijing said any dialogue must be held on an equal and respectful basis.",
     "requirement", "on an equal and respectful basis"),
    ("Israel will free the prisoners in exchange for the return of the hostages.",
     "precondition", "the return of the hostages"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind", "expected"), CASES, ids=[c[2][:30] for c in CASES])
def test_conditions_marker_kinds(nlp: Any, text: str, kind: str, expected: str) -> None:
    doc = nlp(text)
    found = [c for s in doc.sents for c in find_clauses(s)]
    assert found, f"no condition found in {text!r}"
    best = max(found, key=lambda c: len(set(c.text.split()) & set(expected.split())))
    assert best.kind == kind, (best.kind, best.text)
    assert condition_match(expected, best.text), best.text
    # the marker is not part of the condition text (requirements keep their terms)
    if kind != "requirement":
        assert not best.text.lower().startswith(("if ", "unless ", "provided", "once "))


@pytest.mark.slow
def test_conditions_before_reads_backwards(nlp: Any) -> None:
    """"X prior to any talks": the talks are the event, X is what must come first."""
    from parley.pipeline import extract

    events = extract("Azerbaijan wants guarantees from Russia prior to any negotiations with "
                     "Armenia, its foreign minister said on Monday.", published="2024-05-08",
                     nlp=nlp)
    talks = [e for e in events if e.type == "AGREE" and e.target and "Armenia" in e.target.name]
    assert talks, [(e.type, e.trigger) for e in events]
    assert any(condition_match("guarantees from Russia", c.text) for c in talks[0].conditions)


@pytest.mark.slow
def test_conditions_attach_to_their_clause(nlp: Any) -> None:
    """The if-clause belongs to the offer, not to the criticism in the other sentence."""
    from parley.pipeline import extract

    events = extract("Moscow criticized the sanctions. Russia is willing to resume gas "
                     "deliveries to Moldova if Chisinau pays its debts.", published="2023-03-01",
                     nlp=nlp)
    by_type = {e.type: e for e in events}
    assert "ACCUSE" in by_type and not by_type["ACCUSE"].conditions
    agree = [e for e in events if e.type == "AGREE"]
    assert agree and agree[0].conditions
    assert condition_match("Chisinau pays its debts", agree[0].conditions[0].text)
