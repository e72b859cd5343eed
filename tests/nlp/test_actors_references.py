"""The actor component on sentences written for these tests: titles in apposition to a named
person, "the North"/"the South" in articles about the Koreas, and "X says it ..."."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def annotate(nlp, text: str, published: str | None = "2020-06-01"):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def names(doc) -> list[tuple[str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(m.text, m.ref.name, m.ref.country, m.ref.sector) for m in doc._.actors]


@pytest.mark.parametrize("text", [
    # the title after the person
    "The statement was attributed to Sergei Lavrov, Russia's foreign minister.",
    "Hossein Amir-Abdollahian, Iran's first deputy foreign minister, said so.",
    # the title before the person
    "Deputy Minister of the Russian Foreign Ministry, Sergei Lavrov, said so.",
])
def test_actors_title_in_apposition_is_the_person(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, text)
    found = names(doc)
    # no actor without a country made of the title alone ("minister", "Deputy")
    assert not [n for n in found if n[2] is None and n[3] == "GOV"], found
    assert any(n[1] in ("Sergei Lavrov", "Hossein Amir-Abdollahian") for n in found), found


def test_actors_korean_halves(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Pyongyang fired two missiles. The North said the South had provoked it.")
    found = {n[0]: n[1] for n in names(doc)}
    assert found.get("North") == "North Korea", found
    assert found.get("South") == "South Korea", found


@pytest.mark.parametrize("text", [
    "NATO ships patrolled the North Atlantic on Monday.",
    "The North won the war, the historian said.",  # no Korea in the article
    "China built islands in the South China Sea.",
])
def test_actors_halves_only_about_korea(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, text)
    assert not [n for n in names(doc) if n[1] in ("North Korea", "South Korea")], names(doc)


def test_actors_reported_pronoun_is_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "The EU first wanted Serbia to recognise Kosovo, but says it can accept "
                        "a slower path.")
    it = [m for m in doc._.actors if m.text == "it"]
    assert it and it[0].ref.name == "European Union", names(doc)


@pytest.mark.parametrize("text", ["Iran gave the Europeans sixty days.",
                                  "The European powers rejected the plan."])
def test_actors_european_governments_as_a_group(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert any(n[1] == "Europe" and n[3] == "GOV" for n in names(annotate(nlp, text)))


@pytest.mark.parametrize(("text", "he"), [
    # a pronoun that travels to a country is not that country's own leader
    ("Russian President Vladimir Putin plans to discuss the treaty with US national security "
     "adviser John Bolton when he visits Russia this week.", "John Bolton"),
    ("Chinese President Xi Jinping will host Japanese Prime Minister Shinzo Abe when he travels "
     "to Beijing next month.", "Shinzo Abe"),
    ("Turkish President Recep Tayyip Erdogan will receive Joe Biden after he arrives in Turkey.",
     "Joe Biden"),
    # ... and otherwise the subject stays the antecedent
    ("Vladimir Putin met Emmanuel Macron when he visited France.", "Vladimir Putin"),
    ("Joe Biden will talk to Xi Jinping before he travels to Japan.", "Joe Biden"),
])
def test_actors_pronoun_does_not_visit_own_country(nlp, text: str, he: str) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, text)
    refs = [m for m in doc._.actors if m.text.lower() == "he"]
    assert refs and refs[0].ref.name == he, names(doc)
