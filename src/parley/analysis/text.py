"""Word matching for the analysis layer: lexicon phrases in triggers, token overlap of texts.

Tokens are lower-cased words with periods and apostrophes joined ("U.S." -> "us"), the rule the
evaluation uses, so that "half of the tokens overlap" means the same thing everywhere.

>>> has_phrase("discussions with Zelensky are ongoing", ["under way", "ongoing"])
True
>>> round(overlap("receiving security guarantees from Trump", "security guarantees"), 2)
0.4
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import yaml

from parley.config import DATA_DIR
from parley.textmatch import dice, token_overlap, tokens

__all__ = ["dice", "has_phrase", "overlap", "tokens"]

LEXICON_PATH = DATA_DIR / "lexicons" / "analysis.yaml"


def has_phrase(text: str | None, phrases: Iterable[str]) -> bool:
    """True when one of ``phrases`` occurs in ``text`` as whole words."""
    words_ = tokens(text)
    if not words_:
        return False
    padded = " " + " ".join(words_) + " "
    return any(p in padded for p in _padded(tuple(phrases)))


@functools.lru_cache(maxsize=256)
def _padded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f" {' '.join(tokens(p))} " for p in phrases if tokens(p))


overlap = token_overlap  # the name the analysis modules use


def same_texts(a: Iterable[str], b: Iterable[str], threshold: float = 0.5) -> bool:
    """True when every text of ``a`` has a counterpart in ``b`` and vice versa (Dice >=
    ``threshold``): the same conditions, worded alike."""
    la, lb = list(a), list(b)
    if len(la) != len(lb):
        return False
    return all(any(dice(x, y) >= threshold for y in lb) for x in la) and all(
        any(dice(y, x) >= threshold for x in la) for y in lb
    )


@functools.cache
def lexicon() -> dict[str, Any]:
    """The analysis lexicon (``data/lexicons/analysis.yaml``)."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):  # pragma: no cover - a broken package file
        raise ValueError(f"{LEXICON_PATH}: expected a mapping")
    return data


@functools.cache
def words(name: str) -> tuple[str, ...]:
    """A list-valued entry of the lexicon (empty when absent)."""
    value = lexicon().get(name) or []
    return tuple(str(v) for v in value)
