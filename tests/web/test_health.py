"""/health answers at once, whatever the size of the store: counts come when they are made."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, Quad

from payvand.config import Settings
from payvand.store import OxigraphStore
from payvand.web.app import create_app
from payvand.web.health import StoreCounts

EX = "http://example.org/"


class SlowStore(OxigraphStore):
    """An on-disk store whose counting takes ``seconds`` (as a large one does)."""

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(path)
        self.seconds = seconds
        self.counted = 0
        self.state = datetime(2026, 1, 1, tzinfo=UTC)
        self._counting = threading.Lock()

    def quad_count(self) -> int:
        with self._counting:
            self.counted += 1
        time.sleep(self.seconds)
        return super().quad_count()

    def modified(self) -> datetime | None:
        return self.state


def test_health_does_not_wait_for_a_slow_count_and_counts_once(tmp_path: Path) -> None:
    store = SlowStore(tmp_path / "store", seconds=1.5)
    store.add_quads([Quad(NamedNode(EX + "a"), NamedNode(EX + "p"), NamedNode(EX + "b"))])
    client = TestClient(create_app(Settings(store=str(tmp_path / "store")), store=store))
    try:
        began = time.perf_counter()
        first = client.get("/health").json()
        assert time.perf_counter() - began < 1.2
        assert first["ok"] is True
        assert (first["quads"], first["graphs"]) == (None, None)
        assert client.get("/health").json()["quads"] is None  # the same count, still going
        time.sleep(1.6)
        later = client.get("/health").json()
        assert (later["quads"], later["graphs"]) == (1, 0)
        assert store.counted == 1
    finally:
        store.close()


def test_a_store_that_changed_is_counted_again(tmp_path: Path) -> None:
    store = SlowStore(tmp_path / "store", seconds=0)
    counts = StoreCounts(wait=5)
    try:
        assert counts.get(store) == (0, 0)
        assert counts.get(store) == (0, 0)
        assert store.counted == 1
        store.add_quads(
            [
                Quad(
                    NamedNode(EX + "a"),
                    NamedNode(EX + "p"),
                    NamedNode(EX + "b"),
                    NamedNode(EX + "g"),
                )
            ]
        )
        assert counts.get(store) == (0, 0)  # the store says it has not changed
        store.state = datetime(2026, 1, 2, tzinfo=UTC)
        assert counts.get(store) == (1, 1)
        assert store.counted == 2
    finally:
        store.close()


def test_a_store_in_memory_is_counted_at_once() -> None:
    store = OxigraphStore(None)
    store.add_quads([Quad(NamedNode(EX + "a"), NamedNode(EX + "p"), NamedNode(EX + "b"))])
    assert StoreCounts(wait=0).get(store) == (1, 0)
