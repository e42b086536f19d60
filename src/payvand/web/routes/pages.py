"""The exploration page at ``/``: plain HTML, CSS and JavaScript from ``web/static``."""

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
