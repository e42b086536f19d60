#!/usr/bin/env python3
"""SPARQL endpoint speed: `payvand serve` against `oxigraph serve`, over the same data, in one run.

1. Ingests data/articles into a fresh store (or takes --store), dumps it as N-Quads and loads the
   same quads into an Oxigraph server's store (the `oxigraph` PyPI package, with
   --union-default-graph so that both answer over the union of the graphs).
2. Small queries: with both servers up, CLIENTS concurrent keep-alive connections send the same
   small SELECT for SECONDS to one server, then to the other, for ROUNDS rounds (the first server
   alternating), so that both see the same machine; prints requests per second over all rounds
   and the median latency. The same again with a different query text in every request (a
   comment with a counter), which no server can have seen before.
3. A 1,000,000-row SELECT streamed from `payvand serve` as CSV (and from oxigraph serve for
   comparison), with the peak resident memory of the process that answered it and of all the
   server's processes together.

Usage: bench/sparql.py [--store DIR] [--seconds 5] [--rounds 3] [--clients 8] [--workers 2]
       [--rows 1000000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.serving import oxigraph_serve, payvand_serve  # noqa: E402

SMALL = (
    "PREFIX pv: <https://w3id.org/payvand/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?person ?name WHERE { ?person a pv:Person ; rdfs:label ?name } LIMIT 10"
)


def large_query(rows: int) -> str:
    side = round(rows**0.5)
    values = " ".join(str(i) for i in range(side))
    return (
        f"SELECT ?i ?label WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
        f'BIND(?a * {side} + ?b AS ?i) BIND(CONCAT("row ", STR(?i)) AS ?label) }}'
    )


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = head.lower()
    if b"transfer-encoding: chunked" in headers:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        length = 0
        for line in headers.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await reader.readexactly(length)
    return status


def _requests(url: str, query: str, *, varied: bool) -> Callable[[int], bytes]:
    """The n-th request of a run: the same query each time, or one with a comment that counts."""
    split = urlsplit(url)
    head = f"Host: {split.hostname}:{split.port}\r\nAccept: application/sparql-results+json\r\n\r\n"
    same = f"GET {split.path}?query={quote(query)} HTTP/1.1\r\n{head}".encode()

    def request(n: int) -> bytes:
        if not varied:
            return same
        return f"GET {split.path}?query={quote(f'{query} # {n}')} HTTP/1.1\r\n{head}".encode()

    return request


async def _load(
    url: str, clients: int, seconds: float, request: Callable[[int], bytes]
) -> tuple[int, float, list[float], int]:
    split = urlsplit(url)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds
    counter = 0

    async def client() -> None:
        nonlocal failures, counter
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                counter += 1
                started = time.perf_counter()
                status = await _exchange(reader, writer, request(counter))
                if status != 200:
                    failures += 1
                latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return len(latencies), time.perf_counter() - started, latencies, failures


@dataclass(frozen=True)
class Load:
    rps: int  # over all rounds
    median_ms: float
    rounds: list[int]  # requests/s in each round


def small_queries(
    urls: dict[str, str], clients: int, seconds: float, rounds: int, *, varied: bool = False
) -> dict[str, Load]:
    """Requests/s and median latency per server, the servers taking turns round by round."""
    names = list(urls)
    done = dict.fromkeys(names, 0)
    spent = dict.fromkeys(names, 0.0)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    per_round: dict[str, list[int]] = {name: [] for name in names}
    for name in names:  # warm up
        asyncio.run(_load(urls[name], clients, 1.0, _requests(urls[name], SMALL, varied=varied)))
    for turn in range(rounds):
        order = names if turn % 2 == 0 else names[::-1]
        for name in order:
            request = _requests(urls[name], SMALL, varied=varied)
            count, elapsed, times, failures = asyncio.run(
                _load(urls[name], clients, seconds, request)
            )
            if failures:
                raise SystemExit(f"{failures} requests to {urls[name]} failed")
            done[name] += count
            spent[name] += elapsed
            latencies[name] += times
            per_round[name].append(round(count / elapsed))
    return {
        name: Load(
            rps=round(done[name] / spent[name]),
            median_ms=round(statistics.median(latencies[name]) * 1000, 2),
            rounds=per_round[name],
        )
        for name in names
    }


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def stream_large(url: str, query: str, pid: int | None) -> dict[str, float]:
    """Stream the large result; sample the RSS of the server (``pid``) and its processes."""
    peak_process = 0
    peak_all = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_process, peak_all
        while pid is not None and not done.is_set():
            sizes = [_rss_kb(p) for p in (pid, *_children(pid))]
            peak_process, peak_all = max(peak_process, *sizes), max(peak_all, sum(sizes))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    lines = 0
    size = 0
    with httpx.stream(
        "POST", url, data={"query": query}, headers={"accept": "text/csv"}, timeout=600
    ) as response:
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.read()[:300]!r}")
        for chunk in response.iter_bytes():
            lines += chunk.count(b"\n")
            size += len(chunk)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    result = {"rows": lines - 1, "seconds": round(seconds, 2), "mb": round(size / 1e6, 1)}
    if pid is not None:
        result["peak_rss_mb"] = round(peak_process / 1024, 1)
        result["peak_rss_all_mb"] = round(peak_all / 1024, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="load per server and round (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of load per server (3)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="payvand serve --workers (2)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the large SELECT")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--store",
        type=Path,
        help="serve this on-disk store (default: a fresh store of data/articles)",
    )
    args = parser.parse_args()
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    with tempfile.TemporaryDirectory(prefix="payvand-bench-") as tmp:
        work = Path(tmp)
        store, dump, oxi = args.store or work / "store", work / "dump.nq", work / "oxigraph"
        payvand = [sys.executable, "-m", "payvand"]
        if args.store is None:
            subprocess.run(
                [*payvand, "ingest", str(ROOT / "data" / "articles"), "--store", str(store)],
                check=True,
                capture_output=True,
            )
        subprocess.run(
            [*payvand, "export", "--store", str(store), "--format", "nquads", "-o", str(dump)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [oxigraph, "load", "--location", str(oxi), "--file", str(dump)],
            check=True,
            capture_output=True,
        )
        quads = sum(1 for _ in dump.open("rb"))
        serve_args = ["--workers", str(args.workers), "--max-rows", str(args.rows * 2)]
        with (
            payvand_serve(store, work, *serve_args, "--max-bytes", "0") as ours,
            oxigraph_serve(oxi, work, "--union-default-graph") as theirs,
        ):
            urls = {"payvand": ours.base + "/sparql", "oxigraph": theirs.base + "/query"}
            same = small_queries(urls, args.clients, args.seconds, args.rounds)
            varied = small_queries(urls, args.clients, args.seconds, args.rounds, varied=True)
            large = stream_large(urls["payvand"], large_query(args.rows), ours.process.pid)
            their_large = stream_large(urls["oxigraph"], large_query(args.rows), None)
    figures = {
        "quads": quads,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "payvand_rps": same["payvand"].rps,
        "oxigraph_rps": same["oxigraph"].rps,
        "sparql_rps_ratio_vs_oxigraph": round(same["payvand"].rps / same["oxigraph"].rps, 2),
        "payvand_median_ms": same["payvand"].median_ms,
        "oxigraph_median_ms": same["oxigraph"].median_ms,
        "payvand_rps_rounds": same["payvand"].rounds,
        "oxigraph_rps_rounds": same["oxigraph"].rounds,
        "payvand_varied_rps": varied["payvand"].rps,
        "oxigraph_varied_rps": varied["oxigraph"].rps,
        "sparql_varied_rps_ratio_vs_oxigraph": round(
            varied["payvand"].rps / varied["oxigraph"].rps, 2
        ),
        "large_rows": large["rows"],
        "large_seconds": large["seconds"],
        "large_mb": large["mb"],
        "large_peak_rss_mb": large["peak_rss_mb"],
        "large_peak_rss_all_mb": large["peak_rss_all_mb"],
        "oxigraph_large_seconds": their_large["seconds"],
    }
    if args.json:
        print(json.dumps(figures))
        return
    source = args.store or "data/articles"
    print(
        f"data: {quads} quads ({source}); {args.clients} clients, "
        f"{args.rounds} rounds of {args.seconds:g} s per server"
    )
    print(f"{'':38}{'payvand serve':>16}{'oxigraph serve':>16}{'ratio':>8}")
    for label, result, ratio in (
        ("small SELECT, requests/s", same, figures["sparql_rps_ratio_vs_oxigraph"]),
        (
            "  a new query text each, requests/s",
            varied,
            figures["sparql_varied_rps_ratio_vs_oxigraph"],
        ),
    ):
        print(f"{label:38}{result['payvand'].rps:>16}{result['oxigraph'].rps:>16}{ratio:>8}")
    print(
        f"{'small SELECT, median ms':38}{same['payvand'].median_ms:>16}"
        f"{same['oxigraph'].median_ms:>16}"
    )
    print(
        f"{'  requests/s by round':38}{same['payvand'].rounds!s:>16}{same['oxigraph'].rounds!s:>16}"
    )
    label = f"{large['rows']:,}-row SELECT (CSV), s"
    print(f"{label:38}{large['seconds']:>16}{their_large['seconds']:>16}")
    print(f"{'  peak RSS, largest process, MB':38}{large['peak_rss_mb']:>16}")
    print(f"{'  peak RSS, all its processes, MB':38}{large['peak_rss_all_mb']:>16}")


if __name__ == "__main__":
    main()
