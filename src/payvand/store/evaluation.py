"""Evaluate one protocol query over a store and write its result, capped, in chunks.

:func:`evaluate` writes through pyoxigraph's own serialisers into a :class:`ResultSink`, which
passes the bytes on as they come; nothing is built in memory. :class:`QueryThreads` runs it in a
thread of the serving process with a time limit, and hands the result to the event loop: whole
when it is complete within 64 KiB, else as a stream of 64 KiB chunks.

The row cap is exact and known before the first byte: when a result could have more rows than
``max_rows`` (a SELECT without a smaller LIMIT, unless it is an aggregate without GROUP BY, which
gives one row; any CONSTRUCT or DESCRIBE), a first pass counts up to ``max_rows + 1`` solutions
without serialising them, and the second pass writes at most ``max_rows`` (a SELECT gets a LIMIT;
triples are cut). The head says whether rows were cut. The size cap cannot be known in advance:
the output stops when it is reached and the stream is aborted, so a client never sees a cut result
as complete.

A query that runs long gives way to the others: after :data:`~payvand.store.query_pool.DEMOTE_AFTER`
seconds its thread is reniced (see :mod:`payvand.store.query_pool`), so that however many long
queries run, the short ones keep the cores. A query that had to give way before (the last
:data:`_QUICK_QUERIES` of them) gives way from its start when it is asked again: a client that
repeats a killer query gets no fresh share of the cores each time.

Some queries are refused before they run (:class:`~payvand.errors.QueryRefusedError`, 429, with
the seconds to wait): a query that ran past its time limit lately and is still known to need more
time than it asks for (see :mod:`payvand.store.overruns`), and a query that ran long before from a
client that already has ``long_per_client`` long queries evaluating within their time limit in
this process (a client is what the caller says: the remote address), and any query but a quick
one from a client whose queries ran on past their time limit and its grace ``overruns_per_client``
times within the overruns' cooldown (each cost a serving process, or a thread for good: a new
text each time would otherwise cost one each time). The refusal is held back
:data:`REFUSAL_HOLD` seconds, so that a client that ignores the wait it is told cannot make the
refusals themselves a load.

pyoxigraph cannot interrupt a query. When one runs past its time limit, the caller gets a
:class:`~payvand.errors.QueryTimeoutError` at once and the output stops, but the evaluation goes on
in its thread; ``on_overrun`` tells the serving process, which can then be replaced. A
replacement costs every client (a new process starts, on the same cores), so it is rationed. A
query that overran is looked at again when it would have reached the server's own limit (a
client that asks for less time saves its own wait, and may not cost the server more than any
query may), and at least :data:`OVERRUN_GRACE` seconds later; it costs nothing if it has ended
by then. And a serving process is replaced at most once every :data:`LEAST_LIFETIME` seconds.

Handing a query to a thread and its result back costs two thread switches, often more than a
small query itself. So a query that was answered before, over the same data, within
:data:`QUICK_SECONDS` and within one chunk is evaluated directly in the event loop: evaluating the
same query over the same data takes the same work again. Any write to the store (a new
:class:`~payvand.store.generation.Generation`) sends every query back through a thread once.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
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

from payvand.errors import PayvandError, QueryError, QueryRefusedError, QueryTimeoutError
from payvand.namespaces import PREFIXES
from payvand.store.base import ReadableStore
from payvand.store.generation import Generation
from payvand.store.overruns import Overruns, overrun_key
from payvand.store.query_pool import DEMOTE_AFTER, QueryPool, Ticket
from payvand.store.sparql_errors import syntax_error
from payvand.store.sparql_text import fingerprint, one_row, with_limit

CHUNK = 1 << 16  # bytes handed on at a time; a result within one chunk is sent whole
QUICK_SECONDS = 0.002  # a query known to take less is evaluated in the event loop
OVERRUN_GRACE = 1.0  # seconds a query that overran may take to end before it costs a process
LEAST_LIFETIME = 5.0  # seconds a serving process serves before a runaway query may retire it
_IN_FLIGHT = 8  # chunks a query may get ahead of its client
_QUICK_QUERIES = 1024  # quick queries remembered
_QUICK_TEXT = 8192  # characters of a query worth remembering
_LOOK_AGAIN = 0.005  # seconds until a query to demote that waits for a thread is looked at again
REFUSAL_HOLD = 1.0  # seconds a refusal is held back (at most the wait it tells)
_WATCH_EVERY = 1.0  # seconds between two looks at a query still evaluating past its time limit


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
    base_iri: str | None = None  # what relative IRIs resolve against


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


def evaluate(store: ReadableStore, job: QueryJob, sink: ResultSink) -> None:
    """Run ``job`` over ``store`` and write the result into ``sink`` (head first, then bytes)."""

    def run(sparql: str) -> object:
        try:
            return store.query(
                sparql,
                default_graph=list(job.default_graph) if job.default_graph is not None else None,
                named_graphs=list(job.named_graphs) if job.named_graphs is not None else None,
                union=job.union,
                base_iri=job.base_iri,
            )
        except QueryError as err:
            if err.parser_message is None or sparql == job.sparql:
                raise
            # a syntax error in the query as it was sent, not as capped (LIMIT added)
            raise syntax_error(job.sparql, err.parser_message, prefixes=PREFIXES) from err

    sparql = job.sparql
    cap = job.max_rows
    truncated = False
    rows: int | None = None
    if cap and job.form == "SELECT":
        # an aggregate without GROUP BY gives one row: counting would evaluate it twice
        if (job.limit is None or job.limit > cap) and not one_row(sparql):
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


@dataclass(slots=True)
class Answer:
    """A query's result: its head, its first bytes, and the rest as it is produced.

    ``body`` is None when ``first`` is the whole result.
    """

    head: ResultHead
    first: bytes
    body: AsyncGenerator[bytes, None] | None


_END = object()


class _StoppedError(Exception):
    """The loop stopped listening (time limit, or the client went away)."""


class _Handoff:
    """One query's result on its way from its thread to the event loop.

    The thread writes into a buffer; when the result is complete within one chunk it resolves
    ``first`` with all of it, else with the first chunk, and then puts the others in ``chunks``,
    never more than a few ahead of the client. What only a stream needs is made when it starts.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.first: asyncio.Future[tuple[ResultHead, bytes, bool]] = loop.create_future()
        self.chunks: asyncio.Queue[object] | None = None
        self.room: threading.Semaphore | None = None
        self.stopped = False  # set in the event loop: stop at the next chunk
        self.started = False  # the thread has begun evaluating
        self.waiting = False  # the thread waits for the client to take a chunk
        self.done = False  # the thread is finished with the query
        self.seconds: float | None = None  # how long the evaluation took, once it ended
        self.began = 0.0  # time.monotonic() when the thread began evaluating
        self.key = ""  # what the query is remembered by when it overruns
        self.client: str | None = None
        self.deadline = 0.0  # the loop's time at the query's time limit
        self.long = False  # it ran long (set in the event loop)
        self.overran = False  # it was still evaluating at its time limit (set in the event loop)
        self.counted = False  # among its client's long queries
        self.lost = False  # still evaluating past its time limit and its grace (set in the loop)
        self._head: ResultHead | None = None
        self._buffer = bytearray()

    # --- called in the query's thread (ResultSink) ---

    def head(self, head: ResultHead) -> None:
        self._head = head

    def write(self, data: bytes) -> None:
        if self.stopped:
            raise _StoppedError
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            chunk = bytes(self._buffer)
            self._buffer.clear()
            if self.room is not None:
                self._put(chunk)
                return
            if self._head is None:
                raise QueryError("the result began without a head")
            self.room = threading.Semaphore(_IN_FLIGHT)
            self._call(self._stream, (self._head, chunk, False))

    def finish(self, media_type: str) -> None:
        if self._head is None:
            self._head = ResultHead(media_type)
        if self.room is None:
            self._call(self._resolve, (self._head, bytes(self._buffer), True))
            return
        if self._buffer:
            self._put(bytes(self._buffer))
        self._put(_END)

    def fail(self, err: BaseException) -> None:
        if self.room is None:
            self._call(self._reject, err)
            return
        try:
            self._put(err)
        except _StoppedError:
            return

    def _put(self, item: object) -> None:
        room = self.room
        if room is None:
            raise QueryError("a chunk was sent before the stream began")
        self.waiting = True
        try:
            while not room.acquire(timeout=0.5):
                if self.stopped:
                    raise _StoppedError
        finally:
            self.waiting = False
        if self.stopped:
            raise _StoppedError
        self._call(self._queue, item)

    def _call(self, function: Callable[[object], object], argument: object) -> None:
        try:
            self.loop.call_soon_threadsafe(function, argument)
        except RuntimeError:  # the loop is closed: nobody is listening any more
            self.stopped = True

    # --- called in the event loop ---

    def _resolve(self, value: object) -> None:
        if not self.first.done():
            self.first.set_result(cast(tuple[ResultHead, bytes, bool], value))

    def _stream(self, value: object) -> None:
        self.chunks = asyncio.Queue()
        self._resolve(value)

    def _queue(self, item: object) -> None:
        if self.chunks is not None:
            self.chunks.put_nowait(item)

    def _reject(self, err: object) -> None:
        if not self.first.done():
            self.first.set_exception(cast(BaseException, err))

    @property
    def runaway(self) -> bool:
        """Still evaluating: the thread is inside the store, not waiting for the client."""
        return self.started and not self.done and not self.waiting


