"""The pure parts of a release: names, counts, the change list, the citation and the checksums."""

from __future__ import annotations

from datetime import date

import pytest
import rdflib
import yaml
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from payvand.errors import InputError
from payvand.model import Severity
from payvand.release import (
    ArticleEntry,
    FileEntry,
    Inventory,
    ReleaseInfo,
    Tally,
    changes_markdown,
    check_version,
    checksums,
    citation_cff,
    class_name,
    compare,
    parse_checksums,
    release_iri,
    void_triples,
)
from payvand.validation import ValidationReport, ValidationResult, report_triples

PV = "https://w3id.org/payvand/ontology#"
ID = "https://w3id.org/payvand/id/"
TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def typed(subject: str, cls: str, graph: str) -> Quad:
    return Quad(NamedNode(ID + subject), TYPE, NamedNode(cls), NamedNode(ID + graph))


def article(key: str, url: str, digest: str, *, headline: str = "") -> list[Quad]:
    node = NamedNode(ID + key)
    quads = [
        Quad(node, TYPE, NamedNode("https://schema.org/NewsArticle"), node),
        Quad(node, NamedNode("https://schema.org/url"), NamedNode(url), node),
        Quad(node, NamedNode(PV + "contentHash"), Literal(digest), node),
    ]
    if headline:
        quads.append(Quad(node, NamedNode("https://schema.org/headline"), Literal(headline), node))
    return quads


@pytest.mark.parametrize(
    ("version", "ok"),
    [
        ("1.0.0", True),
        ("2025-01", True),
        ("1.0.0+build.1", True),
        ("v1_rc", True),
        ("", False),
        (".hidden", False),
        ("../1.0", False),
        ("1.0/2", False),
        ("1 0", False),
        ("x" * 65, False),
    ],
)
def test_versions_that_can_name_a_release(version: str, ok: bool) -> None:
    if ok:
        assert check_version(version) == version
    else:
        with pytest.raises(InputError, match="cannot name a release"):
            check_version(version)


def test_the_inventory_is_the_same_in_any_order() -> None:
    quads = [
        *article("article/a", "https://ex.org/a", "h1", headline="A"),
        *article("article/b", "https://ex.org/b", "h2"),
        typed("twinning/x--y", PV + "Twinning", "article/a"),
        typed("twinning/x--y", PV + "Twinning", "article/b"),
        # a subject that is not its graph's name is no article field
        Quad(
            NamedNode(ID + "other"),
            NamedNode("https://schema.org/url"),
            Literal("u"),
            NamedNode(ID + "article/a"),
        ),
    ]
    forward, backward = Inventory(), Inventory()
    for quad in quads:
        forward.add(quad)
    for quad in reversed(quads):
        backward.add(quad)
    assert forward == backward
    assert forward.article_entries() == {
        ID + "article/a": ArticleEntry(ID + "article/a", "https://ex.org/a", "A", "h1"),
        ID + "article/b": ArticleEntry(ID + "article/b", "https://ex.org/b", "", "h2"),
    }
    assert forward.instances[PV + "Twinning"] == {ID + "twinning/x--y"}


