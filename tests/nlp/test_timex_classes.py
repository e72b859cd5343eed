"""Classes of time expressions found by error analysis: signals, conjunctions, extents,
holidays, trading days, fractions. Each example is written for this test."""

from __future__ import annotations

import pytest

from parley.nlp.time.recognise import scan
from parley.nlp.timex import find_timexes

# 2025-01-23 is a Thursday
PUB = "2025-01-23"


def _found(text: str, anchor: str = PUB) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Four days later, the ferry sank.", [("Four days", "DURATION", "P4D")]),
        ("She resigned a week after the audit began.", [("a week", "DURATION", "P1W")]),
        ("Several weeks before the vote, polls shifted.",
         [("Several weeks", "DURATION", "PXW")]),
        ("Just over an hour later, the lights came back.",
         [("over an hour", "DURATION", "PT1H")]),
        # the reporting idiom keeps naming a date
        ("Sales rose 4% from a year earlier.", [("a year earlier", "DATE", "2024")]),
        # "ago" is part of the expression, and so is a qualifier before the number
        ("The dam burst almost three years ago.", [("almost three years ago", "DATE", "2022")]),
        ("The law passed two years ago this month.",
         [("two years ago", "DATE", "2023"), ("this month", "DATE", "2025-01")]),
    ],
)
def test_timex_signals_stay_outside_a_duration(text: str,
                                               expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Call us as soon as the parcel arrives.",
        "The bridge closed shortly after the quake.",
        "Visitors arrived at the soon-to-open museum.",
    ],
)
def test_timex_soon_in_a_conjunction_is_not_a_reference(text: str) -> None:
    assert _found(text) == []


def test_timex_soon_in_a_past_narrative_is_not_a_reference() -> None:
    # the parse says the clause is past ("soon became a flood"): a sequence, not the future
    text = "Donations began as a trickle but soon became a flood."
    assert scan(text, PUB, lambda s, e: "past") == []


def test_timex_soon_alone_still_points_ahead() -> None:
    assert _found("The minister will decide soon.") == [("soon", "DATE", "FUTURE_REF")]


def test_timex_article_before_an_attributive_duration_is_left_out() -> None:
    assert _found("Observers praised the nine-day truce.") == [("nine-day", "DURATION", "P9D")]
    assert _found("They marched for the 40-hour week.") == [("40-hour", "DURATION", "PT40H")]
    # a plural head noun keeps its article: "the six months" is a period
    assert _found("For the six months, revenue fell.") == [
        ("the six months", "DURATION", "P6M")]


def test_timex_expression_after_a_line_break_is_still_found() -> None:
    text = "Harbour stays shut until Friday\nMarch 14, 2025 The port authority said"
    assert ("March 14, 2025", "DATE", "2025-03-14") in _found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ferry could sail as early as Tuesday.", "2025-01-28"),
        ("Residents have until 9 a.m. Monday to leave.", "2025-01-27T09:00"),
        ("The inquiry is set for Friday.", "2025-01-24"),
    ],
)
def test_timex_cues_of_a_coming_day(text: str, value: str) -> None:
    assert [v for _, _, v in _found(text)] == [value]


def test_timex_a_passed_deadline_stays_in_the_past() -> None:
    # the parse says "had been due to expire" is a past: last Monday, not next
    found = scan("The permit had been due to expire Monday.", PUB, lambda s, e: "past")
    assert [t.value for t in found] == ["2025-01-20"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The index fell 2% to end the day at 4,100.", ("the day", "DATE", "2025-01-23")),
        ("On Tuesday the index fell, and it finished the day lower.",
         ("the day", "DATE", "2025-01-21")),
        ("For the day, volume was light.", ("the day", "DATE", "2025-01-23")),
        ("Rates rose later in the day.", ("the day", "DATE", "2025-01-23")),
    ],
)
def test_timex_the_trading_day(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _found(text)


def test_timex_the_day_without_a_cue_is_not_a_date() -> None:
    assert _found("She remembers the day the wall fell.") == []


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("The boat was found on Thanksgiving Day.", "2025-01-23",
         ("Thanksgiving Day", "DATE", "2024-11-28")),
        ("He flew home last Christmas.", "2025-01-23", ("last Christmas", "DATE", "2024-12-25")),
        ("Voters will decide on Election Day.", "2025-06-10",
         ("Election Day", "DATE", "2025-11-04")),
        ("Services were held on Good Friday.", "2025-05-02",
         ("Good Friday", "DATE", "2025-04-18")),
        ("The parade marks the Fourth of July.", "2025-07-10",
         ("Fourth of July", "DATE", "2025-07-04")),
    ],
)
def test_timex_holidays(text: str, anchor: str, expected: tuple[str, str, str]) -> None:
    assert expected in _found(text, anchor)


@pytest.mark.parametrize(
    "text",
    [
        "Farmers export about three-quarters of the crop.",
        "A quarter of the staff left.",
        "A second vessel joined the search.",
        "Fans of High Noon queued outside.",
        "Tapes from the night the tanker ran aground were released.",
        "She is a 7-year-old girl.",
        "On election day, voters in Kenya queued.",  # not the US holiday
    ],
)
def test_timex_look_alikes_are_not_time_expressions(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike ended after two straight quarters of losses.",
         [("two straight quarters", "DURATION", "P2Q")]),
        ("The town rebuilt within weeks.", [("weeks", "DURATION", "PXW")]),
        ("It was the warmest winter in years.", [("years", "DURATION", "PXY")]),
        ("A decades-long feud ended.", [("decades-long", "DURATION", "PXY")]),
        ("After a day-long hearing, the court adjourned.", [("day-long", "DURATION", "P1D")]),
        ("The tour will last over a week.", [("a week", "DURATION", "P1W")]),
        ("Shares hit their lowest level in over a decade.",
         [("over a decade", "DURATION", "P10Y")]),
    ],
)
def test_timex_durations(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


def test_timex_sets_and_rates() -> None:
    assert _found("The board meets twice a year.") == [("twice a year", "SET", "P1Y")]
    assert _found("Ferries sail on Friday evenings.") == [
        ("Friday evenings", "SET", "XXXX-WXX-5TEV")]
    # a year after a year is a span, not a rate
    assert _found("The sequel came in 2011, a year after the book.") == [
        ("2011", "DATE", "2011"), ("a year", "DURATION", "P1Y")]


def test_timex_edges_of_the_month_and_zones() -> None:
    assert _found("Talks should end by the end of the month.") == [
        ("the end of the month", "DATE", "2025-01")]
    assert _found("Trading opens at 9:30 a.m. ET on Monday.", "2025-01-25") == [
        ("9:30 a.m. ET on Monday", "TIME", "2025-01-20T09:30")]
