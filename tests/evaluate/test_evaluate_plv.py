"""The plv scorer on tiny hand-made cases with known answers (no spaCy model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.errors import GoldFormatError
from parley.evaluate import plv
from parley.evaluate.plv import PlvItem, load, score

HEADER = "\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_root\n"


def _items(*golds: str) -> list[PlvItem]:
    return [PlvItem(str(i), f"sentence {i}", (0, 1), (2, 3), g) for i, g in enumerate(golds)]


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "gold.tsv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_evaluate_plv_perfect_scores_one() -> None:
    items = _items("AGREE", "ACCUSE", "YIELD", "ASSAULT")
    result = score(items, ["AGREE", "ACCUSE", "YIELD", "ASSAULT"])
    assert result.metrics["type_accuracy"] == 1.0
    assert result.metrics["type_macro_f1"] == 1.0
    assert result.metrics["per_type"] == {"ACCUSE": 1.0, "AGREE": 1.0, "ASSAULT": 1.0,
                                          "YIELD": 1.0}
    assert result.errors == []


@pytest.mark.parametrize("pred", ["CONCEDE", "RETREAT", "YIELD"])
def test_evaluate_plv_concede_and_retreat_count_as_yield(pred: str) -> None:
    result = score(_items("YIELD"), [pred])
    assert result.metrics["type_accuracy"] == 1.0
    assert result.metrics["per_type"] == {"YIELD": 1.0}


def test_evaluate_plv_empty_and_all_wrong_score_zero() -> None:
    items = _items("AGREE", "ACCUSE")
    empty = score(items, [None, None])
    assert empty.metrics["type_accuracy"] == 0.0
    assert empty.metrics["type_macro_f1"] == 0.0
    assert len(empty.skipped) == 2
    wrong = score(items, ["ACCUSE", "AGREE"])
    assert wrong.metrics["type_accuracy"] == 0.0
    assert wrong.metrics["type_macro_f1"] == 0.0
    assert {e["kind"] for e in wrong.errors} == {"wrong"}


def test_evaluate_plv_known_mixture() -> None:
    # gold A A B C, predicted A B B A:
    # A: p=1/2 r=1/2 f=1/2; B: p=1/2 r=1 f=2/3; C: p=0 r=0 f=0 -> macro 7/18, accuracy 1/2
    items = _items("AGREE", "AGREE", "REJECT", "SANCTION")
    result = score(items, ["AGREE", "REJECT", "REJECT", "AGREE"])
    assert result.metrics["type_accuracy"] == pytest.approx(0.5)
    assert result.metrics["per_type"]["AGREE"] == pytest.approx(0.5)
    assert result.metrics["per_type"]["REJECT"] == pytest.approx(2 / 3)
    assert result.metrics["per_type"]["SANCTION"] == 0.0
    assert result.metrics["type_macro_f1"] == pytest.approx(7 / 18)
    assert len(result.errors) == 2


def test_evaluate_plv_a_predicted_type_absent_from_gold_counts_in_the_macro() -> None:
    # gold A B, predicted A C: A f=1, B f=0, C f=0 -> macro 1/3
    result = score(_items("AGREE", "REJECT"), ["AGREE", "THREATEN"])
    assert result.metrics["type_macro_f1"] == pytest.approx(1 / 3)


def test_evaluate_plv_score_rejects_a_length_mismatch() -> None:
    with pytest.raises(ValueError):
        score(_items("AGREE"), [])


def test_evaluate_plv_load_reads_marks_and_labels(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        "0\t7\tRussia condemned NATO.\t<s>Russia</s> condemned <t>NATO</t>.\tRussia\tNATO\tACCUSE",
        "1\t8\tx\t<s>Kyiv </s>and <t>Kyiv</t> met <t>Kyiv</t>.\ta\tb\tconsult",
        "2\t9\tx\t<t>Two papers</t> were closed.\t\tb\tCOERCE",
    ])
    items = load(path)
    assert [it.gold for it in items] == ["ACCUSE", "CONSULT", "COERCE"]
    first = items[0]
    assert first.id == "7"
    assert first.text == "Russia condemned NATO."
    assert first.text[first.source[0]:first.source[1]] == "Russia"  # type: ignore[index]
    assert first.text[first.target[0]:first.target[1]] == "NATO"  # type: ignore[index]
    second = items[1]
    assert second.text[second.source[0]:second.source[1]] == "Kyiv"  # type: ignore[index]
    assert second.target == (9, 13)  # the first target mention
    assert items[2].source is None
    assert load(path, limit=2)[-1].id == "8"


@pytest.mark.parametrize("row, message", [
    ("0\t1\tx\t<s>A</s> met <t>B</t>.\tA\tB\tHUG", "unknown gold_root"),
    ("0\t1\tx\t<s>A met <t>B</t>.\tA\tB\tCONSULT", "unclosed"),
    ("0\t1\tx\tA met B.\tA\tB\tCONSULT", "neither"),
    ("0\t1\tx\t<s>A</s> met <t>B</t>.\tCONSULT", "columns"),
])
def test_evaluate_plv_malformed_line_names_the_line(tmp_path: Path, row: str,
                                                    message: str) -> None:
    good = "0\t1\tx\t<s>A</s> met <t>B</t>.\tA\tB\tCONSULT"
    path = _write(tmp_path, [good, row])
    with pytest.raises(GoldFormatError, match=message) as info:
        load(path)
    assert info.value.source == f"{path}:3"


def test_evaluate_plv_missing_columns_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("sentence\tlabel\nx\tAGREE\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="gold_root"):
        load(path)
    assert plv.detect(path) is False


def test_evaluate_plv_detect(tmp_path: Path) -> None:
    path = _write(tmp_path, ["0\t1\tx\t<s>A</s> met <t>B</t>.\tA\tB\tCONSULT"])
    assert plv.detect(path) is True
    assert plv.detect(tmp_path) is False
    assert plv.detect(tmp_path / "absent.tsv") is False


@pytest.mark.shared_data
def test_evaluate_plv_loads_the_development_file(shared_data: Path) -> None:
    items = load(shared_data / "events" / "PLV_train.tsv")
    assert len(items) == 1050
    assert {it.gold for it in items} <= plv.LABELS
    assert all(it.source or it.target for it in items)


@pytest.mark.slow
def test_evaluate_plv_new_sentences_score_the_shipped_model(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        "0\t1\tx\t<s>Thousands of farmers</s> marched on <t>parliament</t> to protest new "
        "taxes.\ta\tb\tPROTEST",
        "1\t2\tx\t<s>The army</s> shelled <t>rebel positions</t> near the border overnight."
        "\ta\tb\tASSAULT",
    ])
    result = plv.run(path)
    assert result.metrics["cv_folds"] == 0
    assert result.items == 2
    assert 0.0 <= result.metrics["type_macro_f1"] <= 1.0


@pytest.mark.slow
@pytest.mark.shared_data
def test_evaluate_plv_training_sentences_are_cross_validated(shared_data: Path) -> None:
    result = plv.run(shared_data / "events" / "PLV_train.tsv", limit=120)
    assert result.metrics["cv_folds"] == plv.DEFAULT_CV
    assert result.items == 120
    assert 0.0 < result.metrics["type_accuracy"] <= 1.0


@pytest.mark.slow
def test_evaluate_plv_cross_validation_retrains_with_the_models_settings(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from parley.extract import typing as typing_mod

    cases = [("Russia condemned Ukraine.", "ACCUSE"), ("France criticised Italy.", "ACCUSE"),
             ("Spain met Morocco.", "CONSULT"), ("Kenya visited Uganda.", "CONSULT"),
             ("Cuba attacked Haiti.", "ASSAULT"), ("Syria shelled Iraq.", "ASSAULT")]
    examples = []
    for text, label in cases:
        sent = nlp(text)[:]
        examples.append(typing_mod.Example(sent, sent[0:1], sent[2:3], label))
    base = typing_mod.train(examples, {}, {}, settings=typing_mod.TrainSettings(
        c=3.0, svc_c=0.25, blend=0.4))
    seen = []
    real_train = typing_mod.train

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs["settings"])
        return real_train(*args, **kwargs)

    monkeypatch.setattr(typing_mod, "train", spy)
    preds = plv.cross_validate(examples, base, folds=2)
    assert len(preds) == len(examples) and all(preds)
    assert [(s.c, s.svc_c, s.blend, s.svc_sparse) for s in seen] == [(3.0, 0.25, 0.4, False)] * 2
    # A model saved without the SVM is cross-validated without it.
    seen.clear()
    plain = real_train(examples, {}, {}, settings=typing_mod.TrainSettings(c=3.0, svc_c=0))
    plv.cross_validate(examples, plain, folds=2)
    assert {(s.svc_c, s.blend) for s in seen} == {(0.0, 0.0)}
