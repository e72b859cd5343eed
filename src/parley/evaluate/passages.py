"""The ``passages`` scorer: passage-level events in the gold format of ``GOLD_FORMAT.md``.

Each JSONL line is a passage (``id``, ``text``, ``published``, ``events``). The pipeline runs on
each passage's text (dated by its ``published``), and its events are scored against the gold
events of the same passage:

**Event matching.** A predicted event *can* match a gold event when the types are equal and both
actors match. Two actors match when their names match, or, failing that, when country and
sector are both given (on both sides) and equal; two null actors match, a null and a non-null
actor do not. Names match when their word tokens (:func:`parley.evaluate.base.tokens`:
lowercased, periods and apostrophes removed, other punctuation a separator) are equal, or when
their last tokens are equal (the surname: "Putin" ~ "Vladimir Putin"). Each gold event is matched
at most once, and so is each prediction: a *maximum* matching per passage (Hungarian algorithm,
``scipy.optimize.linear_sum_assignment``); among maximum matchings, the one whose paired triggers
overlap most is taken. Event precision = matched / predicted, recall = matched / gold.

**Attributes on matched pairs** (accuracy = correct pairs / matched pairs):
``modality`` and ``negated`` equal; ``said_by`` by the actor rule above (both null = correct);
``reported_by`` equal ignoring case and surrounding space (both null = correct); ``date`` equal as
strings (both null = correct).

**Conditions on matched pairs.** A predicted condition matches a gold condition of the same pair
when at least half of the gold condition's tokens are found in it:
``|gold ∩ pred| / |gold| >= 0.5``, with ``∩`` the multiset intersection of the token lists above
(the ``kind`` is not compared). Conditions are matched one to one (maximum matching). Condition
precision = matched / predicted conditions and recall = matched / gold conditions, both summed over
matched pairs; with no matched pair at all they are 0.0.

**Type accuracy, actors ignored.** For each gold event, the predicted event of the same passage
whose trigger overlaps it best: highest Dice coefficient of trigger tokens, then highest character
overlap of the predicted ``trigger_span`` (or evidence ``span``) with the gold trigger's position
in the text, then highest confidence, then first. The gold event counts as correct when that
event's type is equal; with no overlapping prediction it counts as wrong. Denominator: all gold
events. This separates type errors from actor errors.

Precision/recall conventions (empty sides) are those of :mod:`parley.evaluate.base`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.errors import ConfigError, GoldFormatError
from parley.evaluate.base import EvalResult, Progress, prf, ratio, read_jsonl, tokens
from parley.records import PLOVER_TYPES, Article, Event
from parley.textmatch import dice, token_overlap

NAME = "passages"

log = logging.getLogger(__name__)

METRIC_KEYS: tuple[str, ...] = (
    "event_precision", "event_recall", "event_f1", "type_accuracy",
    "modality_accuracy", "negation_accuracy", "said_by_accuracy", "reported_by_accuracy",
    "date_accuracy", "condition_precision", "condition_recall", "condition_f1",
)
MODALITIES = ("asserted", "intended", "hypothetical")
CONDITION_THRESHOLD = 0.5
_BIG = 1000.0  # weight of a match in the assignment; tie-breakers add less than 1

EventLike = Event | Mapping[str, Any]


@dataclass
class Passage:
    """One gold passage. ``events`` are gold event dicts as in the file."""

    id: str
    text: str
    events: list[dict[str, Any]] = field(default_factory=list)
    published: str | None = None
    article_id: str | None = None
    outlet: str | None = None
    source: str = ""  # "path:line"


# --- loading ------------------------------------------------------------------------------

def detect(path: Path) -> bool:
    """A JSON-lines file whose first object has ``text`` and an ``events`` list."""
    if not path.is_file():
        return False
    try:
        for _lineno, obj in read_jsonl(path, limit=1):
            return isinstance(obj.get("text"), str) and isinstance(obj.get("events"), list)
    except GoldFormatError:
        return False
    return False


def _check_actor(value: Any, where: str, name: str, nullable: bool) -> None:
    if value is None:
        if not nullable:
            raise GoldFormatError(f"event {name} must be an actor object, got null", where)
        return
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise GoldFormatError(f"event {name} must be an object with a 'name' string", where)


def _check_event(ev: Any, k: int, where: str) -> dict[str, Any]:
    if not isinstance(ev, dict):
        raise GoldFormatError(f"events[{k}] is not an object", where)
    if ev.get("type") not in PLOVER_TYPES:
        raise GoldFormatError(
            f"events[{k}].type {ev.get('type')!r} is not a PLOVER type "
            f"({', '.join(PLOVER_TYPES)})", where)
    _check_actor(ev.get("source"), where, f"events[{k}].source", nullable=False)
    _check_actor(ev.get("target"), where, f"events[{k}].target", nullable=True)
    _check_actor(ev.get("said_by"), where, f"events[{k}].said_by", nullable=True)
    if ev.get("modality", "asserted") not in MODALITIES:
        raise GoldFormatError(
            f"events[{k}].modality {ev.get('modality')!r} is not one of {', '.join(MODALITIES)}",
            where)
    if not isinstance(ev.get("negated", False), bool):
        raise GoldFormatError(f"events[{k}].negated must be true or false", where)
    conds = ev.get("conditions") or []
    if not isinstance(conds, list) or not all(
            isinstance(c, dict) and isinstance(c.get("text"), str) for c in conds):
        raise GoldFormatError(f"events[{k}].conditions must be a list of {{'text': ...}}", where)
    for key in ("reported_by", "date", "trigger"):
        if ev.get(key) is not None and not isinstance(ev[key], str):
            raise GoldFormatError(f"events[{k}].{key} must be a string or null", where)
    return ev


def passage_from_dict(obj: Mapping[str, Any], where: str = "") -> Passage:
    """Validate one gold object; GoldFormatError naming ``where`` (path:line) when malformed."""
    pid, text, events = obj.get("id"), obj.get("text"), obj.get("events")
    if not isinstance(pid, str | int) or pid == "":
        raise GoldFormatError("missing passage 'id'", where or None)
    if not isinstance(text, str):
        raise GoldFormatError("missing passage 'text' (a string)", where or None)
    if not isinstance(events, list):
        raise GoldFormatError("missing 'events' (a list)", where or None)
    published = obj.get("published")
    if published is not None and not isinstance(published, str):
        raise GoldFormatError("'published' must be an ISO date string or null", where or None)
    return Passage(
        id=str(pid), text=text,
        events=[_check_event(ev, k, where or str(pid)) for k, ev in enumerate(events)],
        published=published, article_id=obj.get("article_id"), outlet=obj.get("outlet"),
        source=where,
    )


def load(path: Path, limit: int | None = None) -> list[Passage]:
    """The gold passages of ``path`` (at most ``limit``)."""
    return [passage_from_dict(obj, f"{path}:{lineno}") for lineno, obj in read_jsonl(path, limit)]


# --- predicting ---------------------------------------------------------------------------

def predict(items: Sequence[Passage], progress: Progress | None = None, batch_size: int = 16,
            ) -> tuple[list[list[Event]], list[tuple[str, str]]]:
    """Run the pipeline on every passage (one ``nlp.pipe`` per batch).

    Returns the events per passage, in order, and the passages that could not be processed as
    (source, reason): a batch that fails is retried one passage at a time, and a passage that
    still fails gets no events.
    """
    from parley.pipeline import build_nlp, process

    try:
        nlp = build_nlp()
    except ImportError as exc:
        raise ConfigError(f"the Parley pipeline cannot be built: {exc}") from exc
    preds: list[list[Event]] = []
    skipped: list[tuple[str, str]] = []
    total = len(items)
    for start in range(0, total, batch_size):
        chunk = items[start:start + batch_size]
        arts = [Article(id=p.id, text=p.text, published=p.published, outlet=p.outlet)
                for p in chunk]
        try:
            batch = [evs for _art, evs in process(arts, nlp=nlp, batch_size=batch_size)]
            preds.extend(batch)
        except Exception:  # noqa: BLE001 - retry one by one to isolate the bad passage
            for p, art in zip(chunk, arts, strict=True):
                try:
                    one = [evs for _a, evs in process([art], nlp=nlp)]
                    preds.append(one[0] if one else [])
                except Exception as exc:  # noqa: BLE001 - recorded, scored as empty
                    log.warning("passage %s failed in the pipeline: %s", p.id, exc)
                    skipped.append((p.source or p.id, f"pipeline error: {exc!r}"))
                    preds.append([])
        if progress is not None:
            progress(min(start + batch_size, total), total)
    return preds, skipped


def run(path: Path, limit: int | None = None, progress: Progress | None = None) -> EvalResult:
    items = load(path, limit)
    preds, skipped = predict(items, progress)
    result = score(items, preds, file=str(path))
    result.skipped.extend(skipped)
    return result


# --- matching rules -----------------------------------------------------------------------

def _as_dict(ev: EventLike) -> Mapping[str, Any]:
    if isinstance(ev, Event):
        return ev.model_dump(mode="json")
    return ev


def actor_match(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """The actor rule of GOLD_FORMAT.md (see the module doc)."""
    if a is None or b is None:
        return a is None and b is None
    ta, tb = tokens(a.get("name")), tokens(b.get("name"))
    if ta and tb and (ta == tb or ta[-1] == tb[-1]):
        return True
    ca, cb = (a.get("country") or "").upper(), (b.get("country") or "").upper()
    sa, sb = (a.get("sector") or "").upper(), (b.get("sector") or "").upper()
    return bool(ca and sa and ca == cb and sa == sb)


def _norm_str(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip().lower()
    return s or None


def condition_match(gold: str, pred: str) -> bool:
    return token_overlap(gold, pred) >= CONDITION_THRESHOLD


def _max_matching(n_rows: int, n_cols: int, weight: Any) -> list[tuple[int, int]]:
    """Maximum-weight matching over pairs with weight > 0 (``weight(i, j) -> float``)."""
    if not n_rows or not n_cols:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    w = np.zeros((n_rows, n_cols))
    for i in range(n_rows):
        for j in range(n_cols):
            w[i, j] = weight(i, j)
    rows, cols = linear_sum_assignment(w, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if w[i, j] > 0]


def match_events(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]],
                 ) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs of a maximum matching within one passage."""
    def weight(i: int, j: int) -> float:
        g, p = gold[i], pred[j]
        if g.get("type") != p.get("type") or not actor_match(g.get("source"), p.get("source")) \
                or not actor_match(g.get("target"), p.get("target")):
            return 0.0
        return _BIG + dice(g.get("trigger"), p.get("trigger"))
    return _max_matching(len(gold), len(pred), weight)


