"""parley export: each format read back (pyarrow, json, csv) with its fields checked."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.export.cameo import COLUMNS, global_id, sqldate
from parley.records import ActorRef, Article, Blocker, Condition, Event
from parley.store import Store

PUTIN = ActorRef(name="Vladimir Putin", country="RUS", sector="GOV", id="VLADIMIR_PUTIN",
                 mention="the Russian leader", span=(0, 18))
ZELENSKY = ActorRef(name="Volodymyr Zelensky", country="UKR", sector="GOV",
                    id="VOLODYMYR_ZELENSKY", mention="Zelensky")
EVENTS = [
    Event(id="e1", type="AGREE", cameo="036", goldstein=4.0, quad=1, source=ZELENSKY,
          target=PUTIN, modality="intended", trigger="open to talks",
          conditions=[Condition(text="security guarantees\tfrom Trump", kind="precondition",
                                span=(40, 70)),
                      Condition(text="a ceasefire holds", kind="requirement")],
          said_by=ZELENSKY, reported_by="Bloomberg", date="2025-01-23", span=(0, 80),
          sentence="Zelensky is open to talks\nwith Putin.", rule="trigger:talks",
          confidence=0.8),
    Event(id="e2", type="REJECT", cameo="125", goldstein=-5.0, quad=3, source=PUTIN,
          negated=True, trigger="ruled out", date="2022-10",
          blocker=Blocker(text="decree", since="2022-09-30", in_effect=True)),
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "x.db")
    store = Store(path)
    store.migrate()
    store.add_article(Article(id="a1", text="Zelensky is open to talks with Putin.",
                              outlet="Wire", url="https://example.org/a1",
                              published="2025-01-24T10:00:00+00:00", title="Talks"), EVENTS)
    store.add_article(Article(id="a2", text="Nothing happened here.", published="2025-02-01"),
                      [Event(id="e3", type="CONSULT", cameo="040", quad=1)])
    store.close()
    return path


def run(db: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db, "export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_export_parquet_roundtrip(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    run(db, "--format", "parquet", "--output", str(out))
    rows = pq.read_table(out).to_pylist()
    assert [r["id"] for r in rows] == ["e1", "e2", "e3"]
    e1 = rows[0]
    assert (e1["type"], e1["cameo"], e1["goldstein"], e1["quad"]) == ("AGREE", "036", 4.0, 1)
    assert (e1["source_name"], e1["source_country"], e1["target_id"]) == \
        ("Volodymyr Zelensky", "UKR", "VLADIMIR_PUTIN")
    assert e1["said_by_name"] == "Volodymyr Zelensky" and e1["reported_by"] == "Bloomberg"
    assert e1["conditions"] == [
        {"text": "security guarantees\tfrom Trump", "kind": "precondition",
         "span_start": 40, "span_end": 70},
        {"text": "a ceasefire holds", "kind": "requirement", "span_start": None,
         "span_end": None}]
    assert (e1["outlet"], e1["url"], e1["date"]) == ("Wire", "https://example.org/a1",
                                                     "2025-01-23")
    assert rows[1]["blocker_text"] == "decree" and rows[1]["negated"] is True
    assert rows[2]["date"] == "2025-02-01"  # undated: the article's publication date


def test_export_plover_json_fields(db: str) -> None:
    lines = run(db, "--format", "plover-json").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["event_id"] for r in records] == ["e1", "e2", "e3"]
    r = records[0]
    assert (r["event_type"], r["event_mode"], r["contexts"], r["quad_code"]) == \
        ("AGREE", None, [], 1)
    assert (r["actor_name"], r["actor_name_raw"], r["actor_country"], r["actor_sector"]) == \
        ("Volodymyr Zelensky", "Zelensky", "UKR", "GOV")
    assert (r["recipient_name"], r["recipient_name_raw"], r["recipient_country"]) == \
        ("Vladimir Putin", "the Russian leader", "RUS")
    assert (r["event_date"], r["source"], r["story_id"]) == ("2025-01-23", "Wire", "a1")
    assert r["conditions"][0] == {"text": "security guarantees\tfrom Trump",
                                  "kind": "precondition", "span": [40, 70]}
    assert r["said_by"]["id"] == "VOLODYMYR_ZELENSKY" and r["reported_by"] == "Bloomberg"
    assert records[1]["recipient_name"] is None and records[1]["blocker"]["in_effect"] is True


def test_export_cameo_tsv_columns(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    run(db, "--format", "cameo-tsv", "-o", str(out))
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    with out.open(encoding="utf-8") as fh:
        assert tuple(fh.readline().rstrip("\n").split("\t")) == COLUMNS
    assert [r["ParleyEventID"] for r in rows] == ["e1", "e2", "e3"]
    r = rows[0]
    assert r["GLOBALEVENTID"] == str(global_id("e1"))
    assert (r["SQLDATE"], r["MonthYear"], r["Year"]) == ("20250123", "202501", "2025")
    assert (r["Actor1Code"], r["Actor1Name"], r["Actor1CountryCode"], r["Actor1Type1Code"]) \
        == ("UKRGOV", "Volodymyr Zelensky", "UKR", "GOV")
    assert (r["Actor2Name"], r["Actor2CountryCode"]) == ("Vladimir Putin", "RUS")
    assert (r["EventCode"], r["EventBaseCode"], r["EventRootCode"]) == ("036", "036", "03")
    assert (r["QuadClass"], r["GoldsteinScale"], r["SOURCEURL"]) == \
        ("1", "4.0", "https://example.org/a1")
    assert r["Conditions"] == "precondition: security guarantees from Trump | " \
        "requirement: a ceasefire holds"
    assert r["Evidence"] == "Zelensky is open to talks with Putin."  # no line break inside
    assert (r["SaidBy"], r["ReportedBy"], r["PloverType"]) == \
        ("Volodymyr Zelensky", "Bloomberg", "AGREE")
    assert rows[1]["SQLDATE"] == "20221000" and rows[1]["Negated"] == "1"
    assert rows[1]["Actor2Name"] == ""


def test_export_filters(db: str) -> None:
    lines = run(db, "--format", "plover-json", "--actor", "RUS", "--until", "2023")
    assert [json.loads(x)["event_id"] for x in lines.splitlines()] == ["e2"]


def test_export_sqldate_partial_dates() -> None:
    assert (sqldate("2025-01-23"), sqldate("2025"), sqldate(None), sqldate("PRESENT_REF")) == \
        ("20250123", "20250000", "", "")
