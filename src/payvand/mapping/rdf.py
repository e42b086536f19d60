"""Extraction -> quads: one named graph per article, whose IRI is the article's IRI.

Everything extracted from an article lives in its graph: the article itself, the type and labels
of each entity it mentions, positions, statements, twinnings, agreements and events, each fact
with ``pv:evidence`` pointing to the sentence (text and character offsets) it was read from.
The gazetteer goes to one reference graph (:func:`reference_quads`): its entities, the known posts
of its persons (W3C ORG memberships and posts with OWL-Time intervals) and the known twinnings
and city agreements. Every term emitted here is declared in ``ontology/payvand.ttl``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache

from pyoxigraph import Literal, NamedNode, Quad

from payvand.errors import InputError
from payvand.extract.gazetteer import Gazetteer, GazetteerEntry, KnownTwinning, Post
from payvand.mapping.iris import Iris
from payvand.model import AgreementStatus, Entity, EntityKind, Extraction, TwinningStatus
from payvand.namespaces import (
    ORG,
    OWL,
    PROV,
    PV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    TOPIC,
    WIKIDATA_ENTITY,
    XSD,
)

CLASS_OF_KIND: dict[EntityKind, NamedNode] = {
    EntityKind.PERSON: PV.Person,
    EntityKind.ORGANISATION: PV.Organisation,
    EntityKind.CITY: PV.City,
    EntityKind.COUNTRY: PV.Country,
    EntityKind.PROVINCE: PV.Province,
    EntityKind.PROGRAMME: PV.Programme,
    EntityKind.EVENT: PV.Event,
    EntityKind.VENUE: PV.Venue,
}
CLASS_OF_SUBKIND: dict[str, NamedNode] = {
    "ministry": PV.Ministry,
    "government_body": PV.GovernmentBody,
    "cultural_organisation": PV.CulturalOrganisation,
    "university": PV.University,
    "municipality": PV.Municipality,
    "council": PV.Council,
    "parliament": PV.Parliament,
    "news_agency": PV.NewsAgency,
    "broadcaster": PV.Broadcaster,
    "international_organisation": PV.InternationalOrganisation,
    "embassy": PV.Embassy,
    "cultural_counsellorship": PV.CulturalCounsellorship,
    "foundation": PV.Foundation,
    "religious_organisation": PV.ReligiousOrganisation,
    "research_institute": PV.ResearchInstitute,
    "meeting": PV.Meeting,
    "conference": PV.Conference,
    "visit": PV.Visit,
    "ceremony": PV.Ceremony,
    "festival": PV.Festival,
    "exhibition": PV.Exhibition,
    "cultural_week": PV.CulturalWeek,
    "signing_ceremony": PV.SigningCeremony,
    "exhibition_opening": PV.ExhibitionOpening,
    "twinning_programme": PV.TwinningProgramme,
    "persian_language_chair": PV.PersianLanguageChair,
    "scholarship": PV.Scholarship,
    "creative_city_membership": PV.CreativeCityMembership,
}
# The Payvand superclasses of a subclass, stated in the data too (the store does no reasoning):
# a cultural week is an event and a programme, a signing ceremony is a ceremony.
SUPERCLASSES: dict[NamedNode, tuple[NamedNode, ...]] = {
    PV.CulturalWeek: (PV.Event, PV.Programme),
    PV.Festival: (PV.Event, PV.Programme),
    PV.Exhibition: (PV.Event, PV.Programme),
    PV.SigningCeremony: (PV.Event, PV.Ceremony),
    PV.ExhibitionOpening: (PV.Event, PV.Ceremony),
    PV.TwinningProgramme: (PV.Programme,),
    PV.PersianLanguageChair: (PV.Programme,),
    PV.Scholarship: (PV.Programme,),
    PV.CreativeCityMembership: (PV.Programme,),
}
CLASS_OF_AGREEMENT: dict[str, NamedNode] = {
    "mou": PV.MemorandumOfUnderstanding,
    "twinning": PV.TwinningAgreement,
}
STATUS: dict[str, NamedNode] = {
    TwinningStatus.CONCLUDED.value: PV.concluded,
    TwinningStatus.PROPOSED.value: PV.proposed,
    AgreementStatus.SIGNED.value: PV.signed,
    AgreementStatus.ACTIVE.value: PV.active,
    AgreementStatus.LAPSED.value: PV.lapsed,
}


def date_literal(value: date) -> Literal:
    """``xsd:dateTime`` (with its offset) for a datetime, ``xsd:date`` for a date."""
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


_PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def period_literal(text: str) -> Literal:
    """A date known to the day, month or year: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        raise InputError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        if day is not None:
            return Literal(date(int(year), int(month), int(day)).isoformat(), datatype=XSD.date)
        if month is not None:
            date(int(year), int(month), 1)
            return Literal(f"{year}-{month}", datatype=XSD.gYearMonth)
    except ValueError as err:
        raise InputError(f"'{text}' is not a date: {err}") from err
    return Literal(year, datatype=XSD.gYear)


