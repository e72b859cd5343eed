"""The actor component on sentences written for these tests: dated roles, metonyms, agents,
titles, surnames, pronouns and "the latter/the former"."""

from __future__ import annotations

import pytest

from parley.nlp.actors import ActorMention, actor_at, load_dictionary

pytestmark = pytest.mark.slow


def annotate(nlp, text: str, published: str | None):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def find(doc, text: str) -> ActorMention:  # type: ignore[no-untyped-def]
    hits = [m for m in doc._.actors if m.text == text]
    assert hits, f"no mention {text!r} in {[m.text for m in doc._.actors]}"
    return hits[0]


def triple(m: ActorMention) -> tuple[str, str | None, str | None]:
    return m.ref.name, m.ref.country, m.ref.sector


@pytest.mark.parametrize(("published", "sector"), [
    ("2019-06-01", "GOV"),   # first term
    ("2022-05-01", None),    # between terms: a US person without a government role
    ("2025-03-01", "GOV"),   # second term
    (None, "GOV"),           # no date: the latest role
])
def test_actors_dated_roles_trump(nlp, published, sector) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Donald Trump spoke to reporters in Ohio.", published)
    assert triple(find(doc, "Donald Trump")) == ("Donald Trump", "USA", sector)


def test_actors_dated_roles_biden_vice_president_and_president(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Joe Biden arrived in Warsaw on Monday.", "2023-02-20")
    assert triple(find(doc, "Joe Biden")) == ("Joe Biden", "USA", "GOV")
    doc = annotate(nlp, "Joe Biden arrived in Warsaw on Monday.", "2018-02-20")
    assert triple(find(doc, "Joe Biden")) == ("Joe Biden", "USA", None)


def test_actors_metonyms_name_the_state(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Moscow rejected the offer, and the Kremlin said Kyiv must withdraw. "
                        "Washington and Beijing called for calm, while Tehran and Pyongyang "
                        "stayed silent.", "2024-05-01")
    assert triple(find(doc, "Moscow")) == ("Russia", "RUS", "GOV")
    assert triple(find(doc, "Kremlin")) == ("Russia", "RUS", "GOV")
    assert triple(find(doc, "Kyiv")) == ("Ukraine", "UKR", "GOV")
    assert triple(find(doc, "Washington")) == ("United States", "USA", "GOV")
    assert triple(find(doc, "Beijing")) == ("China", "CHN", "GOV")
    assert triple(find(doc, "Tehran")) == ("Iran", "IRN", "GOV")
    assert triple(find(doc, "Pyongyang")) == ("North Korea", "PRK", "GOV")
    assert find(doc, "Moscow").kind == "metonym"


def test_actors_country_name_and_adjective(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Russia said it would not sign the Ukrainian proposal.", "2023-01-01")
    assert triple(find(doc, "Russia")) == ("Russia", "RUS", "GOV")
    # a nationality adjective on a non-actor noun is not an actor of its own
    assert all(m.text != "Ukrainian" for m in doc._.actors)


def test_actors_agents_with_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Syrian rebels shelled the town, and Turkish police detained ten "
                        "people while Egypt's military stayed out.", "2016-03-03")
    assert triple(find(doc, "Syrian rebels"))[1:] == ("SYR", "REB")
    assert triple(find(doc, "Turkish police"))[1:] == ("TUR", "COP")
    assert triple(find(doc, "Egypt's military"))[1:] == ("EGY", "MIL")
    assert find(doc, "Syrian rebels").kind == "agent"


def test_actors_unknown_person_with_title_and_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Ukrainian Foreign Minister Oleh Tarasenko met the envoy on Friday.",
                   "2024-01-10")
    m = actor_at(doc, 3)
    assert m is not None and m.text == "Ukrainian Foreign Minister Oleh Tarasenko"
    assert triple(m) == ("Oleh Tarasenko", "UKR", "GOV")


def test_actors_title_and_name_is_one_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "U.S. President Donald Trump called Russian President Vladimir Putin.",
                   "2025-02-12")
    trump = find(doc, "U.S. President Donald Trump")
    putin = find(doc, "Russian President Vladimir Putin")
    assert triple(trump) == ("Donald Trump", "USA", "GOV")
    assert triple(putin) == ("Vladimir Putin", "RUS", "GOV")
    assert not any(m.text in ("U.S.", "President", "Russian") for m in doc._.actors)


