"""networkx graphs from the rows of the view queries (``queries/views/*.rq``).

A view query gives its rows in one of two shapes, told apart by their variables:

* **ties**: ``?source ?target ?relation`` with ``?article``, ``?sentence``, ``?fact`` and
  ``?detail`` as evidence; a row without ``?article`` is a reference tie (from the gazetteer),
  kept when one of its ends is in a tie that an article evidences;
* **co-occurrence**: ``?article ?member``; every two members of one article are tied
  (``co_mentioned``).

The graph is undirected. A node carries its id (the key of its IRI under the base, such as
``city/ir-mashhad``), its type, its labels and the number of articles that mention it; an edge
carries its relations, its evidence and its weight: the number of distinct articles behind it
(1 for a reference tie). Rows are values (``str`` or ``None``), so this module never sees a
store; the period and type filters apply here, to the rows.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

import networkx as nx

from payvand.analytics.period import Period
from payvand.errors import QueryError
from payvand.namespaces import PV, RDFS, SKOS

Row = Mapping[str, str | None]

CO_MENTIONED = "co_mentioned"
LANG = "@lang"  # a row's ``label@lang`` holds the language tag of its ``label``
SKOS_CONCEPT = SKOS.NS + "Concept"
SKOS_PREF_LABEL = SKOS.NS + "prefLabel"

# Node types, most specific first; the first class an entity has names its type.
TYPE_OF_CLASS: dict[str, str] = {
    PV.Person.value: "person",
    PV.Organisation.value: "organisation",
    PV.Event.value: "event",
    PV.City.value: "city",
    PV.Country.value: "country",
    PV.Province.value: "province",
    PV.Venue.value: "venue",
    PV.Programme.value: "programme",
    SKOS_CONCEPT: "topic",
}
NODE_TYPES: tuple[str, ...] = (*TYPE_OF_CLASS.values(), "other")


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article as evidence: its IRI, day of publication, headline and URL."""

    iri: str
    day: date | None = None
    headline: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """An entity as a node: id, type, one label per language, other names and mentions."""

    iri: str
    id: str
    type: str = "other"
    labels: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    classes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The name to show: Persian, else English, else any, else the id."""
        for lang in ("fa", "en", ""):
            if lang in self.labels:
                return self.labels[lang]
        return next(iter(self.labels.values()), self.id)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an edge exists: the article, its sentence and the fact (statement, twinning …)."""

    relation: str
    article: str | None = None
    sentence: str | None = None
    fact: str | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Tie:
    source: str
    target: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ViewRows:
    """The rows of one view, parsed: ties, or the members of each article."""

    name: str
    ties: tuple[Tie, ...] = ()
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def co_occurrence(self) -> bool:
        return bool(self.groups) or not self.ties


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """Which part of a view to build: a period (on article days), node types (empty: all) and
    the least weight of a tie (ties backed by fewer articles are left out, and so are the nodes
    they leave alone)."""

    period: Period = field(default_factory=Period)
    types: frozenset[str] = frozenset()
    min_weight: int = 1

    def admits(self, node_type: str) -> bool:
        return not self.types or node_type in self.types


def _text(row: Row, name: str) -> str | None:
    value = row.get(name)
    return value if value else None


def read_view_rows(name: str, variables: Sequence[str], rows: Iterable[Row]) -> ViewRows:
    """Parse the rows of the view ``name``; its variables tell its shape (see the module)."""
    have = set(variables)
    if {"article", "member"} <= have and "source" not in have:
        members: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            article, member = _text(row, "article"), _text(row, "member")
            if article and member:
                members[article].append(member)
        return ViewRows(name, groups={a: tuple(sorted(set(m))) for a, m in members.items()})
    if not {"source", "target", "relation"} <= have:
        raise QueryError(
            f"the view '{name}' gives the variables {', '.join(sorted(have)) or '(none)'}; "
            "a view gives ?source ?target ?relation (with ?article, ?sentence, ?fact, ?detail) "
            "or ?article ?member"
        )
    seen: set[Tie] = set()
    ties: list[Tie] = []
    for row in rows:
        source, target, relation = (
            _text(row, "source"),
            _text(row, "target"),
            _text(row, "relation"),
        )
        if not source or not target or not relation or source == target:
            continue
        tie = Tie(
            source,
            target,
            Evidence(
                relation,
                _text(row, "article"),
                _text(row, "sentence"),
                _text(row, "fact"),
                _text(row, "detail"),
            ),
        )
        if tie not in seen:
            seen.add(tie)
            ties.append(tie)
    return ViewRows(name, ties=tuple(ties))


