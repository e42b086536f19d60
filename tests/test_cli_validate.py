"""`payvand validate` on on-disk stores: a conforming one, a broken one, and a bad shapes file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat

from payvand.cli import cli
from payvand.store import OxigraphStore
from tests.test_validation import GOOD, ID

pytestmark = pytest.mark.integration


def store_with(path: Path, update: str | None = None) -> str:
    store = OxigraphStore(path)
    store.load(GOOD.encode(), format=RdfFormat.TURTLE, graph=NamedNode(ID + "article/a"))
    if update:
        store.update(update)
    store.close()
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_conforming_store(tmp_path: Path) -> None:
    code, out, err = run("validate", "--store", store_with(tmp_path / "s"))
    assert (code, err) == (0, "")
    assert out.startswith("conforms: ")
    assert "no violations" in out


def test_a_store_with_violations_exits_1_with_a_grouped_report(tmp_path: Path) -> None:
    store = store_with(
        tmp_path / "s",
        f"INSERT DATA {{ GRAPH <{ID}article/a> {{ "
        f"<{ID}article/a/statement/0> <https://w3id.org/payvand/ontology#speaker> <{ID}person/q> ."
        f"<{ID}twinning/t> <https://w3id.org/payvand/ontology#signingDate> "
        f'"2024"^^<http://www.w3.org/2001/XMLSchema#gYear> }} }}',
    )
    code, out, err = run("validate", "--store", store)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("does not conform: 2 violations, 1 warning in 3 groups")
    assert "violation: pv:speaker: a statement has exactly one speaker (1)" in lines
    assert "violation: pv:speaker: the speaker of a statement is a pv:Person (1)" in lines
    assert (
        "warning: pv:signingDate: the sources give more than one date for this twinning (1)"
        in lines
    )
    assert "    id:article/a/statement/0  value id:person/q" in lines
    assert err.strip() == "Error: 2 violation(s) of the shapes; see the report above"


def test_a_bad_shapes_file_is_named(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:x sh:y", encoding="utf-8")
    code, _out, err = run(
        "validate", "--store", store_with(tmp_path / "s"), "--shapes", str(shapes)
    )
    assert code == 1
    assert f"Error: {shapes}, line 2: is not valid Turtle" in err
    assert "Traceback" not in err
