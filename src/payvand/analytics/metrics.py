"""Centrality, communities, paths, neighbourhoods and comparisons over the view graphs.

The definitions are networkx's, on the undirected view graph:

* ``degree``: the share of the other nodes a node is tied to;
* ``betweenness`` (normalised, unweighted): exact up to :data:`SAMPLE_ABOVE` nodes, above that
  estimated from ``k`` sampled sources (networkx's ``k``), and the result says so;
* ``closeness`` (unweighted, Wasserman–Faust for disconnected graphs, as networkx): exact up to
  :data:`SAMPLE_ABOVE` nodes, above that estimated from ``k`` sampled pivots per component;
* ``pagerank`` (weighted, damping 0.85) and ``eigenvector`` (weighted; networkx's power
  iteration on A + I, run on a sparse matrix).

Paths count hops: a path is a chain of documented ties, each edge with its evidence.
Communities are deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice
from typing import Any

import networkx as nx

from payvand.errors import InputError

SAMPLE_ABOVE = 500
"""Above this many nodes, betweenness and closeness are estimated from samples."""
SAMPLE_BUDGET = 2_000_000
"""The number of node and edge visits the default sample size aims at."""
MIN_SAMPLE = 16
EIGENVECTOR_MAX_ITER = 1000
EIGENVECTOR_TOL = 1.0e-6


class Measure(StrEnum):
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"
    CLOSENESS = "closeness"


class CommunityAlgorithm(StrEnum):
    LOUVAIN = "louvain"
    LABEL_PROPAGATION = "label_propagation"


@dataclass(frozen=True, slots=True)
class Centrality:
    """Scores of one measure for every node; ``sampled`` with ``k`` when estimated."""

    measure: Measure
    scores: Mapping[str, float]
    sampled: bool = False
    k: int | None = None
    note: str = ""

    def top(self, n: int) -> list[tuple[str, float]]:
        """The ``n`` highest scores, ties broken by node."""
        return sorted(self.scores.items(), key=lambda item: (-item[1], item[0]))[:n]


def sample_size(graph: nx.Graph[str], k: int | None = None) -> int | None:
    """How many sources to sample (None: compute exactly) for betweenness and closeness."""
    n = graph.number_of_nodes()
    if k is not None:
        if k < 1:
            raise InputError("k must be at least 1", field="k")
        return k if k < n else None
    if n <= SAMPLE_ABOVE:
        return None
    return min(n, max(MIN_SAMPLE, SAMPLE_BUDGET // (n + graph.number_of_edges())))


def _eigenvector(graph: nx.Graph[str]) -> tuple[dict[str, float], int | None]:
    """networkx's eigenvector centrality (power iteration on A + I from a uniform start) on a
    sparse matrix; the number of iterations, or None when it did not converge."""
    import numpy as np

    nodes = list(graph)
    if not nodes:
        return {}, 0
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr")
    n = len(nodes)
    x = np.full(n, 1.0 / n)
    for iteration in range(1, EIGENVECTOR_MAX_ITER + 1):
        last = x
        x = last + matrix @ last
        norm = float(np.linalg.norm(x)) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < n * EIGENVECTOR_TOL:
            return dict(zip(nodes, (float(v) for v in x), strict=True)), iteration
    return dict(zip(nodes, (float(v) for v in x), strict=True)), None


def _closeness_sampled(graph: nx.Graph[str], k: int, seed: int) -> dict[str, float]:
    """Closeness with distance sums estimated from ``k`` pivots in each large component
    (Eppstein and Wang); components of at most ``k`` nodes are computed exactly."""
    rng = random.Random(seed)
    n = graph.number_of_nodes()
    scores: dict[str, float] = {}
    for component in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        size = len(component)
        if size == 1:
            scores.update(dict.fromkeys(component, 0.0))
            continue
        members = sorted(component)
        pivots = members if size <= k else rng.sample(members, k)
        totals = dict.fromkeys(members, 0.0)
        counts = dict.fromkeys(members, 0)
        for pivot in pivots:
            for node, distance in nx.single_source_shortest_path_length(graph, pivot).items():
                if node != pivot:
                    totals[node] += distance
                    counts[node] += 1
        for node in members:
            if size <= k:
                total = totals[node]
            else:
                total = totals[node] / counts[node] * (size - 1) if counts[node] else 0.0
            scores[node] = ((size - 1) / total) * ((size - 1) / (n - 1)) if total > 0 else 0.0
    return scores


def centrality(
    graph: nx.Graph[str], measure: Measure, *, k: int | None = None, seed: int = 0
) -> Centrality:
    """The scores of ``measure`` for every node of ``graph``."""
    if graph.number_of_nodes() == 0:
        return Centrality(measure, {})
    if measure is Measure.DEGREE:
        return Centrality(measure, nx.degree_centrality(graph))
    if measure is Measure.PAGERANK:
        return Centrality(measure, nx.pagerank(graph, weight="weight"))
    if measure is Measure.EIGENVECTOR:
        scores, iterations = _eigenvector(graph)
        note = (
            ""
            if iterations is not None
            else f"the power iteration did not converge in {EIGENVECTOR_MAX_ITER} iterations; "
            "the scores are the last iterate"
        )
        return Centrality(measure, scores, note=note)
    size = sample_size(graph, k)
    n = graph.number_of_nodes()
    if measure is Measure.BETWEENNESS:
        scores = nx.betweenness_centrality(graph, k=size, seed=seed, normalized=True)
        kind = "sources"
    else:
        scores = (
            nx.closeness_centrality(graph)
            if size is None
            else _closeness_sampled(graph, size, seed)
        )
        kind = "pivots per component"
    if size is None:
        return Centrality(measure, scores)
    reason = (
        "as asked"
        if k is not None
        else f"the view has {n} nodes, more than the {SAMPLE_ABOVE} computed exactly"
    )
    return Centrality(
        measure,
        scores,
        sampled=True,
        k=size,
        note=f"estimated from k={size} sampled {kind} (seed {seed}): {reason}",
    )


@dataclass(frozen=True, slots=True)
class Community:
    """A community: its members, most central first, and a label from the first of them."""

    index: int
    members: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class Partition:
    algorithm: CommunityAlgorithm
    seed: int
    communities: tuple[Community, ...]
    modularity: float

    def community_of(self) -> dict[str, int]:
        return {m: c.index for c in self.communities for m in c.members}


def _label(graph: nx.Graph[str], nodes: Iterable[str]) -> str:
    return " · ".join(str(graph.nodes[n].get("label") or n) for n in nodes)


def communities(
    graph: nx.Graph[str], algorithm: CommunityAlgorithm, *, seed: int = 0, label_size: int = 3
) -> Partition:
    """The communities of ``graph``, largest first; the same seed gives the same partition."""
    if graph.number_of_nodes() == 0:
        return Partition(algorithm, seed, (), 0.0)
    found: list[set[str]]
    if algorithm is CommunityAlgorithm.LOUVAIN:
        found = [
            set(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=seed)
        ]
    else:
        found = [
            set(c) for c in nx.community.asyn_lpa_communities(graph, weight="weight", seed=seed)
        ]
    strength = dict(graph.degree(weight="weight"))
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    result = []
    for index, members in enumerate(ordered):
        ranked = tuple(sorted(members, key=lambda m: (-strength[m], m)))
        result.append(Community(index, ranked, _label(graph, ranked[:label_size])))
    modularity = nx.community.modularity(graph, ordered, weight="weight")
    return Partition(algorithm, seed, tuple(result), float(modularity))


@dataclass(frozen=True, slots=True)
class Paths:
    """The shortest chains of ties from ``source`` to ``target``; empty with a reason if none."""

    source: str
    target: str
    paths: tuple[tuple[str, ...], ...]
    reason: str | None = None


def shortest_paths(graph: nx.Graph[str], source: str, target: str, *, k: int = 1) -> Paths:
    """The ``k`` shortest simple paths (by hops, then in networkx's order)."""
    if k < 1:
        raise InputError("k must be at least 1", field="k")
    if source == target:
        return Paths(source, target, ((source,),), None)
    if not nx.has_path(graph, source, target):
        return Paths(
            source,
            target,
            (),
            f"no chain of ties joins {_label(graph, [source])} and {_label(graph, [target])} "
            "in this view: they are in different components",
        )
    found = islice(nx.shortest_simple_paths(graph, source, target), k)
    return Paths(source, target, tuple(tuple(p) for p in found))


def neighbourhood(
    graph: nx.Graph[str], centre: str, *, depth: int = 1, limit: int = 50
) -> nx.Graph[str]:
    """The nodes within ``depth`` hops of ``centre`` (at most ``limit``, the strongest ties
    first) and every edge among them."""
    if depth not in (1, 2):
        raise InputError("depth must be 1 or 2", field="depth")
    if limit < 1:
        raise InputError("limit must be at least 1", field="limit")

    def ranked(node: str) -> list[str]:
        return sorted(
            graph[node],
            key=lambda n: (-graph[node][n]["weight"], -graph.nodes[n].get("mentions", 0), n),
        )

    kept: dict[str, None] = {centre: None}
    frontier = [centre]
    for _ in range(depth):
        next_frontier: list[str] = []
        for node in frontier:
            for neighbour in ranked(node):
                if len(kept) >= limit:
                    break
                if neighbour not in kept:
                    kept[neighbour] = None
                    next_frontier.append(neighbour)
        frontier = next_frontier
    sub: nx.Graph[str] = graph.subgraph(kept).copy()
    sub.graph["centre"] = centre
    sub.graph["truncated"] = len(kept) >= limit and any(
        n not in kept for node in kept for n in graph[node]
    )
    return sub


@dataclass(frozen=True, slots=True)
class Change:
    node: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Comparison:
    """How centrality moved between two graphs of one view (periods ``a`` and ``b``)."""

    measure: Measure
    gained: tuple[Change, ...]
    lost: tuple[Change, ...]
    appeared: int
    disappeared: int
    sampled: bool = False
    notes: tuple[str, ...] = field(default=())


def compare(
    graph_a: nx.Graph[str],
    graph_b: nx.Graph[str],
    measure: Measure,
    *,
    top: int = 10,
    seed: int = 0,
) -> Comparison:
    """The nodes that gained and lost most centrality from ``graph_a`` to ``graph_b``; a node
    missing from a graph scores 0 there."""
    a = centrality(graph_a, measure, seed=seed)
    b = centrality(graph_b, measure, seed=seed)
    changes = [
        Change(node, a.scores.get(node, 0.0), b.scores.get(node, 0.0))
        for node in set(a.scores) | set(b.scores)
    ]
    gained = sorted((c for c in changes if c.delta > 0), key=lambda c: (-c.delta, c.node))
    lost = sorted((c for c in changes if c.delta < 0), key=lambda c: (c.delta, c.node))
    return Comparison(
        measure,
        tuple(gained[:top]),
        tuple(lost[:top]),
        appeared=len(set(b.scores) - set(a.scores)),
        disappeared=len(set(a.scores) - set(b.scores)),
        sampled=a.sampled or b.sampled,
        notes=tuple(n for n in (a.note, b.note) if n),
    )


@dataclass(frozen=True, slots=True)
class Summary:
    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    articles: int
    node_types: Mapping[str, int]
    relations: Mapping[str, int]


def summarise(graph: nx.Graph[str]) -> Summary:
    """Size, density, components and the make-up of a view graph."""
    components = [len(c) for c in nx.connected_components(graph)]
    types: dict[str, int] = {}
    for _node, kind in graph.nodes(data="type"):
        types[str(kind)] = types.get(str(kind), 0) + 1
    relations: dict[str, int] = {}
    for _u, _v, data in graph.edges(data=True):
        for name in data["relations"]:
            relations[str(name)] = relations.get(str(name), 0) + 1
    return Summary(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=nx.density(graph) if graph.number_of_nodes() > 1 else 0.0,
        components=len(components),
        largest_component=max(components, default=0),
        articles=int(graph.graph.get("articles", 0)),
        node_types=dict(sorted(types.items())),
        relations=dict(sorted(relations.items())),
    )


class GraphFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"


def _flat(graph: nx.Graph[str]) -> nx.Graph[str]:
    """A copy with scalar attributes only, as GraphML and GEXF need."""
    flat: nx.Graph[str] = nx.Graph(
        view=str(graph.graph.get("view", "")), period=str(graph.graph.get("period"))
    )
    for node, data in graph.nodes(data=True):
        flat.add_node(
            data.get("id", node),
            iri=node,
            **{k: v for k, v in data.items() if k != "id" and isinstance(v, str | int | float)},
        )
    for u, v, data in graph.edges(data=True):
        articles = sorted({e.article for e in data["evidence"] if e.article})
        flat.add_edge(
            graph.nodes[u].get("id", u),
            graph.nodes[v].get("id", v),
            weight=int(data["weight"]),
            relations=" ".join(data["relations"]),
            articles=len(articles),
            evidence=" ".join(articles),
        )
    return flat


def cytoscape_elements(graph: nx.Graph[str]) -> dict[str, Any]:
    """The graph as Cytoscape.js elements (``{"nodes": [{"data": …}], "edges": […]}``)."""
    flat = _flat(graph)
    return {
        "nodes": [{"data": {"id": node, **data}} for node, data in flat.nodes(data=True)],
        "edges": [
            {"data": {"id": f"{u}|{v}", "source": u, "target": v, **data}}
            for u, v, data in flat.edges(data=True)
        ],
    }


def export_graph(graph: nx.Graph[str], fmt: GraphFormat) -> str:
    """The graph as GraphML or GEXF (for Gephi) or Cytoscape.js JSON."""
    if fmt is GraphFormat.JSON:
        import json

        return json.dumps(
            {
                "data": {k: str(v) for k, v in graph.graph.items()},
                "elements": cytoscape_elements(graph),
            },
            ensure_ascii=False,
        )
    flat = _flat(graph)
    if fmt is GraphFormat.GRAPHML:
        return "\n".join(nx.generate_graphml(flat))
    return "\n".join(nx.generate_gexf(flat))
