"""Request and response models shared by the routes."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, Field
from starlette.responses import JSONResponse


class ErrorResponse(BaseModel):
    """The one shape of every error the API returns."""

    ok: bool = Field(default=False, description="always false")
    error: str = Field(description="what went wrong and what to do about it")
    status: int = Field(description="the HTTP status code")


class Health(BaseModel):
    ok: bool
    store: str
    quads: int | None = Field(
        description="quads in the store; null while a large store is being counted (ask again)"
    )
    graphs: int | None = Field(description="named graphs in the store; null as quads")
    version: str


class QueryParameterInfo(BaseModel):
    name: str
    type: str = Field(description="iri, string, integer, date or boolean")
    required: bool
    default: str | None = None
    description: str


class NamedQueryInfo(BaseModel):
    """A named query of queries/*.rq, as GET /queries lists it."""

    name: str
    title: dict[str, str] = Field(description="by language: en and fa")
    description: dict[str, str] = Field(description="by language: en and fa")
    parameters: list[QueryParameterInfo]
    url: str = Field(description="where to run it, with its example parameters")


def error_response(
    status: int, message: str, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """An error in the API's one shape: ``{"ok": false, "error": "...", "status": N}``."""
    return JSONResponse(
        {"ok": False, "error": message, "status": status}, status_code=status, headers=headers
    )
