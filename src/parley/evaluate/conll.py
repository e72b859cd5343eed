"""The ``conll`` scorer: actor roles on BIO files (``events/conflibert/cameo_ner_*.txt``).

The file has one ``token label`` pair a line and a blank line between sentences; labels are
``B-S``/``I-S`` (source), ``B-T``/``I-T`` (target), ``B-R``/``I-R`` (reciprocal: both sides of a
meeting) and ``O``. Each sentence is detokenised (spaces dropped before closing punctuation and
after opening brackets), with the character span of every gold token kept, run through Parley's
pipeline, and :func:`parley.extract.roles.tag_roles` marks the noun phrases of the main event.
Predicted character spans are mapped back onto the gold tokens, and scored by exact span match
(same first and last token, same label):

- ``source_precision/recall/f1`` over S spans, ``target_*`` over T spans, ``reciprocal_*`` over
  R spans, and ``role_*`` over all spans (micro-averaged).

Example line of ``run(path).to_json()["metrics"]``: ``{"source_f1": 0.41, "target_f1": 0.27,
"role_f1": 0.33, ...}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.errors import GoldFormatError
from parley.evaluate.base import EvalResult, Progress, prf

NAME = "conll"
LABELS = ("S", "T", "R")
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "'s", "’s", "'", "’", "n't",
                    "%", "”", "''", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "``"}

__all__ = ["NAME", "ConllItem", "Span3", "detect", "detokenise", "load", "predict", "run",
           "score", "spans_from_bio"]

Span3 = tuple[int, int, str]  # first token, last token (inclusive), label


@dataclass(frozen=True)
class ConllItem:
    """One gold sentence: tokens, gold spans (token offsets, inclusive) and where it was read."""

    id: str
    tokens: tuple[str, ...]
    spans: tuple[Span3, ...]


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text of the tokens with natural spacing, and each token's (start, end) in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    prev = ""
    quote_open = False
    glue_next = False
    for i, tok in enumerate(tokens):
        space = i > 0 and tok not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER
        if glue_next:
            space, glue_next = False, False
        if tok == '"':
            if quote_open:
                space = False
            quote_open = not quote_open
        elif prev == '"' and quote_open:
            space = False
        if tok in (",", ".") and prev.isdigit() and i + 1 < len(tokens) and \
                tokens[i + 1][:1].isdigit():
            space, glue_next = False, True  # "1 , 141" -> "1,141"; "6 . 3" -> "6.3"
        if tok == "-" and prev[-1:].isalnum() and i + 1 < len(tokens) and \
                tokens[i + 1][:1].isalnum():
            space, glue_next = False, True  # "Jean - Pierre" -> "Jean-Pierre"
        if space:
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
        prev = tok
    return "".join(parts), offsets


def spans_from_bio(labels: Sequence[str]) -> list[Span3]:
    """BIO labels -> (first, last, label) spans; an I- without its B- starts a span."""
    spans: list[Span3] = []
    start: int | None = None
    cur = ""
    for i, lab in enumerate([*labels, "O"]):
        if lab.startswith("I-") and start is not None and lab[2:] == cur:
            continue
        if start is not None:
            spans.append((start, i - 1, cur))
            start = None
        if lab.startswith(("B-", "I-")):
            start, cur = i, lab[2:]
    return spans


def detect(path: Path) -> bool:
    try:
        if not path.is_file():
            return False
        with path.open(encoding="utf-8") as fh:
            lines = [fh.readline() for _ in range(40)]
    except (OSError, UnicodeDecodeError):
        return False
    rows = [ln.rstrip("\n") for ln in lines if ln.strip()]
    if not rows:
        return False
    ok = 0
    for ln in rows:
        parts = ln.rsplit(None, 1)
        if len(parts) == 2 and (parts[1] == "O" or parts[1][:2] in ("B-", "I-")):
            ok += 1
    return ok == len(rows)


def load(path: Path, limit: int | None = None) -> list[ConllItem]:
    """Gold sentences of a BIO file (at most ``limit``); GoldFormatError names path:line."""
    items: list[ConllItem] = []
    toks: list[str] = []
    labels: list[str] = []
    first_line = 1

    def flush() -> None:
        if toks:
            items.append(ConllItem(f"{path.name}:{first_line}", tuple(toks),
                                   tuple(spans_from_bio(labels))))
        toks.clear()
        labels.clear()

    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFormatError(f"cannot read the gold file ({exc.strerror})", str(path)) from exc
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if limit is not None and len(items) >= limit:
                break
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                first_line = lineno + 1
                continue
            parts = line.rsplit(None, 1)
            if len(parts) != 2:
                raise GoldFormatError(f"expected 'token label', got {line!r}",
                                      f"{path}:{lineno}")
            tok, lab = parts
            if lab != "O" and (lab[:2] not in ("B-", "I-") or lab[2:] not in LABELS):
                raise GoldFormatError(f"unknown label {lab!r} (expected O, B-/I- with S, T, R)",
                                      f"{path}:{lineno}")
            if not toks:
                first_line = lineno
            toks.append(tok.strip())
            labels.append(lab)
        if limit is None or len(items) < limit:
            flush()
    return items


def char_spans_to_tokens(spans: Sequence[tuple[int, int, str]],
                         offsets: Sequence[tuple[int, int]]) -> list[Span3]:
    """Character spans -> gold token spans (the tokens they overlap)."""
    out: list[Span3] = []
    for s, e, lab in spans:
        covered = [i for i, (a, b) in enumerate(offsets) if a < e and s < b]
        if covered:
            out.append((covered[0], covered[-1], lab))
    return out


def predict(items: Sequence[ConllItem], progress: Progress | None = None,
            nlp: Any = None) -> tuple[list[list[Span3]], list[tuple[str, str]]]:
    """Predicted token spans per item, and (item, reason) for items that failed."""
    from parley.extract.roles import tag_roles
    from parley.pipeline import build_nlp

    nlp = nlp or build_nlp()
    texts = [detokenise(it.tokens) for it in items]
    preds: list[list[Span3]] = []
    skipped: list[tuple[str, str]] = []
    docs = nlp.pipe((t for t, _ in texts), batch_size=64)
    for k, (item, (_, offsets)) in enumerate(zip(items, texts, strict=True)):
        try:
            doc = next(docs)
            preds.append(char_spans_to_tokens(tag_roles(doc), offsets))
        except Exception as exc:  # noqa: BLE001 - one bad sentence is recorded, not fatal
            skipped.append((item.id, f"{type(exc).__name__}: {exc}"))
            preds.append([])
        if progress is not None:
            progress(k + 1, len(items))
    return preds, skipped


def score(items: Sequence[ConllItem], preds: Sequence[Sequence[Span3]]) -> EvalResult:
    """Exact-span precision/recall/F1 per role and over all roles (pure function)."""
    tp = dict.fromkeys(LABELS, 0)
    n_pred = dict.fromkeys(LABELS, 0)
    n_gold = dict.fromkeys(LABELS, 0)
    errors: list[dict[str, Any]] = []
    for item, pred in zip(items, preds, strict=True):
        gold = set(item.spans)
        got = set(pred)
        for s in gold:
            n_gold[s[2]] += 1
        for s in got:
            if s[2] in n_pred:
                n_pred[s[2]] += 1
        for s in gold & got:
            tp[s[2]] += 1
        text = " ".join(item.tokens)
        for s in sorted(gold - got):
            errors.append({"kind": "missed", "item": item.id, "text": text, "field": s[2],
                           "gold": " ".join(item.tokens[s[0]:s[1] + 1])})
        for s in sorted(got - gold):
            if s[2] in n_pred:
                errors.append({"kind": "spurious", "item": item.id, "text": text,
                               "field": s[2],
                               "predicted": " ".join(item.tokens[s[0]:s[1] + 1])})
    metrics: dict[str, Any] = {}
    for lab, key in (("S", "source"), ("T", "target"), ("R", "reciprocal")):
        p, r, f = prf(tp[lab], n_pred[lab], n_gold[lab])
        metrics[f"{key}_precision"], metrics[f"{key}_recall"], metrics[f"{key}_f1"] = p, r, f
    p, r, f = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    metrics["role_precision"], metrics["role_recall"], metrics["role_f1"] = p, r, f
    return EvalResult(format=NAME, file="", items=len(items), metrics=metrics, errors=errors)


def run(path: Path, limit: int | None = None, progress: Progress | None = None) -> EvalResult:
    items = load(path, limit)
    preds, skipped = predict(items, progress)
    result = score(items, preds)
    result.file = str(path)
    result.skipped = skipped
    return result
