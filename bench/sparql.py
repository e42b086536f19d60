"""SPARQL small-query throughput: ``payvand serve`` against ``oxigraph serve`` over one store.

``python bench/sparql.py --store DIR [--seconds S] [--concurrency C] [--json]`` serves the same
on-disk store with each server in turn (on a free loopback port), sends small SELECT queries
from C concurrent clients for S seconds, and prints requests per second and the median latency
of each, and their ratio (``sparql_rps_ratio_vs_oxigraph``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

LABELS = (
    "https://w3id.org/payvand/id/city/ir-tehran",
    "https://w3id.org/payvand/id/city/ir-isfahan",
    "https://w3id.org/payvand/id/organisation/icro",
    "https://w3id.org/payvand/id/city/ir-mashhad",
)
QUERY = "SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_command() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise SystemExit("the oxigraph server is not installed: pip install -e '.[bench]'")
    return found


def start(command: list[str], ready: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            if httpx.get(ready, timeout=2).status_code < 500:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    stop(process)
    raise SystemExit(f"{command[0]} did not start: {log.read_text(encoding='utf-8')[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def hammer(url: str, *, seconds: float, concurrency: int) -> dict[str, float]:
    """C clients sending small queries for S seconds: requests/s and median latency (ms)."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        with httpx.Client(timeout=30) as session:
            i = n
            while time.monotonic() < deadline:
                query = QUERY.format(iri=LABELS[i % len(LABELS)])
                i += 1
                began = time.perf_counter()
                response = session.get(
                    url,
                    params={"query": query},
                    headers={"accept": "application/sparql-results+json"},
                )
                latencies[n].append(time.perf_counter() - began)
                if response.status_code != 200 or not response.json()["results"]["bindings"]:
                    errors[n] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    every = [x for xs in latencies for x in xs]
    return {
        "requests": len(every),
        "errors": sum(errors),
        "rps": len(every) / elapsed,
        "median_ms": statistics.median(every) * 1000 if every else float("nan"),
    }


def measure(store: Path, *, seconds: float, concurrency: int) -> dict[str, object]:
    logs = store.parent
    port = free_port()
    payvand = start(
        [sys.executable, "-m", "payvand", "serve", "--store", str(store), "--port", str(port)],
        f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D",
        logs / "bench-payvand-serve.log",
    )
    try:
        hammer(f"http://127.0.0.1:{port}/sparql", seconds=1, concurrency=2)  # warm up
        ours = hammer(f"http://127.0.0.1:{port}/sparql", seconds=seconds, concurrency=concurrency)
    finally:
        stop(payvand)
    port = free_port()
    oxigraph = start(
        [
            oxigraph_command(),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        f"http://127.0.0.1:{port}/query?query=ASK%7B%7D",
        logs / "bench-oxigraph-serve.log",
    )
    try:
        hammer(f"http://127.0.0.1:{port}/query", seconds=1, concurrency=2)
        theirs = hammer(f"http://127.0.0.1:{port}/query", seconds=seconds, concurrency=concurrency)
    finally:
        stop(oxigraph)
    return {
        "concurrency": concurrency,
        "seconds": seconds,
        "payvand_rps": ours["rps"],
        "payvand_median_ms": ours["median_ms"],
        "payvand_errors": ours["errors"],
        "oxigraph_rps": theirs["rps"],
        "oxigraph_median_ms": theirs["median_ms"],
        "oxigraph_errors": theirs["errors"],
        "sparql_rps_ratio_vs_oxigraph": ours["rps"] / theirs["rps"] if theirs["rps"] else 0.0,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="an on-disk Payvand store")
    parser.add_argument("--seconds", type=float, default=10.0, help="per server (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients (default 8)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not (args.store / "CURRENT").exists():
        parser.error(f"{args.store} is not an on-disk store (run payvand ingest first)")
    os.environ.pop("PAYVAND_STORE", None)
    figures = measure(args.store, seconds=args.seconds, concurrency=args.concurrency)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:32} {value:.2f}" if isinstance(value, float) else f"{key:32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
