"""Contracts between the parts: the ontology declares every term the mapping emits, in both
languages, and every named query parses and is documented."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery

from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.extract.topics import TopicScheme, tag_topics
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import CLASS_OF_SUBKIND, reference_quads, to_quads
from payvand.model import (
    Agreement,
    AgreementStatus,
    Article,
    Entity,
    EntityKind,
    Event,
    Twinning,
    TwinningStatus,
)
from payvand.namespaces import PV, TOPIC
from payvand.sources import load_topics, read_articles
from payvand.store.queries import bind, parse_query
from tests.conftest import DATA, ROOT

ONTOLOGY = ROOT / "ontology" / "payvand.ttl"
TOPICS = ROOT / "ontology" / "topics.ttl"
PV_NS = rdflib.Namespace(PV.NS)
WDT = rdflib.Namespace("http://www.wikidata.org/prop/direct/")
WD = rdflib.Namespace("http://www.wikidata.org/entity/")
# RDF, RDFS and OWL built-ins need labels (pages name them) but are declared by their own specs.
BUILT_INS = (str(RDF), str(RDFS), str(OWL))


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def topics_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(TOPICS, format="turtle")


@pytest.fixture(scope="module")
def vocabulary(ontology: rdflib.Graph, topics_graph: rdflib.Graph) -> rdflib.Graph:
    return ontology + topics_graph


@pytest.fixture(scope="module")
def topics() -> TopicScheme:
    return load_topics(TOPICS)


@pytest.mark.parametrize("path", [ONTOLOGY, TOPICS], ids=lambda p: p.name)
def test_the_ontology_files_parse_with_pyoxigraph_too(path: object) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 100


def pv_terms() -> list[str]:
    return sorted(v.value for k, v in vars(PV).items() if isinstance(v, pyoxigraph.NamedNode))


def _langs(
    graph: rdflib.Graph, term: rdflib.term.Node, predicate: rdflib.URIRef
) -> set[str | None]:
    return {o.language for o in graph.objects(term, predicate) if isinstance(o, rdflib.Literal)}


@pytest.mark.parametrize("iri", pv_terms())
def test_every_term_is_declared_with_labels_in_both_languages(
    ontology: rdflib.Graph, iri: str
) -> None:
    term = rdflib.URIRef(iri)
    assert (term, RDF.type, None) in ontology, f"{iri} is not declared in {ONTOLOGY.name}"
    assert {"en", "fa"} <= _langs(ontology, term, RDFS.label), f"{iri} lacks a label"
    assert "en" in _langs(ontology, term, RDFS.comment), f"{iri} lacks an English comment"


def declared_pv_terms() -> list[str]:
    graph = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    return sorted(
        str(s)
        for s in set(graph.subjects(RDF.type, None))
        if isinstance(s, rdflib.URIRef) and str(s).startswith(PV.NS)
    )


@pytest.mark.parametrize("iri", declared_pv_terms())
def test_every_declared_term_has_labels_a_comment_and_a_python_name(
    ontology: rdflib.Graph, iri: str
) -> None:
    term = rdflib.URIRef(iri)
    assert {"en", "fa"} <= _langs(ontology, term, RDFS.label)
    assert "en" in _langs(ontology, term, RDFS.comment)
    assert iri in pv_terms(), f"{iri} is declared but payvand.namespaces.PV has no name for it"
    if (term, RDF.type, OWL.ObjectProperty) in ontology or (
        term,
        RDF.type,
        OWL.DatatypeProperty,
    ) in ontology:
        assert (term, RDFS.domain, None) in ontology, f"{iri} has no rdfs:domain"
        assert (term, RDFS.range, None) in ontology, f"{iri} has no rdfs:range"


def test_the_ontology_has_its_metadata(ontology: rdflib.Graph) -> None:
    (node,) = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert (node, OWL.versionIRI, None) in ontology
    assert (node, DCTERMS.license, None) in ontology
    assert (node, DCTERMS.creator, None) in ontology
    assert {"en", "fa"} <= _langs(ontology, node, DCTERMS.title)
    assert {"en", "fa"} <= _langs(ontology, node, DCTERMS.description)
    (version,) = ontology.objects(node, OWL.versionInfo)
    assert str(ontology.value(node, OWL.versionIRI)).endswith("/" + str(version))


@pytest.mark.parametrize(
    ("subject", "predicate", "target"),
    [
        # Wikidata: twinned administrative body, position held, city
        (PV_NS.twinnedWith, OWL.equivalentProperty, WDT.P190),
        (PV_NS.positionHeld, OWL.equivalentProperty, WDT.P39),
        (PV_NS.City, OWL.equivalentClass, WD.Q515),
        # W3C ORG, schema.org, PROV-O, FOAF, SKOS
        (
            PV_NS.Organisation,
            RDFS.subClassOf,
            rdflib.URIRef("http://www.w3.org/ns/org#Organization"),
        ),
        (PV_NS.positionHeld, RDFS.subPropertyOf, rdflib.URIRef("http://www.w3.org/ns/org#holds")),
        (PV_NS.Statement, RDFS.subClassOf, rdflib.URIRef("https://schema.org/Quotation")),
        (PV_NS.Statement, RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/prov#Entity")),
        (PV_NS.Person, RDFS.subClassOf, rdflib.URIRef("http://xmlns.com/foaf/0.1/Person")),
        (PV_NS.Status, RDFS.subClassOf, SKOS.Concept),
        (PV_NS.about, RDFS.range, SKOS.Concept),
        (PV_NS.CulturalWeek, RDFS.subClassOf, PV_NS.Programme),
        (PV_NS.SigningCeremony, RDFS.subClassOf, PV_NS.Ceremony),
        (PV_NS.TwinningAgreement, RDFS.subClassOf, PV_NS.Agreement),
    ],
)
def test_the_alignments(
    ontology: rdflib.Graph, subject: rdflib.URIRef, predicate: rdflib.URIRef, target: rdflib.URIRef
) -> None:
    assert (subject, predicate, target) in ontology


def concepts() -> list[str]:
    graph = rdflib.Graph().parse(TOPICS, format="turtle")
    return sorted(str(c) for c in graph.subjects(RDF.type, SKOS.Concept))


@pytest.mark.parametrize("iri", concepts())
def test_every_topic_has_labels_a_definition_and_keywords_in_both_languages(
    topics_graph: rdflib.Graph, iri: str
) -> None:
    concept = rdflib.URIRef(iri)
    assert iri.startswith(TOPIC.NS)
    assert _langs(topics_graph, concept, SKOS.prefLabel) == {"en", "fa"}
    assert "en" in _langs(topics_graph, concept, SKOS.definition)
    assert {"en", "fa"} <= _langs(topics_graph, concept, SKOS.hiddenLabel)
    assert (concept, SKOS.inScheme, None) in topics_graph


def test_the_scheme_has_the_themes_of_the_issue(topics: TopicScheme) -> None:
    assert {
        "city-diplomacy",
        "tourism",
        "heritage",
        "language",
        "religion",
        "education",
        "media",
        "arts",
        "science",
    } <= set(topics.topics)


def _every_branch() -> Article:
    """An article whose extraction, enriched below, takes every optional branch of the mapping."""
    return Article(
        url="https://example.org/en/1",
        text="Isfahan and Kazan signed a sister-city agreement.\nTEHRAN, Jan. 18 (IRNA) - "
        "Mohammad-Mehdi Imanipour, head of the Islamic Culture and Relations Organization, "
        "said culture and tourism unite the two cities.",
        lang="en",
    )


def test_every_iri_the_mapping_emits_is_declared_with_both_labels(
    vocabulary: rdflib.Graph, gazetteer: Gazetteer, topics: TopicScheme
) -> None:
    articles = [a for a in read_articles([DATA / "articles"]) if isinstance(a, Article)]
    extractions = [tag_topics(extract_article(a, gazetteer), topics) for a in articles]
    enriched = extract_article(_every_branch(), gazetteer)
    city = "city/ir-isfahan"
    enriched = replace(
        tag_topics(enriched, topics),
        entities=(
            *enriched.entities,
            *(
                Entity(f"event/e-{kind}", EntityKind.EVENT, kind, "en", subkind=kind)
                for kind in CLASS_OF_SUBKIND
                if CLASS_OF_SUBKIND[kind].value.startswith(PV.NS)
            ),
        ),
        twinnings=(
            Twinning(city, "city/ru-kazan", TwinningStatus.CONCLUDED, 0, 0, 5, date(2025, 4, 1)),
        ),
        agreements=tuple(
            Agreement(
                kind, (city, "city/ru-kazan"), status, "agreement", 0, 0, 5, date(2025, 4, 1), city
            )
            for kind in ("mou", "twinning")
            for status in AgreementStatus
        ),
        events=(
            Event(
                "event/e-meeting",
                "meeting",
                "meeting",
                ("organisation/icro",),
                None,
                city,
                date(2022, 1, 18),
                1,
                0,
                5,
            ),
        ),
    )
    quads = [q for e in [*extractions, enriched] for q in to_quads(e, Iris())]
    quads += list(reference_quads(gazetteer, Iris()))
    emitted: set[str] = set()
    for quad in quads:
        emitted.add(quad.predicate.value)
        if quad.predicate.value == str(RDF.type) or (
            isinstance(quad.object, pyoxigraph.NamedNode)
            and quad.object.value.startswith((PV.NS, TOPIC.NS))
        ):
            assert isinstance(quad.object, pyoxigraph.NamedNode)
            emitted.add(quad.object.value)
    assert {PV.about.value, PV.signingDate.value, PV.positionHeld.value} <= emitted
    problems = []
    for iri in sorted(emitted):
        term = rdflib.URIRef(iri)
        if not iri.startswith(BUILT_INS) and (term, RDF.type, None) not in vocabulary:
            problems.append(f"{iri} is not declared")
        labels = _langs(vocabulary, term, RDFS.label) | _langs(vocabulary, term, SKOS.prefLabel)
        if not {"en", "fa"} <= labels:
            problems.append(f"{iri} lacks a label in English or Persian")
    assert problems == []


QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_named_query_parses_and_is_documented(path: Path) -> None:
    query = parse_query(path.read_text(encoding="utf-8"), path.stem, source=str(path))
    assert query.title.keys() == {"en", "fa"}
    assert query.description.keys() == {"en", "fa"}
    bound = bind(query, dict(parse_qsl(query.example)), base=Iris().base)
    for sparql in (query.sparql, bound):
        pyoxigraph.Store().query(sparql)  # raises SyntaxError if it does not parse
    prepareQuery(bound)  # and so does rdflib's parser, a second opinion
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{path.stem}`" in readme, f"README.md does not list the named query {path.stem}"
