"""Evaluate one protocol query over a store and write its result, capped, in chunks.

:func:`evaluate` is shared by both ways the endpoint runs queries: in the serving process (an
in-memory or remote store; :class:`InProcessEvaluator`) and in worker processes over a read-only
on-disk store (:mod:`payvand.store.workers`). It writes through pyoxigraph's own serialisers into a
:class:`ResultSink`, which passes the bytes on as they come; nothing is built in memory.

The row cap is exact and known before the first byte: when a result could have more rows than
``max_rows`` (a SELECT without a smaller LIMIT, any CONSTRUCT or DESCRIBE), a first pass counts up
to ``max_rows + 1`` solutions without serialising them, and the second pass writes at most
``max_rows`` (a SELECT gets a LIMIT; triples are cut). The head says whether rows were cut. The
size cap cannot be known in advance: the output stops when it is reached and the stream is
aborted, so a client never sees a cut result as complete.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncGenerator, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Protocol, cast

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    serialize,
)

from payvand.errors import PayvandError, QueryError, QueryTimeoutError, StoreError
from payvand.namespaces import PREFIXES
from payvand.store.base import GraphStore
from payvand.store.sparql_text import with_limit


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One query as the protocol asked for it, with the format and the cap already chosen."""

    sparql: str
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE (None: let the store find out)
    media_type: str  # what the client gets; a SPARQL results type or an RDF type
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union: bool = True
    max_rows: int = 0  # 0: no cap
    max_bytes: int = 0  # 0: no cap
    limit: int | None = None  # the query's own top-level LIMIT (None: none, or not read)


@dataclass(frozen=True, slots=True)
class ResultHead:
    """What is known before the first byte: the type, and whether rows were cut."""

    media_type: str
    truncated: bool = False
    rows: int | None = None  # the number of rows written, when it was counted


class ResponseTooLargeError(PayvandError):
    """The serialised result passed the size cap; the stream is cut and aborted."""

    status = 413


class ResultSink(Protocol):
    def head(self, head: ResultHead) -> None: ...

    def write(self, data: bytes) -> None: ...


class _Output:
    """A file-like object for pyoxigraph's serialisers: sends the head before the first bytes."""

    def __init__(self, sink: ResultSink, head: ResultHead, max_bytes: int) -> None:
        self._sink = sink
        self._head: ResultHead | None = head
        self._max_bytes = max_bytes
        self.written = 0

    def start(self) -> None:
        if self._head is not None:
            self._sink.head(self._head)
            self._head = None

    def write(self, data: bytes) -> int:
        self.start()
        size = len(data)
        self.written += size
        if self._max_bytes and self.written > self._max_bytes:
            raise ResponseTooLargeError(
                f"the result is larger than the server's cap of {self._max_bytes} bytes; "
                "ask for fewer rows (LIMIT) or fewer variables"
            )
        self._sink.write(bytes(data))
        return size

    def flush(self) -> None:
        """pyoxigraph flushes at the end; the sink decides when bytes leave."""


def evaluate(store: GraphStore, job: QueryJob, sink: ResultSink) -> None:
    """Run ``job`` over ``store`` and write the result into ``sink`` (head first, then bytes)."""

    def run(sparql: str) -> object:
        return store.query(
            sparql,
            default_graph=list(job.default_graph) if job.default_graph is not None else None,
            named_graphs=list(job.named_graphs) if job.named_graphs is not None else None,
            union=job.union,
        )

    sparql = job.sparql
    cap = job.max_rows
    truncated = False
    rows: int | None = None
    if cap and job.form == "SELECT":
        if job.limit is None or job.limit > cap:
            counted = _count(run(with_limit(sparql, cap + 1)), cap + 1)
            truncated = counted > cap
            rows = min(counted, cap)
            if truncated:
                sparql = with_limit(sparql, cap)
    elif cap and job.form in ("CONSTRUCT", "DESCRIBE"):
        counted = _count(run(sparql), cap + 1)
        truncated = counted > cap
        rows = min(counted, cap)
    result = run(sparql)
    output = _Output(sink, ResultHead(job.media_type, truncated, rows), job.max_bytes)
    try:
        if isinstance(result, QuerySolutions | QueryBoolean):
            results_format = QueryResultsFormat.from_media_type(job.media_type)
            if results_format is None:
                raise QueryError(f"a SELECT or ASK result cannot be written as {job.media_type}")
            result.serialize(cast(IO[bytes], output), results_format)
        else:
            rdf_format = RdfFormat.from_media_type(job.media_type)
            if rdf_format is None or not isinstance(result, Iterable):
                raise QueryError(
                    f"a CONSTRUCT or DESCRIBE result cannot be written as {job.media_type}"
                )
            triples: Iterator[Triple] = iter(result)
            if cap:
                triples = islice(triples, cap)
            serialize(triples, cast(IO[bytes], output), rdf_format, prefixes=dict(PREFIXES))
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from err
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"the query failed: {err}") from err
    output.start()  # an empty serialisation still has a head


