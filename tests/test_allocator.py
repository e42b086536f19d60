"""The allocator `payvand ingest` runs on: which library a setting names, and the restart."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from payvand.allocator import (
    JEMALLOC,
    JEMALLOC_CONF,
    SETTING,
    library_dirs,
    library_to_preload,
    preloaded,
    with_preload,
)
from payvand.errors import InputError
from tests.conftest import SEED
from tests.integration.serving import payvand_serve


def test_jemalloc_is_found_in_the_first_directory_that_has_it(tmp_path: Path) -> None:
    empty, first, second = tmp_path / "empty", tmp_path / "first", tmp_path / "second"
    for directory in (empty, first, second):
        directory.mkdir()
    (first / JEMALLOC).write_bytes(b"")
    (second / JEMALLOC).write_bytes(b"")
    search = [empty, first, second]
    assert library_to_preload(None, search) == first / JEMALLOC
    assert library_to_preload("jemalloc", search) == first / JEMALLOC
    assert library_to_preload(" jemalloc ", search) == first / JEMALLOC


def test_without_jemalloc_nothing_is_preloaded(tmp_path: Path) -> None:
    assert library_to_preload(None, [tmp_path]) is None
    assert library_to_preload("jemalloc", [tmp_path]) is None


def test_system_preloads_nothing_even_with_jemalloc_there(tmp_path: Path) -> None:
    (tmp_path / JEMALLOC).write_bytes(b"")
    assert library_to_preload("system", [tmp_path]) is None


def test_a_path_names_the_library_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "libother.so"
    library.write_bytes(b"")
    assert library_to_preload(str(library), []) == library
    monkeypatch.chdir(tmp_path)
    assert library_to_preload("./libother.so", []) == library.resolve()


def test_a_missing_library_is_refused_with_the_setting_and_path(tmp_path: Path) -> None:
    missing = tmp_path / "libnone.so"
    with pytest.raises(InputError) as caught:
        library_to_preload(str(missing), [])
    assert caught.value.field == SETTING
    assert f"no such file: {missing}" in str(caught.value)


def test_an_unknown_word_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        library_to_preload("tcmalloc", [])
    assert str(caught.value) == (
        "field 'PAYVAND_ALLOCATOR': 'tcmalloc' is not an allocator "
        "(give jemalloc, system, or the path of a shared library)"
    )


def test_preload_goes_first_and_keeps_what_was_preloaded() -> None:
    library = Path("/lib/libjemalloc.so.2")
    assert with_preload(library, {"A": "1"}) == {
        "A": "1",
        "LD_PRELOAD": str(library),
        "MALLOC_CONF": JEMALLOC_CONF,
    }
    env = with_preload(library, {"LD_PRELOAD": "/lib/libother.so"})
    assert env["LD_PRELOAD"] == "/lib/libjemalloc.so.2:/lib/libother.so"
    assert preloaded(library, env)
    assert preloaded(library, {"LD_PRELOAD": "/lib/libother.so /lib/libjemalloc.so.2"})
    assert not preloaded(library, {"LD_PRELOAD": "/lib/libother.so"})
    assert not preloaded(library, {})


def test_jemalloc_settings_given_are_kept_and_other_libraries_get_none() -> None:
    jemalloc = Path("/lib/libjemalloc.so.2")
    assert with_preload(jemalloc, {"MALLOC_CONF": "narenas:2"})["MALLOC_CONF"] == "narenas:2"
    assert "MALLOC_CONF" not in with_preload(Path("/lib/libmimalloc.so.2"), {})


# --- the command, in a process of its own ---------------------------------------------------------


def _environ(**env: str) -> dict[str, str]:
    """This process's environment without an allocator setting or preload, and with ``env``."""
    kept = (SETTING, "LD_PRELOAD", "MALLOC_CONF")
    return {**{k: v for k, v in os.environ.items() if k not in kept}, **env}


def _ingest(store: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "payvand", "-v", "ingest", str(SEED), "--store", str(store)],
        capture_output=True,
        text=True,
        env=_environ(**env),
        timeout=300,
    )


@pytest.mark.integration
def test_ingest_and_export_start_again_on_jemalloc_once(tmp_path: Path) -> None:
    found = library_to_preload(None, library_dirs())
    assert found is not None, f"no {JEMALLOC}: install libjemalloc2 (scripts/setup-system does)"
    done = _ingest(tmp_path / "store")
    assert done.returncode == 0, done.stderr
    assert "memory allocator: jemalloc" in done.stderr
    assert done.stderr.count("ingested 1 articles (0 unchanged, 0 failed)") == 1
    again = _ingest(tmp_path / "store")
    assert "ingested 0 articles (1 unchanged, 0 failed)" in again.stderr
    output = tmp_path / "store.nq"
    export = ["export", "--store", str(tmp_path / "store"), "--format", "nquads", "-o", str(output)]
    exported = subprocess.run(
        [sys.executable, "-m", "payvand", "-v", *export],
        capture_output=True,
        text=True,
        env=_environ(),
        timeout=300,
    )
    assert exported.returncode == 0, exported.stderr
    assert "memory allocator: jemalloc" in exported.stderr
    assert exported.stderr.count(f"wrote {output}") == 1
    assert "<https://w3id.org/payvand/ontology#contentHash>" in output.read_text(encoding="utf-8")


@pytest.mark.integration
def test_ingest_on_the_system_allocator_when_asked(tmp_path: Path) -> None:
    done = _ingest(tmp_path / "store", PAYVAND_ALLOCATOR="system")
    assert done.returncode == 0, done.stderr
    assert "memory allocator: system" in done.stderr
    assert "ingested 1 articles (0 unchanged, 0 failed)" in done.stderr


@pytest.mark.integration
def test_ingest_names_a_missing_allocator_and_stores_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "libnone.so"
    done = _ingest(tmp_path / "store", PAYVAND_ALLOCATOR=str(missing))
    assert done.returncode == 1
    assert f"field 'PAYVAND_ALLOCATOR': no such file: {missing}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "store").exists()


def _maps_jemalloc(pid: int) -> bool:
    return "libjemalloc" in Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")


@pytest.mark.integration
def test_serve_and_its_serving_processes_run_on_jemalloc(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _ingest(store, PAYVAND_ALLOCATOR="system").returncode == 0
    assert "libjemalloc" not in os.environ.get("LD_PRELOAD", "")  # only a restart can map it
    with payvand_serve(store, tmp_path, "--workers", "2") as server:
        serving = server.serving_pids()
        assert len(serving) == 2
        assert _maps_jemalloc(server.process.pid)
        assert all(_maps_jemalloc(pid) for pid in serving)
