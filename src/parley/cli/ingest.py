"""``parley ingest PATH...``: read articles, extract their events, store both (a thin shell
over :func:`parley.ingest.read_paths`, :func:`parley.pipeline.process` and
:meth:`parley.store.Store.ingest`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from parley.cli._common import clean_errors, open_store
from parley.errors import InputError, ModelError, ParleyError
from parley.ingest import normalise_published, read_paths
from parley.records import Article, Event, Skip
from parley.store import Extractor, IngestReport


def _extractor(processes: int, state: dict[str, Any]) -> Extractor:
    """The pipeline, loaded on first use (a run of duplicates never loads spaCy); a missing
    model or component is a ``ModelError`` naming the fix. With ``processes > 1`` one pool of
    workers serves every chunk; ``state["pool"]`` is closed by the caller."""

    def load() -> Any:
        if "pipeline" not in state:
            try:
                from parley import pipeline

                if processes > 1:
                    state["pool"] = pipeline.ParallelPipeline(processes)
                else:
                    state["nlp"] = pipeline.build_nlp()
            except ParleyError:
                raise
            except (ImportError, AttributeError, OSError) as exc:
                raise ModelError(
                    f"event extraction is not available ({type(exc).__name__}: {exc}). "
                    "Re-install Parley (pip install -e .), or store the articles only with "
                    "--no-extract"
                ) from exc
            state["pipeline"] = pipeline
        return state["pipeline"]

    def run(arts: Iterable[Article]) -> Iterable[tuple[Article, list[Event]]]:
        pipeline = load()
        if processes > 1:
            return state["pool"].run(arts)  # type: ignore[no-any-return]
        return pipeline.process(arts, nlp=state["nlp"])  # type: ignore[no-any-return]

    return run


def summary(report: IngestReport) -> str:
    lines = [
        f"Read:             {report.read}",
        f"Stored:           {report.stored}",
        f"  near-duplicates: {report.near_duplicates} (stored, linked to their original)",
        f"Duplicates:       {report.duplicates} (already stored, unchanged)",
        f"Events:           {report.events}",
        f"Skipped:          {len(report.skipped)}",
    ]
    lines += [f"  - {s.input}: {s.reason}" for s in report.skipped]
    return "\n".join(lines)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--published", metavar="DATE",
              help="Publication date for articles that give none (text files): ISO "
              "2025-01-23, or a form like 'Jan 23, 2025'.")
@click.option("--outlet", metavar="NAME", help="Outlet for articles that give none.")
@click.option("--title", metavar="TEXT",
              help="Title of a text or HTML file (default: its first line, if it looks like one).")
@click.option("--no-extract", is_flag=True,
              help="Store the articles only, without extracting events (fast; no spaCy).")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              metavar="N", help="Extract events on N worker processes.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=5.0,
              show_default=True, metavar="MB",
              help="Largest article text accepted, in MB; larger inputs are skipped.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--scheduler", metavar="local[:N]|tcp://HOST:PORT", default=None,
              help="Extract on a Dask cluster: N local worker processes, or a running "
              "scheduler. Parquet shards go to .parley-shards/ next to the store; a re-run "
              "after a failure computes only the missing partitions (docs/scale.md).")
@click.option("--partition-size", type=click.IntRange(min=1), default=64, show_default=True,
              metavar="N", help="Articles per Dask task (with --scheduler).")
@click.pass_context
@clean_errors
def ingest_cmd(ctx: click.Context, paths: tuple[str, ...], published: str | None,
               outlet: str | None, title: str | None, no_extract: bool, processes: int,
               max_mb: float, as_json: bool, scheduler: str | None = None,
               partition_size: int = 64) -> None:
    """Ingest articles from PATH... (files or folders) into the store.

    Text (.txt), JSON or JSONL records ({id?, title?, source|outlet?, published?, url?,
    text}), HTML pages and RSS/Atom feeds; folders are read recursively. Exact duplicates are
    not stored twice; near-duplicates are stored linked to their original. Bad inputs (empty,
    binary, undecodable, malformed JSON lines, too large, not English, unparseable dates) are
    skipped and listed with their reason. Exits non-zero only when nothing could be ingested.

    \b
    Example:
      parley ingest examples/seed.txt --published 2025-01-23 --outlet unknown
      parley ingest news/ --no-extract
    """
    try:
        normalise_published(published)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from exc
    state: dict[str, Any] = {}
    extractor = None if no_extract or scheduler else _extractor(processes, state)
    items = read_paths(paths, published=published, outlet=outlet, title=title,
                       max_text_bytes=int(max_mb * 1_000_000))
    console = Console(stderr=True)
    with open_store(ctx, create=True) as store, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("ingesting", total=None)
        counts = {"read": 0, "stored": 0, "duplicate": 0, "skipped": 0}

        def on_item(outcome: str, item: Article | Skip) -> None:
            counts["read"] += 1
            key = "stored" if outcome == "near-duplicate" else outcome
            counts[key] = counts.get(key, 0) + 1
            bar.update(task, description=(
                f"read {counts['read']}  stored {counts['stored']}  "
                f"duplicates {counts['duplicate']}  skipped {counts['skipped']}"))

        try:
            if scheduler and not no_extract:
                from parley.scale import ingest_dask

                describe = [sorted(str(Path(p).resolve()) for p in paths), published, outlet,
                            title, max_mb]
                report = ingest_dask(items, store, scheduler, partition_size=partition_size,
                                     describe=describe, on_item=on_item).ingest
            else:
                report = store.ingest(items, extractor=extractor, on_item=on_item,
                                      chunk_size=32 if processes == 1 else 64 * processes)
        finally:
            if "pool" in state:
                state["pool"].close()
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        click.echo(summary(report))
    if report.ingested == 0:
        what = "no input found" if report.read == 0 else f"all {report.read} inputs were skipped"
        raise click.ClickException(f"nothing was ingested: {what}")


def register(main: click.Group) -> None:
    main.add_command(ingest_cmd)
