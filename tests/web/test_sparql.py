"""The SPARQL endpoint through the app: query by GET, form POST and body POST, results by Accept."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from payvand.config import Settings
from payvand.store import OxigraphStore
from payvand.web.app import create_app

EX = "http://example.org/"


@pytest.fixture
def client() -> TestClient:
    store = OxigraphStore(None)
    g = NamedNode(EX + "g")
    store.add_quads(
        [
            Quad(NamedNode(EX + "a"), NamedNode(EX + "name"), Literal("الف", language="fa"), g),
            Quad(NamedNode(EX + "b"), NamedNode(EX + "name"), Literal("b", language="en"), g),
        ]
    )
    return TestClient(create_app(Settings(store=":memory:"), store=store))


SELECT = f"SELECT ?s ?n WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?s"


def test_get_select_defaults_to_json(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    bindings = response.json()["results"]["bindings"]
    assert [b["n"]["value"] for b in bindings] == ["الف", "b"]
    assert bindings[0]["n"]["xml:lang"] == "fa"


def test_form_post_and_body_post(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": SELECT})
    body = client.post(
        "/sparql", content=SELECT.encode(), headers={"content-type": "application/sparql-query"}
    )
    assert form.status_code == body.status_code == 200
    assert form.json() == body.json()


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_formats_by_accept(client: TestClient, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_csv_rows(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv"})
    table = list(csv.reader(io.StringIO(response.text)))
    assert table == [["s", "n"], [EX + "a", "الف"], [EX + "b", "b"]]


def test_ask(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": f"ASK {{ ?s <{EX}name> 'b'@en }}"})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt")]
)
def test_construct_as_turtle_and_ntriples(client: TestClient, accept: str, fmt: str) -> None:
    query = f"CONSTRUCT {{ ?s <{EX}name> ?n }} WHERE {{ ?s <{EX}name> ?n }}"
    response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format=fmt)
    assert len(graph) == 2


def test_syntax_error_is_400_with_the_parser_message(client: TestClient) -> None:
    response = client.get("/sparql?query=" + quote("SELECT * WHERE { ?s ?p }"))
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert body["status"] == 400
    assert "SPARQL syntax error" in body["error"]


def test_a_syntax_error_says_where_with_the_line_and_a_caret(client: TestClient) -> None:
    query = "SELECT ?s WHERE {\n  ?s rdfs:label ?n .\n  FILTER(lang(?n) = 'fa'\n"
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "SPARQL syntax error: expected ')' at 3:25 (the '(' at 3:9 is not closed)\n"
        "    FILTER(lang(?n) = 'fa'\n"
        "                          ^",
        "status": 400,
    }


def test_an_update_syntax_error_says_where() -> None:
    settings = Settings(store=":memory:", write_token="secret")
    client = TestClient(create_app(settings, store=OxigraphStore(None)))
    response = client.post(
        "/update",
        data={"update": "INSERT DATA { <a> <b> }"},
        headers={"authorization": "Bearer secret"},
    )
    assert response.status_code == 400
    assert response.json()["error"].split("\n")[0] == (
        "SPARQL syntax error: unexpected '}' at 1:23"
    )


def test_the_project_prefixes_need_no_declaration(client: TestClient) -> None:
    query = f"SELECT ?n WHERE {{ ?s <{EX}name> ?n FILTER(datatype(?n) = rdf:langString) }}"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 2
    relative = "SELECT ?x WHERE { BIND(<rel> AS ?x) BIND(rdfs:label AS ?y) }"
    bound = client.get("/sparql", params={"query": relative}).json()["results"]["bindings"]
    assert bound[0]["x"]["value"] == "http://testserver/rel"


def test_missing_query_and_wrong_content_type(client: TestClient) -> None:
    assert client.get("/sparql?other=1").status_code == 400
    response = client.post("/sparql", content=b"x", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["error"]


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "Accept" in response.json()["error"]


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["ok"] is True
    assert body["quads"] == 2
    assert body["graphs"] == 1


def test_unknown_route_has_the_error_shape(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert json.loads(response.text) == {"ok": False, "error": "Not Found", "status": 404}


def test_npm_libraries_and_static_files_are_served(client: TestClient) -> None:
    assert client.get("/static/payvand.css").status_code == 200
    response = client.get("/assets/cytoscape/package.json")
    assert response.status_code == 200
    assert response.json()["name"] == "cytoscape"


def test_a_query_asked_again_is_answered_afresh_each_time() -> None:
    store = OxigraphStore(None)
    client = TestClient(create_app(Settings(store=":memory:", write_token="t"), store=store))
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}name> ?o }}"

    def counted(**headers: str) -> str:
        response = client.get("/sparql", params={"query": count}, headers=headers)
        assert response.status_code == 200
        return response.text

    assert '"value":"0"' in counted()
    assert '"value":"0"' in counted()  # asked again: the same answer
    assert counted(accept="text/csv").splitlines() == ["n", "0"]  # another type for the same query
    written = client.post(
        "/update",
        data={"update": f"INSERT DATA {{ <{EX}a> <{EX}name> 'a' }}"},
        headers={"authorization": "Bearer t"},
    )
    assert written.status_code == 204
    assert '"value":"1"' in counted()  # after a write, the new data
    posted = client.post("/sparql", data={"query": count}, headers={"accept": "text/csv"})
    assert posted.text.splitlines() == ["n", "1"]
