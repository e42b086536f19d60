"""RemoteSparqlStore against a real Virtuoso (Debian's virtuoso-opensource), the engine large
deployments use, as well as the Oxigraph server (test_remote.py): writes through SPARQL Update
and the Graph Store protocol behind digest authentication, reads, and an ingest through the CLI."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat, parse, serialize

from payvand.cli import cli
from payvand.errors import QueryError
from payvand.store import Endpoints, ExportFormat, RemoteSparqlStore
from tests.conftest import SEED
from tests.integration.serving import virtuoso_serve

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
    with virtuoso_serve(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running.base


def _endpoints(server: str, *, graph_store: bool) -> Endpoints:
    return Endpoints(
        query=f"{server}/sparql",
        update=f"{server}/sparql-auth",
        store=f"{server}/sparql-graph-crud-auth" if graph_store else None,
        user="dba",
        password="dba",
        auth="digest",
    )


@pytest.fixture(params=["graph-store", "sparql-update-only"])
def store(server: str, request: pytest.FixtureRequest) -> Iterator[RemoteSparqlStore]:
    remote = RemoteSparqlStore(_endpoints(server, graph_store=request.param == "graph-store"))
    remote.remove_graphs([G1, G2])
    yield remote
    remote.remove_graphs([G1, G2])
    remote.close()


def _ours(store: RemoteSparqlStore) -> int:
    """Quads in our graphs (Virtuoso's own graphs hold its system data)."""
    result = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g IN (<{G1.value}>, <{G2.value}>)) }}"
    )
    assert isinstance(result, QuerySolutions)
    return int(next(iter(result))["n"].value)


def test_quads_in_and_out(store: RemoteSparqlStore) -> None:
    store.add_quads(QUADS)
    assert _ours(store) == 3
    assert {G1.value, G2.value} <= {g.value for g in store.graph_names()}
    turtle = io.BytesIO()
    store.export(turtle, format=ExportFormat.TURTLE, graph=G1)
    names = {t.object for t in parse(turtle.getvalue(), RdfFormat.TURTLE)}
    assert Literal("الف", language="fa") in names
    result = store.query(f"SELECT ?n WHERE {{ GRAPH ?g {{ ?s <{EX}name> ?n }} }} ORDER BY ?n")
    assert isinstance(result, QuerySolutions)
    assert sorted(row["n"].value for row in result) == sorted(['b "quoted"\n', "الف"])


def test_bulk_load_replace_and_remove(store: RemoteSparqlStore) -> None:
    data = serialize(QUADS, format=RdfFormat.N_QUADS) or b""
    store.bulk_load(data, format=RdfFormat.N_QUADS)
    store.replace_graph(G1, [Quad(NamedNode(EX + "c"), NamedNode(EX + "name"), Literal("c"), G1)])
    assert _ours(store) == 2
    store.remove_graphs([G1, NamedNode(EX + "never")])
    assert _ours(store) == 1
    assert store.remove_graph(G2) is True
    assert _ours(store) == 0


def test_substitutions_and_construct(store: RemoteSparqlStore) -> None:
    store.add_quads(QUADS)
    bound = store.query(
        "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": G2}, union=False
    )
    assert isinstance(bound, QuerySolutions)
    assert [row["s"] for row in bound] == [NamedNode(EX + "a")]
    triples = list(
        store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G2.value}> {{ ?s ?p ?o }} }}")  # type: ignore[arg-type]
    )
    assert len(triples) == 1


def test_the_project_prefixes_are_declared_for_the_server(store: RemoteSparqlStore) -> None:
    store.update(f"INSERT DATA {{ GRAPH <{G1.value}> {{ wd:Q1 rdfs:label 'x' }} }}")
    result = store.query(f"SELECT ?s WHERE {{ GRAPH <{G1.value}> {{ ?s rdfs:label 'x' }} }}")
    assert isinstance(result, QuerySolutions)
    assert [row["s"] for row in result] == [NamedNode("http://www.wikidata.org/entity/Q1")]


def test_a_syntax_error_is_a_query_error(store: RemoteSparqlStore) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT * WHERE {")


def test_ingest_into_virtuoso_through_the_cli(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "PAYVAND_SPARQL_QUERY_URL": f"{server}/sparql",
        "PAYVAND_SPARQL_UPDATE_URL": f"{server}/sparql-auth",
        "PAYVAND_SPARQL_STORE_URL": f"{server}/sparql-graph-crud-auth",
        "PAYVAND_SPARQL_USER": "dba",
        "PAYVAND_SPARQL_PASSWORD": "dba",
        "PAYVAND_SPARQL_AUTH": "digest",
    }.items():
        monkeypatch.setenv(name, value)
    done = CliRunner().invoke(cli, ["ingest", str(SEED), "--store", server, "--workers", "1"])
    assert done.exit_code == 0, done.stderr
    assert "ingested 1 articles (0 unchanged, 0 failed)" in done.stderr
    again = CliRunner().invoke(cli, ["ingest", str(SEED), "--store", server, "--workers", "1"])
    assert again.exit_code == 0, again.stderr
    assert "ingested 0 articles (1 unchanged, 0 failed)" in again.stderr
