"""The scanner over SPARQL texts: query forms, LIMIT caps, USING clauses."""

from __future__ import annotations

import pyoxigraph
import pytest

from payvand.errors import QueryError
from payvand.store.sparql_text import (
    QueryShape,
    fingerprint,
    inspect_query,
    one_row,
    query_form,
    tokens,
    top_level_limit,
    with_base,
    with_limit,
    with_using,
)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * {}", "SELECT"),
        ("# ASK in a comment\nconstruct { ?s ?p ?o } where { ?s ?p ?o }", "CONSTRUCT"),
        ("PREFIX select: <http://ask/> DESCRIBE <http://x> # SELECT", "DESCRIBE"),
        ("ask { ?s ?p 'SELECT' }", "ASK"),
        ("not a query", None),
    ],
)
def test_query_form(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_a_trailing_dot_is_not_part_of_a_name() -> None:
    words = [t.text for t in tokens("?s a pv:Person. ?s pv:a.b 1.5 .")]
    assert words == ["?s", "a", "pv:Person", ".", "?s", "pv:a.b", "1.5", "."]


# (query, cap, the query's own top-level LIMIT)
LIMITS = [
    ("SELECT * { ?s ?p ?o }", 10, None),
    ("SELECT * { ?s ?p ?o } LIMIT 3", 10, 3),
    ("SELECT * { ?s ?p ?o } LIMIT 300 OFFSET 2", 10, 300),
    ("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 50 } } ORDER BY ?s", 10, None),
    ("SELECT * { ?s ?p ?o } ORDER BY (?o < 3) VALUES ?s { <http://a> <http://b> }", 1, None),
    ("SELECT * { ?s ?p ?o } # a comment at the end", 2, None),
]


@pytest.mark.parametrize(("text", "cap", "own"), LIMITS)
def test_with_limit_caps_the_rows(text: str, cap: int, own: int | None) -> None:
    store = pyoxigraph.Store()
    for i in range(20):
        store.add(
            pyoxigraph.Quad(
                pyoxigraph.NamedNode(f"http://a{i}"),
                pyoxigraph.NamedNode("http://p"),
                pyoxigraph.Literal(i),
            )
        )
    assert top_level_limit(text) == own
    capped = with_limit(text, cap)
    rows = list(store.query(capped, use_default_graph_as_union=True))  # type: ignore[arg-type]
    expected = len(list(store.query(text, use_default_graph_as_union=True)))  # type: ignore[arg-type]
    assert len(rows) == min(cap, expected)


def test_with_using_adds_the_dataset_to_every_operation_with_a_where() -> None:
    update = (
        "PREFIX ex: <http://example.org/> CREATE SILENT GRAPH ex:made ; "
        "INSERT { GRAPH ex:out { ?s a ex:Seen } } WHERE { ?s a ex:Thing } ; "
        "DELETE WHERE { ?s a ex:Gone }"
    )
    rewritten = with_using(update, ["http://example.org/in"], ["http://example.org/named"])
    assert rewritten.count("USING <http://example.org/in>") == 2
    assert rewritten.count("USING NAMED <http://example.org/named>") == 2
    store = pyoxigraph.Store()
    store.update(
        "INSERT DATA { GRAPH <http://example.org/in> { <http://example.org/x> a <http://example.org/Thing> } "
        "GRAPH <http://example.org/other> { <http://example.org/y> a <http://example.org/Thing> } }"
    )
    store.update(rewritten)
    seen = store.query("SELECT ?s { GRAPH <http://example.org/out> { ?s ?p ?o } }")
    assert [row["s"] for row in seen] == [pyoxigraph.NamedNode("http://example.org/x")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "clause", ["WITH <http://g> DELETE { ?s ?p ?o }", "DELETE { ?s ?p ?o } USING <http://g>"]
)
def test_with_using_refuses_an_update_that_names_its_own_dataset(clause: str) -> None:
    with pytest.raises(QueryError, match="names its own dataset"):
        with_using(f"{clause} WHERE {{ ?s ?p ?o }}", ["http://example.org/g"], [])


def test_with_using_leaves_an_update_alone_without_parameters() -> None:
    assert with_using("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", [], []) == (
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )


def test_with_base_resolves_relative_iris_and_keeps_a_base_of_the_query() -> None:
    store = pyoxigraph.Store()
    result = store.query(with_base("SELECT ?x { BIND(<rel> AS ?x) }", "http://h/sparql"))
    assert isinstance(result, pyoxigraph.QuerySolutions)
    assert next(result)["x"] == pyoxigraph.NamedNode("http://h/rel")
    own = store.query(with_base("BASE <http://own/> SELECT ?x { BIND(<rel> AS ?x) }", "http://h/"))
    assert isinstance(own, pyoxigraph.QuerySolutions)
    assert next(own)["x"] == pyoxigraph.NamedNode("http://own/rel")


# (query, its form, its own top-level LIMIT), as the endpoint reads them before running
SHAPES = [
    ("SELECT?x{?x ?p ?o}LIMIT 3", "SELECT", 3),
    ("select * {} limit 5 offset 2", "SELECT", 5),
    ("PREFIX ß: <http://x/> SELECT ?ß { ?s ß:limit ?ß } LIMIT 4", "SELECT", 4),
    ("SELECT * { ?s ?p ?o } LIMIT 10.5", "SELECT", None),
    ("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 50 } }", "SELECT", None),
    ('ASK { ?s ?p "LIMIT 3" }', "ASK", None),
    ("# SELECT\nCONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", "CONSTRUCT", 2),
    ("DESCRIBE <http://x/LIMIT>", "DESCRIBE", None),
    ("PREFIX ask: <http://x/> BASE <http://SELECT/> DESCRIBE ask:x", "DESCRIBE", None),
]


@pytest.mark.parametrize(("text", "form", "limit"), SHAPES)
def test_inspect_query_reads_the_form_and_the_limit(
    text: str, form: str | None, limit: int | None
) -> None:
    assert inspect_query(text) == QueryShape(form, limit)


KILLER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.mark.parametrize(
    "variant",
    [
        "SELECT  (COUNT(*) AS ?n)\nWHERE {\t?a ?b ?c . ?d ?e ?f }",  # other spaces
        "# again\nSELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . # a comment\n ?d ?e ?f }",
        "SELECT (COUNT(*) AS ?count) WHERE { ?x ?y ?z . $u ?v ?w }",  # other variable names
    ],
)
def test_a_query_written_otherwise_has_the_same_fingerprint(variant: str) -> None:
    assert fingerprint(variant) == fingerprint(KILLER)


@pytest.mark.parametrize(
    "other",
    [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?a ?e ?f }",  # a variable shared
        "SELECT ?s WHERE { ?s ?p 'a  b' }",  # the spaces of a string are part of it
        "SELECT ?s WHERE { ?s ?p <http://example.org/a#b> }",  # a '#' in an IRI is no comment
    ],
)
def test_another_query_has_another_fingerprint(other: str) -> None:
    assert fingerprint(other) != fingerprint(KILLER)
    assert fingerprint("SELECT ?s WHERE { ?s ?p 'a b' }") != fingerprint(
        "SELECT ?s WHERE { ?s ?p 'a  b' }"
    )
    assert fingerprint("SELECT ?s WHERE { ?s ?p <http://example.org/a#b> }") != fingerprint(
        "SELECT ?s WHERE { ?s ?p <http://example.org/a#c> }"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # aggregates without GROUP BY: one group, one row
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", True),
        ("PREFIX ex: <http://example.org/> select (count(*) as ?n) { ?s ex:p ?o }", True),
        ("SELECT DISTINCT (MAX(?o) AS ?m) (MIN(?o) AS ?l) WHERE { ?s ?p ?o } LIMIT 5", True),
        ("SELECT (GROUP_CONCAT(?o) AS ?all) WHERE { ?s ?p ?o } HAVING (COUNT(*) > 1)", True),
        ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s } }", True),
        # a group per value, a variable as it is, no aggregate, or a VALUES after the WHERE clause
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s", False),
        ("SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s", False),
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT (?o AS ?x) WHERE { ?s ?p ?o }", False),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } VALUES ?s { <http://example.org/a> }", False),
        ("SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } }", False),
        ("ASK { ?s ?p ?o }", False),
        ("# SELECT (COUNT(*) AS ?n) {}\nSELECT ?s WHERE { ?s ?p ?o }", False),
    ],
)
def test_one_row_is_an_aggregate_without_group_by(text: str, expected: bool) -> None:
    assert one_row(text) is expected
