"""``parley bench``: corpus reading, bad records, the result shape and the verb (timings
monkeypatched, so no model is loaded), plus one slow real run on a few articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import parley.bench as bench_mod
from parley.bench import BenchResult, PeakMemory, Timing, bench, read_corpus
from parley.cli import main
from parley.errors import InputError


def write_corpus(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rec(i: int, text: str = "Putin met Trump in Helsinki.") -> str:
    return json.dumps({"id": f"a{i}", "title": "T", "source": "Reuters",
                       "published": "2018-07-16", "text": text})


def test_read_corpus_sets_bad_records_aside(tmp_path: Path) -> None:
    path = write_corpus(tmp_path, [rec(1), "{broken", "[1]", rec(2, text="   "),
                                   json.dumps({"id": "x"}), "", rec(3)])
    articles, skipped = read_corpus(path)
    assert [a.id for a in articles] == ["a1", "a3"]
    assert articles[0].outlet == "Reuters" and articles[0].published == "2018-07-16"
    assert [(s.rsplit(":", 1)[1], r.split(" (")[0]) for s, r in skipped] == [
        ("2", "invalid JSON"), ("3", "not a JSON object"), ("4", "empty or missing text"),
        ("5", "empty or missing text")]


def test_read_corpus_limit_counts_good_articles(tmp_path: Path) -> None:
    path = write_corpus(tmp_path, [rec(1), "{broken", rec(2), rec(3)])
    articles, skipped = read_corpus(path, limit=2)
    assert [a.id for a in articles] == ["a1", "a2"] and len(skipped) == 1


def test_read_corpus_gives_content_ids_when_missing(tmp_path: Path) -> None:
    path = write_corpus(tmp_path, [json.dumps({"text": "Same text."})] * 2)
    articles, _ = read_corpus(path)
    assert articles[0].id == articles[1].id and articles[0].id.startswith("sha1-")


def test_read_corpus_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the corpus"):
        read_corpus(tmp_path / "nope.jsonl")


def test_peak_memory_sees_this_process() -> None:
    with PeakMemory(interval=0.05) as mem:
        block = bytearray(50 * 1024 * 1024)
        block[::4096] = b"x" * len(block[::4096])
    assert mem.peak_mb >= 50


def test_cpu_counts_a_busy_child() -> None:
    import subprocess
    import sys

    with PeakMemory(interval=0.05) as mem:
        cpu0 = mem.cpu_now()
        child = subprocess.Popen([sys.executable, "-c",
                                  "import time\nt=time.process_time()\n"
                                  "while time.process_time()-t<0.6: pass\ntime.sleep(0.3)"])
        child.wait()
        used = mem.cpu_now() - cpu0
    assert used >= 0.4


@pytest.fixture
def fake_timings(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def time_spacy(texts: list[str], processes: int, batch_size: int,
                   progress: Any = None, monitor: Any = None) -> Timing:
        seen["spacy"] = (len(texts), processes, batch_size)
        return Timing(seconds=2.0, startup_s=0.5, cpu_s=3.0)

    def time_parley(articles: list[Any], processes: int, batch_size: int, method: str,
                    progress: Any = None, monitor: Any = None) -> Timing:
        seen["parley"] = (len(articles), processes, batch_size, method)
        return Timing(seconds=4.0, startup_s=1.0, cpu_s=4.0, events=7,
                      skipped=[("a9", "store error")])

    monkeypatch.setattr(bench_mod, "time_spacy", time_spacy)
    monkeypatch.setattr(bench_mod, "time_parley", time_parley)
    return seen


def test_bench_figures(tmp_path: Path, fake_timings: dict[str, Any]) -> None:
    path = write_corpus(tmp_path, [rec(1), rec(2, "One two three."), "{broken", rec(3)])
    result = bench(path, limit=3, processes=2, batch_size=4, start_method="fork")
    assert fake_timings == {"spacy": (3, 2, 4), "parley": (3, 2, 4, "fork")}
    assert (result.articles, result.events, result.processes) == (3, 7, 2)
    assert result.words == 5 + 3 + 5
    assert result.spacy_articles_per_s == pytest.approx(1.5)
    assert result.parley_articles_per_s == pytest.approx(0.75)
    assert result.ratio == pytest.approx(0.5)
    assert result.cpu_ratio == pytest.approx(0.75)
    assert result.bad_records == 2  # one malformed line, one store error
    assert result.peak_rss_mb > 0


def test_bench_with_no_usable_article_is_input_error(tmp_path: Path,
                                                     fake_timings: dict[str, Any]) -> None:
    with pytest.raises(InputError, match="no usable article"):
        bench(write_corpus(tmp_path, ["{broken"]))


def test_result_json_keys() -> None:
    data = BenchResult(corpus="c", articles=1, words=2, spacy_articles_per_s=1.23456,
                       parley_articles_per_s=1.0, ratio=0.81, peak_rss_mb=10.0, processes=2,
                       events=3, skipped=[("c:2", "invalid JSON")]).to_json()
    for key in ("articles", "words", "spacy_articles_per_s", "parley_articles_per_s", "ratio",
                "peak_rss_mb", "processes", "events", "bad_records"):
        assert key in data
    assert data["spacy_articles_per_s"] == 1.235 and data["skipped"] == ["c:2: invalid JSON"]
    json.dumps(data)


def test_bench_verb_json_is_one_object(tmp_path: Path, fake_timings: dict[str, Any]) -> None:
    path = write_corpus(tmp_path, [rec(1), "{broken"])
    res = CliRunner().invoke(main, ["bench", str(path), "--json", "--processes", "1"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["articles"] == 1 and data["processes"] == 1 and data["bad_records"] == 2
    assert "bad record(s) set aside" in res.stderr


def test_bench_without_spacy_phase_times_parley_only(tmp_path: Path,
                                                      fake_timings: dict[str, Any]) -> None:
    path = write_corpus(tmp_path, [rec(1), rec(2)])
    res = CliRunner().invoke(main, ["bench", str(path), "--json", "--no-spacy"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert "spacy" not in fake_timings and fake_timings["parley"][0] == 2
    assert data["parley_articles_per_s"] == pytest.approx(0.5)
    assert data["spacy_articles_per_s"] is None and data["ratio"] is None
    assert data["cpu_ratio"] is None


def test_bench_verb_table(tmp_path: Path, fake_timings: dict[str, Any]) -> None:
    res = CliRunner().invoke(main, ["bench", str(write_corpus(tmp_path, [rec(1)]))])
    assert res.exit_code == 0, res.output
    assert "parley_articles_per_s" in res.stdout and "ratio" in res.stdout


def test_bench_verb_clean_error(tmp_path: Path, fake_timings: dict[str, Any]) -> None:
    res = CliRunner().invoke(main, ["bench", str(write_corpus(tmp_path, ["{broken"]))])
    assert res.exit_code != 0 and "no usable article" in res.output
    assert "Traceback" not in res.output


@pytest.mark.slow
def test_spacy_timing_on_real_texts() -> None:
    texts = ["Putin met Trump in Helsinki on Monday."] * 12
    with PeakMemory(interval=0.05) as mem:
        timing = bench_mod.time_spacy(texts, processes=2, batch_size=4, monitor=mem)
    assert timing.seconds > 0 and timing.startup_s > 0
    assert timing.cpu_s is not None and timing.cpu_s > 0
