"""Resolvers: from the named groups of a matched pattern to a TIMEX3 value.

Each resolver takes the regex match and a :class:`Context` (the anchor date, the tense of the
governing clause, what the document mentioned last) and returns ``(value, type)``, or None to
reject the match (an impossible date such as "Feb. 30", a bare word that is not a time here).
A value is None when the expression is a time but cannot be placed without an anchor.

Conventions (TimeML / TimeBank): ``2025-01-23``, ``2025-01``, ``2025``, ``2025-Q3``,
``2025-H1``, ``2025-W04``, ``2025-W03-WE``, ``2025-SU``, ``199`` (the 1990s), ``19`` (the 20th
century), ``2025-01-23TMO``, ``2025-01-23T15:00``, ``PRESENT_REF``/``PAST_REF``/
``FUTURE_REF``, durations ``P3Y``/``P2W``/``PT4H``/``PXY``, sets ``P1W``/``XXXX-WXX-4``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from parley.nlp.time.lexicon import Lexicon

Tense = Literal["past", "present", "future"]
Resolved = tuple[str | None, str] | None

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_ORDER = ("WI", "SP", "SU", "FA")


@dataclass
class Context:
    """What a resolver may know besides the words of the expression."""

    lexicon: Lexicon
    anchor: dt.date | None
    tense: Tense | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    last_quarter: tuple[int, int] | None = None  # (year, quarter) of the last quarter mentioned
    last_quarter_at: int = -10_000
    last_date: tuple[int, int | None, int | None] | None = None  # last explicit date mentioned


# --- small helpers ------------------------------------------------------------------------

def parse_anchor(anchor: dt.date | dt.datetime | str | None) -> dt.date | None:
    """A date from a date, a datetime or an ISO string ("2025-01-23", "2025-01-23T14:05",
    "20250123"); None when absent or unreadable."""
    if anchor is None:
        return None
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    s = str(anchor)
    m = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", s)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
    else:  # day-month-year, as some corpora write it ("03-02-2009")
        m = re.match(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b", s)
        if not m:
            return None
        d, mo, y = m.group(1), m.group(2), m.group(3)
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _ymd(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _shift(d: dt.date, days: int) -> dt.date | None:
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return None


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group's text, lower case; None when the pattern has no such group or it is
    unmatched."""
    try:
        v = m.group(name)
    except IndexError:
        return None
    return v.lower() if v else None


def _norm_words(s: str) -> str:
    return re.sub(r"[\s-]+", " ", s.strip().lower())


def number(word: str | None, lex: Lexicon) -> float | None:
    """ "three" -> 3, "twenty-four" -> 24, "2.5" -> 2.5, "a couple of" -> 2; None if vague."""
    if not word:
        return None
    w = _norm_words(word)
    half = 0.0
    if w.endswith(" and a half"):
        w, half = w[: -len(" and a half")], 0.5
    elif w.endswith(" 1/2"):
        w, half = w[: -len(" 1/2")], 0.5
    w = w.replace(",", "")
    try:
        return float(w) + half
    except ValueError:
        pass
    if w in lex.numbers:
        return lex.numbers[w] + half
    total = 0.0
    for part in w.split():
        if part not in lex.numbers:
            return None
        total += lex.numbers[part]
    return total + half if total else None


