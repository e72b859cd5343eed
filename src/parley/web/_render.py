"""Presentation helpers with no web framework in them: the article text cut into highlighted
segments, the cooperation/conflict chart as SVG geometry, and the URL check for links.

Everything returned is plain data; the templates escape every string (Jinja2 autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from parley.analysis import Timeline
from parley.records import Event

SAFE_SCHEMES = frozenset({"http", "https"})


def actor_url(ref: str) -> str:
    """The page of the actor with dictionary id or name ``ref``."""
    return "/actors/" + quote(ref, safe="")


def dyad_url(a: str, b: str) -> str:
    return f"/dyads/{quote(a, safe='')}/{quote(b, safe='')}"


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (never a ``javascript:`` link)."""
    if not url:
        return None
    cleaned = url.strip()
    if any(ord(c) < 0x21 or c in "\\<>\"'`" for c in cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return cleaned


@dataclass
class Segment:
    """A run of article text covered by the same highlights."""

    text: str
    start: int
    events: list[str] = field(default_factory=list)  # ids of events whose evidence covers it
    conditions: list[str] = field(default_factory=list)  # ids of events with a condition here
    trigger: bool = False  # inside an event's trigger

    @property
    def ids(self) -> list[str]:
        """Every event this piece belongs to (evidence or condition)."""
        return self.events + [i for i in self.conditions if i not in self.events]


def segments(text: str, events: list[Event]) -> list[Segment]:
    """``text`` cut at every evidence, trigger and condition boundary, each piece labelled
    with what covers it. Spans outside the text are clipped; overlapping spans nest."""
    n = len(text)
    spans: list[tuple[int, int, str, str]] = []  # (start, end, kind, event id)
    for ev in events:
        if ev.span:
            spans.append((ev.span[0], ev.span[1], "event", ev.id))
        if ev.trigger_span:
            spans.append((ev.trigger_span[0], ev.trigger_span[1], "trigger", ev.id))
        for c in ev.conditions:
            if c.span:
                spans.append((c.span[0], c.span[1], "condition", ev.id))
    spans = [(max(0, s), min(n, e), k, i) for s, e, k, i in spans if e > s and s < n and e > 0]
    cuts = sorted({0, n, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        seg = Segment(text=text[a:b], start=a)
        for s, e, kind, eid in spans:
            if s <= a and b <= e:
                if kind == "event" and eid not in seg.events:
                    seg.events.append(eid)
                elif kind == "condition" and eid not in seg.conditions:
                    seg.conditions.append(eid)
                elif kind == "trigger":
                    seg.trigger = True
        out.append(seg)
    return out


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    cls: str
    label: str


@dataclass
class Chart:
    width: int
    height: int
    zero_y: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (x, label)
    max_abs: float


def chart(t: Timeline, width: int = 720, height: int = 200) -> Chart:
    """Weekly Goldstein sums as bars above (cooperation) or below (conflict) a zero line."""
    weeks = t.weeks
    pad = 24
    inner_w = width - 2 * pad
    half = (height - 2 * pad) / 2
    zero = pad + half
    max_abs = max((abs(w.goldstein_sum) for w in weeks), default=0.0) or 1.0
    bars: list[Bar] = []
    ticks: list[tuple[float, str]] = []
    if weeks:
        step = inner_w / len(weeks)
        bw = max(1.0, step * 0.8)
        every = max(1, len(weeks) // 8)
        for i, w in enumerate(weeks):
            x = pad + i * step + (step - bw) / 2
            h = abs(w.goldstein_sum) / max_abs * half
            y = zero - h if w.goldstein_sum >= 0 else zero
            label = (f"week of {w.week}: {w.events} events, Goldstein sum {w.goldstein_sum:+g}"
                     f" (verbal coop {w.verbal_cooperation}, material coop "
                     f"{w.material_cooperation}, verbal conflict {w.verbal_conflict}, material "
                     f"conflict {w.material_conflict})")
            cls = "coop" if w.goldstein_sum > 0 else "conflict" if w.goldstein_sum < 0 else "zero"
            bars.append(Bar(round(x, 1), round(y, 1), round(bw, 1), round(max(h, 1.0), 1),
                            cls, label))
            if i % every == 0:
                ticks.append((round(x + bw / 2, 1), w.week))
    return Chart(width, height, zero, bars, ticks, max_abs)
