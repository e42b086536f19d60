"""bench/index_overhead.py on a small corpus: each build and mode runs every round, and every
figure is there (they are measured, never asserted)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bench.index_overhead import measure

pytestmark = pytest.mark.integration


def test_the_benchmark_ingests_with_and_without_the_index_in_turns(tmp_path: Path) -> None:
    figures = measure(
        argparse.Namespace(articles=12, corpus=None, rounds=2, work=tmp_path, build=None, json=True)
    )
    for what in ("wall", "cpu"):
        for key in ("without_index", "with_index", "overhead"):
            assert isinstance(figures[f"this_{what}_{key}"], float), (what, key)
        assert float(str(figures[f"this_{what}_with_index"])) > 0
    assert not (tmp_path / "store").exists()
    assert (tmp_path / "corpus-12.jsonl").read_text(encoding="utf-8").count("\n") == 12
