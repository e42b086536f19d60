"""Real SPARQL clients against `payvand serve` as a real process: SPARQLWrapper and rdflib's
SPARQLStore, over the seed article."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from tests.conftest import SEED
from tests.integration.serving import Server, serve_ingested

pytestmark = pytest.mark.integration

PV = "https://w3id.org/payvand/ontology#"
STATEMENTS = f"PREFIX pv: <{PV}> SELECT ?s ?quote WHERE {{ ?s a pv:Statement ; pv:quote ?quote }} ORDER BY ?s"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve_ingested(SEED, tmp_path_factory.mktemp("clients")) as running:
        yield running


def wrapper(server: Server) -> SPARQLWrapper:
    return SPARQLWrapper(f"{server.base}/sparql")


def test_sparqlwrapper_select_as_json(server: Server) -> None:
    client = wrapper(server)
    client.setQuery(STATEMENTS)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert isinstance(result, dict)
    rows = result["results"]["bindings"]
    assert len(rows) == 9
    assert all(row["quote"]["value"] for row in rows)


def test_sparqlwrapper_select_as_xml(server: Server) -> None:
    client = wrapper(server)
    client.setQuery(STATEMENTS)
    client.setReturnFormat(XML)
    document = client.query().convert()
    results = document.getElementsByTagNameNS("http://www.w3.org/2005/sparql-results#", "result")  # type: ignore[union-attr]
    assert len(results) == 9


def test_sparqlwrapper_ask(server: Server) -> None:
    client = wrapper(server)
    client.setQuery(f"PREFIX pv: <{PV}> ASK {{ ?s a pv:Statement }}")
    client.setReturnFormat(JSON)
    yes = client.query().convert()
    assert isinstance(yes, dict)
    assert yes["boolean"] is True
    client.setQuery(f"PREFIX pv: <{PV}> ASK {{ ?s a pv:NoSuchClass }}")
    no = client.query().convert()
    assert isinstance(no, dict)
    assert no["boolean"] is False


def test_sparqlwrapper_construct_as_turtle(server: Server) -> None:
    client = wrapper(server)
    client.setQuery(
        f"PREFIX pv: <{PV}> CONSTRUCT {{ ?s a pv:Statement ; pv:quote ?q }} WHERE {{ ?s a pv:Statement ; pv:quote ?q }}"
    )
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    assert isinstance(data, bytes)
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(PV + "Statement")))) == 9


def test_sparqlwrapper_post(server: Server) -> None:
    client = wrapper(server)
    client.setMethod("POST")
    client.setQuery(STATEMENTS)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert isinstance(result, dict)
    assert len(result["results"]["bindings"]) == 9


def test_rdflib_sparqlstore(server: Server) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{server.base}/sparql", returnFormat="json"))
    rows = list(graph.query(STATEMENTS))
    assert len(rows) == 9
    assert all(isinstance(row[1], rdflib.Literal) for row in rows)  # type: ignore[index]
    statement = rdflib.URIRef(PV + "Statement")
    assert len(set(graph.subjects(rdflib.RDF.type, statement))) == 9
    assert graph.query(f"PREFIX pv: <{PV}> ASK {{ ?s a pv:Statement }}").askAnswer is True
