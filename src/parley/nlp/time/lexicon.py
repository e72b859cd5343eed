"""The time-expression lexicon and patterns, read from ``data/lexicons/time*.yaml``.

``time.yaml`` holds the words (months, weekdays, numbers, units, references...), and
``time_patterns.yaml`` the rules: a regular expression with ``{PLACEHOLDER}`` word lists, the
TIMEX3 type and the name of the resolver that computes the value. Both are compiled once per
process (:func:`grammar`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from parley.config import DATA_DIR
from parley.errors import ConfigError

LEXICON_DIR = DATA_DIR / "lexicons"

_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_CLOCK_AFTER = re.compile(r"\s*(?:[ap]\.?m\b|o'clock|[:.]\d\d|/\d)|\s+(?:[ECMP][SD]T|GMT|UTC)\b",
                          re.IGNORECASE)
_DECADE_AFTER = re.compile(r"'?s\b")
_QDIGIT = re.compile(r"[1-4]\b")
_YEAR_KIND = frozenset({"year"})
_CLOCK_KIND = frozenset({"clock"})
_DECADE_KIND = frozenset({"decade"})
_QCODE_KIND = frozenset({"qcode"})
_HOLIDAY_WORDS = frozenset({"christmas", "eve", "valentine", "halloween", "veterans",
                           "thanksgiving", "easter", "election", "labor", "memorial",
                           "presidents"})


@dataclass(frozen=True)
class Rule:
    """One compiled pattern of ``time_patterns.yaml``."""

    name: str
    type: str
    resolver: str
    regex: re.Pattern[str]
    needs: frozenset[str] = frozenset()  # kinds of word the stretch must hold; empty: any


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``time.yaml`` (all keys lower case)."""

    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    weekday_abbreviations: frozenset[str]
    numbers: dict[str, float]
    vague: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, str]
    plural_units: dict[str, str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    references: dict[str, str]
    frequencies: dict[str, str]
    relatives: dict[str, int]
    premodifiers: tuple[str, ...]
    holidays: dict[str, str]  # "thanksgiving" -> "11-22/4" (see time.yaml)

    def unit(self, word: str) -> str | None:
        """The singular unit name of ``word`` ("Years" -> "year"), None if not a unit."""
        w = word.lower().strip()
        w = self.plural_units.get(w, w)
        return w if w in self.units else None


@dataclass(frozen=True)
class Grammar:
    lexicon: Lexicon
    rules: tuple[Rule, ...]
    premodifier: re.Pattern[str]  # a premodifier ending right before an expression
    word_kinds: dict[str, frozenset[str]]  # lower-case trigger word -> its kinds ("month"...)

    def windows(self, text: str, pad: int = 45) -> list[tuple[int, int, frozenset[str]]]:
        """Stretches of ``text`` around words that can start or end a time expression (time
        words, years, clock times, quarter codes), each with the kinds of word it holds; the
        rules only run there, and only where the kinds they need are present, which keeps the
        recogniser cheap on long articles with few dates."""
        spans: list[tuple[int, int, frozenset[str]]] = []
        kinds_of = self.word_kinds
        for m in _TOKEN.finditer(text):
            w = m.group()
            if w[0].isdigit():
                if len(w) == 4 and "1600" <= w <= "2199":
                    kinds = _YEAR_KIND
                elif _CLOCK_AFTER.match(text, m.end()):
                    kinds = _CLOCK_KIND
                elif _DECADE_AFTER.match(text, m.end()):
                    kinds = _DECADE_KIND
                else:
                    continue
            else:
                found = kinds_of.get(w.lower())
                if found is None:
                    if w not in ("Q", "q") or not _QDIGIT.match(text, m.end()):
                        continue
                    found = _QCODE_KIND
                kinds = found
            s, e = max(0, m.start() - pad), min(len(text), m.end() + pad)
            if spans and s <= spans[-1][1]:
                spans[-1] = (spans[-1][0], e, spans[-1][2] | kinds)
            else:
                spans.append((s, e, kinds))
        return spans


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the time lexicon {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"the time lexicon {path} is not a mapping")
    return data


def _words(words: Any) -> list[str]:
    """Longest first, so that alternations prefer "a couple of" to "a"."""
    return sorted((str(w).lower() for w in words), key=lambda w: (-len(w), w))


def _norm(word: Any) -> str:
    """A multi-word key as the resolvers see it: lower case, single spaces, straight
    apostrophes ("New Year's  Day" -> "new year's day")."""
    return re.sub(r"[\s-]+", " ", str(word).lower().replace("\u2019", "'")).strip()


def _alt(words: Any) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _words(words))


