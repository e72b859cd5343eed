"""Typed records passed between Parley's stages.

Each stage takes and returns these records, never loose dicts. The JSON shape of
:class:`Event` is the gold record of ``GOLD_FORMAT.md`` plus provenance (``id``,
``article_id``, ``span``, ``sentence``, ``rule``, ``confidence``, ``goldstein``,
``quad``, and actors with ``mention`` and dictionary ``id``).

Example event (``Event.model_dump(mode="json")``)::

    {"id": "ev-3f2a...", "article_id": "seed", "type": "AGREE", "mode": null,
     "cameo": "036", "goldstein": 4.0, "quad": 1,
     "source": {"name": "Volodymyr Zelensky", "country": "UKR", "sector": "GOV",
                "id": "VOLODYMYR_ZELENSKY", "mention": "Ukrainian President Volodymyr Zelensky"},
     "target": {"name": "Vladimir Putin", "country": "RUS", "sector": "GOV", ...},
     "modality": "intended", "negated": false,
     "trigger": "willingness to engage in direct peace negotiations",
     "conditions": [{"text": "receiving security guarantees from U.S. President Donald Trump",
                     "kind": "precondition", "span": [251, 313]}],
     "said_by": {...Zelensky...}, "reported_by": "Bloomberg", "date": "2025-01-23",
     "span": [78, 314], "sentence": "Ukrainian President ...", "rule": "trigger:negotiate/xcomp",
     "confidence": 0.8, "blocker": null}
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "REB", "OPP", "PTY", "CVL", "MED", "IGO", "NGO", "BUS", "JUD", "LEG",
    "COP", "REL",
)
Modality = Literal["asserted", "intended", "hypothetical"]
ConditionKind = Literal["precondition", "unless", "requirement"]
Span = tuple[int, int]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Record):
    """One news article as ingested.

    ``published`` is ISO 8601: a date ("2025-01-23") or a date-time
    ("2025-01-23T14:05:00+00:00"); None when unknown.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"
    content_hash: str = ""
    duplicate_of: str | None = None
    origin: str | None = None  # where it was read from: "path", "path:line", a URL


class ActorRef(_Record):
    """An actor as it appears in an event: canonical identity plus the mention."""

    name: str
    country: str | None = None
    sector: str | None = None
    id: str | None = None  # actor-dictionary id, None for an unknown actor
    mention: str | None = None  # the words in the text
    span: Span | None = None  # char offsets of the mention in the article text


class Condition(_Record):
    text: str
    kind: ConditionKind
    span: Span | None = None


class Blocker(_Record):
    """A standing act that forbids talks (decree, law, ban, stated refusal)."""

    text: str
    since: str | None = None
    in_effect: bool | None = None
    confirmed_by: ActorRef | None = None
    confirmed: str | None = None  # date of the confirmation


class Place(_Record):
    """Where an event happened, resolved in the offline gazetteer (``parley.nlp.geo``).

    ``country`` is ISO3 (None for a sea or a region across borders); ``feature_class`` and
    ``feature_code`` are GeoNames' ("A"/"PCLI" a country, "A"/"ADM1" a first-order region,
    "P"/"PPL" or "PPLC" a city, "L"/"RGN" an area, "H"/"SEA" water); ``geonames_id`` is None for
    admin1 regions and hand-written areas; ``mention``/``span``: the words in the article."""

    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    geonames_id: int | None = None
    mention: str | None = None
    span: Span | None = None


class Event(_Record):
    id: str = ""
    article_id: str = ""
    type: str
    mode: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    source: ActorRef | None = None
    target: ActorRef | None = None
    modality: Modality = "asserted"
    negated: bool = False
    trigger: str = ""
    conditions: list[Condition] = Field(default_factory=list)
    said_by: ActorRef | None = None
    reported_by: str | None = None
    date: str | None = None
    span: Span | None = None  # evidence span in the article text
    trigger_span: Span | None = None
    sentence: str = ""
    rule: str = ""
    confidence: float = 0.5
    blocker: Blocker | None = None
    place: Place | None = None  # where it happened (parley.nlp.geo.place_for_event)


class Skip(_Record):
    """An input that was not ingested, with the reason."""

    input: str
    reason: str


class Timex(_Record):
    """A normalised time expression. ``value`` follows TIMEX3 (``2025-01-21``,
    ``2025-01``, ``2022``, ``2022-Q4``, ``2025-W03``, ``PRESENT_REF``, ``P3D``)."""

    start: int  # char offset in the text
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None = None


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` normalised for comparison: Unicode NFC, runs of whitespace
    collapsed to one space, ends stripped. Two texts that differ only in layout share a hash;
    the content-hash article id is its first 16 characters."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()