FIRST_SENTENCE_CHARACTERS = 120


def first_words(text: str, limit: int = FIRST_SENTENCE_CHARACTERS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,،:;.") + "…"


def read_articles(rows: Iterable[Row]) -> dict[str, ArticleInfo]:
    """Articles by IRI from rows of ``?article ?date ?headline ?url``, and ``?first``, the
    first sentence of an article without a headline, which then stands for it (shortened)."""
    articles: dict[str, ArticleInfo] = {}
    for row in rows:
        iri = _text(row, "article")
        if not iri:
            continue
        raw = _text(row, "date")
        try:
            day = date.fromisoformat(raw[:10]) if raw else None
        except ValueError:
            day = None
        headline = _text(row, "headline")
        first = _text(row, "first")
        if not headline and first:
            headline = first_words(first)
        articles[iri] = ArticleInfo(iri, day, headline, _text(row, "url"))
    return articles


def node_type(classes: Iterable[str], key: str) -> str:
    """The type of a node from its classes, else from the kind in its key, else ``other``."""
    have = set(classes)
    for cls, name in TYPE_OF_CLASS.items():
        if cls in have:
            return name
    kind = key.split("/", 1)[0]
    return kind if kind in NODE_TYPES else "other"


def read_nodes(
    type_rows: Iterable[Row],
    label_rows: Iterable[Row],
    mention_rows: Iterable[Row],
    *,
    base: str,
) -> dict[str, Node]:
    """Every typed entity as a :class:`Node`, by IRI.

    ``type_rows`` give ``?node ?class``, ``label_rows`` ``?node ?property ?label ?graphs``
    (with the label's language tag under ``label@lang``), ``mention_rows``
    ``?node ?mentions``. The label of a language is the one most graphs give, then the shortest.
    """
    classes: dict[str, list[str]] = defaultdict(list)
    for row in type_rows:
        node, cls = _text(row, "node"), _text(row, "class")
        if node and cls:
            classes[node].append(cls)
    best: dict[str, dict[str, tuple[int, int, str]]] = defaultdict(dict)
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in label_rows:
        node, label = _text(row, "node"), _text(row, "label")
        if not node or not label or node not in classes:
            continue
        if _text(row, "property") not in (RDFS.label.value, SKOS_PREF_LABEL):
            aliases[node].add(label)
            continue
        lang = (row.get("label" + LANG) or "").split("-")[0].lower()
        graphs = int(row.get("graphs") or 1)
        rank = (-graphs, len(label), label)
        current = best[node].get(lang)
        if current is None or rank < current:
            best[node][lang] = rank
        aliases[node].add(label)
    mentions: dict[str, int] = {}
    for row in mention_rows:
        node, count = _text(row, "node"), _text(row, "mentions")
        if node and count:
            mentions[node] = int(count)
    nodes: dict[str, Node] = {}
    for iri, node_classes in classes.items():
        key = iri[len(base) :] if iri.startswith(base) else iri
        labels = {lang: rank[2] for lang, rank in sorted(best[iri].items())}
        nodes[iri] = Node(
            iri=iri,
            id=key,
            type=node_type(node_classes, key),
            labels=labels,
            aliases=tuple(sorted(aliases[iri] - set(labels.values()))),
            mentions=mentions.get(iri, 0),
            classes=tuple(sorted(node_classes)),
        )
    return nodes


def _node_for(iri: str, nodes: Mapping[str, Node], base: str) -> Node:
    found = nodes.get(iri)
    if found is not None:
        return found
    key = iri[len(base) :] if iri.startswith(base) else iri
    return Node(iri=iri, id=key, type=node_type((), key))


def _add_node(graph: nx.Graph[str], node: Node) -> None:
    if node.iri not in graph:
        graph.add_node(
            node.iri,
            id=node.id,
            type=node.type,
            label=node.label,
            label_fa=node.labels.get("fa", ""),
            label_en=node.labels.get("en", ""),
            mentions=node.mentions,
        )


def _add_evidence(graph: nx.Graph[str], source: str, target: str, evidence: Evidence) -> None:
    if graph.has_edge(source, target):
        graph[source][target]["evidence"].append(evidence)
    else:
        graph.add_edge(source, target, evidence=[evidence])


def _finish_edges(graph: nx.Graph[str]) -> None:
    for _u, _v, data in graph.edges(data=True):
        evidence: list[Evidence] = data["evidence"]
        evidence.sort(key=lambda e: (e.article or "", e.relation, e.sentence or "", e.fact or ""))
        data["relations"] = tuple(sorted({e.relation for e in evidence}))
        articles = {e.article for e in evidence if e.article}
        data["weight"] = len(articles) or 1
        data["articles"] = len(articles)


def build_graph(
    rows: ViewRows,
    nodes: Mapping[str, Node],
    articles: Mapping[str, ArticleInfo],
    *,
    base: str,
    view_filter: ViewFilter | None = None,
) -> nx.Graph[str]:
    """The view's graph over the articles in the filter's period and the nodes of its types."""
    view_filter = view_filter or ViewFilter()
    graph: nx.Graph[str] = nx.Graph(
        view=rows.name, period=str(view_filter.period), types=sorted(view_filter.types)
    )
    period = view_filter.period

    def in_period(article: str | None) -> bool:
        if not period.bounded:
            return True
        info = articles.get(article) if article else None
        return period.contains(info.day if info else None)

    used_articles: set[str] = set()
    if rows.co_occurrence:
        for article, members in rows.groups.items():
            if not in_period(article):
                continue
            kept = [
                node
                for node in (_node_for(m, nodes, base) for m in members)
                if view_filter.admits(node.type)
            ]
            if not kept:
                continue
            used_articles.add(article)
            for node in kept:
                _add_node(graph, node)
            shared = Evidence(CO_MENTIONED, article)  # one object for every pair of the article
            for a, b in combinations(kept, 2):
                _add_evidence(graph, a.iri, b.iri, shared)
    else:
        reference: list[Tie] = []
        for tie in rows.ties:
            if tie.evidence.article is None:
                reference.append(tie)
                continue
            if not in_period(tie.evidence.article):
                continue
            source, target = _node_for(tie.source, nodes, base), _node_for(tie.target, nodes, base)
            if not (view_filter.admits(source.type) and view_filter.admits(target.type)):
                continue
            used_articles.add(tie.evidence.article)
            _add_node(graph, source)
            _add_node(graph, target)
            _add_evidence(graph, source.iri, target.iri, tie.evidence)
        evidenced = set(graph)
        for tie in reference:
            if tie.source not in evidenced and tie.target not in evidenced:
                continue
            source, target = _node_for(tie.source, nodes, base), _node_for(tie.target, nodes, base)
            if not (view_filter.admits(source.type) and view_filter.admits(target.type)):
                continue
            _add_node(graph, source)
            _add_node(graph, target)
            _add_evidence(graph, source.iri, target.iri, tie.evidence)
    _finish_edges(graph)
    if view_filter.min_weight > 1:
        graph.remove_edges_from(
            [(u, v) for u, v, d in graph.edges(data=True) if d["weight"] < view_filter.min_weight]
        )
        graph.remove_nodes_from([n for n, degree in graph.degree() if degree == 0])
    graph.graph["articles"] = len(used_articles)
    return graph


def ranked_evidence(
    evidence: Iterable[Evidence], articles: Mapping[str, ArticleInfo], *, limit: int | None = None
) -> list[Evidence]:
    """Evidence newest article first (undated last), at most ``limit``."""

    def newest(item: Evidence) -> tuple[int, str, str, str]:
        info = articles.get(item.article) if item.article else None
        day = info.day if info and info.day else None
        return (
            -(day.toordinal() if day else 0),
            item.article or "",
            item.relation,
            item.sentence or "",
        )

    if limit is None:
        return sorted(evidence, key=newest)
    return heapq.nsmallest(limit, evidence, key=newest)
