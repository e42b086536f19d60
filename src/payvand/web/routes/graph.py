"""Exploration: the graph views, their measures, paths and neighbourhoods, and exports.

Every route is a plain ``def`` (the store blocks) and goes through the app's
:class:`~payvand.exploration.Explorer`, which builds each view once per store version.
"""

from __future__ import annotations

import itertools
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from payvand.analytics.build import NODE_TYPES, Evidence, ViewFilter, ranked_evidence
from payvand.analytics.metrics import (
    Change,
    CommunityAlgorithm,
    GraphFormat,
    Measure,
    neighbourhood,
)
from payvand.analytics.period import Period
from payvand.errors import NotFoundError
from payvand.exploration import Explorer, period_of, view_filter
from payvand.web.graph_schemas import (
    CentralityOut,
    ChangeOut,
    CommunitiesOut,
    CommunityOut,
    CompareOut,
    EdgeOut,
    EvidenceOut,
    FilterOut,
    NeighbourhoodOut,
    NodeOut,
    NodeRef,
    PathOut,
    PathsOut,
    ScoredNode,
    SummaryOut,
    ViewInfo,
    ViewList,
)
from payvand.web.routing import ThreadRoute

router = APIRouter(route_class=ThreadRoute, tags=["graph analytics"])


def get_explorer(request: Request) -> Explorer:
    explorer: Explorer = request.app.state.explorer
    return explorer


ExplorerDep = Annotated[Explorer, Depends(get_explorer)]
ViewPath = Annotated[
    str, Path(description="the view: actors, comentions, sister_cities, statements")
]


def get_filter(
    start: Annotated[
        str | None,
        Query(
            alias="from",
            description="first day of the period, on article dates: Gregorian or Jalali "
            "(2022-01-18, 1400/10/28), a month (2022-01, 1400/10) or a year (2022, 1400)",
        ),
    ] = None,
    end: Annotated[
        str | None, Query(alias="to", description="last day of the period (as from)")
    ] = None,
    types: Annotated[
        str | None,
        Query(description="entity types to keep, comma-separated: " + ", ".join(NODE_TYPES)),
    ] = None,
    min_weight: Annotated[
        int, Query(ge=1, description="keep only ties backed by at least this many articles")
    ] = 1,
) -> ViewFilter:
    return view_filter(start, end, types, min_weight)


FilterDep = Annotated[ViewFilter, Depends(get_filter)]


def filter_out(flt: ViewFilter | Period) -> FilterOut:
    period = flt.period if isinstance(flt, ViewFilter) else flt
    types = sorted(flt.types) if isinstance(flt, ViewFilter) else []
    return FilterOut.model_validate(
        {
            "from": period.start.isoformat() if period.start else None,
            "to": period.end.isoformat() if period.end else None,
            "types": types,
            "min_weight": flt.min_weight if isinstance(flt, ViewFilter) else 1,
        }
    )


def node_ref(graph: nx.Graph[str], node: str) -> NodeRef:
    data = graph.nodes[node]
    return NodeRef(
        id=data["id"],
        iri=node,
        type=data["type"],
        label=data["label"],
        label_fa=data["label_fa"],
        label_en=data["label_en"],
    )


def edges_out(
    explorer: Explorer, graph: nx.Graph[str], pairs: list[tuple[str, str]], *, evidence: int
) -> list[EdgeOut]:
    """The edges between ``pairs`` with up to ``evidence`` items each, their texts resolved."""
    articles = explorer.articles()
    chosen: list[list[Evidence]] = [
        ranked_evidence(graph[u][v]["evidence"], articles, limit=evidence) for u, v in pairs
    ]
    texts = explorer.evidence_texts(e for items in chosen for e in items)
    edges = []
    for (u, v), items in zip(pairs, chosen, strict=True):
        data = graph[u][v]
        out = []
        for item in items:
            info = articles.get(item.article) if item.article else None
            out.append(
                EvidenceOut(
                    relation=item.relation,
                    detail=item.detail,
                    article=item.article,
                    headline=info.headline if info else None,
                    date=info.day.isoformat() if info and info.day else None,
                    url=info.url if info else None,
                    sentence=texts.get(item.sentence) if item.sentence else None,
                    quote=texts.get(item.fact) if item.fact else None,
                )
            )
        edges.append(
            EdgeOut(
                source=graph.nodes[u]["id"],
                target=graph.nodes[v]["id"],
                relations=list(data["relations"]),
                weight=data["weight"],
                articles=data["articles"],
                evidence=out,
            )
        )
    return edges


