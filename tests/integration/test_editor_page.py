"""The SPARQL editor page in headless Chromium: its tabs, an example query that runs and shows
result rows, and the predeclared prefixes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from payvand.store.queries import load_queries, parse_query
from tests.browser import ARTIFACTS
from tests.conftest import ROOT, SEED
from tests.integration.serving import Server, serve_ingested

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve_ingested(SEED, tmp_path_factory.mktemp("editor")) as running:
        yield running


def test_an_example_query_runs_in_the_editor(browser: Browser, server: Server) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{server.base}/sparql")
        page.wait_for_selector(".yasqe .CodeMirror")
        page.locator(".tabsList .tab a", has_text="People and the positions they hold").click()
        editor_text = page.evaluate("() => window.payvandYasgui.getTab().getQuery()")
        assert "org:Membership" in editor_text
        page.locator(".tabPanel.active .yasqe_queryButton").click()
        rows = page.locator(".tabPanel.active .yasr table tbody tr")
        rows.first.wait_for(timeout=20_000)
        assert rows.count() > 0
        # the page shows what the endpoint answers to the same query
        answer = httpx.post(f"{server.base}/sparql", data={"query": editor_text}).json()
        first = answer["results"]["bindings"][0]["name"]["value"]
        assert first in page.locator(".tabPanel.active .yasr table tbody").inner_text()
        page.screenshot(path=str(ARTIFACTS / "sparql-editor.png"))
    finally:
        page.close()
    assert errors == []


def test_the_editor_knows_the_predeclared_prefixes(browser: Browser, server: Server) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{server.base}/sparql")
        page.wait_for_selector(".yasqe .CodeMirror")
        check = """(query) => {
            const yasqe = window.payvandYasgui.getTab().getYasqe();
            yasqe.setValue(query);
            yasqe.checkSyntax();
            return yasqe.queryValid;
        }"""
        undeclared = "SELECT ?name WHERE { ?p a pv:Person ; rdfs:label ?name } LIMIT 5"
        assert page.evaluate(check, undeclared) is True
        assert page.locator(".tabPanel.active .parseErrorIcon").count() == 0
        page.locator(".tabPanel.active .yasqe_queryButton").click()
        rows = page.locator(".tabPanel.active .yasr table tbody tr")
        rows.first.wait_for(timeout=20_000)
        assert rows.count() == 5
        # a prefix that is not the project's is still an error
        assert page.evaluate(check, "SELECT * WHERE { ?s dbo:name ?o }") is False
    finally:
        page.close()
    assert errors == []


def expected_tabs(lang: str) -> list[str]:
    """The titles the page should show: the examples, then the named queries, by file name."""
    examples = sorted((ROOT / "queries" / "examples").glob("*.rq"))
    queries = [parse_query(p.read_text(encoding="utf-8"), p.stem) for p in examples]
    queries += [q for _, q in sorted(load_queries(ROOT / "queries").items())]
    return [q.title[lang] for q in queries]


@pytest.mark.parametrize(("locale", "lang"), [("en-GB", "en"), ("fa-IR", "fa")])
def test_one_tab_per_query_titled_and_described_in_the_page_language(
    browser: Browser, server: Server, locale: str, lang: str
) -> None:
    page = browser.new_page(
        locale=locale,
        extra_http_headers={"Accept-Language": f"{locale},{lang}"},
        viewport={"width": 1280, "height": 720},
    )
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{server.base}/sparql")
        editor = page.locator(".tabPanel.active .yasqe .CodeMirror")
        editor.wait_for()
        # the editor is in view on load, the query's first lines with it
        box = editor.bounding_box()
        assert box is not None
        assert box["y"] + 100 < 720
        titles = [t.strip() for t in page.locator(".tabsList .tab a > span").all_inner_texts()]
        assert titles == expected_tabs(lang)
        assert not any(t.lower().startswith("title") for t in titles)
        assert "actors" not in " ".join(titles)  # views and lookups are not shown
        # the description of the tab in view, as text: no header fields, no comment marks
        first = load_queries(ROOT / "queries")["agreements_in_period"]
        page.locator(".tabsList .tab a", has_text=first.title[lang]).click()
        description = page.locator("#query-description")
        assert description.inner_text().strip() == " ".join(first.description[lang].split())
        query = page.evaluate("() => window.payvandYasgui.getTab().getQuery()")
        assert not query.lstrip().startswith("#")
        assert "VALUES (?from ?to" in query  # the parameters, bound to the example
        page.locator(".tabPanel.active .yasqe_queryButton").click()
        page.locator(".tabPanel.active .yasr table tbody tr").first.wait_for(timeout=20_000)
        page.screenshot(path=str(ARTIFACTS / f"sparql-tabs-{lang}.png"))
    finally:
        page.close()
    assert errors == []
