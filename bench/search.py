"""The full-text search benchmark: index build, size, query latency and recall.

On a synthetic corpus (bench/corpus.py, 100,000 articles unless ``--articles N``) it ingests the
corpus twice with ``payvand ingest``, once with the full-text index and once without
(``--no-index``), and reports what the index adds to the ingest time, and the time of
``payvand index --rebuild`` from the store; the size of the index file against the store's
directory; the median of 100 warm runs of a one-word and of a phrase query, wall time and CPU time (a page
of 20 hits with snippets and facets, as /search answers); and, for 50 queries (words, phrases, prefixes,
OR and NOT, in other spellings: Arabic letters, no ZWNJ, suffixes), the hits of the index against
a scan of the same normalised texts read from the store. ``--store DIR`` skips the ingests and
measures an existing store and its index (``--index FILE`` another index of it);
``--latency-only`` stops after the searches. ``--json`` prints one object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from pyoxigraph import QuerySolutions

from bench.corpus import write_corpus
from payvand.sources import load_gazetteer
from payvand.store import open_reader
from payvand.store.search_index import SearchRequest, TextIndex
from payvand.text.analysis import analyse
from payvand.text.search_query import (
    AllOf,
    AnyOf,
    Node,
    Phrase,
    Prefix,
    Without,
    matches,
    parse_query,
    to_fts5,
)

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"ingested (\d+) articles .* in ([\d.]+) s")
TEXTS = """
SELECT ?doc ?text ?n ?g WHERE {
  { GRAPH ?g { ?doc a pv:Statement ; pv:quote ?text } BIND(-1 AS ?n) }
  UNION { GRAPH ?g { ?doc a pv:Sentence ; pv:text ?text ; pv:sentenceIndex ?n } }
  UNION { GRAPH ?g { ?g a schema:NewsArticle ; schema:headline ?text } BIND(?g AS ?doc)
          BIND(-2 AS ?n) }
}
"""
ONE_WORD = "فرهنگی"
PHRASE = "«هفته فرهنگی»"


def ingest(corpus: Path, store: Path, *extra: str) -> float:
    """Seconds of ``payvand ingest`` as it reports them."""
    done = subprocess.run(
        [sys.executable, "-m", "payvand", "ingest", str(corpus), "--store", str(store), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    match = SUMMARY.search(done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"the ingest failed:\n{done.stderr[-2000:]}")
    return float(match.group(2))


def rebuild(store: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "payvand", "index", "--rebuild", "--store", str(store)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def documents(store: Path) -> dict[str, list[str]]:
    """Every document's terms, from the store's own texts (articles: headline, then sentences)."""
    reader = open_reader(str(store))
    result = reader.query(TEXTS)
    assert isinstance(result, QuerySolutions)
    docs: dict[str, list[str]] = {}
    sentences: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for row in result:
        doc, text, n, graph = (row[v].value for v in ("doc", "text", "n", "g"))
        terms = analyse(text)
        if int(n) >= 0:
            sentences[graph].append((int(n), terms))
        docs[doc] = terms
    reader.close()
    for graph, parts in sentences.items():
        docs[graph] = docs.get(graph, []) + [t for _n, terms in sorted(parts) for t in terms]
    return docs


def positive_terms(node: Node) -> tuple[set[str], list[str]]:
    if isinstance(node, Phrase):
        return set(node.terms), []
    if isinstance(node, Prefix):
        return set(node.head), list(node.starts)
    if isinstance(node, Without):
        return positive_terms(node.wanted)
    assert isinstance(node, AllOf | AnyOf)
    terms: set[str] = set()
    starts: list[str] = []
    for part in node.parts:
        t, s = positive_terms(part)
        terms |= t
        starts += s
    return terms, starts


def scan(node: Node, docs: dict[str, list[str]], postings: dict[str, set[str]]) -> set[str]:
    """The documents that answer ``node``, by scanning every candidate's terms (a candidate holds
    one of the query's terms, or a term with one of its prefixes)."""
    terms, starts = positive_terms(node)
    candidates: set[str] = set()
    for term in terms:
        candidates |= postings.get(term, set())
    if starts:
        prefixes = tuple(starts)
        for term, holders in postings.items():
            if term.startswith(prefixes):
                candidates |= holders
    return {doc for doc in candidates if matches(node, docs[doc])}


def indexed(path: Path, query: str) -> set[str]:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT d.iri FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?",
            (to_fts5(parse_query(query)),),
        )
        return {iri for (iri,) in rows}
    finally:
        db.close()


def spellings(word: str) -> str:
    """Another way to write ``word``: Arabic kaf and yeh, no ZWNJ."""
    return word.replace("\u06a9", "\u0643").replace("\u06cc", "\u064a").replace("\u200c", "")


