"""Issue 2, check 4: SIGKILL an ingest part-way, run it again: every article is stored exactly
once, nothing is half-written, and the store passes its integrity check."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parley.store import Store
from sqlite_probe import count_articles

N_ARTICLES = 400
SUBJECTS = ["The foreign minister", "A government spokesman", "The rebel commander",
            "The UN envoy", "The prime minister", "Opposition leaders", "The army chief",
            "Mediators from Qatar", "The president", "Negotiators"]
VERBS = ["said talks would resume", "rejected the proposal", "called for a ceasefire",
         "agreed to meet", "accused the other side of delaying", "offered to host a summit",
         "demanded the release of prisoners", "welcomed the new plan",
         "warned against escalation", "signed a preliminary deal"]
PLACES = ["in Geneva", "in Doha", "in Nairobi", "in Vienna", "in Cairo", "in Oslo",
          "in Istanbul", "in Addis Ababa", "in Jeddah", "in Astana"]
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
        "last week", "earlier this month", "late on Sunday"]
TAILS = ["according to officials.", "a statement said.", "diplomats said.",
         "local media reported.", "two sources told reporters.", "the ministry said."]


def write_corpus(path: Path) -> list[str]:
    """A few hundred small, distinct articles (written from parts, seeded)."""
    rng = random.Random(20250123)
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_ARTICLES):
            sentences = [
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(PLACES)} "
                f"{rng.choice(WHEN)}, {rng.choice(TAILS)}"
                for _ in range(rng.randint(3, 6))
            ]
            sentences.append(f"This is report number {i} of the series, filed at {i % 24}:00.")
            ident = f"kill-{i:04d}"
            ids.append(ident)
            fh.write(json.dumps({"id": ident, "title": f"Report {i}",
                                 "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                 "text": " ".join(sentences)}) + "\n")
    return ids


def parley_cmd(*args: str) -> list[str]:
    exe = Path(sys.executable).parent / "parley"
    if exe.exists():
        return [str(exe), *args]
    return [sys.executable, "-c", "from parley.cli import main; main()", *args]


@pytest.mark.slow
def test_cli_ingest_sigkill_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus)
    db = tmp_path / "p.db"
    cmd = parley_cmd("--db", str(db), "ingest", str(corpus), "--no-extract", "--json")

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count_articles(db) < 20:
        assert proc.poll() is None, "ingest ended before it could be killed"
        assert time.monotonic() < deadline, "ingest stored nothing within 120 s"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    stored_before = count_articles(db)
    assert 20 <= stored_before < N_ARTICLES, "the kill did not land part-way"
    store = Store(str(db), create=False)
    assert store.integrity_check() == []  # nothing half-written
    store.close()

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["duplicates"] == stored_before
    assert report["stored"] == N_ARTICLES - stored_before
    assert report["skipped"] == []

    store = Store(str(db), create=False)
    stored = store.articles()
    assert sorted(a.id for a in stored) == ids  # each exactly once, none lost
    assert store.integrity_check() == []
    store.close()
