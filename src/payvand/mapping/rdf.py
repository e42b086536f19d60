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
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from payvand.errors import InputError
from payvand.extract.gazetteer import Gazetteer, GazetteerEntry, KnownTwinning, Post
from payvand.extract.kinds import (
    CITY,
    COUNTRY,
    EVENT,
    ORGANISATION,
    PERSON,
    PROGRAMME,
    PROVINCE,
    VENUE,
)
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
    PERSON: PV.Person,
    ORGANISATION: PV.Organisation,
    CITY: PV.City,
    COUNTRY: PV.Country,
    PROVINCE: PV.Province,
    PROGRAMME: PV.Programme,
    EVENT: PV.Event,
    VENUE: PV.Venue,
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


@dataclass(frozen=True, slots=True)
class ArticleNQuads:
    """One article's graph as N-Quads: everything but its content hash, and that hash apart.

    The ingest writes the hash last, once the rest of the graph is stored (see the pipeline).
    """

    graph: str  # the graph's IRI (the article's)
    text: str  # N-Quads, one line a quad
    content_hash: str  # the N-Quads line of the content hash
    quads: int  # lines in both


_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")


def _string(text: str) -> str:
    """An N-Quads string: quoted, with quotes, backslashes and line breaks escaped."""
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        )
    return f'"{text}"'


def _n(node: NamedNode) -> str:
    return f"<{node.value}>"


_ALT_LABEL = _n(SKOS.altLabel)
_DATE = _n(XSD.date)
_DATE_TIME = _n(XSD.dateTime)
_DERIVED_FROM = _n(PROV.wasDerivedFrom)
_END_OFFSET = _n(PV.endOffset)
_EVIDENCE = _n(PV.evidence)
_HONORIFIC = _n(PV.honorific)
_INTEGER = _n(XSD.integer)
_LABEL = _n(RDFS.label)
_MENTIONS = _n(SCHEMA.mentions)
_ORG_MEMBER = _n(ORG.member)
_ORG_MEMBERSHIP = _n(ORG.Membership)
_ORG_ORGANIZATION = _n(ORG.organization)
_ORG_ROLE_CLASS = _n(ORG.Role)
_ORG_ROLE = _n(ORG.role)
_PV_ABOUT = _n(PV.about)
_PV_AGREEMENT = _n(PV.Agreement)
_PV_AGREEMENT_KIND = _n(PV.agreementKind)
_PV_CONTENT_HASH = _n(PV.contentHash)
_PV_IN_ARTICLE = _n(PV.inArticle)
_PV_PARTNER = _n(PV.partner)
_PV_PARTY = _n(PV.party)
_PV_QUOTE = _n(PV.quote)
_PV_SENTENCE = _n(PV.Sentence)
_PV_SENTENCE_INDEX = _n(PV.sentenceIndex)
_PV_SIGNING_DATE = _n(PV.signingDate)
_PV_SIGNING_PLACE = _n(PV.signingPlace)
_PV_SPEAKER = _n(PV.speaker)
_PV_SPEECH_VERB = _n(PV.speechVerb)
_PV_STATEMENT = _n(PV.Statement)
_PV_STATUS = _n(PV.status)
_PV_TEXT = _n(PV.text)
_PV_TWINNED_WITH = _n(PV.twinnedWith)
_PV_TWINNING = _n(PV.Twinning)
_SAME_AS = _n(OWL.sameAs)
_SCHEMA_ATTENDEE = _n(SCHEMA.attendee)
_SCHEMA_DATE_CREATED = _n(SCHEMA.dateCreated)
_SCHEMA_DATE_PUBLISHED = _n(SCHEMA.datePublished)
_SCHEMA_HEADLINE = _n(SCHEMA.headline)
_SCHEMA_IN_LANGUAGE = _n(SCHEMA.inLanguage)
_SCHEMA_LOCATION = _n(SCHEMA.location)
_SCHEMA_NEWS_ARTICLE = _n(SCHEMA.NewsArticle)
_SCHEMA_ORGANIZER = _n(SCHEMA.organizer)
_SCHEMA_PUBLISHER = _n(SCHEMA.publisher)
_SCHEMA_START_DATE = _n(SCHEMA.startDate)
_SCHEMA_URL = _n(SCHEMA.url)
_START_OFFSET = _n(PV.startOffset)
_TYPE = _n(RDF.type)


def _integer(value: int) -> str:
    return f'"{value}"^^{_INTEGER}'


def _date(value: date) -> str:
    if isinstance(value, datetime):
        return f'"{value.isoformat()}"^^{_DATE_TIME}'
    return f'"{value.isoformat()}"^^{_DATE}'


