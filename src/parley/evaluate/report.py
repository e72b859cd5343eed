"""Presenting an :class:`EvalResult`: a rich table, the ``--json`` object, sample errors.

Scorers never print; ``parley eval`` calls these. Tables and errors go to the console it is
given (stdout for the table, so it can be redirected); the JSON is one line of ``json.dumps``.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from parley.evaluate.base import EvalResult

__all__ = ["as_json", "flat_metrics", "metrics_table", "print_result", "sample_errors"]


def as_json(result: EvalResult) -> str:
    """The one JSON object of ``parley eval --json``: format, file, items, metrics."""
    return json.dumps(result.to_json(), ensure_ascii=False, sort_keys=False)


def flat_metrics(metrics: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """``{"a": 1, "per_type": {"X": 0.5}}`` -> ``[("a", 1), ("per_type.X", 0.5)]``."""
    out: list[tuple[str, Any]] = []
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(flat_metrics(value, prefix=f"{name}."))
        else:
            out.append((name, value))
    return out


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def metrics_table(result: EvalResult) -> Table:
    name = Path(result.file).name or result.file
    table = Table(title=f"{result.format}: {name} ({result.items} items)", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in flat_metrics(result.metrics):
        table.add_row(name, _fmt(value))
    return table


def sample_errors(result: EvalResult, k: int, seed: int = 0) -> list[dict[str, Any]]:
    """``k`` errors drawn evenly from each kind (missed, spurious, wrong...), reproducibly,
    in the order of the gold file."""
    if k <= 0 or not result.errors:
        return []
    if k >= len(result.errors):
        return list(result.errors)
    rng = random.Random(seed)
    by_kind: dict[str, list[int]] = {}
    for idx, err in enumerate(result.errors):
        by_kind.setdefault(str(err.get("kind")), []).append(idx)
    for idxs in by_kind.values():
        rng.shuffle(idxs)
    chosen: list[int] = []
    while len(chosen) < k:  # round robin over kinds
        for idxs in by_kind.values():
            if idxs and len(chosen) < k:
                chosen.append(idxs.pop())
    return [result.errors[i] for i in sorted(chosen)]


def _error_text(err: dict[str, Any]) -> Text:
    text = Text()
    kind = str(err.get("kind"))
    field = f" {err['field']}" if err.get("field") else ""
    text.append(f"[{kind}{field}] ", style="bold red" if kind != "wrong" else "bold yellow")
    text.append(f"{err.get('item')}\n", style="bold")
    for key, value in err.items():
        if key in ("kind", "field", "item", "text") or value is None:
            continue
        text.append(f"  {key}: ", style="cyan")
        text.append(f"{value}\n")
    if err.get("text"):
        text.append("  text: ", style="cyan")
        text.append(f"{err['text']}\n", style="dim")
    return text


def print_result(result: EvalResult, console: Console, errors: int = 0) -> None:
    """The table, a count of errors by kind and of skipped items, and ``errors`` samples."""
    console.print(metrics_table(result))
    if result.skipped:
        console.print(f"[yellow]{len(result.skipped)} item(s) skipped[/yellow]")
        for source, reason in result.skipped[:10]:
            console.print(f"  {source}: {reason}", markup=False)
    if errors:
        kinds = Counter(str(e.get("kind")) for e in result.errors)
        console.print("errors: " + (", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
                                    or "none"))
        for err in sample_errors(result, errors):
            console.print(_error_text(err))
