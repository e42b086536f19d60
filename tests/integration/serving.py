"""Real servers on free loopback ports: `payvand serve` and `oxigraph serve`, stopped by PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph

TOKEN = "w3c-test-token-7f3a"
# A cross product of every triple with itself, three times over: minutes of work on any store.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def token_file(workdir: Path) -> Path:
    """A file under ``workdir`` holding TOKEN, for `payvand serve --write-token-file`."""
    token = workdir / "token"
    token.write_text(TOKEN, encoding="utf-8")
    return token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def serving_pids(self) -> list[int]:
        """The serving processes of this server (the child processes of `payvand serve`)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []


def load_numbers(server: Server, count: int) -> None:
    """Write ``count`` triples ``<http://example.org/sI> <http://example.org/p> I`` into the
    default graph of ``server`` (started with TOKEN as its write token)."""
    triples = "".join(
        f"<http://example.org/s{i}> <http://example.org/p> {i} .\n" for i in range(count)
    )
    loaded = httpx.put(
        f"{server.base}/store?default",
        content=triples.encode(),
        headers={"content-type": "text/turtle", "authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert loaded.status_code == 204, loaded.text


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def empty_store(path: Path) -> Path:
    """An empty on-disk store at ``path`` (serve opens only a store that exists)."""
    pyoxigraph.Store(str(path)).flush()
    return path


@contextmanager
def payvand_serve(store: Path | str, workdir: Path, *args: str) -> Iterator[Server]:
    """`payvand serve --store STORE ARGS…` on a free port, until the block ends; a ``store``
    path with nothing there yet gets an empty store first."""
    if isinstance(store, Path) and not store.exists():
        empty_store(store)
    port = free_port()
    log = workdir / f"serve-{port}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYVAND_")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "payvand",
                "serve",
                "--store",
                str(store),
                "--port",
                str(port),
                *args,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**env, "PYTHONUNBUFFERED": "1"},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/health", process, log)
        yield Server(base, process, log)
    finally:
        _stop(process)


@contextmanager
def serve_ingested(articles: Path, workdir: Path, *args: str) -> Iterator[Server]:
    """`payvand ingest ARTICLES` into a fresh store under ``workdir``, then `payvand serve` it."""
    store = workdir / "store"
    subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(articles), "--store", str(store)],
        check=True,
        capture_output=True,
    )
    with payvand_serve(store, workdir, *args) as server:
        yield server


@contextmanager
def oxigraph_serve(location: Path, workdir: Path, *args: str) -> Iterator[Server]:
    """`oxigraph serve --location DIR` (the oxigraph PyPI package) on a free port."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    log = workdir / f"oxigraph-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/query?query=ASK%7B%7D", process, log)
        yield Server(base, process, log)
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad
[HTTPServer]
ServerPort = {http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_serve(workdir: Path) -> Iterator[Server]:
    """Virtuoso (Debian's virtuoso-opensource, scripts/setup-system installs it) with a fresh
    database under ``workdir``, on free loopback ports; its SPARQL endpoint is /sparql, its
    authenticated ones (digest, dba/dba) /sparql-auth and /sparql-graph-crud-auth."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("no virtuoso-t: run scripts/setup-system virtuoso (make test does)")
    database = workdir / "virtuoso"
    database.mkdir()
    http_port = free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(db=database, sql_port=free_port(), http_port=http_port),
        encoding="utf-8",
    )
    log = workdir / f"virtuoso-{http_port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "-f", "-c", str(ini)], stdout=out, stderr=subprocess.STDOUT, cwd=database
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_up(f"{base}/sparql?query=ASK%7B%7D", process, log)
        yield Server(base, process, log)
    finally:
        _stop(process)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    _stop(process)
    raise AssertionError(f"the server did not start: {log.read_text(encoding='utf-8')}")
