"""Dereferenceable IRIs: entities and the ontology as RDF or pages, by content negotiation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store
from rdflib.namespace import RDF, RDFS

from payvand.config import Settings
from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.pipeline import ingest
from payvand.sources import read_articles
from payvand.store import OxigraphStore
from payvand.web.app import create_app
from tests.conftest import ROOT, SEED

ID = "https://w3id.org/payvand/id/"
PV = rdflib.Namespace("https://w3id.org/payvand/ontology#")
REFERENCE = "https://w3id.org/payvand/graph/reference"
IMANIPOUR = ID + "person/mohammad-mehdi-imanipour"
SEED_ARTICLE = Iris().article("https://iqna.ir/fa/news/4029431/").value
SEED_PATH = "/id/" + SEED_ARTICLE.removeprefix(ID)


@pytest.fixture(scope="module")
def client(bundled_store: OxigraphStore) -> TestClient:
    return TestClient(create_app(Settings(store=":memory:"), store=bundled_store))


FORMATS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/trig": RdfFormat.TRIG,
    "application/n-quads": RdfFormat.N_QUADS,
}
RDF_TYPE = str(RDF.type)
LABEL = str(RDFS.label)


def get(client: TestClient, path: str, accept: str) -> Store:
    """The RDF at ``path`` in the format ``accept``, parsed into a store (graphs kept)."""
    response = client.get(path, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    assert "Accept" in response.headers["vary"]
    store = Store()
    store.load(response.content, format=FORMATS[accept])
    return store


def has(store: Store, s: str, p: str, o: NamedNode | Literal, graph: str | None = None) -> bool:
    g = NamedNode(graph) if graph else None
    return any(store.quads_for_pattern(NamedNode(s), NamedNode(p), o, g))


@pytest.mark.parametrize(
    "accept",
    [
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
        "application/trig",
        "application/n-quads",
    ],
)
def test_an_entity_in_every_rdf_format(client: TestClient, accept: str) -> None:
    data = get(client, "/id/person/mohammad-mehdi-imanipour", accept)
    assert has(data, IMANIPOUR, RDF_TYPE, NamedNode(PV.Person))
    assert has(data, IMANIPOUR, LABEL, Literal("محمدمهدی ایمانی‌پور", language="fa"))
    assert has(data, IMANIPOUR, LABEL, Literal("Mohammad-Mehdi Imanipour", language="en"))
    assert any(data.quads_for_pattern(NamedNode(IMANIPOUR), NamedNode(PV.positionHeld), None))
    # what points to him: his statements
    assert has(data, SEED_ARTICLE + "/statement/0", PV.speaker, NamedNode(IMANIPOUR))


@pytest.mark.parametrize(
    "accept", ["application/trig", "application/n-quads", "application/ld+json"]
)
def test_formats_with_graphs_keep_the_article_of_every_triple(
    client: TestClient, accept: str
) -> None:
    data = get(client, "/id/person/mohammad-mehdi-imanipour", accept)
    assert {SEED_ARTICLE, REFERENCE} <= {g.value for g in data.named_graphs()}
    statement = SEED_ARTICLE + "/statement/0"
    assert has(data, statement, PV.speaker, NamedNode(IMANIPOUR), SEED_ARTICLE)
    assert any(
        data.quads_for_pattern(
            NamedNode(IMANIPOUR), NamedNode(PV.positionHeld), None, NamedNode(REFERENCE)
        )
    )


def test_anything_accepted_gets_turtle_and_a_browser_gets_the_page(client: TestClient) -> None:
    plain = client.get("/id/city/ir-mashhad", headers={"accept": "*/*"})
    assert plain.headers["content-type"].startswith("text/turtle")
    browser = client.get(
        "/id/city/ir-mashhad",
        headers={"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    assert browser.headers["content-type"].startswith("text/html")
    forced = client.get("/id/city/ir-mashhad?format=ntriples", headers={"accept": "text/html"})
    assert forced.headers["content-type"].startswith("application/n-triples")


class Page(HTMLParser):
    """The parts of a page the tests look at: the root element, headings, links, text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.links: list[str] = []
        self.h1 = ""
        self.text: list[str] = []
        self._in_h1 = False
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.root = values
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "h1":
            self._in_h1 = True
        if values.get("id"):
            self.ids.add(values["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data
        self.text.append(data)


def page(client: TestClient, path: str, **headers: str) -> Page:
    response = client.get(path, headers={"accept": "text/html", **headers})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def test_the_persian_page_of_a_person(client: TestClient) -> None:
    found = page(client, "/id/person/mohammad-mehdi-imanipour", **{"accept-language": "fa-IR,fa"})
    assert (found.root["lang"], found.root["dir"]) == ("fa", "rtl")
    assert found.h1 == "محمدمهدی ایمانی‌پور"
    text = "".join(found.text)
    assert "Mohammad-Mehdi Imanipour" in text  # the other name
    assert "شخص" in text  # his type, by its Persian label
    assert "/ontology#Person" in found.links
    # links to his post, the articles that mention him, his statements and their sentences
    assert any(link.startswith("/id/post/") for link in found.links)
    assert SEED_PATH in found.links
    assert SEED_PATH + "/statement/0" in found.links
    assert any(link.startswith(SEED_PATH + "/sentence/") for link in found.links)
    assert "https://iqna.ir/fa/news/4029431/" in found.links  # the original article
    assert "/id/person/mohammad-mehdi-imanipour?lang=en" in found.links


def test_the_english_page_of_a_person(client: TestClient) -> None:
    found = page(
        client, "/id/person/mohammad-mehdi-imanipour", **{"accept-language": "en-GB,en;q=0.9"}
    )
    assert (found.root["lang"], found.root["dir"]) == ("en", "ltr")
    assert found.h1 == "Mohammad-Mehdi Imanipour"
    assert "Person" in "".join(found.text)
    chosen = page(
        client, "/id/person/mohammad-mehdi-imanipour?lang=fa", **{"accept-language": "en"}
    )
    assert chosen.root["lang"] == "fa"


def test_every_entity_link_on_a_page_resolves(client: TestClient) -> None:
    found = page(client, "/id/person/mohammad-mehdi-imanipour")
    targets = sorted({link.split("?")[0] for link in found.links if link.startswith("/id/")})
    assert len(targets) > 20
    for target in targets:
        response = client.get(target, headers={"accept": "text/turtle"})
        assert response.status_code == 200, target


def test_a_persian_slug(client: TestClient) -> None:
    slug = "person/یوسف-نادریپور"  # a person the gazetteer does not know: a slug of the name
    response = client.get("/id/" + quote(slug), headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert f"<{ID}{slug}>" in response.text
    found = page(client, "/id/" + quote(slug))
    assert found.h1 == "یوسف نادری‌پور"
    assert "/id/" + quote(slug) + "?lang=en" in found.links


def test_a_sentence_page_shows_its_text_and_article(client: TestClient) -> None:
    statement = get(client, SEED_PATH + "/statement/0", "text/turtle")
    (evidence,) = statement.quads_for_pattern(None, NamedNode(PV.evidence), None)
    assert isinstance(evidence.object, NamedNode)
    sentence = evidence.object.value
    data = get(client, "/id/" + sentence.removeprefix(ID), "text/turtle")
    (quad,) = data.quads_for_pattern(NamedNode(sentence), NamedNode(PV.text), None)
    assert isinstance(quad.object, Literal)
    text = quad.object.value
    found = page(client, "/id/" + sentence.removeprefix(ID), **{"accept-language": "fa"})
    assert found.h1 == (text if len(text) <= 160 else text[:159] + "…")
    assert SEED_PATH in found.links
    assert SEED_PATH + "/statement/0" in found.links  # the fact it is the evidence of


def test_an_article_page(client: TestClient) -> None:
    found = page(client, SEED_PATH, **{"accept-language": "fa"})
    assert found.h1 == "ایمانی‌پور: شهرهای ایرانی ظرفیت بزرگ دیپلماسی فرهنگی هستند"
    assert "/id/organisation/icro" in found.links  # it mentions ICRO
    assert "https://iqna.ir/fa/news/4029431/" in found.links


@pytest.mark.parametrize(
    ("path", "headers", "status", "message"),
    [
        (  # a browser gets a page (below); an RDF client the error shape
            "/id/person/nobody",
            {"accept": "text/turtle"},
            404,
            "there is nothing about <" + ID + "person/nobody>",
        ),
        (
            "/id/person/mohammad-mehdi-imanipour?lang=de",
            {"accept": "text/html"},
            400,
            "field 'lang': language 'de' is not one of fa, en",
        ),
        (
            "/id/person/mohammad-mehdi-imanipour?format=pdf",
            {},
            400,
            "field 'format': format 'pdf' is not one of turtle, html",
        ),
        (
            "/id/person/mohammad-mehdi-imanipour",
            {"accept": "image/png"},
            406,
            "cannot answer in any type the Accept header allows",
        ),
        (
            "/ontology/9.9.9",
            {},
            404,
            "there is no version '9.9.9' of the ontology here; the current one is 0.2.0",
        ),
    ],
)
def test_errors_have_the_one_shape(
    client: TestClient, path: str, headers: dict[str, str], status: int, message: str
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == status
    body = response.json()
    assert (body["ok"], body["status"]) == (False, status)
    assert body["error"].startswith(message), body["error"]


def test_the_ontology_as_turtle_is_the_file(client: TestClient) -> None:
    response = client.get("/ontology", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.content == (ROOT / "ontology" / "payvand.ttl").read_bytes()
    versioned = client.get("/ontology/0.2.0", headers={"accept": "text/turtle"})
    assert versioned.content == response.content
    topics = client.get("/ontology/topics", headers={"accept": "text/turtle"})
    assert topics.content == (ROOT / "ontology" / "topics.ttl").read_bytes()


@pytest.mark.parametrize(
    "accept", ["application/ld+json", "application/n-triples", "application/rdf+xml"]
)
def test_the_ontology_in_other_formats(client: TestClient, accept: str) -> None:
    data = get(client, "/ontology", accept)
    expected = rdflib.Graph().parse(ROOT / "ontology" / "payvand.ttl")
    assert len(data) == len(expected)
    assert has(data, PV.City, LABEL, Literal("شهر", language="fa"))


def test_the_reference_page_of_the_ontology(client: TestClient) -> None:
    found = page(client, "/ontology", **{"accept-language": "en"})
    assert found.root["dir"] == "ltr"
    declared = rdflib.Graph().parse(ROOT / "ontology" / "payvand.ttl")
    own = {
        str(s).removeprefix(str(PV))
        for s in declared.subjects(RDF.type, None)
        if str(s).startswith(str(PV))
    }
    assert own <= found.ids  # a row, with its anchor, for every class, property and individual
    html = client.get("/ontology", headers={"accept": "text/html"}).text
    row = re.search(r'<tr id="City">.*?</tr>', html)
    assert row is not None
    assert ">City<" in row.group(0)
    assert ">شهر<" in row.group(0)
    assert "wd:Q515" in row.group(0)
    assert "schema-mentions" in found.ids  # reused terms have rows too
    persian = page(client, "/ontology?lang=fa")
    assert persian.root["dir"] == "rtl"
    assert persian.h1 == "پیوند: هستان‌شناسی دیپلماسی فرهنگی ایران"


def test_the_page_of_the_topics(client: TestClient) -> None:
    found = page(client, "/ontology/topics", **{"accept-language": "fa"})
    assert {"city-diplomacy", "tourism", "heritage", "language", "religion"} <= found.ids
    assert "دیپلماسی شهری" in "".join(found.text)
    # a statement's topic links to its row
    statement = page(client, SEED_PATH + "/statement/0")
    assert "/ontology/topics#city-diplomacy" in statement.links


def test_a_page_escapes_what_the_graph_holds() -> None:
    store = OxigraphStore(None)
    graph = NamedNode("https://example.org/g")
    evil = NamedNode(ID + "person/evil")
    store.add_quads(
        [
            Quad(evil, NamedNode(RDF_TYPE), NamedNode(PV.Person), graph),
            Quad(
                evil,
                NamedNode(str(RDFS.label)),
                Literal('<script>alert("x")</script>', language="en"),
                graph,
            ),
        ]
    )
    client = TestClient(create_app(Settings(store=":memory:"), store=store))
    html = client.get("/id/person/evil", headers={"accept": "text/html"}).text
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_deployment_serves_its_own_namespace(gazetteer: Gazetteer) -> None:
    base = "https://kg.example.org/data/"
    store = OxigraphStore(None)
    assert ingest(read_articles([SEED]), store, gazetteer, Iris(base)).ok
    client = TestClient(create_app(Settings(store=":memory:", base_iri=base), store=store))
    data = get(client, "/data/person/mohammad-mehdi-imanipour", "text/turtle")
    assert has(data, base + "person/mohammad-mehdi-imanipour", RDF_TYPE, NamedNode(PV.Person))
    found = page(client, "/data/person/mohammad-mehdi-imanipour")
    assert any(link.startswith("/data/article/") for link in found.links)
    assert client.get("/id/person/mohammad-mehdi-imanipour").status_code == 404


def test_a_page_with_many_references_says_how_many_more(
    client: TestClient, bundled_store: OxigraphStore
) -> None:
    html = client.get("/id/country/ir?lang=en", headers={"accept": "text/html"}).text
    match = re.search(r'<p class="more">and (\d+) more</p>', html)
    assert match is not None
    result = bundled_store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p <{ID}country/ir> }} }}"
    )
    assert isinstance(result, QuerySolutions)
    total = int(next(iter(result))["n"].value)
    assert int(match.group(1)) == total - 500  # 500 shown


def test_an_unknown_entity_is_an_html_page_for_a_browser(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # Chromium's
    response = client.get("/id/person/nobody", headers={"accept": accept, "accept-language": "en"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text
    assert "there is nothing about &lt;" + ID + "person/nobody&gt;" in response.text
    assert '<a href="/?q=nobody">' in response.text
