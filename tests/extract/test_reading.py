"""The reading's bookkeeping of spans: what covers a token after a span is dropped, nested spans,
and the lookups extraction makes by position, entity and kind (kept in step as spans come and
go, so that no lookup scans the whole article)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from payvand.extract.reading import Reading, Span
from payvand.model import EntityKind
from payvand.text.document import read_document

TEXT = "Ilsur Metshin, the mayor of Kazan, met Ali Ghasemzadeh in Isfahan. They spoke of Kazan."


def _reading() -> Reading:
    document = read_document(TEXT)
    return Reading.of(document.text, document.sentences, "en")


def _token(r: Reading, word: str) -> int:
    return next(i for i, t in enumerate(r.tokens) if t.text == word)


def test_drop_gives_the_tokens_back_to_the_span_added_first_over_them() -> None:
    r = _reading()
    i = _token(r, "Ilsur")
    person = Span(i, i + 2, EntityKind.PERSON, key="person/metshin")
    town = Span(i + 1, i + 2, EntityKind.CITY, key="city/x")
    later = Span(i, i + 1, EntityKind.ORGANISATION, key="organisation/y")
    r.add(person)
    r.add(town)
    r.add(later)
    assert r.span_at(i + 1) is person
    r.drop(person)
    assert r.span_at(i + 1) is town  # the first added of those left over the token
    assert r.span_at(i) is later
    assert person not in r.spans
    assert not r.has(person)
    assert r.spans_from(i) == [later]
    r.drop(town)
    assert r.span_at(i + 1) is None
    assert r.is_free(i + 1, i + 2)


def test_a_nested_span_does_not_take_its_tokens_back() -> None:
    r = _reading()
    i = _token(r, "Kazan")
    body = Span(i - 3, i + 1, EntityKind.ORGANISATION, key="organisation/z")
    city = Span(i, i + 1, EntityKind.CITY, key="city/kazan")
    r.add(body)
    r.add_inner(city)
    assert r.has(city)
    assert city.source == "inner"
    assert r.span_at(i) is body
    other = Span(i - 3, i - 2, EntityKind.PERSON, key="person/p")
    r.add(other)
    r.drop(body)
    assert r.span_at(i) is None  # the city stays nested in a body no longer there: no cover
    assert r.span_at(i - 3) is other


def test_lookups_follow_adds_and_drops() -> None:
    r = _reading()
    kazan = [i for i, t in enumerate(r.tokens) if t.text == "Kazan"]
    first = Span(kazan[0], kazan[0] + 1, EntityKind.CITY, key="city/kazan")
    second = Span(kazan[1], kazan[1] + 1, EntityKind.CITY, key="city/kazan")
    r.add(second)
    r.add(first)
    assert r.mentions_of("city/kazan") == [second, first]
    assert r.ordered(EntityKind.CITY) == ([kazan[0], kazan[1]], [first, second])
    assert r.spans_starting(0, kazan[1]) == [first]
    assert r.spans_in(r.sentence_of[kazan[1]]) == [second]
    r.drop(first)
    assert r.mentions_of("city/kazan") == [second]
    assert r.ordered(EntityKind.CITY) == ([kazan[1]], [second])
    assert r.spans_starting(0, len(r.tokens)) == [second]


def test_honorific_and_title_lookups() -> None:
    r = _reading()
    i = _token(r, "mayor")
    r.honorific_spans.append((i - 1, i, "the", False))
    assert r.honorific_end(i - 1) == i
    assert r.honorific_end(i) == 0
    assert r.in_honorific(i - 1)
    assert not r.in_honorific(i)
    assert r.honorifics_ending(i) == [(i - 1, "the")]
    r.honorific_spans.append((i + 2, i + 3, "Kazan", False))  # the index follows what is added
    assert r.in_honorific(i + 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 16), st.integers(1, 4), st.booleans()), max_size=12))
def test_coverage_after_drops_is_what_adding_the_rest_again_gives(
    plan: list[tuple[int, int, bool]],
) -> None:
    r = _reading()
    n = len(r.tokens)
    planned = [(Span(f, min(f + k, n), EntityKind.PERSON), drop) for f, k, drop in plan if f < n]
    spans = [span for span, _drop in planned]
    for span in spans:
        r.add(span)
    for span, drop in planned:
        if drop:
            r.drop(span)
    fresh = _reading()
    for span in spans:
        if not span.dropped:
            fresh.add(Span(span.first, span.last, span.kind, key=str(id(span))))
    kept = [s for s in spans if not s.dropped]
    assert r.spans == kept
    assert [str(id(s)) if s else None for s in r.covered] == [
        s.key if s else None for s in fresh.covered
    ]


def test_lookups_by_entity_follow_keys_set_in_place() -> None:
    r = _reading()
    i = _token(r, "Isfahan")
    city = Span(i, i + 1, EntityKind.CITY)
    r.add(city)
    assert r.mentions_of("city/ir-isfahan") == []
    assert r.ordered(EntityKind.CITY) == ([], [])
    city.key = "city/ir-isfahan"  # as resolution does
    r.rekeyed()
    assert r.mentions_of("city/ir-isfahan") == [city]
    assert r.ordered(EntityKind.CITY) == ([i], [city])
