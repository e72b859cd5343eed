"""Parquet shards: one folder per partition, holding what the pipeline made of it.

    <work dir>/<run id>/part-<partition id>/
        articles.parquet   one row per article, in input order: position, id, the Article
                           fields as columns, failed (why extraction failed, or null)
        events.parquet     one row per event: article_id, article_position, position, id,
                           type, cameo, date, and record (the Event as JSON, exactly)
        _SUCCESS           written last

A shard folder is written under a temporary name and renamed into place, so it either exists
whole or not at all; a task that runs twice (its worker died after writing) finds the folder
and keeps it. Both files can be read directly with DuckDB, Spark or pyarrow
(``pyarrow.dataset.dataset(run_dir, format="parquet")`` over ``part-*/events.parquet``).
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from parley.records import Article, Event

ARTICLE_FIELDS = ("id", "text", "title", "outlet", "url", "published", "language",
                  "content_hash", "duplicate_of", "origin")
ARTICLES_SCHEMA = pa.schema(
    [pa.field("position", pa.int32(), nullable=False)]
    + [pa.field(name, pa.string()) for name in ARTICLE_FIELDS]
    + [pa.field("failed", pa.string())]
)
EVENTS_SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("article_position", pa.int32(), nullable=False),
    pa.field("position", pa.int32(), nullable=False),
    pa.field("id", pa.string()),
    pa.field("type", pa.string()),
    pa.field("cameo", pa.string()),
    pa.field("date", pa.string()),
    pa.field("record", pa.string(), nullable=False),
])
DONE = "_SUCCESS"


@dataclass
class ShardResult:
    """One article as the pipeline left it: its events, or why extraction failed."""

    article: Article
    events: list[Event]
    failed: str | None = None


def shard_dir(run_dir: Path, partition_id: str) -> Path:
    return run_dir / f"part-{partition_id}"


def is_complete(run_dir: Path, partition_id: str) -> bool:
    return (shard_dir(run_dir, partition_id) / DONE).is_file()


def write_shard(run_dir: Path, partition_id: str, results: list[ShardResult]) -> Path:
    """Write a partition's shard atomically; keep an existing complete one."""
    final = shard_dir(run_dir, partition_id)
    if (final / DONE).is_file():
        return final
    run_dir.mkdir(parents=True, exist_ok=True)
    tmp = run_dir / f".tmp-{partition_id}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        arts: dict[str, list[object]] = {name: [] for name in ARTICLES_SCHEMA.names}
        evs: dict[str, list[object]] = {name: [] for name in EVENTS_SCHEMA.names}
        for pos, res in enumerate(results):
            arts["position"].append(pos)
            for name in ARTICLE_FIELDS:
                arts[name].append(getattr(res.article, name))
            arts["failed"].append(res.failed)
            for epos, ev in enumerate(res.events):
                evs["article_id"].append(res.article.id)
                evs["article_position"].append(pos)
                evs["position"].append(epos)
                evs["id"].append(ev.id)
                evs["type"].append(ev.type)
                evs["cameo"].append(ev.cameo)
                evs["date"].append(ev.date)
                evs["record"].append(ev.model_dump_json())
        pq.write_table(pa.Table.from_pydict(arts, schema=ARTICLES_SCHEMA), tmp / "articles.parquet")
        pq.write_table(pa.Table.from_pydict(evs, schema=EVENTS_SCHEMA), tmp / "events.parquet")
        with (tmp / DONE).open("w") as fh:
            fh.write(f"{len(results)} articles\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            tmp.rename(final)
        except OSError:  # another attempt of the same task got there first
            if not (final / DONE).is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def read_shard(run_dir: Path, partition_id: str) -> list[ShardResult]:
    """The results of a complete shard, in input order."""
    folder = shard_dir(run_dir, partition_id)
    arts = pq.read_table(folder / "articles.parquet").to_pylist()
    evs = pq.read_table(folder / "events.parquet").to_pylist()
    results = [
        ShardResult(article=Article(**{name: row[name] for name in ARTICLE_FIELDS
                                       if row[name] is not None}),
                    events=[], failed=row["failed"])
        for row in sorted(arts, key=lambda r: r["position"])
    ]
    for row in sorted(evs, key=lambda r: (r["article_position"], r["position"])):
        results[row["article_position"]].events.append(Event.model_validate_json(row["record"]))
    return results
