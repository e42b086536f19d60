"""The counts /health reports, made without keeping /health waiting.

Counting the quads of a large store reads all of it (tens of seconds at 100,000 articles), and
a client polling /health to see whether the service is up would pile up counts that never end.
:class:`StoreCounts` counts once per state of the store, in a thread of its own, and waits for it
only briefly: until the count is done, /health says ``null``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable

from payvand.store import ReadableStore

# How long /health waits for counts being made.
WAIT_SECONDS = 0.5
# A store that cannot tell when it changed (a SPARQL server) is counted again after this long.
RECOUNT_SECONDS = 60.0


class StoreCounts:
    """The quads and named graphs of a store, counted at most once per state of the store."""

    def __init__(self, *, wait: float = WAIT_SECONDS) -> None:
        self._wait = wait
        self._lock = threading.Lock()
        self._counted: tuple[Hashable, int, int] | None = None
        self._counting: dict[Hashable, threading.Thread] = {}

    def get(self, store: ReadableStore) -> tuple[int | None, int | None]:
        """(quads, graphs) of ``store`` as it is now, or (None, None) while they are counted."""
        modified = getattr(store, "modified", None)
        state: Hashable = (
            modified() if callable(modified) else int(time.monotonic() // RECOUNT_SECONDS)
        )
        if state is None:  # a store in memory: counted at once
            return store.quad_count(), len(store.graph_names())
        with self._lock:
            if self._counted is not None and self._counted[0] == state:
                return self._counted[1], self._counted[2]
            thread = self._counting.get(state)
            if thread is None:
                thread = threading.Thread(
                    target=self._count, args=(store, state), name="payvand-count", daemon=True
                )
                self._counting[state] = thread
                thread.start()
        thread.join(self._wait)
        with self._lock:
            if self._counted is not None and self._counted[0] == state:
                return self._counted[1], self._counted[2]
        return None, None

    def _count(self, store: ReadableStore, state: Hashable) -> None:
        try:
            quads, graphs = store.quad_count(), len(store.graph_names())
        except Exception:  # noqa: BLE001 - the next /health counts again
            with self._lock:
                self._counting.pop(state, None)
            return
        with self._lock:
            self._counting.pop(state, None)
            if self._counted is None or self._counted[0] != state:
                self._counted = (state, quads, graphs)
