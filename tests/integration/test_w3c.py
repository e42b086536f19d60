"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests, replayed.

The manifests in tests/w3c (vendored, with their licence notice) describe each test as HTTP exchanges (ht:Request, ht:Response).
This runner reads them with rdflib and replays every exchange over real HTTP against one
`payvand serve` (on-disk store, serving processes, a write token). Before each test the store is
emptied (DROP ALL) and the test's ut:graphData are loaded into it, so each test starts from a
fresh store. Requests to ``/sparql/`` go to /sparql or /update by the operation they carry;
requests to ``/gsp`` go to /store. Updates and graph writes carry the write token.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from tests.conftest import W3C_SUITE
from tests.integration.serving import TOKEN, Server, payvand_serve

pytestmark = pytest.mark.integration

W3C = W3C_SUITE / "sparql" / "sparql11"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")

STATUS_CLASSES: dict[rdflib.URIRef, range] = {
    HTS.StatusCode2xx: range(200, 300),
    HTS.StatusCode3xx: range(300, 400),
    HTS.StatusCode4xx: range(400, 500),
    HTS.StatusCode5xx: range(500, 600),
    HTS.OK: range(200, 201),
    HTS.Created: range(201, 202),
    HTS.NoContent: range(204, 205),
    HTS.NotFound: range(404, 405),
}
UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "CLEAR",
    "DROP",
    "CREATE",
    "LOAD",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[range]
    expected_boolean: bool | None = None
    expected_format: str | None = None
    expected_headers: dict[str, str] = field(default_factory=dict)
    expected_body: str | None = None
    location_variable: str | None = None


@dataclass
class ProtocolCase:
    name: str
    manifest: Path
    exchanges: list[Exchange]
    graph_data: list[tuple[Path, str]]


def _list(graph: rdflib.Graph, node: rdflib.term.Node | None) -> list[rdflib.term.Node]:
    return list(Collection(graph, node)) if node is not None else []


def _headers(graph: rdflib.Graph, node: rdflib.term.Node) -> dict[str, str]:
    headers = {}
    for header in _list(graph, graph.value(node, HT.headers)):
        name, value = graph.value(header, HT.fieldName), graph.value(header, HT.fieldValue)
        headers[str(name).lower()] = str(value)
    return headers


def _body(graph: rdflib.Graph, node: rdflib.term.Node) -> tuple[str | None, str]:
    body = graph.value(node, HT.body)
    if body is None:
        return None, "utf-8"
    encoding = graph.value(body, CNT.characterEncoding)
    return str(graph.value(body, CNT.chars)), str(encoding or "UTF-8")


def _cases(manifest: Path) -> Iterator[ProtocolCase]:
    graph = rdflib.Graph().parse(manifest, format="turtle")
    for test in sorted(graph.subjects(MF.action, None), key=str):
        connection = graph.value(test, MF.action)
        exchanges = []
        for request in _list(graph, graph.value(connection, HT.requests)):
            chars, encoding = _body(graph, request)
            response = graph.value(request, HT.resp)
            assert response is not None
            expected_body, _ = _body(graph, response)
            boolean = graph.value(response, MF.expectedBoolean)
            fmt = graph.value(response, MF.expectedFormat)
            location = graph.value(response, MF.expectedLocation)
            exchanges.append(
                Exchange(
                    method=str(graph.value(request, HT.methodName)),
                    path=str(graph.value(request, HT.absolutePath)),
                    headers=_headers(graph, request),
                    body=chars.encode(encoding) if chars is not None else None,
                    statuses=[
                        STATUS_CLASSES[rdflib.URIRef(str(s))]
                        for s in graph.objects(response, MF.expectedStatus)
                    ],
                    expected_boolean=str(boolean) == "true" if boolean is not None else None,
                    expected_format=str(fmt) if fmt is not None else None,
                    expected_headers=_headers(graph, response),
                    expected_body=expected_body,
                    location_variable=str(location) if location is not None else None,
                )
            )
        data = [
            (
                manifest.parent / Path(urlsplit(str(graph.value(d, UT.graph))).path).name,
                str(graph.value(d, RDFS.label)),
            )
            for d in graph.objects(test, UT.graphData)
        ]
        yield ProtocolCase(str(test).rsplit("#", 1)[-1], manifest, exchanges, data)


