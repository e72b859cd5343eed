"""Page latency of ``parley serve`` on a store of 10,000 articles (issue 6, check 5).

    .venv/bin/python benchmarks/web_pages.py --db /tmp/web_bench.db            # builds it once
    .venv/bin/python benchmarks/web_pages.py --db /tmp/web_bench.db --json

The store (built when ``--db`` does not exist yet, reused after) holds the founding article
(``examples/seed.txt``, published 2025-01-23) and the 10,000 articles of
``news/world_politics_bench_allsides.jsonl`` (``../shared/data``): the first ``--extract``
(default 300) of them ingested with event extraction (``parley ingest --processes 2``), then
the whole file with ``parley ingest --no-extract`` (the extracted ones are duplicates and stay
as they are). So every page runs over 10,001 articles, with real events for a subset.

The server is uvicorn on 127.0.0.1 in this process (a thread); requests go over loopback with
httpx, one at a time. Each page is requested once to warm up (the first request after a write
computes the negotiation map and the actor index, then they are cached per store version),
then ``--repeat`` times; the script prints p50, p95 and max in milliseconds per page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Zelensky Open to Peace Talks with Putin, Seeks Security Guarantees from Trump"


def shared_data() -> Path:
    env = os.environ.get("PARLEY_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def parley(*args: str) -> None:
    exe = Path(sys.executable).with_name("parley")
    cmd = [str(exe) if exe.exists() else "parley", *args]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def build(db: Path, corpus: Path, extract: int, processes: int) -> None:
    head = db.with_suffix(".head.jsonl")
    with corpus.open(encoding="utf-8") as src, head.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= extract:
                break
            out.write(line)
    parley("--db", str(db), "ingest", str(ROOT / "examples" / "seed.txt"),
           "--published", "2025-01-23", "--title", TITLE)
    if extract:
        parley("--db", str(db), "ingest", str(head), "--processes", str(processes))
    parley("--db", str(db), "ingest", str(corpus), "--no-extract")
    head.unlink()


def pick(db: Path) -> dict[str, str]:
    """Real ids to request: the most-mentioned actor, its main counterpart, an article with
    events, and the busiest outlet."""
    from sqlalchemy import func, select

    from parley.store import Store
    from parley.store._schema import ActorRow, ArticleRow, EventRow, MentionRow

    store = Store(str(db), create=False)
    with store.engine.connect() as conn:
        ref = func.coalesce(ActorRow.dict_id, ActorRow.name)
        n = func.count(MentionRow.seq)
        top = [r[0] for r in conn.execute(
            select(ref, n).join(MentionRow, MentionRow.actor_seq == ActorRow.seq)
            .group_by(ref).order_by(n.desc()).limit(2))]
        ev_n = func.count(EventRow.seq)
        article = conn.execute(
            select(EventRow.article_id, ev_n).group_by(EventRow.article_id)
            .order_by(ev_n.desc()).limit(1)).first()
        outlet = conn.execute(
            select(ArticleRow.outlet, func.count(ArticleRow.seq)).group_by(ArticleRow.outlet)
            .order_by(func.count(ArticleRow.seq).desc()).limit(1)).first()
        n_articles = conn.execute(select(func.count(ArticleRow.seq))).scalar()
        n_events = conn.execute(select(func.count(EventRow.seq))).scalar()
    store.close()
    assert article is not None and outlet is not None and len(top) == 2
    return {"actor": top[0], "other": top[1], "article": article[0], "outlet": outlet[0] or "",
            "articles": str(n_articles), "events": str(n_events)}


def pages(p: dict[str, str]) -> list[tuple[str, str]]:
    from urllib.parse import quote, urlencode

    a, b = quote(p["actor"], safe=""), quote(p["other"], safe="")
    art = quote(p["article"], safe="")
    return [
        ("home", "/"),
        ("map", "/map"),
        ("map.json", "/map.json"),
        ("map as of 2020-01-01", "/map?as_of=2020-01-01"),
        ("events", "/events"),
        ("events page 40", "/events?page=40"),
        ("events filtered", "/events?" + urlencode({"type": "AGREE", "has_conditions": "true",
                                                    "since": "2010"})),
        ("events by actor", "/events?" + urlencode({"actor": "Putin"})),
        ("events by outlet", "/events?" + urlencode({"outlet": p["outlet"]})),
        ("events.json", "/events.json?per_page=100"),
        ("actor", f"/actors/{a}"),
        ("actor.json", f"/actors/{a}.json"),
        ("dyad", f"/dyads/{a}/{b}"),
        ("dyad.json", f"/dyads/{a}/{b}.json"),
        ("article", f"/articles/{art}"),
        ("article.json", f"/articles/{art}.json"),
        ("search", "/search?q=election"),
        ("search.json", "/search.json?q=putin"),
        ("search in texts", "/search?q=ceasefire&text=true"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/parley_web_bench.db"))
    ap.add_argument("--corpus", type=Path,
                    default=shared_data() / "news" / "world_politics_bench_allsides.jsonl")
    ap.add_argument("--extract", type=int, default=300,
                    help="articles ingested with event extraction when building")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    if not args.db.exists():
        build(args.db, args.corpus, args.extract, args.processes)

    import httpx
    import uvicorn

    from parley.web import create_app

    ids = pick(args.db)
    app = create_app(str(args.db))
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    results: list[dict[str, Any]] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            for name, url in pages(ids):
                t0 = time.perf_counter()
                first = client.get(url)
                cold = (time.perf_counter() - t0) * 1000
                if first.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {first.status_code}: {first.text[:300]}")
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    r = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                    r.raise_for_status()
                times.sort()
                results.append({
                    "page": name, "url": url, "bytes": len(first.content),
                    "first_ms": round(cold, 1),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                    "max_ms": round(times[-1], 1),
                })
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    if args.json:
        print(json.dumps({"store": ids, "repeat": args.repeat, "pages": results}, indent=2))
        return
    print(f"store: {ids['articles']} articles, {ids['events']} events; "
          f"{args.repeat} requests per page after one warm-up request")
    print(f"{'page':<22} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KB':>7}")
    for row in results:
        print(f"{row['page']:<22} {row['first_ms']:>9} {row['p50_ms']:>8} {row['p95_ms']:>8} "
              f"{row['max_ms']:>8} {row['bytes'] / 1024:>7.1f}")


if __name__ == "__main__":
    main()
