"""``parley articles``: list the stored articles (a thin shell over
:meth:`parley.store.Store.articles`)."""

from __future__ import annotations

import json

import click

from parley.cli._common import clean_errors, open_store, table


@click.command("articles")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True,
              help="table: one line per article; jsonl: one full Article record (with its "
              "text) per line.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Show at most N articles.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Skip the first N articles.")
@click.pass_context
@clean_errors
def articles_cmd(ctx: click.Context, fmt: str, limit: int | None, offset: int) -> None:
    """List the articles in the store, in the order they were stored.

    \b
    Example:
      parley articles --limit 5
      parley articles --format jsonl > articles.jsonl
    """
    with open_store(ctx, create=False) as store:
        arts = store.articles(limit=limit, offset=offset)
    if fmt == "jsonl":
        for art in arts:
            click.echo(json.dumps(art.model_dump(mode="json"), ensure_ascii=False))
        return
    if not arts:
        click.echo("No articles stored yet: add some with 'parley ingest PATH'.", err=True)
        return
    rows = [
        (a.id, a.published, a.outlet, a.title or a.text[:80], len(a.text), a.duplicate_of)
        for a in arts
    ]
    click.echo(table(("id", "published", "outlet", "title", "chars", "duplicate_of"), rows,
                     (28, 25, 20, 60, 8, 28)))


def register(main: click.Group) -> None:
    main.add_command(articles_cmd)
