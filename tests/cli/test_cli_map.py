"""``parley map``, ``parley shifts`` and ``parley timeline`` over a temporary store holding the
hand-written fixtures (tests/fixtures/analysis)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parley.analysis import diff_maps, negotiation_map
from parley.cli import main
from parley.records import Article, Event
from parley.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "analysis"


def fixture_records(name: str) -> tuple[list[Event], list[Article]]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    articles = []
    for raw in data.get("articles") or [data["article"]]:
        raw = dict(raw)
        if "text_file" in raw:
            raw["text"] = (ROOT / raw.pop("text_file")).read_text(encoding="utf-8")
        articles.append(Article(**raw))
    events = [Event(**{"article_id": articles[0].id, **e}) for e in data["events"]]
    return events, articles


def make_store(path: Path, name: str) -> str:
    events, articles = fixture_records(name)
    store = Store(str(path))
    store.migrate()
    for art in articles:
        assert store.add_article(art, [e for e in events if e.article_id == art.id]) == "stored"
    store.close()
    return str(path)


@pytest.fixture
def seed_db(tmp_path: Path) -> str:
    return make_store(tmp_path / "seed.db", "seed_events.json")


@pytest.fixture
def vm_db(tmp_path: Path) -> str:
    return make_store(tmp_path / "vm.db", "veloria_marosh.json")


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_cli_map_json_is_the_library_map(seed_db: str) -> None:
    result = run("--db", seed_db, "map", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    events, articles = fixture_records("seed_events.json")
    assert got == negotiation_map(events, articles).model_dump(mode="json")
    stances = {(s["actor"], s["toward"]): s for s in got["stances"]}
    zp = stances[("Volodymyr Zelensky", "Vladimir Putin")]
    assert (zp["stance"], zp["date"], zp["previous"]) == (
        "conditional", "2025-01-23", {"stance": "refuses", "date": "2022"})
    assert got["as_of"] == "2025-01-23"  # the latest published article


def test_cli_map_json_matches_seed_map(seed_db: str, shared_data: Path) -> None:
    expected = json.loads((shared_data / "seed" / "seed.map.json").read_text(encoding="utf-8"))
    result = run("--db", seed_db, "map", "--format", "json")
    assert diff_maps(expected, json.loads(result.output)) == []


def test_cli_map_as_of_2023_shows_the_decree_only(seed_db: str) -> None:
    result = run("--db", seed_db, "map", "--as-of", "2023-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert [(s["actor"], s["toward"], s["stance"], s["date"]) for s in got["stances"]] == [
        ("Volodymyr Zelensky", "Vladimir Putin", "refuses", "2022")]
    assert [(b["text"], b["in_effect"]) for b in got["blockers"]] == [
        ("a decree prohibiting himself from negotiating with Putin", True)]
    assert got["talks"] == []

    table = run("--db", seed_db, "map", "--as-of", "2023-01-01").output
    assert "Negotiation map as of 2023-01-01" in table
    assert "refuses" in table and "2025" not in table


def test_cli_map_table_lists_stances_blockers_talks(seed_db: str) -> None:
    out = run("--db", seed_db, "map").output
    assert out.index("Stances") < out.index("Blockers") < out.index("Talks")
    line = next(ln for ln in out.splitlines() if ln.startswith("Volodymyr Zelensky  Vladimir"))
    for part in ("conditional", "2025-01-23", "receiving security guarantees", "Bloomberg",
                 "refuses (2022)"):
        assert part in line
    assert "Andrey Sibiga (2025-01)" in out
    assert "Donald Trump - Volodymyr Zelensky  ongoing" in out


def test_cli_map_dot_colours_stances_and_dashes_blockers(seed_db: str) -> None:
    out = run("--db", seed_db, "map", "--format", "dot").output
    assert out.startswith("digraph negotiation_map {") and out.rstrip().endswith("}")
    edges = [ln for ln in out.splitlines() if "->" in ln]
    assert len(edges) == 4 + 1 + 1  # stances, blocker, talks
    trump = next(e for e in edges if e.strip().startswith('"Donald Trump" -> "Vladimir Putin"'))
    assert "color=forestgreen" in trump
    blocker = next(e for e in edges if "blocker:" in e)
    assert "style=dashed" in blocker and "color=red3" in blocker
    talks = next(e for e in edges if "talks ongoing" in e)
    assert "dir=none" in talks


def test_cli_map_actor_filter(seed_db: str) -> None:
    got = json.loads(run("--db", seed_db, "map", "--actor", "Trump", "--format", "json").output)
    assert all("Donald Trump" in (s["actor"], s["toward"]) for s in got["stances"])
    assert len(got["stances"]) == 2 and got["blockers"] == []


@pytest.mark.parametrize("args, message", [
    (("map", "--as-of", "soon"), "not a date"),
    (("map", "--actor", "Nobody"), "no party named 'Nobody'"),
    (("shifts", "--since", "soon"), "not a date"),
    (("timeline", "Nobody"), "no party named 'Nobody'"),
])
def test_cli_map_bad_input_is_a_clean_error(seed_db: str, args: tuple[str, ...],
                                            message: str) -> None:
    result = run("--db", seed_db, *args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("verb", [("map",), ("shifts",), ("timeline", "Putin")])
def test_cli_map_missing_store_says_what_to_do(tmp_path: Path, verb: tuple[str, ...]) -> None:
    result = run("--db", str(tmp_path / "none.db"), *verb)
    assert result.exit_code != 0
    assert "ingest" in result.output
    assert not (tmp_path / "none.db").exists()


def test_cli_map_shifts_table_and_json(vm_db: str) -> None:
    result = run("--db", vm_db, "shifts")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["ACTOR", "TOWARD", "BEFORE", "AFTER"]
    assert "Tomas Orlov" in lines[1] and "conditional (2024-03-02)" in lines[1]
    assert "Ilse Brandt" in lines[2] and "refuses (2024-03-01)" in lines[2]
    got = json.loads(run("--db", vm_db, "shifts", "--actor", "Orlov", "--format",
                         "json").output)
    assert [(s["before"]["stance"], s["after"]["stance"], s["at"]) for s in got] == [
        ("conditional", "willing", "2024-06-10")]
    assert "No position shifts" in run("--db", vm_db, "shifts", "--since", "2025").output


def test_cli_map_talks_history_in_the_store(vm_db: str) -> None:
    early = json.loads(run("--db", vm_db, "map", "--as-of", "2024-07-01", "--format",
                           "json").output)
    late = json.loads(run("--db", vm_db, "map", "--format", "json").output)
    assert [t["status"] for t in early["talks"]] == ["proposed"]
    assert [(t["status"], t["previous"]["status"]) for t in late["talks"]] == [
        ("held", "proposed")]
    assert [b["in_effect"] for b in early["blockers"]] == [True]
    assert [(b["in_effect"], b["lifted"]) for b in late["blockers"]] == [(False, "2024-09-13")]


def test_cli_map_timeline_table_and_json(vm_db: str) -> None:
    result = run("--db", vm_db, "timeline", "Brandt", "Orlov")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Timeline of Ilse Brandt and Tomas Orlov: 7 events")
    assert "Weekly series" in result.output and "2024-02-26" in result.output
    got = json.loads(run("--db", vm_db, "timeline", "Brandt", "--format", "json").output)
    assert got["actor"] == "Ilse Brandt" and len(got["events"]) == 7
    busy = [w for w in got["weeks"] if w["events"]]
    assert busy[0] == {"week": "2024-02-26", "events": 2, "goldstein_sum": -1.0,
                       "goldstein_mean": -0.5, "verbal_cooperation": 1,
                       "material_cooperation": 0, "verbal_conflict": 1,
                       "material_conflict": 0}


@pytest.mark.parametrize("verb", ["map", "shifts", "timeline"])
def test_cli_map_verbs_have_help_with_an_example(verb: str) -> None:
    result = run(verb, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"parley {verb}" in result.output
