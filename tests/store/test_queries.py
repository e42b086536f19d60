"""Named queries: the header, typed parameters, and values bound as RDF terms, never as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions

from payvand.errors import InputError, NotFoundError, QueryError
from payvand.namespaces import PV, TOPIC, XSD
from payvand.store import OxigraphStore
from payvand.store.queries import (
    NamedQuery,
    ParameterType,
    bind,
    load_queries,
    named_query,
    parse_query,
    run_named,
)

BASE = "https://w3id.org/payvand/id/"
EX = "http://example.org/"

HEADER = """# title: Names
# title@fa: نام‌ها
# description: The names of a thing,
#   in every language.
# description@fa: نام‌های یک چیز
# param thing (iri): the thing,
#   for example person/x
# param since (date, optional): only after this day
# param lang (string, default fa): the language
# example: thing=person/x
"""
QUERY = (
    HEADER
    + """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# a comment that mentions WHERE { is no clause
SELECT ?name WHERE {
  ?thing rdfs:label ?name FILTER(lang(?name) = ?lang)
  FILTER(!BOUND(?since) || true)
} ORDER BY ?name
"""
)


@pytest.fixture
def query() -> NamedQuery:
    return parse_query(QUERY, "names")


def test_the_header(query: NamedQuery) -> None:
    assert query.title == {"en": "Names", "fa": "نام‌ها"}
    assert query.description == {
        "en": "The names of a thing, in every language.",
        "fa": "نام‌های یک چیز",
    }
    assert [(p.name, p.type, p.required, p.default) for p in query.parameters] == [
        ("thing", ParameterType.IRI, True, None),
        ("since", ParameterType.DATE, False, None),
        ("lang", ParameterType.STRING, False, "fa"),
    ]
    assert query.parameters[0].description == "the thing, for example person/x"
    assert query.example == "thing=person/x"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# titel: x\nSELECT * WHERE { ?s ?p ?o }",
            r"queries/q\.rq, line 1: 'titel: x' is not a header field",
        ),
        (
            "# title: x\n# description: y\nSELECT * WHERE { ?s ?p ?o }",
            "the header lacks description@fa",
        ),
        (
            HEADER.replace("(date, optional)", "(datetime)") + "SELECT * WHERE { }",
            "line 8: parameter 'since' has the type 'datetime'; use one of iri, string",
        ),
        (
            HEADER.replace("(date, optional)", "(date, maybe)") + "SELECT * WHERE { }",
            "'maybe' is neither 'optional' nor 'default VALUE'",
        ),
        (
            HEADER + "SELECT * WHERE { ?thing ?p ?lang }",
            "declares the parameter 'since' but the query has no \\?since",
        ),
        (
            HEADER + "\n# ?since ?lang in a comment\nSELECT * { ?thing ?p '?since ?lang' }",
            "declares the parameter 'since'",
        ),
        (
            HEADER + "SELECT * { ?thing ?since ?lang }",
            r"has no 'WHERE \{' clause",
        ),
    ],
)
def test_a_bad_header_is_named(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_query(text, "q")


def test_values_are_bound_in_the_where_clause(query: NamedQuery) -> None:
    sparql = bind(query, {"thing": "person/x", "since": "2022-01-18"}, base=BASE)
    assert (
        "SELECT ?name WHERE { VALUES (?thing ?since ?lang) "
        f'{{ (<{BASE}person/x> "2022-01-18"^^<{XSD.date.value}> "fa") }} '
    ) in sparql
    # the comment above the query is left alone
    assert "# a comment that mentions WHERE { is no clause\n" in sparql


@pytest.mark.parametrize(
    ("kind", "value", "term"),
    [
        (ParameterType.IRI, "organisation/icro", NamedNode(BASE + "organisation/icro")),
        (ParameterType.IRI, "pv:signed", PV.signed),
        (ParameterType.IRI, "topic:tourism", NamedNode(TOPIC.NS + "tourism")),
        (ParameterType.IRI, "https://example.org/a", NamedNode("https://example.org/a")),
        (ParameterType.INTEGER, " 20 ", Literal("20", datatype=XSD.integer)),
        (ParameterType.DATE, "2022-01-18", Literal("2022-01-18", datatype=XSD.date)),
        (ParameterType.DATE, "1400-10-28", Literal("2022-01-18", datatype=XSD.date)),  # Jalali
        (ParameterType.DATE, "۱۴۰۰/۱۰/۲۸", Literal("2022-01-18", datatype=XSD.date)),
        (ParameterType.DATE, "1400", Literal("2021-03-21", datatype=XSD.date)),  # its first day
        (ParameterType.BOOLEAN, "True", Literal("true", datatype=XSD.boolean)),
        (ParameterType.STRING, 'a "quoted" } word', Literal('a "quoted" } word')),
    ],
)
def test_each_type_becomes_its_term(kind: ParameterType, value: str, term: object) -> None:
    text = f"# title: t\n# description: d\n# description@fa: د\n# param v ({kind.value}): v\n"
    query = parse_query(text + "SELECT ?v WHERE { }", "t")
    assert f"{{ ({term}) }}" in bind(query, {"v": value}, base=BASE)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "query 'names' needs the parameter 'thing' \\(an IRI"),
        ({"thing": "person/x", "colour": "red"}, "query 'names' has no parameter 'colour'"),
        (
            {"thing": "person/x", "since": "2022-13-01"},
            "query 'names', parameter 'since': '2022-13-01' is not a date: YYYY-MM-DD, Gregorian "
            "or Jalali",
        ),
        (
            {"thing": "person/a b>"},
            "query 'names', parameter 'thing': 'person/a b>' is not an IRI",
        ),
    ],
)
def test_bad_values_are_named(query: NamedQuery, values: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        bind(query, values, base=BASE)


@pytest.fixture
def store() -> OxigraphStore:
    store = OxigraphStore(None)
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    g = NamedNode(EX + "g")
    store.add_quads(
        [
            Quad(NamedNode(BASE + "person/x"), label, Literal("ایکس", language="fa"), g),
            Quad(NamedNode(BASE + "person/x"), label, Literal("X", language="en"), g),
            Quad(NamedNode(BASE + "person/y"), label, Literal("ایگرگ", language="fa"), g),
        ]
    )
    return store


def names(result: object) -> list[str]:
    assert isinstance(result, QuerySolutions)
    return [row["name"].value for row in result]


def test_running_binds_the_values_and_the_defaults(query: NamedQuery, store: OxigraphStore) -> None:
    assert names(run_named(store, query, {"thing": "person/x"}, base=BASE)) == ["ایکس"]
    assert names(run_named(store, query, {"thing": "person/x", "lang": "en"}, base=BASE)) == ["X"]


def test_a_value_is_never_spliced_into_the_query(store: OxigraphStore) -> None:
    text = "# title: t\n# description: d\n# description@fa: د\n# param name (string): n\n"
    query = parse_query(
        text + "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name }", "t"
    )
    hostile = '"} ?s ?p ?o . FILTER(true) } #'
    result = run_named(store, query, {"name": hostile}, base=BASE)
    assert isinstance(result, QuerySolutions)
    assert list(result) == []


def test_a_failing_query_names_itself(store: OxigraphStore) -> None:
    text = "# title: t\n# description: d\n# description@fa: د\n"
    query = parse_query(text + "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }", "broken")
    with pytest.raises(QueryError, match="named query 'broken'"):
        run_named(store, query, {}, base=BASE)


def test_loading_a_directory(tmp_path: Path) -> None:
    (tmp_path / "names.rq").write_text(QUERY, encoding="utf-8")
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "other.rq").write_text("SELECT * WHERE { }", encoding="utf-8")
    queries = load_queries(tmp_path)
    assert list(queries) == ["names"]
    assert named_query(queries, "names").source == str(tmp_path / "names.rq")
    with pytest.raises(NotFoundError, match="no named query 'nmes'; the named queries are: names"):
        named_query(queries, "nmes")
    assert load_queries(tmp_path / "missing") == {}
    (tmp_path / "Bad-Name.rq").write_text(QUERY, encoding="utf-8")
    with pytest.raises(InputError, match="must be snake_case"):
        load_queries(tmp_path)
