"""Shared fixtures: paths of the checkout, the bundled gazetteer, stores and apps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.pipeline import ingest
from payvand.sources import load_gazetteer, load_topics, read_articles
from payvand.store import OxigraphStore
from tests.browser import browser  # one Chromium per session: Playwright allows one
from tests.integration.serving import oxigraph_serve

__all__ = ["browser"]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = DATA / "articles" / "seed-iqna-4029431.jsonl"
W3C_SUITE = ROOT / "tests" / "w3c"  # the W3C manifests, vendored with their licence


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
    with oxigraph_serve(place, place.parent) as server:
        yield server.base


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
