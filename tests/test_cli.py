"""The command line, end to end on the bundled articles: ingest, query, export, stats."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner
from fastapi.testclient import TestClient

from payvand.cli import cli
from payvand.config import Settings
from payvand.web.app import create_app
from tests.conftest import DATA, SEED

pytestmark = pytest.mark.integration


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(store_spec: str) -> str:
    """The bundled articles ingested into an on-disk store, then into an Oxigraph server."""
    code, _out, err = run("ingest", str(DATA / "articles"), "--store", store_spec)
    assert code == 0, err
    assert "ingested 53 articles (0 unchanged, 0 failed)" in err
    assert "statements" in err
    assert "quads" in err
    return store_spec


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


def test_a_query_may_use_the_project_prefixes_undeclared(store: str) -> None:
    query = "SELECT ?name WHERE { ?p a pv:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 3"
    code, out, err = run("query", query, "--store", store, "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == "name"
    assert len(out.splitlines()) == 4


def test_query_from_file_and_syntax_error(store: str, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    code, out, _ = run("query", f"@{rq}", "--store", store)
    assert (code, out.strip()) == (0, "true")
    code, _out, err = run("query", "SELECT * WHERE {", "--store", store)
    assert code == 1
    assert err.splitlines() == [
        "Error: SPARQL syntax error: expected '}' at 1:17 (the '{' at 1:16 is not closed)",
        "  SELECT * WHERE {",
        "                  ^",
    ]
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


def test_the_api_answers_sparql_over_the_same_store(store: str) -> None:
    before = stats(store)
    app = create_app(Settings(store=store))
    try:
        with TestClient(app) as client:
            response = client.get(
                "/sparql",
                params={
                    "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
                },
            )
            assert response.status_code == 200, response.text
            count = int(response.json()["results"]["bindings"][0]["n"]["value"])
            assert count == before["graphs"]
            health = client.get("/health").json()
            assert (health["quads"], health["graphs"]) == (before["quads"], before["graphs"])
    finally:
        app.state.store.close()


def test_remove_deletes_an_article_and_reingest_brings_it_back(store: str) -> None:
    before = stats(store)
    url = "https://iqna.ir/fa/news/4029431"
    seed_url = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["url"]
    code, _out, err = run(
        "remove", seed_url, "https://example.org/never-ingested", "--store", store
    )
    assert code == 1
    assert "not in the store: https://example.org/never-ingested" in err
    assert "removed 1 articles" in err
    after = stats(store)
    assert after["graphs"] == before["graphs"] - 1  # type: ignore[operator]
    assert after["quads"] < before["quads"]  # type: ignore[operator]
    code, _out, err = run("ingest", str(SEED), "--store", store)
    assert code == 0, err
    assert "ingested 1 articles (0 unchanged" in err
    assert stats(store) == before
    assert url  # the seed's URL, for the reader


def test_a_changed_article_replaces_its_graph(store: str, tmp_path: Path) -> None:
    record = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    changed = tmp_path / "changed.jsonl"
    record["text"] = record["text"].replace("ایمانی‌پور", "ایمانی پور", 1) + "\nپایان."
    changed.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    before = stats(store)
    code, _out, err = run("ingest", str(changed), "--store", store)
    assert code == 0, err
    assert "ingested 1 articles (0 unchanged" in err
    query = (
        "PREFIX pv: <https://w3id.org/payvand/ontology#> SELECT (COUNT(?h) AS ?n) "
        f"WHERE {{ GRAPH ?g {{ ?g pv:contentHash ?h ; <https://schema.org/url> <{record['url']}> }} }}"
    )
    code, out, _ = run("query", query, "--store", store, "--format", "csv")
    assert out.splitlines()[1] == "1"  # one graph, one hash: the old version is gone
    assert stats(store)["graphs"] == before["graphs"]
    code, _out, err = run("ingest", str(SEED), "--store", store)
    assert "ingested 1 articles" in err
    assert stats(store) == before


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
    assert report["all"]["articles"] == 52
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


def test_ingest_has_large_blocks_mapped_apart_on_glibc() -> None:
    """`payvand ingest` sets glibc's mmap threshold; elsewhere the call reports it did nothing."""
    answer = subprocess.run(
        [sys.executable, "-c", "from payvand.cli import map_large_blocks_apart as m; print(m())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert answer.stdout.strip() == str(platform.libc_ver()[0] == "glibc")


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        # Ctrl-C while the group reads its options, before any command's own handling
        (["payvand", "-v", "stats"], "payvand.cli.logging.basicConfig"),
        # and in a command with no handling of its own
        (["payvand", "stats", "--store", "s"], "payvand.cli._settings"),
    ],
)
def test_ctrl_c_anywhere_ends_with_one_line_and_status_130(
    argv: list[str], where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from payvand import cli as cli_module

    def pressed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(where, pressed)
    with pytest.raises(SystemExit) as ended:
        cli_module.main()
    assert ended.value.code == 130
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-1].startswith("interrupted")
    assert f"run '{' '.join(argv)}" in lines[-1]
    assert "Aborted" not in "\n".join(lines)


def test_main_keeps_the_exit_status_of_usage_errors_and_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from payvand import cli as cli_module

    for argv, status in ((["payvand", "--help"], 0), (["payvand", "no-such-command"], 2)):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as ended:
            cli_module.main()
        assert ended.value.code == status, argv
    assert "No such command 'no-such-command'" in capsys.readouterr().err
