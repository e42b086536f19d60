"""Deterministic IRIs: the same key always gives the same IRI, different keys different IRIs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from mypy_extensions import mypyc_attr
from pyoxigraph import NamedNode

from payvand.errors import InputError
from payvand.namespaces import DEFAULT_BASE, REFERENCE_GRAPH_PATH, TOPICS_GRAPH_PATH


def _digest(*parts: str, length: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


@mypyc_attr(native_class=False)  # pickled to ingest workers: a plain class
@dataclass(frozen=True, slots=True)
class Iris:
    """Mints every IRI under one base (``https://w3id.org/payvand/id/`` unless configured)."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise InputError(
                f"the base IRI '{self.base}' must end with '/' or '#'", field="base_iri"
            )
        try:
            NamedNode(self.base)
        except ValueError as err:
            raise InputError(
                f"the base IRI '{self.base}' is not an IRI: {err}", field="base_iri"
            ) from err

    @property
    def root(self) -> str:
        """The base without its last path segment (``…/payvand/``), for graphs beside ``id/``."""
        trimmed = self.base.rstrip("/#")
        return trimmed.rsplit("/", 1)[0] + "/"

    def entity(self, key: str) -> NamedNode:
        """``<base><kind>/<slug>`` for an entity key such as ``person/…`` or ``city/ir-mashhad``."""
        return NamedNode(self.base + key)

    def key_of(self, iri: str) -> str | None:
        """The entity key of an IRI minted here, or None."""
        return iri[len(self.base) :] if iri.startswith(self.base) else None

    def article(self, url: str) -> NamedNode:
        return NamedNode(self.article_iri(url))

    def article_iri(self, url: str) -> str:
        return f"{self.base}article/{_digest(url)}"

    def sentence_iri(self, article: str, index: int) -> str:
        return f"{article}/sentence/{index}"

    def statement_iri(self, article: str, index: int) -> str:
        return f"{article}/statement/{index}"

    def membership(
        self, member: str, organisation: str, role: str, *, since: str = ""
    ) -> NamedNode:
        """One person's holding of one role; ``since`` (a start date) tells two terms apart."""
        return NamedNode(self.membership_iri(member, organisation, role, since=since))

    def membership_iri(self, member: str, organisation: str, role: str, *, since: str = "") -> str:
        parts = (member, organisation, role, since) if since else (member, organisation, role)
        return f"{self.base}membership/{_digest(*parts)}"

    def post(self, organisation: str, role: str) -> NamedNode:
        """A position in an organisation, whoever holds it."""
        return NamedNode(f"{self.base}post/{_digest(organisation, role)}")

    def role(self, role_id: str, label: str) -> NamedNode:
        return NamedNode(self.role_iri(role_id, label))

    def role_iri(self, role_id: str, label: str) -> str:
        return f"{self.base}role/{role_id or _digest(label, length=12)}"

    def twinning(self, city_a: str, city_b: str) -> NamedNode:
        return NamedNode(self.twinning_iri(city_a, city_b))

    def twinning_iri(self, city_a: str, city_b: str) -> str:
        a, b = sorted((city_a.split("/", 1)[-1], city_b.split("/", 1)[-1]))
        return f"{self.base}twinning/{a}--{b}"

    def agreement(self, kind: str, parties: tuple[str, ...], scope: str) -> NamedNode:
        return NamedNode(self.agreement_iri(kind, parties, scope))

    def agreement_iri(self, kind: str, parties: tuple[str, ...], scope: str) -> str:
        return f"{self.base}agreement/{_digest(kind, *sorted(parties), scope)}"

    def reference_graph(self) -> NamedNode:
        return NamedNode(self.root + REFERENCE_GRAPH_PATH)

    def topics_graph(self) -> NamedNode:
        """The graph the topic scheme (ontology/topics.ttl) is loaded into."""
        return NamedNode(self.root + TOPICS_GRAPH_PATH)
