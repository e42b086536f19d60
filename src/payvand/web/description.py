"""What the service is (SPARQL 1.1 Service Description) and what the data is (VoID).

Both are small RDF graphs built from values and written in the format the client accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize

from payvand.namespaces import PREFIXES, PV, RDF, XSD
from payvand.web.negotiation import MediaChoice

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
FORMATS = "http://www.w3.org/ns/formats/"
RDFS_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
SH = "http://www.w3.org/ns/shacl#"

DESCRIPTION_PREFIXES = {
    "sd": SD,
    "void": VOID,
    "dcterms": DCTERMS,
    "formats": FORMATS,
    "sh": SH,
    "pv": PV.NS,
    "xsd": XSD.NS,
}

RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)
INPUT_FORMATS = ("Turtle", "N-Triples", "RDF_XML", "JSON-LD")


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _void(name: str) -> NamedNode:
    return NamedNode(VOID + name)


def _write(triples: Iterable[Triple], choice: MediaChoice) -> bytes:
    if choice.rdf_format is None:
        raise ValueError(f"{choice.media_type} is not an RDF format")
    return serialize(triples, format=choice.rdf_format, prefixes=DESCRIPTION_PREFIXES) or b""


def service_triples(base: str, *, writable: bool) -> list[Triple]:
    """The description of the query service at ``base``/sparql (and /update when writable)."""
    a = RDF.type
    triples: list[Triple] = []
    services = [("/sparql", "SPARQL11Query")]
    if writable:
        services.append(("/update", "SPARQL11Update"))
    dataset = BlankNode()
    default = BlankNode()
    for path, language in services:
        service = NamedNode(f"{base}{path}#service")
        triples += [
            Triple(service, a, _sd("Service")),
            Triple(service, _sd("endpoint"), NamedNode(base + path)),
            Triple(service, _sd("supportedLanguage"), _sd(language)),
            Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
            Triple(service, _sd("defaultDataset"), dataset),
        ]
        triples += [
            Triple(service, _sd("resultFormat"), NamedNode(FORMATS + f)) for f in RESULT_FORMATS
        ]
        if language == "SPARQL11Update":
            triples += [
                Triple(service, _sd("inputFormat"), NamedNode(FORMATS + f)) for f in INPUT_FORMATS
            ]
    # The prefixes every query may use undeclared, as SHACL declares prefixes (sh:declare).
    query_service = NamedNode(f"{base}/sparql#service")
    for prefix, namespace in PREFIXES.items():
        declaration = BlankNode()
        triples += [
            Triple(query_service, NamedNode(SH + "declare"), declaration),
            Triple(declaration, NamedNode(SH + "prefix"), Literal(prefix)),
            Triple(
                declaration,
                NamedNode(SH + "namespace"),
                Literal(namespace, datatype=NamedNode(XSD.NS + "anyURI")),
            ),
        ]
    triples += [
        Triple(dataset, a, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default),
        Triple(default, a, _sd("Graph")),
        Triple(
            dataset, NamedNode(VOID + "inDataset"), NamedNode(f"{base}/.well-known/void#dataset")
        ),
    ]
    return triples


def service_description(base: str, choice: MediaChoice, *, writable: bool) -> bytes:
    return _write(service_triples(base, writable=writable), choice)


@dataclass(frozen=True, slots=True)
class DatasetFacts:
    """What VoID tells about the data; counted from the store by the route."""

    triples: int
    entities: int
    classes: Mapping[str, int]  # class IRI -> distinct instances
    graphs: Mapping[str, int]  # named graph IRI -> triples
    modified: datetime
    uri_space: str
    releases_url: str | None = None  # the list of releases (/releases), when the server has any
    releases: tuple[str, ...] = ()  # their IRIs, newest first
    dumps: tuple[str, ...] = ()  # the URLs of the newest release's dumps


def void_triples(base: str, facts: DatasetFacts) -> list[Triple]:
    """A VoID description of the whole store, with a partition per class and per graph."""
    a = RDF.type
    dataset = NamedNode(f"{base}/.well-known/void#dataset")
    doc = NamedNode(f"{base}/.well-known/void")
    integer = NamedNode(XSD.NS + "integer")

    def count(n: int) -> Literal:
        return Literal(str(n), datatype=integer)

    triples = [
        Triple(doc, a, _void("DatasetDescription")),
        Triple(doc, NamedNode("http://xmlns.com/foaf/0.1/primaryTopic"), dataset),
        Triple(dataset, a, _void("Dataset")),
        Triple(dataset, NamedNode(DCTERMS + "title"), Literal("Payvand", language="en")),
        Triple(
            dataset,
            NamedNode(DCTERMS + "description"),
            Literal(
                "A provenance-backed knowledge graph of Iranian cultural diplomacy, one named "
                "graph per news article.",
                language="en",
            ),
        ),
        Triple(dataset, _void("sparqlEndpoint"), NamedNode(f"{base}/sparql")),
        Triple(dataset, _void("uriSpace"), Literal(facts.uri_space)),
        Triple(dataset, _void("vocabulary"), NamedNode(PV.NS)),
        Triple(dataset, _void("triples"), count(facts.triples)),
        Triple(dataset, _void("entities"), count(facts.entities)),
        Triple(dataset, _void("classes"), count(len(facts.classes))),
        Triple(dataset, _void("documents"), count(len(facts.graphs))),
        Triple(
            dataset,
            NamedNode(DCTERMS + "modified"),
            Literal(facts.modified.isoformat(), datatype=NamedNode(XSD.NS + "dateTime")),
        ),
    ]
    if facts.releases_url is not None:
        triples.append(Triple(dataset, NamedNode(RDFS_SEE_ALSO), NamedNode(facts.releases_url)))
    triples += [
        Triple(dataset, NamedNode(DCTERMS + "hasVersion"), NamedNode(iri)) for iri in facts.releases
    ]
    triples += [Triple(dataset, _void("dataDump"), NamedNode(url)) for url in facts.dumps]
    for cls, n in facts.classes.items():
        partition = BlankNode()
        triples += [
            Triple(dataset, _void("classPartition"), partition),
            Triple(partition, _void("class"), NamedNode(cls)),
            Triple(partition, _void("entities"), count(n)),
        ]
    for graph, n in facts.graphs.items():
        subset = BlankNode()
        triples += [
            Triple(dataset, _void("subset"), subset),
            Triple(subset, a, _void("Dataset")),
            Triple(subset, _sd("name"), NamedNode(graph)),
            Triple(subset, _void("triples"), count(n)),
        ]
    return triples


def void_description(base: str, facts: DatasetFacts, choice: MediaChoice) -> bytes:
    return _write(void_triples(base, facts), choice)
