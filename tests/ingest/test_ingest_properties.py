"""Issue 2, check 5: arbitrary bytes and arbitrary JSON given to ingest never raise; every
item is an Article or a Skip naming its input, and what is read can be stored."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.ingest import read_paths
from parley.records import Article, Skip
from parley.store import Store

EXTENSIONS = ["", ".txt", ".json", ".jsonl", ".html", ".htm", ".rss", ".xml", ".dat"]
FIELDS = ["id", "title", "source", "outlet", "published", "url", "language", "text"]

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

_STORE: list[Store] = []


def store() -> Store:
    if not _STORE:
        s = Store(":memory:")
        s.migrate()
        _STORE.append(s)
    return _STORE[0]


def check(items: list[Article | Skip], path: Path) -> None:
    for item in items:
        assert isinstance(item, Article | Skip)
        if isinstance(item, Skip):
            assert item.input.startswith(str(path))
            assert item.reason and "internal error" not in item.reason
        else:
            assert item.text.strip() and item.id
            assert item.origin is not None and item.origin.startswith(str(path))
    report = store().ingest(items)  # storing what was read never raises either
    assert report.read == len(items)


def ingest_bytes(data: bytes, ext: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{ext}"
        path.write_bytes(data)
        check(list(read_paths([str(path)])), path)


@SETTINGS
@given(data=st.binary(max_size=4096), ext=st.sampled_from(EXTENSIONS))
def test_ingest_arbitrary_bytes_never_raise(data: bytes, ext: str) -> None:
    ingest_bytes(data, ext)


# Bytes that look like the formats: a prefix that steers the sniffer, then noise.
PREFIXES = [b"{", b"[", b"<html><body><p>", b'<?xml version="1.0"?><rss><channel><item>',
            b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content>", b'{"text": "']


@SETTINGS
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=2048),
       ext=st.sampled_from(EXTENSIONS))
def test_ingest_format_like_bytes_never_raise(prefix: bytes, data: bytes, ext: str) -> None:
    ingest_bytes(prefix + data, ext)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), children, max_size=6),
    max_leaves=20,
)
records = st.fixed_dictionaries(
    {},
    optional={field: json_values | st.text() for field in FIELDS},
)


@SETTINGS
@given(value=json_values | records | st.lists(records, max_size=4))
def test_ingest_arbitrary_json_never_raises(value: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        as_json = Path(tmp) / "a.json"
        as_json.write_text(json.dumps(value), encoding="utf-8")
        check(list(read_paths([str(as_json)])), as_json)
        as_jsonl = Path(tmp) / "a.jsonl"
        lines = value if isinstance(value, list) else [value]
        as_jsonl.write_text("\n".join(json.dumps(v) for v in lines) + "\n", encoding="utf-8")
        check(list(read_paths([str(as_jsonl)])), as_jsonl)


@SETTINGS
@given(text=st.text(), published=st.none() | st.text(max_size=30))
def test_ingest_arbitrary_text_files_never_raise(text: str, published: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        check(list(read_paths([str(path)], published=published)), path)
