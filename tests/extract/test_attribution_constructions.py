"""find_attributions on hand-written sentences, one per construction.

Each case names the source, the cue and one word the content must hold (or None where the
construction has no source). The sentences are written for these tests, not taken from any
gold file.
"""

from __future__ import annotations

import pytest
from attribution_cases import find_cue as _find  # tests/extract/attribution_cases.py

from parley.extract.attribution import find_attributions, find_outlets
from parley.nlp.model import load_base


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_base()


CASES = [
    # (id, text, cue, source words, a content word)
    ("said-that", "The foreign minister said that the ceasefire would hold until Friday.",
     "said", "foreign minister", "ceasefire"),
    ("said-no-that", "Officials in Ankara said the border crossing had reopened.",
     "said", "Officials", "crossing"),
    ("trailing-said", "The convoy reached the city before dawn, the governor said.",
     "said", "governor", "convoy"),
    ("inverted-said", "The talks will resume next week, said Maria Lopez, a senior negotiator.",
     "said", "Maria Lopez", "talks"),
    ("quote-before", "\u201cWe are ready to sign the accord,\u201d the prime minister said.",
     "said", "prime minister", "accord"),
    ("quote-after", "The spokeswoman said: \u201cThe army will not withdraw.\u201d",
     "said", "spokeswoman", "withdraw"),
    ("quote-split", "\u201cThe offer is serious,\u201d the envoy said, \u201cand we expect an "
     "answer soon.\u201d", "said", "envoy", "offer"),
    ("told-reporters", "The senator told reporters that the vote would be delayed.",
     "told", "senator", "vote"),
    ("stated", "The ministry stated that no troops had crossed the border.",
     "stated", "ministry", "troops"),
    ("announced", "The rebels announced a unilateral truce on Sunday.",
     "announced", "rebels", "truce"),
    ("warned", "Tehran warned that it would resume enrichment.", "warned", "Tehran",
     "enrichment"),
    ("insisted", "The general insisted the strikes had hit only military targets.",
     "insisted", "general", "strikes"),
    ("argued", "Critics argued that the sanctions hurt civilians most.", "argued", "Critics",
     "sanctions"),
    ("claimed", "The militia claimed responsibility for the attack.", "claimed", "militia",
     "responsibility"),
    ("noted", "The envoy noted that both sides had kept the truce.", "noted", "envoy",
     "truce"),
    ("added", "The mayor added that the curfew would be lifted.", "added", "mayor", "curfew"),
    ("emphasized", "The chancellor emphasized that talks must continue.", "emphasized",
     "chancellor", "talks"),
    ("suggested", "Analysts suggested that the election could be postponed.", "suggested",
     "Analysts", "election"),
    ("according-to-front", "According to the interior ministry, twelve people were arrested.",
     "According", "interior ministry", "arrested"),
    ("according-to-back", "Twelve people were arrested overnight, according to local police.",
     "according", "local police", "arrested"),
    ("possessive-spokesman", "The president's spokesman said the visit was postponed.",
     "said", "spokesman", "visit"),
    ("participle-adding", "The minister rejected the plan, adding that it was unworkable.",
     "adding", "minister", "unworkable"),
    ("passive-by", "The deal was first reported by the Financial Times.", "reported",
     "Financial Times", "deal"),
    ("nested-outer", "Reuters reported that diplomats said the summit was cancelled.",
     "reported", "Reuters", "summit"),
    ("nested-inner", "Reuters reported that diplomats said the summit was cancelled.",
     "said", "diplomats", "summit"),
    ("state-media", "State media said the leader had inspected a missile factory.", "said",
     "State media", "factory"),
    ("citing-as-saying", "State television cited the commander as saying the town had fallen.",
     "saying", "commander", "town"),
    ("cognition-clause", "Western officials believe that the convoy carried weapons.",
     "believe", "officials", "convoy"),
    ("intent-xcomp", "The opposition plans to boycott the vote.", "plans", "opposition",
     "boycott"),
    ("adjective", "The negotiators are confident that a deal is close.", "confident",
     "negotiators", "deal"),
    ("headline-colon", "Erdogan: Turkey Will Not Accept the Proposal.", ":", "Erdogan",
     "Proposal"),
]


@pytest.mark.parametrize(("text", "cue", "source", "content"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_attribution_construction(nlp, text: str, cue: str, source: str,  # type: ignore[no-untyped-def]
                                  content: str) -> None:
    att = _find(find_attributions(nlp(text)), cue)
    assert att.source is not None
    assert source in att.source.text
    assert att.content is not None
    assert content in att.content.text
    assert text[att.cue.start:att.cue.end] == att.cue.text
    assert text[att.source.start:att.source.end] == att.source.text
    assert text[att.content.start:att.content.end] == att.content.text


def test_attribution_expletive_passive_has_no_source(nlp) -> None:  # type: ignore[no-untyped-def]
    atts = find_attributions(nlp("It was reported that the embassy had been evacuated."))
    att = _find(atts, "reported")
    assert att.source is None
    assert att.content is not None and "embassy" in att.content.text


def test_attribution_anaphoric_passive_covers_previous_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The rebels offered to free the hostages. This offer was reported by Al Jazeera "
              "on Monday.")
    att = _find(find_attributions(doc), "reported")
    assert att.source is not None and att.source.text == "Al Jazeera"
    assert att.scope[0] == 0  # the previous sentence is in its scope
    assert att.reported_by == "Al Jazeera"


def test_attribution_plain_action_is_not_an_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Troops crossed the river and occupied two villages on Tuesday.")
    assert find_attributions(doc) == []


def test_attribution_said_alone_needs_content(nlp) -> None:  # type: ignore[no-untyped-def]
    # "think" is a cue only with a clause; "the book they think about" has none
    doc = nlp("He reads the book on the train.")
    assert find_attributions(doc) == []


def test_attribution_nested_and_quoted_are_marked(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Reuters reported that diplomats said the summit was cancelled. "
              "\u201cI think it is over,\u201d the envoy said.")
    atts = find_attributions(doc)
    assert not _find(atts, "reported").nested
    assert _find(atts, "said").nested  # the first "said", inside Reuters's content
    think = _find(atts, "think")
    assert think.in_quote


def test_attribution_empty_and_odd_input(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ["", " ", "\u201c", "said", ": :", "According to", "(Reuters) -"]:
        find_attributions(nlp(text))  # never raises


def test_outlets_aliases_and_generic(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The Associated Press and AFP quoted Xinhua, while Russia's state-run news "
              "agency, RIA Novosti, and state television said nothing.")
    names = [o.name for o in find_outlets(doc)]
    assert "The Associated Press" in names
    assert "AFP" in names
    assert "Xinhua" in names
    assert "RIA Novosti" in names
    assert any(n.lower() == "state television" for n in names)
    # the generic "news agency" is the named one it stands beside, not a second outlet
    assert not any("news agency" in n for n in names)


def test_outlets_are_case_sensitive(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The fox ran past the post office at a time of crisis.")
    assert find_outlets(doc) == []
