"""The command line, end to end on the bundled articles: ingest, query, export, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner

from payvand.cli import cli
from tests.conftest import DATA, SEED

pytestmark = pytest.mark.integration


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    code, _out, err = run("ingest", str(DATA / "articles"), "--store", str(path))
    assert code == 0, err
    assert "ingested" in err
    assert "statements" in err
    assert "quads" in err
    return str(path)


def stats(store: str) -> dict[str, object]:
    code, out, err = run("stats", "--store", store, "--json")
    assert code == 0, err
    result: dict[str, object] = json.loads(out)
    return result


def test_every_command_has_help() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in cli.commands.values():
        assert command.help, f"'{command.name}' has no help"
        assert command.name
        assert command.name in out
        code, sub, _ = run(command.name or "", "--help")
        assert code == 0
        assert "Usage" in sub


def test_query_table_json_csv(store: str) -> None:
    query = "PREFIX pv: <https://w3id.org/payvand/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?s a pv:Statement }"
    code, out, err = run("query", query, "--store", store)
    assert code == 0, err
    assert out.splitlines()[0].strip() == "n"
    code, out, _ = run("query", query, "--store", store, "--format", "json")
    assert int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) >= 9
    code, out, _ = run("query", query, "--store", store, "--format", "csv")
    assert out.splitlines()[0] == "n"


def test_query_from_file_and_syntax_error(store: str, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    code, out, _ = run("query", f"@{rq}", "--store", store)
    assert (code, out.strip()) == (0, "true")
    code, _out, err = run("query", "SELECT * WHERE {", "--store", store)
    assert code == 1
    assert err.startswith("Error: SPARQL syntax error")
    assert "Traceback" not in err
    code, _out, err = run("query", f"@{tmp_path / 'missing.rq'}", "--store", store)
    assert code == 1
    assert "cannot read the query file" in err


def test_export_reparse_and_reingest_keeps_the_counts(store: str, tmp_path: Path) -> None:
    before = stats(store)
    turtle = tmp_path / "dump.ttl"
    code, _out, err = run("export", "--store", store, "--format", "turtle", "-o", str(turtle))
    assert code == 0, err
    graph = rdflib.Graph().parse(data=turtle.read_text(encoding="utf-8"), format="turtle")
    assert len(graph) > 100
    trig = tmp_path / "dump.trig"
    assert run("export", "--store", store, "--format", "trig", "-o", str(trig))[0] == 0
    quads = list(pyoxigraph.parse(path=str(trig), format=pyoxigraph.RdfFormat.TRIG))
    names = {q.graph_name.value for q in quads if isinstance(q.graph_name, pyoxigraph.NamedNode)}
    assert "https://w3id.org/payvand/graph/reference" in names
    assert (len(names), len(quads)) == (before["graphs"], before["quads"])
    nquads = tmp_path / "dump.nq"
    assert run("export", "--store", store, "--format", "nquads", "-o", str(nquads))[0] == 0
    assert len(nquads.read_text(encoding="utf-8").splitlines()) == before["quads"]
    code, _out, err = run("ingest", str(SEED), "--store", store)
    assert code == 0
    assert "1 unchanged" in err
    assert stats(store) == before


def test_export_one_graph_and_unknown_graph(store: str) -> None:
    code, out, _ = run(
        "export",
        "--store",
        store,
        "--format",
        "ntriples",
        "--graph",
        "https://w3id.org/payvand/graph/reference",
    )
    assert code == 0
    assert out.count("\n") > 1000
    code, _out, err = run(
        "export", "--store", store, "--format", "turtle", "--graph", "http://example.org/nope"
    )
    assert code == 1
    assert "there is no graph <http://example.org/nope>" in err


def test_bad_inputs_are_reported_and_the_rest_is_kept(store: str, tmp_path: Path) -> None:
    before = stats(store)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"url": "https://example.org/x", "text": "متن کوتاه درباره سازمان فرهنگ و ارتباطات اسلامی."}\n'
        "not json\n"
        '{"url": "https://example.org/y"}\n',
        encoding="utf-8",
    )
    code, _out, err = run("ingest", str(bad), str(tmp_path / "missing.txt"), "--store", store)
    assert code == 1
    assert f"{bad}, line 2: is not JSON" in err
    assert f"{bad}, line 3, field 'text': is missing" in err
    assert f"{tmp_path / 'missing.txt'}: does not exist" in err
    assert "ingested 1 articles" in err
    assert "Traceback" not in err
    after = stats(store)
    assert after["graphs"] == before["graphs"] + 1  # type: ignore[operator]


def test_evaluate_prints_the_table_json_and_details() -> None:
    gold = str(DATA / "articles" / "gold")
    code, out, err = run("evaluate", gold)
    assert code == 0, err
    assert "CQ6 statements" in out
    assert "entity (CQ1-3)" in out
    assert out.count("articles)") == 3  # all, en, fa
    code, out, err = run("evaluate", gold, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert set(report) == {"all", "fa", "en"}
    assert report["all"]["articles"] == 44
    assert 0.0 <= report["fa"]["relation"]["f1"] <= 1.0
    code, out, err = run("evaluate", gold, "--details")
    assert code == 0, err
    assert "== " in out
    assert " missed " in out or " wrong " in out


def test_evaluate_names_a_bad_directory(tmp_path: Path) -> None:
    code, _out, err = run("evaluate", str(tmp_path / "nowhere"))
    assert code == 1
    assert "nowhere" in err
    assert "Traceback" not in err
