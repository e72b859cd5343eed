"""Partitions: fixed-size runs of the Article stream, each named by its content.

A partition's id is a hash of the pipeline key (Parley's version, the spaCy model, Parley's code
and data files) and of every article in it, in order, so the same input read again gives the
same ids, and a shard written by another version, model or code is never taken for this one.

    >>> parts = list(partitions(iter(arts), size=64, key=pipeline_key()))
    >>> parts[0].id, len(parts[0].articles)
    ('p-3c1f0a9e2b7d4411', 64)
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from parley.config import DATA_DIR, spacy_model_name
from parley.records import Article


@dataclass(frozen=True)
class Partition:
    index: int  # position in the input (loads follow it)
    id: str
    articles: tuple[Article, ...]


@functools.lru_cache(maxsize=4)
def pipeline_key(model: str | None = None) -> str:
    """What the extraction depends on besides the text: Parley's version, the spaCy model's
    name, and the content of Parley's code, lexicons, dictionaries and models (so a shard made
    by a changed pipeline is never reused)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parley_version = version("parley")
    except PackageNotFoundError:
        parley_version = "unknown"
    digest = hashlib.sha256()
    package = DATA_DIR.parent
    files = [p for p in DATA_DIR.rglob("*") if p.is_file()] + list(package.rglob("*.py"))
    for path in sorted(set(files)):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return f"{parley_version}|{spacy_model_name(model)}|{digest.hexdigest()[:16]}"


def partition_id(articles: Iterable[Article], key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8"))
    for art in articles:
        digest.update(b"\x1e")
        digest.update(art.model_dump_json().encode("utf-8", "surrogatepass"))
    return "p-" + digest.hexdigest()[:16]


def partitions(articles: Iterable[Article], size: int, key: str) -> Iterator[Partition]:
    """Consecutive partitions of ``size`` articles (the last may be smaller)."""
    if size < 1:
        raise ValueError("a partition holds at least one article")
    chunk: list[Article] = []
    index = 0
    for art in articles:
        chunk.append(art)
        if len(chunk) >= size:
            yield Partition(index, partition_id(chunk, key), tuple(chunk))
            index += 1
            chunk = []
    if chunk:
        yield Partition(index, partition_id(chunk, key), tuple(chunk))
