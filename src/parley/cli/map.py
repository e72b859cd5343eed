"""``parley map``: the negotiation map as of a date (a thin shell over
:func:`parley.analysis.negotiation_map`), as a table, JSON or Graphviz DOT.

Also holds what the analysis verbs share: reading the store, rendering plain tables.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from parley.analysis.model import NegotiationMap
from parley.cli._common import open_store
from parley.errors import ParleyError
from parley.records import Article, Event

# --- shared by map, shifts, timeline -------------------------------------------------------


def load_records(ctx: click.Context) -> tuple[list[Event], list[Article]]:
    """All events and articles of the store named by ``--db`` (refusing a missing one)."""
    try:
        with open_store(ctx, create=False) as store:
            return store.events(), store.articles()
    except ParleyError as exc:
        raise click.ClickException(str(exc)) from exc


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain, left-aligned text table (``-`` for an empty cell)."""
    cells = [[("-" if v is None or v == "" else " ".join(str(v).split())) for v in row]
             for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines)


def echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, indent=2, ensure_ascii=False))


def run_library(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a library function, turning its errors into a clean CLI message."""
    try:
        return fn(*args, **kwargs)
    except ParleyError as exc:
        raise click.ClickException(str(exc)) from exc


# --- rendering the map ---------------------------------------------------------------------

STANCE_COLOURS = {"willing": "forestgreen", "conditional": "darkorange", "refuses": "red3"}
TALK_COLOUR = "steelblue"


def map_table(m: NegotiationMap) -> str:
    parts = [f"Negotiation map as of {m.as_of or 'all dates'}", ""]
    parts.append("Stances")
    if m.stances:
        parts.append(render_table(
            ["actor", "toward", "stance", "date", "conditions", "reported by", "previously"],
            [[s.actor, s.toward, s.stance, s.date, "; ".join(s.conditions), s.reported_by,
              f"{s.previous.stance} ({s.previous.date or 'undated'})" if s.previous else None]
             for s in m.stances],
        ))
    else:
        parts.append("(none)")
    parts += ["", "Blockers"]
    if m.blockers:
        parts.append(render_table(
            ["actor", "toward", "act", "since", "in effect", "confirmed"],
            [[b.actor, b.toward, b.text, b.since,
              "yes" if b.in_effect else f"no (lifted {b.lifted or 'at an unknown date'})",
              f"{b.confirmed_by} ({b.confirmed or 'undated'})" if b.confirmed_by else None]
             for b in m.blockers],
        ))
    else:
        parts.append("(none)")
    parts += ["", "Talks"]
    if m.talks:
        parts.append(render_table(
            ["between", "status", "date", "previously"],
            [[" - ".join(t.between), t.status, t.date,
              f"{t.previous.status} ({t.previous.date or 'undated'})" if t.previous else None]
             for t in m.talks],
        ))
    else:
        parts.append("(none)")
    return "\n".join(parts)


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def map_dot(m: NegotiationMap) -> str:
    """Graphviz DOT: stances as directed edges coloured by stance, blockers dashed, talks as
    undirected bold edges."""
    lines = [
        "digraph negotiation_map {",
        f"  graph [label={_dot_str('Negotiation map as of ' + (m.as_of or 'all dates'))}, "
        "labelloc=t, rankdir=LR];",
        "  node [shape=box, style=rounded];",
    ]
    names = sorted({n for s in m.stances for n in (s.actor, s.toward)}
                   | {n for b in m.blockers for n in (b.actor, b.toward)}
                   | {n for t in m.talks for n in t.between})
    lines += [f"  {_dot_str(n)};" for n in names]
    for s in m.stances:
        label = s.stance + (": " + "; ".join(_short(c) for c in s.conditions)
                            if s.conditions else "")
        if s.date:
            label += f" ({s.date})"
        lines.append(f"  {_dot_str(s.actor)} -> {_dot_str(s.toward)} "
                     f"[label={_dot_str(label)}, color={STANCE_COLOURS[s.stance]}, "
                     f"fontcolor={STANCE_COLOURS[s.stance]}];")
    for b in m.blockers:
        colour = "red3" if b.in_effect else "gray50"
        state = "in effect" if b.in_effect else f"lifted {b.lifted or ''}".strip()
        label = f"blocker: {_short(b.text)} (since {b.since or '?'}, {state})"
        lines.append(f"  {_dot_str(b.actor)} -> {_dot_str(b.toward)} "
                     f"[label={_dot_str(label)}, style=dashed, color={colour}, "
                     f"fontcolor={colour}];")
    for t in m.talks:
        label = f"talks {t.status}" + (f" ({t.date})" if t.date else "")
        lines.append(f"  {_dot_str(t.between[0])} -> {_dot_str(t.between[1])} "
                     f"[label={_dot_str(label)}, dir=none, style=bold, color={TALK_COLOUR}, "
                     f"fontcolor={TALK_COLOUR}];")
    lines.append("}")
    return "\n".join(lines)


@click.command("map")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Show the map as it stood on DATE (ISO: 2023-01-01). Default: everything "
              "in the store, as of its latest published article.")
@click.option("--actor", default=None, metavar="NAME",
              help="Only entries that involve NAME (a name, surname or country).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "dot"]), default="table",
              show_default=True, help="table for reading, json (the shape of seed.map.json), "
              "or Graphviz dot.")
@click.pass_context
def map_cmd(ctx: click.Context, as_of: str | None, actor: str | None, fmt: str) -> None:
    """Who will talk to whom, on what terms, what blocks the talks, and which talks are
    under way, from the events in the store.

    \b
    Example:
      parley map
      parley map --as-of 2023-01-01 --actor Zelensky
      parley map --format json > map.json
      parley map --format dot | dot -Tsvg > map.svg
    """
    from parley.analysis import negotiation_map

    events, articles = load_records(ctx)
    m = run_library(negotiation_map, events, articles, as_of=as_of, actor=actor)
    if fmt == "json":
        echo_json(m.model_dump(mode="json"))
    elif fmt == "dot":
        click.echo(map_dot(m))
    else:
        click.echo(map_table(m))


def register(main: click.Group) -> None:
    main.add_command(map_cmd)
