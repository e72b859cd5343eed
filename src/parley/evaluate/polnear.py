"""Attribution scorer on PolNeAR (brat standoff): source, cue and content overlap F1.

A PolNeAR folder holds ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``.
In each ``.ann`` file, ``T`` lines label spans ``Source``, ``Cue`` or ``Content`` (a span may
have several fragments, ``"12 40;52 60"``); ``E`` lines link them into attributions. Other
labels (``Attribution``, ``Attribution-no-source``, ``Discuss``, ``Discard``) are not scored.

How it is scored (``parley eval …/polnear/dev``)::

    items = load(path, limit)          # one Document per text, gold spans by label
    preds = predict(items, progress)   # spaCy + parley.extract.attribution.find_attributions
    result = score(items, preds)       # pure function

- **Gold spans.** Every ``Source``, ``Cue`` and ``Content`` span of the text's annotation, each
  distinct span once: a source that serves several attributions counts once. A text with
  several annotators' files is scored against the first file in sorted order; a text without
  an ``.ann`` file is not scored.
- **Predicted spans.** The source, cue and content of every attribution that
  ``find_attributions`` returns, each distinct span once (attributions without a source add
  no source span).
- **Match.** A predicted span matches a gold span of the same label when their characters
  overlap (at least one character in common, over all fragments). Each gold span and each
  predicted span is used in at most one match, and the number of matches is the largest
  possible (maximum bipartite matching, computed per text and label).
- **Figures.** Micro-averaged over all texts: precision = matches / predicted spans, recall =
  matches / gold spans, F1 their harmonic mean (``parley.evaluate.base.prf``). Keys:
  ``source_precision``, ``source_recall``, ``source_f1`` and the same for ``cue`` and
  ``content``.

Example result (``EvalResult.to_json()``)::

    {"format": "polnear", "file": "…/polnear/dev", "items": 84,
     "metrics": {"source_f1": 0.8, "source_precision": 0.8, "source_recall": 0.8, ...}}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parley.evaluate.base import EvalResult, GoldFormatError, Progress, prf
from parley.extract.attribution import Attribution

NAME = "polnear"
LABELS: tuple[str, ...] = ("source", "cue", "content")
_BRAT_LABELS = {"Source": "source", "Cue": "cue", "Content": "content"}
_T_LINE = re.compile(r"^T\d+\t")
_ANN_NAME = re.compile(r"^(?P<base>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")

Fragments = tuple[tuple[int, int], ...]
"""A span as character fragments ``((start, end), ...)``, end exclusive."""


@dataclass
class Document:
    """One PolNeAR text with its gold spans by label (``"source"``, ``"cue"``, ``"content"``)."""

    id: str
    text: str
    gold: dict[str, list[Fragments]] = field(default_factory=dict)
    ann: str = ""  # the .ann file scored against


Prediction = dict[str, list[Fragments]]
"""Predicted spans of one text by label."""


# --- load ---------------------------------------------------------------------------------

def detect(path: Path) -> bool:
    """True for a folder with ``text/`` and ``attributions/`` holding ``.ann`` files."""
    try:
        path = Path(path)
        att = path / "attributions"
        return (path / "text").is_dir() and att.is_dir() and any(att.glob("*.ann"))
    except OSError:
        return False


def parse_ann(text: str, source: str = "<ann>") -> dict[str, list[Fragments]]:
    """Gold spans by label from the content of one ``.ann`` file; duplicates removed, in order.

    Raises :class:`GoldFormatError` (``source:line``) on a malformed ``T`` line.
    """
    out: dict[str, list[Fragments]] = {label: [] for label in LABELS}
    seen: set[tuple[str, Fragments]] = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not _T_LINE.match(line):
            continue  # E/A/# lines, and continuation lines of a span text with a newline
        parts = line.split("\t")
        if len(parts) < 2:
            raise GoldFormatError("a T line needs an id, a label with offsets, and text",
                                  f"{source}:{lineno}")
        label, _, offsets = parts[1].partition(" ")
        if label not in _BRAT_LABELS:
            continue
        try:
            frags = tuple(
                (int(a), int(b)) for a, b in (frag.split() for frag in offsets.split(";")))
        except ValueError as exc:
            raise GoldFormatError(f"bad offsets {offsets!r} (expected 'start end[;start end]')",
                                  f"{source}:{lineno}") from exc
        if any(a > b for a, b in frags):
            raise GoldFormatError(f"bad offsets {offsets!r} (start after end)",
                                  f"{source}:{lineno}")
        key = (_BRAT_LABELS[label], frags)
        if key not in seen:
            seen.add(key)
            out[key[0]].append(frags)
    return out


def load(path: Path, limit: int | None = None) -> list[Document]:
    """The texts of a PolNeAR folder with their gold spans, in sorted order of file name."""
    path = Path(path)
    if not detect(path):
        raise GoldFormatError("not a PolNeAR folder: expected text/ and attributions/*.ann",
                              str(path))
    anns: dict[str, Path] = {}
    for ann in sorted((path / "attributions").glob("*.ann")):
        m = _ANN_NAME.match(ann.name)
        base = m.group("base") if m else ann.stem
        anns.setdefault(base, ann)  # first annotator's file in sorted order
    docs: list[Document] = []
    for txt in sorted((path / "text").iterdir()):
        if limit is not None and len(docs) >= limit:
            break
        base = txt.name[:-4] if txt.name.endswith(".txt") else txt.name
        ann_path = anns.get(base)
        if ann_path is None:
            continue
        try:
            text = txt.read_text(encoding="utf-8")
            gold = parse_ann(ann_path.read_text(encoding="utf-8"), str(ann_path))
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldFormatError(f"cannot read ({exc})", str(txt)) from exc
        for spans in gold.values():
            for frags in spans:
                if frags and frags[-1][1] > len(text):
                    raise GoldFormatError(
                        f"span {frags} runs past the end of {txt.name} ({len(text)} chars)",
                        str(ann_path))
        docs.append(Document(id=base, text=text, gold=gold, ann=ann_path.name))
    return docs


# --- predict ------------------------------------------------------------------------------

def predict(docs: Sequence[Document], progress: Progress | None = None,
            nlp: object | None = None) -> list[Prediction]:
    """Run the spaCy pipeline and ``find_attributions`` on each text."""
    from spacy.language import Language

    from parley.extract.attribution import find_attributions
    from parley.nlp.model import load_base

    model = nlp if isinstance(nlp, Language) else load_base()
    preds: list[Prediction] = []
    total = len(docs)
    for i, doc in enumerate(model.pipe((d.text for d in docs), batch_size=8), start=1):
        preds.append(spans_of(top_level(find_attributions(doc))))
        if progress is not None:
            progress(i, total)
    return preds


def top_level(attributions: Sequence[Attribution]) -> list[Attribution]:
    """The attributions PolNeAR annotates: each token belongs to at most one attribution, so
    an attribution nested in another one's content (``Attribution.nested``) or inside a
    quotation (``in_quote``) is not marked; nor are the constructions annotators rarely mark
    (``weak``: a belief or intent verb in a non-finite position, "the effort to learn")."""
    return [a for a in attributions if not a.in_quote and not a.nested and not a.weak]


def spans_of(attributions: Iterable[object]) -> Prediction:
    """Predicted spans by label from Attribution records, each distinct span once."""
    out: Prediction = {label: [] for label in LABELS}
    seen: set[tuple[str, Fragments]] = set()
    for att in attributions:
        for label in LABELS:
            part = getattr(att, label, None)
            if part is None:
                continue
            frags: Fragments = ((part.start, part.end),)
            if (label, frags) not in seen:
                seen.add((label, frags))
                out[label].append(frags)
    return out


# --- score --------------------------------------------------------------------------------

def overlaps(a: Fragments, b: Fragments) -> bool:
    """True when the two spans share at least one character."""
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def max_matching(pred: Sequence[Fragments], gold: Sequence[Fragments]) -> int:
    """The largest number of one-to-one (pred, gold) pairs that overlap (Kuhn's algorithm)."""
    adj = [[j for j, g in enumerate(gold) if overlaps(p, g)] for p in pred]
    owner: list[int | None] = [None] * len(gold)

    def augment(i: int, seen: list[bool]) -> bool:
        for j in adj[i]:
            if seen[j]:
                continue
            seen[j] = True
            k = owner[j]
            if k is None or augment(k, seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, [False] * len(gold)) for i in range(len(pred)))


