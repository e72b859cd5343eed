"""``parley alerts add|list|remove``: what ``parley watch`` alerts on, and where it delivers
(thin shells over :func:`parley.live.add_rule`, ``list_rules``, ``remove_rule``)."""

from __future__ import annotations

import json

import click

from parley.cli._common import clean_errors, open_store, table


@click.group("alerts")
def alerts_cmd() -> None:
    """Alert rules of `parley watch`: stance changes, new blockers, talks held, each
    delivered once per change to stdout, a JSONL file or a webhook (POST JSON, retried).

    \b
    Example:
      parley alerts add --on stance-change --actor Putin --webhook http://127.0.0.1:9000/hook
      parley alerts add --on new-blocker --jsonl alerts.jsonl
      parley alerts add --on talks-held
      parley alerts list
      parley alerts remove 2
    """


@alerts_cmd.command("add")
@click.option("--on", "on", required=True,
              type=click.Choice(["stance-change", "new-blocker", "talks-held", "new-stance",
                                 "talks", "any"]),
              help="What to alert on: a stance change (as `parley shifts` shows it), a new "
              "blocker, talks held, a dyad's first stance, any talks status, or any change.")
@click.option("--actor", default=None, metavar="NAME",
              help="Only changes involving NAME (part of a party's name: Putin).")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Print the alert on the stdout of `parley watch` (the default target).")
@click.option("--jsonl", "jsonl", multiple=True, metavar="PATH",
              help="Append each alert as one JSON line to PATH (repeatable).")
@click.option("--webhook", "webhooks", multiple=True, metavar="URL",
              help="POST each alert as JSON to URL, retried with backoff (repeatable).")
@click.pass_context
@clean_errors
def add_cmd(ctx: click.Context, on: str, actor: str | None, to_stdout: bool,
            jsonl: tuple[str, ...], webhooks: tuple[str, ...]) -> None:
    """Add a rule; it fires on changes detected from now on (what the store already shows
    is history, listed by `parley shifts` and `parley map`)."""
    from parley.live import add_rule

    targets = (["stdout"] if to_stdout else []) + [f"jsonl:{p}" for p in jsonl] \
        + [f"webhook:{u}" for u in webhooks]
    with open_store(ctx, create=True) as store:
        rule = add_rule(store, on, actor=actor, targets=targets or ["stdout"])
    click.echo(f"Added alert rule {rule.id}: {rule.describe()}")


@alerts_cmd.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
@click.pass_context
@clean_errors
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """List the alert rules, with how many alerts each has delivered."""
    from parley.live import deliveries, list_rules

    with open_store(ctx, create=True) as store:
        rules = list_rules(store)
        rows = deliveries(store)
    counts: dict[int, dict[str, int]] = {}
    for d in rows:
        if d["rule_id"] is not None:
            per = counts.setdefault(d["rule_id"], {})
            per[d["status"]] = per.get(d["status"], 0) + 1
    if as_json:
        click.echo(json.dumps([{**r.model_dump(), "deliveries": counts.get(r.id, {})}
                               for r in rules], indent=2))
        return
    if not rules:
        click.echo("No alert rules (add one with: parley alerts add --on stance-change).")
        return
    click.echo(table(
        ["id", "on", "actor", "targets", "delivered", "pending", "failed", "created"],
        [[r.id, r.on, r.actor, ", ".join(r.targets), counts.get(r.id, {}).get("delivered", 0),
          counts.get(r.id, {}).get("pending", 0), counts.get(r.id, {}).get("failed", 0),
          r.created_at] for r in rules],
        [6, 14, 20, 60, 9, 7, 6, 25],
    ))


@alerts_cmd.command("remove")
@click.argument("rule_id", type=int, metavar="ID")
@click.pass_context
@clean_errors
def remove_cmd(ctx: click.Context, rule_id: int) -> None:
    """Remove alert rule ID (see `parley alerts list`)."""
    from parley.live import remove_rule

    with open_store(ctx, create=True) as store:
        rule = remove_rule(store, rule_id)
    click.echo(f"Removed alert rule {rule.id}: {rule.describe()}")


def register(main: click.Group) -> None:
    main.add_command(alerts_cmd)
