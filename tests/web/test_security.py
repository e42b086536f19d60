"""Headers on every response (a strict Content-Security-Policy, nosniff) and links on pages:
only http(s) URLs and paths here become links, so a stored javascript: URL is text."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from payvand.config import Settings
from payvand.namespaces import DEFAULT_BASE
from payvand.store import OxigraphStore
from payvand.web.app import create_app
from payvand.web.security import CSP, safe_href

SCHEMA = "https://schema.org/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ARTICLE = NamedNode(f"{DEFAULT_BASE}article/hostile")
PERSON = NamedNode(f"{DEFAULT_BASE}person/hostile")
XSS = "javascript:alert(document.domain)//"


@pytest.fixture(scope="module")
def client() -> TestClient:
    store = OxigraphStore(None)
    store.add_quads(
        [
            Quad(ARTICLE, RDF_TYPE, NamedNode(f"{SCHEMA}NewsArticle"), ARTICLE),
            Quad(ARTICLE, NamedNode(f"{SCHEMA}url"), NamedNode(XSS), ARTICLE),
            Quad(ARTICLE, NamedNode(f"{SCHEMA}headline"), Literal("A headline"), ARTICLE),
            Quad(ARTICLE, NamedNode(f"{SCHEMA}mentions"), PERSON, ARTICLE),
            Quad(PERSON, NamedNode(f"{SCHEMA}name"), Literal("Someone", language="en"), ARTICLE),
            Quad(PERSON, NamedNode(f"{SCHEMA}sameAs"), NamedNode("JavaScript:alert(1)"), ARTICLE),
            Quad(PERSON, NamedNode(f"{SCHEMA}image"), NamedNode("data:text/html,x"), ARTICLE),
            Quad(PERSON, NamedNode(f"{SCHEMA}url"), NamedNode("https://example.org/p"), ARTICLE),
        ]
    )
    return TestClient(create_app(Settings(store=":memory:"), store=store))


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/health", {}),
        ("/sparql", {"accept": "text/html"}),
        ("/sparql?query=ASK%20%7B%7D", {}),
        ("/sparql?query=nonsense", {}),
        ("/ontology", {"accept": "text/html"}),
        ("/explore", {}),
        ("/static/explore.js", {}),
        ("/no/such/page", {}),
        ("/id/person/hostile", {"accept": "text/html"}),
    ],
)
def test_every_response_has_the_policy_and_nosniff(
    client: TestClient, path: str, headers: dict[str, str]
) -> None:
    response = client.get(path, headers=headers)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_policy_allows_no_inline_script() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"


def test_the_api_documentation_has_the_one_policy(client: TestClient) -> None:
    """Swagger UI comes from npm under /assets and starts from a script file: no CDN to allow,
    no inline script to hash; ReDoc, which needs a CDN, is not served."""
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "cdn" not in response.text.lower()
    assert client.get("/redoc").status_code == 404


def test_pages_have_no_inline_script(client: TestClient) -> None:
    for path in (
        "/id/person/hostile",
        "/id/article/hostile",
        "/ontology",
        "/explore",
        "/sparql",
        "/docs",
    ):
        page = client.get(path, headers={"accept": "text/html"}).text
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", page), path


@pytest.mark.parametrize("path", ["/id/person/hostile", "/id/article/hostile"])
def test_a_stored_javascript_url_is_no_link(client: TestClient, path: str) -> None:
    page = client.get(path, headers={"accept": "text/html"}).text
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs
    for href in hrefs:
        assert href.startswith(("/", "?", "#", "http://", "https://")), href
    assert "javascript:" in page.lower()  # shown, as text
    if path == "/id/article/hostile":
        assert "A headline" in page


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org/a", True),
        ("/id/person/x", True),
        ("?lang=en", True),
        (XSS, False),
        ("JavaScript:alert(1)", False),
        (" \tjava\nscript:alert(1)", False),  # browsers drop tabs, newlines, leading spaces
        ("\x01javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_href(href: str, safe: bool) -> None:
    assert (safe_href(href) is not None) is safe