def match_conditions(gold: Sequence[str], pred: Sequence[str]) -> int:
    """How many gold conditions are matched one to one by predicted ones."""
    def weight(i: int, j: int) -> float:
        ov = token_overlap(gold[i], pred[j])
        return _BIG + ov if ov >= CONDITION_THRESHOLD else 0.0
    return len(_max_matching(len(gold), len(pred), weight))


def _trigger_pos(text: str, trigger: str | None) -> tuple[int, int] | None:
    if not trigger:
        return None
    i = text.find(trigger)
    if i < 0:
        i = text.lower().find(trigger.lower())
    return (i, i + len(trigger)) if i >= 0 else None


def best_overlap(text: str, g: Mapping[str, Any], pred: Sequence[Mapping[str, Any]]) -> int | None:
    """Index of the predicted event whose trigger overlaps gold event ``g`` best, or None."""
    gpos = _trigger_pos(text, g.get("trigger"))
    best: tuple[float, float, float, int] | None = None
    best_j: int | None = None
    for j, p in enumerate(pred):
        d = dice(g.get("trigger"), p.get("trigger"))
        char = 0.0
        span = p.get("trigger_span") or p.get("span")
        if gpos and span and gpos[1] > gpos[0]:
            char = max(0, min(gpos[1], span[1]) - max(gpos[0], span[0])) / (gpos[1] - gpos[0])
        if d <= 0 and char <= 0:
            continue
        key = (d, char, float(p.get("confidence") or 0.0), -j)
        if best is None or key > best:
            best, best_j = key, j
    return best_j


