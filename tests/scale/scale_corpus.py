"""A small written corpus of political news (seeded), for the scale tests."""

from __future__ import annotations

import json
import random
from pathlib import Path

LEADERS = ["Russian President Vladimir Putin", "Ukrainian President Volodymyr Zelensky",
           "U.S. President Donald Trump", "Turkish President Recep Tayyip Erdogan",
           "French President Emmanuel Macron", "Armenian Prime Minister Nikol Pashinyan",
           "Azerbaijani President Ilham Aliyev", "Israeli Prime Minister Benjamin Netanyahu"]
ACTS = ["said he was ready to meet {other} in {place} if a ceasefire held",
        "rejected a proposal from {other} to hold talks in {place}",
        "accused {other} of shelling villages near the border",
        "agreed to resume negotiations with {other} in {place}, provided that prisoners were "
        "exchanged first",
        "threatened to impose sanctions on {other}",
        "met {other} in {place} to discuss a peace plan",
        "called on {other} to withdraw troops from the disputed region",
        "promised military aid to {other}"]
PLACES = ["Geneva", "Doha", "Istanbul", "Riyadh", "Vienna", "Brussels"]
WHEN = ["on Monday", "on Tuesday", "last week", "on Thursday", "earlier this month"]
TAILS = ["Reuters reported.", "a spokesman said.", "according to state media.",
         "officials said."]


def write_small_corpus(path: Path, n: int = 20, seed: int = 7) -> list[str]:
    """``n`` short, distinct political news articles written from parts (seeded), as JSONL."""
    rng = random.Random(seed)
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                who, other = rng.sample(LEADERS, 2)
                act = rng.choice(ACTS).format(other=other.split()[-1], place=rng.choice(PLACES))
                sentences.append(f"{who} {act} {rng.choice(WHEN)}, {rng.choice(TAILS)}")
            sentences.append(f"This is dispatch {i} of the series.")
            ident = f"small-{i:03d}"
            ids.append(ident)
            fh.write(json.dumps({"id": ident, "title": f"Dispatch {i}", "source": "Test Wire",
                                 "published": f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}",
                                 "text": " ".join(sentences)}) + "\n")
    return ids
