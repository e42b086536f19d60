"""SPARQL syntax errors: what is wrong, at line:column, with the query's line and a caret."""

from __future__ import annotations

import pytest

from payvand.errors import QueryError
from payvand.namespaces import PREFIXES
from payvand.store import OxigraphStore
from payvand.store.sparql_errors import position_of, syntax_error


def _refusal(text: str, *, update: bool = False) -> QueryError:
    store = OxigraphStore(None)
    run = store.update if update else store.query
    with pytest.raises(QueryError) as caught:
        run(text)
    return caught.value


# (query, the first line of the message, line, column of the caret)
CASES = [
    # a brace never closed: where it should be, and where it was opened
    (
        "SELECT ?x WHERE { ?x ?p ?o",
        "expected '}' at 1:27 (the '{' at 1:17 is not closed)",
        1,
        27,
    ),
    # a parenthesis closed by a brace
    (
        "SELECT ?x WHERE {\n  ?x ?p ?l .\n  FILTER(lang(?l) = 'fa'\n}",
        "expected ')' at 4:1, found '}' (the '(' at 3:9 is not closed)",
        4,
        1,
    ),
    # one brace too many
    ("SELECT ?x { ?x ?p ?o } }", "unexpected '}' at 1:24: nothing is open", 1, 24),
    # a prefix nobody declared (the project's are declared for every query)
    (
        "SELECT ?x WHERE {\n  ?x dbo:name ?n ; rdfs:label ?l }",
        "unknown prefix 'dbo:' at 2:6; declare it (PREFIX dbo: <…>) or write the whole IRI",
        2,
        6,
    ),
    # a misspelt keyword
    ("SELECT * WHERE { ?s ?p ?o } LIMT 10", "unknown word 'LIMT' at 1:29", 1, 29),
    # a string never closed, in Persian: columns count characters
    ('SELECT ?x { ?x ?p "تهران" ; ?q "تهران }', "the string at 1:32 is not closed", 1, 32),
    # a name in Persian outside a string
    ("SELECT ?x { ?x ?p «تهران» }", "unknown word 'تهران' at 1:20", 1, 20),
    # an IRI with a space in it
    (
        "SELECT ?x { ?x <http://a b> ?n }",
        'the IRI at 1:16 is not valid: an IRI has no spaces and none of <>"{}|^`\\ in it',
        1,
        16,
    ),
    # what the parser could not read: where it begins, not the end of the query
    ("SELECT ?x WHERE { ?x a ?c  ?x ?q ?l }", "unexpected '?x' at 1:28", 1, 28),
    ("SELECT (COUNT(?x) ?n) { ?x ?p ?o }", "unexpected '?n' at 1:19", 1, 19),
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP ?x", "unexpected 'GROUP' at 1:30; expected BY", 1, 30),
    # an update sent as a query
    (
        "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
        "'INSERT' at 2:1 begins an update, and this takes a query",
        2,
        1,
    ),
]


@pytest.mark.parametrize(("text", "first", "line", "column"), CASES)
def test_a_syntax_error_says_what_and_where(text: str, first: str, line: int, column: int) -> None:
    error = _refusal(text)
    lines = error.message.split("\n")
    assert lines[0] == f"SPARQL syntax error: {first}"
    assert (error.line, error.column) == (line, column)
    # the query's line, then a caret under the column
    assert lines[1] == "  " + text.split("\n")[line - 1]
    assert lines[2] == "  " + " " * (column - 1) + "^"
    assert len(lines) == 3
    assert "u{" not in error.message  # none of the parser's character ranges


def test_an_update_error_is_read_as_an_update() -> None:
    error = _refusal("INSERT DATA { <http://a> <http://b> }", update=True)
    assert error.message.split("\n")[0] == "SPARQL syntax error: unexpected '}' at 1:37"


def test_a_long_line_is_shown_around_the_caret() -> None:
    text = "SELECT ?x WHERE { " + " ".join(
        f"?x <http://example.org/p{i}> ?o{i} ." for i in range(20)
    )
    text += " ?x ?p }"
    error = _refusal(text)
    _first, shown, caret = error.message.split("\n")
    assert len(shown) < 110
    assert shown.startswith("  …")
    column = error.column or 0
    assert shown[caret.index("^")] == text[column - 1]


def test_a_message_without_a_position_is_passed_on() -> None:
    error = syntax_error("SELECT * {}", "the server said no")
    assert error.message == "SPARQL syntax error: the server said no"
    assert error.line is None


@pytest.mark.parametrize(
    ("text", "offset", "position"),
    [("abc", 0, (1, 1)), ("abc", 3, (1, 4)), ("a\nbc", 3, (2, 2)), ("a\n", 2, (2, 1))],
)
def test_position_of(text: str, offset: int, position: tuple[int, int]) -> None:
    assert position_of(text, offset) == position


def test_valid_queries_with_look_alikes_are_not_refused() -> None:
    # words the checks look at: language tags, numbers, "less than", blank nodes, functions
    store = OxigraphStore(None)
    store.query(
        'SELECT ?x WHERE { VALUES ?x { "a"@fa-IR 1.5e3 -2 } FILTER(?x<3 || STRLEN(?x) > 0) '
        "OPTIONAL { _:b rdfs:label ?l } BIND(COALESCE(?l, 1) AS ?y) } GROUP BY ?x ?y"
    )
    assert set(PREFIXES) >= {"rdfs"}
