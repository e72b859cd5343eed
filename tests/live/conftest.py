from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from server import LiveServer, serve  # noqa: E402


@pytest.fixture
def server() -> Iterator[LiveServer]:
    """A local HTTP server on 127.0.0.1 (stopped at the end of the test)."""
    yield from serve()
