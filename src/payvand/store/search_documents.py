"""What the search index holds of each article: taken from the extraction an ingest writes
(:func:`article_from_extraction`, in its workers), or read from its graph's quads as the store
holds them (:func:`read_articles`: an embedded store's quads directly, a SPARQL server's in one
query for a batch of articles). Both give the same documents: the first reads the extraction as
:func:`payvand.mapping.rdf.article_nquads` writes it.

An article's headline, language, date and outlet, its statements (speaker, quote, topics and
the sentence they come from), its evidence sentences and the entities it mentions; and the labels
of the speakers and outlets (in the article's graph) and of the topics (in the store's topics
graph, or the scheme an ingest reads).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from pyoxigraph import Literal, NamedNode, QuerySolutions

from payvand.errors import StoreError
from payvand.mapping.iris import Iris
from payvand.model import EntityKind, Extraction
from payvand.namespaces import PV, RDF, RDFS, SCHEMA, TOPIC
from payvand.store.base import ReadableStore
from payvand.store.oxigraph import OxigraphStore
from payvand.store.search_index import (
    ArticleText,
    Labels,
    PreparedArticle,
    SentenceText,
    StatementText,
    prepare,
)

_HASHES = """
SELECT ?g ?h WHERE { GRAPH ?g { ?g a schema:NewsArticle ; pv:contentHash ?h } }
"""
# What the index reads of an article's graph: one query for a batch of articles, the graph's
# quads with these predicates.
INDEXED_PREDICATES = (
    RDF.type,
    PV.contentHash,
    SCHEMA.inLanguage,
    SCHEMA.headline,
    SCHEMA.datePublished,
    SCHEMA.publisher,
    SCHEMA.mentions,
    PV.speaker,
    PV.quote,
    PV.evidence,
    PV.about,
    PV.text,
    PV.sentenceIndex,
    RDFS.label,
)
_QUADS = """
SELECT ?g ?s ?p ?o WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } FILTER (?p IN (%s)) }
"""
_PREDICATES = frozenset(INDEXED_PREDICATES)
_LABELS = """
SELECT ?n ?l WHERE { VALUES ?n { %s } ?n rdfs:label|skos:prefLabel ?l }
"""


def _rows(store: ReadableStore, sparql: str) -> QuerySolutions:
    result = store.query(sparql)
    if not isinstance(result, QuerySolutions):
        raise StoreError("the store answered a SELECT query for the search index without rows")
    return result


def _values(iris: Iterable[str]) -> str:
    return " ".join(str(NamedNode(iri)) for iri in iris)


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None


def _day(term: object) -> date | None:
    if not isinstance(term, Literal):
        return None
    try:
        return datetime.fromisoformat(term.value).date()
    except ValueError:
        try:
            return date.fromisoformat(term.value[:10])
        except ValueError:
            return None


def article_hashes(store: ReadableStore) -> dict[str, str]:
    """The content hash of every article stored, by graph IRI."""
    return {
        row["g"].value: row["h"].value
        for row in _rows(store, _HASHES)
        if row["g"] is not None and row["h"] is not None
    }


def read_articles(
    store: ReadableStore, graphs: Sequence[str], *, labels: dict[str, Labels] | None = None
) -> list[PreparedArticle]:
    """The articles of ``graphs`` that the store holds, analysed for the index: each from its
    graph's quads (the documents :func:`article_from_extraction` finds in an ingest), in one
    query. The labels of topics, which are not in an article's graph, are looked up in the store
    and kept in ``labels`` for the next call."""
    if not graphs:
        return []
    found = _graph_triples(store, graphs)
    known = labels if labels is not None else {}
    topics = sorted(
        {
            t
            for triples in found.values()
            for _s, p, o in triples
            if p == PV.about and (t := _text(o)) and t not in known
        }
    )
    if topics:
        known.update(read_labels(store, topics))
    articles = []
    for graph, triples in found.items():
        digest = next((_text(o) for _s, p, o in triples if p == PV.contentHash), None)
        if digest:
            articles.append(_article(graph, digest, triples, known))
    return articles


def _graph_triples(
    store: ReadableStore, graphs: Sequence[str]
) -> dict[str, list[tuple[object, object, object]]]:
    """The triples of ``graphs`` with the predicates the index reads: from an embedded store,
    each graph's quads directly; from a SPARQL server, in one query."""
    found: dict[str, list[tuple[object, object, object]]] = defaultdict(list)
    if isinstance(store, OxigraphStore):
        raw = store.raw
        for graph in graphs:
            triples = found[graph]
            for quad in raw.quads_for_pattern(None, None, None, NamedNode(graph)):
                if quad.predicate in _PREDICATES:
                    triples.append((quad.subject, quad.predicate, quad.object))
        return found
    predicates = ", ".join(str(p) for p in INDEXED_PREDICATES)
    for row in _rows(store, _QUADS % (_values(graphs), predicates)):
        name = _text(row["g"])
        if name is not None:
            found[name].append((row["s"], row["p"], row["o"]))
    return found


