"""The Dask driver: partition, compute missing shards on the cluster, load them in order.

    report = ingest_dask(read_paths(["news/"]), store, scheduler="local:4")

1. **Partition.** The Article stream (from :func:`parley.ingest.read_paths`) is cut into
   partitions of ``partition_size`` articles, each named by its content
   (:mod:`parley.scale._partition`). Skips from the readers, and articles no database can hold,
   are recorded in the store as ``Store.ingest`` does.
2. **Compute.** Each partition whose shard is not yet complete in the run folder becomes one
   Dask task (:func:`parley.scale._tasks.run_partition`): the pipeline, loaded once per worker,
   turns it into a Parquet shard. At most ``4 x workers`` tasks are in flight, so a long input
   is never all in memory on the scheduler. A worker that dies loses only its running tasks,
   which the scheduler reruns elsewhere; a task that raises is retried twice.
3. **Load.** When every shard is there, the driver (the one writer) reads them in input order
   and stores them through :meth:`parley.store.Store.ingest` with the shard's events standing
   in for the extractor: the same de-duplication, near-duplicate links, skips and one
   transaction per article as the single-process path, and idempotent (loading a shard twice
   stores nothing new).

A re-run of the same input after a failure (a crash of the driver, a task that kept failing)
finds the complete shards and computes only the missing partitions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.errors import ConfigError, InputError, ParleyError
from parley.records import Article, Event, Skip
from parley.scale._partition import partitions, pipeline_key
from parley.scale._shards import ShardResult, is_complete, read_shard
from parley.store import IngestReport, Store

log = logging.getLogger(__name__)

DEFAULT_PARTITION_SIZE = 64
SHARDS_FOLDER = ".parley-shards"


@dataclass
class ScaleReport:
    """An ingest on Dask: the store's report plus what happened to the partitions."""

    ingest: IngestReport
    run_dir: Path
    partitions: int = 0
    computed: int = 0  # shards written by this run
    reused: int = 0  # shards found complete from an earlier run
    workers: int = 0
    task_seconds: float = 0.0  # summed over the tasks computed now
    worker_pids: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        out = self.ingest.as_dict()
        out["scale"] = {"run_dir": str(self.run_dir), "partitions": self.partitions,
                        "computed": self.computed, "reused": self.reused,
                        "workers": self.workers, "task_seconds": round(self.task_seconds, 3)}
        return out


def parse_scheduler(spec: str) -> tuple[str, int | str]:
    """``local`` / ``local:N`` -> ("local", N); ``tcp://HOST:PORT`` -> ("address", spec)."""
    spec = spec.strip()
    if spec == "local":
        return "local", os.cpu_count() or 1
    if spec.startswith("local:"):
        try:
            n = int(spec.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise ConfigError(f"--scheduler {spec!r}: local:N needs a whole number of workers >= 1")
        return "local", n
    if "://" in spec:
        return "address", spec
    raise ConfigError(f"--scheduler {spec!r} is neither local, local:N nor a scheduler address "
                      "such as tcp://10.0.0.5:8786")


# Two of Dask's defaults cost Parley's tasks about a quarter more CPU per article, measured on
# 64 benchmark articles in one warm worker against the same pipeline in a plain process: Dask's
# defaults 16.4 CPU s; without the profiler 12.7 user + 2.2 system (781,000 minor page
# faults); without the profiler and the trim threshold 12.4 + 0.4 (36,000); the plain process
# 12.2 + 0.3 (27,000). (1) The nanny exports
# MALLOC_TRIM_THRESHOLD_=65536 to its workers; any explicit trim threshold turns off glibc's
# dynamic mmap threshold, so every allocation over 128 kB of spaCy's arrays is mmap'ed and
# unmapped again: page faults and system time. (2) The statistical profiler walks the task
# thread's stack every 10 ms. Local clusters get these settings; docs/scale.md gives them
# for workers started by hand or by dask-jobqueue.
WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None: not exported
    "distributed.worker.profile.enabled": False,
}
_DASK_TRIM = "MALLOC_TRIM_THRESHOLD_"


@contextmanager
def _without_dask_trim() -> Iterator[None]:
    """A nanny started with Dask's defaults exports its variables into *this* process too
    (distributed.nanny: "even if this means poisoning the process running the Nanny"), and
    every later worker inherits them: while our cluster lives, its workers must not inherit
    Dask's own trim threshold. A value the user set (any other) is left alone."""
    import dask

    default = dask.config.get(f"distributed.nanny.pre-spawn-environ.{_DASK_TRIM}", None)
    seen = os.environ.get(_DASK_TRIM)
    poisoned = seen is not None and seen == str(default if default is not None else 65536)
    if poisoned:
        del os.environ[_DASK_TRIM]
    try:
        yield
    finally:
        if poisoned and seen is not None:
            os.environ[_DASK_TRIM] = seen


@contextmanager
def connect(scheduler: str | Any) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler`` (a spec string, or a Client to reuse).
    ``local:N`` starts a LocalCluster of N worker processes, one thread each (spaCy's work is
    CPU-bound Python: processes, not threads), with :data:`WORKER_CONFIG`."""
    import dask
    from distributed import Client, LocalCluster

    if not isinstance(scheduler, str):
        yield scheduler
        return
    kind, value = parse_scheduler(scheduler)
    if kind == "local":
        with _without_dask_trim(), dask.config.set(WORKER_CONFIG), \
                LocalCluster(n_workers=int(value), threads_per_worker=1, processes=True,
                             dashboard_address=":0") as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(str(value), timeout="30s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {value}: {exc}") from exc
    with client:
        yield client


def default_work_dir(store: Store) -> Path:
    """``.parley-shards`` next to a SQLite store file, else in the working directory."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / SHARDS_FOLDER
    return Path.cwd() / SHARDS_FOLDER


