"""Alert rules and their delivery: each logged change that a rule matches becomes one alert
per target, delivered once.

    rule = add_rule(store, on="stance-change", actor="Putin",
                    targets=["stdout", "jsonl:alerts.jsonl", "webhook:http://127.0.0.1:9000/"])
    queue_alerts(store)            # one pending delivery per (rule, change, target)
    deliver_pending(store, http)   # stdout, a JSONL file, or a webhook (POST JSON, retried)

A rule fires only on changes logged after it was added (``add_rule`` first logs the changes
already in the store, so an old shift never alerts). The dedup key ``rule id | change key |
target`` is unique in ``alert_deliveries``: queueing the same change twice, or after a restart,
adds nothing. Delivery is at-least-once only in one narrow case, a crash between a successful
delivery and recording it; every alert carries its ``id`` (a hash of rule id and change key,
the same on every target; also the ``Idempotency-Key`` header of a webhook POST) so a receiver can drop a repeat, and a JSONL
target is checked for the id before it is written again.

Alert record (one JSONL line; the JSON body of a webhook POST)::

    {"id": "5f0c...", "rule": 1, "on": "stance-change", "actor": "Putin",
     "change": {"seq": 3, "kind": "stance-change", "actors": [...], "summary": "...", ...},
     "delivered_at": "2026-11-25T18:40:01+00:00"}
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import delete, func, insert, select, update

from parley.errors import InputError
from parley.live._changes import Change, changes_after, detect_changes, last_change_seq
from parley.live._http import FetchError, Http
from parley.live._state import now_iso, read, sha1, write
from parley.store import Store, live_tables

alert_deliveries = live_tables.alert_deliveries
alert_rules = live_tables.alert_rules
live_changes = live_tables.live_changes

log = logging.getLogger("parley.live")

RULE_KINDS = ("stance-change", "new-blocker", "talks-held", "new-stance", "talks", "any")
MAX_ATTEMPTS = 8  # deliveries that still fail after this many tries are marked failed
RETRY_BASE = 5.0  # seconds before the first retry of a failed delivery, doubling


class AlertRule(BaseModel):
    id: int
    on: str
    actor: str | None = None
    targets: list[str] = Field(default_factory=list)
    after_change: int = 0
    created_at: str | None = None

    def matches(self, change: Change) -> bool:
        if self.on == "any":
            kind_ok = True
        elif self.on == "talks":
            kind_ok = change.kind.startswith("talks-")
        else:
            kind_ok = change.kind == self.on
        if not kind_ok:
            return False
        if not self.actor:
            return True
        needle = self.actor.casefold()
        return any(needle in name.casefold() for name in change.actors)

    def describe(self) -> str:
        who = f" involving {self.actor}" if self.actor else ""
        return f"{self.on}{who} -> {', '.join(self.targets)}"


def check_target(target: str) -> str:
    """A delivery target: ``stdout``, ``jsonl:PATH`` or ``webhook:http(s)://...``."""
    if target == "stdout":
        return target
    kind, sep, rest = target.partition(":")
    if sep and kind == "jsonl" and rest:
        return f"jsonl:{Path(rest).expanduser().resolve()}"
    if sep and kind == "webhook" and rest.startswith(("http://", "https://")):
        return target
    raise InputError(f"not a delivery target: {target!r}; use stdout, jsonl:PATH or "
                     "webhook:http(s)://HOST/PATH", source="alerts")


def add_rule(store: Store, on: str, actor: str | None = None,
             targets: Iterable[str] = ("stdout",)) -> AlertRule:
    """A new rule that fires on changes logged from now on."""
    if on not in RULE_KINDS:
        raise InputError(f"unknown alert kind {on!r}; choose one of {', '.join(RULE_KINDS)}",
                         source="--on")
    checked = [check_target(t) for t in targets] or ["stdout"]
    detect_changes(store)  # what the store already shows is history, not news
    after = last_change_seq(store)
    stamp = now_iso()
    with write(store) as conn:
        res = conn.execute(insert(alert_rules).values(
            on_kind=on, actor=actor or None, targets=json.dumps(checked), after_change=after,
            created_at=stamp,
        ))
        rid = int(res.inserted_primary_key[0])  # type: ignore[index]
    return AlertRule(id=rid, on=on, actor=actor or None, targets=checked, after_change=after,
                     created_at=stamp)


def list_rules(store: Store) -> list[AlertRule]:
    with read(store) as conn:
        rows = conn.execute(select(alert_rules).order_by(alert_rules.c.id)).mappings()
        return [AlertRule(id=r["id"], on=r["on_kind"], actor=r["actor"],
                          targets=json.loads(r["targets"]), after_change=r["after_change"],
                          created_at=r["created_at"]) for r in rows]


def remove_rule(store: Store, rule_id: int) -> AlertRule:
    """Remove a rule (its pending deliveries go with it; delivered ones are kept)."""
    rules = {r.id: r for r in list_rules(store)}
    if rule_id not in rules:
        known = ", ".join(str(i) for i in rules) or "none"
        raise InputError(f"no alert rule {rule_id} (rules: {known}); see parley alerts list",
                         source="alerts remove")
    with write(store) as conn:
        conn.execute(delete(alert_deliveries).where(alert_deliveries.c.rule_id == rule_id,
                                                    alert_deliveries.c.status == "pending"))
        conn.execute(update(alert_deliveries).where(alert_deliveries.c.rule_id == rule_id)
                     .values(rule_id=None))
        conn.execute(delete(alert_rules).where(alert_rules.c.id == rule_id))
    return rules[rule_id]


