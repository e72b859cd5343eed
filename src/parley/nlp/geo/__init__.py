"""Geolocation, offline: place mentions resolved in a shipped gazetteer, and the place of each
event (issue 8).

- :mod:`parley.nlp.geo.gazetteer`: ``load_gazetteer()`` (GeoNames countries, admin1 regions,
  cities of 15,000+, continents, plus ``data/geo/places.yaml``), ``Gazetteer.lookup(name)``;
- :mod:`parley.nlp.geo.places`: the ``parley_places`` component (``doc._.places``) and
  ``place_for_event(doc, event) -> Place | None``.

Importing this package registers the ``parley_places`` factory.
"""

from __future__ import annotations

from parley.nlp.geo.gazetteer import GazEntry, Gazetteer, fold, load_gazetteer
from parley.nlp.geo.places import (
    PlaceMention,
    PlaceRecognizer,
    describe,
    event_places,
    find_dateline,
    find_places,
    place_for_event,
    resolve_name,
)

__all__ = ["GazEntry", "Gazetteer", "PlaceMention", "PlaceRecognizer", "describe",
           "event_places", "find_dateline", "find_places", "fold", "load_gazetteer",
           "place_for_event", "resolve_name"]
