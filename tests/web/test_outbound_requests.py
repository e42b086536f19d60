"""No query reaches another server: SERVICE hidden every way the grammar allows, sent to the
app (in-memory store, queries run by the engine in this process), never connects to a listener
on loopback that the test starts, unless the operator allowed that endpoint."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad

from payvand.config import Settings
from payvand.store import OxigraphStore
from payvand.web.app import create_app

TOKEN = "outbound-token"


@dataclass
class Listener:
    """A TCP listener on loopback that counts the connections it is offered."""

    sock: socket.socket
    connections: list[bytes] = field(default_factory=list)

    @property
    def base(self) -> str:
        host, port = self.sock.getsockname()
        return f"http://{host}:{port}/"

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096))
                except OSError:
                    self.connections.append(b"")


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    found = Listener(sock)
    thread = threading.Thread(target=found.serve, daemon=True)
    thread.start()
    yield found
    sock.close()
    thread.join(timeout=5)


def make_client(**options: object) -> TestClient:
    store = OxigraphStore(None)
    store.add_quads(
        [Quad(NamedNode("http://example.org/a"), NamedNode("http://example.org/n"), Literal(1))]
    )
    return TestClient(create_app(Settings(store=":memory:", **options), store=store))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return make_client(write_token=TOKEN)


# -- the pieces of a generated query -------------------------------------------------------

SPACE = st.lists(
    st.sampled_from([" ", "\t", "\n", "\r\n", "#c SERVICE <http://x/> {}\n", "  "]),
    min_size=1,
    max_size=3,
).map("".join)
MAYBE_SPACE = st.one_of(st.just(""), SPACE)


def any_case(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(
            c.upper() if u else c.lower() for c, u in zip(word, upper, strict=True)
        )
    )


@st.composite
def service_clauses(draw: st.DrawFn, base: str) -> tuple[str, str]:
    """(declarations, a real SERVICE clause calling ``base``), the endpoint written some way."""
    keyword = draw(any_case("service"))
    if draw(st.booleans()):
        keyword += draw(SPACE) + draw(any_case("silent"))
    way = draw(st.sampled_from(["iri", "prefixed", "relative", "variable"]))
    declarations = ""
    if way == "iri":
        endpoint = f"<{base}q>"
    elif way == "prefixed":
        declarations = f"PREFIX e: <{base}>\n"
        endpoint = "e:q"
    elif way == "relative":
        declarations = f"BASE <{base}>\n"
        endpoint = "<q>"
    else:
        endpoint = "?where"
    pattern = draw(st.sampled_from(["{}", "{ ?s ?p ?o }"]))
    clause = f"{keyword}{draw(MAYBE_SPACE)}{endpoint}{draw(MAYBE_SPACE)}{pattern}"
    if way == "variable":
        clause = f"VALUES ?where {{ <{base}q> }} {clause}"
    return declarations, clause


def decoys(base: str) -> st.SearchStrategy[str]:
    """The words where they are no clause: strings, IRIs, comments, names and variables."""
    hidden = f"SERVICE <{base}q> {{}}"
    return st.sampled_from(
        [
            f'FILTER(?o != "{hidden}")',
            f"FILTER(?o != '{hidden}')",
            f'FILTER(?o != """\n{hidden}\n""")',
            f"# {hidden}\n",
            f"?s <{base}SERVICE> ?o .",
            "?service ?load ?o .",
            "?s <http://example.org/service> ?o .",
        ]
    )


# Tricks in front of a clause: '<' as an operator before a quote, a glued dot, a nested group.
LEADS = st.sampled_from(
    [
        "",
        "?a ?b ?c FILTER(?a<'x>y' || true) ",
        "?a ?b ?c FILTER(?a<'x>y' || ?c != '') ",
        '?a ?b ?c FILTER(?a<"x>y" || true) ',
        "?s ?p ?o.",
        "?s ?p ?o . OPTIONAL { ?s ?p ?o } ",
        '?a ?b ?c FILTER("\\u0022" != "x") ',
    ]
)


@st.composite
def queries(draw: st.DrawFn, base: str) -> tuple[str, bool]:
    """(a query, whether it has a real SERVICE clause)."""
    real = draw(st.booleans())
    declarations = ""
    parts = [draw(decoys(base)) for _ in range(draw(st.integers(0, 2)))]
    if real:
        declarations, clause = draw(service_clauses(base))
        lead = draw(LEADS)
        if draw(st.booleans()):
            clause = f"{{ {clause} }} UNION {{ ?s ?p ?o }}"
        parts.insert(draw(st.integers(0, len(parts))), lead + clause)
    body = draw(SPACE).join(parts) if parts else "?s ?p ?o"
    form = draw(st.sampled_from(["SELECT * WHERE", "ASK", "CONSTRUCT WHERE"]))
    if form == "CONSTRUCT WHERE":
        return f"{declarations}CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {body} }}", real
    return f"{declarations}{form} {{ {body} }}", real


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@example(data=None)
def test_no_query_reaches_a_server_on_loopback(
    client: TestClient, listener: Listener, data: st.DataObject | None
) -> None:
    if data is None:  # the query of the report: a quote after '<' hid SERVICE from a scanner,
        # which read "<'x>" as an IRI and the rest, up to the next quote, as a string
        query = (
            "SELECT * WHERE { ?a ?b ?c FILTER(?a<'x>y' || true) "
            f"SERVICE <{listener.base}q> {{ ?s ?p ?o FILTER(?o != 'z') }} }}"
        )
        real = True
    else:
        query, real = data.draw(queries(listener.base))
    before = len(listener.connections)
    for method in ("GET", "POST"):
        if method == "GET":
            response = client.get("/sparql", params={"query": query})
        else:
            response = client.post(
                "/sparql",
                content=query.encode(),
                headers={"content-type": "application/sparql-query"},
            )
        assert response.status_code in (200, 400), response.text
        if real:
            assert response.status_code == 400, query
            assert "SERVICE" in response.json()["error"]
    assert len(listener.connections) == before, f"the server connected out for: {query!r}"


def test_updates_with_load_or_service_never_reach_a_server(
    client: TestClient, listener: Listener
) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    before = len(listener.connections)
    for update in [
        f"LOAD <{listener.base}data.ttl>",
        f"lOaD sIlEnT <{listener.base}data.ttl> INTO GRAPH <http://g/>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s<'x>y' || true) SERVICE <{listener.base}q> {{}} }}",
        f"CLEAR SILENT GRAPH <http://g/> ;\n#\nLOAD<{listener.base}x>",
        f"PREFIX e: <{listener.base}> LOAD e:data",
        # '<' the operator, a quote, and one in the graph's IRI: a scanner read a string there
        "INSERT { ?a ?b ?c } WHERE { ?a ?b ?c FILTER(?a<'x>y' || true) } ;"
        f" LOAD <{listener.base}x> INTO GRAPH <http://g/'>",
    ]:
        response = client.post("/update", data={"update": update}, headers=auth)
        assert response.status_code == 400, update
        assert "is not allowed" in response.json()["error"]
    assert len(listener.connections) == before


def test_an_allowed_endpoint_is_called(listener: Listener) -> None:
    # The listener sees a call the operator allowed: the test above would see one too.
    allowed = make_client(allowed_services=f"{listener.base}q")
    before = len(listener.connections)
    response = allowed.get(
        "/sparql", params={"query": f"SELECT * {{ SERVICE <{listener.base}q> {{ ?s ?p ?o }} }}"}
    )
    assert response.status_code != 200  # the listener answers nothing
    assert len(listener.connections) == before + 1
    refused = allowed.get(
        "/sparql",
        params={"query": f"SELECT * {{ SERVICE <{listener.base}other> {{ ?s ?p ?o }} }}"},
    )
    assert refused.status_code == 400
    assert len(listener.connections) == before + 1
