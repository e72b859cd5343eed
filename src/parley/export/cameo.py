"""A GDELT-style tab-separated CAMEO file: a header line, then one line per event.

GDELT 1.0/2.0 event columns that Parley can fill (``GLOBALEVENTID``, ``SQLDATE``,
``MonthYear``, ``Year``, ``Actor1Code``, ``Actor1Name``, ``Actor1CountryCode``,
``Actor1Type1Code``, the same for ``Actor2``, ``IsRootEvent``, ``EventCode``,
``EventBaseCode``, ``EventRootCode``, ``QuadClass``, ``GoldsteinScale``, ``DATEADDED``,
``SOURCEURL``), then Parley's (``ParleyEventID``, ``ArticleID``, ``PloverType``, ``Modality``,
``Negated``, ``Conditions`` (" | " between conditions), ``SaidBy``, ``ReportedBy``, ``Outlet``,
``Evidence``, ``Rule``, ``Confidence``). Dates are the event's own date when it has one, else
its article's publication date; ``SQLDATE`` is ``YYYYMMDD`` with ``00`` for an unknown month or
day. ``GLOBALEVENTID`` is a stable integer derived from Parley's event id. Tabs and line breaks
inside values become spaces; a missing value is an empty field.

    GLOBALEVENTID  SQLDATE   ...  Actor1Name      Actor1CountryCode ... EventCode QuadClass ...
    813204719224   20250123  ...  Vladimir Putin  RUS               ... 036       1         ...
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import IO, Any

from parley.export._rows import EventRow
from parley.records import ActorRef

COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "DATEADDED", "SOURCEURL",
    "ParleyEventID", "ArticleID", "PloverType", "Modality", "Negated", "Conditions",
    "SaidBy", "ReportedBy", "Outlet", "Evidence", "Rule", "Confidence",
    # where it happened, as GDELT's ActionGeo (country: ISO3, not FIPS; ADM1: the name)
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_Lat",
    "ActionGeo_Long", "ActionGeo_FeatureID",
)


def global_id(event_id: str) -> int:
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:12], 16)


def sqldate(iso: str | None) -> str:
    if not iso or len(iso) < 4 or not iso[:4].isdigit():
        return ""
    year, month, day = iso[:4], iso[5:7], iso[8:10]
    return year + (month if month.isdigit() else "00") + (day if day.isdigit() else "00")


def _actor(ref: ActorRef | None) -> list[Any]:
    if ref is None:
        return ["", "", "", ""]
    code = (ref.country or "") + (ref.sector or "")
    return [code, ref.name, ref.country or "", ref.sector or ""]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return " ".join(str(value).split())


def _place(ev: Any) -> list[Any]:
    p = ev.place
    if p is None:
        return ["", "", "", "", "", ""]
    return [p.name, p.country, p.admin1, p.lat, p.lon, p.geonames_id]


def record(row: EventRow) -> list[str]:
    ev, art = row.event, row.article
    date = sqldate(row.date)
    code = ev.cameo or ""
    values: list[Any] = [
        global_id(ev.id), date, date[:6], date[:4],
        *_actor(ev.source), *_actor(ev.target),
        1, code, code[:3], code[:2], ev.quad, ev.goldstein,
        sqldate(art.published if art else None), art.url if art else None,
        ev.id, ev.article_id, ev.type, ev.modality, ev.negated,
        " | ".join(f"{c.kind}: {c.text}" for c in ev.conditions),
        ev.said_by.name if ev.said_by else None, ev.reported_by,
        art.outlet if art else None, ev.sentence, ev.rule, ev.confidence,
        *_place(ev),
    ]
    return [_clean(v) for v in values]


def write(rows: list[EventRow], output: Path | IO[str]) -> None:
    def dump(fh: IO[str]) -> None:
        fh.write("\t".join(COLUMNS) + "\n")
        for row in rows:  # values hold no tab or line break (_clean), so nothing is quoted
            fh.write("\t".join(record(row)) + "\n")

    if isinstance(output, Path):
        with output.open("w", encoding="utf-8", newline="") as fh:
            dump(fh)
    else:
        dump(output)
