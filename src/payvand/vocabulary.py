"""The ontology and the topic scheme as values: every declared term with its labels and axioms.

Built from triples (``sources.load_vocabulary`` reads ``ontology/payvand.ttl`` and
``ontology/topics.ttl``), a :class:`Vocabulary` names terms in Persian and English for pages and
tools, and lists the classes, properties, individuals and topics for the ontology's reference page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from payvand.namespaces import ONTOLOGY_IRI, OWL, PV, RDF, RDFS, SKOS, TOPIC

_OWL = OWL.NS
_RDF = RDF.NS
_RDFS = RDFS.NS
_SKOS = SKOS.NS
_DCTERMS = "http://purl.org/dc/terms/"


class TermKind(StrEnum):
    CLASS = "class"
    OBJECT_PROPERTY = "object property"
    DATATYPE_PROPERTY = "datatype property"
    ANNOTATION_PROPERTY = "annotation property"
    INDIVIDUAL = "individual"
    TOPIC = "topic"
    OTHER = "other"


_KINDS = {
    _OWL + "Class": TermKind.CLASS,
    _RDFS + "Class": TermKind.CLASS,
    _OWL + "ObjectProperty": TermKind.OBJECT_PROPERTY,
    _OWL + "DatatypeProperty": TermKind.DATATYPE_PROPERTY,
    _OWL + "AnnotationProperty": TermKind.ANNOTATION_PROPERTY,
    _OWL + "NamedIndividual": TermKind.INDIVIDUAL,
    _SKOS + "Concept": TermKind.TOPIC,
}


@dataclass
class Term:
    """One term: its kind, labels by language, English comment, and what it is related to."""

    iri: str
    kind: TermKind = TermKind.OTHER
    labels: dict[str, str] = field(default_factory=dict)
    comment: str = ""
    parents: list[str] = field(default_factory=list)  # rdfs:subClassOf, subPropertyOf, broader
    equivalents: list[str] = field(default_factory=list)  # owl:equivalent*, skos:closeMatch
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    defined_by: str = ""

    @property
    def own(self) -> bool:
        """A term of Payvand's own namespaces (not one it reuses)."""
        return self.iri.startswith((PV.NS, TOPIC.NS))

    @property
    def local_name(self) -> str:
        for separator in ("#", "/"):
            if separator in self.iri:
                return self.iri.rsplit(separator, 1)[1]
        return self.iri

    def label(self, lang: str) -> str:
        """The label in ``lang``, else in the other language, else the local name."""
        return self.labels.get(lang) or next(iter(self.labels.values()), self.local_name)


@dataclass
class Vocabulary:
    """The terms of the ontology and the topic scheme, and the ontology's own metadata."""

    terms: dict[str, Term] = field(default_factory=dict)
    metadata: dict[str, dict[str, str]] = field(default_factory=dict)  # property -> lang -> text

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> Vocabulary:
        kept = list(triples)
        lists = _lists(kept)
        vocabulary = cls()
        for triple in kept:
            subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
            if subject == NamedNode(ONTOLOGY_IRI):
                text = obj.value if isinstance(obj, Literal | NamedNode) else ""
                lang = obj.language if isinstance(obj, Literal) and obj.language else ""
                vocabulary.metadata.setdefault(predicate, {})[lang] = text
                continue
            if not isinstance(subject, NamedNode):
                continue
            term = vocabulary.terms.setdefault(subject.value, Term(subject.value))
            _add(term, predicate, obj, lists)
        return vocabulary

    def term(self, iri: str) -> Term | None:
        return self.terms.get(iri)

    def label(self, iri: str, lang: str) -> str | None:
        term = self.terms.get(iri)
        return term.label(lang) if term is not None and term.labels else None

    def of_kind(self, kind: TermKind, *, own: bool | None = None) -> list[Term]:
        """The terms of one kind, Payvand's own or reused ones (or both), by local name."""
        return sorted(
            (
                t
                for t in self.terms.values()
                if t.kind is kind and (own is None or t.own is own) and t.labels
            ),
            key=lambda t: (t.iri.startswith(PV.NS) is False, t.local_name.lower()),
        )

    def __len__(self) -> int:
        return len(self.terms)


def _add(
    term: Term,
    predicate: str,
    obj: NamedNode | BlankNode | Literal | Triple,
    lists: dict[str, list[str]],
) -> None:
    if isinstance(obj, Literal):
        if predicate in (_RDFS + "label", _SKOS + "prefLabel") and obj.language:
            if predicate == _SKOS + "prefLabel" or obj.language not in term.labels:
                term.labels[obj.language] = obj.value
        elif predicate in (_RDFS + "comment", _SKOS + "definition") and obj.language in (
            "en",
            None,
        ):
            term.comment = obj.value
        return
    targets = _targets(obj, lists)
    if predicate == _RDF + "type":
        term.types.extend(targets)
        for target in targets:
            if target in _KINDS and (
                term.kind is TermKind.OTHER or _KINDS[target] is TermKind.TOPIC
            ):
                term.kind = _KINDS[target]
            elif target.startswith(PV.NS) and term.kind is TermKind.OTHER:
                term.kind = TermKind.INDIVIDUAL
    elif predicate in (_RDFS + "subClassOf", _RDFS + "subPropertyOf", _SKOS + "broader"):
        term.parents.extend(targets)
    elif predicate in (_OWL + "equivalentClass", _OWL + "equivalentProperty", _SKOS + "closeMatch"):
        term.equivalents.extend(targets)
    elif predicate == _RDFS + "domain":
        term.domain.extend(targets)
    elif predicate == _RDFS + "range":
        term.range.extend(targets)
    elif predicate == _RDFS + "isDefinedBy" and targets:
        term.defined_by = targets[0]


def _targets(
    obj: NamedNode | BlankNode | Literal | Triple, lists: dict[str, list[str]]
) -> list[str]:
    """An IRI, or the members of the owl:unionOf (or oneOf) list a blank node stands for."""
    if isinstance(obj, NamedNode):
        return [obj.value]
    if isinstance(obj, BlankNode):
        return lists.get(obj.value, [])
    return []


def _lists(triples: list[Triple]) -> dict[str, list[str]]:
    """Blank node -> IRIs of its owl:unionOf list (for domains and ranges given as unions)."""
    first: dict[str, str] = {}
    rest: dict[str, str] = {}
    unions: dict[str, str] = {}
    for t in triples:
        if not isinstance(t.subject, BlankNode):
            continue
        p = t.predicate.value
        if p == _RDF + "first" and isinstance(t.object, NamedNode):
            first[t.subject.value] = t.object.value
        elif p == _RDF + "rest" and isinstance(t.object, BlankNode):
            rest[t.subject.value] = t.object.value
        elif p == _OWL + "unionOf" and isinstance(t.object, BlankNode):
            unions[t.subject.value] = t.object.value

    def members(node: str) -> Iterator[str]:
        seen: set[str] = set()
        current: str | None = node
        while current is not None and current not in seen:
            seen.add(current)
            if current in first:
                yield first[current]
            current = rest.get(current)

    return {union: list(members(head)) for union, head in unions.items()}
