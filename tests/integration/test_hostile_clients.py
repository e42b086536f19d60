"""Hostile clients of a real `payvand serve` (two serving processes): timeouts the server cannot
honour are refused or raised to its floor, clients that ask for a timeout their queries
overrun cost no replacement of a serving process (their query is refused while it still runs),
so every other client is still answered, and a long query gives way to the short ones (its
thread is reniced)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from payvand.store.query_pool import DEMOTED_NICENESS, can_demote
from tests.integration.serving import ENDLESS, TOKEN, Server, payvand_serve, token_file

pytestmark = pytest.mark.integration

# A count over the square of the store: a few tenths of a second, more than the timeout floor.
SQUARE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("clients")
    args = ["--workers", "2", "--write-token-file", str(token_file(workdir))]
    with payvand_serve(workdir / "store", workdir, *args) as running:
        triples = "".join(
            f"<http://example.org/s{i}> <http://example.org/p> {i} .\n" for i in range(700)
        )
        loaded = httpx.put(
            f"{running.base}/store?default",
            content=triples.encode(),
            headers={"content-type": "text/turtle", "authorization": f"Bearer {TOKEN}"},
            timeout=60,
        )
        assert loaded.status_code == 204, loaded.text
        for _ in range(300):
            if len(running.serving_pids()) == 2:
                break
            time.sleep(0.05)
        yield running


@pytest.mark.parametrize("asked", ["nan", "inf", "-inf", "-1", "0", "1e999"])
def test_a_timeout_that_is_no_number_of_seconds_is_400(server: Server, asked: str) -> None:
    response = httpx.get(
        f"{server.base}/sparql", params={"query": "ASK {}", "timeout": asked}, timeout=30
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("field 'timeout':")


def test_a_tiny_timeout_is_raised_to_the_floor(server: Server) -> None:
    # `ASK {}` runs in well under the 0.1 s floor; a machine busy with other work may still make
    # one try overrun it (504), which says nothing of the floor: a few tries, one must answer.
    for _ in range(5):
        response = httpx.get(
            f"{server.base}/sparql", params={"query": "ASK {}", "timeout": "0.000001"}, timeout=30
        )
        if response.status_code != 504:
            break
    assert response.status_code == 200
    assert response.headers["payvand-timeout"] == "0.1"


def test_clients_overrunning_tiny_timeouts_cost_no_replacement(server: Server) -> None:
    before = set(server.serving_pids())
    assert len(before) == 2
    seen: set[int] = set(before)
    statuses: list[int] = []
    refusals: list[str] = []
    others: list[int] = []
    stop = threading.Event()

    def hostile() -> None:
        with httpx.Client(timeout=60) as client:
            while not stop.is_set():
                response = client.get(
                    f"{server.base}/sparql", params={"query": SQUARE, "timeout": "0.000001"}
                )
                statuses.append(response.status_code)
                if response.status_code == 429:
                    refusals.append(response.json()["error"])

    def other() -> None:
        with httpx.Client(timeout=60) as client:
            while not stop.is_set():
                others.append(
                    client.get(
                        f"{server.base}/sparql", params={"query": "ASK { ?s ?p 7 }"}
                    ).status_code
                )
                time.sleep(0.02)

    threads = [threading.Thread(target=hostile) for _ in range(4)]
    threads.append(threading.Thread(target=other))
    for thread in threads:
        thread.start()
    try:
        for _ in range(80):  # 8 seconds
            seen.update(server.serving_pids())
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert 504 in statuses  # the queries did overrun the floor
    # asked again while it still ran past its limit, or while the client had it running: refused
    assert set(statuses) <= {200, 429, 504}
    assert all(
        "\n" not in refusal and refusal.startswith("this query ran ") for refusal in refusals
    )
    assert others
    assert set(others) == {200}
    # a query that ends within a second of its limit costs no process
    assert seen == before


def _threads(pid: int) -> list[tuple[int, int]]:
    """The niceness and scheduling policy of each thread of process ``pid`` (fields 19 and 41 of
    /proc/PID/task/TID/stat)."""
    found = []
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        found.append((int(fields[16]), int(fields[38])))
    return found


def _niceness_of_threads(pid: int) -> list[int]:
    return [niceness for niceness, _policy in _threads(pid)]


@pytest.mark.skipif(not can_demote(), reason="threads have no niceness of their own")
def test_a_long_query_gives_way_to_the_short_ones(tmp_path: Path) -> None:
    args = ["--workers", "1", "--write-token-file", str(token_file(tmp_path))]
    with payvand_serve(tmp_path / "store", tmp_path, *args) as running:
        triples = "".join(
            f"<http://example.org/s{i}> <http://example.org/p> {i} .\n" for i in range(700)
        )
        loaded = httpx.put(
            f"{running.base}/store?default",
            content=triples.encode(),
            headers={"content-type": "text/turtle", "authorization": f"Bearer {TOKEN}"},
            timeout=60,
        )
        assert loaded.status_code == 204, loaded.text
        (pid,) = running.serving_pids()
        # the serving process imported at a lower niceness, and serves at the server's own
        ordinary = os.getpriority(os.PRIO_PROCESS, 0)
        assert set(_niceness_of_threads(pid)) == {ordinary}
        statuses: list[int] = []

        def long() -> None:
            statuses.append(
                httpx.get(
                    f"{running.base}/sparql",
                    params={"query": ENDLESS, "timeout": "5"},
                    timeout=60,
                ).status_code
            )

        killer = threading.Thread(target=long)
        killer.start()
        try:
            for _ in range(600):
                if DEMOTED_NICENESS in _niceness_of_threads(pid):
                    break
                time.sleep(0.05)
            assert DEMOTED_NICENESS in _niceness_of_threads(pid)
            assert ordinary < DEMOTED_NICENESS
            # the short queries beside it are answered, by threads of the server's niceness
            small = httpx.get(
                f"{running.base}/sparql",
                params={"query": "SELECT ?s WHERE { ?s ?p 7 }"},
                headers={"accept": "application/sparql-results+json"},
                timeout=30,
            )
            assert small.status_code == 200
            assert small.json()["results"]["bindings"] == [
                {"s": {"type": "uri", "value": "http://example.org/s7"}}
            ]
            assert _threads(pid).count((DEMOTED_NICENESS, os.SCHED_IDLE)) == 1
        finally:
            killer.join(timeout=60)
        assert statuses == [504]
