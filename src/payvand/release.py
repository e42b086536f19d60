"""Citable releases: what a release holds, its VoID and DCAT description, its CITATION.cff, and
what changed since the release before it.

Pure: quads and facts come in as values, text and triples come out. The release is written to
disk by :mod:`payvand.publishing`, which sorts the quads and feeds them here in order, so that
the same data always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad, Triple

from payvand.errors import InputError
from payvand.namespaces import ORG, PV, RDF, RDFS, SCHEMA, XSD

DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

DESCRIPTION_PREFIXES = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "rdfs": RDFS.NS,
    "sd": SD,
    "spdx": SPDX,
    "void": VOID,
    "xsd": XSD.NS,
}

# The data holds the gazetteer's places, adapted from a database under the ODbL: so is the release.
LICENCE_IRI = "https://opendatacommons.org/licenses/odbl/1-0/"
LICENCE_SPDX = "ODbL-1.0"
PUBLISHER = {"en": "The Payvand project", "fa": "پروژهٔ پیوند"}
TITLE = {
    "en": "Payvand: a knowledge graph of Iranian cultural diplomacy",
    "fa": "پیوند: گراف دانش دیپلماسی فرهنگی ایران",
}
DESCRIPTION = {
    "en": "A provenance-backed knowledge graph of Iranian cultural diplomacy, read from Persian "
    "and English news: one named graph per article, holding the persons, organisations, places, "
    "positions, statements, twinnings, agreements and events read from it, each with the "
    "sentence it comes from.",
    "fa": "گراف دانشی از دیپلماسی فرهنگی ایران با منشأ هر داده، خوانده از خبرهای فارسی و "
    "انگلیسی: برای هر خبر یک گراف نام‌دار، با اشخاص، سازمان‌ها، مکان‌ها، سمت‌ها، سخنان، "
    "خواهرخواندگی‌ها، توافق‌ها و رویدادهایی که از آن خوانده شده، هر یک با جمله‌ای که از آن آمده است.",
}

_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]{0,63}")

# What the change list calls the classes it knows, in the order it lists them; other classes
# follow, by IRI.
FACT_CLASSES: tuple[tuple[str, str], ...] = (
    (PV.Twinning.value, "twinnings"),
    (ORG.Membership.value, "positions"),
    (PV.Statement.value, "statements"),
    (PV.Agreement.value, "agreements"),
    (PV.Event.value, "events"),
    (PV.Programme.value, "programmes"),
    (PV.Person.value, "persons"),
    (PV.Organisation.value, "organisations"),
    (PV.City.value, "cities"),
    (PV.Country.value, "countries"),
)
_CLASS_NAMES = dict(FACT_CLASSES)


def check_version(version: str) -> str:
    """``version`` if it can name a release (and a directory and an IRI segment)."""
    if not _VERSION.fullmatch(version):
        raise InputError(
            f"'{version}' cannot name a release: use letters, digits, '.', '_', '+' and '-', "
            "starting with a letter or digit (for example 1.0.0)",
            field="VERSION",
        )
    return version


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """What names and dates a release: its version, day, IRI and what it builds on."""

    version: str
    issued: date
    iri: str  # the release's IRI; its files are at <iri>/<name>
    ontology_version: str | None = None
    previous: str | None = None  # the IRI of the release before it
    previous_version: str | None = None

    def file_iri(self, name: str) -> str:
        return f"{self.iri}/{name}"


def release_iri(root: str, version: str) -> str:
    """The IRI of release ``version`` under the namespace root (``…/payvand/releases/1.0.0``)."""
    return f"{root}releases/{version}"


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file of a release: its name, media type, size and SHA-256."""

    name: str
    media_type: str
    size: int
    sha256: str
    compressed: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "media_type": self.media_type,
            "bytes": self.size,
            "sha256": self.sha256,
        }


