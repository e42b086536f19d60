"""ingest(): articles from sources -> extraction -> quads -> the store, one named graph each.

The pipeline is where the pure core meets the store: it skips an article whose content hash is
already stored, replaces the graph of one that changed, keeps the gazetteer's reference graph up
to date, and reports what it did. Bad articles are reported and skipped; nothing stored is lost.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, QuerySolutions

from payvand.errors import InputError, StoreError
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import content_hash, extract_article
from payvand.extract.topics import TopicScheme, tag_topics
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import reference_quads, to_quads
from payvand.model import Article, EntityKind, Extraction
from payvand.namespaces import PV
from payvand.sources import Skipped
from payvand.store.base import GraphStore, StoreStats
from payvand.validation import Shapes, ValidationReport, validate


@dataclass
class IngestReport:
    """What one ingest run did."""

    articles: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped_files: int = 0
    quads: int = 0
    statements: int = 0
    entities: set[str] = field(default_factory=set)
    errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


Progress = Callable[[str], None]


def _stored_hash_matches(store: GraphStore, graph: NamedNode, digest: str) -> bool:
    result = store.query(
        "ASK { GRAPH ?g { ?g ?p ?h } }",
        union=False,
        substitutions={"g": graph, "p": PV.contentHash, "h": Literal(digest)},
    )
    return isinstance(result, QueryBoolean) and bool(result)


def ensure_reference_graph(
    store: GraphStore, gazetteer: Gazetteer, iris: Iris, *, force: bool = False
) -> bool:
    """Load the gazetteer's reference graph unless the same version is stored (or ``force``);
    True if loaded."""
    graph = iris.reference_graph()
    if (
        not force
        and gazetteer.fingerprint
        and _stored_hash_matches(store, graph, gazetteer.fingerprint)
    ):
        return False
    quads = list(reference_quads(gazetteer, iris))
    if gazetteer.fingerprint:
        quads.append(Quad(graph, PV.contentHash, Literal(gazetteer.fingerprint), graph))
    store.replace_graph(graph, quads)
    return True


def ensure_topics_graph(
    store: GraphStore, topics: TopicScheme, iris: Iris, *, force: bool = False
) -> bool:
    """Load the topic scheme into its graph unless the same version is stored (or ``force``);
    True if loaded."""
    graph = iris.topics_graph()
    if not force and topics.fingerprint and _stored_hash_matches(store, graph, topics.fingerprint):
        return False
    quads = [Quad(t.subject, t.predicate, t.object, graph) for t in topics.triples]
    if topics.fingerprint:
        quads.append(Quad(graph, PV.contentHash, Literal(topics.fingerprint), graph))
    store.replace_graph(graph, quads)
    return True


def store_extraction(store: GraphStore, extraction: Extraction, iris: Iris) -> int:
    """Replace the article's graph with the quads of ``extraction``; the number of quads."""
    quads = to_quads(extraction, iris)
    store.replace_graph(iris.article(extraction.article.url), quads)
    return len(quads)


def ingest(
    items: Iterable[Article | InputError | Skipped],
    store: GraphStore,
    gazetteer: Gazetteer,
    iris: Iris,
    *,
    progress: Progress | None = None,
    force: bool = False,
    topics: TopicScheme | None = None,
) -> IngestReport:
    """Extract and store every article of ``items``; errors are collected, not raised.

    With ``topics``, each statement is tagged with the topics it is about (``pv:about``) and the
    scheme is loaded into its own graph.
    """
    report = IngestReport()
    started = time.perf_counter()
    ensure_reference_graph(store, gazetteer, iris, force=force)
    if topics is not None:
        ensure_topics_graph(store, topics, iris, force=force)
    for item in items:
        if isinstance(item, Skipped):
            report.skipped_files += 1
            continue
        if isinstance(item, InputError):
            report.failed += 1
            report.errors.append(item)
            if progress:
                progress(f"error: {item}")
            continue
        graph = iris.article(item.url)
        if not force and _stored_hash_matches(store, graph, content_hash(item)):
            report.unchanged += 1
            continue
        extraction = extract_article(item, gazetteer)
        if topics is not None:
            extraction = tag_topics(extraction, topics)
        report.quads += store_extraction(store, extraction, iris)
        report.articles += 1
        report.statements += len(extraction.statements)
        report.entities.update(e.key for e in extraction.entities if e.kind is not EntityKind.EVENT)
        if progress and report.articles % 100 == 0:
            progress(f"{report.articles} articles, {report.quads} quads")
    report.seconds = time.perf_counter() - started
    return report


def validate_store(store: GraphStore, shapes: Shapes) -> ValidationReport:
    """Check the union of the store's graphs against the SHACL shapes."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    if isinstance(triples, QuerySolutions | QueryBoolean):
        raise StoreError("the store answered a CONSTRUCT query without triples")
    return validate(triples, shapes)


def store_stats(store: GraphStore) -> StoreStats:
    """Quads, graphs, and instances per class (distinct subjects over all graphs)."""
    result = store.query(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } "
        "GROUP BY ?class ORDER BY DESC(?n)"
    )
    instances: dict[str, int] = {}
    if isinstance(result, QuerySolutions):
        for row in result:
            cls, n = row["class"], row["n"]
            if cls is not None and n is not None:
                instances[cls.value] = int(n.value)
    return StoreStats(
        quads=store.quad_count(), graphs=len(store.graph_names()), instances=instances
    )
