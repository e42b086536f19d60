"""The mapping's additions for the ontology: dated posts, known twinnings, class hierarchy, topics."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, parse

from payvand.errors import InputError
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import (
    article_nquads,
    classes_of,
    period_literal,
    reference_quads,
    to_quads,
)
from payvand.model import Article, EntityKind, Extraction
from payvand.namespaces import PV, TOPIC, XSD, sparql_prefixes
from payvand.sources import read_articles
from tests.conftest import SEED


@pytest.mark.parametrize(
    ("text", "value", "datatype"),
    [
        ("1979", "1979", XSD.gYear),
        ("2013-08", "2013-08", XSD.gYearMonth),
        ("1989-06-03", "1989-06-03", XSD.date),
        (" 2024-05-19 ", "2024-05-19", XSD.date),
    ],
)
def test_a_period_is_as_precise_as_it_is_known(text: str, value: str, datatype: NamedNode) -> None:
    assert period_literal(text) == Literal(value, datatype=datatype)


@pytest.mark.parametrize("text", ["79", "2013-13", "1989-02-30", "June 1989", "2013/08", ""])
def test_a_bad_period_is_named(text: str) -> None:
    with pytest.raises(InputError, match="is not a date"):
        period_literal(text)


@pytest.mark.parametrize(
    ("kind", "subkind", "expected"),
    [
        (EntityKind.EVENT, "cultural_week", [PV.Event, PV.CulturalWeek, PV.Programme]),
        (EntityKind.EVENT, "signing_ceremony", [PV.Event, PV.SigningCeremony, PV.Ceremony]),
        (EntityKind.EVENT, "meeting", [PV.Event, PV.Meeting]),
        (
            EntityKind.PROGRAMME,
            "persian_language_chair",
            [PV.Programme, PV.PersianLanguageChair],
        ),
        (EntityKind.ORGANISATION, "embassy", [PV.Organisation, PV.Embassy]),
        (EntityKind.ORGANISATION, "other", [PV.Organisation]),
        (EntityKind.CITY, None, [PV.City]),
    ],
)
def test_classes_with_their_superclasses(
    kind: EntityKind, subkind: str | None, expected: list[NamedNode]
) -> None:
    assert classes_of(kind, subkind) == expected


@pytest.fixture(scope="module")
def reference(gazetteer: Gazetteer) -> Store:
    store = Store()
    store.extend(reference_quads(gazetteer, Iris()))
    return store


def select(store: Store, body: str) -> list[dict[str, str]]:
    result = store.query(sparql_prefixes() + body, use_default_graph_as_union=True)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


TERMS = """
SELECT ?begin ?end WHERE {
  ?m org:member <https://w3id.org/payvand/id/person/ali-larijani> ;
     org:organization <https://w3id.org/payvand/id/organisation/snsc> ;
     pv:post/org:postIn <https://w3id.org/payvand/id/organisation/snsc> ;
     org:memberDuring ?i .
  ?i a time:Interval ; time:hasBeginning/time:inXSDgYear ?begin .
  OPTIONAL { ?i time:hasEnd/time:inXSDgYear ?end }
} ORDER BY ?begin
"""


def test_two_terms_in_one_post_are_two_memberships(reference: Store) -> None:
    # posts.csv: Ali Larijani was secretary of the SNSC 2005-2007 and again from 2025
    assert select(reference, TERMS) == [{"begin": "2005", "end": "2007"}, {"begin": "2025"}]


def test_dates_keep_their_precision_and_the_post_is_held(reference: Store) -> None:
    rows = select(
        reference,
        """SELECT ?begin ?end ?label WHERE {
             <https://w3id.org/payvand/id/person/ruhollah-khomeini> pv:positionHeld ?post .
             ?post rdfs:label ?label FILTER(lang(?label) = "en")
             ?m pv:post ?post ; org:memberDuring ?i .
             ?i time:hasBeginning/time:inXSDgYear ?begin ; time:hasEnd/time:inXSDDate ?end }""",
    )
    assert rows == [{"begin": "1979", "end": "1989-06-03", "label": "Supreme Leader"}]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (  # concluded, with its year
            """SELECT ?status ?date WHERE {
                 ?t a pv:Twinning ; pv:partner <https://w3id.org/payvand/id/city/ir-isfahan> ,
                   <https://w3id.org/payvand/id/city/ru-kazan> ; pv:status ?status ;
                   pv:signingDate ?date }""",
            [{"status": PV.concluded.value, "date": "2025"}],
        ),
        (  # proposed: an agreement, not a twinning
            """SELECT ?class ?status ?label WHERE {
                 ?a a pv:Agreement , ?class ; pv:status ?status ; rdfs:label ?label ;
                   pv:party <https://w3id.org/payvand/id/city/ir-tehran> ,
                   <https://w3id.org/payvand/id/city/iq-najaf>
                 FILTER(?class != pv:Agreement && lang(?label) = "en") }""",
            [
                {
                    "class": PV.TwinningAgreement.value,
                    "status": PV.proposed.value,
                    "label": "Tehran \N{EN DASH} Najaf",
                }
            ],
        ),
        (  # an MoU between the cities only
            """SELECT ?class ?status WHERE {
                 ?a a pv:Agreement , ?class ; pv:status ?status ;
                   pv:party <https://w3id.org/payvand/id/city/ir-tehran> ,
                   <https://w3id.org/payvand/id/city/iq-baghdad> FILTER(?class != pv:Agreement) }""",
            [{"class": PV.MemorandumOfUnderstanding.value, "status": PV.signed.value}],
        ),
        (
            """ASK { <https://w3id.org/payvand/id/city/ir-tehran> pv:twinnedWith
                     <https://w3id.org/payvand/id/city/iq-najaf> }""",
            None,
        ),
    ],
)
def test_known_twinnings_and_city_agreements(
    reference: Store, query: str, expected: list[dict[str, str]] | None
) -> None:
    if expected is None:
        assert not reference.query(sparql_prefixes() + query)
    else:
        assert select(reference, query) == expected


