"""The SHACL shapes: the bundled data conforms, and deliberately broken graphs show their violations."""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, Triple

from payvand.errors import InputError
from payvand.model import Severity
from payvand.namespaces import PREFIXES, sparql_prefixes
from payvand.pipeline import validate_store
from payvand.sources import load_shapes
from payvand.store import OxigraphStore
from payvand.validation import Shapes, ValidationReport, describe, validate
from tests.conftest import ROOT

ID = "https://w3id.org/payvand/id/"

# A small graph that conforms: one article with a sentence, a person and an organisation, a
# membership with its post and term, a statement about a topic, a twinning, an agreement, an event.
GOOD = """
@prefix pv: <https://w3id.org/payvand/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix topic: <https://w3id.org/payvand/ontology/topics#> .
@prefix id: <https://w3id.org/payvand/id/> .

id:article\\/a a schema:NewsArticle ; schema:url <https://example.org/a> ; schema:inLanguage "fa" ;
    schema:headline "خبر"@fa ; schema:datePublished "2022-01-18T10:58:00+03:30"^^xsd:dateTime ;
    pv:contentHash "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;
    schema:publisher id:organisation\\/icro ; schema:mentions id:person\\/p , id:city\\/ir-tehran .
id:article\\/a\\/sentence\\/0 a pv:Sentence ; pv:inArticle id:article\\/a ; pv:text "جمله"@fa ;
    pv:sentenceIndex 0 ; pv:startOffset 0 ; pv:endOffset 4 .
id:person\\/p a pv:Person ; rdfs:label "پ"@fa , "P"@en ; owl:sameAs <http://www.wikidata.org/entity/Q1> ;
    pv:positionHeld id:post\\/1 .
id:organisation\\/icro a pv:Organisation , pv:CulturalOrganisation ; rdfs:label "ICRO"@en ;
    pv:locatedIn id:city\\/ir-tehran .
id:country\\/ir a pv:Country ; rdfs:label "ایران"@fa .
id:country\\/ru a pv:Country ; rdfs:label "Russia"@en .
id:city\\/ir-tehran a pv:City ; rdfs:label "تهران"@fa ; pv:locatedIn id:country\\/ir ;
    pv:twinnedWith id:city\\/ru-kazan .
id:city\\/ru-kazan a pv:City ; rdfs:label "Kazan"@en ; pv:locatedIn id:country\\/ru ;
    pv:twinnedWith id:city\\/ir-tehran .
id:role\\/head a org:Role ; rdfs:label "head"@en .
id:post\\/1 a org:Post ; rdfs:label "Head of ICRO"@en ; org:postIn id:organisation\\/icro ;
    org:role id:role\\/head .
id:membership\\/1 a org:Membership ; org:member id:person\\/p ; org:organization id:organisation\\/icro ;
    org:role id:role\\/head ; pv:post id:post\\/1 ; org:memberDuring id:membership\\/1\\/during ;
    pv:evidence id:article\\/a\\/sentence\\/0 .
id:membership\\/1\\/during a time:Interval ; time:hasBeginning id:b ; time:hasEnd id:e .
id:b a time:Instant ; time:inXSDgYear "2013"^^xsd:gYear .
id:e a time:Instant ; time:inXSDDate "2021-08-03"^^xsd:date .
id:article\\/a\\/statement\\/0 a pv:Statement ; pv:speaker id:person\\/p ; pv:quote "سخن"@fa ;
    pv:speechVerb "گفت"@fa ; pv:startOffset 0 ; pv:endOffset 3 ;
    schema:dateCreated "2022-01-18T10:58:00+03:30"^^xsd:dateTime ; prov:wasDerivedFrom id:article\\/a ;
    pv:evidence id:article\\/a\\/sentence\\/0 ; pv:about topic:tourism .
topic:tourism a skos:Concept ; skos:prefLabel "Tourism"@en , "گردشگری"@fa ;
    skos:hiddenLabel "tourism"@en ; skos:inScheme <https://w3id.org/payvand/ontology/topics> .
<https://w3id.org/payvand/ontology/topics> a skos:ConceptScheme .
id:twinning\\/t a pv:Twinning ; pv:partner id:city\\/ir-tehran , id:city\\/ru-kazan ;
    pv:status pv:concluded ; pv:signingDate "2025"^^xsd:gYear .
id:agreement\\/m a pv:Agreement , pv:MemorandumOfUnderstanding ; rdfs:label "تفاهم‌نامه"@fa ;
    pv:agreementKind "mou" ; pv:status pv:signed ; pv:party id:organisation\\/icro , id:city\\/ru-kazan ;
    pv:signingDate "2022-01-18"^^xsd:date ; pv:signingPlace id:city\\/ir-tehran .
id:event\\/e a pv:Event , pv:CulturalWeek , pv:Programme ; rdfs:label "Iranian Cultural Week"@en ;
    schema:organizer id:organisation\\/icro ; schema:location id:city\\/ru-kazan ;
    schema:startDate "2022-01-18"^^xsd:date ; schema:endDate "2022-01-25"^^xsd:date .
"""


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return load_shapes(ROOT / "ontology" / "shapes.ttl")


