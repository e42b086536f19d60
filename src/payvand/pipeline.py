"""ingest(): articles from sources -> extraction -> quads -> the store, one named graph each.

The pipeline is where the pure core meets the store. Articles arrive as a stream and are checked
against the store a batch at a time (one query per batch for the stored content hashes): an
unchanged article is skipped, a new or changed one is extracted, in worker processes when there
are several, and its quads go to the store in large batches through the store's bulk loader,
in a thread of its own, so that extraction goes on while a batch is written.

Writing is ordered so that a crash at any moment leaves the store consistent. A batch first drops
the graphs it is about to write (old versions and graphs left half-written by a crash), then
bulk-loads every quad but the content hashes, and writes the hashes last, in a transaction: an
article counts as stored only once its hash is there, and running the same ingest again finishes
what a crash left. Bad articles are reported and skipped; nothing stored is lost.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import queue
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Triple,
)

from payvand.errors import InputError, StoreError
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import content_hash, extract_article
from payvand.extract.topics import TopicScheme, tag_topics
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import article_nquads, reference_quads
from payvand.model import Article, EntityKind
from payvand.namespaces import PV, SKOS
from payvand.sources import Skipped
from payvand.store.base import GraphStore, ReadableStore, StoreStats
from payvand.store.search_documents import (
    article_from_extraction,
    article_hashes,
    read_articles,
)
from payvand.store.search_index import Labels, PreparedArticle, TextIndex
from payvand.validation import Shapes, ValidationReport, validate

T = TypeVar("T")

# Articles whose stored hashes are asked for in one query.
CHECK_BATCH = 500
# Articles sent to a worker process in one task, and tasks in flight per worker.
TASK_SIZE = 16
TASKS_PER_WORKER = 4
# A write batch is flushed when it holds this many bytes of N-Quads (or the input ends).
WRITE_BYTES = 48 * 1024 * 1024
# The store lets go of the memory it keeps for what it has written after this many bytes: an
# embedded store otherwise grows with every file it writes (see OxigraphStore.release_memory).
RELEASE_BYTES = 8 * WRITE_BYTES
# The most memory (address space) a worker process may use (PAYVAND_WORKER_MEMORY_BYTES): an
# article that needs more fails alone, and the others go on.
WORKER_MEMORY_BYTES = 2 * 1024 * 1024 * 1024


class IngestInterruptedError(KeyboardInterrupt):
    """Ctrl-C stopped an ingest; ``report`` counts what was stored before it.

    The worker processes are stopped; the batch being written may go on in its thread, and the
    store stays consistent however it ends (see the module's docstring).
    """

    def __init__(self, report: IngestReport) -> None:
        super().__init__()
        self.report = report


@dataclass
class IngestReport:
    """What one ingest run did."""

    articles: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped_files: int = 0
    quads: int = 0
    statements: int = 0
    entities: set[str] = field(default_factory=set)
    errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


Progress = Callable[[str], None]
BatchDone = Callable[[IngestReport], None]


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """One article's graph, ready to write: its quads as N-Quads, the content hash apart."""

    graph: str
    nquads: bytes
    hash_nquads: bytes
    quads: int
    statements: int
    entities: tuple[str, ...]
    search: PreparedArticle | None = None


@dataclass(frozen=True, slots=True)
class ForIndex:
    """That the articles are to be analysed for the full-text index too, with the labels of
    the topics (which are not in an article's graph)."""

    topic_labels: dict[str, Labels]


def extract_for_store(
    article: Article,
    gazetteer: Gazetteer,
    iris: Iris,
    topics: TopicScheme | None = None,
    for_index: ForIndex | None = None,
) -> ExtractedArticle:
    """Extract one article and serialise its graph, keeping the content-hash quad apart.

    With ``topics``, each statement is tagged with the topics it is about (``pv:about``). With
    ``for_index``, its documents are analysed for the full-text index, from the extraction (as
    the graph written holds them).
    """
    extraction = extract_article(article, gazetteer)
    if topics is not None:
        extraction = tag_topics(extraction, topics)
    written = article_nquads(extraction, iris)
    nquads = written.text.encode()
    search = None
    if for_index is not None:
        search = article_from_extraction(extraction, iris, for_index.topic_labels)
    return ExtractedArticle(
        graph=written.graph,
        nquads=nquads,
        hash_nquads=written.content_hash.encode(),
        quads=written.quads,
        statements=len(extraction.statements),
        entities=tuple(e.key for e in extraction.entities if e.kind is not EntityKind.EVENT),
        search=search,
    )


def topic_labels(topics: TopicScheme | None) -> dict[str, Labels]:
    """The Persian and English labels of the topics of ``topics``."""
    found: dict[str, dict[str, str]] = {}
    for triple in topics.triples if topics is not None else ():
        subject = triple.subject
        if (
            triple.predicate == SKOS.prefLabel
            and isinstance(triple.object, Literal)
            and isinstance(subject, NamedNode)
        ):
            found.setdefault(subject.value, {})[triple.object.language or "fa"] = (
                triple.object.value
            )
    return {iri: Labels(names.get("fa"), names.get("en")) for iri, names in found.items()}


# --- worker processes ---------------------------------------------------------------------------

_WORKER: tuple[Gazetteer, Iris, TopicScheme | None, ForIndex | None] | None = None
# The memory ceiling of this worker process, in bytes (0: none), for its error messages.
_CEILING = 0


def _exit_with_parent(parent: int) -> None:
    """A worker whose ingest was killed stops too, instead of waiting for work forever."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def limit_memory(ceiling: int) -> int:
    """Hold this process's address space to ``ceiling`` bytes (never above the hard limit it
    has); the limit set, 0 for none. Past it, an allocation fails with MemoryError."""
    if ceiling <= 0:
        return 0
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    return ceiling


def settle_for_extraction() -> None:
    """Set this process up for a long run of extractions.

    What it holds by now lives as long as the run: the gazetteer above all, a few hundred
    thousand objects, which every full collection of the garbage collector would walk again
    (``gc.freeze`` takes them out of its view). And extraction makes no reference cycles, so
    the young objects are looked at in batches of 10,000 rather than 700: fewer of them live
    long enough to be looked at again. Together about 5% of extraction time
    (bench/extract.py runs extraction after this call, as the ingest does).

    For a process that extracts until it ends (a worker); elsewhere :func:`settled_for_extraction`,
    which undoes it, as an object kept out of the collector's view is never freed if it ends up
    in a reference cycle.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


