"""The views over a real (in-memory) Oxigraph store holding tests/data/analytics-small.trig.

Each view is compared with the graph this test builds from the fixture by hand, and every
measure with networkx run on that hand-built graph; a path comes with its evidence.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial

import networkx as nx
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from payvand.analytics.build import ViewFilter, ranked_evidence
from payvand.analytics.metrics import CommunityAlgorithm, Measure
from payvand.analytics.period import Period
from payvand.errors import NotFoundError
from payvand.exploration import Explorer, view_filter
from payvand.mapping.iris import Iris
from payvand.namespaces import DEFAULT_BASE, PV, RDF, SCHEMA
from payvand.store import OxigraphStore
from tests.conftest import ROOT

ID = DEFAULT_BASE
A1, A2, A3, A4 = (ID + f"article/a{i}" for i in range(1, 5))

# The sister-city view of the fixture, read off the file by hand: (city, city, articles).
SISTER_CITIES = [
    ("city/ir-isfahan", "city/ru-kazan", 2),  # articles 1 and 3
    ("city/ir-isfahan", "city/uz-samarkand", 1),
    ("city/ir-tabriz", "city/ru-kazan", 1),
    ("city/tm-merv", "city/uz-khiva", 1),
    ("city/ir-isfahan", "country/ir", 1),  # gazetteer ties: weight 1
    ("city/ir-tabriz", "country/ir", 1),
    ("city/ru-kazan", "country/ru", 1),
    ("city/uz-samarkand", "country/uz", 1),
]
# What each article mentions, but its publisher (IRNA publishes article 1).
MENTIONS = {
    A1: [
        "city/ir-isfahan",
        "city/ru-kazan",
        "country/ir",
        "country/ru",
        "person/ali-rezaei",
        "organisation/isfahan-municipality",
    ],
    A2: ["city/ir-isfahan", "city/uz-samarkand", "organisation/icro", "person/sara-ahmadi"],
    A3: ["city/ir-tabriz", "city/ru-kazan", "city/ir-isfahan", "person/ali-rezaei"],
    A4: ["city/uz-khiva", "city/tm-merv"],
}


@pytest.fixture
def explorer(small_store: OxigraphStore) -> Explorer:
    return Explorer(small_store, ROOT / "queries" / "views", base=ID, check_every=0)


def expected_sister_cities() -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.Graph()
    for a, b, weight in SISTER_CITIES:
        graph.add_edge(ID + a, ID + b, weight=weight)
    return graph


def expected_comentions() -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.Graph()
    for members in MENTIONS.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                u, v = ID + a, ID + b
                weight = graph[u][v]["weight"] + 1 if graph.has_edge(u, v) else 1
                graph.add_edge(u, v, weight=weight)
    return graph


def edges_of(graph: nx.Graph[str]) -> set[tuple[frozenset[str], int]]:
    return {(frozenset((u, v)), int(d["weight"])) for u, v, d in graph.edges(data=True)}


def test_the_views_are_the_query_files(explorer: Explorer) -> None:
    assert explorer.view_names() == ["actors", "comentions", "sister_cities", "statements"]
    assert explorer.describe("sister_cities").startswith("the sister-city network")
    with pytest.raises(
        NotFoundError, match="the views are actors, comentions, sister_cities, statements"
    ):
        explorer.graph("nope")


def test_sister_cities_view_is_the_hand_built_graph(explorer: Explorer) -> None:
    graph = explorer.graph("sister_cities")
    assert edges_of(graph) == edges_of(expected_sister_cities())
    isfahan = graph.nodes[ID + "city/ir-isfahan"]
    assert (isfahan["id"], isfahan["type"], isfahan["label_fa"], isfahan["label_en"]) == (
        "city/ir-isfahan",
        "city",
        "اصفهان",
        "Isfahan",
    )
    assert isfahan["mentions"] == 3
    assert graph.nodes[ID + "country/ir"]["type"] == "country"
    kazan = graph[ID + "city/ir-isfahan"][ID + "city/ru-kazan"]
    assert kazan["relations"] == ("twinned_with",)
    assert {e.article for e in kazan["evidence"]} == {A1, A3}
    assert {e.detail for e in kazan["evidence"]} == {"concluded"}


def test_comentions_view_is_the_hand_built_graph(explorer: Explorer) -> None:
    assert edges_of(explorer.graph("comentions")) == edges_of(expected_comentions())


def test_actor_and_statement_views(explorer: Explorer) -> None:
    actors = explorer.graph("actors")
    assert {
        (actors.nodes[u]["id"], actors.nodes[v]["id"], d["relations"])
        for u, v, d in actors.edges(data=True)
    } == {
        ("person/ali-rezaei", "organisation/isfahan-municipality", ("member_of",)),
        ("event/week-samarkand", "organisation/icro", ("organised",)),
        ("person/sara-ahmadi", "event/week-samarkand", ("attended",)),
    }
    member = actors[ID + "person/ali-rezaei"][ID + "organisation/isfahan-municipality"]["evidence"][
        0
    ]
    assert (member.article, member.detail, member.sentence) == (A1, "mayor", A1 + "/sentence/1")
    statements = explorer.graph("statements")
    ali = ID + "person/ali-rezaei"
    # Ali speaks in articles 1 and 3: every other entity they mention, weighted by articles
    assert {statements.nodes[n]["id"]: statements[ali][n]["weight"] for n in statements[ali]} == {
        "city/ir-isfahan": 2,
        "city/ru-kazan": 2,
        "country/ir": 1,
        "country/ru": 1,
        "organisation/isfahan-municipality": 1,
        "city/ir-tabriz": 1,
    }


def networkx_scores(graph: nx.Graph[str], measure: Measure) -> dict[str, float]:
    if measure is Measure.DEGREE:
        return nx.degree_centrality(graph)
    if measure is Measure.BETWEENNESS:
        return nx.betweenness_centrality(graph, normalized=True)
    if measure is Measure.CLOSENESS:
        return nx.closeness_centrality(graph)
    if measure is Measure.PAGERANK:
        return nx.pagerank(graph, weight="weight")
    return nx.eigenvector_centrality(graph, weight="weight", max_iter=1000)


@pytest.mark.parametrize("measure", list(Measure))
@pytest.mark.parametrize("view", ["sister_cities", "comentions"])
def test_every_measure_matches_networkx_on_the_hand_built_graph(
    explorer: Explorer, view: str, measure: Measure
) -> None:
    expected_graph = expected_sister_cities() if view == "sister_cities" else expected_comentions()
    expected = networkx_scores(expected_graph, measure)
    result = explorer.centrality(view, ViewFilter(), measure)
    assert not result.sampled
    assert result.scores == pytest.approx(expected, abs=1e-4)


def test_communities_of_the_sister_cities(explorer: Explorer) -> None:
    for algorithm in CommunityAlgorithm:
        partition = explorer.communities("sister_cities", ViewFilter(), algorithm, seed=4)
        members = sorted(m for c in partition.communities for m in c.members)
        assert members == sorted(expected_sister_cities())
        # Khiva and Merv, alone in their component, are a community of their own
        assert {ID + "city/uz-khiva", ID + "city/tm-merv"} in [
            set(c.members) for c in partition.communities
        ]
        assert partition == explorer.communities("sister_cities", ViewFilter(), algorithm, seed=4)


def test_a_path_and_its_evidence(explorer: Explorer) -> None:
    found = explorer.paths(
        "sister_cities", ViewFilter(), "city/ir-tabriz", "city/uz-samarkand", k=2
    )
    tabriz, kazan, isfahan, samarkand, iran = (
        ID + k
        for k in (
            "city/ir-tabriz",
            "city/ru-kazan",
            "city/ir-isfahan",
            "city/uz-samarkand",
            "country/ir",
        )
    )
    assert sorted(found.paths) == sorted(
        [(tabriz, kazan, isfahan, samarkand), (tabriz, iran, isfahan, samarkand)]
    )
    graph = explorer.graph("sister_cities")
    articles = explorer.articles()
    first = ranked_evidence(graph[tabriz][kazan]["evidence"], articles)
    texts = explorer.evidence_texts(first)
    assert [
        (
            e.article,
            articles[e.article or ""].headline,
            articles[e.article or ""].day,
            texts[e.sentence or ""],
        )
        for e in first
    ] == [
        (
            A3,
            "Tabriz and Kazan sign twinning",
            date(2022, 8, 20),
            "Tabriz and Kazan signed a twinning memorandum in Kazan.",
        )
    ]
    both = ranked_evidence(graph[isfahan][kazan]["evidence"], articles)
    assert [e.article for e in both] == [A3, A1]  # newest first
    assert (
        explorer.evidence_texts(both)[both[1].sentence or ""]
        == "Isfahan and Kazan signed a sister-city agreement on Monday."
    )
    # the tie to Iran comes from the gazetteer: no article
    assert [e.article for e in graph[tabriz][iran]["evidence"]] == [None]


def test_statement_evidence_carries_the_quote(explorer: Explorer) -> None:
    graph = explorer.graph("statements")
    evidence = ranked_evidence(
        graph[ID + "person/ali-rezaei"][ID + "city/ru-kazan"]["evidence"], explorer.articles()
    )
    texts = explorer.evidence_texts(evidence)
    assert [(e.article, texts[e.fact or ""]) for e in evidence] == [
        (A3, "Tabriz joins our friends in Kazan."),
        (A1, "Kazan and Isfahan share a long history."),
    ]


def test_a_disconnected_pair_has_no_path_and_a_reason(explorer: Explorer) -> None:
    found = explorer.paths("sister_cities", ViewFilter(), "city/ir-tabriz", "city/uz-khiva", k=3)
    assert found.paths == ()
    assert found.reason is not None
    assert "different components" in found.reason


def test_unknown_entities_are_named(explorer: Explorer) -> None:
    graph = explorer.graph("sister_cities")
    with pytest.raises(NotFoundError, match="did you mean city/ir-isfahan"):
        explorer.node_iri(graph, "city/isfahan")
    with pytest.raises(NotFoundError, match="not in the view 'sister_cities'"):
        explorer.node_iri(graph, "person/ali-rezaei")
    assert explorer.node_iri(graph, ID + "city/ir-tabriz") == ID + "city/ir-tabriz"


def test_period_filters_gregorian_and_jalali(explorer: Explorer) -> None:
    in_2022 = explorer.graph("sister_cities", view_filter("2022-01-01", "2022-12-31"))
    assert {
        (in_2022.nodes[u]["id"], in_2022.nodes[v]["id"])
        for u, v, d in in_2022.edges(data=True)
        if d["relations"] == ("twinned_with",)
    } == {
        ("city/ir-isfahan", "city/uz-samarkand"),
        ("city/ir-isfahan", "city/ru-kazan"),
        ("city/ru-kazan", "city/ir-tabriz"),
    }
    assert in_2022[ID + "city/ir-isfahan"][ID + "city/ru-kazan"]["weight"] == 1  # article 3 only
    # 1401 is 2022-03-21 to 2023-03-20: articles 2, 3 and 4
    jalali = explorer.graph("sister_cities", view_filter("1401", "1401"))
    assert jalali.graph["articles"] == 3
    assert ID + "city/uz-khiva" in jalali
    cities = explorer.graph("sister_cities", view_filter(types="city"))
    assert {cities.nodes[n]["type"] for n in cities} == {"city"}
    assert cities.number_of_edges() == 4


def test_views_are_cached_until_the_store_changes(
    explorer: Explorer, small_store: OxigraphStore
) -> None:
    first = explorer.graph("sister_cities")
    assert explorer.graph("sister_cities") is first
    assert explorer.centrality(
        "sister_cities", ViewFilter(), Measure.DEGREE
    ) is explorer.centrality("sister_cities", ViewFilter(), Measure.DEGREE)
    article = NamedNode(ID + "article/a5")
    twinning = NamedNode(ID + "twinning/ir-kashan--uz-khiva")
    small_store.replace_graph(
        article,
        [
            Quad(article, RDF.type, SCHEMA.NewsArticle, article),
            Quad(article, PV.contentHash, Literal("a5"), article),
            Quad(article, SCHEMA.datePublished, Literal("2024-02-02"), article),
            Quad(twinning, RDF.type, PV.Twinning, article),
            Quad(twinning, PV.partner, NamedNode(ID + "city/ir-kashan"), article),
            Quad(twinning, PV.partner, NamedNode(ID + "city/uz-khiva"), article),
        ],
    )
    second = explorer.graph("sister_cities")
    assert second is not first
    # Kashan joins, with its country from the gazetteer, and the two components become one
    assert second.has_edge(ID + "city/ir-kashan", ID + "city/uz-khiva")
    assert second.has_edge(ID + "city/ir-kashan", ID + "country/ir")
    assert nx.is_connected(second)


def test_the_cache_is_checked_at_most_every_check_every_seconds(small_store: OxigraphStore) -> None:
    explorer = Explorer(small_store, ROOT / "queries" / "views", base=ID, check_every=3600)
    first = explorer.graph("sister_cities")
    small_store.remove_graph(NamedNode(A4))
    assert explorer.graph("sister_cities") is first  # not checked again yet
    assert explorer.refresh(force=True)
    assert ID + "city/uz-khiva" not in explorer.graph("sister_cities")


def test_compare_two_periods(explorer: Explorer) -> None:
    result = explorer.compare(
        "sister_cities",
        ViewFilter(),
        Period(date(2021, 1, 1), date(2021, 12, 31)),
        Period(date(2022, 1, 1), date(2022, 12, 31)),
        Measure.DEGREE,
        top=20,
    )
    gained = {c.node[len(ID) :] for c in result.gained}
    assert {"city/uz-samarkand", "city/ir-tabriz", "country/uz"} <= gained
    # 2021 (article 1): Isfahan, Kazan, Iran, Russia; 2022 (articles 2 and 3) adds Tabriz,
    # Samarkand and Uzbekistan and keeps the others
    assert (result.appeared, result.disappeared) == (3, 0)


def test_search_and_entity_page(explorer: Explorer) -> None:
    assert [h.node.id for h in explorer.search("كازا")] == ["city/ru-kazan"]  # Arabic kaf
    page = explorer.entity("person/ali-rezaei")
    assert page.node.labels == {"en": "Ali Rezaei", "fa": "علی رضایی"}
    assert [(s.quote, s.source.article, s.source.day) for s in page.statements] == [
        ("Tabriz joins our friends in Kazan.", A3, date(2022, 8, 20)),
        ("Kazan and Isfahan share a long history.", A1, date(2021, 3, 1)),
    ]
    assert (
        page.statements[1].source.sentence
        == "Ali Rezaei, the mayor of Isfahan, said: Kazan and Isfahan share a long history."
    )
    (position,) = page.positions
    assert (position.organisation.id, position.roles, [s.article for s in position.sources]) == (
        "organisation/isfahan-municipality",
        ("mayor",),
        [A1],
    )
    assert [(m.month, m.articles, m.statements, m.positions) for m in page.timeline] == [
        ("2021-03", 1, 1, 1),
        ("2022-08", 1, 1, 0),
    ]
    isfahan = explorer.entity("city/ir-isfahan")
    assert isfahan.wikidata == "https://www.wikidata.org/wiki/Q42053"
    assert sorted(t.partner.id for t in isfahan.twinnings) == ["city/ru-kazan", "city/uz-samarkand"]
    assert [r.id for r in isfahan.located_in] == ["country/ir"]
    samarkand = explorer.entity("city/uz-samarkand")
    assert [(e.event.id, e.roles, e.when) for e in samarkand.events] == [
        ("event/week-samarkand", ("location",), "2022-05-08")
    ]
    with pytest.raises(NotFoundError, match="did you mean"):
        explorer.entity("person/ali")


def test_one_computation_for_concurrent_callers(explorer: Explorer) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        graphs = list(pool.map(lambda _: explorer.graph("comentions"), range(8)))
    assert all(g is graphs[0] for g in graphs)


def test_many_answers_do_not_push_out_the_graphs(explorer: Explorer) -> None:
    graph = explorer.graph("sister_cities")
    for i in range(1500):
        assert explorer.memo(("answer", i), partial(int, i)) == i
    assert explorer.graph("sister_cities") is graph
    assert explorer.memo(("answer", 0), lambda: -1) == -1  # the oldest answers were let go


def test_entity_pages_of_the_bundled_articles(bundled_store: OxigraphStore) -> None:
    """What the explorer shows of the bundled articles: terms as dates, one of each honorific,
    titles for the articles without a headline, and no event named by furniture."""
    explorer = Explorer(bundled_store, ROOT / "queries" / "views", base=ID)
    page = explorer.entity("person/mohammad-mehdi-imanipour")
    assert page.honorifics == ("Hojatoleslam", "حجت\u200cالاسلام والمسلمین")
    terms = [(p.start, p.end) for p in page.positions if p.start or p.end]
    assert ("2021", None) in terms
    for start, end in terms:
        for value in (start, end):
            assert value is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value), value
    articles = explorer.articles()
    assert all(a.headline for a in articles.values())
    untitled = articles[Iris().article("https://iqna.ir/fa/news/4119822/").value]
    assert untitled.headline is not None
    assert untitled.headline.startswith("همایش سالانه رایزنان فرهنگی با تأکید بر دیپلماسی")
    assert untitled.headline.endswith("…")
    assert len(untitled.headline) <= 121
    events = [n for n in explorer.nodes().values() if n.type == "event"]
    assert len(events) > 20
    for event in events:
        for label in event.labels.values():
            assert not label.startswith("به گزارش"), event.id
            assert label not in ("مراسم", "ceremony", "visit", "سفر", "meeting"), event.id
