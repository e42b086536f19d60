"""`payvand ingest`, `remove` and `index` keep the full-text index level with the store, an
on-disk store and a real Oxigraph server alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from payvand.cli import cli
from payvand.store import open_reader
from payvand.store.search_documents import article_hashes
from payvand.store.search_index import SearchRequest, TextIndex
from tests.conftest import SEED

pytestmark = pytest.mark.integration

SEED_URL = "https://iqna.ir/fa/news/4029431/"


def run(*args: str, env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stderr


def indexed(path: Path) -> dict[str, str]:
    index = TextIndex(path, read_only=True)
    try:
        return index.article_hashes()
    finally:
        index.close()


def stored(spec: str) -> dict[str, str]:
    store = open_reader(spec)
    try:
        return article_hashes(store)
    finally:
        store.close()


def test_the_index_follows_ingest_remove_and_rebuild(store_spec: str, tmp_path: Path) -> None:
    remote = store_spec.startswith("http")
    path = tmp_path / "search.sqlite" if remote else Path(store_spec + ".search.sqlite")
    env = {"PAYVAND_SEARCH_INDEX": str(path)} if remote else {}
    code, err = run("ingest", str(SEED), "--store", store_spec, env=env)
    assert code == 0, err
    assert path.is_file()
    assert indexed(path) == stored(store_spec) != {}
    index = TextIndex(path, read_only=True)
    assert index.search(SearchRequest("ایمانی‌پور OR رایزن*")).total > 0
    index.close()

    code, err = run("index", "--store", store_spec, env=env)
    assert code == 0, err
    assert "holds the store's 1 articles: 0 indexed, 0 dropped" in err

    code, err = run("remove", SEED_URL, "--store", store_spec, env=env)
    assert code == 0, err
    assert indexed(path) == stored(store_spec) == {}

    # An index lost, or left behind, is built again from the store.
    code, err = run("ingest", str(SEED), "--store", store_spec, env=env)
    assert code == 0, err
    path.unlink()
    code, err = run("index", "--store", store_spec, env=env)
    assert code == 0, err
    assert "1 indexed" in err
    code, err = run("index", "--rebuild", "--store", store_spec, env=env)
    assert code == 0, err
    assert "1 indexed" in err
    assert indexed(path) == stored(store_spec) != {}


def test_an_index_that_is_not_one_is_a_one_line_error(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, err = run("ingest", str(SEED), "--store", str(store), env={})
    assert code == 0, err
    index = Path(str(store) + ".search.sqlite")
    index.write_bytes(b"this is not SQLite" * 100)
    code, err = run("index", "--store", str(store), env={})
    assert code == 1
    assert "not a database" in err
    assert "index --rebuild" in err
    assert len(err.strip().splitlines()) == 1
    code, err = run("index", "--rebuild", "--store", str(store), env={})
    assert code == 0, err
    assert indexed(index) == stored(str(store))
