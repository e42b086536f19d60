"""Every measure on small graphs whose values are worked out by hand (see the comments)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import pytest

from payvand.analytics.build import Evidence
from payvand.analytics.metrics import (
    SAMPLE_ABOVE,
    CommunityAlgorithm,
    GraphFormat,
    Measure,
    centrality,
    communities,
    compare,
    export_graph,
    neighbourhood,
    sample_size,
    shortest_paths,
    summarise,
)
from payvand.errors import InputError


def graph_of(edges: Sequence[tuple[str, str] | tuple[str, str, int]]) -> nx.Graph[str]:
    """A view-like graph: every node labelled, every edge with weight, relations, evidence."""
    graph: nx.Graph[str] = nx.Graph()
    for edge in edges:
        u, v = edge[0], edge[1]
        weight = edge[2] if len(edge) == 3 else 1
        for node in (u, v):
            graph.add_node(node, id=node, label=node.upper(), type="city", mentions=0)
        graph.add_edge(
            u,
            v,
            weight=weight,
            relations=("twinned_with",),
            articles=weight,
            evidence=[Evidence("twinned_with", f"article/{u}{v}{i}") for i in range(weight)],
        )
    return graph


# The path a - b - c - d.
PATH = graph_of([("a", "b"), ("b", "c"), ("c", "d")])


def test_degree_on_a_path() -> None:
    # degree / (n - 1)
    assert centrality(PATH, Measure.DEGREE).scores == pytest.approx(
        {"a": 1 / 3, "b": 2 / 3, "c": 2 / 3, "d": 1 / 3}
    )


def test_betweenness_on_a_path() -> None:
    # b lies on the shortest paths a-c and a-d: 2 pairs, normalised by (n-1)(n-2)/2 = 3.
    result = centrality(PATH, Measure.BETWEENNESS)
    assert result.scores == pytest.approx({"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0})
    assert not result.sampled
    assert result.k is None


def test_closeness_on_a_path() -> None:
    # (n - 1) / sum of distances: a has 1 + 2 + 3, b has 1 + 1 + 2.
    assert centrality(PATH, Measure.CLOSENESS).scores == pytest.approx(
        {"a": 3 / 6, "b": 3 / 4, "c": 3 / 4, "d": 3 / 6}
    )


def test_pagerank_on_a_path() -> None:
    # p_a = 0.15/4 + 0.85 p_b / 2 and p_b = 0.15/4 + 0.85 (p_a + p_b / 2), by symmetry p_c = p_b:
    # 0.21375 p_b = 0.069375.
    p_b = 0.069375 / 0.21375
    p_a = 0.0375 + 0.425 * p_b
    assert centrality(PATH, Measure.PAGERANK).scores == pytest.approx(
        {"a": p_a, "b": p_b, "c": p_b, "d": p_a}, abs=1e-5
    )


def test_eigenvector_on_a_path_and_a_star() -> None:
    # The leading eigenvector of the path P4 is (sin π/5, sin 2π/5, sin 3π/5, sin 4π/5), unit length.
    raw = [math.sin(i * math.pi / 5) for i in range(1, 5)]
    norm = math.sqrt(sum(x * x for x in raw))
    assert centrality(PATH, Measure.EIGENVECTOR).scores == pytest.approx(
        dict(zip("abcd", (x / norm for x in raw), strict=True)), abs=1e-4
    )
    # A star with four leaves: eigenvalue 2, the centre 1/√2 and each leaf 1/(2√2).
    star = graph_of([("hub", leaf) for leaf in "wxyz"])
    scores = centrality(star, Measure.EIGENVECTOR).scores
    assert scores["hub"] == pytest.approx(1 / math.sqrt(2), abs=1e-4)
    assert scores["w"] == pytest.approx(1 / (2 * math.sqrt(2)), abs=1e-4)


def test_weighted_pagerank_follows_the_weights() -> None:
    # From b, the walk goes to a twice as often as to c (weights 2 and 1); a and c lead only to b.
    # p_a = 0.05 + 0.85 (2/3) p_b, p_c = 0.05 + 0.85 (1/3) p_b, p_b = 0.05 + 0.85 (p_a + p_c).
    graph = graph_of([("a", "b", 2), ("b", "c", 1)])
    p_b = (0.05 + 0.85 * 0.1) / (1 - 0.85 * 0.85)
    expected = {"a": 0.05 + 0.85 * 2 / 3 * p_b, "b": p_b, "c": 0.05 + 0.85 / 3 * p_b}
    assert centrality(graph, Measure.PAGERANK).scores == pytest.approx(expected, abs=1e-5)


def test_top_breaks_ties_by_node() -> None:
    top = centrality(PATH, Measure.DEGREE).top(3)
    assert [n for n, _ in top] == ["b", "c", "a"]
    assert [s for _, s in top] == pytest.approx([2 / 3, 2 / 3, 1 / 3])


def test_sampling_above_the_threshold_and_on_request() -> None:
    small = nx.path_graph(SAMPLE_ABOVE)
    assert sample_size(small) is None
    big = nx.path_graph(SAMPLE_ABOVE + 1)
    assert sample_size(big) is not None
    assert sample_size(PATH, 2) == 2
    assert sample_size(PATH, 10) is None  # k at least n: exact
    result = centrality(PATH, Measure.BETWEENNESS, k=2, seed=1)
    assert result.sampled
    assert result.k == 2
    assert "k=2" in result.note
    with pytest.raises(InputError, match="k must be"):
        sample_size(PATH, 0)


def test_sampled_closeness_is_exact_where_every_distance_is_one() -> None:
    complete = graph_of([(f"n{i}", f"n{j}") for i in range(10) for j in range(i + 1, 10)])
    result = centrality(complete, Measure.CLOSENESS, k=3, seed=5)
    assert result.sampled
    assert result.scores == pytest.approx(dict.fromkeys(complete, 1.0))


def test_sampled_closeness_scales_by_component() -> None:
    # Two components: a triangle (computed exactly, at most k nodes) and a path of 6 nodes
    # (estimated from k = 3 pivots); an isolated node scores 0.
    graph = graph_of([("t1", "t2"), ("t2", "t3"), ("t1", "t3")])
    nx.add_path(graph, [f"p{i}" for i in range(6)], weight=1)
    graph.add_node("alone")
    scores = centrality(graph, Measure.CLOSENESS, k=3, seed=0).scores
    n = graph.number_of_nodes()
    # a triangle node: (3 - 1) / 2 * (3 - 1) / (n - 1)
    assert scores["t1"] == pytest.approx(2 / 2 * 2 / (n - 1))
    assert scores["alone"] == 0.0
    exact = nx.closeness_centrality(graph)
    assert all(0 < scores[f"p{i}"] <= 2 * exact[f"p{i}"] for i in range(6))


def test_communities_of_two_triangles() -> None:
    # Two triangles joined by one edge: both algorithms find the triangles, whatever the seed.
    graph = graph_of(
        [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")]
    )
    for algorithm in CommunityAlgorithm:
        for seed in (0, 1, 7):
            partition = communities(graph, algorithm, seed=seed)
            assert sorted(sorted(c.members) for c in partition.communities) == [
                ["a", "b", "c"],
                ["d", "e", "f"],
            ]
            # modularity of that split, by hand: 2 × (3/7 − (7/14)²) = 5/14
            assert partition.modularity == pytest.approx(5 / 14)
            first = partition.communities[0]
            # the member with the bridge is the most central, and names the community first
            assert first.members[0] in ("c", "d")
            assert first.label.startswith(first.members[0].upper())


def test_communities_are_the_same_for_the_same_seed() -> None:
    graph = nx.les_miserables_graph()
    for node in graph:
        graph.nodes[node]["label"] = node
    for algorithm in CommunityAlgorithm:
        a = communities(graph, algorithm, seed=3)
        b = communities(graph, algorithm, seed=3)
        assert a == b
        assert sorted(m for c in a.communities for m in c.members) == sorted(graph)


def test_k_shortest_paths_and_a_disconnected_pair() -> None:
    # A square a-b-d, a-c-d plus a long way round a-e-f-d, and x-y on their own.
    graph = graph_of(
        [
            ("a", "b"),
            ("b", "d"),
            ("a", "c"),
            ("c", "d"),
            ("a", "e"),
            ("e", "f"),
            ("f", "d"),
            ("x", "y"),
        ]
    )
    found = shortest_paths(graph, "a", "d", k=3)
    assert sorted(found.paths[:2]) == [("a", "b", "d"), ("a", "c", "d")]
    assert found.paths[2] == ("a", "e", "f", "d")
    assert found.reason is None
    none = shortest_paths(graph, "a", "x", k=2)
    assert none.paths == ()
    assert none.reason is not None
    assert "different components" in none.reason
    assert "A" in none.reason
    assert "X" in none.reason


def test_neighbourhood_keeps_the_strongest_ties_first() -> None:
    graph = graph_of([("c", "a", 5), ("c", "b", 1), ("c", "d", 3), ("a", "far", 1)])
    one = neighbourhood(graph, "c", depth=1, limit=3)
    assert set(one) == {"c", "a", "d"}  # b has the weakest tie
    assert one.graph["truncated"]
    two = neighbourhood(graph, "c", depth=2, limit=10)
    assert set(two) == {"c", "a", "b", "d", "far"}
    assert not two.graph["truncated"]
    with pytest.raises(InputError, match="depth"):
        neighbourhood(graph, "c", depth=3)


def test_compare_reports_gains_and_losses() -> None:
    before = graph_of([("a", "b"), ("a", "c")])
    after = graph_of([("b", "c"), ("b", "d"), ("b", "e")])
    result = compare(before, after, Measure.DEGREE, top=10)
    # degree / (n - 1): before (n = 3) a 1, b 1/2, c 1/2; after (n = 4) b 1, c, d and e 1/3
    assert [c.node for c in result.gained] == ["b", "d", "e"]
    assert [c.delta for c in result.gained] == pytest.approx([0.5, 1 / 3, 1 / 3])
    assert [c.node for c in result.lost] == ["a", "c"]
    assert [c.delta for c in result.lost] == pytest.approx([-1.0, -1 / 6])
    assert (result.appeared, result.disappeared) == (2, 1)


def test_summary() -> None:
    graph = graph_of([("a", "b", 2), ("b", "c"), ("x", "y")])
    summary = summarise(graph)
    assert (summary.nodes, summary.edges, summary.components, summary.largest_component) == (
        5,
        3,
        2,
        3,
    )
    assert summary.density == pytest.approx(3 / 10)
    assert summary.node_types == {"city": 5}
    assert summary.relations == {"twinned_with": 3}


@pytest.mark.parametrize("fmt", list(GraphFormat))
def test_exports_read_back(fmt: GraphFormat, tmp_path: Path) -> None:
    graph = graph_of([("a", "b", 2), ("b", "c")])
    text = export_graph(graph, fmt)
    if fmt is GraphFormat.JSON:
        import json

        elements = json.loads(text)["elements"]
        assert sorted(n["data"]["id"] for n in elements["nodes"]) == ["a", "b", "c"]
        edge = next(
            e["data"]
            for e in elements["edges"]
            if {e["data"]["source"], e["data"]["target"]} == {"a", "b"}
        )
        assert edge["weight"] == 2
        return
    path = tmp_path / f"g.{fmt.value}"
    path.write_text(text, encoding="utf-8")
    back = nx.read_graphml(path) if fmt is GraphFormat.GRAPHML else nx.read_gexf(path)
    assert sorted(back.nodes) == ["a", "b", "c"]
    assert int(back["a"]["b"]["weight"]) == 2
    assert back["a"]["b"]["evidence"] == "article/ab0 article/ab1"