PROTOCOL = list(_cases(W3C / "protocol" / "manifest.ttl"))
GRAPH_STORE = [
    case
    for name in ("manifest-direct.ttl", "manifest-indirect.ttl")
    for case in _cases(W3C / "graph-store-protocol" / name)
]


def test_the_manifests_were_read() -> None:
    # 34 protocol tests; 13 listed graph-store tests and one declared but unlisted
    assert len(PROTOCOL) == 34
    assert len(GRAPH_STORE) == 14
    assert all(case.exchanges for case in PROTOCOL + GRAPH_STORE)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("w3c")
    token = workdir / "token"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    with payvand_serve(workdir / "store", workdir, "--write-token-file", str(token)) as running:
        yield running


AUTH = {"authorization": f"Bearer {TOKEN}"}


def _fresh_store(client: httpx.Client, case: ProtocolCase) -> None:
    reset = client.post("/update", data={"update": "DROP ALL"}, headers=AUTH)
    assert reset.status_code == 204, reset.text
    for path, iri in case.graph_data:
        loaded = client.put(
            "/store",
            params={"graph": iri},
            content=path.read_bytes(),
            headers={**AUTH, "content-type": "application/n-triples"},
        )
        assert loaded.status_code in (201, 204), loaded.text


def _is_update(exchange: Exchange) -> bool:
    split = urlsplit(exchange.path)
    query = parse_qs(split.query)
    if {"update", "using-graph-uri", "using-named-graph-uri"} & set(query):
        return True
    if "sparql-update" in exchange.headers.get("content-type", ""):
        return True
    text = (exchange.body or b"").decode("utf-8", "replace")
    if "update" in parse_qs(text) and "query" not in parse_qs(text):
        return True
    words = [w.upper() for w in text.split() if not w.startswith(("PREFIX", "<", "#"))]
    return (
        bool(words) and words[0].startswith(UPDATE_KEYWORDS) and "content-type" in exchange.headers
    )


def _target(exchange: Exchange) -> tuple[str, bool]:
    """The path on our server, and whether the request writes."""
    split = urlsplit(exchange.path)
    query = f"?{split.query}" if split.query else ""
    if split.path.startswith("/sparql"):
        if _is_update(exchange):
            return "/update" + query, True
        return "/sparql" + query, False
    assert split.path.startswith("/gsp"), exchange.path
    return "/store" + split.path[len("/gsp") :] + query, exchange.method in (
        "PUT",
        "POST",
        "DELETE",
    )


def _check(exchange: Exchange, response: httpx.Response, where: str) -> None:
    assert any(response.status_code in allowed for allowed in exchange.statuses), (
        f"{where}: status {response.status_code}: {response.text[:300]}"
    )
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if exchange.expected_format == "boolean" or exchange.expected_boolean is not None:
        assert media in ("application/sparql-results+json", "application/sparql-results+xml"), where
    if exchange.expected_boolean is not None:
        result = rdflib.query.Result.parse(
            source=io.BytesIO(response.content),
            format="json" if media.endswith("json") else "xml",
        )
        assert result.askAnswer is exchange.expected_boolean, where
    if exchange.expected_format == "tabular":
        assert media in (
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        ), where
        assert response.content, where
    if exchange.expected_format == "RDF":
        assert media in ("text/turtle", "application/n-triples", "application/rdf+xml"), where
        formats = {
            "text/turtle": "turtle",
            "application/n-triples": "nt",
            "application/rdf+xml": "xml",
        }
        rdflib.Graph().parse(data=response.content, format=formats[media])
    for name, value in exchange.expected_headers.items():
        got = response.headers.get(name, "")
        assert got.replace(" ", "").lower() == value.replace(" ", "").lower(), (
            f"{where}: {name} is {got!r}, expected {value!r}"
        )
    if exchange.method == "HEAD":
        assert response.content == b"", where
    if exchange.expected_body is not None:
        expected = rdflib.Graph().parse(data=exchange.expected_body, format="turtle")
        got_graph = rdflib.Graph().parse(data=response.content, format="turtle")
        assert isomorphic(expected, got_graph), f"{where}: the graph differs:\n{response.text}"


