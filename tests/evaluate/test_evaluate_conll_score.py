"""The CoNLL role scorer on hand-made cases with known answers (no spaCy model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.errors import GoldFormatError
from parley.evaluate import conll

BIO = """\
Russia B-S
attacked O
Ukraine B-T
. O

The B-S
Iraqi I-S
army I-S
shelled O
rebel B-T
positions I-T
. O

Macron B-R
met O
Scholz B-R
. O
"""


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "roles_ner.txt"
    path.write_text(BIO, encoding="utf-8")
    return path


def test_conll_load_reads_sentences_and_spans(gold_file: Path) -> None:
    items = conll.load(gold_file)
    assert [len(it.tokens) for it in items] == [4, 7, 4]
    assert items[0].spans == ((0, 0, "S"), (2, 2, "T"))
    assert items[1].spans == ((0, 2, "S"), (4, 5, "T"))
    assert items[2].spans == ((0, 0, "R"), (2, 2, "R"))
    assert len(conll.load(gold_file, limit=2)) == 2


def test_conll_detect(gold_file: Path, tmp_path: Path) -> None:
    assert conll.detect(gold_file)
    other = tmp_path / "x.jsonl"
    other.write_text('{"id": 1}\n', encoding="utf-8")
    assert not conll.detect(other)
    assert not conll.detect(tmp_path / "missing.txt")


def test_conll_bad_label_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Russia B-S\nattacked X-Q\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as err:
        conll.load(path)
    assert f"{path}:2" in str(err.value)


def test_conll_score_perfect_is_one(gold_file: Path) -> None:
    items = conll.load(gold_file)
    result = conll.score(items, [list(it.spans) for it in items])
    for key in ("source_f1", "target_f1", "reciprocal_f1", "role_f1"):
        assert result.metrics[key] == 1.0
    assert result.errors == []


def test_conll_score_empty_is_zero(gold_file: Path) -> None:
    items = conll.load(gold_file)
    result = conll.score(items, [[] for _ in items])
    assert result.metrics["source_f1"] == 0.0
    assert result.metrics["target_f1"] == 0.0
    assert result.metrics["role_f1"] == 0.0
    assert result.metrics["role_recall"] == 0.0


def test_conll_score_known_mixture(gold_file: Path) -> None:
    items = conll.load(gold_file)
    preds = [
        [(0, 0, "S"), (2, 2, "T")],          # both right
        [(1, 2, "S"), (4, 5, "T")],          # source too short (wrong), target right
        [(0, 0, "S"), (2, 2, "T")],          # a meeting tagged S/T: both wrong
    ]
    m = conll.score(items, preds).metrics
    # S: 1 right of 3 predicted, 2 gold -> P 1/3, R 1/2
    assert m["source_precision"] == pytest.approx(1 / 3)
    assert m["source_recall"] == pytest.approx(1 / 2)
    assert m["source_f1"] == pytest.approx(0.4)
    # T: 2 right of 3 predicted, 2 gold -> P 2/3, R 1
    assert m["target_f1"] == pytest.approx(0.8)
    # R: none predicted, 2 gold
    assert m["reciprocal_f1"] == 0.0
    # all roles: 3 right of 6 predicted, 6 gold
    assert m["role_precision"] == pytest.approx(0.5)
    assert m["role_recall"] == pytest.approx(0.5)
    assert m["role_f1"] == pytest.approx(0.5)


def test_conll_detokenise_keeps_token_offsets() -> None:
    toks = ["Jean", "-", "Pierre", "Lacroix", "(", "UN", ")", "said", "Baghdad", "’s",
            "forces", "fired", ",", "\"", "reports", "\"", "say", "."]
    text, offsets = conll.detokenise(toks)
    assert text == 'Jean-Pierre Lacroix (UN) said Baghdad’s forces fired, "reports" say.'
    for tok, (s, e) in zip(toks, offsets, strict=True):
        assert text[s:e] == tok


def test_conll_char_spans_map_to_gold_tokens() -> None:
    text, offsets = conll.detokenise(["The", "Iraqi", "army", "shelled", "rebels", "."])
    spans = [(text.index("The"), text.index("army") + 4, "S"),
             (text.index("rebels"), text.index("rebels") + 6, "T")]
    assert conll.char_spans_to_tokens(spans, offsets) == [(0, 2, "S"), (4, 4, "T")]


@pytest.mark.slow
def test_conll_run_end_to_end(gold_file: Path) -> None:
    result = conll.run(gold_file)
    assert result.items == 3
    assert result.metrics["source_f1"] > 0.5
    assert set(result.to_json()) == {"format", "file", "items", "metrics"}


@pytest.mark.slow
def test_conll_reference_file_first_sentences(shared_data: Path) -> None:
    path = shared_data / "events" / "conflibert" / "cameo_ner_train.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    assert conll.detect(path)
    result = conll.run(path, limit=60)
    assert result.items == 60 and not result.skipped
    # a floor well below the figure in docs/quality.md, to catch a broken tagger
    assert result.metrics["source_f1"] >= 0.6
    assert result.metrics["role_f1"] >= 0.4
