"""The exploration page end to end: a real `payvand serve` over the bundled articles, driven in
headless Chromium. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import ARTIFACTS
from tests.conftest import DATA
from tests.integration.serving import serve_ingested

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_ingested(DATA / "articles", tmp_path_factory.mktemp("explore")) as served:
        yield served.base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


def graph_size(page: Page) -> int:
    return int(page.evaluate("window.payvand.cy ? window.payvand.cy.nodes().length : 0"))


# The middle of an edge of the node %s that no node covers (a click there is the edge's).
FREE_EDGE = (
    "cy => { const boxes = cy.nodes().map(n => n.renderedBoundingBox({includeLabels: false}));"
    " const free = p => boxes.every(b => p.x < b.x1 - 6 || p.x > b.x2 + 6 || p.y < b.y1 - 6"
    " || p.y > b.y2 + 6);"
    " const edges = cy.getElementById('%s').connectedEdges();"
    " const e = edges.filter(x => free(x.renderedMidpoint()))[0] || edges[0];"
    " const p = e.renderedMidpoint(); return {x: p.x, y: p.y, id: e.id()}; }"
)


def click_canvas(page: Page, script: str) -> str:
    """Click the graph where ``script`` (returning {x, y, id} in the canvas) says."""
    spot = page.evaluate(
        "() => { const cy = window.payvand.cy; const r = cy.container().getBoundingClientRect();"
        f" const s = ({script})(cy); return {{x: r.left + s.x, y: r.top + s.y, id: s.id}}; }}"
    )
    page.mouse.click(spot["x"], spot["y"])
    return str(spot["id"])


def test_search_open_an_entity_expand_and_read_evidence(server: str, page: Page) -> None:
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert page.get_attribute("#sparql-link", "href") == "/sparql"
    assert page.locator("#view option").all_inner_texts() == [
        "actors",
        "comentions",
        "sister cities",
        "statements",
    ]
    assert page.locator("#ranking li").count() >= 10

    # search in Persian, with an Arabic yeh, as a reader might type it
    page.fill("#search", "ايماني")
    hit = page.locator('#search-results li[data-id="person/mohammad-mehdi-imanipour"]')
    hit.wait_for()
    hit.click()

    # the entity page: Persian right to left, English left to right
    name = page.locator("#entity-name")
    name.wait_for()
    assert name.inner_text() == "محمدمهدی ایمانی‌پور"
    assert (name.get_attribute("dir"), name.get_attribute("lang")) == ("rtl", "fa")
    english = page.locator("#entity .name-en")
    assert english.inner_text() == "Mohammad-Mehdi Imanipour"
    assert english.get_attribute("dir") == "ltr"
    assert "organisation/icro" in page.locator("#positions a.entity-link").evaluate_all(
        "links => links.map(a => a.dataset.id)"
    )
    page.wait_for_function("() => document.querySelectorAll('#statements .statement').length >= 10")
    statements = page.locator("#statements .statement")
    first = statements.first
    assert first.locator("blockquote").inner_text().startswith("«")
    assert first.locator("a.article-link").get_attribute("href").startswith("http")  # type: ignore[union-attr]
    assert page.locator("#timeline .month").count() >= 3

    # the graph of its neighbourhood, then a node expanded
    page.wait_for_function(
        "() => Number(document.getElementById('graph-status').dataset.nodes) > 1"
    )
    page.wait_for_selector("body[data-busy=false]")
    before = graph_size(page)
    expanded = click_canvas(
        page,
        "cy => { const n = cy.nodes().filter(x => !x.hasClass('centre') && x.data('degree') > x.degree())[0];"
        " const p = n.renderedPosition(); return {x: p.x, y: p.y, id: n.id()}; }",
    )
    page.wait_for_function(f"() => window.payvand.cy.nodes().length > {before}")
    page.wait_for_selector("body[data-busy=false]")
    assert graph_size(page) > before
    assert page.evaluate(f"window.payvand.cy.getElementById({expanded!r}).hasClass('expanded')")
    assert " added around " in page.inner_text("#graph-status")

    # an edge's evidence: the articles, with their sentences
    page.click("#details-close")
    click_canvas(page, FREE_EDGE % "person/mohammad-mehdi-imanipour")
    evidence = page.locator("#evidence .evidence")
    evidence.first.wait_for()
    assert evidence.first.locator("a.article-link").count() == 1
    assert page.locator("#evidence-title").inner_text()
    page.screenshot(path=str(ARTIFACTS / "explore-entity.png"))


def test_view_period_and_colouring(server: str, page: Page) -> None:
    page.goto(server + "/?view=sister_cities#city/ir-isfahan")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function(
        "() => Number(document.getElementById('graph-status').dataset.nodes) > 1"
    )
    assert page.input_value("#view") == "sister_cities"
    assert page.locator("#twinnings li").count() >= 3
    everything = int(page.get_attribute("#graph-status", "data-nodes") or 0)
    # colour by PageRank: every node carries a score
    page.select_option("#colour", "centrality:pagerank")
    page.wait_for_function("() => window.payvand.cy.nodes().every((n) => n.data('score') > 0)")
    # a Jalali period: 1401 only
    page.fill("#from", "1401")
    page.fill("#to", "1401")
    page.click("#apply")
    page.wait_for_function(
        f"() => Number(document.getElementById('graph-status').dataset.nodes) < {everything}"
    )
    assert "sister_cities view" in page.inner_text("#graph-status")
    page.screenshot(path=str(ARTIFACTS / "explore-sister-cities.png"))


def test_search_what_was_said_and_open_the_speaker_and_the_article(server: str, page: Page) -> None:
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")

    # Arabic kaf and yeh, the plural glued: the index meets «رایزنان فرهنگی» and «رایزن فرهنگی»
    page.fill("#said", "رايزن فرهنگي")
    page.select_option("#said-kind", "statement")
    page.click("#said-go")
    page.wait_for_selector("#said-hits li")
    assert int(page.get_attribute("body", "data-said") or 0) > 0
    first = page.locator("#said-hits li").first
    marks = first.locator("mark").all_inner_texts()
    assert set(marks) & {"رایزن", "رایزنان", "فرهنگی"}, marks
    assert page.locator('#said-facets [data-facet="speaker"]').count() == 1
    page.screenshot(path=str(ARTIFACTS / "explore-said.png"))

    # the speaker's page, in the explorer
    speaker = first.locator("a.speaker-link")
    name = speaker.inner_text()
    speaker.click()
    page.locator("#entity-name").wait_for()
    assert name in page.locator("#entity-name").inner_text()

    # the article's page, served at its IRI's path
    page.click("#said-go")
    page.wait_for_selector("#said-hits li")
    article = page.locator("#said-hits li").first.locator("a.article-link")
    href = article.get_attribute("href") or ""
    assert href.startswith("/id/article/")
    article.click()
    page.wait_for_url(server + href)
    assert page.locator("h1").count() >= 1


def test_the_polish_a_newcomer_sees(server: str, page: Page) -> None:
    """Honorifics once and apart, terms as dates, headline-less articles by their first
    sentence, events by kind, place and month, the legend's shapes, and a city chosen in the
    actors view shown in a view where it has ties."""
    page.goto(server + "/#person/mohammad-mehdi-imanipour")
    page.wait_for_selector("body[data-ready=true]")
    honorifics = page.locator("#honorifics")
    honorifics.wait_for()
    assert honorifics.inner_text().split(" · ") == ["Hojatoleslam", "حجت\u200cالاسلام والمسلمین"]
    positions = page.locator("#positions").inner_text()
    assert "(2021 – …)" in positions
    assert "https://" not in positions
    articles = page.locator("#articles a.article-link").all_inner_texts()
    assert not any(a.startswith("http") for a in articles)  # every article has a title
    assert any(a.startswith("همایش سالانه رایزنان فرهنگی") for a in articles)  # a first sentence
    # the legend draws its shapes, the country's octagon included
    page.wait_for_selector("body[data-busy=false]")
    for kind in ("person", "organisation", "event", "city", "country"):
        shape = page.locator(f"#legend .shape-{kind}")
        box = shape.bounding_box()
        assert box is not None
        assert box["width"] > 5
        assert box["height"] > 5
    assert (
        page.locator("#legend .shape-country")
        .evaluate("s => getComputedStyle(s).clipPath")
        .startswith("polygon(")
    )
    assert "⯃" not in page.inner_text("#legend")

    # events: none named by page furniture or a bare generic word
    page.goto(server + "/#organisation/isfahan-municipality")
    page.locator("#events li").first.wait_for()
    events = page.locator("#events a.entity-link").all_inner_texts()
    assert events
    for event in events:
        assert not event.startswith("به گزارش"), event
        assert event.strip() not in ("مراسم", "ceremony", "visit", "سفر"), event

    # a city, chosen in the actors view where it is not, shown with its twinnings
    page.goto(server + "/?view=actors#city/ir-yazd")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function("Number(document.getElementById('graph-status').dataset.nodes) > 1")
    assert page.input_value("#view") == "sister_cities"
    assert "not in the actors view: shown in the sister cities view" in page.inner_text(
        "#graph-status"
    )
    page.screenshot(path=str(ARTIFACTS / "explore-fallback-view.png"))
