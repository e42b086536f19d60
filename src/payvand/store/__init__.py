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
    "is_remote",
    "open_reader",
    "open_store",
]


def is_remote(spec: str) -> bool:
    """Whether ``spec`` names a SPARQL server rather than an embedded store."""
    return spec.startswith(("http://", "https://"))


def open_store(
    spec: str, *, read_only: bool = False, endpoints: Endpoints | None = None
) -> GraphStore:
    """The store named by ``spec``: a directory (on-disk Oxigraph), ``:memory:``, or a URL.

    A URL opens a :class:`RemoteSparqlStore` at ``endpoints`` (by default Oxigraph server's
    layout under the URL).
    """
    if is_remote(spec):
        return RemoteSparqlStore(endpoints or Endpoints.of(spec))
    if spec == ":memory:":
        return OxigraphStore(None)
    return OxigraphStore(Path(spec), read_only=read_only)


def open_reader(
    spec: str, *, endpoints: Endpoints | None = None, read_only_remote: bool = False
) -> ReadableStore:
    """A store to read from: a :class:`ReadOnlySparqlStore` for a remote one set read-only."""
    if is_remote(spec) and read_only_remote:
        return ReadOnlySparqlStore(endpoints or Endpoints.of(spec))
    return open_store(spec, endpoints=endpoints)


def writable(store: ReadableStore, spec: str) -> GraphStore:
    """``store`` as a GraphStore, or a StoreError saying that it is read-only."""
    if isinstance(store, GraphStore):
        return store
    raise StoreError(
        f"the store at {spec} is read-only (PAYVAND_SPARQL_READ_ONLY); "
        "ingest and remove need a writable store"
    )
