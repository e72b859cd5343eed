"""``parley export``: the store's events as Parquet, PLOVER JSON Lines or a CAMEO TSV (a thin
shell over :func:`parley.export.export`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parley.cli._common import clean_errors, open_store


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["parquet", "plover-json", "cameo-tsv"]),
              required=True, help="parquet (DuckDB, Spark), plover-json (POLECAT-shaped JSON "
              "Lines) or cameo-tsv (GDELT-style tab-separated).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output for the text formats, "
              "events.parquet for parquet).")
@click.option("--actor", help="Only events whose source or target matches (name, id, country).")
@click.option("--type", "type_", metavar="PLOVER", help="Only events of this PLOVER type.")
@click.option("--since", metavar="DATE", help="Only events on or after DATE (ISO prefix).")
@click.option("--until", metavar="DATE", help="Only events on or before DATE (ISO prefix).")
@click.option("--article", "article_id", metavar="ID", help="Only events of this article.")
@click.pass_context
@clean_errors
def export_cmd(ctx: click.Context, fmt: str, output: Path | None, actor: str | None,
               type_: str | None, since: str | None, until: str | None,
               article_id: str | None) -> None:
    """Export stored events for other tools: Parquet, PLOVER JSON or a CAMEO TSV.

    Each event keeps Parley's conditions, said_by and reported_by beside the standard fields.

    \b
    Example:
      parley export --format parquet -o events.parquet --since 2025-01-01
      parley export --format plover-json --actor RUS > russia.jsonl
      parley export --format cameo-tsv -o events.tsv
    """
    from parley.export import export

    with open_store(ctx, create=False) as store:
        target = output if output is not None or fmt == "parquet" else sys.stdout
        n = export(store, fmt, target, actor=actor, type=type_, since=since, until=until,
                   article_id=article_id)
    if output is not None or fmt == "parquet":
        click.echo(f"{n} events written to {output or 'events.parquet'}", err=True)


def register(main: click.Group) -> None:
    main.add_command(export_cmd)
