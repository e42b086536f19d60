"""Query evaluation with a time limit: in threads, or in the event loop for known quick queries;
whole results within 64 KiB, streams beyond."""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
from collections.abc import Callable, Coroutine, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import IO, TypeVar

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from payvand.errors import QueryError, QueryRefusedError, QueryTimeoutError
from payvand.store import OxigraphStore
from payvand.store.base import ExportFormat, QueryResult, Term
from payvand.store.evaluation import CHUNK, Answer, QueryJob, QueryThreads
from payvand.store.generation import Generation
from payvand.store.overruns import Overruns
from payvand.store.query_pool import DEMOTED_NICENESS, can_demote

T = TypeVar("T")
EX = "http://example.org/"
JSON = "application/sparql-results+json"
SMALL = QueryJob(f"SELECT ?s WHERE {{ ?s <{EX}n> ?n }} ORDER BY ?n LIMIT 3", "SELECT", JSON)
# Far more than one chunk of JSON.
LARGE = QueryJob(
    "SELECT ?i WHERE { VALUES ?a { "
    + " ".join(str(i) for i in range(100))
    + " } VALUES ?b { "
    + " ".join(str(i) for i in range(100))
    + " } BIND(?a * 100 + ?b AS ?i) }",
    "SELECT",
    JSON,
)
# Nine million combinations, every one refused: a few seconds of work on any machine.
SLOW = QueryJob(
    "SELECT ?a WHERE { VALUES ?a { "
    + " ".join(str(i) for i in range(3000))
    + " } VALUES ?b { "
    + " ".join(str(i) for i in range(3000))
    + " } FILTER(?a * ?b = -1) }",
    "SELECT",
    JSON,
)


class Recording:
    """A store that notes the thread each query is evaluated in."""

    def __init__(self, store: OxigraphStore) -> None:
        self.store = store
        self.threads: list[str] = []

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
        self.threads.append(threading.current_thread().name)
        return self.store.query(
            sparql,
            default_graph=default_graph,
            named_graphs=named_graphs,
            union=union,
            substitutions=substitutions,
            base_iri=base_iri,
        )

    def graph_names(self) -> list[NamedNode]:
        return self.store.graph_names()

    def quad_count(self) -> int:
        return self.store.quad_count()

    def export(
        self, output: IO[bytes], *, format: ExportFormat, graph: NamedNode | None = None
    ) -> None:
        self.store.export(output, format=format, graph=graph)

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def store() -> Recording:
    filled = OxigraphStore(None)
    filled.add_quads(
        Quad(NamedNode(f"{EX}item{i}"), NamedNode(f"{EX}n"), Literal(i), NamedNode(f"{EX}g"))
        for i in range(5)
    )
    return Recording(filled)


def in_a_loop(work: Callable[[], Coroutine[object, object, T]]) -> T:
    """Run ``work`` in an event loop of its own, in a thread named "event-loop"."""
    with ThreadPoolExecutor(1, thread_name_prefix="event-loop") as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


def run(queries: QueryThreads, *jobs: QueryJob, timeout: float = 30) -> list[Answer]:
    async def in_turn() -> list[Answer]:
        return [await queries.run(job, timeout=timeout) for job in jobs]

    return in_a_loop(in_turn)


def names(answer: Answer) -> list[str]:
    bindings = json.loads(answer.first)["results"]["bindings"]
    return [b["s"]["value"] for b in bindings]


def test_a_query_answered_quickly_before_is_evaluated_in_the_event_loop(store: Recording) -> None:
    queries = QueryThreads(store, generation=Generation(), quick_seconds=60)
    first, second = run(queries, SMALL, SMALL)
    assert names(first) == names(second) == [f"{EX}item0", f"{EX}item1", f"{EX}item2"]
    assert first.body is None
    assert second.body is None
    assert store.threads[0].startswith("payvand-query")
    assert store.threads[1].startswith("event-loop")


