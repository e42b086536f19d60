"""create_app(settings): the FastAPI application, its store and its one error shape."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from payvand import __version__
from payvand.config import Settings
from payvand.errors import PayvandError
from payvand.store import GraphStore, open_store
from payvand.web.assets import mount_assets
from payvand.web.deps import StoreDep
from payvand.web.routes import queries, resources, sparql
from payvand.web.schemas import ErrorResponse, Health

log = logging.getLogger("payvand.web")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(
        status_code=status, content=ErrorResponse(error=message, status=status).model_dump()
    )


def create_app(settings: Settings, *, store: GraphStore | None = None) -> FastAPI:
    """The Payvand API over ``store`` (opened from ``settings.store`` when not given)."""
    app = FastAPI(
        title="Payvand",
        version=__version__,
        description="A provenance-backed knowledge graph of Iranian cultural diplomacy: "
        "a SPARQL 1.1 endpoint and an exploration API.",
        responses={400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}},
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings.store)

    @app.exception_handler(PayvandError)
    async def _payvand_error(_request: Request, err: PayvandError) -> JSONResponse:
        return _error(err.status, err.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, err: StarletteHTTPException) -> JSONResponse:
        return _error(err.status_code, str(err.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, err: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in err.errors()
        )
        return _error(422, f"invalid request: {problems}")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=err)
        return _error(500, f"internal error ({type(err).__name__}); the server log has the details")

    @app.get("/health", response_model=Health, tags=["service"], summary="Is the service up?")
    def health(store: StoreDep) -> Health:
        return Health(
            ok=True,
            store=settings.store,
            quads=store.quad_count(),
            graphs=len(store.graph_names()),
            version=__version__,
        )

    app.include_router(sparql.router)
    app.include_router(queries.router)
    app.include_router(resources.router(settings))
    mount_assets(app, settings.node_modules_dir)
    return app


def app_from_environment() -> FastAPI:
    """The app with settings from the environment: what ``payvand serve`` hands to uvicorn."""
    return create_app(Settings())