def score(docs: Sequence[Document], preds: Sequence[Prediction]) -> EvalResult:
    """Overlap precision/recall/F1 per label, micro-averaged over the texts."""
    counts = {label: [0, 0, 0] for label in LABELS}  # matched, predicted, gold
    errors: list[dict[str, object]] = []
    for doc, pred in zip(docs, preds, strict=True):
        for label in LABELS:
            gold = doc.gold.get(label, [])
            guess = pred.get(label, [])
            counts[label][0] += max_matching(guess, gold)
            counts[label][1] += len(guess)
            counts[label][2] += len(gold)
            if label == "source":
                errors.extend(_errors(doc, guess, gold))
    metrics: dict[str, object] = {}
    for label in LABELS:
        p, r, f = prf(*counts[label])
        metrics[f"{label}_f1"] = f
        metrics[f"{label}_precision"] = p
        metrics[f"{label}_recall"] = r
    return EvalResult(format=NAME, file="", items=len(docs), metrics=metrics, errors=errors)


def _errors(doc: Document, pred: Sequence[Fragments],
            gold: Sequence[Fragments]) -> list[dict[str, object]]:
    """Missed and spurious source spans, with their sentence-ish context."""
    out: list[dict[str, object]] = []
    for kind, mine, other in (("missed", gold, pred), ("spurious", pred, gold)):
        for frags in mine:
            if any(overlaps(frags, o) for o in other):
                continue
            a, b = frags[0][0], frags[-1][1]
            out.append({"kind": kind, "item": doc.id, "field": "source",
                        "text": doc.text[max(0, a - 80):b + 80].replace("\n", " "),
                        "gold" if kind == "missed" else "predicted": doc.text[a:b]})
    return out


def run(path: Path, limit: int | None = None, progress: Progress | None = None) -> EvalResult:
    """Load, predict and score a PolNeAR folder."""
    docs = load(Path(path), limit)
    preds = predict(docs, progress)
    result = score(docs, preds)
    result.file = str(path)
    return result
