"""An agentless passive repeating an event that names its actor nearby, on sentences written for
these tests (none is copied from a gold file): one event, not two. Each case: text, publication
date, the type, and how many events of that type must come out."""

from __future__ import annotations

from typing import Any

import pytest

CASES: list[tuple[str, str, str, int]] = [
    # the talks broken off / called off, and the side that did it, named next to it: one event
    ("The negotiations with Seoul were broken off on Friday, and the U.S. envoy said Washington "
     "had cut short its participation in the talks.", "2019-11-19", "SANCTION", 1),
    ("The negotiations with Seoul were broken off on Friday, and the U.S. envoy said Washington "
     "had suspended the talks.", "2019-11-19", "SANCTION", 1),
    ("The talks appear to have been called off: the U.S. envoy said Washington had cut short "
     "its participation in the negotiations with Seoul.", "2019-11-19", "SANCTION", 1),
    # ... but an agentless passive about another thing stays an event of its own
    ("The talks with Iran were suspended on Monday, the U.S. envoy said. Washington also cut "
     "its aid to Tehran.", "2019-11-19", "SANCTION", 2),
    ("Talks with Iran were halted on Monday, the U.S. envoy said, adding that Washington had "
     "cut its aid to Tehran.", "2019-11-19", "SANCTION", 2),
    # and so does one with nothing else to repeat
    ("The talks with Iran were suspended on Monday, the U.S. envoy said.", "2019-11-19",
     "SANCTION", 1),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "type_", "count"), CASES,
                         ids=[c[0][:48] for c in CASES])
def test_agentless_repeat(nlp: Any, text: str, published: str, type_: str, count: int) -> None:
    from parley.pipeline import extract

    events = [e for e in extract(text, published=published, nlp=nlp) if e.type == type_]
    got = "; ".join(f"{e.type} {e.source.name if e.source else '-'} -> "
                    f"{e.target.name if e.target else '-'} ({e.trigger})" for e in events)
    assert len(events) == count, got