def checksums(files: Iterable[FileEntry]) -> str:
    """``SHA256SUMS`` in the layout of ``sha256sum``, so that ``sha256sum -c`` checks it."""
    return "".join(f"{f.sha256}  {f.name}\n" for f in sorted(files, key=lambda f: f.name))


def parse_checksums(text: str, *, source: str) -> dict[str, str]:
    """File name -> SHA-256 from a ``SHA256SUMS`` text."""
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](\S.*)", line)
        if match is None:
            raise InputError("not a line of sha256sum's output", source=source, line=number)
        sums[match.group(2)] = match.group(1)
    return sums


# --- what a release holds -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """An article of a release, as the change list shows it."""

    iri: str
    url: str = ""
    headline: str = ""
    content_hash: str = ""

    def to_json(self) -> dict[str, str]:
        return {"iri": self.iri, "url": self.url, "headline": self.headline}


@dataclass(slots=True)
class Inventory:
    """The articles of a release and the instances of each class: what change lists compare."""

    articles: dict[str, ArticleEntry] = field(default_factory=dict)
    instances: dict[str, set[str]] = field(default_factory=dict)

    def add(self, quad: Quad) -> None:
        """Take one quad into account (any order, duplicates allowed)."""
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if predicate == RDF.type.value and isinstance(subject, NamedNode):
            if isinstance(obj, NamedNode):
                self.instances.setdefault(obj.value, set()).add(subject.value)
                if obj.value == SCHEMA.NewsArticle.value:
                    self.articles.setdefault(subject.value, ArticleEntry(subject.value))
            return
        graph = quad.graph_name
        if not (
            isinstance(graph, NamedNode)
            and subject == graph
            and isinstance(obj, Literal | NamedNode)
        ):
            return
        key = {
            SCHEMA.url.value: "url",
            SCHEMA.headline.value: "headline",
            PV.contentHash.value: "content_hash",
        }.get(predicate)
        if key is None:
            return
        entry = self.articles.get(graph.value, ArticleEntry(graph.value))
        values = {
            "url": entry.url,
            "headline": entry.headline,
            "content_hash": entry.content_hash,
        }
        if not values[key] or obj.value < values[key]:  # the same value whatever the order
            values[key] = obj.value
        self.articles[graph.value] = ArticleEntry(graph.value, **values)

    def article_entries(self) -> dict[str, ArticleEntry]:
        """The articles: the typed subjects that are also their graph's name."""
        typed = self.instances.get(SCHEMA.NewsArticle.value, set())
        return {iri: entry for iri, entry in self.articles.items() if iri in typed}


@dataclass(slots=True)
class Tally:
    """Counts for VoID, over the quads (in any order) and over their union's distinct triples
    (given in order, each once)."""

    quads: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    default_graph: int = 0
    triples: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)
    subjects: int = 0
    entities: int = 0
    _last_subject: str = ""
    _last_typed: str = ""

    def add_quad(self, quad: Quad) -> None:
        self.quads += 1
        graph = quad.graph_name
        if isinstance(graph, NamedNode):
            self.graphs[graph.value] = self.graphs.get(graph.value, 0) + 1
        else:
            self.default_graph += 1

    def add_triple(self, triple: Triple) -> None:
        """One triple of the union, sorted by subject and given once."""
        self.triples += 1
        subject = str(triple.subject)
        if subject != self._last_subject:
            self.subjects += 1
            self._last_subject = subject
        predicate = triple.predicate.value
        self.properties[predicate] = self.properties.get(predicate, 0) + 1
        if predicate == RDF.type.value and isinstance(triple.object, NamedNode):
            cls = triple.object.value
            self.classes[cls] = self.classes.get(cls, 0) + 1
            if subject != self._last_typed:
                self.entities += 1
                self._last_typed = subject


