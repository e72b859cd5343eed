"""Parley's added CPU cost against spaCy's own parse of the same articles.

    .venv/bin/python scripts/extraction_cost.py 100 3

CPU seconds (``time.process_time``, so other load on a shared machine counts little) of each
stage on the first N articles of the benchmark corpus, in chunks of 10: the spaCy parse
(tokenizer and the model's components), Parley's ``parley_actors`` and ``parley_timex``
components, the attribution analysis (``parley.extract.attribution._analyse``, once per
document), the type model where the extractor calls it (``events._classify_type``, if any),
and the rest of ``extract_events``. Each chunk is parsed and extracted in turn and each figure
is the minimum over REPS passes, so a burst of load on the machine costs one pass, not the
result. ``parley_places`` and the event places (issue 8) are reported apart, not counted.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

import parley.extract.attribution as attribution
import parley.extract.events as events_module
import parley.nlp.geo as geo
from parley.bench import parse_by_component, read_corpus
from parley.config import shared_data_dir
from parley.pipeline import WARM_TEXT, build_nlp, extract_doc, process
from parley.records import Article

TIMED: dict[str, float] = {"places": 0.0, "attribution": 0.0, "typing": 0.0}


def _timed(key: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            TIMED[key] += time.process_time() - t0
    return wrapper


def main(n: int, reps: int) -> dict[str, Any]:
    path = shared_data_dir() / "news" / "world_politics_bench_allsides.jsonl"
    arts, _ = read_corpus(path, limit=n)
    nlp = build_nlp()
    list(process([Article(id="warm-up", text=WARM_TEXT)], nlp=nlp))
    geo.event_places = _timed("places", geo.event_places)  # type: ignore[attr-defined]
    attribution._analyse = _timed("attribution", attribution._analyse)  # type: ignore[assignment]
    if hasattr(events_module, "_classify_type"):
        events_module._classify_type = _timed("typing", events_module._classify_type)
    chunks = [arts[i:i + 10] for i in range(0, len(arts), 10)]
    best: list[dict[str, float]] = [{} for _ in chunks]
    n_events = 0
    for rep in range(reps):
        for k, chunk in enumerate(chunks):
            docs, stage = parse_by_component(nlp, chunk, batch_size=32)
            for key in TIMED:
                TIMED[key] = 0.0
            t0 = time.process_time()
            found = sum(len(extract_doc(d, a)) for d, a in zip(docs, chunk, strict=True))
            stage["extract_all"] = time.process_time() - t0
            stage.update(TIMED)
            if rep == 0:
                n_events += found
            for key, value in stage.items():
                best[k][key] = min(best[k].get(key, 1e9), value)
    total: dict[str, float] = {}
    for row in best:
        for key, value in row.items():
            total[key] = total.get(key, 0.0) + value
    spacy_names = ["make_doc"] + [n for n, _ in nlp.pipeline if not n.startswith("parley")]
    parse = sum(total[k] for k in spacy_names)
    own = {"actors": total.get("parley_actors", 0.0), "timex": total.get("parley_timex", 0.0),
           "extraction": total["extract_all"] - total["places"] - total["attribution"]
           - total["typing"],
           "attribution": total["attribution"], "typing": total["typing"]}
    added = sum(own.values())
    return {"articles": len(arts), "reps": reps, "events": n_events, "parse_s": round(parse, 3),
            **{k + "_s": round(v, 3) for k, v in own.items()}, "added_s": round(added, 3),
            "added_pct_of_parse": round(100 * added / parse, 1),
            "not_counted": {"parley_places": round(total.get("parley_places", 0.0), 3),
                            "event_places": round(total["places"], 3)}}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100,
                          int(sys.argv[2]) if len(sys.argv) > 2 else 3)))
