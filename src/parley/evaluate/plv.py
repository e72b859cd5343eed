"""The ``plv`` scorer: event type with gold actors, on the TSV of ``events/PLV_train.tsv``.

Each line holds a sentence with the source marked ``<s>..</s>`` and the target ``<t>..</t>``
(column ``marked_sentence``) and its gold PLOVER root (column ``gold_root``; YIELD stands for
CONCEDE or RETREAT). Parley's :func:`parley.extract.typing.classify` assigns a type to that
source and target, and:

- ``type_accuracy`` = correct / sentences;
- ``per_type``: F1 of each type found in the gold or the predictions (precision = correct
  predictions of the type / predictions of it, recall = correct / gold of it);
- ``type_macro_f1``: the unweighted mean of ``per_type``.

A prediction of CONCEDE or RETREAT counts as YIELD (and so does a gold CONCEDE or RETREAT).
A sentence that cannot be predicted scores as wrong.

**Honesty.** The shipped model is trained on ``PLV_train.tsv``; scoring it on its own training
sentences would be meaningless. So when the file shares sentences with the model's training
data (the model stores hashes of them), ``run`` cross-validates by default: it retrains the
model on k-1 folds of the file (same features, lexicon and settings, fixed seed) and predicts
the held-out fold, ``cv=5`` folds; ``cv=0`` scores the shipped model directly (for other files).
The metrics then carry ``cv_folds`` (0 for the shipped model).
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.errors import ConfigError, GoldFormatError
from parley.evaluate.base import EvalResult, Progress, f1, ratio
from parley.records import PLOVER_TYPES

NAME = "plv"

YIELD = "YIELD"
YIELD_TYPES = ("CONCEDE", "RETREAT")
LABELS: frozenset[str] = frozenset(PLOVER_TYPES) | {YIELD}
DEFAULT_CV = 5
CV_SEED = 13
_REQUIRED = ("marked_sentence", "gold_root")

__all__ = ["NAME", "PlvItem", "cross_validate", "detect", "load", "predict", "run", "score",
           "sentence_hash"]


@dataclass(frozen=True)
class PlvItem:
    """One gold sentence: text without marks, char spans of the first source and target
    mention (None when unmarked), gold label, and where it was read."""

    id: str
    text: str
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    gold: str
    line: str = ""


def collapse(label: str) -> str:
    """CONCEDE and RETREAT count as YIELD."""
    return YIELD if label in YIELD_TYPES else label


def sentence_hash(text: str) -> str:
    """A short hash of a sentence, as the model stores its training sentences."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


# --- reading ------------------------------------------------------------------------------

def detect(path: Path) -> bool:
    try:
        if not path.is_file():
            return False
        with path.open(encoding="utf-8") as fh:
            header = fh.readline().rstrip("\r\n").split("\t")
        return all(col in header for col in _REQUIRED)
    except (OSError, UnicodeDecodeError):
        return False


