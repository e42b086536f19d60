"""An entity's page from the rows of the ``queries/views/lookup/entity*.rq`` queries.

Everything the graph says about one entity, each fact with the articles it comes from: its
classes and names, its Wikidata link, the positions it holds or gives, its statements, its
events and twinnings, the articles that mention it, and a timeline of all of that by month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from payvand.analytics.build import ArticleInfo, Node, Row, node_type
from payvand.namespaces import OWL, PV, RDF, RDFS, SKOS, WIKIDATA_ENTITY
from payvand.text.normalise import match_key

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"


@dataclass(frozen=True, slots=True)
class Ref:
    """Another entity, as a link: IRI, id, type and names."""

    iri: str
    id: str
    type: str
    label: str
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Source:
    """An article behind a fact, with the sentence (or quote) it was read from."""

    article: str
    headline: str | None
    day: date | None
    url: str | None
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class PositionItem:
    member: Ref
    organisation: Ref
    roles: tuple[str, ...]
    start: str | None
    end: str | None
    sources: tuple[Source, ...]
    reference: bool


@dataclass(frozen=True, slots=True)
class StatementItem:
    iri: str
    quote: str
    source: Source


@dataclass(frozen=True, slots=True)
class EventItem:
    event: Ref
    roles: tuple[str, ...]
    when: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class TwinningItem:
    partner: Ref
    status: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Month:
    month: str
    articles: int = 0
    statements: int = 0
    events: int = 0
    twinnings: int = 0
    positions: int = 0


@dataclass(frozen=True, slots=True)
class EntityPage:
    node: Node
    classes: tuple[str, ...]
    labels: Mapping[str, tuple[str, ...]]
    aliases: tuple[str, ...]
    honorifics: tuple[str, ...]
    wikidata: str | None
    located_in: tuple[Ref, ...]
    positions: tuple[PositionItem, ...]
    statements: tuple[StatementItem, ...]
    events: tuple[EventItem, ...]
    twinnings: tuple[TwinningItem, ...]
    articles: tuple[Source, ...]
    timeline: tuple[Month, ...]


def make_ref(iri: str, nodes: Mapping[str, Node], base: str) -> Ref:
    """A link to ``iri``, named from the node table when it knows it."""
    node = nodes.get(iri)
    if node is not None:
        return Ref(iri, node.id, node.type, node.label, dict(node.labels))
    key = iri[len(base) :] if iri.startswith(base) else iri
    return Ref(iri, key, node_type((), key), key.rsplit("/", 1)[-1].replace("-", " "))


def _source(
    article: str,
    articles: Mapping[str, ArticleInfo],
    texts: Mapping[str, str],
    sentence: str | None,
) -> Source:
    info = articles.get(article, ArticleInfo(article))
    return Source(
        article, info.headline, info.day, info.url, texts.get(sentence) if sentence else None
    )


def _by_day(source: Source) -> tuple[date, str]:
    return (source.day or date.min, source.article)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _month(day: date | None) -> str | None:
    return f"{day.year:04d}-{day.month:02d}" if day else None


def distinct_names(names: Iterable[str]) -> tuple[str, ...]:
    """One of each name that differs only in spelling (ZWNJ or space, Arabic or Persian
    letters): the one written with ZWNJs where there is one, else the first; sorted."""
    best: dict[str, str] = {}
    for name in sorted(names):
        key = match_key(name).replace(" ", "")
        current = best.get(key)
        if current is None or name.count("\u200c") > current.count("\u200c"):
            best[key] = name
    return tuple(sorted(best.values()))


def entity_page(
    node: Node,
    *,
    facts: Iterable[Row],
    positions: Iterable[Row],
    statements: Iterable[Row],
    events: Iterable[Row],
    twinnings: Iterable[Row],
    mentioned_in: Iterable[Row],
    articles: Mapping[str, ArticleInfo],
    texts: Mapping[str, str],
    nodes: Mapping[str, Node],
    base: str,
) -> EntityPage:
    """The page of ``node`` from the rows of its lookups; ``texts`` maps sentence and
    statement IRIs to their text and quote."""
    classes: set[str] = set()
    labels: dict[str, set[str]] = defaultdict(set)
    aliases: set[str] = set()
    honorifics: set[str] = set()
    wikidata: str | None = None
    located: set[str] = set()
    for row in facts:
        prop, value = row.get("property"), row.get("value")
        if not prop or not value:
            continue
        if prop == RDF.type.value:
            classes.add(value)
        elif prop in (RDFS.label.value, SKOS.NS + "prefLabel"):
            labels[(row.get("value@lang") or "").split("-")[0]].add(value)
        elif prop == SKOS.altLabel.value:
            aliases.add(value)
        elif prop == PV.honorific.value:
            honorifics.add(value)
        elif prop == OWL.sameAs.value and value.startswith(WIKIDATA_ENTITY):
            wikidata = WIKIDATA_PAGE + value[len(WIKIDATA_ENTITY) :]
        elif prop == PV.locatedIn.value:
            located.add(value)

    timeline: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def count(kind: str, day: date | None) -> None:
        month = _month(day)
        if month:
            timeline[month][kind] += 1

    grouped: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    position_sources: dict[tuple[str, str], dict[str, Source]] = defaultdict(dict)
    for row in positions:
        member, organisation = row.get("member"), row.get("organisation")
        if not member or not organisation:
            continue
        pair = (member, organisation)
        for name in ("role", "start", "end"):
            if row.get(name):
                grouped[pair][name].add(str(row[name]))
        article = row.get("article")
        if article:
            source = _source(article, articles, texts, row.get("sentence"))
            position_sources[pair].setdefault(article, source)
        else:
            grouped[pair]["reference"].add("yes")
    position_items = []
    for pair, values in grouped.items():
        sources = tuple(sorted(position_sources[pair].values(), key=_by_day))
        for source in sources:
            count("positions", source.day)
        position_items.append(
            PositionItem(
                member=make_ref(pair[0], nodes, base),
                organisation=make_ref(pair[1], nodes, base),
                roles=tuple(sorted(values["role"])),
                start=min(values["start"], default=None),
                end=max(values["end"], default=None),
                sources=sources,
                reference=bool(values["reference"]),
            )
        )
    position_items.sort(
        key=lambda p: (
            -(p.sources[-1].day or date.min).toordinal() if p.sources else 0,
            p.organisation.label,
        )
    )

    statement_items: dict[str, StatementItem] = {}
    for row in statements:
        iri, quote, article = row.get("statement"), row.get("quote"), row.get("article")
        if not iri or not quote or not article or iri in statement_items:
            continue
        statement_items[iri] = StatementItem(
            iri, quote, _source(article, articles, texts, row.get("sentence"))
        )
    for item in statement_items.values():
        count("statements", item.source.day)

    event_roles: dict[str, set[str]] = defaultdict(set)
    event_when: dict[str, set[str]] = defaultdict(set)
    event_sources: dict[str, dict[str, Source]] = defaultdict(dict)
    for row in events:
        event, article = row.get("event"), row.get("article")
        if not event or not article:
            continue
        if row.get("role"):
            event_roles[event].add(str(row["role"]))
        if row.get("when"):
            event_when[event].add(str(row["when"])[:10])
        event_sources[event].setdefault(
            article, _source(article, articles, texts, row.get("sentence"))
        )
    event_items = []
    for event, by_article in event_sources.items():
        sources = tuple(sorted(by_article.values(), key=_by_day))
        when = min(event_when[event], default=None)
        count("events", date.fromisoformat(when) if when else (sources[0].day if sources else None))
        event_items.append(
            EventItem(
                make_ref(event, nodes, base), tuple(sorted(event_roles[event])), when, sources
            )
        )
    event_items.sort(key=lambda e: (e.when or "", e.event.label), reverse=True)

    twin_status: dict[str, set[str]] = defaultdict(set)
    twin_sources: dict[str, dict[str, Source]] = defaultdict(dict)
    for row in twinnings:
        partner, article = row.get("partner"), row.get("article")
        if not partner or not article:
            continue
        if row.get("status"):
            twin_status[partner].add(_local(str(row["status"])))
        twin_sources[partner].setdefault(
            article, _source(article, articles, texts, row.get("sentence"))
        )
    twin_items = []
    for partner, by_article in twin_sources.items():
        sources = tuple(sorted(by_article.values(), key=_by_day))
        for source in sources:
            count("twinnings", source.day)
        statuses = twin_status[partner]
        status = "concluded" if "concluded" in statuses else min(statuses, default=None)
        twin_items.append(TwinningItem(make_ref(partner, nodes, base), status, sources))
    twin_items.sort(key=lambda t: t.partner.label)

    article_items: dict[str, Source] = {}
    for row in mentioned_in:
        article = row.get("article")
        if article and article not in article_items:
            article_items[article] = _source(article, articles, texts, None)
    for source in article_items.values():
        count("articles", source.day)

    return EntityPage(
        node=node,
        classes=tuple(sorted(_local(c) for c in classes)),
        labels={lang: tuple(sorted(values)) for lang, values in sorted(labels.items())},
        aliases=tuple(sorted(aliases)),
        honorifics=distinct_names(honorifics),
        wikidata=wikidata,
        located_in=tuple(make_ref(p, nodes, base) for p in sorted(located)),
        positions=tuple(position_items),
        statements=tuple(
            sorted(statement_items.values(), key=lambda s: _by_day(s.source), reverse=True)
        ),
        events=tuple(event_items),
        twinnings=tuple(twin_items),
        articles=tuple(sorted(article_items.values(), key=_by_day, reverse=True)),
        timeline=tuple(Month(month, **counts) for month, counts in sorted(timeline.items())),
    )
