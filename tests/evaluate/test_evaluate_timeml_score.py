"""The TimeML scorer on hand-made cases with known answers (TempEval-3 definitions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.errors import GoldFormatError
from parley.evaluate import timeml
from parley.evaluate.timeml import GoldTimex, TimemlDoc, score

TEXT = "On Friday the firm said profit rose 5% in the third quarter, after three years."
#       0123456789012345678901234567890123456789012345678901234567890123456789012345678


def _t(text: str, phrase: str, type_: str, value: str | None) -> GoldTimex:
    start = text.index(phrase)
    return GoldTimex(start, start + len(phrase), phrase, type_, value)


GOLD = (
    _t(TEXT, "Friday", "DATE", "1998-01-09"),
    _t(TEXT, "the third quarter", "DATE", "1997-Q3"),
    _t(TEXT, "three years", "DURATION", "P3Y"),
)
DOC = TimemlDoc(id="d1", text=TEXT, dct="1998-01-12", timexes=GOLD)


def test_evaluate_timeml_perfect_output_scores_one() -> None:
    m = score([DOC], [list(GOLD)]).metrics
    for key in ("strict_f1", "relaxed_f1", "value_f1", "type_f1", "strict_precision",
                "relaxed_recall"):
        assert m[key] == pytest.approx(1.0)


def test_evaluate_timeml_empty_output_scores_zero() -> None:
    m = score([DOC], [[]]).metrics
    for key in ("strict_f1", "relaxed_f1", "value_f1", "type_f1"):
        assert m[key] == 0.0


def test_evaluate_timeml_strict_and_relaxed_differ_on_extent() -> None:
    pred = [GOLD[0], _t(TEXT, "third quarter", "DATE", "1997-Q3"), GOLD[2]]
    m = score([DOC], [pred]).metrics
    assert m["relaxed_f1"] == pytest.approx(1.0)
    assert m["strict_precision"] == pytest.approx(2 / 3)
    assert m["strict_recall"] == pytest.approx(2 / 3)
    # value is scored on the relaxed match, so the short extent keeps its value credit
    assert m["value_f1"] == pytest.approx(1.0)


def test_evaluate_timeml_known_mixture() -> None:
    # one exact match with the right value, one overlapping match with a wrong value and type,
    # one spurious, one gold missed
    pred = [
        GOLD[0],                                             # strict, value ok, type ok
        _t(TEXT, "quarter", "DURATION", "P1Q"),              # relaxed only, value and type wrong
        _t(TEXT, "5%", "DATE", "2005"),                      # spurious
    ]                                                        # "three years" missed
    m = score([DOC], [pred]).metrics
    p, r = 2 / 3, 2 / 3
    relaxed_f1 = 2 * p * r / (p + r)
    assert m["relaxed_precision"] == pytest.approx(p)
    assert m["relaxed_recall"] == pytest.approx(r)
    assert m["strict_precision"] == pytest.approx(1 / 3)
    assert m["strict_recall"] == pytest.approx(1 / 3)
    assert m["strict_f1"] == pytest.approx(1 / 3)
    assert m["value_accuracy"] == pytest.approx(1 / 2)
    assert m["value_f1"] == pytest.approx(0.5 * relaxed_f1)
    assert m["type_f1"] == pytest.approx(0.5 * relaxed_f1)


def test_evaluate_timeml_value_counts_only_on_relaxed_matches() -> None:
    # a wrong value on a spurious expression costs precision once, never value accuracy
    pred = list(GOLD) + [_t(TEXT, "5%", "DATE", "nonsense")]
    m = score([DOC], [pred]).metrics
    assert m["value_accuracy"] == pytest.approx(1.0)
    assert m["value_f1"] == pytest.approx(m["relaxed_f1"])
    assert m["relaxed_precision"] == pytest.approx(3 / 4)


def test_evaluate_timeml_matching_is_one_to_one() -> None:
    # one system expression over two gold ones matches only one of them
    pred = [GoldTimex(0, len(TEXT), TEXT, "DATE", "1998-01-09")]
    m = score([DOC], [pred]).metrics
    assert m["relaxed_precision"] == pytest.approx(1.0)
    assert m["relaxed_recall"] == pytest.approx(1 / 3)


def test_evaluate_timeml_micro_average_over_documents() -> None:
    doc2 = TimemlDoc(id="d2", text="Nothing here.", dct="1998-01-12", timexes=())
    m = score([DOC, doc2], [list(GOLD), [GoldTimex(0, 7, "Nothing", "DATE", "X")]]).metrics
    assert m["relaxed_precision"] == pytest.approx(3 / 4)
    assert m["relaxed_recall"] == pytest.approx(1.0)


def test_evaluate_timeml_errors_are_listed_by_kind() -> None:
    pred = [_t(TEXT, "quarter", "DURATION", "P1Q"), _t(TEXT, "5%", "DATE", "2005")]
    errors = score([DOC], [pred]).errors
    kinds = sorted(e["kind"] for e in errors)
    assert kinds == ["missed", "missed", "spurious", "wrong"]
    assert all(e["item"] == "d1" and e["text"] for e in errors)


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-12" functionInDocument="CREATION_TIME">19980112</TIMEX3></DCT>
<TEXT>
On <TIMEX3 tid="t1" type="DATE" value="1998-01-09">Friday</TIMEX3> the firm <EVENT eid="e1" class="REPORTING">said</EVENT> profit rose in <TIMEX3 tid="t2" type="DATE" value="1997-Q3">the third quarter</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_evaluate_timeml_loads_text_offsets_and_dct(tmp_path: Path) -> None:
    (tmp_path / "x1.tml").write_text(TML, encoding="utf-8")
    docs = timeml.load(tmp_path)
    assert len(docs) == 1
    doc = docs[0]
    assert doc.dct == "1998-01-12"
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Friday", "DATE", "1998-01-09"), ("the third quarter", "DATE", "1997-Q3")]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    assert timeml.detect(tmp_path)
    assert timeml.detect(tmp_path / "x1.tml")


def test_evaluate_timeml_run_scores_parley_on_a_file(tmp_path: Path) -> None:
    (tmp_path / "x1.tml").write_text(TML, encoding="utf-8")
    result = timeml.run(tmp_path, parse=False)
    assert result.format == "timeml"
    assert result.items == 1
    assert result.metrics["strict_f1"] == pytest.approx(1.0)
    assert result.metrics["value_f1"] == pytest.approx(1.0)


def test_evaluate_timeml_malformed_file_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>On <TIMEX3>Friday</TEXT>", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="bad.tml"):
        timeml.load(tmp_path)


def test_evaluate_timeml_detect_rejects_other_files(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    assert not timeml.detect(tmp_path)
    assert not timeml.detect(tmp_path / "a.jsonl")
    assert not timeml.detect(tmp_path / "missing")
