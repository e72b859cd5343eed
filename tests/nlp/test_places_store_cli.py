"""Event places in the store and on the command line (issue 8): round-trip, the migration that
adds the columns to an older store, ``parley events --near``, and the ``places`` scorer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect
from sqlalchemy import text as sql

from parley.cli import main
from parley.errors import GoldFormatError
from parley.evaluate import detect_format
from parley.evaluate import places as scorer
from parley.records import ActorRef, Article, Event, Place
from parley.store import Store

ROOT = Path(__file__).resolve().parents[2]
KHERSON = Place(name="Kherson", country="UKR", admin1="Kherson", lat=46.6369, lon=32.6146,
                feature_class="P", feature_code="PPL", geonames_id=706448, mention="Kherson",
                span=(18, 25))
KHERSON_OBLAST = Place(name="Kherson", country="UKR", admin1="Kherson", lat=46.63, lon=33.31,
                       feature_class="A", feature_code="ADM1", mention="Kherson region")
DOHA = Place(name="Doha", country="QAT", admin1="Baladiyat ad Dawhah", lat=25.2854, lon=51.531,
             feature_class="P", feature_code="PPLC", geonames_id=290030, mention="Doha")
PARIS_TX = Place(name="Paris", country="USA", admin1="Texas", lat=33.66, lon=-95.56,
                 feature_class="P", feature_code="PPL", geonames_id=4717560)
RUS = ActorRef(name="Russia", country="RUS", sector="GOV")


def ev(place: Place | None, n: int) -> Event:
    return Event(type="ASSAULT", cameo="190", source=RUS, trigger=f"struck {n}",
                 span=(n, n + 6), place=place)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "places.db")
    store = Store(path)
    store.migrate()
    store.add_article(Article(id="a1", text="Russia struck Kherson and Doha talks.",
                              published="2025-01-23"),
                      [ev(KHERSON, 0), ev(KHERSON_OBLAST, 10), ev(DOHA, 20), ev(None, 30),
                       ev(PARIS_TX, 40)])
    store.close()
    return path


def run(db: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db, "events", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_places_store_round_trip(db: str) -> None:
    with Store(db) as store:
        got = [e.place for e in store.events()]
    assert got == [KHERSON, KHERSON_OBLAST, DOHA, None, PARIS_TX]


place_strategy = st.builds(
    Place, name=st.text(min_size=1, max_size=30).filter(lambda s: "\x00" not in s),
    country=st.one_of(st.none(), st.sampled_from(["UKR", "USA", "GEO"])),
    admin1=st.one_of(st.none(), st.text(max_size=20).filter(lambda s: "\x00" not in s)),
    lat=st.one_of(st.none(), st.floats(-90, 90)), lon=st.one_of(st.none(), st.floats(-180, 180)),
    feature_class=st.one_of(st.none(), st.sampled_from(["A", "P", "L", "H"])),
    feature_code=st.one_of(st.none(), st.sampled_from(["PCLI", "ADM1", "PPL"])),
    geonames_id=st.one_of(st.none(), st.integers(1, 2**40)),
    mention=st.one_of(st.none(), st.text(max_size=20).filter(lambda s: "\x00" not in s)),
    span=st.one_of(st.none(), st.tuples(st.integers(0, 10**9), st.integers(0, 10**9))),
)


@settings(max_examples=40, deadline=None)
@given(place=st.one_of(st.none(), place_strategy))
def test_places_store_round_trip_any_place(place: Place | None) -> None:
    with Store(":memory:") as store:
        store.migrate()
        store.add_article(Article(id="x", text="text"), [ev(place, 0)])
        assert store.events()[0].place == place


def test_places_migration_adds_columns_to_an_older_store(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    store = Store(path)
    store.migrate()
    with store.engine.begin() as conn:  # the events table as it was before issue 8
        for index in inspect(conn).get_indexes("events"):
            if any(c.startswith("place_") for c in index["column_names"]):
                conn.execute(sql(f"DROP INDEX {index['name']}"))
        for col in [c["name"] for c in inspect(conn).get_columns("events")]:
            if col.startswith("place_"):
                conn.execute(sql(f"ALTER TABLE events DROP COLUMN {col}"))
        conn.execute(sql("DELETE FROM parley_migrations WHERE name = '0003_event_places'"))
    assert not store.is_initialised()
    assert store.migrate() == ["0003_event_places"]
    assert store.migrate() == []
    store.add_article(Article(id="a", text="Talks in Doha."), [ev(DOHA, 0)])
    assert store.events()[0].place == DOHA
    store.close()


@pytest.mark.parametrize(("near", "triggers"), [
    ("Ukraine", ["struck 0", "struck 10"]),  # a country: every place in it
    ("UKR", ["struck 0", "struck 10"]),
    ("Kherson region", ["struck 0", "struck 10"]),  # a region: every place in it
    ("Kherson", ["struck 0"]),  # a city: itself
    ("Doha", ["struck 20"]),
    ("Qatar", ["struck 20"]),
    ("Paris, Texas", ["struck 40"]),
    ("Texas", ["struck 40"]),
    ("Paris", []),  # Paris, France
    ("Georgia", []),
])
def test_places_cli_events_near(db: str, near: str, triggers: list[str]) -> None:
    out = run(db, "--near", near, "--format", "jsonl")
    got = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [e["trigger"] for e in got] == triggers
    assert all(e["place"]["name"] for e in got)


def test_places_cli_near_unknown_place_is_a_clean_error(db: str) -> None:
    result = CliRunner().invoke(main, ["--db", db, "events", "--near", "Xyzzy Nowhere"])
    assert result.exit_code == 2 and "no place called 'Xyzzy Nowhere'" in result.output


def test_places_cli_events_csv_and_table_show_the_place(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(db, "--format", "csv"))))
    assert (rows[0]["place"], rows[0]["place_country"], rows[0]["place_lat"]) == \
        ("Kherson", "UKR", "46.6369")
    assert rows[3]["place"] == ""
    assert "Doha (QAT)" in run(db)


# --- the places scorer ------------------------------------------------------------------------

def _passage(tmp_path: Path, places: list[dict[str, object]]) -> list[scorer.Passage]:
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "p", "text": "Talks in Doha; strikes on Kherson.",
                                "event_places": places}) + "\n", encoding="utf-8")
    return scorer.load(path)


def test_places_scorer_counts_country_and_place_levels(tmp_path: Path) -> None:
    items = _passage(tmp_path, [
        {"trigger": "Talks", "place": {"name": "Doha", "country": "QAT", "kind": "city"}},
        {"trigger": "strikes", "place": {"name": "Kherson", "country": "UKR", "kind": "city"}},
    ])
    perfect = scorer.score(items, [scorer.Prediction([DOHA, KHERSON], [DOHA, False])])
    assert perfect.metrics["country_accuracy"] == perfect.metrics["place_accuracy"] == 1.0
    assert perfect.metrics["events_found"] == 0.5
    # the oblast for the city: right country, wrong place; nothing: wrong at both levels
    half = scorer.score(items, [scorer.Prediction([None, KHERSON_OBLAST], [None, None])])
    assert half.metrics["country_accuracy"] == 0.5 and half.metrics["place_accuracy"] == 0.0
    assert {e["kind"] for e in half.errors} == {"missed", "wrong"}
    empty = scorer.score(items, [scorer.Prediction([None, None], [False, False])])
    assert empty.metrics["country_accuracy"] == 0.0


def test_places_scorer_none_gold_and_invented_places(tmp_path: Path) -> None:
    items = _passage(tmp_path, [{"trigger": "Talks", "place": None}])
    assert scorer.score(items, [scorer.Prediction([None], [None])]).metrics[
        "none_accuracy"] == 1.0
    invented = scorer.score(items, [scorer.Prediction([DOHA], [DOHA])])
    assert invented.metrics["none_accuracy"] == 0.0 and invented.errors[0]["kind"] == "invented"


@pytest.mark.parametrize("line", [
    '{"id": 1, "text": "Talks in Doha.", "event_places": [{"trigger": "meeting", "place": null}]}',
    '{"id": 1, "text": "Talks in Doha.", "event_places": [{"trigger": "Talks"}]}',
    '{"id": 1, "text": "Talks.", "event_places": [{"trigger": "Talks", "place": {"name": "X"}}]}',
    '{"id": 1, "text": "Talks."}',
])
def test_places_scorer_rejects_malformed_lines(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"bad.jsonl:1"):
        scorer.load(path)


def test_places_gold_files_are_detected_and_large_enough() -> None:
    gold = ROOT / "tests" / "golden" / "places.jsonl"
    assert detect_format(gold) == "places"
    items = scorer.load(gold)
    assert len(items) >= 40
    kinds = {g.place["kind"] if g.place else None for p in items for g in p.events}
    assert kinds == {"city", "admin1", "country", "region", None}
    assert scorer.load(ROOT / "tests" / "golden" / "places_heldout.jsonl")


def test_places_exports_carry_the_place(db: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from parley.export import export

    with Store(db) as store:
        plover = io.StringIO()
        export(store, "plover-json", plover)
        first = json.loads(plover.getvalue().splitlines()[0])
        assert first["place"]["name"] == "Kherson" and first["place"]["country"] == "UKR"
        tsv = io.StringIO()
        export(store, "cameo-tsv", tsv)
        rows = list(csv.DictReader(io.StringIO(tsv.getvalue()), delimiter="\t"))
        assert (rows[2]["ActionGeo_FullName"], rows[2]["ActionGeo_CountryCode"]) == \
            ("Doha", "QAT")
        assert rows[3]["ActionGeo_FullName"] == ""
        out = tmp_path / "events.parquet"
        export(store, "parquet", out, near=Place(name="Ukraine", country="UKR",
                                                  feature_code="PCLI"))
        table = pq.read_table(out).to_pylist()
        assert [r["place_feature_code"] for r in table] == ["PPL", "ADM1"]
