"""The ``timeml`` scorer: time expressions against TimeML gold (TempEval-3 style).

Gold: a folder of ``.tml`` files (TimeBank, AQUAINT, TempEval-3 platinum), each with a TEXT
element holding ``TIMEX3`` tags, and a document creation time (DCT): the TIMEX3 with
``functionInDocument="CREATION_TIME"``, usually inside ``DCT``. A MEANTIME folder (NewsReader
CAT XML: tokens plus TIMEX3 markables anchored to token ids) is read too. Parley's recogniser
runs on the TEXT content with the DCT as anchor (:func:`parley.nlp.timex.find_timexes`; the
tense of each clause is read from the words around it, no spaCy parse is needed).

Scoring follows the official TempEval-3 scorer (UzZaman et al. 2013, ``TE3-evaluation.py``),
micro-averaged over all documents:

- a system expression and a gold one *match relaxed* when their character extents overlap
  (each gold and each system expression is matched at most once, largest overlap first);
  they *match strictly* when the extents are equal (surrounding white space ignored);
- strict / relaxed precision = matches / system expressions, recall = matches / gold ones;
- attribute scores are computed on relaxed matches only: ``value_accuracy`` = matched pairs
  with equal ``value`` / relaxed matches, and ``value_f1 = value_accuracy * relaxed_f1``
  (the scorer's "Attribute F1"); likewise ``type_accuracy`` and ``type_f1``. So a wrong value
  on an expression that was not found costs recall once, not twice, and an expression found
  with a wrong extent still earns its value.

Metric keys: ``strict_precision``, ``strict_recall``, ``strict_f1``, ``relaxed_precision``,
``relaxed_recall``, ``relaxed_f1``, ``value_accuracy``, ``value_f1``, ``type_accuracy``,
``type_f1``, plus ``gold_timexes`` and ``system_timexes``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.errors import GoldFormatError
from parley.evaluate.base import EvalResult, Progress, prf, ratio

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "timeml"

__all__ = ["NAME", "GoldTimex", "TimemlDoc", "detect", "load", "load_file", "predict", "run",
           "score"]

_SUFFIXES = (".tml", ".xml")


@dataclass(frozen=True)
class GoldTimex:
    """One time expression: character extent in the document text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class TimemlDoc:
    """One gold document: its TEXT content, creation time and gold expressions."""

    id: str
    text: str
    dct: str | None
    timexes: tuple[GoldTimex, ...]


# --- loading ------------------------------------------------------------------------------

def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)


def detect(path: Path) -> bool:
    """A .tml file, or a folder holding .tml files (or MEANTIME CAT XML)."""
    try:
        if path.is_file():
            if path.suffix.lower() == ".tml":
                return True
            if path.suffix.lower() == ".xml":
                head = path.read_text(encoding="utf-8", errors="replace")[:4000]
                return "<TimeML" in head or ("<Document" in head and "<token" in head)
            return False
        if path.is_dir():
            for i, p in enumerate(path.rglob("*")):
                if p.suffix.lower() == ".tml":
                    return True
                if p.suffix.lower() == ".xml" and p.is_file():
                    head = p.read_text(encoding="utf-8", errors="replace")[:4000]
                    if "<TimeML" in head or ("<Document" in head and "<token" in head):
                        return True
                if i > 200:
                    break
    except OSError:
        return False
    return False


def _tml_text(elem: ET.Element, parts: list[str], timexes: list[GoldTimex], pos: int) -> int:
    """Append the text of ``elem``'s content to ``parts``; collect TIMEX3 extents."""
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _tml_text(child, parts, timexes, pos)
        if child.tag == "TIMEX3":
            text = "".join(parts)[start:pos]
            # trim white space the annotators left inside the tag
            lead = len(text) - len(text.lstrip())
            trail = len(text) - len(text.rstrip())
            timexes.append(GoldTimex(start=start + lead, end=pos - trail,
                                     text=text.strip(), type=child.get("type", ""),
                                     value=child.get("value")))
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def _load_tml(path: Path, root: ET.Element) -> TimemlDoc:
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = t.get("value")
            break
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise GoldFormatError("no TEXT element", str(path))
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _tml_text(text_el, parts, timexes, 0)
    text = "".join(parts)
    gold = tuple(t for t in timexes if t.text)
    return TimemlDoc(id=path.stem, text=text, dct=dct, timexes=gold)


