"""Response models of the analytics API (``/graph/…``) and the entity API (``/entities…``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FilterOut(BaseModel):
    """The filter a result was computed under."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str | None = Field(default=None, alias="from", description="first day (Gregorian)")
    to: str | None = Field(default=None, description="last day (Gregorian)")
    types: list[str] = Field(default_factory=list, description="node types kept (empty: all)")
    min_weight: int = Field(default=1, description="least articles behind a tie")


class ViewInfo(BaseModel):
    name: str
    description: str = Field(description="what the view's query says it is")
    summary: str = Field(description="URL of its summary")


class ViewList(BaseModel):
    views: list[ViewInfo]
    node_types: list[str] = Field(description="the entity types the types filter takes")


class NodeRef(BaseModel):
    id: str = Field(description="entity id: the key of its IRI (person/…, city/ir-mashhad)")
    iri: str
    type: str
    label: str = Field(description="the Persian name, else the English one")
    label_fa: str = ""
    label_en: str = ""


class NodeOut(NodeRef):
    mentions: int = Field(description="articles that mention the entity")
    degree: int = Field(description="ties in the view")
    score: float | None = Field(default=None, description="the requested centrality")
    community: int | None = Field(default=None, description="the requested community")


class EvidenceOut(BaseModel):
    relation: str
    detail: str | None = Field(default=None, description="the role, status or kind of the tie")
    article: str | None = Field(default=None, description="IRI of the article (none: gazetteer)")
    headline: str | None = None
    date: str | None = Field(default=None, description="day the article was published")
    url: str | None = None
    sentence: str | None = Field(default=None, description="the sentence the tie was read from")
    quote: str | None = Field(default=None, description="the quote, for a statement")


class EdgeOut(BaseModel):
    source: str
    target: str
    relations: list[str]
    weight: int = Field(description="distinct articles behind the tie (1 for a gazetteer tie)")
    articles: int
    evidence: list[EvidenceOut] = Field(description="newest first, up to the evidence limit")


class SummaryOut(BaseModel):
    view: str
    filter: FilterOut
    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    articles: int
    node_types: dict[str, int]
    relations: dict[str, int]


class ScoredNode(NodeRef):
    rank: int
    score: float


class CentralityOut(BaseModel):
    view: str
    filter: FilterOut
    measure: str
    nodes: int = Field(description="nodes in the view")
    sampled: bool = Field(description="true when estimated from k samples")
    k: int | None = Field(default=None, description="the number of samples, when sampled")
    note: str = ""
    top: list[ScoredNode]


class CommunityOut(BaseModel):
    index: int
    size: int
    label: str = Field(description="the names of its most central members")
    members: list[NodeRef] = Field(description="most central first, up to the members limit")


class CommunitiesOut(BaseModel):
    view: str
    filter: FilterOut
    algorithm: str
    seed: int
    modularity: float
    count: int
    communities: list[CommunityOut]


class PathOut(BaseModel):
    hops: int
    nodes: list[NodeRef]
    edges: list[EdgeOut]


class PathsOut(BaseModel):
    view: str
    filter: FilterOut
    source: NodeRef
    target: NodeRef
    k: int
    paths: list[PathOut]
    reason: str | None = Field(default=None, description="why there is no path, when none")


class NeighbourhoodOut(BaseModel):
    view: str
    filter: FilterOut
    centre: NodeRef
    depth: int
    limit: int
    truncated: bool = Field(description="true when more nodes were within reach than the limit")
    measure: str | None = None
    algorithm: str | None = None
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class ChangeOut(NodeRef):
    before: float
    after: float
    delta: float


class CompareOut(BaseModel):
    view: str
    measure: str
    period_a: FilterOut
    period_b: FilterOut
    gained: list[ChangeOut]
    lost: list[ChangeOut]
    appeared: int = Field(description="nodes in period b only")
    disappeared: int = Field(description="nodes in period a only")
    sampled: bool
    notes: list[str]


class EntityHit(NodeRef):
    matched: str = Field(description="the name that matched")
    mentions: int
    aliases: list[str]


class SearchOut(BaseModel):
    query: str
    count: int
    results: list[EntityHit]


class SourceOut(BaseModel):
    article: str
    headline: str | None = None
    date: str | None = None
    url: str | None = None
    sentence: str | None = None


class PositionOut(BaseModel):
    member: NodeRef
    organisation: NodeRef
    roles: list[str]
    start: str | None = None
    end: str | None = None
    first_reported: str | None = None
    last_reported: str | None = None
    reference: bool = Field(description="also known from the gazetteer")
    sources: list[SourceOut]


class StatementOut(BaseModel):
    iri: str
    quote: str
    source: SourceOut


class EventOut(BaseModel):
    event: NodeRef
    roles: list[str]
    when: str | None = None
    sources: list[SourceOut]


class TwinningOut(BaseModel):
    partner: NodeRef
    status: str | None = None
    sources: list[SourceOut]


class MonthOut(BaseModel):
    month: str
    articles: int
    statements: int
    events: int
    twinnings: int
    positions: int


class EntityOut(NodeRef):
    mentions: int
    classes: list[str]
    labels: dict[str, list[str]]
    aliases: list[str]
    honorifics: list[str]
    wikidata: str | None = Field(default=None, description="the entity's Wikidata page")
    located_in: list[NodeRef]
    positions: list[PositionOut]
    statements: list[StatementOut]
    events: list[EventOut]
    twinnings: list[TwinningOut]
    articles: list[SourceOut] = Field(description="newest first, up to the articles limit")
    counts: dict[str, int] = Field(description="how many of each there are, before the limits")
    timeline: list[MonthOut] = Field(description="every month with something, over all of them")
