"""Ingest: files, feeds and directories in, :class:`~parley.records.Article` records out.

No NLP and no database here: readers only. Each article gets an id (the one its record
gives, else the first 16 hex characters of :func:`~parley.records.content_hash` of its text),
a normalised ISO ``published`` date, and ``origin`` (where it was read). Anything that cannot
become an article (empty, binary, undecodable, malformed JSON line, too large, not English,
unparseable date) is yielded as a :class:`~parley.records.Skip` naming the input and the
reason; ``read_paths`` never raises for bad input.

Unparseable dates: the article is **skipped** (reason names the input and the value), not
stored undated, because an undated article cannot anchor "on Thursday" and would silently
misdate every event in it. Fix the date, or drop the field to store the article undated.

Example::

    >>> from parley.ingest import read_paths
    >>> items = list(read_paths(["examples/"], published="2025-01-23"))   # doctest: +SKIP
    >>> items[0]                                                          # doctest: +SKIP
    Article(id='3c1f0d6a9e2b7f41', text='Zelensky Open to ...', title='Zelensky Open to
    Peace Talks with Putin, Seeks Security Guarantees from Trump', outlet=None, url=None,
    published='2025-01-23', language='en', content_hash='3c1f0d6a...', duplicate_of=None,
    origin='examples/seed.txt')
"""

from __future__ import annotations

from parley.ingest._dates import normalise_published
from parley.ingest._readers import (
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MAX_TEXT_BYTES,
    html_to_text,
    read_paths,
    record_to_article,
)
from parley.ingest._text import language_problem

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "DEFAULT_MAX_TEXT_BYTES",
    "html_to_text",
    "language_problem",
    "normalise_published",
    "read_paths",
    "record_to_article",
]
