"""Hostile clients of a real `payvand serve` (two serving processes): timeouts the server cannot
honour are refused or raised to its floor, clients that ask for a timeout their queries
overrun cost no replacement of a serving process (their query is refused while it still runs),
so every other client is still answered, and a long query gives way to the short ones (its
thread is reniced)."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from payvand.store.query_pool import DEMOTED_NICENESS, can_demote
from tests.integration.serving import (
    ENDLESS,
    Server,
    load_numbers,
    payvand_serve,
    token_file,
)

pytestmark = pytest.mark.integration

# A count over the square of the store: a few tenths of a second, more than the timeout floor.
SQUARE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("clients")
    args = ["--workers", "2", "--write-token-file", str(token_file(workdir))]
    with payvand_serve(workdir / "store", workdir, *args) as running:
        load_numbers(running, 700)
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
        load_numbers(running, 700)
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


def test_a_client_whose_new_queries_keep_overrunning_is_refused_and_others_are_answered(
    tmp_path: Path,
) -> None:
    # a killer under a new text each time dodges the memory of queries that overran; each one
    # would cost a serving process, so its client is refused once two of them have
    args = ["--workers", "2", "--query-timeout", "1"]
    args += ["--write-token-file", str(token_file(tmp_path))]
    with payvand_serve(tmp_path / "store", tmp_path, *args) as running:
        load_numbers(running, 700)
        hostile = {"x-forwarded-for": "203.0.113.9"}
        other = {"x-forwarded-for": "198.51.100.2"}
        statuses: list[int] = []
        refusal = ""
        for n in range(12):
            killer = ENDLESS.replace("?j ?k ?l }", f"?j ?k ?l FILTER(?l != {n}) }}")
            response = httpx.get(
                f"{running.base}/sparql", params={"query": killer}, headers=hostile, timeout=60
            )
            statuses.append(response.status_code)
            if response.status_code == 429:
                refusal = response.json()["error"]
                assert int(response.headers["retry-after"]) >= 1
                break
            time.sleep(1.5)  # past the limit and its grace: the query cost its process
        assert statuses[0] == 504
        assert statuses[-1] == 429
        assert set(statuses) == {504, 429}
        assert re.fullmatch(
            r"\d+ queries of 203\.0\.113\.9 ran on past their time limit in the last 60 s "
            r"\(at most 2\): its queries that are not known to be quick are refused for \d+ s "
            r"more; make them more selective or add a LIMIT",
            refusal,
        )
        # another client is answered, and a query of the refused client's is refused again
        answered = httpx.get(
            f"{running.base}/sparql",
            params={"query": "SELECT ?s WHERE { ?s ?p 8 }"},
            headers={**other, "accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert answered.status_code == 200
        assert answered.json()["results"]["bindings"] == [
            {"s": {"type": "uri", "value": "http://example.org/s8"}}
        ]
        again = ENDLESS.replace("?j ?k ?l }", "?j ?k ?l FILTER(?l != -1) }")
        refused = httpx.get(
            f"{running.base}/sparql", params={"query": again}, headers=hostile, timeout=60
        )
        assert refused.status_code == 429