def test_actors_spelling_variants(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Andrii Sybiha spoke with Sergey Lavrov by phone.", "2024-10-02")
    assert triple(find(doc, "Andrii Sybiha")) == ("Andrey Sibiga", "UKR", "GOV")
    assert triple(find(doc, "Sergey Lavrov")) == ("Sergei Lavrov", "RUS", "GOV")
    doc = annotate(nlp, "Dmytro Kuleba travelled to Brussels.", "2025-06-01")
    assert triple(find(doc, "Dmytro Kuleba")) == ("Dmytro Kuleba", "UKR", None)


def test_actors_surname_refers_back(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Armenian Prime Minister Vahe Sarkissian arrived in Baku. Sarkissian "
                        "later met the mediators.", "2024-04-04")
    m = find(doc, "Sarkissian")
    assert m.kind == "surname" and m.antecedent is not None
    assert triple(m) == ("Vahe Sarkissian", "ARM", "GOV")


def test_actors_pronouns_follow_gender_and_salience(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Angela Merkel met Emmanuel Macron in Berlin. She said the talks were "
                        "useful, and he agreed.", "2019-05-01")
    she = find(doc, "She")
    he = find(doc, "he")
    assert she.kind == "pronoun" and she.ref.name == "Angela Merkel"
    assert he.ref.name == "Emmanuel Macron"


def test_actors_it_and_they_for_states_and_groups(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Iran says it will keep the deal. Houthi rebels said they fired "
                        "missiles.", "2019-01-01")
    it = find(doc, "it")
    assert it.ref.name == "Iran" and it.antecedent is not None
    they = find(doc, "they")
    assert they.ref.country == "YEM" and they.ref.sector == "REB"


def test_actors_the_latter_and_the_former(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Xi Jinping hosted Narendra Modi. The latter praised the meeting, "
                        "while the former stayed silent.", "2019-10-12")
    assert find(doc, "The latter").ref.name == "Narendra Modi"
    assert find(doc, "the former").ref.name == "Xi Jinping"


def test_actors_the_president_refers_to_the_last_president(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "French President Emmanuel Macron met Olaf Scholz. The president said "
                        "Europe must act.", "2023-03-01")
    m = find(doc, "The president")
    assert m.kind == "anaphor" and m.ref.name == "Emmanuel Macron"


def test_actor_at_returns_none_outside_mentions(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Hamas fired rockets on Sunday.", "2021-05-10")
    assert actor_at(doc, 0) is not None and actor_at(doc, 0).ref.name == "Hamas"
    assert actor_at(doc, 3) is None


def test_actors_dictionary_is_cached_and_sized() -> None:
    d1 = load_dictionary()
    d2 = load_dictionary()
    assert d1 is d2
    assert len(d1.entries) > 20000
    assert "taliban" in d1.aliases
    taliban = d1.entries["TALIBAN"]
    assert taliban.role_at("2015-01-01")[1] == "REB"
    assert taliban.role_at("2022-01-01")[1] == "GOV"


def test_actors_bare_name_is_the_most_prominent_office_holder(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Kim told reporters that the talks would go ahead.", "2018-06-01")
    assert triple(find(doc, "Kim")) == ("Kim Jong Un", "PRK", "GOV")
    doc = annotate(nlp, "Mr. Xi welcomed the plan.", "2019-04-01")
    assert find(doc, "Xi").ref.name == "Xi Jinping"


def test_actors_the_country_refers_to_the_last_state(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Iran released the tanker, while the country's president said talks "
                        "were possible.", "2019-09-27")
    m = next(m for m in doc._.actors if m.text.endswith("president"))
    assert (m.ref.country, m.ref.sector) == ("IRN", "GOV")


def test_actors_spelling_variant_from_the_reference_data_is_one_person() -> None:
    d = load_dictionary()
    ids = {eid for key, cands in d.aliases.items() if "lavrov" in key for eid, _ in cands}
    assert ids == {"SERGEI_LAVROV"}


@pytest.mark.parametrize("text", ["", "   ", "’s ' -- ...", "he she they it the latter",
                                  "The the the president president.", "Putin " * 200])
def test_actors_odd_input_never_crashes(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, text, "not a date")
    assert isinstance(doc._.actors, list)
    for m in doc._.actors:
        assert 0 <= m.start < m.end <= len(doc)
        assert text[m.start_char:m.end_char] == m.text


def test_actors_agent_with_of_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "The army of Ukraine repelled the assault.", "2022-03-01")
    m = actor_at(doc, 1)
    assert m is not None and (m.ref.country, m.ref.sector) == ("UKR", "MIL")


def test_actors_definite_agent_takes_the_country_in_context(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Egypt's defence minister said the army would stay on the border.",
                   "2019-01-01")
    m = find(doc, "the army")
    assert (m.ref.country, m.ref.sector, m.kind) == ("EGY", "MIL", "agent")


def test_actors_group_named_by_its_proper_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Talks with the Zanu militia collapsed, and the FARC guerrilla group "
                        "walked out.", "2012-01-01")
    assert any(m.ref.name == "Zanu" and m.ref.sector == "REB" for m in doc._.actors)
    farc = next(m for m in doc._.actors if m.ref.name == "FARC")
    assert farc.text == "FARC guerrilla group" and farc.ref.sector == "REB"


def test_actors_common_word_is_not_a_surname(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Power was cut across the city on Monday.", "2014-01-01")
    assert all(m.ref.name != "Samantha Power" for m in doc._.actors)


@pytest.mark.parametrize("text", [
    "Foreign Minister Oleh Tarasenko of Ukraine said the talks were over.",
    "Ukraine's foreign minister, Oleh Tarasenko, said the talks were over.",
])
def test_actors_unknown_person_with_office_and_country(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, text, "2024-01-10")
    m = next(m for m in doc._.actors if "Tarasenko" in m.text)
    assert triple(m) == ("Oleh Tarasenko", "UKR", "GOV")


def test_actors_first_name_gives_gender_for_unknown_persons(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = annotate(nlp, "Maria Kovalenko met Pavel Dubrov in Vienna. She said the talks had "
                        "failed.", "2021-01-01")
    she = find(doc, "She")
    assert she.ref.name == "Maria Kovalenko"
