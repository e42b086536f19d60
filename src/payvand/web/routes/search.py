"""Full-text search over what was said: statements, evidence sentences and articles."""

from __future__ import annotations

import threading
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse

from payvand.config import Settings
from payvand.errors import InputError
from payvand.mapping.iris import Iris
from payvand.store.search_index import (
    SearchHit,
    SearchPage,
    SearchRequest,
    TextIndex,
    index_path_for,
    search_request,
    values_clause,
)
from payvand.web.routing import ThreadRoute
from payvand.web.search_schemas import FacetOut, LinkOut, SearchHitOut, TextSearchOut

router = APIRouter(route_class=ThreadRoute, tags=["search"])


class IndexOpener:
    """The app's full-text index: the one given, or the file of the settings opened read-only at
    the first search (and again while it is missing: ``payvand index`` may make it meanwhile)."""

    def __init__(self, settings: Settings, index: TextIndex | None = None) -> None:
        self.path = settings.search_index or index_path_for(settings.store)
        self.index = index
        self.lock = threading.Lock()

    def __call__(self) -> TextIndex:
        with self.lock:
            if self.index is None:
                if self.path is None:
                    self.index = TextIndex(None)
                else:
                    self.index = TextIndex(self.path, read_only=True)
            return self.index

    def mark_stale(self) -> None:
        """The store was written without the index following (SPARQL Update, Graph Store
        Protocol): mark the index so, when there is one."""
        with self.lock:
            if self.index is None and self.path is None:
                self.index = TextIndex(None)
            if self.index is not None and not self.index.read_only:
                self.index.mark_stale()
                return
        if self.path is not None and self.path.is_file():
            writer = TextIndex(self.path)
            try:
                writer.mark_stale()
            finally:
                writer.close()

    def close(self) -> None:
        if self.index is not None:
            self.index.close()


def get_index(request: Request) -> TextIndex:
    opener: IndexOpener = request.app.state.search_index
    return opener()


IndexDep = Annotated[TextIndex, Depends(get_index)]


class Linker:
    """Ids and page paths of the IRIs under the app's base."""

    def __init__(self, settings: Settings) -> None:
        iris = Iris(settings.base_iri)
        self.base = iris.base
        self.segment = iris.base[len(iris.root) :].strip("/#")

    def link(self, iri: str | None, label: str | None) -> LinkOut | None:
        if iri is None:
            return None
        if not iri.startswith(self.base):
            return LinkOut(iri=iri, label=label)
        key = iri[len(self.base) :]
        page = f"/{self.segment}/" + quote(key, safe="/-._~") if self.segment else None
        return LinkOut(iri=iri, label=label, id=key, page=page)


def hit_out(hit: SearchHit, linker: Linker) -> SearchHitOut:
    article = linker.link(hit.article, hit.headline)
    assert article is not None
    return SearchHitOut(
        kind=hit.kind.label,
        iri=hit.iri,
        score=hit.score,
        snippet=hit.snippet,
        highlights=list(hit.marks),
        date=hit.day.isoformat() if hit.day else None,
        lang=hit.lang,
        article=article,
        speaker=linker.link(hit.speaker, hit.speaker_label),
        outlet=linker.link(hit.outlet, hit.outlet_label),
    )


def page_out(page: SearchPage, request: SearchRequest, linker: Linker) -> TextSearchOut:
    return TextSearchOut(
        query=page.query,
        total=page.total,
        exact=page.exact,
        stale=page.stale,
        ranked=page.ranked,
        limit=request.limit,
        offset=request.offset,
        hits=[hit_out(hit, linker) for hit in page.hits],
        facets={
            name: [FacetOut(value=f.value, label=f.label, count=f.count) for f in counts]
            for name, counts in page.facets.items()
        },
    )


@router.get(
    "/search",
    response_model=TextSearchOut,
    summary="Search what was said",
    description="Full-text search over statement quotes, evidence sentences and articles "
    "(headline and sentences), in Persian and English: Arabic or Persian letters, with or "
    "without ZWNJ, plural and other suffixes, the verb prefix «می‌» and English inflections all "
    'match. `"…"` or `«…»` is a phrase, `OR` either, `NOT x` or `-x` excludes, `word*` is a '
    "prefix. Hits come best first (BM25; of more than 2,000 hits, the newest 2,000 are ranked and "
    "counted in the facets; hits are counted up to 10,000, and `exact` is false beyond) with a "
    "snippet and the words found, the article, the "
    "speaker and the date; facets count every hit by kind, speaker, outlet, year and topic. "
    "`from` and `to` take Gregorian or Jalali dates, months or years. `format=values` answers "
    "with a SPARQL `VALUES ?hit { … }` block of the hits' IRIs, to join them with graph patterns.",
)
def search(
    request: Request,
    index: IndexDep,
    q: Annotated[str, Query(min_length=1, description="the search")],
    kind: Annotated[str | None, Query(description="statement, sentence or article")] = None,
    lang: Annotated[str | None, Query(description="fa or en")] = None,
    start: Annotated[
        str | None, Query(alias="from", description="from this day, month or year")
    ] = None,
    end: Annotated[str | None, Query(alias="to", description="to this day, month or year")] = None,
    speaker: Annotated[str | None, Query(description="the speaker's IRI")] = None,
    entity: Annotated[
        str | None, Query(description="an entity's IRI: what its articles say, or it says")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Annotated[str, Query(description="json, or values for SPARQL")] = "json",
) -> TextSearchOut | PlainTextResponse:
    if format not in ("json", "values"):
        raise InputError(f"unknown format '{format}'; give json or values", field="format")
    wanted = search_request(
        q,
        kind=kind,
        lang=lang,
        start=start,
        end=end,
        speaker=speaker,
        entity=entity,
        limit=limit,
        offset=offset,
    )
    page = index.search(wanted)
    if format == "values":
        return PlainTextResponse(
            values_clause(page), media_type="application/sparql-query; charset=utf-8"
        )
    return page_out(page, wanted, Linker(request.app.state.settings))
