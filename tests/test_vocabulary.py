"""The ontology as values: kinds, labels in both languages, and unions in domains and ranges."""

from __future__ import annotations

import pytest

from payvand.namespaces import PV, TOPIC
from payvand.sources import load_vocabulary
from payvand.vocabulary import TermKind, Vocabulary
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_vocabulary(ROOT / "ontology")


@pytest.mark.parametrize(
    ("iri", "kind", "fa", "en"),
    [
        (PV.City.value, TermKind.CLASS, "شهر", "City"),
        (PV.twinnedWith.value, TermKind.OBJECT_PROPERTY, "خواهرخوانده", "twinned with"),
        (PV.quote.value, TermKind.DATATYPE_PROPERTY, "نقل‌قول", "quote"),
        (PV.signed.value, TermKind.INDIVIDUAL, "امضاشده", "signed"),
        (TOPIC.NS + "tourism", TermKind.TOPIC, "گردشگری", "Tourism"),
        ("https://schema.org/mentions", TermKind.OBJECT_PROPERTY, "اشاره به", "mentions"),
    ],
)
def test_terms_and_their_labels(
    vocabulary: Vocabulary, iri: str, kind: TermKind, fa: str, en: str
) -> None:
    term = vocabulary.term(iri)
    assert term is not None
    assert (term.kind, term.label("fa"), term.label("en")) == (kind, fa, en)
    assert vocabulary.label(iri, "fa") == fa


def test_axioms_with_unions(vocabulary: Vocabulary) -> None:
    party = vocabulary.term(PV.party.value)
    assert party is not None
    assert party.domain == [PV.Agreement.value]
    assert party.range == [PV.Organisation.value, PV.City.value, PV.Country.value]
    week = vocabulary.term(PV.CulturalWeek.value)
    assert week is not None
    assert set(week.parents) == {PV.Programme.value, PV.Event.value}
    city = vocabulary.term(PV.City.value)
    assert city is not None
    assert city.equivalents == ["http://www.wikidata.org/entity/Q515"]
    assert vocabulary.term(TOPIC.NS + "cinema").parents == [TOPIC.NS + "arts"]  # type: ignore[union-attr]


def test_the_ontology_metadata_and_the_lists(vocabulary: Vocabulary) -> None:
    title = vocabulary.metadata["http://purl.org/dc/terms/title"]
    assert title["fa"] == "پیوند: هستان‌شناسی دیپلماسی فرهنگی ایران"
    classes = vocabulary.of_kind(TermKind.CLASS, own=True)
    assert PV.Person.value in {t.iri for t in classes}
    assert all(t.own for t in classes)
    assert "https://schema.org/NewsArticle" in {
        t.iri for t in vocabulary.of_kind(TermKind.CLASS, own=False)
    }
    assert len(vocabulary.of_kind(TermKind.TOPIC)) == 13
    assert vocabulary.label("http://example.org/unknown", "fa") is None
