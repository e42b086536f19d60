"""The SPARQL 1.1 Protocol's request rules: where the operation is, and what else may come with it.

A query comes by GET (``?query=``), by POST of a form, or by POST of an ``application/sparql-query``
body; an update by POST of a form or of an ``application/sparql-update`` body. Anything else, or
anything ambiguous (two operations, a query and an update, a body in another encoding than UTF-8),
is refused with a message that says what to send instead.
"""

from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs

from pyoxigraph import NamedNode
from starlette.types import Scope

from payvand.errors import InputError, PayvandError
from payvand.web.negotiation import MediaChoice, negotiate

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


class NotAcceptableError(PayvandError):
    status = 406


class UnsupportedMediaTypeError(PayvandError):
    status = 415


class MethodNotAllowedError(PayvandError):
    status = 405


class UnauthorisedError(PayvandError):
    status = 401


class ForbiddenError(PayvandError):
    status = 403


class RequestTooLargeError(PayvandError):
    status = 413


def media_type(header: str) -> tuple[str, dict[str, str]]:
    """The media type of a Content-Type header, in lower case, and its parameters."""
    media, *params = header.split(";")
    values: dict[str, str] = {}
    for param in params:
        name, _, value = param.partition("=")
        values[name.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), values


def decode_utf8(body: bytes, params: dict[str, str], what: str) -> str:
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(
            f"the {what} must be encoded in UTF-8, not {charset}; send it as UTF-8 "
            "(or leave out the charset)"
        )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"the {what} is not valid UTF-8 (byte {err.start})") from err


def form_fields(body: bytes, params: dict[str, str]) -> dict[str, list[str]]:
    text = decode_utf8(body, params, "form")
    return parse_qs(text, keep_blank_values=True, errors="strict")


@dataclass(frozen=True, slots=True)
class Operation:
    """A protocol request, parsed: the operation text and its dataset parameters."""

    text: str | None
    fields: dict[str, list[str]]

    def graphs(self, name: str) -> list[str]:
        """The IRIs given as ``name`` (e.g. default-graph-uri), each checked."""
        values = self.fields.get(name, [])
        for value in values:
            try:
                NamedNode(value)
            except ValueError as err:
                raise InputError(f"'{value}' is not an IRI: {err}", field=name) from err
        return values


def parse_query_request(
    method: str, query_string: str, content_type: str, body: bytes
) -> Operation:
    """The query of a GET or POST to /sparql; ``text`` is None when there is none."""
    fields = parse_qs(query_string, keep_blank_values=True)
    if method == "POST":
        media, params = media_type(content_type)
        if media == FORM:
            for key, values in form_fields(body, params).items():
                fields.setdefault(key, []).extend(values)
        elif media == QUERY_BODY:
            if "query" in fields:
                raise InputError("the query is both in the URL and in the body; give it once")
            fields["query"] = [decode_utf8(body, params, "query")]
        elif media == UPDATE_BODY:
            raise UnsupportedMediaTypeError(
                f"updates go to /update; /sparql takes '{FORM}' or '{QUERY_BODY}'"
            )
        else:
            raise UnsupportedMediaTypeError(
                f"POST /sparql takes '{FORM}' or '{QUERY_BODY}', not '{media or '(none)'}'"
            )
    if "update" in fields:
        raise InputError(
            "an update was sent to the query endpoint; POST it to /update"
            + (" (and not together with a query)" if "query" in fields else "")
        )
    queries = fields.get("query", [])
    if len(queries) > 1:
        raise InputError("more than one query given; send one query per request")
    return Operation(queries[0] if queries else None, fields)


