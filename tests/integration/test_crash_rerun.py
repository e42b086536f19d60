"""Crash and rerun in a loop: `payvand ingest` (the real command, in its own process) SIGKILLed at
several points, then run again, until a run ends by itself. The store then holds exactly the
articles of the input: one graph each, no duplicates, the quads of one clean run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from bench.corpus import write_corpus
from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.namespaces import PV
from payvand.store import OxigraphStore
from payvand.store.search_documents import article_hashes

pytestmark = pytest.mark.integration

ARTICLES = 200
# Where each run is killed: after this many progress lines (the first comes once a batch of 16
# is written), then this many seconds; (0, 0.5) is before anything is written.
KILL_AT = ((0, 0.5), (1, 0.0), (1, 0.3), (1, 1.0), (0, 3.0), (1, 0.0))
ENV = {
    **os.environ,
    "PAYVAND_ALLOCATOR": "system",
    "PAYVAND_BATCH_SIZE": "16",
    "PYTHONUNBUFFERED": "1",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Path:
    path = tmp_path_factory.mktemp("crash") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_corpus(ARTICLES, handle, seed=11, gazetteer=gazetteer)
    return path


def _command(corpus: Path, store: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "payvand",
        "ingest",
        str(corpus),
        "--store",
        str(store),
        "--workers",
        "2",
        "--no-index",
    ]


def _run_and_kill(corpus: Path, store: Path, after: int, delay: float) -> int | None:
    """Run the ingest and SIGKILL it ``delay`` seconds after ``after`` progress lines; its
    status if it ended first, None when it was killed."""
    process = subprocess.Popen(_command(corpus, store), stderr=subprocess.PIPE, text=True, env=ENV)
    assert process.stderr is not None
    try:
        seen = 0
        while seen < after:
            line = process.stderr.readline()
            if not line:
                return process.wait(timeout=60)
            seen += "articles/s" in line
        time.sleep(delay)
        if process.poll() is not None:
            return process.returncode
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        return None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


def _article_graphs(store: Path) -> tuple[dict[str, str], int, int]:
    """The content hash of each article graph, how many graphs hold more than one hash, and
    the quads of the store."""
    reader = OxigraphStore(store, read_only=True)
    try:
        hashes = article_hashes(reader)
        result = reader.query(
            "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?g WHERE { GRAPH ?g { ?g "
            f"{PV.contentHash} ?h }} }} GROUP BY ?g HAVING (COUNT(?h) > 1) }} }}",
            union=False,
        )
        assert isinstance(result, QuerySolutions)
        doubled = next(int(row["n"].value) for row in result if row["n"] is not None)
        return hashes, doubled, reader.quad_count()
    finally:
        del reader


def test_killed_again_and_again_the_store_ends_with_exactly_the_input(
    corpus: Path, tmp_path: Path, iris: Iris
) -> None:
    expected = {
        iris.article(json.loads(line)["url"]).value
        for line in corpus.read_text(encoding="utf-8").splitlines()
    }
    assert len(expected) == ARTICLES
    clean = tmp_path / "clean"
    done = subprocess.run(
        _command(corpus, clean), capture_output=True, text=True, env=ENV, check=False
    )
    assert done.returncode == 0, done.stderr
    _, _, clean_quads = _article_graphs(clean)

    store = tmp_path / "store"
    killed = 0
    for after, delay in KILL_AT:
        status = _run_and_kill(corpus, store, after, delay)
        if status is not None:
            assert status == 0
            break
        killed += 1
        if store.exists():
            hashes, doubled, _ = _article_graphs(store)
            assert set(hashes) <= expected
            assert doubled == 0
    assert killed >= 3, "the ingest ended before it could be killed three times"
    last = subprocess.run(
        _command(corpus, store), capture_output=True, text=True, env=ENV, check=False
    )
    assert last.returncode == 0, last.stderr
    hashes, doubled, quads = _article_graphs(store)
    assert set(hashes) == expected
    assert doubled == 0
    assert quads == clean_quads
