"""The PolNeAR scorer on the reference data (skips without ../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.evaluate import polnear


@pytest.fixture(scope="module")
def dev(shared_data: Path) -> Path:
    path = shared_data / "attribution" / "polnear" / "dev"
    if not path.is_dir():
        pytest.skip(f"PolNeAR dev not found at {path}")
    return path


def test_polnear_dev_loads(dev: Path) -> None:
    assert polnear.detect(dev)
    docs = polnear.load(dev)
    assert len(docs) == 84
    for doc in docs:
        for spans in doc.gold.values():
            for frags in spans:
                for a, b in frags:
                    assert 0 <= a <= b <= len(doc.text)
    assert sum(len(d.gold["source"]) for d in docs) > 1500


def test_polnear_registered_and_detected(dev: Path) -> None:
    from parley.evaluate import FORMATS, detect_format

    assert FORMATS["polnear"] == "parley.evaluate.polnear"
    assert detect_format(dev) == "polnear"


@pytest.mark.slow
def test_polnear_run_on_a_few_texts(dev: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    result = polnear.run(dev, limit=5, progress=lambda done, total: seen.append((done, total)))
    assert result.format == "polnear" and result.items == 5
    assert seen[-1] == (5, 5)
    for key in ("source_f1", "cue_f1", "content_f1", "source_precision", "source_recall"):
        assert 0.0 <= result.metrics[key] <= 1.0
    # a working extractor finds most sources of these news texts
    assert result.metrics["source_f1"] > 0.5
    assert set(result.to_json()) == {"format", "file", "items", "metrics"}
