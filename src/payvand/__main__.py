"""``python -m payvand`` and the ``payvand`` command.

The command line is imported here, inside a guard: Ctrl-C while it loads (a second or two) ends
the command with one line and status 130, as it does once the command runs. ``payvand`` itself
imports nothing heavy (see its ``__init__``), so the guard is in place from the first moment.
"""

from __future__ import annotations

import shlex
import signal
import sys


def main() -> None:
    """Entry point of the ``payvand`` console script."""
    try:
        # A process started again (on another allocator) comes with SIGINT blocked across the
        # exec: one that came meanwhile is delivered here.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        from payvand.cli import main as run
    except KeyboardInterrupt:
        again = shlex.join(["payvand", *sys.argv[1:]])
        sys.stderr.write(
            f"interrupted before anything was stored or changed; run '{again}' again\n"
        )
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