def test_after_a_write_a_query_goes_through_a_thread_again(store: Recording) -> None:
    generation = Generation()
    queries = QueryThreads(store, generation=generation, quick_seconds=60)
    run(queries, SMALL)
    generation.bump()
    run(queries, SMALL, SMALL)
    assert [t.startswith("payvand-query") for t in store.threads] == [True, True, False]


def test_without_a_generation_every_query_goes_through_a_thread(store: Recording) -> None:
    queries = QueryThreads(store, quick_seconds=60)
    run(queries, SMALL, SMALL)
    assert all(t.startswith("payvand-query") for t in store.threads)


def test_a_result_over_one_chunk_is_streamed_and_never_evaluated_in_the_loop(
    store: Recording,
) -> None:
    queries = QueryThreads(store, generation=Generation(), quick_seconds=60)

    async def read_twice() -> list[bytes]:
        results = []
        for _ in range(2):
            answer = await queries.run(LARGE, timeout=30)
            assert answer.body is not None
            assert len(answer.first) >= CHUNK
            results.append(answer.first + b"".join([chunk async for chunk in answer.body]))
        return results

    first, second = in_a_loop(read_twice)
    assert first == second
    assert len(json.loads(first)["results"]["bindings"]) == 10_000
    assert all(t.startswith("payvand-query") for t in store.threads)


def test_a_shorter_timeout_asked_for_costs_no_process_before_the_servers_own(
    store: Recording,
) -> None:
    # A client that asks for less time saves its own wait; its query is looked at again only
    # when it would have reached the server's limit.
    overruns: list[bool] = []
    queries = QueryThreads(
        store,
        on_overrun=lambda: overruns.append(True),
        overrun_grace=0.1,
        least_lifetime=0,
        limit=60,
    )

    async def overrun() -> None:
        with pytest.raises(QueryTimeoutError):
            await queries.run(SLOW, timeout=0.2)
        await asyncio.sleep(1)

    in_a_loop(overrun)
    assert overruns == []


def test_a_syntax_error_is_a_query_error(store: Recording) -> None:
    queries = QueryThreads(store, generation=Generation(), quick_seconds=60)
    with pytest.raises(QueryError, match="syntax"):
        run(queries, QueryJob("SELECT * WHERE {", "SELECT", JSON))


def test_a_query_past_its_time_limit_is_stopped_and_reported_as_an_overrun(
    store: Recording,
) -> None:
    overruns: list[bool] = []
    queries = QueryThreads(
        store, on_overrun=lambda: overruns.append(True), overrun_grace=0.1, least_lifetime=0
    )

    async def overrun() -> None:
        with pytest.raises(QueryTimeoutError, match=r"longer than 0\.2 s"):
            await queries.run(SLOW, timeout=0.2)
        for _ in range(200):  # looked at again after the grace: still evaluating
            if overruns:
                return
            await asyncio.sleep(0.05)

    in_a_loop(overrun)
    assert overruns == [True]
    # the other threads still answer
    assert names(run(queries, SMALL)[0]) == [f"{EX}item0", f"{EX}item1", f"{EX}item2"]


class Holding(Recording):
    """A store whose queries wait, once taken up, until they are let go (a long query)."""

    def __init__(self, store: OxigraphStore) -> None:
        super().__init__(store)
        self.taken = threading.Event()
        self.release = threading.Event()
        self.native_id = 0

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
        self.native_id = threading.get_native_id()
        self.taken.set()
        self.release.wait(timeout=60)
        return super().query(
            sparql,
            default_graph=default_graph,
            named_graphs=named_graphs,
            union=union,
            substitutions=substitutions,
            base_iri=base_iri,
        )