@router.get(
    "/graph/views",
    response_model=ViewList,
    summary="The graph views",
    description="Each view is a SPARQL query in queries/views/ projected into a graph.",
)
def list_views(explorer: ExplorerDep) -> ViewList:
    return ViewList(
        views=[
            ViewInfo(
                name=name, description=explorer.describe(name), summary=f"/graph/{name}/summary"
            )
            for name in explorer.view_names()
        ],
        node_types=list(NODE_TYPES),
    )


@router.get(
    "/graph/{view}/summary",
    response_model=SummaryOut,
    summary="Size, density and components of a view",
)
def view_summary(view: ViewPath, flt: FilterDep, explorer: ExplorerDep) -> SummaryOut:
    summary = explorer.summary(view, flt)
    return SummaryOut(
        view=view,
        filter=filter_out(flt),
        nodes=summary.nodes,
        edges=summary.edges,
        density=summary.density,
        components=summary.components,
        largest_component=summary.largest_component,
        articles=summary.articles,
        node_types=dict(summary.node_types),
        relations=dict(summary.relations),
    )


@router.get(
    "/graph/{view}/centrality",
    response_model=CentralityOut,
    summary="The most central entities of a view",
    description="degree, betweenness (sampled with k above 500 nodes, and the answer says so), "
    "pagerank and eigenvector (weighted by articles), closeness (sampled like betweenness).",
)
def view_centrality(
    view: ViewPath,
    flt: FilterDep,
    explorer: ExplorerDep,
    measure: Annotated[Measure, Query(description="the centrality measure")] = Measure.DEGREE,
    top: Annotated[int, Query(ge=1, le=1000, description="how many to list")] = 20,
    k: Annotated[
        int | None, Query(ge=1, description="samples for betweenness and closeness")
    ] = None,
    seed: Annotated[int, Query(description="seed of the sampling")] = 0,
) -> CentralityOut:
    graph = explorer.graph(view, flt)
    result = explorer.centrality(view, flt, measure, k=k, seed=seed)
    return CentralityOut(
        view=view,
        filter=filter_out(flt),
        measure=measure.value,
        nodes=graph.number_of_nodes(),
        sampled=result.sampled,
        k=result.k,
        note=result.note,
        top=[
            ScoredNode(rank=rank, score=score, **node_ref(graph, node).model_dump())
            for rank, (node, score) in enumerate(result.top(top), start=1)
        ],
    )


@router.get(
    "/graph/{view}/communities",
    response_model=CommunitiesOut,
    summary="Communities of a view (Louvain or label propagation)",
    description="Deterministic for a given seed; each community is labelled with the names of "
    "its most central members (by weighted degree).",
)
def view_communities(
    view: ViewPath,
    flt: FilterDep,
    explorer: ExplorerDep,
    algorithm: Annotated[CommunityAlgorithm, Query()] = CommunityAlgorithm.LOUVAIN,
    seed: Annotated[int, Query()] = 0,
    members: Annotated[int, Query(ge=1, le=10000, description="members listed per community")] = 25,
    limit: Annotated[int, Query(ge=1, le=10000, description="communities listed")] = 100,
) -> CommunitiesOut:
    graph = explorer.graph(view, flt)
    partition = explorer.communities(view, flt, algorithm, seed=seed)
    return CommunitiesOut(
        view=view,
        filter=filter_out(flt),
        algorithm=algorithm.value,
        seed=seed,
        modularity=partition.modularity,
        count=len(partition.communities),
        communities=[
            CommunityOut(
                index=c.index,
                size=len(c.members),
                label=c.label,
                members=[node_ref(graph, m) for m in c.members[:members]],
            )
            for c in partition.communities[:limit]
        ],
    )


