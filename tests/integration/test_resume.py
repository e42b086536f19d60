"""An ingest killed with SIGKILL part way, then run again: the same store as one clean run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.corpus import write_corpus
from payvand.cli import cli
from payvand.extract.gazetteer import Gazetteer
from payvand.store import open_reader
from payvand.store.search_documents import article_hashes
from payvand.store.search_index import TextIndex

pytestmark = pytest.mark.integration

ARTICLES = 240


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Path:
    path = tmp_path_factory.mktemp("resume") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_corpus(ARTICLES, handle, seed=5, gazetteer=gazetteer)
    return path


def stats(store: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["stats", "--store", store, "--json"])
    assert result.exit_code == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    store = str(tmp_path_factory.mktemp("clean") / "store")
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--store", store, "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    return stats(store)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text(encoding="ascii")
        found.update(int(p) for p in text.split())
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def ingest_and_kill(corpus: Path, store: str) -> None:
    """Start ``payvand ingest``, SIGKILL it once it has written its first batch."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "payvand",
            "ingest",
            str(corpus),
            "--store",
            store,
            "--workers",
            "2",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PAYVAND_BATCH_SIZE": "16", "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    try:
        line = process.stderr.readline()  # the first progress line comes after the first batch
        assert "articles/s" in line, line + process.stderr.read()
        workers = children(process.pid)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "worker processes outlived the killed ingest"


@pytest.fixture
def search_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the commands keep the full-text index (the environment reaches the processes)."""
    path = tmp_path / "search.sqlite"
    monkeypatch.setenv("PAYVAND_SEARCH_INDEX", str(path))
    return path


def test_killed_twice_then_completed_gives_the_counts_of_one_clean_run(
    corpus: Path, store_spec: str, uninterrupted: dict[str, object], search_index: Path
) -> None:
    ingest_and_kill(corpus, store_spec)
    partial = stats(store_spec)
    assert 1 < partial["graphs"] < uninterrupted["graphs"]  # type: ignore[operator]
    ingest_and_kill(corpus, store_spec)
    result = subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(corpus), "--store", store_spec],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "unchanged" in result.stderr
    assert stats(store_spec) == uninterrupted
    again = subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(corpus), "--store", store_spec],
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"ingested 0 articles ({ARTICLES} unchanged, 0 failed)" in again.stderr
    # The full-text index, cut short with the ingest twice, is level with the store again.
    store = open_reader(store_spec)
    index = TextIndex(search_index, read_only=True)
    try:
        assert index.article_hashes() == article_hashes(store)
        assert len(index.article_hashes()) == ARTICLES
    finally:
        index.close()
        store.close()
