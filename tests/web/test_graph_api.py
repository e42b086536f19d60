"""The analytics and entity API through the app, over tests/data/analytics-small.trig."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from payvand.config import Settings
from payvand.namespaces import PV, RDF, SCHEMA
from payvand.store import OxigraphStore
from payvand.web.app import create_app

ID = "https://w3id.org/payvand/id/"


@pytest.fixture
def client(small_store: OxigraphStore) -> TestClient:
    return TestClient(
        create_app(Settings(store=":memory:", analytics_check_seconds=0), store=small_store)
    )


def error(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False
    assert body["status"] == response.status_code  # type: ignore[attr-defined]
    return str(body["error"])


def test_views_and_summary(client: TestClient) -> None:
    views = client.get("/graph/views").json()
    assert [v["name"] for v in views["views"]] == [
        "actors",
        "comentions",
        "sister_cities",
        "statements",
    ]
    assert "sister-city" in views["views"][2]["description"]
    assert "city" in views["node_types"]
    summary = client.get("/graph/sister_cities/summary").json()
    assert (
        summary["nodes"],
        summary["edges"],
        summary["components"],
        summary["largest_component"],
    ) == (9, 8, 2, 7)
    assert summary["relations"] == {"in_country": 4, "twinned_with": 4}
    assert summary["articles"] == 4
    jalali = client.get(
        "/graph/sister_cities/summary", params={"from": "۱۴۰۱", "to": "1401/12/29"}
    ).json()
    assert jalali["filter"] == {
        "from": "2022-03-21",
        "to": "2023-03-20",
        "types": [],
        "min_weight": 1,
    }
    assert jalali["articles"] == 3


def test_min_weight(client: TestClient) -> None:
    body = client.get("/graph/sister_cities/summary", params={"min_weight": 2}).json()
    assert (body["nodes"], body["edges"]) == (2, 1)  # Isfahan and Kazan, twinned in two articles
    assert body["filter"]["min_weight"] == 2


def test_answers_follow_the_store(client: TestClient, small_store: OxigraphStore) -> None:
    url = "/graph/sister_cities/neighbourhood/city/ir-tabriz"
    before = {n["id"] for n in client.get(url).json()["nodes"]}
    assert before == {"city/ir-tabriz", "city/ru-kazan", "country/ir"}
    assert {n["id"] for n in client.get(url).json()["nodes"]} == before  # from the cache
    article = NamedNode(ID + "article/a9")
    twinning = NamedNode(ID + "twinning/ir-kashan--ir-tabriz")
    small_store.replace_graph(
        article,
        [
            Quad(article, RDF.type, SCHEMA.NewsArticle, article),
            Quad(article, PV.contentHash, Literal("a9"), article),
            Quad(twinning, RDF.type, PV.Twinning, article),
            Quad(twinning, PV.partner, NamedNode(ID + "city/ir-tabriz"), article),
            Quad(twinning, PV.partner, NamedNode(ID + "city/ir-kashan"), article),
        ],
    )
    assert {n["id"] for n in client.get(url).json()["nodes"]} == before | {"city/ir-kashan"}


def test_centrality(client: TestClient) -> None:
    body = client.get(
        "/graph/sister_cities/centrality", params={"measure": "degree", "top": 2}
    ).json()
    assert [(n["id"], n["rank"], round(n["score"], 6)) for n in body["top"]] == [
        ("city/ir-isfahan", 1, 0.375),  # 3 ties of 8 possible
        ("city/ru-kazan", 2, 0.375),
    ]
    assert body["top"][0]["label_en"] == "Isfahan"
    assert body["sampled"] is False
    sampled = client.get(
        "/graph/sister_cities/centrality", params={"measure": "betweenness", "k": 3}
    ).json()
    assert sampled["sampled"] is True
    assert sampled["k"] == 3
    assert "k=3" in sampled["note"]


def test_communities(client: TestClient) -> None:
    body = client.get(
        "/graph/sister_cities/communities", params={"algorithm": "label_propagation", "seed": 2}
    ).json()
    assert sum(c["size"] for c in body["communities"]) == 9
    assert (
        body
        == client.get(
            "/graph/sister_cities/communities", params={"algorithm": "label_propagation", "seed": 2}
        ).json()
    )
    assert all(c["label"] for c in body["communities"])


def test_path_with_evidence(client: TestClient) -> None:
    body = client.get(
        "/graph/sister_cities/path", params={"source": "city/ir-tabriz", "target": "city/ru-kazan"}
    ).json()
    (path,) = body["paths"]
    assert path["hops"] == 1
    assert [n["id"] for n in path["nodes"]] == ["city/ir-tabriz", "city/ru-kazan"]
    (edge,) = path["edges"]
    assert edge["relations"] == ["twinned_with"]
    assert edge["evidence"] == [
        {
            "relation": "twinned_with",
            "detail": "concluded",
            "article": ID + "article/a3",
            "headline": "Tabriz and Kazan sign twinning",
            "date": "2022-08-20",
            "url": "https://example.org/news/3",
            "sentence": "Tabriz and Kazan signed a twinning memorandum in Kazan.",
            "quote": None,
        }
    ]
    none = client.get(
        "/graph/sister_cities/path",
        params={"source": "city/ir-tabriz", "target": "city/uz-khiva", "k": 3},
    )
    assert none.status_code == 200
    assert none.json()["paths"] == []
    assert "different components" in none.json()["reason"]


def test_edge_and_neighbourhood(client: TestClient) -> None:
    edge = client.get(
        "/graph/statements/edge", params={"source": "person/ali-rezaei", "target": "city/ru-kazan"}
    ).json()
    assert [e["quote"] for e in edge["evidence"]] == [
        "Tabriz joins our friends in Kazan.",
        "Kazan and Isfahan share a long history.",
    ]
    body = client.get(
        "/graph/sister_cities/neighbourhood/city/ir-isfahan",
        params={"depth": 1, "measure": "pagerank", "algorithm": "louvain"},
    ).json()
    assert body["centre"]["id"] == "city/ir-isfahan"
    assert sorted(n["id"] for n in body["nodes"]) == [
        "city/ir-isfahan",
        "city/ru-kazan",
        "city/uz-samarkand",
        "country/ir",
    ]
    assert all(n["score"] > 0 and n["community"] is not None for n in body["nodes"])
    assert {frozenset((e["source"], e["target"])) for e in body["edges"]} == {
        frozenset(("city/ir-isfahan", "city/ru-kazan")),
        frozenset(("city/ir-isfahan", "city/uz-samarkand")),
        frozenset(("city/ir-isfahan", "country/ir")),
    }
    two = client.get(
        "/graph/sister_cities/neighbourhood/" + ID + "city/ir-isfahan",
        params={"depth": 2, "limit": 5},
    ).json()
    assert len(two["nodes"]) == 5
    assert two["truncated"] is True


def test_compare(client: TestClient) -> None:
    body = client.get(
        "/graph/sister_cities/compare", params={"period_a": "2021", "period_b": "2022..2022-12-31"}
    ).json()
    assert body["period_a"]["from"] == "2021-01-01"
    assert body["period_b"]["to"] == "2022-12-31"
    assert {c["id"] for c in body["gained"]} >= {"city/ir-tabriz", "city/uz-samarkand"}
    assert (body["appeared"], body["disappeared"]) == (3, 0)


def test_exports(client: TestClient, tmp_path: Path) -> None:
    graphml = client.get("/graph/sister_cities/export", params={"format": "graphml"})
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    (tmp_path / "g.graphml").write_bytes(graphml.content)
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_edges() == 8
    assert graph["city/ir-isfahan"]["city/ru-kazan"]["weight"] == 2
    gexf = client.get("/graph/sister_cities/export", params={"format": "gexf"})
    (tmp_path / "g.gexf").write_bytes(gexf.content)
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == 9
    elements = json.loads(
        client.get("/graph/sister_cities/export", params={"format": "json"}).content
    )["elements"]
    assert len(elements["nodes"]) == 9
    assert len(elements["edges"]) == 8


def test_search_and_entity(client: TestClient) -> None:
    hits = client.get("/entities", params={"q": "اصف"}).json()
    assert [h["id"] for h in hits["results"]] == [
        "city/ir-isfahan",
        "organisation/isfahan-municipality",
    ]
    assert (
        client.get("/entities", params={"q": "ICRO", "types": "organisation"}).json()["results"][0][
            "id"
        ]
        == "organisation/icro"
    )
    page = client.get("/entities/person/ali-rezaei").json()
    assert page["label_fa"] == "علی رضایی"
    assert [s["quote"] for s in page["statements"]] == [
        "Tabriz joins our friends in Kazan.",
        "Kazan and Isfahan share a long history.",
    ]
    assert page["statements"][0]["source"]["date"] == "2022-08-20"
    assert page["positions"][0]["roles"] == ["mayor"]
    assert page["positions"][0]["first_reported"] == "2021-03-01"
    assert [m["month"] for m in page["timeline"]] == ["2021-03", "2022-08"]
    isfahan = client.get("/entities/city/ir-isfahan").json()
    assert isfahan["wikidata"] == "https://www.wikidata.org/wiki/Q42053"
    assert isfahan["counts"]["articles"] == 3
    limited = client.get("/entities/city/ir-isfahan", params={"limit": 1}).json()
    assert [a["date"] for a in limited["articles"]] == ["2022-08-20"]  # the newest
    assert len(limited["twinnings"]) == 1
    assert limited["counts"] == isfahan["counts"]
    assert limited["timeline"] == isfahan["timeline"]


@pytest.mark.parametrize(
    ("url", "params", "status", "says"),
    [
        (
            "/graph/nope/summary",
            {},
            404,
            "the views are actors, comentions, sister_cities, statements",
        ),
        (
            "/graph/actors/centrality",
            {"measure": "fame"},
            422,
            "'degree', 'betweenness', 'pagerank', 'eigenvector' or 'closeness'",
        ),
        (
            "/graph/actors/communities",
            {"algorithm": "magic"},
            422,
            "'louvain' or 'label_propagation'",
        ),
        (
            "/graph/sister_cities/path",
            {"source": "city/ir-tabriz", "target": "city/nowhere"},
            404,
            "there is no entity 'city/nowhere'",
        ),
        (
            "/graph/sister_cities/path",
            {"source": "city/ir-tabriz", "target": "person/ali-rezaei"},
            404,
            "not in the view 'sister_cities'",
        ),
        ("/graph/sister_cities/path", {"source": "city/ir-tabriz"}, 422, "target"),
        (
            "/graph/sister_cities/neighbourhood/city/isfahan",
            {},
            404,
            "did you mean city/ir-isfahan",
        ),
        ("/graph/sister_cities/neighbourhood/city/ir-isfahan", {"depth": 3}, 422, "depth"),
        ("/graph/sister_cities/summary", {"from": "soon"}, 400, "'soon' is not a date"),
        ("/graph/sister_cities/summary", {"from": "2023", "to": "2022"}, 400, "swap"),
        (
            "/graph/sister_cities/summary",
            {"types": "planet"},
            400,
            "the types are person, organisation",
        ),
        ("/graph/sister_cities/export", {"format": "pdf"}, 422, "'graphml', 'gexf' or 'json'"),
        (
            "/graph/sister_cities/edge",
            {"source": "city/ir-tabriz", "target": "city/uz-samarkand"},
            404,
            "are not tied",
        ),
        ("/graph/sister_cities/compare", {"period_a": "2021"}, 422, "period_b"),
        ("/entities/person/nobody", {}, 404, "there is no entity 'person/nobody'"),
        ("/entities", {}, 422, "q"),
    ],
)
def test_bad_requests_say_what_exists(
    client: TestClient, url: str, params: dict[str, str], status: int, says: str
) -> None:
    response = client.get(url, params=params)
    assert response.status_code == status
    assert says in error(response)


# /sparql answers GET and POST with one function, which FastAPI warns about when it writes the
# OpenAPI document; that warning is about /sparql, not the routes checked here.
@pytest.mark.filterwarnings("ignore:Duplicate Operation ID:UserWarning")
def test_the_routes_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/graph/views",
        "/graph/{view}/summary",
        "/graph/{view}/centrality",
        "/graph/{view}/communities",
        "/graph/{view}/path",
        "/graph/{view}/neighbourhood/{entity}",
        "/graph/{view}/compare",
        "/graph/{view}/export",
        "/entities",
        "/entities/{entity}",
    ):
        assert path in paths, path
        operation = paths[path]["get"]
        assert operation["summary"]
        assert "200" in operation["responses"]