@contextmanager
def settled_for_extraction() -> Iterator[None]:
    """This process set up for a run of extractions (:func:`settle_for_extraction`) while the
    block runs, and the garbage collector as it was after it."""
    threshold = gc.get_threshold()
    settle_for_extraction()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _start_worker(
    gazetteer: Gazetteer,
    iris: Iris,
    topics: TopicScheme | None,
    for_index: ForIndex | None,
    parent: int,
    memory: int = 0,
) -> None:
    global _WORKER, _CEILING
    # Ctrl-C reaches every process of the terminal's group: the ingest answers it and stops the
    # workers, which ignore it (they start with it blocked, see _submit).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (gazetteer, iris, topics, for_index)
    settle_for_extraction()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _CEILING = limit_memory(memory)


def _too_big(article: Article, ceiling: int) -> InputError:
    limit = f"the worker memory ceiling of {ceiling / 2**20:,.0f} MiB" if ceiling else "memory"
    return InputError(
        f"needs more memory than {limit} allows (PAYVAND_WORKER_MEMORY_BYTES); split the "
        "article or raise the ceiling",
        source=article.source or article.url,
    )


def _extract_one(
    article: Article,
    gazetteer: Gazetteer,
    iris: Iris,
    topics: TopicScheme | None,
    for_index: ForIndex | None = None,
) -> ExtractedArticle | InputError:
    """One article's graph, or the reason it cannot have one: a value the graph cannot hold
    (pyoxigraph refuses it with ValueError) stops this article only."""
    try:
        return extract_for_store(article, gazetteer, iris, topics, for_index)
    except ValueError as err:
        return InputError(f"cannot be stored: {err}", source=article.source or article.url)
    except MemoryError:
        return _too_big(article, _CEILING)


def _extract_task(articles: list[Article]) -> list[ExtractedArticle | InputError]:
    if _WORKER is None:
        raise RuntimeError("the worker process was started without its gazetteer")
    gazetteer, iris, topics, for_index = _WORKER
    return [_extract_one(article, gazetteer, iris, topics, for_index) for article in articles]