# --- the description: VoID and DCAT ---------------------------------------------------------


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def void_triples(
    info: ReleaseInfo, tally: Tally, dumps: Sequence[FileEntry], others: Sequence[FileEntry]
) -> list[Triple]:
    """The release as a ``void:Dataset`` and a ``dcat:Dataset``, in English and Persian: its
    licence, version, date and publisher, counts per class, property and graph, the ontology it
    uses, its dumps as distributions with their checksums, and the release before it."""
    a = RDF.type
    dataset = _n(info.iri)
    doc = _n(info.file_iri("void.ttl"))
    publisher = _n(info.iri + "#publisher")
    dcterms, void, dcat = DCTERMS, VOID, DCAT
    triples = [
        Triple(doc, a, _n(void + "DatasetDescription")),
        Triple(doc, _n(FOAF + "primaryTopic"), dataset),
        Triple(dataset, a, _n(void + "Dataset")),
        Triple(dataset, a, _n(dcat + "Dataset")),
    ]
    for lang in ("en", "fa"):
        triples += [
            Triple(
                dataset,
                _n(dcterms + "title"),
                Literal(f"{TITLE[lang]} ({info.version})", language=lang),
            ),
            Triple(dataset, _n(dcterms + "description"), Literal(DESCRIPTION[lang], language=lang)),
        ]
    triples += [
        Triple(dataset, _n(dcat + "version"), Literal(info.version)),
        Triple(
            dataset, _n(dcterms + "issued"), Literal(info.issued.isoformat(), datatype=XSD.date)
        ),
        Triple(dataset, _n(dcterms + "license"), _n(LICENCE_IRI)),
        Triple(dataset, _n(dcterms + "publisher"), publisher),
        Triple(publisher, a, _n(FOAF + "Organization")),
        Triple(publisher, _n(FOAF + "name"), Literal(PUBLISHER["en"], language="en")),
        Triple(publisher, _n(FOAF + "name"), Literal(PUBLISHER["fa"], language="fa")),
        Triple(dataset, _n(void + "vocabulary"), _n(PV.NS)),
    ]
    if info.ontology_version:
        triples.append(Triple(dataset, _n(dcterms + "conformsTo"), _n(info.ontology_version)))
    if info.previous:
        triples.append(Triple(dataset, _n(dcat + "previousVersion"), _n(info.previous)))
    triples += [
        Triple(dataset, _n(void + "triples"), _integer(tally.triples)),
        Triple(dataset, _n(void + "entities"), _integer(tally.entities)),
        Triple(dataset, _n(void + "distinctSubjects"), _integer(tally.subjects)),
        Triple(dataset, _n(void + "classes"), _integer(len(tally.classes))),
        Triple(dataset, _n(void + "properties"), _integer(len(tally.properties))),
        Triple(dataset, _n(void + "documents"), _integer(len(tally.graphs))),
    ]
    for file in [*dumps, *others]:
        node = _n(info.file_iri(file.name))
        if file in dumps:
            triples += [
                Triple(dataset, _n(void + "dataDump"), node),
                Triple(dataset, _n(dcat + "distribution"), node),
                Triple(node, a, _n(dcat + "Distribution")),
                Triple(node, _n(dcat + "downloadURL"), node),
            ]
        else:
            triples.append(Triple(dataset, _n(RDFS.NS + "seeAlso"), node))
        media = _n(MEDIA_TYPES + file.media_type)
        checksum = _n(info.file_iri(file.name) + "#sha256")
        triples += [
            Triple(node, _n(dcat + "mediaType"), media),
            Triple(node, _n(dcat + "byteSize"), _integer(file.size)),
            Triple(node, _n(SPDX + "checksum"), checksum),
            Triple(checksum, a, _n(SPDX + "Checksum")),
            Triple(checksum, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
            Triple(checksum, _n(SPDX + "checksumValue"), Literal(file.sha256, datatype=_HEX)),
        ]
        if file.compressed:
            triples.append(
                Triple(node, _n(dcat + "compressFormat"), _n(MEDIA_TYPES + "application/gzip"))
            )
    for number, (cls, n) in enumerate(sorted(tally.classes.items()), start=1):
        part = _n(f"{info.iri}#class-{number}")
        triples += [
            Triple(dataset, _n(void + "classPartition"), part),
            Triple(part, _n(void + "class"), _n(cls)),
            Triple(part, _n(void + "entities"), _integer(n)),
        ]
    for number, (prop, n) in enumerate(sorted(tally.properties.items()), start=1):
        part = _n(f"{info.iri}#property-{number}")
        triples += [
            Triple(dataset, _n(void + "propertyPartition"), part),
            Triple(part, _n(void + "property"), _n(prop)),
            Triple(part, _n(void + "triples"), _integer(n)),
        ]
    for number, (graph, n) in enumerate(sorted(tally.graphs.items()), start=1):
        part = _n(f"{info.iri}#graph-{number}")
        triples += [
            Triple(dataset, _n(void + "subset"), part),
            Triple(part, a, _n(void + "Dataset")),
            Triple(part, _n(SD + "name"), _n(graph)),
            Triple(part, _n(void + "triples"), _integer(n)),
        ]
    return triples


_HEX = _n(XSD.NS + "hexBinary")


# --- CITATION.cff ---------------------------------------------------------------------------


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def citation_cff(info: ReleaseInfo) -> str:
    """The Citation File Format (1.2.0) file of a release: how to cite it."""
    lines = [
        "cff-version: 1.2.0",
        f"message: {_yaml('If you use this dataset, please cite it as below.')}",
        "type: dataset",
        f"title: {_yaml(TITLE['en'])}",
        f"version: {_yaml(info.version)}",
        f"date-released: {info.issued.isoformat()}",
        f"license: {LICENCE_SPDX}",
        "authors:",
        f"  - name: {_yaml(PUBLISHER['en'])}",
        f"url: {_yaml(info.iri)}",
        f"abstract: {_yaml(DESCRIPTION['en'])}",
        "keywords:",
        *(
            f"  - {_yaml(k)}"
            for k in ("knowledge graph", "cultural diplomacy", "Iran", "RDF", "news")
        ),
        "identifiers:",
        "  - type: url",
        f"    value: {_yaml(info.iri)}",
        f"    description: {_yaml('The release, described in VoID and DCAT')}",
    ]
    return "\n".join(lines) + "\n"


# --- what changed since the release before ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassChange:
    """Instances of one class added and removed between two releases."""

    iri: str
    name: str
    before: int
    after: int
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChangeList:
    """What one release changed against the one before it."""

    previous: str
    version: str
    added: tuple[ArticleEntry, ...]
    changed: tuple[ArticleEntry, ...]
    removed: tuple[ArticleEntry, ...]
    classes: tuple[ClassChange, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.previous,
            "to": self.version,
            "articles": {
                "added": [a.to_json() for a in self.added],
                "changed": [a.to_json() for a in self.changed],
                "removed": [a.to_json() for a in self.removed],
            },
            "classes": {
                c.iri: {
                    "name": c.name,
                    "before": c.before,
                    "after": c.after,
                    "added": list(c.added),
                    "removed": list(c.removed),
                }
                for c in self.classes
            },
        }


def class_name(iri: str) -> str:
    """What the change list calls a class: its plural for the known ones, else its local name."""
    known = _CLASS_NAMES.get(iri)
    if known is not None:
        return known
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def compare(old: Inventory, new: Inventory, *, previous: str, version: str) -> ChangeList:
    """Articles added, changed (another content hash) and removed, and instances of each class
    added and removed, from release ``previous`` to ``version``."""
    before, after = old.article_entries(), new.article_entries()
    order = {iri: i for i, (iri, _name) in enumerate(FACT_CLASSES)}
    classes = []
    for cls in sorted(
        set(old.instances) | set(new.instances), key=lambda c: (order.get(c, len(order)), c)
    ):
        if cls == SCHEMA.NewsArticle.value:
            continue
        was, now = old.instances.get(cls, set()), new.instances.get(cls, set())
        classes.append(
            ClassChange(
                iri=cls,
                name=class_name(cls),
                before=len(was),
                after=len(now),
                added=tuple(sorted(now - was)),
                removed=tuple(sorted(was - now)),
            )
        )
    return ChangeList(
        previous=previous,
        version=version,
        added=tuple(after[i] for i in sorted(set(after) - set(before))),
        changed=tuple(
            after[i]
            for i in sorted(set(after) & set(before))
            if after[i].content_hash != before[i].content_hash
        ),
        removed=tuple(before[i] for i in sorted(set(before) - set(after))),
        classes=tuple(classes),
    )


def changes_json(changes: ChangeList) -> str:
    return json.dumps(changes.to_json(), ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return re.sub(r"([\\`*_\[\]|<>])", r"\\\1", " ".join(text.split()))


def changes_markdown(changes: ChangeList, *, limit: int = 100) -> str:
    """The change list for people: articles, then the classes, up to ``limit`` items each."""
    lines = [
        f"# Payvand {changes.version}: changes since {changes.previous}",
        "",
        f"Articles: {len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed.",
        "",
        "| class | before | after | added | removed |",
        "|---|---:|---:|---:|---:|",
    ]
    for c in changes.classes:
        if c.added or c.removed or c.iri in _CLASS_NAMES:
            lines.append(
                f"| {_md(c.name)} | {c.before} | {c.after} | {len(c.added)} | {len(c.removed)} |"
            )
    for title, articles in (
        ("Articles added", changes.added),
        ("Articles changed", changes.changed),
        ("Articles removed", changes.removed),
    ):
        if articles:
            lines += ["", f"## {title}", ""]
            lines += [
                f"- [{_md(a.headline or a.url or a.iri)}](<{a.url or a.iri}>) ({a.iri})"
                for a in articles[:limit]
            ]
            if len(articles) > limit:
                lines.append(f"- … and {len(articles) - limit} more (changes.json lists them all)")
    for c in changes.classes:
        for verb, items in (("added", c.added), ("removed", c.removed)):
            if items:
                lines += ["", f"## {c.name.capitalize()} {verb}", ""]
                lines += [f"- <{iri}>" for iri in items[:limit]]
                if len(items) > limit:
                    lines.append(f"- … and {len(items) - limit} more (changes.json lists them all)")
    return "\n".join(lines) + "\n"


def release_json(
    info: ReleaseInfo,
    tally: Tally,
    files: Sequence[FileEntry],
    *,
    articles: int,
    conforms: bool,
    violations: int,
    warnings: int,
) -> str:
    """``release.json``: the release's facts and files, read by ``--since`` and ``/releases``."""
    data: dict[str, object] = {
        "version": info.version,
        "issued": info.issued.isoformat(),
        "iri": info.iri,
        "title": {lang: f"{TITLE[lang]} ({info.version})" for lang in ("en", "fa")},
        "description": dict(DESCRIPTION),
        "licence": LICENCE_IRI,
        "publisher": dict(PUBLISHER),
        "ontology": info.ontology_version,
        "previous": info.previous_version,
        "quads": tally.quads,
        "triples": tally.triples,
        "graphs": len(tally.graphs),
        "articles": articles,
        "shacl": {"conforms": conforms, "violations": violations, "warnings": warnings},
        "files": [f.to_json() for f in sorted(files, key=lambda f: f.name)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def ontology_version(triples: Iterable[Triple]) -> str | None:
    """The ``owl:versionIRI`` of an ontology's triples, if it has one."""
    versions = sorted(
        t.object.value
        for t in triples
        if t.predicate.value == OWL_VERSION_IRI and isinstance(t.object, NamedNode)
    )
    return versions[0] if versions else None


def counts_by_class(tally: Tally) -> Mapping[str, int]:
    return dict(sorted(tally.classes.items()))
