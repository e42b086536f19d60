"""An endpoint that fails while holding a pyoxigraph result releases it in its own thread."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, Quad, Store

from payvand.errors import NotFoundError, PayvandError
from payvand.web.routing import ThreadRoute, in_thread


@pytest.fixture
def unraisable() -> Iterator[list[str]]:
    seen: list[str] = []
    previous = sys.unraisablehook
    sys.unraisablehook = lambda u: seen.append(str(u.exc_value))
    try:
        yield seen
    finally:
        sys.unraisablehook = previous


@pytest.mark.parametrize(
    ("route_class", "dropped_elsewhere"), [(ThreadRoute, False), (APIRoute, True)]
)
def test_a_failing_endpoint_drops_its_result_in_its_thread(
    unraisable: list[str], route_class: type[APIRoute], dropped_elsewhere: bool
) -> None:
    """With a plain route the result dies in the event loop's thread, which pyoxigraph reports."""
    store = Store()
    node = NamedNode("http://example.org/a")
    store.add(Quad(node, node, node))
    router = APIRouter(route_class=route_class)

    @router.get("/fail")
    def fail() -> dict[str, str]:
        result = store.query("SELECT * WHERE { ?s ?p ?o }")
        raise NotFoundError(f"nothing here ({type(result).__name__})")

    app = FastAPI()
    app.include_router(router)

    @app.exception_handler(PayvandError)
    async def _handle(_request: object, err: PayvandError) -> JSONResponse:
        return JSONResponse({"error": err.message}, status_code=err.status)

    with TestClient(app) as client:
        response = client.get("/fail")
    assert response.status_code == 404
    assert response.json() == {"error": "nothing here (QuerySolutions)"}
    gc.collect()
    assert any("unsendable" in message for message in unraisable) == dropped_elsewhere


def _holding(store: Store) -> None:
    """Fails while its frame holds a result of ``store``."""
    result = store.query("SELECT * WHERE { ?s ?p ?o }")
    raise KeyError(type(result).__name__)


def _app(router: APIRouter) -> FastAPI:
    app = FastAPI()
    app.include_router(router)

    @app.exception_handler(PayvandError)
    async def _handle(_request: object, err: PayvandError) -> JSONResponse:
        return JSONResponse({"error": err.message}, status_code=err.status)

    return app


def test_errors_raised_while_handling_others_release_those_frames_too(
    unraisable: list[str],
) -> None:
    """The result lives in a frame of the error the endpoint caught, not of the one it raised."""
    store = Store()
    node = NamedNode("http://example.org/a")
    store.add(Quad(node, node, node))
    router = APIRouter(route_class=ThreadRoute)

    @router.get("/fail")
    def fail() -> dict[str, str]:
        try:
            _holding(store)
        except KeyError:
            raise NotFoundError("nothing here") from None  # still its __context__
        return {}

    with TestClient(_app(router)) as client:
        assert client.get("/fail").status_code == 404
    gc.collect()
    assert not [message for message in unraisable if "unsendable" in message]


@pytest.mark.parametrize(("releasing", "dropped_elsewhere"), [(True, False), (False, True)])
def test_work_handed_to_the_thread_pool_releases_its_frames(
    unraisable: list[str], releasing: bool, dropped_elsewhere: bool
) -> None:
    store = Store()
    node = NamedNode("http://example.org/a")
    store.add(Quad(node, node, node))
    router = APIRouter()

    @router.get("/fail")
    async def fail() -> dict[str, str]:
        try:
            await (in_thread if releasing else run_in_threadpool)(_holding, store)
        except KeyError as err:
            raise NotFoundError(f"nothing here ({err})") from err
        return {}

    with TestClient(_app(router)) as client:
        response = client.get("/fail")
    assert response.json() == {"error": "nothing here ('QuerySolutions')"}
    gc.collect()
    assert any("unsendable" in message for message in unraisable) == dropped_elsewhere