def queue_alerts(store: Store, after: int = 0) -> int:
    """One pending delivery per (rule, matching change, target) not queued before, looking at
    the changes after number ``after`` (a caller's high-water mark; 0: all)."""
    rules = list_rules(store)
    if not rules:
        return 0
    lowest = max(after, min(r.after_change for r in rules))
    changes = changes_after(store, lowest)
    queued = 0
    with write(store) as conn:
        for rule in rules:
            for ch in changes:
                if ch.seq <= rule.after_change or not rule.matches(ch):
                    continue
                for target in rule.targets:
                    key = f"{rule.id}|{ch.key}|{target}"
                    h = sha1(key)
                    if conn.execute(select(alert_deliveries.c.seq)
                                    .where(alert_deliveries.c.dedup_hash == h)).first():
                        continue
                    conn.execute(insert(alert_deliveries).values(
                        dedup_hash=h, dedup_key=key, rule_id=rule.id, change_seq=ch.seq,
                        target=target, status="pending", attempts=0, next_try=None,
                        created_at=now_iso(),
                    ))
                    queued += 1
    return queued


def alert_record(alert_id: str, rule: AlertRule, change: Change) -> dict[str, Any]:
    return {"id": alert_id, "rule": rule.id, "on": rule.on, "actor": rule.actor,
            "change": change.model_dump(mode="json"), "delivered_at": now_iso()}


def _stdout(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def deliver_pending(
    store: Store,
    http: Http | None = None,
    *,
    echo: Callable[[str], None] = _stdout,
    now: float | None = None,
) -> tuple[int, int]:
    """Deliver the pending alerts that are due; returns (delivered, failed now). A failed
    webhook is retried (``Http`` retries with backoff within the call, then again after
    ``RETRY_BASE * 2**attempts`` seconds); after ``MAX_ATTEMPTS`` it is marked failed."""
    moment = time.time() if now is None else now
    with read(store) as conn:
        rows = list(conn.execute(
            select(alert_deliveries, live_changes)
            .join(live_changes, live_changes.c.seq == alert_deliveries.c.change_seq)
            .where(alert_deliveries.c.status == "pending")
            .where(func.coalesce(alert_deliveries.c.next_try, 0) <= moment)
            .order_by(alert_deliveries.c.seq)
        ).mappings())
    rules = {r.id: r for r in list_rules(store)}
    delivered = failed = 0
    for row in rows:
        rule = rules.get(row["rule_id"])
        if rule is None:
            continue
        change = Change(seq=row["change_seq"], kind=row["kind"], key=row["key"],
                        actors=json.loads(row["actors"]), summary=row["summary"],
                        date=row["date"], detected_at=row["detected_at"],
                        details=json.loads(row["details"]))
        alert_id = sha1(f"{rule.id}|{change.key}")  # the same alert on every target
        attempts = int(row["attempts"]) + 1
        with write(store) as conn:  # counted before trying: a crash mid-delivery is visible
            conn.execute(update(alert_deliveries).where(alert_deliveries.c.seq == row["seq"])
                         .values(attempts=attempts))
        target: str = row["target"]
        try:
            _deliver(target, alert_record(alert_id, rule, change), rule, change, http, echo,
                     retry=attempts > 1)
        except (FetchError, OSError, RuntimeError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            give_up = attempts >= MAX_ATTEMPTS
            wait = RETRY_BASE * 2 ** (attempts - 1)
            log.error("alert %s (rule %d) to %s failed: %s; %s", alert_id[:12], rule.id, target,
                      reason, "giving up" if give_up else f"next try in {wait:g} s")
            with write(store) as conn:
                conn.execute(update(alert_deliveries)
                             .where(alert_deliveries.c.seq == row["seq"])
                             .values(status="failed" if give_up else "pending",
                                     next_try=moment + wait, last_error=reason))
            failed += 1
            continue
        with write(store) as conn:
            conn.execute(update(alert_deliveries).where(alert_deliveries.c.seq == row["seq"])
                         .values(status="delivered", delivered_at=now_iso(), last_error=None))
        delivered += 1
    return delivered, failed


def _deliver(target: str, record: dict[str, Any], rule: AlertRule, change: Change,
             http: Http | None, echo: Callable[[str], None], *, retry: bool) -> None:
    if target == "stdout":
        echo(f"ALERT [rule {rule.id}: {rule.on}{' ' + rule.actor if rule.actor else ''}] "
             f"{change.summary}")
        return
    kind, _, rest = target.partition(":")
    if kind == "jsonl":
        path = Path(rest)
        if retry and path.exists() and f'"id": "{record["id"]}"' in path.read_text("utf-8"):
            return  # written before a crash that kept it from being recorded
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if kind == "webhook":
        if http is None:
            raise RuntimeError("no HTTP client for webhook delivery")
        resp = http.request("POST", rest, json=record, what="webhook", polite=False,
                            headers={"Idempotency-Key": record["id"]})
        if resp.status_code >= 300:
            raise FetchError(rest, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
        return
    raise RuntimeError(f"unknown target {target!r}")


def deliveries(store: Store) -> list[dict[str, Any]]:
    """Every delivery row (for ``parley alerts list --deliveries`` and tests)."""
    with read(store) as conn:
        return [dict(r) for r in conn.execute(
            select(alert_deliveries).order_by(alert_deliveries.c.seq)).mappings()]
