"""Ctrl-C during `payvand ingest`: real SIGINTs, as a terminal sends them to the command and its
worker processes, at every stage of an ingest, many times over.

Each time the command must end, with status 130, one line saying what was stored and how to go
on, no traceback, and no process of its own left behind. How fast it ends (within 2 s, as a rule)
is measured by `bench/interrupt.py`, not asserted here: on a machine busy with other work an exit
may take a little longer, and a test must not fail for that. A command still running long after
Ctrl-C is a hang, and fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from payvand.extract.gazetteer import Gazetteer

pytestmark = pytest.mark.integration

ARTICLES = 6000
# Seconds from the start to Ctrl-C: while the command starts (imports, the start again on
# jemalloc), loads the gazetteer, starts its workers, extracts, and writes batches.
DELAYS = (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)
# Still running this long after Ctrl-C: a hang (one try hung for 20 minutes, on a full pipe).
HANG = 30.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Path:
    path = tmp_path_factory.mktemp("interrupt") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_corpus(ARTICLES, handle, seed=11, gazetteer=gazetteer)
    return path


def _session(sid: int) -> list[int]:
    """The processes still running in session ``sid`` (the command and what it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append(int(entry.name))
    return found


def _interrupt(command: list[str], delay: float, env: dict[str, str]) -> str:
    """Run ``command``, press Ctrl-C after ``delay`` s; what went wrong, or ''."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    time.sleep(delay)
    if process.poll() is not None:
        _out, err = process.communicate()
        return f"ended before Ctrl-C (status {process.returncode}): {err[-500:]}"
    os.killpg(process.pid, signal.SIGINT)
    try:
        _out, err = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return f"hung: still running {HANG:.0f} s after Ctrl-C"
    problems = []
    if process.returncode != 130:
        problems.append(f"status {process.returncode}")
    lines = err.strip().splitlines()
    said = [line for line in lines if line.startswith("interrupted")]
    if len(said) != 1 or lines[-1] != said[0]:
        problems.append(f"not one closing line: {lines[-5:]}")
    elif "stored" not in said[0] or "payvand ingest" not in said[0]:
        problems.append(f"the line does not say what was stored and how to go on: {said[0]}")
    if "Traceback" in err or "Error" in err or "Warning" in err:
        problems.append(f"noise on stderr: {err[-800:]}")
    deadline = time.monotonic() + 1.0
    while _session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _session(process.pid)
    if left:
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        problems.append(f"processes left behind: {left}")
    return "; ".join(problems)


def test_ctrl_c_ends_an_ingest_at_once_every_time(corpus: Path, tmp_path: Path) -> None:
    payvand = str(Path(sys.executable).with_name("payvand"))
    env = {**os.environ, "PAYVAND_BATCH_SIZE": "200", "PYTHONUNBUFFERED": "1"}
    failures = []
    for number, delay in enumerate(DELAYS):
        store = tmp_path / f"store-{number % 3}"  # fresh stores and stores interrupted before
        command = [payvand, "ingest", str(corpus), "--store", str(store), "--workers", "2"]
        problem = _interrupt(command, delay, env)
        if problem:
            failures.append(f"Ctrl-C after {delay} s: {problem}")
    assert failures == []
