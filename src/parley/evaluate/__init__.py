"""Scoring Parley against gold data: ``parley eval``.

Each gold format is one module implementing the interface in :mod:`parley.evaluate.base`
(``NAME``, ``detect(path)``, ``run(path, limit, progress) -> EvalResult``). :data:`FORMATS`
maps a format name to its module path; modules are imported lazily, one at a time, so a
missing or broken scorer never stops the others::

    from parley.evaluate import evaluate
    result = evaluate(Path("seed.gold.jsonl"))          # format detected from the file
    result.metrics["event_f1"]
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from types import ModuleType

from parley.errors import ConfigError, InputError
from parley.evaluate.base import EvalResult, FormatModule, Progress

__all__ = ["FORMATS", "EvalResult", "FormatModule", "Progress", "detect_format", "evaluate",
           "load_format"]

log = logging.getLogger(__name__)

# Format name -> module. Detection tries them in this order (most specific first).
FORMATS: dict[str, str] = {
    "passages": "parley.evaluate.passages",
    "plv": "parley.evaluate.plv",
    "conll": "parley.evaluate.conll",
    "timeml": "parley.evaluate.timeml",
    "polnear": "parley.evaluate.polnear",
    "places": "parley.evaluate.places",
}


def load_format(name: str) -> ModuleType:
    """The scorer module of format ``name``; ConfigError when unknown or not importable."""
    if name not in FORMATS:
        raise ConfigError(f"unknown gold format {name!r}; known formats: {', '.join(FORMATS)}")
    try:
        return importlib.import_module(FORMATS[name])
    except ImportError as exc:
        raise ConfigError(f"the {name!r} scorer ({FORMATS[name]}) cannot be imported: {exc}") \
            from exc


def detect_format(path: Path) -> str:
    """The name of the first format whose ``detect`` accepts ``path``.

    Scorer modules that cannot be imported are skipped (logged). InputError when none fits.
    """
    if not path.exists():
        raise InputError("no such file or folder", str(path))
    for name in FORMATS:
        try:
            module = load_format(name)
        except ConfigError as exc:
            log.debug("format %s unavailable: %s", name, exc)
            continue
        try:
            if module.detect(path):
                return name
        except Exception as exc:  # noqa: BLE001 - a broken detector must not hide the others
            log.warning("format %s: detect(%s) failed: %s", name, path, exc)
    raise InputError(
        f"cannot tell the gold format; give it with --format ({', '.join(FORMATS)})", str(path))


def evaluate(path: Path, format: str | None = None, limit: int | None = None,
             progress: Progress | None = None) -> EvalResult:
    """Score the pipeline on the gold data at ``path`` (format detected unless given)."""
    name = format or detect_format(path)
    module = load_format(name)
    result: EvalResult = module.run(path, limit=limit, progress=progress)
    return result
