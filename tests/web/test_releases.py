"""/releases: the releases a server was given, their files, and the VoID that links to them;
through the app, and through a real `payvand serve --releases DIR`."""

from __future__ import annotations

import gzip
import hashlib
from datetime import date
from pathlib import Path

import httpx
import pytest
import rdflib
from fastapi.testclient import TestClient

from payvand.config import Settings
from payvand.mapping.iris import Iris
from payvand.publishing import write_release
from payvand.sources import load_shapes
from payvand.store import OxigraphStore
from payvand.web.app import create_app
from tests.conftest import ANALYTICS_SMALL, ROOT
from tests.integration.serving import payvand_serve

DCT = rdflib.Namespace("http://purl.org/dc/terms/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
RELEASE_IRI = Iris().root + "releases/"


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two releases of the small store, 1.0.0 and 1.1.0 (with its changes), side by side."""
    from pyoxigraph import RdfFormat

    store = OxigraphStore(None)
    store.load(ANALYTICS_SMALL.read_bytes(), format=RdfFormat.TRIG)
    shapes = load_shapes(ROOT / "ontology" / "shapes.ttl")
    directory = tmp_path_factory.mktemp("releases")
    for version, day, since in (("1.0.0", 1, None), ("1.1.0", 2, directory / "1.0.0")):
        write_release(
            store,
            directory / version,
            version=version,
            issued=date(2025, 1, day),
            root=Iris().root,
            shapes=shapes,
            since=since,
        )
    (directory / "notes").mkdir()  # not a release: skipped
    return directory


@pytest.fixture
def client(releases: Path, small_store: OxigraphStore) -> TestClient:
    settings = Settings(store=":memory:", releases_dir=releases)
    return TestClient(create_app(settings, store=small_store))


def test_the_list_of_releases(client: TestClient, releases: Path) -> None:
    response = client.get("/releases")
    assert response.status_code == 200
    listed = response.json()["releases"]
    assert [r["version"] for r in listed] == ["1.1.0", "1.0.0"]  # newest first
    newest = listed[0]
    assert newest["iri"] == RELEASE_IRI + "1.1.0"
    assert newest["previous"] == "1.0.0"
    assert set(newest["title"]) == set(newest["description"]) == {"en", "fa"}
    names = {f["name"] for f in newest["files"]}
    assert {"payvand-1.1.0.nq.gz", "void.ttl", "changes.md", "SHA256SUMS"} <= names
    for entry in newest["files"]:
        assert entry["url"] == f"http://testserver/releases/1.1.0/{entry['name']}"
        body = client.get(entry["url"]).content
        assert body == (releases / "1.1.0" / entry["name"]).read_bytes()
        if "sha256" in entry:
            assert hashlib.sha256(body).hexdigest() == entry["sha256"]


def test_the_list_as_a_page(client: TestClient) -> None:
    response = client.get("/releases", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html")
    assert (
        '<a href="http://testserver/releases/1.0.0/CITATION.cff">CITATION.cff</a>' in response.text
    )
    assert 'lang="fa" dir="rtl"' in response.text


def test_a_release_answers_by_accept(client: TestClient, releases: Path) -> None:
    turtle = client.get("/releases/1.0.0")
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.content == (releases / "1.0.0" / "void.ttl").read_bytes()
    described = client.get("/releases/1.0.0", headers={"Accept": "application/json"}).json()
    assert described["version"] == "1.0.0"
    assert described["void"] == "http://testserver/releases/1.0.0/void.ttl"
    dump = client.get("/releases/1.0.0/payvand-1.0.0.nq.gz")
    assert dump.headers["content-type"] == "application/gzip"
    assert gzip.decompress(dump.content).startswith(b"<")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/releases/9.9.9", "there is no release '9.9.9' here"),
        ("/releases/1.0.0/secret.txt", "release 1.0.0 has no file 'secret.txt'"),
        ("/releases/1.0.0/..%2F..%2Fetc%2Fpasswd", "Not Found"),  # not even routed
        ("/releases/notes", "there is no release 'notes' here"),
    ],
)
def test_unknown_releases_and_files(client: TestClient, path: str, message: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["ok"] is False
    assert message in response.json()["error"]


def test_a_server_without_releases(small_store: OxigraphStore) -> None:
    client = TestClient(create_app(Settings(store=":memory:"), store=small_store))
    response = client.get("/releases")
    assert response.status_code == 404
    assert "no releases (payvand serve --releases DIR)" in response.json()["error"]
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    assert not list(void.objects(None, DCT.hasVersion))


def test_the_void_links_to_the_releases(client: TestClient) -> None:
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    dataset = rdflib.URIRef("http://testserver/.well-known/void#dataset")
    assert void.value(dataset, rdflib.RDFS.seeAlso) == rdflib.URIRef("http://testserver/releases")
    assert set(void.objects(dataset, DCT.hasVersion)) == {
        rdflib.URIRef(RELEASE_IRI + "1.0.0"),
        rdflib.URIRef(RELEASE_IRI + "1.1.0"),
    }
    assert set(void.objects(dataset, VOID.dataDump)) == {
        rdflib.URIRef(f"http://testserver/releases/1.1.0/payvand-1.1.0.{ext}.gz")
        for ext in ("nq", "trig", "ttl")
    }


@pytest.mark.integration
def test_payvand_serve_serves_its_releases(releases: Path, tmp_path: Path) -> None:
    with payvand_serve(":memory:", tmp_path, "--releases", str(releases)) as server:
        listed = httpx.get(f"{server.base}/releases").json()["releases"]
        assert [r["version"] for r in listed] == ["1.1.0", "1.0.0"]
        sums = httpx.get(f"{server.base}/releases/1.0.0/SHA256SUMS").text
        name = "payvand-1.0.0.trig.gz"
        body = httpx.get(f"{server.base}/releases/1.0.0/{name}").content
        assert f"{hashlib.sha256(body).hexdigest()}  {name}\n" in sums
