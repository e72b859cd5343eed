"""``parley.pipeline.process_parallel``: the multi-process driver used by bench and ingest.

The fork start method lets the workers inherit a stubbed extraction (one event per article
naming its first word), so these tests check the driver, not the extractors."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

import parley.pipeline as pipeline
from parley.records import Article, Event


def fake_extract(doc: Doc, article: Article) -> list[Event]:
    if "CRASH" in article.text:
        raise RuntimeError("extractor crashed")
    return [Event(type="CONSULT", trigger=doc[0].text, article_id=article.id)]


@pytest.fixture
def stub_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "COMPONENTS", ())
    monkeypatch.setattr(pipeline, "extract_doc", fake_extract)
    monkeypatch.setattr(pipeline, "_NLP_CACHE", {})


def articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"Word{i} met someone on Monday.") for i in range(n)]


@pytest.mark.slow
def test_parallel_results_in_order_with_events(stub_pipeline: None) -> None:
    arts = articles(23)
    out = list(pipeline.process_parallel(arts, processes=2, batch_size=4, start_method="fork"))
    assert [a.id for a, _ in out] == [a.id for a in arts]
    assert [evs[0].trigger for _, evs in out] == [f"Word{i}" for i in range(23)]


@pytest.mark.slow
def test_parallel_bad_article_costs_only_itself(stub_pipeline: None) -> None:
    arts = articles(6)
    arts[2] = Article(id="bad", text="CRASH now.")
    out = list(pipeline.process_parallel(arts, processes=2, batch_size=3, start_method="fork"))
    assert [(a.id, len(evs)) for a, evs in out] == [
        ("a0", 1), ("a1", 1), ("bad", 0), ("a3", 1), ("a4", 1), ("a5", 1)]


def test_one_process_runs_in_this_process(stub_pipeline: None) -> None:
    out = list(pipeline.process_parallel(articles(3), processes=1, batch_size=2))
    assert [evs[0].trigger for _, evs in out] == ["Word0", "Word1", "Word2"]


@pytest.mark.slow
def test_pool_waits_until_every_worker_is_ready(stub_pipeline: None) -> None:
    with pipeline.ParallelPipeline(2, start_method="fork") as pool:
        pool.wait_ready()
        out = list(pool.run(articles(5), chunk_size=2))
    assert len(out) == 5


@pytest.mark.slow
def test_spawned_workers_run_the_real_pipeline() -> None:
    try:
        pipeline.build_nlp()
    except ImportError as exc:
        pytest.skip(f"the full pipeline is not importable yet: {exc}")
    arts = articles(4)
    out = list(pipeline.process_parallel(arts, processes=2, batch_size=2, start_method="spawn"))
    assert [a.id for a, _ in out] == [a.id for a in arts]


@pytest.mark.slow
def test_workers_can_be_recycled_after_n_chunks() -> None:
    try:
        pipeline.build_nlp()
    except ImportError as exc:
        pytest.skip(f"the full pipeline is not importable yet: {exc}")
    with pipeline.ParallelPipeline(1, start_method="spawn", warm_text="",
                                   max_chunks_per_worker=1) as pool:
        pids = {pool._executor.submit(pipeline._worker_ping, 0.0).result() for _ in range(2)}
        out = list(pool.run(articles(3), chunk_size=1))
    assert len(pids) == 2  # a fresh worker for the second task
    assert [a.id for a, _ in out] == ["a0", "a1", "a2"]
