"""Issue 2, check 3: a folder mixing good files with every kind of bad input. The good ones
are stored, each bad one is reported with its reason naming the input, nothing crashes, and
the store passes its integrity check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.ingest import read_paths
from parley.records import Article, Skip
from parley.store import Store

GOOD = [
    "Negotiators from the government and the rebel movement signed a preliminary agreement on "
    "prisoner exchanges in Nairobi on Friday, officials said.",
    "The foreign ministers met in Vienna on Monday and agreed to continue talks on a ceasefire "
    "before the end of the month, according to a statement.",
    "The United Nations envoy said she would travel to the capital next week to meet both "
    "delegations and present a new proposal for a truce.",
    "Parliament voted on Wednesday to approve the peace accord, which the president had signed "
    "with the opposition leaders after months of talks.",
    "Egypt and Qatar said they were ready to host a new round of indirect talks if both sides "
    "agreed to a temporary halt in the fighting.",
]


def make_corpus(root: Path) -> dict[str, str]:
    """Write the mixed folder; return {bad input name: words its reason must contain}."""
    (root / "good.txt").write_text("Talks in Nairobi\n" + GOOD[0], encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": GOOD[1], "published": "2025-02-01"}),
             '{"id": "j2", "text": "no closing quote}',
             json.dumps({"id": "j3", "text": GOOD[2], "published": "3 March 2025"})]
    (root / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "page.html").write_text(
        f"<html><head><title>Accord approved</title></head><body><article><p>{GOOD[3]}</p>"
        f"<p>{GOOD[3]} Lawmakers applauded.</p></article></body></html>", encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "record.json").write_text(json.dumps({"text": GOOD[4], "source": "Wire"}))
    # the bad ones
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("   \n\n  ")
    (root / "photo.dat").write_bytes(bytes(range(256)) * 8)
    (root / "latin1.txt").write_bytes("Caf\u00e9 talks in Bogot\u00e1 resumed".encode("latin-1"))
    (root / "french.txt").write_text(
        "Le président a déclaré que les négociations avec la Russie ne sont pas possibles pour "
        "le moment, selon une source proche du dossier.", encoding="utf-8")
    (root / "baddate.json").write_text(json.dumps({"text": GOOD[0] + " Again.",
                                                   "published": "the day after tomorrow"}))
    with (root / "huge.txt").open("wb") as fh:  # 50 MB
        chunk = b"peace talks resume " * 50_000
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    return {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "photo.dat": "binary",
        "latin1.txt": "undecodable",
        "french.txt": "not English",
        "baddate.json": "unparseable date 'the day after tomorrow'",
        "huge.txt": "too large",
        "mixed.jsonl:2": "malformed JSON",
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("mixed")
    return root, make_corpus(root)


def test_ingest_mixed_folder_through_cli(corpus: tuple[Path, dict[str, str]],
                                         tmp_path: Path) -> None:
    root, bad = corpus
    db = tmp_path / "p.db"
    result = CliRunner().invoke(
        main, ["--db", str(db), "ingest", str(root), "--no-extract", "--published", "2025-01-23",
               "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["stored"] == 5  # good.txt, 2 JSONL lines, page.html, sub/record.json
    skipped = {Path(s["input"]).name: s["reason"] for s in report["skipped"]}
    assert set(skipped) == set(bad)
    for name, words in bad.items():
        assert words in skipped[name], (name, skipped[name])
    assert report["read"] == report["stored"] + report["duplicates"] + len(report["skipped"])

    store = Store(str(db), create=False)
    stored = store.articles()
    assert {a.origin for a in stored} == {
        str(root / "good.txt"), f"{root / 'mixed.jsonl'}:1", f"{root / 'mixed.jsonl'}:3",
        str(root / "page.html"), str(root / "sub" / "record.json"),
    }
    assert {Path(str(s.input)).name for s in store.skips()} == set(bad)
    assert store.integrity_check() == []
    by_origin = {a.origin: a for a in stored}
    assert by_origin[str(root / "good.txt")].published == "2025-01-23"
    assert by_origin[f"{root / 'mixed.jsonl'}:3"].published == "2025-03-03"
    store.close()


def test_ingest_mixed_folder_text_summary_names_each_input(
        corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, bad = corpus
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "p.db"), "ingest", str(root), "--no-extract"])
    assert result.exit_code == 0, result.output
    for name, words in bad.items():
        line = next(ln for ln in result.output.splitlines() if f"{name}:" in ln)
        assert words in line


def test_ingest_library_never_raises_on_the_mixed_folder(
        corpus: tuple[Path, dict[str, str]]) -> None:
    root, bad = corpus
    got = list(read_paths([str(root)]))
    assert len([g for g in got if isinstance(g, Article)]) == 5
    assert len([g for g in got if isinstance(g, Skip)]) == len(bad)
    assert not [g for g in got if isinstance(g, Skip) and "internal error" in g.reason]
