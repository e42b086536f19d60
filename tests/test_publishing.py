"""Releases written to disk: the bundled store released, checked, reproduced, compared with an
earlier release, and released from a real Oxigraph server."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
import rdflib
import yaml
from click.testing import CliRunner
from pyoxigraph import QuerySolutions, RdfFormat, parse

from payvand.cli import cli
from payvand.errors import InputError
from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.model import Article
from payvand.pipeline import ingest, remove_articles
from payvand.publishing import ReleaseSummary, sorted_unique, verify_release, write_release
from payvand.sources import load_shapes, read_articles
from payvand.store import ExportFormat, OxigraphStore, ReadableStore, RemoteSparqlStore
from payvand.store.remote import Endpoints
from payvand.validation import Shapes
from tests.conftest import DATA, ROOT
from tests.integration.serving import oxigraph_serve

ISSUED = date(2025, 1, 15)
GOLD = DATA / "articles" / "gold"
ROOT_IRI = Iris().root
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return load_shapes(ROOT / "ontology" / "shapes.ttl")


def release(
    store: ReadableStore, directory: Path, shapes: Shapes, version: str = "1.0.0", **kwargs: object
) -> ReleaseSummary:
    return write_release(
        store,
        directory,
        version=version,
        issued=ISSUED,
        root=ROOT_IRI,
        shapes=shapes,
        ontology_version="https://w3id.org/payvand/ontology/0.2.0",
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def bundled_release(
    bundled_store: OxigraphStore, shapes: Shapes, tmp_path_factory: pytest.TempPathFactory
) -> ReleaseSummary:
    return release(bundled_store, tmp_path_factory.mktemp("release") / "1.0.0", shapes)


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def store_quads(store: ReadableStore) -> set[str]:
    out = io.BytesIO()
    store.export(out, format=ExportFormat.NQUADS)
    return {str(q) for q in parse(out.getvalue(), format=RdfFormat.N_QUADS)}


# --- the bundled store, released -------------------------------------------------------------


def test_the_dumps_hold_the_store(
    bundled_release: ReleaseSummary, bundled_store: OxigraphStore
) -> None:
    directory = bundled_release.directory
    expected = store_quads(bundled_store)
    nquads = gzip.decompress((directory / "payvand-1.0.0.nq.gz").read_bytes())
    lines = nquads.decode("utf-8").splitlines()
    assert {str(q) for q in parse(nquads, format=RdfFormat.N_QUADS)} == expected
    assert len(lines) == len(expected)  # each quad once
    trig = gzip.decompress((directory / "payvand-1.0.0.trig.gz").read_bytes())
    assert {str(q) for q in parse(trig, format=RdfFormat.TRIG)} == expected
    turtle = gzip.decompress((directory / "payvand-1.0.0.ttl.gz").read_bytes())
    union = {str(q.triple) for q in parse(turtle, format=RdfFormat.TURTLE)}
    assert union == {str(q.triple) for q in parse(nquads, format=RdfFormat.N_QUADS)}
    assert bundled_release.tally.triples == len(union)

    # sorted by graph, then by the rest of the quad
    def key(line: str) -> tuple[str, str]:
        quad = next(iter(parse(line, format=RdfFormat.N_QUADS)))
        return (str(quad.graph_name), str(quad.triple))

    assert [key(line) for line in lines] == sorted(key(line) for line in lines)


def test_the_release_validates(bundled_release: ReleaseSummary) -> None:
    directory = bundled_release.directory
    assert bundled_release.report.conforms
    report = rdflib.Graph().parse(directory / "shacl-report.ttl", format="turtle")
    assert set(report.objects(None, SH.conforms)) == {rdflib.Literal(True)}
    assert (directory / "shacl-report.txt").read_text(encoding="utf-8").startswith("conforms")
    description = json.loads((directory / "release.json").read_text(encoding="utf-8"))
    assert description["shacl"] == {"conforms": True, "violations": 0, "warnings": 0}


def test_the_void_and_dcat_description_parses_and_counts(
    bundled_release: ReleaseSummary, bundled_store: OxigraphStore
) -> None:
    graph = rdflib.Graph().parse(bundled_release.directory / "void.ttl", format="turtle")
    dataset = rdflib.URIRef(ROOT_IRI + "releases/1.0.0")
    assert (dataset, rdflib.RDF.type, VOID.Dataset) in graph
    assert (dataset, rdflib.RDF.type, DCAT.Dataset) in graph
    titles = {t.language for t in graph.objects(dataset, DCT.title)}  # type: ignore[attr-defined]
    descriptions = {t.language for t in graph.objects(dataset, DCT.description)}  # type: ignore[attr-defined]
    assert titles == descriptions == {"en", "fa"}
    assert graph.value(dataset, DCT.license) == rdflib.URIRef(
        "https://opendatacommons.org/licenses/odbl/1-0/"
    )
    assert str(graph.value(dataset, DCAT.version)) == "1.0.0"
    assert graph.value(dataset, DCT.issued) == rdflib.Literal(ISSUED)
    assert graph.value(dataset, DCT.publisher) is not None
    assert graph.value(dataset, DCT.conformsTo) == rdflib.URIRef(
        "https://w3id.org/payvand/ontology/0.2.0"
    )
    assert graph.value(dataset, VOID.triples).toPython() == bundled_release.tally.triples  # type: ignore[union-attr]
    # counts per class agree with the store
    twinnings = bundled_store.query(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/payvand/ontology#Twinning> }"
    )
    assert isinstance(twinnings, QuerySolutions)
    expected = int(next(iter(twinnings))["n"].value)
    partition = graph.value(
        predicate=VOID["class"], object=rdflib.URIRef("https://w3id.org/payvand/ontology#Twinning")
    )
    assert graph.value(partition, VOID.entities).toPython() == expected  # type: ignore[union-attr]
    labels = graph.value(predicate=VOID.property, object=rdflib.RDFS.label)
    assert graph.value(labels, VOID.triples).toPython() > 0  # type: ignore[union-attr]
    assert len(list(graph.objects(dataset, VOID.subset))) == len(bundled_store.graph_names())
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert dumps == {
        rdflib.URIRef(f"{dataset}/payvand-1.0.0.{ext}.gz") for ext in ("nq", "trig", "ttl")
    }


def test_the_checksums_verify(bundled_release: ReleaseSummary) -> None:
    directory = bundled_release.directory
    lines = (directory / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
        assert hashlib.sha256((directory / name).read_bytes()).hexdigest() == digest
    assert set(listed) == {p.name for p in directory.iterdir()} - {"SHA256SUMS"}
    assert verify_release(directory) == []


def test_the_citation_file_is_yaml_with_the_required_keys(bundled_release: ReleaseSummary) -> None:
    citation = yaml.safe_load((bundled_release.directory / "CITATION.cff").read_text("utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["message"]
    assert citation["title"]
    assert citation["authors"] == [{"name": "The Payvand project"}]
    assert citation["version"] == "1.0.0"
    assert citation["date-released"] == ISSUED
    assert citation["license"] == "ODbL-1.0"
    assert citation["type"] == "dataset"


def test_the_same_store_gives_the_same_bytes(
    bundled_release: ReleaseSummary,
    bundled_store: OxigraphStore,
    shapes: Shapes,
    tmp_path: Path,
) -> None:
    """Again, and with the quads sorted in runs of 1,000 lines merged from disk."""
    again = release(bundled_store, tmp_path / "again", shapes, chunk_lines=1000)
    assert files_of(again.directory) == files_of(bundled_release.directory)


def test_another_date_changes_only_what_states_it(
    bundled_release: ReleaseSummary, bundled_store: OxigraphStore, shapes: Shapes, tmp_path: Path
) -> None:
    later = write_release(
        bundled_store,
        tmp_path / "later",
        version="1.0.0",
        issued=date(2025, 2, 1),
        root=ROOT_IRI,
        shapes=shapes,
        ontology_version="https://w3id.org/payvand/ontology/0.2.0",
    )
    before, after = files_of(bundled_release.directory), files_of(later.directory)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"CITATION.cff", "void.ttl", "release.json", "SHA256SUMS"}


# --- errors --------------------------------------------------------------------------------


def test_a_directory_that_is_not_empty_is_refused(
    small_store: OxigraphStore, shapes: Shapes, tmp_path: Path
) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not an empty directory"):
        release(small_store, tmp_path / "taken", shapes)
    assert (tmp_path / "taken" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_a_bad_version_is_refused(
    small_store: OxigraphStore, shapes: Shapes, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="cannot name a release"):
        release(small_store, tmp_path / "r", shapes, version="../1.0")
    assert not (tmp_path / "r").exists()


def test_a_damaged_earlier_release_is_refused(
    small_store: OxigraphStore, shapes: Shapes, tmp_path: Path
) -> None:
    first = release(small_store, tmp_path / "1", shapes)
    dump = first.directory / "payvand-1.0.0.nq.gz"
    dump.write_bytes(dump.read_bytes()[:-10])
    assert verify_release(first.directory) == ["payvand-1.0.0.nq.gz"]
    with pytest.raises(InputError, match=r"damaged: payvand-1.0.0.nq.gz"):
        release(small_store, tmp_path / "2", shapes, version="2.0.0", since=first.directory)
    assert not (tmp_path / "2").exists()


def test_not_a_release_is_refused_as_earlier_release(
    small_store: OxigraphStore, shapes: Shapes, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match=r"release.json: cannot be read"):
        release(small_store, tmp_path / "2", shapes, since=tmp_path)


def test_lines_are_sorted_and_made_unique_across_runs(tmp_path: Path) -> None:
    lines = [f"{n % 97:03d}\t{'é' * (n % 3)}" for n in range(1000)]
    assert list(sorted_unique(iter(lines), tmp_path, 7)) == sorted(set(lines))
    assert list(tmp_path.iterdir()) == []


# --- the change list ------------------------------------------------------------------------


def articles_from(name: str) -> list[Article]:
    found = [a for a in read_articles([GOLD / name]) if isinstance(a, Article)]
    assert len(found) == 1
    return found


def instances(store: ReadableStore) -> dict[str, set[str]]:
    result = store.query("SELECT DISTINCT ?s ?c WHERE { ?s a ?c FILTER(isIRI(?s)) }")
    assert isinstance(result, QuerySolutions)
    found: dict[str, set[str]] = {}
    for row in result:
        found.setdefault(row["c"].value, set()).add(row["s"].value)
    return found


def test_two_releases_give_the_change_list(
    gazetteer: Gazetteer, shapes: Shapes, tmp_path: Path
) -> None:
    """Article A removed, B changed, C added: the change list says so, and its facts added and
    removed per class are those the store gained and lost."""
    iris = Iris()
    store = OxigraphStore(None)
    a = articles_from("fa-irna-isfahan-samarkand-twinning.txt")
    b = articles_from("en-mehr-khoy-konya-twinning.txt")
    c = articles_from("en-irna-yazd-khiva-sister-cities.txt")
    assert ingest([*a, *b], store, gazetteer, iris).ok
    before = instances(store)
    first = release(store, tmp_path / "1.0.0", shapes)
    assert first.changes is None

    assert remove_articles([a[0].url], store, iris) == []
    changed_b = dataclasses.replace(
        b[0], text=b[0].text + "\n\nThe mayor of Khoy said: the two cities will work together."
    )
    assert ingest([changed_b, *c], store, gazetteer, iris).ok
    after = instances(store)
    second = release(store, tmp_path / "1.1.0", shapes, version="1.1.0", since=first.directory)

    changes = json.loads((second.directory / "changes.json").read_text(encoding="utf-8"))
    assert changes["from"] == "1.0.0"
    assert changes["to"] == "1.1.0"
    article = {x[0].url: iris.article_iri(x[0].url) for x in (a, b, c)}
    assert [x["iri"] for x in changes["articles"]["added"]] == [article[c[0].url]]
    assert [x["iri"] for x in changes["articles"]["changed"]] == [article[b[0].url]]
    assert [x["iri"] for x in changes["articles"]["removed"]] == [article[a[0].url]]
    assert changes["articles"]["added"][0]["url"] == c[0].url
    news = "https://schema.org/NewsArticle"
    expected = {
        cls: (
            sorted(after.get(cls, set()) - before.get(cls, set())),
            sorted(before.get(cls, set()) - after.get(cls, set())),
        )
        for cls in set(before) | set(after)
        if cls != news
    }
    found = {cls: (v["added"], v["removed"]) for cls, v in changes["classes"].items()}
    assert found == expected
    statements = changes["classes"]["https://w3id.org/payvand/ontology#Statement"]
    assert statements["name"] == "statements"
    assert any(s.startswith(article[a[0].url]) for s in statements["removed"])
    assert any(s.startswith(article[c[0].url]) for s in statements["added"])

    markdown = (second.directory / "changes.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Payvand 1.1.0: changes since 1.0.0\n")
    assert "Articles: 1 added, 1 changed, 1 removed." in markdown
    assert f"({article[c[0].url]})" in markdown
    void = rdflib.Graph().parse(second.directory / "void.ttl", format="turtle")
    assert void.value(
        rdflib.URIRef(ROOT_IRI + "releases/1.1.0"), DCAT.previousVersion
    ) == rdflib.URIRef(ROOT_IRI + "releases/1.0.0")
    sums = (second.directory / "SHA256SUMS").read_text(encoding="utf-8")
    assert "  changes.md\n" in sums
    assert "  changes.json\n" in sums


# --- from a SPARQL server, and from the command line ----------------------------------------


@pytest.mark.integration
def test_a_release_from_a_remote_store_is_the_same(
    bundled_release: ReleaseSummary,
    bundled_store: OxigraphStore,
    tmp_path: Path,
) -> None:
    """The bundled quads in a real Oxigraph server, released with `payvand release --store URL`:
    byte for byte the release of the embedded store."""
    out = io.BytesIO()
    bundled_store.export(out, format=ExportFormat.NQUADS)
    with oxigraph_serve(tmp_path / "server", tmp_path) as server:
        remote = RemoteSparqlStore(Endpoints.of(server.base))
        remote.bulk_load(out.getvalue(), format=RdfFormat.N_QUADS)
        remote.close()
        result = CliRunner().invoke(
            cli,
            [
                "release",
                "1.0.0",
                "--store",
                server.base,
                "-o",
                str(tmp_path / "remote"),
                "--date",
                ISSUED.isoformat(),
            ],
        )
    assert result.exit_code == 0, result.output
    assert "wrote release 1.0.0" in result.output
    assert "SHACL: conforms" in result.output
    assert files_of(tmp_path / "remote") == files_of(bundled_release.directory)


@pytest.mark.integration
def test_the_command_refuses_a_directory_in_one_line(tmp_path: Path) -> None:
    store = tmp_path / "store"
    OxigraphStore(store).close()
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["release", "1.0.0", "--store", str(store), "-o", str(tmp_path / "taken")]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'taken'}: already exists and is not an empty directory; "
        "give a new directory for the release"
    ]


@pytest.mark.integration
def test_the_command_lists_the_changes_since_an_earlier_release(tmp_path: Path) -> None:
    """`payvand release 1.1.0 --since DIR` after one article is removed and another ingested:
    the change list on disk and its summary on stderr."""
    store = str(tmp_path / "store")
    a, b, c = (
        GOLD / name
        for name in (
            "fa-irna-isfahan-samarkand-twinning.txt",
            "en-mehr-khoy-konya-twinning.txt",
            "en-irna-yazd-khiva-sister-cities.txt",
        )
    )
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, [*args, "--store", store])
        assert result.exit_code == 0, result.output
        return result.output

    def release_command(version: str, *extra: str) -> str:
        out = str(tmp_path / version)
        return run("release", version, "-o", out, "--date", ISSUED.isoformat(), *extra)

    run("ingest", str(a), str(b))
    release_command("1.0.0")
    run("remove", articles_from(a.name)[0].url)
    run("ingest", str(c))
    output = release_command("1.1.0", "--since", str(tmp_path / "1.0.0"))
    assert "changes since 1.0.0: 1 articles added, 0 changed, 1 removed" in output
    assert "SHACL: conforms" in output
    second = tmp_path / "1.1.0"
    changes = json.loads((second / "changes.json").read_text(encoding="utf-8"))
    assert [x["url"] for x in changes["articles"]["added"]] == [articles_from(c.name)[0].url]
    assert [x["url"] for x in changes["articles"]["removed"]] == [articles_from(a.name)[0].url]
    assert changes["articles"]["changed"] == []
    markdown = (second / "changes.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Payvand 1.1.0: changes since 1.0.0\n")
    assert "Articles: 1 added, 0 changed, 1 removed." in markdown
    assert verify_release(second) == []
    description = json.loads((second / "release.json").read_text(encoding="utf-8"))
    assert description["previous"] == "1.0.0"