def load(path: Path, limit: int | None = None) -> list[PlvItem]:
    """The gold sentences of a PLV TSV; GoldFormatError naming ``path:line`` when malformed."""
    from parley.extract.typing import parse_marked, trim_span

    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise GoldFormatError(f"cannot read the gold file ({exc.strerror})", str(path)) from exc
    items: list[PlvItem] = []
    with fh:
        reader = csv.reader(fh, delimiter="\t")
        try:
            header = next(reader)
        except StopIteration:
            raise GoldFormatError("empty file: expected a header line with "
                                  f"{', '.join(_REQUIRED)}", f"{path}:1") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise GoldFormatError(f"unreadable header ({exc})", f"{path}:1") from exc
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise GoldFormatError(
                f"the header lacks the column(s) {', '.join(missing)} (a PLV TSV has "
                "marked_sentence and gold_root)", f"{path}:1")
        col_marked = header.index("marked_sentence")
        col_gold = header.index("gold_root")
        col_id = header.index("sentence_id") if "sentence_id" in header else None
        while True:
            lineno = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                raise GoldFormatError(f"unreadable line ({exc})", f"{path}:{lineno}") from exc
            if limit is not None and len(items) >= limit:
                break
            if not any(cell.strip() for cell in row):
                continue
            where = f"{path}:{lineno}"
            if len(row) != len(header):
                raise GoldFormatError(
                    f"expected {len(header)} tab-separated columns, found {len(row)}", where)
            gold = row[col_gold].strip().upper()
            if gold not in LABELS:
                raise GoldFormatError(
                    f"unknown gold_root {row[col_gold]!r}; expected a PLOVER type or YIELD", where)
            try:
                text, srcs, tgts = parse_marked(row[col_marked])
            except ValueError as exc:
                raise GoldFormatError(f"bad <s>/<t> marks in marked_sentence: {exc}", where) \
                    from exc
            if not text.strip():
                raise GoldFormatError("empty marked_sentence", where)
            if not srcs and not tgts:
                raise GoldFormatError("marked_sentence marks neither a source <s> nor a "
                                      "target <t>", where)
            src = trim_span(text, srcs[0]) if srcs else None
            tgt = trim_span(text, tgts[0]) if tgts else None
            src = src if src and src[0] < src[1] else None  # an empty mark marks no one
            tgt = tgt if tgt and tgt[0] < tgt[1] else None
            ident = row[col_id].strip() if col_id is not None and row[col_id].strip() \
                else str(lineno)
            items.append(PlvItem(ident, text, src, tgt, gold, where))
    return items


# --- predicting ---------------------------------------------------------------------------

def predict(items: Sequence[PlvItem], progress: Progress | None = None,
            model: Any = None) -> list[str | None]:
    """The type that the shipped (or given) model assigns to each item; None on failure."""
    from parley.extract.typing import TypeModel, resolve_span
    from parley.nlp.model import load_base

    m = model or TypeModel.load()
    nlp = load_base()
    out: list[str | None] = []
    total = len(items)
    for i, doc in enumerate(nlp.pipe([it.text for it in items], batch_size=64)):
        it = items[i]
        try:
            sent = doc[:]
            label, _conf = m.predict(sent, resolve_span(sent, it.source), resolve_span(sent, it.target))
            out.append(label)
        except Exception:  # noqa: BLE001 - one bad sentence scores as wrong, never stops the run
            out.append(None)
        if progress is not None:
            progress(i + 1, total)
    return out


def cross_validate(examples: Sequence[Any], model: Any = None, folds: int = DEFAULT_CV,
                   settings: Any = None, seed: int = CV_SEED,
                   progress: Progress | None = None) -> list[str]:
    """Predictions for parsed examples (``parley.extract.typing.Example``) by k-fold CV:
    each fold is predicted by a model trained on the others plus the extra cases kept in
    ``model`` (the shipped one by default), with its lexicon, word vectors and settings (C of
    the regression, C and views of the SVMs and the blend weight, read from its ``meta``). Folds are
    stratified by label, shuffled with ``seed``."""
    from parley.extract.typing import TypeModel, train

    base = model or TypeModel.load()
    if settings is None:
        from parley.extract.typing import TrainSettings

        settings = TrainSettings(
            c=float(base.meta.get("c", TrainSettings.c)),
            # a model saved without the SVM blend is cross-validated without it
            svc_c=float(base.meta.get("svc_c", 0.0)),
            svc_sparse=base.meta.get("svc_sparse", "0") == "1",
            blend=float(base.meta.get("blend", 0.0)),
        )
    by_label: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        by_label.setdefault(ex.label, []).append(i)
    rng = random.Random(seed)
    fold_of = [0] * len(examples)
    offset = 0
    for label in sorted(by_label):
        idx = by_label[label]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            fold_of[i] = (offset + j) % folds
        offset += len(idx)
    preds: list[str] = [""] * len(examples)
    for k in range(folds):
        train_ex = [ex for i, ex in enumerate(examples) if fold_of[i] != k]
        fitted = train(train_ex, base.lexicon, base.lexicon_pairs, settings=settings,
                       vectors=base.vectors, aux=base.aux)
        for i, ex in enumerate(examples):
            if fold_of[i] == k:
                preds[i] = fitted.predict(ex.sent, ex.source, ex.target, collapse_yield=True)[0]
        if progress is not None:
            progress(k + 1, folds)
    return preds


