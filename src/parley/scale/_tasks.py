"""What runs on a Dask worker: the pipeline over one partition, written as a Parquet shard.

The spaCy pipeline is loaded once per worker process, not per task: :class:`LoadPipeline` (a
``distributed.WorkerPlugin``) builds it when the worker starts, and
:func:`parley.pipeline.build_nlp` keeps it in a module-level cache that every later task of
that process reuses (a lock guards the first build when a worker runs several threads).
A task returns only a small summary; the articles and events go to the shard on disk, which
the driver reads when every partition is done.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin
from spacy.language import Language

from parley.records import Article
from parley.scale._shards import ShardResult, is_complete, write_shard

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_WARMED: set[str | None] = set()  # models this worker process has warmed and frozen


def worker_nlp(model: str | None = None) -> Language:
    """The pipeline of this worker process (built on first use, then cached)."""
    from parley.pipeline import build_nlp

    with _LOCK:
        return build_nlp(model)


class LoadPipeline(WorkerPlugin):
    """Load Parley's pipeline when a worker starts (and when a dead worker is replaced)."""

    name = "parley-load-pipeline"

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        from parley.pipeline import WARM_TEXT, warm_worker

        nlp = worker_nlp(self.model)
        with _LOCK:  # a plugin registered again (each ingest does) must not warm again
            if self.model in _WARMED:
                return
            _WARMED.add(self.model)
        warm_worker(nlp, WARM_TEXT)


def _extract(articles: list[Article], model: str | None, batch_size: int) -> list[ShardResult]:
    from parley.pipeline import process

    nlp = worker_nlp(model)
    try:
        return [ShardResult(a, evs) for a, evs in process(articles, nlp=nlp,
                                                           batch_size=batch_size)]
    except Exception:  # noqa: BLE001 - retried one by one so one bad article costs only itself
        log.exception("a partition of %d articles failed; retrying one by one", len(articles))
    out: list[ShardResult] = []
    for art in articles:
        try:
            out.extend(ShardResult(a, evs) for a, evs in process([art], nlp=nlp))
        except Exception as exc:  # noqa: BLE001 - recorded in the shard, skipped at load
            log.exception("event extraction failed for article %s", art.id)
            out.append(ShardResult(art, [], failed=f"{type(exc).__name__}: {exc}"))
    return out


def run_partition(partition_id: str, articles: list[Article], run_dir: str,
                  model: str | None = None, batch_size: int = 16) -> dict[str, Any]:
    """Annotate and extract one partition and write its shard (a no-op when the shard is
    already complete). Returns a summary: partition id, articles, events, seconds, worker
    process id, and whether the shard was written now."""
    folder = Path(run_dir)
    t0 = time.perf_counter()
    if is_complete(folder, partition_id):
        return {"partition": partition_id, "articles": len(articles), "events": None,
                "seconds": 0.0, "pid": os.getpid(), "written": False}
    results = _extract(articles, model, batch_size)
    write_shard(folder, partition_id, results)
    return {"partition": partition_id, "articles": len(results),
            "events": sum(len(r.events) for r in results),
            "seconds": time.perf_counter() - t0, "pid": os.getpid(), "written": True}