def test_statements_point_to_their_topics(gazetteer: Gazetteer) -> None:
    (article,) = [a for a in read_articles([SEED]) if isinstance(a, Article)]
    extraction = extract_article(article, gazetteer)
    assert extraction.statements
    tagged = replace(
        extraction,
        statements=tuple(replace(s, topics=("tourism", "heritage")) for s in extraction.statements),
    )
    abouts = {
        q.object
        for q in to_quads(tagged, Iris())
        if isinstance(q, Quad) and q.predicate == PV.about
    }
    assert abouts == {NamedNode(TOPIC.NS + "tourism"), NamedNode(TOPIC.NS + "heritage")}
    assert not any(q.predicate == PV.about for q in to_quads(extraction, Iris()))


def _seed_extraction(gazetteer: Gazetteer) -> Extraction:
    (article,) = [a for a in read_articles([SEED]) if isinstance(a, Article)]
    return extract_article(article, gazetteer)


def test_text_with_quotes_backslashes_and_line_breaks_reads_back_unchanged(
    gazetteer: Gazetteer,
) -> None:
    extraction = _seed_extraction(gazetteer)
    headline = 'He said "twin \\ cities"\r\nآری\t«خواهرخواندگی»'
    alias = 'a "b" \\c'
    first = replace(extraction.entities[0], aliases=(alias,))
    tricky = replace(extraction, headline=headline, entities=(first, *extraction.entities[1:]))
    quads = to_quads(tricky, Iris())
    assert Literal(headline, language="fa") in {q.object for q in quads}
    assert Literal('a "b" \\c', language="en") in {q.object for q in quads}
    # the N-Quads written for the store are the same quads, line by line
    written = article_nquads(tricky, Iris())
    assert written.quads == len(quads)
    lines = (written.content_hash + written.text).splitlines()
    assert len(lines) == len(quads)


def test_the_content_hash_is_written_apart(gazetteer: Gazetteer) -> None:
    extraction = _seed_extraction(gazetteer)
    written = article_nquads(extraction, Iris())
    (mark,) = parse(written.content_hash, format=RdfFormat.N_QUADS)
    assert mark.predicate == PV.contentHash
    assert mark.subject == mark.graph_name == NamedNode(written.graph)
    assert mark.object == Literal(extraction.content_hash)
    assert str(PV.contentHash) not in written.text


def test_an_entity_key_that_makes_no_iri_is_refused(gazetteer: Gazetteer) -> None:
    extraction = _seed_extraction(gazetteer)
    broken = replace(extraction.entities[0], key="person/two words>")
    with pytest.raises(ValueError, match="Invalid IRI code point ' '"):
        article_nquads(replace(extraction, entities=(broken,)), Iris())


def test_a_language_that_makes_no_tag_is_refused(gazetteer: Gazetteer) -> None:
    extraction = _seed_extraction(gazetteer)
    with pytest.raises(InputError, match="'f a' is not a language tag"):
        article_nquads(replace(extraction, lang="f a"), Iris())
