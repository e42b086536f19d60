"""Which stores the commands open: only ingest creates one; reads work beside a running server,
and against payvand's own endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from payvand.cli import cli
from tests.conftest import SEED
from tests.integration.serving import Server, serve_ingested

pytestmark = pytest.mark.integration

READS = [
    ["stats"],
    ["query", "ASK { ?s ?p ?o }"],
    ["export", "--format", "nquads"],
    ["validate"],
    ["analyse", "actors"],
    ["serve", "--port", "1"],
    ["remove", "https://example.org/news/1"],
    ["index"],
]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", READS, ids=[c[0] for c in READS])
@pytest.mark.parametrize("place", ["missing", "empty", "unrelated", "file"])
def test_only_ingest_creates_a_store(tmp_path: Path, command: list[str], place: str) -> None:
    path = tmp_path / "store"
    if place == "empty":
        path.mkdir()
    elif place == "unrelated":
        path.mkdir()
        (path / "notes.txt").write_text("mine\n", encoding="utf-8")
    elif place == "file":
        path.write_text("not a store\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, _out, err = run(*command, "--store", str(path))
    assert code == 1
    why = {
        "missing": "it does not exist",
        "empty": "the folder is empty",
        "unrelated": "the folder holds other files",
        "file": "it is a file",
    }[place]
    assert err == (
        f"Error: there is no store at {path} ({why}); 'payvand ingest ARTICLES --store {path}' "
        "creates one, or give the --store that holds yours\n"
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written there


def test_ingest_creates_the_store(tmp_path: Path) -> None:
    path = tmp_path / "new" / "store"
    code, _out, err = run("ingest", str(SEED), "--store", str(path))
    assert code == 0, err
    code, out, err = run("stats", "--store", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["quads"] > 0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve_ingested(SEED, tmp_path_factory.mktemp("beside")) as running:
        yield running


def _stats(store: str, env: dict[str, str] | None = None) -> dict[str, object]:
    code, out, err = run("stats", "--store", store, "--json", env=env)
    assert code == 0, err
    result: dict[str, object] = json.loads(out)
    return result


def _store_dir(server: Server) -> str:
    return str(server.log.parent / "store")


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["query", "SELECT ?name WHERE { ?p a pv:Person ; rdfs:label ?name } LIMIT 1"],
        ["export", "--format", "trig"],
        ["validate"],
        ["analyse", "actors", "--measure", "degree", "--top", "3"],
    ],
    ids=lambda c: c[0],
)
def test_reads_beside_a_running_server(server: Server, command: list[str]) -> None:
    code, out, err = run(*command, "--store", _store_dir(server))
    assert code == 0, err
    assert out


def test_the_server_s_own_endpoint_counts_each_quad_once(server: Server) -> None:
    local = _stats(_store_dir(server))
    assert _stats(server.base) == local
    # naming the query endpoint (a generic server whose default graph is the union)
    generic = {
        "PAYVAND_SPARQL_QUERY_URL": f"{server.base}/sparql",
        "PAYVAND_SPARQL_READ_ONLY": "true",
    }
    assert _stats(server.base, env=generic)["quads"] == local["quads"]


@pytest.mark.parametrize("fmt", ["nquads", "turtle"])
def test_export_and_query_from_the_server_s_own_endpoint(
    server: Server, tmp_path: Path, fmt: str
) -> None:
    local, remote = tmp_path / f"local.{fmt}", tmp_path / f"remote.{fmt}"
    for store, output in ((_store_dir(server), local), (server.base, remote)):
        code, _out, err = run("export", "--store", store, "--format", fmt, "-o", str(output))
        assert code == 0, err
    if fmt == "nquads":
        assert sorted(remote.read_text(encoding="utf-8").splitlines()) == sorted(
            local.read_text(encoding="utf-8").splitlines()
        )
    code, out, err = run(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a pv:Person }",
        "--store",
        server.base,
        "--format",
        "csv",
    )
    assert code == 0, err
    assert int(out.splitlines()[1]) > 0
