"""What the store verbs (``ingest``, ``articles``, ``events``) share: opening the store from
``--db``, turning library errors into clean messages, and plain-text tables."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from parley.errors import ParleyError
from parley.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def clean_errors(func: F) -> F:
    """Run a verb, turning ``ParleyError`` into ``click.ClickException`` (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ParleyError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


@contextmanager
def open_store(ctx: click.Context, *, create: bool) -> Iterator[Store]:
    """The store named by ``--db``. ``create=False`` (read verbs) refuses a missing or
    uninitialised store with a message saying what to do."""
    db: str = ctx.obj.db
    store = Store(db, create=create)
    try:
        if create:
            store.migrate()
        elif store.is_parley_store():
            if not store.is_initialised():
                store.migrate()  # a store written by an older Parley: bring its schema up to date
        else:
            raise click.ClickException(
                f"{db} is not a Parley store yet: run 'parley --db {db} ingest PATH' first"
            )
        yield store
    finally:
        store.close()


def clip(value: Any, width: int) -> str:
    text = "-" if value is None or value == "" else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> str:
    """A left-aligned plain table; each column clipped to its width."""
    cells = [[clip(v, w) for v, w in zip(row, widths, strict=True)] for row in rows]
    cols = [
        max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)
    ]
    lines = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, cols, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, cols, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)
