"""Response models of the full-text search (/search)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LinkOut(BaseModel):
    iri: str
    label: str | None = None
    id: str | None = Field(
        default=None, description="the key of the IRI under the base, as the explorer names it"
    )
    page: str | None = Field(default=None, description="the path of its page on this server")


class SearchHitOut(BaseModel):
    kind: str = Field(description="statement, sentence or article")
    iri: str
    score: float = Field(description="BM25 relevance: higher is better")
    snippet: str
    highlights: list[tuple[int, int]] = Field(
        description="[start, end) of every word found, in characters of the snippet"
    )
    date: str | None = None
    lang: str | None = None
    article: LinkOut
    speaker: LinkOut | None = None
    outlet: LinkOut | None = None


class FacetOut(BaseModel):
    value: str
    label: str | None = None
    count: int


class TextSearchOut(BaseModel):
    query: str
    total: int = Field(
        description="the hits found; when exact is false, at least that many (the count stops "
        "at 10,000)"
    )
    exact: bool = True
    stale: bool = Field(
        False,
        description="true when the store was written through /update or /store since the index "
        "was last brought level: hits may be missing or out of date until 'payvand index'",
    )
    ranked: int = Field(
        description="the hits ranked and counted in the facets: all of them, or the newest "
        "2,000 when there are more"
    )
    limit: int
    offset: int
    hits: list[SearchHitOut]
    facets: dict[str, list[FacetOut]] = Field(
        description="counts over every hit: kind, speaker, outlet, year and topic"
    )
