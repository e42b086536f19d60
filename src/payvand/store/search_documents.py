"""What the search index holds, read from the store by SPARQL (embedded or remote alike).

An article's headline, language, date and outlet, its statements (speaker, quote, topics and
the sentence they come from), its evidence sentences and the entities it mentions, a batch of
articles at a time; and the labels of the speakers, outlets and topics.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions

from payvand.errors import StoreError
from payvand.namespaces import PV, RDF, RDFS, SCHEMA
from payvand.store.base import ReadableStore
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
_ARTICLES = """
SELECT ?g ?h ?lang ?headline ?date ?outlet WHERE {
  VALUES ?g { %s }
  GRAPH ?g {
    ?g pv:contentHash ?h .
    OPTIONAL { ?g schema:inLanguage ?lang }
    OPTIONAL { ?g schema:headline ?headline }
    OPTIONAL { ?g schema:datePublished ?date }
    OPTIONAL { ?g schema:publisher ?outlet }
  }
}
"""
_STATEMENTS = """
SELECT ?g ?s ?speaker ?quote ?sentence WHERE {
  VALUES ?g { %s }
  GRAPH ?g {
    ?s a pv:Statement ; pv:speaker ?speaker ; pv:quote ?quote .
    OPTIONAL { ?s pv:evidence ?sentence }
  }
}
"""
_TOPICS = """
SELECT ?g ?s ?topic WHERE { VALUES ?g { %s } GRAPH ?g { ?s a pv:Statement ; pv:about ?topic } }
"""
_SENTENCES = """
SELECT ?g ?x ?i ?text WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?x a pv:Sentence ; pv:text ?text ; pv:sentenceIndex ?i }
}
"""
_MENTIONS = """
SELECT ?g ?e WHERE { VALUES ?g { %s } GRAPH ?g { ?g schema:mentions ?e } }
"""
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


def read_articles(store: ReadableStore, graphs: Sequence[str]) -> list[PreparedArticle]:
    """The articles of ``graphs`` that the store holds, analysed for the index."""
    articles, labels = read_texts(store, graphs)
    return [prepare(article, labels) for article in articles]


def read_texts(
    store: ReadableStore, graphs: Sequence[str]
) -> tuple[list[ArticleText], dict[str, Labels]]:
    """The articles of ``graphs`` that the store holds (with their content hash), and the labels
    of their speakers, outlets and topics."""
    if not graphs:
        return [], {}
    values = _values(graphs)
    heads: dict[str, dict[str, object]] = {}
    for row in _rows(store, _ARTICLES % values):
        graph = _text(row["g"])
        if graph is None or graph in heads:
            continue
        heads[graph] = {
            "hash": _text(row["h"]),
            "lang": _text(row["lang"]),
            "headline": _text(row["headline"]),
            "day": _day(row["date"]),
            "outlet": _text(row["outlet"]),
        }
    topics: dict[str, list[str]] = defaultdict(list)
    for row in _rows(store, _TOPICS % values):
        statement, topic = _text(row["s"]), _text(row["topic"])
        if statement and topic:
            topics[statement].append(topic)
    statements: dict[str, dict[str, StatementText]] = defaultdict(dict)
    for row in _rows(store, _STATEMENTS % values):
        graph, iri = _text(row["g"]), _text(row["s"])
        speaker, quote = _text(row["speaker"]), _text(row["quote"])
        if not (graph and iri and speaker and quote) or iri in statements[graph]:
            continue
        statements[graph][iri] = StatementText(
            iri, speaker, quote, _text(row["sentence"]), tuple(sorted(set(topics[iri])))
        )
    sentences: dict[str, dict[str, SentenceText]] = defaultdict(dict)
    for row in _rows(store, _SENTENCES % values):
        graph, iri, text, index = _text(row["g"]), _text(row["x"]), _text(row["text"]), row["i"]
        if graph and iri and text is not None and isinstance(index, Literal):
            sentences[graph].setdefault(iri, SentenceText(iri, int(index.value), text))
    mentions: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, _MENTIONS % values):
        graph, entity = _text(row["g"]), _text(row["e"])
        if graph and entity:
            mentions[graph].add(entity)

    articles: list[ArticleText] = []
    named: set[str] = set()
    for graph, head in heads.items():
        if not head["hash"]:
            continue
        said = tuple(sorted(statements[graph].values(), key=lambda s: s.iri))
        outlet = head["outlet"]
        articles.append(
            ArticleText(
                graph=graph,
                content_hash=str(head["hash"]),
                lang=str(head["lang"]) if head["lang"] else None,
                day=head["day"] if isinstance(head["day"], date) else None,
                headline=str(head["headline"]) if head["headline"] else None,
                outlet=str(outlet) if outlet else None,
                statements=said,
                sentences=tuple(sorted(sentences[graph].values(), key=lambda s: s.index)),
                mentions=tuple(sorted(mentions[graph])),
            )
        )
        named.update(s.speaker for s in said)
        named.update(t for s in said for t in s.topics)
        if outlet:
            named.add(str(outlet))
    return articles, read_labels(store, sorted(named))


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
            lang = label.language or "any"
            slot = found[node.value]
            # One label per language, the shortest (most often the name, not a description).
            if lang not in slot or len(label.value) < len(slot[lang]):
                slot[lang] = label.value
    return {
        iri: Labels(slot.get("fa") or slot.get("any"), slot.get("en"))
        for iri, slot in found.items()
    }


def article_from_quads(
    graph: str,
    content_hash: str,
    quads: Iterable[Quad],
    topic_labels: Mapping[str, Labels] | None = None,
) -> PreparedArticle:
    """The article whose graph holds ``quads`` (as an ingest writes them), analysed for the
    index without asking the store: the same documents as :func:`read_articles` finds there.
    Topic labels are not in an article's graph: ``topic_labels`` gives them."""
    article = NamedNode(graph)
    head: dict[NamedNode, str | None] = {}
    kinds: dict[object, NamedNode] = {}
    values: dict[tuple[object, NamedNode], list[object]] = defaultdict(list)
    for quad in quads:
        if quad.predicate == _TYPE:
            if quad.object in (PV.Statement, PV.Sentence):
                kinds[quad.subject] = quad.object  # type: ignore[assignment]
            continue
        values[(quad.subject, quad.predicate)].append(quad.object)
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
    labels: dict[str, Labels] = dict(topic_labels or {})
    named = {s.speaker for s in said}
    if head[SCHEMA.publisher]:
        named.add(str(head[SCHEMA.publisher]))
    for iri in named:
        found: dict[str, str] = {}
        for label in values.get((NamedNode(iri), RDFS.label), []):
            if isinstance(label, Literal):
                lang = label.language or "any"
                if lang not in found or len(label.value) < len(found[lang]):
                    found[lang] = label.value
        if found:
            labels[iri] = Labels(found.get("fa") or found.get("any"), found.get("en"))
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
    return prepare(whole, labels)


_TYPE = RDF.type
