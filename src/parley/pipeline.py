"""The pipeline driver: Article records in, (Article, events) out.

The same stages run in one process, a process pool or Dask tasks; only the driver differs.

    nlp = build_nlp()                          # spaCy + Parley's components, once per process
    for article, events in process(articles, nlp=nlp):
        ...

``extract(text, published=...)`` is the one-call library entry point.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from parley.nlp.model import load_base
from parley.records import Article, Event

log = logging.getLogger(__name__)

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)  # ISO date string of the article
if not Doc.has_extension("article_id"):
    Doc.set_extension("article_id", default=None)

# Parley's spaCy components, in order. Each module registers its factory on import.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("parley.nlp.actors", "parley_actors"),
    ("parley.nlp.timex", "parley_timex"),
)

_NLP_CACHE: dict[str, Language] = {}


def build_nlp(model: str | None = None) -> Language:
    """The spaCy pipeline with Parley's components added (cached per process)."""
    key = model or ""
    if key in _NLP_CACHE:
        return _NLP_CACHE[key]
    import importlib

    base = load_base(model)
    nlp = base  # load_base is cached; components are added once
    for module, factory in COMPONENTS:
        importlib.import_module(module)
        if factory not in nlp.pipe_names:
            nlp.add_pipe(factory, last=True)
    _NLP_CACHE[key] = nlp
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.published = (article.published or "")[:10] or None
    doc._.article_id = article.id
    return doc


def extract_doc(doc: Doc, article: Article) -> list[Event]:
    """Events of one annotated Doc, with ids and provenance filled in."""
    from parley.extract.events import extract_events

    events = extract_events(doc, article)
    for ev in events:
        ev.article_id = article.id
        if not ev.id:
            ev.id = event_id(article.id, ev)
    return events


def event_id(article_id: str, ev: Event) -> str:
    span = ev.span or (0, 0)
    key = f"{article_id}|{span[0]}|{span[1]}|{ev.type}|{ev.trigger}|" \
        f"{ev.source.name if ev.source else ''}|{ev.target.name if ev.target else ''}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def process(
    articles: Iterable[Article],
    nlp: Language | None = None,
    batch_size: int = 16,
) -> Iterator[tuple[Article, list[Event]]]:
    """Annotate and extract, one article at a time, in order. A document that fails in
    extraction yields no events and is logged, never killing the batch."""
    nlp = nlp or build_nlp()
    pending: list[Article] = []

    def docs() -> Iterator[Doc]:
        for art in articles:
            pending.append(art)
            yield make_doc(nlp, art)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        art = pending.pop(0)
        try:
            events = extract_doc(doc, art)
        except Exception:  # noqa: BLE001 - one bad document must not stop a batch
            log.exception("extraction failed for article %s", art.id)
            events = []
        yield art, events


def extract(
    text: str,
    published: str | None = None,
    article_id: str = "text",
    title: str | None = None,
    outlet: str | None = None,
    nlp: Language | None = None,
    **_: Any,
) -> list[Event]:
    """Events in one text, without a store."""
    art = Article(id=article_id, text=text, published=published, title=title, outlet=outlet)
    for _art, events in process([art], nlp=nlp):
        return events
    return []
