"""A VoID description of the dataset at /.well-known/void: triples, entities per class, graphs,
and when the store last changed."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import QuerySolutions

from payvand.config import Settings
from payvand.store.base import ReadableStore
from payvand.web.description import DatasetFacts, void_description
from payvand.web.negotiation import GRAPH_FORMATS
from payvand.web.protocol import choose
from payvand.web.routes.sparql import content_type
from payvand.web.routing import ThreadRoute

router = APIRouter(route_class=ThreadRoute, tags=["SPARQL"])


def _rows(store: ReadableStore, sparql: str) -> list[tuple[str, int]]:
    result = store.query(sparql)
    rows: list[tuple[str, int]] = []
    if isinstance(result, QuerySolutions):
        for row in result:
            key, n = row[0], row[1]
            if key is not None and n is not None:
                rows.append((key.value, int(n.value)))
    return rows


def dataset_facts(store: ReadableStore, settings: Settings, modified: datetime) -> DatasetFacts:
    """Count what VoID reports, over all graphs."""
    classes = _rows(
        store,
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } "
        "GROUP BY ?class ORDER BY DESC(?n) ?class",
    )
    graphs = _rows(
        store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    entities = _rows(store, 'SELECT ("all" AS ?k) (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c }')
    return DatasetFacts(
        triples=store.quad_count(),
        entities=entities[0][1] if entities else 0,
        classes=dict(classes),
        graphs=dict(graphs),
        modified=modified,
        uri_space=settings.base_iri,
    )


@router.get(
    "/.well-known/void",
    summary="VoID description of the dataset",
    description="Triples, entities per class, the named graphs with their sizes, and the time "
    "of the last change, as Turtle, N-Triples, RDF/XML or JSON-LD by Accept.",
    response_class=Response,
)
def void(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    store: ReadableStore = request.app.state.store
    choice = choose(request.headers.get("accept"), GRAPH_FORMATS, "VoID descriptions")
    modified = request.app.state.generation.modified() or request.app.state.last_modified
    facts = dataset_facts(store, settings, modified)
    base = str(request.base_url).rstrip("/")
    return Response(
        void_description(base, facts, choice),
        headers={"Content-Type": content_type(choice.media_type), "Vary": "Accept"},
    )