def _load_cat(path: Path, root: ET.Element) -> TimemlDoc:
    """MEANTIME / NewsReader CAT: tokens with sentence numbers, TIMEX3 over token ids.

    MEANTIME annotates only the first sentences of each article (title, date line and about
    four more): the text is cut after the last sentence holding any markable, so that the
    unannotated rest does not count as spurious output."""
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    pos = 0
    prev_sentence = None
    sentence_of = {t.get("t_id", ""): int(t.get("sentence") or 0) for t in root.iter("token")}
    markables = root.find("Markables")
    last = max((sentence_of.get(a.get("t_id", ""), 0)
                for a in (markables.iter("token_anchor") if markables is not None else [])),
               default=max(sentence_of.values(), default=0))
    for tok in root.iter("token"):
        sent = tok.get("sentence")
        if int(sent or 0) > last:
            break
        if parts:
            sep = "\n" if sent != prev_sentence else " "
            parts.append(sep)
            pos += 1
        prev_sentence = sent
        word = tok.text or ""
        offsets[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
    text = "".join(parts)
    dct = None
    timexes = []
    for t in (markables.iter("TIMEX3") if markables is not None else []):
        ids = [a.get("t_id", "") for a in t.iter("token_anchor")]
        spans = [offsets[i] for i in ids if i in offsets]
        if t.get("functionInDocument") == "CREATION_TIME" and dct is None:
            dct = t.get("value")
        if not spans:
            continue
        s, e = min(x[0] for x in spans), max(x[1] for x in spans)
        timexes.append(GoldTimex(start=s, end=e, text=text[s:e], type=t.get("type", ""),
                                 value=t.get("value")))
    timexes.sort(key=lambda t: t.start)
    return TimemlDoc(id=path.stem, text=text, dct=dct, timexes=tuple(timexes))


def load_file(path: Path) -> TimemlDoc:
    """One TimeML (or MEANTIME CAT) document; GoldFormatError naming the file if unreadable."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise GoldFormatError(f"not well-formed XML ({exc})", f"{path}:{line}") from exc
    except OSError as exc:
        raise GoldFormatError(f"cannot read the file ({exc.strerror})", str(path)) from exc
    if root.tag == "Document" and root.find("token") is not None:
        return _load_cat(path, root)
    return _load_tml(path, root)


def load(path: Path, limit: int | None = None) -> list[TimemlDoc]:
    """The gold documents under ``path`` (a file or a folder), in file-name order."""
    files = _files(path)
    if not files:
        raise GoldFormatError("no .tml or .xml files found", str(path))
    docs = []
    for p in files[:limit] if limit is not None else files:
        docs.append(load_file(p))
    return docs


# --- prediction ---------------------------------------------------------------------------

def predict(docs: Sequence[TimemlDoc], progress: Progress | None = None,
            skipped: list[tuple[str, str]] | None = None,
            parse: bool = True) -> list[list[GoldTimex]]:
    """Parley's time expressions for each document, with its DCT as the anchor.

    With ``parse`` (the default) each text goes through the spaCy pipeline first, as in
    Parley's own pipeline, so that the tense of the governing verb decides which way a
    weekday or a month points; without it (or when no spaCy pipeline can be loaded) a cheap
    look at the words around each expression decides. A document the recogniser fails on
    gets no predictions and is listed in ``skipped``."""
    from parley.nlp.timex import find_timexes

    nlp = None
    if parse:
        from parley.errors import ModelError
        from parley.nlp.model import load_base

        try:
            nlp = load_base()
        except ModelError:
            nlp = None
    texts = [d.text for d in docs]
    parsed: Iterator[str | Doc] = (iter(nlp.pipe(texts, batch_size=8)) if nlp is not None
                                   else iter(texts))
    out: list[list[GoldTimex]] = []
    for i, doc in enumerate(docs):
        try:
            source = next(parsed)
            found = find_timexes(source, doc.dct)
            out.append([GoldTimex(t.start, t.end, t.text, t.type, t.value) for t in found])
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            if skipped is not None:
                skipped.append((doc.id, f"{type(exc).__name__}: {exc}"))
            out.append([])
        if progress is not None:
            progress(i + 1, len(docs))
    return out


# --- scoring ------------------------------------------------------------------------------

def _match(gold: Sequence[GoldTimex], system: Sequence[GoldTimex]) -> list[tuple[int, int]]:
    """One-to-one relaxed matching: overlapping pairs, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((-overlap, gi, si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gi, si))
    return out


def score(docs: Sequence[TimemlDoc], preds: Sequence[Iterable[GoldTimex]],
          file: str = "", skipped: list[tuple[str, str]] | None = None) -> EvalResult:
    """TempEval-3 timex scores of ``preds`` (one list per document) against ``docs``."""
    n_gold = n_sys = strict = relaxed = value_ok = type_ok = 0
    errors: list[dict[str, Any]] = []
    for doc, pred_iter in zip(docs, preds, strict=True):
        gold = list(doc.timexes)
        system = list(pred_iter)
        n_gold += len(gold)
        n_sys += len(system)
        pairs = _match(gold, system)
        matched_g = {gi for gi, _ in pairs}
        matched_s = {si for _, si in pairs}
        for gi, si in pairs:
            g, s = gold[gi], system[si]
            relaxed += 1
            if (g.start, g.end) == (s.start, s.end):
                strict += 1
            if g.value == s.value:
                value_ok += 1
            if g.type == s.type:
                type_ok += 1
            if g.value != s.value or g.type != s.type or (g.start, g.end) != (s.start, s.end):
                errors.append({"kind": "wrong", "item": doc.id, "text": g.text,
                               "gold": f"{g.text} [{g.type} {g.value}]",
                               "predicted": f"{s.text} [{s.type} {s.value}]",
                               "field": "value" if g.value != s.value else
                               ("type" if g.type != s.type else "extent"),
                               "dct": doc.dct, "context": _context(doc.text, g.start, g.end)})
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                errors.append({"kind": "missed", "item": doc.id, "text": g.text,
                               "gold": f"{g.text} [{g.type} {g.value}]", "dct": doc.dct,
                               "context": _context(doc.text, g.start, g.end)})
        for si, s in enumerate(system):
            if si not in matched_s:
                errors.append({"kind": "spurious", "item": doc.id, "text": s.text,
                               "predicted": f"{s.text} [{s.type} {s.value}]", "dct": doc.dct,
                               "context": _context(doc.text, s.start, s.end)})
    sp, sr, sf = prf(strict, n_sys, n_gold)
    rp, rr, rf = prf(relaxed, n_sys, n_gold)
    value_acc = ratio(value_ok, relaxed)
    type_acc = ratio(type_ok, relaxed)
    if n_sys == 0 and n_gold == 0:
        value_acc = type_acc = 1.0
    metrics: dict[str, Any] = {
        "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
        "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": rf,
        "value_accuracy": value_acc, "value_f1": value_acc * rf,
        "type_accuracy": type_acc, "type_f1": type_acc * rf,
        "gold_timexes": float(n_gold), "system_timexes": float(n_sys),
    }
    return EvalResult(format=NAME, file=file, items=len(docs), metrics=metrics, errors=errors,
                      skipped=list(skipped or []))


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"{left}[[{text[start:end]}]]{right}"


def run(path: Path, limit: int | None = None, progress: Progress | None = None,
        parse: bool = True) -> EvalResult:
    """Load the TimeML gold under ``path``, predict with Parley, score (TempEval-3)."""
    docs = load(path, limit)
    skipped: list[tuple[str, str]] = []
    preds = predict(docs, progress, skipped, parse=parse)
    return score(docs, preds, file=str(path), skipped=skipped)
