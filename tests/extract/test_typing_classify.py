"""The event-type decision: inputs it accepts, what it returns, and storage of the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parley.errors import InputError, ModelError
from parley.extract.typing import (
    MODEL_PATH,
    Example,
    TrainSettings,
    TypeModel,
    WordVectors,
    classify,
    classify_many,
    dense_features,
    parse_marked,
    train,
    trim_span,
)
from parley.records import PLOVER_TYPES


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


# --- marks and spans (no model needed) ----------------------------------------------------

def test_typing_parse_marked_strips_tags_and_keeps_offsets() -> None:
    text, src, tgt = parse_marked("<s>Iran</s> warned <t>the US</t> and <t>Israel</t>.")
    assert text == "Iran warned the US and Israel."
    assert [text[a:b] for a, b in src] == ["Iran"]
    assert [text[a:b] for a, b in tgt] == ["the US", "Israel"]


@pytest.mark.parametrize("marked", ["<s>Iran warned", "Iran</s> warned", "<s><s>Iran</s></s>"])
def test_typing_parse_marked_rejects_broken_marks(marked: str) -> None:
    with pytest.raises(ValueError):
        parse_marked(marked)


def test_typing_trim_span_drops_surrounding_space() -> None:
    assert trim_span(" The LNA  agreed", (0, 9)) == (1, 8)


# --- the shipped model -------------------------------------------------------------------

def test_typing_shipped_model_is_small_and_loads_once() -> None:
    assert MODEL_PATH.is_file(), "run scripts/train_type_model.py"
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    model = TypeModel.load()
    assert model is TypeModel.load()
    assert set(model.classes) <= set(PLOVER_TYPES) | {"YIELD"}


def test_typing_missing_model_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train_type_model"):
        TypeModel.load(tmp_path / "absent.npz")


@pytest.mark.slow
def test_typing_classify_returns_one_of_the_16_types(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Iran released two British sailors after talks with London."
    doc = nlp(text)
    label, conf = classify(doc, _span(text, "Iran"), _span(text, "two British sailors"))
    assert label in PLOVER_TYPES  # YIELD is split into CONCEDE or RETREAT
    assert 0.0 <= conf <= 1.0


@pytest.mark.slow
@pytest.mark.parametrize("text, source, target, expected", [
    ("Thousands of demonstrators marched through the capital to protest against the "
     "government's new tax law.", "Thousands of demonstrators", "the government", "PROTEST"),
    ("The Syrian army shelled rebel positions near Aleppo, killing at least 12 fighters.",
     "The Syrian army", "rebel positions", "ASSAULT"),
    ("The foreign minister condemned the missile test by North Korea as a reckless "
     "provocation.", "The foreign minister", "North Korea", "ACCUSE"),
    ("The president met his French counterpart in Paris on Monday to discuss trade.",
     "The president", "his French counterpart", "CONSULT"),
    ("Norway suspended its development assistance to Tanzania over the disputed election.",
     "Norway", "Tanzania", "SANCTION"),
    ("The rebels rejected the government's offer of a ceasefire.", "The rebels",
     "the government", "REJECT"),
])
def test_typing_classify_clear_cases(nlp, text: str, source: str, target: str,  # type: ignore[no-untyped-def]
                                     expected: str) -> None:
    label, _ = classify(nlp(text), _span(text, source), _span(text, target))
    assert label == expected


@pytest.mark.slow
def test_typing_classify_accepts_spans_strings_and_sentence_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    first = "Markets were calm on Tuesday. "
    second = "The rebels rejected the government's offer of a ceasefire."
    doc = nlp(first + second)
    sent = list(doc.sents)[1]
    assert sent.text == second
    by_offsets = classify(sent, _span(second, "The rebels"), _span(second, "the government"))
    src = doc.char_span(len(first), len(first) + len("The rebels"))
    tgt_start = len(first) + second.index("the government")
    tgt = doc.char_span(tgt_start, tgt_start + len("the government"))
    by_spans = classify(sent, src, tgt)
    by_string = classify(second, _span(second, "The rebels"), _span(second, "the government"))
    assert by_offsets == by_spans
    assert by_offsets[0] == by_string[0]
    label, conf = classify(sent, _span(second, "The rebels"), None)
    assert label in PLOVER_TYPES and 0.0 <= conf <= 1.0


@pytest.mark.slow
def test_typing_classify_many_matches_classify(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = ["Police arrested 40 opposition activists in Minsk.",
             "Japan pledged $100 million in humanitarian aid to Ukraine."]
    triples = [(t, (0, t.index(" ")), None) for t in texts]
    batch = classify_many(triples)
    single = [classify(nlp(t), s, g) for t, s, g in triples]
    assert [b[0] for b in batch] == [s[0] for s in single]
    assert np.allclose([b[1] for b in batch], [s[1] for s in single], atol=1e-6)


# --- training and storage on hand-made data ---------------------------------------------

@pytest.mark.slow
def test_typing_train_save_load_round_trip(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = [
        ("Russia condemned Ukraine.", "ACCUSE"), ("France criticised Italy.", "ACCUSE"),
        ("Chile denounced Peru.", "ACCUSE"), ("Spain met Morocco.", "CONSULT"),
        ("Kenya visited Uganda.", "CONSULT"), ("Egypt hosted Jordan.", "CONSULT"),
    ]
    examples = []
    for text, label in cases:
        sent = nlp(text)[:]
        examples.append(Example(sent, sent[0:1], sent[2:3], label))
    model = train(examples, {"condemn": "ACCUSE"}, {}, settings=TrainSettings(c=10.0))
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = TypeModel.from_file(path)
    assert loaded.classes == ["ACCUSE", "CONSULT"]
    probe = nlp("Brazil condemned Bolivia.")[:]
    a = model.predict(probe, probe[0:1], probe[2:3])
    b = loaded.predict(probe, probe[0:1], probe[2:3])
    assert a[0] == b[0] == "ACCUSE"
    assert abs(a[1] - b[1]) < 1e-2  # coefficients are stored as float16


@pytest.mark.slow
@pytest.mark.parametrize("text, source, target", [
    ("", None, None),
    ("Iran warned Israel.", (0, 400), None),
    ("Iran warned Israel.", (5, 3), None),
    ("Iran warned Israel.", (0, 4), (-1, 3)),
])
def test_typing_bad_input_is_an_input_error(nlp, text: str, source, target) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError):
        classify(nlp(text), source, target)


def _tiny_examples(nlp) -> list[Example]:  # type: ignore[no-untyped-def]
    cases = [
        ("Russia condemned Ukraine.", "ACCUSE"), ("France criticised Italy.", "ACCUSE"),
        ("Chile denounced Peru.", "ACCUSE"), ("Spain met Morocco.", "CONSULT"),
        ("Kenya visited Uganda.", "CONSULT"), ("Egypt hosted Jordan.", "CONSULT"),
        ("Cuba attacked Haiti.", "ASSAULT"), ("Syria shelled Iraq.", "ASSAULT"),
        ("Mali bombed Niger.", "ASSAULT"),
    ]
    out = []
    for text, label in cases:
        sent = nlp(text)[:]
        out.append(Example(sent, sent[0:1], sent[2:3], label))
    return out


@pytest.mark.slow
def test_typing_two_class_model_can_predict_either_class(nlp) -> None:  # type: ignore[no-untyped-def]
    # A binary regression has one logit; the model must still give the second class.
    two = [e for e in _tiny_examples(nlp) if e.label in {"ACCUSE", "CONSULT"}]
    model = train(two, {}, {}, settings=TrainSettings(c=10.0))
    assert model.coef.shape[0] == 2
    for text, expected in (("Brazil condemned Bolivia.", "ACCUSE"),
                           ("Brazil visited Bolivia.", "CONSULT")):
        probe = nlp(text)[:]
        label, conf = model.predict(probe, probe[0:1], probe[2:3])
        assert label == expected
        assert 0.5 < conf < 1.0


@pytest.mark.slow
def test_typing_svm_blend_round_trip_and_regression_alone(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    examples = _tiny_examples(nlp)
    blended = train(examples, {}, {}, settings=TrainSettings(c=10.0, svc_c=0.5, blend=0.5))
    alone = train(examples, {}, {}, settings=TrainSettings(c=10.0, svc_c=0.0))
    assert blended.svc_coef.shape == blended.coef.shape == (3, len(blended.vocab))
    assert alone.svc_coef.size == 0 and alone.blend == 0.0
    np.testing.assert_allclose(blended.coef, alone.coef, atol=1e-6)  # same regression
    probe = nlp("Brazil shelled Bolivia.")[:]
    args = (probe, probe[0:1], probe[2:3])
    p_blend, p_alone = blended.scores(*args), alone.scores(*args)
    assert p_blend.sum() == pytest.approx(1.0) and p_alone.sum() == pytest.approx(1.0)
    assert not np.allclose(p_blend, p_alone)
    # The blend is the mean of the regression's softmax and the SVM's scaled-margin softmax.
    feats = {f for f in blended.features(*args) if f in blended.vocab}
    idx = [blended.vocab[f] for f in feats]
    margins = blended.svc_intercept + blended.svc_coef[:, idx].sum(axis=1)
    e = np.exp(blended.svc_scale * (margins - margins.max()))
    np.testing.assert_allclose(p_blend, 0.5 * p_alone + 0.5 * e / e.sum(), atol=1e-5)
    assert blended.predict(*args)[0] == "ASSAULT"
    for model, name in ((blended, "b.npz"), (alone, "a.npz")):
        model.save(tmp_path / name)
        loaded = TypeModel.from_file(tmp_path / name)
        assert loaded.blend == model.blend
        assert loaded.svc_coef.shape == model.svc_coef.shape
        np.testing.assert_allclose(loaded.scores(*args), model.scores(*args), atol=1e-2)


@pytest.mark.slow
def test_typing_second_svm_sees_no_word_vectors(nlp) -> None:  # type: ignore[no-untyped-def]
    examples = _tiny_examples(nlp)
    words = sorted({t.lower_ for e in examples for t in e.sent if t.is_alpha})
    rng = np.random.default_rng(0)
    vectors = WordVectors({w: i for i, w in enumerate(words)},
                          rng.normal(size=(len(words), 4)).astype(np.float32))
    model = train(examples, {}, {}, vectors=vectors,
                  settings=TrainSettings(c=10.0, svc_c=0.5, svc_sparse=True, blend=2 / 3))
    n, v = len(model.classes), len(model.vocab)
    assert model.svc_coef.shape == (2 * n, v)
    assert model.svc_dense_coef.shape == (2 * n, 8)  # sentence mean + verb region, 4 each
    assert np.abs(model.svc_dense_coef[:n]).sum() > 0  # the first SVM uses the vectors
    assert not model.svc_dense_coef[n:].any()  # the second does not
    assert model.meta["svc_sparse"] == "1"
    probe = nlp("Brazil shelled Bolivia.")[:]
    args = (probe, probe[0:1], probe[2:3])
    lr_only = train(examples, {}, {}, vectors=vectors, settings=TrainSettings(c=10.0, svc_c=0))
    dense = dense_features(*args, vectors)
    idx = [model.vocab[f] for f in set(model.features(*args)) if f in model.vocab]
    margins = (model.svc_intercept + model.svc_coef[:, idx].sum(axis=1)
               + model.svc_dense_coef @ dense).reshape(2, n) * model.svc_scale
    svm = np.mean([np.exp(m - m.max()) / np.exp(m - m.max()).sum() for m in margins], axis=0)
    np.testing.assert_allclose(model.scores(*args),
                               lr_only.scores(*args) / 3 + 2 * svm / 3, atol=1e-5)


def test_typing_shipped_model_blends_two_svms() -> None:
    model = TypeModel.load()
    n = len(model.classes)
    assert model.blend > 0
    assert model.blend == pytest.approx(float(model.meta["blend"]))
    assert model.svc_coef.shape == (2 * n, model.coef.shape[1])
    assert not model.svc_dense_coef[n:].any()
    assert float(model.meta["svc_c"]) > 0
