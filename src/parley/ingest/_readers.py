"""Readers: files and directories in, ``Article`` or ``Skip`` records out.

Formats, chosen by extension and, where that says nothing, by sniffing the first bytes:

- ``.txt``/``.text``/``.md``: one article per file. The whole file is the text (offsets stay
  valid); without ``title=``, a short first line with no final punctuation, followed by more
  text, is taken as the title.
- ``.json``: one record or a list of records; ``.jsonl``/``.ndjson``: one record per line.
  A record is ``{id?, title?, source|outlet?, published?, url?, language|lang?, text}``.
- ``.html``/``.htm``: main text by trafilatura, with the page's title, date, site name and URL.
- ``.rss``/``.atom``/``.xml`` feeds (feedparser): each item with content or a summary.
- directories: walked recursively in sorted order; hidden files and folders are ignored.

``published=`` and ``outlet=`` fill in articles that lack them; ``title=`` applies to text and
HTML files. Every problem is a :class:`~parley.records.Skip` naming the input (``path``,
``path:line`` or ``path[index]``) and the reason; nothing raises for bad input.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.errors import InputError
from parley.ingest._dates import normalise_published
from parley.ingest._text import (
    decode,
    field_problem,
    language_problem,
    normalise_newlines,
    text_problem,
)
from parley.records import Article, Skip, content_hash

log = logging.getLogger(__name__)

DEFAULT_MAX_TEXT_BYTES = 5_000_000
DEFAULT_MAX_FILE_BYTES = 2_000_000_000  # JSON, JSONL and feed files holding many articles

TEXT_EXT = frozenset({".txt", ".text", ".md"})
JSON_EXT = frozenset({".json"})
JSONL_EXT = frozenset({".jsonl", ".ndjson", ".jsonlines"})
HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
FEED_EXT = frozenset({".rss", ".atom", ".xml"})

_TITLE_MAX = 200
_ID_MAX = 500  # ids are indexed; see parley.store MAX_KEY_CHARS
_HTML_MIN_WORDS = 10
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_ID_FIELDS = ("id",)
_OUTLET_FIELDS = ("source", "outlet")


@dataclass(frozen=True)
class _Options:
    published: str | None
    published_error: str | None
    outlet: str | None
    title: str | None
    max_text_bytes: int
    max_file_bytes: int


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    published: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    *,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Iterator[Article | Skip]:
    """Articles and skips from files and directories, in order.

    >>> for item in read_paths(["examples/seed.txt"], published="2025-01-23"):
    ...     print(item.id, item.published)          # doctest: +SKIP
    3c1f0d6a9e2b7f41 2025-01-23
    """
    default_published, published_error = _default_published(published)
    opts = _Options(
        published=default_published,
        published_error=published_error,
        outlet=outlet,
        title=title,
        max_text_bytes=max_text_bytes,
        max_file_bytes=max_file_bytes,
    )
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield from _read_guarded(file, opts)
        else:
            yield from _read_guarded(path, opts)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _read_guarded(path: Path, opts: _Options) -> Iterator[Article | Skip]:
    """One file's items; an unexpected error becomes a skip naming the file, never a crash."""
    try:
        yield from _read_file(path, opts)
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop the batch
        log.exception("unexpected error reading %s", path)
        yield Skip(
            input=str(path),
            reason=f"internal error while reading ({type(exc).__name__}: {exc}); please report it",
        )


def _read_file(path: Path, opts: _Options) -> Iterator[Article | Skip]:
    name = str(path)
    if not path.exists():
        yield Skip(input=name, reason="no such file or directory")
        return
    if not path.is_file():
        yield Skip(input=name, reason="not a regular file")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Skip(input=name, reason=f"cannot read: {exc.strerror or exc}")
        return
    if size == 0:
        yield Skip(input=name, reason="empty file")
        return
    ext = path.suffix.lower()
    kind = _kind_from_ext(ext)
    if kind in ("json", "jsonl", "feed"):
        limit = opts.max_file_bytes
    elif kind == "html":
        limit = 4 * opts.max_text_bytes
    else:
        limit = opts.max_text_bytes
    if size > limit:
        yield Skip(
            input=name,
            reason=f"too large: the file is {size / 1e6:.1f} MB, over the limit of "
            f"{limit / 1e6:.1f} MB (raise it with --max-mb)",
        )
        return
    if kind == "jsonl":
        yield from _read_jsonl(path, opts)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skip(input=name, reason=f"cannot read: {exc.strerror or exc}")
        return
    if kind is None or kind == "xml":
        kind = _sniff(data, xml=kind == "xml")
        if kind == "binary":
            yield Skip(input=name, reason="binary content; not a text, JSON, HTML or feed file")
            return
        if kind == "jsonl":
            yield from _read_jsonl(path, opts)
            return
    if kind == "feed":
        yield from _read_feed(data, name, opts)
    elif kind == "html":
        yield from _read_html(data, name, opts)
    elif kind == "json":
        yield from _read_json(data, name, path, opts)
    else:
        yield from _read_text(data, name, opts)


