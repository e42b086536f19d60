"""Queries over an on-disk store, evaluated in worker processes that can be stopped.

pyoxigraph cannot interrupt a query, so :class:`ProcessEvaluator` keeps a few worker processes,
each with its own read-only view of the store (``pyoxigraph.Store.read_only``), and talks to each
over a socket pair. A worker that runs past the time limit is killed and replaced; the others go on
answering. The serving process keeps the only writable handle: after it writes, it bumps a
generation number, and a worker reopens its view before the next query that carries the new
number, so every query sees every write answered before it.

Frames on the socket are ``kind (1 byte) | length (4 bytes, big-endian) | payload``. From the
server: ``J`` a pickled job. From a worker: ``R`` ready, ``H`` the head (JSON), ``D`` bytes of
the result, ``E`` the end, ``X`` an error before the head (JSON), ``A`` an error after it.

Run as ``python -m payvand.store.workers FD STORE_DIR`` (done by the pool, never by hand).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import logging
import pickle
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import AsyncGenerator
from pathlib import Path

from payvand.errors import PayvandError, QueryError, QueryTimeoutError, StoreError
from payvand.store.base import GraphStore
from payvand.store.evaluation import (
    Answer,
    Evaluator,
    InProcessEvaluator,
    QueryJob,
    ResultHead,
    evaluate,
)
from payvand.store.oxigraph import OxigraphStore

log = logging.getLogger("payvand.store.workers")

_FRAME = struct.Struct(">cI")
_CHUNK = 1 << 16


def _frame(kind: bytes, payload: bytes = b"") -> bytes:
    return _FRAME.pack(kind, len(payload)) + payload


# --- the worker side -------------------------------------------------------------------------


class _SocketSink:
    """Frames the head and the bytes of a result onto the socket, 64 KiB at a time."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = bytearray()
        self.started = False

    def head(self, head: ResultHead) -> None:
        self.started = True
        meta = {"media_type": head.media_type, "truncated": head.truncated, "rows": head.rows}
        self._buffer += _frame(b"H", json.dumps(meta).encode())

    def write(self, data: bytes) -> None:
        self._buffer += _frame(b"D", data)
        if len(self._buffer) >= _CHUNK:
            self._sock.sendall(self._buffer)
            self._buffer.clear()

    def end(self, kind: bytes = b"E", payload: bytes = b"") -> None:
        self._buffer += _frame(kind, payload)
        self._sock.sendall(self._buffer)
        self._buffer.clear()


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        part = sock.recv(size - len(data))
        if not part:
            return None
        data += part
    return bytes(data)


def _error_payload(err: PayvandError) -> bytes:
    return json.dumps({"status": err.status, "error": err.message}).encode()


