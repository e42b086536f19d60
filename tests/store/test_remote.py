"""RemoteSparqlStore against a real Oxigraph server: both ways of writing, reading, errors."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat, serialize

from payvand.cli import cli
from payvand.errors import NotFoundError, QueryError, StoreError
from payvand.store import (
    Endpoints,
    ExportFormat,
    GraphStore,
    ReadOnlySparqlStore,
    RemoteSparqlStore,
    open_reader,
)
from tests.integration.serving import free_port, oxigraph_serve

pytestmark = pytest.mark.integration

EX = "http://example.org/"
G1, G2 = NamedNode(EX + "g1"), NamedNode(EX + "g2")
QUADS = [
    Quad(NamedNode(EX + "a"), NamedNode(EX + "name"), Literal("الف", language="fa"), G1),
    Quad(NamedNode(EX + "b"), NamedNode(EX + "name"), Literal('b "quoted"\n'), G1),
    Quad(NamedNode(EX + "a"), NamedNode(EX + "knows"), NamedNode(EX + "b"), G2),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    place = tmp_path_factory.mktemp("remote") / "store"
    with oxigraph_serve(place, place.parent) as server:
        url = server.base
        yield url


@pytest.fixture(params=["graph-store", "sparql-update-only"])
def store(server: str, request: pytest.FixtureRequest) -> Iterator[RemoteSparqlStore]:
    """The Oxigraph layout, and the layout of a server without the Graph Store protocol."""
    endpoints = (
        Endpoints.of(server)
        if request.param == "graph-store"
        else Endpoints.of(server, query=f"{server}/query", update=f"{server}/update")
    )
    remote = RemoteSparqlStore(endpoints)
    remote.update("CLEAR ALL")
    yield remote
    remote.close()


def test_quads_in_and_out(store: RemoteSparqlStore) -> None:
    store.add_quads(QUADS)
    assert store.quad_count() == 3
    assert {g.value for g in store.graph_names()} == {G1.value, G2.value}
    out = io.BytesIO()
    store.export(out, format=ExportFormat.NQUADS)
    assert len(out.getvalue().splitlines()) == 3
    turtle = io.BytesIO()
    store.export(turtle, format=ExportFormat.TURTLE, graph=G1)
    assert "الف" in turtle.getvalue().decode("utf-8")
    result = store.query(f"SELECT ?n WHERE {{ GRAPH ?g {{ ?s <{EX}name> ?n }} }} ORDER BY ?n")
    assert isinstance(result, QuerySolutions)
    assert [row["n"].value for row in result] == ['b "quoted"\n', "الف"]


def test_bulk_load_replace_and_remove(store: RemoteSparqlStore) -> None:
    data = serialize(QUADS, format=RdfFormat.N_QUADS) or b""
    store.bulk_load(data, format=RdfFormat.N_QUADS)
    store.replace_graph(G1, [Quad(NamedNode(EX + "c"), NamedNode(EX + "name"), Literal("c"), G1)])
    assert store.quad_count() == 2
    store.remove_graphs([G1, NamedNode(EX + "never")])
    assert store.quad_count() == 1
    assert store.remove_graph(G2) is True
    assert store.remove_graph(G2) is False


def test_substitutions_and_construct(store: RemoteSparqlStore) -> None:
    store.add_quads(QUADS)
    asked = store.query("ASK { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": G2}, union=False)
    assert bool(asked) is True
    triples = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"))  # type: ignore[arg-type]
    assert len(triples) == 3


def test_the_project_prefixes_are_declared_for_the_server(store: RemoteSparqlStore) -> None:
    store.update("INSERT DATA { GRAPH <http://example.org/g1> { wd:Q1 rdfs:label 'x' } }")
    result = store.query("SELECT ?s WHERE { GRAPH ?g { ?s rdfs:label 'x' } }")
    assert isinstance(result, QuerySolutions)
    assert [row["s"] for row in result] == [NamedNode("http://www.wikidata.org/entity/Q1")]


def test_errors_name_what_went_wrong(store: RemoteSparqlStore) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error") as caught:
        store.query("SELECT * WHERE {")
    # the server's refusal, told as the embedded store tells it
    assert caught.value.message.split("\n") == [
        "SPARQL syntax error: expected '}' at 1:17 (the '{' at 1:16 is not closed)",
        "  SELECT * WHERE {",
        "                  ^",
    ]
    with pytest.raises(NotFoundError, match=r"there is no graph <http://example\.org/nope>"):
        store.export(io.BytesIO(), format=ExportFormat.TURTLE, graph=NamedNode(EX + "nope"))


def test_an_unreachable_server_is_named() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    remote = RemoteSparqlStore(Endpoints.of(url, timeout=5))
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at {url}/query"):
        remote.quad_count()
    remote.close()
    result = CliRunner().invoke(cli, ["stats", "--store", url])
    assert result.exit_code == 1
    assert f"cannot reach the SPARQL server at {url}/query" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_endpoint_is_named(server: str) -> None:
    remote = RemoteSparqlStore(Endpoints.of(server, query=f"{server}/nothing-here"))
    with pytest.raises(StoreError, match=f"no SPARQL endpoint at {server}/nothing-here"):
        remote.quad_count()
    remote.close()


def test_a_read_only_remote_has_no_writes(
    server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    reader = open_reader(server, read_only_remote=True)
    assert isinstance(reader, ReadOnlySparqlStore)
    assert not isinstance(reader, GraphStore)
    assert not hasattr(reader, "update")
    assert not hasattr(reader, "bulk_load")
    reader.close()
    monkeypatch.setenv("PAYVAND_SPARQL_READ_ONLY", "true")
    article = tmp_path / "a.jsonl"
    article.write_text('{"url": "https://example.org/a", "text": "متن"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(article), "--store", server])
    assert result.exit_code == 1
    assert f"the store at {server} is set read-only" in result.stderr
    result = CliRunner().invoke(cli, ["stats", "--store", server, "--json"])
    assert result.exit_code == 0, result.stderr
