"""Readers that follow a writer in another process: a shared write count and a read-only view.

An on-disk store has one writer. Processes that only read open it read-only
(``pyoxigraph.Store.read_only``), which sees the store as it was when it was opened. The writer
bumps a :class:`Generation` after every write it answers; a :class:`FollowingStore` reads the
generation before each use and reopens its view when it moved, so a reader sees every write that
was answered before its request.
"""

from __future__ import annotations

import mmap
import os
import struct
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pyoxigraph import NamedNode

from payvand.errors import StoreError
from payvand.store.base import ExportFormat, QueryResult, Term
from payvand.store.oxigraph import OxigraphStore

_LAYOUT = struct.Struct("<Qd")  # the generation, and the time of the last write (Unix seconds)
_REOPEN_TRIES = 3


class Generation:
    """How many writes a store has had, and when the last one was.

    Kept in a few bytes of memory: private to this process by default, or mapped from a file
    that other processes map too (:meth:`shared`, then ``Generation(fd)`` in each of them).
    """

    def __init__(self, fd: int | None = None) -> None:
        self.fd = fd
        self._map = mmap.mmap(-1 if fd is None else fd, _LAYOUT.size)

    @classmethod
    def shared(cls) -> Generation:
        """A generation in an unlinked file whose descriptor (``fd``) child processes inherit."""
        handle, path = tempfile.mkstemp(prefix="payvand-generation-")
        os.unlink(path)
        os.ftruncate(handle, _LAYOUT.size)
        return cls(handle)

    @property
    def value(self) -> int:
        generation: int = _LAYOUT.unpack_from(self._map)[0]
        return generation

    def modified(self) -> datetime | None:
        """When the last write was answered; None before the first."""
        generation, stamp = _LAYOUT.unpack_from(self._map)
        return datetime.fromtimestamp(stamp, UTC) if generation else None

    def bump(self) -> datetime:
        """A write was answered: readers must reopen. Returns the time it records."""
        stamp = time.time()
        _LAYOUT.pack_into(self._map, 0, self.value + 1, stamp)
        return datetime.fromtimestamp(stamp, UTC)


class FollowingStore:
    """A read-only view of the on-disk store at ``path`` that follows its writer's generation."""

    def __init__(self, path: Path, generation: Generation) -> None:
        self.path = path
        self._generation = generation
        self._lock = threading.Lock()
        self._seen = generation.value
        self._store = _open(path)

    def current(self) -> OxigraphStore:
        """The view, reopened first if the store was written since it was opened."""
        if self._generation.value != self._seen:
            with self._lock:
                wanted = self._generation.value
                if wanted != self._seen:
                    self._store = _open(self.path)
                    self._seen = wanted
        return self._store

    def query(
        self,
        sparql: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union: bool = True,
        substitutions: Mapping[str, Term] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        return self.current().query(
            sparql,
            default_graph=default_graph,
            named_graphs=named_graphs,
            union=union,
            substitutions=substitutions,
            base_iri=base_iri,
        )

    def graph_names(self) -> list[NamedNode]:
        return self.current().graph_names()

    def quad_count(self) -> int:
        return self.current().quad_count()

    def export(
        self, output: IO[bytes], *, format: ExportFormat, graph: NamedNode | None = None
    ) -> None:
        self.current().export(output, format=format, graph=graph)

    def modified(self) -> datetime | None:
        """When the store last changed: the writer's last write, else the newest file."""
        return self._generation.modified() or self.current().modified()

    def close(self) -> None:
        self._store.close()


def _open(path: Path) -> OxigraphStore:
    """A read-only view; a few tries, since the writer may be moving files at that moment."""
    for attempt in range(_REOPEN_TRIES):
        try:
            return OxigraphStore(path, read_only=True)
        except StoreError:
            if attempt == _REOPEN_TRIES - 1:
                raise
            time.sleep(0.05)
    raise StoreError(f"cannot open the store at {path} read-only")
