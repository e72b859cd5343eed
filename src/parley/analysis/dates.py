"""Partial ISO dates ("2025-01-23", "2025-01", "2022") as comparable periods.

An event's date is as precise as its text allows, so the analysis compares *periods*:

>>> Period.parse("2022").start, Period.parse("2022").end
(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
>>> Period.parse("2025-01") < Period.parse("2025-01-23")
True

Ordering is by start, then by precision (a year sorts before a day that starts it).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from parley.errors import InputError

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A date at year, month or day precision (``precision`` 1, 2 or 3)."""

    start: dt.date
    precision: int
    end: dt.date
    text: str

    @classmethod
    def parse(cls, value: str | None) -> Period | None:
        """The period of an ISO date string (or a TIMEX3 quarter/week); None when ``value`` is
        empty or not a date (``PRESENT_REF``, ``P3D``)."""
        if not value:
            return None
        value = value.strip()
        m = _QUARTER.match(value)
        if m:
            year, q = int(m.group(1)), int(m.group(2))
            start = dt.date(year, 3 * q - 2, 1)
            end_month = 3 * q
            end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
            return cls(start, 2, end, value)
        m = _WEEK.match(value)
        if m:
            try:
                start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            except ValueError:
                return None
            return cls(start, 3, start + dt.timedelta(days=6), value)
        m = _ISO.match(value)
        if not m:
            return None
        year = int(m.group(1))
        try:
            if m.group(3):
                day = dt.date(year, int(m.group(2)), int(m.group(3)))
                return cls(day, 3, day, f"{day.isoformat()}")
            if m.group(2):
                month = int(m.group(2))
                last = calendar.monthrange(year, month)[1]
                return cls(dt.date(year, month, 1), 2, dt.date(year, month, last),
                           f"{year:04d}-{month:02d}")
            return cls(dt.date(year, 1, 1), 1, dt.date(year, 12, 31), f"{year:04d}")
        except ValueError:
            return None

    @property
    def is_day(self) -> bool:
        return self.start == self.end


def parse_as_of(value: str | None) -> Period | None:
    """The ``--as-of`` cut-off: an ISO date (or year/month, meaning its last day)."""
    if value is None:
        return None
    period = Period.parse(value)
    if period is None:
        raise InputError(
            f"not a date: {value!r}; give an ISO date such as 2023-01-01 (or 2023-01, 2023)",
            source="--as-of",
        )
    return period
