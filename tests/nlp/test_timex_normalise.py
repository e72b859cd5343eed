"""Normalisation of time expressions against a publication date (no spaCy model needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.nlp.timex import event_date, find_timexes, normalise

# 2025-01-23 is a Thursday
PUB = "2025-01-23"


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        # weekdays: the most recent such day on or before publication
        ("on Thursday", "2025-01-23"),
        ("on Tuesday", "2025-01-21"),
        ("Friday", "2025-01-17"),
        ("last Thursday", "2025-01-16"),
        ("next Monday", "2025-01-27"),
        # days around the publication date
        ("yesterday", "2025-01-22"),
        ("today", "2025-01-23"),
        ("tomorrow", "2025-01-24"),
        ("two days ago", "2025-01-21"),
        ("three weeks ago", "2025-01-02"),
        ("two years ago", "2023"),
        ("five months ago", "2024-08"),
        # weeks, months, years relative to it
        ("last week", "2025-W03"),
        ("this week", "2025-W04"),
        ("next week", "2025-W05"),
        ("earlier this month", "2025-01"),
        ("next month", "2025-02"),
        ("last month", "2024-12"),
        ("last year", "2024"),
        ("this year", "2025"),
        ("May of last year", "2024-05"),
        ("July last year", "2024-07"),
        ("last May", "2024-05"),
        # explicit calendar dates
        ("in late 2022", "2022"),
        ("in 2019", "2019"),
        ("5 March 2019", "2019-03-05"),
        ("March 5, 2019", "2019-03-05"),
        ("Jan. 5", "2025-01-05"),
        ("Dec. 24", "2024-12-24"),
        ("October 1998", "1998-10"),
        ("mid-2023", "2023"),
        ("the 1990s", "199"),
        ("the '80s", "198"),
        ("the 20th century", "19"),
        ("nineteen ninety-six", "1996"),
        # quarters, halves, seasons
        ("Q3 2024", "2024-Q3"),
        ("the third quarter of 2023", "2023-Q3"),
        ("the fourth quarter", "2024-Q4"),
        ("the first half of 2024", "2024-H1"),
        ("this summer", "2025-SU"),
        ("last fall", "2024-FA"),
        # references
        ("now", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("the future", "FUTURE_REF"),
        # durations and sets
        ("three years", "P3Y"),
        ("two-week", "P2W"),
        ("the past six months", "P6M"),
        ("several years", "PXY"),
        ("48 hours", "PT48H"),
        ("every week", "P1W"),
        ("each Thursday", "XXXX-WXX-4"),
        # times of day
        ("Tuesday morning", "2025-01-21TMO"),
        ("3 p.m.", "2025-01-23T15:00"),
        ("last night", "2025-01-22TNI"),
    ],
)
def test_timex_normalise_common_news_expressions(expression: str, value: str) -> None:
    assert normalise(expression, PUB) == value


def test_timex_normalise_future_tense_points_forward() -> None:
    assert normalise("Thursday", "2025-01-25") == "2025-01-23"
    assert normalise("Thursday", "2025-01-25", tense_hint="future") == "2025-01-30"
    # in running text, "will" before the weekday is the hint
    found = find_timexes("The two leaders will meet on Monday.", PUB)
    assert [t.value for t in found] == ["2025-01-27"]
    found = find_timexes("The two leaders met on Monday.", PUB)
    assert [t.value for t in found] == ["2025-01-20"]


def test_timex_normalise_month_day_without_year_prefers_the_near_past() -> None:
    assert normalise("Nov. 3", "2025-01-23") == "2024-11-03"
    assert normalise("Feb. 1", "2025-01-23") == "2025-02-01"  # nine days ahead is nearer
    # an unmarked June is ahead (June 2024 is too far back); a past-tense one is behind
    assert normalise("June 5", "2025-01-23") == "2025-06-05"
    assert normalise("June 5", "2025-01-23", tense_hint="past") == "2024-06-05"


def test_timex_normalise_types() -> None:
    text = "He served three years, met officials every week and spoke on Tuesday at 3 p.m."
    types = {t.text: t.type for t in find_timexes(text, PUB)}
    assert types["three years"] == "DURATION"
    assert types["every week"] == "SET"
    assert types["Tuesday"] == "DATE"
    assert types["3 p.m."] == "TIME"


def test_timex_find_gives_exact_character_spans() -> None:
    text = "Talks stalled in late 2022; on Thursday, Bloomberg reported a thaw."
    found = find_timexes(text, PUB)
    assert [(t.text, t.value) for t in found] == [("late 2022", "2022"),
                                                  ("Thursday", "2025-01-23")]
    for t in found:
        assert text[t.start:t.end] == t.text


def test_timex_extent_leaves_out_prepositions_and_articles_of_adjectives() -> None:
    found = find_timexes("It signed a two-year deal on Friday.", PUB)
    assert [t.text for t in found] == ["two-year", "Friday"]


def test_timex_not_fooled_by_modal_may_or_verb_fall() -> None:
    assert find_timexes("Prices may fall in the coming days.", PUB)[0].text == "the coming days"
    assert all(t.text.lower() != "may" for t in find_timexes("Officials may meet.", PUB))
    assert find_timexes("In May, prices rose.", PUB)[0].value == "2024-05"


def test_timex_without_anchor_keeps_absolute_values() -> None:
    assert normalise("5 March 2019", None) == "2019-03-05"
    assert normalise("three years", None) == "P3Y"
    assert normalise("yesterday", None) is None


def test_timex_anchor_forms() -> None:
    assert normalise("yesterday", dt.date(2025, 1, 23)) == "2025-01-22"
    assert normalise("yesterday", "2025-01-23T14:05:00+00:00") == "2025-01-22"
    assert normalise("yesterday", "20250123") == "2025-01-22"
    assert normalise("yesterday", "not a date") is None


def test_timex_no_expression_gives_none() -> None:
    assert normalise("the minister said", PUB) is None
    assert find_timexes("", PUB) == []


def test_timex_quarter_anaphora_uses_the_quarter_just_mentioned() -> None:
    text = ("Profit rose in the third quarter of 2023. A year earlier, the company lost "
            "money; in the quarter, sales fell.")
    values = [t.value for t in find_timexes(text, "2024-05-02")]
    assert values == ["2023-Q3", "2022-Q3", "2023-Q3"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-23", "2025-01-23"),
        ("2025-01-23TMO", "2025-01-23"),
        ("2025-01-23T15:00", "2025-01-23"),
        ("2025-01", "2025-01"),
        ("2022", "2022"),
        ("2022-Q4", "2022"),
        ("2024-SU", "2024"),
        ("2025-W03", "2025-01"),
        ("2025-W05", "2025"),  # 27 Jan - 2 Feb: two months, one year
        ("2025-W01", None),  # 30 Dec 2024 - 5 Jan 2025
        ("2024-W01", "2024-01"),
        ("PRESENT_REF", None),
        ("P3Y", None),
        ("XXXX-WXX-4", None),
        ("199", None),
        (None, None),
    ],
)
def test_timex_event_date_reduces_values_to_gold_precision(value: str | None,
                                                           expected: str | None) -> None:
    assert event_date(value) == expected


def test_timex_prefilter_finds_what_a_full_scan_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The word-kind windows only save time: running every rule over the whole text finds
    the same expressions."""
    from parley.nlp.time.lexicon import Grammar
    from parley.nlp.time.recognise import scan

    text = ("Q3 2024 ended; in the 1990s and the late 1970s, at 14:30 UTC on 7/8/07, every "
            "week, on Mondays, fiscal 1989, the year-ago quarter, nineteen ninety-six, the "
            "twenties, noon Thursday, tonight, this spring, the past, a year earlier, "
            "the following month, 5 p.m. EST Nov. 9, $55 a night, recent years, for decades.")
    windowed = [(t.start, t.end, t.value) for t in scan(text, "2025-01-23")]
    kinds = frozenset({"month", "weekday", "unit", "year", "clock", "qcode", "season", "part",
                       "deictic", "ref", "freq", "decade", "spelled", "period", "holiday"})
    monkeypatch.setattr(Grammar, "windows", lambda self, t, pad=45: [(0, len(t), kinds)])
    assert [(t.start, t.end, t.value) for t in scan(text, "2025-01-23")] == windowed
    assert len(windowed) >= 20


