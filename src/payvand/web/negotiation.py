"""Content negotiation: the Accept header, with q-values, against the formats a result has."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True, slots=True)
class MediaChoice:
    media_type: str
    results_format: QueryResultsFormat | None = None
    rdf_format: RdfFormat | None = None


SOLUTION_FORMATS: tuple[MediaChoice, ...] = (
    MediaChoice("application/sparql-results+json", results_format=QueryResultsFormat.JSON),
    MediaChoice("application/sparql-results+xml", results_format=QueryResultsFormat.XML),
    MediaChoice("text/csv", results_format=QueryResultsFormat.CSV),
    MediaChoice("text/tab-separated-values", results_format=QueryResultsFormat.TSV),
    MediaChoice("application/json", results_format=QueryResultsFormat.JSON),
    MediaChoice("application/xml", results_format=QueryResultsFormat.XML),
    MediaChoice("text/xml", results_format=QueryResultsFormat.XML),
)
GRAPH_FORMATS: tuple[MediaChoice, ...] = (
    MediaChoice("text/turtle", rdf_format=RdfFormat.TURTLE),
    MediaChoice("application/n-triples", rdf_format=RdfFormat.N_TRIPLES),
    MediaChoice("application/rdf+xml", rdf_format=RdfFormat.RDF_XML),
    MediaChoice("application/ld+json", rdf_format=RdfFormat.JSON_LD),
    MediaChoice("text/plain", rdf_format=RdfFormat.N_TRIPLES),
)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``(media range, q)`` pairs from an Accept header, most preferred first (stable)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    ranges.sort(key=lambda r: (-r[1], -_specificity(r[0]), r[2]))
    return [(media, q) for media, q, _ in ranges]


def _specificity(media: str) -> int:
    if media == "*/*":
        return 0
    if media.endswith("/*"):
        return 1
    return 2


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range == media_type


def negotiate(header: str | None, offers: Sequence[MediaChoice]) -> MediaChoice | None:
    """The offer the client prefers most, or None when nothing it accepts can be given (406)."""
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    chosen: MediaChoice | None = None
    for index, offer in enumerate(offers):
        quality = 0.0
        specificity = -1
        for media_range, q in ranges:
            if _matches(media_range, offer.media_type) and _specificity(media_range) > specificity:
                quality, specificity = q, _specificity(media_range)
        if quality <= 0.0:
            continue
        rank = (quality, specificity, -index)
        if best is None or rank > best:
            best, chosen = rank, offer
    return chosen
