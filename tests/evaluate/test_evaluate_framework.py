"""The evaluation framework: registry, format detection, shared counting, gold loading,
reports and the ``parley eval`` verb (prediction monkeypatched: no model needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

import parley.evaluate as evaluate_pkg
from parley.cli import main
from parley.errors import ConfigError, GoldFormatError, InputError
from parley.evaluate import detect_format, evaluate, load_format
from parley.evaluate import passages as passages_mod
from parley.evaluate.base import EvalResult, prf, ratio, read_jsonl, tokens
from parley.evaluate.report import as_json, flat_metrics, print_result, sample_errors

EVENT = {"source": {"name": "Donald Trump", "country": "USA", "sector": "GOV"},
         "target": {"name": "Vladimir Putin", "country": "RUS", "sector": "GOV"},
         "type": "CONSULT", "modality": "asserted", "negated": False, "trigger": "met",
         "conditions": [], "said_by": None, "reported_by": None, "date": "2025-01-21"}


def write_gold(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_line(pid: str = "p1") -> str:
    return json.dumps({"id": pid, "text": "On Tuesday, Trump met Putin.",
                       "published": "2025-01-23", "events": [EVENT]})


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    return write_gold(tmp_path, [good_line("p1"), "", good_line("p2")])


@pytest.fixture
def oracle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the pipeline by an oracle that predicts the gold events."""
    def predict(items: list[passages_mod.Passage], progress: Any = None,
                ) -> tuple[list[list[dict[str, Any]]], list[tuple[str, str]]]:
        if progress:
            progress(len(items), len(items))
        return [p.events for p in items], []
    monkeypatch.setattr(passages_mod, "predict", predict)


# --- shared counting ------------------------------------------------------------------------

@pytest.mark.parametrize(("tp", "pred", "gold", "expected"), [
    (0, 0, 0, (1.0, 1.0, 1.0)),
    (0, 0, 3, (0.0, 0.0, 0.0)),
    (0, 2, 0, (0.0, 0.0, 0.0)),
    (1, 2, 4, (0.5, 0.25, 1 / 3)),
])
def test_prf_conventions(tp: int, pred: int, gold: int,
                         expected: tuple[float, float, float]) -> None:
    assert prf(tp, pred, gold) == pytest.approx(expected)


def test_ratio_of_nothing_is_zero() -> None:
    assert ratio(0, 0) == 0.0 and ratio(1, 4) == 0.25


def test_tokens_normalise_case_and_punctuation() -> None:
    assert tokens("U.S. President's talks, on-going!") == ["us", "presidents", "talks", "on",
                                                          "going"]
    assert tokens(None) == [] and tokens("") == []


# --- gold loading -----------------------------------------------------------------------------

def test_read_jsonl_names_the_bad_line(tmp_path: Path) -> None:
    path = write_gold(tmp_path, [good_line(), "{not json"])
    with pytest.raises(GoldFormatError) as info:
        list(read_jsonl(path))
    assert info.value.source == f"{path}:2"
    assert f"{path}:2" in str(info.value)


def test_read_jsonl_rejects_non_objects(tmp_path: Path) -> None:
    path = write_gold(tmp_path, ["[1, 2]"])
    with pytest.raises(GoldFormatError, match=":1: expected a JSON object"):
        list(read_jsonl(path))


def test_read_jsonl_limit_counts_objects_not_lines(gold_file: Path) -> None:
    assert [n for n, _ in read_jsonl(gold_file, limit=2)] == [1, 3]