@router.get(
    "/graph/{view}/path",
    response_model=PathsOut,
    summary="The k shortest chains of ties between two entities, with their evidence",
    description="Paths count hops. Between entities in different components the list is empty "
    "and 'reason' says why.",
)
def view_path(
    view: ViewPath,
    flt: FilterDep,
    explorer: ExplorerDep,
    source: Annotated[str, Query(description="entity id (city/ir-isfahan) or IRI")],
    target: Annotated[str, Query(description="entity id or IRI")],
    k: Annotated[int, Query(ge=1, le=20, description="how many paths")] = 1,
    evidence: Annotated[int, Query(ge=1, le=50, description="evidence items per edge")] = 5,
) -> PathsOut:
    def build() -> PathsOut:
        graph = explorer.graph(view, flt)
        found = explorer.paths(view, flt, source, target, k=k)
        paths = []
        for path in found.paths:
            pairs = list(itertools.pairwise(path))
            paths.append(
                PathOut(
                    hops=len(pairs),
                    nodes=[node_ref(graph, n) for n in path],
                    edges=edges_out(explorer, graph, pairs, evidence=evidence),
                )
            )
        return PathsOut(
            view=view,
            filter=filter_out(flt),
            source=node_ref(graph, found.source),
            target=node_ref(graph, found.target),
            k=k,
            paths=paths,
            reason=found.reason,
        )

    return explorer.memo(("path", view, flt, source, target, k, evidence), build)


@router.get(
    "/graph/{view}/edge",
    response_model=EdgeOut,
    summary="One tie and all of its evidence",
)
def view_edge(
    view: ViewPath,
    flt: FilterDep,
    explorer: ExplorerDep,
    source: Annotated[str, Query(description="entity id or IRI")],
    target: Annotated[str, Query(description="entity id or IRI")],
    evidence: Annotated[int, Query(ge=1, le=500, description="evidence items")] = 50,
) -> EdgeOut:
    def build() -> EdgeOut:
        graph = explorer.graph(view, flt)
        a, b = explorer.node_iri(graph, source), explorer.node_iri(graph, target)
        if not graph.has_edge(a, b):
            raise NotFoundError(
                f"'{graph.nodes[a]['label']}' and '{graph.nodes[b]['label']}' are not tied in the "
                f"view '{view}'; GET /graph/{view}/path finds the chains between them"
            )
        return edges_out(explorer, graph, [(a, b)], evidence=evidence)[0]

    return explorer.memo(("edge", view, flt, source, target, evidence), build)


