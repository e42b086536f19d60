"""create_app(settings): the FastAPI application, its store and its one error shape."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from payvand import __version__
from payvand.config import Settings
from payvand.connect import remote_endpoints
from payvand.errors import PayvandError
from payvand.exploration import Explorer
from payvand.store import OxigraphStore, ReadableStore, open_reader
from payvand.store.evaluation import QueryThreads
from payvand.store.generation import FollowingStore, Generation
from payvand.store.overruns import Overruns
from payvand.store.search_index import TextIndex
from payvand.web.assets import mount_assets
from payvand.web.deps import StoreDep
from payvand.web.forwarding import WriteForwarding, writer_client
from payvand.web.health import StoreCounts
from payvand.web.limits import BodyLimit
from payvand.web.routes import (
    entities,
    graph,
    graph_store,
    pages,
    queries,
    releases,
    resources,
    search,
    sparql,
    void,
)
from payvand.web.routing import ThreadRoute
from payvand.web.schemas import ErrorResponse, Health, error_response
from payvand.web.security import with_security_headers

log = logging.getLogger("payvand.web")


class PayvandAPI(FastAPI):
    """FastAPI, with queries to /sparql taken before its middleware and routing
    (:class:`~payvand.web.routes.sparql.QueryFastPath`): the path most requests take.

    ``closing_connections``: every response says ``Connection: close`` (a serving process that
    retires lets each connection end after its next answer)."""

    query_path: ASGIApp | None = None
    closing_connections = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            send = with_security_headers(send)
            if self.closing_connections:
                send = _with_connection_close(send)
        if self.query_path is not None and scope["type"] == "http" and scope["path"] == "/sparql":
            await self.query_path(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _with_connection_close(send: Send) -> Send:
    """``send``, adding ``Connection: close`` to the start of every HTTP response."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [
                (name, value)
                for name, value in message.get("headers", ())
                if name.lower() != b"connection"
            ]
            message = {**message, "headers": [*headers, (b"connection", b"close")]}
        await send(message)

    return sending


def create_app(
    settings: Settings,
    *,
    store: ReadableStore | None = None,
    generation: Generation | None = None,
    writer: Path | None = None,
    on_overrun: Callable[[], None] | None = None,
    overruns: Path | None = None,
    search_index: TextIndex | None = None,
) -> FastAPI:
    """The Payvand API over ``store`` (opened from ``settings.store`` when not given).

    Queries run in threads of this process. ``payvand serve`` over an on-disk store runs the app
    in several processes (see :mod:`payvand.web.server`), and tells each its part: the writer
    gets the read-write store and a ``generation`` shared with the others, which it bumps after
    every write; a serving process gets a :class:`FollowingStore` over the same generation, the
    Unix socket of the ``writer`` to send writes to, and ``on_overrun``, called when a query is
    still evaluating at its time limit, and ``overruns``, the directory where the serving
    processes share the queries that ran past their time limit. ``search_index`` is the
    full-text index for /search (by default the settings' file, opened read-only at the first
    search).
    """
    forwarding = writer_client(writer) if writer is not None else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            app.state.queries.close()
            app.state.search_index.close()
            if forwarding is not None:
                await forwarding.aclose()

    app = PayvandAPI(
        lifespan=lifespan,
        title="Payvand",
        version=__version__,
        description="A provenance-backed knowledge graph of Iranian cultural diplomacy: "
        "a SPARQL 1.1 endpoint and an exploration API.",
        responses={400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}},
        # /docs is a page of its own (routes/pages.py), with Swagger UI from npm, not a CDN
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.router.route_class = ThreadRoute  # routes declared on the app itself, such as /health
    app.state.settings = settings
    app.state.store = (
        store
        if store is not None
        else open_reader(
            settings.store,
            endpoints=remote_endpoints(settings),
            read_only_remote=settings.sparql_read_only,
        )
    )
    app.state.generation = generation if generation is not None else Generation()
    stored = app.state.store
    local = isinstance(stored, OxigraphStore | FollowingStore)
    app.state.queries = QueryThreads(
        stored,
        generation=app.state.generation if local else None,
        on_overrun=on_overrun,
        limit=settings.query_timeout,
        overruns=Overruns(cooldown=settings.overrun_cooldown, directory=overruns),
        long_per_client=settings.long_queries_per_client,
        overruns_per_client=settings.overruns_per_client,
    )
    modified = stored.modified() if isinstance(stored, OxigraphStore | FollowingStore) else None
    app.state.last_modified = modified or datetime.now(UTC)
    app.state.explorer = Explorer(
        app.state.store,
        settings.queries_dir / "views",
        base=settings.base_iri,
        check_every=settings.analytics_check_seconds,
    )

    @app.exception_handler(PayvandError)
    async def _payvand_error(_request: Request, err: PayvandError) -> JSONResponse:
        return error_response(err.status, err.message, headers=err.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, err: StarletteHTTPException) -> JSONResponse:
        return error_response(err.status_code, str(err.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, err: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in err.errors()
        )
        return error_response(422, f"invalid request: {problems}")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=err)
        return error_response(
            500, f"internal error ({type(err).__name__}); the server log has the details"
        )

    app.state.search_index = search.IndexOpener(settings, search_index)

    counts = StoreCounts()

    @app.get("/health", response_model=Health, tags=["service"], summary="Is the service up?")
    def health(store: StoreDep) -> Health:
        quads, graphs = counts.get(store)
        return Health(
            ok=True,
            store=settings.store,
            quads=quads,
            graphs=graphs,
            version=__version__,
        )

    app.include_router(sparql.router)
    app.include_router(queries.router)
    app.include_router(resources.router(settings))
    app.include_router(graph.router)
    app.include_router(entities.router)
    app.include_router(search.router)
    app.include_router(pages.router)
    app.include_router(graph_store.router)
    app.include_router(void.router)
    app.include_router(releases.router)
    # Middleware, innermost first: the body cap, CORS, and writes sent on to the writer.
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
            expose_headers=[
                "Location",
                "Payvand-Rows",
                "Payvand-Row-Limit",
                "Payvand-Size-Limit",
                "Payvand-Timeout",
                "Payvand-Truncated",
            ],
        )
    if forwarding is not None:
        app.add_middleware(WriteForwarding, client=forwarding, limit=settings.max_body_bytes)
    app.query_path = sparql.QueryFastPath(
        partial(FastAPI.__call__, app), state=app.state, cors=bool(settings.cors_origin_list)
    )
    mount_assets(app, settings.node_modules_dir)
    return app
