"""The time limit and the size cap against `payvand serve` as a real process (on-disk store,
two serving processes): a serving process whose query overruns is replaced, and the server
answers the next request at once; the query that overran is refused for a while, by every
serving process."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.serving import (
    ENDLESS,
    TOKEN,
    Server,
    load_numbers,
    payvand_serve,
    token_file,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("limits")
    token = token_file(workdir)
    args = [
        "--query-timeout",
        "3",
        "--workers",
        "2",
        "--max-bytes",
        "40000",
        "--write-token-file",
        str(token),
    ]
    with payvand_serve(workdir / "store", workdir, *args) as running:
        load_numbers(running, 300)
        yield running


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_a_query_past_the_timeout_is_stopped_and_its_process_replaced(server: Server) -> None:
    before = set(server.serving_pids())
    assert len(before) == 2
    response = httpx.get(f"{server.base}/sparql", params={"query": ENDLESS}, timeout=60)
    assert response.status_code == 504
    assert "ran longer than 3 s and was stopped" in response.json()["error"]
    # the next request is answered at once, by a serving process that was not busy
    quick = httpx.get(f"{server.base}/sparql", params={"query": "ASK { ?s ?p 7 }"}, timeout=5)
    assert quick.status_code == 200
    assert quick.json()["boolean"] is True
    # the process that ran the query ended (a second after the overrun, once it has served a
    # few seconds: replacements are rationed), and another took its place
    for _ in range(300):
        after = set(server.serving_pids())
        if len(after) == 2 and after != before:
            break
        httpx.get(f"{server.base}/health", timeout=5)
        time.sleep(0.1)
    assert len(after) == 2
    gone = before - after
    assert len(gone) == 1
    assert not any(_alive(pid) for pid in gone)
    # asked again, the query is refused at once, by the new serving process as by the other
    for _ in range(4):  # a connection each: handed to the serving processes in turn
        _assert_refused(httpx.get(f"{server.base}/sparql", params={"query": ENDLESS}, timeout=60))


def _assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    error = response.json()
    assert set(error) == {"ok", "error", "status"}
    assert error["status"] == 429
    assert error["error"].startswith("this query ran ")
    assert error["error"].endswith("make it more selective or add a LIMIT")
    assert "\n" not in error["error"]


def test_a_request_may_ask_for_less_time(server: Server) -> None:
    # another query than ENDLESS, which the test above had run to the server's limit, from
    # another client (whose queries have not cost the server a process yet)
    endless = ENDLESS.replace("?j ?k ?l", "?j ?k ?l . ?m ?n ?o")
    client = {"x-forwarded-for": "198.51.100.7"}
    response = httpx.get(
        f"{server.base}/sparql",
        params={"query": endless, "timeout": "1"},
        headers=client,
        timeout=60,
    )
    assert response.status_code == 504
    assert "longer than 1 s" in response.json()["error"]
    assert (
        httpx.get(f"{server.base}/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200
    )
    # the same query again (written otherwise), from any connection: refused at once, while a
    # small query is answered
    again = "# again\n" + endless.replace("?a", "?x")
    for _ in range(4):
        refused = httpx.get(
            f"{server.base}/sparql",
            params={"query": again, "timeout": "1"},
            headers=client,
            timeout=60,
        )
        _assert_refused(refused)
        small = httpx.get(
            f"{server.base}/sparql",
            params={"query": "ASK { ?s ?p 7 }"},
            headers=client,
            timeout=5,
        )
        assert small.status_code == 200


def test_a_result_found_over_the_size_cap_before_it_is_sent_is_refused(server: Server) -> None:
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    refused = httpx.get(f"{server.base}/sparql", params={"query": query}, timeout=30)
    assert refused.status_code == 413
    assert "larger than the server's cap of 40000 bytes" in refused.json()["error"]
    small = httpx.get(f"{server.base}/sparql", params={"query": f"{query} LIMIT 5"}, timeout=5)
    assert small.status_code == 200
    assert len(small.json()["results"]["bindings"]) == 5


def test_a_streamed_result_over_the_size_cap_is_cut_off_visibly(tmp_path: Path) -> None:
    with payvand_serve(tmp_path / "store", tmp_path, "--max-bytes", "200000") as small_cap:
        query = "SELECT ?i WHERE { VALUES ?a { 0 1 2 3 4 5 6 7 8 9 } VALUES ?b { 0 1 2 3 4 5 6 7 8 9 } VALUES ?c { 0 1 2 3 4 5 6 7 8 9 } VALUES ?d { 0 1 2 3 4 5 6 7 8 9 } BIND(?a + ?b + ?c + ?d AS ?i) }"
        with httpx.stream(
            "GET", f"{small_cap.base}/sparql", params={"query": query}, timeout=30
        ) as response:
            assert response.status_code == 200
            assert response.headers["payvand-size-limit"] == "200000"
            # the transfer ends before the chunked body does: no client takes it for whole
            with pytest.raises(httpx.RemoteProtocolError):
                response.read()


def test_every_serving_process_sees_every_write(server: Server) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    for i in range(3):
        update = f"INSERT DATA {{ GRAPH <http://example.org/w> {{ <http://example.org/w{i}> a <http://example.org/W> }} }}"
        assert (
            httpx.post(f"{server.base}/update", data={"update": update}, headers=auth).status_code
            == 204
        )
        # ask twice, so both serving processes answer at least once after the write
        for _ in range(2):
            count = httpx.get(
                f"{server.base}/sparql",
                params={"query": "SELECT (COUNT(*) AS ?n) { ?s a <http://example.org/W> }"},
            ).json()["results"]["bindings"][0]["n"]["value"]
            assert int(count) == i + 1
