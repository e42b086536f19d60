"""What every store offers: SPARQL in, results out, graphs replaced whole.

A store is either embedded (:class:`~payvand.store.oxigraph.OxigraphStore`, pyoxigraph on disk or
in memory) or remote (a SPARQL 1.1 server). Both return pyoxigraph result values: solutions for
SELECT, a boolean for ASK, triples for CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Protocol, runtime_checkable

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Triple,
)

Term = NamedNode | BlankNode | Literal | Triple
QueryResult = QuerySolutions | QueryBoolean | Iterator[Triple]


class ExportFormat(StrEnum):
    """Dump formats: TriG and N-Quads keep the graphs, Turtle and N-Triples write their union."""

    TURTLE = "turtle"
    TRIG = "trig"
    NQUADS = "nquads"
    NTRIPLES = "ntriples"

    @property
    def rdf_format(self) -> RdfFormat:
        return {
            ExportFormat.TURTLE: RdfFormat.TURTLE,
            ExportFormat.TRIG: RdfFormat.TRIG,
            ExportFormat.NQUADS: RdfFormat.N_QUADS,
            ExportFormat.NTRIPLES: RdfFormat.N_TRIPLES,
        }[self]

    @property
    def keeps_graphs(self) -> bool:
        return self in (ExportFormat.TRIG, ExportFormat.NQUADS)


@dataclass(frozen=True, slots=True)
class StoreStats:
    quads: int
    graphs: int
    instances: Mapping[str, int]


@runtime_checkable
class ReadableStore(Protocol):
    """What reading needs: SPARQL queries, the graphs, counts and export.

    A read-only remote store (:class:`~payvand.store.remote.ReadOnlySparqlStore`) offers this and
    nothing more; every writable store is also a ReadableStore.
    """

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
        """Run a query; the project's prefixes (``PREFIXES``) are declared for it, and relative
        IRIs resolve against ``base_iri`` (the query's own PREFIX and BASE win)."""
        ...

    def graph_names(self) -> list[NamedNode]: ...

    def quad_count(self) -> int: ...

    def export(
        self, output: IO[bytes], *, format: ExportFormat, graph: NamedNode | None = None
    ) -> None: ...

    def close(self) -> None: ...


@runtime_checkable
class GraphStore(ReadableStore, Protocol):
    """The operations Payvand needs from a SPARQL store."""

    def update(self, sparql: str, *, base_iri: str | None = None) -> None: ...

    def load(self, data: bytes, *, format: RdfFormat, graph: NamedNode | None = None) -> None: ...

    def bulk_load(self, data: bytes, *, format: RdfFormat) -> None:
        """Add a large batch of quads fast, without a transaction around the whole batch.

        A crash part way may leave part of the batch stored: callers write what marks the
        batch as done (an article's content hash) in a later call.
        """
        ...

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None: ...

    def add_quads(self, quads: Iterable[Quad]) -> None: ...

    def remove_graph(self, graph: NamedNode) -> bool: ...

    def remove_graphs(self, graphs: Sequence[NamedNode]) -> None:
        """Drop every graph of ``graphs`` that exists, in one transaction (one request)."""
        ...

    def release_memory(self) -> None:
        """Let go of memory the store keeps for data already written; the data stays as it is.

        A long ingest calls it now and then, between batches, while nothing else uses the store.
        """
        ...
