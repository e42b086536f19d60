"""Rows of the view queries -> networkx graphs: shapes, evidence, weights and filters."""

from __future__ import annotations

from datetime import date

import pytest

from payvand.analytics.build import (
    ArticleInfo,
    Evidence,
    Node,
    ViewFilter,
    build_graph,
    node_type,
    ranked_evidence,
    read_articles,
    read_nodes,
    read_view_rows,
)
from payvand.analytics.period import Period
from payvand.errors import QueryError

BASE = "https://example.org/id/"
PV = "https://w3id.org/payvand/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"

ARTICLES = {
    "a1": ArticleInfo("a1", date(2021, 5, 1), "first"),
    "a2": ArticleInfo("a2", date(2022, 5, 1), "second"),
    "a3": ArticleInfo("a3", None, "undated"),
}
NODES = {
    BASE + k: Node(BASE + k, k, k.split("/")[0], {"en": k})
    for k in ("person/p", "organisation/o", "city/c", "country/k")
}


def tie(
    source: str, target: str, relation: str, article: str | None, sentence: str | None = None
) -> dict[str, str | None]:
    return {
        "source": BASE + source,
        "target": BASE + target,
        "relation": relation,
        "article": article,
        "sentence": sentence,
        "fact": None,
        "detail": None,
    }


TIE_VARIABLES = ["source", "target", "relation", "article", "sentence", "fact", "detail"]


def test_co_occurrence_ties_every_pair_once_per_article() -> None:
    rows = [
        {"article": "a1", "member": BASE + m}
        for m in ("person/p", "organisation/o", "city/c", "city/c")
    ]
    rows += [{"article": "a2", "member": BASE + m} for m in ("person/p", "organisation/o")]
    view = read_view_rows("v", ["article", "member"], rows)
    graph = build_graph(view, NODES, ARTICLES, base=BASE)
    assert graph.number_of_edges() == 3
    p, o, c = BASE + "person/p", BASE + "organisation/o", BASE + "city/c"
    assert graph[p][o]["weight"] == 2
    assert graph[p][c]["weight"] == 1
    assert graph[p][o]["relations"] == ("co_mentioned",)
    assert graph.graph["articles"] == 2


def test_ties_merge_per_pair_and_weigh_by_distinct_articles() -> None:
    rows = [
        tie("person/p", "organisation/o", "member_of", "a1", "s1"),
        tie("person/p", "organisation/o", "member_of", "a1", "s1"),  # a duplicate row
        tie("organisation/o", "person/p", "attended", "a1", "s2"),  # the other way round
        tie("person/p", "organisation/o", "member_of", "a2", "s3"),
        tie("person/p", "person/p", "member_of", "a2", "s3"),  # a loop: dropped
    ]
    graph = build_graph(read_view_rows("v", TIE_VARIABLES, rows), NODES, ARTICLES, base=BASE)
    edge = graph[BASE + "person/p"][BASE + "organisation/o"]
    assert edge["weight"] == 2
    assert edge["relations"] == ("attended", "member_of")
    assert len(edge["evidence"]) == 3
    assert graph.number_of_edges() == 1


def test_reference_ties_join_only_nodes_in_the_graph() -> None:
    rows = [
        tie("city/c", "organisation/o", "agreement", "a2"),
        tie("city/c", "country/k", "in_country", None),
        tie("person/p", "country/k", "in_country", None),  # p is in no evidenced tie
    ]
    view = read_view_rows("v", TIE_VARIABLES, rows)
    graph = build_graph(view, NODES, ARTICLES, base=BASE)
    assert sorted(graph.nodes[n]["id"] for n in graph) == ["city/c", "country/k", "organisation/o"]
    assert graph[BASE + "city/c"][BASE + "country/k"]["weight"] == 1
    assert graph[BASE + "city/c"][BASE + "country/k"]["articles"] == 0
    in_2021 = build_graph(
        view,
        NODES,
        ARTICLES,
        base=BASE,
        view_filter=ViewFilter(Period(date(2021, 1, 1), date(2021, 12, 31))),
    )
    assert in_2021.number_of_nodes() == 0


