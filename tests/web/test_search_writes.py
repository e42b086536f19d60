"""Writes through /update and /store reach the store, not the full-text index: they mark the
index as behind the store, /search and `payvand search` say so, and `payvand index` (a sync)
reads every article again and clears the mark."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from payvand.cli import cli
from payvand.config import Settings
from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.pipeline import ingest, sync_index
from payvand.sources import read_articles
from payvand.store import OxigraphStore
from payvand.store.search_index import TextIndex, index_path_for
from payvand.web.app import create_app
from tests.conftest import SEED

QUOTE = "https://w3id.org/payvand/ontology#quote"
WRITER = {"Authorization": "Bearer t"}


def _said(client: TestClient) -> dict[str, object]:
    response = client.get("/search", params={"q": "رایزن* OR ایران", "kind": "statement"})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _iris(body: dict[str, object]) -> list[str]:
    return [hit["iri"] for hit in body["hits"]]  # type: ignore[attr-defined]


def test_writes_mark_the_index_behind_and_a_sync_repairs_it(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    index = TextIndex(index_path_for(str(path)))
    report = ingest(read_articles([SEED]), store, gazetteer, Iris(), index=index)
    assert report.ok, report.errors
    index.close()
    settings = Settings(store=str(path), write_token="t", analytics_check_seconds=0)
    with TestClient(create_app(settings, store=store)) as client:
        before = _said(client)
        assert before["stale"] is False
        assert before["total"]
        statement = _iris(before)[0]

        # The statement loses its quote; the article keeps its content hash.
        response = client.post(
            "/update",
            content=f"DELETE WHERE {{ GRAPH ?g {{ <{statement}> <{QUOTE}> ?quote }} }}",
            headers={**WRITER, "Content-Type": "application/sparql-update"},
        )
        assert response.status_code == 204, response.text
        behind = _said(client)
        assert behind["stale"] is True
        assert statement in _iris(behind)  # the index has not followed yet, and says so
        result = CliRunner().invoke(cli, ["search", "رایزن*", "--store", str(path)])
        assert result.exit_code == 0, result.output
        assert "'payvand index'" in result.stderr

        repaired_by = TextIndex(index_path_for(str(path)))
        assert sync_index(store, repaired_by).indexed == 1
        repaired_by.close()
        level = _said(client)
        assert level["stale"] is False
        assert statement not in _iris(level)
        assert level["total"] == before["total"] - 1  # type: ignore[operator]

        # A graph put through the Graph Store Protocol marks it too.
        response = client.put(
            "/store",
            params={"graph": "https://example.org/notes"},
            content="<https://example.org/a> <https://example.org/b> <https://example.org/c> .",
            headers={**WRITER, "Content-Type": "application/n-triples"},
        )
        assert response.status_code == 201, response.text
        assert _said(client)["stale"] is True
