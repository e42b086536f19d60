"""A soak run: concurrent slow and small queries against `payvand serve`, and meanwhile ingests
SIGKILLed at random points and run again, for some minutes; then a table of figures.

    bench/soak [--minutes 10] [--small 4] [--slow 2] [--articles 400] [--seed 1]

The server serves a store of its own (an embedded store has one writer); the ingests go to a
second store, killed and rerun until a run ends by itself, when the store is checked: exactly
the articles of the input, one graph each, none with two content hashes, the quads of a clean
run. Each cycle kills one to four runs, lets the next one finish, deletes the store and starts
again. Small queries are ``ASK`` and a
``SELECT … LIMIT 10``; slow ones are a cross join asked with ``?timeout=1``. The small clients
first run alone for ``--quiet`` seconds, so that the table gives their p50 alone and beside the
slow ones, from the same run, and the ratio of the two. Each client has an address of its own,
sent in X-Forwarded-For (the server trusts it from the loopback, as from a reverse proxy), as
clients on a network have.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from bench.hostile import _address, _free_port  # noqa: E402
from payvand.mapping.iris import Iris  # noqa: E402
from payvand.namespaces import PV  # noqa: E402
from payvand.sources import load_gazetteer  # noqa: E402
from payvand.store import OxigraphStore  # noqa: E402
from payvand.store.search_documents import article_hashes  # noqa: E402

SMALL = ["ASK {}", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Calls:
    """Latencies (seconds) and outcomes of one kind of query."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: str) -> None:
        with self.lock:
            self.seconds.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1


@dataclass
class Ingests:
    killed: int = 0
    completed: int = 0
    runs_to_complete: list[int] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYVAND_")}
    return {**env, "PAYVAND_ALLOCATOR": "system", "PAYVAND_BATCH_SIZE": "32"}


def _ingest(corpus: Path, store: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "payvand",
        "ingest",
        str(corpus),
        "--store",
        str(store),
        "--workers",
        "2",
        "--no-index",
    ]


def _check(store: Path, expected: set[str], quads: int | None) -> tuple[str | None, int]:
    """What is wrong with ``store`` (None: nothing) and its quads."""
    reader = OxigraphStore(store, read_only=True)
    try:
        articles = set(article_hashes(reader))
        rows = reader.query(
            f"SELECT ?g (COUNT(?h) AS ?n) WHERE {{ GRAPH ?g {{ ?g {PV.contentHash} ?h }} }} "
            "GROUP BY ?g",
            union=False,
        )
        assert isinstance(rows, pyoxigraph.QuerySolutions)
        counts = {row["g"].value: int(row["n"].value) for row in rows}
        found = reader.quad_count()
    finally:
        del reader
    if articles != expected:
        missing, extra = len(expected - articles), len(articles - expected)
        return f"{missing} articles missing, {extra} unexpected", found
    doubled = sum(1 for graph in articles if counts.get(graph, 0) > 1)
    if doubled:
        return f"{doubled} graphs with two content hashes", found
    if quads is not None and found != quads:
        return f"{found} quads, a clean run has {quads}", found
    return None, found


def _serve(store: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "payvand", "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
        start_new_session=True,
    )
    for _ in range(600):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("payvand serve did not start")


def _client(
    base: str,
    queries: list[str],
    timeout: str | None,
    calls: Calls,
    stop: threading.Event,
    address: dict[str, str],
) -> None:
    """Ask ``queries`` in turn until ``stop``, as the client at ``address`` (its headers, see
    bench.hostile._address)."""
    params: dict[str, str] = {} if timeout is None else {"timeout": timeout}
    with httpx.Client(timeout=120, headers=address) as client:
        n = 0
        while not stop.is_set():
            query = queries[n % len(queries)]
            n += 1
            started = time.perf_counter()
            try:
                status = str(
                    client.get(f"{base}/sparql", params={"query": query, **params}).status_code
                )
            except httpx.HTTPError as err:
                status = type(err).__name__
            calls.add(time.perf_counter() - started, status)


def _ingest_loop(
    corpus: Path,
    work: Path,
    expected: set[str],
    quads: int,
    rng: random.Random,
    ingests: Ingests,
    stop: threading.Event,
) -> None:
    cycle = 0
    while not stop.is_set():
        cycle += 1
        store = work / f"soak-{cycle}"
        runs = 0
        kills = rng.randint(1, 4)  # then a run that is let finish
        while not stop.is_set():
            runs += 1
            process = subprocess.Popen(
                _ingest(corpus, store),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=_env(),
            )
            deadline = time.monotonic() + rng.uniform(1.0, 12.0) if runs <= kills else None
            while process.poll() is None and not stop.is_set():
                if deadline is not None and time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                assert process.stderr is not None
                process.stderr.close()
                if stop.is_set():
                    break
                ingests.killed += 1
                continue
            assert process.stderr is not None
            err = process.stderr.read().decode(errors="replace")
            process.stderr.close()
            if process.returncode != 0:
                ingests.failed.append(f"exit {process.returncode}: {err.strip()[-200:]}")
                break
            ingests.completed += 1
            ingests.runs_to_complete.append(runs)
            wrong, _ = _check(store, expected, quads)
            if wrong is not None:
                ingests.mismatches.append(wrong)
            break
        shutil.rmtree(store, ignore_errors=True)


