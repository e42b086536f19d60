#!/usr/bin/env python3
"""SPARQL endpoint speed: `payvand serve` against `oxigraph serve`, over the same data, in one run.

1. Ingests data/articles into a fresh store, dumps it as N-Quads and loads the same quads into an
   Oxigraph server's store (the `oxigraph` PyPI package, with --union-default-graph so that both
   answer over the union of the graphs).
2. Small queries: CLIENTS concurrent keep-alive connections send the same small SELECT for
   SECONDS to each server in turn; prints requests per second and the median latency.
3. A 1,000,000-row SELECT streamed from `payvand serve` as CSV (and from oxigraph serve for
   comparison), with the peak resident memory of the serving process and of its query workers.

Usage: bench/sparql.py [--store DIR] [--seconds 5] [--clients 8] [--workers 2] [--rows 1000000]
       [--json]
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


async def _load(url: str, clients: int, seconds: float) -> tuple[int, list[float], int]:
    split = urlsplit(url)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    request = (
        f"GET {split.path}?{split.query} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status = await _exchange(reader, writer, request)
                if status != 200:
                    failures += 1
                latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return round(len(latencies) / elapsed), latencies, failures


def small_queries(url: str, clients: int, seconds: float) -> dict[str, float]:
    asyncio.run(_load(url, clients, min(1.0, seconds)))  # warm up
    rps, latencies, failures = asyncio.run(_load(url, clients, seconds))
    if failures:
        raise SystemExit(f"{failures} requests to {url} failed")
    return {"rps": rps, "median_ms": round(statistics.median(latencies) * 1000, 2)}


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(RSS of pid, RSS of pid and its children), in KiB."""

    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            return 0
        return 0

    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    own = rss(pid)
    return own, own + sum(rss(int(c)) for c in children)


def stream_large(url: str, query: str, pid: int | None) -> dict[str, float]:
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while pid is not None and not done.is_set():
            own, total = _tree_rss_kb(pid)
            peak[0], peak[1] = max(peak[0], own), max(peak[1], total)
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
        result["peak_rss_mb"] = round(peak[0] / 1024, 1)
        result["peak_rss_with_workers_mb"] = round(peak[1] / 1024, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="load per server (default 5)")
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
        small_path = "/sparql?query=" + quote(SMALL)
        serve_args = ["--workers", str(args.workers), "--max-rows", str(args.rows * 2)]
        with payvand_serve(store, work, *serve_args, "--max-bytes", "0") as server:
            ours = small_queries(server.base + small_path, args.clients, args.seconds)
            large = stream_large(
                server.base + "/sparql", large_query(args.rows), server.process.pid
            )
        with oxigraph_serve(oxi, work, "--union-default-graph") as server:
            theirs = small_queries(
                server.base + "/query?query=" + quote(SMALL), args.clients, args.seconds
            )
            their_large = stream_large(server.base + "/query", large_query(args.rows), None)
    figures = {
        "quads": quads,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "payvand_rps": ours["rps"],
        "oxigraph_rps": theirs["rps"],
        "sparql_rps_ratio_vs_oxigraph": round(ours["rps"] / theirs["rps"], 2),
        "payvand_median_ms": ours["median_ms"],
        "oxigraph_median_ms": theirs["median_ms"],
        "large_rows": large["rows"],
        "large_seconds": large["seconds"],
        "large_mb": large["mb"],
        "large_peak_rss_mb": large["peak_rss_mb"],
        "large_peak_rss_with_workers_mb": large["peak_rss_with_workers_mb"],
        "oxigraph_large_seconds": their_large["seconds"],
    }
    if args.json:
        print(json.dumps(figures))
        return
    source = args.store or "data/articles"
    print(f"data: {quads} quads ({source}); {args.clients} clients, {args.seconds:g} s each")
    print(f"{'':34}{'payvand serve':>16}{'oxigraph serve':>16}{'ratio':>8}")
    print(
        f"{'small SELECT, requests/s':34}{ours['rps']:>16}{theirs['rps']:>16}"
        f"{figures['sparql_rps_ratio_vs_oxigraph']:>8}"
    )
    print(f"{'small SELECT, median ms':34}{ours['median_ms']:>16}{theirs['median_ms']:>16}")
    label = f"{large['rows']:,}-row SELECT (CSV), s"
    print(f"{label:34}{large['seconds']:>16}{their_large['seconds']:>16}")
    print(f"{'  peak RSS of payvand serve, MB':34}{large['peak_rss_mb']:>16}")
    print(f"{'  with its query workers, MB':34}{large['peak_rss_with_workers_mb']:>16}")


if __name__ == "__main__":
    main()
