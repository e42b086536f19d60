"""Hostile input to `payvand ingest`, the real command in its own process: each bad article is
refused alone with one line naming file, item and field; the others are stored; the command
ends with status 1 and `stored N, refused M: …`; a write the system refuses (a file size limit, a
real full disk) is one clear line, with no half-written files left in the store, which stays whole
and usable."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.store import OxigraphStore

pytestmark = pytest.mark.integration

GOOD = 100


def _payvand(
    *args: str, limit_file_bytes: int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "payvand", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PAYVAND_ALLOCATOR": "system", **(env or {})},
        timeout=600,
        preexec_fn=limit,
        check=False,
    )


def _good_articles(folder: Path) -> list[str]:
    urls = [f"https://example.org/news/{i}" for i in range(GOOD)]
    lines = [
        json.dumps({"url": url, "text": f"Isfahan and Kazan signed agreement number {i}."})
        for i, url in enumerate(urls)
    ]
    (folder / "good.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return urls


def _stored(store: Path, urls: list[str]) -> list[str]:
    reader = OxigraphStore(store, read_only=True)
    try:
        graphs = {g.value for g in reader.graph_names()}
    finally:
        del reader
    iris = Iris()
    return [url for url in urls if iris.article(url).value in graphs]


def test_one_bad_url_never_loses_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    urls = _good_articles(folder)
    (folder / "feed.rss").write_text(
        "<rss><channel><item><title>t</title><link>not a url</link>"
        "<description>Isfahan</description></item></channel></rss>",
        encoding="utf-8",
    )
    (folder / "page.html").write_text(
        '<html><head><meta property="og:url" content="https://example.org/a b"></head>'
        "<body><p>Isfahan and Kazan.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "xss.jsonl").write_text(
        json.dumps({"url": "javascript:alert(document.domain)//", "text": "Isfahan."}) + "\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    done = _payvand("ingest", str(folder), "--store", str(store), "--workers", "1")
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith(f"Error: stored {GOOD}, refused 3: "), lines[-1]
    assert "unexpected" not in done.stderr
    assert "Traceback" not in done.stderr
    assert f"{folder / 'feed.rss'} (item 1), field 'link': 'not a url' is not an http(s) URL" in (
        done.stderr
    )
    assert f"{folder / 'page.html'}, field 'og:url': 'https://example.org/a b'" in done.stderr
    assert f"{folder / 'xss.jsonl'}, line 1, field 'url': 'javascript:" in done.stderr
    assert _stored(store, urls) == urls


def test_a_write_the_system_refuses_is_one_line_and_leaves_no_bulk_files(
    tmp_path: Path, gazetteer: Gazetteer
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    urls = _good_articles(folder)
    store = tmp_path / "store"
    first = _payvand("ingest", str(folder / "good.jsonl"), "--store", str(store))
    assert first.returncode == 0, first.stderr
    # Articles of the synthetic corpus: quads enough for store files of some MB.
    more = tmp_path / "more.jsonl"
    with more.open("w", encoding="utf-8") as out:
        write_corpus(150, out, seed=5, gazetteer=gazetteer)
    # Every file the store writes may hold at most 1 MiB: the bulk load fails as on a full disk.
    done = _payvand("ingest", str(more), "--store", str(store), limit_file_bytes=1 << 20)
    assert done.returncode == 1, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: cannot write to the store at {store}: a file would be larger")
    assert "unexpected" not in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(store.glob("bulk-*.sst"))
    assert _stored(store, urls) == urls  # what was stored before is all there


@contextmanager
def _small_disk(path: Path, size: str) -> Iterator[Path]:
    """A filesystem of ``size`` (a tmpfs) mounted at ``path`` for the block; the test is skipped
    only where this machine lets no one mount one."""
    path.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("no mount command on this machine")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "--lazy", str(path)], check=False)


def _fill(disk: Path, *, leave: int) -> Path:
    """A file taking all the free space of ``disk`` but ``leave`` bytes."""
    free = os.statvfs(disk)
    filler = disk / "filler"
    with filler.open("wb") as out:
        remaining = free.f_bavail * free.f_frsize - leave
        while remaining > 0:
            remaining -= out.write(b"\0" * min(remaining, 1 << 20))
    return filler


def test_an_ingest_into_a_full_disk_is_one_line_and_the_store_stays_whole(
    tmp_path: Path, gazetteer: Gazetteer
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    urls = _good_articles(folder)
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        write_corpus(150, out, seed=5, gazetteer=gazetteer)
    more = [json.loads(line)["url"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    with _small_disk(tmp_path / "disk", "64m") as disk:
        store = disk / "store"
        first = _payvand("ingest", str(folder / "good.jsonl"), "--store", str(store))
        assert first.returncode == 0, first.stderr
        OxigraphStore(store).close()  # the store at rest: its write-ahead log folded in
        filler = _fill(disk, leave=256 * 1024)
        done = _payvand("ingest", str(corpus), "--store", str(store))
        assert done.returncode == 1, done.stderr
        error = (
            f"Error: cannot write to the store at {store}: the disk holding it is full; free "
            "some space, and run the command again (what was stored before is whole)"
        )
        assert done.stderr.strip().splitlines()[-1] == error, done.stderr
        assert done.stderr.count("Error:") == 1
        assert "Traceback" not in done.stderr
        assert "unexpected" not in done.stderr
        assert not list(store.glob("bulk-*.sst"))
        assert _stored(store, urls) == urls  # what was stored before is all there
        # and the store is usable: with the space back, the same command stores the rest
        filler.unlink()
        again = _payvand("ingest", str(corpus), "--store", str(store))
        assert again.returncode == 0, again.stderr
        assert _stored(store, urls + more) == urls + more


@pytest.mark.parametrize("workers", ["2", "1"])  # one worker is a process of its own too
def test_an_article_past_the_worker_memory_ceiling_fails_alone(
    tmp_path: Path, workers: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    urls = _good_articles(folder)
    # About 1.8 MB of words: extracting it takes some 150 MB more than a worker starts with.
    words = " ".join(f"garden{n} Isfahan." if n % 7 == 0 else f"word{n}" for n in range(150_000))
    (folder / "big.jsonl").write_text(
        json.dumps({"url": "https://example.org/big", "text": words}) + "\n", encoding="utf-8"
    )
    store = tmp_path / "store"
    ceiling = {"PAYVAND_WORKER_MEMORY_BYTES": str(250 * 2**20)}
    done = _payvand("ingest", str(folder), "--store", str(store), "--workers", workers, env=ceiling)
    assert done.returncode == 1, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last == (
        f"Error: stored {GOOD}, refused 1: {folder / 'big.jsonl'}:1: needs more memory than the "
        "worker memory ceiling of 250 MiB allows (PAYVAND_WORKER_MEMORY_BYTES); split the "
        "article or raise the ceiling"
    ), last
    assert "Traceback" not in done.stderr
    assert "unexpected" not in done.stderr
    assert _stored(store, urls) == urls
    assert _stored(store, ["https://example.org/big"]) == []
    # Under the default ceiling (2 GiB) the same article is stored.
    again = _payvand(
        "ingest", str(folder / "big.jsonl"), "--store", str(store), "--workers", workers
    )
    assert again.returncode == 0, again.stderr
    assert _stored(store, ["https://example.org/big"]) == ["https://example.org/big"]


def _workers(pid: int) -> list[int]:
    """The extraction worker processes of the ingest ``pid``."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text(encoding="ascii").split():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in command:
                found.append(int(child))
    return found


WORKERS = ("--workers", "2")


def test_a_worker_killed_mid_ingest_costs_no_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    urls = _good_articles(folder)
    # An article that keeps a worker busy for seconds, so that one is at work when killed.
    words = " ".join(f"garden{n} Isfahan." if n % 7 == 0 else f"word{n}" for n in range(100_000))
    (folder / "slow.jsonl").write_text(
        json.dumps({"url": "https://example.org/slow", "text": words}) + "\n", encoding="utf-8"
    )
    store = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, "-m", "payvand", "ingest", str(folder), "--store", str(store), *WORKERS],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PAYVAND_ALLOCATOR": "system"},
    )
    try:
        workers: list[int] = []
        while len(workers) < 2 and process.poll() is None:
            time.sleep(0.2)
            workers = _workers(process.pid)
        assert len(workers) == 2, "the ingest ended before its workers could be seen"
        time.sleep(1.0)
        assert process.poll() is None
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    everything = [*urls, "https://example.org/slow"]
    assert _stored(store, everything) == everything