@pytest.mark.skipif(not can_demote(), reason="threads have no niceness of their own")
def test_a_query_that_gave_way_before_gives_way_from_its_start(store: Recording) -> None:
    holding = Holding(store.store)
    queries = QueryThreads(holding, demote_after=0.05)

    async def long_query() -> int:
        """Ask SMALL (held as long as the test wants); the niceness of its thread meanwhile."""
        holding.taken.clear()
        holding.release.clear()
        asked = asyncio.ensure_future(queries.run(SMALL, timeout=30))
        while not holding.taken.is_set():
            await asyncio.sleep(0.01)
        for _ in range(500):  # until it has given way, if it does
            if os.getpriority(os.PRIO_PROCESS, holding.native_id) == DEMOTED_NICENESS:
                break
            await asyncio.sleep(0.01)
        niceness = os.getpriority(os.PRIO_PROCESS, holding.native_id)
        holding.release.set()
        assert names(await asked) == [f"{EX}item0", f"{EX}item1", f"{EX}item2"]
        return niceness

    async def twice() -> tuple[int, int]:
        first = await long_query()  # held past demote_after: it gives way
        queries.demote_after = 60  # no query gives way on its time any more
        return first, await long_query()

    assert in_a_loop(twice) == (DEMOTED_NICENESS, DEMOTED_NICENESS)


def one_line(err: BaseException) -> str:
    message = str(err)
    assert "\n" not in message
    return message


def test_a_query_still_running_past_its_limit_is_refused_when_asked_again(
    store: Recording,
) -> None:
    overruns = Overruns(cooldown=60)
    queries = QueryThreads(store, overruns=overruns, refusal_hold=0)
    # the same query asked for in another format (written otherwise: see test_sparql_text.py)
    again = QueryJob(SLOW.sparql, "SELECT", "application/sparql-results+xml")

    async def overrun() -> tuple[QueryRefusedError, QueryRefusedError, list[str]]:
        with pytest.raises(QueryTimeoutError):
            await queries.run(SLOW, timeout=0.2)
        with pytest.raises(QueryRefusedError) as first:
            await queries.run(SLOW, timeout=0.2)
        with pytest.raises(QueryRefusedError) as second:
            await queries.run(again, timeout=0.2)
        small = await queries.run(SMALL, timeout=30)  # other queries are answered
        return first.value, second.value, names(small)

    first, second, small = in_a_loop(overrun)
    assert small == [f"{EX}item0", f"{EX}item1", f"{EX}item2"]
    assert first.status == second.status == 429
    assert first.retry_after >= 1
    assert first.headers == {"Retry-After": str(first.retry_after)}
    assert re.match(
        r"this query ran \d+\.\d s lately without finishing, and this request gives it 0\.2 s: "
        r"it is refused for \d+ s more; make it more selective or add a LIMIT$",
        one_line(first),
    )
    assert "make it more selective or add a LIMIT" in one_line(second)


def test_a_query_that_overran_may_run_again_once_it_has_ended(store: Recording) -> None:
    overruns = Overruns(cooldown=60)
    queries = QueryThreads(store, overruns=overruns, refusal_hold=0)

    async def overrun_then_end() -> None:
        with pytest.raises(QueryTimeoutError):
            await queries.run(SLOW, timeout=0.2)
        for _ in range(1200):  # the evaluation goes on in its thread until it ends
            await asyncio.sleep(0.05)
            try:
                # not refused any more: it runs, and overruns again
                await queries.run(SLOW, timeout=0.2)
            except QueryRefusedError:
                continue
            except QueryTimeoutError:
                return
        pytest.fail("the query was still refused long after it ended")

    in_a_loop(overrun_then_end)


def test_a_longer_time_limit_than_the_query_ran_is_not_refused(store: Recording) -> None:
    overruns = Overruns(cooldown=60)
    queries = QueryThreads(store, overruns=overruns, refusal_hold=0)
    key = queries._key(SMALL)
    overruns.note(key, 5.0)  # as if it had run 5 s without an end
    with pytest.raises(QueryRefusedError, match=r"ran 5\.0 s lately"):
        run(queries, SMALL, timeout=5)
    assert names(run(queries, SMALL, timeout=6)[0]) == [f"{EX}item0", f"{EX}item1", f"{EX}item2"]