def default_workers() -> int:
    """One worker process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C waits for the end of the block (and is raised then): the block is never left half
    done, such as a pool of processes half made, which would leak its semaphores. Python's
    signal handlers run in the main thread only; in another, the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: came.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if came and callable(previous):
        previous(signal.SIGINT, None)  # Python's own handler raises KeyboardInterrupt


def _submit(
    pool: ProcessPoolExecutor, task: list[Article]
) -> Future[list[ExtractedArticle | InputError]]:
    """Hand ``task`` to the pool, with SIGINT blocked in this thread meanwhile: a worker process
    the pool starts now inherits the mask, so Ctrl-C cannot stop it before it ignores SIGINT.
    A SIGINT that comes meanwhile is delivered to another thread, or when the mask is lifted,
    and is raised once the task is handed over."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with _interrupts_held():
            return pool.submit(_extract_task, task)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers and let it go: nothing they hold is needed, and a worker blocked
    on a full pipe would otherwise keep the ingest from ending. Then see the pool's own thread
    end (:func:`_end_pool_thread`)."""
    with _interrupts_held():
        workers = list((pool._processes or {}).values())  # the pool's table of workers
        for process in workers:
            process.kill()
        deadline = time.monotonic() + STOP_SECONDS
        alive = [process.sentinel for process in workers]
        while alive and time.monotonic() < deadline:  # gone: none of them writes any more
            ready = multiprocessing.connection.wait(alive, timeout=0.1)
            alive = [sentinel for sentinel in alive if sentinel not in ready]
        # what shutdown lets go of: the thread that reads the results, and this process's end
        # of their pipe, which it never writes to itself
        thread: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
        results = getattr(pool, "_result_queue", None)
        writer: multiprocessing.connection.Connection | None = getattr(results, "_writer", None)
        pool.shutdown(wait=False, cancel_futures=True)
        if thread is not None and writer is not None:
            _end_pool_thread(thread, writer, deadline)


def _end_pool_thread(
    thread: threading.Thread, writer: multiprocessing.connection.Connection, deadline: float
) -> None:
    """Wait until ``deadline`` for the pool's ``thread`` that reads the workers' results (from
    the pipe ``writer`` writes to) to end.

    A worker killed while it was sending a result leaves part of it in the pipe, and that thread
    then waits for the rest for ever (CPython's ProcessPoolExecutor does not look at its workers
    while it reads a message): an ingest stopped by Ctrl-C hung so, now and then. The workers
    are gone, so nothing else writes to that pipe: zeros written in their stead complete the
    message, which does not unpickle, and the thread ends as it does for a broken pool."""
    try:
        os.set_blocking(writer.fileno(), False)
    except (OSError, ValueError):  # closed: the thread has ended already
        return
    while time.monotonic() < deadline:
        thread.join(0.05)
        if not thread.is_alive():
            return
        try:
            os.write(writer.fileno(), _ZEROS)
        except BlockingIOError:  # the pipe is full: the thread reads it first
            continue
        except (OSError, ValueError):  # closed meanwhile: the thread is ending
            return


STOP_SECONDS = 10.0  # at most this long to see the workers and the pool's thread gone
_ZEROS = bytes(1 << 16)


def _new_pool(
    workers: int,
    gazetteer: Gazetteer,
    iris: Iris,
    topics: TopicScheme | None,
    for_index: ForIndex | None,
    memory: int,
) -> ProcessPoolExecutor:
    with _interrupts_held():
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(gazetteer, iris, topics, for_index, os.getpid(), memory),
        )


def _extracted(
    articles: Iterable[Article],
    gazetteer: Gazetteer,
    iris: Iris,
    workers: int,
    topics: TopicScheme | None,
    for_index: ForIndex | None = None,
    memory: int = 0,
) -> Generator[ExtractedArticle | InputError, None, None]:
    """Extractions in input order; with workers, a bounded number of tasks in flight.

    Each worker holds to ``memory`` bytes (0: no ceiling); with a ceiling, even one worker is a
    process of its own, as the ceiling cannot be set on this one (which holds the store). A
    worker that dies (past its ceiling where an allocation cannot fail gently, or killed) breaks
    the pool: its tasks are extracted again in a new pool one article at a time, and the
    article that kills a worker again is refused alone. When the consumer stops early (Ctrl-C,
    an error), the workers are killed."""
    if workers <= 1 and memory <= 0:
        for article in articles:
            yield _extract_one(article, gazetteer, iris, topics, for_index)
        return
    workers = max(1, workers)

    def new_pool() -> ProcessPoolExecutor:
        return _new_pool(workers, gazetteer, iris, topics, for_index, memory)

    pool: ProcessPoolExecutor | None = None
    window: deque[tuple[list[Article], Future[list[ExtractedArticle | InputError]]]] = deque()

    def again_one_by_one() -> Iterator[ExtractedArticle | InputError]:
        """The tasks of the window, after the pool broke, again in a new pool one article at a
        time: the article in flight when the pool breaks again is the one that breaks it."""
        nonlocal pool
        tasks = [task for task, _ in window]
        window.clear()
        assert pool is not None
        _stop_workers(pool)
        pool = new_pool()
        for task in tasks:
            for article in task:
                try:
                    yield from _submit(pool, [article]).result()
                except BrokenProcessPool:
                    yield _died(article, memory)
                    _stop_workers(pool)
                    pool = new_pool()

    def oldest() -> Iterator[ExtractedArticle | InputError]:
        try:
            done = window[0][1].result()
        except BrokenProcessPool:
            yield from again_one_by_one()
            return
        window.popleft()
        yield from done

    def submit(task: list[Article]) -> Future[list[ExtractedArticle | InputError]]:
        assert pool is not None
        try:
            return _submit(pool, task)
        except BrokenProcessPool as err:  # a worker died since the last result: redone later
            broken: Future[list[ExtractedArticle | InputError]] = Future()
            broken.set_exception(err)
            return broken

    try:
        pool = new_pool()
        for task in _chunks(articles, TASK_SIZE):
            window.append((task, submit(task)))
            if len(window) >= workers * TASKS_PER_WORKER:
                yield from oldest()
        while window:
            yield from oldest()
        pool.shutdown(wait=True)
    except BaseException:
        if pool is not None:
            _stop_workers(pool)
        raise


def _died(article: Article, ceiling: int) -> InputError:
    if ceiling:
        return InputError(
            "the worker process extracting it died, most likely past its memory ceiling of "
            f"{ceiling / 2**20:,.0f} MiB (PAYVAND_WORKER_MEMORY_BYTES); split the article or "
            "raise the ceiling",
            source=article.source or article.url,
        )
    return InputError(
        "the worker process extracting it died; run the ingest with --workers 1 to see why",
        source=article.source or article.url,
    )


# --- the store ----------------------------------------------------------------------------------


def _stored_hash_matches(store: ReadableStore, graph: NamedNode, digest: str) -> bool:
    result = store.query(
        "ASK { GRAPH ?g { ?g ?p ?h } }",
        union=False,
        substitutions={"g": graph, "p": PV.contentHash, "h": Literal(digest)},
    )
    return isinstance(result, QueryBoolean) and bool(result)


def stored_hashes(store: ReadableStore, graphs: Sequence[NamedNode]) -> dict[str, str]:
    """The content hash stored for each of ``graphs`` that has one, in one query."""
    if not graphs:
        return {}
    values = " ".join(str(g) for g in graphs)
    result = store.query(
        f"SELECT ?g ?h WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g {PV.contentHash} ?h }} }}",
        union=False,
    )
    found: dict[str, str] = {}
    if isinstance(result, QuerySolutions):
        for row in result:
            graph, digest = row["g"], row["h"]
            if isinstance(graph, NamedNode) and digest is not None:
                found[graph.value] = digest.value
    return found


def ensure_reference_graph(
    store: GraphStore, gazetteer: Gazetteer, iris: Iris, *, force: bool = False
) -> bool:
    """Load the gazetteer's reference graph unless the same version is stored (or ``force``);
    True if loaded."""
    graph = iris.reference_graph()
    if (
        not force
        and gazetteer.fingerprint
        and _stored_hash_matches(store, graph, gazetteer.fingerprint)
    ):
        return False
    quads = list(reference_quads(gazetteer, iris))
    if gazetteer.fingerprint:
        quads.append(Quad(graph, PV.contentHash, Literal(gazetteer.fingerprint), graph))
    store.replace_graph(graph, quads)
    return True


def ensure_topics_graph(
    store: GraphStore, topics: TopicScheme, iris: Iris, *, force: bool = False
) -> bool:
    """Load the topic scheme into its graph unless the same version is stored (or ``force``);
    True if loaded."""
    graph = iris.topics_graph()
    if not force and topics.fingerprint and _stored_hash_matches(store, graph, topics.fingerprint):
        return False
    quads = [Quad(t.subject, t.predicate, t.object, graph) for t in topics.triples]
    if topics.fingerprint:
        quads.append(Quad(graph, PV.contentHash, Literal(topics.fingerprint), graph))
    store.replace_graph(graph, quads)
    return True


@dataclass(slots=True)
class _Batch:
    """Articles to write together: their graphs, quads and hashes as N-Quads, and their counts."""

    graphs: list[NamedNode] = field(default_factory=list)
    nquads: bytes = b""
    hash_nquads: bytes = b""
    articles: int = 0
    quads: int = 0
    statements: int = 0
    entities: set[str] = field(default_factory=set)
    search: list[PreparedArticle] = field(default_factory=list)


class _Writer:
    """Write batches in order, in a thread of their own: drop the graphs, bulk-load the quads,
    then write the content hashes.

    The store's loader lets go of the interpreter while it works, so the next batch is
    extracted and collected while one is written. At most one batch is written while the next
    is filled, and a batch keeps only its N-Quads and counts, which bounds memory. The report
    counts a batch (and ``on_batch`` hears of it) in the calling thread, once the batch is in the
    store; a write that fails is raised there too.
    """

    def __init__(
        self,
        store: GraphStore,
        report: IngestReport,
        on_batch: BatchDone | None,
        batch_size: int,
        index: TextIndex | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.batch_size = batch_size
        self.report = report
        self.on_batch = on_batch
        self.store_lock = threading.Lock()  # held to use the store while the thread may write
        self._filling = _Batch()
        self._graphs: set[str] = set()
        self._chunks: list[bytes] = []
        self._hashes: list[bytes] = []
        self._size = 0
        self._unreleased = 0
        self._idle = threading.Semaphore(1)
        self._inbox: queue.SimpleQueue[_Batch | None] = queue.SimpleQueue()
        self._written: deque[_Batch] = deque()
        self._failure: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="payvand-writer", daemon=True)
        self._thread.start()

    def add(self, item: ExtractedArticle) -> None:
        if item.graph in self._graphs:  # the same article twice: the later one wins
            self.flush()
        batch = self._filling
        batch.graphs.append(NamedNode(item.graph))
        batch.articles += 1
        batch.quads += item.quads
        batch.statements += item.statements
        batch.entities.update(item.entities)
        if item.search is not None:
            batch.search.append(item.search)
        self._graphs.add(item.graph)
        self._chunks.append(item.nquads)
        self._hashes.append(item.hash_nquads)
        self._size += len(item.nquads)
        if self._size >= WRITE_BYTES or batch.articles >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand the batch filled so far to the writing thread, once it is done with the last."""
        if self._filling.articles:
            self._idle.acquire()
            self._raise_failure()
            batch = self._filling
            batch.nquads, batch.hash_nquads = b"".join(self._chunks), b"".join(self._hashes)
            self._filling, self._graphs, self._chunks, self._hashes = _Batch(), set(), [], []
            self._size = 0
            self._inbox.put(batch)
        self.count_written()

    def close(self) -> None:
        """Wait for the batch being written, stop the writing thread, and raise a write that
        failed; a batch not yet flushed is dropped."""
        self._inbox.put(None)
        self._thread.join()
        self.count_written()
        self._raise_failure()

    def _run(self) -> None:
        while self._write_next():
            pass

    def _write_next(self) -> bool:
        """Write the next batch handed over (its bytes are let go of here); False at the end."""
        batch = self._inbox.get()
        if batch is None:
            return False
        try:
            if self._failure is None:
                self._write(batch)
                batch.nquads = batch.hash_nquads = b""
                self._written.append(batch)
        except Exception as err:  # noqa: BLE001 - raised again in the calling thread
            self._failure = err
        finally:
            self._idle.release()
        return True

    def _write(self, batch: _Batch) -> None:
        self.store.remove_graphs(batch.graphs)
        self.store.bulk_load(batch.nquads, format=RdfFormat.N_QUADS)
        self.store.load(batch.hash_nquads, format=RdfFormat.N_QUADS)
        if self.index is not None:
            self.index.replace(batch.search)
            batch.search = []
        self._unreleased += len(batch.nquads)
        if self._unreleased >= RELEASE_BYTES:
            with self.store_lock:
                self.store.release_memory()
            self._unreleased = 0

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def count_written(self) -> None:
        """Count the batches written since the last call (in the calling thread)."""
        while self._written:
            batch = self._written.popleft()
            self.report.articles += batch.articles
            self.report.quads += batch.quads
            self.report.statements += batch.statements
            self.report.entities.update(batch.entities)
            if self.on_batch:
                self.on_batch(self.report)