def parse_update_request(query_string: str, content_type: str, body: bytes) -> Operation:
    """The update of a POST to /update."""
    fields = parse_qs(query_string, keep_blank_values=True)
    media, params = media_type(content_type)
    if media == FORM:
        for key, values in form_fields(body, params).items():
            fields.setdefault(key, []).extend(values)
    elif media == UPDATE_BODY:
        if "update" in fields:
            raise InputError("the update is both in the URL and in the body; give it once")
        fields["update"] = [decode_utf8(body, params, "update")]
    else:
        raise UnsupportedMediaTypeError(
            f"POST /update takes '{FORM}' or '{UPDATE_BODY}', not '{media or '(none)'}'"
        )
    if "query" in fields:
        raise InputError("a query was sent to the update endpoint; send it to /sparql")
    updates = fields.get("update", [])
    if not updates:
        raise InputError("no update given: pass it as update=… in a form or as the body")
    if len(updates) > 1:
        raise InputError("more than one update given; join the operations with ';' in one")
    return Operation(updates[0], fields)


def require_writer(header: str, token: str | None) -> None:
    """Writes need the server's write token as ``Authorization: Bearer <token>``.

    ``header`` is the request's Authorization header ('' when it has none).
    """
    if token is None:
        raise ForbiddenError(
            "this endpoint is read-only; start the server with a write token "
            "(PAYVAND_WRITE_TOKEN or 'payvand serve --write-token-file FILE') to allow writes"
        )
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise UnauthorisedError("writes need 'Authorization: Bearer <token>' with the write token")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise UnauthorisedError("the bearer token is not the server's write token")


@lru_cache(maxsize=256)
def _negotiated(accept: str | None, offers: tuple[MediaChoice, ...]) -> MediaChoice | None:
    return negotiate(accept, offers)


def choose(accept: str | None, offers: tuple[MediaChoice, ...], what: str) -> MediaChoice:
    """The offer the Accept header prefers (remembered for the headers clients send again)."""
    usual = accept is None or len(accept) <= 512
    choice = _negotiated(accept, offers) if usual else negotiate(accept, offers)
    if choice is None:
        raise NotAcceptableError(
            f"cannot answer in any type the Accept header allows; {what} come as "
            + ", ".join(dict.fromkeys(c.media_type for c in offers))
        )
    return choice


# The least time a request may give a query: less measures nothing but the overhead, and a
# query cut at once would only cost the server work to stop (see store.evaluation).
MIN_TIMEOUT = 0.1


def requested_timeout(fields: dict[str, list[str]], limit: float) -> float:
    """The ``timeout`` a request asks for (seconds), between MIN_TIMEOUT and the server's
    ``limit``; anything but a positive, finite number is an InputError (400)."""
    values = fields.get("timeout", [])
    if not values:
        return limit
    try:
        asked = float(values[-1])
    except ValueError as err:
        raise InputError(f"'{values[-1]}' is not a number of seconds", field="timeout") from err
    if not math.isfinite(asked) or asked <= 0:
        raise InputError(
            f"'{values[-1]}' is not a timeout: give a number of seconds more than 0 "
            f"(at least {MIN_TIMEOUT:g} is used, at most {limit:g})",
            field="timeout",
        )
    return min(max(asked, MIN_TIMEOUT), limit)


def query_string(scope: Scope) -> str:
    """The raw query string of a request (percent-encoded; stray bytes as U+FFFD)."""
    raw: bytes = scope.get("query_string", b"")
    return raw.decode("utf-8", "replace")


def base_url(scope: Scope) -> str:
    """The URL the app is served at, without a trailing slash: ``scheme://host[:port]/root``."""
    scheme: str = scope.get("scheme", "http")
    host = None
    for name, value in scope.get("headers", ()):
        if name == b"host":
            host = value.decode("latin-1")
            break
    if host is None:
        server = scope.get("server")
        if server is None:
            host = "localhost"
        else:
            name, port = server
            default = {"http": 80, "https": 443}.get(scheme)
            host = name if port == default else f"{name}:{port}"
    root: str = scope.get("app_root_path", scope.get("root_path", ""))
    return f"{scheme}://{host}{root.rstrip('/')}"