def _tagged(text: str, lang: str) -> str:
    return f"{_string(text)}@{lang}"


def _name(text: str, lang: str | None = None) -> str:
    """A name on one line (runs of spaces and line breaks read across become one space), tagged
    ``lang``, or ``en`` for ASCII text and ``fa`` otherwise."""
    return _tagged(" ".join(text.split()), lang or ("en" if text.isascii() else "fa"))


@cache
def _class_nodes(kind: EntityKind, subkind: str | None) -> tuple[str, ...]:
    return tuple(_n(cls) for cls in _classes(kind, subkind))


class _Graph:
    """The lines of one article's graph, and the checked nodes it names again and again."""

    def __init__(self, graph: str, iris: Iris) -> None:
        self.end = f"<{graph}> .\n"  # the graph and the full stop that end every line
        self.iris = iris
        self.lines: list[str] = []
        self.nodes: dict[str, str] = {}  # entity key -> node
        self.topics: dict[str, str] = {}  # topic id -> node

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.end}")

    def entity(self, key: str) -> str:
        """The node of an entity key; its IRI is checked once per article."""
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = _n(self.iris.entity(key))
        return node

    def topic(self, topic: str) -> str:
        node = self.topics.get(topic)
        if node is None:
            node = self.topics[topic] = _n(NamedNode(TOPIC.NS + topic))
        return node

    def entity_lines(self, entity: Entity, node: str) -> None:
        add = self.add
        for cls in _class_nodes(entity.kind, entity.subkind):
            add(node, _TYPE, cls)
        labels = entity.labels or ((entity.label, entity.lang),)
        for label, lang in labels:
            add(node, _LABEL, _name(label, lang))
        if entity.wikidata:
            add(node, _SAME_AS, _n(NamedNode(WIKIDATA_ENTITY + entity.wikidata)))
        for alias in entity.aliases:
            add(node, _ALT_LABEL, _name(alias))
        for title in entity.titles:
            add(node, _HONORIFIC, _tagged(title, "en" if title.isascii() else "fa"))