def serve_jobs(sock: socket.socket, path: Path) -> None:
    """The worker's loop: open the store read-only, then answer jobs until the socket closes."""
    generation = 0
    try:
        store = OxigraphStore(path, read_only=True)
    except PayvandError as err:
        sock.sendall(_frame(b"X", _error_payload(err)))
        return
    sock.sendall(_frame(b"R"))
    while True:
        header = _recv_exactly(sock, _FRAME.size)
        if header is None:
            return
        _kind, size = _FRAME.unpack(header)
        payload = _recv_exactly(sock, size)
        if payload is None:
            return
        wanted, job = pickle.loads(payload)
        sink = _SocketSink(sock)
        try:
            if wanted != generation:
                store.close()
                store = OxigraphStore(path, read_only=True)
                generation = wanted
            evaluate(store, job, sink)
            sink.end()
        except PayvandError as err:
            sink.end(b"A" if sink.started else b"X", _error_payload(err))
        except (OSError, ValueError, RuntimeError) as err:
            failure = StoreError(f"the query failed in the worker: {err}")
            sink.end(b"A" if sink.started else b"X", _error_payload(failure))


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the serving process dies (prctl PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def main(argv: list[str]) -> None:
    """Entry point of a worker process: ``FD STORE_DIR``."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the serving process decides when we stop
    fd, path = int(argv[0]), Path(argv[1])
    with socket.socket(fileno=fd) as sock:
        serve_jobs(sock, path)


# --- the serving side ------------------------------------------------------------------------


class _Worker:
    def __init__(
        self,
        process: subprocess.Popen[bytes],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self.process = process
        self.reader = reader
        self.writer = writer

    async def read(self) -> tuple[bytes, bytes]:
        kind, size = _FRAME.unpack(await self.reader.readexactly(_FRAME.size))
        return kind, await self.reader.readexactly(size) if size else b""


def _error_from(payload: bytes) -> PayvandError:
    try:
        data = json.loads(payload)
        status, message = int(data["status"]), str(data["error"])
    except (ValueError, KeyError, TypeError):
        return StoreError("a query worker sent an unreadable error")
    error_type: type[PayvandError] = {
        400: QueryError,
        504: QueryTimeoutError,
    }.get(status, StoreError)
    err = error_type(message)
    err.status = status
    return err


class ProcessEvaluator:
    """A pool of worker processes over the on-disk store at ``path``."""

    mode = "worker-processes"

    def __init__(self, path: Path, *, workers: int = 2) -> None:
        if workers < 1:
            raise StoreError("the number of query workers must be at least 1")
        self._path = path
        self._size = workers
        self._generation = 0
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._all]

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self._size)))

    async def _spawn(self) -> None:
        parent, child = socket.socketpair()
        try:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "payvand.store.workers",
                    str(child.fileno()),
                    str(self._path),
                ],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        finally:
            child.close()
        reader, writer = await asyncio.open_unix_connection(sock=parent)
        worker = _Worker(process, reader, writer)
        try:
            kind, payload = await asyncio.wait_for(worker.read(), timeout=60)
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError) as err:
            self._kill(worker)
            raise StoreError(f"a query worker over {self._path} did not start") from err
        if kind != b"R":
            self._kill(worker)
            raise _error_from(payload)
        if self._closed:
            self._kill(worker)
            return
        self._all.add(worker)
        self._idle.put_nowait(worker)

    def _kill(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.writer.close()
        if worker.process.poll() is None:
            worker.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=5)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (by its process id) and start another in its place."""
        self._kill(worker)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._spawn_logged())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _spawn_logged(self) -> None:
        try:
            await self._spawn()
        except PayvandError as err:
            log.error("could not replace a query worker: %s", err)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            self._kill(worker)

    def changed(self) -> None:
        self._generation += 1

    def _timed_out(self, timeout: float) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"the query ran longer than {timeout:g} s and was stopped; make it more selective, "
            "add a LIMIT, or ask for a shorter timeout to fail sooner"
        )

    async def run(self, job: QueryJob, *, timeout: float) -> Answer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            if self._idle.empty():
                async with asyncio.timeout_at(deadline):
                    worker = await self._idle.get()
            else:
                worker = self._idle.get_nowait()
        except TimeoutError:
            raise QueryTimeoutError(
                f"every query worker stayed busy for {timeout:g} s; try again shortly"
            ) from None
        if worker.process.poll() is not None:
            self._replace(worker)
            raise StoreError("a query worker had stopped; it is being replaced, try again")
        worker.writer.write(_frame(b"J", pickle.dumps((self._generation, job))))
        try:
            async with asyncio.timeout_at(deadline):
                kind, payload = await worker.read()
        except TimeoutError:
            self._replace(worker)
            raise self._timed_out(timeout) from None
        except (asyncio.IncompleteReadError, ConnectionError) as err:
            self._replace(worker)
            raise StoreError("a query worker stopped while answering; try again") from err
        if kind == b"X":
            self._idle.put_nowait(worker)
            raise _error_from(payload)
        if kind != b"H":
            self._replace(worker)
            raise StoreError("a query worker answered out of order")
        meta = json.loads(payload)
        head = ResultHead(str(meta["media_type"]), bool(meta["truncated"]), meta["rows"])
        return Answer(head, self._body(worker, deadline, timeout))

    async def _body(
        self, worker: _Worker, deadline: float, timeout: float
    ) -> AsyncGenerator[bytes, None]:
        finished = False
        try:
            while True:
                try:
                    async with asyncio.timeout_at(deadline):
                        kind, payload = await worker.read()
                except TimeoutError:
                    raise self._timed_out(timeout) from None
                if kind == b"D":
                    yield payload
                elif kind == b"E":
                    finished = True
                    return
                else:
                    finished = True  # the worker reported the error and waits for the next job
                    raise _error_from(payload)
        finally:
            if finished:
                self._idle.put_nowait(worker)
            else:
                self._replace(worker)


def evaluator_for(store: GraphStore, *, workers: int) -> Evaluator:
    """Worker processes for an on-disk Oxigraph store; the serving process for anything else."""
    if workers > 0 and isinstance(store, OxigraphStore) and store.path is not None:
        return ProcessEvaluator(store.path, workers=workers)
    return InProcessEvaluator(store)


if __name__ == "__main__":
    main(sys.argv[1:])
