"""The SPARQL editor page in headless Chromium: an example query runs and shows result rows."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from tests.browser import ARTIFACTS
from tests.conftest import SEED
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
        tabs = page.locator(".tabPanel .tabName, .yasgui .tab a").all_inner_texts()
        assert "People and the positions they hold" in " ".join(tabs)
        page.get_by_role("button", name="People and the positions they hold").click()
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
