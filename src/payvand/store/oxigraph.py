"""OxigraphStore: the embedded store, pyoxigraph on disk (the default) or in memory."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryTriples,
    RdfFormat,
    Store,
    Variable,
    serialize,
)

from payvand.errors import NotFoundError, QueryError, StoreError
from payvand.namespaces import PREFIXES
from payvand.store.base import ExportFormat, QueryResult, Term
from payvand.store.sparql_errors import syntax_error

# What the system says when a write fails, as pyoxigraph words it (the text and "os error N").
_WRITE_FAILURES = (
    (("No space left", "os error 28"), "the disk holding it is full; free some space"),
    (("File too large", "os error 27"), "a file would be larger than this system allows"),
    (("Permission denied", "os error 13"), "permission denied; let this user write to it"),
    (("Read-only file system", "os error 30"), "its file system is read-only"),
    (("Disk quota exceeded", "os error 122"), "the disk quota is used up; free some space"),
)


def write_error(path: Path | None, err: OSError) -> StoreError:
    """One clear line for a write the system refused: disk full, file too large, permission."""
    message = str(err)
    for words, meaning in _WRITE_FAILURES:
        if any(word in message for word in words):
            return StoreError(
                f"cannot write to the store at {path}: {meaning}, and run the command again "
                "(what was stored before is whole)"
            )
    return StoreError(f"cannot write to the store at {path}: {message}")


def _graph(iri: str) -> NamedNode | DefaultGraph:
    return DefaultGraph() if iri == "" else NamedNode(iri)


class OxigraphStore:
    """A pyoxigraph store; ``path=None`` keeps it in memory."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self._store = Store()
            elif read_only:
                self._store = Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = Store(str(path))
        except OSError as err:
            message = str(err)
            if "lock" in message.lower():
                raise StoreError(
                    f"the store at {path} is open in another process "
                    "(is 'payvand serve' or an ingest "
                    "running?); stop it or use another --store"
                ) from err
            if any(w in message for words, _ in _WRITE_FAILURES for w in words):
                raise write_error(path, err) from err
            raise StoreError(f"cannot open the store at {path}: {message}") from err

    @property
    def raw(self) -> Store:
        """The pyoxigraph store, for adapters that stream results straight from it."""
        return self._store

    def __getattr__(self, name: str) -> object:
        if name == "_store":
            raise StoreError("the store is closed")
        raise AttributeError(name)

    def query(
        self,
        sparql: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union: bool = True,
        substitutions: Mapping[str, Term] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        try:
            return self._store.query(
                sparql,
                base_iri=base_iri,
                prefixes=PREFIXES,
                use_default_graph_as_union=union and not default_graph,
                default_graph=[_graph(g) for g in default_graph] if default_graph else None,
                named_graphs=[NamedNode(g) for g in named_graphs] if named_graphs else None,
                substitutions={Variable(k): v for k, v in substitutions.items()}
                if substitutions
                else None,
            )
        except SyntaxError as err:
            raise syntax_error(sparql, str(err), prefixes=PREFIXES) from err
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"the query failed: {err}") from err

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        try:
            self._store.update(sparql, base_iri=base_iri, prefixes=PREFIXES)
        except SyntaxError as err:
            raise syntax_error(sparql, str(err), prefixes=PREFIXES, update=True) from err
        except OSError as err:
            if any(w in str(err) for words, _ in _WRITE_FAILURES for w in words):
                raise write_error(self.path, err) from err
            raise QueryError(f"the update failed: {err}") from err
        except (ValueError, RuntimeError) as err:
            raise QueryError(f"the update failed: {err}") from err

    def load(self, data: bytes, *, format: RdfFormat, graph: NamedNode | None = None) -> None:
        try:
            self._store.load(data, format=format, to_graph=graph)
        except SyntaxError as err:
            raise QueryError(f"the data is not valid {format.name}: {err}") from err
        except OSError as err:
            raise write_error(self.path, err) from err

    def bulk_load(self, data: bytes, *, format: RdfFormat) -> None:
        """pyoxigraph's bulk loader: new files written straight to disk, no transaction.

        When it fails, the files it left half-written (``bulk-*.sst``) are removed."""
        before = self._bulk_files()
        try:
            self._store.bulk_load(data, format=format, lenient=True)
        except SyntaxError as err:
            self._remove_bulk_files(before)
            raise QueryError(f"the data is not valid {format.name}: {err}") from err
        except OSError as err:
            self._remove_bulk_files(before)
            raise write_error(self.path, err) from err

    def _bulk_files(self) -> set[Path]:
        return set(self.path.glob("bulk-*.sst")) if self.path is not None else set()

    def _remove_bulk_files(self, before: set[Path]) -> None:
        for leftover in self._bulk_files() - before:
            leftover.unlink(missing_ok=True)

    def remove_graphs(self, graphs: Sequence[NamedNode]) -> None:
        if graphs:
            self.update(" ; ".join(f"DROP SILENT GRAPH {g}" for g in graphs))

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Put ``quads`` in place of whatever ``graph`` held."""
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)
        self._store.extend(quads)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        self._store.extend(quads)

    def remove_graph(self, graph: NamedNode) -> bool:
        if not self._store.contains_named_graph(graph):
            return False
        self._store.remove_graph(graph)
        return True

    def release_memory(self) -> None:
        """Close the on-disk store and open it again.

        RocksDB keeps the index and filter blocks of every file it has opened for as long as the
        store is open, so a long write grows with the store it writes; a fresh handle reads them
        again only for the files it is asked about. The caller makes sure nothing else holds the
        store meanwhile (a query being read would keep the old handle, and its lock, alive).
        """
        if self.path is None or self.read_only:
            return
        store = self.__dict__.pop("_store")
        try:
            store.flush()
        except OSError as err:
            raise write_error(self.path, err) from err
        del store
        try:
            self._store = Store(str(self.path))
        except OSError as err:
            raise StoreError(f"cannot open the store at {self.path} again: {err}") from err

    def graph_names(self) -> list[NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, NamedNode)]

    def quad_count(self) -> int:
        return len(self._store)

    def export(
        self, output: IO[bytes], *, format: ExportFormat, graph: NamedNode | None = None
    ) -> None:
        """Write the store (or one graph); Turtle and N-Triples get the union of the graphs."""
        if graph is not None and not self._store.contains_named_graph(graph):
            raise NotFoundError(
                f"there is no graph <{graph.value}> in the store; 'payvand stats' lists the graphs"
            )
        if format.keeps_graphs:
            if graph is None:
                self._store.dump(output, format.rdf_format)
            else:
                serialize(
                    (q for q in self._store.quads_for_pattern(None, None, None, graph)),
                    output,
                    format.rdf_format,
                )
            return
        if graph is not None:
            self._store.dump(output, format.rdf_format, from_graph=graph)
            return
        triples = self._store.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        if not isinstance(triples, QueryTriples):  # a CONSTRUCT always gives triples
            raise StoreError("the store answered a CONSTRUCT query without triples")
        serialize(triples, output, format.rdf_format, prefixes=dict(PREFIXES))

    def modified(self) -> datetime | None:
        """When the on-disk store last changed (its newest file); None in memory."""
        if self.path is None or not self.path.is_dir():
            return None
        times = [p.stat().st_mtime for p in self.path.iterdir() if p.is_file()]
        return datetime.fromtimestamp(max(times), UTC) if times else None

    def flush(self) -> None:
        try:
            self._store.flush()
        except OSError as err:
            raise write_error(self.path, err) from err

    def close(self) -> None:
        """Let go of the store: pyoxigraph releases the database (and its lock) with the object."""
        store = self.__dict__.pop("_store", None)
        if store is not None and self.path is not None and not self.read_only:
            try:
                store.flush()
            except OSError as err:
                raise write_error(self.path, err) from err