def check(shapes: Shapes, update: str | None = None) -> ValidationReport:
    store = Store()
    store.load(GOOD.encode(), format=RdfFormat.TURTLE)
    if update:
        store.update(sparql_prefixes() + "PREFIX id: <https://w3id.org/payvand/id/>\n" + update)
    triples = [Triple(q.subject, q.predicate, q.object) for q in store]
    return validate(triples, shapes)


def test_the_small_graph_conforms(shapes: Shapes) -> None:
    report = check(shapes)
    assert report.results == ()
    assert report.conforms
    assert report.triples > 80


# (what is broken, the SPARQL update that breaks it, the focus node, the path, words of the message)
BROKEN = [
    (
        "two speakers",
        "INSERT DATA { <{ID}article/a/statement/0> pv:speaker <{ID}person/q> . "
        "<{ID}person/q> a pv:Person ; rdfs:label 'Q'@en }",
        "article/a/statement/0",
        "pv:speaker",
        "exactly one speaker",
    ),
    (
        "no speaker",
        "DELETE WHERE { <{ID}article/a/statement/0> pv:speaker ?p }",
        "article/a/statement/0",
        "pv:speaker",
        "exactly one speaker",
    ),
    (
        "the speaker is an organisation",
        "DELETE WHERE { <{ID}article/a/statement/0> pv:speaker ?p } ; "
        "INSERT DATA { <{ID}article/a/statement/0> pv:speaker <{ID}organisation/icro> }",
        "article/a/statement/0",
        "pv:speaker",
        "is a pv:Person",
    ),
    (
        "an empty quote",
        "DELETE WHERE { <{ID}article/a/statement/0> pv:quote ?q } ; "
        "INSERT DATA { <{ID}article/a/statement/0> pv:quote '  '@fa }",
        "article/a/statement/0",
        "pv:quote",
        "non-empty",
    ),
    (
        "a quote without a language tag",
        "DELETE WHERE { <{ID}article/a/statement/0> pv:quote ?q } ; "
        "INSERT DATA { <{ID}article/a/statement/0> pv:quote 'words' }",
        "article/a/statement/0",
        "pv:quote",
        "tagged string",
    ),
    (
        "a topic that is not a concept",
        "INSERT DATA { <{ID}article/a/statement/0> pv:about <{ID}city/ir-tehran> }",
        "article/a/statement/0",
        "pv:about",
        "skos:Concept",
    ),
    (
        "a statement whose start is after its end",
        "DELETE WHERE { <{ID}article/a/statement/0> pv:startOffset ?s } ; "
        "INSERT DATA { <{ID}article/a/statement/0> pv:startOffset 9 }",
        "article/a/statement/0",
        "pv:startOffset",
        "below its end offset",
    ),
    (
        "a membership without a member",
        "DELETE WHERE { <{ID}membership/1> org:member ?p }",
        "membership/1",
        "org:member",
        "exactly one member",
    ),
    (
        "a membership in a city",
        "DELETE WHERE { <{ID}membership/1> org:organization ?o } ; "
        "INSERT DATA { <{ID}membership/1> org:organization <{ID}city/ir-tehran> }",
        "membership/1",
        "org:organization",
        "exactly one organisation",
    ),
    (
        "a twinning with one partner",
        "DELETE DATA { <{ID}twinning/t> pv:partner <{ID}city/ru-kazan> }",
        "twinning/t",
        "pv:partner",
        "two distinct partners",
    ),
    (
        "a twinning of a city and a country",
        "DELETE DATA { <{ID}twinning/t> pv:partner <{ID}city/ru-kazan> } ; "
        "INSERT DATA { <{ID}twinning/t> pv:partner <{ID}country/ru> . "
        "<{ID}city/ir-tehran> pv:twinnedWith <{ID}country/ru> . "
        "<{ID}country/ru> pv:twinnedWith <{ID}city/ir-tehran> }",
        "twinning/t",
        "pv:partner",
        "are cities",
    ),
    (
        "a proposed twinning",
        "DELETE DATA { <{ID}twinning/t> pv:status pv:concluded } ; "
        "INSERT DATA { <{ID}twinning/t> pv:status pv:proposed }",
        "twinning/t",
        "pv:status",
        "a proposed one is a pv:TwinningAgreement",
    ),
    (
        "partners that are not twinned with each other",
        "DELETE WHERE { ?a pv:twinnedWith ?b }",
        "twinning/t",
        None,
        "not pv:twinnedWith each other",
    ),
    (
        "a city twinned with itself",
        "INSERT DATA { <{ID}city/ru-kazan> pv:twinnedWith <{ID}city/ru-kazan> }",
        "city/ru-kazan",
        None,
        "twinned with itself",
    ),
    (
        "a label in German",
        "INSERT DATA { <{ID}person/p> rdfs:label 'P'@de }",
        "person/p",
        "rdfs:label",
        "tagged @fa or @en",
    ),
    (
        "a label on two lines",
        "INSERT DATA { <{ID}person/p> rdfs:label 'P\\nQ'@en }",
        "person/p",
        "rdfs:label",
        "one line",
    ),
    (
        "an entity without a name",
        "DELETE WHERE { <{ID}country/ru> rdfs:label ?l }",
        "country/ru",
        "rdfs:label",
        "has no rdfs:label",
    ),
    (
        "a Wikidata link that is not an item",
        "INSERT DATA { <{ID}person/p> owl:sameAs <https://example.org/p> }",
        "person/p",
        "owl:sameAs",
        "Wikidata item",
    ),
    (
        "a publication date that is a plain string",
        "DELETE WHERE { <{ID}article/a> schema:datePublished ?d } ; "
        "INSERT DATA { <{ID}article/a> schema:datePublished '18 January 2022' }",
        "article/a",
        "schema:datePublished",
        "xsd:date or xsd:dateTime",
    ),
    (
        "a publication date that does not exist",
        "DELETE WHERE { <{ID}article/a> schema:datePublished ?d } ; "
        "INSERT DATA { <{ID}article/a> schema:datePublished '2022-02-30'^^xsd:date }",
        "article/a",
        "schema:datePublished",
        "xsd:date or xsd:dateTime",
    ),
    (
        "an article in German",
        "DELETE WHERE { <{ID}article/a> schema:inLanguage ?l } ; "
        "INSERT DATA { <{ID}article/a> schema:inLanguage 'de' }",
        "article/a",
        "schema:inLanguage",
        '"fa" or "en"',
    ),
    (
        "a mention of something untyped",
        "INSERT DATA { <{ID}article/a> schema:mentions <{ID}person/ghost> }",
        "person/ghost",
        None,
        "has no type",
    ),
    (
        "a term that ends before it begins",
        "DELETE WHERE { <{ID}b> time:inXSDgYear ?y } ; "
        "INSERT DATA { <{ID}b> time:inXSDgYear '2022'^^xsd:gYear }",
        "membership/1/during",
        None,
        "ends before it begins",
    ),
    (
        "an instant given twice",
        "INSERT DATA { <{ID}b> time:inXSDDate '2013-01-01'^^xsd:date }",
        "b",
        None,
        "exactly one of a date, a month or a year",
    ),
    (
        "an agreement of an unknown kind",
        "DELETE WHERE { <{ID}agreement/m> pv:agreementKind ?k } ; "
        "INSERT DATA { <{ID}agreement/m> pv:agreementKind 'friendship' }",
        "agreement/m",
        "pv:agreementKind",
        "one kind",
    ),
    (
        "an agreement signed in a person",
        "DELETE WHERE { <{ID}agreement/m> pv:signingPlace ?p } ; "
        "INSERT DATA { <{ID}agreement/m> pv:signingPlace <{ID}person/p> }",
        "agreement/m",
        "pv:signingPlace",
        "city, country or venue",
    ),
    (
        "an event organised by a city",
        "INSERT DATA { <{ID}event/e> schema:organizer <{ID}city/ir-tehran> }",
        "event/e",
        "schema:organizer",
        "pv:Organisation or a pv:Person",
    ),
    (
        "an untyped node with a speaker",
        "INSERT DATA { <{ID}x> pv:speaker <{ID}person/p> }",
        "x",
        None,
        "not a pv:Statement",
    ),
    (
        "a topic without a Persian label",
        "DELETE DATA { topic:tourism skos:prefLabel 'گردشگری'@fa }",
        "https://w3id.org/payvand/ontology/topics#tourism",
        "skos:prefLabel",
        "Persian preferred label",
    ),
]


