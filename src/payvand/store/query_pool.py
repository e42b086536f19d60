"""Threads for queries, in which a query that runs long gives way to the short ones.

A query evaluates in a thread of a :class:`QueryPool`. Once it has run :data:`DEMOTE_AFTER`
seconds, its thread is demoted: on Linux, reniced to 19 (each thread has a niceness of its own)
and put under the ``SCHED_IDLE`` policy. The kernel then gives it a core only where nothing of
ordinary priority wants it (a weight of 3 against 1024), and a short query or the event loop
waking up beside it takes its core at once rather than at the end of its time slice, so they keep
nearly all of the cores however many long queries run. pyoxigraph lets go of the GIL while it
evaluates, so a long query does not hold the others up there either.

Taking a niceness back down needs a privilege a server should not need, so a demoted thread
leaves the pool: it ends with its query, and the pool starts a fresh thread in its place when one
is wanted. A thread starts with the niceness of the thread that starts it, so the pool starts
threads only in the thread that submits the work and demotes it (the event loop). Demoted threads
do not count against the pool's size: long queries never take every thread from the short ones.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable

log = logging.getLogger("payvand.store.query_pool")

DEMOTE_AFTER = 0.15  # seconds a query evaluates at the server's niceness before it gives way
DEMOTED_NICENESS = 19
_WAITING, _RUNNING, _DONE = range(3)


def can_demote() -> bool:
    """Whether this system gives each thread a niceness of its own (Linux)."""
    return sys.platform.startswith("linux") and hasattr(os, "setpriority")


class Ticket:
    """One piece of work submitted to a :class:`QueryPool`: whether it runs, and where."""

    __slots__ = ("_lock", "_state", "_thread", "demoted")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = _WAITING
        self._thread = 0  # the native id of the thread running it
        self.demoted = False

    @property
    def waiting(self) -> bool:
        """Not taken up by a thread yet."""
        return self._state == _WAITING

    @property
    def running(self) -> bool:
        return self._state == _RUNNING


class QueryPool:
    """Up to ``size`` threads of ordinary niceness, plus the demoted ones still at work.

    :meth:`submit` and :meth:`demote` must be called in one thread that keeps the server's
    niceness, such as the event loop's: the threads the pool starts take their niceness from it.
    """

    def __init__(self, *, size: int, name: str, demoting: bool | None = None) -> None:
        self._size = size
        self._name = name
        self._demoting = can_demote() if demoting is None else demoting
        self._jobs: queue.SimpleQueue[tuple[Ticket, Callable[[], None]] | None] = (
            queue.SimpleQueue()
        )
        self._idle = threading.Semaphore(0)  # threads waiting for work
        self._lock = threading.Lock()
        self._threads = 0  # threads of ordinary niceness
        self._demoted = 0  # demoted threads still at work
        self._started = 0
        self._closed = False

    @property
    def demoted(self) -> int:
        """Demoted threads still at work."""
        return self._demoted

    def submit(self, work: Callable[[], None]) -> Ticket:
        """Run ``work`` in a thread of the pool (it must not raise); its ticket."""
        ticket = Ticket()
        with self._lock:
            if self._closed:
                raise RuntimeError("the query pool is closed")
            self._jobs.put((ticket, work))
        if not self._idle.acquire(blocking=False):
            self._top_up()
        return ticket

    def demote(self, ticket: Ticket) -> bool:
        """Demote the thread running ``ticket``'s work, if it still is; whether it was."""
        if not self._demoting:
            return False
        with ticket._lock:
            if ticket._state != _RUNNING or ticket.demoted:
                return False
            try:
                os.setpriority(os.PRIO_PROCESS, ticket._thread, DEMOTED_NICENESS)
            except OSError as err:  # e.g. a system that refuses it: the query runs on as it is
                log.debug("cannot demote a query thread: %s", err)
                return False
            with contextlib.suppress(OSError):  # the niceness alone does most of it
                os.sched_setscheduler(ticket._thread, os.SCHED_IDLE, os.sched_param(0))
            ticket.demoted = True
        with self._lock:
            self._threads -= 1
            self._demoted += 1
        if not self._jobs.empty():
            self._top_up()
        return True

    def close(self) -> None:
        """Take no more work; idle threads end, and the busy ones after their work."""
        with self._lock:
            self._closed = True
            self._jobs.put(None)

    def _top_up(self) -> None:
        with self._lock:
            if self._closed or self._threads >= self._size:
                return
            self._threads += 1
            self._started += 1
            number = self._started
        threading.Thread(target=self._serve, name=f"{self._name}_{number}", daemon=True).start()

    def _serve(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                self._jobs.put(None)  # for the next thread
                with self._lock:
                    self._threads -= 1
                return
            ticket, work = item
            with ticket._lock:
                ticket._thread = threading.get_native_id()
                ticket._state = _RUNNING
            try:
                work()
            finally:
                with ticket._lock:
                    ticket._state = _DONE
            if ticket.demoted:  # its niceness cannot come back down: the thread ends here
                with self._lock:
                    self._demoted -= 1
                return
            self._idle.release()