def read_labels(
    store: ReadableStore, iris: Sequence[str], *, chunk: int = 500
) -> dict[str, Labels]:
    """The Persian and English labels of ``iris`` (``rdfs:label`` or ``skos:prefLabel``)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for start in range(0, len(iris), chunk):
        for row in _rows(store, _LABELS % _values(iris[start : start + chunk])):
            node, label = row["n"], row["l"]
            if not isinstance(label, Literal) or node is None:
                continue
            _keep_shortest(found[node.value], label.language or "any", label.value)
    return {iri: _labels(slot) for iri, slot in found.items()}


def _keep_shortest(slot: dict[str, str], lang: str, value: str) -> None:
    """Keep one label per language: the shortest (most often the name, not a description), the
    first in code point order among those as short, whatever order they come in."""
    held = slot.get(lang)
    if held is None or (len(value), value) < (len(held), held):
        slot[lang] = value


def _labels(slot: Mapping[str, str]) -> Labels:
    return Labels(slot.get("fa") or slot.get("any"), slot.get("en"))


def article_from_extraction(
    extraction: Extraction, iris: Iris, topic_labels: Mapping[str, Labels] | None = None
) -> PreparedArticle:
    """The article of ``extraction`` analysed for the index, without writing or reading its
    quads: the documents :func:`read_articles` finds in the graph that
    :func:`payvand.mapping.rdf.article_nquads` writes of it (the same IRIs, texts and labels).
    Topic labels are not in an article's graph: ``topic_labels`` gives them."""
    graph = iris.article_iri(extraction.article.url)
    entities: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity in extraction.entities:
        entities[entity.key].extend(entity.labels or ((entity.label, entity.lang),))
    nodes: dict[str, str] = {}

    def node(key: str) -> str:
        iri = nodes.get(key)
        if iri is None:
            iri = nodes[key] = iris.entity(key).value
        return iri

    statements = []
    for n, statement in enumerate(extraction.statements):
        if statement.quote:
            statements.append(
                StatementText(
                    iris.statement_iri(graph, n),
                    node(statement.speaker),
                    statement.quote,
                    iris.sentence_iri(graph, statement.sentence),
                    tuple(sorted({TOPIC.NS + topic for topic in statement.topics})),
                )
            )
    evidenced = {
        fact.sentence
        for facts in (
            extraction.positions,
            extraction.statements,
            extraction.twinnings,
            extraction.agreements,
            extraction.events,
        )
        for fact in facts
    }
    sentences = tuple(
        SentenceText(iris.sentence_iri(graph, n), n, extraction.sentence_text(n))
        for n in sorted(evidenced)
    )
    outlet = node(extraction.publisher) if extraction.publisher else None
    labels: dict[str, Labels] = {}
    named = {s.speaker for s in extraction.statements if s.quote}
    if extraction.publisher:
        named.add(extraction.publisher)
    for key in sorted(named):
        if key in entities:
            slot: dict[str, str] = {}
            for label, lang in entities[key]:
                # As the graph has them: on one line, tagged (lower case) with their language.
                tag = (lang or ("en" if label.isascii() else "fa")).lower()
                _keep_shortest(slot, tag, " ".join(label.split()))
            labels[node(key)] = _labels(slot)
    published = extraction.date_published
    day = published.date() if isinstance(published, datetime) else published
    whole = ArticleText(
        graph=graph,
        content_hash=extraction.content_hash,
        lang=extraction.lang,
        day=day,
        headline=extraction.headline or None,
        outlet=outlet,
        statements=tuple(sorted(statements, key=lambda s: s.iri)),
        sentences=sentences,
        mentions=tuple(
            sorted({node(e.key) for e in extraction.entities if e.kind is not EntityKind.EVENT})
        ),
    )
    return prepare(whole, _with_topics(labels, whole, topic_labels))


