"""IRIs: the project's base and ontology, and the closed vocabularies the mapping uses.

Every term the mapping emits is an attribute of one of the classes below; a contract test checks
that each is declared in ``ontology/payvand.ttl`` (for ``PV``) or belongs to its standard
vocabulary.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

DEFAULT_BASE = "https://w3id.org/payvand/id/"
ONTOLOGY_IRI = "https://w3id.org/payvand/ontology"
TOPICS_IRI = ONTOLOGY_IRI + "/topics"
REFERENCE_GRAPH_PATH = "graph/reference"
TOPICS_GRAPH_PATH = "graph/topics"


class PV:
    """Payvand's own terms."""

    NS = ONTOLOGY_IRI + "#"
    # classes
    Person = NamedNode(NS + "Person")
    Organisation = NamedNode(NS + "Organisation")
    City = NamedNode(NS + "City")
    Country = NamedNode(NS + "Country")
    Province = NamedNode(NS + "Province")
    Programme = NamedNode(NS + "Programme")
    Event = NamedNode(NS + "Event")
    Venue = NamedNode(NS + "Venue")
    Statement = NamedNode(NS + "Statement")
    Twinning = NamedNode(NS + "Twinning")
    Agreement = NamedNode(NS + "Agreement")
    Sentence = NamedNode(NS + "Sentence")
    # organisation kinds
    Ministry = NamedNode(NS + "Ministry")
    GovernmentBody = NamedNode(NS + "GovernmentBody")
    CulturalOrganisation = NamedNode(NS + "CulturalOrganisation")
    University = NamedNode(NS + "University")
    Municipality = NamedNode(NS + "Municipality")
    Council = NamedNode(NS + "Council")
    Parliament = NamedNode(NS + "Parliament")
    NewsAgency = NamedNode(NS + "NewsAgency")
    Broadcaster = NamedNode(NS + "Broadcaster")
    InternationalOrganisation = NamedNode(NS + "InternationalOrganisation")
    Embassy = NamedNode(NS + "Embassy")
    CulturalCounsellorship = NamedNode(NS + "CulturalCounsellorship")
    Foundation = NamedNode(NS + "Foundation")
    ReligiousOrganisation = NamedNode(NS + "ReligiousOrganisation")
    ResearchInstitute = NamedNode(NS + "ResearchInstitute")
    # event kinds
    Meeting = NamedNode(NS + "Meeting")
    Conference = NamedNode(NS + "Conference")
    Visit = NamedNode(NS + "Visit")
    Ceremony = NamedNode(NS + "Ceremony")
    Festival = NamedNode(NS + "Festival")
    Exhibition = NamedNode(NS + "Exhibition")
    CulturalWeek = NamedNode(NS + "CulturalWeek")
    SigningCeremony = NamedNode(NS + "SigningCeremony")
    ExhibitionOpening = NamedNode(NS + "ExhibitionOpening")
    # programme kinds
    TwinningProgramme = NamedNode(NS + "TwinningProgramme")
    PersianLanguageChair = NamedNode(NS + "PersianLanguageChair")
    Scholarship = NamedNode(NS + "Scholarship")
    CreativeCityMembership = NamedNode(NS + "CreativeCityMembership")
    # agreement kinds and statuses
    MemorandumOfUnderstanding = NamedNode(NS + "MemorandumOfUnderstanding")
    TwinningAgreement = NamedNode(NS + "TwinningAgreement")
    Status = NamedNode(NS + "Status")
    # properties
    speaker = NamedNode(NS + "speaker")
    quote = NamedNode(NS + "quote")
    speechVerb = NamedNode(NS + "speechVerb")  # noqa: N815 - ontology term
    partner = NamedNode(NS + "partner")
    twinnedWith = NamedNode(NS + "twinnedWith")  # noqa: N815
    party = NamedNode(NS + "party")
    status = NamedNode(NS + "status")
    agreementKind = NamedNode(NS + "agreementKind")  # noqa: N815
    evidence = NamedNode(NS + "evidence")
    inArticle = NamedNode(NS + "inArticle")  # noqa: N815
    text = NamedNode(NS + "text")
    startOffset = NamedNode(NS + "startOffset")  # noqa: N815
    endOffset = NamedNode(NS + "endOffset")  # noqa: N815
    sentenceIndex = NamedNode(NS + "sentenceIndex")  # noqa: N815
    contentHash = NamedNode(NS + "contentHash")  # noqa: N815
    newsCode = NamedNode(NS + "newsCode")  # noqa: N815
    locatedIn = NamedNode(NS + "locatedIn")  # noqa: N815
    honorific = NamedNode(NS + "honorific")
    roleLabel = NamedNode(NS + "roleLabel")  # noqa: N815
    positionHeld = NamedNode(NS + "positionHeld")  # noqa: N815
    post = NamedNode(NS + "post")
    about = NamedNode(NS + "about")
    signingDate = NamedNode(NS + "signingDate")  # noqa: N815
    signingPlace = NamedNode(NS + "signingPlace")  # noqa: N815
    # statuses (individuals)
    concluded = NamedNode(NS + "concluded")
    proposed = NamedNode(NS + "proposed")
    signed = NamedNode(NS + "signed")
    active = NamedNode(NS + "active")
    lapsed = NamedNode(NS + "lapsed")


