"""A VoID description of the dataset at /.well-known/void: triples, entities per class, graphs,
when the store last changed, and the releases the server serves."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import QuerySolutions

from payvand.config import Settings
from payvand.publishing import list_releases
from payvand.store.base import ReadableStore
from payvand.web.description import DatasetFacts, void_description
from payvand.web.negotiation import GRAPH_FORMATS
from payvand.web.protocol import choose
from payvand.web.routes.releases import release_entry
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


def with_releases(facts: DatasetFacts, settings: Settings, base: str) -> DatasetFacts:
    """``facts`` with the releases the server serves: their list, their IRIs, and the dumps of
    the newest."""
    if settings.releases_dir is None:
        return facts
    found = list_releases(settings.releases_dir)
    newest = release_entry(found[0], base) if found else None
    files = newest.get("files", []) if newest is not None else []
    dumps = tuple(
        str(f["url"])
        for f in (files if isinstance(files, list) else [])
        if isinstance(f, dict)
        and str(f.get("name", "")).endswith((".nq.gz", ".trig.gz", ".ttl.gz"))
    )
    return replace(
        facts,
        releases_url=f"{base}/releases",
        releases=tuple(str(r.description["iri"]) for r in found),
        dumps=dumps,
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
    base = str(request.base_url).rstrip("/")
    facts = with_releases(dataset_facts(store, settings, modified), settings, base)
    return Response(
        void_description(base, facts, choice),
        headers={"Content-Type": content_type(choice.media_type), "Vary": "Accept"},
    )
