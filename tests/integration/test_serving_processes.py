"""`payvand serve` over an on-disk store as real processes: the supervisor hands connections to
its serving processes in turn, answers their writes, replaces a process that dies or overruns,
and stops them all when it stops."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
import rdflib

from tests.integration.serving import (
    ENDLESS,
    TOKEN,
    Server,
    load_numbers,
    payvand_serve,
    token_file,
)

pytestmark = pytest.mark.integration

ASK = "/sparql?query=" + quote("ASK { ?s ?p ?o }")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("processes")
    token = token_file(workdir)
    with payvand_serve(
        workdir / "store", workdir, "--workers", "2", "--write-token-file", str(token)
    ) as running:
        _wait_for(lambda: len(running.serving_pids()) == 2)
        yield running


def _wait_for(condition: Callable[[], bool], *, tries: int = 300) -> None:
    for _ in range(tries):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the server did not get there")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def _connections_held(pid: int, port: int) -> int:
    """How many established TCP connections to ``port`` the process ``pid`` holds."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    held = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            held += 1
    return held


def _ask_on(connection: socket.socket, host: str) -> bytes:
    connection.sendall(f"GET {ASK} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += connection.recv(65536)
    return answer.split(b"\r\n", 1)[0]


def test_connections_are_shared_among_the_serving_processes(server: Server) -> None:
    split = urlsplit(server.base)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    connections = [socket.create_connection((host, port)) for _ in range(4)]
    try:
        for connection in connections:  # kept open: each stays with the process it was given
            assert _ask_on(connection, f"{host}:{port}") == b"HTTP/1.1 200 OK"
        held = [_connections_held(pid, port) for pid in server.serving_pids()]
        assert sorted(held) == [2, 2]
    finally:
        for connection in connections:
            connection.close()


def test_writes_go_to_the_writer_and_voids_modified_follows(server: Server) -> None:
    def modified() -> object:
        graph = rdflib.Graph().parse(
            data=httpx.get(f"{server.base}/.well-known/void").text, format="turtle"
        )
        return graph.value(
            rdflib.URIRef(f"{server.base}/.well-known/void#dataset"),
            rdflib.URIRef("http://purl.org/dc/terms/modified"),
        )

    before = modified()
    response = httpx.put(
        f"{server.base}/store?graph=http://example.org/written",
        content=b"<http://example.org/a> <http://example.org/b> 1 .",
        headers={"content-type": "text/turtle", "authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 201
    refused = httpx.delete(f"{server.base}/store?graph=http://example.org/written")
    assert refused.status_code == 401  # the writer checks the token, as a single process does
    for _ in range(2):  # both serving processes
        after = modified()
        assert after is not None
        assert after != before
        graph = httpx.get(
            f"{server.base}/store",
            params={"graph": "http://example.org/written"},
            headers={"accept": "application/n-triples"},
        )
        assert graph.status_code == 200
        assert "<http://example.org/a>" in graph.text


def test_a_serving_process_that_dies_is_replaced(server: Server) -> None:
    before = server.serving_pids()
    os.kill(before[0], signal.SIGKILL)
    _wait_for(lambda: len(server.serving_pids()) == 2 and before[0] not in server.serving_pids())
    for _ in range(4):
        assert httpx.get(f"{server.base}{ASK}", timeout=30).status_code == 200


def test_with_one_serving_process_a_runaway_query_is_stopped_too(tmp_path: Path) -> None:
    token = token_file(tmp_path)
    args = ["--workers", "1", "--query-timeout", "2", "--write-token-file", str(token)]
    with payvand_serve(tmp_path / "store", tmp_path, *args) as one:
        load_numbers(one, 300)
        (first,) = one.serving_pids()
        response = httpx.get(f"{one.base}/sparql", params={"query": ENDLESS}, timeout=60)
        assert response.status_code == 504
        assert "ran longer than 2 s and was stopped" in response.json()["error"]
        # the next request waits for the replacement, and is answered
        quick = httpx.get(f"{one.base}/sparql", params={"query": "ASK { ?s ?p 7 }"}, timeout=60)
        assert quick.status_code == 200
        assert quick.json()["boolean"] is True
        # replaced once it has served a few seconds (replacements are rationed)
        _wait_for(lambda: not _alive(first) and first not in one.serving_pids(), tries=600)


def test_stopping_the_server_stops_its_serving_processes(tmp_path: Path) -> None:
    with payvand_serve(tmp_path / "store", tmp_path, "--workers", "2") as running:
        _wait_for(lambda: len(running.serving_pids()) == 2)
        serving = running.serving_pids()
    assert running.process.returncode == 0
    assert not any(_alive(pid) for pid in serving)


def _exchange(connection: socket.socket, host: str) -> tuple[bytes, dict[bytes, bytes]]:
    """Ask ASK on ``connection`` and read the whole answer: its status line and headers."""
    connection.sendall(f"GET {ASK} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        more = connection.recv(65536)
        if not more:
            raise AssertionError("the connection was closed without an answer")
        answer += more
    head, body = answer.split(b"\r\n\r\n", 1)
    status, *lines = head.split(b"\r\n")
    headers = {
        name.strip().lower(): value.strip()
        for name, value in (line.split(b":", 1) for line in lines)
    }
    while len(body) < int(headers[b"content-length"]):
        body += connection.recv(65536)
    return status, headers


def test_a_retiring_process_answers_every_request_its_connections_send(tmp_path: Path) -> None:
    token = token_file(tmp_path)
    args = ["--workers", "1", "--query-timeout", "1", "--write-token-file", str(token)]
    with payvand_serve(tmp_path / "store", tmp_path, *args) as one:
        load_numbers(one, 300)
        (first,) = one.serving_pids()
        address = urlsplit(one.base)
        assert address.hostname is not None
        assert address.port is not None
        host = address.netloc
        with socket.create_connection((address.hostname, address.port), timeout=30) as kept:
            status, headers = _exchange(kept, host)
            assert status == b"HTTP/1.1 200 OK"
            assert headers.get(b"connection") != b"close"
            overran = httpx.get(f"{one.base}/sparql", params={"query": ENDLESS}, timeout=60)
            assert overran.status_code == 504
            # The process retires once it has served a few seconds. Until then, and after, a
            # request on a connection it holds is answered (the first after it retired, with
            # Connection: close): none is left unanswered by a connection closed under it.
            for _ in range(300):
                status, headers = _exchange(kept, host)
                assert status == b"HTTP/1.1 200 OK"
                if headers.get(b"connection") == b"close":
                    break
                time.sleep(0.1)
            else:
                raise AssertionError("the serving process did not retire")
            assert kept.recv(1) == b""  # closed after that answer
        _wait_for(lambda: not _alive(first) and first not in one.serving_pids(), tries=600)
        assert httpx.get(f"{one.base}{ASK}", timeout=30).status_code == 200
