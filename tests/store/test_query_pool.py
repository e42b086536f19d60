"""The query pool: a query that runs long gives way (its thread is reniced), leaves the pool and
ends with its query; the other queries keep the server's niceness and a full pool of threads."""

from __future__ import annotations

import os
import threading

import pytest

from payvand.store.query_pool import DEMOTED_NICENESS, QueryPool, Ticket, can_demote

pytestmark = pytest.mark.skipif(not can_demote(), reason="threads have no niceness of their own")


class Held:
    """Work that notes its thread and waits until it is let go."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.thread: threading.Thread | None = None
        self.native_id = 0

    def __call__(self) -> None:
        self.thread = threading.current_thread()
        self.native_id = threading.get_native_id()
        self.started.set()
        self.release.wait(timeout=60)

    def niceness(self) -> int:
        return os.getpriority(os.PRIO_PROCESS, self.native_id)


def test_a_demoted_query_runs_reniced_and_its_thread_ends_with_it() -> None:
    pool = QueryPool(size=4, name="test-query")
    ordinary = os.getpriority(os.PRIO_PROCESS, 0)
    long = Held()
    ticket = pool.submit(long)
    assert long.started.wait(timeout=30)
    assert long.niceness() == ordinary
    assert pool.demote(ticket)
    assert ticket.demoted
    assert long.niceness() == DEMOTED_NICENESS
    assert os.sched_getscheduler(long.native_id) == os.SCHED_IDLE
    assert pool.demoted == 1
    # a second query beside it runs at the server's niceness, in another thread
    short = Held()
    short.release.set()
    pool.submit(short)
    assert short.started.wait(timeout=30)
    assert short.native_id != long.native_id
    long.release.set()
    assert long.thread is not None
    long.thread.join(timeout=30)
    assert not long.thread.is_alive()  # a demoted thread never serves another query
    assert pool.demoted == 0
    after = Held()
    after.release.set()
    pool.submit(after)
    assert after.started.wait(timeout=30)
    assert after.native_id != long.native_id
    assert after.niceness() == ordinary
    assert os.sched_getscheduler(after.native_id) == os.sched_getscheduler(0)
    pool.close()


def test_work_that_has_ended_is_not_demoted() -> None:
    pool = QueryPool(size=1, name="test-query")
    done = Held()
    done.release.set()
    ticket = pool.submit(done)
    assert done.started.wait(timeout=30)
    assert done.thread is not None
    while ticket.running:
        threading.Event().wait(0.01)
    assert not pool.demote(ticket)
    # the same thread serves the next query, at the server's niceness
    again = Held()
    again.release.set()
    pool.submit(again)
    assert again.started.wait(timeout=30)
    assert again.thread is done.thread
    assert again.niceness() == os.getpriority(os.PRIO_PROCESS, 0)
    pool.close()


def test_demoted_queries_never_take_the_threads_of_the_others() -> None:
    pool = QueryPool(size=2, name="test-query")
    long = [Held() for _ in range(2)]
    for work in long:
        assert pool.demote(_started(pool, work))
    # both threads of ordinary niceness are free again: two more queries run at once
    short = [Held() for _ in range(2)]
    for work in short:
        pool.submit(work)
    for work in short:
        assert work.started.wait(timeout=30)
        assert work.niceness() == os.getpriority(os.PRIO_PROCESS, 0)
    for work in [*long, *short]:
        work.release.set()
    pool.close()


def _started(pool: QueryPool, work: Held) -> Ticket:
    ticket = pool.submit(work)
    assert work.started.wait(timeout=30)
    return ticket
