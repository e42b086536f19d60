"""Named queries over HTTP: GET /queries lists them, GET /queries/{name}?key=value runs one.

Results come in the format the Accept header asks for, as from /sparql: SPARQL JSON by default,
CSV, TSV or XML. Parameters are bound as RDF terms (see :mod:`payvand.store.queries`).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from payvand.config import Settings
from payvand.errors import InputError
from payvand.store.evaluation import QueryJob
from payvand.store.queries import bind, load_queries, named_query
from payvand.store.sparql_text import query_form
from payvand.web.deps import SettingsDep
from payvand.web.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS
from payvand.web.protocol import choose
from payvand.web.routes.sparql import client_address, run_job
from payvand.web.routing import ThreadRoute, in_thread
from payvand.web.schemas import NamedQueryInfo, QueryParameterInfo

router = APIRouter(route_class=ThreadRoute, tags=["named queries"])


@router.get(
    "/queries",
    summary="The named queries",
    description="Every named query (queries/*.rq) with its title and description in English and "
    "Persian, its parameters and their types, and a URL that runs it on its example.",
)
def list_queries(settings: SettingsDep) -> list[NamedQueryInfo]:
    return [
        NamedQueryInfo(
            name=query.name,
            title=dict(query.title),
            description=dict(query.description),
            parameters=[
                QueryParameterInfo(
                    name=p.name,
                    type=p.type.value,
                    required=p.required,
                    default=p.default,
                    description=p.description,
                )
                for p in query.parameters
            ],
            url=f"/queries/{query.name}"
            + (f"?{quote(query.example, safe='=&/:')}" if query.example else ""),
        )
        for query in load_queries(settings.queries_dir).values()
    ]


@router.get(
    "/queries/{name}",
    summary="Run a named query",
    description="Runs the named query with the query-string parameters bound as RDF terms. "
    "Results as SPARQL JSON (default), XML, CSV or TSV by the Accept header.",
    response_class=Response,
)
async def run_query(name: str, request: Request) -> Response:
    settings: Settings = request.app.state.settings
    query = named_query(load_queries(settings.queries_dir), name)
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise InputError(f"query '{name}': the parameter '{key}' is given twice; give it once")
        values[key] = value
    values = await in_thread(request.app.state.explorer.resolve_parameters, query, values)
    form = query_form(query.sparql)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    choice = choose(
        request.headers.get("accept"),
        GRAPH_FORMATS if graph else SOLUTION_FORMATS,
        "CONSTRUCT and DESCRIBE results" if graph else "SELECT and ASK results",
    )
    # Run like /sparql: in the query workers, with the time limit and the caps.
    job = QueryJob(
        sparql=bind(query, values, base=settings.base_iri),
        form=form,
        media_type=choice.media_type,
        max_rows=settings.max_rows,
        max_bytes=settings.max_response_bytes,
    )
    return await run_job(request.app.state, job, {}, client=client_address(request.scope))
