"""The parley_places component and place_for_event (issue 8): the founding article,
ambiguous names resolved by context, datelines, clause places, and metonyms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parley.nlp.geo import find_dateline, place_for_event
from parley.pipeline import extract
from parley.records import Event, Place

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed.txt"


def places(nlp: Any, text: str) -> list[tuple[str, str, str | None, str | None, str]]:
    doc = nlp(text)
    return [(m.text, m.place.name, m.place.country, m.place.feature_code, m.role)
            for m in doc._.places]


def resolved(nlp: Any, text: str, mention: str) -> Place:
    doc = nlp(text)
    found = [m.place for m in doc._.places if m.text == mention]
    assert found, f"{mention!r} not found in {[m.text for m in doc._.places]}"
    return found[0]


def event_place(nlp: Any, text: str, trigger: str) -> Place | None:
    doc = nlp(text)
    start = text.index(trigger)
    ev = Event(type="CONSULT", trigger_span=(start, start + len(trigger)))
    return place_for_event(doc, ev)


# --- 1. the founding article ------------------------------------------------------------------

def test_places_seed_events_get_no_invented_location(nlp: Any) -> None:
    events = extract(SEED.read_text("utf-8"), published="2025-01-23", nlp=nlp)
    assert events, "the seed has events"
    assert [ev.place for ev in events if ev.place is not None] == []


@pytest.mark.parametrize(("mention", "region"), [
    ("Donetsk", "Donetsk"), ("Lugansk", "Luhansk"), ("Kherson", "Kherson"),
    ("Zaporozhye", "Zaporizhia"),
])
def test_places_seed_regions_resolve_to_ukraines_oblasts(nlp: Any, mention: str,
                                                         region: str) -> None:
    place = resolved(nlp, SEED.read_text("utf-8"), mention)
    assert (place.name, place.country, place.feature_class, place.feature_code) == \
        (region, "UKR", "A", "ADM1")
    assert place.lat is not None and place.lon is not None


# --- 3. ambiguous names, by context -----------------------------------------------------------

@pytest.mark.parametrize(("text", "mention", "country", "code"), [
    # Georgia: the country by default and with Tbilisi; the US state with Atlanta or "state"
    ("Georgia's ruling party held a rally in Tbilisi on Sunday.", "Georgia", "GEO", "PCLI"),
    ("Russia accused Georgia of provoking tensions.", "Georgia", "GEO", "PCLI"),
    ("Voters in Georgia lined up for hours in Atlanta on Tuesday.", "Georgia", "USA", "ADM1"),
    ("The governor of the state of Georgia signed the bill.", "Georgia", "USA", "ADM1"),
    # Paris: France unless Texas is beside it (and then every Paris of the article)
    ("Macron hosted the summit in Paris.", "Paris", "FRA", "PPLC"),
    ("Storms hit Paris, Texas, on Monday.", "Paris", "USA", "PPL"),
    # Tripoli: Libya unless the article is about Lebanon
    ("Militias clashed in Tripoli overnight.", "Tripoli", "LBY", "PPLC"),
    ("Clashes erupted in Tripoli overnight. The Lebanese army deployed near Beirut.",
     "Tripoli", "LBN", "PPL"),
    ("Gunmen opened fire in Tripoli, Lebanon, on Friday.", "Tripoli", "LBN", "PPL"),
    # Kherson: the city, unless a region noun says the oblast
    ("A drone hit a bus in the city of Kherson.", "Kherson", "UKR", "PPL"),
    ("Shelling continued in the Kherson region.", "Kherson", "UKR", "ADM1"),
    ("Russia claims the Kherson and Zaporizhzhia regions.", "Kherson", "UKR", "ADM1"),
])
def test_places_ambiguous_names_resolved_by_context(nlp: Any, text: str, mention: str,
                                                    country: str, code: str) -> None:
    place = resolved(nlp, text, mention)
    assert (place.country, place.feature_code) == (country, code)


def test_places_same_name_same_place_within_an_article(nlp: Any) -> None:
    text = "Tornadoes tore through Paris, Texas. Rescuers searched homes in Paris on Tuesday."
    doc = nlp(text)
    assert {m.place.country for m in doc._.places if m.text == "Paris"} == {"USA"}


# --- datelines --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("KABUL (Reuters) - The Taliban said ...", "KABUL"),
    ("MOSCOW \u2014 The Kremlin said ...", "MOSCOW"),
    ("KYIV, Ukraine (AP) \u2014 Officials said ...", "KYIV"),
    ("WASHINGTON, Jan 23 (Reuters) - The White House said ...", "WASHINGTON"),
    ("Talks stall\nGENEVA (AFP) - Negotiators left ...", "GENEVA"),
])
def test_places_dateline_found(text: str, place: str) -> None:
    found = find_dateline(text)
    assert found is not None and found[2] == place


@pytest.mark.parametrize("text", [
    "Russia - Ukraine talks stall as winter nears",
    "Zelensky Open to Peace Talks with Putin, Seeks Security Guarantees from Trump\nUkrainian ...",
    "The talks in Geneva - which began on Monday - ended.",
])
def test_places_no_dateline_in_ordinary_lines(text: str) -> None:
    assert find_dateline(text) is None


def test_places_dateline_region_disambiguates(nlp: Any) -> None:
    place = resolved(nlp, "PARIS, Texas (AP) \u2014 The mayor declared an emergency.", "PARIS")
    assert (place.name, place.country, place.admin1) == ("Paris", "USA", "Texas")


# --- where an event happened ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Israeli and Hamas negotiators resumed talks in Doha on Tuesday.", "talks", "Doha"),
    ("Russian drones launched strikes on Kharkiv overnight.", "strikes", "Kharkiv"),
    ("Russian forces shelled Kherson on Sunday.", "shelled", "Kherson"),
    ("European leaders traveled to Kyiv on Monday.", "traveled", "Kyiv"),
    ("Ukrainian troops withdrew from the city of Kherson.", "withdrew", "Kherson"),
    ("The Doha talks ended without a deal.", "talks", "Doha"),
    # the clause's place beats the dateline
    ("KYIV (Reuters) - Ministers met in Brussels on Monday.", "met", "Brussels"),
    # the dateline when the clause has no place
    ("KYIV (Reuters) - Ukraine accused Russia of war crimes.", "accused", "Kyiv"),
    # the most specific place of the clause
    ("Fighting raged in the Donetsk region of Ukraine.", "Fighting", "Donetsk"),
    ("Officials met in Doha, Qatar.", "met", "Doha"),
])
def test_places_event_gets_its_clause_place_else_dateline(nlp: Any, text: str, trigger: str,
                                                         expected: str) -> None:
    place = event_place(nlp, text, trigger)
    assert place is not None and place.name == expected


@pytest.mark.parametrize(("text", "trigger"), [
    ("Moscow said it would respond to new sanctions.", "respond"),  # a metonym is an actor
    ("Kyiv rejected the Kremlin's proposal.", "rejected"),
    ("Beijing warned Washington against arms sales to Taiwan.", "warned"),
    ("Tehran rejected negotiations with Washington.", "rejected"),
    ("Putin criticized the annexation of Crimea by Russia.", "criticized"),
    # a place in another clause is not this event's
    ("Protesters clashed in Tbilisi after the party suspended talks.", "suspended"),
    ("Washington announced deals to halt strikes in the Black Sea.", "announced"),
])
def test_places_no_place_for_metonyms_and_other_clauses(nlp: Any, text: str,
                                                        trigger: str) -> None:
    assert event_place(nlp, text, trigger) is None


def test_places_metonym_mentions_are_marked_actors(nlp: Any) -> None:
    roles = {m[0]: m[4] for m in places(nlp, "Moscow said talks would be held in Riyadh.")}
    assert roles == {"Moscow": "actor", "Riyadh": "locative"}


def test_places_extract_sets_event_place(nlp: Any) -> None:
    events = extract("Russian President Vladimir Putin met Chinese President Xi Jinping in "
                     "Beijing on Tuesday.", published="2025-05-08", nlp=nlp)
    located = [ev.place for ev in events if ev.place is not None]
    assert located and located[0].name == "Beijing" and located[0].country == "CHN"
    assert located[0].lat is not None and located[0].mention == "Beijing"


def test_places_component_is_in_the_pipeline_after_actors(nlp: Any) -> None:
    names = nlp.pipe_names
    assert "parley_places" in names
    assert names.index("parley_places") > names.index("parley_actors")


def test_places_doc_without_component_is_annotated_on_demand(nlp: Any) -> None:
    doc = nlp("Officials met in Geneva.")
    doc._.places = None
    ev = Event(type="CONSULT", trigger_span=(10, 13))
    place = place_for_event(doc, ev)
    assert place is not None and place.country == "CHE"
