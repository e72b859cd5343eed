"""The ``places`` scorer: where events happened (issue 8).

Each JSONL line is a passage (``id``, ``text``, ``published``) whose ``event_places`` each give a
``trigger`` (words of the text; ``occurrence``: which one, from 0, when they recur) and the
expected ``place``: null when the text does not say where the event happened (no dateline, no
place in its clause; a metonym such as "Moscow said" is not a place), else
``{"name", "country" (ISO3 or null), "kind": "city" | "admin1" | "country" | "region"}``::

    {"id": "pl-02", "published": "2025-01-15",
     "text": "Russian missiles struck Kharkiv overnight, ...",
     "event_places": [{"trigger": "struck",
                 "place": {"name": "Kharkiv", "country": "UKR", "kind": "city"}}]}

**Geolocation given the event** (the figures of the component): the passage goes through the
full pipeline, and for each gold event an event whose ``trigger_span`` is the gold trigger is
given to :func:`parley.nlp.geo.place_for_event`. Over all gold events:

- ``country_accuracy``: both null, or both places with the same country;
- ``place_accuracy``: both null, or the same country, the same kind (city = GeoNames class P,
  admin1 = ADM1, country = PCLI, region = anything else) and the same name (folded: accents,
  case and punctuation ignored; the gazetteer's name or any of its alternate names);
- ``located_accuracy`` / ``none_accuracy``: the same place-level accuracy over the gold events
  with a place / without one (the latter is 1 - the rate of invented places).

**End to end** (``events_found``, ``end_to_end_country_accuracy``): the events that
``extract_events`` finds itself; a gold event is found when a predicted event's trigger span
overlaps the gold trigger, and is then judged on that event's place (a gold event not found
counts as wrong).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.errors import GoldFormatError
from parley.evaluate.base import EvalResult, Progress, ratio, read_jsonl
from parley.records import Place

NAME = "places"
KINDS = ("city", "admin1", "country", "region")

log = logging.getLogger(__name__)


@dataclass
class GoldEvent:
    trigger: str
    span: tuple[int, int]
    place: dict[str, Any] | None


@dataclass
class Passage:
    id: str
    text: str
    published: str | None
    events: list[GoldEvent] = field(default_factory=list)
    source: str = ""


@dataclass
class Prediction:
    given: list[Place | None]  # place_for_event on the gold trigger
    found: list[Place | None | bool]  # end to end: False when no event was found


def detect(path: Path) -> bool:
    """A JSON-lines file whose first object has ``text`` and an ``event_places`` list."""
    if not path.is_file():
        return False
    try:
        for _lineno, obj in read_jsonl(path, limit=1):
            evs = obj.get("event_places")
            return isinstance(obj.get("text"), str) and isinstance(evs, list) and \
                bool(evs) and all(isinstance(e, dict) and "place" in e for e in evs)
    except GoldFormatError:
        return False
    return False


def _gold_place(value: Any, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise GoldFormatError("place must be null or an object with a 'name'", where)
    if value.get("kind") not in KINDS:
        raise GoldFormatError(f"place kind must be one of {', '.join(KINDS)}", where)
    if value.get("country") is not None and not isinstance(value["country"], str):
        raise GoldFormatError("place country must be an ISO3 string or null", where)
    return value


def load(path: Path, limit: int | None = None) -> list[Passage]:
    out: list[Passage] = []
    for lineno, obj in read_jsonl(path, limit):
        where = f"{path}:{lineno}"
        text, events = obj.get("text"), obj.get("event_places")
        if not isinstance(text, str) or not isinstance(events, list):
            raise GoldFormatError("a passage needs 'text' and an 'event_places' list", where)
        p = Passage(str(obj.get("id", lineno)), text, obj.get("published"), source=where)
        for k, ev in enumerate(events):
            trig = ev.get("trigger") if isinstance(ev, dict) else None
            if not isinstance(trig, str) or not trig:
                raise GoldFormatError(f"event_places[{k}] needs a 'trigger' string", where)
            if "place" not in ev:
                raise GoldFormatError(f"event_places[{k}] needs a 'place' (null or an object)", where)
            start = -1
            for _ in range(int(ev.get("occurrence", 0)) + 1):
                start = text.find(trig, start + 1)
                if start < 0:
                    raise GoldFormatError(f"event_places[{k}].trigger {trig!r} is not in the text",
                                          where)
            p.events.append(GoldEvent(trig, (start, start + len(trig)),
                                      _gold_place(ev["place"], where)))
        out.append(p)
    return out


def predict(items: list[Passage], progress: Progress | None = None) -> list[Prediction]:
    from parley.extract.events import extract_events
    from parley.nlp.geo import place_for_event
    from parley.pipeline import build_nlp, make_doc
    from parley.records import Article, Event

    nlp = build_nlp()
    preds: list[Prediction] = []
    for n, p in enumerate(items, start=1):
        art = Article(id=p.id, text=p.text, published=p.published)
        doc = nlp(make_doc(nlp, art))
        given = [place_for_event(doc, Event(type="CONSULT", trigger_span=g.span, span=g.span))
                 for g in p.events]
        try:
            evs = extract_events(doc, art)
        except Exception:  # noqa: BLE001 - scored as no event found
            log.exception("extraction failed on %s", p.id)
            evs = []
        found: list[Place | None | bool] = []
        for g in p.events:
            hit = [e for e in evs if e.trigger_span and e.trigger_span[0] < g.span[1]
                   and g.span[0] < e.trigger_span[1]]
            found.append(hit[0].place if hit else False)
        preds.append(Prediction(given, found))
        if progress is not None:
            progress(n, len(items))
    return preds


def _kind(place: Place) -> str:
    if place.feature_class == "P":
        return "city"
    if place.feature_code == "ADM1":
        return "admin1"
    if place.feature_code == "PCLI":
        return "country"
    return "region"


def same_country(gold: dict[str, Any] | None, pred: Place | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    return gold.get("country") == pred.country


def same_place(gold: dict[str, Any] | None, pred: Place | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if not same_country(gold, pred) or gold["kind"] != _kind(pred):
        return False
    from parley.nlp.geo import fold, load_gazetteer

    want = fold(gold["name"])
    if fold(pred.name) == want:
        return True
    return any(e.country == pred.country and fold(e.name) == fold(pred.name)
               for e in load_gazetteer().lookup(gold["name"]))


def _label(place: Place | dict[str, Any] | None) -> str:
    if place is None:
        return "none"
    if isinstance(place, dict):
        return f"{place['name']} ({place.get('country')}, {place['kind']})"
    return f"{place.name} ({place.country}, {_kind(place)})"


def score(items: list[Passage], preds: list[Prediction]) -> EvalResult:
    total = country = placed = 0
    located = located_ok = nones = nones_ok = 0
    found = e2e_country = e2e_place = 0
    errors: list[dict[str, Any]] = []
    for p, pr in zip(items, preds, strict=True):
        for g, given, end in zip(p.events, pr.given, pr.found, strict=True):
            total += 1
            ok_c, ok_p = same_country(g.place, given), same_place(g.place, given)
            country += ok_c
            placed += ok_p
            if g.place is None:
                nones += 1
                nones_ok += ok_p
            else:
                located += 1
                located_ok += ok_p
            if end is not False:
                found += 1
                assert not isinstance(end, bool)
                e2e_country += same_country(g.place, end)
                e2e_place += same_place(g.place, end)
            if not ok_p:
                errors.append({"kind": "wrong" if g.place and given else
                               ("missed" if g.place else "invented"),
                               "item": p.id, "text": p.text, "field": g.trigger,
                               "gold": _label(g.place), "predicted": _label(given)})
    metrics = {
        "country_accuracy": ratio(country, total),
        "place_accuracy": ratio(placed, total),
        "located_accuracy": ratio(located_ok, located),
        "none_accuracy": ratio(nones_ok, nones),
        "events": float(total),
        "events_found": ratio(found, total),
        "end_to_end_country_accuracy": ratio(e2e_country, total),
        "end_to_end_place_accuracy": ratio(e2e_place, total),
    }
    return EvalResult(NAME, "", len(items), metrics, errors)


def run(path: Path, limit: int | None = None, progress: Progress | None = None) -> EvalResult:
    items = load(path, limit)
    result = score(items, predict(items, progress))
    result.file = str(path)
    return result
