"""The scale benchmark behind ``bench/run``: ingest, bulk load, memory, export and SPARQL.

For each corpus size (10,000 and 100,000 articles, or ``--articles N``) it generates a synthetic
corpus (bench/corpus.py), measures the extraction rate on one core, ingests the corpus end to
end with ``payvand ingest`` (peak RSS of the process and its workers, sampled from /proc),
exports the store as N-Quads and Turtle, bulk-loads the same N-Quads into a fresh pyoxigraph
store, and, for the largest corpus, compares SPARQL throughput of ``payvand serve`` and
``oxigraph serve`` (bench/sparql.py). Figures are printed as a table, or with ``--json`` as one
object (the figures of the largest corpus at the top level, every corpus under ``runs``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph

from bench.corpus import write_corpus
from payvand import is_compiled
from payvand.allocator import allocator_in_use, restart_with_preferred_allocator
from payvand.errors import InputError
from payvand.extract.pipeline import extract_article
from payvand.model import Article
from payvand.sources import load_gazetteer, read_articles

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(
    r"ingested (\d+) articles .*?: (\d+) entities, (\d+) statements, (\d+) quads in ([\d.]+) s"
)
EXTRACTION_SAMPLE = 1000


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text(encoding="ascii")
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(p) for p in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run_measured(command: list[str]) -> tuple[float, int, str]:
    """Run ``command``: seconds, peak RSS of its process tree (bytes) and its stderr."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _out, err = process.communicate()
    seconds = time.perf_counter() - began
    done.set()
    sampler.join()
    text = err.decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{text[-3000:]}")
    return seconds, peak, text


def extraction_rate(corpus: Path) -> float:
    """Articles per second that one process extracts (the first articles of the corpus)."""
    gazetteer = load_gazetteer(ROOT / "data" / "gazetteer")
    articles: list[Article] = []
    for item in read_articles([corpus]):
        if isinstance(item, Article):
            articles.append(item)
        if len(articles) >= EXTRACTION_SAMPLE:
            break
    began = time.perf_counter()
    for article in articles:
        extract_article(article, gazetteer)
    return len(articles) / (time.perf_counter() - began)


def timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def bulk_load_seconds(nquads: Path, location: Path) -> float:
    """A plain pyoxigraph bulk load of the N-Quads file into a fresh on-disk store."""
    shutil.rmtree(location, ignore_errors=True)
    store = pyoxigraph.Store(str(location))
    began = time.perf_counter()
    store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - began
    del store
    return seconds


