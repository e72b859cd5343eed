"""PLOVER JSON Lines in the shape of POLECAT's records: one JSON object per event.

POLECAT's columns, in snake case (``event_id``, ``event_date``, ``event_type``, ``event_mode``,
``contexts``, ``quad_code``, ``actor_*`` for the source and ``recipient_*`` for the target:
``name``, ``name_raw`` (the words in the text), ``country``, ``sector``, ``id``; ``source``
the outlet, ``publication_date``, ``story_id``, ``url``), plus CAMEO and Goldstein for
GDELT users, and Parley's fields: ``modality``, ``negated``, ``conditions``, ``said_by``,
``reported_by``, ``blocker``, ``trigger``, ``evidence`` (the sentence), ``span``, ``rule``,
``confidence``. Parley does not code PLOVER contexts yet: ``contexts`` is ``[]``.

    {"event_id": "ev-...", "event_date": "2025-01-23", "event_type": "AGREE",
     "event_mode": null, "contexts": [], "quad_code": 1, "goldstein": 4.0, "cameo": "036",
     "actor_name": "Volodymyr Zelensky", "actor_name_raw": "Zelensky", "actor_country": "UKR",
     "actor_sector": "GOV", ..., "conditions": [{"text": "...", "kind": "precondition", ...}],
     "said_by": {...}, "reported_by": "Bloomberg", ...}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from parley.export._rows import EventRow, actor_dict, conditions_list
from parley.records import ActorRef


def _actor(prefix: str, ref: ActorRef | None) -> dict[str, Any]:
    return {f"{prefix}_name": ref.name if ref else None,
            f"{prefix}_name_raw": ref.mention if ref else None,
            f"{prefix}_country": ref.country if ref else None,
            f"{prefix}_sector": ref.sector if ref else None,
            f"{prefix}_id": ref.id if ref else None}


def record(row: EventRow) -> dict[str, Any]:
    ev, art = row.event, row.article
    return {
        "event_id": ev.id, "story_id": ev.article_id, "event_date": row.date,
        "event_type": ev.type, "event_mode": ev.mode, "contexts": [], "quad_code": ev.quad,
        "goldstein": ev.goldstein, "cameo": ev.cameo,
        **_actor("actor", ev.source), **_actor("recipient", ev.target),
        "source": art.outlet if art else None,
        "publication_date": art.published if art else None,
        "url": art.url if art else None, "title": art.title if art else None,
        "language": art.language if art else None,
        "modality": ev.modality, "negated": ev.negated, "conditions": conditions_list(ev),
        "said_by": actor_dict(ev.said_by), "reported_by": ev.reported_by,
        "blocker": ev.blocker.model_dump(mode="json") if ev.blocker else None,
        "trigger": ev.trigger, "evidence": ev.sentence,
        "span": list(ev.span) if ev.span else None, "rule": ev.rule,
        "confidence": ev.confidence,
        "place": ev.place.model_dump(mode="json") if ev.place else None,
    }


def write(rows: list[EventRow], output: Path | IO[str]) -> None:
    def dump(fh: IO[str]) -> None:
        for row in rows:
            fh.write(json.dumps(record(row), ensure_ascii=False) + "\n")

    if isinstance(output, Path):
        with output.open("w", encoding="utf-8") as fh:
            dump(fh)
    else:
        dump(output)
