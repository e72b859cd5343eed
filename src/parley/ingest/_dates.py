"""Publication dates to ISO 8601.

``normalise_published("Thu, 23 Jan 2025 10:05:00 GMT") == "2025-01-23T10:05:00+00:00"``,
``normalise_published("January 23, 2025") == "2025-01-23"``. A value without a full date
(no year, no day: "Thursday", "2025", "May 2024") or one that is not a date at all raises
:class:`~parley.errors.InputError`; the readers turn that into a recorded skip.
"""

from __future__ import annotations

import datetime as dt
import email.utils

from dateutil import parser as dateparser

from parley.errors import InputError

_MIN_YEAR, _MAX_YEAR = 1000, 2999
# Two different defaults: a field the value does not give comes out different in the two parses.
_DEFAULT_A = dt.datetime(2001, 1, 1, 0, 0, 0)
_DEFAULT_B = dt.datetime(2002, 2, 2, 1, 1, 1)


def _check_year(year: int, value: object) -> None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InputError(f"unparseable date {value!r}: year {year} is out of range")


def _iso(moment: dt.datetime | dt.date, value: object) -> str:
    _check_year(moment.year, value)
    return moment.isoformat()


def normalise_published(value: object) -> str | None:
    """An ISO date ("2025-01-23") or date-time ("2025-01-23T10:05:00+00:00") for ``value``
    (a string, or a Unix timestamp in seconds); None for None/"". Raises InputError naming the
    value when it is not a complete date."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(f"unparseable date {value!r}: not a date")
    if isinstance(value, int | float):
        try:
            moment = dt.datetime.fromtimestamp(value, tz=dt.UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise InputError(f"unparseable date {value!r}: not a Unix timestamp") from exc
        return _iso(moment, value)
    if not isinstance(value, str):
        raise InputError(f"unparseable date {value!r}: expected a string")
    text = value.strip()
    if not text:
        return None
    if len(text) > 100:
        raise InputError(f"unparseable date {text[:40]!r}...: too long to be a date")
    if len(text) == 10:
        try:
            return _iso(dt.date.fromisoformat(text), value)
        except ValueError:
            pass
    try:
        return _iso(dt.datetime.fromisoformat(text), value)
    except ValueError:
        pass
    try:
        return _iso(email.utils.parsedate_to_datetime(text), value)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        a = dateparser.parse(text, default=_DEFAULT_A)
        b = dateparser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError, AttributeError) as exc:
        raise InputError(f"unparseable date {text!r}: not a date") from exc
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        raise InputError(f"unparseable date {text!r}: no full date (year, month and day)")
    if a.hour != b.hour:  # no time given
        return _iso(a.date(), value)
    return _iso(a, value)
