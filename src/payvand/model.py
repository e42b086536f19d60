"""Values that flow through Payvand: articles in, extractions out.

Every class here is a frozen dataclass with no behaviour beyond simple derived values.
Offsets (``start``/``end``) always point into :attr:`Extraction.text`, the normalised text
of the article, so that evidence can be shown exactly as it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class EntityKind(StrEnum):
    """The kinds of entity the extractor produces; the value is the IRI path segment."""

    PERSON = "person"
    ORGANISATION = "organisation"
    CITY = "city"
    COUNTRY = "country"
    PROVINCE = "province"
    PROGRAMME = "programme"
    EVENT = "event"
    VENUE = "venue"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class TwinningStatus(StrEnum):
    """How far a sister-city relation has gone, as the text states it."""

    CONCLUDED = "concluded"
    PROPOSED = "proposed"


class AgreementStatus(StrEnum):
    PROPOSED = "proposed"
    SIGNED = "signed"
    ACTIVE = "active"
    LAPSED = "lapsed"


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a source, before extraction."""

    url: str
    text: str
    headline: str | None = None
    date_published: date | None = None
    lang: str | None = None
    publisher: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch ``[start, end)`` of the normalised article text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the normalised text: its position and its paragraph."""

    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity the article mentions.

    ``key`` is the entity's stable identity, ``<kind>/<slug>``; it becomes the path of its IRI.
    Gazetteer entities carry the gazetteer id as slug (``organisation/icro``); others a slug of
    their normalised name, so that the same name in two articles gives the same key.
    """

    key: str
    kind: EntityKind
    label: str
    lang: str
    labels: tuple[tuple[str, str], ...] = ()
    subkind: str | None = None
    wikidata: str | None = None
    titles: tuple[str, ...] = ()
    located_in: str | None = None
    canonical: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A place in the text where an entity is named (or referred to)."""

    entity: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Position:
    """A person holding a role in an organisation (W3C ORG membership)."""

    member: str
    organisation: str
    role: str
    role_en: str | None
    sentence: int
    start: int
    end: int
    role_id: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """A passage that the text attributes to a speaker with a speech verb.

    ``topics`` are the local names of the concepts of the topic scheme it is about (``tourism``).
    """

    speaker: str
    quote: str
    verb: str
    sentence: int
    start: int
    end: int
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Twinning:
    """A sister-city relation between two cities (keys sorted)."""

    city_a: str
    city_b: str
    status: TwinningStatus
    sentence: int
    start: int
    end: int
    signed_on: date | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """An MoU or cooperation agreement between parties (not a concluded twinning)."""

    kind: str
    parties: tuple[str, ...]
    status: AgreementStatus
    label: str
    sentence: int
    start: int
    end: int
    signed_on: date | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A meeting, conference, ceremony, week or festival the article reports."""

    key: str
    label: str
    kind: str
    organisers: tuple[str, ...]
    venue: str | None
    place: str | None
    when: date | None
    sentence: int
    start: int
    end: int
    attendees: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """Something worth telling about the data that is not an error: an unread date, a guess."""

    severity: Severity
    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article, with the text the offsets point into."""

    article: Article
    text: str
    lang: str
    headline: str | None
    date_published: date | None
    publisher: str | None
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    positions: tuple[Position, ...] = ()
    statements: tuple[Statement, ...] = ()
    twinnings: tuple[Twinning, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    events: tuple[Event, ...] = ()
    findings: tuple[Finding, ...] = ()
    content_hash: str = ""

    def entity(self, key: str) -> Entity | None:
        """The entity with this key, if the article mentions it."""
        for entity in self.entities:
            if entity.key == key:
                return entity
        return None

    def sentence_text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.text[sentence.start : sentence.end]
