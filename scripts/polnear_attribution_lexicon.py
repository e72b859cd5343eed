"""Derive the ``learned`` cue verbs of ``attribution.yaml`` from the PolNeAR *train* split.

    .venv/bin/python scripts/polnear_attribution_lexicon.py ../shared/data/attribution/polnear/train
    .venv/bin/python scripts/polnear_attribution_lexicon.py TRAIN --write   # rewrite the block

Counts, for every verb lemma of the training texts (spaCy ``en_core_web_sm`` parse), how many
of its occurrences head a gold ``Cue`` span (the cue token whose syntactic head is outside the
cue) and how many occurrences it has in all. A verb becomes a learned cue when it heads at
least ``--min`` gold cues and at least ``--ratio`` of its occurrences are cues, and it is not
already a cue of the hand-made lists (``verbs``, ``phrasal``, ``light_verbs``). Learned cues get
the kind ``learned``: an attribution in PolNeAR's sense (a source with a complement or an
object), never a statement for ``said_by``.

Only the train split may be given (the dev and test splits are for measuring). With
``--write`` the block between the ``# BEGIN learned`` and ``# END learned`` lines of
``src/parley/data/lexicons/attribution.yaml`` is replaced; without it the table is printed.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import yaml
from spacy.tokens import Doc

from parley.config import DATA_DIR
from parley.evaluate.polnear import Document, load
from parley.nlp.model import load_base

LEXICON = DATA_DIR / "lexicons" / "attribution.yaml"
_BLOCK = re.compile(r"# BEGIN learned\n.*?# END learned\n", re.S)


def count(folder: Path, limit: int | None = None) -> tuple[Counter[str], Counter[str]]:
    """(cue-head counts, occurrence counts) of verb lemmas in a PolNeAR folder."""
    if folder.name != "train":
        raise SystemExit(f"{folder}: derive the lexicon from the train split only")
    docs = load(folder, limit)
    nlp = load_base()
    return count_docs(docs, nlp.pipe((d.text for d in docs), batch_size=8))


def count_docs(docs: Iterable[Document], parsed: Iterable[Doc]) -> tuple[Counter[str], Counter[str]]:
    """The counts of :func:`count` over already parsed texts."""
    heads: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item, doc in zip(docs, parsed, strict=True):
        cue_chars: set[int] = set()
        for frags in item.gold["cue"]:
            for a, b in frags:
                cue_chars.update(range(a, b))
        for tok in doc:
            if tok.pos_ != "VERB":
                continue
            lemma = tok.lemma_.lower()
            total[lemma] += 1
            if tok.idx in cue_chars and (tok.head.idx not in cue_chars or tok.head == tok):
                heads[lemma] += 1
    return heads, total


def known_cues() -> set[str]:
    att = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    known: set[str] = set()
    for words in (att.get("verbs") or {}).values():
        known.update(str(w) for w in words or [])
    known.update(map(str, att.get("phrasal") or {}))
    known.update(map(str, att.get("light_verbs") or []))
    known.update(map(str, att.get("lemma_aliases") or {}))
    return known


def select(heads: Counter[str], total: Counter[str], min_count: int,
           ratio: float) -> list[tuple[str, int, int]]:
    known = known_cues()
    rows = [(lemma, n, total[lemma]) for lemma, n in heads.items()
            if n >= min_count and n / total[lemma] >= ratio and lemma not in known
            and lemma.isalpha()]
    return sorted(rows, key=lambda r: (-r[1] / r[2], r[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--min", type=int, default=3)
    ap.add_argument("--ratio", type=float, default=0.5)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    heads, total = count(args.folder.resolve(), args.limit)
    rows = select(heads, total, args.min, args.ratio)
    for lemma, n, t in rows:
        print(f"{lemma}\t{n}\t{t}\t{n / t:.2f}")
    if args.write:
        write_block(rows, args.min, args.ratio)
        print(f"wrote {len(rows)} learned cues to {LEXICON}")


def write_block(rows: list[tuple[str, int, int]], min_count: int, ratio: float) -> None:
    """Replace (or append) the ``learned`` block of attribution.yaml with these lemmas."""
    lines = [
        "# BEGIN learned\n",
        "# Written by scripts/polnear_attribution_lexicon.py from polnear/train: verbs that head"
        f" >= {min_count}\n",
        f"# gold cues, >= {ratio:.0%} of their occurrences (count/occurrences). Do not edit by"
        " hand.\n",
        "learned:\n",
        *(f"  - {lemma}  # {n}/{t}\n" for lemma, n, t in sorted(rows)),
        "# END learned\n",
    ]
    text = LEXICON.read_text(encoding="utf-8")
    block = "".join(lines)
    text = _BLOCK.sub(lambda _m: block, text) if _BLOCK.search(text) else text + "\n" + block
    LEXICON.write_text(text, encoding="utf-8")

if __name__ == "__main__":
    main()
