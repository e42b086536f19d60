"""Hostile input and hostile clients, before and after: a table of exit, message, time, peak
memory and quads lost, per case.

    .venv/bin/python bench/hostile.py --before ../old-checkout/src [--after src] [--limit 60]
    .venv/bin/python bench/hostile.py --only fairness --before ../old/src --rounds 3

Each side is a source tree of the package (``--after`` defaults to this checkout's ``src``), run
as ``python -m payvand`` with that tree first on ``PYTHONPATH``. Every ingest case writes 100
good articles beside the hostile one into a fresh store; "quads lost" compares the store with a
clean ingest of the good articles alone. The server cases start ``payvand serve`` on a free
port. A case that runs past ``--limit`` seconds is stopped and reported as such. The fairness
cases run ``--rounds`` times, the two sides in turn (before, after, before, after…), so that both
meet the same load from the rest of the machine; each cell lists the ratio of every round, and the
load average (1 min) when the round began.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph

ROOT = Path(__file__).resolve().parents[1]
GOOD = 100


@dataclass
class Outcome:
    exit: str
    message: str
    seconds: float
    peak_mb: float | None
    lost: int | None
    ratio: float | None = None  # a fairness case: small queries' p50 beside the killers / alone
    load: float = 0.0  # the load average (1 min) when a fairness case began


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYVAND_")}
    return {**env, "PYTHONPATH": str(tree), "PAYVAND_ALLOCATOR": "system"}


def _run(
    tree: Path, args: list[str], limit: float, *, file_bytes: int | None = None
) -> tuple[int | None, str, float, float]:
    """(exit status or None when stopped, last line of stderr, seconds, peak MB)."""

    def limits() -> None:
        if file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))

    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "payvand", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=_env(tree),
            preexec_fn=limits,
            start_new_session=True,
        )
        timer = threading.Timer(limit, lambda: os.killpg(process.pid, signal.SIGKILL))
        timer.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    code = None if process.returncode == -signal.SIGKILL else process.returncode
    return code, (lines[-1] if lines else ""), seconds, usage.ru_maxrss / 1024


def _quads(store: Path) -> int:
    if not store.exists():
        return 0
    reader = pyoxigraph.Store.read_only(str(store))
    return len(reader)


def _good(folder: Path) -> None:
    lines = [
        json.dumps(
            {
                "url": f"https://example.org/news/{i}",
                "text": f"Isfahan and Kazan signed cultural agreement number {i} in Tehran.",
            }
        )
        for i in range(GOOD)
    ]
    (folder / "good.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the ingest cases: each writes its hostile input into a folder beside the good articles ----


def _feed_bad_link(folder: Path) -> list[Path]:
    (folder / "feed.rss").write_text(
        "<rss><channel><item><title>t</title><link>not a url</link>"
        "<description>Isfahan</description></item></channel></rss>",
        encoding="utf-8",
    )
    return [folder]


def _og_url_space(folder: Path) -> list[Path]:
    (folder / "page.html").write_text(
        '<html><head><meta property="og:url" content="https://example.org/a b"></head>'
        "<body><p>Isfahan and Kazan.</p></body></html>",
        encoding="utf-8",
    )
    return [folder]


def _javascript_url(folder: Path) -> list[Path]:
    (folder / "xss.jsonl").write_text(
        json.dumps({"url": "javascript:alert(document.domain)//", "text": "Isfahan."}) + "\n",
        encoding="utf-8",
    )
    return [folder]


def _fifo(folder: Path) -> list[Path]:
    fifo = folder.parent / "pipe.jsonl"
    os.mkfifo(fifo)
    return [folder, fifo]


def _link_loop(folder: Path) -> list[Path]:
    loop = folder.parent / "loop.jsonl"
    loop.symlink_to(folder.parent / "loop2.jsonl")
    (folder.parent / "loop2.jsonl").symlink_to(loop)
    return [folder, loop]


def _unclosed_tags(folder: Path) -> list[Path]:
    page = "<html><body><p>Isfahan.</p>" + "<div>" * 70_000 + "</p>" * 70_000 + "</body></html>"
    (folder / "tags.html").write_text(page, encoding="utf-8")
    return [folder]


def _huge_line(folder: Path) -> list[Path]:
    (folder / "huge.txt").write_text(
        "https://example.org/huge\n" + "word " * 2_000_000, encoding="utf-8"
    )
    return [folder]


def _windows_1256(folder: Path) -> list[Path]:
    (folder / "cp1256.html").write_bytes(
        b'<html><head><meta charset="windows-1256"></head><body><p>'
        + "\N{ARABIC LETTER TEH}\N{ARABIC LETTER HEH}\N{ARABIC LETTER REH}\N{ARABIC LETTER ALEF}"
        "\N{ARABIC LETTER NOON}".encode("cp1256")
        + b"</p></body></html>"
    )
    return [folder]


INGEST_CASES: list[tuple[str, Callable[[Path], list[Path]], int | None]] = [
    ("feed item <link>not a url</link>", _feed_bad_link, None),
    ("HTML og:url with a space", _og_url_space, None),
    ("JSONL url javascript:", _javascript_url, None),
    ("a FIFO given as input", _fifo, None),
    ("a symbolic link loop", _link_loop, None),
    ("HTML of 70k unclosed tags (350 KB)", _unclosed_tags, None),
    ("10 MB single-line text", _huge_line, None),
    ("HTML declaring windows-1256", _windows_1256, None),
    ("store files limited to 1 MiB (disk full)", lambda folder: [folder], 1 << 20),
]


def _ingest_case(
    tree: Path, make: Callable[[Path], list[Path]], file_bytes: int | None, limit: float
) -> Outcome:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "in"
        folder.mkdir()
        _good(folder)
        reference = Path(work) / "reference"
        _run(tree, ["ingest", str(folder / "good.jsonl"), "--store", str(reference)], 600)
        expected = _quads(reference)
        store = Path(work) / "store"
        paths = make(folder)
        if file_bytes is not None:  # the good articles first, then more that do not fit
            _run(tree, ["ingest", str(folder / "good.jsonl"), "--store", str(store)], 600)
            more = [
                json.dumps(
                    {
                        "url": f"https://example.org/more/{i}",
                        "text": " ".join(f"garden{i * 4000 + n}" for n in range(4000)) + ".",
                    }
                )
                for i in range(60)
            ]
            (Path(work) / "more.jsonl").write_text("\n".join(more) + "\n", encoding="utf-8")
            paths = [Path(work) / "more.jsonl"]
        code, message, seconds, peak = _run(
            tree,
            ["ingest", *map(str, paths), "--store", str(store), "--workers", "1"],
            limit,
            file_bytes=file_bytes,
        )
        lost = max(0, expected - _quads(store)) if code is not None else None
        return Outcome("stopped" if code is None else str(code), message, seconds, peak, lost)


# -- the server cases ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _Serving:
    def __init__(self, tree: Path, store: Path, *args: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "payvand",
                "serve",
                "--store",
                str(store),
                "--port",
                str(self.port),
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(tree),
            start_new_session=True,
        )
        for _ in range(600):
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("payvand serve did not start")

    def pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return {int(p) for p in children.read_text().split()}
        except OSError:
            return set()

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def _store_for_serving(tree: Path, work: Path) -> Path:
    store = work / "store"
    folder = work / "in"
    folder.mkdir()
    _good(folder)
    _run(tree, ["ingest", str(folder), "--store", str(store)], 600)
    raw = pyoxigraph.Store(str(store))
    raw.extend(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(f"http://example.org/s{i}"),
            pyoxigraph.NamedNode("http://example.org/p"),
            pyoxigraph.Literal(i),
        )
        for i in range(700)
    )
    raw.flush()
    del raw
    return store


def _ssrf(server: _Serving) -> Outcome:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    query = (
        "SELECT * WHERE { ?a ?b ?c FILTER(?a<'x>y' || true) "
        f"SERVICE <http://127.0.0.1:{port}/q> {{ ?s ?p ?o FILTER(?o != 'z') }} }} LIMIT 1"
    )
    started = time.perf_counter()
    reached: list[bool] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            reached.append(True)
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    response = httpx.get(f"{server.base}/sparql", params={"query": query}, timeout=30)
    thread.join()
    listener.close()
    seconds = time.perf_counter() - started
    what = "the server connected to the listener" if reached else "no connection"
    error = response.json().get("error", "")[:60] if response.status_code != 200 else ""
    return Outcome(str(response.status_code), f"{what}; {error}".strip("; "), seconds, None, None)


def _nan_timeout(server: _Serving) -> Outcome:
    started = time.perf_counter()
    response = httpx.get(
        f"{server.base}/sparql", params={"query": "ASK {}", "timeout": "nan"}, timeout=30
    )
    return Outcome(
        str(response.status_code),
        response.json().get("error", "")[:80] if response.status_code != 200 else "answered",
        time.perf_counter() - started,
        None,
        None,
    )


def _javascript_link(server: _Serving, tree: Path) -> Outcome:
    del tree
    started = time.perf_counter()
    page = httpx.get(f"{server.base}/id/organisation/icro", headers={"accept": "text/html"})
    links = page.text.count('href="javascript:')
    policy = "CSP" if "content-security-policy" in page.headers else "no CSP"
    return Outcome(
        str(page.status_code),
        f"{links} javascript: link(s), {policy}",
        time.perf_counter() - started,
        None,
        None,
    )


def _tiny_timeouts(server: _Serving) -> Outcome:
    """Four clients asking ?timeout=0.000001 of a few-tenths query; another client's p50."""
    square = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"

    def p50(seconds: float) -> float:
        times: list[float] = []
        with httpx.Client(timeout=60, headers=_address(100)) as client:
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                started = time.perf_counter()
                client.get(f"{server.base}/sparql", params={"query": "ASK { ?s ?p 7 }"})
                times.append(time.perf_counter() - started)
                time.sleep(0.02)
        return statistics.median(times)

    quiet = p50(4)
    stop = threading.Event()

    def hostile(n: int) -> None:
        with httpx.Client(timeout=60, headers=_address(n, hostile=True)) as client:
            while not stop.is_set():
                client.get(f"{server.base}/sparql", params={"query": square, "timeout": "0.000001"})

    seen = set(server.pids())
    threads = [threading.Thread(target=hostile, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    watcher_stop = threading.Event()

    def watch() -> None:
        while not watcher_stop.is_set():
            seen.update(server.pids())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    busy = p50(20)
    stop.set()
    watcher_stop.set()
    for thread in [*threads, watcher]:
        thread.join()
    replaced = len(seen) - 2
    return Outcome(
        "-",
        f"other client p50 {quiet * 1000:.0f} -> {busy * 1000:.0f} ms "
        f"({busy / quiet:.1f}x); {replaced} processes replaced in 20 s",
        20.0,
        None,
        None,
    )


SMALL_QUERIES = ["ASK { ?s ?p 7 }", "SELECT ?s WHERE { ?s ?p 12 } LIMIT 10"]
# A count over the cube of the store: minutes of work, so it runs to any time limit.
KILLER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# The same work under a new text each time (a constant that changes): no two requests alike.
VARIED_KILLER = (
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?i != {n}) }}"
)


