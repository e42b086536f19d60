from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payvand.errors import InputError
from payvand.text.analysis import analyse
from payvand.text.normalise import normalise_text
from payvand.text.search_query import (
    AllOf,
    AnyOf,
    Phrase,
    Prefix,
    Without,
    matches,
    parse_query,
    snippet,
    to_fts5,
)

# (query, its tree): one row per construct of the language.
PARSED = [
    ("دیپلماسی", Phrase(("دیپلماس",))),
    ("دیپلماسی شهری", AllOf((Phrase(("دیپلماس",)), Phrase(("شهر",))))),
    ("دیپلماسی AND شهری", AllOf((Phrase(("دیپلماس",)), Phrase(("شهر",))))),
    ('"Persian chair"', Phrase(("persian", "chair"))),
    ("«دیپلماسی شهری»", Phrase(("دیپلماس", "شهر"))),
    ("a OR b", AnyOf((Phrase(("a",)), Phrase(("b",))))),
    ("a -b", Without(Phrase(("a",)), Phrase(("b",)))),
    ("a NOT b", Without(Phrase(("a",)), Phrase(("b",)))),
    ("a NOT b NOT c", Without(Phrase(("a",)), AnyOf((Phrase(("b",)), Phrase(("c",)))))),
    ("دیپلما*", Prefix((), ("دیپلما",))),
    ("chairs*", Prefix((), ("chairs", "chair"))),
    ("cultural-dipl*", Prefix(("cultur",), ("dipl",))),
    ("(a OR b) c", AllOf((AnyOf((Phrase(("a",)), Phrase(("b",)))), Phrase(("c",))))),
    ("میشود", Phrase(("شود",))),  # normalised like the texts: the verb prefix goes
    ("Persian-language", Phrase(("persian", "languag"))),  # one word, two terms: a phrase
]


@pytest.mark.parametrize(("query", "tree"), PARSED)
def test_parse_query(query: str, tree: object) -> None:
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    ("query", "fts"),
    [
        ("دیپلماسی شهری", '("دیپلماس" AND "شهر")'),
        ('"Persian chair" OR قرآن*', '("persian chair" OR "قران"*)'),
        ("a -b", '("a" NOT "b")'),
        ("chairs*", '("chairs"* OR "chair"*)'),
    ],
)
def test_to_fts5(query: str, fts: str) -> None:
    assert to_fts5(parse_query(query)) == fts


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-a", "only excludes"),
        ("NOT a", "only excludes"),
        ("a NOT", "needs a word"),
        ("(a", "not closed"),
        ("a)", "no '\\('"),
        ("« » ،", "no word"),
        ("OR", "no word"),
    ],
)
def test_bad_queries_say_why(query: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_query(query)
    assert caught.value.field == "q"


def _terms(text: str) -> list[str]:
    return analyse(normalise_text(text))


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("کتاب", "کتاب‌های تازه", True),
        ('"دیپلماسی شهری"', "از دیپلماسی شهری گفت", True),
        ('"دیپلماسی شهری"', "شهری با دیپلماسی", False),  # a phrase keeps its order
        ("دیپلماسی شهری", "شهری با دیپلماسی", True),
        ("دیپلماسی -شهری", "از دیپلماسی شهری گفت", False),
        ("دیپلماسی OR موسیقی", "موسیقی سنتی", True),
        ("دیپلما*", "دیپلماسی عمومی", True),
        ("chair*", "Persian chairs", True),
        ('"Persian chair*"', "Persian chairs", True),
        ("univers*", "a university", True),
    ],
)
def test_matches(query: str, text: str, found: bool) -> None:
    assert matches(parse_query(query), _terms(text)) is found


def test_snippet_marks_the_words_found() -> None:
    text = normalise_text("ما از دیپلماسی شهری و کتاب‌های فارسی سخن گفتیم.")
    cut = snippet(text, parse_query("دیپلماسی کتاب -فارسی"))
    assert [cut.text[a:b] for a, b in cut.marks] == ["دیپلماسی", "کتاب‌های"]


def test_snippet_cuts_around_the_first_hit() -> None:
    text = " ".join(f"w{n}" for n in range(100)) + " Iran's culture"
    cut = snippet(text, parse_query("iran"), words=10)
    assert cut.text.startswith("\u2026 ")
    assert [cut.text[a:b] for a, b in cut.marks] == ["Iran's"]


@given(st.text(max_size=60))
def test_parsing_raises_only_input_errors(text: str) -> None:
    try:
        node = parse_query(text)
    except InputError:
        return
    assert to_fts5(node)
