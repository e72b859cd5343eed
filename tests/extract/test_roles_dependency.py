"""Source and target from the dependency tree (sentences written for these tests)."""

from __future__ import annotations

import pytest

from parley.extract.roles import np_span, role_lists, roles_for, tag_roles

pytestmark = pytest.mark.slow


def annotate(nlp, text: str, published: str | None = "2025-02-01"):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def trigger(doc, words: str):  # type: ignore[no-untyped-def]
    """The span of the first occurrence of ``words``."""
    toks = words.split()
    for i in range(len(doc) - len(toks) + 1):
        if [t.text for t in doc[i:i + len(toks)]] == toks:
            return doc[i:i + len(toks)]
    raise AssertionError(f"{words!r} not in {doc.text!r}")


def names(pair) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    src, tgt = pair
    return (src.ref.name if src else None), (tgt.ref.name if tgt else None)


@pytest.mark.parametrize(("text", "trig", "expected"), [
    # verbal trigger: subject and object
    ("Russia attacked Ukraine on Tuesday.", "attacked", ("Russia", "Ukraine")),
    # with/against/on phrases
    ("The European Union imposed new sanctions on Iran.", "imposed", ("European Union", "Iran")),
    ("Benjamin Netanyahu held talks with Mahmoud Abbas in Cairo.", "held talks",
     ("Benjamin Netanyahu", "Mahmoud Abbas")),
    # passive with an agent: the agent acts, the subject is acted upon
    ("Ukraine was attacked by Russia overnight.", "attacked", ("Russia", "Ukraine")),
    # nominal trigger with a possessor
    ("Trump's willingness to meet Putin surprised Kyiv.", "willingness",
     ("Donald Trump", "Vladimir Putin")),
    # nominal trigger under a verb: the subject of the governing clause
    ("Zelensky has indicated willingness to engage in negotiations with Putin.",
     "willingness", ("Volodymyr Zelensky", "Vladimir Putin")),
    # xcomp: the subject of the governing verb
    ("Kim Jong Un agreed to meet Moon Jae-in next month.", "meet",
     ("Kim Jong Un", "Moon Jae-in")),
])
def test_roles_for_triggers(nlp, text, trig, expected) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, text, "2019-03-01" if "Kim" in text else "2025-02-01")
    assert names(roles_for(doc, trigger(doc, trig))) == expected


def test_roles_for_pronoun_subject_is_resolved(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Volodymyr Zelensky spoke in Kyiv. He said he is ready to meet "
                        "Vladimir Putin.")
    src, tgt = roles_for(doc, trigger(doc, "meet"))
    assert src is not None and src.kind == "pronoun" and src.ref.name == "Volodymyr Zelensky"
    assert tgt is not None and tgt.ref.name == "Vladimir Putin"


def test_roles_for_conditions_do_not_give_the_target(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Ukrainian President Volodymyr Zelensky has indicated willingness to "
                        "engage in direct peace negotiations with Russian President Vladimir "
                        "Putin, contingent upon receiving security guarantees from U.S. "
                        "President Donald Trump.")
    src, tgt = roles_for(doc, trigger(doc, "willingness to engage in direct peace negotiations"))
    assert names((src, tgt)) == ("Volodymyr Zelensky", "Vladimir Putin")
    assert src is not None and src.ref.country == "UKR" and src.ref.sector == "GOV"


def test_roles_for_request_from(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Kyiv sought security guarantees from Washington.")
    assert names(roles_for(doc, trigger(doc, "sought"))) == ("Ukraine", "United States")


def test_roles_conjoined_subjects_meet_each_other(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Emmanuel Macron and Olaf Scholz met in Paris.", "2023-01-22")
    sources, targets = role_lists(doc, trigger(doc, "met"))
    assert [m.ref.name for m in sources] == ["Emmanuel Macron"]
    assert [m.ref.name for m in targets] == ["Olaf Scholz"]


def test_roles_for_no_actor_gives_none(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "The weather improved on Tuesday.")
    assert roles_for(doc, trigger(doc, "improved")) == (None, None)


def test_np_span_keeps_modifiers_and_drops_relative_clauses(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Another ethnic Chechen who had fought in the war was killed.")
    head = next(t for t in doc if t.text == "Chechen")
    s, e = np_span(head)
    assert doc[s:e].text == "Another ethnic Chechen"


def test_tag_roles_marks_source_and_target_phrases(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A roadside bomb killed three Nigerian soldiers near the border."
    doc = annotate(nlp, text)
    got = {(text[s:e], lab) for s, e, lab in tag_roles(doc)}
    assert ("A roadside bomb", "S") in got
    assert ("three Nigerian soldiers", "T") in got


def test_tag_roles_meeting_is_reciprocal(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Italian Prime Minister Giorgia Meloni will meet Japanese Prime Minister Fumio Kishida."
    doc = annotate(nlp, text, "2023-01-10")
    got = {(text[s:e], lab) for s, e, lab in tag_roles(doc)}
    assert got == {("Italian Prime Minister Giorgia Meloni", "R"),
                   ("Japanese Prime Minister Fumio Kishida", "R")}


def test_tag_roles_reported_event_takes_the_embedded_target(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Kenyan government says it will expel two foreign diplomats."
    doc = annotate(nlp, text)
    got = {(text[s:e], lab) for s, e, lab in tag_roles(doc)}
    assert ("The Kenyan government", "S") in got
    assert ("two foreign diplomats", "T") in got


def test_roles_for_addressee_of_a_request_is_the_target(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Japan has suggested that China release the detained sailors.",
                   "2019-01-01")
    assert names(roles_for(doc, trigger(doc, "suggested"))) == ("Japan", "China")


def test_roles_for_media_audience_is_not_a_target(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Senator Lindsey Graham threatened new sanctions, he told CNN.",
                   "2019-01-01")
    src, tgt = roles_for(doc, trigger(doc, "told"))
    assert tgt is None or tgt.ref.sector != "MED"


def test_roles_for_apposition_names_the_person(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Russia's foreign minister, Sergei Lavrov, met Antony Blinken in Geneva.",
                   "2022-01-21")
    assert names(roles_for(doc, trigger(doc, "met"))) == ("Sergei Lavrov", "Antony Blinken")
