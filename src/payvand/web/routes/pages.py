"""The exploration page at ``/`` and the API page at ``/docs``: plain HTML, CSS and JavaScript from
``web/static`` (Swagger UI from the npm package ``swagger-ui-dist``, never from a CDN)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from payvand.web.assets import STATIC_DIR
from payvand.web.routing import ThreadRoute

router = APIRouter(route_class=ThreadRoute, tags=["pages"])


@router.get("/", include_in_schema=False)
def explore_page() -> FileResponse:
    """Search, entity pages and the graph explorer."""
    return FileResponse(STATIC_DIR / "explore.html", media_type="text/html")


@router.get("/docs", include_in_schema=False)
def docs_page() -> FileResponse:
    """The API's operations, from /openapi.json, in Swagger UI."""
    return FileResponse(STATIC_DIR / "docs.html", media_type="text/html")
