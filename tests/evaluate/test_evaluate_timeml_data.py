"""The TimeML scorer on the reference corpora (skipped without ../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.evaluate import detect_format, timeml


def test_evaluate_timeml_loads_timebank(shared_data: Path) -> None:
    path = shared_data / "time" / "TBAQ-cleaned" / "TimeBank"
    docs = timeml.load(path)
    assert len(docs) == 183
    assert sum(len(d.timexes) for d in docs) == 1243
    assert all(d.dct for d in docs)
    for d in docs:
        for t in d.timexes:
            assert d.text[t.start:t.end] == t.text
    assert detect_format(path) == "timeml"


def test_evaluate_timeml_loads_meantime_annotated_part(shared_data: Path) -> None:
    path = (shared_data / "time" / "meantime" / "meantime_newsreader_english_oct15"
            / "intra-doc_annotation")
    docs = timeml.load(path)
    assert len(docs) == 120
    assert sum(len(d.timexes) for d in docs) > 400
    for d in docs:
        for t in d.timexes:
            assert d.text[t.start:t.end] == t.text


@pytest.mark.slow
def test_evaluate_timeml_timebank_floor(shared_data: Path) -> None:
    """Regression floor (issue 4: value F1 >= 0.70 on TimeBank); the figures themselves are
    in docs/quality.md. Runs without the spaCy parse to stay fast."""
    result = timeml.run(shared_data / "time" / "TBAQ-cleaned" / "TimeBank", parse=False)
    assert result.metrics["value_f1"] >= 0.70
    assert result.metrics["relaxed_f1"] >= 0.85
    assert not result.skipped