def test_a_clients_second_long_query_is_refused_while_its_first_runs(store: Recording) -> None:
    holding = Holding(store.store)
    queries = QueryThreads(holding, demote_after=0.05, long_per_client=1, refusal_hold=0)

    async def held(client: str) -> asyncio.Future[Answer]:
        """SMALL asked by ``client``, held until the test lets it go, once it runs long."""
        holding.taken.clear()
        asked = asyncio.ensure_future(queries.run(SMALL, timeout=60, client=client))
        while not holding.taken.is_set():
            await asyncio.sleep(0.01)
        for _ in range(1000):
            if queries.long_queries(client):
                break
            await asyncio.sleep(0.01)
        assert queries.long_queries(client) == 1
        return asked

    async def clients() -> tuple[list[str], QueryRefusedError, list[str], list[str]]:
        first = await held("198.51.100.1")  # one long analytical query
        # the same client asks a query that ran long before: refused while the first runs
        with pytest.raises(QueryRefusedError) as refused:
            await queries.run(SMALL, timeout=60, client="198.51.100.1")
        other = await held("198.51.100.2")  # another client is not
        holding.release.set()
        answered = [names(await first), names(await other)]
        for _ in range(1000):  # the first has ended: the client may ask again
            if not queries.long_queries("198.51.100.1"):
                break
            await asyncio.sleep(0.01)
        again = await queries.run(SMALL, timeout=60, client="198.51.100.1")
        return answered[0], refused.value, answered[1], names(again)

    first, refused, other, again = in_a_loop(clients)
    expected = [f"{EX}item0", f"{EX}item1", f"{EX}item2"]
    assert first == other == again == expected  # the long queries are answered whole
    assert refused.status == 429
    assert one_line(refused) == (
        "this query ran long before, and 1 long query of 198.51.100.1 still runs here "
        "(at most 1 at once); ask again when it has ended"
    )


def test_an_aggregate_without_group_by_is_evaluated_once_under_the_row_cap(
    store: Recording,
) -> None:
    # a row cap counts a SELECT's rows in a first pass; an aggregate gives one row, no counting
    queries = QueryThreads(store)
    count = QueryJob(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}n> ?n }}", "SELECT", JSON, max_rows=2
    )
    (answer,) = run(queries, count)
    assert json.loads(answer.first)["results"]["bindings"][0]["n"]["value"] == "5"
    assert not answer.head.truncated
    assert len(store.threads) == 1
    listed = QueryJob(f"SELECT ?s WHERE {{ ?s <{EX}n> ?n }}", "SELECT", JSON, max_rows=2)
    (cut,) = run(queries, listed)
    assert cut.head.truncated
    assert len(json.loads(cut.first)["results"]["bindings"]) == 2
    assert len(store.threads) == 3  # counted, then written


def test_a_long_query_no_longer_counts_once_its_thread_ends_even_after_its_loop(
    store: Recording,
) -> None:
    # a test client runs each request in an event loop of its own, gone when the request is
    holding = Holding(store.store)
    queries = QueryThreads(holding, demote_after=0.05, long_per_client=1, refusal_hold=0)

    async def abandoned() -> None:
        asked = asyncio.ensure_future(queries.run(SMALL, timeout=60, client="198.51.100.1"))
        for _ in range(1000):
            if queries.long_queries("198.51.100.1"):
                break
            await asyncio.sleep(0.01)
        assert queries.long_queries("198.51.100.1") == 1
        asked.cancel()  # the request goes away with its loop; the query runs on in its thread

    in_a_loop(abandoned)
    holding.release.set()
    for _ in range(1000):
        if not queries.long_queries("198.51.100.1"):
            break
        threading.Event().wait(0.01)
    assert queries.long_queries("198.51.100.1") == 0

    async def again() -> list[str]:
        return names(await queries.run(SMALL, timeout=60, client="198.51.100.1"))

    assert in_a_loop(again) == [f"{EX}item0", f"{EX}item1", f"{EX}item2"]


