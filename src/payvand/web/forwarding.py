"""Requests that may write, sent on from a serving process to the writer.

Over an on-disk store, ``payvand serve`` answers reads in serving processes that each hold a
read-only view of the store, while one process, the writer, holds it read-write. A request that
may write (any method but GET, HEAD and OPTIONS, except a query POSTed to /sparql) is sent, as it
came, to the writer over its Unix socket, and the writer's answer goes back unchanged. The writer
runs the same app, so it checks the write token, applies the update and says when the store
changed; the serving processes then reopen their views before their next request.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from payvand.errors import PayvandError, StoreError
from payvand.web.limits import read_body
from payvand.web.schemas import error_response

_READS = frozenset({"GET", "HEAD", "OPTIONS"})
# Headers that belong to one connection, or that the serving process sets itself.
_REQUEST_DROPPED = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"content-length",
        b"expect",
        b"forwarded",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
    }
)
_RESPONSE_DROPPED = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"transfer-encoding",
        b"upgrade",
        b"date",
        b"server",
    }
)


def writer_client(socket: Path) -> httpx.AsyncClient:
    """An HTTP client that reaches the writer over its Unix socket (and nothing else)."""
    return httpx.AsyncClient(
        transport=httpx.AsyncHTTPTransport(uds=str(socket)),
        timeout=httpx.Timeout(None, connect=10.0),
        trust_env=False,
    )


def forwarded(scope: Scope) -> bool:
    """Whether a request goes to the writer: it may write."""
    method: str = scope["method"]
    return method not in _READS and not (method == "POST" and scope["path"] == "/sparql")


class WriteForwarding:
    """ASGI middleware: requests that may write go to the writer through ``client``."""

    def __init__(self, app: ASGIApp, *, client: httpx.AsyncClient, limit: int) -> None:
        self.app = app
        self.client = client
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not forwarded(scope):
            await self.app(scope, receive, send)
            return
        try:
            status, headers, body = await self._forward(scope, receive)
        except PayvandError as err:
            await error_response(err.status, err.message)(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _forward(
        self, scope: Scope, receive: Receive
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        length: int | None = None
        headers: list[tuple[bytes, bytes]] = []
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = int(value) if value.isdigit() else None
            if name not in _REQUEST_DROPPED:
                headers.append((name, value))
        body = await read_body(receive, length, self.limit)
        client = scope.get("client")
        if client:
            headers.append((b"x-forwarded-for", str(client[0]).encode("latin-1")))
        headers.append((b"x-forwarded-proto", str(scope.get("scheme", "http")).encode("latin-1")))
        path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        query: bytes = scope.get("query_string", b"")
        url = httpx.URL(
            scheme="http", host="writer", raw_path=path + (b"?" + query if query else b"")
        )
        request = self.client.build_request(scope["method"], url, headers=headers, content=body)
        try:
            answer = await self.client.send(request, stream=True)
            try:
                content = b"".join([chunk async for chunk in answer.aiter_raw()])
            finally:
                await answer.aclose()
        except httpx.TransportError as err:
            raise StoreError(
                f"the writer process did not answer ({type(err).__name__}: {err}); "
                "try again shortly"
            ) from err
        kept = [
            (name.lower(), value)
            for name, value in answer.headers.raw
            if name.lower() not in _RESPONSE_DROPPED
        ]
        return answer.status_code, kept, content
