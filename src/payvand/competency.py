"""The eight competency questions, asked of each article's named graph with SPARQL.

:func:`evaluate` extracts every annotated article, maps it to quads in its own named graph of an
in-memory Oxigraph store, answers the questions of the annotation guide from that graph alone,
and scores the answers (:mod:`payvand.evaluation`). The score therefore measures what the graph
really holds, not what the extractor meant to say.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pyoxigraph import NamedNode, QuerySolutions

from payvand.errors import InputError, QueryError
from payvand.evaluation import Answers, Evaluation, Found, GoldArticle, score_article
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import to_quads
from payvand.model import Article
from payvand.namespaces import sparql_prefixes
from payvand.store import GraphStore, OxigraphStore

# One query per question; each runs with the article's graph as the default graph.
QUESTIONS: dict[str, str] = {
    "persons": "SELECT DISTINCT ?e WHERE { ?e a pv:Person }",
    "organisations": "SELECT DISTINCT ?e WHERE { ?e a pv:Organisation }",
    "places": "SELECT DISTINCT ?e WHERE { VALUES ?c { pv:City pv:Country } ?e a ?c }",
    "positions": (
        "SELECT DISTINCT ?a ?b WHERE { ?m a org:Membership ; org:member ?a ; org:organization ?b }"
    ),
    "twinnings": (
        "SELECT DISTINCT ?a ?b WHERE { ?t a pv:Twinning ; pv:partner ?a , ?b "
        "FILTER(STR(?a) < STR(?b)) }"
    ),
    "statements": (
        "SELECT ?a (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a pv:Statement ; pv:speaker ?a } "
        "GROUP BY ?a"
    ),
    "organisers": "SELECT DISTINCT ?e WHERE { ?event a pv:Event ; schema:organizer ?e }",
    "date": "SELECT ?d WHERE { ?article a schema:NewsArticle ; schema:datePublished ?d }",
    "labels": "SELECT ?e ?l WHERE { ?e rdfs:label ?l }",
}


def _rows(store: GraphStore, graph: NamedNode, name: str) -> list[dict[str, str]]:
    result = store.query(sparql_prefixes() + QUESTIONS[name], default_graph=[graph.value])
    if not isinstance(result, QuerySolutions):
        raise QueryError(f"the competency question '{name}' did not return solutions")
    variables = [v.value for v in result.variables]
    return [{v: term.value for v in variables if (term := row[v]) is not None} for row in result]


def answer_questions(store: GraphStore, graph: NamedNode) -> Answers:
    """The answers to the eight questions from one article's named graph."""
    labels: dict[str, list[str]] = {}
    for row in _rows(store, graph, "labels"):
        labels.setdefault(row["e"], []).append(row["l"])

    def found(iri: str) -> Found:
        return Found(iri, tuple(sorted(labels.get(iri, ()))))

    def entities(name: str) -> tuple[Found, ...]:
        return tuple(found(r["e"]) for r in _rows(store, graph, name))

    def pairs(name: str) -> tuple[tuple[Found, Found], ...]:
        return tuple((found(r["a"]), found(r["b"])) for r in _rows(store, graph, name))

    published: date | None = None
    for row in _rows(store, graph, "date"):
        try:
            published = date.fromisoformat(row["d"][:10])
        except ValueError:
            published = None
        break
    return Answers(
        persons=entities("persons"),
        organisations=entities("organisations"),
        places=entities("places"),
        positions=pairs("positions"),
        twinnings=pairs("twinnings"),
        statements=tuple((found(r["a"]), int(r["n"])) for r in _rows(store, graph, "statements")),
        organisers=entities("organisers"),
        date=published,
    )


def evaluate(
    items: Iterable[tuple[GoldArticle, Article] | InputError],
    gazetteer: Gazetteer,
    iris: Iris | None = None,
) -> Evaluation:
    """Extract, map, store and question every annotated article; score the answers.

    The first bad gold file or article stops the run: a score over part of the set would mislead.
    """
    iris = iris or Iris()
    store = OxigraphStore(None)
    scores = []
    for item in items:
        if isinstance(item, InputError):
            raise item
        gold, article = item
        extraction = extract_article(article, gazetteer)
        graph = iris.article(article.url)
        store.replace_graph(graph, to_quads(extraction, iris))
        scores.append(score_article(answer_questions(store, graph), gold))
    store.close()
    if not scores:
        raise InputError("holds no *.gold.json annotations", field="GOLD_DIR")
    return Evaluation(tuple(scores))
