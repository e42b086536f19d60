"""Entity and ontology pages in a real browser, served by a real `payvand serve` process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from playwright.sync_api import Browser, Dialog, Route

from tests.browser import ARTIFACTS
from tests.conftest import SEED
from tests.integration.serving import payvand_serve
from tests.integration.test_serve import server

pytestmark = pytest.mark.integration
__all__ = ["server"]


@pytest.fixture(scope="module")
def site(server: tuple[str, Path]) -> str:
    """`payvand serve` over a store with the seed article (the fixture of test_serve)."""
    base, _store = server
    return base


def test_a_persian_entity_page_reads_right_to_left_and_links_to_the_ontology(
    site: str, browser: Browser
) -> None:
    page = browser.new_page(locale="fa-IR", extra_http_headers={"Accept-Language": "fa-IR,fa"})
    try:
        page.goto(f"{site}/id/person/mohammad-mehdi-imanipour")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.inner_text("h1") == "محمدمهدی ایمانی‌پور"
        page.screenshot(path=str(ARTIFACTS / "entity-fa.png"), full_page=True)
        page.click("p.types a")
        page.wait_for_url(f"{site}/ontology#Person")
        row = page.locator("tr#Person")
        assert row.is_visible()
        assert "شخص" in row.inner_text()
    finally:
        page.close()


def test_an_english_page_follows_a_link_to_an_article(site: str, browser: Browser) -> None:
    page = browser.new_page(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en"})
    try:
        page.goto(f"{site}/id/organisation/icro")
        assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
        assert page.inner_text("h1") == "Islamic Culture and Relations Organization"
        page.click("text=ایمانی‌پور: شهرهای ایرانی ظرفیت بزرگ دیپلماسی فرهنگی هستند >> nth=0")
        page.wait_for_load_state()
        assert "/id/article/" in page.url
        assert page.inner_text("h1") == "ایمانی‌پور: شهرهای ایرانی ظرفیت بزرگ دیپلماسی فرهنگی هستند"
        page.screenshot(path=str(ARTIFACTS / "article-en.png"), full_page=True)
    finally:
        page.close()


XSS = "javascript:alert(document.domain)//"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`payvand serve` over the seed article whose stored URL was made a javascript: URL (as
    an older reader let through, or a write through /update may make)."""
    work = tmp_path_factory.mktemp("hostile")
    store = work / "store"
    subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(SEED), "--store", str(store)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    raw = pyoxigraph.Store(str(store))
    raw.update(
        "PREFIX schema: <https://schema.org/> "
        "DELETE { GRAPH ?g { ?g schema:url ?u } } "
        f"INSERT {{ GRAPH ?g {{ ?g schema:url <{XSS}> }} }} "
        "WHERE { GRAPH ?g { ?g schema:url ?u } }"
    )
    raw.flush()
    del raw
    with payvand_serve(store, work) as served:
        yield served.base


def test_a_stored_javascript_url_does_nothing(hostile_site: str, browser: Browser) -> None:
    page = browser.new_page(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en"})
    dialogs: list[str] = []

    def seen(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    try:
        response = page.goto(f"{hostile_site}/id/organisation/icro")
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        # every link on the page is http(s); the stored URL is shown as text
        protocols = page.evaluate("[...document.links].map((a) => a.protocol)")
        assert protocols
        assert set(protocols) <= {"http:", "https:"}
        # clicking where the article's original would be linked does nothing
        for source in page.locator("section li").all():
            source.click(position={"x": 2, "y": 2})
        # and were such a link on the page, the policy would keep it from running
        page.evaluate(
            f"""() => {{ const a = document.createElement("a"); a.href = {XSS!r};
                a.textContent = "injected"; document.body.append(a); }}"""
        )
        page.click("text=injected")
        page.wait_for_timeout(500)
        assert dialogs == []
        assert page.url == f"{hostile_site}/id/organisation/icro"
    finally:
        page.close()


def test_the_api_docs_render_with_no_network(site: str, browser: Browser) -> None:
    """/docs shows the API's operations from the server alone: every request to any other
    origin is refused, and none is made."""
    page = browser.new_page()
    elsewhere: list[str] = []
    errors: list[str] = []

    def only_the_site(route: Route) -> None:
        if route.request.url.startswith(site + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_site)
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{site}/docs")
        operations = page.locator(".opblock")
        operations.first.wait_for(timeout=20_000)
        assert operations.count() > 10
        summaries = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/health" in [s.strip() for s in summaries]
        assert "/queries/{name}" in [s.replace("\u200b", "").strip() for s in summaries]
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)
    finally:
        page.close()
    assert elsewhere == []
    assert errors == []


@pytest.mark.parametrize(("locale", "title"), [("en-GB", "Not found"), ("fa-IR", "یافت نشد")])
def test_an_unknown_entity_is_a_page_in_a_browser(
    site: str, browser: Browser, locale: str, title: str
) -> None:
    page = browser.new_page(locale=locale, extra_http_headers={"Accept-Language": locale})
    try:
        response = page.goto(f"{site}/id/person/nobody-at-all")
        assert response is not None
        assert response.status == 404
        assert response.headers["content-type"].startswith("text/html")
        assert page.inner_text("h1") == title
        assert "person/nobody-at-all" in page.inner_text("main")
        page.click("main a")  # on to the explorer, searching for the name
        page.wait_for_selector("body[data-ready=true]")
        assert page.input_value("#search") == "nobody at all"
    finally:
        page.close()