def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    d = _load_yaml(directory / "time.yaml")
    return Lexicon(
        months={str(k).lower(): int(v) for k, v in d["months"].items()},
        ambiguous_months=frozenset(str(w).lower() for w in d.get("ambiguous_months", [])),
        weekdays={str(k).lower(): int(v) for k, v in d["weekdays"].items()},
        weekday_abbreviations=frozenset(
            str(w).lower() for w in d.get("weekday_abbreviations", [])),
        numbers={str(k).lower(): float(v) for k, v in d["number_words"].items()},
        vague=frozenset(str(w).lower() for w in d.get("vague_numbers", [])),
        ordinals={str(k).lower(): int(v) for k, v in d["ordinals"].items()},
        units={str(k).lower(): str(v) for k, v in d["units"].items()},
        plural_units={str(k).lower(): str(v) for k, v in d["plural_units"].items()},
        seasons={str(k).lower(): str(v) for k, v in d["seasons"].items()},
        parts_of_day={str(k).lower(): str(v) for k, v in d["parts_of_day"].items()},
        references={str(k).lower(): str(v) for k, v in d["references"].items()},
        frequencies={str(k).lower(): str(v) for k, v in d["frequencies"].items()},
        relatives={str(k).lower(): int(v) for k, v in d["relatives"].items()},
        premodifiers=tuple(_words(d.get("premodifiers", []))),
        holidays={_norm(k): str(v) for k, v in (d.get("holidays") or {}).items()},
    )


def _placeholders(lex: Lexicon) -> dict[str, str]:
    longest: dict[int, str] = {}
    for m, n in lex.months.items():
        if len(m) > len(longest.get(n, "")):
            longest[n] = m
    full_months = sorted(set(longest.values()))
    abbreviations = [m for m in lex.months if m not in full_months]

    def month_alt(names: list[str], with_abbrev: bool) -> str:
        parts = []
        for m in _words(names):
            if m in lex.ambiguous_months:
                parts.append(f"(?-i:{m.capitalize()}|{m.upper()})")
            else:
                parts.append(re.escape(m))
        alt = "|".join(parts)
        if with_abbrev:
            abbr = "|".join(
                f"(?-i:{m.capitalize()}|{m.upper()})\\.?" if m in lex.ambiguous_months
                else f"{re.escape(m)}\\.?" for m in _words(abbreviations))
            return f"(?:{alt}|{abbr})(?![\\w-])"
        return f"(?:{alt})(?![\\w-])"

    weekday_full = [w for w in lex.weekdays if w not in lex.weekday_abbreviations]
    weekday = "(?:" + _alt(weekday_full) + "|(?:" + "|".join(
        re.escape(w) for w in _words(lex.weekday_abbreviations)) + r")\.)(?![\w-])"
    units = list(lex.units) + list(lex.plural_units)
    ones = "one|two|three|four|five|six|seven|eight|nine"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    teens = ("ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
             "nineteen")
    number_words = _alt(lex.numbers)
    num = (rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|(?:{tens})(?:[\s-](?:{ones}))?|"
           rf"(?:{number_words})(?:\s+and\s+a\s+half)?)")
    spelled_year = (rf"(?:nineteen|eighteen|twenty)[\s-]+(?:(?:{tens})(?:[\s-]+(?:{ones}))?|"
                    rf"(?:{teens})|hundred(?:\s+and\s+(?:{ones}|{teens}))?)|"
                    rf"two\s+thousand(?:\s+and)?(?:[\s-]+(?:{ones}|{teens}))?")
    return {
        "MONTH": month_alt(full_months, with_abbrev=True),
        "MONTH_FULL": month_alt(full_months, with_abbrev=False),
        "WEEKDAY": weekday,
        "NUM": num,
        "VAGUE": "(?:" + _alt(lex.vague) + ")",
        "ORD": "(?:" + _alt(lex.ordinals) + ")",
        "UNIT": "(?:" + _alt(units) + r")(?![\w])",
        "SEASON": "(?:" + _alt(lex.seasons) + r")(?![\w])",
        "PART": "(?:" + _alt(lex.parts_of_day) + r")(?![\w])",
        "REL": "(?:" + _alt(lex.relatives) + ")",
        "REF": "(?:" + _alt(lex.references) + r")(?![\w-])",
        "FREQ": "(?:" + _alt(lex.frequencies) + r")(?![\w-])",
        "YEAR": r"(?<![\d$£€.,/])(?:1[6-9]|20|21)\d\d(?![\d/])",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d%])",
        "SPELLED_YEAR": f"(?:{spelled_year})",
        "HOLIDAY": "(?:" + (_alt(lex.holidays).replace("'", "['\u2019]?")
                            if lex.holidays else "(?!)") + r")(?![\w-])",
    }