def test_the_tally_counts_quads_triples_classes_and_properties() -> None:
    tally = Tally()
    quads = [
        typed("a", PV + "City", "g1"),
        typed("a", PV + "City", "g2"),
        typed("b", PV + "Person", "g1"),
    ]
    label = Quad(
        NamedNode(ID + "b"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("b")
    )
    for quad in [*quads, label]:
        tally.add_quad(quad)
    for triple in sorted({q.triple for q in [*quads, label]}, key=str):
        tally.add_triple(triple)
    assert tally.quads == 4
    assert tally.graphs == {ID + "g1": 2, ID + "g2": 1}
    assert tally.default_graph == 1
    assert tally.triples == 3
    assert tally.subjects == 2
    assert tally.entities == 2
    assert tally.classes == {PV + "City": 1, PV + "Person": 1}
    assert tally.properties == {TYPE.value: 2, "http://www.w3.org/2000/01/rdf-schema#label": 1}


def inventory(quads: list[Quad]) -> Inventory:
    found = Inventory()
    for quad in quads:
        found.add(quad)
    return found


def test_the_change_list_of_two_inventories() -> None:
    old = inventory(
        [
            *article("article/a", "https://ex.org/a", "h1"),
            *article("article/b", "https://ex.org/b", "h2"),
            typed("twinning/x--y", PV + "Twinning", "article/a"),
            typed("person/p", PV + "Person", "article/b"),
        ]
    )
    new = inventory(
        [
            *article("article/b", "https://ex.org/b", "h2-changed"),
            *article("article/c", "https://ex.org/c", "h3", headline="C"),
            typed("twinning/y--z", PV + "Twinning", "article/c"),
            typed("person/p", PV + "Person", "article/c"),
            typed("thing/t", "http://example.org/Thing", "article/c"),
        ]
    )
    changes = compare(old, new, previous="1.0", version="1.1")
    assert [a.iri for a in changes.added] == [ID + "article/c"]
    assert [a.iri for a in changes.changed] == [ID + "article/b"]
    assert [a.iri for a in changes.removed] == [ID + "article/a"]
    by_class = {c.name: (c.added, c.removed, c.before, c.after) for c in changes.classes}
    assert by_class == {
        "twinnings": ((ID + "twinning/y--z",), (ID + "twinning/x--y",), 1, 1),
        "persons": ((), (), 1, 1),
        "Thing": ((ID + "thing/t",), (), 0, 1),
    }
    assert [c.name for c in changes.classes] == ["twinnings", "persons", "Thing"]  # known first
    data = changes.to_json()
    assert data["from"] == "1.0"
    assert data["articles"]["added"] == [  # type: ignore[index]
        {"iri": ID + "article/c", "url": "https://ex.org/c", "headline": "C"}
    ]


def test_the_markdown_escapes_and_cuts_long_lists() -> None:
    old = inventory([])
    new = inventory(
        [
            *article("article/a", "https://ex.org/a", "h", headline="A *bold* | [link]"),
            *(typed(f"statement/{n}", PV + "Statement", "article/a") for n in range(5)),
        ]
    )
    text = changes_markdown(compare(old, new, previous="1", version="2"), limit=3)
    assert "- [A \\*bold\\* \\| \\[link\\]](<https://ex.org/a>)" in text
    assert "## Statements added" in text
    assert "- … and 2 more (changes.json lists them all)" in text
    assert "| statements | 0 | 5 | 5 | 0 |" in text


def test_class_names() -> None:
    assert class_name("http://www.w3.org/ns/org#Membership") == "positions"
    assert class_name("http://example.org/ns/Thing/") == "Thing"


def test_checksums_round_trip_and_bad_lines() -> None:
    files = [
        FileEntry("b.txt", "text/plain", 1, "b" * 64),
        FileEntry("a.txt", "text/plain", 1, "a" * 64),
    ]
    text = checksums(files)
    assert text == f"{'a' * 64}  a.txt\n{'b' * 64}  b.txt\n"
    assert parse_checksums(text, source="SUMS") == {"a.txt": "a" * 64, "b.txt": "b" * 64}
    with pytest.raises(InputError, match="SUMS, line 2: not a line of sha256sum's output"):
        parse_checksums(f"{'a' * 64}  a.txt\nnonsense\n", source="SUMS")


def test_the_citation_is_yaml() -> None:
    info = ReleaseInfo(
        "2.0.0-rc.1", date(2025, 3, 1), release_iri("https://ex.org/kg/", "2.0.0-rc.1")
    )
    citation = yaml.safe_load(citation_cff(info))
    assert citation["version"] == "2.0.0-rc.1"
    assert citation["url"] == "https://ex.org/kg/releases/2.0.0-rc.1"
    assert citation["date-released"] == date(2025, 3, 1)
    assert {"cff-version", "message", "title", "authors"} <= set(citation)


def test_the_description_without_earlier_release_or_ontology() -> None:
    info = ReleaseInfo("1", date(2025, 3, 1), "https://ex.org/releases/1")
    dump = FileEntry("d.nq.gz", "application/n-quads", 10, "c" * 64, compressed=True)
    graph = rdflib.Graph().parse(
        data=serialize(void_triples(info, Tally(), [dump], []), format=RdfFormat.TURTLE),
        format="turtle",
    )
    dataset = rdflib.URIRef("https://ex.org/releases/1")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    assert graph.value(dataset, dcat.previousVersion) is None
    node = rdflib.URIRef("https://ex.org/releases/1/d.nq.gz")
    assert graph.value(node, dcat.compressFormat) == rdflib.URIRef(
        "https://www.iana.org/assignments/media-types/application/gzip"
    )
    assert graph.value(node, dcat.byteSize).toPython() == 10  # type: ignore[union-attr]


def test_the_shacl_report_graph_is_the_same_for_the_same_results() -> None:
    results = (
        ValidationResult(
            Severity.ERROR,
            ID + "t",
            PV + "partner",
            "two partners",
            '"x"@fa',
            "_:b12",
            "MinCountConstraintComponent",
        ),
        ValidationResult(
            Severity.WARNING,
            ID + "t",
            PV + "signingDate",
            "two dates",
            '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>',
            PV + "TwinningShape",
            "SPARQLConstraintComponent",
        ),
    )
    first = report_triples(ValidationReport(results))
    again = report_triples(ValidationReport(tuple(reversed(results))))
    assert first == again
    graph = rdflib.Graph().parse(data=serialize(first, format=RdfFormat.TURTLE), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert set(graph.objects(None, sh.conforms)) == {rdflib.Literal(False)}
    assert len(set(graph.objects(None, sh.result))) == 2
    values = set(graph.objects(None, sh.value))
    assert rdflib.Literal("x", lang="fa") in values
    shapes = set(graph.objects(None, sh.sourceShape))
    assert shapes == {rdflib.URIRef(PV + "TwinningShape")}  # the blank-node shape is left out
    assert set(graph.objects(None, sh.sourceConstraintComponent)) == {
        sh.MinCountConstraintComponent,
        sh.SPARQLConstraintComponent,
    }
