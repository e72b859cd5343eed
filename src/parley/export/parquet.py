"""Parquet: one row per event, for DuckDB, Spark and pandas.

Flat columns for the event, its actors (``source_*``, ``target_*``, ``said_by_*``) and its
article (``published``, ``outlet``, ``url``, ``title``); ``conditions`` is a nested list of
structs ``{text, kind, span_start, span_end}``.

    duckdb -c "SELECT type, count(*) FROM 'events.parquet' GROUP BY type"
    duckdb -c "SELECT id, c.text FROM 'events.parquet', UNNEST(conditions) AS t(c)"
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from parley.errors import InputError
from parley.export._rows import EventRow
from parley.records import ActorRef

ACTOR_FIELDS = ("name", "country", "sector", "id", "mention")
CONDITION = pa.struct([("text", pa.string()), ("kind", pa.string()),
                       ("span_start", pa.int64()), ("span_end", pa.int64())])
SCHEMA = pa.schema(
    [("id", pa.string()), ("article_id", pa.string()), ("date", pa.string()),
     ("event_date", pa.string()), ("type", pa.string()), ("mode", pa.string()),
     ("cameo", pa.string()), ("goldstein", pa.float64()), ("quad", pa.int64()),
     ("modality", pa.string()), ("negated", pa.bool_()), ("trigger", pa.string())]
    + [(f"{role}_{f}", pa.string()) for role in ("source", "target", "said_by")
       for f in ACTOR_FIELDS]
    + [("reported_by", pa.string()), ("conditions", pa.list_(CONDITION)),
       ("blocker_text", pa.string()), ("blocker_since", pa.string()),
       ("blocker_in_effect", pa.bool_()), ("span_start", pa.int64()), ("span_end", pa.int64()),
       ("sentence", pa.string()), ("rule", pa.string()), ("confidence", pa.float64()),
       ("published", pa.string()), ("outlet", pa.string()), ("url", pa.string()),
       ("title", pa.string()),
       ("place_name", pa.string()), ("place_country", pa.string()),
       ("place_admin1", pa.string()), ("place_lat", pa.float64()), ("place_lon", pa.float64()),
       ("place_feature_code", pa.string()), ("place_geonames_id", pa.int64())]
)


def _actor(prefix: str, ref: ActorRef | None) -> dict[str, Any]:
    return {f"{prefix}_{f}": getattr(ref, f) if ref else None for f in ACTOR_FIELDS}


def record(row: EventRow) -> dict[str, Any]:
    ev, art = row.event, row.article
    span = ev.span or (None, None)
    out: dict[str, Any] = {
        "id": ev.id, "article_id": ev.article_id, "date": row.date, "event_date": ev.date,
        "type": ev.type, "mode": ev.mode, "cameo": ev.cameo, "goldstein": ev.goldstein,
        "quad": ev.quad, "modality": ev.modality, "negated": ev.negated, "trigger": ev.trigger,
        **_actor("source", ev.source), **_actor("target", ev.target),
        **_actor("said_by", ev.said_by),
        "reported_by": ev.reported_by,
        "conditions": [{"text": c.text, "kind": c.kind,
                        "span_start": c.span[0] if c.span else None,
                        "span_end": c.span[1] if c.span else None} for c in ev.conditions],
        "blocker_text": ev.blocker.text if ev.blocker else None,
        "blocker_since": ev.blocker.since if ev.blocker else None,
        "blocker_in_effect": ev.blocker.in_effect if ev.blocker else None,
        "span_start": span[0], "span_end": span[1], "sentence": ev.sentence, "rule": ev.rule,
        "confidence": ev.confidence,
        "published": art.published if art else None, "outlet": art.outlet if art else None,
        "url": art.url if art else None, "title": art.title if art else None,
        **{f"place_{f}": getattr(ev.place, f) if ev.place else None
           for f in ("name", "country", "admin1", "lat", "lon", "feature_code",
                     "geonames_id")},
    }
    return out


def write(rows: list[EventRow], output: Path | IO[str]) -> None:
    if not isinstance(output, Path):
        raise InputError("the parquet export writes a file: give --output PATH")
    table = pa.Table.from_pylist([record(r) for r in rows], schema=SCHEMA)
    pq.write_table(table, output)