# --- scoring ------------------------------------------------------------------------------

def _actor_str(a: Mapping[str, Any] | None) -> str:
    if not a:
        return "-"
    extra = "/".join(x for x in (a.get("country"), a.get("sector")) if x)
    return f"{a.get('name')} ({extra})" if extra else str(a.get("name"))


def summary(ev: Mapping[str, Any]) -> str:
    """One line: ``AGREE Volodymyr Zelensky (UKR/GOV) -> Vladimir Putin (RUS/GOV) "trigger"``."""
    flags = [str(ev.get("modality") or "asserted")]
    if ev.get("negated"):
        flags.append("negated")
    return (f"{ev.get('type')} {_actor_str(ev.get('source'))} -> {_actor_str(ev.get('target'))} "
            f"\"{ev.get('trigger') or ''}\" [{', '.join(flags)}]")


def _as_passage(item: Passage | Mapping[str, Any]) -> Passage:
    return item if isinstance(item, Passage) else passage_from_dict(item)


def _cond_texts(ev: Mapping[str, Any]) -> list[str]:
    return [str(c.get("text") or "") for c in ev.get("conditions") or []]


def score(gold_items: Sequence[Passage | Mapping[str, Any]],
          predicted: Sequence[Sequence[EventLike]], file: str = "") -> EvalResult:
    """Score predicted events (one list per gold passage, same order) against the gold.

    Pure: no model is loaded. ``predicted`` entries are :class:`Event` records or dicts in the
    gold format.
    """
    if len(gold_items) != len(predicted):
        raise ValueError(f"{len(gold_items)} gold passages but {len(predicted)} predictions")
    n_gold = n_pred = n_match = type_ok = 0
    correct = Counter[str]()
    cond_tp = cond_gold = cond_pred = 0
    errors: list[dict[str, Any]] = []

    for item, preds_raw in zip(gold_items, predicted, strict=True):
        p_item = _as_passage(item)
        gold = p_item.events
        pred = [_as_dict(ev) for ev in preds_raw]
        n_gold += len(gold)
        n_pred += len(pred)
        base = {"item": p_item.id, "text": p_item.text}

        # type accuracy, actors ignored
        for g in gold:
            j = best_overlap(p_item.text, g, pred)
            if j is not None and pred[j].get("type") == g.get("type"):
                type_ok += 1

        pairs = match_events(gold, pred)
        n_match += len(pairs)
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        for i, g in enumerate(gold):
            if i not in matched_g:
                j = best_overlap(p_item.text, g, pred)
                errors.append({**base, "kind": "missed", "gold": summary(g),
                               "nearest": summary(pred[j]) if j is not None else None})
        for j, p in enumerate(pred):
            if j not in matched_p:
                errors.append({**base, "kind": "spurious", "predicted": summary(p)})

        for i, j in pairs:
            g, p = gold[i], pred[j]
            checks: dict[str, tuple[Any, Any, bool]] = {
                "modality": (g.get("modality", "asserted"), p.get("modality", "asserted"),
                             g.get("modality", "asserted") == p.get("modality", "asserted")),
                "negation": (bool(g.get("negated")), bool(p.get("negated")),
                             bool(g.get("negated")) == bool(p.get("negated"))),
                "said_by": (_actor_str(g.get("said_by")), _actor_str(p.get("said_by")),
                            actor_match(g.get("said_by"), p.get("said_by"))),
                "reported_by": (g.get("reported_by"), p.get("reported_by"),
                                _norm_str(g.get("reported_by")) == _norm_str(p.get("reported_by"))),
                "date": (g.get("date"), p.get("date"), g.get("date") == p.get("date")),
            }
            for name, (gv, pv, ok) in checks.items():
                if ok:
                    correct[name] += 1
                else:
                    errors.append({**base, "kind": "wrong", "field": name, "gold": gv,
                                   "predicted": pv, "event": summary(g)})
            gc, pc = _cond_texts(g), _cond_texts(p)
            tp = match_conditions(gc, pc)
            cond_tp += tp
            cond_gold += len(gc)
            cond_pred += len(pc)
            if tp < len(gc) or tp < len(pc):
                errors.append({**base, "kind": "wrong", "field": "conditions", "gold": gc,
                               "predicted": pc, "event": summary(g)})

    ep, er, ef = prf(n_match, n_pred, n_gold)
    if n_match:
        cp, cr, cf = prf(cond_tp, cond_pred, cond_gold)
    else:
        cp = cr = cf = 0.0
    metrics: dict[str, Any] = {
        "event_precision": ep, "event_recall": er, "event_f1": ef,
        "type_accuracy": ratio(type_ok, n_gold),
        "modality_accuracy": ratio(correct["modality"], n_match),
        "negation_accuracy": ratio(correct["negation"], n_match),
        "said_by_accuracy": ratio(correct["said_by"], n_match),
        "reported_by_accuracy": ratio(correct["reported_by"], n_match),
        "date_accuracy": ratio(correct["date"], n_match),
        "condition_precision": cp, "condition_recall": cr, "condition_f1": cf,
    }
    return EvalResult(format=NAME, file=file, items=len(gold_items), metrics=metrics,
                      errors=errors)
