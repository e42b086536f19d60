"""What the full-text index adds to an ingest, measured side by side in one run.

``python -m bench.index_overhead [--articles N | --corpus FILE] [--rounds R] [--build NAME=DIR]``

The same corpus (bench/corpus.py, 5,000 articles unless ``--articles N``, or ``--corpus FILE``) is
ingested into a fresh store with ``payvand ingest`` and with ``payvand ingest --no-index``, in
turns, ``--rounds`` times (the order of the two flips from one round to the next, so that a
change in the machine's load falls on both). Each run's wall time is clocked, and its CPU time
(user and system, of the command and of its worker processes) read from ``getrusage``. The
figures are the median of each and the ratio with the index to without.

``--build NAME=DIR`` (repeatable) measures the package found in DIR (a ``pip install --target``
tree, as ``make compiled`` builds) under NAME, in the same turns, so that two versions compare
under the same load; without it, the package this interpreter imports. The load average is shown
at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import write_corpus
from payvand.sources import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]

MODES = ("no-index", "index")


@dataclass
class Runs:
    """The wall and CPU seconds of each run of one build in one mode."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ingest(corpus: Path, store: Path, *, index: bool, path: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``payvand ingest`` into a fresh ``store``."""
    shutil.rmtree(store, ignore_errors=True)
    for leftover in store.parent.glob(store.name + ".search.sqlite*"):
        leftover.unlink()
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = path
    command = [sys.executable, "-m", "payvand", "ingest", str(corpus), "--store", str(store)]
    if not index:
        command.append("--no-index")
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall, cpu = time.perf_counter() - started, children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"the ingest failed:\n{done.stderr[-2000:]}")
    return wall, cpu


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(args: argparse.Namespace) -> dict[str, object]:
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus
    if corpus is None:
        corpus = work / f"corpus-{args.articles}.jsonl"
        if not corpus.is_file():
            with corpus.open("w", encoding="utf-8") as handle:
                write_corpus(
                    args.articles,
                    handle,
                    seed=0,
                    gazetteer=load_gazetteer(ROOT / "data" / "gazetteer"),
                )
    builds: dict[str, str | None] = {}
    for given in args.build or []:
        name, _, where = given.partition("=")
        builds[name] = str(Path(where).resolve())
    if not builds:
        builds["this"] = None
    runs = {(name, mode): Runs() for name in builds for mode in MODES}
    figures: dict[str, object] = {"corpus": str(corpus), "load_at_start": load()}
    for round_ in range(args.rounds):
        modes = MODES if round_ % 2 == 0 else MODES[::-1]
        for name, path in builds.items():
            for mode in modes:
                wall, cpu = ingest(corpus, work / "store", index=mode == "index", path=path)
                runs[name, mode].wall.append(wall)
                runs[name, mode].cpu.append(cpu)
                if not args.json:
                    print(
                        f"round {round_ + 1} {name:>8} {mode:>8}: wall {wall:7.2f} s, "
                        f"cpu {cpu:7.2f} s, load {load()}",
                        flush=True,
                    )
    shutil.rmtree(work / "store", ignore_errors=True)
    for leftover in work.glob("store.search.sqlite*"):
        leftover.unlink()
    figures["load_at_end"] = load()
    for name in builds:
        plain, indexed = runs[name, "no-index"], runs[name, "index"]
        for what in ("wall", "cpu"):
            without = statistics.median(getattr(plain, what))
            with_index = statistics.median(getattr(indexed, what))
            # Each round's ratio, then their median: the runs of one round ran under one load.
            ratios = [
                b / a for a, b in zip(getattr(plain, what), getattr(indexed, what), strict=True)
            ]
            figures[f"{name}_{what}_without_index"] = round(without, 2)
            figures[f"{name}_{what}_with_index"] = round(with_index, 2)
            figures[f"{name}_{what}_overhead"] = round(statistics.median(ratios) - 1, 3)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, help="ingest this JSON Lines file instead")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench-index-overhead")
    parser.add_argument("--build", action="append", help="NAME=DIR: a package tree to measure")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    figures = measure(args)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    for key, value in figures.items():
        print(f"{key:32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
