"""Headers every response carries, and the one check on links the pages render.

* ``Content-Security-Policy``: scripts, styles, images, fonts and requests from this server only,
  no inline script (so neither an injected ``<script>`` nor a ``javascript:`` link runs), no
  plugins, no framing; inline styles stay allowed, as the editor and the graph view set them.
  The API documentation (Swagger UI at /docs) is served from npm under /assets and started by
  a script file, under the same policy.
* ``X-Content-Type-Options: nosniff``: a browser takes every body for the type it is sent as.
* :func:`safe_href`: only http(s) URLs, and paths on this server, become links.
"""

from __future__ import annotations

import re

from starlette.types import Message, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_CSP = b"content-security-policy"
_HEADERS = ((_CSP, CSP.encode("latin-1")), (b"x-content-type-options", b"nosniff"))


def with_security_headers(send: Send) -> Send:
    """``send``, adding the headers above to the start of every HTTP response (a response
    that sets its own policy keeps it)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            present = {name.lower() for name, _ in headers}
            headers.extend(item for item in _HEADERS if item[0] not in present)
            message = {**message, "headers": headers}
        await send(message)

    return sending


# A browser drops tabs and newlines anywhere in a URL, and spaces and controls around it.
_IGNORED = re.compile(r"[\t\n\r]")
_STRIPPED = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def safe_href(href: str) -> str | None:
    """``href`` when a link to it is safe to follow (http, https, or no scheme: a path here);
    None for ``javascript:``, ``data:`` and every other scheme."""
    seen = _IGNORED.sub("", href).strip(_STRIPPED)
    scheme = _SCHEME.match(seen)
    if scheme is None:
        return href
    return href if scheme.group(1).lower() in ("http", "https") else None
