"""Partial dates as periods (``parley.analysis.dates``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.analysis.dates import Period, parse_as_of
from parley.errors import InputError


@pytest.mark.parametrize("text, start, end, precision, norm", [
    ("2022", "2022-01-01", "2022-12-31", 1, "2022"),
    ("2024-02", "2024-02-01", "2024-02-29", 2, "2024-02"),
    ("2025-01-23", "2025-01-23", "2025-01-23", 3, "2025-01-23"),
    ("2025-01-23T14:05:00+00:00", "2025-01-23", "2025-01-23", 3, "2025-01-23"),
    ("2022-Q4", "2022-10-01", "2022-12-31", 2, "2022-Q4"),
    ("2025-W04", "2025-01-20", "2025-01-26", 3, "2025-W04"),
])
def test_dates_periods_parse(text: str, start: str, end: str, precision: int,
                             norm: str) -> None:
    p = Period.parse(text)
    assert p is not None
    assert (p.start.isoformat(), p.end.isoformat(), p.precision, p.text) == (
        start, end, precision, norm)


@pytest.mark.parametrize("text", [None, "", "PRESENT_REF", "P3D", "2025-13-01", "soon"])
def test_dates_periods_not_a_date(text: str | None) -> None:
    assert Period.parse(text) is None


def test_dates_periods_order_year_before_its_days() -> None:
    assert Period.parse("2022") < Period.parse("2022-10-05") < Period.parse("2025-01")  # type: ignore[operator]


def test_dates_periods_as_of_errors_name_the_option() -> None:
    with pytest.raises(InputError, match="--as-of"):
        parse_as_of("last week")
    assert parse_as_of(None) is None


@given(st.text(max_size=30))
def test_dates_periods_never_crash(text: str) -> None:
    p = Period.parse(text)
    assert p is None or p.start <= p.end


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_periods_round_trip(day: dt.date) -> None:
    p = Period.parse(day.isoformat())
    assert p is not None and p.start == p.end == day and p.text == day.isoformat()