class _TooLongForTheLoopError(Exception):
    """A quick query wrote more than one chunk: it goes back to a thread."""


class _Whole:
    """A ResultSink that keeps a result of at most one chunk."""

    def __init__(self, media_type: str) -> None:
        self.result_head = ResultHead(media_type)
        self.data = bytearray()

    def head(self, head: ResultHead) -> None:
        self.result_head = head

    def write(self, data: bytes) -> None:
        self.data += data
        if len(self.data) > CHUNK:
            raise _TooLongForTheLoopError


def _timed_out(timeout: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query ran longer than {timeout:g} s and was stopped; make it more selective, "
        "add a LIMIT, or ask for a shorter timeout to fail sooner"
    )


def release_frames(err: BaseException) -> None:
    """Clear the frames of ``err``'s traceback and of every exception chained to it.

    pyoxigraph's result iterators must be dropped in the thread that made them: an exception that
    leaves a worker thread for the event loop's must not carry them in its frames, nor in the
    frames of the exceptions it was raised from (``__cause__``) or while handling
    (``__context__``).
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [err]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        pending.extend((current.__cause__, current.__context__))
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)


class QueryThreads:
    """Runs protocol queries over ``store``, with a time limit: in threads of this process, or
    directly in the event loop when they are known to be quick.

    ``limit`` is the server's own time limit (a request may ask for less). A query gives way
    (see :mod:`payvand.store.query_pool`) once it has run ``demote_after`` seconds, or from its
    start when the same query had to give way before. ``overruns`` remembers the queries that ran
    past their time limit, and a client may have ``long_per_client`` long queries evaluating
    within their time limit at once (0: any number) before one that ran long before is refused.
    ``generation`` counts the writes to a local store; without it (a remote store, whose answers
    take as long as the network does) every query goes to a thread. ``on_overrun`` is called (in
    the event loop) when a query is still evaluating at its time limit: its thread cannot be
    stopped, so the serving process retires and is replaced. Without it the query runs on until
    the store hands back, and only its output stops.
    """

    def __init__(
        self,
        store: ReadableStore,
        *,
        generation: Generation | None = None,
        on_overrun: Callable[[], None] | None = None,
        threads: int = 32,
        quick_seconds: float = QUICK_SECONDS,
        overrun_grace: float = OVERRUN_GRACE,
        least_lifetime: float = LEAST_LIFETIME,
        limit: float | None = None,
        demote_after: float = DEMOTE_AFTER,
        overruns: Overruns | None = None,
        long_per_client: int = 0,
        overruns_per_client: int = 0,
        refusal_hold: float = REFUSAL_HOLD,
    ) -> None:
        self._store = store
        self._limit = limit
        self._overrun_grace = overrun_grace
        self._least_lifetime = least_lifetime
        self._born = time.monotonic()
        self._overran = False
        self._generation = generation
        self._on_overrun = on_overrun
        self._quick_seconds = quick_seconds
        self.demote_after = demote_after
        self._pool = QueryPool(size=threads, name="payvand-query")
        self._quick: OrderedDict[QueryJob, int] = OrderedDict()  # job -> generation it was quick
        self._long: OrderedDict[QueryJob, None] = OrderedDict()  # jobs that had to give way
        self._overruns = overruns if overruns is not None else Overruns(cooldown=0)
        self._long_per_client = long_per_client
        self._overruns_per_client = overruns_per_client
        self.refusal_hold = refusal_hold
        self._running_long: dict[str, set[_Handoff]] = {}  # client -> its long queries
        self._counting = threading.Lock()  # _running_long changes in the loop and the threads

    def close(self) -> None:
        """Stop taking queries; a thread still evaluating is left to end with the process."""
        self._pool.close()

    def _work(self, job: QueryJob, handoff: _Handoff) -> None:
        if handoff.stopped:
            handoff.done = True
            return
        handoff.began = time.monotonic()
        handoff.started = True
        started = time.perf_counter()
        try:
            evaluate(self._store, job, handoff)
            handoff.seconds = time.perf_counter() - started
            handoff.finish(job.media_type)
        except _StoppedError:
            pass
        except Exception as err:  # noqa: BLE001 - raised again in the event loop, at the edge
            # pyoxigraph's results must die in this thread, not in the loop's with the traceback.
            release_frames(err)
            handoff.fail(err)
        finally:
            handoff.done = True
            # the loop sets these before it looks at `done`: one side or both see the other's
            if handoff.long:
                self._uncount(handoff)  # here: the loop that ran it may be gone (a test client)
            if handoff.overran:
                with contextlib.suppress(RuntimeError):  # the loop is closed
                    handoff.loop.call_soon_threadsafe(self._ended, handoff)

    def _ended(self, handoff: _Handoff) -> None:
        """A long query's thread is done: it no longer counts against its client; one that
        overran is forgotten (it costs no more than its time limit: it may run again)."""
        self._uncount(handoff)
        if handoff.overran:
            self._overruns.forget(handoff.key)

    def _uncount(self, handoff: _Handoff) -> None:
        """``handoff``'s query is evaluated: it no longer counts among its client's long ones
        (called as soon as the loop knows, so that the client's next query never finds it
        still counted)."""
        with self._counting:
            if not handoff.counted or handoff.client is None:
                return
            handoff.counted = False
            running = self._running_long.get(handoff.client)
            if running is not None:
                running.discard(handoff)
                if not running:
                    del self._running_long[handoff.client]

    def long_queries(self, client: str) -> int:
        """The long queries of ``client`` evaluating in this process."""
        return len(self._running_long.get(client, ()))

    def _count_long(self, handoff: _Handoff) -> None:
        """``handoff``'s query runs long, within its time limit: count it among its client's."""
        if handoff.long or handoff.overran:
            return
        handoff.long = True
        if handoff.client is not None:
            with self._counting:
                handoff.counted = True
                self._running_long.setdefault(handoff.client, set()).add(handoff)
        if handoff.done:  # it ended meanwhile, and its thread may not have seen `long`
            self._uncount(handoff)

    def _watch(self, handoff: _Handoff) -> None:
        """A query overran: note how long it has run, until it ends."""
        if handoff.done:  # its thread may have ended before the loop saw it overrun
            self._ended(handoff)
            return
        self._overruns.note(handoff.key, time.monotonic() - handoff.began)
        handoff.loop.call_later(_WATCH_EVERY, self._watch, handoff)

    def _refusal(
        self, job: QueryJob, key: str, timeout: float, client: str | None
    ) -> QueryRefusedError | None:
        """Why ``job`` is not to run now, if it is not."""
        overrun = self._overruns.find(key)
        if overrun is not None and timeout <= overrun.seconds:
            wait = math.ceil(overrun.until - time.monotonic())
            return QueryRefusedError(
                f"this query ran {overrun.seconds:.1f} s lately without finishing, and this "
                f"request gives it {timeout:g} s: it is refused for {max(1, wait)} s more; make "
                "it more selective or add a LIMIT",
                retry_after=wait,
            )
        lost = self._lost_by(client)
        if lost is not None:
            return lost
        cap = self._long_per_client
        if client is None or not cap or (overrun is None and job not in self._long):
            return None
        with self._counting:
            running = list(self._running_long.get(client, ()))
        if len(running) < cap:
            return None
        now = asyncio.get_running_loop().time()
        wait = math.ceil(min(h.deadline for h in running) - now)
        return QueryRefusedError(
            f"this query ran long before, and {len(running)} long "
            f"{'query' if len(running) == 1 else 'queries'} of {client} still "
            f"{'runs' if len(running) == 1 else 'run'} here (at most {cap} at once); "
            "ask again when it has ended",
            retry_after=wait,
        )

    def _lost_by(self, client: str | None) -> QueryRefusedError | None:
        """Why the queries of ``client`` are not to run now, if its queries overran too often
        lately: each cost a serving process (or a thread for good)."""
        cap = self._overruns_per_client
        if client is None or not cap:
            return None
        lost = self._overruns.client_overruns(client)
        if len(lost) < cap:
            return None
        window = self._overruns.cooldown
        wait = max(1, math.ceil(lost[-cap] + window - time.monotonic()))
        return QueryRefusedError(
            f"{len(lost)} queries of {client} ran on past their time limit in the last "
            f"{window:g} s (at most {cap}): its queries that are not known to be quick are "
            f"refused for {wait} s more; make them more selective or add a LIMIT",
            retry_after=wait,
        )

    def _stop(self, handoff: _Handoff, timeout: float) -> None:
        handoff.stopped = True
        if not handoff.runaway:
            return
        handoff.overran = True
        # past its limit it is remembered by what it is, no longer counted against its client
        self._uncount(handoff)
        # it did not end within the time it had (its thread may have begun a little late)
        self._overruns.note(handoff.key, max(timeout, time.monotonic() - handoff.began))
        handoff.loop.call_later(_WATCH_EVERY, self._watch, handoff)
        later = max(self._overrun_grace, (self._limit or timeout) - timeout)
        handoff.loop.call_later(later, self._look_again, handoff)

    def _look_again(self, handoff: _Handoff) -> None:
        """A query overran a while ago: if it is still evaluating, its thread is lost. That
        counts against its client, and the serving process retires, once it has served its
        least lifetime."""
        if not handoff.runaway:
            return
        if not handoff.lost:
            handoff.lost = True
            if handoff.client is not None and self._overruns_per_client:
                self._overruns.note_client(handoff.client)
        if self._overran or self._on_overrun is None:
            return
        wait = self._born + self._least_lifetime - time.monotonic()
        if wait > 0:
            handoff.loop.call_later(wait, self._look_again, handoff)
            return
        self._overran = True
        self._on_overrun()

    async def run(self, job: QueryJob, *, timeout: float, client: str | None = None) -> Answer:
        """The result of ``job``, or QueryTimeoutError when it is not ready within ``timeout``,
        or QueryRefusedError when it is not to run now (``client``: who asks, e.g. an
        address)."""
        if self._generation is not None:
            quick = self._quick.get(job)
            if quick is not None:
                answer = self._in_the_loop(job, timeout, quick == self._generation.value)
                if answer is not None:
                    return answer
        key = self._key(job)
        refusal = self._refusal(job, key, timeout, client)
        if refusal is not None:
            await asyncio.sleep(min(self.refusal_hold, refusal.retry_after))
            raise refusal
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        handoff = _Handoff(loop)
        handoff.key = key
        handoff.client = client
        handoff.deadline = deadline
        generation = self._generation.value if self._generation is not None else None
        ticket = self._pool.submit(partial(self._work, job, handoff))
        known_long = job in self._long
        if known_long:
            self._count_long(handoff)
        demotion = loop.call_later(
            0 if known_long else self.demote_after, self._demote, job, ticket, handoff
        )
        try:
            async with asyncio.timeout_at(deadline):
                head, first, whole = await handoff.first
        except TimeoutError:
            self._stop(handoff, timeout)
            raise _timed_out(timeout) from None
        except BaseException:
            handoff.stopped = True
            raise
        if whole:
            demotion.cancel()
            self._uncount(handoff)
            seconds = handoff.seconds
            if generation is not None and seconds is not None and seconds < self._quick_seconds:
                self._remember(job, generation)
            return Answer(head, first, None)
        return Answer(head, first, self._rest(handoff, deadline, timeout))

    def _key(self, job: QueryJob) -> str:
        """What ``job`` is remembered by when it overruns (a long text as it is: reading it
        token by token would hold up the event loop)."""
        if self._overruns.cooldown <= 0:
            return ""
        text = fingerprint(job.sparql) if len(job.sparql) <= _QUICK_TEXT else job.sparql
        return overrun_key(text, job.default_graph, job.named_graphs, job.union, job.form)

    def _demote(self, job: QueryJob, ticket: Ticket, handoff: _Handoff) -> None:
        """Have ``job`` give way, once its thread has taken it up (see :mod:`query_pool`); and
        remember it, so that the same query asked again gives way from its start."""
        if ticket.waiting:
            asyncio.get_running_loop().call_later(_LOOK_AGAIN, self._demote, job, ticket, handoff)
            return
        if not ticket.running:
            return
        self._count_long(handoff)
        self._pool.demote(ticket)  # where threads have no niceness, it runs on as it is
        if len(job.sparql) > _QUICK_TEXT:
            return
        self._long[job] = None
        self._long.move_to_end(job)
        while len(self._long) > _QUICK_QUERIES:
            self._long.popitem(last=False)

    def _remember(self, job: QueryJob, generation: int) -> None:
        if len(job.sparql) > _QUICK_TEXT:
            return
        self._quick[job] = generation
        self._quick.move_to_end(job)
        while len(self._quick) > _QUICK_QUERIES:
            self._quick.popitem(last=False)

    def _in_the_loop(self, job: QueryJob, timeout: float, current: bool) -> Answer | None:
        """Evaluate a query known to be quick here; None when it is not (any more)."""
        if not current:
            del self._quick[job]  # the store was written since: measure it again
            return None
        sink = _Whole(job.media_type)
        started = time.perf_counter()
        try:
            evaluate(self._store, job, sink)
        except _TooLongForTheLoopError:
            del self._quick[job]
            return None
        seconds = time.perf_counter() - started
        if seconds >= self._quick_seconds:
            self._quick.pop(job, None)
        if seconds > timeout:
            raise _timed_out(timeout)
        return Answer(sink.result_head, bytes(sink.data), None)

    async def _rest(
        self, handoff: _Handoff, deadline: float, timeout: float
    ) -> AsyncGenerator[bytes, None]:
        chunks, room = handoff.chunks, handoff.room
        if chunks is None or room is None:
            raise QueryError("the result was streamed without a queue")
        try:
            while True:
                try:
                    async with asyncio.timeout_at(deadline):
                        item = await chunks.get()
                except TimeoutError:
                    self._stop(handoff, timeout)
                    raise _timed_out(timeout) from None
                room.release()
                if item is _END:
                    self._uncount(handoff)
                    return
                if isinstance(item, BaseException):
                    raise item
                if isinstance(item, bytes):
                    yield item
        finally:
            handoff.stopped = True  # the client went away, or the result ended