def test_a_query_past_its_limit_no_longer_counts_against_its_client(store: Recording) -> None:
    # past its limit, a query is refused by what it is (the overruns), not by who asked for it
    holding = Holding(store.store)
    queries = QueryThreads(holding, demote_after=0.05, long_per_client=1, refusal_hold=0)

    async def overrun() -> int:
        with pytest.raises(QueryTimeoutError):
            await queries.run(SMALL, timeout=0.3, client="198.51.100.1")
        return queries.long_queries("198.51.100.1")

    try:
        assert in_a_loop(overrun) == 0
    finally:
        holding.release.set()


def _new_text(n: int) -> QueryJob:
    """SMALL under a new text each time, as a client that dodges the memory of overruns asks."""
    return QueryJob(SMALL.sparql.replace("LIMIT 3", f"LIMIT {n}"), "SELECT", JSON)


def test_a_client_whose_queries_ran_on_past_their_limit_too_often_is_refused(
    store: Recording,
) -> None:
    holding = Holding(store.store)
    overruns = Overruns(cooldown=60)
    queries = QueryThreads(
        holding, overruns=overruns, overruns_per_client=2, overrun_grace=0.05, refusal_hold=0
    )
    hostile = "203.0.113.9"

    async def overrunning() -> QueryRefusedError:
        for n in (3, 4):  # each a new text, each still running past its limit and its grace
            with pytest.raises(QueryTimeoutError):
                await queries.run(_new_text(n), timeout=0.2, client=hostile)
            for _ in range(500):
                if len(overruns.client_overruns(hostile)) == n - 2:
                    break
                await asyncio.sleep(0.01)
        assert len(overruns.client_overruns(hostile)) == 2
        with pytest.raises(QueryRefusedError) as refused:
            await queries.run(_new_text(5), timeout=0.2, client=hostile)
        return refused.value

    try:
        refused = in_a_loop(overrunning)
    finally:
        holding.release.set()
    assert refused.status == 429
    assert refused.retry_after >= 1
    assert re.match(
        r"2 queries of 203\.0\.113\.9 ran on past their time limit in the last 60 s \(at most "
        r"2\): its queries that are not known to be quick are refused for \d+ s more; make them "
        r"more selective or add a LIMIT$",
        one_line(refused),
    )

    async def others() -> tuple[list[str], list[str]]:
        other = await queries.run(SMALL, timeout=30, client="198.51.100.2")
        alone = await queries.run(SMALL, timeout=30)  # nobody says who asks
        return names(other), names(alone)

    assert in_a_loop(others) == ([f"{EX}item0", f"{EX}item1", f"{EX}item2"],) * 2


def test_a_query_that_ends_within_its_grace_costs_its_client_nothing(store: Recording) -> None:
    holding = Holding(store.store)
    overruns = Overruns(cooldown=60)
    queries = QueryThreads(
        holding, overruns=overruns, overruns_per_client=1, overrun_grace=0.3, refusal_hold=0
    )
    client = "198.51.100.1"

    async def ends_late() -> list[str]:
        with pytest.raises(QueryTimeoutError):
            await queries.run(_new_text(4), timeout=0.1, client=client)
        holding.release.set()  # it ends soon after its limit, within the grace
        await asyncio.sleep(0.5)
        return names(await queries.run(SMALL, timeout=30, client=client))

    try:
        answered = in_a_loop(ends_late)
    finally:
        holding.release.set()
    assert answered == [f"{EX}item0", f"{EX}item1", f"{EX}item2"]
    assert overruns.client_overruns(client) == ()