@pytest.mark.parametrize(("bad", "message"), [
    ({"text": "x", "events": []}, "missing passage 'id'"),
    ({"id": "p", "events": []}, "missing passage 'text'"),
    ({"id": "p", "text": "x"}, "missing 'events'"),
    ({"id": "p", "text": "x", "events": [dict(EVENT, type="MEET")]}, "not a PLOVER type"),
    ({"id": "p", "text": "x", "events": [dict(EVENT, source=None)]}, "source must be"),
    ({"id": "p", "text": "x", "events": [dict(EVENT, modality="maybe")]}, "modality"),
    ({"id": "p", "text": "x", "events": [dict(EVENT, negated="no")]}, "negated"),
    ({"id": "p", "text": "x", "events": [dict(EVENT, conditions=["if"])]}, "conditions"),
    ({"id": "p", "text": "x", "events": [dict(EVENT, date=2025)]}, "date must be"),
])
def test_load_rejects_malformed_passages(tmp_path: Path, bad: dict[str, Any],
                                         message: str) -> None:
    path = write_gold(tmp_path, [good_line(), json.dumps(bad)])
    with pytest.raises(GoldFormatError, match=message) as info:
        passages_mod.load(path)
    assert info.value.source == f"{path}:2"


def test_load_reads_the_passage_fields(gold_file: Path) -> None:
    items = passages_mod.load(gold_file, limit=1)
    assert len(items) == 1
    assert (items[0].id, items[0].published, items[0].source) == ("p1", "2025-01-23",
                                                                  f"{gold_file}:1")


# --- registry and detection -----------------------------------------------------------------

def test_detects_passages(gold_file: Path) -> None:
    assert passages_mod.detect(gold_file)
    assert detect_format(gold_file) == "passages"


def test_detect_is_false_on_other_files(tmp_path: Path) -> None:
    tsv = tmp_path / "x.tsv"
    tsv.write_text("a\tb\n", encoding="utf-8")
    assert not passages_mod.detect(tsv)
    assert not passages_mod.detect(tmp_path)
    assert not passages_mod.detect(write_gold(tmp_path, ['{"id": 1, "text": "no events"}']))


def test_undetectable_file_is_a_clean_input_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.bin"
    path.write_bytes(b"\x00\x01 nothing here")
    with pytest.raises(InputError, match="cannot tell the gold format"):
        detect_format(path)


def test_broken_scorer_does_not_break_the_others(monkeypatch: pytest.MonkeyPatch,
                                                 gold_file: Path) -> None:
    formats = {"broken": "parley.evaluate._no_such_scorer", **evaluate_pkg.FORMATS}
    monkeypatch.setattr(evaluate_pkg, "FORMATS", formats)
    assert detect_format(gold_file) == "passages"
    with pytest.raises(ConfigError, match="cannot be imported"):
        load_format("broken")


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="known formats: passages"):
        load_format("nope")


def test_every_available_scorer_has_the_interface() -> None:
    for name in evaluate_pkg.FORMATS:
        try:
            module = load_format(name)
        except ConfigError:
            continue  # not written yet
        assert module.NAME == name
        assert callable(module.detect) and callable(module.run)


def test_evaluate_runs_the_detected_scorer(gold_file: Path, oracle: None) -> None:
    seen: list[tuple[int, int | None]] = []
    result = evaluate(gold_file, progress=lambda d, t: seen.append((d, t)))
    assert (result.format, result.items) == ("passages", 2)
    assert result.metrics["event_f1"] == 1.0
    assert seen == [(2, 2)]


# --- reports --------------------------------------------------------------------------------

def make_result(n_errors: int) -> EvalResult:
    kinds = ["missed", "spurious", "wrong"]
    errors = [{"kind": kinds[i % 3], "item": f"p{i}", "text": "t"} for i in range(n_errors)]
    return EvalResult("passages", "g.jsonl", 3, {"event_f1": 0.5, "per_type": {"AGREE": 1.0}},
                      errors=errors, skipped=[("g.jsonl:3", "pipeline error")])


def test_json_has_exactly_four_keys() -> None:
    obj = json.loads(as_json(make_result(2)))
    assert obj == {"format": "passages", "file": "g.jsonl", "items": 3,
                   "metrics": {"event_f1": 0.5, "per_type": {"AGREE": 1.0}}}


def test_flat_metrics_nests_with_dots() -> None:
    assert flat_metrics({"a": 1.0, "per_type": {"X": 0.5}}) == [("a", 1.0), ("per_type.X", 0.5)]


