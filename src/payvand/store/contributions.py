"""Reading the facts that may go to Wikidata: twinnings and positions with their articles and the
Wikidata items of their entities (``owl:sameAs`` ``wd:Q…``), from any store, by SPARQL."""

from __future__ import annotations

from datetime import date

from pyoxigraph import Literal, NamedNode, QuerySolutions

from payvand.errors import StoreError
from payvand.namespaces import PV, WIKIDATA_ENTITY, sparql_prefixes
from payvand.quickstatements import (
    Contribution,
    Entity,
    PositionFact,
    Source,
    TwinningFact,
    entity_of,
    quickstatements,
    wikidata_entities,
)
from payvand.store.base import ReadableStore

_ARTICLE = """
  OPTIONAL { GRAPH ?g { ?g a schema:NewsArticle } BIND(true AS ?article) }
  OPTIONAL { GRAPH ?g { ?g schema:url ?url } }
  OPTIONAL { GRAPH ?g { ?g schema:headline ?headline } }
  OPTIONAL { GRAPH ?g { ?g schema:inLanguage ?lang } }
"""

TWINNINGS = (
    sparql_prefixes()
    + """
SELECT ?fact ?g ?city ?status ?article ?url ?headline ?lang WHERE {
  GRAPH ?g {
    { ?fact a pv:Twinning ; pv:partner ?city }
    UNION
    { ?fact a pv:TwinningAgreement ; pv:party ?city }
    OPTIONAL { ?fact pv:status ?status }
  }
"""
    + _ARTICLE
    + "}"
)

_TIME = "(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear)"
POSITIONS = (
    sparql_prefixes()
    + f"""
SELECT ?fact ?g ?person ?role ?organisation ?start ?end ?article ?url ?headline ?lang\nWHERE {{
  GRAPH ?g {{
    ?fact a org:Membership ; org:member ?person ; org:organization ?organisation ;
      org:role ?role .
    OPTIONAL {{ ?fact org:memberDuring/time:hasBeginning/{_TIME} ?start }}
    OPTIONAL {{ ?fact org:memberDuring/time:hasEnd/{_TIME} ?end }}
  }}
"""
    + _ARTICLE
    + "}"
)

QIDS = (
    sparql_prefixes()
    + f"""
SELECT DISTINCT ?entity ?item WHERE {{
  ?entity owl:sameAs ?item
  FILTER(STRSTARTS(STR(?item), "{WIKIDATA_ENTITY}Q"))
}}
"""
)


def _rows(store: ReadableStore, sparql: str) -> list[dict[str, str]]:
    result = store.query(sparql)
    if not isinstance(result, QuerySolutions):
        raise StoreError("the store answered a SELECT query without solutions")
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = {}
        for name in names:
            term = solution[name]
            if isinstance(term, NamedNode | Literal):
                row[name] = term.value
        rows.append(row)
    return rows


def wikidata_items(store: ReadableStore) -> dict[str, Entity]:
    """Entity IRI -> the entity with its Wikidata item, in doubt when the item is shared with
    another entity or is one of several."""
    return wikidata_entities(
        (row["entity"], row["item"].removeprefix(WIKIDATA_ENTITY)) for row in _rows(store, QIDS)
    )


def _source(graph: str, rows: list[dict[str, str]]) -> Source | None:
    """The article whose graph ``graph`` is, or None for a graph that is no article's."""
    if not any("article" in r for r in rows):
        return None
    return Source(graph, _first(rows, "url"), _first(rows, "headline"), _first(rows, "lang"))


def _first(rows: list[dict[str, str]], name: str) -> str:
    return min((r[name] for r in rows if name in r), default="")


def read_twinnings(store: ReadableStore, items: dict[str, Entity]) -> list[TwinningFact]:
    """Every twinning and twinning agreement, once per graph that states it."""
    grouped: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in _rows(store, TWINNINGS):
        grouped.setdefault((row["fact"], row["g"]), []).append(row)
    facts = []
    for (fact, graph), rows in sorted(grouped.items()):
        facts.append(
            TwinningFact(
                iri=fact,
                graph=graph,
                source=_source(graph, rows),
                cities=tuple(entity_of(city, items) for city in sorted({r["city"] for r in rows})),
                statuses=tuple(
                    sorted({r["status"].removeprefix(PV.NS) for r in rows if "status" in r})
                ),
            )
        )
    return facts


def read_positions(store: ReadableStore, items: dict[str, Entity]) -> list[PositionFact]:
    """Every membership, once per graph that states it, with the term that graph gives it."""
    grouped: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in _rows(store, POSITIONS):
        grouped.setdefault((row["fact"], row["g"]), []).append(row)
    facts = []
    for (fact, graph), rows in sorted(grouped.items()):

        def entity(name: str, rows: list[dict[str, str]] = rows) -> Entity:
            return entity_of(_first(rows, name), items)

        facts.append(
            PositionFact(
                iri=fact,
                graph=graph,
                source=_source(graph, rows),
                person=entity("person"),
                role=entity("role"),
                organisation=entity("organisation"),
                start=_first(rows, "start") or None,
                end=_first(rows, "end") or None,
            )
        )
    return facts


def wikidata_contribution(store: ReadableStore, *, retrieved: date) -> Contribution:
    """The store's twinnings and positions as QuickStatements, and the facts left out."""
    items = wikidata_items(store)
    return quickstatements(
        read_twinnings(store, items), read_positions(store, items), retrieved=retrieved
    )