_INSTANT_PROPERTY = {
    XSD.date.value: TIME.inXSDDate,
    XSD.gYearMonth.value: TIME.inXSDgYearMonth,
    XSD.gYear.value: TIME.inXSDgYear,
}


def classes_of(kind: EntityKind, subkind: str | None) -> list[NamedNode]:
    """The classes of an entity: its kind's, its subkind's, and the subkind's superclasses."""
    return list(_classes(kind, subkind))


@cache
def _classes(kind: EntityKind, subkind: str | None) -> tuple[NamedNode, ...]:
    # Kinds and subkinds are closed vocabularies: each pair is worked out once.
    classes = [CLASS_OF_KIND[kind]]
    special = CLASS_OF_SUBKIND.get(subkind or "")
    if special is not None:
        classes.append(special)
        classes.extend(SUPERCLASSES.get(special, ()))
    return tuple(dict.fromkeys(classes))


def name_literal(text: str, lang: str | None = None) -> Literal:
    """A name on one line (runs of spaces and line breaks read across become one space), tagged
    ``lang``, or ``en`` for ASCII text and ``fa`` otherwise."""
    return Literal(" ".join(text.split()), language=lang or ("en" if text.isascii() else "fa"))


def _entity_quads(entity: Entity, node: NamedNode, graph: NamedNode) -> Iterator[Quad]:
    for cls in _classes(entity.kind, entity.subkind):
        yield Quad(node, RDF.type, cls, graph)
    labels = entity.labels or ((entity.label, entity.lang),)
    for label, lang in labels:
        yield Quad(node, RDFS.label, name_literal(label, lang), graph)
    if entity.wikidata:
        yield Quad(node, OWL.sameAs, NamedNode(WIKIDATA_ENTITY + entity.wikidata), graph)
    for alias in entity.aliases:
        yield Quad(node, SKOS.altLabel, name_literal(alias), graph)
    for title in entity.titles:
        yield Quad(
            node, PV.honorific, Literal(title, language="en" if title.isascii() else "fa"), graph
        )


