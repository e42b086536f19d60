"""Entities: search over their names, and the page of one entity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from payvand.analytics.entity import Ref, Source
from payvand.exploration import parse_types
from payvand.web.graph_schemas import (
    EntityHit,
    EntityOut,
    EventOut,
    MonthOut,
    NodeRef,
    PositionOut,
    SearchOut,
    SourceOut,
    StatementOut,
    TwinningOut,
)
from payvand.web.routes.graph import ExplorerDep
from payvand.web.routing import ThreadRoute

router = APIRouter(route_class=ThreadRoute, tags=["entities"])


def ref_out(ref: Ref) -> NodeRef:
    return NodeRef(
        id=ref.id,
        iri=ref.iri,
        type=ref.type,
        label=ref.label,
        label_fa=ref.labels.get("fa", ""),
        label_en=ref.labels.get("en", ""),
    )


def source_out(source: Source) -> SourceOut:
    return SourceOut(
        article=source.article,
        headline=source.headline,
        date=source.day.isoformat() if source.day else None,
        url=source.url,
        sentence=source.sentence,
    )


@router.get(
    "/entities",
    response_model=SearchOut,
    summary="Search entities by name",
    description="Persian and English names and aliases, normalised as ingestion does (Arabic "
    "and Persian letters, ZWNJ, digits); a name matches when it or one of its words starts with "
    "the query. Ranked by closeness of the match, then by the number of articles.",
)
def search_entities(
    explorer: ExplorerDep,
    q: Annotated[str, Query(min_length=1, description="the name or its beginning")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    types: Annotated[str | None, Query(description="entity types, comma-separated")] = None,
) -> SearchOut:
    hits = explorer.search(q, limit=limit, types=parse_types(types))
    return SearchOut(
        query=q,
        count=len(hits),
        results=[
            EntityHit(
                id=h.node.id,
                iri=h.node.iri,
                type=h.node.type,
                label=h.node.label,
                label_fa=h.node.labels.get("fa", ""),
                label_en=h.node.labels.get("en", ""),
                matched=h.matched,
                mentions=h.node.mentions,
                aliases=list(h.node.aliases),
            )
            for h in hits
        ],
    )


@router.get(
    "/entities/{entity:path}",
    response_model=EntityOut,
    summary="Everything the graph says about one entity",
    description="Types, names, Wikidata link, positions with dates, statements with their "
    "sources, events, twinnings, the articles that mention it and a timeline by month.",
)
def get_entity(
    explorer: ExplorerDep,
    entity: Annotated[str, Path(description="entity id (person/…, city/ir-mashhad) or IRI")],
    limit: Annotated[
        int, Query(ge=1, le=100000, description="most items listed per section, newest first")
    ] = 200,
) -> EntityOut:
    page = explorer.entity(entity)
    node = page.node
    return EntityOut(
        id=node.id,
        iri=node.iri,
        type=node.type,
        label=node.label,
        label_fa=node.labels.get("fa", ""),
        label_en=node.labels.get("en", ""),
        mentions=node.mentions,
        classes=list(page.classes),
        labels={lang: list(values) for lang, values in page.labels.items()},
        aliases=list(page.aliases),
        honorifics=list(page.honorifics),
        wikidata=page.wikidata,
        located_in=[ref_out(r) for r in page.located_in],
        positions=[
            PositionOut(
                member=ref_out(p.member),
                organisation=ref_out(p.organisation),
                roles=list(p.roles),
                start=p.start,
                end=p.end,
                first_reported=p.sources[0].day.isoformat()
                if p.sources and p.sources[0].day
                else None,
                last_reported=p.sources[-1].day.isoformat()
                if p.sources and p.sources[-1].day
                else None,
                reference=p.reference,
                sources=[source_out(s) for s in p.sources],
            )
            for p in page.positions[:limit]
        ],
        statements=[
            StatementOut(iri=s.iri, quote=s.quote, source=source_out(s.source))
            for s in page.statements[:limit]
        ],
        events=[
            EventOut(
                event=ref_out(e.event),
                roles=list(e.roles),
                when=e.when,
                sources=[source_out(s) for s in e.sources],
            )
            for e in page.events[:limit]
        ],
        twinnings=[
            TwinningOut(
                partner=ref_out(t.partner),
                status=t.status,
                sources=[source_out(s) for s in t.sources],
            )
            for t in page.twinnings[:limit]
        ],
        articles=[source_out(s) for s in page.articles[:limit]],
        counts={
            "positions": len(page.positions),
            "statements": len(page.statements),
            "events": len(page.events),
            "twinnings": len(page.twinnings),
            "articles": len(page.articles),
        },
        timeline=[
            MonthOut(
                month=m.month,
                articles=m.articles,
                statements=m.statements,
                events=m.events,
                twinnings=m.twinnings,
                positions=m.positions,
            )
            for m in page.timeline
        ],
    )
