"""The negotiation map of the founding article (issue 5, checks 1 and 2).

The events are what extraction should produce for ``examples/seed.txt`` (hand-written fixture),
and, where the reference data is present, the gold events of ``seed.gold.jsonl``; both must give
the map of ``seed.map.json`` field by field, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parley.analysis import diff_maps, negotiation_map
from parley.errors import InputError
from parley.records import ActorRef, Article, Blocker, Condition, Event

# An analyst's reading of the founding article, as of its publication (2025-01-23).
EXPECTED: dict[str, Any] = {
    "as_of": "2025-01-23",
    "stances": [
        {"actor": "Volodymyr Zelensky", "toward": "Vladimir Putin", "stance": "conditional",
         "conditions": ["receiving security guarantees from U.S. President Donald Trump"],
         "date": "2025-01-23", "reported_by": "Bloomberg",
         "previous": {"stance": "refuses", "date": "2022"}},
        {"actor": "Vladimir Putin", "toward": "Volodymyr Zelensky", "stance": "conditional",
         "conditions": ["the latter were to hold an election and secure a victory"],
         "date": None},
        {"actor": "Donald Trump", "toward": "Vladimir Putin", "stance": "willing",
         "conditions": [], "date": "2025-01-21"},
        {"actor": "Vladimir Putin", "toward": "Donald Trump", "stance": "conditional",
         "conditions": ["on an equal and mutually respectful basis"], "date": None},
    ],
    "blockers": [
        {"actor": "Volodymyr Zelensky", "toward": "Vladimir Putin",
         "text": "a decree prohibiting himself from negotiating with Putin", "since": "2022",
         "in_effect": True, "confirmed_by": "Andrey Sibiga", "confirmed": "2025-01"},
    ],
    "talks": [
        {"between": ["Donald Trump", "Volodymyr Zelensky"], "status": "ongoing",
         "date": "2025-01-21"},
    ],
}


def _stances(m: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(s["actor"], s["toward"]): s for s in m["stances"]}


def test_map_seed_fixture_gives_the_analyst_map(seed_records) -> None:
    events, articles = seed_records
    got = negotiation_map(events, articles).model_dump(mode="json")
    assert diff_maps(EXPECTED, got) == []
    stances = _stances(got)
    assert set(stances) == {
        ("Volodymyr Zelensky", "Vladimir Putin"), ("Vladimir Putin", "Volodymyr Zelensky"),
        ("Donald Trump", "Vladimir Putin"), ("Vladimir Putin", "Donald Trump"),
    }
    zp = stances[("Volodymyr Zelensky", "Vladimir Putin")]
    assert zp["previous"] == {"stance": "refuses", "date": "2022"}
    assert zp["reported_by"] == "Bloomberg"
    assert "s-willingness" in zp["evidence"] and "s-decree" not in zp["evidence"]
    assert got["blockers"][0]["evidence"] == ["s-decree"]
    assert got["talks"][0]["evidence"] == ["s-trump-zelensky-ongoing"]


def test_map_seed_json_has_the_documented_shape(seed_records) -> None:
    events, articles = seed_records
    got = negotiation_map(events, articles).model_dump(mode="json")
    assert set(got) == {"as_of", "stances", "blockers", "talks", "same_side"}
    assert set(got["stances"][0]) == {"actor", "toward", "stance", "conditions", "date",
                                      "reported_by", "previous", "evidence"}
    assert set(got["blockers"][0]) == {"actor", "toward", "text", "since", "in_effect",
                                       "confirmed_by", "confirmed", "lifted", "evidence"}
    assert set(got["talks"][0]) == {"between", "status", "date", "previous", "evidence"}
    json.dumps(got)  # serialisable as is


def test_map_seed_folds_moscow_into_putin_without_inventing(seed_records) -> None:
    events, articles = seed_records
    got = negotiation_map(events, articles).model_dump(mode="json")
    stances = _stances(got)
    # Trump's willingness toward Moscow is his stance toward Putin...
    assert "s-channels" in stances[("Donald Trump", "Vladimir Putin")]["evidence"]
    # ...and creates nothing in the other direction, nor a party called Russia.
    assert "s-channels" not in stances[("Vladimir Putin", "Donald Trump")]["evidence"]
    assert not any("Russia" in key for key in stances)
    assert got["same_side"]["Vladimir Putin"] == ["Russia"]
    # "Putin" without a dictionary id is the same party as Vladimir Putin.
    assert "s-equal-basis" in stances[("Vladimir Putin", "Donald Trump")]["evidence"]


def test_map_seed_as_of_2023_shows_only_the_decree(seed_records) -> None:
    events, articles = seed_records
    got = negotiation_map(events, articles, as_of="2023-01-01").model_dump(mode="json")
    assert got["as_of"] == "2023-01-01"
    assert [(s["actor"], s["toward"], s["stance"], s["date"]) for s in got["stances"]] == [
        ("Volodymyr Zelensky", "Vladimir Putin", "refuses", "2022")]
    assert got["stances"][0]["previous"] is None
    [blocker] = got["blockers"]
    assert blocker["in_effect"] is True and blocker["since"] == "2022"
    # Sibiga's confirmation (2025-01) is not known yet in 2023.
    assert blocker["confirmed_by"] is None and blocker["confirmed"] is None
    assert got["talks"] == []
    assert not any((s["date"] or "").startswith("2025") for s in got["stances"])


def test_map_seed_actor_filter(seed_records) -> None:
    events, articles = seed_records
    got = negotiation_map(events, articles, actor="Trump")
    assert {(s.actor, s.toward) for s in got.stances} == {
        ("Donald Trump", "Vladimir Putin"), ("Vladimir Putin", "Donald Trump")}
    assert got.blockers == []
    assert [t.between for t in got.talks] == [["Donald Trump", "Volodymyr Zelensky"]]
    # a state folded into its leader selects the leader's entries
    by_state = negotiation_map(events, articles, actor="Russia")
    assert {s.actor for s in by_state.stances} | {s.toward for s in by_state.stances} >= {
        "Vladimir Putin"}
    with pytest.raises(InputError, match="Nobody"):
        negotiation_map(events, articles, actor="Nobody")
    # a party not yet on the map at that date is an empty map, not an error
    early = negotiation_map(events, articles, as_of="2023-01-01", actor="Trump")
    assert (early.stances, early.blockers, early.talks) == ([], [], [])


# --- the reference data --------------------------------------------------------------------

SEED_STATES = {"Russia", "Ukraine", "United States"}


def _ref(raw: dict[str, Any] | None) -> ActorRef | None:
    if raw is None:
        return None
    # extraction gives dictionary ids; a state's id is its ISO code
    return ActorRef(**raw, id=raw["country"] if raw["name"] in SEED_STATES else None)


def gold_events(path: Path) -> tuple[list[Event], list[Article]]:
    """The gold events of seed.gold.jsonl as Event records. The gold format has no blocker
    field; the extraction contract sets one on a standing act, so the REJECT that enacts the
    2022 decree gets the blocker the passage states (in effect, confirmed by Sibiga earlier this
    month: 2025-01)."""
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        passage = json.loads(line)
        for k, e in enumerate(passage["events"]):
            ev = Event(
                id=f"{passage['id']}-{k}", article_id=passage["article_id"], type=e["type"],
                cameo=e.get("cameo"), source=_ref(e["source"]), target=_ref(e["target"]),
                modality=e["modality"], negated=e["negated"], trigger=e["trigger"],
                conditions=[Condition(**c) for c in e["conditions"]],
                said_by=_ref(e["said_by"]), reported_by=e["reported_by"], date=e["date"],
            )
            if "decree" in ev.trigger:
                ev.blocker = Blocker(
                    text=ev.trigger.removeprefix("enacted "), since=ev.date, in_effect=True,
                    confirmed_by=ActorRef(name="Andrey Sibiga", country="UKR", sector="GOV"),
                    confirmed="2025-01",
                )
            events.append(ev)
    article = Article(id="seed", text=(path.parent / "seed.txt").read_text(encoding="utf-8"),
                      published="2025-01-23")
    return events, [article]


def test_map_seed_gold_events_give_seed_map(shared_data: Path) -> None:
    expected = json.loads((shared_data / "seed" / "seed.map.json").read_text(encoding="utf-8"))
    events, articles = gold_events(shared_data / "seed" / "seed.gold.jsonl")
    got = negotiation_map(events, articles).model_dump(mode="json")
    assert diff_maps(expected, got) == []


def test_map_seed_fixture_gives_seed_map(shared_data: Path, seed_records) -> None:
    expected = json.loads((shared_data / "seed" / "seed.map.json").read_text(encoding="utf-8"))
    events, articles = seed_records
    assert diff_maps(expected, negotiation_map(events, articles).model_dump(mode="json")) == []


def test_map_seed_gold_as_of_2023(shared_data: Path) -> None:
    events, articles = gold_events(shared_data / "seed" / "seed.gold.jsonl")
    got = negotiation_map(events, articles, as_of="2023-01-01")
    assert [(s.actor, s.toward, s.stance) for s in got.stances] == [
        ("Volodymyr Zelensky", "Vladimir Putin", "refuses")]
    assert [b.in_effect for b in got.blockers] == [True]
    assert got.talks == []
