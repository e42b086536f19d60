"""The queries that ran past their time limit lately, and how long they ran.

pyoxigraph cannot stop a query: one that runs past its time limit goes on evaluating, at the cost
of every other client, until it ends or its serving process is replaced. Asked again, the same
query would do the same. So :class:`~payvand.store.evaluation.QueryThreads` notes here each query
that overran (by its :func:`~payvand.store.sparql_text.fingerprint` and dataset), with the seconds
it had run when it was last seen still evaluating, and refuses the same query for a while
(``cooldown`` seconds after it was last seen evaluating) when it asks for no more time than that:
it would not end in time either. A query that ends after all is forgotten, and may run again.

The same memory keeps, per client (what the caller says a client is: its remote address), the
times its queries cost a serving process lately (:meth:`Overruns.note_client`): a client that
sends query after query that overruns, each a new text, would otherwise cost a replacement each
time, and slow every other client down.

The serving processes of one server share what they note through files in a ``directory`` (one
small file per query or client, replaced whole), so that a query that cost one process its
replacement is refused by the others and by the replacement as well. Without a directory the notes
stay in this process.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

_REMEMBERED = 1024  # queries (and clients) noted in this process
_CLIENT = "client-"  # the names of the clients' files start so
_SWEEP_EVERY = 64  # notes between two sweeps of the expired files of the directory


@dataclass(frozen=True, slots=True)
class Overrun:
    """A query that ran past its time limit: ``seconds`` it ran without an end, and until when
    (``time.monotonic()``) it is remembered."""

    seconds: float
    until: float


def client_key(client: str) -> str:
    """The key of a client's notes."""
    return _CLIENT + hashlib.sha256(client.encode("utf-8")).hexdigest()[:32]


def overrun_key(fingerprint: str, *dataset: object) -> str:
    """The key of a query: its fingerprint and whatever else decides its work (the dataset)."""
    text = "\x00".join([fingerprint, *(repr(part) for part in dataset)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


class Overruns:
    """What is remembered of the queries that overran, for ``cooldown`` seconds (0: nothing)."""

    def __init__(self, *, cooldown: float, directory: Path | None = None) -> None:
        self.cooldown = cooldown
        self._directory = directory
        self._known: OrderedDict[str, Overrun] = OrderedDict()
        self._clients: OrderedDict[str, tuple[float, ...]] = OrderedDict()  # key -> times
        self._notes = 0
        if directory is not None and cooldown > 0:
            directory.mkdir(parents=True, exist_ok=True)

    def note(self, key: str, seconds: float) -> None:
        """The query ``key`` has run ``seconds`` and not ended."""
        if self.cooldown <= 0:
            return
        earlier = self.find(key)
        if earlier is not None:
            seconds = max(seconds, earlier.seconds)
        overrun = Overrun(seconds, time.monotonic() + self.cooldown)
        self._keep(key, overrun)
        self._replace(key, f"{overrun.seconds!r} {overrun.until!r}\n")

    def forget(self, key: str) -> None:
        """The query ``key`` ended after all: it may run again."""
        if self.cooldown <= 0:
            return
        self._known.pop(key, None)
        if self._directory is not None:
            with contextlib.suppress(OSError):
                (self._directory / key).unlink()

    def find(self, key: str) -> Overrun | None:
        """What is remembered of the query ``key``, if it overran lately."""
        if self.cooldown <= 0:
            return None
        overrun = self._known.get(key)
        if self._directory is not None:
            try:
                overrun = self._read(key)
            except FileNotFoundError:  # none noted, or forgotten by another process
                overrun = None
            except (OSError, ValueError):  # unreadable: what this process noted itself
                pass
        if overrun is None or overrun.until <= time.monotonic():
            return None
        return overrun

    def note_client(self, client: str) -> None:
        """A query of ``client`` cost a serving process (it was still evaluating past its time
        limit and its grace), now."""
        if self.cooldown <= 0:
            return
        key = client_key(client)
        times = (*self.client_overruns(client), time.monotonic())
        self._clients[key] = times
        self._clients.move_to_end(key)
        while len(self._clients) > _REMEMBERED:
            self._clients.popitem(last=False)
        self._replace(key, " ".join(repr(t) for t in times) + "\n")

    def client_overruns(self, client: str) -> tuple[float, ...]:
        """The times (``time.monotonic()``, oldest first) the queries of ``client`` cost a serving
        process within the last ``cooldown`` seconds."""
        if self.cooldown <= 0:
            return ()
        key = client_key(client)
        times = self._clients.get(key, ())
        if self._directory is not None:
            try:
                times = self._read_times(key)
            except FileNotFoundError:
                times = ()
            except (OSError, ValueError):  # unreadable: what this process noted itself
                pass
        since = time.monotonic() - self.cooldown
        return tuple(t for t in times if t > since)

    def _keep(self, key: str, overrun: Overrun) -> None:
        self._known[key] = overrun
        self._known.move_to_end(key)
        while len(self._known) > _REMEMBERED:
            self._known.popitem(last=False)

    def _replace(self, key: str, line: str) -> None:
        """Write ``line`` as the directory's file ``key``, whole."""
        directory = self._directory
        if directory is None:
            return
        partial = directory / f".{key}.{os.getpid()}"
        try:
            partial.write_text(line, encoding="ascii")
            partial.replace(directory / key)
        except OSError:  # a full or vanished directory: this process still remembers it
            with contextlib.suppress(OSError):
                partial.unlink()
        self._notes += 1
        if self._notes % _SWEEP_EVERY == 0:
            self._sweep(directory)

    def _read(self, key: str) -> Overrun:
        """What the directory holds of the query ``key``; OSError or ValueError if nothing."""
        if self._directory is None:
            raise FileNotFoundError(key)
        seconds, until = (self._directory / key).read_text(encoding="ascii").split()
        return Overrun(float(seconds), float(until))

    def _read_times(self, key: str) -> tuple[float, ...]:
        """What the directory holds of the client ``key``; OSError or ValueError if nothing."""
        if self._directory is None:
            raise FileNotFoundError(key)
        return tuple(float(t) for t in (self._directory / key).read_text(encoding="ascii").split())

    def _sweep(self, directory: Path) -> None:
        now = time.monotonic()
        with contextlib.suppress(OSError):
            for entry in os.scandir(directory):
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.name.startswith(_CLIENT):
                        expired = max(self._read_times(entry.name)) + self.cooldown <= now
                    else:
                        expired = self._read(entry.name).until <= now
                except (OSError, ValueError):
                    expired = True
                if expired:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