def test_period_and_type_filters() -> None:
    rows = [
        tie("person/p", "organisation/o", "member_of", "a1"),
        tie("person/p", "city/c", "spoke_in", "a2"),
        tie("organisation/o", "city/c", "located", "a3"),
    ]
    view = read_view_rows("v", TIE_VARIABLES, rows)
    in_2022 = build_graph(
        view, NODES, ARTICLES, base=BASE, view_filter=ViewFilter(Period(date(2022, 1, 1), None))
    )
    assert [(in_2022.nodes[u]["id"], in_2022.nodes[v]["id"]) for u, v in in_2022.edges] == [
        ("person/p", "city/c")
    ]
    people_and_orgs = build_graph(
        view,
        NODES,
        ARTICLES,
        base=BASE,
        view_filter=ViewFilter(types=frozenset({"person", "organisation"})),
    )
    assert people_and_orgs.number_of_edges() == 1
    everything = build_graph(view, NODES, ARTICLES, base=BASE)
    assert everything.number_of_edges() == 3  # the undated article counts when there is no period


def test_rows_without_the_view_variables_are_refused() -> None:
    with pytest.raises(QueryError, match=r"\?source \?target \?relation"):
        read_view_rows("broken", ["s", "o"], [])


def test_nodes_take_the_most_common_label_per_language() -> None:
    types = [
        {"node": BASE + "person/p", "class": PV + "Person"},
        {"node": BASE + "city/c", "class": PV + "City"},
    ]
    labels = [
        {
            "node": BASE + "person/p",
            "property": RDFS_LABEL,
            "label": "Ali R.",
            "label@lang": "en",
            "graphs": "1",
        },
        {
            "node": BASE + "person/p",
            "property": RDFS_LABEL,
            "label": "Ali Rezaei",
            "label@lang": "en",
            "graphs": "3",
        },
        {
            "node": BASE + "person/p",
            "property": RDFS_LABEL,
            "label": "علی رضایی",
            "label@lang": "fa",
            "graphs": "1",
        },
        {
            "node": BASE + "person/p",
            "property": ALT,
            "label": "A. Rezaei",
            "label@lang": "en",
            "graphs": "1",
        },
        {
            "node": BASE + "role/x",
            "property": RDFS_LABEL,
            "label": "mayor",
            "label@lang": "en",
            "graphs": "1",
        },
    ]
    nodes = read_nodes(types, labels, [{"node": BASE + "person/p", "mentions": "4"}], base=BASE)
    person = nodes[BASE + "person/p"]
    assert person.labels == {"en": "Ali Rezaei", "fa": "علی رضایی"}
    assert person.label == "علی رضایی"
    assert person.aliases == ("A. Rezaei", "Ali R.")
    assert person.mentions == 4
    assert person.type == "person"
    assert nodes[BASE + "city/c"].label == "city/c"  # no name: its id
    assert BASE + "role/x" not in nodes  # untyped resources are no nodes


@pytest.mark.parametrize(
    ("classes", "key", "expected"),
    [
        ([PV + "Organisation", PV + "Municipality"], "organisation/x", "organisation"),
        ([PV + "Event", PV + "CulturalWeek"], "event/x", "event"),
        (["http://www.w3.org/2004/02/skos/core#Concept"], "https://other/x", "topic"),
        ([], "city/ir-x", "city"),  # the kind in the key
        ([], "whatever/x", "other"),
    ],
)
def test_node_types(classes: list[str], key: str, expected: str) -> None:
    assert node_type(classes, key) == expected


def test_articles_and_ranked_evidence() -> None:
    articles = read_articles(
        [
            {"article": "a", "date": "2022-01-18T10:58:00+03:30", "headline": "h"},
            {"article": "b", "date": "2023-05-01", "headline": None},
            {"article": "c", "date": "not a date", "headline": None},
        ]
    )
    assert articles["a"].day == date(2022, 1, 18)
    assert articles["c"].day is None
    evidence = [Evidence("r", "a"), Evidence("r", "c"), Evidence("r", "b"), Evidence("r", None)]
    assert [e.article for e in ranked_evidence(evidence, articles)] == ["b", "a", None, "c"]
    assert len(ranked_evidence(evidence, articles, limit=2)) == 2


def test_min_weight_leaves_out_weak_ties_and_the_nodes_they_leave_alone() -> None:
    rows = [
        tie("person/p", "organisation/o", "member_of", "a1"),
        tie("person/p", "organisation/o", "member_of", "a2"),
        tie("person/p", "city/c", "spoke_in", "a2"),
    ]
    view = read_view_rows("v", TIE_VARIABLES, rows)
    graph = build_graph(view, NODES, ARTICLES, base=BASE, view_filter=ViewFilter(min_weight=2))
    assert sorted(graph.nodes[n]["id"] for n in graph) == ["organisation/o", "person/p"]
    assert graph.number_of_edges() == 1
