"""How fast Ctrl-C ends `payvand ingest`: ``python bench/interrupt.py [--rounds 3] [--articles 6000]``.

Writes a synthetic corpus, then runs `payvand ingest --workers 2` on it again and again, sends
SIGINT to its process group (as a terminal does) after a range of delays (while it starts, loads
the gazetteer, starts its workers, extracts and writes), and prints how long each run took to end
after the signal, with its exit status. The figures are printed, never asserted: the test
(tests/integration/test_interrupt.py) checks what Ctrl-C must do, this measures how fast.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from payvand.sources import load_gazetteer  # noqa: E402

DELAYS = (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)


def _once(command: list[str], delay: float, env: dict[str, str]) -> tuple[float, int] | None:
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    time.sleep(delay)
    if process.poll() is not None:
        return None  # ended before Ctrl-C
    os.killpg(process.pid, signal.SIGINT)
    sent = time.monotonic()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return (float("inf"), -9)
    return time.monotonic() - sent, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times over the delays")
    parser.add_argument("--articles", type=int, default=6000)
    args = parser.parse_args()
    payvand = str(Path(sys.executable).with_name("payvand"))
    env = {**os.environ, "PAYVAND_BATCH_SIZE": "200", "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory(prefix="payvand-interrupt-") as work:
        corpus = Path(work) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            write_corpus(
                args.articles, handle, seed=11, gazetteer=load_gazetteer(ROOT / "data/gazetteer")
            )
        took: list[float] = []
        statuses: dict[int, int] = {}
        for round_ in range(args.rounds):
            for number, delay in enumerate(DELAYS):
                store = Path(work) / f"store-{number % 3}"
                command = [payvand, "ingest", str(corpus), "--store", str(store), "--workers", "2"]
                result = _once(command, delay, env)
                if result is None:
                    print(f"round {round_ + 1}, Ctrl-C after {delay:.1f} s: ended before it")
                    continue
                seconds, status = result
                took.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1
                print(
                    f"round {round_ + 1}, Ctrl-C after {delay:.1f} s: ended in {seconds:.2f} s, status {status}"
                )
    if took:
        print(
            f"{len(took)} interrupts: median {statistics.median(took):.2f} s, "
            f"max {max(took):.2f} s, within 2 s: {sum(t <= 2.0 for t in took)} of {len(took)}; "
            f"statuses {dict(sorted(statuses.items()))}; load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
