"""Shared fixtures: paths of the checkout, the bundled gazetteer, stores and apps."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from pyoxigraph import RdfFormat

from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.pipeline import ingest
from payvand.sources import load_gazetteer, load_topics, read_articles
from payvand.store import OxigraphStore
from tests.browser import browser  # one Chromium per session: Playwright allows one

__all__ = ["browser"]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = DATA / "articles" / "seed-iqna-4029431.jsonl"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.expected.* from the current extraction (review the diff!)",
    )


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The bundled gazetteer in data/gazetteer, loaded once."""
    return load_gazetteer(DATA / "gazetteer")


@pytest.fixture(scope="session")
def iris() -> Iris:
    return Iris()


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_executable() -> str:
    """The ``oxigraph`` command of the ``oxigraph`` package installed beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[test]'")
    return found


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` on a free loopback port over ``location``; its base URL."""
    port = free_port()
    log = location.parent / f"oxigraph-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                oxigraph_executable(),
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/query", timeout=1).status_code < 500:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"oxigraph serve did not start: {log.read_text(encoding='utf-8')}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module", params=["embedded", "remote"])
def store_spec(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``--store`` for an empty store: an on-disk directory, or a real Oxigraph server's URL.

    End-to-end tests that take this fixture run once over each; the server is stopped after
    the test module.
    """
    place = tmp_path_factory.mktemp(str(request.param)) / "store"
    if request.param == "embedded":
        yield str(place)
        return
    with oxigraph_server(place) as url:
        yield url


ANALYTICS_SMALL = ROOT / "tests" / "data" / "analytics-small.trig"


@pytest.fixture
def small_store() -> OxigraphStore:
    """An in-memory store holding tests/data/analytics-small.trig (four articles, by hand)."""
    store = OxigraphStore(None)
    store.load(ANALYTICS_SMALL.read_bytes(), format=RdfFormat.TRIG)
    return store


@pytest.fixture(scope="session")
def bundled_store(gazetteer: Gazetteer) -> OxigraphStore:
    """Every bundled article (data/articles), with topics, ingested into one in-memory store.

    Shared by the tests of the shapes, the named queries and the entity pages; they only read it.
    """
    store = OxigraphStore(None)
    topics = load_topics(ROOT / "ontology" / "topics.ttl")
    report = ingest(read_articles([DATA / "articles"]), store, gazetteer, Iris(), topics=topics)
    assert report.ok, report.errors
    return store
