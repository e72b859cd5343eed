"""``parley serve``: the web UI and JSON API over the store (a thin shell over
:func:`parley.web.create_app`, run by uvicorn)."""

from __future__ import annotations

import os

import click

from parley.cli._common import clean_errors
from parley.store import Store


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface: use --private or a "
              "proxy on a shared network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on.")
@click.option("--private", is_flag=True,
              help="Reads need the token too (Authorization: Bearer $PARLEY_TOKEN; a browser "
              "signs in at /login).")
@click.option("--max-body-mb", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, metavar="MB", help="Largest request body accepted, in MB.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="uvicorn's log level.")
@click.pass_context
@clean_errors
def serve_cmd(ctx: click.Context, host: str, port: int, private: bool, max_body_mb: float,
              log_level: str) -> None:
    """Serve the store as a web application: pages and their JSON twins.

    Pages: /map (the negotiation map as a graph), /actors/REF, /dyads/A/B, /events (filters,
    paging), /articles/ID (evidence highlighted), /search; each has a .json twin, and the
    OpenAPI description is /openapi.json. Writes (POST /articles, POST /ingest) need the token
    in $PARLEY_TOKEN, sent as 'Authorization: Bearer TOKEN'; without it writes are refused.

    \b
    Example:
      PARLEY_TOKEN=s3cret parley serve --port 8765
      curl -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/json' \\
           -d '{"text": "...", "published": "2025-01-23"}' http://127.0.0.1:8765/articles
    """
    import uvicorn

    from parley.web import create_app

    token = os.environ.get("PARLEY_TOKEN") or None
    if private and not token:
        raise click.UsageError("--private needs a token: set PARLEY_TOKEN")
    store = Store(ctx.obj.db)
    app = create_app(store, token=token, private=private,
                     max_body_bytes=int(max_body_mb * 1024 * 1024), warm=True)
    click.echo(f"Parley on http://{host}:{port}/ (store {ctx.obj.db}; writes "
               f"{'enabled' if token else 'disabled: no PARLEY_TOKEN'}"
               f"{'; private' if private else ''})", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False,
                    server_header=False)
    finally:
        store.close()


def register(main: click.Group) -> None:
    main.add_command(serve_cmd)
