"""Entity and ontology pages in a real browser, served by a real `payvand serve` process."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser import ARTIFACTS
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
