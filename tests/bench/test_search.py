"""bench/search.py on a small corpus: every figure is there, and the index finds exactly what a
scan of the store's texts finds (the latency figures are measured, never asserted)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bench.search import measure

pytestmark = pytest.mark.integration


def test_the_benchmark_runs_and_the_index_agrees_with_the_scan(tmp_path: Path) -> None:
    figures = measure(
        argparse.Namespace(
            articles=40,
            store=None,
            index=None,
            work=tmp_path,
            runs=2,
            queries=12,
            latency_only=False,
        )
    )
    for key in (
        "ingest_seconds_without_index",
        "ingest_seconds_with_index",
        "index_overhead",
        "rebuild_seconds",
        "index_vs_store",
        "one_word_median_ms",
        "phrase_median_ms",
        "one_word_median_cpu_ms",
        "phrase_median_cpu_ms",
    ):
        assert isinstance(figures[key], float), key
    assert figures["queries"] == 12
    assert figures["scan_hits"] == figures["index_hits"]
    hits = figures["scan_hits"]
    assert isinstance(hits, int)
    assert hits > 0
    assert figures["recall"] == figures["precision"] == 1.0
    assert figures["queries_that_differ"] == []
