"""A store written by an older Parley (fewer migrations) is upgraded by the read verbs
instead of being refused; a file that is not a Parley store is refused with a clear message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from parley.cli import main
from parley.store import Store
from parley.store._migrations import MIGRATIONS, migrate


def _old_store(path: Path) -> None:
    store = Store(str(path), create=True)
    try:
        migrate(store.engine, MIGRATIONS[:1])  # only the first schema version
    finally:
        store.close()


def test_cli_read_verb_upgrades_an_older_store(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _old_store(db)
    store = Store(str(db))
    assert store.is_parley_store() and not store.is_initialised()
    store.close()

    for verb in (["articles"], ["events"], ["map", "--format", "json"]):
        result = CliRunner().invoke(main, ["--db", str(db), *verb])
        assert result.exit_code == 0, (verb, result.output)

    store = Store(str(db))
    try:
        assert store.is_initialised()
    finally:
        store.close()


def test_cli_read_verb_refuses_a_database_that_is_not_a_store(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    result = CliRunner().invoke(main, ["--db", str(db), "articles"])
    assert result.exit_code != 0
    assert "is not a Parley store yet" in result.output
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"notes"}
