"""The cap on request bodies: a declared length over it is refused at once (413), and a body
without one is counted as it arrives."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from payvand.web.protocol import RequestTooLargeError
from payvand.web.schemas import error_response


async def read_body(receive: Receive, length: int | None, limit: int) -> bytes:
    """The whole body of a request whose Content-Length is ``length`` (None: not given);
    RequestTooLargeError when it is over ``limit`` bytes."""
    if length is not None and length > limit:
        raise RequestTooLargeError(too_large(limit))
    chunks: list[bytes] = []
    size = 0
    while True:
        message: Message = await receive()
        if message["type"] != "http.request":
            break
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestTooLargeError(too_large(limit))
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def too_large(limit: int) -> str:
    return (
        f"the request body is larger than this server takes ({limit} bytes); send less, "
        "or ask the operator to raise PAYVAND_MAX_BODY_BYTES"
    )


class BodyLimit:
    """ASGI middleware: bodies over ``limit`` bytes get 413 in the one error shape."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self._refuse(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise RequestTooLargeError(too_large(self.limit))
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, too_large(self.limit))
        response.headers["connection"] = "close"
        await response(scope, receive, send)
