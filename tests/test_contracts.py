"""Contracts between the parts: the ontology declares every term the mapping emits, in both languages."""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import reference_quads, to_quads
from payvand.model import Article
from payvand.namespaces import PV
from payvand.sources import read_articles
from tests.conftest import ROOT, SEED

ONTOLOGY = ROOT / "ontology" / "payvand.ttl"


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def test_the_ontology_parses_with_pyoxigraph_too() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 100


def pv_terms() -> list[str]:
    return sorted(v.value for k, v in vars(PV).items() if isinstance(v, pyoxigraph.NamedNode))


@pytest.mark.parametrize("iri", pv_terms())
def test_every_term_is_declared_with_labels_in_both_languages(
    ontology: rdflib.Graph, iri: str
) -> None:
    term = rdflib.URIRef(iri)
    assert (term, RDF.type, None) in ontology, f"{iri} is not declared in {ONTOLOGY.name}"
    langs = {
        label.language
        for label in ontology.objects(term, RDFS.label)
        if isinstance(label, rdflib.Literal)
    }
    assert {"en", "fa"} <= langs, f"{iri} lacks an English or Persian label"
    assert any(
        isinstance(c, rdflib.Literal) and c.language == "en"
        for c in ontology.objects(term, RDFS.comment)
    ), f"{iri} lacks an English comment"


def test_the_ontology_has_its_metadata(ontology: rdflib.Graph) -> None:
    (node,) = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert (node, OWL.versionIRI, None) in ontology


def test_every_pv_iri_the_mapping_emits_is_declared(
    ontology: rdflib.Graph, gazetteer: Gazetteer
) -> None:
    articles = [a for a in read_articles([SEED]) if isinstance(a, Article)]
    english = Article(
        url="https://example.org/en/1",
        text="Isfahan and Kazan signed a sister-city agreement.\nTEHRAN, Jan. 18 (IRNA) - "
        "Mohammad-Mehdi Imanipour, head of the Islamic Culture and Relations Organization, said culture unites.",
        lang="en",
    )
    quads = [
        q for a in [*articles, english] for q in to_quads(extract_article(a, gazetteer), Iris())
    ]
    quads += list(reference_quads(gazetteer, Iris()))
    emitted = set()
    for quad in quads:
        for term in (quad.predicate, quad.object):
            if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(PV.NS):
                emitted.add(term.value)
    declared = {str(s) for s in ontology.subjects(RDF.type, None)}
    assert emitted - declared == set()
