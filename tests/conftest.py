from __future__ import annotations

from pathlib import Path

import pytest

from parley.config import shared_data_dir


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The reference data beside the checkout; skips the test when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"reference data not found at {path} (set PARLEY_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """Parley's full spaCy pipeline, loaded once per test session."""
    from parley.pipeline import build_nlp

    return build_nlp()


# A throwaway PostgreSQL 15 server (issue 7): fixtures postgres_server, pg_database (tests/pg.py).
from pg import pg_database, postgres_server  # noqa: E402,F401,I001
