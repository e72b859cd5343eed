"""Scale-out on Dask: the same pipeline over partitions of a corpus, as ``dask.distributed``
tasks on a local or remote cluster, writing Parquet shards that the driver loads into the
store in one idempotent step (see :mod:`parley.scale._driver` and ``docs/scale.md``).

    from parley.ingest import read_paths
    from parley.scale import ingest_dask
    from parley.store import Store

    store = Store("postgresql+psycopg://parley@db/parley"); store.migrate()
    report = ingest_dask(read_paths(["news/"]), store, scheduler="tcp://10.0.0.5:8786")
    report.ingest.stored, report.computed, report.reused
"""

from __future__ import annotations

from parley.scale._driver import (
    DEFAULT_PARTITION_SIZE,
    ScaleReport,
    connect,
    default_work_dir,
    ingest_dask,
    load_shards,
    parse_scheduler,
    run_id,
)
from parley.scale._partition import Partition, partition_id, partitions, pipeline_key
from parley.scale._shards import ShardResult, read_shard, write_shard

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "Partition",
    "ScaleReport",
    "ShardResult",
    "connect",
    "default_work_dir",
    "ingest_dask",
    "load_shards",
    "parse_scheduler",
    "partition_id",
    "partitions",
    "pipeline_key",
    "read_shard",
    "run_id",
    "write_shard",
]
