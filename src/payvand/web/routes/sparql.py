"""The SPARQL 1.1 query endpoint: GET or POST /sparql, results in the format the client accepts."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pyoxigraph import QueryBoolean, QuerySolutions, serialize

from payvand.errors import InputError, PayvandError
from payvand.store.base import QueryResult, ReadableStore
from payvand.web.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS, MediaChoice, negotiate

router = APIRouter(tags=["SPARQL"])

_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"


class NotAcceptableError(PayvandError):
    status = 406


class UnsupportedMediaTypeError(PayvandError):
    status = 415


def _params(request: Request, body: bytes) -> dict[str, list[str]]:
    """Protocol parameters from the query string and, for a form POST, the body."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == _FORM:
            for key, values in parse_qs(
                body.decode("utf-8", "replace"), keep_blank_values=True
            ).items():
                params.setdefault(key, []).extend(values)
        elif media == _QUERY_BODY:
            if "query" in params:
                raise InputError("the query is both in the URL and in the body; give it once")
            params["query"] = [body.decode("utf-8")]
        else:
            raise UnsupportedMediaTypeError(
                f"POST /sparql takes '{_FORM}' or '{_QUERY_BODY}', not '{media or '(none)'}'"
            )
    return params


_FORM_KEYWORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")
_IRI_OR_STRING = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query, from its first keyword."""
    text = _COMMENT.sub(" ", _IRI_OR_STRING.sub(" ", sparql))
    match = _FORM_KEYWORD.search(text)
    return match.group(1).upper() if match else None


def choose_format(form: str | None, accept: str | None) -> MediaChoice:
    """The format to answer a query of ``form`` in, before running it; 406 if none fits."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    offers = GRAPH_FORMATS if graph else SOLUTION_FORMATS
    choice = negotiate(accept, offers)
    if choice is None:
        kind = "CONSTRUCT and DESCRIBE" if graph else "SELECT and ASK"
        raise NotAcceptableError(
            f"cannot answer in any type the Accept header allows; {kind} results come as "
            + ", ".join(c.media_type for c in offers[:4])
        )
    return choice


def serialise(result: QueryResult, choice: MediaChoice) -> bytes:
    """The result written in the chosen format."""
    if isinstance(result, QuerySolutions | QueryBoolean):
        if choice.results_format is None:
            raise NotAcceptableError(
                f"a SELECT or ASK result cannot be written as {choice.media_type}"
            )
        return result.serialize(format=choice.results_format) or b""
    if choice.rdf_format is None:
        raise NotAcceptableError(
            f"a CONSTRUCT or DESCRIBE result cannot be written as {choice.media_type}"
        )
    return serialize(result, format=choice.rdf_format) or b""


def _run(
    store: ReadableStore, params: dict[str, list[str]], accept: str | None
) -> tuple[bytes, str]:
    queries = params.get("query", [])
    if not queries:
        raise InputError("no query given: pass the SPARQL query as ?query=… or in the request body")
    if len(queries) > 1:
        raise InputError("more than one query given; send one query per request")
    choice = choose_format(query_form(queries[0]), accept)
    result = store.query(
        queries[0],
        default_graph=params.get("default-graph-uri") or None,
        named_graphs=params.get("named-graph-uri") or None,
    )
    return serialise(result, choice), choice.media_type


@router.api_route(
    "/sparql",
    methods=["GET", "POST"],
    summary="SPARQL 1.1 query endpoint",
    description="A SPARQL 1.1 Protocol query endpoint over the whole store "
    "(the default graph is the "
    "union of all graphs unless default-graph-uri is given). Results by content negotiation.",
    response_class=Response,
)
async def sparql(request: Request) -> Response:
    body = await request.body() if request.method == "POST" else b""
    params = _params(request, body)
    store: ReadableStore = request.app.state.store
    data, media_type = await run_in_threadpool(_run, store, params, request.headers.get("accept"))
    charset = (
        "; charset=utf-8" if media_type.startswith(("text/", "application/sparql-results")) else ""
    )
    return Response(content=data, media_type=media_type + charset)
