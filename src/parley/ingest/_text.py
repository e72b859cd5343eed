"""Bytes to text, and the checks a text must pass before it becomes an Article.

Every check returns a reason (a sentence saying what is wrong) or None; nothing here raises
on bad input.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from codecs import BOM_UTF16_BE, BOM_UTF16_LE
from collections import Counter

from parley.config import DATA_DIR

# C0/C1 control characters other than tab, newline, vertical tab, form feed and CR.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.05
_LETTERS = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTERS = re.compile(r"[^\W\d_\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Below this many words the language cannot be told from function words: accept as English.
_MIN_WORDS_FOR_LANGUAGE = 8
_LANG_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch",
}


def decode(data: bytes) -> tuple[str | None, str | None]:
    """``(text, None)`` or ``(None, reason)``. UTF-8 (with or without BOM); UTF-16 with a
    BOM; anything else is reported with the offending byte and its offset."""
    if data.startswith((BOM_UTF16_LE, BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            return None, f"not valid UTF-16 despite its byte-order mark ({exc.reason})"
    if b"\x00" in data:
        return None, "binary content (NUL bytes); not a text file"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        return None, (
            f"undecodable bytes: not UTF-8 (byte 0x{bad.hex()} at offset {exc.start}); "
            "re-encode the file as UTF-8"
        )
    return text, None


def normalise_newlines(text: str) -> str:
    """CRLF and CR line ends become LF; a leading BOM is dropped. Nothing else changes, so
    character offsets into the text stay meaningful."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def text_problem(text: str, max_bytes: int) -> str | None:
    """Why ``text`` cannot be an article body (empty, binary-looking, unencodable, too big)."""
    if not text.strip():
        return "empty: no text"
    if "\x00" in text:
        return "binary content (NUL characters in the text)"
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return "text contains unpaired surrogate code points (broken Unicode escapes)"
    if size > max_bytes:
        return (
            f"too large: {size / 1e6:.1f} MB of text, over the limit of "
            f"{max_bytes / 1e6:.1f} MB per article (raise it with --max-mb)"
        )
    controls = len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0
    if controls and controls / len(text) > _MAX_CONTROL_RATIO:
        return f"binary content ({controls} control characters in {len(text)})"
    return None


def field_problem(value: str) -> str | None:
    """Why a metadata string (title, url, ...) cannot be stored."""
    if "\x00" in value:
        return "contains NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains unpaired surrogate code points"
    return None


@functools.lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    raw = json.loads((DATA_DIR / "ingest" / "stopwords.json").read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in raw.items() if not lang.startswith("_")}


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "UNKNOWN"


def language_problem(text: str, sample_chars: int = 4_000) -> str | None:
    """Why ``text`` is not English, or None. Offline and model-free: first the script
    (mostly non-Latin letters), then the share of each language's function words in the
    first ``sample_chars`` characters. Texts too short to judge pass."""
    sample = text[:sample_chars]
    non_ascii = [] if sample.isascii() else _NON_ASCII_LETTERS.findall(sample)
    non_latin = [ch for ch in non_ascii if _script(ch) != "LATIN"]
    if non_latin and len(non_latin) > len(_LETTERS.findall(sample)) / 2:
        scripts = Counter(_script(ch) for ch in non_latin)
        main = scripts.most_common(1)[0][0]
        return f"not English: mostly {main.title()} script"
    words = Counter(_WORD.findall(sample.lower()))
    total = sum(words.values())
    if total < _MIN_WORDS_FOR_LANGUAGE:
        return None
    share = {
        lang: sum(n for w, n in words.items() if w in stop) / total
        for lang, stop in _stopwords().items()
    }
    english = share.get("en", 0.0)
    best = max(share, key=lambda lang: share[lang])
    if best != "en" and share[best] > 1.2 * english and share[best] >= 0.1:
        name = _LANG_NAMES.get(best, best)
        return (
            f"not English: looks like {name} ({share[best]:.0%} {name} function words, "
            f"{english:.0%} English)"
        )
    if english < 0.05 and total >= 30:
        return f"not English: only {english:.0%} of its words are English function words"
    return None
