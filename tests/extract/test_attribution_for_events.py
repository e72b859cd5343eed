"""attribution_for / said_by_for: the speaker and the cited outlet of an event's trigger.

Hand-written passages following the gold convention of GOLD_FORMAT.md: ``said_by`` is the
speaker of the statement an event comes from (the event's own source when the event is a
statement: "X warned", "X rejected"), ``reported_by`` the outlet or intermediary cited.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from parley.extract.attribution import attribution_for, said_by_for, speaker_ref
from parley.nlp.model import load_base
from parley.records import ActorRef


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_base()


def _tok(doc: Doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


CASES = [
    # (id, text, trigger word, speaker words or None, reported_by or None)
    ("said", "The defence minister said the army would withdraw from the border.",
     "withdraw", "defence minister", None),
    ("told-outlet", "\u201cWe will impose new sanctions,\u201d Senator Ann Reed told CNN on "
     "Monday.", "impose", "Ann Reed", "CNN"),
    ("told-reporters-no-outlet", "The envoy told reporters that talks would resume.",
     "resume", "envoy", None),
    ("interview-with-outlet", "In an interview with Bloomberg, the president said he was "
     "ready to meet the rebel leaders.", "meet", "president", "Bloomberg"),
    ("according-to-person", "According to the spokesman, the government ruled out new talks.",
     "ruled", "spokesman", None),
    ("according-to-outlet", "According to Reuters, the two armies exchanged fire overnight.",
     "exchanged", None, "Reuters"),
    ("trailing-outlet", "Officials said the leaders agreed to meet again, The Associated Press "
     "reported.", "agreed", "Officials", "The Associated Press"),
    ("nested-outlet-outer", "Reuters reported that diplomats said the summit was cancelled.",
     "cancelled", "diplomats", "Reuters"),
    ("translation-by-outlet", "\u201cWe will consider a ceasefire,\u201d the president said, "
     "according to a translation by Interfax.", "ceasefire", "president", "Interfax"),
    ("state-media", "State media said the army had tested a new missile.", "tested", None,
     "State media"),
    ("citing-as-saying", "China's state media cited the minister as saying that the dispute "
     "could be resolved.", "resolved", "minister", "China's state media"),
    ("passive-anaphoric", "The president signalled he was open to a prisoner exchange with the "
     "rebels. This development was reported by Bloomberg on Thursday.", "exchange",
     "president", "Bloomberg"),
    ("self-statement-warned", "The prime minister warned of severe retaliation if the truce "
     "broke.", "warned", "prime minister", None),
    ("self-statement-expressed", "The chancellor expressed readiness to meet the opposition "
     "at any time.", "meet", "chancellor", None),
    ("plain-action", "The navy seized two tankers in the strait on Friday.", "seized", None,
     None),
    ("intent-is-not-a-statement", "The government wanted the rebels to disarm first.",
     "wanted", None, None),
    ("dateline", "BEIRUT (Reuters) - Militants shelled the airport on Sunday.", "shelled", None,
     "Reuters"),
    ("dateline-yields-to-closer", "KYIV (Reuters) - The mayor said the city was shelled, "
     "according to Interfax.", "shelled", "mayor", "Interfax"),
    ("notes-outlet", "The president added that sanctions would stay in place, notes the "
     "Financial Times.", "stay", "president", "Financial Times"),
    ("first-person-in-quote", "\u201cI think we will sign the deal,\u201d the minister said.",
     "sign", "minister", None),
    ("statement-inside-speech", "A U.S. official said the rebels had proposed a prisoner "
     "swap.", "proposed", "official", None),
    ("statement-inside-outlet-report", "The BBC reports that the foreign minister denounced "
     "the vote.", "denounced", "foreign minister", "BBC"),
    ("pronoun-keeps-interview-outlet", "In an interview with Bloomberg, the president said he "
     "wanted a ceasefire. He added that talks could start in May.", "start", "He",
     "Bloomberg"),
    ("according-to-the-report", "Interfax reported that the minister would visit Ankara. "
     "According to the report, the minister said the visit would be short.", "short",
     "minister", "Interfax"),
    ("statement-reported-by-outlet", "The spokesman shared a statement reported by news "
     "agency Yonhap: the two leaders agreed to meet soon, the spokesman said.", "meet",
     "spokesman", "Yonhap"),
    ("phone-call-is-not-a-statement", "The president called the prime minister on Friday.",
     "called", None, None),
    ("chant-is-not-a-statement", "Hundreds of protesters chanted slogans outside the "
     "embassy.", "chanted", None, None),
    ("agreed-is-not-a-statement", "The two sides agreed to a ceasefire on Sunday.", "agreed",
     None, None),
    ("citing-sources", "Reuters reported that the army had withdrawn from the town, citing "
     "two senior officials.", "withdrawn", "officials", "Reuters"),
    ("citing-a-reason-is-no-source", "The army withdrew from the town on Monday, citing "
     "security concerns.", "withdrew", None, None),
]


@pytest.mark.parametrize(("text", "trigger", "speaker", "reported"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_attribution_for(nlp, text: str, trigger: str, speaker: str | None,  # type: ignore[no-untyped-def]
                         reported: str | None) -> None:
    doc = nlp(text)
    span, reported_by = attribution_for(doc, _tok(doc, trigger))
    if speaker is None:
        assert span is None
    else:
        assert span is not None and speaker in span.text
    assert reported_by == reported


def test_attribution_for_own_outlet_dateline_is_not_a_citation(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("TEHRAN, Iran (AP) \u2014 Iran released a tanker on Friday.")
    i = _tok(doc, "released")
    assert attribution_for(doc, i)[1] == "The Associated Press"
    assert attribution_for(doc, i, outlet="Associated Press")[1] is None
    assert attribution_for(doc, i, outlet="AP")[1] is None


def test_said_by_for_state_agency_speaks_for_government(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("KCNA said Pyongyang had offered to discuss a formal end to the war.")
    said_by, reported_by = said_by_for(doc, _tok(doc, "offered"))
    assert said_by is not None and said_by.name == "North Korea" and said_by.country == "PRK"
    assert reported_by == "KCNA"


def test_said_by_for_it_continues_the_state_agency(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("KCNA said Pyongyang had offered talks. It said the other side had shown "
              "little interest.")
    said_by, reported_by = said_by_for(doc, _tok(doc, "shown"))
    assert said_by is not None and said_by.country == "PRK"
    assert reported_by == "KCNA"


def test_said_by_for_news_agency_is_not_a_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("RIA Novosti reported that the president plans to visit Ankara.")
    said_by, reported_by = said_by_for(doc, _tok(doc, "visit"))
    assert said_by is None
    assert reported_by == "RIA Novosti"


def test_speaker_ref_without_actors_uses_the_words(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The foreign minister, Anna Berg, said the embassy would reopen.")
    span, _ = attribution_for(doc, _tok(doc, "reopen"))
    assert span is not None
    ref = speaker_ref(doc, span)
    assert isinstance(ref, ActorRef)
    assert "Anna Berg" in ref.name
    assert ref.span is not None and doc.text[ref.span[0]:ref.span[1]] == ref.mention