def queries(store: Path, count: int, seed: int) -> list[str]:
    """``count`` searches drawn from the store's quotes: words, phrases, prefixes, OR, NOT."""
    reader = open_reader(str(store))
    result = reader.query("SELECT ?q WHERE { ?s a pv:Statement ; pv:quote ?q } LIMIT 20000")
    assert isinstance(result, QuerySolutions)
    quotes = [row["q"].value for row in result]
    reader.close()
    rng = random.Random(seed)
    chosen: list[str] = [ONE_WORD, PHRASE]
    while len(chosen) < count:
        words = [w.strip('«»،.:؛؟!()"') for w in rng.choice(quotes).split()]
        words = [w for w in words if len(w) > 2]
        if len(words) < 3:
            continue
        kind = len(chosen) % 6
        i = rng.randrange(len(words) - 2)
        if kind == 0:
            query = words[i]
        elif kind == 1:
            query = f'"{words[i]} {words[i + 1]}"'
        elif kind == 2:
            query = spellings(f"{words[i]} {words[i + 2]}")
        elif kind == 3:
            query = words[i][: max(3, len(words[i]) - 2)] + "*"
        elif kind == 4:
            query = f"{words[i]} OR {words[i + 1]}"
        else:
            query = f"{words[i]} -{words[i + 2]}"
        try:
            parse_query(query)
        except ValueError:
            continue
        chosen.append(query)
    return chosen


def median_ms(index: TextIndex, query: str, runs: int) -> tuple[float, float, str]:
    """The median milliseconds of ``runs`` warm searches, of wall time and of this thread's CPU
    time (what the search costs, whatever else the machine runs), and the hits counted
    ("10000+" when the count stopped at its limit)."""
    request = SearchRequest(query, limit=20)
    page = index.search(request)  # warm
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.thread_time()
        index.search(request)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.thread_time() - cpu) * 1000)
    hits = f"{page.total}{'' if page.exact else '+'}"
    return statistics.median(walls), statistics.median(cpus), hits


def measure(args: argparse.Namespace) -> dict[str, object]:
    figures: dict[str, object] = {}
    if args.store is None:
        here = args.work / str(args.articles)
        shutil.rmtree(here, ignore_errors=True)
        here.mkdir(parents=True)
        corpus = here / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            write_corpus(
                args.articles, handle, seed=0, gazetteer=load_gazetteer(ROOT / "data" / "gazetteer")
            )
        without = ingest(corpus, here / "plain", "--no-index")
        store = here / "store"
        with_index = ingest(corpus, store)
        figures |= {
            "articles": args.articles,
            "ingest_seconds_without_index": without,
            "ingest_seconds_with_index": with_index,
            "index_overhead": with_index / without - 1,
            "rebuild_seconds": rebuild(here / "plain"),
        }
        shutil.rmtree(here / "plain", ignore_errors=True)
        (here / "plain.search.sqlite").unlink(missing_ok=True)
    else:
        store = args.store
    path = args.index or Path(str(store) + ".search.sqlite")
    index = TextIndex(path, read_only=True)
    figures |= {"index_counts": index.counts()}
    figures |= {
        "store_bytes": size(store),
        "index_bytes": size(path),
        "index_vs_store": size(path) / size(store),
    }
    figures["load_before_searches"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    one, one_cpu, one_hits = median_ms(index, ONE_WORD, args.runs)
    phrase, phrase_cpu, phrase_hits = median_ms(index, PHRASE, args.runs)
    figures |= {
        "one_word_query": ONE_WORD,
        "one_word_hits": one_hits,
        "one_word_median_ms": one,
        "one_word_median_cpu_ms": one_cpu,
        "phrase_query": PHRASE,
        "phrase_hits": phrase_hits,
        "phrase_median_ms": phrase,
        "phrase_median_cpu_ms": phrase_cpu,
    }
    chosen = queries(store, args.queries, seed=1)
    medians = [median_ms(index, q, 10) for q in chosen]
    figures["median_ms_over_queries"] = statistics.median(m[0] for m in medians)
    figures["max_median_ms_over_queries"] = max(m[0] for m in medians)
    figures["median_cpu_ms_over_queries"] = statistics.median(m[1] for m in medians)
    figures["load_after_searches"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if args.latency_only:
        index.close()
        return figures
    index.close()
    docs = documents(store)
    postings: dict[str, set[str]] = defaultdict(set)
    for doc, terms in docs.items():
        for term in terms:
            postings[term].add(doc)
    found = expected = agreed = 0
    worst: list[tuple[str, int, int]] = []
    for query in chosen:
        truth = scan(parse_query(query), docs, postings)
        got = indexed(path, query)
        expected += len(truth)
        found += len(got)
        agreed += len(truth & got)
        if truth != got:
            worst.append((query, len(truth), len(got)))
    figures |= {
        "queries": len(chosen),
        "scan_hits": expected,
        "index_hits": found,
        "recall": agreed / expected if expected else 1.0,
        "precision": agreed / found if found else 1.0,
        "queries_that_differ": worst,
    }
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="measure this store and its index instead")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench-search")
    parser.add_argument("--runs", type=int, default=100, help="warm runs per latency figure")
    parser.add_argument("--queries", type=int, default=50, help="searches checked against a scan")
    parser.add_argument("--index", type=Path, help="with --store: measure this index file")
    parser.add_argument(
        "--latency-only", action="store_true", help="measure the searches only, not the recall"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    figures = measure(args)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    for key, value in figures.items():
        shown = f"{value:.4g}" if isinstance(value, float) else value
        print(f"{key:32} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
