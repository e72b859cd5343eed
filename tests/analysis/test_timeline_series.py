"""Actor and dyad timelines with the weekly cooperation/conflict series."""

from __future__ import annotations

import pytest

from parley.analysis import timeline
from parley.errors import InputError
from parley.records import ActorRef, Article, Event

A = ActorRef(name="Ana Alves", country="AAA", sector="GOV", id="ANA_ALVES")
B = ActorRef(name="Bo Berg", country="BBB", sector="GOV", id="BO_BERG")
C = ActorRef(name="Cy Cole", country="CCC", sector="GOV", id="CY_COLE")
ARTS = [Article(id="a1", text="x", published="2024-01-10"),
        Article(id="a2", text="y", published="2024-01-24")]


def _events() -> list[Event]:
    return [
        # week of Monday 2024-01-08
        Event(id="e1", article_id="a1", type="AGREE", cameo="036", source=A, target=B,
              date="2024-01-08"),
        Event(id="e2", article_id="a1", type="ASSAULT", cameo="190", goldstein=-10.0, quad=4,
              source=B, target=A),  # undated: its article's date, same week
        Event(id="e3", article_id="a1", type="CONSULT", cameo="040", source=A, target=C,
              date="2024-01-09"),
        # coarse date: listed, not in the series
        Event(id="e4", article_id="a1", type="REJECT", cameo="125", source=A, target=B,
              date="2023"),
        # two weeks later
        Event(id="e5", article_id="a2", type="CONSULT", cameo="044", source=B, target=A,
              date="2024-01-22"),
        Event(id="e6", article_id="a2", type="CONSULT", cameo="044", source=B, target=A,
              negated=True, trigger="did not meet"),
    ]


def test_timeline_dyad_events_in_order_and_weekly_series() -> None:
    t = timeline(_events(), "Alves", "Berg", articles=ARTS)
    assert (t.actor, t.other) == ("Ana Alves", "Bo Berg")
    assert [e.id for e in t.events] == ["e4", "e1", "e2", "e5", "e6"]
    assert t.events[2].effective == "2024-01-10" and t.events[2].date is None
    assert [w.week for w in t.weeks] == ["2024-01-08", "2024-01-15", "2024-01-22"]
    first, empty, last = t.weeks
    # e1: 036 Goldstein 4.0 quad 1; e2: its own -10.0 quad 4
    assert (first.events, first.goldstein_sum, first.goldstein_mean) == (2, -6.0, -3.0)
    assert (first.verbal_cooperation, first.material_conflict) == (1, 1)
    assert (empty.events, empty.goldstein_mean) == (0, None)
    # e5 counted (044: 2.5), e6 did not happen
    assert (last.events, last.goldstein_sum, last.verbal_cooperation) == (1, 2.5, 1)
    assert t.not_in_series == 1  # e4, dated only to 2023


def test_timeline_actor_alone_includes_every_counterpart() -> None:
    t = timeline(_events(), "Ana Alves", articles=ARTS)
    assert t.other is None
    assert "e3" in [e.id for e in t.events]
    assert timeline(_events(), "Cole", articles=ARTS).weeks[0].events == 1


def test_timeline_unknown_actor_is_an_input_error() -> None:
    with pytest.raises(InputError, match="Zed"):
        timeline(_events(), "Zed", articles=ARTS)


def test_timeline_seed_counts_moscow_as_putin(seed_records) -> None:
    events, articles = seed_records
    t = timeline(events, "Putin", "Trump", articles=articles)
    ids = [e.id for e in t.events]
    assert "s-channels" in ids and "s-trump-ready" in ids and "s-equal-basis" in ids
    assert all(e.source in ("Donald Trump", "Vladimir Putin") for e in t.events)