def _address(number: int, *, hostile: bool = False) -> dict[str, str]:
    """The headers that make a client the one at its own address (the server trusts
    X-Forwarded-For from the loopback, as from a reverse proxy): the small clients in
    198.51.100.0/24, the hostile ones in 203.0.113.0/24."""
    return {"x-forwarded-for": f"{'203.0.113' if hostile else '198.51.100'}.{number + 1}"}


def _small_p50(base: str, seconds: float, clients: int = 2) -> tuple[float, int, int]:
    """The p50 (seconds) of small queries from ``clients`` clients over ``seconds``, the number
    answered, and the number that failed (any status but 200, or no answer)."""
    times: list[float] = []
    failed = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        with httpx.Client(timeout=60, headers=_address(offset)) as http:
            end = time.perf_counter() + seconds
            n = offset
            while time.perf_counter() < end:
                query = SMALL_QUERIES[n % len(SMALL_QUERIES)]
                n += 1
                started = time.perf_counter()
                try:
                    ok = http.get(f"{base}/sparql", params={"query": query}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    times.append(time.perf_counter() - started)
                    failed[0] += not ok
                time.sleep(0.02)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statistics.median(times), len(times), failed[0]


def killers_beside_small_queries(
    base: str,
    *,
    killers: int = 4,
    timeout: str | None = None,
    seconds: float = 20.0,
    varied: bool = False,
    statuses: collections.Counter[int] | None = None,
) -> tuple[float, float, int, int]:
    """Small queries' p50 alone, then beside ``killers`` clients asking a query that runs to the
    time limit (``timeout``: what they ask for, None: the server's limit; ``varied``: a new text
    each time) as fast as they are answered, whatever the answer, in one run: (p50 alone, p50
    beside the killers, small queries answered, small queries failed). The killers' statuses are
    counted in ``statuses``."""
    quiet, answered, failed = _small_p50(base, min(8.0, seconds / 2))
    stop = threading.Event()
    extra = {"timeout": timeout} if timeout is not None else {}
    counted: collections.Counter[int] = collections.Counter() if statuses is None else statuses
    lock = threading.Lock()
    sent = [0]

    def killer(number: int) -> None:
        with httpx.Client(timeout=120, headers=_address(number, hostile=True)) as http:
            while not stop.is_set():
                with lock:
                    sent[0] += 1
                    n = sent[0]
                query = VARIED_KILLER.format(n=n) if varied else KILLER
                try:
                    status = http.get(f"{base}/sparql", params={"query": query, **extra})
                except httpx.HTTPError:
                    time.sleep(0.1)
                    continue
                with lock:
                    counted[status.status_code] += 1

    threads = [threading.Thread(target=killer, args=(n,)) for n in range(killers)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)  # the killers are at work
        busy, more, more_failed = _small_p50(base, seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return quiet, busy, answered + more, failed + more_failed


SCHED_IDLE = 5  # the scheduling policy in field 41 of /proc/PID/task/TID/stat


class _CpuByPolicy:
    """The CPU time the threads of the serving processes spend, by scheduling policy: sampled
    every half second, so that a thread counts under the policy it ran under most of the time."""

    def __init__(self, server: _Serving) -> None:
        self.server = server
        self.seconds: dict[str, float] = {"ordinary": 0.0, "idle": 0.0}
        self._last: dict[tuple[int, int], int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample)

    def __enter__(self) -> _CpuByPolicy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        first = True  # the threads there at the start count from then on, new ones from 0
        while not self._stop.wait(0.5):
            for pid in self.server.pids():
                for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
                    try:
                        fields = stat.read_text().rsplit(")", 1)[1].split()
                    except OSError:  # the thread or the process ended meanwhile
                        continue
                    ticks = int(fields[11]) + int(fields[12])
                    key = (pid, int(stat.parent.name))
                    spent = ticks - self._last.get(key, ticks if first else 0)
                    self._last[key] = ticks
                    policy = "idle" if int(fields[38]) == SCHED_IDLE else "ordinary"
                    self.seconds[policy] += spent / tick
            first = False

    def __str__(self) -> str:
        return (
            f"serving CPU {self.seconds['ordinary']:.1f} s ordinary, "
            f"{self.seconds['idle']:.1f} s SCHED_IDLE"
        )


def _killers(server: _Serving, timeout: str | None, varied: bool) -> Outcome:
    before = set(server.pids())
    load = os.getloadavg()[0]
    statuses: collections.Counter[int] = collections.Counter()
    with _CpuByPolicy(server) as cpu:
        quiet, busy, answered, failed = killers_beside_small_queries(
            server.base, timeout=timeout, varied=varied, statuses=statuses
        )
    replaced = len(set(server.pids()) - before)
    killers = ", ".join(f"{n}x{status}" for status, n in sorted(statuses.items()))
    return Outcome(
        "-",
        f"small p50 {quiet * 1000:.1f} -> {busy * 1000:.1f} ms ({busy / quiet:.1f}x); "
        f"{failed} of {answered} failed; {replaced} processes new; killers got {killers}; "
        f"{cpu}; load {load:.1f}",
        20.0,
        None,
        None,
        ratio=busy / quiet,
        load=load,
    )


FAIRNESS_CASES: list[tuple[str, str | None, bool]] = [
    ("4 killers at the server's limit (5 s)", None, False),
    ("4 killers asking ?timeout=1", "1", False),
    ("4 killers, a new text each time", None, True),
]


def _fairness_cases(tree: Path) -> dict[str, Outcome]:
    results: dict[str, Outcome] = {}
    with tempfile.TemporaryDirectory() as work:
        store = _store_for_serving(tree, Path(work))
        for name, timeout, varied in FAIRNESS_CASES:
            # a server of its own each: no query left from the last
            server = _Serving(tree, store, "--workers", "2", "--query-timeout", "5")
            try:
                results[name] = _killers(server, timeout, varied)
            finally:
                server.stop()
    return results


def _fairness_rounds(sides: dict[str, Path], rounds: int) -> dict[str, dict[str, Outcome]]:
    """The fairness cases ``rounds`` times, the sides in turn; per case and side, the ratios of
    every round and their median."""
    found: dict[str, dict[str, list[Outcome]]] = {}
    for round_number in range(rounds):
        for side, tree in sides.items():
            for name, outcome in _fairness_cases(tree).items():
                found.setdefault(name, {}).setdefault(side, []).append(outcome)
                print(
                    f"round {round_number + 1}, {side}: {name}: {_cell(outcome)}", file=sys.stderr
                )
    rows: dict[str, dict[str, Outcome]] = {}
    for name, by_side in found.items():
        for side, outcomes in by_side.items():
            ratios = [o.ratio for o in outcomes if o.ratio is not None]
            listed = ", ".join(
                f"{r:.1f}x (load {o.load:.1f})" for r, o in zip(ratios, outcomes, strict=True)
            )
            rows.setdefault(name, {})[side] = Outcome(
                "-",
                f"median {statistics.median(ratios):.1f}x: {listed}",
                20.0 * len(outcomes),
                None,
                None,
            )
    return rows


def _server_cases(tree: Path) -> dict[str, Outcome]:
    results: dict[str, Outcome] = {}
    with tempfile.TemporaryDirectory() as work:
        store = _store_for_serving(tree, Path(work))
        raw = pyoxigraph.Store(str(store))
        raw.update(
            "PREFIX schema: <https://schema.org/> "
            "DELETE { GRAPH ?g { ?g schema:url ?u } } "
            "INSERT { GRAPH ?g { ?g schema:url <javascript:alert(document.domain)//> } } "
            "WHERE { GRAPH ?g { ?g schema:url ?u } }"
        )
        raw.flush()
        del raw
        server = _Serving(tree, store, "--workers", "2")
        try:
            results["SSRF: SERVICE after <'x>y' (anonymous /sparql)"] = _ssrf(server)
            results["?timeout=nan"] = _nan_timeout(server)
            results["stored javascript: URL on an entity page"] = _javascript_link(server, tree)
            results["4 clients with ?timeout=0.000001"] = _tiny_timeouts(server)
        finally:
            server.stop()
    return results


def _cell(outcome: Outcome) -> str:
    peak = f"{outcome.peak_mb:.0f} MB" if outcome.peak_mb is not None else "-"
    lost = str(outcome.lost) if outcome.lost is not None else "-"
    message = outcome.message.replace("|", "/")
    if len(message) > 110 and outcome.ratio is None and outcome.exit != "-":
        message = message[:107] + "..."
    return f"exit {outcome.exit}, {outcome.seconds:.1f} s, {peak}, lost {lost}: {message}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, default=None, help="source tree before")
    parser.add_argument("--after", type=Path, default=ROOT / "src", help="source tree after")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per ingest case")
    parser.add_argument(
        "--only",
        choices=["ingest", "server", "fairness"],
        action="append",
        help="run only these groups of cases (repeat for more; default: all)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="rounds of the fairness cases, the sides in turn"
    )
    args = parser.parse_args()
    groups = set(args.only or ["ingest", "server", "fairness"])
    sides = {"after": args.after.resolve()}
    if args.before is not None:
        sides = {"before": args.before.resolve(), **sides}
    rows: dict[str, dict[str, Outcome]] = {}
    for side, tree in sides.items():
        found: dict[str, Outcome] = {}
        if "ingest" in groups:
            for name, make, file_bytes in INGEST_CASES:
                found[name] = _ingest_case(tree, make, file_bytes, args.limit)
                print(f"{side}: {name}: {_cell(found[name])}", file=sys.stderr)
        if "server" in groups:
            for name, outcome in _server_cases(tree).items():
                found[name] = outcome
                print(f"{side}: {name}: {_cell(outcome)}", file=sys.stderr)
        for name, outcome in found.items():
            rows.setdefault(name, {})[side] = outcome
    if "fairness" in groups:
        for name, by_side in _fairness_rounds(sides, args.rounds).items():
            rows.setdefault(name, {}).update(by_side)
    print("| case | " + " | ".join(sides) + " |")
    print("|---|" + "---|" * len(sides))
    for name, by_side in rows.items():
        print(f"| {name} | " + " | ".join(_cell(by_side[side]) for side in sides) + " |")


if __name__ == "__main__":
    main()
