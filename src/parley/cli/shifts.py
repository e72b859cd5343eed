"""``parley shifts``: when an actor's stance toward talks with another changed (a thin shell over
:func:`parley.analysis.shifts`)."""

from __future__ import annotations

from typing import Any

import click

from parley.cli.map import echo_json, load_records, render_table, run_library


@click.command("shifts")
@click.option("--actor", default=None, metavar="NAME",
              help="Only the shifts of NAME's stances (a name, surname or country).")
@click.option("--since", default=None, metavar="DATE",
              help="Only shifts known on or after DATE (ISO: 2025-01-01).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for reading, or json.")
@click.pass_context
def shifts_cmd(ctx: click.Context, actor: str | None, since: str | None, fmt: str) -> None:
    """List position shifts: each change of a stance toward talks, oldest first, with the
    evidence on both sides.

    \b
    Example:
      parley shifts
      parley shifts --actor Zelensky --since 2024-01-01
    """
    from parley.analysis import shifts

    events, articles = load_records(ctx)
    found = run_library(shifts, events, articles, actor=actor, since=since)
    if fmt == "json":
        echo_json([s.model_dump(mode="json") for s in found])
        return
    if not found:
        click.echo("No position shifts.")
        return
    click.echo(render_table(
        ["actor", "toward", "before", "after", "at", "evidence"],
        [[s.actor, s.toward, _state(s.before), _state(s.after), s.at,
          ", ".join(s.before.evidence[-1:] + s.after.evidence[:1])]
         for s in found],
    ))


def _state(state: Any) -> str:
    text = f"{state.stance} ({state.date or 'undated'})"
    if state.conditions:
        text += ": " + "; ".join(state.conditions)
    return text


def register(main: click.Group) -> None:
    main.add_command(shifts_cmd)