def _num_text(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _month_of(word: str | None, lex: Lexicon) -> int | None:
    if not word:
        return None
    return lex.months.get(word.lower().rstrip("."))


def _day_of(word: str | None) -> int | None:
    if not word:
        return None
    m = re.match(r"\d+", word)
    return int(m.group()) if m else None


def spelled_year(words: str | None, lex: Lexicon) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and five" -> 2005."""
    if not words:
        return None
    w = _norm_words(words).replace(" and ", " ")
    parts = w.split()
    if parts[:2] == ["two", "thousand"]:
        rest = number(" ".join(parts[2:]), lex) if parts[2:] else 0
        return 2000 + int(rest) if rest is not None else None
    head = lex.numbers.get(parts[0])
    if head is None:
        return None
    tail_words = parts[1:]
    if tail_words and tail_words[0] == "hundred":
        rest = number(" ".join(tail_words[1:]), lex) if tail_words[1:] else 0
        return int(head) * 100 + int(rest) if rest is not None else None
    rest = number(" ".join(tail_words), lex)
    if rest is None or rest >= 100:
        return None
    return int(head) * 100 + int(rest)


def _year_of(m: re.Match[str], ctx: Context, *names: str) -> int | None:
    """An explicit year from groups ``names`` (4 digits, or yrel last/this/next year)."""
    for name in names:
        v = _g(m, name)
        if v and v.isdigit():
            return int(v)
    for name in ("yrel", "yrel2"):
        rel = _g(m, name)
        if rel and ctx.anchor:
            step = {"last": -1, "the previous": -1, "this": 0, "next": 1, "the following": 1,
                    "a": -1}.get(_norm_words(rel), 0)
            return ctx.anchor.year + step
    return None


def infer_year(month: int, day: int | None, ctx: Context) -> int | None:
    """The year of a month (and day) given without one: the candidate around the anchor that
    the tense points to (past: on or before, future: on or after), else the closest."""
    a = ctx.anchor
    if a is None:
        return None
    cands = []
    for y in (a.year - 1, a.year, a.year + 1):
        if day is not None:
            d = _safe_date(y, month, day)
            if d is None:
                continue
            diff = (d - a).days
        else:
            diff = (y * 12 + month) - (a.year * 12 + a.month)
        cands.append((y, diff))
    if not cands:
        return None
    # how far back (days or months) an unmarked reference still reads as past, and how far
    # ahead a future-tense one may point: news mostly reports what has happened
    past_reach, future_reach = (200, 240) if day is not None else (9, 8)
    past = [c for c in cands if c[1] <= 0]
    fut = [c for c in cands if c[1] >= 0]
    if ctx.tense == "past" and past:
        # the clause's verb is in the past, but a date in a phrase attached to it may not be
        # ("declared a dividend payable Dec. 1"): a past reading a year away loses
        best = max(past, key=lambda c: c[1])
        if -best[1] <= (300 if day is not None else 10):
            return best[0]
    if ctx.tense == "future" and fut:
        best = min(fut, key=lambda c: c[1])
        if best[1] <= future_reach:
            return best[0]
    if ctx.tense != "future" and past:
        best = max(past, key=lambda c: c[1])
        if -best[1] <= past_reach:
            return best[0]
    return min(cands, key=lambda c: (abs(c[1]), c[1] > 0))[0]


def weekday_date(weekday: int, anchor: dt.date, tense: Tense | None = None,
                 rel: int | None = None) -> dt.date | None:
    """The date of ISO ``weekday`` (1 = Monday) nearest to ``anchor`` in the direction given:
    ``rel`` -1 (strictly before), +1 (strictly after), 0 (in the anchor's week); otherwise by
    tense: future -> on or after the anchor, anything else -> on or before it."""
    diff = weekday - anchor.isoweekday()
    if rel == 0:
        return _shift(anchor, diff)
    if rel == -1:
        back = (anchor.isoweekday() - weekday) % 7 or 7
        return _shift(anchor, -back)
    if rel == 1:
        fwd = diff % 7 or 7
        return _shift(anchor, fwd)
    if tense == "future":
        return _shift(anchor, diff % 7)
    return _shift(anchor, -((anchor.isoweekday() - weekday) % 7))


def _rel_step(word: str | None, lex: Lexicon) -> int | None:
    if not word:
        return None
    return lex.relatives.get(_norm_words(word))


def _with_part(date_value: str, part: str | None, lex: Lexicon) -> tuple[str, str]:
    if part:
        code = lex.parts_of_day.get(part.lower())
        if code:
            return f"{date_value}T{code}", "TIME"
    return date_value, "DATE"


# --- resolvers ----------------------------------------------------------------------------

def r_date(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    month = _month_of(_g(m, "month"), lex) or (int(m.group("mnum")) if _g(m, "mnum") else None)
    day = _day_of(_g(m, "day"))
    if month is None or day is None:
        return None
    year = _year_of(m, ctx, "year")
    yy = _g(m, "yy")
    if yy:
        base = ctx.anchor.year if ctx.anchor else 2000
        year = min((c * 100 + int(yy) for c in (base // 100 - 1, base // 100)),
                   key=lambda c: abs(c - base))
    if year is None:
        year = infer_year(month, day, ctx)
        if year is None:
            return (f"XXXX-{month:02d}-{day:02d}" if _safe_date(2000, month, day) else None,
                    "DATE")
    d = _safe_date(year, month, day)
    if d is None:
        return None
    hour, minute = _g(m, "hour"), _g(m, "minute")
    if hour and minute:
        return f"{_ymd(d)}T{int(hour):02d}:{int(minute):02d}", "TIME"
    return _ymd(d), "DATE"


def r_month(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    month = _month_of(_g(m, "month"), lex)
    if month is None:
        return None
    year = _year_of(m, ctx, "year")
    if year is None and _g(m, "spelled"):
        year = spelled_year(m.group("spelled"), lex)
    rel = _rel_step(_g(m, "rel"), lex)
    a = ctx.anchor
    if year is None and rel is not None and a is not None:
        if rel < 0:
            year = a.year if month < a.month else a.year - 1
        elif rel > 0:
            year = a.year if month > a.month else a.year + 1
        else:
            year = a.year
    if year is None:
        year = infer_year(month, None, ctx)
    if year is None:
        return f"XXXX-{month:02d}", "DATE"
    return f"{year:04d}-{month:02d}", "DATE"


_COUNTED = re.compile(
    r"\s+(?:more\s+|other\s+|new\s+|additional\s+)?"
    r"(?!(?:this|thus|plus|less|unless|across|always|perhaps|whereas|does|goes|yes|its|his|"
    r"hers|ours|was|has|is|as|us)\b)"
    r"(?:[a-z]{2,}s|people|men|women|children|police|personnel|staff)\b")
_YEAR_INTRO = re.compile(
    r"(?:\b(?:the|its|his|her|their|our|your|this|that|in|of|since|by|from|until|till|"
    r"before|after|during|for|fiscal|early|late|mid|to|and|or)|'s|-)\s*$", re.IGNORECASE)


def r_year(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    year: int | None = None
    y = _g(m, "year")
    if y:
        year = int(y)
        if m.group(0).strip() == m.group("year") and _COUNTED.match(ctx.text, ctx.end) \
                and not _YEAR_INTRO.search(ctx.text, max(0, ctx.start - 20), ctx.start):
            return None  # "sent 1500 troops", "about 2000 people": a count, not a year
    elif _g(m, "yy"):
        yy = int(m.group("yy"))
        base = ctx.anchor.year if ctx.anchor else 2000
        cands = [c * 100 + yy for c in (base // 100 - 1, base // 100, base // 100 + 1)]
        year = min(cands, key=lambda c: abs(c - base))
    elif _g(m, "spelled"):
        year = spelled_year(m.group("spelled"), lex)
    if year is None:
        return None
    season = _g(m, "season2")
    if season:
        code = lex.seasons.get(season)
        return (f"{year:04d}-{code}", "DATE") if code else None
    return f"{year:04d}", "DATE"


def r_decade(m: re.Match[str], ctx: Context) -> Resolved:
    d = _g(m, "decade")
    if d:
        return d[:3], "DATE"
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}
    tens = _g(m, "decade2") or _g(m, "decade3")
    digit = int(tens[0]) if tens else words.get(_g(m, "decword") or "", -1)
    if digit < 0:
        return None
    ay = ctx.anchor.year if ctx.anchor else 1999
    century = ay // 100
    if century * 100 + digit * 10 > ay:
        century -= 1
    return f"{century * 10 + digit:03d}", "DATE"


def r_century(m: re.Match[str], ctx: Context) -> Resolved:
    c = _g(m, "century") or ""
    ordinal_words = {"eleven": 11, "twelf": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                     "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                     "twentieth": 20, "twenty-first": 21}
    digits = re.match(r"\d+", c)
    if digits:
        n = int(digits.group())
    else:
        n = next((v for k, v in ordinal_words.items() if c.startswith(k)), 0)
    if not n:
        return None
    return f"{n - 1:02d}", "DATE"


def _q_value(year: int, q: int) -> str:
    return f"{year:04d}-Q{q}"


def r_quarter(m: re.Match[str], ctx: Context) -> Resolved:
    a = ctx.anchor
    qword = _g(m, "quarter")
    qnum = _g(m, "qnum") or _g(m, "qnum2")
    ordinal = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
               "4th": 4, "final": 4, "last": 4}
    q = ordinal.get(qword or "") if qword else (int(qnum[1]) if qnum else None)
    recent = ctx.last_quarter if ctx.start - ctx.last_quarter_at < 600 else None
    if q is None and _g(m, "bare"):
        ended = _QUARTER_ENDED.match(ctx.text, ctx.end)
        month = _month_of(ended.group(1), ctx.lexicon) if ended else None
        if month is not None:
            year = _year_of(m, ctx, "year") or infer_year(month, 28, Context(
                lexicon=ctx.lexicon, anchor=a, tense="past"))
            return (_q_value(year, _quarter(month)) if year else None), "DATE"
        year = _year_of(m, ctx, "year")
        if year is not None and _g(m, "bare") == "period" and not recent:
            return f"{year:04d}", "DATE"  # "the 1988 period" with no quarter in view
        if year is not None:
            qq = recent[1] if recent else (_quarter(a.month) - 2) % 4 + 1 if a else None
            return (_q_value(year, qq) if qq else f"{year:04d}-QX"), "DATE"
    if q is not None:
        year = _year_of(m, ctx, "year", "year2")
        if year is None and _g(m, "ago") and a:
            year = (recent[0] if recent else a.year) - 1
        if year is None:
            if a is None:
                return f"XXXX-Q{q}", "DATE"
            else:
                aq = _quarter(a.month)
                if q <= aq:
                    year = a.year
                elif ctx.tense == "past":
                    year = a.year - 1
                else:  # the nearer of this year's (ahead) and last year's (behind)
                    year = a.year if q - aq < 2 or ctx.tense == "future" else a.year - 1
        return _q_value(year, q), "DATE"
    # relative quarter: "the latest quarter", "the year-earlier quarter", "the quarter"
    if a is None:
        return None, "DATE"
    rels = [_norm_words(r) for r in re.findall(
        r"year-earlier|year-ago|prior-year|year-before|comparable|corresponding|"
        r"this\s+past|this\s+coming|[a-z]+", m.group(0).lower())]
    step = 0
    back_year = any(r in ("year earlier", "year ago", "prior year", "year before") for r in rels)
    if _g(m, "yrel"):
        back_year = True
    for r in rels:
        s = ctx.lexicon.relatives.get(r)
        if s is not None:
            step = s
            break
    if recent and (_g(m, "bare") or back_year or "same" in rels):
        year, q = recent
    else:
        year, q = a.year, _quarter(a.month)
        if _g(m, "bare") or back_year or any(r in ("comparable", "corresponding") for r in rels):
            step = -1 if step == 0 else step
        k = year * 4 + (q - 1) + step
        year, q = k // 4, k % 4 + 1
    if back_year:
        year -= 1
    return _q_value(year, q), "DATE"


_ENDED = re.compile(r"\s+(?:ended|ending|ends|to)\b", re.IGNORECASE)


def r_the_year(m: re.Match[str], ctx: Context) -> Resolved:
    """ "the year" (the anchor's year; a span of a year, P1Y, in "the year ended March 31"),
    "the current/full year" (the anchor's year), "the latest/past year" (the year before)."""
    which = _g(m, "which")
    a = ctx.anchor
    text = m.group(0).lower()
    if which in ("current", "full", "calendar") or text.startswith("this") or _g(m, "edge"):
        return (f"{a.year:04d}" if a else None), "DATE"
    if which in ("latest", "past"):
        return (f"{a.year - 1:04d}" if a else None), "DATE"
    if _ENDED.match(ctx.text, ctx.end) or a is None:
        return "P1Y", "DURATION"  # "the year ended March 31": a twelve-month span
    return f"{a.year:04d}", "DATE"  # "for the year", "a high for the year": this year


_QUARTER_ENDED = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends|closed|to)\s+"
                            r"([A-Za-z]+)\.?\s+\d", re.IGNORECASE)


def r_anaphoric(m: re.Match[str], ctx: Context) -> Resolved:
    """ "the following year", "that month", "the same day", "later that year": relative to
    the last explicit date the text mentioned (else to the anchor)."""
    lex = ctx.lexicon
    unit = lex.unit(_g(m, "unit") or "")
    rel = _g(m, "rel")
    step = {"following": 1, "previous": -1, "preceding": -1, "prior": -1}.get(rel or "", 0)
    ref = ctx.last_date
    if ref is None:
        if ctx.anchor is None:
            return None, "DATE"
        ref = (ctx.anchor.year, ctx.anchor.month, ctx.anchor.day)
    year, month, day = ref
    if unit == "year":
        return f"{year + step:04d}", "DATE"
    if unit == "month" and month is not None:
        y, mo = _add_months(year, month, step)
        return f"{y:04d}-{mo:02d}", "DATE"
    if unit in ("day", "week") and month is not None and day is not None:
        base = _safe_date(year, month, day)
        d = _shift(base, step * (7 if unit == "week" else 1)) if base else None
        if d is None:
            return None, "DATE"
        return (_ymd(d) if unit == "day" else _week(d)), "DATE"
    return None, "DATE"


# "ended the day up 2%", "for the day", "later in the day": the trading or news day at hand
_THE_DAY_BEFORE = re.compile(
    r"\b(?:end|ends|ended|ending|finish|finishes|finished|finishing|for|later\s+in|"
    r"(?:rest|remainder|start|beginning)\s+of)\s+$", re.IGNORECASE)


def r_the_day(m: re.Match[str], ctx: Context) -> Resolved:
    """ "the day" after "end/finish/for/later in": the day the text is about, i.e. the last
    full date it mentioned if that lies within the week before the anchor, else the anchor."""
    if not _THE_DAY_BEFORE.search(ctx.text, max(0, ctx.start - 25), ctx.start):
        return None
    a = ctx.anchor
    if a is None:
        return None, "DATE"
    ref = ctx.last_date
    if ref is not None and ref[1] is not None and ref[2] is not None:
        d = _safe_date(*ref)  # type: ignore[arg-type]
        if d is not None and -7 <= (d - a).days <= 1:
            return _ymd(d), "DATE"
    return _ymd(a), "DATE"


def _easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian, the anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def holiday_date(rule: str, year: int) -> dt.date | None:
    """The date of a holiday rule of time.yaml ("12-25", "11-22/4", "easter-2") in ``year``."""
    e = re.fullmatch(r"easter([+-]\d+)", rule)
    if e:
        return _shift(_easter(year), int(e.group(1)))
    f = re.fullmatch(r"(\d\d)-(\d\d)(?:/([1-7]))?", rule)
    if not f:
        return None
    d = _safe_date(year, int(f.group(1)), int(f.group(2)))
    if d is None or not f.group(3):
        return d
    return _shift(d, (int(f.group(3)) - d.isoweekday()) % 7)


def r_holiday(m: re.Match[str], ctx: Context) -> Resolved:
    """ "Thanksgiving Day", "last Christmas", "Easter": that day of the year the tense (or
    last/next) points to, as for a month and day without a year."""
    name = _norm_words((_g(m, "holiday") or "").replace("\u2019", "'"))
    rule = ctx.lexicon.holidays.get(name)
    if rule is None or not m.group("holiday")[:1].isupper():
        return None  # a proper name: "election day" in lower case may be any country's
    a = ctx.anchor
    if a is None:
        d0 = holiday_date(rule, 2001)
        fixed = re.fullmatch(r"\d\d-\d\d", rule)
        return (f"XXXX-{d0.month:02d}-{d0.day:02d}" if d0 and fixed else None), "DATE"
    dates = [d for d in (holiday_date(rule, y) for y in (a.year - 1, a.year, a.year + 1)) if d]
    rel = _norm_words(_g(m, "rel") or "")
    if rel in ("last", "this past"):
        pick = max((d for d in dates if d < a), default=None)
    elif rel in ("next", "this coming"):
        pick = min((d for d in dates if d > a), default=None)
    elif rel == "this":
        pick = min(dates, key=lambda d: abs((d - a).days), default=None)
    else:
        past = [d for d in dates if d <= a]
        ahead = [d for d in dates if d >= a]
        near_past = max(past, default=None)
        near_ahead = min(ahead, default=None)
        reach = 300 if ctx.tense == "past" else 200
        if ctx.tense == "future" and near_ahead:
            pick = near_ahead
        elif ctx.tense != "future" and near_past and (a - near_past).days <= reach:
            pick = near_past
        else:
            pick = min(dates, key=lambda d: abs((d - a).days), default=None)
    return (_ymd(pick) if pick else None), "DATE"


def r_half(m: re.Match[str], ctx: Context) -> Resolved:
    h = 1 if _g(m, "half") == "first" else 2
    year = _year_of(m, ctx, "year")
    if year is None:
        year = ctx.anchor.year if ctx.anchor else None
    return (f"{year:04d}-H{h}" if year is not None else f"XXXX-H{h}"), "DATE"


def _season_year(code: str, ctx: Context, step: int | None) -> int | None:
    a = ctx.anchor
    if a is None:
        return None
    idx = _ORDER.index(code)
    # the season holding the anchor; a winter belongs to the year it starts in (TimeML writes
    # December 1998 - February 1999 as 1998-WI)
    cur_idx = {12: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3}[a.month]
    cur_year = a.year - 1 if a.month in (1, 2) else a.year

    def ordinal(year: int, i: int) -> int:
        """Seasons counted in order: spring, summer, fall, then that year's winter."""
        return year * 4 + (i if i else 4)

    cur = ordinal(cur_year, cur_idx)
    cands = [(y, ordinal(y, idx) - cur) for y in (cur_year - 1, cur_year, cur_year + 1)]
    if step is not None and step < 0:
        past = [c for c in cands if c[1] < 0]
        return max(past, key=lambda c: c[1])[0] if past else None
    if step is not None and step > 0:
        fut = [c for c in cands if c[1] > 0]
        return min(fut, key=lambda c: c[1])[0] if fut else None
    if step == 0:  # "this summer": the current or nearest one (ahead, on a tie)
        return min(cands, key=lambda c: (abs(c[1]), c[1] < 0))[0]
    if ctx.tense == "future":
        fut = [c for c in cands if c[1] >= 0]
        return min(fut, key=lambda c: c[1])[0]
    past = [c for c in cands if c[1] <= 0]
    return max(past, key=lambda c: c[1])[0]


def r_season(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    word = _g(m, "season") or _g(m, "season2")
    code = lex.seasons.get(word or "")
    if code is None:
        return None
    text = m.group(0).lower()
    year = _year_of(m, ctx, "year")
    if year is None and _g(m, "spelled"):
        year = spelled_year(m.group("spelled"), lex)
    rel_word = _g(m, "rel")
    if year is None and rel_word is None and not re.match(r"(the|early|late|mid)\b", text):
        # a bare "fall"/"spring" is too often a verb or a noun: only "in (the) spring" counts
        before = ctx.text[max(0, ctx.start - 4):ctx.start].lower()
        if not before.endswith("in "):
            return None
    if year is None:
        year = _season_year(code, ctx, _rel_step(rel_word, lex))
    return (f"{year:04d}-{code}" if year is not None else f"XXXX-{code}"), "DATE"


_PART_CLAUSE_AFTER = re.compile(
    r"\s+(?:of|before|after|when|that|which|the|a|an|he|she|they|it|we|i|you|his|her|their)\b",
    re.IGNORECASE)


def r_deictic(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    word = _norm_words(_g(m, "word") or "")
    part = _g(m, "part")
    a = ctx.anchor
    offsets = {"today": 0, "tonight": 0, "overnight": 0, "yesterday": -1, "tomorrow": 1,
               "the day before yesterday": -2, "the day after tomorrow": 2, "this": 0,
               "the": 0, "that": 0, "last": -1}
    if word == "the" and _PART_CLAUSE_AFTER.match(ctx.text, ctx.end):
        return None  # "the night of Friday, Oct. 23", "the night the plane went down"
    if word not in offsets:
        return None
    if word in ("tonight", "overnight"):
        part = part or "night"
    if word == "last" and part and part != "night":
        return None  # "last morning" is not English; "last night" is
    if a is None:
        return _with_part("XXXX-XX-XX", part, lex) if part else (None, "DATE")
    d = _shift(a, offsets[word])
    if d is None:
        return None
    return _with_part(_ymd(d), part, lex)


def r_weekday(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    wd_word = (_g(m, "weekday") or "").rstrip(".")
    wd = lex.weekdays.get(wd_word)
    if wd is None:
        return None
    raw = m.group("weekday")
    if wd_word in ("sun", "sat", "wed", "mon") and not raw[0].isupper():
        return None
    rel = _rel_step(_g(m, "rel"), lex)
    part = _g(m, "part")
    if ctx.anchor is None:
        return _with_part(f"XXXX-WXX-{wd}", part, lex)
    d = weekday_date(wd, ctx.anchor, ctx.tense, rel)
    if d is None:
        return None
    return _with_part(_ymd(d), part, lex)


def _weekend(a: dt.date, ctx: Context, step: int | None) -> str | None:
    if step is None:
        step = 0 if a.isoweekday() >= 6 or ctx.tense == "future" else -1
    d = _shift(a, 7 * step)
    return f"{_week(d)}-WE" if d else None


def r_relative(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    a = ctx.anchor
    if _g(m, "end"):
        return (f"{a.year:04d}" if a else None), "DATE"
    unit = lex.unit(_g(m, "unit") or "")
    if unit is None:
        return None
    rel_word = _g(m, "rel") or _g(m, "rel2")
    step = _rel_step(rel_word, lex) if rel_word else None
    if _g(m, "dir"):
        step = 0 if (rel_word or "this") == "this" else step
    if a is None:
        return None, "DATE"
    if unit == "weekend":
        return _weekend(a, ctx, step), "DATE"
    if step is None:
        step = 0
    if unit in ("week", "fortnight"):
        d = _shift(a, 7 * step)
        return (_week(d) if d else None), "DATE"
    if unit == "month":
        y, mo = _add_months(a.year, a.month, step)
        return f"{y:04d}-{mo:02d}", "DATE"
    if unit == "year":
        return f"{a.year + step:04d}", "DATE"
    if unit in ("decade", "century") and _norm_words(rel_word or "") in ("past", "previous"):
        return ("P10Y" if unit == "decade" else "P100Y"), "DURATION"  # the last ten years
    if unit == "decade":
        return f"{a.year // 10 + step:03d}", "DATE"
    if unit == "century":
        return f"{a.year // 100 + step:02d}", "DATE"
    return None


def _duration(n: float | None, unit: str, lex: Lexicon) -> str | None:
    code = lex.units.get(unit)
    if code is None:
        return None
    if n is not None and not float(n).is_integer():
        # 1.5 years -> P18M, 2.5 days -> P60H ... (TIMEX3 wants whole numbers)
        finer = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"),
                 "H": (60, "MIN"), "DE": (10, "Y")}
        if code in finer:
            mult, code = finer[code]
            n = round(n * mult)
    num = "X" if n is None else _num_text(n)
    if code == "2W":
        return f"P{'X' if n is None else _num_text(2 * n)}W"
    if code == "DE":
        return f"P{_num_text(10 * n)}Y" if n is not None else "PXY"  # "decades": years, unknown
    if code == "CE":
        return f"P{_num_text(100 * n)}Y" if n is not None else "PXC"
    if code in ("H", "S"):
        return f"PT{num}{code}"
    if code == "MIN":
        return f"PT{num}M"
    return f"P{num}{code}"


def r_duration(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    text = _norm_words(m.group(0))
    if text in lex.references:
        return lex.references[text], "DATE"
    unit_word = _g(m, "unit") or _g(m, "unit2") or ""
    unit = lex.unit(unit_word)
    if unit is None:
        return None
    n: float | None
    if _g(m, "long") and not unit_word.endswith("s"):
        n = 1.0  # "a day-long meeting"
    elif _g(m, "num"):
        n = number(m.group("num"), lex)
        if n is None:
            return None
        if n == 0 or n > 10_000 or re.fullmatch(r"1[6-9]\d\d|20\d\d", m.group("num").strip()):
            return None
    else:
        n = None
    if unit == "quarter" and n in (1, 3) and not _g(m, "rel") and \
            re.search(r"(?:a|an|one|three)[\s-]+quarters?$", m.group(0), re.IGNORECASE) and \
            _FRACTION_OF.match(ctx.text, ctx.end):
        return None  # "three-quarters of its food", "about a quarter of the market"
    if unit == "second" and _norm_words(_g(m, "num") or "") in ("a", "an") and \
            not _SECOND_AFTER.match(ctx.text, ctx.end):
        return None  # "a second group", "a second A380": the ordinal, not one second
    value = _duration(n, unit, lex)
    if value and _norm_words(_g(m, "num") or "") in ("a", "an") and _RATE_BEFORE.search(
            ctx.text, max(0, ctx.start - 40), ctx.start) and not _NOT_RATE_AFTER.match(
            ctx.text, ctx.end) and not _YEAR_BEFORE.search(
            ctx.text, max(0, ctx.start - 8), ctx.start):
        return value, "SET"  # a rate: "$2 million a year", "700 seats a week"
    return (value, "DURATION") if value else None


_FRACTION_OF = re.compile(
    r"\s*,?\s+of\s+(?!(?:the\s+)?(?:fiscal\s+|calendar\s+)?(?:year|\d{4}|this|last|next)\b)",
    re.IGNORECASE)
_SECOND_AFTER = re.compile(r"\s*(?:[.,;:!?)]|$|(?:or|and|later|earlier|ago|before|after|"
                           r"too|of\s+(?:silence|delay))\b)", re.IGNORECASE)
_NOT_RATE_AFTER = re.compile(r"\s+(?:after|before|later|earlier|ago|or|and\s+a\s+half)\b",
                             re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"\b(?:1[6-9]|20)\d\d,?\s+$")  # "in 2011, a year after the book"
_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|thousand|hundred|percent|cents?|dollars?))[%\w,.]*"
    r"(?:\s+[a-z]+s)?\s+$")


_SIGNALS = frozenset({"earlier", "later", "before", "after", "previously"})


def r_ago(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    unit = lex.unit(_g(m, "unit") or "")
    if unit is None:
        return None
    d = _norm_words(_g(m, "dir") or "ago")
    sign = 1 if d in ("later", "after", "from now", "hence") else -1
    n = number(_g(m, "num"), lex) if _g(m, "num") else 1.0
    if d in _SIGNALS and (_g(m, "vague") or (_g(m, "num") and not (
            unit in ("year", "quarter") and n == 1 and d in ("earlier", "later")))):
        # "three days later", "a month after Qantas suspended...", "several months before
        # he took office": TimeML marks the span only ("three days", DURATION) and leaves the
        # signal out; only the reporting idiom "a year earlier" names a date
        return None
    if _g(m, "vague"):
        return ("FUTURE_REF" if sign > 0 else "PAST_REF"), "DATE"
    a = ctx.anchor
    if n is None:
        return None
    if a is None:
        return None, "DATE"
    if d in ("earlier", "later", "before", "after", "previously", "back") and unit == "year":
        recent = ctx.last_quarter if ctx.start - ctx.last_quarter_at < 600 else None
        if recent and float(n).is_integer():
            return _q_value(recent[0] + sign * int(n), recent[1]), "DATE"
    elif unit == "year" and float(n).is_integer():
        recent = ctx.last_quarter if ctx.start - ctx.last_quarter_at < 300 else None
        if recent:
            return _q_value(a.year + sign * int(n), recent[1]), "DATE"
    k = sign * n
    if unit in ("year", "decade", "century"):
        years = k * {"year": 1, "decade": 10, "century": 100}[unit]
        if not float(years).is_integer():
            y, mo = _add_months(a.year, a.month, round(years * 12))
            return f"{y:04d}-{mo:02d}", "DATE"
        return f"{a.year + int(years):04d}", "DATE"
    if unit == "quarter":
        q = a.year * 4 + _quarter(a.month) - 1 + round(k)
        return _q_value(q // 4, q % 4 + 1), "DATE"
    if unit == "month":
        y, mo = _add_months(a.year, a.month, round(k))
        return f"{y:04d}-{mo:02d}", "DATE"
    if unit in ("week", "fortnight", "weekend"):
        days = round(k * (14 if unit == "fortnight" else 7))
        dd = _shift(a, days)
        return (_ymd(dd) if dd else None), "DATE"
    if unit in ("day", "night"):
        dd = _shift(a, round(k))
        return (_ymd(dd) if dd else None), "DATE"
    if unit in ("hour", "minute", "second"):
        return _ymd(a), "DATE"
    return None


def r_clock(m: re.Match[str], ctx: Context) -> Resolved:
    named = _g(m, "named")
    date_part = _ymd(ctx.anchor) if ctx.anchor else "XXXX-XX-XX"
    if named:
        if re.search(r"\bhigh\s+$", ctx.text[max(0, ctx.start - 6):ctx.start], re.IGNORECASE):
            return None  # "High Noon", the film; "high noon comes today"
        return f"{date_part}T{'24:00' if named == 'midnight' else '12:00'}", "TIME"
    hour = int(m.group("hour"))
    minute = int(m.group("minute")) if _g(m, "minute") else 0
    ampm = (_g(m, "ampm") or "").replace(".", "")
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 24:
        return None
    zone = "Z" if (_g(m, "tz") or "").upper() in ("UTC", "GMT") else ""
    return f"{date_part}T{hour:02d}:{minute:02d}{zone}", "TIME"


# "as soon as", "soon after the vote", "shortly before noon", "the soon-to-open terminal": a
# conjunction or a modifier of another time, not a reference to the future
_SOON_BEFORE = re.compile(r"\bas\s+$", re.IGNORECASE)
_SOON_AFTER = re.compile(r"\s*(?:-|\s(?:after|before|afterwards?|as|thereafter)\b)",
                         re.IGNORECASE)


def r_reference(m: re.Match[str], ctx: Context) -> Resolved:
    word = _norm_words(m.group("ref"))
    value = ctx.lexicon.references.get(word)
    if word in ("soon", "shortly") and (
            _SOON_BEFORE.search(ctx.text, max(0, ctx.start - 4), ctx.start)
            or _SOON_AFTER.match(ctx.text, ctx.end) or ctx.tense == "past"):
        return None  # ... or a past ("it soon became a flood"): narrative sequence
    return (value, "DATE") if value else None


def r_frequency(m: re.Match[str], ctx: Context) -> Resolved:
    value = ctx.lexicon.frequencies.get(_norm_words(m.group("freq")))
    return (value, "SET") if value else None


def r_every(m: re.Match[str], ctx: Context) -> Resolved:
    lex = ctx.lexicon
    wd = _g(m, "weekday")
    if wd:
        w = lex.weekdays.get(wd.rstrip(".").rstrip("s")) or lex.weekdays.get(wd.rstrip("."))
        code = lex.parts_of_day.get((_g(m, "part") or "").rstrip("s"))
        return (f"XXXX-WXX-{w}" + (f"T{code}" if code else ""), "SET") if w else None
    season = _g(m, "season")
    if season:
        return f"XXXX-{lex.seasons[season]}", "SET"
    month = _month_of(_g(m, "month"), lex)
    if month:
        return f"XXXX-{month:02d}", "SET"
    part = _g(m, "part")
    if part:
        return f"XXXX-XX-XXT{lex.parts_of_day[part]}", "SET"
    unit = lex.unit(_g(m, "unit") or "")
    if unit is None:
        return None
    n = number(_g(m, "num"), lex) if _g(m, "num") else 1.0
    if _g(m, "other"):
        n = 2.0
    value = _duration(n, unit, lex)
    return (value, "SET") if value else None


RESOLVERS: dict[str, Callable[[re.Match[str], Context], Resolved]] = {
    "date": r_date,
    "month": r_month,
    "year": r_year,
    "decade": r_decade,
    "century": r_century,
    "quarter": r_quarter,
    "half": r_half,
    "anaphoric": r_anaphoric,
    "the_day": r_the_day,
    "holiday": r_holiday,
    "the_year": r_the_year,
    "season": r_season,
    "deictic": r_deictic,
    "weekday": r_weekday,
    "relative": r_relative,
    "ago": r_ago,
    "duration": r_duration,
    "clock": r_clock,
    "reference": r_reference,
    "frequency": r_frequency,
    "every": r_every,
}


_EVENT_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
_QUARTER_VALUE = re.compile(r"^(\d{4})-(?:Q\d|H\d|W\d\d(?:-.*)?|SP|SU|FA|WI)$")


def event_date(value: str | None) -> str | None:
    """A TIMEX3 value reduced to the gold event-date form: ``"2025-01-23"`` (a day, also
    from a time of day), ``"2025-01"`` (a month, also from a week inside one month), ``"2025"``
    (a year, also from a quarter, half or season), or None (durations, sets, ``*_REF``,
    decades, unknown parts)."""
    if not value:
        return None
    m = _EVENT_DATE.match(value)
    if m:
        y, mo, d = m.groups()
        if d:
            return f"{y}-{mo}-{d}"
        return f"{y}-{mo}" if mo else y
    wk = re.match(r"^(\d{4})-W(\d\d)", value)
    if wk:
        try:
            start = dt.date.fromisocalendar(int(wk.group(1)), int(wk.group(2)), 1)
        except ValueError:
            return wk.group(1)
        end = start + dt.timedelta(days=6)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.year:04d}-{start.month:02d}"
        return f"{start.year:04d}" if start.year == end.year else None
    q = _QUARTER_VALUE.match(value)
    if q:
        return q.group(1)
    return None