def test_timex_deadline_words_point_ahead() -> None:
    # "payable Dec. 1" in October is this December, even in a past-tense clause
    text = "The board declared a dividend payable Dec. 1 to holders of record Nov. 10."
    values = [t.value for t in find_timexes(text, "1989-10-26")]
    assert values == ["1989-12-01", "1989-11-10"]
    assert [t.value for t in find_timexes("The offer runs until May.", "2025-01-23")] == [
        "2025-05"]


def test_timex_anaphoric_units_follow_the_last_explicit_date() -> None:
    text = "He was promoted on May 22, 1995, and the following year he moved to Vienna."
    assert [t.value for t in find_timexes(text, "1998-04-18")] == ["1995-05-22", "1996"]
    text = "The deal closed in March 2019. Later that month the shares fell."
    assert [t.value for t in find_timexes(text, "2025-01-23")] == ["2019-03", "2019-03"]


def test_timex_the_year_is_this_year_unless_a_span_ending_on_a_date() -> None:
    assert [(t.type, t.value) for t in find_timexes("Sales for the year rose.", "1989-11-02")] \
        == [("DATE", "1989")]
    found = find_timexes("Revenue in the year ended March 31 rose.", "1989-11-02")
    assert (found[0].text, found[0].type, found[0].value) == ("the year", "DURATION", "P1Y")


def test_timex_clock_with_zone_and_date() -> None:
    found = find_timexes("The offer expires at 5 p.m. EST Nov. 9.", "1989-11-02")
    assert [(t.text, t.type, t.value) for t in found] == [
        ("5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00")]
    found = find_timexes("Trading resumed at 14:30 UTC.", "2009-06-01")
    assert [(t.text, t.value) for t in found] == [("14:30 UTC", "2009-06-01T14:30Z")]


def test_timex_rate_is_a_set() -> None:
    found = find_timexes("The cut saves $500 million a year.", PUB)
    assert [(t.text, t.type, t.value) for t in found] == [("a year", "SET", "P1Y")]
    found = find_timexes("He waited a year.", PUB)
    assert [(t.type, t.value) for t in found] == [("DURATION", "P1Y")]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("The army sent 1500 troops to the border.", []),
        ("About 2000 people marched.", []),
        ("Its 1988 results were restated.", ["1988"]),
        ("In 2019 elections were held.", ["2019"]),
        ("Sales of 1,800 cars rose 20% to $2010.", []),
    ],
)
def test_timex_counts_are_not_years(text: str, years: list[str]) -> None:
    assert [t.value for t in find_timexes(text, PUB)] == years
