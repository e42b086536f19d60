"""Topics: which themes of the concept scheme (ontology/topics.ttl) a statement is about.

The scheme reaches this module as a :class:`TopicScheme` value, built from the triples of the
Turtle file (:func:`TopicScheme.from_triples`; ``sources.load_topics`` reads the file). Each topic's
keywords (``skos:hiddenLabel``, Persian and English) are indexed by their token keys, so tagging a
text is one dict lookup per word: a statement is about every topic one of whose keywords its quote
holds, compared word by word after normalisation. There is no stemming; inflected forms are keywords
of their own in the scheme.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from mypy_extensions import mypyc_attr
from pyoxigraph import Literal, NamedNode, Triple

from payvand.errors import InputError
from payvand.extract.gazetteer import NameIndex
from payvand.model import Extraction
from payvand.namespaces import RDF, SKOS, TOPIC
from payvand.text.tokens import tokenise


@mypyc_attr(native_class=False)  # pickled to ingest workers: a plain class
@dataclass(frozen=True, slots=True)
class Topic:
    """One concept of the scheme: its local name, labels ``(text, lang)`` and keywords."""

    id: str
    labels: tuple[tuple[str, str], ...]
    keywords: tuple[str, ...]

    def label(self, lang: str) -> str:
        """The preferred label in ``lang``, else any, else the id."""
        for text, label_lang in self.labels:
            if label_lang == lang:
                return text
        return self.labels[0][0] if self.labels else self.id


class TopicScheme:
    """The topics, their keyword index, and the scheme's triples (to load into the store)."""

    def __init__(
        self,
        topics: Iterable[Topic] = (),  # a default, so that a compiled build can unpickle it
        *,
        triples: Iterable[Triple] = (),
        fingerprint: str = "",
    ) -> None:
        self.topics: dict[str, Topic] = {}
        self.index: NameIndex[str] = NameIndex()
        self.triples = tuple(triples)
        self.fingerprint = fingerprint
        for topic in topics:
            self.topics[topic.id] = topic
            for keyword in topic.keywords:
                self.index.add(keyword, topic.id)

    @classmethod
    def from_triples(cls, triples: Iterable[Triple], *, fingerprint: str = "") -> TopicScheme:
        """The scheme described by ``triples``: every ``skos:Concept`` in the topic namespace."""
        kept = tuple(triples)
        concepts: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for triple in kept:
            subject = triple.subject
            if (
                triple.predicate == RDF.type
                and triple.object == SKOS.Concept
                and isinstance(subject, NamedNode)
            ):
                concepts.setdefault(_topic_id(subject), {"labels": [], "keywords": []})
        for triple in kept:
            if not isinstance(triple.subject, NamedNode) or not isinstance(triple.object, Literal):
                continue
            if not triple.subject.value.startswith(TOPIC.NS):
                continue
            entry = concepts.get(triple.subject.value[len(TOPIC.NS) :])
            if entry is None:
                continue
            value = (triple.object.value, triple.object.language or "")
            if triple.predicate == SKOS.prefLabel:
                entry["labels"].append(value)
            elif triple.predicate == SKOS.hiddenLabel:
                entry["keywords"].append(value)
        topics = [
            Topic(
                id=topic_id,
                labels=tuple(sorted(entry["labels"], key=lambda v: v[1])),
                keywords=tuple(text for text, _lang in entry["keywords"]),
            )
            for topic_id, entry in sorted(concepts.items())
        ]
        return cls(topics, triples=kept, fingerprint=fingerprint)

    def __len__(self) -> int:
        return len(self.topics)


def _topic_id(concept: NamedNode) -> str:
    if not concept.value.startswith(TOPIC.NS) or len(concept.value) == len(TOPIC.NS):
        raise InputError(
            f"the concept <{concept.value}> is not in the topic namespace <{TOPIC.NS}>; "
            "name it topic:<name> so that statements can point to it"
        )
    return concept.value[len(TOPIC.NS) :]


def topics_of(text: str, scheme: TopicScheme) -> tuple[str, ...]:
    """The topics whose keywords ``text`` holds, in the order they first appear."""
    words = [token.key for token in tokenise(text) if token.is_word and token.key]
    found: dict[str, None] = {}
    i = 0
    while i < len(words):
        match = scheme.index.match_at(words, i)
        if match is None:
            i += 1
            continue
        length, topic_ids = match
        found.update(dict.fromkeys(topic_ids))
        i += length
    return tuple(found)


def tag_topics(extraction: Extraction, scheme: TopicScheme) -> Extraction:
    """``extraction`` with each statement's topics read from its quote."""
    statements = tuple(
        replace(statement, topics=topics_of(statement.quote, scheme))
        for statement in extraction.statements
    )
    return replace(extraction, statements=statements)
