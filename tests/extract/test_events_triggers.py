"""Triggers, types and provenance of events; the trigger lexicon's agreement with the
CAMEO/PLOVER crosswalk."""

from __future__ import annotations

from typing import Any

import pytest

from parley.codebook import lookup, plover_type
from parley.extract.triggers import intent_code, load_lexicon


def test_events_lexicon_codes_are_known() -> None:
    lex = load_lexicon()
    for table in (lex.verbs, lex.phrasal, lex.nouns):
        for word, code in table.items():
            if code is not None:
                assert lookup(code) is not None, (word, code)


def test_events_intent_codes_are_agree() -> None:
    lex = load_lexicon()
    for code in ("040", "042", "046", "0841", "085", "0871", "061", "070"):
        assert plover_type(intent_code(code, lex)) == "AGREE", code


@pytest.mark.slow
@pytest.mark.parametrize(("text", "type_", "trigger_word"), [
    ("Egypt's president expressed readiness to mediate between Israel and Hamas.", "AGREE",
     "readiness"),
    ("Talks between Ethiopia and Egypt over the dam are expected next month.", "AGREE", "Talks"),
    ("Negotiations between Serbia and Kosovo are continuing in Brussels.", "CONSULT",
     "Negotiations"),
    ("Israel launched airstrikes on Hezbollah positions in southern Lebanon.", "ASSAULT",
     "launched"),
    ("The European Union imposed new sanctions on Belarus on Friday.", "COERCE", "imposed"),
    ("Venezuela expelled the Spanish ambassador.", "SANCTION", "expelled"),
])
def test_events_trigger_classes(nlp: Any, text: str, type_: str, trigger_word: str) -> None:
    from parley.pipeline import extract

    events = extract(text, published="2024-02-02", nlp=nlp)
    found = [e for e in events if e.type == type_]
    assert found, [(e.type, e.trigger, e.rule) for e in events]
    ev = found[0]
    assert trigger_word in ev.trigger
    # provenance: the evidence span points at the trigger in the text, the rule is named
    assert ev.span is not None and text[ev.span[0]:ev.span[1]] == ev.trigger
    assert ev.rule and ev.cameo and plover_type(ev.cameo) == ev.type
    assert ev.goldstein == lookup(ev.cameo).goldstein  # type: ignore[union-attr]


@pytest.mark.slow
def test_events_blocker_standing_act(nlp: Any) -> None:
    from parley.pipeline import extract

    text = ("In 2021, the Ethiopian parliament passed a law forbidding negotiations with the "
            "Tigray People's Liberation Front. The law is still in force, as Justice Minister "
            "Gedion Timothewos confirmed last week.")
    events = extract(text, published="2023-06-14", nlp=nlp)
    blocked = [e for e in events if e.blocker is not None]
    assert blocked, [(e.type, e.trigger) for e in events]
    ev = blocked[0]
    assert ev.type == "REJECT" and ev.date == "2021"
    assert ev.blocker is not None
    assert "forbidding negotiations" in ev.blocker.text
    assert ev.blocker.in_effect is True
    assert ev.blocker.confirmed_by is not None
    assert ev.blocker.confirmed_by.name.endswith("Timothewos")


@pytest.mark.slow
def test_events_blocker_lifted(nlp: Any) -> None:
    from parley.pipeline import extract

    text = ("Last year the junta issued a decree banning talks with the opposition. "
            "The decree was lifted on Monday.")
    events = extract(text, published="2024-06-12", nlp=nlp)
    blocked = [e for e in events if e.blocker is not None]
    assert blocked and blocked[0].blocker is not None
    assert blocked[0].blocker.in_effect is False
