"""CAMEO codebook: names, Goldstein scores, quad classes and the official PLOVER crosswalk.

Built from the reference data by ``scripts/build_codebooks.py`` into
``data/codebooks/cameo.json``.

>>> lookup("036").plover, lookup("036").goldstein, lookup("036").quad
('AGREE', 4.0, 1)
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from parley.config import DATA_DIR


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float | None
    plover: str | None
    mode: str | None
    context: str | None
    quad: int


@functools.cache
def codebook() -> dict[str, CameoCode]:
    raw = json.loads((DATA_DIR / "codebooks" / "cameo.json").read_text(encoding="utf-8"))
    return {code: CameoCode(code=code, **fields) for code, fields in raw.items()}


def lookup(code: str) -> CameoCode | None:
    """The entry of a CAMEO code, falling back to its parent code (``0871`` -> ``087``)."""
    book = codebook()
    while code:
        if code in book:
            return book[code]
        code = code[:-1]
    return None


def plover_type(code: str) -> str | None:
    entry = lookup(code)
    return entry.plover if entry else None


def default_cameo(plover: str) -> str | None:
    """The most general CAMEO code that the crosswalk maps to a PLOVER type."""
    candidates = [c for c in codebook().values() if c.plover == plover]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (len(c.code) != 3, c.code)).code
