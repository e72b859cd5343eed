"""``parley timeline``: the dated events of an actor (with another) and a weekly
cooperation/conflict series (a thin shell over :func:`parley.analysis.timeline`)."""

from __future__ import annotations

import click

from parley.cli.map import echo_json, load_records, render_table, run_library


@click.command("timeline")
@click.argument("actor")
@click.argument("other", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for reading, or json.")
@click.pass_context
def timeline_cmd(ctx: click.Context, actor: str, other: str | None, fmt: str) -> None:
    """List the events of ACTOR (with OTHER, in either direction), oldest first, then the weekly
    series: events, Goldstein sum and mean, and counts per quad class (VC verbal cooperation,
    MC material cooperation, VX verbal conflict, MX material conflict).

    \b
    Example:
      parley timeline Zelensky
      parley timeline Zelensky Putin --format json
    """
    from parley.analysis import timeline

    events, articles = load_records(ctx)
    t = run_library(timeline, events, actor, other, articles=articles)
    if fmt == "json":
        echo_json(t.model_dump(mode="json"))
        return
    title = t.actor + (f" and {t.other}" if t.other else "")
    click.echo(f"Timeline of {title}: {len(t.events)} events")
    if t.events:
        click.echo(render_table(
            ["date", "type", "cameo", "source", "target", "goldstein", "trigger"],
            [[e.date or f"({e.effective or 'undated'})", e.type + (" (not)" if e.negated else ""),
              e.cameo, e.source, e.target, e.goldstein, e.trigger] for e in t.events],
        ))
    busy = [w for w in t.weeks if w.events]
    click.echo("")
    click.echo(f"Weekly series ({len(t.weeks)} weeks, {len(busy)} with events; "
               f"{t.not_in_series} events not dated to a day)")
    if busy:
        click.echo(render_table(
            ["week", "events", "goldstein sum", "mean", "VC", "MC", "VX", "MX"],
            [[w.week, w.events, w.goldstein_sum, w.goldstein_mean, w.verbal_cooperation,
              w.material_cooperation, w.verbal_conflict, w.material_conflict] for w in busy],
        ))


def register(main: click.Group) -> None:
    main.add_command(timeline_cmd)
