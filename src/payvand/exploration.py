"""The analytics over a store: view queries run, projected into networkx, cached.

:class:`Explorer` runs the view queries of ``queries/views/*.rq`` (and the lookups in
``queries/views/lookup/``) through any :class:`~payvand.store.base.ReadableStore`, hands the rows
to :mod:`payvand.analytics`, and keeps what it built: the rows of each view, the graph of each
view and filter, and each measure over it. All of it is dropped when the store changes: the
store's fingerprint (the content hashes of its graphs, see ``lookup/fingerprint.rq``) is read
again at most every ``check_every`` seconds. The web app and the CLI both go through here.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from pyoxigraph import Literal, NamedNode, QuerySolutions

from payvand.analytics.build import (
    LANG,
    NODE_TYPES,
    ArticleInfo,
    Evidence,
    Node,
    ViewFilter,
    ViewRows,
    build_graph,
    read_articles,
    read_nodes,
    read_view_rows,
)
from payvand.analytics.entity import EntityPage, entity_page
from payvand.analytics.events import label_events
from payvand.analytics.metrics import (
    Centrality,
    CommunityAlgorithm,
    Comparison,
    GraphFormat,
    Measure,
    Partition,
    Paths,
    Summary,
    centrality,
    communities,
    compare,
    export_graph,
    shortest_paths,
    summarise,
)
from payvand.analytics.period import Period, parse_period, parse_period_range
from payvand.analytics.search import EXACT, EntityIndex, Hit
from payvand.errors import InputError, NotFoundError, QueryError
from payvand.store.base import ReadableStore
from payvand.store.queries import NamedQuery, ParameterType

log = logging.getLogger("payvand.exploration")

T = TypeVar("T")
LOOKUP = "lookup"
# What is kept, in three tiers: the tables every view needs (until the store changes), the
# graphs and their measures (the most recently used), and answers such as paths and pages.
TIER_OF = {"articles": "tables", "nodes": "tables", "index": "tables", "rows": "tables"}
TIER_OF |= dict.fromkeys(("graph", "centrality", "communities", "summary"), "graphs")
TIER_SIZE = {"tables": 1_000, "graphs": 64, "answers": 1_000}
EVIDENCE_CHUNK = 400


def view_filter(
    start: str | None = None,
    end: str | None = None,
    types: str | Sequence[str] | None = None,
    min_weight: int = 1,
) -> ViewFilter:
    """The filter of a request: ``from``/``to`` (Gregorian or Jalali), node types and the least
    weight of a tie."""
    if min_weight < 1:
        raise InputError("min_weight must be at least 1", field="min_weight")
    return ViewFilter(parse_period(start, end), parse_types(types), min_weight)


def parse_types(types: str | Sequence[str] | None) -> frozenset[str]:
    """Node types from ``person,organisation`` (or a list); InputError naming the known ones."""
    if not types:
        return frozenset()
    names = types.split(",") if isinstance(types, str) else list(types)
    wanted = frozenset(t.strip().lower() for t in names if t.strip())
    unknown = sorted(wanted - set(NODE_TYPES))
    if unknown:
        raise InputError(
            f"unknown entity type(s) {', '.join(unknown)}; the types are {', '.join(NODE_TYPES)}",
            field="types",
        )
    return wanted


def period_of(text: str, *, field: str) -> Period:
    return parse_period_range(text, field=field)


def rows_of(result: object, what: str) -> tuple[list[str], list[dict[str, str | None]]]:
    """The variables and rows of a SELECT result as plain values; a language-tagged literal's
    tag goes under ``<variable>@lang``."""
    if not isinstance(result, QuerySolutions):
        raise QueryError(f"the query '{what}' must be a SELECT query")
    variables = [v.value for v in result.variables]
    rows: list[dict[str, str | None]] = []
    for solution in result:
        row: dict[str, str | None] = {}
        for name in variables:
            term = solution[name]
            if term is None:
                row[name] = None
                continue
            if isinstance(term, NamedNode):
                row[name] = sys.intern(term.value)  # the same IRI in many rows: one string
                continue
            row[name] = term.value
            if isinstance(term, Literal) and term.language:
                row[name + LANG] = term.language
        rows.append(row)
    return variables, rows


# Parameters of the named queries that name an entity of one type (others may name any).
ENTITY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "city": ("city",),
    "country": ("country",),
    "organisation": ("organisation",),
    "person": ("person",),
    "speaker": ("person",),
}


def _candidates(hits: Sequence[Hit]) -> str:
    if not hits:
        return ""
    return "; did you mean " + ", ".join(f"{h.node.id} ({h.node.label})" for h in hits) + "?"


class Explorer:
    """Views, measures, search and entity pages over one store, cached per store version."""

    def __init__(
        self, store: ReadableStore, views_dir: Path, *, base: str, check_every: float = 1.0
    ) -> None:
        self.store = store
        self.views_dir = views_dir
        self.base = base
        self.check_every = check_every
        self._lock = threading.RLock()
        self._queries: dict[str, str] = {}
        self._tiers: dict[str, OrderedDict[Hashable, Any]] = {
            tier: OrderedDict() for tier in TIER_SIZE
        }
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._generation = 0
        self._fingerprint: tuple[str, ...] | None = None
        self._checked = float("-inf")

    # -- queries and cache ------------------------------------------------------------------

    def view_names(self) -> list[str]:
        """The views: one per ``*.rq`` file in the views directory."""
        if not self.views_dir.is_dir():
            raise NotFoundError(
                f"there is no views directory at {self.views_dir}; set PAYVAND_PROJECT_DIR to the "
                "checkout that holds queries/views/"
            )
        return sorted(p.stem for p in self.views_dir.glob("*.rq"))

    def _query_text(self, name: str) -> str:
        text = self._queries.get(name)
        if text is None:
            path = self.views_dir / f"{name}.rq"
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as err:
                raise NotFoundError(f"cannot read the query {path}: {err.strerror}") from err
            self._queries[name] = text
        return text

    def describe(self, view: str) -> str:
        """The header comment of a view, as prose."""
        self._check_view(view)
        lines = []
        for line in self._query_text(view).splitlines():
            text = line.lstrip("#").strip()
            if not line.startswith("#") or text.startswith(("Rows:", "Parameters:")):
                break
            lines.append(text)
        text = " ".join(lines)
        return text.split(":", 1)[1].strip() if text.startswith(f"{view}:") else text

    def _select(
        self, name: str, *, suffix: str = "", bindings: dict[str, NamedNode] | None = None
    ) -> tuple[list[str], list[dict[str, str | None]]]:
        sparql = self._query_text(name) + suffix
        result = self.store.query(sparql, substitutions=bindings or None)
        return rows_of(result, name)

    def _lookup(self, name: str, **bindings: NamedNode) -> list[dict[str, str | None]]:
        return self._select(f"{LOOKUP}/{name}", bindings=bindings)[1]

    def fingerprint(self) -> tuple[str, ...]:
        """The store's version, as ``lookup/fingerprint.rq`` reads it."""
        rows = self._lookup("fingerprint")
        return tuple(str(rows[0].get(k) or "") for k in ("graphs", "digest")) if rows else ()

    def refresh(self, *, force: bool = False) -> bool:
        """Drop every cached result if the store changed; True if it did."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._checked < self.check_every:
                return False
            current = self.fingerprint()
            self._checked = now
            if current == self._fingerprint:
                return False
            if self._fingerprint is not None:
                log.info("the store changed; the cached views are dropped")
            self._fingerprint = current
            self._generation += 1
            for cache in self._tiers.values():
                cache.clear()
            return True

    def _cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per store version; concurrent callers of one key wait for it,
        callers of other keys do not."""
        tier = TIER_OF.get(key[0], "answers") if isinstance(key, tuple) else "answers"
        with self._lock:
            cache = self._tiers[tier]
            if key in cache:
                cache.move_to_end(key)
                return cache[key]  # type: ignore[no-any-return]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
            generation = self._generation
        with key_lock:
            with self._lock:
                if key in cache:
                    return cache[key]  # type: ignore[no-any-return]
            try:
                value = compute()
                with self._lock:
                    if generation == self._generation:  # the store did not change meanwhile
                        cache[key] = value
                        if len(cache) > TIER_SIZE[tier]:
                            cache.popitem(last=False)
            finally:
                with self._lock:
                    self._key_locks.pop(key, None)
            return value

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or what it gave last time for ``key`` if the store has not changed."""
        self.refresh()
        return self._cached(key, compute)

    # -- tables shared by the views ----------------------------------------------------------

    def articles(self) -> dict[str, ArticleInfo]:
        self.refresh()
        return self._cached(("articles",), lambda: read_articles(self._lookup("articles")))

    def nodes(self) -> dict[str, Node]:
        self.refresh()
        return self._cached(
            ("nodes",),
            lambda: label_events(
                read_nodes(
                    self._lookup("types"),
                    self._lookup("labels"),
                    self._lookup("mentions"),
                    base=self.base,
                ),
                self._lookup("event_settings"),
            ),
        )

    def index(self) -> EntityIndex:
        nodes = self.nodes()
        return self._cached(("index",), lambda: EntityIndex(nodes))

    # -- views ---------------------------------------------------------------------------------

    def _check_view(self, view: str) -> None:
        names = self.view_names()
        if view not in names:
            raise NotFoundError(f"there is no view '{view}'; the views are {', '.join(names)}")

    def rows(self, view: str) -> ViewRows:
        self._check_view(view)
        self.refresh()

        def run() -> ViewRows:
            variables, rows = self._select(view)
            return read_view_rows(view, variables, rows)

        return self._cached(("rows", view), run)

    def graph(self, view: str, flt: ViewFilter | None = None) -> nx.Graph[str]:
        """The graph of ``view`` under ``flt``, built once per store version."""
        flt = flt or ViewFilter()
        rows = self.rows(view)
        nodes, articles = self.nodes(), self.articles()
        return self._cached(
            ("graph", view, flt),
            lambda: build_graph(rows, nodes, articles, base=self.base, view_filter=flt),
        )

    def node_iri(self, graph: nx.Graph[str], entity: str) -> str:
        """The node of ``graph`` that ``entity`` (an id such as ``city/ir-mashhad``, or an IRI)
        names; NotFoundError with the nearest names otherwise."""
        for candidate in (entity, self.base + entity.lstrip("/")):
            if candidate in graph:
                return candidate
        view = graph.graph.get("view", "")
        known = self.nodes()
        iri = entity if entity in known else self.base + entity.lstrip("/")
        if iri in known:
            raise NotFoundError(
                f"'{known[iri].label}' ({known[iri].id}) is not in the view '{view}' "
                "with this filter; try another view or period"
            )
        hits = self.search(entity.rsplit("/", 1)[-1].replace("-", " "), limit=5)
        hint = (
            "; did you mean " + ", ".join(f"{h.node.id} ({h.node.label})" for h in hits) + "?"
            if hits
            else "; GET /entities?q=… finds entity ids"
        )
        raise NotFoundError(f"there is no entity '{entity}'{hint}")

    def centrality(
        self,
        view: str,
        flt: ViewFilter,
        measure: Measure,
        *,
        k: int | None = None,
        seed: int = 0,
    ) -> Centrality:
        graph = self.graph(view, flt)
        return self._cached(
            ("centrality", view, flt, measure, k, seed),
            lambda: centrality(graph, measure, k=k, seed=seed),
        )

    def communities(
        self, view: str, flt: ViewFilter, algorithm: CommunityAlgorithm, *, seed: int = 0
    ) -> Partition:
        graph = self.graph(view, flt)
        return self._cached(
            ("communities", view, flt, algorithm, seed),
            lambda: communities(graph, algorithm, seed=seed),
        )

    def paths(self, view: str, flt: ViewFilter, source: str, target: str, *, k: int) -> Paths:
        graph = self.graph(view, flt)
        a, b = self.node_iri(graph, source), self.node_iri(graph, target)
        return self._cached(("paths", view, flt, a, b, k), lambda: shortest_paths(graph, a, b, k=k))

    def summary(self, view: str, flt: ViewFilter) -> Summary:
        graph = self.graph(view, flt)
        return self._cached(("summary", view, flt), lambda: summarise(graph))

    def export(self, view: str, flt: ViewFilter, fmt: GraphFormat) -> str:
        """The view's graph as GraphML, GEXF or Cytoscape.js JSON, written once per version."""
        graph = self.graph(view, flt)
        return self._cached(("export", view, flt, fmt), lambda: export_graph(graph, fmt))

    def compare(
        self,
        view: str,
        flt: ViewFilter,
        period_a: Period,
        period_b: Period,
        measure: Measure,
        *,
        top: int,
    ) -> Comparison:
        graph_a = self.graph(view, ViewFilter(period_a, flt.types, flt.min_weight))
        graph_b = self.graph(view, ViewFilter(period_b, flt.types, flt.min_weight))
        return self._cached(
            ("compare", view, flt.types, flt.min_weight, period_a, period_b, measure, top),
            lambda: compare(graph_a, graph_b, measure, top=top),
        )

    # -- evidence, search, entities -------------------------------------------------------------

    def texts(self, iris: Iterable[str | None]) -> dict[str, str]:
        """The text of evidence sentences and the quotes of statements, by IRI."""
        wanted = sorted({i for i in iris if i})
        found: dict[str, str] = {}
        for start in range(0, len(wanted), EVIDENCE_CHUNK):
            chunk = wanted[start : start + EVIDENCE_CHUNK]
            values = "\nVALUES ?node { " + " ".join(str(NamedNode(i)) for i in chunk) + " }\n"
            _variables, rows = self._select(f"{LOOKUP}/evidence", suffix=values)
            for row in rows:
                node, text = row.get("node"), row.get("text")
                if node and text:
                    found.setdefault(node, text)
        return found

    def evidence_texts(self, evidence: Iterable[Evidence]) -> dict[str, str]:
        items = list(evidence)
        return self.texts([e.sentence for e in items] + [e.fact for e in items])

    def search(self, query: str, *, limit: int = 20, types: Iterable[str] = ()) -> list[Hit]:
        return self.index().search(query, limit=limit, types=types)

    def resolve_parameters(self, query: NamedQuery, values: Mapping[str, str]) -> dict[str, str]:
        """``values`` with the entities that ``iri`` parameters name made keys (``city=Tabriz``
        becomes ``city=city/ir-tabriz``), through the entity search; an entity key that names
        nothing in the store, a name that matches no entity or several equally well is an
        InputError listing the candidates, never a query silently answered with no rows."""
        resolved = dict(values)
        for name, value in values.items():
            parameter = query.parameter(name)
            text = value.strip()
            if parameter is None or parameter.type is not ParameterType.IRI or not text:
                continue
            if ":" in text:
                continue  # an IRI or a prefixed name (pv:signed, topic:tourism): as given
            where = f"query '{query.name}', parameter '{name}'"
            types = ENTITY_PARAMETERS.get(name, ())
            if "/" in text:
                iri = self.base + text.lstrip("/")
                if not self._exists(iri):
                    words = text.rsplit("/", 1)[-1].replace("-", " ")
                    raise InputError(
                        f"{where}: there is no entity '{text}' in the store"
                        + _candidates(self.search(words, limit=5, types=types))
                    )
                continue
            hits = self.search(text, limit=6, types=types)
            exact = [h for h in hits if h.rank == EXACT]
            chosen = exact if exact else hits
            if len(chosen) == 1:
                resolved[name] = chosen[0].node.id
                continue
            if not hits:
                raise InputError(
                    f"{where}: no entity is named '{text}'; give its key, such as "
                    f"{query.example or 'city/ir-tehran'} (GET /entities?q=… finds them)"
                )
            raise InputError(
                f"{where}: '{text}' names more than one entity" + _candidates(chosen[:5])
            )
        return resolved

    def _exists(self, iri: str) -> bool:
        """Whether the store says anything of ``iri``; a text that is no IRI is left to the
        binding of the parameter, which says what it expects."""
        try:
            node = NamedNode(iri)
        except ValueError:
            return True
        return bool(self.store.query(f"ASK {{ {node} ?p ?o }}"))

    def entity(self, entity: str) -> EntityPage:
        """The page of an entity, by id (``person/…``) or IRI, built once per store version."""
        nodes = self.nodes()
        iri = entity if entity in nodes else self.base + entity.lstrip("/")
        return self._cached(("entity", iri), lambda: self._entity(entity))

    def _entity(self, entity: str) -> EntityPage:
        nodes = self.nodes()
        iri = entity if entity in nodes else self.base + entity.lstrip("/")
        node = nodes.get(iri)
        if node is None:
            hits = self.search(entity.rsplit("/", 1)[-1].replace("-", " "), limit=5)
            hint = (
                "; did you mean " + ", ".join(f"{h.node.id} ({h.node.label})" for h in hits) + "?"
                if hits
                else "; GET /entities?q=… finds entity ids"
            )
            raise NotFoundError(f"there is no entity '{entity}'{hint}")
        subject = NamedNode(iri)
        lookups = {
            name: self._lookup(name, entity=subject)
            for name in (
                "entity",
                "entity_positions",
                "entity_statements",
                "entity_events",
                "entity_twinnings",
                "entity_articles",
            )
        }
        texts = self.texts(row.get("sentence") for rows in lookups.values() for row in rows)
        return entity_page(
            node,
            facts=lookups["entity"],
            positions=lookups["entity_positions"],
            statements=lookups["entity_statements"],
            events=lookups["entity_events"],
            twinnings=lookups["entity_twinnings"],
            mentioned_in=lookups["entity_articles"],
            articles=self.articles(),
            texts=texts,
            nodes=nodes,
            base=self.base,
        )