def _replay(server: Server, case: ProtocolCase) -> None:
    variables: dict[str, str] = {}
    with httpx.Client(base_url=server.base, timeout=30) as client:
        _fresh_store(client, case)
        for number, exchange in enumerate(case.exchanges, 1):
            path, writes = _target(exchange)
            body = exchange.body
            for name, value in variables.items():
                path = path.replace(name, value)
                body = body.replace(name.encode(), value.encode()) if body is not None else None
            headers = {**exchange.headers, **(AUTH if writes else {})}
            response = client.request(exchange.method, path, content=body, headers=headers)
            _check(exchange, response, f"{case.name}, request {number} ({exchange.method} {path})")
            if exchange.location_variable:
                variables[exchange.location_variable] = response.headers["location"]


@pytest.mark.parametrize("case", PROTOCOL, ids=[c.name for c in PROTOCOL])
def test_protocol(server: Server, case: ProtocolCase) -> None:
    _replay(server, case)


@pytest.mark.parametrize("case", GRAPH_STORE, ids=[c.name for c in GRAPH_STORE])
def test_graph_store_protocol(server: Server, case: ProtocolCase) -> None:
    _replay(server, case)


SERVICE_DESCRIPTION = sorted(
    str(t).rsplit("#", 1)[-1]
    for t in rdflib.Graph()
    .parse(W3C / "service-description" / "manifest.ttl", format="turtle")
    .subjects(RDF.type, MF.ServiceDescriptionTest)
)
LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
FEATURES = {
    SD.DereferencesURIs,
    SD.UnionDefaultGraph,
    SD.RequiresDataset,
    SD.EmptyGraphs,
    SD.BasicFederatedQuery,
}


@pytest.mark.parametrize("name", SERVICE_DESCRIPTION)
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_service_description(server: Server, name: str, accept: str, fmt: str) -> None:
    endpoint = f"{server.base}/sparql"
    response = httpx.get(endpoint, headers={"accept": accept})
    # returns-rdf: a GET on the endpoint without a query answers RDF
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    if (
        fmt == "json-ld"
    ):  # rdflib's JSON-LD parser warns about its own deprecations; read it with pyoxigraph
        quads = pyoxigraph.parse(response.content, pyoxigraph.RdfFormat.JSON_LD)
        content, fmt = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b"", "nt"
    else:
        content = response.content
    graph = rdflib.Graph().parse(data=content, format=fmt)
    services = set(graph.subjects(RDF.type, SD.Service))
    if name == "has-endpoint-triple":
        assert any((s, SD.endpoint, rdflib.URIRef(endpoint)) in graph for s in services)
    if name == "conforms-to-schema":
        assert services
        for service in services:
            assert isinstance(graph.value(service, SD.endpoint), rdflib.URIRef)
            assert set(graph.objects(service, SD.supportedLanguage)) <= LANGUAGES
            assert set(graph.objects(service, SD.supportedLanguage))
            assert set(graph.objects(service, SD.feature)) <= FEATURES
            assert all(
                isinstance(f, rdflib.URIRef) for f in graph.objects(service, SD.resultFormat)
            )
            for dataset in graph.objects(service, SD.defaultDataset):
                assert (dataset, RDF.type, SD.Dataset) in graph
                assert (graph.value(dataset, SD.defaultGraph), RDF.type, SD.Graph) in graph
