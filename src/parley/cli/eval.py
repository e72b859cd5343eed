"""``parley eval``: score the pipeline on a gold file (a thin shell over
:func:`parley.evaluate.evaluate`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from parley.errors import ParleyError


@contextmanager
def progress_bar(description: str, console: Console) -> Iterator[Progress]:
    """A rich progress bar on ``console`` (stderr): the ``progress(done, total)`` callback
    target of the scorers and of ``parley bench``."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        yield bar


@click.command("eval")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", default=None, metavar="NAME",
              help="Gold format: passages, plv, conll, timeml or polnear (default: detected).")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object {format, file, items, metrics} and nothing else.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Score only the first N gold items.")
@click.option("--sample-errors", type=click.IntRange(min=0), default=0, metavar="K",
              help="Print K wrong cases (missed, spurious, wrong attributes) after the table.")
def eval_cmd(file: Path, fmt: str | None, as_json: bool, limit: int | None,
             sample_errors: int) -> None:
    """Score Parley on gold data FILE (a file or a folder) and print the metrics.

    \b
    Example:
      parley eval ../shared/data/seed/seed.gold.jsonl
      parley eval ../shared/data/dev/passages.dev.jsonl --json
      parley eval ../shared/data/dev/passages.dev.jsonl --sample-errors 10
    """
    from parley.evaluate import evaluate
    from parley.evaluate.report import as_json as result_json
    from parley.evaluate.report import print_result

    err = Console(stderr=True)
    try:
        with progress_bar(f"eval {file.name}", err) as bar:
            task = bar.add_task(f"eval {file.name}", total=None)

            def progress(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            result = evaluate(file, format=fmt, limit=limit, progress=progress)
    except ParleyError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(result_json(result))
        if result.skipped:
            err.print(f"{len(result.skipped)} item(s) skipped:")
            for source, reason in result.skipped:
                err.print(f"  {source}: {reason}", markup=False)
        if sample_errors:
            print_result(result, err, errors=sample_errors)
    else:
        print_result(result, Console(), errors=sample_errors)


def register(main: click.Group) -> None:
    main.add_command(eval_cmd)
