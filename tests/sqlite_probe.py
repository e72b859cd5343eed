"""Reading a SQLite store from outside while another process writes it (the kill tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def count_articles(db: Path) -> int:
    """Articles in the store at ``db``, read-only; 0 while it is not created yet or locked."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return 0
