"""Parley: political event data from news text, with conditions, provenance and a
negotiation map.

>>> import parley
>>> events = parley.extract("Putin said he would meet Zelensky only if ...", published="2025-01-23")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parley.errors import ConfigError, InputError, ModelError, ParleyError, StoreError
from parley.records import ActorRef, Article, Blocker, Condition, Event, Skip, Timex

if TYPE_CHECKING:  # pragma: no cover
    pass

__version__ = "0.1.0"

__all__ = [
    "ActorRef",
    "Article",
    "Blocker",
    "Condition",
    "ConfigError",
    "Event",
    "InputError",
    "ModelError",
    "ParleyError",
    "Skip",
    "StoreError",
    "Timex",
    "extract",
]


def extract(text: str, published: str | None = None, **kwargs: Any) -> list[Event]:
    """Events in ``text`` (published on ``published``, ISO date), without a store."""
    from parley.pipeline import extract as _extract

    return _extract(text, published=published, **kwargs)
