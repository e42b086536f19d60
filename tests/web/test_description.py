"""The service description, the VoID description and the editor page, through the app."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from payvand.config import Settings
from payvand.namespaces import PREFIXES, PV, RDF
from payvand.store import OxigraphStore
from payvand.web.app import create_app
from payvand.web.editor import read_tabs
from tests.conftest import ROOT

EX = "http://example.org/"
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


@pytest.fixture
def client() -> TestClient:
    store = OxigraphStore(None)
    quads = [
        Quad(NamedNode(f"{EX}p{i}"), RDF.type, PV.Person, NamedNode(f"{EX}g1")) for i in range(3)
    ]
    quads += [
        Quad(NamedNode(f"{EX}c"), RDF.type, PV.City, NamedNode(f"{EX}g2")),
        Quad(NamedNode(f"{EX}c"), NamedNode(f"{EX}name"), Literal("Mashhad"), NamedNode(f"{EX}g2")),
    ]
    store.add_quads(quads)
    return TestClient(create_app(Settings(store=":memory:"), store=store))


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ],
)
def test_sparql_without_a_query(client: TestClient, accept: str | None, media: str) -> None:
    response = client.get("/sparql", headers={"accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_the_service_description_names_the_endpoint(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef("http://testserver/sparql")) in graph
    # read-only: no update service is described
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in graph


def test_void_counts_triples_classes_and_graphs(client: TestClient) -> None:
    response = client.get("/.well-known/void")
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    dataset = rdflib.URIRef("http://testserver/.well-known/void#dataset")
    assert graph.value(dataset, VOID.triples).toPython() == 5  # type: ignore[union-attr]
    assert graph.value(dataset, VOID.entities).toPython() == 4  # type: ignore[union-attr]
    assert graph.value(dataset, VOID.documents).toPython() == 2  # type: ignore[union-attr]
    partitions = {
        str(graph.value(p, VOID["class"])): graph.value(p, VOID.entities).toPython()  # type: ignore[union-attr]
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert partitions == {PV.Person.value: 3, PV.City.value: 1}
    sizes = {
        str(
            graph.value(s, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name"))
        ): graph.value(s, VOID.triples).toPython()  # type: ignore[union-attr]
        for s in graph.objects(dataset, VOID.subset)
    }
    assert sizes == {f"{EX}g1": 3, f"{EX}g2": 2}
    assert graph.value(dataset, rdflib.URIRef("http://purl.org/dc/terms/modified")) is not None


def test_void_modified_moves_with_a_write() -> None:
    store = OxigraphStore(None)
    app = create_app(Settings(store=":memory:", write_token="t"), store=store)
    client = TestClient(app)
    before = app.state.last_modified
    client.post(
        "/update",
        data={"update": "INSERT DATA { <http://a> <http://b> 1 }"},
        headers={"authorization": "Bearer t"},
    )
    assert app.state.last_modified > before
    graph = rdflib.Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    modified = graph.value(
        rdflib.URIRef("http://testserver/.well-known/void#dataset"),
        rdflib.URIRef("http://purl.org/dc/terms/modified"),
    )
    assert modified is not None
    assert modified.toPython() == app.state.last_modified  # type: ignore[attr-defined]


def test_the_editor_page_preloads_prefixes_and_examples(client: TestClient) -> None:
    page = client.get("/sparql", headers={"accept": "text/html"}).text
    assert "/assets/@zazuko/yasgui/build/yasgui.min.js" in page
    match = re.search(
        r'<script type="application/json" id="payvand-config">(.*?)</script>', page, re.S
    )
    assert match is not None
    config = json.loads(match.group(1))
    assert config["prefixes"]["pv"] == PV.NS
    assert "PREFIX pv:" not in config["defaultQuery"]  # the project's prefixes are predeclared
    assert set(config["prefixes"]) == set(PREFIXES)
    names = {e["name"] for e in config["examples"]}
    assert {"examples/people_and_positions", "examples/twinned_cities"} <= names
    for example in config["examples"]:
        pyoxigraph.Store().query(example["query"])  # every example parses
    assert client.get("/static/sparql.js").status_code == 200
    assert client.get("/assets/@zazuko/yasgui/build/yasgui.min.js").status_code == 200


def test_the_tabs_are_the_named_queries_and_examples_in_a_language(tmp_path: Path) -> None:
    header = (
        "# title: Cities\n# title@fa: شهرها\n# description: Every city, with\n#   its label.\n"
        "# description@fa: همه شهرها.\n"
    )
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "cities.rq").write_text(
        header + "\nSELECT * WHERE { ?c a pv:City }\n", encoding="utf-8"
    )
    (tmp_path / "views").mkdir()  # internal views are not tabs
    (tmp_path / "views" / "actors.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", "utf-8")
    (tmp_path / "of_city.rq").write_text(
        header.replace("Cities", "Of a city")
        + "# param city (iri): the city\n# example: city=city/ir-tabriz\n"
        + "SELECT * WHERE { ?x pv:city ?city }\n",
        encoding="utf-8",
    )
    tabs = read_tabs(tmp_path, lang="en", base="https://w3id.org/payvand/id/")
    assert [(t.name, t.title, t.description) for t in tabs] == [
        ("examples/cities", "Cities", "Every city, with its label."),
        ("of_city", "Of a city", "Every city, with its label."),
    ]
    assert tabs[0].query == "SELECT * WHERE { ?c a pv:City }\n"  # no header comment
    assert "VALUES (?city) { (<https://w3id.org/payvand/id/city/ir-tabriz>) }" in tabs[1].query
    persian = read_tabs(tmp_path, lang="fa", base="https://w3id.org/payvand/id/")
    assert [(t.title, t.description) for t in persian] == [("شهرها", "همه شهرها.")] * 2
    assert read_tabs(tmp_path / "missing", lang="en", base="https://w3id.org/payvand/id/") == []


def test_the_bundled_examples_are_documented_in_both_languages() -> None:
    for lang in ("en", "fa"):
        tabs = read_tabs(ROOT / "queries", lang=lang, base="https://w3id.org/payvand/id/")
        assert {"examples/people_and_positions", "examples/twinned_cities"} <= {
            t.name for t in tabs
        }
        for tab in tabs:
            assert tab.title, tab.name
            assert tab.description, tab.name


def test_the_service_description_lists_the_predeclared_prefixes(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    service = rdflib.URIRef("http://testserver/sparql#service")
    declared = {
        str(graph.value(d, sh.prefix)): str(graph.value(d, sh.namespace))
        for d in graph.objects(service, sh.declare)
    }
    assert declared == PREFIXES
    assert {"rdfs", "dcterms", "wd", "wdt", "topic"} <= set(declared)