def _kind_from_ext(ext: str) -> str | None:
    if ext in TEXT_EXT:
        return "text"
    if ext in JSON_EXT:
        return "json"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in HTML_EXT:
        return "html"
    if ext in FEED_EXT:
        return "xml" if ext == ".xml" else "feed"
    return None


def _sniff(data: bytes, xml: bool = False) -> str:
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"<"):
        if any(m in stripped for m in _FEED_MARKERS):
            return "feed"
        return "html"
    if xml:
        return "feed"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        lines = [ln for ln in head.splitlines()[:3] if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith(b"{") for ln in lines):
            return "jsonl"
        return "json"
    return "text"


# --- building an Article ---------------------------------------------------------------


def _make_article(
    *,
    origin: str,
    text: str,
    opts: _Options,
    id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: Any = None,
    language: str | None = None,
) -> Article | Skip:
    text = normalise_newlines(text)
    problem = text_problem(text, opts.max_text_bytes)
    if problem:
        return Skip(input=origin, reason=problem)
    if language and not language.lower().startswith("en"):
        return Skip(input=origin, reason=f"not English: the record says language {language!r}")
    problem = language_problem(text)
    if problem:
        return Skip(input=origin, reason=problem)
    if published is None or published == "":
        if opts.published_error:
            return Skip(input=origin, reason=opts.published_error)
        iso = opts.published
    else:
        try:
            iso = normalise_published(published)
        except InputError as exc:
            return Skip(input=origin, reason=str(exc))
    if id is not None and len(id) > _ID_MAX:
        return Skip(input=origin, reason=f"id is {len(id)} characters long, over {_ID_MAX}")
    fields = {"id": id, "title": title, "outlet": outlet or opts.outlet, "url": url}
    for key, value in fields.items():
        if value is not None:
            bad = field_problem(value)
            if bad:
                return Skip(input=origin, reason=f"field {key!r} {bad}")
    digest = content_hash(text)
    return Article(
        id=id or digest[:16],
        text=text,
        title=title or None,
        outlet=fields["outlet"] or None,
        url=url or None,
        published=iso,
        language="en",
        content_hash=digest,
        origin=origin,
    )


def _title_from_first_line(text: str) -> str | None:
    first, sep, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first) > _TITLE_MAX:
        return None
    if first[-1] in ".!?;:,":
        return None
    return first


def _read_text(data: bytes, name: str, opts: _Options) -> Iterator[Article | Skip]:
    text, problem = decode(data)
    if text is None:
        yield Skip(input=name, reason=problem or "cannot decode")
        return
    text = normalise_newlines(text)
    title = opts.title or _title_from_first_line(text)
    yield _make_article(origin=name, text=text, opts=opts, title=title)


# --- JSON and JSONL --------------------------------------------------------------------


def _scalar(record: dict[str, Any], keys: tuple[str, ...], origin: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            raise InputError(f"field {key!r} must be a string, not a boolean", origin)
        if isinstance(value, str | int | float):
            return str(value)
        raise InputError(f"field {key!r} must be a string, not {type(value).__name__}", origin)
    return None


def _default_published(published: str | None) -> tuple[str | None, str | None]:
    """The normalised default date, or None and the error every article will be skipped with."""
    try:
        return normalise_published(published), None
    except InputError as exc:
        return None, f"{exc} (from --published)"


def record_to_article(record: Any, origin: str, *, published: str | None = None,
                      outlet: str | None = None, title: str | None = None,
                      max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES) -> Article | Skip:
    """One JSON value (``{"text": ..., "title": ..., "published": ...}``) as an article, or a
    :class:`~parley.records.Skip` naming ``origin`` and the reason, with the same checks as
    :func:`read_paths` (text present and within ``max_text_bytes``, English, a date that
    parses). ``published``, ``outlet`` and ``title`` fill fields the record lacks."""
    pub, pub_error = _default_published(published)
    opts = _Options(published=pub, published_error=pub_error, outlet=outlet, title=title,
                    max_text_bytes=max_text_bytes, max_file_bytes=max_text_bytes)
    return _record_to_article(record, origin, opts)


def _record_to_article(record: Any, origin: str, opts: _Options) -> Article | Skip:
    """One JSON value as an article, or the reason it is not one."""
    if not isinstance(record, dict):
        return Skip(input=origin, reason=f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if text is None:
        return Skip(input=origin, reason="record has no 'text' field")
    if not isinstance(text, str):
        return Skip(input=origin, reason=f"'text' must be a string, got {_json_type(text)}")
    try:
        ident = _scalar(record, _ID_FIELDS, origin)
        title = _scalar(record, ("title",), origin)
        outlet = _scalar(record, _OUTLET_FIELDS, origin)
        url = _scalar(record, ("url",), origin)
        language = _scalar(record, ("language", "lang"), origin)
    except InputError as exc:
        return Skip(input=origin, reason=str(exc).removeprefix(f"{origin}: "))
    published = record.get("published")
    if isinstance(published, dict | list):
        return Skip(input=origin, reason=f"unparseable date: 'published' is {_json_type(published)}")
    return _make_article(
        origin=origin, text=text, opts=opts, id=ident, title=title, outlet=outlet, url=url,
        published=published, language=language,
    )


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), "a value")


