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
if not Doc.has_extension("outlet"):
    Doc.set_extension("outlet", default=None)  # the article's own outlet ("Reuters")

# Parley's spaCy components, in order. Each module registers its factory on import.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("parley.nlp.actors", "parley_actors"),
    ("parley.nlp.geo", "parley_places"),  # after actors: metonyms are actors, not places
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
    doc._.outlet = article.outlet
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


# spaCy's nlp.pipe holds every document of a batch with its layers' activations at once; the
# process's resident memory grows with the batch and glibc keeps the peak. Measured on 200
# articles of the AllSides benchmark corpus in one process (peak RSS / CPU s): batch 4: 379 MB /
# 46.0 s; batch 8: 457 MB / 43.5 s; batch 32: 864 MB / 43.3 s. Batches of 8 cost nothing in
# speed and keep a worker far below 1 GB; callers may ask for less, never for more.
MAX_PIPE_BATCH = 8


def process(
    articles: Iterable[Article],
    nlp: Language | None = None,
    batch_size: int = MAX_PIPE_BATCH,
) -> Iterator[tuple[Article, list[Event]]]:
    """Annotate and extract, one article at a time, in order. A document that fails in
    extraction yields no events and is logged, never killing the batch. ``batch_size`` is
    spaCy's batch, capped at :data:`MAX_PIPE_BATCH`."""
    nlp = nlp or build_nlp()
    batch_size = max(1, min(batch_size, MAX_PIPE_BATCH))
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


# --- multi-process driver -------------------------------------------------------------------
# Workers each build the nlp once (initializer) and turn chunks of articles into
# (article, events); the parent gets the results back chunk by chunk, in input order, and does
# any writing itself (single writer). ``spawn`` is the default start method: safe with spaCy's
# and numpy's threads; ``fork`` starts faster and is accepted (PARLEY_MP_START or start_method).

_WORKER_NLP: Language | None = None


def warm_worker(nlp: Language, warm_text: str = "") -> None:
    """Get a long-lived worker's pipeline ready: run one document through it (first-call
    costs: lazy dictionaries, lexicons, the lexeme cache) and move every object loaded so far
    out of the cyclic garbage collector's reach. The model, the actor dictionary, the lexicons
    and the gazetteer are millions of long-lived objects; frozen, the collector's full
    collections, which come more and more often as a worker processes articles, no longer
    rescan them every time (on 1,000 articles: 252.7 -> 243.5 CPU s, identical events)."""
    import gc

    if warm_text:
        list(process([Article(id="warm-up", text=warm_text)], nlp=nlp))
    gc.collect()
    gc.freeze()


def _worker_init(model: str | None, warm_text: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = build_nlp(model)
    warm_worker(_WORKER_NLP, warm_text)


def _worker_ping(delay: float) -> int:
    import os
    import time

    time.sleep(delay)
    return os.getpid()


def _worker_run(chunk: list[Article], batch_size: int) -> list[tuple[Article, list[Event]]]:
    nlp = _WORKER_NLP or build_nlp()
    try:
        return list(process(chunk, nlp=nlp, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - retry one by one so one bad article costs only itself
        log.exception("a chunk of %d articles failed; retrying one by one", len(chunk))
    out: list[tuple[Article, list[Event]]] = []
    for art in chunk:
        try:
            out.extend(process([art], nlp=nlp))
        except Exception:  # noqa: BLE001 - logged; the article gets no events
            log.exception("annotation failed for article %s", art.id)
            out.append((art, []))
    return out


WARM_TEXT = ("Russian President Vladimir Putin said on Tuesday he was ready to meet Ukrainian "
             "President Volodymyr Zelensky if security guarantees were given, Reuters reported.")


class ParallelPipeline:
    """A pool of ``processes`` workers, each with the full pipeline loaded once.

        with ParallelPipeline(processes=2) as pool:
            pool.wait_ready()                      # optional: all workers loaded and warm
            for article, events in pool.run(articles, chunk_size=32):
                store.add_article(article, events)   # the parent is the only writer

    Results come back in input order, chunk by chunk; at most ``2 * processes`` chunks are in
    flight, so a long iterator of articles is never read ahead much. A worker that dies raises
    ``concurrent.futures.process.BrokenProcessPool`` in the parent. With ``spawn`` (the
    default) a script that uses the pool needs the ``if __name__ == "__main__":`` guard, as
    for any spawned pool (the CLI has it).
    """

    def __init__(self, processes: int = 2, model: str | None = None,
                 start_method: str | None = None, warm_text: str = WARM_TEXT,
                 max_chunks_per_worker: int | None = None) -> None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        self.processes = max(1, processes)
        method = start_method or os.environ.get("PARLEY_MP_START") or "spawn"
        # max_chunks_per_worker replaces a worker after that many chunks, bounding the memory
        # that spaCy's string store gains on long runs (not with "fork"; a new worker reloads)
        extra = {"max_tasks_per_child": max_chunks_per_worker} if max_chunks_per_worker else {}
        self._executor = ProcessPoolExecutor(
            max_workers=self.processes, mp_context=multiprocessing.get_context(method),
            initializer=_worker_init, initargs=(model, warm_text), **extra)

    def wait_ready(self) -> None:
        """Block until every worker has started, loaded the pipeline and run the warm-up."""
        seen: set[int] = set()
        for _ in range(20):
            futures = [self._executor.submit(_worker_ping, 0.3) for _ in range(self.processes)]
            seen.update(f.result() for f in futures)
            if len(seen) >= self.processes:
                return

    def run(self, articles: Iterable[Article], chunk_size: int = 32, batch_size: int = 16,
            ) -> Iterator[tuple[Article, list[Event]]]:
        from collections import deque
        from concurrent.futures import Future

        in_flight: deque[Future[list[tuple[Article, list[Event]]]]] = deque()
        chunk: list[Article] = []
        for art in articles:
            chunk.append(art)
            if len(chunk) >= chunk_size:
                in_flight.append(self._executor.submit(_worker_run, chunk, batch_size))
                chunk = []
                while len(in_flight) >= 2 * self.processes:
                    yield from in_flight.popleft().result()
        if chunk:
            in_flight.append(self._executor.submit(_worker_run, chunk, batch_size))
        while in_flight:
            yield from in_flight.popleft().result()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParallelPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def process_parallel(
    articles: Iterable[Article],
    processes: int = 2,
    batch_size: int = 32,
    model: str | None = None,
    start_method: str | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Like :func:`process`, on ``processes`` worker processes; ``batch_size`` articles are
    sent to a worker at a time. With ``processes <= 1`` it is :func:`process` in this process.
    The caller (``parley ingest --processes N``, ``parley bench``) writes the results."""
    if processes <= 1:
        yield from process(articles, nlp=build_nlp(model), batch_size=batch_size)
        return
    with ParallelPipeline(processes, model=model, start_method=start_method) as pool:
        yield from pool.run(articles, chunk_size=batch_size, batch_size=batch_size)
