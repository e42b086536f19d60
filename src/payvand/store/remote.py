"""Remote stores: a SPARQL 1.1 server over HTTP (the protocol, Update and the Graph Store protocol).

``--store http://HOST:PORT`` finds the layout of the server there: Payvand's own (``payvand
serve``: queries at ``/sparql``, updates at ``/update``, the Graph Store protocol at ``/store``,
and a default graph that is the union of the graphs), else Oxigraph server's (``/query``,
``/update``, ``/store``). Other servers (Virtuoso, Apache Jena Fuseki, GraphDB) are reached by
naming each endpoint in :class:`Endpoints`; without a Graph Store endpoint, data goes in as
``INSERT DATA`` and comes out through ``CONSTRUCT``. Their default graph is taken to be the union
of their graphs, as Payvand's is.

:class:`ReadOnlySparqlStore` reads only; :class:`RemoteSparqlStore` adds the writes.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, Literal

import httpx
from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from payvand.errors import InputError, NotFoundError, QueryError, StoreError
from payvand.namespaces import PREFIXES
from payvand.store.base import ExportFormat, QueryResult, Term
from payvand.store.sparql_errors import syntax_error
from payvand.store.sparql_text import tokens, with_base, with_prefixes

_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"
_N_QUADS = "application/n-quads"
_MEDIA = {
    RdfFormat.N_QUADS: _N_QUADS,
    RdfFormat.N_TRIPLES: _N_TRIPLES,
    RdfFormat.TURTLE: "text/turtle",
    RdfFormat.TRIG: "application/trig",
}
# INSERT DATA requests are cut to about this many bytes of N-Quads each.
_INSERT_CHUNK = 4 * 1024 * 1024
_UNION = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
_NAMED = "GRAPH ?g { ?s ?p ?o }"
_UNION_DEFAULT_GRAPH = "UnionDefaultGraph"  # a feature of the SPARQL 1.1 Service Description


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where a SPARQL server answers, and how to log in to it."""

    query: str
    update: str | None = None
    store: str | None = None
    user: str | None = None
    password: str | None = None
    auth: Literal["basic", "digest"] = "basic"
    timeout: float = 60.0
    # The server's layout: "oxigraph" (its default graph is its own; ?union-default-graph asks for
    # the union), "payvand" (the default graph is the union; /store?default reads the real one),
    # or "generic" (the default graph is taken to be the union).
    layout: Literal["oxigraph", "payvand", "generic"] = "generic"
    # Named by nothing but the server's URL: the layout is found out when the store is opened.
    guessed: bool = False

    @property
    def union_parameter(self) -> bool:
        """Whether the query endpoint takes ``union-default-graph`` (Oxigraph server)."""
        return self.layout == "oxigraph"

    @property
    def root(self) -> str:
        """The server's URL, for a layout found under it."""
        return self.query.rsplit("/", 1)[0]

    def payvand(self) -> Endpoints:
        """These endpoints with Payvand's layout under the same URL (``payvand serve``)."""
        root = self.root
        return replace(
            self,
            query=f"{root}/sparql",
            update=f"{root}/update",
            store=f"{root}/store",
            layout="payvand",
            guessed=False,
        )

    @classmethod
    def of(
        cls,
        base: str,
        *,
        query: str | None = None,
        update: str | None = None,
        store: str | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: Literal["basic", "digest"] = "basic",
        timeout: float = 60.0,
    ) -> Endpoints:
        """Oxigraph server's layout under ``base``, unless an endpoint is named.

        Naming the query endpoint switches to a generic server: updates then go to the query
        URL unless named too, and there is no Graph Store endpoint unless named.
        """
        if not base.startswith(("http://", "https://")):
            raise InputError(
                f"'{base}' is not an http:// or https:// URL of a SPARQL server", field="store"
            )
        root = base.rstrip("/")
        if query is None and update is None and store is None:
            return cls(
                query=f"{root}/query",
                update=f"{root}/update",
                store=f"{root}/store",
                user=user,
                password=password,
                auth=auth,
                timeout=timeout,
                layout="oxigraph",
                guessed=True,
            )
        return cls(
            query=query or root,
            update=update or query or root,
            store=store or None,
            user=user,
            password=password,
            auth=auth,
            timeout=timeout,
        )


