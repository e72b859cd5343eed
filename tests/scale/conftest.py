"""Fixtures of the scale tests: one Dask LocalCluster (2 worker processes, one thread each)
shared by a module's tests. The small written corpus is in ``scale_corpus.py``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A LocalCluster of 2 worker processes (one thread each) and its client."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client
