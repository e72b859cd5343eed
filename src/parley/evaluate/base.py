"""The evaluation interface that every scorer module implements.

A *format module* (``parley.evaluate.passages``, ``plv``, ``conll``, ``timeml``, ``polnear``)
scores Parley on one kind of gold data. It is a plain module with:

``NAME: str``
    the format name used by ``parley eval --format NAME`` (``"passages"``).
``detect(path: Path) -> bool``
    True when ``path`` (a file or a folder) looks like this format. Cheap: read at most a few
    lines; never raise (return False on anything unreadable).
``run(path: Path, limit: int | None = None, progress: Progress | None = None) -> EvalResult``
    load the gold data (at most ``limit`` items), predict with Parley's pipeline, score.
    A malformed gold line raises :class:`GoldFormatError` whose ``source`` is ``"path:line"``.
    A record that cannot be *predicted* (the pipeline fails on it) is not fatal: it is recorded
    in ``EvalResult.skipped`` and scored as an empty prediction.

Inside, keep three separate steps so that the scoring is testable without a spaCy model::

    items = load(path, limit)                  # gold items; GoldFormatError naming path:line
    preds = predict(items, progress)           # one prediction per item, via the pipeline
    result = score(items, preds)               # pure function, hand-made tests

The helpers below (:func:`read_jsonl`, :func:`prf`, :func:`tokens`, :func:`ratio`) are shared
by the scorers so that every format counts the same way:

- precision = tp / predicted, recall = tp / gold, F1 their harmonic mean; with nothing
  predicted *and* nothing in the gold both are 1.0 (nothing to find, nothing spurious); with
  only one side empty the undefined one is 0.0. So a perfect output scores 1.0 and an empty
  output 0.0.
- an accuracy over zero cases is 0.0 (see :func:`ratio`).

``EvalResult.metrics`` holds floats, or nested dicts of floats (``per_type``); rounding is left
to the presentation (``parley.evaluate.report``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from parley.errors import GoldFormatError
from parley.textmatch import tokens as tokens  # re-exported for the scorers

__all__ = [
    "EvalResult",
    "FormatModule",
    "GoldFormatError",
    "Progress",
    "f1",
    "prf",
    "ratio",
    "read_jsonl",
    "token_counts",
    "tokens",
]


class Progress(Protocol):
    """Progress callback: ``progress(done, total)``; ``total`` is None when unknown.

    Called by ``predict`` after each item (or batch); it must be cheap. The CLI passes one that
    draws a rich progress bar on stderr; library callers may pass None.
    """

    def __call__(self, done: int, total: int | None) -> None: ...


@dataclass
class EvalResult:
    """What a scorer returns.

    ``format``: the format name; ``file``: the gold path as given; ``items``: how many gold
    items (passages, sentences, documents) were scored; ``metrics``: metric name -> float (or a
    nested dict such as ``{"per_type": {"AGREE": 0.5, ...}}``); ``errors``: wrong cases for
    ``--sample-errors``, each a dict with at least ``kind`` (``"missed"``, ``"spurious"``,
    ``"wrong"``...), ``item`` (the gold item's id) and ``text``, plus whatever helps a reader
    (``gold``, ``predicted``, ``field``); ``skipped``: (source, reason) for items that could
    not be predicted or read.
    """

    format: str
    file: str
    items: int
    metrics: dict[str, Any]
    errors: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The object that ``parley eval --json`` prints (exactly these four keys)."""
        return {"format": self.format, "file": self.file, "items": self.items,
                "metrics": self.metrics}


class FormatModule(Protocol):
    """The shape of a scorer module (for type checkers; modules need not subclass anything)."""

    NAME: str

    def detect(self, path: Path) -> bool: ...

    def run(self, path: Path, limit: int | None = None,
            progress: Progress | None = None) -> EvalResult: ...


# --- counting -----------------------------------------------------------------------------

def f1(precision: float, recall: float) -> float:
    """Harmonic mean; 0.0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1) from counts, with the empty-side convention of the module doc."""
    if predicted == 0 and gold == 0:
        return 1.0, 1.0, 1.0
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, f1(p, r)


def ratio(correct: int, total: int) -> float:
    """An accuracy: correct / total, 0.0 when there is nothing to count."""
    return correct / total if total else 0.0


# --- text ---------------------------------------------------------------------------------

def token_counts(text: str | None) -> Counter[str]:
    return Counter(tokens(text))


# --- reading ------------------------------------------------------------------------------

def read_jsonl(path: Path, limit: int | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; blank lines are skipped.

    Raises :class:`GoldFormatError` with ``source="path:line"`` on invalid JSON or a line that
    is not a JSON object, and naming the path when the file cannot be read.
    """
    n = 0
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFormatError(f"cannot read the gold file ({exc.strerror})", str(path)) from exc
    with fh:
        try:
            for lineno, line in enumerate(fh, start=1):
                if limit is not None and n >= limit:
                    return
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldFormatError(f"invalid JSON ({exc.msg} at column {exc.colno})",
                                          f"{path}:{lineno}") from exc
                if not isinstance(obj, dict):
                    raise GoldFormatError(
                        f"expected a JSON object, got {type(obj).__name__}", f"{path}:{lineno}")
                n += 1
                yield lineno, obj
        except UnicodeDecodeError as exc:
            raise GoldFormatError(f"not UTF-8 text ({exc.reason})", str(path)) from exc
