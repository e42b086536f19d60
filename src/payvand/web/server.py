"""How ``payvand serve`` runs the app: one process, or a supervisor and its serving processes.

Over an on-disk store with ``--workers N`` (N ≥ 1, the default 2):

* The **supervisor** (the ``payvand serve`` process) listens, holds the only read-write handle
  on the store, and answers the writes the others send it over a Unix socket in a private
  directory (the same app, as the **writer**). After each write it bumps a
  :class:`~payvand.store.generation.Generation` in memory shared with the others. It accepts
  every connection and hands it to the serving processes in turn (the socket is passed over a
  Unix socket pair), so that each gets its share however the clients connect.
* N **serving processes** (``python -m payvand.web.startup``, which imports at a lower niceness
  than it serves, see :mod:`payvand.web.startup`) each run the whole app under uvicorn
  over a read-only view of the store, reopened when the generation moves, and answer the
  connections they are handed: no other process is involved in a read. Requests that may write
  are sent on to the writer (:mod:`payvand.web.forwarding`).
* pyoxigraph cannot interrupt a query. When one is still evaluating at its time limit, its serving
  process answers 504 and tells the supervisor, which hands it no more connections and starts a
  replacement at once; the process answers each connection's next request with
  ``Connection: close`` (closing an idle one at once could cross a request on its way), lets idle
  ones reach the keep-alive timeout, finishes its other requests (each within its own limits) and
  exits. The other serving processes go on answering meanwhile; with one serving process,
  connections wait in the listening socket's queue until the replacement is up. The serving
  processes share the queries that overran lately in the private directory (see
  :mod:`payvand.store.overruns`), so that the replacement refuses them too.

Over the in-memory store, a remote store, or with ``--workers 0``, one process serves everything;
a query past its time limit is answered 504, but runs on in its thread until it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import uvicorn
from fastapi import FastAPI

from payvand.config import Settings
from payvand.errors import InputError, PayvandError, StoreError
from payvand.store import OxigraphStore, is_remote
from payvand.store.generation import FollowingStore, Generation
from payvand.web.app import PayvandAPI, create_app

log = logging.getLogger("payvand.web.server")

_BACKLOG = 2048
_READY = b"R"  # from a serving process: it takes connections
_RETIRING = b"T"  # from a serving process: a query overran; hand it nothing more, replace it
_CONNECTION = b"C"  # to a serving process: here is a connection (its socket comes along)
_STARTS_BEFORE_GIVING_UP = 3  # serving processes in a row that die before they are ready
_STOP_GRACE = 10.0  # seconds serving processes get to finish when the server stops
_ACCEPTS_PER_TURN = 64
_OPENING_WAIT = 30.0  # seconds to wait for every serving process before taking connections
_OVERRUNS = "overruns"  # beside the writer's socket: the queries that overran lately


def serve_from_environment(host: str, port: int) -> None:
    """Serve the app on ``host:port`` until SIGINT or SIGTERM.

    The settings come from the environment (``payvand serve`` puts its options there), which
    the serving processes inherit: every process reads the same settings.
    """
    settings = Settings()
    supervised = (
        settings.query_workers > 0
        and settings.store != ":memory:"
        and not is_remote(settings.store)
    )
    if not supervised:
        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="warning", access_log=False
        )
        return
    Supervisor(settings, listener=_listen(host, port)).run()


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as err:
        listener.close()
        raise InputError(
            f"cannot listen on {host}:{port} ({err.strerror}); choose another --host or --port"
        ) from err
    listener.listen(_BACKLOG)
    listener.setblocking(False)
    return listener


# --- the supervisor --------------------------------------------------------------------------


@dataclass(eq=False)
class _Child:
    """A serving process, seen from the supervisor."""

    process: subprocess.Popen[bytes]
    control: socket.socket  # a SOCK_SEQPACKET pair: one message per send, sockets included
    ready: bool = False
    retiring_since: float | None = None

    @property
    def taking(self) -> bool:
        return self.ready and self.retiring_since is None


class Supervisor:
    """Hands connections to the serving processes, replaces them, and answers their writes."""

    def __init__(self, settings: Settings, *, listener: socket.socket) -> None:
        self.settings = settings
        self.listener = listener
        self.private = Path(tempfile.mkdtemp(prefix="payvand-serve-"))
        self.writer_path = self.private / "writer.sock"
        self.generation = Generation.shared()
        self.children: list[_Child] = []
        self.waiting: list[socket.socket] = []  # accepted, not yet handed to anyone
        self.turn = 0
        self.accepting = False
        self.started = time.monotonic()
        self.opened = False
        self.failed_starts = 0
        self.stopping = False
        self.failure: str | None = None
        self._writer: uvicorn.Server | None = None

    def run(self) -> None:
        writer_socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        store: OxigraphStore | None = None
        try:
            writer_socket.bind(str(self.writer_path))
            writer_socket.listen(_BACKLOG)
            store = OxigraphStore(Path(self.settings.store))
            app = create_app(self.settings, store=store, generation=self.generation)
            config = uvicorn.Config(
                app,
                log_level="warning",
                access_log=False,
                forwarded_allow_ips="*",  # only the serving processes reach this socket
            )
            self._writer = uvicorn.Server(config)
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, self._signalled)
            asyncio.run(self._supervise(writer_socket))
        finally:
            self._stop_children()
            for waiting in self.waiting:
                waiting.close()
            if store is not None:
                store.close()
            writer_socket.close()
            self.listener.close()
            if self.generation.fd is not None:
                os.close(self.generation.fd)
            shutil.rmtree(self.private, ignore_errors=True)
        if self.failure is not None:
            raise StoreError(self.failure)

    def _signalled(self, _sig: int, _frame: FrameType | None) -> None:
        self.stopping = True
        if self._writer is not None:
            self._writer.should_exit = True

    async def _supervise(self, writer_socket: socket.socket) -> None:
        writer = self._writer
        if writer is None:
            return
        serving = asyncio.create_task(writer.serve(sockets=[writer_socket]))
        for _ in range(self.settings.query_workers):
            self._start()
        while not serving.done():
            await asyncio.wait([serving], timeout=0.2)
            if self.stopping:
                writer.should_exit = True
                self._accept_while(taking=False)
                continue
            self._look_after()
        await serving

    # -- the serving processes --

    def _start(self) -> None:
        if self.generation.fd is None:
            raise StoreError("the write count is not shared; serving processes cannot follow it")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        fds = (theirs.fileno(), self.generation.fd)
        try:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "payvand.web.startup",
                    *(str(fd) for fd in fds),
                    str(self.writer_path),
                    str(os.getpid()),
                ],
                pass_fds=fds,
                stdin=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        ours.setblocking(False)
        child = _Child(process, ours)
        self.children.append(child)
        asyncio.get_running_loop().add_reader(ours.fileno(), self._heard, child)

    def _heard(self, child: _Child) -> None:
        while True:
            try:
                message = child.control.recv(16)
            except BlockingIOError:
                return
            except OSError:
                message = b""
            if not message:  # the process closed its end: it is ending
                with contextlib.suppress(ValueError, OSError):
                    asyncio.get_running_loop().remove_reader(child.control.fileno())
                return
            if message == _READY:
                child.ready = True
                self.failed_starts = 0
                self._hand_waiting()
                self._accept_while(taking=self._open())
            elif message == _RETIRING and child.retiring_since is None:
                child.retiring_since = time.monotonic()
                log.warning("a query overran its time limit; replacing its serving process")
                if not self.stopping:
                    self._start()
                self._accept_while(taking=self._open())

    def _look_after(self) -> None:
        """Reap the serving processes that ended, replace the ones that died, stop overdue ones."""
        overdue = self.settings.query_timeout + 30
        for child in list(self.children):
            code = child.process.poll()
            if code is None:
                if child.retiring_since and time.monotonic() - child.retiring_since > overdue:
                    child.process.kill()
                continue
            self._forget(child)
            if child.retiring_since is not None:
                continue
            if not child.ready:
                self.failed_starts += 1
                if self.failed_starts >= _STARTS_BEFORE_GIVING_UP:
                    self.failure = (
                        f"the serving processes over {self.settings.store} stopped as they "
                        f"started (exit status {code}); the messages above say why"
                    )
                    self.stopping = True
                    return
            log.warning("a serving process ended (exit status %s); starting another", code)
            self._start()
        self._hand_waiting()
        self._accept_while(taking=self._open())

    def _forget(self, child: _Child) -> None:
        self.children.remove(child)
        with contextlib.suppress(ValueError, OSError):
            asyncio.get_running_loop().remove_reader(child.control.fileno())
        child.control.close()

    def _stop_children(self) -> None:
        for child in self.children:
            if child.process.poll() is None:
                child.process.terminate()
        deadline = time.monotonic() + _STOP_GRACE
        for child in self.children:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
            child.control.close()
        self.children.clear()

    # -- connections --

    def _open(self) -> bool:
        """Whether to take connections: once every serving process is up (so that the first
        clients are spread over all of them too), or a while after the start if one is."""
        if self.opened:
            return any(c.taking for c in self.children)
        waited = time.monotonic() - self.started > _OPENING_WAIT
        ready = [c.ready for c in self.children]
        self.opened = all(ready) or (waited and any(ready))
        return self.opened

    def _accept_while(self, *, taking: bool) -> None:
        """Accept connections while a serving process takes them; else leave them queued."""
        if taking == self.accepting:
            return
        loop = asyncio.get_running_loop()
        if taking:
            loop.add_reader(self.listener.fileno(), self._accept)
        else:
            loop.remove_reader(self.listener.fileno())
        self.accepting = taking

    def _accept(self) -> None:
        for _ in range(_ACCEPTS_PER_TURN):
            try:
                connection, _address = self.listener.accept()
            except BlockingIOError:
                return
            except OSError as err:  # e.g. out of file descriptors: try again on the next turn
                log.error("cannot accept a connection: %s", err)
                return
            if connection.family in (socket.AF_INET, socket.AF_INET6):
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if not self._hand(connection):
                self.waiting.append(connection)
                self._accept_while(taking=False)
                return

    def _hand(self, connection: socket.socket) -> bool:
        """Pass ``connection`` to the next serving process that takes it; False if none does."""
        taking = [c for c in self.children if c.taking]
        for _ in range(len(taking)):
            self.turn = (self.turn + 1) % len(taking)
            child = taking[self.turn]
            try:
                socket.send_fds(child.control, [_CONNECTION], [connection.fileno()])
            except OSError:  # full (the process is busy) or gone: try the next one
                continue
            connection.close()
            return True
        return False

    def _hand_waiting(self) -> None:
        while self.waiting and self._hand(self.waiting[0]):
            self.waiting.pop(0)


# --- a serving process -----------------------------------------------------------------------


class ServingServer(uvicorn.Server):
    """uvicorn in a serving process: serves the connections the supervisor hands it, and
    retires after an overrun."""

    def __init__(self, config: uvicorn.Config, *, control: socket.socket) -> None:
        super().__init__(config)
        self.control = control
        self.retiring = False
        self._adopting: set[asyncio.Task[object]] = set()
        self._exiting: asyncio.Task[None] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        del sockets  # connections come from the supervisor, not from a socket of our own
        await super().startup(sockets=[])
        if not self.started:
            return
        self.control.setblocking(False)
        asyncio.get_running_loop().add_reader(self.control.fileno(), self._receive)
        self._tell(_READY)

    def _protocol(self) -> asyncio.Protocol:
        """A connection's protocol, made as uvicorn makes it for the sockets it listens on."""
        protocol: asyncio.Protocol = self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )
        return protocol

    def _receive(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                message, fds, _flags, _address = socket.recv_fds(self.control, 16, 4)
            except BlockingIOError:
                return
            except OSError:
                message, fds = b"", []
            if not message and not fds:  # the supervisor is gone
                loop.remove_reader(self.control.fileno())
                self.should_exit = True
                return
            for fd in fds:
                connection = socket.socket(fileno=fd)
                connection.setblocking(False)
                task = loop.create_task(loop.connect_accepted_socket(self._protocol, connection))
                self._adopting.add(task)
                task.add_done_callback(self._adopting.discard)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if sig == signal.SIGINT:
            return  # the supervisor decides when serving processes stop (it sends SIGTERM)
        super().handle_exit(sig, frame)

    def retire(self) -> None:
        """A query overran: take no more connections, have a replacement started, finish, exit.

        Each connection ends after its next answer (the app says ``Connection: close`` from now
        on), or when it has been idle for the keep-alive timeout; then the process exits. Closing
        an idle connection at once could cross a request its client is sending on it, which
        would get no answer at all.
        """
        if self.retiring:
            return
        self.retiring = True
        self._tell(_RETIRING)
        self._exiting = asyncio.get_running_loop().create_task(self._exit_when_closed())

    async def _exit_when_closed(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.timeout_keep_alive + 1
        while self.server_state.connections and loop.time() < deadline:
            await asyncio.sleep(0.1)
        self.should_exit = True  # what is left: idle ones close now, busy ones after their answer

    def _tell(self, message: bytes) -> None:
        with contextlib.suppress(OSError):
            self.control.send(message)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to stop this process when the supervisor dies (prctl PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(0)


def serving_process(argv: list[str]) -> None:
    """A serving process: ``CONTROL_FD GENERATION_FD WRITER_SOCKET SUPERVISOR_PID``."""
    _die_with_parent(int(argv[3]))
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    settings = Settings()
    control = socket.socket(fileno=int(argv[0]))
    generation = Generation(int(argv[1]))
    server: ServingServer | None = None
    app: FastAPI | None = None

    def overran() -> None:
        if isinstance(app, PayvandAPI):
            app.closing_connections = True
        if server is not None:
            server.retire()

    try:
        store = FollowingStore(Path(settings.store), generation)
    except PayvandError as err:
        log.error("%s", err.message)
        os._exit(1)
    writer = Path(argv[2])
    app = create_app(
        settings,
        store=store,
        generation=generation,
        writer=writer,
        on_overrun=overran,
        overruns=writer.parent / _OVERRUNS,
    )
    server = ServingServer(
        uvicorn.Config(app, log_level="warning", access_log=False), control=control
    )
    code = 0
    # What was made while starting (the app, its models, the modules) lives as long as the
    # process: keep it out of the garbage collector's way.
    gc.freeze()
    try:
        server.run(sockets=[])
    except SystemExit as err:  # uvicorn's way to say that the app did not start
        code = err.code if isinstance(err.code, int) else 1
    except Exception:  # the outermost edge of the process: say what happened, then leave
        log.exception("the serving process failed")
        code = 1
    logging.shutdown()
    # A query that overran may still be running in its thread, and cannot be stopped: leave now.
    os._exit(code)


if __name__ == "__main__":
    serving_process(sys.argv[1:])
