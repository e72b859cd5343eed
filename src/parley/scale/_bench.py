"""``parley bench --scheduler``: the Parley phase of the benchmark on a Dask cluster.

The cluster is started, every worker has loaded and warmed the pipeline, before the clock
starts (``startup_s``); the timed part is :func:`parley.scale.ingest_dask` end to end:
partitioning, the tasks, the Parquet shards, and the load of every shard into a fresh SQLite
store in a temporary folder (the driver is the one writer).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.records import Article

if TYPE_CHECKING:
    from parley.bench import BenchProgress, PeakMemory, Timing


def _warm(model: str | None = None) -> int:
    import os

    from parley.pipeline import WARM_TEXT, process
    from parley.scale._tasks import worker_nlp

    list(process([Article(id="warm-up", text=WARM_TEXT)], nlp=worker_nlp(model)))
    return os.getpid()


def time_dask(articles: Sequence[Article], scheduler: str, partition_size: int = 32,
              progress: BenchProgress | None = None, monitor: PeakMemory | None = None,
              ) -> Timing:
    from parley.bench import Timing
    from parley.scale._driver import connect, ingest_dask
    from parley.scale._tasks import LoadPipeline
    from parley.store import Store

    timing = Timing(seconds=0.0)
    with tempfile.TemporaryDirectory(prefix="parley-bench-dask-") as tmp, \
            connect(scheduler) as client:
        t0 = time.perf_counter()
        client.register_plugin(LoadPipeline())
        client.run(_warm)
        timing.startup_s = time.perf_counter() - t0
        store = Store(str(Path(tmp) / "bench.db"))
        store.migrate()
        done = {"n": 0}

        def on_partition(summary: dict[str, Any]) -> None:
            done["n"] += int(summary["articles"])
            if progress is not None:
                progress("Parley (Dask)", done["n"], len(articles))

        cpu0 = monitor.cpu_now() if monitor else 0.0
        t0 = time.perf_counter()
        report = ingest_dask(list(articles), store, client, partition_size=partition_size,
                             work_dir=Path(tmp) / "shards", on_partition=on_partition)
        timing.seconds = time.perf_counter() - t0
        timing.cpu_s = monitor.cpu_now() - cpu0 if monitor else None
        timing.events = report.ingest.events
        timing.skipped = [(s.input, s.reason) for s in report.ingest.skipped]
        store.close()
    return timing