def _ms(values: list[float], share: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--small", type=int, default=4, help="clients asking small queries")
    parser.add_argument("--slow", type=int, default=2, help="clients asking slow queries")
    parser.add_argument("--articles", type=int, default=400, help="articles each ingest reads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--quiet", type=float, default=20.0, help="seconds the small clients first run alone"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="payvand-soak-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        gazetteer = load_gazetteer(ROOT / "data" / "gazetteer")
        with corpus.open("w", encoding="utf-8") as handle:
            write_corpus(args.articles, handle, seed=args.seed, gazetteer=gazetteer)
        iris = Iris()
        expected = {
            iris.article(json.loads(line)["url"]).value
            for line in corpus.read_text(encoding="utf-8").splitlines()
        }
        print(f"soak: {len(expected)} articles; a clean ingest first", file=sys.stderr)
        clean = work / "clean"
        started = time.perf_counter()
        subprocess.run(_ingest(corpus, clean), env=_env(), check=True, capture_output=True)
        clean_seconds = time.perf_counter() - started
        wrong, quads = _check(clean, expected, None)
        if wrong is not None:
            raise SystemExit(f"soak: the clean ingest is wrong: {wrong}")
        served = work / "served"
        shutil.copytree(clean, served)
        server, base = _serve(served)
        small, slow, ingests = Calls(), Calls(), Ingests()
        alone = Calls()
        print(f"soak: small queries alone for {args.quiet:g} s", file=sys.stderr)
        stop = threading.Event()
        quiet = [
            threading.Thread(target=_client, args=(base, SMALL, None, alone, stop, _address(n)))
            for n in range(args.small)
        ]
        for thread in quiet:
            thread.start()
        time.sleep(args.quiet)
        stop.set()
        for thread in quiet:
            thread.join()
        stop = threading.Event()
        threads = [
            threading.Thread(target=_client, args=(base, SMALL, None, small, stop, _address(n)))
            for n in range(args.small)
        ] + [
            threading.Thread(
                target=_client, args=(base, [SLOW], "1", slow, stop, _address(n, hostile=True))
            )
            for n in range(args.slow)
        ]
        threads.append(
            threading.Thread(
                target=_ingest_loop, args=(corpus, work, expected, quads, rng, ingests, stop)
            )
        )
        print(f"soak: running for {args.minutes:g} minutes", file=sys.stderr)
        begun = time.perf_counter()
        for thread in threads:
            thread.start()
        try:
            time.sleep(args.minutes * 60)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        elapsed = time.perf_counter() - begun

    failed = sum(n for status, n in small.statuses.items() if status != "200")
    ratio = (
        f"{statistics.median(small.seconds) / statistics.median(alone.seconds):.1f}x"
        if small.seconds and alone.seconds
        else "-"
    )
    rows = [
        ("minutes", f"{elapsed / 60:.1f}"),
        ("clean ingest", f"{len(expected)} articles, {quads:,} quads, {clean_seconds:.1f} s"),
        ("small queries", f"{len(small.seconds):,} ({len(small.seconds) / elapsed:.1f}/s)"),
        ("small p50 / p95 / p99 ms", " / ".join(_ms(small.seconds, s) for s in (0.5, 0.95, 0.99))),
        ("small statuses", json.dumps(small.statuses, sort_keys=True)),
        ("small failed", str(failed)),
        (
            "small p50 alone / beside slow ms",
            f"{_ms(alone.seconds, 0.5)} / {_ms(small.seconds, 0.5)}",
        ),
        ("small p50 beside slow / alone", ratio),
        ("small statuses alone", json.dumps(alone.statuses, sort_keys=True)),
        ("slow queries (timeout 1 s)", f"{len(slow.seconds):,}"),
        ("slow p50 / p99 ms", f"{_ms(slow.seconds, 0.5)} / {_ms(slow.seconds, 0.99)}"),
        ("slow statuses", json.dumps(slow.statuses, sort_keys=True)),
        ("ingests killed", str(ingests.killed)),
        ("ingests completed", str(ingests.completed)),
        (
            "runs per completed ingest",
            f"{statistics.mean(ingests.runs_to_complete):.1f}" if ingests.runs_to_complete else "-",
        ),
        ("stores wrong after a rerun", str(len(ingests.mismatches))),
        ("ingests failed", str(len(ingests.failed))),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'figure':<{width}} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")
    for line in ingests.mismatches + ingests.failed:
        print(f"  {line}")
    if ingests.mismatches or ingests.failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
