"""Print how often each word is a PolNeAR attribution cue (a tuning aid for attribution.yaml).

    .venv/bin/python scripts/polnear_cue_stats.py ../shared/data/attribution/polnear/train

For every lemma that heads a gold cue at least ``--min`` times: how many of its occurrences
(same part of speech) are cue heads, and the ratio. Nothing is written: the lexicon in
``src/parley/data/lexicons/attribution.yaml`` is curated by hand from this table, keeping
general reporting, speech, belief and intention words (never words of one article).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from parley.evaluate.polnear import load
from parley.nlp.model import load_base


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--min", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    docs = load(args.folder, args.limit)
    nlp = load_base()
    cue_heads: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for item, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        cue_chars: set[int] = set()
        for frags in item.gold["cue"]:
            for a, b in frags:
                cue_chars.update(range(a, b))
        for tok in doc:
            key = (tok.lemma_.lower(), tok.pos_)
            total[key] += 1
            if tok.idx in cue_chars and (tok.head.idx not in cue_chars or tok.head == tok):
                cue_heads[key] += 1
    for key, n in sorted(cue_heads.items(), key=lambda kv: -kv[1]):
        if n >= args.min:
            print(f"{key[0]}\t{key[1]}\t{n}\t{total[key]}\t{n / total[key]:.2f}")


if __name__ == "__main__":
    main()
