"""SERVICE and LOAD read from the parsed text: what a query or an update would fetch."""

from __future__ import annotations

import pytest

from payvand.errors import QueryError
from payvand.store.outbound import Outbound, may_fetch, outbound, refuse_outbound

U = "http://127.0.0.1:9/q"


@pytest.mark.parametrize(
    ("text", "services"),
    [
        # plain, any case, SILENT, glued to a dot or to the IRI
        (f"SELECT * {{ SERVICE <{U}> {{ ?s ?p ?o }} }}", (U,)),
        (f"SELECT * {{ service silent <{U}> {{ ?s ?p ?o }} }}", (U,)),
        (f"SELECT * {{ ?s ?p ?o.SeRvIcE<{U}>{{ ?s ?p ?o }} }}", (U,)),
        # a comment and odd whitespace between the keyword and the IRI
        (f"SELECT * {{ SERVICE#<http://x/>\n\t\r<{U}> {{ ?s ?p ?o }} }}", (U,)),
        # '<' the operator, then a string: a scanner took "<'x>" for an IRI (issue 20)
        (f"SELECT * {{ ?a ?b ?c FILTER(?a<'x>y' || true) SERVICE <{U}> {{ ?s ?p ?o }} }}", (U,)),
        (f'SELECT * {{ ?a ?b ?c FILTER(?a<"x>y") SERVICE <{U}> {{ ?s ?p ?o }} }}', (U,)),
        # endpoints not written in full: a variable, a prefixed name, a relative IRI
        ("SELECT * { SERVICE ?where { ?s ?p ?o } }", (None,)),
        (f"PREFIX e: <{U}> SELECT * {{ SERVICE e: {{ ?s ?p ?o }} }}", (None,)),
        ("BASE <http://127.0.0.1:9/> SELECT * { SERVICE <q> { ?s ?p ?o } }", (None,)),
        # nested in a sub-query and an OPTIONAL
        (f"SELECT * {{ {{ SELECT * {{ OPTIONAL {{ SERVICE <{U}> {{}} }} }} }} }}", (U,)),
        # the words as names, strings, IRIs and comments
        ('SELECT ?service { ?service <http://example.org/SERVICE> "SERVICE <x> {}" }', ()),
        (
            f"PREFIX service: <http://example.org/> SELECT * {{ ?s service:load ?o }} # SERVICE <{U}>",
            (),
        ),
        (f"SELECT * {{ ?s ?p '''\nSERVICE <{U}> {{}}\n''' }}", ()),
    ],
)
def test_service_clauses_are_read_from_the_parse(
    text: str, services: tuple[str | None, ...]
) -> None:
    assert outbound(text) == Outbound(services=services)


def test_load_sources_are_read_from_the_parse() -> None:
    text = f"CLEAR ALL ; load <{U}> INTO GRAPH <http://g/> ; INSERT DATA {{ <a:b> <a:c> 'LOAD' }}"
    assert outbound(text, update=True) == Outbound(loads=(U,))


def test_a_text_without_the_letters_needs_no_parse() -> None:
    assert not may_fetch("SELECT * { ?s ?p ?o } LIMIT 10")
    assert may_fetch("SELECT * { ?s ?p 'Service' }")
    assert not may_fetch("SELECT * { ?s ?p 'download' }")
    assert may_fetch("INSERT DATA { <a:b> <a:c> 'download' }", update=True)
    # as the grammar allows a \u escape anywhere, the letters are looked for both ways
    assert may_fetch("SELECT * { \\u0053ERVICE <http://x/> {} }")


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
        "SELECT * { SERVICE SILENT ?x { ?s ?p ?o } }",
        # an escaped quote ends a string for a reader that expands escapes first, not for the
        # engine: the text is read as written, and refused when it cannot be
        f'SELECT * {{ ?a ?b ?c FILTER("\\u0022" != "x") SERVICE <{U}> {{}} FILTER("y" != "\\u0022") }}',
        # mentions SERVICE and cannot be parsed: refused, what it would do is unknown
        f"SELECT * {{ SERVICE <{U}> {{ ?s ?p ?o }}",
    ],
)
def test_service_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        refuse_outbound(text)


def test_an_allowed_endpoint_passes_and_no_other() -> None:
    text = f"SELECT * {{ SERVICE <{U}> {{ ?s ?p ?o }} }}"
    refuse_outbound(text, services=[U])
    refuse_outbound(text, services=["http://127.0.0.1:9/"])
    with pytest.raises(QueryError, match="not among the allowed endpoints"):
        refuse_outbound(text, services=["http://127.0.0.1:9/other"])
    with pytest.raises(QueryError, match="full IRI"):
        refuse_outbound("SELECT * { SERVICE ?x { ?s ?p ?o } }", services=[U])


def test_load_only_from_an_allowed_source() -> None:
    text = f"LOAD <{U}>"
    with pytest.raises(QueryError, match="LOAD is not allowed"):
        refuse_outbound(text, update=True)
    refuse_outbound(text, update=True, loads=[U])
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        refuse_outbound(
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
            update=True,
            loads=[U],
        )


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service { ?service <http://example.org/SERVICE> "SERVICE" }',
        "PREFIX service: <http://example.org/> SELECT * { ?s service:load ?o } # SERVICE",
    ],
)
def test_the_words_in_names_strings_and_comments_are_not_keywords(text: str) -> None:
    refuse_outbound(text)
    refuse_outbound(
        f"INSERT {{ ?s ?p 'LOAD <{U}>' }} WHERE {{ {text[text.index('{') + 1 :]}", update=True
    )