def article_nquads(extraction: Extraction, iris: Iris) -> ArticleNQuads:
    """All quads of one article, in its own named graph, as N-Quads.

    The lines are written as text: making a pyoxigraph term for each quad costs several times
    more, and the ingest sends N-Quads to the store anyway. IRIs that come from the input (the
    article's URL, entity keys, Wikidata ids, topic ids) are checked as pyoxigraph checks them;
    the others are minted here from digests and numbers. :func:`to_quads` reads the same lines
    as quads.
    """
    graph = iris.article_iri(extraction.article.url)
    out = _Graph(graph, iris)
    add = out.add
    article = f"<{graph}>"
    lang = extraction.lang
    if not _LANGUAGE.fullmatch(lang):
        raise InputError(f"'{lang}' is not a language tag", field="lang")
    add(article, _TYPE, _SCHEMA_NEWS_ARTICLE)
    add(article, _SCHEMA_URL, _n(NamedNode(extraction.article.url)))
    add(article, _SCHEMA_IN_LANGUAGE, _string(lang))
    content_hash = f"{article} {_PV_CONTENT_HASH} {_string(extraction.content_hash)} {out.end}"
    if extraction.headline:
        add(article, _SCHEMA_HEADLINE, _tagged(extraction.headline, lang))
    if extraction.date_published is not None:
        add(article, _SCHEMA_DATE_PUBLISHED, _date(extraction.date_published))
    if extraction.publisher:
        add(article, _SCHEMA_PUBLISHER, out.entity(extraction.publisher))
    for entity in extraction.entities:
        node = out.entity(entity.key)
        out.entity_lines(entity, node)
        if entity.kind is not EVENT:
            add(article, _MENTIONS, node)

    # The node of each sentence some fact was read from, its lines added with the first fact.
    evidenced: dict[int, str] = {}

    def evidence(node: str, sentence: int) -> None:
        sentence_node = evidenced.get(sentence)
        first = sentence_node is None
        if sentence_node is None:
            sentence_node = evidenced[sentence] = f"<{iris.sentence_iri(graph, sentence)}>"
        add(node, _EVIDENCE, sentence_node)
        add(node, _DERIVED_FROM, article)
        if first:
            bounds = extraction.sentences[sentence]
            add(sentence_node, _TYPE, _PV_SENTENCE)
            add(sentence_node, _PV_IN_ARTICLE, article)
            add(sentence_node, _PV_TEXT, _tagged(extraction.sentence_text(sentence), lang))
            add(sentence_node, _PV_SENTENCE_INDEX, _integer(sentence))
            add(sentence_node, _START_OFFSET, _integer(bounds.start))
            add(sentence_node, _END_OFFSET, _integer(bounds.end))

    for position in extraction.positions:
        membership_iri = iris.membership_iri(
            position.member, position.organisation, position.role_id or position.role
        )
        membership = f"<{membership_iri}>"
        role = f"<{iris.role_iri(position.role_id, position.role)}>"
        add(membership, _TYPE, _ORG_MEMBERSHIP)
        add(membership, _ORG_MEMBER, out.entity(position.member))
        add(membership, _ORG_ORGANIZATION, out.entity(position.organisation))
        add(membership, _ORG_ROLE, role)
        add(role, _TYPE, _ORG_ROLE_CLASS)
        add(role, _LABEL, _name(position.role))
        if position.role_en and position.role_en != position.role:
            add(role, _LABEL, _name(position.role_en, "en"))
        evidence(membership, position.sentence)

    published = _date(extraction.date_published) if extraction.date_published is not None else None
    for n, statement in enumerate(extraction.statements):
        node = f"<{iris.statement_iri(graph, n)}>"
        add(node, _TYPE, _PV_STATEMENT)
        add(node, _PV_SPEAKER, out.entity(statement.speaker))
        add(node, _PV_QUOTE, _tagged(statement.quote, lang))
        add(node, _PV_SPEECH_VERB, _tagged(statement.verb, lang))
        add(node, _START_OFFSET, _integer(statement.start))
        add(node, _END_OFFSET, _integer(statement.end))
        if published is not None:
            add(node, _SCHEMA_DATE_CREATED, published)
        for topic in statement.topics:
            add(node, _PV_ABOUT, out.topic(topic))
        evidence(node, statement.sentence)

    for twinning in extraction.twinnings:
        node = f"<{iris.twinning_iri(twinning.city_a, twinning.city_b)}>"
        a, b = out.entity(twinning.city_a), out.entity(twinning.city_b)
        add(node, _TYPE, _PV_TWINNING)
        add(node, _PV_PARTNER, a)
        add(node, _PV_PARTNER, b)
        add(node, _PV_STATUS, _n(STATUS[twinning.status.value]))
        add(a, _PV_TWINNED_WITH, b)
        add(b, _PV_TWINNED_WITH, a)
        if twinning.signed_on is not None:
            add(node, _PV_SIGNING_DATE, _date(twinning.signed_on))
        evidence(node, twinning.sentence)

    scope = (
        str(extraction.date_published.year) if extraction.date_published else extraction.article.url
    )
    for agreement in extraction.agreements:
        node = f"<{iris.agreement_iri(agreement.kind, agreement.parties, scope)}>"
        add(node, _TYPE, _PV_AGREEMENT)
        add(node, _PV_AGREEMENT_KIND, _string(agreement.kind))
        add(node, _PV_STATUS, _n(STATUS[agreement.status.value]))
        add(node, _LABEL, _name(agreement.label, lang))
        if agreement.kind in CLASS_OF_AGREEMENT:
            add(node, _TYPE, _n(CLASS_OF_AGREEMENT[agreement.kind]))
        if agreement.signed_on is not None:
            add(node, _PV_SIGNING_DATE, _date(agreement.signed_on))
        if agreement.place:
            add(node, _PV_SIGNING_PLACE, out.entity(agreement.place))
        for party in agreement.parties:
            add(node, _PV_PARTY, out.entity(party))
        evidence(node, agreement.sentence)

    for event in extraction.events:
        node = out.entity(event.key)
        for organiser in event.organisers:
            add(node, _SCHEMA_ORGANIZER, out.entity(organiser))
        for attendee in event.attendees:
            add(node, _SCHEMA_ATTENDEE, out.entity(attendee))
        if event.venue:
            add(node, _SCHEMA_LOCATION, out.entity(event.venue))
        if event.place:
            add(node, _SCHEMA_LOCATION, out.entity(event.place))
        if event.when is not None:
            add(node, _SCHEMA_START_DATE, _date(event.when))
        evidence(node, event.sentence)
    lines = out.lines
    return ArticleNQuads(graph, "".join(lines), content_hash, len(lines) + 1)


def to_quads(extraction: Extraction, iris: Iris) -> list[Quad]:
    """All quads of one article, in its own named graph (:func:`article_nquads`, read back)."""
    written = article_nquads(extraction, iris)
    return list(parse(written.content_hash + written.text, format=RdfFormat.N_QUADS))


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
            predicate = ORG.subOrganizationOf if entry.kind is ORGANISATION else PV.locatedIn
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