def _read_json(data: bytes, name: str, path: Path, opts: _Options) -> Iterator[Article | Skip]:
    text, problem = decode(data)
    if text is None:
        yield Skip(input=name, reason=problem or "cannot decode")
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several objects, one per line: JSONL in a .json file
            yield from _read_jsonl(path, opts)
            return
        yield Skip(
            input=f"{name}:{exc.lineno}",
            reason=f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
        )
        return
    except RecursionError:
        yield Skip(input=name, reason="malformed JSON: nested too deeply")
        return
    if isinstance(value, list):
        if not value:
            yield Skip(input=name, reason="empty: the JSON list holds no records")
        for i, record in enumerate(value):
            yield _record_to_article(record, f"{name}[{i}]", opts)
    else:
        yield _record_to_article(value, name, opts)


def _read_jsonl(path: Path, opts: _Options) -> Iterator[Article | Skip]:
    name = str(path)
    line_limit = 2 * opts.max_text_bytes + 1_000_000
    records = 0
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skip(input=name, reason=f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        lineno = 0
        while True:
            raw = fh.readline(line_limit)
            if not raw:
                break
            lineno += 1
            where = f"{name}:{lineno}"
            if len(raw) == line_limit and not raw.endswith(b"\n"):
                size = len(raw)
                while chunk := fh.readline(line_limit):  # drain the rest of the long line
                    size += len(chunk)
                    if chunk.endswith(b"\n"):
                        break
                yield Skip(
                    input=where,
                    reason=f"too large: the line is {size / 1e6:.1f} MB, over the limit of "
                    f"{line_limit / 1e6:.1f} MB (raise it with --max-mb)",
                )
                records += 1
                continue
            if lineno == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            records += 1
            line, problem = decode(raw)
            if line is None:
                yield Skip(input=where, reason=problem or "cannot decode")
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Skip(input=where, reason=f"malformed JSON line: {exc.msg} (column {exc.colno})")
                continue
            except RecursionError:
                yield Skip(input=where, reason="malformed JSON line: nested too deeply")
                continue
            yield _record_to_article(value, where, opts)
    if records == 0:
        yield Skip(input=name, reason="empty: no JSON lines")


# --- HTML and feeds --------------------------------------------------------------------


def _read_html(data: bytes, name: str, opts: _Options) -> Iterator[Article | Skip]:
    import trafilatura

    html, problem = decode(data)
    if html is None:
        yield Skip(input=name, reason=problem or "cannot decode")
        return
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    words = len(str(text or "").split())
    if words < _HTML_MIN_WORDS:  # navigation or boilerplate only
        yield Skip(input=name, reason=f"empty: no main text found in the HTML page ({words} words)")
        return
    meta_title = getattr(doc, "title", None)
    yield _make_article(
        origin=name,
        text=str(text),
        opts=opts,
        title=opts.title or (str(meta_title) if meta_title else None),
        outlet=_opt_str(getattr(doc, "sitename", None)),
        url=_opt_str(getattr(doc, "url", None)),
        published=_opt_str(getattr(doc, "date", None)),
    )


def _opt_str(value: Any) -> str | None:
    return str(value) if value else None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content), one line per block."""
    import lxml.etree
    import lxml.html

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment)
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    text = str(root.text_content())
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _read_feed(data: bytes, name: str, opts: _Options) -> Iterator[Article | Skip]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    if not entries:
        why = parsed.get("bozo_exception")
        extra = f" ({why})" if why else ""
        yield Skip(input=name, reason=f"not a feed, or a feed with no items{extra}")
        return
    feed_title = _opt_str(parsed.get("feed", {}).get("title"))
    for i, entry in enumerate(entries):
        where = f"{name}[{i}]"
        body = ""
        for content in entry.get("content") or []:
            if content.get("value"):
                body = str(content["value"])
                break
        if not body:
            body = str(entry.get("summary") or "")
        if not body.strip():
            yield Skip(input=where, reason="feed item has no content or summary")
            continue
        # dict.get: FeedParserDict maps missing "updated*" keys to "published*" with a warning
        published: Any = dict.get(entry, "published") or dict.get(entry, "updated")
        try:
            normalise_published(published)
        except InputError:
            parsed_time = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
            if parsed_time:  # feedparser understood a format we do not: trust its UTC time
                published = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed_time)
        yield _make_article(
            origin=where,
            text=html_to_text(body),
            opts=opts,
            id=_opt_str(entry.get("id")),
            title=_opt_str(entry.get("title")),
            outlet=feed_title,
            url=_opt_str(entry.get("link")),
            published=published,
        )