def _refuse(report: IngestReport, error: InputError, progress: Progress | None) -> None:
    report.failed += 1
    report.errors.append(error)
    if progress:
        progress(f"error: {error}")


def _to_extract(
    items: Iterable[Article | InputError | Skipped],
    store: GraphStore,
    iris: Iris,
    report: IngestReport,
    *,
    force: bool,
    progress: Progress | None,
    store_lock: threading.Lock,
) -> Iterator[Article]:
    """The articles that need extracting; unchanged ones are counted, a batch per query."""

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Skipped):
                report.skipped_files += 1
            elif isinstance(item, InputError):
                _refuse(report, item, progress)
            else:
                report.read += 1
                yield item

    for chunk in _chunks(articles(), CHECK_BATCH):
        if force:
            yield from chunk
            continue
        graphs = [iris.article(a.url) for a in chunk]
        with store_lock:
            stored = stored_hashes(store, graphs)
        for article, graph in zip(chunk, graphs, strict=True):
            if stored and stored.get(graph.value) == content_hash(article):
                report.unchanged += 1
            else:
                yield article


def ingest(
    items: Iterable[Article | InputError | Skipped],
    store: GraphStore,
    gazetteer: Gazetteer,
    iris: Iris,
    *,
    progress: Progress | None = None,
    force: bool = False,
    workers: int = 1,
    on_batch: BatchDone | None = None,
    batch_size: int = 1000,
    topics: TopicScheme | None = None,
    index: TextIndex | None = None,
    worker_memory: int = 0,
) -> IngestReport:
    """Extract and store every article of ``items``; errors are collected, not raised.

    ``workers`` > 1 extracts in that many processes (each gets the gazetteer once), each held
    to ``worker_memory`` bytes (0: no ceiling): an article that needs more is refused alone.
    With a ceiling, one worker is a process too (the CLI passes $PAYVAND_WORKER_MEMORY_BYTES,
    :data:`WORKER_MEMORY_BYTES` by default); with one worker and no ceiling, extraction runs
    in this process.
    ``on_batch`` is called with the running report after each write batch, which holds
    ``batch_size`` articles (or fewer, when their quads pass ``WRITE_BYTES``). With ``topics``,
    each statement is tagged with the topics it is about (``pv:about``) and the scheme is loaded
    into its own graph. ``force`` re-extracts unchanged articles and reloads those graphs.
    With ``index``, the full-text index follows: each batch is indexed once it is in the store,
    and at the end the index is brought level with the store (:func:`sync_index`), which
    repairs what an interrupted run left behind.
    """
    report = IngestReport()
    started = time.perf_counter()
    writer: _Writer | None = None
    try:
        ensure_reference_graph(store, gazetteer, iris, force=force)
        if topics is not None:
            ensure_topics_graph(store, topics, iris, force=force)
        writer = _Writer(store, report, on_batch, batch_size, index)
        pending = _to_extract(
            items, store, iris, report, force=force, progress=progress, store_lock=writer.store_lock
        )
        for_index = ForIndex(topic_labels(topics)) if index is not None else None
        extracted = _extracted(pending, gazetteer, iris, workers, topics, for_index, worker_memory)
        try:
            for item in extracted:
                if isinstance(item, InputError):
                    _refuse(report, item, progress)
                else:
                    writer.add(item)
            writer.flush()
        finally:
            extracted.close()  # stops the workers now if the loop stopped early
        writer.close()
        if index is not None:
            sync_index(store, index)
    except KeyboardInterrupt as err:
        # Not waiting for the batch being written: it may take longer than anyone waits.
        if writer is not None:
            writer.count_written()
        report.seconds = time.perf_counter() - started
        raise IngestInterruptedError(report) from err
    except BaseException:
        if writer is not None:
            writer.close()
        raise
    report.seconds = time.perf_counter() - started
    return report