@router.get(
    "/graph/{view}/neighbourhood/{entity:path}",
    response_model=NeighbourhoodOut,
    summary="The entities within one or two ties of an entity",
    description="The strongest ties first, at most 'limit' nodes, with every edge among them. "
    "With 'measure' and 'algorithm' each node carries its centrality and community in the "
    "whole view, for colouring.",
)
def view_neighbourhood(
    view: ViewPath,
    entity: Annotated[str, Path(description="entity id (person/…, city/ir-mashhad) or IRI")],
    flt: FilterDep,
    explorer: ExplorerDep,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    measure: Annotated[Measure | None, Query(description="score each node")] = None,
    algorithm: Annotated[
        CommunityAlgorithm | None, Query(description="give each node its community")
    ] = None,
    seed: Annotated[int, Query()] = 0,
    evidence: Annotated[int, Query(ge=0, le=20, description="evidence items per edge")] = 1,
) -> NeighbourhoodOut:
    def build() -> NeighbourhoodOut:
        graph = explorer.graph(view, flt)
        centre = explorer.node_iri(graph, entity)
        sub = neighbourhood(graph, centre, depth=depth, limit=limit)
        scores = explorer.centrality(view, flt, measure, seed=seed).scores if measure else {}
        community = (
            explorer.communities(view, flt, algorithm, seed=seed).community_of()
            if algorithm
            else {}
        )
        nodes = [
            NodeOut(
                **node_ref(graph, n).model_dump(),
                mentions=graph.nodes[n]["mentions"],
                degree=graph.degree(n),
                score=scores.get(n) if measure else None,
                community=community.get(n) if algorithm else None,
            )
            for n in sub
        ]
        pairs = sorted(
            sub.edges(), key=lambda e: (graph.nodes[e[0]]["id"], graph.nodes[e[1]]["id"])
        )
        return NeighbourhoodOut(
            view=view,
            filter=filter_out(flt),
            centre=node_ref(graph, centre),
            depth=depth,
            limit=limit,
            truncated=bool(sub.graph["truncated"]),
            measure=measure.value if measure else None,
            algorithm=algorithm.value if algorithm else None,
            nodes=nodes,
            edges=edges_out(explorer, graph, pairs, evidence=evidence),
        )

    return explorer.memo(
        ("neighbourhood", view, flt, entity, depth, limit, measure, algorithm, seed, evidence),
        build,
    )


@router.get(
    "/graph/{view}/compare",
    response_model=CompareOut,
    summary="Which entities gained and lost centrality between two periods",
    description="Periods as FROM..TO (either side may be empty) or one year, month or day, "
    "Gregorian or Jalali: period_a=2021&period_b=2022, period_a=1399..1400/06.",
)
def view_compare(
    view: ViewPath,
    explorer: ExplorerDep,
    period_a: Annotated[str, Query(description="the earlier period")],
    period_b: Annotated[str, Query(description="the later period")],
    measure: Annotated[Measure, Query()] = Measure.DEGREE,
    top: Annotated[int, Query(ge=1, le=1000)] = 10,
    types: Annotated[str | None, Query(description="entity types to keep")] = None,
    min_weight: Annotated[int, Query(ge=1, description="least articles behind a tie")] = 1,
) -> CompareOut:
    flt = view_filter(types=types, min_weight=min_weight)
    a, b = period_of(period_a, field="period_a"), period_of(period_b, field="period_b")
    result = explorer.compare(view, flt, a, b, measure, top=top)
    graph_a = explorer.graph(view, ViewFilter(a, flt.types, flt.min_weight))
    graph_b = explorer.graph(view, ViewFilter(b, flt.types, flt.min_weight))

    def change(item: Change) -> ChangeOut:
        graph = graph_b if item.node in graph_b else graph_a
        return ChangeOut(
            **node_ref(graph, item.node).model_dump(),
            before=item.before,
            after=item.after,
            delta=item.delta,
        )

    return CompareOut(
        view=view,
        measure=measure.value,
        period_a=filter_out(ViewFilter(a, flt.types, flt.min_weight)),
        period_b=filter_out(ViewFilter(b, flt.types, flt.min_weight)),
        gained=[change(c) for c in result.gained],
        lost=[change(c) for c in result.lost],
        appeared=result.appeared,
        disappeared=result.disappeared,
        sampled=result.sampled,
        notes=list(result.notes),
    )


MEDIA_TYPES = {
    GraphFormat.GRAPHML: "application/graphml+xml",
    GraphFormat.GEXF: "application/gexf+xml",
    GraphFormat.JSON: "application/json",
}


@router.get(
    "/graph/{view}/export",
    summary="A view as GraphML or GEXF (Gephi) or Cytoscape.js JSON",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}},
)
def view_export(
    view: ViewPath,
    flt: FilterDep,
    explorer: ExplorerDep,
    format: Annotated[GraphFormat, Query()] = GraphFormat.GRAPHML,
) -> Response:
    data = explorer.export(view, flt, format)
    return Response(
        content=data.encode("utf-8"),
        media_type=MEDIA_TYPES[format] + "; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{view}.{format.value}"'},
    )