def to_quads(extraction: Extraction, iris: Iris) -> list[Quad]:
    """All quads of one article, in its own named graph.

    An article names the same entities, sentences and topics again and again, so each of their
    nodes is made once here and reused: making a node checks its IRI, which costs more than
    looking it up.
    """
    article = iris.article(extraction.article.url)
    g = article
    lang = extraction.lang
    nodes: dict[str, NamedNode] = {}

    def entity_node(key: str) -> NamedNode:
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = iris.entity(key)
        return node

    quads: list[Quad] = [
        Quad(article, RDF.type, SCHEMA.NewsArticle, g),
        Quad(article, SCHEMA.url, NamedNode(extraction.article.url), g),
        Quad(article, SCHEMA.inLanguage, Literal(lang), g),
        Quad(article, PV.contentHash, Literal(extraction.content_hash), g),
    ]
    if extraction.headline:
        quads.append(Quad(article, SCHEMA.headline, Literal(extraction.headline, language=lang), g))
    if extraction.date_published is not None:
        quads.append(
            Quad(article, SCHEMA.datePublished, date_literal(extraction.date_published), g)
        )
    if extraction.publisher:
        quads.append(Quad(article, SCHEMA.publisher, entity_node(extraction.publisher), g))
    for entity in extraction.entities:
        node = entity_node(entity.key)
        quads.extend(_entity_quads(entity, node, g))
        if entity.kind is not EntityKind.EVENT:
            quads.append(Quad(article, SCHEMA.mentions, node, g))

    # The node of each sentence some fact was read from, its quads added with the first fact.
    evidenced: dict[int, NamedNode] = {}

    def evidence(node: NamedNode, sentence: int) -> None:
        sentence_node = evidenced.get(sentence)
        first = sentence_node is None
        if sentence_node is None:
            sentence_node = evidenced[sentence] = iris.sentence(article, sentence)
        quads.append(Quad(node, PV.evidence, sentence_node, g))
        quads.append(Quad(node, PROV.wasDerivedFrom, article, g))
        if first:
            bounds = extraction.sentences[sentence]
            quads.extend(
                (
                    Quad(sentence_node, RDF.type, PV.Sentence, g),
                    Quad(sentence_node, PV.inArticle, article, g),
                    Quad(
                        sentence_node,
                        PV.text,
                        Literal(extraction.sentence_text(sentence), language=lang),
                        g,
                    ),
                    Quad(
                        sentence_node,
                        PV.sentenceIndex,
                        Literal(str(sentence), datatype=XSD.integer),
                        g,
                    ),
                    Quad(
                        sentence_node,
                        PV.startOffset,
                        Literal(str(bounds.start), datatype=XSD.integer),
                        g,
                    ),
                    Quad(
                        sentence_node,
                        PV.endOffset,
                        Literal(str(bounds.end), datatype=XSD.integer),
                        g,
                    ),
                )
            )

    for position in extraction.positions:
        membership = iris.membership(
            position.member, position.organisation, position.role_id or position.role
        )
        role = iris.role(position.role_id, position.role)
        quads.extend(
            (
                Quad(membership, RDF.type, ORG.Membership, g),
                Quad(membership, ORG.member, entity_node(position.member), g),
                Quad(membership, ORG.organization, entity_node(position.organisation), g),
                Quad(membership, ORG.role, role, g),
                Quad(role, RDF.type, ORG.Role, g),
                Quad(role, RDFS.label, name_literal(position.role), g),
            )
        )
        if position.role_en and position.role_en != position.role:
            quads.append(Quad(role, RDFS.label, name_literal(position.role_en, "en"), g))
        evidence(membership, position.sentence)

    published = (
        date_literal(extraction.date_published) if extraction.date_published is not None else None
    )
    topics: dict[str, NamedNode] = {}
    for n, statement in enumerate(extraction.statements):
        node = iris.statement(article, n)
        quads.extend(
            (
                Quad(node, RDF.type, PV.Statement, g),
                Quad(node, PV.speaker, entity_node(statement.speaker), g),
                Quad(node, PV.quote, Literal(statement.quote, language=lang), g),
                Quad(node, PV.speechVerb, Literal(statement.verb, language=lang), g),
                Quad(node, PV.startOffset, Literal(str(statement.start), datatype=XSD.integer), g),
                Quad(node, PV.endOffset, Literal(str(statement.end), datatype=XSD.integer), g),
            )
        )
        if published is not None:
            quads.append(Quad(node, SCHEMA.dateCreated, published, g))
        for topic in statement.topics:
            topic_node = topics.get(topic)
            if topic_node is None:
                topic_node = topics[topic] = NamedNode(TOPIC.NS + topic)
            quads.append(Quad(node, PV.about, topic_node, g))
        evidence(node, statement.sentence)

    for twinning in extraction.twinnings:
        node = iris.twinning(twinning.city_a, twinning.city_b)
        a, b = entity_node(twinning.city_a), entity_node(twinning.city_b)
        quads.extend(
            (
                Quad(node, RDF.type, PV.Twinning, g),
                Quad(node, PV.partner, a, g),
                Quad(node, PV.partner, b, g),
                Quad(node, PV.status, STATUS[twinning.status.value], g),
                Quad(a, PV.twinnedWith, b, g),
                Quad(b, PV.twinnedWith, a, g),
            )
        )
        if twinning.signed_on is not None:
            quads.append(Quad(node, PV.signingDate, date_literal(twinning.signed_on), g))
        evidence(node, twinning.sentence)

    scope = (
        str(extraction.date_published.year) if extraction.date_published else extraction.article.url
    )
    for agreement in extraction.agreements:
        node = iris.agreement(agreement.kind, agreement.parties, scope)
        quads.extend(
            (
                Quad(node, RDF.type, PV.Agreement, g),
                Quad(node, PV.agreementKind, Literal(agreement.kind), g),
                Quad(node, PV.status, STATUS[agreement.status.value], g),
                Quad(node, RDFS.label, name_literal(agreement.label, lang), g),
            )
        )
        if agreement.kind in CLASS_OF_AGREEMENT:
            quads.append(Quad(node, RDF.type, CLASS_OF_AGREEMENT[agreement.kind], g))
        if agreement.signed_on is not None:
            quads.append(Quad(node, PV.signingDate, date_literal(agreement.signed_on), g))
        if agreement.place:
            quads.append(Quad(node, PV.signingPlace, entity_node(agreement.place), g))
        quads.extend(Quad(node, PV.party, entity_node(party), g) for party in agreement.parties)
        evidence(node, agreement.sentence)

    for event in extraction.events:
        node = entity_node(event.key)
        quads.extend(Quad(node, SCHEMA.organizer, entity_node(o), g) for o in event.organisers)
        quads.extend(Quad(node, SCHEMA.attendee, entity_node(a), g) for a in event.attendees)
        if event.venue:
            quads.append(Quad(node, SCHEMA.location, entity_node(event.venue), g))
        if event.place:
            quads.append(Quad(node, SCHEMA.location, entity_node(event.place), g))
        if event.when is not None:
            quads.append(Quad(node, SCHEMA.startDate, date_literal(event.when), g))
        evidence(node, event.sentence)
    return quads


