"""Dates of events by construction class, on sentences written for these tests (none is copied
from a gold file). Each case: text, publication date, and (type, source, date) triples: the
event of that type and source must carry that date (None: no date)."""

from __future__ import annotations

from typing import Any

import pytest

from parley.evaluate.passages import actor_match

CASES: list[tuple[str, str, list[tuple[str, str, str | None]]]] = [
    # the occasion of a statement carries its date: "in an interview Wednesday"
    ("The Iranian defence minister acknowledged in an interview Wednesday that Iran had armed "
     "the rebels.", "2012-11-23", [("AID", "Iran", "2012-11-21")]),
    ("Speaking at a briefing Tuesday, the spokesman said that China had sanctioned three U.S. "
     "firms.", "2019-05-17", [("COERCE", "China", "2019-05-14")]),
    ("The Chinese spokesman said at a news conference Tuesday that China had sanctioned three "
     "U.S. firms.", "2019-05-17", [("COERCE", "China", "2019-05-14")]),
    # the same speaker goes on, with a speech verb of his own: his statement's date
    ("The Iranian defence minister said on Tuesday that Tehran had armed the rebels. He denied "
     "that Iran sent troops.", "2012-11-22", [("COOPERATE", "Iran", "2012-11-20")]),
    # ... but the next sentence of a story, with no speech verb, is not his statement going on
    ("Earlier this week, Hamas rejected a truce proposal from Egypt. Hamas demands a lifting of "
     "the blockade imposed by Israel.", "2014-08-15", [("REQUEST", "Hamas", None)]),
    ("On Monday, Russia rejected the peace plan. Moscow demands the withdrawal of NATO troops "
     "from the Baltic states.", "2022-03-10", [("REQUEST", "Russia", None)]),
    # a part of a day carries on the day of the story so far
    ("An airstrike on a farm killed two Palestinians on Friday, a health official said. By "
     "midmorning, Israel had launched about 20 airstrikes at Gaza, the military said.",
     "2014-08-23", [("ASSAULT", "Israel", "2014-08-22")]),
    ("Russian troops shelled Kharkiv on 3 May. By nightfall, Ukraine had struck a Russian base.",
     "2022-05-05", [("ASSAULT", "Ukraine", "2022-05-03")]),
    ("Syrian rebels seized the airport on 12 June. Around noon, Syrian government forces "
     "attacked the rebels.", "2016-06-14", [("ASSAULT", "Syrian government forces",
                                             "2016-06-12")]),
    # ... and not when the story has named no day, or the event is still to come
    ("Ukraine struck a Russian base at night, officials said.", "2022-05-05",
     [("ASSAULT", "Ukraine", None)]),
]


def _who(e: dict[str, Any]) -> str:
    return f"{e['type']} {e['source']['name'] if e['source'] else '-'} date={e['date']}"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "expected"), CASES,
                         ids=[c[0][:48] for c in CASES])
def test_event_date(nlp: Any, text: str, published: str,
                    expected: list[tuple[str, str, str | None]]) -> None:
    from parley.pipeline import extract

    events = [e.model_dump(mode="json") for e in extract(text, published=published, nlp=nlp)]
    got = "; ".join(_who(e) for e in events) or "no events"
    for type_, src, date in expected:
        hits = [e for e in events if e["type"] == type_ and e["source"] is not None and
                actor_match({"name": src}, e["source"])]
        assert hits, f"{type_} {src} not found; got {got}"
        assert any(e["date"] == date for e in hits), f"{type_} {src}: want {date}; got {got}"
