"""Shared fixtures: paths of the checkout, the bundled gazetteer, stores and apps."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.sources import load_gazetteer
from payvand.store import OxigraphStore

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


ANALYTICS_SMALL = ROOT / "tests" / "data" / "analytics-small.trig"


@pytest.fixture
def small_store() -> OxigraphStore:
    """An in-memory store holding tests/data/analytics-small.trig (four articles, by hand)."""
    store = OxigraphStore(None)
    store.load(ANALYTICS_SMALL.read_bytes(), format=RdfFormat.TRIG)
    return store