def remove_articles(
    urls: Iterable[str], store: GraphStore, iris: Iris, *, index: TextIndex | None = None
) -> list[str]:
    """Delete the graphs of the articles at ``urls`` (and their entries in ``index``); the URLs
    that were not in the store."""
    missing: list[str] = []
    for url in urls:
        try:
            graph = iris.article(url)
        except ValueError as err:
            raise InputError(f"'{url}' is not a URL: {err}", field="URL") from err
        if not store.remove_graph(graph):
            missing.append(url)
        if index is not None:
            index.remove([graph.value])
    return missing


# --- the full-text index ------------------------------------------------------------------------

# Articles read from the store for the index in one query (and indexed in one transaction).
INDEX_BATCH = 1000


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What bringing the index level with the store did."""

    indexed: int
    removed: int
    articles: int
    seconds: float


def index_graphs(
    store: ReadableStore,
    index: TextIndex,
    graphs: Sequence[str],
    *,
    labels: dict[str, Labels] | None = None,
) -> int:
    """Index the articles of ``graphs`` as the store holds them now; how many it holds.
    ``labels`` keeps the topics' labels from one call to the next."""
    done = 0
    for chunk in _chunks(graphs, INDEX_BATCH):
        articles = read_articles(store, chunk, labels=labels)
        index.replace(articles)
        done += len(articles)
    return done


