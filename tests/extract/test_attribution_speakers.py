"""said_by_for: which actor a speaker phrase names, on hand-written sentences.

Classes: a person in apposition to a title beats the organisation inside the title's
of-phrase; reciprocal and quantifier subjects ("each", "both") are no speakers; a news agency
described and named ("Iran's official news agency, IRNA,") is an outlet (reported_by), not a
speaker; a document as subject ("the white paper said") speaks for its issuer when the text
names one, else there is no said_by; a bare surname is the person named in full earlier.
Uses the full pipeline (``nlp`` of tests/conftest.py) so that actor mentions exist.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from parley.extract.attribution import said_by_for, statement_covers


def _tok(doc: Doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def _said_by(nlp, text: str, trigger: str) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    ref, reported = said_by_for(doc, _tok(doc, trigger))
    return (ref.name if ref is not None else None), reported


@pytest.mark.parametrize(("text", "trigger", "person"), [
    ("Deputy Foreign Minister of Ruritania, Karel Vostrik, said his country would reject the "
     "treaty.", "reject", "Vostrik"),
    ("A spokeswoman for the Defence Ministry, Marta Lindqvist, said the troops would withdraw "
     "next week.", "withdraw", "Lindqvist"),
    ("The head of the Central Election Commission, Pavel Dorn, warned that the vote would be "
     "annulled.", "annulled", "Dorn"),
    ("Senior adviser to the Interior Ministry, Omar Haddad, said the police would arrest the "
     "organisers.", "arrest", "Haddad"),
])
def test_person_in_apposition_beats_the_ministry_in_the_title(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str, person: str) -> None:
    name, _ = _said_by(nlp, text, trigger)
    assert name is not None and person in name


@pytest.mark.parametrize(("text", "trigger"), [
    ("The president phoned the prime minister and each thanked the other for the support.",
     "thanked"),
    ("The two ministers met in Vienna, and both promised to support the ceasefire.",
     "support"),
    ("The delegations spoke for an hour and each pledged to expand trade.", "pledged"),
    ("The rival leaders met on Monday; all of them vowed to respect the truce.", "respect"),
])
def test_reciprocal_and_quantifier_subjects_are_no_speakers(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str) -> None:
    name, _ = _said_by(nlp, text, trigger)
    assert name is None or name.lower() not in ("each", "both", "all", "all of them")


def test_quantifier_falls_back_to_the_enclosing_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    name, _ = _said_by(nlp, "A government spokesman, Henrik Dahl, said the two leaders met and "
                            "each promised to cut tariffs.", "cut")
    assert name is not None and "Dahl" in name


@pytest.mark.parametrize(("text", "trigger", "outlet"), [
    ("Iran's official news agency, IRNA, said Tehran would retaliate against the strike.",
     "retaliate", "IRNA"),
    ("China's official news agency Xinhua reported that Beijing would send aid to Nepal.",
     "send", "Xinhua"),
    ("The official Xinhua news agency reported that Beijing would send aid to Laos.", "send",
     "Xinhua"),
    ("Syria's state news agency, SANA, said the army had shelled rebel positions.",
     "shelled", "SANA"),
    ("Russia's state-run news agency, RIA Novosti, reported that the minister would visit "
     "Ankara.", "visit", "RIA Novosti"),
])
def test_described_news_agency_is_an_outlet_not_a_speaker(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str, outlet: str) -> None:
    name, reported = _said_by(nlp, text, trigger)
    assert name is None
    assert reported == outlet


@pytest.mark.parametrize(("text", "trigger"), [
    ("The white paper said the government would defend its borders.", "defend"),
    ("The report says the army attacked villages near the border.", "attacked"),
    ("The statement said the coalition would retaliate against any attack.", "retaliate"),
    ("A leaked memo said the ministry planned to expel the diplomats.", "expel"),
])
def test_document_without_issuer_gives_no_speaker(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str) -> None:
    name, _ = _said_by(nlp, text, trigger)
    assert name is None


@pytest.mark.parametrize(("text", "trigger", "issuer"), [
    ("A statement issued by Hamas said the group would attack the settlements.", "attack",
     "Hamas"),
    ("A report by the United Nations said the militia had attacked civilians.", "attacked",
     "United Nations"),
    ("The Kremlin issued a statement on Monday. The statement said Moscow would retaliate "
     "against the sanctions.", "retaliate", "Russia"),
    ("NATO's statement said the alliance would reinforce its eastern flank.", "reinforce",
     "NATO"),
])
def test_document_speaks_for_its_named_issuer(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str, issuer: str) -> None:
    name, _ = _said_by(nlp, text, trigger)
    assert name is not None and (issuer in name or name in issuer)


@pytest.mark.parametrize(("text", "trigger", "full"), [
    ("Zhou Weiming, a retired colonel, spoke at the forum in Singapore. According to Zhou, "
     "China would not attack the island.", "attack", "Zhou Weiming"),
    ("Analyst Tan Keng Hoe praised the deal on Tuesday. Tan said Singapore would cooperate "
     "with Jakarta.", "cooperate", "Tan Keng Hoe"),
    ("Foreign minister Aleksander Novak arrived in Geneva. According to Novak, Warsaw would "
     "negotiate with Minsk.", "negotiate", "Aleksander Novak"),
])
def test_bare_surname_is_the_person_named_earlier(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str, full: str) -> None:
    name, _ = _said_by(nlp, text, trigger)
    assert name == full


@pytest.mark.parametrize(("text", "trigger", "speaker"), [
    # a statement inside a noun phrase's modifier is not the outer speaker's words
    ("It was the first doubt the minister voiced about the summit since the rebels "
     "threatened to quit the talks.", "threatened", None),
    # a subject the parser hangs on the subordinator
    ("Iran released the tanker, while the country's president, returning from New York, "
     "said he would meet European leaders.", "meet", "president"),
    # a relative pronoun speaks for its head
    ("The mayor, who said the city would sue the ministry, resigned on Friday.", "sue",
     "mayor"),
])
def test_speaker_constructions(nlp, text: str, trigger: str,  # type: ignore[no-untyped-def]
                               speaker: str | None) -> None:
    doc = nlp(text)
    ref, _ = said_by_for(doc, _tok(doc, trigger))
    if speaker is None:
        assert ref is None or ref.name.lower() != "minister"
    else:
        assert ref is not None and (speaker in (ref.mention or "") or speaker in ref.name)


@pytest.mark.parametrize(("text", "trigger", "covered"), [
    ("Russia's state-run news agency, RIA Novosti, reported that the minister would visit "
     "Ankara.", "visit", True),
    ("The white paper said the government would defend its borders.", "defend", True),
    ("The delegations spoke for an hour and each pledged to expand trade.", "expand", True),
    ("The navy seized two tankers in the strait on Friday.", "seized", False),
])
def test_statement_covers_marks_a_deliberate_none(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str, covered: bool) -> None:
    doc = nlp(text)
    assert statement_covers(doc, _tok(doc, trigger)) is covered


@pytest.mark.parametrize(("text", "trigger", "speaker"), [
    # reported speech inside reported speech: the one the article quotes is the speaker
    ("At the dinner, the envoy told the king that both sides would resume talks, the palace "
     "spokesman said.", "resume", "spokesman"),
    ("A senior diplomat said the foreign minister had told his counterpart that Oslo would "
     "host the talks.", "host", "diplomat"),
    ("The mayor told the council that the army would withdraw, a city official said.",
     "withdraw", "official"),
    # a belief stays with the one who holds it
    ("The ambassador believes that the junta will release the prisoners.", "release",
     "ambassador"),
])
def test_nested_reported_speech_is_the_outer_speakers(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str, speaker: str) -> None:
    doc = nlp(text)
    ref, _ = said_by_for(doc, _tok(doc, trigger))
    assert ref is not None and (speaker in (ref.mention or "") or speaker in ref.name)


@pytest.mark.parametrize(("text", "trigger", "speaker", "outlet"), [
    ("According to a statement from the Kremlin, Moscow would retaliate against the "
     "sanctions.", "retaliate", "Russia", None),
    ("According to a translation by Interfax, the ceasefire would hold.", "hold", None,
     "Interfax"),
    ("China's state-owned media said Beijing would impose sanctions on the firms.", "impose",
     None, "China's state-owned media"),
    ("Iran's semi-official news agency reported that Tehran would retaliate against the "
     "strike.", "retaliate", None, "Iran's semi-official news agency"),
])
def test_medium_and_state_media_phrases(  # type: ignore[no-untyped-def]
        nlp, text: str, trigger: str, speaker: str | None, outlet: str | None) -> None:
    name, reported = _said_by(nlp, text, trigger)
    if speaker is None:
        assert name is None
    else:
        assert name is not None and speaker in name
    assert reported == outlet
