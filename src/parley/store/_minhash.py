"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.

A wire story re-published with small edits shares most of its 5-word shingles with the
original. Each article gets a 128-value MinHash signature, cut into 32 bands of 4 values; each
band is hashed to a key stored in ``article_buckets``. Articles sharing any key are candidates
(an article pair with Jaccard similarity 0.7 shares a band with probability > 0.999, a pair at
0.3 with about 0.23), and candidates are then confirmed on their exact shingle sets:

    near-duplicate  ⇔  jaccard >= 0.8  or  (containment >= 0.9 and jaccard >= 0.5)

(containment = shared shingles / shingles of the smaller text: a trimmed re-publication).
The hash functions are derived from fixed strings, so keys are stable across runs and versions.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
MIN_SHINGLES = 10  # texts shorter than this are only matched exactly
JACCARD = 0.8
CONTAINMENT = 0.9
JACCARD_WITH_CONTAINMENT = 0.5
_PRIME = np.uint64(4294967291)  # largest prime below 2**32
_WORD = re.compile(r"\w+")


def _h64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    a = np.array([_h64(f"parley-minhash-a-{i}".encode()) % 4294967291 | 1 for i in range(NUM_PERM)],
                 dtype=np.uint64)
    b = np.array([_h64(f"parley-minhash-b-{i}".encode()) % 4294967291 for i in range(NUM_PERM)],
                 dtype=np.uint64)
    return a, b


def shingles(text: str) -> set[int]:
    """CRC-32 hashes of the text's overlapping 5-word shingles, lower-cased (stable across
    processes and versions, unlike ``hash``)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8", "surrogatepass"))
        for i in range(n)
    }


def signature(shingle_set: set[int]) -> np.ndarray:
    a, b = _permutations()
    x = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    with np.errstate(over="ignore"):
        values = (np.outer(x, a) + b) % _PRIME
    return np.asarray(values.min(axis=0), dtype=np.uint64)


def band_keys(shingle_set: set[int]) -> list[str]:
    """The LSH bucket keys of a text, or [] when it is too short to compare approximately."""
    if len(shingle_set) < MIN_SHINGLES:
        return []
    sig = signature(shingle_set)
    return [
        f"{band:02d}{hashlib.blake2b(sig[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
        for band in range(BANDS)
    ]


def is_near_duplicate(a: set[int], b: set[int]) -> bool:
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return False
    shared = len(a & b)
    jaccard = shared / len(a | b)
    containment = shared / min(len(a), len(b))
    return jaccard >= JACCARD or (
        containment >= CONTAINMENT and jaccard >= JACCARD_WITH_CONTAINMENT
    )
