"""The ``parley`` command line: one thin verb per library function.

Each verb lives in its own module under ``parley.cli`` and is registered below. Library
errors (``ParleyError``) become clean one-line messages, never tracebacks.
"""

from __future__ import annotations

import importlib

import click

from parley.config import db_location

# Modules that define verbs; each exposes ``register(main: click.Group) -> None``.
VERB_MODULES: tuple[str, ...] = (
    "ingest",
    "articles",
    "events",
    "eval",
    "bench",
    "map",
    "shifts",
    "timeline",
    "export",
    "serve",
    "watch",
    "alerts",
)


class Context:
    """What every verb gets: the store location (``--db`` / ``PARLEY_DB``)."""

    def __init__(self, db: str) -> None:
        self.db = db


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="PARLEY_DB",
    default=None,
    metavar="PATH|URL",
    help="Store: a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://...). "
    "Default: parley.db in the working directory, or $PARLEY_DB.",
)
@click.version_option(package_name="parley")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Parley: political event data with conditions, provenance and a negotiation map."""
    ctx.obj = Context(db_location(db))


for _name in VERB_MODULES:
    importlib.import_module(f"parley.cli.{_name}").register(main)
