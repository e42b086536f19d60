"""Stores: the embedded Oxigraph store and remote SPARQL servers behind one protocol."""

from __future__ import annotations

from pathlib import Path

from payvand.errors import StoreError
from payvand.store.base import ExportFormat, GraphStore, QueryResult, ReadableStore, StoreStats
from payvand.store.oxigraph import OxigraphStore
from payvand.store.remote import Endpoints, ReadOnlySparqlStore, RemoteSparqlStore

__all__ = [
    "Endpoints",
    "ExportFormat",
    "GraphStore",
    "OxigraphStore",
    "QueryResult",
    "ReadOnlySparqlStore",
    "ReadableStore",
    "RemoteSparqlStore",
    "StoreStats",
    "holds_store",
    "is_remote",
    "open_reader",
    "open_store",
    "require_store",
]


def is_remote(spec: str) -> bool:
    """Whether ``spec`` names a SPARQL server rather than an embedded store."""
    return spec.startswith(("http://", "https://"))


def holds_store(path: Path) -> bool:
    """Whether the directory ``path`` holds an on-disk Oxigraph store (RocksDB's CURRENT file)."""
    return (path / "CURRENT").is_file()


def require_store(path: Path) -> None:
    """StoreError naming ``path`` unless it holds a store: only an ingest creates one."""
    if path.is_dir() and holds_store(path):
        return
    if not path.exists():
        what = "it does not exist"
    elif not path.is_dir():
        what = "it is a file"
    elif any(path.iterdir()):
        what = "the folder holds other files"
    else:
        what = "the folder is empty"
    raise StoreError(
        f"there is no store at {path} ({what}); 'payvand ingest ARTICLES --store {path}' "
        "creates one, or give the --store that holds yours"
    )


def open_store(
    spec: str,
    *,
    read_only: bool = False,
    create: bool = False,
    endpoints: Endpoints | None = None,
) -> GraphStore:
    """The store named by ``spec``: a directory (on-disk Oxigraph), ``:memory:``, or a URL.

    A directory must hold a store unless ``create`` (StoreError naming it otherwise): nothing
    but an ingest writes a new store. ``read_only`` opens it as a read-only view, which works
    beside a process that holds it for writing (``payvand serve``). A URL opens a
    :class:`RemoteSparqlStore` at ``endpoints`` (by default the layout found under the URL:
    Payvand's or Oxigraph server's).
    """
    if is_remote(spec):
        return RemoteSparqlStore(endpoints or Endpoints.of(spec))
    if spec == ":memory:":
        return OxigraphStore(None)
    path = Path(spec)
    if not create:
        require_store(path)
    return OxigraphStore(path, read_only=read_only)


def open_reader(
    spec: str, *, endpoints: Endpoints | None = None, read_only_remote: bool = False
) -> ReadableStore:
    """A store to read from: an existing on-disk store as a read-only view (so it may be read
    while ``payvand serve`` holds it), or a :class:`ReadOnlySparqlStore` for a remote one set
    read-only."""
    if is_remote(spec) and read_only_remote:
        return ReadOnlySparqlStore(endpoints or Endpoints.of(spec))
    return open_store(spec, read_only=not is_remote(spec), endpoints=endpoints)


def writable(store: ReadableStore, spec: str) -> GraphStore:
    """``store`` as a GraphStore, or a StoreError saying that it is read-only."""
    if isinstance(store, GraphStore):
        return store
    raise StoreError(
        f"the store at {spec} is read-only (PAYVAND_SPARQL_READ_ONLY); "
        "ingest and remove need a writable store"
    )