def test_sample_errors_is_reproducible_and_mixes_kinds() -> None:
    result = make_result(30)
    first = sample_errors(result, 6)
    assert first == sample_errors(result, 6)
    assert len(first) == 6
    assert {e["kind"] for e in first} == {"missed", "spurious", "wrong"}
    assert sample_errors(result, 100) == result.errors
    assert sample_errors(result, 0) == []


def test_print_result_shows_table_skips_and_errors() -> None:
    console = Console(record=True, width=120)
    print_result(make_result(3), console, errors=2)
    out = console.export_text()
    assert "event_f1" in out and "per_type.AGREE" in out and "0.500" in out
    assert "1 item(s) skipped" in out
    assert "1 missed" in out and "[missed] p0" in out


# --- the verb ---------------------------------------------------------------------------------

def test_eval_json_prints_one_object(gold_file: Path, oracle: None) -> None:
    res = CliRunner().invoke(main, ["eval", str(gold_file), "--json"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert set(obj) == {"format", "file", "items", "metrics"}
    assert obj["items"] == 2 and obj["metrics"]["event_f1"] == 1.0


def test_eval_table_and_limit(gold_file: Path, oracle: None) -> None:
    res = CliRunner().invoke(main, ["eval", str(gold_file), "--limit", "1",
                                    "--format", "passages"])
    assert res.exit_code == 0, res.output
    assert "event_f1" in res.stdout and "1 items" in res.stdout


def test_eval_malformed_gold_is_a_clean_error(tmp_path: Path, oracle: None) -> None:
    path = write_gold(tmp_path, [good_line(), "{oops"])
    res = CliRunner().invoke(main, ["eval", str(path), "--format", "passages"])
    assert res.exit_code != 0
    assert f"{path}:2" in res.output and "invalid JSON" in res.output
    assert "Traceback" not in res.output
    assert not isinstance(res.exception, GoldFormatError)  # turned into a click error


def test_eval_help_has_an_example() -> None:
    res = CliRunner().invoke(main, ["eval", "--help"])
    assert res.exit_code == 0 and "Example" in res.output


def test_predict_sets_a_failing_passage_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    import parley.pipeline as pipeline
    from parley.records import Article, Event

    def fake_process(articles: list[Article], nlp: Any = None, batch_size: int = 16,
                     ) -> Any:
        for art in list(articles):
            if "BOOM" in art.text:
                raise RuntimeError("component crashed")
            yield art, [Event(type="CONSULT", trigger=art.text)]

    monkeypatch.setattr(pipeline, "build_nlp", lambda model=None: object())
    monkeypatch.setattr(pipeline, "process", fake_process)
    items = [passages_mod.Passage(id=f"p{i}", text=t, source=f"g:{i + 1}")
             for i, t in enumerate(["a", "BOOM", "c"])]
    seen: list[int] = []
    preds, skipped = passages_mod.predict(items, lambda d, t: seen.append(d), batch_size=2)
    assert [len(p) for p in preds] == [1, 0, 1]
    assert [p[0].trigger for p in preds if p] == ["a", "c"]
    assert skipped == [("g:2", "pipeline error: RuntimeError('component crashed')")]
    assert seen == [2, 3]


@pytest.mark.slow
def test_eval_seed_end_to_end(shared_data: Path) -> None:
    """The real pipeline on the seed: every metric key present, each a fraction."""
    try:
        from parley.pipeline import build_nlp

        build_nlp()
    except ImportError as exc:
        pytest.skip(f"the full pipeline is not importable yet: {exc}")
    res = CliRunner().invoke(main, ["eval", str(shared_data / "seed" / "seed.gold.jsonl"),
                                    "--json"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert obj["format"] == "passages" and obj["items"] == 8
    assert set(obj["metrics"]) == set(passages_mod.METRIC_KEYS)
    assert all(0.0 <= v <= 1.0 for v in obj["metrics"].values())
