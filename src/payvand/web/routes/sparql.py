"""The SPARQL 1.1 Protocol: queries at /sparql, updates at /update.

``/sparql`` with a query answers it in the format the Accept header prefers (streamed, capped,
with a time limit); without one it describes the service (SPARQL 1.1 Service Description) or, to a
browser, shows the query editor. ``/update`` applies an update when the request carries the write
token. Both refuse SERVICE and LOAD, read from the parsed text (:mod:`payvand.store.outbound`):
the server fetches from nowhere but the endpoints and sources the operator allows.

Queries by GET and POST take a short way in front of FastAPI's routing (:class:`QueryFastPath`);
the route below answers the rest (the description, the editor, CORS requests) with the same
functions, and documents the endpoint.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncGenerator, AsyncIterator
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import State
from starlette.types import ASGIApp, Receive, Scope, Send

from payvand.config import Settings
from payvand.errors import InputError, PayvandError, StoreError
from payvand.store import writable
from payvand.store.evaluation import Answer, QueryJob, QueryThreads, ResultHead
from payvand.store.outbound import may_fetch, refuse_outbound
from payvand.store.sparql_text import inspect_query, with_using
from payvand.web.description import service_description
from payvand.web.editor import editor_page
from payvand.web.limits import read_body
from payvand.web.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS, MediaChoice
from payvand.web.protocol import (
    MethodNotAllowedError,
    Operation,
    base_url,
    choose,
    parse_query_request,
    parse_update_request,
    query_string,
    requested_timeout,
    require_writer,
)
from payvand.web.routes.resources import page_language
from payvand.web.routing import ThreadRoute, in_thread
from payvand.web.schemas import error_response

log = logging.getLogger("payvand.web")

router = APIRouter(route_class=ThreadRoute, tags=["SPARQL"])

HTML = MediaChoice("text/html")
DESCRIPTION_FORMATS: tuple[MediaChoice, ...] = (*GRAPH_FORMATS, HTML)
_ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


@lru_cache(maxsize=64)
def content_type(media: str) -> str:
    """The Content-Type header for ``media``: UTF-8 stated for every textual type."""
    if media.startswith("text/") or media.endswith(("+json", "+xml", "/json", "/n-triples")):
        return f"{media}; charset=utf-8"
    return media


def result_headers(
    head: ResultHead, settings: Settings, timeout: float
) -> list[tuple[bytes, bytes]]:
    """The headers of a result: its type, and what the client should know about the caps (the
    limits, and whether rows were cut)."""
    headers = [
        (b"content-type", content_type(head.media_type).encode("latin-1")),
        (b"vary", b"Accept"),
        (b"payvand-timeout", f"{timeout:g}".encode("latin-1")),
    ]
    if settings.max_rows:
        headers.append((b"payvand-row-limit", str(settings.max_rows).encode("latin-1")))
    if settings.max_response_bytes:
        headers.append((b"payvand-size-limit", str(settings.max_response_bytes).encode("latin-1")))
    if head.rows is not None:
        headers.append((b"payvand-rows", str(head.rows).encode("latin-1")))
    if head.truncated:
        headers.append((b"payvand-truncated", b"true"))
    return headers


async def _rest(first: bytes, body: AsyncGenerator[bytes, None]) -> AsyncIterator[bytes]:
    try:
        yield first
        async for chunk in body:
            yield chunk
    finally:
        await body.aclose()


def client_address(scope: Scope) -> str | None:
    """Who sends a request, as far as the query limits go: its remote address (the one a proxy
    the server trusts forwards, see uvicorn's ``--forwarded-allow-ips``)."""
    client = scope.get("client")
    return str(client[0]) if client else None


async def answer_job(
    state: State, job: QueryJob, fields: dict[str, list[str]], *, client: str | None = None
) -> tuple[Answer, list[tuple[bytes, bytes]]]:
    """Run ``job`` in the app's query threads, for ``client``: its answer, and the headers to
    send with it."""
    settings: Settings = state.settings
    queries: QueryThreads = state.queries
    timeout = requested_timeout(fields, settings.query_timeout)
    answer = await queries.run(job, timeout=timeout, client=client)
    return answer, result_headers(answer.head, settings, timeout)


def as_response(answer: Answer, headers: list[tuple[bytes, bytes]]) -> Response:
    """A result complete within its first 64 KiB goes out whole, with its length (and any
    error, such as the size cap, still as an error status); a longer one is streamed."""
    response: Response = (
        Response(answer.first)
        if answer.body is None
        else StreamingResponse(_rest(answer.first, answer.body))
    )
    response.raw_headers.extend(headers)
    return response


async def run_job(
    state: State, job: QueryJob, fields: dict[str, list[str]], *, client: str | None = None
) -> Response:
    """Run ``job`` in the app's query threads for ``client`` and answer with its result."""
    return as_response(*await answer_job(state, job, fields, client=client))


def query_job(operation: Operation, accept: str | None, base: str, settings: Settings) -> QueryJob:
    """The job for a protocol query: format chosen, dataset checked, SERVICE refused."""
    text = operation.text or ""
    refuse_outbound(text, services=settings.allowed_service_list)
    shape = inspect_query(text)
    graph = shape.form in ("CONSTRUCT", "DESCRIBE")
    choice = choose(
        accept,
        GRAPH_FORMATS if graph else SOLUTION_FORMATS,
        "CONSTRUCT and DESCRIBE results" if graph else "SELECT and ASK results",
    )
    default_graph = operation.graphs("default-graph-uri")
    named_graphs = operation.graphs("named-graph-uri")
    return QueryJob(
        sparql=text,
        base_iri=f"{base}/sparql",
        form=shape.form,
        media_type=choice.media_type,
        default_graph=tuple(default_graph) if default_graph else None,
        named_graphs=tuple(named_graphs) if named_graphs else None,
        max_rows=settings.max_rows,
        max_bytes=settings.max_response_bytes,
        limit=shape.limit,
    )


async def prepare_job(
    operation: Operation, accept: str | None, base: str, settings: Settings
) -> QueryJob:
    """:func:`query_job`; in a thread when the text must be parsed to rule SERVICE out, which
    may take long enough on a large text to hold up every other request."""
    if may_fetch(operation.text or ""):
        return await in_thread(query_job, operation, accept, base, settings)
    return query_job(operation, accept, base, settings)


def _describes(method: str, operation: Operation) -> bool:
    """Whether a request without a query asks for the description (or is an error)."""
    if operation.text is not None:
        return False
    if method == "POST" or set(operation.fields) - {"timeout"}:
        raise InputError("no query given: pass the SPARQL query as ?query=… or in the request body")
    return True


@router.api_route(
    "/sparql",
    methods=_ALL_METHODS,
    summary="SPARQL 1.1 query endpoint",
    description="Queries by GET (?query=), POST form or POST application/sparql-query. The "
    "default graph is the union of all graphs unless default-graph-uri is given. SELECT and ASK "
    "come as SPARQL JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE as Turtle, N-Triples, RDF/XML "
    "or JSON-LD, by Accept. Without a query: the service description, or the query editor for "
    "a browser. Optional: timeout (seconds, at most the server's).",
    response_class=Response,
)
async def sparql(request: Request) -> Response:
    if request.method not in ("GET", "POST"):
        raise MethodNotAllowedError(
            f"{request.method} is not a SPARQL query method; use GET or POST "
            "(graphs are written through /store, updates through POST /update)"
        )
    settings: Settings = request.app.state.settings
    body = await request.body() if request.method == "POST" else b""
    operation = parse_query_request(
        request.method,
        query_string(request.scope),
        request.headers.get("content-type", ""),
        body,
    )
    accept = request.headers.get("accept")
    base = base_url(request.scope)
    if not _describes(request.method, operation):
        job = await prepare_job(operation, accept, base, settings)
        return await run_job(
            request.app.state, job, operation.fields, client=client_address(request.scope)
        )
    choice = choose(accept, DESCRIPTION_FORMATS, "the service description and the editor")
    if choice is HTML:
        return Response(
            editor_page(settings, f"{base}/sparql", lang=page_language(request)),
            media_type="text/html; charset=utf-8",
            headers={"Vary": "Accept, Accept-Language"},
        )
    data = service_description(base, choice, writable=settings.write_token is not None)
    return Response(data, headers={"Content-Type": content_type(choice.media_type)})


# A request as far as its query goes: method, query string, Content-Type, Accept, base URL, body.
_RequestKey = tuple[str, bytes, str, str | None, str, bytes]
_PREPARED_REQUESTS = 512
_PREPARED_SIZE = 8192  # characters of a request worth remembering


class QueryFastPath:
    """GET and POST queries to /sparql, answered in front of FastAPI's middleware and routing.

    Everything else goes to ``app``: a GET without a query (the description and the editor)
    and, when CORS is on, requests that carry an Origin. Errors get the API's one shape here,
    since the app's exception handlers are not in the way.
    """

    def __init__(self, app: ASGIApp, *, state: State, cors: bool) -> None:
        self.app = app
        self.state = state
        self.cors = cors
        # Requests seen lately, parsed: what the request says decides the job, so a request
        # that comes again (as from a page or a program that asks the same query) skips parsing.
        self._prepared: OrderedDict[_RequestKey, tuple[QueryJob, dict[str, list[str]]]] = (
            OrderedDict()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method: str = scope["method"]
        if method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        accept: str | None = None
        content_type_header = ""
        length: int | None = None
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value.decode("latin-1")
            elif name == b"content-type":
                content_type_header = value.decode("latin-1")
            elif name == b"content-length":
                length = int(value) if value.isdigit() else None
            elif name == b"origin" and self.cors:
                await self.app(scope, receive, send)
                return
        settings: Settings = self.state.settings
        try:
            body = (
                await read_body(receive, length, settings.max_body_bytes)
                if method == "POST"
                else b""
            )
            base = base_url(scope)
            key = (method, scope["query_string"], content_type_header, accept, base, body)
            prepared = self._prepared.get(key)
            if prepared is None:
                operation = parse_query_request(
                    method, query_string(scope), content_type_header, body
                )
                if _describes(method, operation):
                    await self.app(scope, receive, send)
                    return
                prepared = (
                    await prepare_job(operation, accept, base, settings),
                    operation.fields,
                )
                self._remember(key, prepared)
            job, fields = prepared
            answer, headers = await answer_job(
                self.state, job, fields, client=client_address(scope)
            )
        except PayvandError as err:
            await error_response(err.status, err.message, headers=err.headers)(scope, receive, send)
            return
        except Exception as err:  # the edge of the app for these requests: log it, answer 500
            log.exception("unexpected error", exc_info=err)
            message = f"internal error ({type(err).__name__}); the server log has the details"
            await error_response(500, message)(scope, receive, send)
            return
        if answer.body is not None:
            await as_response(answer, headers)(scope, receive, send)
            return
        headers.append((b"content-length", str(len(answer.first)).encode("latin-1")))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.first})

    def _remember(self, key: _RequestKey, prepared: tuple[QueryJob, dict[str, list[str]]]) -> None:
        if sum(len(part) for part in key if part) > _PREPARED_SIZE:
            return
        self._prepared[key] = prepared
        if len(self._prepared) > _PREPARED_REQUESTS:
            self._prepared.popitem(last=False)


