"""`payvand serve` as a real process on a free loopback port, asked over real HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    store = tmp_path_factory.mktemp("serve") / "store"
    subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(SEED), "--store", str(store)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = store.parent / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "payvand", "serve", "--store", str(store), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            process.kill()
            raise AssertionError(f"payvand serve did not start: {log.read_text(encoding='utf-8')}")
        yield base, store
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