def reference_quads(gazetteer: Gazetteer, iris: Iris) -> Iterator[Quad]:
    """The gazetteer as a graph: canonical entities, names, places, parents, posts and twinnings."""
    g = iris.reference_graph()
    for entry in gazetteer.entries.values():
        node = iris.entity(entry.key)
        for cls in classes_of(entry.kind, entry.subkind):
            yield Quad(node, RDF.type, cls, g)
        if entry.name_fa:
            yield Quad(node, RDFS.label, Literal(entry.name_fa, language="fa"), g)
        if entry.name_en:
            yield Quad(node, RDFS.label, Literal(entry.name_en, language="en"), g)
        for alias in entry.aliases_fa:
            yield Quad(node, SKOS.altLabel, Literal(alias, language="fa"), g)
        for alias in entry.aliases_en:
            yield Quad(node, SKOS.altLabel, Literal(alias, language="en"), g)
        if entry.wikidata:
            yield Quad(node, OWL.sameAs, NamedNode(WIKIDATA_ENTITY + entry.wikidata), g)
        if entry.located_in and entry.located_in in gazetteer.entries:
            yield Quad(node, PV.locatedIn, iris.entity(entry.located_in), g)
        if entry.parent and entry.parent in gazetteer.entries:
            predicate = (
                ORG.subOrganizationOf if entry.kind is EntityKind.ORGANISATION else PV.locatedIn
            )
            yield Quad(node, predicate, iris.entity(entry.parent), g)
    for post in gazetteer.posts:
        if post.person in gazetteer.entries and post.organisation in gazetteer.entries:
            yield from _post_quads(post, iris, g)
    for known in gazetteer.twinnings:
        a, b = gazetteer.entries.get(known.city_a), gazetteer.entries.get(known.city_b)
        if a is not None and b is not None:
            yield from _known_twinning_quads(known, a, b, iris, g)