@router.api_route(
    "/update",
    methods=_ALL_METHODS,
    summary="SPARQL 1.1 update endpoint",
    description="Updates by POST form (update=…) or POST application/sparql-update, with "
    "using-graph-uri and using-named-graph-uri. Needs 'Authorization: Bearer <token>' with the "
    "server's write token; without a write token the server is read-only (403).",
    response_class=Response,
    status_code=204,
)
async def update(request: Request) -> Response:
    if request.method != "POST":
        raise MethodNotAllowedError(
            f"{request.method} cannot carry an update; POST it as a form (update=…) or as "
            "application/sparql-update"
        )
    settings: Settings = request.app.state.settings
    require_writer(request.headers.get("authorization", ""), settings.write_token)
    body = await request.body()
    operation = parse_update_request(
        query_string(request.scope), request.headers.get("content-type", ""), body
    )
    text = operation.text or ""
    await in_thread(
        refuse_outbound,
        text,
        update=True,
        services=settings.allowed_service_list,
        loads=settings.allowed_load_list,
    )
    text = with_using(
        text, operation.graphs("using-graph-uri"), operation.graphs("using-named-graph-uri")
    )
    store = writable(request.app.state.store, settings.store)
    await in_thread(store.update, text, base_iri=f"{base_url(request.scope)}/update")
    await written(request)
    return Response(status_code=204)


async def written(request: Request) -> None:
    """The store changed: queries from now on must see it, VoID says when, and the full-text
    index is marked as behind the store until ``payvand index`` reads it again."""
    request.app.state.last_modified = request.app.state.generation.bump()
    try:
        await in_thread(request.app.state.search_index.mark_stale)
    except StoreError as err:  # the write stands; the index says nothing of it
        log.warning("the search index could not be marked as behind the store: %s", err)
