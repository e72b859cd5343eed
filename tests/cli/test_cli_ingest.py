"""The store verbs through click's CliRunner: help, formats, filters, exit codes,
idempotence (issue 2, check 2 and the CLI side of the others)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.records import ActorRef, Article, Condition, Event
from parley.store import Store

ARTICLES = [
    {"id": "a1", "title": "Talks in Vienna", "source": "Wire", "published": "2025-01-23",
     "text": "The foreign ministers met in Vienna on Monday and agreed to continue talks on a "
             "ceasefire before the end of the month, according to a statement."},
    {"id": "a2", "title": "Deal in Nairobi", "source": "Wire", "published": "2025-02-10",
     "text": "Negotiators from the government and the rebel movement signed a preliminary "
             "agreement on prisoner exchanges in Nairobi on Friday, officials said."},
]


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


# --- help --------------------------------------------------------------------------------


def test_cli_every_verb_and_option_has_help() -> None:
    assert {"ingest", "articles", "events"} <= set(main.commands)
    listing = run("--help").output
    for name, cmd in main.commands.items():
        assert name in listing
        assert cmd.help and cmd.help.strip(), f"parley {name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0, result.output
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"parley {name} {param.opts[0]} has no help text"


# --- ingest ------------------------------------------------------------------------------


def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_cli_ingest_twice_leaves_store_unchanged(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    first = run("--db", str(db), "ingest", str(corpus), str(bad), "--no-extract", "--json")
    assert first.exit_code == 0
    assert json.loads(first.output)["stored"] == 2
    before = dump(db)
    second = run("--db", str(db), "ingest", str(corpus), str(bad), "--no-extract", "--json")
    assert second.exit_code == 0, second.output
    report = json.loads(second.output)
    assert (report["stored"], report["duplicates"], len(report["skipped"])) == (0, 2, 1)
    assert dump(db) == before


def test_cli_ingest_text_summary(corpus: Path, tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "p.db"), "ingest", str(corpus), "--no-extract")
    assert result.exit_code == 0
    assert "Read:             2" in result.output
    assert "Stored:           2" in result.output
    assert "Skipped:          0" in result.output


def test_cli_ingest_exit_code_when_nothing_ingested(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "p.db"), "ingest", str(empty),
                                       "--no-extract"])
    assert result.exit_code == 1
    assert "nothing was ingested" in result.output and "empty.txt: empty file" in result.output
    (tmp_path / "dir").mkdir()
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "p.db"), "ingest",
                                       str(tmp_path / "dir"), "--no-extract"])
    assert result.exit_code == 1 and "no input found" in result.output


def test_cli_ingest_rejects_bad_published_option(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "p.db"), "ingest", str(corpus),
                                       "--published", "someday", "--no-extract"])
    assert result.exit_code == 2 and "someday" in result.output


def test_cli_store_error_is_a_clean_message(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "no" / "such" / "p.db"),
                                       "ingest", str(corpus), "--no-extract"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "does not exist" in result.output
    assert "Traceback" not in result.output


def test_cli_ingest_shared_allsides_corpus_idempotent(shared_data: Path, tmp_path: Path) -> None:
    news = shared_data / "news" / "diplomacy_eval_allsides.jsonl"
    db = tmp_path / "p.db"
    first = json.loads(run("--db", str(db), "ingest", str(news), "--no-extract", "--json").output)
    assert (first["read"], first["stored"], first["duplicates"], first["skipped"]) == (
        73, 73, 0, [])
    second = json.loads(run("--db", str(db), "ingest", str(news), "--no-extract", "--json").output)
    assert (second["stored"], second["duplicates"]) == (0, 73)
    store = Store(str(db), create=False)
    assert store.count_articles() == 73
    assert store.integrity_check() == []
    store.close()


# --- articles and events -----------------------------------------------------------------

PUTIN = ActorRef(name="Vladimir Putin", country="RUS", sector="GOV", id="VLADIMIR_PUTIN",
                 mention="Putin", span=(10, 15))
ZELENSKY = ActorRef(name="Volodymyr Zelensky", country="UKR", sector="GOV", mention="Zelensky")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    store = Store(str(path))
    store.migrate()
    store.add_article(
        Article(id="a1", text=ARTICLES[0]["text"], title="Talks", published="2025-01-23"),
        [Event(id="e1", type="AGREE", cameo="036", source=ZELENSKY, target=PUTIN,
               modality="intended", trigger="open to talks", date="2025-01-23",
               conditions=[Condition(text="security guarantees", kind="precondition",
                                     span=(40, 59))],
               said_by=ZELENSKY, reported_by="Bloomberg", span=(0, 60), rule="test"),
         Event(id="e2", type="REJECT", source=PUTIN, target=ZELENSKY, date="2022-10",
               negated=False, trigger="refused")],
    )
    store.add_article(Article(id="a2", text=ARTICLES[1]["text"], published="2025-02-10"))
    store.close()
    return path


def test_cli_articles_table_and_jsonl(db: Path) -> None:
    table = run("--db", str(db), "articles")
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split()[:3] == ["ID", "PUBLISHED", "OUTLET"]
    assert [ln.split()[0] for ln in lines[1:]] == ["a1", "a2"]
    jsonl = run("--db", str(db), "articles", "--format", "jsonl", "--limit", "1")
    records = [Article.model_validate_json(ln) for ln in jsonl.output.splitlines()]
    assert [r.id for r in records] == ["a1"] and records[0].text == ARTICLES[0]["text"]


def test_cli_events_jsonl_is_the_full_event_record(db: Path) -> None:
    out = run("--db", str(db), "events", "--format", "jsonl").output
    events = [Event.model_validate(json.loads(ln)) for ln in out.splitlines()]
    assert [e.id for e in events] == ["e1", "e2"]
    first = events[0]
    assert first.conditions[0].text == "security guarantees"
    assert first.said_by == ZELENSKY and first.reported_by == "Bloomberg"
    assert first.target == PUTIN and first.article_id == "a1"


def test_cli_events_csv(db: Path) -> None:
    out = run("--db", str(db), "events", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["e1", "e2"]
    assert rows[0]["source"] == "Volodymyr Zelensky" and rows[0]["target_country"] == "RUS"
    assert rows[0]["conditions"] == "precondition: security guarantees"


def test_cli_events_table(db: Path) -> None:
    out = run("--db", str(db), "events").output.splitlines()
    assert out[0].split()[:3] == ["DATE", "TYPE", "CAMEO"]
    assert "AGREE" in out[1] and "Volodymyr Zelensky (UKRGOV)" in out[1]
    assert "security guarantees" in out[1] and "Bloomberg" in out[1]
    assert "REJECT" in out[2]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--actor", "putin"], ["e1", "e2"]),
        (["--type", "reject"], ["e2"]),
        (["--since", "2025-01-01"], ["e1"]),
        (["--until", "2022"], ["e2"]),
        (["--since", "Jan 1, 2025", "--actor", "RUS"], ["e1"]),
        (["--article", "a2"], []),
    ],
)
def test_cli_events_filters(db: Path, args: list[str], expected: list[str]) -> None:
    out = run("--db", str(db), "events", "--format", "jsonl", *args).output
    assert [json.loads(ln)["id"] for ln in out.splitlines()] == expected


def test_cli_events_bad_date_is_a_usage_error(db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(db), "events", "--since", "someday"])
    assert result.exit_code == 2 and "someday" in result.output


def test_cli_read_verbs_refuse_a_missing_store(tmp_path: Path) -> None:
    for verb in ("articles", "events"):
        result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.db"), verb])
        assert result.exit_code == 1 and "no store at" in result.output
        assert not (tmp_path / "none.db").exists()


def test_cli_db_from_environment(db: Path) -> None:
    result = CliRunner().invoke(main, ["articles", "--format", "jsonl"],
                                env={"PARLEY_DB": str(db)})
    assert result.exit_code == 0 and len(result.output.splitlines()) == 2


def test_cli_ingest_processes_uses_one_pool_for_all_chunks(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley import pipeline

    pools: list[FakePool] = []

    class FakePool:
        def __init__(self, processes: int) -> None:
            self.processes, self.runs, self.closed = processes, 0, False
            pools.append(self)

        def run(self, articles):  # type: ignore[no-untyped-def]
            self.runs += 1
            return [(a, [Event(type="AGREE", trigger=a.id)]) for a in articles]

        def close(self) -> None:
            self.closed = True

    monkeypatch.setattr(pipeline, "ParallelPipeline", FakePool)
    result = run("--db", str(tmp_path / "p.db"), "ingest", str(corpus), "--processes", "2",
                 "--json")
    assert json.loads(result.output)["events"] == 2
    assert len(pools) == 1 and pools[0].processes == 2 and pools[0].closed
    # nothing new to extract: no pool is started at all
    run("--db", str(tmp_path / "p.db"), "ingest", str(corpus), "--processes", "2")
    assert len(pools) == 1


def test_cli_ingest_missing_model_is_a_clean_error_and_stores_nothing(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley import pipeline
    from parley.errors import ModelError

    def broken(model: str | None = None) -> None:
        raise ModelError("cannot load the spaCy pipeline 'x'; install it")

    monkeypatch.setattr(pipeline, "build_nlp", broken)
    db = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(corpus)])
    assert result.exit_code == 1
    assert "cannot load the spaCy pipeline" in result.output and "Traceback" not in result.output
    assert Store(str(db), create=False).count_articles() == 0  # a later run extracts them
