"""`payvand serve` as a real process on a free loopback port, asked over real HTTP."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED
from tests.integration.serving import serve_ingested

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("serve")
    with serve_ingested(SEED, work) as served:
        yield served.base, work / "store"


def test_sparql_over_http(server: tuple[str, Path]) -> None:
    base, _store = server
    response = httpx.get(
        f"{base}/sparql",
        params={
            "query": "PREFIX pv: <https://w3id.org/payvand/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?s a pv:Statement }"
        },
    )
    assert response.status_code == 200
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == 9


def test_docs_and_health(server: tuple[str, Path]) -> None:
    base, _store = server
    assert httpx.get(f"{base}/docs").status_code == 200
    assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "Payvand"
    assert httpx.get(f"{base}/health").json()["ok"] is True


def test_serve_prints_the_urls_it_serves(server: tuple[str, Path]) -> None:
    """What `make run` shows: the explorer first, then the endpoint, the API docs, the ontology."""
    base, store = server
    log = (store.parent / f"serve-{base.rsplit(':', 1)[1]}.log").read_text(encoding="utf-8")
    urls = [m.groups() for m in re.finditer(r"^(\w[\w ]*):\s+(http\S+)$", log, re.M)]
    assert urls == [
        ("Explorer", f"{base}/"),
        ("SPARQL endpoint", f"{base}/sparql"),
        ("API docs", f"{base}/docs"),
        ("Ontology", f"{base}/ontology"),
    ]


def test_a_second_writer_gets_a_clear_message(server: tuple[str, Path]) -> None:
    _base, store = server
    result = subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(SEED), "--store", str(store)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "is open in another process" in result.stderr
    assert "Traceback" not in result.stderr