def _values_clause(substitutions: Mapping[str, Term]) -> str:
    names = " ".join(f"?{name}" for name in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


def _with_inner_values(text: str, substitutions: Mapping[str, Term]) -> str:
    """``text`` with the substitutions as a VALUES block opening its WHERE pattern.

    For servers that take no trailing VALUES after ASK, nor one binding a variable the query
    does not project (Virtuoso 7): inside the pattern, it binds the same variables.
    """
    found = tokens(text)
    groups = [i for i, t in enumerate(found) if t.text == "{" and t.depth == 0]
    where = next(
        (
            i + 1
            for i, t in enumerate(found[:-1])
            if t.depth == 0 and t.keyword == "WHERE" and found[i + 1].text == "{"
        ),
        None,
    )
    if where is None:
        form = next((t.keyword for t in found if t.keyword in _FORMS), "")
        index = 1 if form == "CONSTRUCT" else 0
        where = groups[index] if len(groups) > index else None
    if where is None:
        return text + _values_clause(substitutions)
    position = found[where].end
    return f"{text[:position]}{_values_clause(substitutions)}\n{text[position:]}"


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


_SERVER_MESSAGE = re.compile(r"\s+")


def _error_of(response: httpx.Response) -> str | None:
    """The message of an error in Payvand's shape ({"ok": false, "error": …}), if it is one."""
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else None


def _readable(text: str, err: QueryError) -> QueryError:
    """A server's refusal of ``text`` as a readable syntax error, when it is one."""
    said = err.parser_message
    if said is None:
        return err
    if said.startswith("SPARQL syntax error: "):  # a Payvand server has said it already
        return QueryError(said)
    readable = syntax_error(text, said, prefixes=PREFIXES)
    return readable if readable.line is not None else err


class ReadOnlySparqlStore:
    """A SPARQL server that Payvand only reads: queries, counts and export, no writes."""

    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        auth: httpx.Auth | None = None
        if endpoints.user is not None:
            password = endpoints.password or ""
            auth = (
                httpx.DigestAuth(endpoints.user, password)
                if endpoints.auth == "digest"
                else httpx.BasicAuth(endpoints.user, password)
            )
        self._client = httpx.Client(auth=auth, timeout=endpoints.timeout)
        if endpoints.guessed and self._serves_payvand():
            self.endpoints = endpoints.payvand()

    def _serves_payvand(self) -> bool:
        """Whether the server at the endpoints' URL is ``payvand serve``: its query endpoint
        /sparql, asked without a query, describes a service whose default graph is the union of
        its graphs (Oxigraph server's /sparql describes its own, without that feature).
        Unreachable, it is left to the first request to say so."""
        url = f"{self.endpoints.root}/sparql"
        try:
            response = self._client.get(url, headers={"accept": "text/turtle"})
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and _UNION_DEFAULT_GRAPH in response.text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.endpoints.query})"

    # --- HTTP -------------------------------------------------------------------------------

    def _send(self, request: httpx.Request, *, stream: bool = False) -> httpx.Response:
        url = str(request.url.copy_with(query=None))
        try:
            response = self._client.send(request, stream=stream)
        except httpx.TimeoutException as err:
            raise StoreError(
                f"the SPARQL server at {url} did not answer within {self.endpoints.timeout:g} s"
            ) from err
        except httpx.TransportError as err:
            raise StoreError(
                f"cannot reach the SPARQL server at {url} ({err}); is it running, "
                "and is the URL right?"
            ) from err
        if response.is_success:
            return response
        if stream:
            response.read()
        response.close()
        message = _SERVER_MESSAGE.sub(" ", response.text).strip()[:300]
        if response.status_code in (401, 403):
            raise StoreError(
                f"the SPARQL server at {url} refused the request (HTTP {response.status_code}); "
                "check the user and password settings (PAYVAND_SPARQL_USER, "
                "PAYVAND_SPARQL_PASSWORD, PAYVAND_SPARQL_AUTH)"
            )
        if response.status_code == 404:
            raise StoreError(
                f"there is no SPARQL endpoint at {url} (HTTP 404); "
                "set the endpoint URLs (PAYVAND_SPARQL_QUERY_URL, …) for this server"
            )
        if response.status_code == 400:
            said = _error_of(response) or message
            raise QueryError(
                f"SPARQL syntax error or bad request: the SPARQL server at {url} "
                f"rejected it (HTTP 400): {message}",
                parser_message=said,
            )
        raise StoreError(
            f"the SPARQL server at {url} failed (HTTP {response.status_code}): {message}"
        )

    def _query_request(
        self,
        sparql: str,
        *,
        accept: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union: bool = True,
    ) -> httpx.Request:
        form: list[tuple[str, str]] = [("query", sparql)]
        form += [("default-graph-uri", g) for g in default_graph or ()]
        form += [("named-graph-uri", g) for g in named_graphs or ()]
        params = (
            {"union-default-graph": ""}
            if union and not default_graph and self.endpoints.union_parameter
            else None
        )
        return self._client.build_request(
            "POST",
            self.endpoints.query,
            data=dict_list(form),
            params=params,
            headers={"accept": accept},
        )

    # --- ReadableStore ----------------------------------------------------------------------

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
        """Run a query on the server; substitutions are bound by a trailing VALUES clause.

        The project's prefixes the query uses are declared for it. As the SPARQL protocol says,
        naming ``default_graph`` without ``named_graphs`` leaves no named graphs to ``GRAPH ?g``
        patterns (the embedded store keeps them all).
        """
        text = sparql
        sent = with_prefixes(sparql, PREFIXES)
        if base_iri is not None:
            sent = with_base(sent, base_iri)
        if substitutions:
            sent = (
                _with_inner_values(sent, substitutions)
                if self.endpoints.layout == "generic"
                else sent + _values_clause(substitutions)
            )
        try:
            response = self._send(
                self._query_request(
                    sent,
                    accept=f"{_RESULTS_JSON}, {_N_TRIPLES};q=0.9",
                    default_graph=default_graph,
                    named_graphs=named_graphs,
                    union=union,
                )
            )
        except QueryError as err:
            raise _readable(text, err) from err
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if media in (_RESULTS_JSON, "application/json"):
                return parse_query_results(response.content, QueryResultsFormat.JSON)
            if media in (_N_TRIPLES, "text/plain"):
                return iter(list(_triples(parse(response.content, RdfFormat.N_TRIPLES))))
            if media == "text/turtle":
                return iter(list(_triples(parse(response.content, RdfFormat.TURTLE))))
        except SyntaxError as err:
            raise StoreError(
                f"the SPARQL server at {self.endpoints.query} sent results that do not parse: {err}"
            ) from err
        raise StoreError(
            f"the SPARQL server at {self.endpoints.query} answered in '{media or '(no type)'}', "
            "not SPARQL JSON results or N-Triples"
        )

    def _count(self, sparql: str) -> int:
        result = self.query(sparql, union=False)
        for row in result:  # type: ignore[union-attr]
            value = row["n"]
            return int(value.value) if value is not None else 0
        return 0

    def graph_names(self) -> list[NamedNode]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        names: list[NamedNode] = []
        for row in result:  # type: ignore[union-attr]
            node = row["g"]
            if isinstance(node, NamedNode):
                names.append(node)
        return names

    def contains_graph(self, graph: NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False))

    def quad_count(self) -> int:
        """The quads of every graph, each counted once.

        On a server whose default graph is the union of the graphs, the default graph of its own
        is not in reach of a query: Payvand's is read through /store?default, others' is left out.
        """
        if self.endpoints.union_parameter:
            return self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {_UNION} }}")
        quads = self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {_NAMED} }}")
        if self.endpoints.layout == "payvand" and self.endpoints.store is not None:
            with tempfile.TemporaryFile() as spool:
                self._download(self.endpoints.store, {"default": ""}, _N_TRIPLES, spool)
                spool.seek(0)
                quads += sum(1 for _ in parse(spool, RdfFormat.N_TRIPLES))
        return quads

    def export(
        self, output: IO[bytes], *, format: ExportFormat, graph: NamedNode | None = None
    ) -> None:
        """The Graph Store endpoint when there is one, else CONSTRUCT graph by graph."""
        if graph is not None and not self.contains_graph(graph):
            raise NotFoundError(
                f"there is no graph <{graph.value}> in the store; 'payvand stats' lists the graphs"
            )
        if self.endpoints.layout == "payvand" and format.keeps_graphs:
            # Payvand's /store gives a graph's triples, never quads
            serialize(self._all_quads(graph), output, format.rdf_format)
            return
        if self.endpoints.store is not None and (format.keeps_graphs or graph is not None):
            params = {"graph": graph.value} if graph is not None else None
            media = _MEDIA[format.rdf_format] if graph is not None or format.keeps_graphs else ""
            self._download(self.endpoints.store, params, media, output)
            return
        if graph is not None:
            self._construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
                output,
                format.rdf_format,
            )
            return
        if not format.keeps_graphs:
            pattern = _UNION if self.endpoints.union_parameter else "?s ?p ?o"
            self._construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}", output, format.rdf_format
            )
            return
        serialize(self._all_quads(), output, format.rdf_format)

    def _download(
        self, url: str, params: dict[str, str] | None, media: str, output: IO[bytes]
    ) -> None:
        request = self._client.build_request("GET", url, params=params, headers={"accept": media})
        self._download_request(request, output)

    def _construct(self, sparql: str, output: IO[bytes], format: RdfFormat) -> None:
        """Stream a CONSTRUCT to a temporary file, then write it out with Payvand's prefixes."""
        request = self._query_request(sparql, accept=_N_TRIPLES, union=False)
        with tempfile.TemporaryFile() as spool:
            self._download_request(request, spool)
            spool.seek(0)
            prefixes = dict(PREFIXES) if format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
            serialize(parse(spool, RdfFormat.N_TRIPLES), output, format, prefixes=prefixes)

    def _download_request(self, request: httpx.Request, output: IO[bytes]) -> None:
        response = self._send(request, stream=True)
        try:
            for chunk in response.iter_bytes():
                output.write(chunk)
        except httpx.TransportError as err:
            raise StoreError(f"the download from {request.url} broke off: {err}") from err
        finally:
            response.close()

    def _all_quads(self, only: NamedNode | None = None) -> Iterator[Quad]:
        for graph in [only] if only is not None else self.graph_names():
            result = self.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False
            )
            for triple in result:  # type: ignore[union-attr]
                if isinstance(triple, Triple):
                    yield Quad(triple.subject, triple.predicate, triple.object, graph)

    def close(self) -> None:
        self._client.close()


