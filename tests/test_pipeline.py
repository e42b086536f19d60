"""The seed article, end to end: read, extract, map, store, and ask the store with SPARQL."""

from __future__ import annotations

import pytest
from pyoxigraph import QuerySolutions

from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.namespaces import sparql_prefixes
from payvand.pipeline import ingest, store_stats
from payvand.sources import read_articles
from payvand.store import OxigraphStore
from payvand.text.normalise import match_key
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seeded(gazetteer: Gazetteer) -> OxigraphStore:
    store = OxigraphStore(None)
    report = ingest(read_articles([SEED]), store, gazetteer, Iris())
    assert report.ok
    assert report.articles == 1
    return store


def article_graph(store: OxigraphStore) -> str:
    result = store.query("SELECT ?g WHERE { GRAPH ?g { ?g a <https://schema.org/NewsArticle> } }")
    assert isinstance(result, QuerySolutions)
    (row,) = list(result)
    return str(row["g"].value)


def rows(store: OxigraphStore, body: str) -> list[dict[str, str]]:
    """Answers from the article's own graph, as the competency questions are asked."""
    result = store.query(sparql_prefixes() + body, default_graph=[article_graph(store)])
    assert isinstance(result, QuerySolutions)
    variables = [v.value for v in result.variables]
    return [{v: row[v].value for v in variables if row[v] is not None} for row in result]


def labels_of(store: OxigraphStore, cls: str) -> set[str]:
    found = rows(store, f"SELECT ?l WHERE {{ ?e a {cls} ; rdfs:label|skos:altLabel ?l }}")
    return {match_key(r["l"]) for r in found}


def test_the_speaker_holds_his_post(seeded: OxigraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?name ?org ?role WHERE {
             ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role ?r .
             ?p a pv:Person ; rdfs:label ?name . ?o rdfs:label ?org . ?r rdfs:label ?role .
             FILTER(lang(?name) = "fa" && lang(?org) = "fa" && lang(?role) = "fa") }""",
    )
    assert {
        "name": "محمدمهدی ایمانی‌پور",
        "org": "سازمان فرهنگ و ارتباطات اسلامی",
        "role": "رئیس",
    } in found


def test_the_honorific_is_a_title_not_part_of_the_name(seeded: OxigraphStore) -> None:
    found = rows(seeded, "SELECT ?l ?h WHERE { ?p a pv:Person ; rdfs:label ?l ; pv:honorific ?h }")
    assert any(r["h"] == "حجت‌الاسلام والمسلمین" for r in found)
    assert all("حجت" not in r["l"] for r in found)


@pytest.mark.parametrize(
    "name",
    [
        "سازمان فرهنگ و ارتباطات اسلامی",
        "کمیسیون ملی یونسکو ـ ایران",
        "وزارت میراث فرهنگی، صنایع دستی و گردشگری",
        "مجلس شورای اسلامی",
        "ایکنا",
    ],
)
def test_the_organisations(seeded: OxigraphStore, name: str) -> None:
    assert match_key(name) in labels_of(seeded, "pv:Organisation")


def test_the_publisher_is_iqna(seeded: OxigraphStore) -> None:
    found = rows(
        seeded, "SELECT ?l WHERE { ?a schema:publisher ?p . ?p rdfs:label|skos:altLabel ?l }"
    )
    assert "ایکنا" in {r["l"] for r in found}


def test_the_cities(seeded: OxigraphStore) -> None:
    assert {"مشهد", "قم"} <= labels_of(seeded, "pv:City")
    # «حسینیه» is a town too, but here it is the hall where the meeting was held.
    assert "حسینیه" not in labels_of(seeded, "pv:City")


def test_the_event_with_its_organisers_and_venue(seeded: OxigraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?event ?org ?venue WHERE {
             ?e a pv:Event ; rdfs:label ?event ; schema:organizer/rdfs:label ?org ;
                schema:location/rdfs:label ?venue . FILTER(lang(?org) = "fa") }""",
    )
    assert {match_key(r["event"]) for r in found} == {
        match_key("نشست هم‌اندیشی «جهان‌شهرهای ایرانی»")
    }
    # The canonical names, beside the names as the article writes them.
    assert {
        "سازمان فرهنگ و ارتباطات اسلامی",
        "کمیسیون ملی یونسکو در ایران",
    } <= {r["org"] for r in found}
    organisers = rows(seeded, "SELECT DISTINCT ?o WHERE { ?e a pv:Event ; schema:organizer ?o }")
    assert len(organisers) == 2
    assert {r["venue"] for r in found} == {"حسینیه الزهرا"}


def test_every_statement_of_the_speaker(seeded: OxigraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?verb ?quote WHERE { ?s a pv:Statement ; pv:speaker/rdfs:label "محمدمهدی ایمانی‌پور"@fa ;
             pv:speechVerb ?verb ; pv:quote ?quote ; prov:wasDerivedFrom ?a . ?a a schema:NewsArticle }""",
    )
    verbs = sorted(r["verb"] for r in found)
    # the lead (by title) and eight paragraphs, each opened by a speech verb and a colon
    assert verbs == sorted(
        [
            "گفت",
            "گفت",
            "افزود",
            "تصریح کرد",
            "اظهار کرد",
            "خاطرنشان کرد",
            "ادامه داد",
            "بیان کرد",
            "تأکید کرد",
        ]
    )
    assert all(len(r["quote"]) > 40 for r in found)


def test_the_publication_date_in_tehran_time(seeded: OxigraphStore) -> None:
    found = rows(seeded, "SELECT ?d WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }")
    assert [r["d"] for r in found] == ["2022-01-18T10:58:00+03:30"]


def test_every_fact_points_to_its_sentence(seeded: OxigraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?fact ?text ?start ?end WHERE {
             ?fact pv:evidence ?s . ?s pv:text ?text ; pv:startOffset ?start ; pv:endOffset ?end }""",
    )
    assert found
    for row in found:
        assert int(row["end"]) - int(row["start"]) == len(row["text"])


def test_one_graph_per_article_and_reingest_changes_nothing(
    seeded: OxigraphStore, gazetteer: Gazetteer
) -> None:
    before = store_stats(seeded)
    report = ingest(read_articles([SEED]), seeded, gazetteer, Iris())
    assert (report.articles, report.unchanged) == (0, 1)
    forced = ingest(read_articles([SEED]), seeded, gazetteer, Iris(), force=True)
    assert forced.articles == 1
    assert store_stats(seeded) == before
    graphs = rows(seeded, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a schema:NewsArticle } }")
    assert len(graphs) == 1
