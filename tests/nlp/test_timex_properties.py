"""Properties of time normalisation that must hold for any input (Hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.nlp.time.resolve import weekday_date
from parley.nlp.timex import event_date, find_timexes, normalise

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
dates = st.dates(min_value=dt.date(1, 1, 8), max_value=dt.date(9999, 12, 24))
anchors = st.one_of(st.none(), dates, st.text(max_size=30),
                    dates.map(lambda d: d.isoformat() + "T12:00:00+00:00"))
time_words = st.sampled_from(
    WEEKDAYS + ["last", "next", "this", "week", "year", "ago", "two", "May", "2019", "Q3",
                "the", "quarter", "early", "mid-", "1990s", "p.m.", "3", "of", "every",
                "yesterday", "month", "fiscal", "Jan.", "31", ",", "spring", "nineteen",
                "recent", "coming", "for", "years", "all", "$5", "a", "ended", "Sept.", "30",
                "that", "following", "UTC", "14:30", "7/8/07", "Q4", "'80s", "half", "tonight",
                "noon", "Mondays", "per", "2 1/2", "and a half", "weekend", "then", "day"])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), anchors)
def test_timex_normalise_never_raises_on_arbitrary_text(text: str, anchor: object) -> None:
    value = normalise(text, anchor)  # type: ignore[arg-type]
    assert value is None or isinstance(value, str)


@settings(max_examples=600, deadline=None)
@given(st.lists(time_words, max_size=12).map(" ".join), anchors,
       st.sampled_from([None, "past", "present", "future"]))
def test_timex_find_never_raises_on_time_like_text(text: str, anchor: object,
                                                   tense: str | None) -> None:
    normalise(text, anchor, tense_hint=tense)  # type: ignore[arg-type]
    for t in find_timexes(text, anchor):  # type: ignore[arg-type]
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


@given(dates, st.integers(min_value=0, max_value=6))
def test_timex_weekday_lands_on_that_weekday_within_a_week_before(anchor: dt.date,
                                                                   wd: int) -> None:
    value = normalise(f"on {WEEKDAYS[wd]}", anchor)
    assert value is not None
    day = dt.date.fromisoformat(value)
    assert day.isoweekday() == wd + 1
    assert 0 <= (anchor - day).days < 7


@given(dates, st.integers(min_value=1, max_value=7))
def test_timex_weekday_future_lands_within_a_week_after(anchor: dt.date, wd: int) -> None:
    day = weekday_date(wd, anchor, tense="future")
    assert day is not None and day.isoweekday() == wd
    assert 0 <= (day - anchor).days < 7
    before = weekday_date(wd, anchor, rel=-1)
    assert before is not None and 1 <= (anchor - before).days <= 7


@given(st.one_of(st.none(), st.text(max_size=30), st.from_regex(r"\d{4}(-W\d\d|-\d\d(-\d\d)?)?",
                                                                 fullmatch=True)))
def test_timex_event_date_never_raises(value: str | None) -> None:
    out = event_date(value)
    assert out is None or out[:4].isdigit()
