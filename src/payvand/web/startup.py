"""How a serving process starts: its imports at a lower niceness, then serving at the server's.

A serving process starts again each time a query overruns (see :mod:`payvand.web.server`), and
most of its start is importing FastAPI, pydantic and the app: a second of CPU or so. At the
server's niceness, that second would be taken from the short queries the other serving processes
are answering meanwhile. So the imports run first in a thread reniced to
:data:`STARTING_NICENESS` (Linux gives each thread a niceness of its own), and the process then
serves from its main thread, at the niceness it was started with.

    python -m payvand.web.startup CONTROL_FD GENERATION_FD WRITER_SOCKET SUPERVISOR_PID
"""

from __future__ import annotations

import os
import sys
import threading
from importlib import import_module

STARTING_NICENESS = 10


def _import_reniced() -> None:
    if sys.platform.startswith("linux") and hasattr(os, "setpriority"):
        thread = threading.get_native_id()
        try:
            if os.getpriority(os.PRIO_PROCESS, thread) < STARTING_NICENESS:
                os.setpriority(os.PRIO_PROCESS, thread, STARTING_NICENESS)
        except OSError:  # a system that refuses it: the imports run at the server's niceness
            pass
    import_module("payvand.web.server")


def main(argv: list[str]) -> None:
    importing = threading.Thread(target=_import_reniced, name="payvand-imports")
    importing.start()
    importing.join()
    from payvand.web.server import serving_process

    serving_process(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
