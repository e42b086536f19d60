"""Every example of the README runs, as written, over the bundled articles.

Each ``sh`` block of README.md is run line by line with bash, in a scratch folder that holds the
repository's ``data``, ``queries`` and ``ontology`` and a ``.venv/bin`` with this environment's
``payvand``. The first example ingests ``data/articles`` into ``var/store``; the fixture does the
same beforehand so that each block can run alone. A line ending in ``&`` and every
``payvand serve`` run in the background until their block ends; the lines after them talk to them
(a block that talks to a server it does not start gets the one an earlier example starts:
``payvand serve``, or ``oxigraph serve`` over the same folder).
Every line must exit with status 0 and print no traceback. The only changes made to the lines are
the ports and folders of :data:`SUBSTITUTIONS` (free ports, a scratch folder) and ``curl`` failing
on an HTTP error (``--fail-with-body``). Lines the test cannot run are listed in :data:`NOT_RUN`,
with the reason; one listed there that the README no longer has fails the test.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.integration.serving import free_port

pytestmark = pytest.mark.integration

README = ROOT / "README.md"
BIN = Path(sys.executable).parent  # payvand and oxigraph (the test extras) are installed here

# Lines of the README's sh blocks that are not run here, and why.
NOT_RUN = {
    "make run": "it serves until stopped; its parts (ingest, serve) are examples run here",
    "make test": "the command that runs this test",
    "bench/run": "the scale benchmark: 100,000 articles, an hour (tests/bench covers its corpus)",
    "bench/run --articles 10000 --json": "the scale benchmark, as above",
    ".venv/bin/python bench/extract.py": "a speed measure, not an example of use",
    "make compiled && PYTHONPATH=build/compiled .venv/bin/python bench/extract.py": "as above",
    ".venv/bin/python bench/extract.py --long": "as above",
    "bench/realnews PATH/TO/realnews": "a real-news set, which the repository does not hold",
    "bench/realnews --clean PATH/TO/realnews": "as above",
    "bench/realnews PATH/TO/realnews --verbose": "as above",
    # settings for SPARQL servers that are not here (Virtuoso, Fuseki, GraphDB)
    "export PAYVAND_STORE=http://db.example.org:8890": "a Virtuoso server",
    "export PAYVAND_SPARQL_QUERY_URL=http://db.example.org:8890/sparql-auth": "a Virtuoso server",
    "export PAYVAND_SPARQL_USER=payvand PAYVAND_SPARQL_PASSWORD=... PAYVAND_SPARQL_AUTH=digest": (
        "a Virtuoso server"
    ),
    "export PAYVAND_STORE=http://db.example.org:3030": "a Fuseki server",
    "export PAYVAND_SPARQL_QUERY_URL=http://db.example.org:3030/payvand/query": "a Fuseki server",
    "export PAYVAND_SPARQL_UPDATE_URL=http://db.example.org:3030/payvand/update": "a Fuseki server",
    "export PAYVAND_SPARQL_STORE_URL=http://db.example.org:3030/payvand": "a Fuseki server",
    "export PAYVAND_STORE=http://db.example.org:7200": "a GraphDB server",
    "export PAYVAND_SPARQL_QUERY_URL=http://db.example.org:7200/repositories/payvand": "GraphDB",
    "export PAYVAND_SPARQL_UPDATE_URL=http://db.example.org:7200/repositories/payvand/statements": (
        "a GraphDB server"
    ),
}


@dataclass(frozen=True)
class Block:
    line: int  # of the opening ``` in README.md
    commands: tuple[tuple[int, str], ...]  # (line number, command), comments and blanks left out

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def read_blocks(text: str) -> list[Block]:
    """The ``sh`` blocks of a Markdown text with their runnable lines."""
    blocks: list[Block] = []
    opened: int | None = None
    commands: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if opened is None:
            if line.strip() == "```sh":
                opened, commands = number, []
        elif line.strip() == "```":
            blocks.append(Block(opened, tuple(commands)))
            opened = None
        elif line.strip() and not line.lstrip().startswith("#"):
            commands.append((number, re.sub(r"\s+#\s.*$", "", line).strip()))
    return blocks


BLOCKS = read_blocks(README.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Scratch:
    folder: Path
    substitutions: tuple[tuple[str, str], ...]
    env: dict[str, str]
    port: int
    oxigraph_port: int


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    folder = tmp_path_factory.mktemp("readme")
    for name in ("data", "queries", "ontology"):
        (folder / name).symlink_to(ROOT / name)
    (folder / ".venv").mkdir()
    (folder / ".venv" / "bin").symlink_to(BIN)
    port, oxigraph_port = free_port(), free_port()
    substitutions = (
        ("127.0.0.1:8000", f"127.0.0.1:{port}"),
        ("--port 8000", f"--port {port}"),
        ("127.0.0.1:7878", f"127.0.0.1:{oxigraph_port}"),
        ("/srv/payvand", str(folder / "oxigraph-store")),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYVAND_")}
    env |= {"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "PAYVAND_PORT": str(port)}
    done = subprocess.run(
        [str(BIN / "payvand"), "ingest", "data/articles", "--store", "var/store"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return Scratch(folder, substitutions, env, port, oxigraph_port)


def as_run(command: str, scratch: Scratch) -> str:
    for old, new in scratch.substitutions:
        command = command.replace(old, new)
    return re.sub(r"^curl ", "curl -sS --fail-with-body ", command)


def wait_for(command: str, process: subprocess.Popen[str], scratch: Scratch) -> None:
    """Until the server that ``command`` starts answers."""
    if "payvand serve" in command:
        url = f"http://127.0.0.1:{scratch.port}/health"
    elif "oxigraph serve" in command:
        url = f"http://127.0.0.1:{scratch.oxigraph_port}/query?query=ASK%7B%7D"
    else:
        raise AssertionError(f"{command!r} runs in the background but starts no known server")
    for _ in range(600):
        assert process.poll() is None, f"{command!r} ended with status {process.returncode}"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{command!r} did not answer at {url}")


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_the_readme_example_runs(block: Block, scratch: Scratch, tmp_path: Path) -> None:
    background: list[subprocess.Popen[str]] = []
    commands = list(block.commands)
    if any("127.0.0.1:8000" in c for _, c in commands) and not any(
        "payvand serve" in c for _, c in commands
    ):  # the server the first examples start: `payvand serve --port 8000`
        commands.insert(0, (block.line, ".venv/bin/payvand serve --port 8000"))
    if any("127.0.0.1:7878" in c for _, c in commands) and not any(
        "oxigraph serve" in c for _, c in commands
    ):  # the Oxigraph server an earlier example starts
        serve = "oxigraph serve --location /srv/payvand --bind 127.0.0.1:7878 &"
        commands.insert(0, (block.line, serve))
    try:
        for number, written in commands:
            if written in NOT_RUN:
                continue
            command = as_run(written, scratch)
            where = f"README.md, line {number}: {written}"
            if command.endswith("&") or re.match(r"\S*payvand serve\b", command):
                with (tmp_path / f"line-{number}.log").open("w") as log:
                    process = subprocess.Popen(
                        ["bash", "-c", "exec " + command.rstrip("&").strip()],
                        cwd=scratch.folder,
                        env=scratch.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
                background.append(process)
                wait_for(command, process, scratch)
                continue
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=scratch.folder,
                env=scratch.env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            output = done.stdout + done.stderr
            assert done.returncode == 0, f"{where}\nexit status {done.returncode}\n{output}"
            assert "Traceback" not in output, f"{where}\n{output}"
            if re.match(r"\S*payvand query '", command):
                assert len(done.stdout.splitlines()) > 2, f"{where}: no rows\n{output}"
    finally:
        for process in reversed(background):
            stop(process)


def test_every_line_left_out_is_in_the_readme() -> None:
    written = {command for block in BLOCKS for _, command in block.commands}
    assert set(NOT_RUN) <= written, set(NOT_RUN) - written


def test_the_readme_has_examples_of_each_kind() -> None:
    written = [command for block in BLOCKS for _, command in block.commands]
    assert sum(c.startswith(".venv/bin/payvand ") for c in written) >= 20
    assert sum(c.startswith("curl ") for c in written) >= 4
