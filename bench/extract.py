"""Extraction speed: gazetteer load time, and articles per second on one core.

    .venv/bin/python bench/extract.py [--seconds 5] [--json]
    PYTHONPATH=build/compiled .venv/bin/python bench/extract.py   # the compiled build

Loads the bundled gazetteer (data/gazetteer) the way `payvand ingest` does and times it, then
extracts the seed article and the annotated articles of data/articles/gold over and over, one
process on one core set up as the ingest's extracting processes are (settle_for_extraction), for
at least ``--seconds`` each, and prints the rate as articles per second of CPU time (the
process's own time, so that other work on the machine counts less) and of wall time. The
figures are printed, never asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from payvand import is_compiled
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.model import Article
from payvand.pipeline import settle_for_extraction
from payvand.sources import load_gazetteer, read_articles, read_gold
from payvand.text.document import read_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _articles() -> dict[str, list[Article]]:
    seed = [a for a in read_articles([DATA / "articles" / "seed-iqna-4029431.jsonl"])]
    gold = [item[1] for item in read_gold(DATA / "articles" / "gold") if isinstance(item, tuple)]
    return {
        "seed": [a for a in seed if isinstance(a, Article)],
        "gold": gold,
    }


def _rate(articles: list[Article], seconds: float, gazetteer: Gazetteer) -> dict[str, float]:
    for article in articles:  # warm the caches a real ingest would have warm
        extract_article(article, gazetteer)
    done = 0
    wall = time.perf_counter()
    cpu = time.process_time()
    while time.perf_counter() - wall < seconds:
        for article in articles:
            extract_article(article, gazetteer)
        done += len(articles)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    chars = sum(len(a.text) for a in articles) / len(articles)
    return {
        "articles": done,
        "chars_per_article": round(chars),
        "per_second_cpu": round(done / cpu, 1),
        "per_second_wall": round(done / wall, 1),
        "ms_per_article_cpu": round(1000 * cpu / done, 3),
    }


def _long_pages(gazetteer: Gazetteer, sizes: list[int]) -> None:
    gold = _articles()["gold"]
    for lang in ("en", "fa"):
        # the bodies only: a page's furniture (a source line, related links) would end it early
        texts = [read_document(a.text).text for a in gold if (a.lang or _script(a.text)) == lang]
        before = 0.0
        for size in sizes:
            parts: list[str] = []
            length = 0
            while length < size:
                parts.append(texts[len(parts) % len(texts)])
                length += len(parts[-1]) + 2
            page = Article(url="https://example.org/long", text="\n\n".join(parts), lang=lang)
            cpu = time.process_time()
            extraction = extract_article(page, gazetteer)
            cpu = time.process_time() - cpu
            growth = f"  x{cpu / before:.1f} time" if before else ""
            sys.stdout.write(
                f"{lang} page of {len(page.text):>9,} chars: {cpu:7.2f} s CPU, "
                f"{len(extraction.entities):>5} entities, "
                f"{len(extraction.statements):>5} statements{growth}\n"
            )
            before = cpu


def _script(text: str) -> str:
    latin = sum(c.isascii() and c.isalpha() for c in text)
    return "en" if latin > len(text) / 3 else "fa"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per set (default 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--long", action="store_true", help="time single long pages of growing size instead"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    started = time.perf_counter()
    gazetteer = load_gazetteer(DATA / "gazetteer")
    load = time.perf_counter() - started
    sets = _articles()
    settle_for_extraction()  # as every extracting process of `payvand ingest` is set up
    if args.long:
        sys.stdout.write(f"build: {'compiled' if is_compiled() else 'interpreted sources'}\n")
        _long_pages(gazetteer, [200_000, 800_000, 3_200_000])
        return
    report: dict[str, object] = {
        "gazetteer_load_seconds": round(load, 3),
        "gazetteer_entries": len(gazetteer),
        "compiled": is_compiled(),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    for name, articles in sets.items():
        report[name] = _rate(articles, args.seconds, gazetteer)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    sys.stdout.write(
        f"gazetteer: {report['gazetteer_entries']} entries loaded in "
        f"{report['gazetteer_load_seconds']:.3f} s\n"
        f"load average at start: {report['load_average']}\n"
        f"build: {'compiled (C extensions)' if report['compiled'] else 'interpreted sources'}\n"
    )
    for name in sets:
        figures = report[name]
        assert isinstance(figures, dict)
        sys.stdout.write(
            f"{name:5s} {figures['chars_per_article']:>5} chars/article: "
            f"{figures['per_second_cpu']:>7.1f} articles/s per core (CPU time), "
            f"{figures['per_second_wall']:>7.1f} wall, "
            f"{figures['ms_per_article_cpu']:.3f} ms each, {figures['articles']} articles\n"
        )


if __name__ == "__main__":
    main()
