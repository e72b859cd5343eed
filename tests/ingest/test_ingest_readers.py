"""Readers: each format in, Article records (or a Skip naming the input) out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.errors import InputError
from parley.ingest import html_to_text, language_problem, normalise_published, read_paths
from parley.records import Article, Skip, content_hash

BODY = (
    "The foreign ministers of both countries met in Vienna on Monday and agreed to continue "
    "talks on a ceasefire, officials said. The mediators will present a new proposal to the "
    "two delegations before the end of the month, according to a statement."
)
BODY2 = (
    "Negotiators from the government and the rebel movement signed a preliminary agreement "
    "on prisoner exchanges in Nairobi on Friday. The deal was welcomed by the African Union, "
    "which said it hoped the talks would lead to a lasting peace in the region."
)


def items(*paths: Path, **kw: object) -> list[Article | Skip]:
    return list(read_paths([str(p) for p in paths], **kw))  # type: ignore[arg-type]


def only_article(result: list[Article | Skip]) -> Article:
    assert len(result) == 1, result
    assert isinstance(result[0], Article), result[0]
    return result[0]


def only_skip(result: list[Article | Skip]) -> Skip:
    assert len(result) == 1, result
    assert isinstance(result[0], Skip), result[0]
    return result[0]


def test_ingest_text_keeps_whole_text_and_takes_first_line_as_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    text = "Talks resume in Vienna\n" + BODY
    path.write_text(text, encoding="utf-8")
    art = only_article(items(path, published="2025-01-23", outlet="Wire"))
    assert art.text == text  # offsets into the file stay valid
    assert art.title == "Talks resume in Vienna"
    assert art.published == "2025-01-23"
    assert art.outlet == "Wire"
    assert art.content_hash == content_hash(text)
    assert art.id == art.content_hash[:16]
    assert art.origin == str(path)


@pytest.mark.parametrize(
    "first_line",
    [BODY.split(". ")[0] + ".", "x" * 250],
    ids=["sentence-with-period", "too-long"],
)
def test_ingest_text_first_line_is_not_a_title_when_it_reads_as_text(
    tmp_path: Path, first_line: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(first_line + "\n" + BODY, encoding="utf-8")
    assert only_article(items(path)).title is None


def test_ingest_text_title_option_wins(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline here\n" + BODY, encoding="utf-8")
    assert only_article(items(path, title="Given")).title == "Given"


def test_ingest_text_crlf_and_bom_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.replace(". ", ".\r\n").encode())
    art = only_article(items(path))
    assert "\r" not in art.text and not art.text.startswith("\ufeff")


def test_ingest_text_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(BODY.encode("utf-16"))
    assert only_article(items(path)).text == BODY


def test_ingest_json_object_list_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    records = [
        {"id": "r1", "title": "T1", "source": "Outlet A", "published": "Jan 5, 2024",
         "url": "https://e.org/1", "text": BODY, "bias": "ignored"},
        {"outlet": "Outlet B", "text": BODY2, "published": 1700000000},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    a, b = items(path)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.id, a.title, a.outlet, a.published, a.url) == (
        "r1", "T1", "Outlet A", "2024-01-05", "https://e.org/1")
    assert a.origin == f"{path}[0]"
    assert b.outlet == "Outlet B" and b.id == content_hash(BODY2)[:16]
    assert b.published == "2023-11-14T22:13:20+00:00"
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": BODY}), encoding="utf-8")
    assert only_article(items(single)).text == BODY


def test_ingest_jsonl_malformed_line_is_skipped_by_line_and_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": "1", "text": BODY}) + "\n"
        + '{"id": "2", "text": "unterminated\n'
        + "\n"
        + json.dumps({"id": "3", "text": BODY2}) + "\n"
        + "[1, 2]\n"
        + json.dumps({"id": "5", "title": "no text"}) + "\n",
        encoding="utf-8",
    )
    result = items(path)
    assert [r.id for r in result if isinstance(r, Article)] == ["1", "3"]
    skips = {s.input: s.reason for s in result if isinstance(s, Skip)}
    assert set(skips) == {f"{path}:2", f"{path}:5", f"{path}:6"}
    assert skips[f"{path}:2"].startswith("malformed JSON")
    assert "expected a JSON object" in skips[f"{path}:5"]
    assert "no 'text'" in skips[f"{path}:6"]


def test_ingest_json_with_one_object_per_line_is_read_as_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY2}) + "\n")
    assert [type(r) for r in items(path)] == [Article, Article]


def test_ingest_record_rejects_non_string_fields_and_foreign_language(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"text": BODY, "title": {"x": 1}}) + "\n"
        + json.dumps({"text": BODY, "language": "fr"}) + "\n"
        + json.dumps({"text": 42}) + "\n"
    )
    reasons = [r.reason for r in items(path) if isinstance(r, Skip)]
    assert len(reasons) == 3
    assert "'title' must be a string" in reasons[0]
    assert "not English" in reasons[1] and "'fr'" in reasons[1]
    assert "'text' must be a string" in reasons[2]


HTML = """<!doctype html><html><head><title>Ceasefire talks resume | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-02T10:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Ceasefire talks resume</h1>
<p>{0}</p><p>{1}</p></article><footer>Copyright Example News</footer></body></html>"""


def test_ingest_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML.format(BODY, BODY2), encoding="utf-8")
    art = only_article(items(path))
    assert BODY in art.text and BODY2 in art.text
    assert "Copyright" not in art.text and "Sport" not in art.text
    assert art.title and "Ceasefire talks resume" in art.title
    assert art.published == "2024-03-02"
    assert art.outlet == "Example News"


def test_ingest_html_without_main_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    skip = only_skip(items(path))
    assert skip.input == str(path) and "no main text" in skip.reason


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>Talks in Vienna</title><link>https://e.org/1</link><guid>e-1</guid>
<pubDate>Mon, 06 Jan 2025 09:30:00 GMT</pubDate><description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>Empty item</title><guid>e-2</guid></item>
<item><title>Nairobi deal</title><guid>e-3</guid><pubDate>sometime soon</pubDate>
<description>{BODY2}</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Nairobi deal</title><id>urn:a:1</id><updated>2025-02-01T08:00:00Z</updated>
<link href="https://e.org/a1"/><content type="html">&lt;p&gt;{BODY2}&lt;/p&gt;</content></entry>
</feed>"""