def _post_quads(post: Post, iris: Iris, g: NamedNode) -> Iterator[Quad]:
    """A known post: the membership for its term (with its dates), the post and the role."""
    title = post.role_en or post.role_fa
    membership = iris.membership(post.person, post.organisation, title, since=post.start or "")
    role = iris.role("", title)
    position = iris.post(post.organisation, title)
    person = iris.entity(post.person)
    yield Quad(membership, RDF.type, ORG.Membership, g)
    yield Quad(membership, ORG.member, person, g)
    yield Quad(membership, ORG.organization, iris.entity(post.organisation), g)
    yield Quad(membership, ORG.role, role, g)
    yield Quad(membership, PV.post, position, g)
    yield Quad(role, RDF.type, ORG.Role, g)
    yield Quad(position, RDF.type, ORG.Post, g)
    yield Quad(position, ORG.postIn, iris.entity(post.organisation), g)
    yield Quad(position, ORG.role, role, g)
    yield Quad(person, PV.positionHeld, position, g)
    for node in (role, position):
        if post.role_fa:
            yield Quad(node, RDFS.label, Literal(post.role_fa, language="fa"), g)
        if post.role_en:
            yield Quad(node, RDFS.label, Literal(post.role_en, language="en"), g)
    if post.start or post.end:
        interval = NamedNode(membership.value + "/during")
        yield Quad(membership, ORG.memberDuring, interval, g)
        yield Quad(interval, RDF.type, TIME.Interval, g)
        for edge, when, name in (
            (TIME.hasBeginning, post.start, "beginning"),
            (TIME.hasEnd, post.end, "end"),
        ):
            if when:
                instant = NamedNode(f"{interval.value}/{name}")
                value = period_literal(when)
                yield Quad(interval, edge, instant, g)
                yield Quad(instant, RDF.type, TIME.Instant, g)
                yield Quad(instant, _INSTANT_PROPERTY[value.datatype.value], value, g)


def _known_twinning_quads(
    known: KnownTwinning, a: GazetteerEntry, b: GazetteerEntry, iris: Iris, g: NamedNode
) -> Iterator[Quad]:
    """A concluded twinning; a proposed one or an MoU between the cities as an agreement."""
    city_a, city_b = iris.entity(a.key), iris.entity(b.key)
    if known.status == TwinningStatus.CONCLUDED.value:
        node = iris.twinning(a.key, b.key)
        yield Quad(node, RDF.type, PV.Twinning, g)
        yield Quad(node, PV.partner, city_a, g)
        yield Quad(node, PV.partner, city_b, g)
        yield Quad(node, PV.status, PV.concluded, g)
        yield Quad(city_a, PV.twinnedWith, city_b, g)
        yield Quad(city_b, PV.twinnedWith, city_a, g)
        if known.year:
            yield Quad(node, PV.signingDate, period_literal(known.year), g)
        return
    kind, status = ("twinning", PV.proposed) if known.status == "proposed" else ("mou", PV.signed)
    node = iris.agreement(kind, (a.key, b.key), "reference")
    yield Quad(node, RDF.type, PV.Agreement, g)
    yield Quad(node, RDF.type, CLASS_OF_AGREEMENT[kind], g)
    yield Quad(node, PV.agreementKind, Literal(kind), g)
    yield Quad(node, PV.status, status, g)
    yield Quad(node, PV.party, city_a, g)
    yield Quad(node, PV.party, city_b, g)
    for lang in ("fa", "en"):
        yield Quad(
            node,
            RDFS.label,
            Literal(f"{a.label(lang)} \N{EN DASH} {b.label(lang)}", language=lang),
            g,
        )