def sync_index(
    store: ReadableStore, index: TextIndex, *, progress: Callable[[int, int], None] | None = None
) -> IndexReport:
    """Bring ``index`` level with ``store``: articles whose content hash differs from the one
    indexed (or that are not indexed) are indexed again, and articles the store no longer holds
    are dropped; after writes the index did not follow (:meth:`TextIndex.mark_stale`), every
    article is indexed again. Each batch is one transaction of the index, so an interruption
    loses nothing and the next sync goes on from there."""
    started = time.perf_counter()
    # Writes through SPARQL Update or the Graph Store Protocol may change an article's graph and
    # leave its hash: after them, every article is read again.
    stale = index.stale_mark()
    stored = article_hashes(store)
    indexed = index.article_hashes()
    gone = [graph for graph in indexed if graph not in stored]
    todo = sorted(
        graph
        for graph, digest in stored.items()
        if stale is not None or indexed.get(graph) != digest
    )
    if gone:
        index.remove(gone)
    done = 0
    labels: dict[str, Labels] = {}
    for chunk in _chunks(todo, INDEX_BATCH):
        index_graphs(store, index, chunk, labels=labels)
        done += len(chunk)
        if progress is not None:
            progress(done, len(todo))
    if stale is not None:
        index.clear_stale(stale)
    return IndexReport(len(todo), len(gone), len(stored), time.perf_counter() - started)


