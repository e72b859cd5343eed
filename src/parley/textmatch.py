"""Word-level text comparison shared by the scorers and the analysis layer, so that "half of
the tokens overlap" means the same thing in ``parley eval`` and in the negotiation map.

Tokens are lower-cased words with periods and apostrophes joined ("U.S." -> "us",
"Putin's" -> "putins"); other punctuation separates.

>>> tokens("U.S. President's offer")
['us', 'presidents', 'offer']
>>> round(token_overlap("receiving security guarantees from Trump", "security guarantees"), 2)
0.4
"""

from __future__ import annotations

import re
from collections import Counter

_JOINERS = re.compile(r"[.'’`]")
_WORD = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    if not text:
        return []
    return _WORD.findall(_JOINERS.sub("", text.lower()))


def token_overlap(reference: str | None, other: str | None) -> float:
    """|reference ∩ other| / |reference| over token multisets (0.0 for an empty reference)."""
    ref = Counter(tokens(reference))
    n = sum(ref.values())
    if not n:
        return 0.0
    return sum((ref & Counter(tokens(other))).values()) / n


def dice(a: str | None, b: str | None) -> float:
    """2|a ∩ b| / (|a| + |b|) over token multisets (0.0 when both are empty)."""
    ca, cb = Counter(tokens(a)), Counter(tokens(b))
    n = sum(ca.values()) + sum(cb.values())
    return 2 * sum((ca & cb).values()) / n if n else 0.0
