"""Alert rules and delivery without the pipeline (hand-written events of two fictional
leaders): history never alerts, a rule fires once per change, a failing webhook is retried
with backoff, the actor filter holds, removing a rule drops its pending alerts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from server import LiveServer

from parley.cli import main
from parley.errors import InputError
from parley.live import (
    Http,
    HttpOptions,
    add_rule,
    deliver_pending,
    deliveries,
    detect_changes,
    list_rules,
    queue_alerts,
    recent_changes,
    remove_rule,
)
from parley.records import Article, Event
from parley.store import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "analysis" / "veloria_marosh.json"


def vm() -> list[tuple[Article, list[Event]]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    arts = [Article(**a) for a in data["articles"]]
    events = [Event(**e) for e in data["events"]]
    return [(a, [e for e in events if e.article_id == a.id]) for a in arts]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """The live tables on both backends (PostgreSQL: a throwaway server, tests/pg.py)."""
    if request.param == "sqlite":
        s = Store(str(tmp_path / "a.db"))
    else:
        s = Store(request.getfixturevalue("pg_database"))
    s.migrate()
    return s


def fast_http() -> Http:
    return Http(HttpOptions(timeout=5, retries=1, backoff=0.01, host_delay=0))


def test_alerts_history_is_not_news_and_each_change_fires_once(store: Store,
                                                               server: LiveServer,
                                                               tmp_path: Path) -> None:
    server.webhook("/hook", fail_first=2)  # the first delivery fails twice (with its retry)
    records = vm()
    store.add_article(*records[0])  # vm-1: Veloria's law against talks; Orlov's condition
    out = tmp_path / "alerts.jsonl"
    rule = add_rule(store, "stance-change", actor="Orlov",
                    targets=[f"webhook:{server.url('/hook')}", f"jsonl:{out}"])
    add_rule(store, "new-blocker")  # stdout
    add_rule(store, "stance-change", actor="Nobody")
    assert [r.id for r in list_rules(store)] == [1, 2, 3]
    assert queue_alerts(store) == 0  # vm-1's blocker and stance were there before the rules

    store.add_article(*records[1])  # vm-2: Orlov now ready to meet without preconditions
    changes = detect_changes(store)
    assert "stance-change" in [c.kind for c in changes]
    assert detect_changes(store) == []  # logged once
    assert queue_alerts(store) == 2  # webhook + jsonl of rule 1
    assert queue_alerts(store) == 0

    printed: list[str] = []
    http = fast_http()
    delivered, failed = deliver_pending(store, http, echo=printed.append, now=1000.0)
    assert (delivered, failed) == (1, 1)  # the JSONL line; the webhook failed twice
    rows = {d["target"].split(":")[0]: d for d in deliveries(store)}
    assert rows["webhook"]["status"] == "pending" and rows["webhook"]["attempts"] == 1
    assert rows["webhook"]["next_try"] > 1000.0
    assert deliver_pending(store, http, now=1000.5) == (0, 0)  # not due yet
    assert deliver_pending(store, http, echo=printed.append, now=2000.0) == (1, 0)
    assert deliver_pending(store, http, now=3000.0) == (0, 0)
    assert len(server.hooks) == 1 and server.count("/hook", "POST") == 3
    alert = server.hooks[0]["json"]
    assert alert["rule"] == rule.id and alert["change"]["kind"] == "stance-change"
    assert alert["change"]["details"]["before"]["stance"] == "conditional"
    assert alert["change"]["details"]["after"]["stance"] == "willing"
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == [alert["id"]]
    assert printed == []  # no stdout rule matched

    # vm-3: the law is revoked and Brandt is willing to talk with Orlov: a stance change that
    # involves Orlov (both targets), and no new blocker
    store.add_article(*records[2])
    new = detect_changes(store)
    assert "new-blocker" not in [c.kind for c in new]
    assert queue_alerts(store) == 2
    pending = [d for d in deliveries(store) if d["status"] == "pending"]
    assert {d["dedup_key"].split("|")[1:3] == ["stance-change", "Ilse Brandt"]
            for d in pending} == {True}
    http.close()


def test_alerts_stdout_new_blocker_and_remove(store: Store) -> None:
    add_rule(store, "new-blocker")
    doomed = add_rule(store, "any")
    records = vm()
    store.add_article(*records[0])
    detect_changes(store)
    assert queue_alerts(store) >= 2
    removed = remove_rule(store, doomed.id)
    assert removed.on == "any"
    printed: list[str] = []
    assert deliver_pending(store, None, echo=printed.append) == (1, 0)
    assert len(printed) == 1 and printed[0].startswith("ALERT [rule 1: new-blocker]")
    assert "Ilse Brandt toward Tomas Orlov: blocked by a law" in printed[0]
    with pytest.raises(InputError, match="no alert rule 99"):
        remove_rule(store, 99)
    with pytest.raises(InputError, match="unknown alert kind"):
        add_rule(store, "weather")
    with pytest.raises(InputError, match="not a delivery target"):
        add_rule(store, "any", targets=["ftp://x"])


def test_recent_changes_for_the_web(store: Store) -> None:
    assert recent_changes(store) == []
    for art, evs in vm():
        store.add_article(art, evs)
    logged = detect_changes(store)
    kinds = {c.kind for c in logged}
    assert {"stance-change", "new-stance", "talks-held"} <= kinds  # the law: lifted already
    recent = recent_changes(store)
    assert "new-stance" not in {c.kind for c in recent}  # stance changes, blockers, talks
    assert [c.seq for c in recent] == sorted(c.seq for c in recent)
    assert recent_changes(store, since=recent[-1].seq) == []
    assert recent_changes(store, since=recent[0].seq) == recent[1:]
    assert recent_changes(store, since="2999-01-01") == []
    assert recent_changes(store, since=recent[0].detected_at) == recent
    assert recent[0].model_dump(mode="json")["summary"]


def test_alerts_cli_add_list_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    run = CliRunner()
    res = run.invoke(main, ["--db", db, "alerts", "add", "--on", "stance-change", "--actor",
                            "Putin", "--webhook", "http://127.0.0.1:9/hook"])
    assert res.exit_code == 0 and "Added alert rule 1" in res.output
    res = run.invoke(main, ["--db", db, "alerts", "list", "--json"])
    assert json.loads(res.output)[0]["targets"] == ["webhook:http://127.0.0.1:9/hook"]
    res = run.invoke(main, ["--db", db, "alerts", "add", "--on", "new-blocker", "--webhook",
                            "ftp://nowhere"])
    assert res.exit_code != 0 and "not a delivery target" in res.output
    res = run.invoke(main, ["--db", db, "alerts", "remove", "1"])
    assert res.exit_code == 0 and "Removed alert rule 1" in res.output
    res = run.invoke(main, ["--db", db, "alerts", "remove", "1"])
    assert res.exit_code != 0 and "no alert rule 1" in res.output
    res = run.invoke(main, ["--db", db, "watch", str(tmp_path / "missing.xml"), "--once"])
    assert res.exit_code != 0 and "no such file or folder" in res.output