def run_id(describe: object, partition_size: int, model: str | None = None) -> str:
    """A stable name for a run folder: the input's description and the settings."""
    raw = json.dumps([describe, partition_size, pipeline_key(model)], sort_keys=True, default=str)
    return "run-" + hashlib.sha256(raw.encode()).hexdigest()[:12]


def _storable(items: Iterable[Article | Skip], report: IngestReport, store: Store,
              on_item: Callable[[str, Article | Skip], None] | None) -> Iterator[Article]:
    """Articles a database can hold; readers' skips and unstorable articles are recorded."""
    def skip(item: Skip) -> None:
        store.record_skip(item)
        report.read += 1
        report.skipped.append(item)
        if on_item is not None:
            on_item("skipped", item)

    for item in items:
        if isinstance(item, Skip):
            skip(item)
            continue
        try:
            store._prepare(item)  # the check Store.ingest makes before classifying
        except InputError as exc:
            skip(Skip(input=item.origin or item.id, reason=str(exc)))
            continue
        yield item


def load_shards(store: Store, run_dir: Path, partition_ids: Iterable[str],
                report: IngestReport | None = None,
                on_item: Callable[[str, Article | Skip], None] | None = None) -> IngestReport:
    """Store the shards' articles and events, partition by partition in the given order,
    through ``Store.ingest`` (idempotent: already stored articles are duplicates)."""
    report = report or IngestReport()
    for pid in partition_ids:
        results = read_shard(run_dir, pid)
        by_object = {id(r.article): r for r in results}  # Store.ingest passes them through

        def from_shard(arts: Iterable[Article],
                       by_object: dict[int, ShardResult] = by_object,
                       ) -> Iterator[tuple[Article, list[Event]]]:
            for art in arts:
                res = by_object[id(art)]
                if res.failed is not None:
                    raise RuntimeError(res.failed)
                yield art, res.events

        part = store.ingest([r.article for r in results], extractor=from_shard,
                            on_item=on_item, chunk_size=len(results) or 1)
        report.read += part.read
        report.stored += part.stored
        report.duplicates += part.duplicates
        report.near_duplicates += part.near_duplicates
        report.events += part.events
        report.skipped.extend(part.skipped)
    return report


def ingest_dask(
    items: Iterable[Article | Skip],
    store: Store,
    scheduler: str | Any = "local",
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    work_dir: Path | None = None,
    describe: object = None,
    model: str | None = None,
    batch_size: int = 16,
    on_item: Callable[[str, Article | Skip], None] | None = None,
    on_partition: Callable[[dict[str, Any]], None] | None = None,
) -> ScaleReport:
    """Ingest ``items`` into ``store`` with the pipeline running on a Dask cluster.

    ``scheduler``: ``"local"``, ``"local:N"``, ``"tcp://HOST:PORT"`` or a connected
    ``distributed.Client``. Shards go to ``work_dir/<run id>/`` (default: ``.parley-shards``
    next to the store); the run id comes from ``describe`` (for example the input paths and
    reader options), ``partition_size`` and the pipeline key. ``on_partition(summary)`` is
    called as each task finishes (summary of :func:`parley.scale._tasks.run_partition`)."""
    from distributed import as_completed

    from parley.scale._tasks import LoadPipeline, run_partition

    key = pipeline_key(model)
    rdir = (work_dir or default_work_dir(store)) / run_id(describe, partition_size, model)
    report = ScaleReport(ingest=IngestReport(), run_dir=rdir)
    order: list[str] = []
    failures: list[str] = []
    with ExitStack() as stack:
        state: dict[str, Any] = {}

        def client() -> Any:
            """Connected on the first partition to compute (a re-run with every shard
            present starts no cluster)."""
            if "client" not in state:
                state["client"] = stack.enter_context(connect(scheduler))
                info = state["client"].scheduler_info(n_workers=-1)
                report.workers = len(info.get("workers", {}))
                state["client"].register_plugin(LoadPipeline(model))
                state["pending"] = as_completed()
                state["window"] = 4 * max(1, report.workers)
            return state["client"]

        def collect(future: Any) -> None:
            try:
                summary = future.result()
            except Exception as exc:  # noqa: BLE001 - the others go on; reported below
                failures.append(f"{type(exc).__name__}: {exc}")
                return
            if summary.get("written"):
                report.computed += 1
                report.task_seconds += float(summary["seconds"])
            else:
                report.reused += 1
            report.worker_pids.add(int(summary["pid"]))
            if on_partition is not None:
                on_partition(summary)

        in_flight = 0
        stream = _storable(items, report.ingest, store, on_item)
        for part in partitions(stream, partition_size, key):
            report.partitions += 1
            order.append(part.id)
            if is_complete(rdir, part.id):
                report.reused += 1
                continue
            rdir.mkdir(parents=True, exist_ok=True)
            future = client().submit(run_partition, part.id, list(part.articles), str(rdir),
                                     model, batch_size, key=f"parley-{part.id}", pure=False,
                                     retries=2)
            state["pending"].add(future)
            in_flight += 1
            while in_flight >= state["window"]:
                collect(next(state["pending"]))
                in_flight -= 1
        if "pending" in state:
            for future in state["pending"]:
                collect(future)
    missing = [pid for pid in order if not is_complete(rdir, pid)]
    if missing:
        first = f" (first error: {failures[0]})" if failures else ""
        raise ParleyError(f"{len(missing)} of {len(order)} partition(s) have no shard in {rdir} "
                          f"after the run{first}; nothing was loaded. Run the same ingest "
                          "again: it computes only the missing partitions")
    load_shards(store, rdir, order, report.ingest, on_item)
    return report
