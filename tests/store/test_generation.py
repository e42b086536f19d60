"""The write count shared between processes, and the read-only view that follows it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from payvand.store import OxigraphStore
from payvand.store.generation import FollowingStore, Generation

EX = "http://example.org/"


def test_a_generation_mapped_twice_is_one_count() -> None:
    shared = Generation.shared()
    assert shared.fd is not None
    other = Generation(shared.fd)
    try:
        assert (other.value, other.modified()) == (0, None)
        stamp = shared.bump()
        assert other.value == 1
        assert other.modified() == stamp
    finally:
        os.close(shared.fd)


@pytest.mark.integration
def test_a_following_store_sees_every_write_once_the_generation_moved(tmp_path: Path) -> None:
    writer = OxigraphStore(tmp_path / "store")
    generation = Generation()
    reader = FollowingStore(tmp_path / "store", generation)
    ask = f"ASK {{ <{EX}a> <{EX}n> 1 }}"
    assert not reader.query(ask)
    writer.add_quads([Quad(NamedNode(f"{EX}a"), NamedNode(f"{EX}n"), Literal(1))])
    writer.flush()
    written = generation.bump()
    assert reader.query(ask)
    assert reader.quad_count() == 1
    assert reader.modified() == written
    writer.close()
