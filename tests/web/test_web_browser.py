"""The web UI in a real browser: Playwright driving Debian's Chromium (headless) against a live
uvicorn server on loopback, over a store holding the founding article.

One server and one browser for the module; screenshots go to ``test-artifacts/web/``. The
hostile-article test runs last: it writes to the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from webtools import ARTIFACTS, TOKEN, LiveServer, log_article, veloria_marosh

from parley.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed at /usr/bin/chromium (make test-deps-browser, or "
                    "apt-get install -y chromium as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """A page with every dialog, page error and console error recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []  # uncaught exceptions, and console errors (CSP violations)
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error"
                else None)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser: Any) -> Iterator[Watch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    p = context.new_page()
    try:
        yield Watch(p)
    finally:
        context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def seed_article(server: LiveServer) -> str:
    found = httpx.get(f"{server.url}/search.json", params={"q": "Zelensky Open"}).json()
    return str(found["articles"][0]["id"])


def test_web_browser_map_shows_four_stances_and_the_blocker(page: Watch,
                                                             live_server: LiveServer) -> None:
    m = httpx.get(f"{live_server.url}/map.json").json()
    p = page.page
    p.goto(f"{live_server.url}/map")
    p.wait_for_selector("#map-graph svg a.node")
    shot(p, "map")
    drawn = p.eval_on_selector_all(
        "#map-graph g.edge-group",
        "gs => gs.map(g => [g.dataset.source, g.dataset.target, "
        "g.querySelector('path.edge').getAttribute('class')])")
    stances = sorted((s, t, c.removeprefix("edge stance-")) for s, t, c in drawn
                     if c.startswith("edge stance-"))
    blockers = [(s, t) for s, t, c in drawn if c == "edge blocker"]
    assert len(stances) == 4
    assert stances == sorted((s["actor"], s["toward"], s["stance"]) for s in m["stances"])
    assert ("Volodymyr Zelensky", "Vladimir Putin", "conditional") in stances
    assert blockers == [("Volodymyr Zelensky", "Vladimir Putin")]
    assert p.locator("#map-graph .blocker-marker").count() == 1
    colours = {c: p.eval_on_selector(f"#map-graph path.edge.stance-{c}",
                                     "e => getComputedStyle(e).stroke")
               for c in {s[2] for s in stances}}
    assert len(set(colours.values())) == len(colours)
    assert page.errors == []


def test_web_browser_as_of_control_redraws_the_map(page: Watch,
                                                   live_server: LiveServer) -> None:
    p = page.page
    p.goto(f"{live_server.url}/map")
    with p.expect_navigation():
        p.fill('form.as-of input[name="as_of"]', "2023-01-01")
        p.click('form.as-of button[type="submit"]')
    assert p.url.endswith("/map?as_of=2023-01-01")
    p.wait_for_selector("#map-graph svg")
    then = httpx.get(f"{live_server.url}/map.json", params={"as_of": "2023-01-01"}).json()
    edges = p.eval_on_selector_all(
        "#map-graph path.edge", "es => es.map(e => e.getAttribute('class'))")
    assert sorted(e for e in edges if "stance-" in e) == sorted(
        f"edge stance-{s['stance']}" for s in then["stances"])
    assert len(then["stances"]) < 4  # fewer parties had spoken by then
    shot(p, "map-2023")


def test_web_browser_clicking_zelensky_opens_his_page(page: Watch,
                                                      live_server: LiveServer) -> None:
    p = page.page
    p.goto(f"{live_server.url}/map")
    p.click('#map-graph a.node[data-name="Volodymyr Zelensky"]')
    p.wait_for_url("**/actors/VOLODYMYR_ZELENSKY")
    assert p.locator("h1.actor-name").inner_text() == "Volodymyr Zelensky"
    assert p.locator("table.stances tr.stance-conditional").count() >= 1
    assert p.locator("table.events tbody tr.event-row").count() >= 1
    shot(p, "actor-zelensky")


def test_web_browser_article_highlights_the_conditional_offer(page: Watch,
                                                              live_server: LiveServer) -> None:
    p = page.page
    p.goto(f"{live_server.url}/articles/{seed_article(live_server)}")
    card = p.locator(".event-card.has-conditions", has_text="security guarantees").first
    condition = card.locator("li.condition").first.inner_text()
    assert "receiving security guarantees from U.S. President Donald Trump" in condition
    assert card.locator(".badge.stance-conditional").count() == 1
    event_id = card.get_attribute("data-event")
    marks = p.locator(f'mark.ev[data-events~="{event_id}"]')
    assert marks.count() >= 1
    highlighted = " ".join(marks.all_inner_texts())
    assert "willingness to engage in direct peace negotiations" in highlighted
    condition_marks = p.locator(f'mark.cond[data-events~="{event_id}"]')
    assert "security guarantees" in " ".join(condition_marks.all_inner_texts())
    assert card.locator(".reported-by").inner_text() == "Bloomberg"
    marks.first.hover()
    assert "active" in (card.get_attribute("class") or "")
    shot(p, "article-seed")
    assert page.errors == []


def test_web_browser_events_filter_narrows_the_table(page: Watch,
                                                      live_server: LiveServer) -> None:
    p = page.page
    p.goto(f"{live_server.url}/events")
    rows = p.locator("table.events tbody tr.event-row")
    everything = rows.count()
    with p.expect_navigation():
        p.select_option('select[name="has_conditions"]', "true")
    assert "has_conditions=true" in p.url
    narrowed = rows.count()
    assert 0 < narrowed < everything
    for row in rows.all():
        assert row.locator("span.cond").count() >= 1
    shot(p, "events-filtered")


def test_web_browser_dyad_page_charts_the_timeline(page: Watch,
                                                   live_server: LiveServer) -> None:
    data = httpx.get(f"{live_server.url}/dyads/Zelensky/Putin.json").json()
    p = page.page
    p.goto(f"{live_server.url}/actors/VOLODYMYR_ZELENSKY")
    with p.expect_navigation():
        p.click('ul.counterparts li:has(a[href="/actors/VLADIMIR_PUTIN"]) >> text=timeline together')
    assert p.url.endswith("/dyads/VOLODYMYR_ZELENSKY/VLADIMIR_PUTIN")
    rows = p.locator("table.timeline tbody tr")
    assert rows.count() == len(data["timeline"]["events"]) > 0
    assert p.locator("svg.chart rect.bar").count() == len(data["timeline"]["weeks"]) > 0
    shot(p, "dyad-zelensky-putin")


# --- the latest changes, refreshed without a reload (issue 9) ------------------------------


@pytest.fixture
def changes_site(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    """A live server over a store of its own, holding vm-1 (a law against talks) with its
    changes logged."""
    from parley.web import create_app

    db = tmp_path / "changes.db"
    store = Store(str(db))
    store.migrate()
    store.close()
    log_article(db, *veloria_marosh()["vm-1"])
    with LiveServer(create_app(str(db), token=TOKEN)) as server:
        yield server, db


def navigations(page: Any) -> list[str]:
    """The main frame's navigations from now on (a reload would add one)."""
    seen: list[str] = []
    page.on("framenavigated", lambda f: seen.append(f.url) if f == page.main_frame else None)
    return seen


def test_web_browser_home_shows_a_new_change_without_a_reload(
        page: Watch, changes_site: tuple[LiveServer, Path]) -> None:
    server, db = changes_site
    vm = veloria_marosh()
    p = page.page
    navs = navigations(p)
    p.goto(f"{server.url}/?poll=0.25")
    p.wait_for_selector('#latest-changes li.change[data-kind="new-blocker"]', timeout=5_000)
    assert p.locator("#latest-changes li.change").count() == 1
    assert p.get_attribute("#latest-changes", "data-cursor") == "3"

    logged = log_article(db, *vm["vm-2"])  # while the page is open
    assert "stance-change" in [c.kind for c in logged]
    item = p.wait_for_selector('#latest-changes li.change[data-kind="stance-change"]',
                               timeout=5_000)
    assert item is not None
    assert "Tomas Orlov toward Ilse Brandt: conditional -> willing" in item.inner_text()
    kinds = p.eval_on_selector_all("#latest-changes li.change", "ls => ls.map(l => l.dataset.kind)")
    assert kinds == ["talks-proposed", "stance-change", "new-blocker"]  # newest on top
    assert p.locator("#latest-changes li.change.fresh").count() == 2

    # a hostile name in the store is shown as text, never run or parsed as HTML
    art, events = vm["vm-4"]
    evil = '<img src=x onerror="window.__pwned = 1">'
    bad = [e.model_copy(update={"article_id": "vm-evil", "source": e.source.model_copy(
        update={"name": evil, "id": None, "mention": evil})}) for e in events]  # type: ignore[union-attr]
    log_article(db, art.model_copy(update={"id": "vm-evil"}), bad)
    p.wait_for_selector('#latest-changes li.change[data-kind="talks-held"]', timeout=5_000)
    assert evil in p.locator('#latest-changes li[data-kind="talks-held"]').inner_text()
    assert p.locator("#latest-changes img").count() == 0
    assert p.evaluate("window.__pwned") is None

    assert navs == [f"{server.url}/?poll=0.25"]  # the one goto: no reload
    shot(p, "home-latest-changes")
    assert page.errors == [] and page.dialogs == []


def test_web_browser_map_redraws_when_a_change_arrives(
        page: Watch, changes_site: tuple[LiveServer, Path]) -> None:
    server, db = changes_site
    p = page.page
    navs = navigations(p)
    p.goto(f"{server.url}/map?poll=0.25")
    p.wait_for_selector("#map-graph svg path.edge.stance-conditional", state="attached")
    p.wait_for_selector("#latest-changes li.change")
    assert p.locator("#map-graph path.edge.stance-willing").count() == 0

    log_article(db, *veloria_marosh()["vm-2"])  # Orlov becomes willing
    p.wait_for_selector('#latest-changes li.change[data-kind="stance-change"]', timeout=5_000)
    p.wait_for_selector("#map-graph path.edge.stance-willing", state="attached",
                        timeout=5_000)
    assert p.get_attribute("#map-graph", "data-redraws") == "1"
    assert "Graph redrawn" in p.locator("#map-refreshed").inner_text()
    assert p.locator("#map-graph svg").count() == 1  # redrawn in place, not added
    assert p.locator("#map-graph path.edge.stance-conditional").count() == 0
    assert navs == [f"{server.url}/map?poll=0.25"]
    shot(p, "map-redrawn")
    assert page.errors == []


HOSTILE_TITLE = '<script>window.__pwned = 1; document.title = "pwned"</script> Talks resume'
HOSTILE_TEXT = (
    "Russian President Vladimir Putin said on Tuesday he was ready to meet <b>Ukrainian</b> "
    "President Volodymyr Zelensky if <script>alert('in-event')</script> security guarantees "
    "were given, Reuters reported. <img src=x onerror=\"window.__pwned = 2; alert('img')\"> Officials said the "
    "next round would follow <script>window.__pwned = 3; alert('script')</script> soon, and "
    "published the minutes at javascript:alert('link') and "
    "<a href=\"javascript:window.__pwned=4\">this page</a> for the press.\n"
    "<svg onload=\"alert('svg')\"></svg> The delegations will meet again next week."
)


def test_web_browser_hostile_article_runs_no_script(page: Watch,
                                                    live_server: LiveServer) -> None:
    article = {"id": "hostile-<b>1</b>", "title": HOSTILE_TITLE, "text": HOSTILE_TEXT,
               "url": "javascript:alert('url')", "outlet": "<img src=x onerror=alert('o')>",
               "published": "2025-01-24"}
    posted = httpx.post(f"{live_server.url}/articles", json=article, timeout=120,
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert posted.status_code == 201, posted.text
    url = live_server.url + posted.json()["url"]
    p = page.page
    p.add_init_script("window.__pwned = undefined")
    for target in (url, f"{live_server.url}/search?q=script", f"{live_server.url}/events",
                   f"{live_server.url}/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"):
        response = p.goto(target)
        assert response is not None and response.status == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        p.wait_for_load_state("load")
        assert p.evaluate("window.__pwned") is None, target
        assert p.title() != "pwned" and p.title().endswith("· Parley")  # title never rewritten
        assert p.locator('a[href^="javascript:" i]').count() == 0
        assert p.locator("main img, main svg[onload], main script").count() == 0
    p.goto(url)
    assert p.locator(".event-card").count() >= 1  # untrusted text inside evidence and cards
    assert "<script>" in p.locator("h1.article-title").inner_text()
    assert "onerror" in p.locator("#article-text").inner_text()
    shot(p, "article-hostile")
    assert page.dialogs == []
    assert page.errors == []
