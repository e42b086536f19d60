"""Entity and ontology pages in a real browser, served by a real `payvand serve` process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from tests.browser import ARTIFACTS, browser
from tests.conftest import SEED
from tests.integration.test_serve import free_port

pytestmark = pytest.mark.integration
__all__ = ["browser"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("pages") / "store"
    subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(SEED), "--store", str(store)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = store.parent / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "payvand", "serve", "--store", str(store), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            process.kill()
            raise AssertionError(f"payvand serve did not start: {log.read_text(encoding='utf-8')}")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