def test_ingest_rss_items_become_articles_and_bad_items_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    first, empty, baddate = items(path)
    assert isinstance(first, Article)
    assert (first.id, first.title, first.outlet, first.url) == (
        "e-1", "Talks in Vienna", "Example Wire", "https://e.org/1")
    assert first.published == "2025-01-06T09:30:00+00:00"
    assert first.text == BODY
    assert isinstance(empty, Skip) and empty.input == f"{path}[1]"
    assert "no content" in empty.reason
    assert isinstance(baddate, Skip) and "unparseable date" in baddate.reason
    assert "sometime soon" in baddate.reason


def test_ingest_atom_feed_sniffed_from_xml(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ATOM, encoding="utf-8")
    art = only_article(items(path))
    assert (art.id, art.outlet, art.published, art.text) == (
        "urn:a:1", "Atom Wire", "2025-02-01T08:00:00+00:00", BODY2)


def test_ingest_directory_recursive_sorted_hidden_ignored(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text(BODY2)
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / ".hidden.txt").write_text(BODY)
    (tmp_path / ".git" / "x.txt").write_text(BODY)
    (tmp_path / "noext").write_text(json.dumps({"id": "sniffed", "text": BODY2 + " More."}))
    result = items(tmp_path)
    assert [r.origin for r in result if isinstance(r, Article)] == [
        str(tmp_path / "a.txt"), str(tmp_path / "noext"), str(tmp_path / "b" / "2.txt")]
    assert not [r for r in result if isinstance(r, Skip)]


def test_ingest_missing_path_is_a_skip(tmp_path: Path) -> None:
    skip = only_skip(items(tmp_path / "nope.txt"))
    assert "no such file" in skip.reason


def test_ingest_bad_published_option_skips_articles_that_need_it(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY)
    skip = only_skip(items(path, published="someday"))
    assert "someday" in skip.reason and "--published" in skip.reason


