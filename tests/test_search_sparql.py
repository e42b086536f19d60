"""Full-text hits joined with graph patterns: /search?format=values in a SPARQL query, as the
documented example (queries/examples/said_and_posts.rq) does."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import QuerySolutions

from payvand.config import Settings
from payvand.pipeline import sync_index
from payvand.store import OxigraphStore
from payvand.store.search_index import TextIndex
from payvand.web.app import create_app
from tests.conftest import ROOT

EXAMPLE = ROOT / "queries" / "examples" / "said_and_posts.rq"
VALUES = re.compile(r"VALUES \?hit \{[^}]*\}")


@pytest.fixture(scope="module")
def client(bundled_store: OxigraphStore) -> Iterator[TestClient]:
    index = TextIndex(None)
    sync_index(bundled_store, index)
    app = create_app(Settings(store=":memory:"), store=bundled_store, search_index=index)
    with TestClient(app) as client:
        yield client


def iris(block: str) -> set[str]:
    return set(re.findall(r"<([^>]+)>", block))


def test_the_example_holds_the_hits_of_its_search(client: TestClient) -> None:
    response = client.get(
        "/search",
        params={"q": "«رایزن فرهنگی»", "kind": "statement", "format": "values", "limit": 1000},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-query")
    found = VALUES.search(response.text)
    written = VALUES.search(EXAMPLE.read_text(encoding="utf-8"))
    assert found is not None
    assert written is not None
    assert iris(found.group(0)) == iris(written.group(0)) != set()


def test_the_example_joins_hits_with_posts(bundled_store: OxigraphStore) -> None:
    result = bundled_store.query(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(result, QuerySolutions)
    rows = list(result)
    written = VALUES.search(EXAMPLE.read_text(encoding="utf-8"))
    assert written is not None
    hits = iris(written.group(0))
    assert {row["hit"].value for row in rows} == hits
    assert all(row["name"] is not None and row["quote"] is not None for row in rows)
    assert any(row["role"] is not None and row["organisation"] is not None for row in rows)


def test_any_search_joins_through_the_values_block(
    client: TestClient, bundled_store: OxigraphStore
) -> None:
    block = client.get(
        "/search", params={"q": "دیپلماسی", "kind": "statement", "format": "values"}
    ).text
    query = VALUES.sub(lambda _m: block.strip(), EXAMPLE.read_text(encoding="utf-8"))
    result = bundled_store.query(query)
    assert isinstance(result, QuerySolutions)
    assert {row["hit"].value for row in result} == iris(block) != set()
