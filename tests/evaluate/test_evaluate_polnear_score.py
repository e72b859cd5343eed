"""The PolNeAR scorer on hand-made cases with known answers (no spaCy model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.evaluate import polnear
from parley.evaluate.polnear import Document, max_matching, overlaps, parse_ann, score
from parley.extract.attribution import Attribution, TextSpan

TEXT = "Officials said the talks failed. The envoy added that a new round was planned."
#       0         10        20        30        40        50        60        70
ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 31\tthe talks failed\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tSource 33 42\tThe envoy\n"
    "T6\tCue 43 48\tadded\n"
    "T7\tContent 49 61;62 77\tthat a new round was planned\n"
    "T8\tAttribution 43 48\tadded\n"
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
    "T9\tSource 0 9\tOfficials\n"
    "T10\tDiscuss 0 3\tOff\n"
)


def _doc() -> Document:
    return Document(id="t", text=TEXT, gold=parse_ann(ANN))


def test_parse_ann_labels_fragments_and_duplicates() -> None:
    gold = parse_ann(ANN)
    assert gold["source"] == [((0, 9),), ((33, 42),)]  # the repeated source counts once
    assert gold["cue"] == [((10, 14),), ((43, 48),)]
    assert gold["content"] == [((15, 31),), ((49, 61), (62, 77))]


def test_parse_ann_skips_continuation_lines() -> None:
    gold = parse_ann("T1\tContent 0 5;7 9\tab\ncd\nT2\tSource 10 12\tXY\n")
    assert gold["content"] == [((0, 5), (7, 9))]
    assert gold["source"] == [((10, 12),)]


def test_parse_ann_bad_offsets_name_the_line() -> None:
    with pytest.raises(polnear.GoldFormatError, match="x.ann:2"):
        parse_ann("T1\tSource 0 9\tOfficials\nT2\tCue ten 14\tsaid\n", "x.ann")


def test_overlap_is_one_shared_character() -> None:
    assert overlaps(((0, 5),), ((4, 9),))
    assert not overlaps(((0, 5),), ((5, 9),))  # end exclusive
    assert overlaps(((0, 2), (10, 12)), ((11, 20),))  # any fragment


def test_max_matching_is_one_to_one_and_maximal() -> None:
    gold = [((0, 10),), ((20, 30),)]
    assert max_matching([((0, 30),)], gold) == 1  # one prediction matches one gold at most
    assert max_matching([((5, 25),), ((0, 3),)], gold) == 2  # greedy-first would find only 1
    assert max_matching([], gold) == 0


def test_score_perfect_is_one() -> None:
    doc = _doc()
    result = score([doc], [doc.gold])
    for label in ("source", "cue", "content"):
        assert result.metrics[f"{label}_f1"] == 1.0
        assert result.metrics[f"{label}_precision"] == 1.0
        assert result.metrics[f"{label}_recall"] == 1.0


def test_score_empty_is_zero() -> None:
    result = score([_doc()], [{"source": [], "cue": [], "content": []}])
    assert result.metrics["source_f1"] == 0.0
    assert result.metrics["cue_recall"] == 0.0
    assert result.items == 1


def test_score_known_mixture() -> None:
    # sources: one overlapping gold (partial span "The" of "The envoy"), one spurious;
    # cues: both right plus one spurious; content: one of two found.
    pred = {
        "source": [((33, 36),), ((60, 65),)],
        "cue": [((10, 14),), ((43, 48),), ((18, 23),)],
        "content": [((20, 25),)],
    }
    m = score([_doc()], [pred]).metrics
    assert m["source_precision"] == 0.5 and m["source_recall"] == 0.5
    assert m["source_f1"] == 0.5
    assert m["cue_precision"] == pytest.approx(2 / 3) and m["cue_recall"] == 1.0
    assert m["cue_f1"] == pytest.approx(0.8)
    assert m["content_precision"] == 1.0 and m["content_recall"] == 0.5
    assert m["content_f1"] == pytest.approx(2 / 3)


def test_score_is_micro_averaged_over_texts() -> None:
    doc = _doc()
    half = {"source": [((0, 9),)], "cue": [], "content": []}
    m = score([doc, doc], [doc.gold, half]).metrics
    assert m["source_recall"] == pytest.approx(3 / 4)
    assert m["source_precision"] == 1.0


def test_spans_of_dedupes_shared_sources() -> None:
    src = TextSpan(0, 9, 0, 1)
    a = Attribution(cue=TextSpan(10, 14, 1, 2), content=TextSpan(15, 31, 2, 5), source=src)
    b = Attribution(cue=TextSpan(43, 48, 7, 8), content=None, source=src)
    spans = polnear.spans_of([a, b])
    assert spans["source"] == [((0, 9),)]
    assert len(spans["cue"]) == 2 and len(spans["content"]) == 1


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "a_ef2d.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "a_0aaa.ann").write_text("", encoding="utf-8")
    (tmp_path / "text" / "b.txt").write_text("No annotation file.", encoding="utf-8")
    return tmp_path


def test_load_takes_first_annotator_in_sorted_order(tmp_path: Path) -> None:
    docs = polnear.load(_folder(tmp_path))
    assert [d.id for d in docs] == ["a"]  # b has no .ann: not scored
    assert docs[0].ann == "a_0aaa.ann"  # sorted first, even though empty
    assert docs[0].gold["source"] == []


def test_detect(tmp_path: Path) -> None:
    assert polnear.detect(_folder(tmp_path))
    assert not polnear.detect(tmp_path / "text")
    assert not polnear.detect(tmp_path / "missing")


def test_load_rejects_spans_past_the_text(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "attributions" / "a_0aaa.ann").write_text("T1\tSource 0 999\tx\n",
                                                          encoding="utf-8")
    with pytest.raises(polnear.GoldFormatError, match="runs past the end"):
        polnear.load(folder)
