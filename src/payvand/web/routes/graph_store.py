"""The SPARQL 1.1 Graph Store HTTP Protocol at /store.

A graph is named indirectly (``/store?graph=IRI``, ``/store?default``) or directly (its IRI is the
request URL, ``/store/<path>``). GET and HEAD read it (404 when it does not exist); PUT replaces
it, POST adds to it (or, on ``/store`` itself, creates a new graph and answers 201 with its IRI in
Location), DELETE removes it. Writes need the write token, as for /update.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse

from payvand.config import Settings
from payvand.errors import InputError, NotFoundError
from payvand.store import writable
from payvand.store.base import GraphStore, ReadableStore
from payvand.store.evaluation import QueryJob
from payvand.web.negotiation import GRAPH_FORMATS
from payvand.web.protocol import (
    MethodNotAllowedError,
    UnsupportedMediaTypeError,
    choose,
    media_type,
    require_writer,
)
from payvand.web.routes.sparql import client_address, content_type, run_job, written
from payvand.web.routing import ThreadRoute, in_thread

router = APIRouter(route_class=ThreadRoute, tags=["Graph Store"])

_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]
_INPUT_FORMATS = (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.RDF_XML, RdfFormat.JSON_LD)


@dataclass(frozen=True, slots=True)
class Target:
    """The graph a request is about: a named graph, the default graph (None), or a new one."""

    graph: NamedNode | None
    new: bool = False

    @property
    def label(self) -> str:
        return "the default graph" if self.graph is None else f"the graph <{self.graph.value}>"


def _target(request: Request, *, direct: bool) -> Target:
    fields = parse_qs(request.url.query, keep_blank_values=True)
    if direct:
        if "graph" in fields or "default" in fields:
            raise InputError(
                "a graph named by its URL takes neither ?graph nor ?default; use /store?graph=IRI"
            )
        return Target(NamedNode(str(request.url.replace(query="", fragment=""))))
    if "graph" in fields and "default" in fields:
        raise InputError("give either ?graph=IRI or ?default, not both")
    if "default" in fields:
        return Target(None)
    if "graph" in fields:
        values = fields["graph"]
        if len(values) > 1:
            raise InputError("more than one graph given; name one graph per request")
        try:
            return Target(NamedNode(values[0]))
        except ValueError as err:
            raise InputError(f"'{values[0]}' is not an IRI: {err}", field="graph") from err
    if request.method == "POST":
        iri = str(request.base_url).rstrip("/") + f"/store/{uuid.uuid4().hex}"
        return Target(NamedNode(iri), new=True)
    raise InputError("name the graph: /store?graph=IRI, /store?default, or /store/<path>")


def _exists(store: ReadableStore, target: Target) -> bool:
    return target.graph is None or target.graph in store.graph_names()


def _parse_part(data: bytes, media: str, params: dict[str, str], base: str) -> list[Quad]:
    rdf_format = RdfFormat.from_media_type(media)
    if rdf_format not in _INPUT_FORMATS or rdf_format is None:
        raise UnsupportedMediaTypeError(
            f"cannot read '{media or '(no Content-Type)'}' into a graph; send "
            + ", ".join(f.media_type for f in _INPUT_FORMATS)
        )
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"the data must be UTF-8, not {charset}")
    try:
        return list(parse(data, rdf_format, base_iri=base, rename_blank_nodes=True))
    except SyntaxError as err:
        raise InputError(f"the body is not valid {rdf_format.name}: {err}") from err


def _read_body(header: str, body: bytes, base: str) -> list[Quad]:
    """The quads of a request body, given its Content-Type ``header``."""
    media, params = media_type(header)
    if media != "multipart/form-data":
        return _parse_part(body, media, params, base)
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + header.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise InputError("the multipart body has no parts; check its boundary")
    quads: list[Quad] = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        quads += _parse_part(
            payload, part.get_content_type(), {"charset": charset} if charset else {}, base
        )
    return quads


def _in_graph(quads: list[Quad], target: Target) -> list[Quad]:
    graph = target.graph if target.graph is not None else DefaultGraph()
    return [Quad(q.subject, q.predicate, q.object, graph) for q in quads]


def _write(store: GraphStore, target: Target, quads: list[Quad], *, replace: bool) -> bool:
    """Put ``quads`` into the target graph; True when the graph did not exist before."""
    created = not _exists(store, target)
    if target.graph is None:
        if replace:
            store.update("CLEAR SILENT DEFAULT")
        store.add_quads(quads)
        return False
    if replace:
        store.replace_graph(target.graph, quads)
    else:
        store.add_quads(quads)
    if not quads:
        store.update(f"CREATE SILENT GRAPH <{target.graph.value}>")
    return created


def _delete(store: GraphStore, target: Target) -> bool:
    if target.graph is None:
        store.update("CLEAR SILENT DEFAULT")
        return True
    return store.remove_graph(target.graph)


async def _graph_store(request: Request, *, direct: bool) -> Response:
    settings: Settings = request.app.state.settings
    store: ReadableStore = request.app.state.store
    method = request.method
    if method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise MethodNotAllowedError(
            f"{method} is not part of the Graph Store Protocol; use GET, HEAD, PUT, POST or DELETE"
        )
    target = _target(request, direct=direct)
    if method in ("GET", "HEAD"):
        choice = choose(request.headers.get("accept"), GRAPH_FORMATS, "graphs")
        if not await in_thread(_exists, store, target):
            raise NotFoundError(f"there is no {target.label} in the store")
        if method == "HEAD":
            head = Response(
                status_code=200,
                headers={"Content-Type": content_type(choice.media_type), "Vary": "Accept"},
            )
            del head.headers["content-length"]  # the length of a GET is not known in advance
            return head
        if target.graph is None:
            sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        else:
            sparql = (
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{target.graph.value}> {{ ?s ?p ?o }} }}"
            )
        job = QueryJob(
            sparql=sparql,
            form="CONSTRUCT",
            media_type=choice.media_type,
            union=False,
            max_rows=settings.max_rows,
            max_bytes=settings.max_response_bytes,
        )
        return await run_job(request.app.state, job, {}, client=client_address(request.scope))
    require_writer(request.headers.get("authorization", ""), settings.write_token)
    writer = writable(store, settings.store)
    if method == "DELETE":
        if not await in_thread(_delete, writer, target):
            raise NotFoundError(f"there is no {target.label} in the store")
        await written(request)
        return Response(status_code=204)
    body = await request.body()
    base = target.graph.value if target.graph is not None else str(request.url)
    header = request.headers.get("content-type", "")
    quads = _in_graph(await in_thread(_read_body, header, body, base), target)
    created = await in_thread(_write, writer, target, quads, replace=method == "PUT")
    await written(request)
    if target.new and target.graph is not None:
        return Response(status_code=201, headers={"Location": target.graph.value})
    return Response(status_code=201 if created else 204)


@router.api_route(
    "/store",
    methods=_METHODS,
    summary="Graph Store HTTP Protocol (indirect: ?graph=IRI or ?default)",
    response_class=Response,
)
async def graph_store(request: Request) -> Response:
    return await _graph_store(request, direct=False)


@router.api_route(
    "/store/{path:path}",
    methods=_METHODS,
    summary="Graph Store HTTP Protocol (direct: the graph's IRI is this URL)",
    response_class=Response,
)
async def graph_store_direct(request: Request, path: str) -> Response:
    del path  # the whole URL is the graph's IRI
    return await _graph_store(request, direct=True)
