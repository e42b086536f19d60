"""The project's prefixes are declared for every query, as the Wikidata Query Service does."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, QuerySolutions

from payvand.namespaces import PREFIXES
from payvand.store import OxigraphStore
from payvand.store.queries import parse_query, run_named
from payvand.store.sparql_text import with_prefixes

# The prefixes a newcomer may write without declaring them.
EXPECTED = {
    "pv": "https://w3id.org/payvand/ontology#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "topic": "https://w3id.org/payvand/ontology/topics#",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}


def _value(store: OxigraphStore, sparql: str) -> str:
    result = store.query(sparql)
    assert isinstance(result, QuerySolutions)
    term = next(iter(result))["x"]
    assert isinstance(term, NamedNode)
    return term.value


def test_the_prefixes_are_those_of_the_project() -> None:
    assert {p: PREFIXES.get(p) for p in EXPECTED} == EXPECTED


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_a_query_may_use_each_without_declaring_it(prefix: str) -> None:
    store = OxigraphStore(None)
    assert _value(store, f"SELECT ?x WHERE {{ BIND({prefix}:thing AS ?x) }}") == (
        EXPECTED[prefix] + "thing"
    )


def test_a_query_s_own_prefix_wins() -> None:
    store = OxigraphStore(None)
    own = "PREFIX rdfs: <http://example.org/mine#> SELECT ?x WHERE { BIND(rdfs:label AS ?x) }"
    assert _value(store, own) == "http://example.org/mine#label"


def test_updates_may_use_them_too() -> None:
    store = OxigraphStore(None)
    store.update("INSERT DATA { GRAPH <http://example.org/g> { wd:Q1 rdfs:label 'x' } }")
    assert _value(store, "SELECT ?x WHERE { ?x rdfs:label 'x' }") == EXPECTED["wd"] + "Q1"


def test_a_named_query_may_use_them() -> None:
    query = parse_query(
        "# title: Kind\n# title@fa: نوع\n# description: a kind\n# description@fa: یک نوع\n"
        "SELECT ?x WHERE { BIND(pv:City AS ?x) }\n",
        "kind",
    )
    result = run_named(OxigraphStore(None), query, {}, base="https://w3id.org/payvand/id/")
    assert isinstance(result, QuerySolutions)
    assert [row["x"] for row in result] == [NamedNode(EXPECTED["pv"] + "City")]


def test_other_servers_get_the_declarations_a_text_needs() -> None:
    text = "PREFIX pv: <http://example.org/> SELECT * WHERE { ?s pv:p ?o ; rdfs:label ?l }"
    sent = with_prefixes(text, PREFIXES)
    assert sent == f"PREFIX rdfs: <{EXPECTED['rdfs']}> {text}"
    assert with_prefixes("SELECT * { ?s ?p '<rdfs:x>' }", PREFIXES).startswith("SELECT")
