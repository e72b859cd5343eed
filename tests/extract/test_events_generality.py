"""Generality: passages written for Parley (not copied from any gold file) that vary the
founding article's constructions: other actors, other condition words, passive voice, nested
attribution, other date expressions, negation, refusals and blockers.

Each passage of ``golden/generality.jsonl`` runs through the whole pipeline; every expected
event must come out with its type, actors, conditions (half of the expected tokens found),
modality, negation, said_by, reported_by and date. A failure prints the differences.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parley.evaluate.passages import actor_match, condition_match

GOLDEN = Path(__file__).parent / "golden" / "generality.jsonl"
PASSAGES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _name(a: dict[str, Any] | None) -> str:
    return a["name"] if a else "-"


def _diff(gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    out = []
    for key in ("modality", "negated", "reported_by", "date"):
        g, p = gold.get(key), pred.get(key)
        if key == "reported_by":
            g, p = (g or "").strip().lower() or None, (p or "").strip().lower() or None
        if g != p:
            out.append(f"{key}: expected {gold.get(key)!r}, got {pred.get(key)!r}")
    if not actor_match(gold.get("said_by"), pred.get("said_by")):
        out.append(f"said_by: expected {_name(gold.get('said_by'))}, "
                   f"got {_name(pred.get('said_by'))}")
    pconds = [c["text"] for c in pred.get("conditions", [])]
    for c in gold.get("conditions", []):
        if not any(condition_match(c["text"], p) for p in pconds):
            out.append(f"condition missing: {c['text']!r} (got {pconds})")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("passage", PASSAGES, ids=[p["id"] for p in PASSAGES])
def test_events_generality(nlp: Any, passage: dict[str, Any]) -> None:
    from parley.pipeline import extract

    events = extract(passage["text"], published=passage["published"], article_id=passage["id"],
                     nlp=nlp)
    preds = [e.model_dump(mode="json") for e in events]
    problems = []
    for gold in passage["events"]:
        cands = [p for p in preds if p["type"] == gold["type"]
                 and actor_match(gold["source"], p["source"])
                 and actor_match(gold["target"], p["target"])]
        head = (f"{gold['type']} {_name(gold['source'])} -> {_name(gold['target'])} "
                f"({gold['trigger']!r})")
        if not cands:
            got = "; ".join(f"{p['type']} {_name(p['source'])} -> {_name(p['target'])} "
                            f"({p['trigger']!r})" for p in preds) or "no events"
            problems.append(f"{head}: not found; got {got}")
            continue
        diffs = min((_diff(gold, p) for p in cands), key=len)
        problems.extend(f"{head}: {d}" for d in diffs)
    assert not problems, f"{passage['id']}: {passage['text']}\n  " + "\n  ".join(problems)