def _with_topics(
    labels: dict[str, Labels], article: ArticleText, topic_labels: Mapping[str, Labels] | None
) -> dict[str, Labels]:
    """``labels`` and the labels of the topics ``article``'s statements are about."""
    if topic_labels:
        for statement in article.statements:
            for topic in statement.topics:
                if topic in topic_labels:
                    labels.setdefault(topic, topic_labels[topic])
    return labels


def _article(
    graph: str,
    content_hash: str,
    triples: Iterable[tuple[object, object, object]],
    topic_labels: Mapping[str, Labels] | None,
) -> PreparedArticle:
    article = NamedNode(graph)
    head: dict[NamedNode, str | None] = {}
    kinds: dict[object, NamedNode] = {}
    values: dict[tuple[object, object], list[object]] = defaultdict(list)
    for subject, predicate, value in triples:
        if predicate == _TYPE:
            if value in (PV.Statement, PV.Sentence):
                kinds[subject] = value  # type: ignore[assignment]
            continue
        values[(subject, predicate)].append(value)
    for key in (SCHEMA.inLanguage, SCHEMA.headline, SCHEMA.publisher):
        given = values.get((article, key))
        head[key] = _text(given[0]) if given else None
    published = values.get((article, SCHEMA.datePublished))
    statements, sentences = [], []
    for node, kind in kinds.items():
        if not isinstance(node, NamedNode):
            continue

        def one(predicate: NamedNode, node: NamedNode = node) -> str | None:
            given = values.get((node, predicate))
            return _text(given[0]) if given else None

        if kind == PV.Statement:
            speaker, quote = one(PV.speaker), one(PV.quote)
            if speaker and quote:
                topics = sorted({_text(t) or "" for t in values.get((node, PV.about), [])} - {""})
                statements.append(
                    StatementText(node.value, speaker, quote, one(PV.evidence), tuple(topics))
                )
        else:
            text, index = one(PV.text), values.get((node, PV.sentenceIndex))
            if text is not None and index and isinstance(index[0], Literal):
                sentences.append(SentenceText(node.value, int(index[0].value), text))
    said = tuple(sorted(statements, key=lambda s: s.iri))
    labels: dict[str, Labels] = {}
    named = {s.speaker for s in said}
    if head[SCHEMA.publisher]:
        named.add(str(head[SCHEMA.publisher]))
    for iri in named:
        found: dict[str, str] = {}
        for label in values.get((NamedNode(iri), RDFS.label), []):
            if isinstance(label, Literal):
                _keep_shortest(found, label.language or "any", label.value)
        if found:
            labels[iri] = _labels(found)
    whole = ArticleText(
        graph=graph,
        content_hash=content_hash,
        lang=str(head[SCHEMA.inLanguage]) if head[SCHEMA.inLanguage] else None,
        day=_day(published[0]) if published else None,
        headline=str(head[SCHEMA.headline]) if head[SCHEMA.headline] else None,
        outlet=str(head[SCHEMA.publisher]) if head[SCHEMA.publisher] else None,
        statements=said,
        sentences=tuple(sentences),
        mentions=tuple(
            sorted({_text(e) or "" for e in values.get((article, SCHEMA.mentions), [])} - {""})
        ),
    )
    return prepare(whole, _with_topics(labels, whole, topic_labels))


_TYPE = RDF.type
