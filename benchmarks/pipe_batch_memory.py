"""Peak memory and CPU of the pipeline in one process, by spaCy batch size.

    .venv/bin/python benchmarks/pipe_batch_memory.py 200 4 8 32

For each batch size B (a fresh process each, so peaks do not carry over): build and warm the
pipeline, freeze it out of the cyclic GC as workers do, run ``process(articles, nlp,
batch_size=B)`` over the first N articles of the benchmark corpus, and print the process's
peak RSS (``VmHWM``), its CPU seconds and the number of events. ``process`` caps the batch at
:data:`parley.pipeline.MAX_PIPE_BATCH`; this script lifts the cap to measure above it.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
from pathlib import Path


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return 0.0


def one(limit: int, batch: int) -> dict[str, float]:
    import parley.pipeline as pipeline
    from parley.bench import read_corpus
    from parley.config import shared_data_dir

    corpus = shared_data_dir() / "news" / "world_politics_bench_allsides.jsonl"
    articles = read_corpus(corpus, limit=limit)[0]
    pipeline.MAX_PIPE_BATCH = max(batch, pipeline.MAX_PIPE_BATCH)
    nlp = pipeline.build_nlp()
    pipeline.warm_worker(nlp, pipeline.WARM_TEXT)
    gc.collect()
    t0 = time.process_time()
    events = sum(len(evs) for _a, evs in pipeline.process(articles, nlp=nlp, batch_size=batch))
    return {"batch": batch, "articles": len(articles), "peak_rss_mb": round(_hwm_mb()),
            "cpu_s": round(time.process_time() - t0, 1), "events": events}


def main() -> None:
    if sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]), int(sys.argv[3]))))
        return
    limit = int(sys.argv[1])
    for batch in sys.argv[2:] or ["4", "8", "32"]:
        out = subprocess.run([sys.executable, __file__, "--one", str(limit), batch],
                             capture_output=True, text=True, check=True)
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
