"""The passages scorer on hand-made cases with answers computed by hand (no model needed)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from parley.evaluate.passages import (
    METRIC_KEYS,
    actor_match,
    condition_match,
    match_events,
    score,
    token_overlap,
)
from parley.records import ActorRef, Condition, Event

ZEL = {"name": "Volodymyr Zelensky", "country": "UKR", "sector": "GOV"}
PUT = {"name": "Vladimir Putin", "country": "RUS", "sector": "GOV"}
TRU = {"name": "Donald Trump", "country": "USA", "sector": "GOV"}


def ev(type_: str, source: dict[str, Any] | None, target: dict[str, Any] | None,
       **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"source": source, "target": target, "type": type_,
                           "modality": "asserted", "negated": False, "trigger": "",
                           "conditions": [], "said_by": None, "reported_by": None, "date": None}
    out.update(kw)
    return out


def passage(pid: str, text: str, *events: dict[str, Any]) -> dict[str, Any]:
    return {"id": pid, "text": text, "published": "2025-01-23", "events": list(events)}


COND = "receiving security guarantees from U.S. President Donald Trump"  # 8 tokens
GOLD = [
    passage(
        "p1",
        "Zelensky is willing to negotiate with Putin, contingent upon receiving security "
        "guarantees from U.S. President Donald Trump. He seeks guarantees from Trump.",
        ev("AGREE", ZEL, PUT, modality="intended", trigger="willing to negotiate",
           conditions=[{"text": COND, "kind": "precondition"}], said_by=ZEL,
           reported_by="Bloomberg", date="2025-01-23"),
        ev("REQUEST", ZEL, TRU, trigger="seeks guarantees"),
    ),
    passage(
        "p2",
        "On Tuesday, Trump met Putin.",
        ev("CONSULT", TRU, PUT, trigger="met", date="2025-01-21"),
    ),
]


def test_perfect_output_scores_one() -> None:
    result = score(GOLD, [p["events"] for p in copy.deepcopy(GOLD)])
    assert set(result.metrics) == set(METRIC_KEYS)
    assert all(v == 1.0 for v in result.metrics.values()), result.metrics
    assert result.errors == []
    assert result.items == 2


def test_empty_output_scores_zero() -> None:
    result = score(GOLD, [[], []])
    assert all(v == 0.0 for v in result.metrics.values()), result.metrics
    assert [e["kind"] for e in result.errors] == ["missed", "missed", "missed"]


def test_known_mixture_exact_values() -> None:
    preds = [
        [  # AGREE matched (surname only, wrong modality, 2 conditions: one matches at 4/8)
            ev("AGREE", {"name": "Zelensky"}, {"name": "Putin"}, modality="asserted",
               trigger="willing to negotiate",
               conditions=[{"text": "security guarantees from Trump", "kind": "precondition"},
                           {"text": "an election", "kind": "precondition"}],
               said_by={"name": "Zelensky"}, reported_by="bloomberg ", date="2025-01-23"),
        ],
        [  # CONSULT matched with a wrong date; a spurious ACCUSE
            ev("CONSULT", TRU, PUT, trigger="met", date="2025-01-23"),
            ev("ACCUSE", PUT, TRU, trigger="On Tuesday"),
        ],
    ]
    m = score(GOLD, preds).metrics
    # 3 gold, 3 predicted, 2 matched
    assert m["event_precision"] == pytest.approx(2 / 3)
    assert m["event_recall"] == pytest.approx(2 / 3)
    assert m["event_f1"] == pytest.approx(2 / 3)
    # AGREE and CONSULT found by trigger with the right type; REQUEST has no overlapping trigger
    assert m["type_accuracy"] == pytest.approx(2 / 3)
    assert m["modality_accuracy"] == pytest.approx(1 / 2)
    assert m["negation_accuracy"] == 1.0
    assert m["said_by_accuracy"] == 1.0  # Zelensky ~ Volodymyr Zelensky; null == null
    assert m["reported_by_accuracy"] == 1.0  # case and space ignored; null == null
    assert m["date_accuracy"] == pytest.approx(1 / 2)
    # conditions on matched pairs: 1 of 2 predicted, 1 of 1 gold
    assert m["condition_precision"] == pytest.approx(1 / 2)
    assert m["condition_recall"] == 1.0
    assert m["condition_f1"] == pytest.approx(2 / 3)


def test_errors_name_passage_and_field() -> None:
    preds: list[list[dict[str, Any]]] = [[], [ev("CONSULT", TRU, PUT, trigger="met", date=None)]]
    errors = score(GOLD, preds).errors
    kinds = sorted((e["kind"], e.get("field")) for e in errors)
    assert kinds == [("missed", None), ("missed", None), ("wrong", "date")]
    wrong = next(e for e in errors if e["kind"] == "wrong")
    assert wrong["item"] == "p2" and wrong["text"] == "On Tuesday, Trump met Putin."
    assert wrong["gold"] == "2025-01-21" and wrong["predicted"] is None


def test_event_records_are_accepted_as_predictions() -> None:
    g = passage("p", "Trump met Putin.", ev("CONSULT", TRU, PUT, trigger="met",
                                            conditions=[{"text": "if asked", "kind": "precondition"}]))
    pred = Event(type="CONSULT", source=ActorRef(name="Trump", country="USA", sector="GOV"),
                 target=ActorRef(name="Putin"), trigger="met",
                 conditions=[Condition(text="if asked", kind="precondition")])
    m = score([g], [[pred]]).metrics
    assert m["event_f1"] == 1.0 and m["condition_f1"] == 1.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"name": "Vladimir Putin"}, {"name": "putin"}, True),  # surname, case
        ({"name": "Vladimir Putin"}, {"name": "Vladimir Putin's"}, False),  # "putins" != "putin"
        ({"name": "U.S."}, {"name": "us"}, True),  # punctuation stripped
        ({"name": "Vladimir Putin"}, {"name": "Vladimir Zelensky"}, False),  # first name only
        ({"name": "United States", "country": "USA", "sector": "GOV"},
         {"name": "Washington", "country": "USA", "sector": "GOV"}, True),  # country+sector
        ({"name": "United States", "country": "USA", "sector": "GOV"},
         {"name": "Pentagon", "country": "USA", "sector": "MIL"}, False),  # sector differs
        ({"name": "United Nations", "country": None, "sector": "IGO"},
         {"name": "NATO", "country": None, "sector": "IGO"}, False),  # country not given
        ({"name": "Russia", "country": "RUS"}, {"name": "Kremlin", "country": "RUS"}, False),
        (None, None, True),  # two null actors
        (None, {"name": "Russia"}, False),
        ({"name": "Russia"}, None, False),
    ],
)
def test_actor_match_rule(a: dict[str, Any] | None, b: dict[str, Any] | None,
                          expected: bool) -> None:
    assert actor_match(a, b) is expected
    assert actor_match(b, a) is expected


def test_null_targets_match_but_null_and_actor_do_not() -> None:
    g = passage("p", "Iran said it would stick to the deal.",
                ev("AGREE", {"name": "Iran"}, None, trigger="stick to the deal"))
    assert score([g], [[ev("AGREE", {"name": "Iran"}, None)]]).metrics["event_f1"] == 1.0
    assert score([g], [[ev("AGREE", {"name": "Iran"}, TRU)]]).metrics["event_f1"] == 0.0


def test_type_must_be_equal_to_match() -> None:
    g = passage("p", "Trump met Putin.", ev("CONSULT", TRU, PUT, trigger="met"))
    m = score([g], [[ev("AGREE", TRU, PUT, trigger="met")]]).metrics
    assert m["event_f1"] == 0.0 and m["type_accuracy"] == 0.0


def test_type_accuracy_ignores_actors() -> None:
    g = passage("p", "Trump met Putin.", ev("CONSULT", TRU, PUT, trigger="met"))
    m = score([g], [[ev("CONSULT", ZEL, None, trigger="met")]]).metrics
    assert m["event_f1"] == 0.0  # wrong actors: no event match
    assert m["type_accuracy"] == 1.0  # but the type of the trigger is right


def test_type_accuracy_uses_best_overlapping_trigger() -> None:
    g = passage("p", "Trump met Putin and criticized him.",
                ev("ACCUSE", TRU, PUT, trigger="criticized him"))
    preds = [ev("CONSULT", TRU, PUT, trigger="met Putin"),
             ev("ACCUSE", TRU, PUT, trigger="criticized")]
    assert score([g], [preds]).metrics["type_accuracy"] == 1.0
    preds = [ev("CONSULT", TRU, PUT, trigger="criticized him"),
             ev("ACCUSE", TRU, PUT, trigger="criticized Putin and")]
    assert score([g], [preds]).metrics["type_accuracy"] == 0.0


def test_type_accuracy_falls_back_to_evidence_span() -> None:
    text = "Trump met Putin."
    g = passage("p", text, ev("CONSULT", TRU, PUT, trigger="met"))
    pred = ev("CONSULT", TRU, None, trigger="", span=[0, len(text)])
    assert score([g], [[pred]]).metrics["type_accuracy"] == 1.0


def test_each_gold_event_matched_once_by_a_maximum_matching() -> None:
    russia = {"name": "Russia", "country": "RUS", "sector": "GOV"}
    gold = [ev("AGREE", TRU, russia), ev("AGREE", TRU, PUT)]
    # p0 can match both gold events (Putin: surname with g1, RUS/GOV with g0);
    # p1 ("Russia", no country) only g0. A greedy pass taking p0 -> g0 would find 1 pair.
    preds = [ev("AGREE", TRU, {"name": "Putin", "country": "RUS", "sector": "GOV"}),
             ev("AGREE", TRU, {"name": "Russia"})]
    assert sorted(match_events(gold, preds)) == [(0, 1), (1, 0)]
    # two identical predictions for one gold event: one match, one spurious
    m = score([passage("p", "x", gold[1])], [[gold[1], gold[1]]]).metrics
    assert m["event_precision"] == 0.5 and m["event_recall"] == 1.0


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        ("security guarantees from Trump", True),  # 4 of 8 gold tokens: exactly half
        ("security guarantees from", False),  # 3 of 8
        ("Receiving security guarantees from U.S. President Donald Trump.", True),
        ("", False),
    ],
)
def test_condition_half_overlap_boundary(pred: str, expected: bool) -> None:
    assert condition_match(COND, pred) is expected


def test_token_overlap_counts_repeated_tokens_once_each() -> None:
    # gold "the talks the" has 3 tokens; pred "the" covers one of them
    assert token_overlap("the talks the", "the") == pytest.approx(1 / 3)
    assert token_overlap("the talks the", "the the") == pytest.approx(2 / 3)


def test_conditions_matched_one_to_one() -> None:
    g = passage("p", "x", ev("AGREE", TRU, PUT, conditions=[
        {"text": "an election is held", "kind": "precondition"},
        {"text": "troops withdraw", "kind": "precondition"}]))
    pred = ev("AGREE", TRU, PUT, conditions=[
        {"text": "an election is held", "kind": "precondition"},
        {"text": "an election is held", "kind": "precondition"}])
    m = score([g], [[pred]]).metrics
    assert m["condition_precision"] == 0.5 and m["condition_recall"] == 0.5


def test_no_conditions_on_either_side_is_perfect() -> None:
    g = passage("p", "Trump met Putin.", ev("CONSULT", TRU, PUT))
    m = score([g], [[ev("CONSULT", TRU, PUT)]]).metrics
    assert m["condition_precision"] == m["condition_recall"] == m["condition_f1"] == 1.0


def test_said_by_and_reported_by_rules() -> None:
    g = passage("p", "x", ev("CONSULT", TRU, PUT, said_by=PUT, reported_by="Reuters"))
    m = score([g], [[ev("CONSULT", TRU, PUT, said_by={"name": "Putin"},
                        reported_by="REUTERS")]]).metrics
    assert m["said_by_accuracy"] == 1.0 and m["reported_by_accuracy"] == 1.0
    m = score([g], [[ev("CONSULT", TRU, PUT, said_by=None, reported_by="AP")]]).metrics
    assert m["said_by_accuracy"] == 0.0 and m["reported_by_accuracy"] == 0.0


def test_prediction_count_must_match_gold() -> None:
    with pytest.raises(ValueError, match="2 gold passages but 1"):
        score(GOLD, [[]])
