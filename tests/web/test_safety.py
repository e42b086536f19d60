"""Safety of the endpoint through the app (in-memory store, queries in the serving process):
read-only by default, the write token, caps on rows and bodies, SERVICE and LOAD, CORS, methods."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from payvand.config import Settings
from payvand.store import OxigraphStore
from payvand.web.app import create_app

EX = "http://example.org/"
TOKEN = "s3cret-token"


def make_client(**settings: object) -> TestClient:
    store = OxigraphStore(None)
    store.add_quads(
        Quad(NamedNode(f"{EX}item{i}"), NamedNode(f"{EX}n"), Literal(i), NamedNode(f"{EX}g"))
        for i in range(5)
    )
    return TestClient(create_app(Settings(store=":memory:", **settings), store=store))  # type: ignore[arg-type]


@pytest.fixture
def client() -> TestClient:
    return make_client()


@pytest.fixture
def writable() -> TestClient:
    return make_client(write_token=TOKEN)


UPDATE = {"update": f"INSERT DATA {{ <{EX}new> <{EX}n> 9 }}"}


def test_read_only_by_default(client: TestClient) -> None:
    response = client.post("/update", data=UPDATE)
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]
    put = client.put(
        f"/store?graph={EX}h", content=b"<a:b> <a:c> 1 .", headers={"content-type": "text/turtle"}
    )
    assert put.status_code == 403
    assert client.delete(f"/store?graph={EX}g").status_code == 403
    assert client.get("/sparql", params={"query": "ASK { ?s ?p 9 }"}).json()["boolean"] is False


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer "])
def test_a_missing_or_wrong_token_is_401(writable: TestClient, authorization: str | None) -> None:
    headers = {"authorization": authorization} if authorization is not None else {}
    response = writable.post("/update", data=UPDATE, headers=headers)
    assert response.status_code == 401
    assert response.json()["ok"] is False
    store = writable.post(
        "/store", content=b"<a:b> <a:c> 1 .", headers={**headers, "content-type": "text/turtle"}
    )
    assert store.status_code == 401


def test_the_token_allows_writes(writable: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    assert writable.post("/update", data=UPDATE, headers=auth).status_code == 204
    assert writable.get("/sparql", params={"query": "ASK { ?s ?p 9 }"}).json()["boolean"] is True
    created = writable.post(
        "/store",
        content=b"<http://a/b> <http://a/c> 1 .",
        headers={**auth, "content-type": "text/turtle"},
    )
    assert created.status_code == 201
    graph = writable.get(
        "/store",
        params={"graph": created.headers["location"]},
        headers={"accept": "application/n-triples"},
    )
    assert (
        graph.text.strip()
        == '<http://a/b> <http://a/c> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SERVICE SILENT ?x { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE is not allowed" in response.json()["error"]


def test_load_is_refused(writable: TestClient) -> None:
    response = writable.post(
        "/update",
        data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400
    assert "LOAD is not allowed" in response.json()["error"]


def test_a_large_body_is_413() -> None:
    small = make_client(max_body_bytes=64)
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 100
    declared = small.post(
        "/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"}
    )
    assert declared.status_code == 413
    assert declared.json() == {"ok": False, "error": declared.json()["error"], "status": 413}

    def chunks() -> Iterator[bytes]:
        yield query[:50].encode()
        yield query[50:].encode()

    streamed = small.post(
        "/sparql", content=chunks(), headers={"content-type": "application/sparql-query"}
    )
    assert streamed.status_code == 413
    assert "larger than this server takes" in streamed.json()["error"]


def test_rows_over_the_cap_are_cut_and_the_headers_say_so() -> None:
    capped = make_client(max_rows=3)
    response = capped.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 3
    assert response.headers["payvand-truncated"] == "true"
    assert response.headers["payvand-row-limit"] == "3"
    assert response.headers["payvand-rows"] == "3"
    construct = capped.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"accept": "application/n-triples"},
    )
    assert len(construct.text.strip().splitlines()) == 3
    assert construct.headers["payvand-truncated"] == "true"


def test_rows_within_the_cap_are_not_marked() -> None:
    capped = make_client(max_rows=5)
    response = capped.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 5
    assert "payvand-truncated" not in response.headers
    limited = capped.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"})
    assert len(limited.json()["results"]["bindings"]) == 2
    assert "payvand-truncated" not in limited.headers


@pytest.mark.parametrize(
    ("asked", "given"),
    [("5", "5"), ("0.5", "0.5"), ("100", "30"), ("0.000001", "0.1"), ("1e-300", "0.1")],
)
def test_a_request_may_ask_for_a_shorter_timeout_never_a_longer_one(
    client: TestClient, asked: str, given: str
) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "timeout": asked})
    assert response.status_code == 200
    assert response.headers["payvand-timeout"] == given


@pytest.mark.parametrize(
    "asked", ["soon", "0", "-1", "nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-0"]
)
def test_a_bad_timeout_is_400(client: TestClient, asked: str) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "timeout": asked})
    assert response.status_code == 400
    assert "timeout" in response.json()["error"]


def test_cors_is_off_by_default(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://elsewhere.example"}
    )
    assert "access-control-allow-origin" not in response.headers


def test_cors_can_be_allowed_for_an_origin() -> None:
    cors = make_client(cors_origins="https://notebook.example")
    response = cors.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://notebook.example"}
    )
    assert response.headers["access-control-allow-origin"] == "https://notebook.example"
    assert "Payvand-Truncated" in response.headers["access-control-expose-headers"]
    other = cors.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://other.example"}
    )
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(
    ("method", "path", "words"),
    [
        ("PUT", "/sparql", "GET or POST"),
        ("DELETE", "/sparql", "GET or POST"),
        ("GET", "/update?update=CLEAR%20ALL", "POST"),
        ("PATCH", f"/store?graph={EX}g", "GET, HEAD, PUT, POST or DELETE"),
    ],
)
def test_wrong_methods_are_405_with_a_message(
    client: TestClient, method: str, path: str, words: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert words in response.json()["error"]


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", b"ASK {}", 415),
        (None, b"query=ASK%20%7B%7D", 415),
        ("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415),
        ("application/sparql-query", b"\xff\xfe", 400),
        ("application/x-www-form-urlencoded", b"query=ASK%20%7B%7D&query=ASK%20%7B%7D", 400),
        ("application/x-www-form-urlencoded", b"query=ASK%20%7B%7D&update=CLEAR%20ALL", 400),
        ("application/sparql-query", b"ASK {", 400),
    ],
)
def test_malformed_queries_are_4xx_with_a_message(
    client: TestClient, content_type: str | None, body: bytes, status: int
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/sparql", content=body, headers=headers)
    assert response.status_code == status
    assert response.json()["status"] == status
    assert response.json()["error"]
