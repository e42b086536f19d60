"""The full-text index follows the store: ingest, remove, a run cut short, a rebuild; and over
the bundled articles it finds what a scan of the store's own texts finds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.model import Article
from payvand.pipeline import (
    ForIndex,
    extract_for_store,
    ingest,
    rebuild_index,
    remove_articles,
    sync_index,
    topic_labels,
)
from payvand.sources import load_topics, read_articles
from payvand.store import OxigraphStore, ReadableStore
from payvand.store.search_documents import article_hashes
from payvand.store.search_documents import read_articles as read_articles_of
from payvand.store.search_index import ArticleText, Labels, SearchRequest, TextIndex, prepare
from payvand.text.analysis import analyse
from payvand.text.search_query import matches, parse_query
from tests.conftest import DATA, ROOT

TEXTS = """
SELECT ?doc ?text ?n WHERE {
  { GRAPH ?g { ?doc a pv:Statement ; pv:quote ?text } BIND(-1 AS ?n) }
  UNION { GRAPH ?g { ?doc a pv:Sentence ; pv:text ?text ; pv:sentenceIndex ?n } }
  UNION { GRAPH ?g { ?g a schema:NewsArticle ; schema:headline ?text } BIND(?g AS ?doc) BIND(-2 AS ?n) }
}
"""
SENTENCES = """
SELECT ?g ?text WHERE { GRAPH ?g { ?x a pv:Sentence ; pv:text ?text ; pv:sentenceIndex ?n } }
ORDER BY ?g ?n
"""


def scan(store: ReadableStore, query: str) -> set[str]:
    """The documents whose terms answer ``query``, read from the store by SPARQL of its own."""
    node = parse_query(query)
    terms: dict[str, list[str]] = {}
    result = store.query(TEXTS)
    assert isinstance(result, QuerySolutions)
    for row in result:
        terms[row["doc"].value] = analyse(row["text"].value)
    articles = store.query("SELECT ?g WHERE { GRAPH ?g { ?g a schema:NewsArticle } }")
    assert isinstance(articles, QuerySolutions)
    for row in articles:
        terms.setdefault(row["g"].value, [])
    sentences = store.query(SENTENCES)
    assert isinstance(sentences, QuerySolutions)
    for row in sentences:
        terms[row["g"].value] += analyse(row["text"].value)
    return {doc for doc, words in terms.items() if matches(node, words)}


def found(index: TextIndex, query: str) -> set[str]:
    page = index.search(SearchRequest(query, limit=100_000))
    return {hit.iri for hit in page.hits}


def level(store: ReadableStore, index: TextIndex) -> bool:
    return index.article_hashes() == article_hashes(store)


# Searches over the bundled articles, in more than one spelling each.
QUERIES = [
    "دیپلماسی",
    "ديپلماسي",
    "رایزن فرهنگی",
    "«رایزن فرهنگی»",
    "رایزنان",
    "کتاب‌های",
    "كتابها",
    "می‌شود",
    "میشود",
    "دانشگاه*",
    "هفته فرهنگی -تهران",
    "قرآن OR قران",
    "Iran",
    "cultural week",
    '"cultural week"',
    "universities",
    "chair*",
    "Persian OR فارسی",
]


@pytest.fixture(scope="module")
def indexed(bundled_store: OxigraphStore) -> TextIndex:
    index = TextIndex(None)
    report = sync_index(bundled_store, index)
    assert report.indexed == report.articles > 40
    return index


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_what_a_scan_of_the_store_finds(
    bundled_store: OxigraphStore, indexed: TextIndex, query: str
) -> None:
    expected = scan(bundled_store, query)
    assert expected, f"nothing in the bundled articles answers {query}"
    assert found(indexed, query) == expected


def test_ingest_indexes_as_it_stores(gazetteer: Gazetteer, indexed: TextIndex) -> None:
    store, index = OxigraphStore(None), TextIndex(None)
    report = ingest(
        read_articles([DATA / "articles"]), store, gazetteer, Iris(), index=index, batch_size=7
    )
    assert report.ok
    assert report.articles > 40
    assert level(store, index)
    assert index.counts() == indexed.counts()
    for query in ("دیپلماسی", "Iran"):
        assert found(index, query) == scan(store, query)


def test_sync_repairs_an_index_left_behind(gazetteer: Gazetteer, tmp_path: Path) -> None:
    articles = [a for a in read_articles([DATA / "articles"]) if isinstance(a, Article)]
    store = OxigraphStore(None)
    index = TextIndex(tmp_path / "store.search.sqlite")
    # The store gets ahead of the index: a first part ingested with no index at all.
    ingest(articles[:20], store, gazetteer, Iris())
    assert index.article_hashes() == {}
    # The next run indexes what it writes, and brings the rest level at its end.
    report = ingest(articles, store, gazetteer, Iris(), index=index)
    assert report.unchanged == 20 < len(articles)
    assert level(store, index)
    # Articles removed behind the index's back, and one changed: the next sync sees both.
    gone = [articles[0].url, articles[1].url]
    remove_articles(gone, store, Iris())
    graph = sorted(article_hashes(store))[0]
    index.replace([prepare(ArticleText(graph, "older", headline="zanzibar quokka"), {})])
    assert found(index, "zanzibar quokka") == {graph}
    fixed = sync_index(store, index)
    assert (fixed.removed, fixed.indexed) == (2, 1)
    assert level(store, index)
    assert found(index, "zanzibar quokka") == set()
    assert found(index, "فرهنگی") == scan(store, "فرهنگی")
    # Removing with the index keeps it level at once.
    remove_articles([articles[2].url], store, Iris(), index=index)
    assert level(store, index)
    assert sync_index(store, index).indexed == 0


def test_rebuild_empties_and_builds_again(bundled_store: OxigraphStore) -> None:
    index = TextIndex(None)
    index.replace([prepare(ArticleText("https://example.org/stray", "h", headline="stray"), {})])
    report = rebuild_index(bundled_store, index)
    assert report.indexed == report.articles
    assert level(bundled_store, index)
    assert found(index, "stray") == set()


def test_the_ingest_takes_from_its_extraction_what_the_store_holds(
    gazetteer: Gazetteer, bundled_store: OxigraphStore
) -> None:
    """An ingest analyses each article from its extraction (in its workers), without reading
    the quads it writes; a sync reads them from the store. Both give the same documents, terms
    and labels (of the speakers, the outlet and the topics)."""
    topics = load_topics(ROOT / "ontology" / "topics.ttl")
    labels: dict[str, Labels] = {}
    checked = 0
    articles = [a for a in read_articles([DATA / "articles"]) if isinstance(a, Article)]
    for article in articles:
        written = extract_for_store(
            article, gazetteer, Iris(), topics, ForIndex(topic_labels(topics))
        )
        assert written.search is not None
        [stored] = read_articles_of(bundled_store, [written.graph], labels=labels)
        assert written.search == stored
        checked += bool(stored.text.statements and stored.labels)
    assert checked > 10


# Every row of the index, by table, with documents and nodes named by IRI rather than by
# number (numbers follow the order articles came in); and the terms of each document as the FTS5
# index holds them (one row per term and place).
DUMP = {
    "nodes": "SELECT iri, label_fa, label_en FROM nodes",
    "articles": "SELECT a.graph, a.hash, a.lang, a.day, a.year, o.iri, a.headline "
    "FROM articles a LEFT JOIN nodes o ON o.id = a.outlet",
    "docs": "SELECT a.graph, d.kind, d.iri, s.iri, o.iri, d.year, d.lang, d.text, "
    "d.id >> 32 FROM docs d JOIN articles a ON a.id = d.article "
    "LEFT JOIN nodes s ON s.id = d.speaker LEFT JOIN nodes o ON o.id = d.outlet",
    "mentions": "SELECT a.graph, e.iri FROM mentions m JOIN articles a ON a.id = m.article "
    "JOIN nodes e ON e.id = m.entity",
    "doc_topics": "SELECT d.iri, n.iri FROM doc_topics t JOIN docs d ON d.id = t.doc "
    "JOIN nodes n ON n.id = t.topic",
    "terms": "SELECT d.iri, v.term, v.offset FROM temp.terms v JOIN docs d ON d.id = v.doc",
}


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, fts, instance)")
        return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in DUMP.items()}
    finally:
        db.close()


def test_an_ingest_indexes_what_a_rebuild_from_its_store_does(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    """The index an ingest builds from its extractions holds, row for row and term for term,
    what a rebuild reads from the store the ingest wrote."""
    topics = load_topics(ROOT / "ontology" / "topics.ttl")
    store = OxigraphStore(tmp_path / "store")
    built = TextIndex(tmp_path / "built.sqlite")
    report = ingest(
        read_articles([DATA / "articles"]),
        store,
        gazetteer,
        Iris(),
        topics=topics,
        index=built,
        batch_size=7,
        workers=2,
    )
    assert report.ok, report.errors
    rebuilt = TextIndex(tmp_path / "rebuilt.sqlite")
    assert rebuild_index(store, rebuilt).indexed == report.articles
    built.close()
    rebuilt.close()
    ours, theirs = dump(tmp_path / "built.sqlite"), dump(tmp_path / "rebuilt.sqlite")
    assert len(ours["articles"]) == report.articles
    assert all(ours[table] for table in DUMP), {t: len(rows) for t, rows in ours.items()}
    for table in DUMP:
        assert ours[table] == theirs[table], table
