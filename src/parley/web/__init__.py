"""Parley's web face: a FastAPI application with server-rendered pages and their JSON twins.

    from parley.web import create_app
    app = create_app("parley.db", token="s3cret")      # run with uvicorn, or `parley serve`

Pages (each with a ``.json`` twin): ``/map`` (the negotiation map as a graph, as of a date),
``/actors/{ref}``, ``/dyads/{a}/{b}``, ``/events`` (filters and paging), ``/articles/{id}``
(evidence highlighted), ``/search``. ``/changes.json?since=SEQ``: the live feed's latest
changes, which the home and map pages poll (``static/changes.js``). Writes: ``POST /articles``, ``POST /ingest`` (token).
The OpenAPI description is ``/openapi.json``.

Modules: ``_app`` (factory, settings, the one error shape), ``_security`` (headers, body
limit), ``_data`` (paged queries and cached analysis over the store), ``_render`` (highlight
segments, the chart, URL checks), ``_pages`` (reads), ``_writes`` (writes); templates and
static files (own JS/CSS, no CDN) ship in the package.
"""

from __future__ import annotations

from parley.web._app import DEFAULT_MAX_BODY, create_app

__all__ = ["DEFAULT_MAX_BODY", "create_app"]