@pytest.mark.parametrize(
    ("update", "focus", "path", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_a_broken_graph_shows_its_violation(
    shapes: Shapes, update: str, focus: str, path: str | None, message: str
) -> None:
    report = check(shapes, update.replace("{ID}", ID))
    assert not report.conforms
    focus_iri = focus if focus.startswith("http") else ID + focus
    path_iri = None
    if path is not None:
        prefix, local = path.split(":")
        path_iri = PREFIXES[prefix] + local
    found = [
        r
        for r in report.violations
        if r.focus == focus_iri and r.path == path_iri and message in r.message
    ]
    assert found, "\n".join(describe(report))


def test_conflicting_dates_are_a_warning_not_a_violation(shapes: Shapes) -> None:
    report = check(shapes, f"INSERT DATA {{ <{ID}twinning/t> pv:signingDate '2024'^^xsd:gYear }}")
    assert report.conforms
    (warning,) = report.warnings
    assert warning.severity is Severity.WARNING
    assert (warning.focus, warning.message) == (
        ID + "twinning/t",
        "the sources give more than one date for this twinning",
    )


def test_the_report_is_grouped_and_readable(shapes: Shapes) -> None:
    update = " ; ".join(
        f"INSERT DATA {{ <{ID}city/c{n}> a pv:City ; pv:locatedIn <{ID}country/ir> }}"
        for n in range(12)
    )
    report = check(shapes, update + f" ; DELETE WHERE {{ <{ID}membership/1> org:member ?p }}")
    lines = describe(report, prefixes={**PREFIXES, "id": ID}, limit=10)
    assert lines[0] == (
        f"does not conform: 13 violations, 0 warnings in 2 groups ({report.triples} triples)"
    )
    assert lines[2] == (
        "violation: rdfs:label: has no rdfs:label; every entity needs a name in Persian or "
        "English (12)"
    )
    assert lines[3] == "    id:city/c0"
    assert lines[13] == "    … and 2 more"
    assert lines[15] == (
        "violation: org:member: a membership has exactly one member, a pv:Person (1)"
    )
    assert lines[16] == "    id:membership/1"


def test_a_file_without_shapes_is_not_taken_for_shapes() -> None:
    with pytest.raises(InputError, match="no sh:targetClass"):
        Shapes([Triple(NamedNode(ID + "a"), NamedNode(ID + "b"), NamedNode(ID + "c"))])


def test_everything_ingested_from_the_bundled_articles_conforms(
    bundled_store: OxigraphStore, shapes: Shapes
) -> None:
    report = validate_store(bundled_store, shapes)
    assert report.results == (), "\n".join(describe(report))
    # the whole store: the articles, the gazetteer's reference graph and the topic scheme
    assert report.triples > 40_000


def test_validating_a_store_leaves_no_result_iterator_behind(
    bundled_store: OxigraphStore, shapes: Shapes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pyoxigraph refuses to drop a result iterator in a thread other than its own; one left in a
    # reference cycle is dropped by whichever thread collects the garbage next (a server's, say).
    gc.collect()
    dropped: list[str] = []

    def hook(unraisable: Any) -> None:
        dropped.append(str(unraisable.exc_value))

    monkeypatch.setattr(sys, "unraisablehook", hook)
    assert validate_store(bundled_store, shapes).results == ()
    collector = threading.Thread(target=gc.collect)
    collector.start()
    collector.join()
    assert dropped == []
