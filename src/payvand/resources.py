"""What the store says about one IRI: the description a dereferenced entity IRI answers with.

:func:`describe_resource` gathers, with a handful of SPARQL queries over any
:class:`~payvand.store.base.ReadableStore`, the quads that have the IRI as subject (in every graph),
the quads that point to it (up to a limit), names for everything they mention, the articles whose
graphs hold them, and the sentences that are the evidence of the facts. IRIs are written into the
queries as ``VALUES`` of terms that pyoxigraph has checked, never as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions

from payvand.errors import NotFoundError, StoreError
from payvand.namespaces import ORG, PV, RDFS, SCHEMA, SKOS, sparql_prefixes
from payvand.store.base import ReadableStore

# What names a resource on a page, best first: a label, a headline, the words of a statement,
# the role of a membership.
_NAMING = (RDFS.label, SKOS.prefLabel, SCHEMA.headline, PV.quote, PV.text, ORG.role)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    iri: str
    headline: str | None
    url: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class Evidence:
    fact: str
    sentence: str
    text: str
    article: str


@dataclass
class Description:
    """Everything a page or an RDF document about one IRI shows."""

    iri: str
    outgoing: list[Quad]
    incoming: list[Quad]
    incoming_total: int
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> language -> name
    articles: dict[str, ArticleInfo] = field(default_factory=dict)  # graph IRI -> the article
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def graphs(self) -> list[str]:
        """The graphs that hold what is said about the IRI, in a stable order."""
        return sorted(
            {q.graph_name.value for q in self.outgoing if isinstance(q.graph_name, NamedNode)}
        )

    def name(self, iri: str, lang: str) -> str | None:
        names = self.names.get(iri, {})
        return names.get(lang) or names.get("") or next(iter(names.values()), None)


def _rows(store: ReadableStore, sparql: str) -> QuerySolutions:
    result = store.query(sparql_prefixes() + sparql)
    if not isinstance(result, QuerySolutions):
        raise StoreError("the store answered a SELECT query without solutions")
    return result


def _values(name: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{name} {{ {' '.join(str(NamedNode(i)) for i in sorted(set(iris)))} }}"


def describe_resource(
    store: ReadableStore, iri: NamedNode, *, incoming_limit: int = 500
) -> Description:
    """The description of ``iri``; NotFoundError when the store says nothing about it."""
    this = str(iri)
    outgoing = [
        Quad(iri, row["p"], row["o"], row["g"])
        for row in _rows(
            store,
            f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ {this} ?p ?o }} }} ORDER BY ?g ?p ?o",
        )
    ]
    total_rows = list(
        _rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p {this} }} }}")
    )
    total = int(total_rows[0]["n"].value) if total_rows and total_rows[0]["n"] is not None else 0
    incoming = [
        Quad(row["s"], row["p"], iri, row["g"])
        for row in _rows(
            store,
            f"SELECT ?g ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {this} }} }} "
            f"ORDER BY ?p ?s ?g LIMIT {int(incoming_limit)}",
        )
    ]
    if not outgoing and not total:
        raise NotFoundError(
            f"there is nothing about <{iri.value}> in the graph; "
            "check the IRI, or ingest the article that mentions it"
        )
    description = Description(iri.value, outgoing, incoming, total)
    related = {iri.value}
    related.update(q.object.value for q in outgoing if isinstance(q.object, NamedNode))
    related.update(q.subject.value for q in incoming if isinstance(q.subject, NamedNode))
    description.names = _names(store, related)
    graphs = {
        q.graph_name.value for q in [*outgoing, *incoming] if isinstance(q.graph_name, NamedNode)
    }
    facts = {iri.value} | {q.subject.value for q in incoming if isinstance(q.subject, NamedNode)}
    description.evidence = _evidence(store, facts)
    graphs.update(e.article for e in description.evidence)
    description.articles = _articles(store, graphs)
    return description


def _names(store: ReadableStore, iris: set[str]) -> dict[str, dict[str, str]]:
    predicates = ", ".join(str(p) for p in _NAMING[:-1])
    found: dict[str, dict[str, tuple[int, str]]] = {}
    for row in _rows(
        store,
        f"SELECT DISTINCT ?x ?p ?v WHERE {{ {_values('x', iris)} "
        f"{{ ?x ?p ?v FILTER(?p IN ({predicates})) }} "
        f"UNION {{ ?x org:role/rdfs:label ?v BIND(org:role AS ?p) }} }}",
    ):
        x, p, v = row["x"], row["p"], row["v"]
        if x is None or p is None or not isinstance(v, Literal):
            continue
        rank = [n.value for n in _NAMING].index(p.value)
        lang = v.language or ""
        text = " ".join(v.value.split())
        best = found.setdefault(x.value, {}).get(lang)
        if best is None or (rank, text) < best:
            found[x.value][lang] = (rank, text)
    return {x: {lang: text for lang, (_r, text) in names.items()} for x, names in found.items()}


def _articles(store: ReadableStore, graphs: set[str]) -> dict[str, ArticleInfo]:
    if not graphs:
        return {}
    articles = {}
    for row in _rows(
        store,
        f"""SELECT ?g (SAMPLE(?h) AS ?headline) (SAMPLE(?u) AS ?url) (SAMPLE(?d) AS ?date) WHERE {{
              {_values("g", graphs)}
              GRAPH ?g {{ ?g a schema:NewsArticle .
                         OPTIONAL {{ ?g schema:headline ?h }} OPTIONAL {{ ?g schema:url ?u }}
                         OPTIONAL {{ ?g schema:datePublished ?d }} }} }} GROUP BY ?g""",
    ):
        g = row["g"]
        if g is None:
            continue
        articles[g.value] = ArticleInfo(
            g.value,
            *(row[k].value if row[k] is not None else None for k in ("headline", "url", "date")),
        )
    return articles


def _evidence(store: ReadableStore, facts: set[str]) -> list[Evidence]:
    return [
        Evidence(row["fact"].value, row["s"].value, row["t"].value, row["a"].value)
        for row in _rows(
            store,
            f"""SELECT DISTINCT ?fact ?s ?t ?a ?i WHERE {{ {_values("fact", facts)}
                  ?fact pv:evidence ?s . ?s pv:text ?t ; pv:inArticle ?a ; pv:sentenceIndex ?i }}
                ORDER BY ?a ?i ?fact LIMIT 200""",
        )
    ]