class SCHEMA:
    NS = "https://schema.org/"
    NewsArticle = NamedNode(NS + "NewsArticle")
    Place = NamedNode(NS + "Place")
    url = NamedNode(NS + "url")
    headline = NamedNode(NS + "headline")
    datePublished = NamedNode(NS + "datePublished")  # noqa: N815
    dateCreated = NamedNode(NS + "dateCreated")  # noqa: N815
    inLanguage = NamedNode(NS + "inLanguage")  # noqa: N815
    publisher = NamedNode(NS + "publisher")
    mentions = NamedNode(NS + "mentions")
    organizer = NamedNode(NS + "organizer")
    location = NamedNode(NS + "location")
    startDate = NamedNode(NS + "startDate")  # noqa: N815
    endDate = NamedNode(NS + "endDate")  # noqa: N815
    attendee = NamedNode(NS + "attendee")


class ORG:
    NS = "http://www.w3.org/ns/org#"
    Membership = NamedNode(NS + "Membership")
    Role = NamedNode(NS + "Role")
    Post = NamedNode(NS + "Post")
    member = NamedNode(NS + "member")
    organization = NamedNode(NS + "organization")
    role = NamedNode(NS + "role")
    subOrganizationOf = NamedNode(NS + "subOrganizationOf")  # noqa: N815
    memberDuring = NamedNode(NS + "memberDuring")  # noqa: N815
    postIn = NamedNode(NS + "postIn")  # noqa: N815
    holds = NamedNode(NS + "holds")


class PROV:
    NS = "http://www.w3.org/ns/prov#"
    wasDerivedFrom = NamedNode(NS + "wasDerivedFrom")  # noqa: N815


class RDF:
    NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    type = NamedNode(NS + "type")


class RDFS:
    NS = "http://www.w3.org/2000/01/rdf-schema#"
    label = NamedNode(NS + "label")


class SKOS:
    NS = "http://www.w3.org/2004/02/skos/core#"
    altLabel = NamedNode(NS + "altLabel")  # noqa: N815
    prefLabel = NamedNode(NS + "prefLabel")  # noqa: N815
    hiddenLabel = NamedNode(NS + "hiddenLabel")  # noqa: N815
    definition = NamedNode(NS + "definition")
    inScheme = NamedNode(NS + "inScheme")  # noqa: N815
    broader = NamedNode(NS + "broader")
    Concept = NamedNode(NS + "Concept")
    ConceptScheme = NamedNode(NS + "ConceptScheme")


class OWL:
    NS = "http://www.w3.org/2002/07/owl#"
    sameAs = NamedNode(NS + "sameAs")  # noqa: N815


class XSD:
    NS = "http://www.w3.org/2001/XMLSchema#"
    date = NamedNode(NS + "date")
    dateTime = NamedNode(NS + "dateTime")  # noqa: N815
    integer = NamedNode(NS + "integer")
    gYear = NamedNode(NS + "gYear")  # noqa: N815
    gYearMonth = NamedNode(NS + "gYearMonth")  # noqa: N815
    string = NamedNode(NS + "string")
    boolean = NamedNode(NS + "boolean")
    decimal = NamedNode(NS + "decimal")


class TIME:
    NS = "http://www.w3.org/2006/time#"
    Interval = NamedNode(NS + "Interval")
    hasBeginning = NamedNode(NS + "hasBeginning")  # noqa: N815
    hasEnd = NamedNode(NS + "hasEnd")  # noqa: N815
    Instant = NamedNode(NS + "Instant")
    inXSDDate = NamedNode(NS + "inXSDDate")  # noqa: N815
    inXSDgYearMonth = NamedNode(NS + "inXSDgYearMonth")  # noqa: N815
    inXSDgYear = NamedNode(NS + "inXSDgYear")  # noqa: N815


class TOPIC:
    """The concepts of the topic scheme (ontology/topics.ttl): ``TOPIC.NS + "tourism"``."""

    NS = TOPICS_IRI + "#"


WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
WIKIDATA_DIRECT = "http://www.wikidata.org/prop/direct/"
DCTERMS = "http://purl.org/dc/terms/"

# The prefixes every query may use without declaring them (``payvand query``, /sparql, named
# queries, the editor), as the Wikidata Query Service does; a query's own PREFIX wins.
PREFIXES: dict[str, str] = {
    "pv": PV.NS,
    "schema": SCHEMA.NS,
    "org": ORG.NS,
    "prov": PROV.NS,
    "rdf": RDF.NS,
    "rdfs": RDFS.NS,
    "skos": SKOS.NS,
    "owl": OWL.NS,
    "xsd": XSD.NS,
    "dcterms": DCTERMS,
    "wd": WIKIDATA_ENTITY,
    "wdt": WIKIDATA_DIRECT,
    "time": TIME.NS,
    "topic": TOPIC.NS,
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every prefix above."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
