"""Finding time expressions in text: compiled patterns, longest match, then resolution.

    scan(text, anchor, tense_at=None) -> list[Timex]

1. the rules of ``time_patterns.yaml`` (compiled regexes, no tokens) run over the stretches of
   text around time words, each rule only where the kinds of word it ``needs`` occur;
2. overlapping candidates are reduced to the longest (ties: the rule listed first), skipping a
   candidate whose resolver rejects it so that a shorter reading can take its place;
3. a premodifier just before an expression joins its extent ("late 2022", "the end of 1990");
   a clock time and the date next to it become one expression ("5 p.m. EST Nov. 9");
4. the expressions are resolved in text order, so that "the quarter" or "a year earlier" can
   refer to the last quarter the text mentioned.

The tense of the clause (which way "Thursday" points) comes from ``tense_at(start, end)``:
a callable that the spaCy component builds from the parse; without one, a cheap look at the
words of the clause decides between future and not-future.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from parley.nlp.time.lexicon import Grammar, Rule, grammar
from parley.nlp.time.resolve import RESOLVERS, Context, Resolved, Tense, parse_anchor
from parley.records import Timex

log = logging.getLogger(__name__)

TenseFn = Callable[[int, int], "Tense | None"]

_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|won't|wo\s*n't|'ll|going\s+to|plans?\s+to|planned\s+to|expects?\s+to|"
    r"expected\s+to|scheduled|is\s+to|are\s+to|set\s+to|due\s+to|intends?\s+to)\b"
    r"(?:(?!\b(?:that|which|who|after|before|when|since|because|while|as|and|but)\b)"
    r"[^.;:!?,\"'`])*$",
    re.IGNORECASE)
_CLOCK_JOIN = re.compile(r"^\s*(?:,\s*|on\s+|of\s+)?$", re.IGNORECASE)


@dataclass
class _Cand:
    start: int
    end: int
    rule: Rule
    order: int
    match: re.Match[str]


def text_tense(text: str, start: int, end: int) -> Tense | None:
    """"future" when the clause around text[start:end] has a future marker, else None."""
    lo = max(0, start - 80)
    if _FUTURE_BEFORE.search(text, lo, start):
        return "future"
    return None


def _candidates(g: Grammar, text: str) -> list[_Cand]:
    out = []
    windows = g.windows(text)
    for order, rule in enumerate(g.rules):
        needs = rule.needs
        for ws, we, kinds in windows:
            if needs and needs.isdisjoint(kinds):
                continue
            pos = ws
            while pos < we:
                m = rule.regex.search(text, pos, we)
                if m is None:
                    break
                s, e = m.span()
                pos = max(e, s + 1)
                while e > s and text[e - 1] in " \t\n,":
                    e -= 1
                # an expression never runs across a line break (a title into a date line):
                # try again from the line after it ("Friday\nSeptember 18, 2008")
                nl = text.find("\n", s, e)
                if nl >= 0:
                    pos = nl + 1
                elif e > s:
                    out.append(_Cand(s, e, rule, order, m))
    return out


def _resolve(c: _Cand, ctx: Context) -> Resolved:
    """The resolver's answer; a resolver that fails on an odd match (a bug in a rule) costs
    that one expression, logged, never the document."""
    try:
        return RESOLVERS[c.rule.resolver](c.match, ctx)
    except (IndexError, KeyError, ValueError, OverflowError, TypeError) as exc:
        log.warning("time rule %r failed on %r: %s: %s", c.rule.name, c.match.group(0),
                    type(exc).__name__, exc)
        return None


def _select(g: Grammar, text: str, cands: list[_Cand], anchor: dt.date | None) \
        -> list[_Cand]:
    cands.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[_Cand] = []
    for c in cands:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        ctx = Context(lexicon=g.lexicon, anchor=anchor or dt.date(2000, 1, 1), text=text,
                      start=c.start, end=c.end)
        if _resolve(c, ctx) is None:
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def scan(text: str, anchor: dt.date | str | None = None,
         tense_at: TenseFn | None = None) -> list[Timex]:
    """All time expressions of ``text``, resolved against ``anchor``."""
    if not text:
        return []
    g = grammar()
    a = parse_anchor(anchor)

    def default_tense(s: int, e: int) -> Tense | None:
        return text_tense(text, s, e)

    tense_fn = tense_at or default_tense
    chosen = _select(g, text, _candidates(g, text), a)
    ctx = Context(lexicon=g.lexicon, anchor=a, text=text)
    out: list[Timex] = []
    for c in chosen:
        ctx.start, ctx.end = c.start, c.end
        ctx.tense = _lean(text, c.start, tense_fn(c.start, c.end),
                          near=c.rule.resolver in ("weekday", "clock"))
        resolved = _resolve(c, ctx)
        if resolved is None:
            continue
        value, ttype = resolved
        start = c.start
        if ttype in ("DATE", "TIME"):
            pm = g.premodifier.search(text, max(0, start - 30), start)
            if pm and (not out or out[-1].end <= pm.start()):
                start = pm.start()
        if ttype == "DATE" and _ATTRIBUTIVE_QUARTER.match(text, start, c.end):
            start = text.index(" ", start) + 1  # "the third-quarter loss": an adjective
        elif ttype == "DURATION" and _ATTRIBUTIVE.match(text, start, c.end):
            # "the eight-year war", "the 30-day rate", "the two day rally": the article
            # belongs to the noun that the duration modifies
            start = text.index(" ", start) + 1
        if value and ttype == "DATE":
            d = _ABSOLUTE.match(value)
            if d:
                ctx.last_date = (int(d.group(1)), int(d.group(2)) if d.group(2) else None,
                                 int(d.group(3)) if d.group(3) else None)
        if value and c.rule.name in ("quarter", "quarter_code") and not _has(c.match, "ago"):
            q = re.match(r"^(\d{4})-Q([1-4])$", value)
            if q:
                ctx.last_quarter = (int(q.group(1)), int(q.group(2)))
                ctx.last_quarter_at = c.start
        tx = Timex(start=start, end=c.end, text=text[start:c.end], type=ttype,  # type: ignore[arg-type]
                   value=value)
        out.append(tx)
    return _join_clock_times(text, out)


_ATTRIBUTIVE = re.compile(
    r"the\s+(?:\d+|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
    r"\w+ty)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)[\s-]"
    r"(?:year|month|week|day|hour|minute|decade|"
    r"century)(?:-long)?$", re.IGNORECASE)
_ATTRIBUTIVE_QUARTER = re.compile(
    r"the\s+(?:fiscal\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)-quarter$",
    re.IGNORECASE)
_ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$")
# words that make a date a deadline or a start, hence ahead of the report unless the clause
# is in the past ("payable Dec. 1", "effective Feb. 1", "until January")
_AHEAD_STRONG = re.compile(
    r"\b(?:payable|effective|due|expires?|expiring|starting|beginning|deadline\s+of)\s+"
    r"(?:on\s+|in\s+|at\s+)?$", re.IGNORECASE)
_AHEAD_WEAK = re.compile(r"\b(?:until|till|through|by|as\s+(?:early|soon)\s+as|"
                         r"(?:set|slated|scheduled|planned|expected)\s+(?:for|on))\s+"
                         r"(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)
# a clock time between the cue and the date ("until 9 a.m. EST Tuesday")
_CLOCK_BEFORE = re.compile(r"(?:\b(?:at\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?|o'clock)|"
                           r"noon|midnight)(?:\s+[ECMP][SD]?T|\s+GMT|\s+UTC)?,?\s+)$", re.IGNORECASE)


def _lean(text: str, start: int, tense: Tense | None, near: bool = False) -> Tense | None:
    """The tense that decides which way a date points, given the words just before it. A
    weekday (``near``) in a past clause stays in the past even after "expire" or "starting"
    ("the offer had been due to expire Friday"): a dividend payable Dec. 1 is declared weeks
    ahead, a deadline that passed last Friday is news."""
    clock = _CLOCK_BEFORE.search(text, max(0, start - 25), start)
    if clock:
        start = clock.start()
    before = text[max(0, start - 30):start]
    if _AHEAD_STRONG.search(before) and not (near and tense == "past"):
        return "future"
    if tense != "past" and _AHEAD_WEAK.search(before):
        return "future"
    return tense


def _has(m: re.Match[str], group: str) -> bool:
    try:
        return bool(m.group(group))
    except IndexError:
        return False


def _join_clock_times(text: str, timexes: list[Timex]) -> list[Timex]:
    """ "5 p.m. EST Nov. 9" / "noon Thursday" / "Thursday at 3 p.m.": one TIME expression."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        t = timexes[i]
        nxt = timexes[i + 1] if i + 1 < len(timexes) else None
        if (nxt is not None and t.type == "TIME" and t.value and re.search(r"T\d", t.value)
                and nxt.type == "DATE" and nxt.value
                and re.match(r"^\d{4}-\d\d-\d\d$", nxt.value)
                and _CLOCK_JOIN.match(text[t.end:nxt.start])):
            clock = t.value.split("T", 1)[1]
            out.append(Timex(start=t.start, end=nxt.end, text=text[t.start:nxt.end],
                             type="TIME", value=f"{nxt.value}T{clock}"))
            i += 2
            continue
        if (nxt is not None and t.type == "DATE" and t.value
                and re.match(r"^\d{4}-\d\d-\d\d$", t.value) and nxt.type == "TIME"
                and nxt.value and re.match(r"^XXXX|^\d{4}-\d\d-\d\dT\d", nxt.value)
                and re.match(r"^\s*,?\s*$", text[t.end:nxt.start])
                and nxt.text[:1].isdigit()):
            clock = nxt.value.split("T", 1)[1]
            out.append(Timex(start=t.start, end=nxt.end, text=text[t.start:nxt.end],
                             type="TIME", value=f"{t.value}T{clock}"))
            i += 2
            continue
        out.append(t)
        i += 1
    return out