def _compile(pattern: str, slots: dict[str, str], name: str) -> re.Pattern[str]:
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in slots:
            raise ConfigError(f"time pattern {name!r} uses an unknown placeholder {{{key}}}; "
                              f"known: {', '.join(sorted(slots))}")
        return slots[key]

    body = re.sub(r"\{([A-Z_]+)\}", sub, pattern)
    try:
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"time pattern {name!r} is not a valid regular expression: {exc}") \
            from exc


@functools.lru_cache(maxsize=2)
def grammar(directory: Path = LEXICON_DIR) -> Grammar:
    """The compiled lexicon and rules (once per process)."""
    lex = load_lexicon(directory)
    slots = _placeholders(lex)
    spec = _load_yaml(directory / "time_patterns.yaml")
    rules = []
    for i, r in enumerate(spec.get("rules", [])):
        name = str(r.get("name", f"rule{i}"))
        if r.get("type") not in ("DATE", "TIME", "DURATION", "SET"):
            raise ConfigError(f"time pattern {name!r} has no valid type (DATE, TIME, DURATION, "
                              "SET)")
        needs = frozenset(str(k) for k in (r.get("needs") or []))
        rules.append(Rule(name=name, type=str(r["type"]), resolver=str(r["resolver"]),
                          regex=_compile(str(r["pattern"]), slots, name), needs=needs))
    premod = re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+")
                                   for p in lex.premodifiers) + r")(?:\s*-\s*|\s+)$",
        re.IGNORECASE)
    kinds: dict[str, set[str]] = {}

    def add(words: Any, kind: str) -> None:
        for w in words:
            for part in re.findall(r"[a-z]+", str(w).lower()):
                kinds.setdefault(part, set()).add(kind)

    add(lex.months, "month")
    add(lex.weekdays, "weekday")
    add([w + "s" for w in lex.weekdays if w not in lex.weekday_abbreviations], "weekday")
    add(list(lex.units) + list(lex.plural_units), "unit")
    add(lex.seasons, "season")
    add(lex.parts_of_day, "part")
    add(lex.frequencies, "freq")
    # the distinctive word of each holiday (not "day", "new", "good"...: a month or weekday
    # word already opens a window for "Fourth of July" or "Good Friday")
    add([w for h in lex.holidays for w in re.findall(r"[a-z]+", h)
         if w in _HOLIDAY_WORDS], "holiday")
    add(["today", "yesterday", "tomorrow", "tonight", "overnight", "noon", "midnight",
         "midday"], "deictic")
    add(["nineteen", "eighteen", "thousand", "twenties", "thirties", "forties", "fifties",
         "sixties", "seventies", "eighties", "nineties"], "spelled")
    add(["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
         "nineties"], "decade")
    add(["period", "latest", "past"], "period")
    add(["fiscal"], "year")
    add([w.split()[-1] for w in lex.references], "ref")
    for filler in ("a", "an", "the", "of", "at", "in", "this", "these", "right", "near",
                   "short", "distant", "ahead", "term"):
        kinds.pop(filler, None)
    add(["term"], "ref")
    word_kinds = {w: frozenset(k) for w, k in kinds.items()}
    return Grammar(lexicon=lex, rules=tuple(rules), premodifier=premod, word_kinds=word_kinds)
