"""``parley events``: print the stored events (a thin shell over
:meth:`parley.store.Store.events`) as a table, JSONL (``Event.model_dump(mode="json")`` per
line: the gold record plus provenance) or CSV."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from parley.cli._common import clean_errors, open_store, table
from parley.errors import InputError
from parley.ingest import normalise_published
from parley.records import ActorRef, Event, Place

CSV_COLUMNS = (
    "id", "article_id", "date", "type", "mode", "cameo", "goldstein", "quad",
    "source", "source_id", "source_country", "source_sector",
    "target", "target_id", "target_country", "target_sector",
    "modality", "negated", "trigger", "conditions", "said_by", "reported_by",
    "blocker", "span_start", "span_end", "rule", "confidence", "sentence",
    "place", "place_country", "place_admin1", "place_lat", "place_lon", "place_geonames_id",
)


def _who(ref: ActorRef | None) -> str:
    if ref is None:
        return ""
    tag = "".join(x for x in (ref.country, ref.sector) if x)
    return f"{ref.name} ({tag})" if tag else ref.name


def csv_row(ev: Event) -> dict[str, Any]:
    src, tgt = ev.source, ev.target
    return {
        "id": ev.id, "article_id": ev.article_id, "date": ev.date, "type": ev.type,
        "mode": ev.mode, "cameo": ev.cameo, "goldstein": ev.goldstein, "quad": ev.quad,
        "source": src.name if src else None, "source_id": src.id if src else None,
        "source_country": src.country if src else None,
        "source_sector": src.sector if src else None,
        "target": tgt.name if tgt else None, "target_id": tgt.id if tgt else None,
        "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "modality": ev.modality, "negated": ev.negated, "trigger": ev.trigger,
        "conditions": " | ".join(f"{c.kind}: {c.text}" for c in ev.conditions),
        "said_by": ev.said_by.name if ev.said_by else None, "reported_by": ev.reported_by,
        "blocker": ev.blocker.text if ev.blocker else None,
        "span_start": ev.span[0] if ev.span else None,
        "span_end": ev.span[1] if ev.span else None,
        "rule": ev.rule, "confidence": ev.confidence, "sentence": ev.sentence,
        "place": ev.place.name if ev.place else None,
        "place_country": ev.place.country if ev.place else None,
        "place_admin1": ev.place.admin1 if ev.place else None,
        "place_lat": ev.place.lat if ev.place else None,
        "place_lon": ev.place.lon if ev.place else None,
        "place_geonames_id": ev.place.geonames_id if ev.place else None,
    }


def _date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if len(value) in (4, 7) and value[:4].isdigit():  # a year or a year-month prefix
        return value
    try:
        return normalise_published(value)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from exc


def _near_option(value: str | None) -> Place | None:
    """The place that ``--near`` names, resolved in the gazetteer as a bare mention would be
    (the country before a same-named city; "X region" asks for the region)."""
    if value is None:
        return None
    from parley.nlp.geo import resolve_name

    place = resolve_name(value)
    if place is None:
        raise click.BadParameter(f"no place called {value!r} in the gazetteer",
                                 param_hint="--near")
    return place


@click.command("events")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True,
              help="table for reading; jsonl: one full event record per line (the gold format "
              "plus provenance); csv: one flat row per event.")
@click.option("--actor", metavar="NAME|ID|COUNTRY",
              help="Only events whose source or target matches: part of a name or mention "
              "('Putin'), a dictionary id, or a country code ('RUS').")
@click.option("--type", "type_", metavar="TYPE",
              help="Only events of this PLOVER type (AGREE, CONSULT, REJECT, ...).")
@click.option("--since", metavar="DATE",
              help="Only events on or after DATE (event date, else the article's date); "
              "2025, 2025-01 or 2025-01-23.")
@click.option("--until", metavar="DATE", help="Only events on or before DATE (inclusive).")
@click.option("--article", "article_id", metavar="ID", help="Only events of this article.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Print at most N events.")
@click.option("--near", metavar="PLACE",
              help="Only events located in PLACE: a country ('Ukraine', 'UKR') takes every "
              "place in it, a region ('Donetsk region', 'Texas') every place in it, a city "
              "('Kherson', 'Paris, Texas') itself.")
@click.pass_context
@clean_errors
def events_cmd(ctx: click.Context, fmt: str, actor: str | None, type_: str | None,
               since: str | None, until: str | None, article_id: str | None,
               limit: int | None, near: str | None) -> None:
    """Print the events in the store, in the order they were stored.

    \b
    Example:
      parley events --actor Putin --since 2025-01
      parley events --type AGREE --format jsonl
      parley events --near Ukraine
    """
    since = _date_option(since, "--since")
    until = _date_option(until, "--until")
    place = _near_option(near)
    with open_store(ctx, create=False) as store:
        evs = store.events(actor=actor, type=type_, since=since, until=until,
                           article_id=article_id, limit=limit, near=place)
    if fmt == "jsonl":
        for ev in evs:
            click.echo(json.dumps(ev.model_dump(mode="json"), ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for ev in evs:
            writer.writerow(csv_row(ev))
    elif not evs:
        click.echo("No events found (ingest articles with extraction, or loosen the filters).",
                   err=True)
    else:
        rows = [
            (ev.date, ev.type, ev.cameo, _who(ev.source), _who(ev.target),
             ev.modality + (" NOT" if ev.negated else ""),
             "; ".join(c.text for c in ev.conditions) or (ev.blocker.text if ev.blocker else ""),
             _who(ev.said_by), ev.reported_by, ev.trigger,
             f"{ev.place.name} ({ev.place.country})" if ev.place and ev.place.country
             else ev.place.name if ev.place else None)
            for ev in evs
        ]
        click.echo(table(
            ("date", "type", "cameo", "source", "target", "modality", "conditions",
             "said_by", "reported_by", "trigger", "place"),
            rows, (10, 9, 5, 30, 30, 16, 34, 20, 12, 32, 22)))


def register(main: click.Group) -> None:
    main.add_command(events_cmd)
