"""Dereferenceable IRIs: entity IRIs and the ontology answer GET with RDF or a page.

The app stands for the root of the namespace its settings mint IRIs in: with the base IRI
``https://w3id.org/payvand/id/`` the root is ``https://w3id.org/payvand/``, and the entity
``…/id/city/ir-mashhad`` is served at ``/id/city/ir-mashhad`` (the base's last path segment,
``id``, names the route). A w3id.org redirect of ``https://w3id.org/payvand/*`` to the deployment
makes the public IRIs resolve; a deployment with its own base (``PAYVAND_BASE_IRI``) serves its own.
The ontology (``https://w3id.org/payvand/ontology``) is served at ``/ontology`` and its topic
scheme at ``/ontology/topics``; their terms are hash IRIs, so ``pv:City`` resolves to the
``#City`` row of the reference page.

What comes back depends on the Accept header (or ``?format=``): Turtle, JSON-LD, N-Triples,
RDF/XML, TriG or N-Quads (the last three keep the graph, that is the article, of every triple), or
an HTML page in Persian (right to left) or English (``?lang=``, else Accept-Language).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

from payvand.config import Settings
from payvand.errors import InputError, NotFoundError
from payvand.mapping.iris import Iris
from payvand.namespaces import ONTOLOGY_IRI, PREFIXES, PV, TOPIC, TOPICS_IRI
from payvand.resources import describe_resource
from payvand.sources import load_vocabulary, read_turtle
from payvand.vocabulary import Vocabulary
from payvand.web.deps import StoreDep
from payvand.web.negotiation import MediaChoice, negotiate, parse_accept
from payvand.web.pages import LANGUAGES, render_entity, render_not_found, render_ontology
from payvand.web.protocol import NotAcceptableError
from payvand.web.routing import ThreadRoute

HTML = MediaChoice("text/html")
# Offered in this order: a client that accepts anything gets Turtle, a browser gets the page.
RDF_CHOICES: dict[str, MediaChoice] = {
    "turtle": MediaChoice("text/turtle", rdf_format=RdfFormat.TURTLE),
    "html": HTML,
    "jsonld": MediaChoice("application/ld+json", rdf_format=RdfFormat.JSON_LD),
    "ntriples": MediaChoice("application/n-triples", rdf_format=RdfFormat.N_TRIPLES),
    "rdfxml": MediaChoice("application/rdf+xml", rdf_format=RdfFormat.RDF_XML),
    "trig": MediaChoice("application/trig", rdf_format=RdfFormat.TRIG),
    "nquads": MediaChoice("application/n-quads", rdf_format=RdfFormat.N_QUADS),
}
_KEEPS_GRAPHS = (RdfFormat.TRIG, RdfFormat.N_QUADS, RdfFormat.JSON_LD)
_ONTOLOGY_CHOICES = {k: v for k, v in RDF_CHOICES.items() if k not in ("trig", "nquads")}


def get_vocabulary(request: Request) -> Vocabulary:
    """The ontology and topics as values, read once per app on first use."""
    state = request.app.state
    vocabulary: Vocabulary | None = getattr(state, "vocabulary", None)
    if vocabulary is None:
        settings: Settings = state.settings
        vocabulary = load_vocabulary(settings.ontology_dir)
        state.vocabulary = vocabulary
    return vocabulary


VocabularyDep = Annotated[Vocabulary, Depends(get_vocabulary)]


def choose(request: Request, offers: dict[str, MediaChoice]) -> MediaChoice:
    """``?format=`` if given, else the Accept header; 406 when nothing offered is acceptable."""
    wanted = request.query_params.get("format")
    if wanted is not None:
        if wanted not in offers:
            raise InputError(f"format '{wanted}' is not one of {', '.join(offers)}", field="format")
        return offers[wanted]
    choice = negotiate(request.headers.get("accept"), list(offers.values()))
    if choice is None:
        raise NotAcceptableError(
            "cannot answer in any type the Accept header allows; this resource comes as "
            + ", ".join(c.media_type for c in offers.values())
        )
    return choice


def page_language(request: Request) -> str:
    """``?lang=``, else the first of Persian and English the client prefers, else Persian."""
    wanted = request.query_params.get("lang")
    if wanted is not None:
        if wanted not in LANGUAGES:
            raise InputError(f"language '{wanted}' is not one of fa, en", field="lang")
        return wanted
    for language, q in parse_accept(request.headers.get("accept-language")):
        primary = language.split("-")[0]
        if q > 0 and primary in LANGUAGES:
            return primary
    return "fa"


def linker(iris: Iris, segment: str, vocabulary: Vocabulary) -> Callable[[str], str | None]:
    """Where a page links an IRI: entities and the ontology here, other IRIs where they are."""

    def link(iri: str) -> str | None:
        if iri.startswith(iris.base) and segment:
            return f"/{segment}/" + quote(iri[len(iris.base) :], safe="/-._~")
        if iri == ONTOLOGY_IRI:
            return "/ontology"
        if iri == TOPICS_IRI:
            return "/ontology/topics"
        if iri.startswith(TOPIC.NS):
            return "/ontology/topics#" + iri[len(TOPIC.NS) :]
        if iri.startswith(PV.NS):
            return "/ontology#" + iri[len(PV.NS) :]
        term = vocabulary.term(iri)
        if term is not None and term.labels:
            for prefix, namespace in PREFIXES.items():
                if iri.startswith(namespace):
                    return f"/ontology#{prefix}-{iri[len(namespace) :]}"
        if iri.startswith(iris.root):
            return None  # a graph or other IRI of this namespace that has no page
        return iri if iri.startswith(("http://", "https://")) else None

    return link


def _rdf(quads: list[Quad], choice: MediaChoice) -> Response:
    assert choice.rdf_format is not None
    data: list[Quad] | list[Triple]
    if choice.rdf_format in _KEEPS_GRAPHS:
        data = quads
    else:
        data = list(dict.fromkeys(q.triple for q in quads))
    prefixes = dict(PREFIXES) if choice.rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    body = serialize(data, format=choice.rdf_format, prefixes=prefixes) or b""
    charset = "; charset=utf-8" if choice.media_type.startswith("text/") else ""
    return Response(body, media_type=choice.media_type + charset, headers={"Vary": "Accept"})


def router(settings: Settings) -> APIRouter:
    """The routes for the entity IRIs of ``settings.base_iri`` and for the ontology."""
    iris = Iris(settings.base_iri)
    segment = iris.base[len(iris.root) :].strip("/#")
    routes = APIRouter(route_class=ThreadRoute, tags=["linked data"])

    if settings.base_iri.endswith("/") and segment:

        @routes.get(
            f"/{segment}/{{path:path}}",
            summary="An entity, by its IRI",
            description=f"The entity <{iris.base}…>: Turtle, JSON-LD, N-Triples, RDF/XML, TriG or "
            "N-Quads by the Accept header (or ?format=), or an HTML page (?lang=fa or en).",
            response_class=Response,
        )
        def entity(
            path: str, request: Request, store: StoreDep, vocabulary: VocabularyDep
        ) -> Response:
            try:
                iri = NamedNode(iris.base + path)
            except ValueError as err:
                raise NotFoundError(
                    f"'{path}' is not the path of an IRI minted here: {err}"
                ) from err
            choice = choose(request, RDF_CHOICES)
            lang = page_language(request) if choice is HTML else "fa"
            try:
                description = describe_resource(store, iri)
            except NotFoundError as err:
                if choice is not HTML:
                    raise
                # a browser gets a page, in the error's status, rather than the JSON error shape
                words = path.rsplit("/", 1)[-1].replace("-", " ")
                page = render_not_found(err.message, lang=lang, search=words)
                return HTMLResponse(page, status_code=404, headers={"Vary": "Accept"})
            if choice is not HTML:
                return _rdf([*description.outgoing, *description.incoming], choice)
            link = linker(iris, segment, vocabulary)
            html = render_entity(
                description, vocabulary, lang=lang, link=link, here=link(iri.value) or ""
            )
            return HTMLResponse(html, headers={"Vary": "Accept, Accept-Language"})

    def document(request: Request, vocabulary: Vocabulary, *, topics: bool) -> Response:
        choice = choose(request, _ONTOLOGY_CHOICES)
        path = settings.ontology_dir / ("topics.ttl" if topics else "payvand.ttl")
        if choice is HTML:
            link = linker(iris, segment, vocabulary)
            here = "/ontology/topics" if topics else "/ontology"
            html = render_ontology(
                vocabulary, lang=page_language(request), link=link, here=here, topics=topics
            )
            return HTMLResponse(html, headers={"Vary": "Accept, Accept-Language"})
        data, triples = read_turtle(path)
        if choice.rdf_format is RdfFormat.TURTLE:
            return Response(
                data, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"}
            )
        graph = NamedNode(TOPICS_IRI if topics else ONTOLOGY_IRI)
        return _rdf([Quad(t.subject, t.predicate, t.object, graph) for t in triples], choice)

    @routes.get(
        "/ontology",
        summary="The ontology",
        description="ontology/payvand.ttl as Turtle (or JSON-LD, N-Triples, RDF/XML), or an HTML "
        "reference page of its classes and properties with their Persian and English labels.",
        response_class=Response,
    )
    def ontology(request: Request, vocabulary: VocabularyDep) -> Response:
        return document(request, vocabulary, topics=False)

    @routes.get(
        "/ontology/topics",
        summary="The topic scheme",
        description="ontology/topics.ttl, the SKOS scheme of cultural-diplomacy topics, as RDF or "
        "an HTML page.",
        response_class=Response,
    )
    def topic_scheme(request: Request, vocabulary: VocabularyDep) -> Response:
        return document(request, vocabulary, topics=True)

    @routes.get(
        "/ontology/{version}",
        summary="A version of the ontology",
        description="The ontology by its version IRI; only the current version is served.",
        response_class=Response,
    )
    def ontology_version(version: str, request: Request, vocabulary: VocabularyDep) -> Response:
        current = vocabulary.metadata.get("http://www.w3.org/2002/07/owl#versionInfo", {})
        if version not in current.values():
            known = ", ".join(current.values()) or "none"
            raise NotFoundError(
                f"there is no version '{version}' of the ontology here; the current one is {known}"
            )
        return document(request, vocabulary, topics=False)

    return routes
