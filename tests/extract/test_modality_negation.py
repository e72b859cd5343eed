"""Modality and negation on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

CASES = [
    # text, type, modality, negated
    ("The Iranian president did not meet the French envoy in Tehran on Monday.",
     "CONSULT", "asserted", True),
    ("Zelensky refused to meet Russian officials in Istanbul.", "REJECT", "asserted", False),
    ("North Korea will not resume talks with Seoul, its foreign ministry said.",
     "REJECT", "asserted", False),
    ("Turkey is ready to host talks between Russia and Ukraine, Erdogan said.",
     "AGREE", "intended", False),
    ("The Kremlin said Putin will meet Xi Jinping next week.", "AGREE", "intended", False),
    ("Hamas demanded the release of all Palestinian prisoners.", "REQUEST", "asserted", False),
    ("China criticized the new American tariffs on Thursday.", "ACCUSE", "asserted", False),
    ("Pakistan's army chief met Afghan Taliban leaders in Kabul on Tuesday.",
     "CONSULT", "asserted", False),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "type_", "modality", "negated"), CASES,
                         ids=[c[0][:40] for c in CASES])
def test_modality_and_negation(nlp: Any, text: str, type_: str, modality: str,
                               negated: bool) -> None:
    from parley.pipeline import extract

    events = extract(text, published="2024-06-12", nlp=nlp)
    found = [e for e in events if e.type == type_]
    assert found, f"no {type_} in {[(e.type, e.trigger) for e in events]}"
    ev = found[0]
    assert (ev.modality, ev.negated) == (modality, negated), ev.rule


def test_modality_reject_codes() -> None:
    from parley.codebook import plover_type
    from parley.extract.modality import reject_code

    for code in ("036", "040", "046", "037", "0354", "031"):
        assert plover_type(reject_code(code)) == "REJECT"
