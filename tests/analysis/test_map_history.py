"""The map over several articles (issue 5, check 3): a stance replaced by a newer one, a blocker
lifted, talks moving from proposed to held, and the shifts, on the hand-written Veloria/Marosh
reports (tests/fixtures/analysis/veloria_marosh.json)."""

from __future__ import annotations

import pytest

from parley.analysis import negotiation_map, shifts
from parley.analysis.model import NegotiationMap, Stance
from parley.errors import InputError


def _stance(m: NegotiationMap, actor: str, toward: str) -> Stance:
    [found] = [s for s in m.stances if (s.actor, s.toward) == (actor, toward)]
    return found


def test_map_history_newer_unconditional_offer_replaces_conditional(vm_records) -> None:
    events, articles = vm_records
    march = negotiation_map(events, articles, as_of="2024-03-31")
    orlov = _stance(march, "Tomas Orlov", "Ilse Brandt")
    assert (orlov.stance, orlov.date) == ("conditional", "2024-03-02")
    assert orlov.conditions == ["Veloria withdraws its troops from the border"]

    july = negotiation_map(events, articles, as_of="2024-07-01")
    orlov = _stance(july, "Tomas Orlov", "Ilse Brandt")
    assert (orlov.stance, orlov.date, orlov.conditions) == ("willing", "2024-06-10", [])
    assert orlov.previous is not None
    assert (orlov.previous.stance, orlov.previous.date) == ("conditional", "2024-03-02")
    assert orlov.evidence == ["vm-2-orlov-ready"]


def test_map_history_blocker_in_force_until_lifted(vm_records) -> None:
    events, articles = vm_records
    july = negotiation_map(events, articles, as_of="2024-07-01")
    [law] = july.blockers
    assert (law.actor, law.toward, law.since, law.in_effect, law.lifted) == (
        "Ilse Brandt", "Tomas Orlov", "2024-03-01", True, None)
    assert _stance(july, "Ilse Brandt", "Tomas Orlov").stance == "refuses"

    # the day the law was revoked
    lifted = negotiation_map(events, articles, as_of="2024-09-13")
    [law] = lifted.blockers
    assert (law.in_effect, law.lifted) == (False, "2024-09-13")
    assert "vm-3-revoked" in law.evidence
    # a refusal that rested only on the revoked law is no longer a stance
    assert not [s for s in lifted.stances if s.actor == "Ilse Brandt"]


def test_map_history_state_statement_becomes_leader_stance(vm_records) -> None:
    events, articles = vm_records
    m = negotiation_map(events, articles)
    brandt = _stance(m, "Ilse Brandt", "Tomas Orlov")
    # "Veloria is willing to talk with Marosh" in an article where Brandt and Orlov lead them
    assert (brandt.stance, brandt.date, brandt.evidence) == ("willing", None, ["vm-3-willing"])
    assert brandt.previous is not None and brandt.previous.stance == "refuses"
    assert m.same_side == {"Ilse Brandt": ["Veloria"], "Tomas Orlov": ["Marosh"]}
    assert {s.actor for s in m.stances} == {"Ilse Brandt", "Tomas Orlov"}


def test_map_history_talks_move_from_proposed_to_held(vm_records) -> None:
    events, articles = vm_records
    assert negotiation_map(events, articles, as_of="2024-06-01").talks == []
    [planned] = negotiation_map(events, articles, as_of="2024-07-01").talks
    assert (planned.between, planned.status, planned.date) == (
        ["Ilse Brandt", "Tomas Orlov"], "proposed", None)
    [met] = negotiation_map(events, articles).talks
    assert (met.status, met.date, met.evidence) == ("held", "2024-10-05", ["vm-4-met"])
    assert met.previous is not None and met.previous.status == "proposed"


def test_shifts_listed_in_order_with_evidence(vm_records) -> None:
    events, articles = vm_records
    found = shifts(events, articles)
    assert [(s.actor, s.toward, s.before.stance, s.after.stance, s.at) for s in found] == [
        ("Tomas Orlov", "Ilse Brandt", "conditional", "willing", "2024-06-10"),
        ("Ilse Brandt", "Tomas Orlov", "refuses", "willing", "2024-09-16"),
    ]
    orlov = found[0]
    assert orlov.before.evidence == ["vm-1-orlov-if"]
    assert orlov.after.evidence == ["vm-2-orlov-ready"]
    assert orlov.before.conditions == ["Veloria withdraws its troops from the border"]
    assert orlov.before.date == "2024-03-02" and orlov.after.date == "2024-06-10"


def test_shifts_filters_by_actor_and_since(vm_records) -> None:
    events, articles = vm_records
    assert [s.actor for s in shifts(events, articles, actor="Brandt")] == ["Ilse Brandt"]
    # a state name selects its leader's shifts
    assert [s.actor for s in shifts(events, articles, actor="Marosh")] == ["Tomas Orlov"]
    assert [s.actor for s in shifts(events, articles, since="2024-07-01")] == ["Ilse Brandt"]
    assert shifts(events, articles, since="2025-01-01") == []
    with pytest.raises(InputError):
        shifts(events, articles, since="someday")
    with pytest.raises(InputError):
        shifts(events, articles, actor="Nobody")


def test_shifts_seed_zelensky_refuses_then_conditional(seed_records) -> None:
    events, articles = seed_records
    found = shifts(events, articles)
    assert [(s.actor, s.toward, s.before.stance, s.before.date, s.after.stance, s.after.date)
            for s in found] == [
        ("Volodymyr Zelensky", "Vladimir Putin", "refuses", "2022", "conditional", "2025-01-23")]
    assert found[0].before.evidence == ["s-decree"]
    assert found[0].after.reported_by == "Bloomberg"


def test_map_history_ingesting_more_updates_the_map(vm_records) -> None:
    events, articles = vm_records
    first = [e for e in events if e.article_id in ("vm-1", "vm-2")]
    early = negotiation_map(first, articles[:2])
    assert early.as_of == "2024-06-10"
    assert _stance(early, "Ilse Brandt", "Tomas Orlov").stance == "refuses"
    late = negotiation_map(events, articles)
    assert late.as_of == "2024-10-07"
    assert _stance(late, "Ilse Brandt", "Tomas Orlov").stance == "willing"
