"""Time expressions: recognition and TIMEX3 normalisation against a reference date.

The public entry points live in :mod:`parley.nlp.timex` (the spaCy component
``parley_timex``, ``find_timexes``, ``normalise``, ``event_date``); this package holds the
machinery: :mod:`.lexicon` (the YAML word lists and patterns), :mod:`.recognise` (matching)
and :mod:`.resolve` (values).
"""

from __future__ import annotations

from parley.nlp.time.recognise import scan, text_tense
from parley.nlp.time.resolve import event_date, parse_anchor, weekday_date

__all__ = ["event_date", "parse_anchor", "scan", "text_tense", "weekday_date"]