def measure(n: int, work: Path, *, workers: int, rate: float | None) -> dict[str, float | int]:
    here = work / str(n)
    shutil.rmtree(here, ignore_errors=True)
    here.mkdir(parents=True)
    corpus = here / "corpus.jsonl"
    gazetteer = load_gazetteer(ROOT / "data" / "gazetteer")
    with corpus.open("w", encoding="utf-8") as handle:
        write_corpus(n, handle, seed=0, gazetteer=gazetteer)
    if rate is None:
        rate = extraction_rate(corpus)
    store = here / "store"
    payvand = [sys.executable, "-m", "payvand"]
    seconds, peak, stderr = run_measured(
        [*payvand, "ingest", str(corpus), "--store", str(store), "--workers", str(workers)]
    )
    match = SUMMARY.search(stderr)
    if match is None:
        raise SystemExit(f"no summary line in the ingest output:\n{stderr[-2000:]}")
    articles, quads = int(match.group(1)), int(match.group(4))
    nquads, turtle = here / "export.nq", here / "export.ttl"
    export_nquads = timed(
        [*payvand, "export", "--store", str(store), "--format", "nquads", "-o", str(nquads)]
    )
    export_turtle = timed(
        [*payvand, "export", "--store", str(store), "--format", "turtle", "-o", str(turtle)]
    )
    turtle.unlink()
    bulk = bulk_load_seconds(nquads, here / "bulk")
    shutil.rmtree(here / "bulk", ignore_errors=True)
    nquads.unlink()
    extraction_floor = articles / (rate * workers)
    return {
        "articles": articles,
        "quads": quads,
        "workers": workers,
        "extraction_articles_per_s_per_core": rate,
        "ingest_seconds": seconds,
        "ingest_articles_per_s": articles / seconds,
        "ingest_quads_per_s": quads / seconds,
        "bulk_load_seconds": bulk,
        "ingest_vs_bulk_load_ratio": seconds / bulk,
        "ingest_vs_bulk_load_plus_extraction_ratio": seconds / (bulk + extraction_floor),
        "peak_rss_mb": peak / 2**20,
        "export_nquads_seconds": export_nquads,
        "export_turtle_seconds": export_turtle,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles",
        type=int,
        action="append",
        help="corpus size (repeatable; default 10000 and 100000)",
    )
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--sparql-seconds", type=float, default=10.0)
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and stores")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    sizes = sorted(args.articles or [10_000, 100_000])
    runs: list[dict[str, float | int]] = []
    rate: float | None = None
    for n in sizes:
        print(f"bench: {n} articles …", file=sys.stderr, flush=True)
        figures = measure(n, args.work, workers=args.workers, rate=rate)
        rate = float(figures["extraction_articles_per_s_per_core"])
        runs.append(figures)
        # printed as soon as measured, so that a later failure loses nothing
        print(f"bench: {n} articles: {json.dumps(figures)}", file=sys.stderr, flush=True)
    largest = runs[-1]
    result: dict[str, object] = dict(largest)
    result["compiled"] = is_compiled()
    result["allocator"] = allocator_in_use()
    if len(runs) > 1:
        result["peak_rss_growth_vs_smallest"] = (
            float(largest["peak_rss_mb"]) / float(runs[0]["peak_rss_mb"]) - 1
        )
    failed = False
    sparql_script = ROOT / "bench" / "sparql.py"
    if sparql_script.exists():
        print("bench: SPARQL throughput …", file=sys.stderr, flush=True)
        answer = subprocess.run(
            [
                sys.executable,
                str(sparql_script),
                "--store",
                str(args.work / str(sizes[-1]) / "store"),
                "--seconds",
                str(args.sparql_seconds),
                "--json",
            ],
            capture_output=True,
            text=True,
            env={k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "MALLOC_CONF")},
        )
        if answer.returncode == 0:
            result.update(json.loads(answer.stdout.strip().splitlines()[-1]))
        else:
            failed = True
            result["sparql_error"] = (answer.stderr.strip() or answer.stdout.strip())[-2000:]
            print(
                f"bench: the SPARQL benchmark failed (exit {answer.returncode}):\n"
                f"{result['sparql_error']}",
                file=sys.stderr,
                flush=True,
            )
    result["runs"] = runs
    if not args.keep:
        for n in sizes:
            shutil.rmtree(args.work / str(n), ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
        return 1 if failed else 0
    keys = [k for k in runs[0] if k != "articles"]
    print(f"{'articles':44}" + "".join(f"{r['articles']:>14,}" for r in runs))
    for key in keys:
        print(f"{key:44}" + "".join(_cell(r[key]) for r in runs))
    for key, value in result.items():
        if key not in runs[0] and key not in ("runs", "sparql_error"):
            print(f"{key:44}{_cell(value)}")
    return 1 if failed else 0


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:>14,.2f}"
    if isinstance(value, int):
        return f"{value:>14,}"
    return f"{value!s:>14}"


if __name__ == "__main__":
    # On the allocator `payvand ingest` runs on (jemalloc, when the system has it), so that the
    # plain bulk load it is compared with runs on the same one; PAYVAND_ALLOCATOR=system for
    # glibc's. The SPARQL servers start without LD_PRELOAD and MALLOC_CONF: oxigraph serve runs on
    # the system's allocator, payvand serve on the one it chooses itself.
    try:
        restart_with_preferred_allocator()
    except InputError as err:
        raise SystemExit(f"bench: {err}") from err
    sys.exit(main())
