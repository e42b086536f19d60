"""The SPARQL 1.1 Protocol: queries at /sparql, updates at /update.

``/sparql`` with a query answers it in the format the Accept header prefers (streamed, capped,
with a time limit); without one it describes the service (SPARQL 1.1 Service Description) or, to a
browser, shows the query editor. ``/update`` applies an update when the request carries the write
token. Both refuse SERVICE and LOAD: the server never fetches from elsewhere.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from payvand.config import Settings
from payvand.errors import InputError
from payvand.store import writable
from payvand.store.evaluation import Answer, Evaluator, QueryJob
from payvand.store.sparql_text import inspect_query, refuse_outbound, with_base, with_using
from payvand.web.description import service_description
from payvand.web.editor import editor_page
from payvand.web.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS, MediaChoice
from payvand.web.protocol import (
    MethodNotAllowedError,
    Operation,
    choose,
    parse_query_request,
    parse_update_request,
    requested_timeout,
    require_writer,
)

router = APIRouter(tags=["SPARQL"])

HTML = MediaChoice("text/html")
DESCRIPTION_FORMATS: tuple[MediaChoice, ...] = (*GRAPH_FORMATS, HTML)
_ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


def content_type(media: str) -> str:
    """The Content-Type header for ``media``: UTF-8 stated for every textual type."""
    if media.startswith("text/") or media.endswith(("+json", "+xml", "/json", "/n-triples")):
        return f"{media}; charset=utf-8"
    return media


def result_headers(answer: Answer, settings: Settings, timeout: float) -> dict[str, str]:
    """What the client should know about the caps: the limits, and whether rows were cut."""
    headers = {"Payvand-Timeout": f"{timeout:g}"}
    if settings.max_rows:
        headers["Payvand-Row-Limit"] = str(settings.max_rows)
    if settings.max_response_bytes:
        headers["Payvand-Size-Limit"] = str(settings.max_response_bytes)
    if answer.head.rows is not None:
        headers["Payvand-Rows"] = str(answer.head.rows)
    if answer.head.truncated:
        headers["Payvand-Truncated"] = "true"
    return headers


_PREFIX = 1 << 16


async def _rest(first: list[bytes], body: AsyncGenerator[bytes, None]) -> AsyncIterator[bytes]:
    for chunk in first:
        yield chunk
    async for chunk in body:
        yield chunk


async def run_job(request: Request, job: QueryJob, fields: dict[str, list[str]]) -> Response:
    """Run ``job`` through the app's evaluator and answer with its result.

    A result that is complete within its first 64 KiB goes out whole, with its length (and any
    error, such as the size cap, still as an error status); a longer one is streamed.
    """
    settings: Settings = request.app.state.settings
    evaluator: Evaluator = request.app.state.evaluator
    timeout = requested_timeout(fields, settings.query_timeout)
    answer = await evaluator.run(job, timeout=timeout)
    headers = {
        "Content-Type": content_type(answer.head.media_type),
        "Vary": "Accept",
        **result_headers(answer, settings, timeout),
    }
    first: list[bytes] = []
    size = 0
    try:
        while size < _PREFIX:
            chunk = await anext(answer.body)
            first.append(chunk)
            size += len(chunk)
    except StopAsyncIteration:
        return Response(b"".join(first), headers=headers)
    except BaseException:
        await answer.body.aclose()
        raise
    return StreamingResponse(_rest(first, answer.body), headers=headers)


def endpoint_url(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


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
    operation = parse_query_request(request, body)
    accept = request.headers.get("accept")
    if operation.text is None:
        if request.method == "POST" or set(operation.fields) - {"timeout"}:
            raise InputError(
                "no query given: pass the SPARQL query as ?query=… or in the request body"
            )
        choice = choose(accept, DESCRIPTION_FORMATS, "the service description and the editor")
        if choice is HTML:
            return Response(
                editor_page(settings, endpoint_url(request, "/sparql")),
                media_type="text/html; charset=utf-8",
            )
        data = service_description(
            endpoint_url(request, ""), choice, writable=settings.write_token is not None
        )
        return Response(data, headers={"Content-Type": content_type(choice.media_type)})
    return await run_job(request, query_job(request, operation, accept), operation.fields)


def query_job(request: Request, operation: Operation, accept: str | None) -> QueryJob:
    """The job for a protocol query: format chosen, dataset checked, SERVICE refused."""
    settings: Settings = request.app.state.settings
    text = operation.text or ""
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
        sparql=with_base(text, endpoint_url(request, "/sparql")),
        form=shape.form,
        media_type=choice.media_type,
        default_graph=tuple(default_graph) if default_graph else None,
        named_graphs=tuple(named_graphs) if named_graphs else None,
        max_rows=settings.max_rows,
        max_bytes=settings.max_response_bytes,
        limit=shape.limit,
    )


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
    require_writer(request, settings.write_token)
    body = await request.body()
    operation = parse_update_request(request, body)
    text = operation.text or ""
    refuse_outbound(text, update=True)
    text = with_using(
        text, operation.graphs("using-graph-uri"), operation.graphs("using-named-graph-uri")
    )
    store = writable(request.app.state.store, settings.store)
    await run_in_threadpool(store.update, with_base(text, endpoint_url(request, "/update")))
    written(request)
    return Response(status_code=204)


def written(request: Request) -> None:
    """The store changed: queries from now on must see it, and VoID says when."""
    evaluator: Evaluator = request.app.state.evaluator
    evaluator.changed()
    request.app.state.last_modified = datetime.now(UTC)
