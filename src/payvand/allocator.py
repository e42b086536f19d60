"""The memory allocator of ``payvand ingest``, ``export`` and ``serve``: jemalloc, when there.

pyoxigraph's bulk loader builds each batch's index files out of millions of small buffers, which
it allocates and frees in threads of its own. Under glibc's malloc a third of the loader's time
goes to the allocator itself (freeing and merging blocks, as ``perf`` shows); under jemalloc a
bulk load of the same two million quads takes 12.9 CPU seconds instead of 16.2. A process gets
its allocator when it starts, so the command starts itself again, once and before it does
anything, with jemalloc preloaded (``LD_PRELOAD``); the ingest's workers and the serving processes
inherit it. pyoxigraph's query evaluation and serialisation gain too: ``payvand serve`` answered
8,809 and 9,064 small queries a second instead of 8,588 and 8,246, side by side.

``PAYVAND_ALLOCATOR`` chooses: ``jemalloc`` (the default: jemalloc when it is found, the system's
allocator otherwise), ``system`` (never preload anything), or the path of a shared library to
preload, which must exist. Debian and Ubuntu ship jemalloc as ``libjemalloc2``.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from pathlib import Path

from payvand.errors import InputError

log = logging.getLogger("payvand.allocator")

SETTING = "PAYVAND_ALLOCATOR"
JEMALLOC = "libjemalloc.so.2"
_CHOICES = "give jemalloc, system, or the path of a shared library"
# jemalloc hands freed memory back to the system after a second instead of ten, from a thread of
# its own: measured side by side, a 100,000-article ingest then peaked at 809 MB instead of 884.
# Set MALLOC_CONF to choose otherwise.
JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"


def library_dirs() -> list[Path]:
    """Where a system keeps its shared libraries (Debian's multiarch directory first)."""
    multiarch = sysconfig.get_config_var("MULTIARCH")
    dirs = [Path("/usr/lib") / multiarch] if multiarch else []
    return [*dirs, Path("/usr/lib64"), Path("/usr/lib"), Path("/usr/local/lib")]


def library_to_preload(setting: str | None, search: Sequence[Path]) -> Path | None:
    """The library that ``setting`` (the value of PAYVAND_ALLOCATOR) asks to preload, if any.

    ``jemalloc`` (and no setting) finds jemalloc in ``search``, or gives None; ``system`` gives
    None; anything with a slash is a path, which must name a file.
    """
    choice = (setting or "jemalloc").strip()
    if choice == "system":
        return None
    if choice == "jemalloc":
        return next((d / JEMALLOC for d in search if (d / JEMALLOC).is_file()), None)
    if "/" in choice:
        path = Path(choice).resolve()
        if not path.is_file():
            raise InputError(f"no such file: {choice} ({_CHOICES})", field=SETTING)
        return path
    raise InputError(f"'{choice}' is not an allocator ({_CHOICES})", field=SETTING)


def preloaded(library: Path, environ: Mapping[str, str]) -> bool:
    """Whether ``environ``'s LD_PRELOAD already names ``library``."""
    names = environ.get("LD_PRELOAD", "").replace(":", " ").split()
    return str(library) in names


def with_preload(library: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with ``library`` first in LD_PRELOAD (and, for jemalloc, its settings in
    MALLOC_CONF unless that is set)."""
    env = dict(environ)
    earlier = env.get("LD_PRELOAD", "").strip()
    env["LD_PRELOAD"] = f"{library}:{earlier}" if earlier else str(library)
    if library.name == JEMALLOC:
        env.setdefault("MALLOC_CONF", JEMALLOC_CONF)
    return env


def restart_with_preferred_allocator() -> None:
    """Start this process again with the allocator PAYVAND_ALLOCATOR chooses preloaded.

    Returns (and the process goes on as it is) when there is nothing to preload, when it is
    preloaded already, or off Linux. Raises InputError for a bad setting. Call it before the
    process has done anything it would have to do again: what follows the call runs twice.
    """
    if not sys.platform.startswith("linux"):
        return
    library = library_to_preload(os.environ.get(SETTING), library_dirs())
    if library is None or preloaded(library, os.environ):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    # SIGINT is blocked across the exec, so that Ctrl-C while the new process starts waits for
    # it to be ready (payvand.__main__ lifts the block) instead of stopping it half-started.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        os.execve(sys.executable, sys.orig_argv, with_preload(library, os.environ))
    except OSError as err:  # the process goes on with the allocator it has
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        log.warning("cannot start again with %s preloaded: %s", library, err)


def allocator_in_use() -> str:
    """``jemalloc`` when this process has jemalloc mapped, else ``system``."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "system"
    return "jemalloc" if "libjemalloc" in maps else "system"
