"""An endpoint that fails while holding a pyoxigraph result releases it in its own thread."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, Quad, Store

from payvand.errors import NotFoundError, PayvandError
from payvand.web.routing import ThreadRoute


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