def _count(result: object, stop: int) -> int:
    if isinstance(result, Iterable):
        return sum(1 for _ in islice(result, stop))
    return 0


@dataclass
class Answer:
    """A running query: its head, and its body as it is produced."""

    head: ResultHead
    body: AsyncGenerator[bytes, None]


class Evaluator(Protocol):
    """Runs protocol queries with a time limit; the web layer talks only to this."""

    mode: str

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def changed(self) -> None:
        """The store was written: later queries must see it."""

    async def run(self, job: QueryJob, *, timeout: float) -> Answer: ...


_END = object()


@dataclass
class _QueueSink:
    """Hands the head and the chunks to the serving loop; stops when the request is gone."""

    items: queue.Queue[object] = field(default_factory=lambda: queue.Queue(maxsize=8))
    cancelled: threading.Event = field(default_factory=threading.Event)
    pending: bytearray = field(default_factory=bytearray)

    def _put(self, item: object) -> None:
        while not self.cancelled.is_set():
            try:
                self.items.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise QueryTimeoutError("the query was stopped")

    def head(self, head: ResultHead) -> None:
        self._put(head)

    def write(self, data: bytes) -> None:
        self.pending += data
        if len(self.pending) >= 1 << 16:
            self._put(bytes(self.pending))
            self.pending.clear()

    def finish(self) -> None:
        if self.pending:
            self._put(bytes(self.pending))
            self.pending.clear()
        self._put(_END)


class InProcessEvaluator:
    """Queries run in a thread of the serving process, over the store it was given.

    For the in-memory store (and any store that is not an on-disk Oxigraph directory). The
    timeout is answered (504) and the output stops at its next chunk, but pyoxigraph cannot be
    interrupted in the middle of evaluating: the thread runs on until the store hands back.
    """

    mode = "in-process"

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def changed(self) -> None:
        return None

    async def run(self, job: QueryJob, *, timeout: float) -> Answer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        sink = _QueueSink()

        def work() -> None:
            try:
                evaluate(self._store, job, sink)
                sink.finish()
            except PayvandError as err:
                if not sink.cancelled.is_set():
                    sink.items.put(err)

        threading.Thread(target=work, name="payvand-query", daemon=True).start()
        first = await _next_item(sink, deadline, timeout)
        if isinstance(first, PayvandError):
            raise first
        if not isinstance(first, ResultHead):
            raise StoreError("the query ended without a result")
        return Answer(first, _chunks(sink, deadline, timeout))


async def _next_item(sink: _QueueSink, deadline: float, timeout: float) -> object:
    loop = asyncio.get_running_loop()
    remaining = deadline - loop.time()
    try:
        if remaining <= 0:
            raise queue.Empty
        return await loop.run_in_executor(None, sink.items.get, True, remaining)
    except queue.Empty:
        sink.cancelled.set()
        raise QueryTimeoutError(
            f"the query ran longer than {timeout:g} s and was stopped; make it more selective, "
            "add a LIMIT, or ask for a shorter timeout to fail sooner"
        ) from None


async def _chunks(sink: _QueueSink, deadline: float, timeout: float) -> AsyncGenerator[bytes, None]:
    try:
        while True:
            item = await _next_item(sink, deadline, timeout)
            if item is _END:
                return
            if isinstance(item, PayvandError):
                raise item
            if isinstance(item, bytes):
                yield item
    finally:
        sink.cancelled.set()
