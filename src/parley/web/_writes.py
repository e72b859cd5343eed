"""The write endpoints: ``POST /articles`` (one article) and ``POST /ingest`` (a batch).

Both need ``Authorization: Bearer <PARLEY_TOKEN>``. Every record of a request is checked
(the same checks as ``parley ingest``: text present, English, a readable date, storable
strings) before anything is written: one bad record refuses the whole request with 422 and
writes nothing. Events are then extracted with the pipeline (spaCy loaded once per server
process, on the first write) and each article is stored with its events in one transaction.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field

from parley.ingest import DEFAULT_MAX_TEXT_BYTES, record_to_article
from parley.records import Article, Event, Skip
from parley.web._app import WebContext
from parley.web._pages import bearer, context
from parley.web._render import article_url

MAX_BATCH = 1000


def write_access(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> WebContext:
    ctx = context(request)
    if not ctx.token:
        raise HTTPException(401, "writes are disabled: start the server with PARLEY_TOKEN set",
                            headers={"WWW-Authenticate": "Bearer"})
    if not ctx.token_ok(request.headers.get("authorization")):
        raise HTTPException(401, "a write needs Authorization: Bearer <PARLEY_TOKEN>",
                            headers={"WWW-Authenticate": "Bearer"})
    return ctx


Writer = Annotated[WebContext, Depends(write_access)]
router = APIRouter()


class ArticleIn(BaseModel):
    """One article, as a line of a JSONL file for ``parley ingest``."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=500, description="default: a hash of the text")
    title: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=4000)
    published: str | None = Field(None, max_length=64, examples=["2025-01-23"])
    language: str | None = Field(None, max_length=20)
    text: str = Field(min_length=1, max_length=DEFAULT_MAX_TEXT_BYTES)


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_BATCH)


def to_article(item: ArticleIn, origin: str) -> Article | Skip:
    record = {k: v for k, v in item.model_dump().items() if v is not None}
    return record_to_article(record, origin)


def extract(ctx: WebContext, articles: list[Article]) -> list[tuple[Article, list[Event]]]:
    from parley import pipeline

    with ctx.nlp_lock:
        if ctx.nlp is None:
            ctx.nlp = pipeline.build_nlp()
        return list(pipeline.process(articles, nlp=ctx.nlp))


def store_all(ctx: WebContext, items: list[ArticleIn], where: str,
              batch: bool) -> list[dict[str, Any]]:
    """Check every record, then extract and store each new article in its own transaction."""
    articles: list[Article] = []
    problems: list[str] = []
    for i, item in enumerate(items):
        origin = f"{where}[{i}]" if batch else where
        made = to_article(item, origin)
        if isinstance(made, Skip):
            problems.append(f"{made.input}: {made.reason}")
        else:
            articles.append(made)
    if problems:
        raise HTTPException(422, "nothing was stored: " + "; ".join(problems[:20]))
    out: list[dict[str, Any]] = []
    new = [a for a in articles if ctx.store.classify(a)[0] == "new"]
    extracted = {a.id: evs for a, evs in extract(ctx, new)} if new else {}
    for art in articles:
        events = extracted.get(art.id, [])
        outcome = ctx.store.add_article(art, events)
        ctx.data.invalidate()
        out.append({"id": art.id, "outcome": outcome,
                    "events": len(events) if outcome == "stored" else 0,
                    "url": article_url(art.id)})
    return out


@router.post("/articles", status_code=201,
             summary="Ingest one article (needs the token): extract its events and store it",
             responses={200: {"description": "already stored (a duplicate)"}})
def post_article(ctx: Writer, article: ArticleIn) -> JSONResponse:
    (result,) = store_all(ctx, [article], "POST /articles", batch=False)
    status = 201 if result["outcome"] != "duplicate" else 200
    return JSONResponse({"ok": True, **result}, status_code=status)


@router.post("/ingest", summary="Ingest a batch of articles (needs the token)")
def post_ingest(ctx: Writer, batch: BatchIn) -> JSONResponse:
    results = store_all(ctx, batch.articles, "POST /ingest articles", batch=True)
    counts = {k: sum(1 for r in results if r["outcome"] == k)
              for k in ("stored", "duplicate", "near-duplicate")}
    return JSONResponse({"ok": True, "counts": counts, "articles": results})