def _cv_predict(items: Sequence[PlvItem], folds: int,
                progress: Progress | None = None) -> list[str | None]:
    from parley.extract.typing import Example, TypeModel, resolve_span
    from parley.nlp.model import load_base

    model = TypeModel.load()
    nlp = load_base()
    examples = []
    for doc, it in zip(nlp.pipe([it.text for it in items], batch_size=64), items, strict=True):
        sent = doc[:]
        examples.append(Example(sent, resolve_span(sent, it.source), resolve_span(sent, it.target),
                                collapse(it.gold)))
    return list(cross_validate(examples, model, folds=folds, progress=progress))


# --- scoring ------------------------------------------------------------------------------

def score(items: Sequence[PlvItem], preds: Sequence[str | None], file: str = "",
          cv_folds: int = 0) -> EvalResult:
    """Accuracy, macro-F1 and per-type F1 of ``preds`` against the gold of ``items``."""
    if len(preds) != len(items):
        raise ValueError(f"{len(preds)} predictions for {len(items)} items")
    gold = [collapse(it.gold) for it in items]
    pred = [collapse(p) if p else "" for p in preds]
    correct = sum(g == p for g, p in zip(gold, pred, strict=True))
    g_count = Counter(gold)
    p_count = Counter(p for p in pred if p)
    tp = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    per_type: dict[str, float] = {}
    for label in sorted(set(g_count) | set(p_count)):
        prec = ratio(tp[label], p_count[label])
        rec = ratio(tp[label], g_count[label])
        per_type[label] = f1(prec, rec)
    macro = sum(per_type.values()) / len(per_type) if per_type else 0.0
    errors = [
        {"kind": "wrong", "item": it.id, "text": it.text, "gold": g, "predicted": p or None,
         "source": it.text[it.source[0]:it.source[1]] if it.source else None,
         "target": it.text[it.target[0]:it.target[1]] if it.target else None}
        for it, g, p in zip(items, gold, pred, strict=True) if g != p
    ]
    skipped = [(it.line, "the type could not be predicted")
               for it, p in zip(items, preds, strict=True) if p is None]
    metrics: dict[str, Any] = {
        "type_accuracy": ratio(correct, len(items)),
        "type_macro_f1": macro,
        "per_type": per_type,
        "cv_folds": cv_folds,
    }
    return EvalResult(format=NAME, file=file, items=len(items), metrics=metrics, errors=errors,
                      skipped=skipped)


def trained_on(items: Sequence[PlvItem]) -> bool:
    """True when any sentence of ``items`` is in the shipped model's training data."""
    from parley.extract.typing import TypeModel

    known = TypeModel.load().trained_hashes
    return any(sentence_hash(it.text) in known for it in items)


def run(path: Path, limit: int | None = None, progress: Progress | None = None,
        cv: int | None = None) -> EvalResult:
    """Load, predict, score. ``cv=None``: cross-validate (``DEFAULT_CV`` folds) when the file
    overlaps the model's training data, else score the shipped model; ``cv=0``: always the
    shipped model; ``cv=k`` (k >= 2): always k-fold cross-validation on the file."""
    items = load(path, limit)
    folds = cv if cv is not None else (DEFAULT_CV if trained_on(items) else 0)
    if folds and folds < 2:
        raise ConfigError(f"cross-validation needs at least 2 folds, not {folds}")
    if folds and len(items) < folds:
        raise GoldFormatError(f"{len(items)} sentences cannot be split in {folds} folds",
                              str(path))
    preds = _cv_predict(items, folds, progress) if folds else predict(items, progress)
    return score(items, preds, file=str(path), cv_folds=folds)