def rebuild_index(
    store: ReadableStore, index: TextIndex, *, progress: Callable[[int, int], None] | None = None
) -> IndexReport:
    """Empty ``index`` and build it again from ``store``."""
    index.clear()
    return sync_index(store, index, progress=progress)


def validate_store(store: ReadableStore, shapes: Shapes) -> ValidationReport:
    """Check the union of the store's graphs against the SHACL shapes.

    The store's result iterator lives in a generator that is closed here, in this thread: held in
    this frame, it would live on while pySHACL runs, and pySHACL leaves reference cycles through
    the frames above it, which the garbage collector may clear in another thread, where pyoxigraph
    refuses to drop it.
    """
    triples = _union_triples(store)
    try:
        return validate(triples, shapes)
    finally:
        triples.close()


def _union_triples(store: ReadableStore) -> Generator[Triple, None, None]:
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    if isinstance(result, QuerySolutions | QueryBoolean):
        raise StoreError("the store answered a CONSTRUCT query without triples")
    yield from result


def store_stats(store: ReadableStore) -> StoreStats:
    """Quads, graphs, and instances per class (distinct subjects over all graphs)."""
    result = store.query(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } "
        "GROUP BY ?class ORDER BY DESC(?n)"
    )
    instances: dict[str, int] = {}
    if isinstance(result, QuerySolutions):
        for row in result:
            cls, n = row["class"], row["n"]
            if cls is not None and n is not None:
                instances[cls.value] = int(n.value)
    return StoreStats(
        quads=store.quad_count(), graphs=len(store.graph_names()), instances=instances
    )