def dict_list(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields, where a name may repeat (httpx takes a list per name)."""
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def _triples(quads: Iterable[Quad]) -> Iterator[Triple]:
    for quad in quads:
        yield quad.triple


class RemoteSparqlStore(ReadOnlySparqlStore):
    """A SPARQL server Payvand reads and writes: SPARQL Update and the Graph Store protocol."""

    @property
    def _update_url(self) -> str:
        if self.endpoints.update is None:
            raise StoreError(f"no update endpoint is set for {self.endpoints.query}")
        return self.endpoints.update

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        sent = with_prefixes(sparql, PREFIXES)
        if base_iri is not None:
            sent = with_base(sent, base_iri)
        request = self._client.build_request(
            "POST",
            self._update_url,
            content=sent.encode("utf-8"),
            headers={"content-type": "application/sparql-update"},
        )
        try:
            self._send(request).close()
        except QueryError as err:
            raise _readable(sparql, err) from err

    def load(self, data: bytes, *, format: RdfFormat, graph: NamedNode | None = None) -> None:
        if (
            self.endpoints.store is not None
            and graph is None
            and format in (RdfFormat.N_QUADS, RdfFormat.TRIG)
            and self.endpoints.layout == "generic"
        ):
            # The Graph Store protocol names one graph per request: a server that takes no
            # dataset in one POST (Virtuoso answers 200 and stores nothing) gets one per graph.
            self._load_by_graph(data, format)
            return
        if self.endpoints.store is not None:
            params = {"graph": graph.value} if graph is not None else None
            request = self._client.build_request(
                "POST",
                self.endpoints.store,
                params=params,
                content=data,
                headers={"content-type": _MEDIA.get(format, "text/turtle")},
            )
            self._send(request).close()
            return
        try:
            quads = [
                Quad(q.subject, q.predicate, q.object, graph) if graph is not None else q
                for q in parse(data, format)
            ]
        except SyntaxError as err:
            raise QueryError(f"the data is not valid {format.name}: {err}") from err
        self._insert(quads)

    def _load_by_graph(self, data: bytes, format: RdfFormat) -> None:
        by_graph: dict[str, list[Triple]] = {}
        try:
            for quad in parse(data, format):
                key = "" if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name.value
                by_graph.setdefault(key, []).append(quad.triple)
        except SyntaxError as err:
            raise QueryError(f"the data is not valid {format.name}: {err}") from err
        for name, triples in by_graph.items():
            request = self._client.build_request(
                "POST",
                self.endpoints.store or "",
                params={"graph": name} if name else {"default": ""},
                content=serialize(triples, format=RdfFormat.N_TRIPLES) or b"",
                headers={"content-type": "text/turtle"},  # N-Triples are Turtle too
            )
            self._send(request).close()

    def bulk_load(self, data: bytes, *, format: RdfFormat) -> None:
        """One Graph Store POST of the whole batch, or INSERT DATA in chunks."""
        self.load(data, format=format)

    def _insert(self, quads: Iterable[Quad]) -> None:
        by_graph: dict[str, list[str]] = {}
        size = 0
        for quad in quads:
            triple = f"{quad.subject} {quad.predicate} {quad.object} ."
            by_graph.setdefault(str(quad.graph_name), []).append(triple)
            size += len(triple)
            if size > _INSERT_CHUNK:
                self._insert_data(by_graph)
                by_graph, size = {}, 0
        if by_graph:
            self._insert_data(by_graph)

    def _insert_data(self, by_graph: dict[str, list[str]]) -> None:
        parts = []
        for graph, triples in by_graph.items():
            body = "\n".join(triples)
            parts.append(body if graph == "DEFAULT" else f"GRAPH {graph} {{\n{body}\n}}")
        self.update("INSERT DATA {\n" + "\n".join(parts) + "\n}")

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Drop the graph, then add the quads (two requests)."""
        self.remove_graphs([graph])
        self.add_quads(quads)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        if self.endpoints.store is not None:
            self.load(serialize(quads, format=RdfFormat.N_QUADS) or b"", format=RdfFormat.N_QUADS)
        else:
            self._insert(quads)

    def remove_graph(self, graph: NamedNode) -> bool:
        if not self.contains_graph(graph):
            return False
        self.update(f"DROP SILENT GRAPH {graph}")
        return True

    def remove_graphs(self, graphs: Sequence[NamedNode]) -> None:
        if graphs:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs))

    def release_memory(self) -> None:
        """Nothing to let go of here: the server manages its own memory."""
