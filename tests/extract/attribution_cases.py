"""Shared by the attribution tests: pick one attribution by its cue word."""

from __future__ import annotations

from parley.extract.attribution import Attribution


def find_cue(atts: list[Attribution], cue: str) -> Attribution:
    """The attribution whose cue is ``cue`` or contains it as a word; fails the test, listing
    what was found, when there is none."""
    for att in atts:
        if cue in att.cue.text.split() or att.cue.text == cue:
            return att
    raise AssertionError(f"no attribution with cue {cue!r} in "
                         f"{[(a.source and a.source.text, a.cue.text) for a in atts]}")
