"""End to end (issue 5, checks 1 and 2): ingest the founding article through the real pipeline
and compare ``parley map --format json`` with ``seed.map.json`` field by field. Passes only when
extraction gets the article right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.analysis import diff_maps
from parley.cli import main

pytestmark = pytest.mark.slow

TITLE = "Zelensky Open to Peace Talks with Putin, Seeks Security Guarantees from Trump"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> str:
    db = str(tmp_path_factory.mktemp("e2e") / "seed.db")
    result = CliRunner().invoke(main, [
        "--db", db, "ingest", str(shared_data / "seed" / "seed.txt"),
        "--published", "2025-01-23", "--outlet", "unknown", "--title", TITLE,
    ])
    assert result.exit_code == 0, result.output
    return db


def test_cli_map_e2e_seed_map(seed_store: str, shared_data: Path) -> None:
    expected = json.loads((shared_data / "seed" / "seed.map.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["--db", seed_store, "map", "--format", "json"])
    assert result.exit_code == 0, result.output
    diffs = diff_maps(expected, json.loads(result.output))
    assert diffs == [], "\n".join(diffs)


def test_cli_map_e2e_as_of_2023(seed_store: str) -> None:
    result = CliRunner().invoke(main, ["--db", seed_store, "map", "--as-of", "2023-01-01",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert [(s["actor"], s["toward"], s["stance"]) for s in got["stances"]] == [
        ("Volodymyr Zelensky", "Vladimir Putin", "refuses")]
    assert [b["in_effect"] for b in got["blockers"]] == [True]
    assert not any((s["date"] or "").startswith("2025") for s in got["stances"])
