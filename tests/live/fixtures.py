"""Hand-written diplomacy articles for the live tests, their pages and feeds.

A Kremlin-watch feed carries three articles in order: Putin will negotiate with Zelensky only
if Ukraine holds an election (a conditional stance), then is ready to meet him without
preconditions (a stance change), then Zelensky signs a decree banning talks with Putin (a new
blocker). A world feed (Atom) carries an unrelated flood-relief report, whose page is missing
(so its summary is stored), then Trump and Putin holding talks in Geneva (talks held).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    published: str  # RFC 822, as RSS has it
    iso: str
    summary: str
    body: str  # the page's main text


STORIES = {
    "a1": Story(
        "a1", "Putin sets an election as his condition for talks",
        "Mon, 03 Mar 2025 09:00:00 GMT", "2025-03-03",
        "Putin says he would negotiate only after an election in Ukraine.",
        "Russian President Vladimir Putin said on Monday that he would negotiate with "
        "Ukrainian President Volodymyr Zelensky only if Ukraine holds a presidential election "
        "first. The Kremlin repeated the demand in a statement later in the day, and officials "
        "in Moscow declined to say when a meeting could take place.",
    ),
    "a2": Story(
        "a2", "Putin now ready to meet Zelensky",
        "Tue, 04 Mar 2025 09:00:00 GMT", "2025-03-04",
        "Putin drops his demand for an election before any meeting.",
        "Russian President Vladimir Putin said on Tuesday that he is ready to meet Ukrainian "
        "President Volodymyr Zelensky at any time, without preconditions. Diplomats in several "
        "European capitals welcomed the remarks and said preparations could start soon.",
    ),
    "a3": Story(
        "a3", "Zelensky decree bans negotiations with Putin",
        "Wed, 05 Mar 2025 09:00:00 GMT", "2025-03-05",
        "A new decree from Kyiv rules out talks with the Kremlin leader.",
        "Ukrainian President Volodymyr Zelensky signed a decree on Wednesday that bans any "
        "negotiations with Russian President Vladimir Putin. The decree takes effect "
        "immediately, his office said in a short statement published in Kyiv.",
    ),
    "b1": Story(
        "b1", "EU pledges flood relief for Slovenia",
        "Mon, 03 Mar 2025 12:00:00 GMT", "2025-03-03",
        "The European Commission pledged new funds on Monday to help towns in Slovenia "
        "rebuild roads and bridges damaged by the autumn floods, officials in Brussels said.",
        "(the page of this story is missing on purpose)",
    ),
    "b2": Story(
        "b2", "Trump and Putin hold talks in Geneva",
        "Thu, 06 Mar 2025 12:00:00 GMT", "2025-03-06",
        "The two leaders met in Switzerland.",
        "U.S. President Donald Trump and Russian President Vladimir Putin held talks in Geneva "
        "on Thursday, the Kremlin said. Both sides described the meeting as constructive and "
        "said their advisers would stay in contact over the coming weeks.",
    ),
}


def page(story: Story) -> bytes:
    """An article page with navigation and a footer around the main text."""
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(8))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(story.title)}</title>
<meta property="og:site_name" content="Parley Test Wire"></head>
<body><header><nav><ul>{nav}</ul></nav><h1>{escape(story.title)}</h1></header>
<main><article><p>{escape(story.body)}</p></article></main>
<footer><p>Copyright Parley Test Wire. All rights reserved. Subscribe to our newsletter.</p>
</footer></body></html>""".encode()


def rss(base: str, ids: list[str], title: str = "Kremlin Watch") -> bytes:
    items = "".join(
        f"<item><title>{escape(STORIES[i].title)}</title>"
        f"<link>{base}/articles/{i}.html</link><guid>{base}/articles/{i}.html</guid>"
        f"<pubDate>{STORIES[i].published}</pubDate>"
        f"<description>{escape(STORIES[i].summary)}</description></item>"
        for i in ids)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>{base}/</link><description>Test feed</description>"
            f"{items}</channel></rss>").encode()


def atom(base: str, ids: list[str], title: str = "World Desk") -> bytes:
    entries = "".join(
        f"<entry><title>{escape(STORIES[i].title)}</title>"
        f'<link href="{base}/articles/{i}.html"/><id>urn:test:{i}</id>'
        f"<updated>{STORIES[i].iso}T12:00:00Z</updated>"
        f"<summary>{escape(STORIES[i].summary)}</summary></entry>"
        for i in ids)
    return (f'<?xml version="1.0" encoding="utf-8"?>'
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:test:world</id><updated>2025-03-06T12:00:00Z</updated>{entries}</feed>"
            ).encode()


def by_request(schedule: list[tuple[int, list[str]]], build: object, base: str) -> object:
    """``versions(n)``: the items of the last schedule step whose first request is <= n."""

    def versions(n: int) -> bytes:
        ids: list[str] = []
        for first, step in schedule:
            if n >= first:
                ids = step
        return build(base, ids)  # type: ignore[operator, no-any-return]

    return versions
