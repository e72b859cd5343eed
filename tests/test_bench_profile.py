"""``parley bench --profile``: seconds per pipeline stage (extraction stubbed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.tokens import Doc

import parley.pipeline as pipeline
from parley.bench import profile_components
from parley.cli import main
from parley.records import Article, Event


def fake_extract(doc: Doc, article: Article) -> list[Event]:
    return [Event(type="CONSULT", trigger=doc[0].text, article_id=article.id)]


@pytest.fixture
def stub_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "COMPONENTS", ())
    monkeypatch.setattr(pipeline, "extract_doc", fake_extract)
    monkeypatch.setattr(pipeline, "_NLP_CACHE", {})


@pytest.mark.slow
def test_profile_names_every_stage(stub_pipeline: None) -> None:
    arts = [Article(id=f"a{i}", text=f"Leader{i} met envoys in Geneva.") for i in range(5)]
    report = profile_components(arts, batch_size=2)
    stages = report["stages_s"]
    assert list(stages)[0] == "make_doc" and list(stages)[-2:] == ["extract", "store"]
    assert {"tagger", "parser", "ner"} <= set(stages)
    assert report["articles"] == 5
    assert sum(report["stages_share"].values()) == pytest.approx(1.0, abs=0.01)


@pytest.mark.slow
def test_profile_verb_prints_json(stub_pipeline: None, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Putin met Trump."}) + "\n{bad\n",
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["bench", str(path), "--profile", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["articles"] == 1
