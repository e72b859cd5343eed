"""Parley's one exception tree.

    ParleyError                 anything Parley raises on purpose
     ├── InputError             an input (file, record, text, date) Parley cannot use
     │    └── GoldFormatError   a gold/annotation file with a malformed line
     ├── StoreError             the store cannot be opened, migrated or written
     ├── ConfigError            a setting or a missing model/package
     └── ModelError             a spaCy pipeline or trained model cannot be loaded

Every message says what was wrong, with which input, and what to do about it.
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base class of every error Parley raises on purpose."""


class InputError(ParleyError):
    """An input Parley cannot use. ``source`` names the file/line/record."""

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class GoldFormatError(InputError):
    """A gold file with a malformed line (``source`` is ``path:line``)."""


class StoreError(ParleyError):
    """The store cannot be opened, migrated or written."""


class ConfigError(ParleyError):
    """A setting is wrong or something it names is missing."""


class ModelError(ConfigError):
    """A spaCy pipeline or a trained model cannot be loaded."""
