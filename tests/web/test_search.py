"""GET /search through the app, over the bundled articles and their full-text index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from payvand.config import Settings
from payvand.pipeline import sync_index
from payvand.store import OxigraphStore
from payvand.store.search_index import TextIndex
from payvand.web.app import create_app

IMANIPOUR = "https://w3id.org/payvand/id/person/mohammad-mehdi-imanipour"


@pytest.fixture(scope="module")
def client(bundled_store: OxigraphStore) -> Iterator[TestClient]:
    index = TextIndex(None)
    sync_index(bundled_store, index)
    app = create_app(
        Settings(store=":memory:", analytics_check_seconds=0),
        store=bundled_store,
        search_index=index,
    )
    with TestClient(app) as client:
        yield client


def error(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"ok", "error", "status"}
    assert body["status"] == response.status_code  # type: ignore[attr-defined]
    return str(body["error"])


def test_hits_with_snippets_links_and_facets(client: TestClient) -> None:
    body = client.get("/search", params={"q": "رایزن فرهنگی", "kind": "statement"}).json()
    assert body["total"] == len(body["hits"]) > 0
    for hit in body["hits"]:
        assert hit["kind"] == "statement"
        assert hit["score"] > 0
        marked = {hit["snippet"][a:b] for a, b in hit["highlights"]}
        assert marked & {"رایزن", "رایزنان", "فرهنگی"}, hit
        assert hit["article"]["iri"].startswith("https://w3id.org/payvand/id/article/")
        assert hit["article"]["page"].startswith("/id/article/")
        assert hit["speaker"]["label"]
        assert hit["speaker"]["id"].startswith("person/")
    facets = body["facets"]
    assert set(facets) == {"kind", "speaker", "outlet", "year", "topic"}
    assert sum(f["count"] for f in facets["kind"]) == body["total"]
    assert all(f["label"] for f in facets["speaker"] + facets["outlet"] + facets["topic"])
    assert sum(f["count"] for f in facets["year"]) <= body["total"]


@pytest.mark.parametrize(
    ("spelling", "same_as"),
    [
        ("كتابهاي", "کتاب"),  # Arabic kaf and yeh, glued plural
        ("می شود", "می‌شود"),  # the verb prefix apart, or with ZWNJ
        ("universities", "university"),
    ],
)
def test_spellings_meet(client: TestClient, spelling: str, same_as: str) -> None:
    def iris(q: str) -> set[str]:
        return {
            h["iri"] for h in client.get("/search", params={"q": q, "limit": 1000}).json()["hits"]
        }

    assert iris(spelling) == iris(same_as) != set()


def test_filters_by_period_language_speaker_and_entity(client: TestClient) -> None:
    everything = client.get("/search", params={"q": "فرهنگی", "limit": 1000}).json()
    in_1401 = client.get("/search", params={"q": "فرهنگی", "from": "1401", "to": "1401"}).json()
    assert 0 < in_1401["total"] < everything["total"]
    for hit in in_1401["hits"]:
        assert "2022-03-21" <= hit["date"] <= "2023-03-20"
    english = client.get("/search", params={"q": "Iran", "lang": "en"}).json()
    assert english["total"] > 0
    assert {h["lang"] for h in english["hits"]} == {"en"}
    said = client.get(
        "/search", params={"q": "فرهنگی", "speaker": IMANIPOUR, "kind": "statement"}
    ).json()
    assert said["total"] > 0
    assert {h["speaker"]["iri"] for h in said["hits"]} == {IMANIPOUR}
    around = client.get("/search", params={"q": "فرهنگی", "entity": IMANIPOUR}).json()
    assert said["total"] <= around["total"] < everything["total"]
    paged = client.get("/search", params={"q": "فرهنگی", "limit": 5, "offset": 5}).json()
    assert [h["iri"] for h in paged["hits"]] == [h["iri"] for h in everything["hits"][5:10]]


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"q": "-فرهنگی"}, 400, "only excludes"),
        ({"q": "(فرهنگی"}, 400, "not closed"),
        ({"q": "فرهنگی", "kind": "poem"}, 400, "unknown kind"),
        ({"q": "فرهنگی", "lang": "ar"}, 400, "unknown language"),
        ({"q": "فرهنگی", "from": "1400/13"}, 400, "not a date"),
        ({"q": "فرهنگی", "from": "1402", "to": "1400"}, 400, "swap"),
        ({"q": "فرهنگی", "format": "xml"}, 400, "unknown format"),
        ({"q": ""}, 422, "q"),
        ({"q": "x", "limit": 0}, 422, "limit"),
    ],
)
def test_bad_searches_get_the_one_error_shape(
    client: TestClient, params: dict[str, str | int], status: int, says: str
) -> None:
    response = client.get("/search", params=params)
    assert response.status_code == status
    assert says in error(response)


def test_a_missing_index_is_a_503_naming_the_fix(tmp_path: Path) -> None:
    settings = Settings(store=":memory:", search_index=tmp_path / "none.sqlite")
    with TestClient(create_app(settings, store=OxigraphStore(None))) as client:
        response = client.get("/search", params={"q": "فرهنگی"})
    assert response.status_code == 503
    assert "index --rebuild" in error(response)
