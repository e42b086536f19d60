"""Stores: the embedded Oxigraph store and remote SPARQL servers behind one protocol."""

from __future__ import annotations

from pathlib import Path

from payvand.store.base import ExportFormat, GraphStore, QueryResult, StoreStats
from payvand.store.oxigraph import OxigraphStore

__all__ = ["ExportFormat", "GraphStore", "OxigraphStore", "QueryResult", "StoreStats", "open_store"]


def open_store(spec: str, *, read_only: bool = False) -> GraphStore:
    """The store named by ``spec``: a directory (on-disk Oxigraph) or ``:memory:``."""
    if spec == ":memory:":
        return OxigraphStore(None)
    return OxigraphStore(Path(spec), read_only=read_only)
