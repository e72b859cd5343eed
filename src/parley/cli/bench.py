"""``parley bench``: end-to-end throughput against spaCy alone (a thin shell over
:func:`parley.bench.bench`)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from parley.errors import ParleyError


@click.command("bench")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Use the first N usable articles (default: all).")
@click.option("--processes", type=click.IntRange(min=1), default=2, show_default=True,
              metavar="P", help="Worker processes, for spaCy and for Parley alike.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              metavar="B", help="Articles per nlp.pipe batch and per worker chunk.")
@click.option("--start-method", type=click.Choice(["spawn", "forkserver", "fork"]),
              default=None, help="How Parley's workers start (default: $PARLEY_MP_START or spawn).")
@click.option("--profile", is_flag=True,
              help="Instead of the comparison, time each stage of Parley's pipeline (each "
              "spaCy component, extraction with its costliest functions, the store) in one "
              "process.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object with the figures and nothing else.")
@click.option("--scheduler", metavar="local[:N]|tcp://HOST:PORT", default=None,
              help="Run Parley's phase on a Dask cluster (partitions of B articles, Parquet "
              "shards, one load into the store); spaCy's phase keeps --processes.")
@click.option("--no-spacy", "no_spacy", is_flag=True,
              help="Time Parley's phase only (no spaCy phase, no ratio): to compare "
              "--processes or --scheduler settings on the same articles.")
def bench_cmd(corpus: Path, limit: int | None, processes: int, batch_size: int,
              start_method: str | None, profile: bool, as_json: bool,
              scheduler: str | None = None, no_spacy: bool = False) -> None:
    """Time spaCy alone and Parley end to end (text to stored events) on the same articles
    of a JSONL news CORPUS ({id, title, source, published, text} per line).

    Warm-up is excluded from both timings; bad records are counted, never fatal.

    \b
    Example:
      parley bench ../shared/data/news/world_politics_bench_allsides.jsonl --limit 300 --json
      parley bench ../shared/data/news/world_politics_bench_allsides.jsonl --limit 100 --profile
      parley bench CORPUS --limit 2000 --no-spacy --scheduler local:2 --json
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from parley.bench import bench, profile_components, read_corpus

    err = Console(stderr=True)
    if profile:
        try:
            articles, _skipped = read_corpus(corpus, limit)
            report = profile_components(articles, batch_size=batch_size)
        except ParleyError as exc:
            raise click.ClickException(str(exc)) from exc
        if as_json:
            click.echo(json.dumps(report))
        else:
            Console().print_json(json.dumps(report))
        return
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=done, total=total)

            result = bench(corpus, limit=limit, processes=processes, batch_size=batch_size,
                           start_method=start_method, progress=progress,
                           scheduler=scheduler, spacy=not no_spacy)
    except ParleyError as exc:
        raise click.ClickException(str(exc)) from exc
    data = result.to_json()
    if result.skipped:
        err.print(f"{len(result.skipped)} bad record(s) set aside:")
        for source, reason in result.skipped[:20]:
            err.print(f"  {source}: {reason}", markup=False)
    if as_json:
        click.echo(json.dumps(data))
        return
    table = Table(title=f"parley bench: {corpus}", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in data.items():
        if key in ("corpus", "skipped"):
            continue
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console().print(table)


def register(main: click.Group) -> None:
    main.add_command(bench_cmd)
