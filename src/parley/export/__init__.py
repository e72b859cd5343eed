"""Exports for users of other event data sets: Parquet (DuckDB, Spark, pandas), POLECAT-shaped
PLOVER JSON Lines, and a GDELT-style tab-separated CAMEO file.

    from parley.export import export
    n = export(store, "cameo-tsv", Path("events.tsv"), actor="RUS", since="2025-01-01")

Every format holds one row (or object) per stored event, with its article's outlet, URL and
publication date, and Parley's own fields (conditions, said_by, reported_by, modality,
negation, evidence, rule, confidence) beside the standard ones. Filters are those of
:meth:`parley.store.Store.events`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from parley.errors import InputError
from parley.export._rows import EventRow, event_rows
from parley.store import Store

FORMATS: dict[str, str] = {
    "parquet": "parley.export.parquet",
    "plover-json": "parley.export.plover",
    "cameo-tsv": "parley.export.cameo",
}
DEFAULT_NAMES = {"parquet": "events.parquet", "plover-json": "events.plover.jsonl",
                 "cameo-tsv": "events.cameo.tsv"}


def export(store: Store, fmt: str, output: Path | IO[str] | None = None,
           **filters: Any) -> int:
    """Write the events of ``store`` matching ``filters`` in format ``fmt`` to ``output`` (a
    path; a text stream for the text formats); returns the number of events written."""
    import importlib

    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(FORMATS[fmt])
    writer: Callable[[list[EventRow], Path | IO[str]], None] = module.write
    rows = event_rows(store, **filters)
    writer(rows, output if output is not None else Path(DEFAULT_NAMES[fmt]))
    return len(rows)


__all__ = ["DEFAULT_NAMES", "FORMATS", "EventRow", "event_rows", "export"]