def test_ingest_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY)
    assert "too large" in only_skip(items(path, max_text_bytes=100)).reason
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps({"text": BODY * 3}) + "\n" + json.dumps({"text": BODY2}) + "\n")
    result = items(jl, max_text_bytes=400)
    assert isinstance(result[0], Skip) and "too large" in result[0].reason
    assert isinstance(result[1], Article)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-23", "2025-01-23"),
        ("2025-01-23T14:05:00Z", "2025-01-23T14:05:00+00:00"),
        ("Thu, 23 Jan 2025 10:05:00 GMT", "2025-01-23T10:05:00+00:00"),
        ("January 23, 2025", "2025-01-23"),
        ("23 January 2025 10:05", "2025-01-23T10:05:00"),
        ("", None),
        (None, None),
    ],
)
def test_ingest_normalise_published(value: str | None, expected: str | None) -> None:
    assert normalise_published(value) == expected


@pytest.mark.parametrize("value", ["Thursday", "2025", "May 2024", "not a date", "31/02/2025",
                                   True, [2025]])
def test_ingest_normalise_published_rejects_incomplete_or_invalid(value: object) -> None:
    with pytest.raises(InputError, match="unparseable date"):
        normalise_published(value)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le président a déclaré que les négociations avec la Russie ne sont pas possibles "
         "pour le moment, selon une source proche du dossier.", "French"),
        ("Der Präsident sagte, dass die Verhandlungen mit Russland im Moment nicht möglich "
         "sind und er wird nicht mit ihm sprechen.", "German"),
        ("El presidente dijo que las negociaciones con Rusia no son posibles por el momento, "
         "según una fuente cercana al gobierno.", "Spanish"),
        ("Президент заявил, что переговоры с Россией сейчас невозможны.", "Cyrillic"),
    ],
)
def test_ingest_language_check_rejects_non_english(text: str, language: str) -> None:
    reason = language_problem(text)
    assert reason is not None and language in reason


@pytest.mark.parametrize("text", [BODY, BODY2, "Ceasefire holds.", "Talks: Doha, Geneva, Oslo."])
def test_ingest_language_check_accepts_english_and_short_text(text: str) -> None:
    assert language_problem(text) is None


def test_ingest_html_to_text_keeps_blocks_apart() -> None:
    assert html_to_text("<p>One.</p><p>Two <b>bold</b>.</p>") == "One.\nTwo bold."
    assert html_to_text("plain") == "plain"


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=40) | st.integers() | st.floats() | st.datetimes().map(str))
def test_ingest_normalise_published_is_iso_and_idempotent_or_input_error(value: object) -> None:
    import datetime as dt

    try:
        iso = normalise_published(value)
    except InputError as exc:
        assert "unparseable date" in str(exc)
        return
    if iso is None:
        return
    parsed = dt.datetime.fromisoformat(iso)  # always valid ISO 8601
    assert 1000 <= parsed.year <= 2999
    assert normalise_published(iso) == iso


def test_record_to_article_applies_the_readers_checks_to_one_record() -> None:
    from parley.ingest import record_to_article

    text = "Officials from both governments met in Geneva on Monday to discuss a ceasefire plan."
    art = record_to_article({"text": text, "title": "Talks", "published": "23 January 2025"},
                            "POST /articles[0]", outlet="Reuters")
    assert isinstance(art, Article)
    assert (art.title, art.published, art.outlet, art.origin) == (
        "Talks", "2025-01-23", "Reuters", "POST /articles[0]")
    assert art.content_hash == content_hash(text)
    bad_date = record_to_article({"text": text, "published": "the day after never"}, "rec-1")
    assert isinstance(bad_date, Skip) and bad_date.input == "rec-1"
    assert "date" in bad_date.reason
    no_text = record_to_article({"title": "x"}, "rec-2")
    assert isinstance(no_text, Skip) and "text" in no_text.reason
    not_object = record_to_article(["a", "list"], "rec-3")
    assert isinstance(not_object, Skip) and "object" in not_object.reason
