"""SERVICE and LOAD: what a SPARQL text would make the server fetch, read from the parsed text.

A scanner over the text cannot tell ``<`` the operator from ``<`` the start of an IRI, so a
quote in the right place hid a SERVICE clause from it. Here the decision is taken on the parse
tree of rdflib's SPARQL parser, which reads the text by the grammar, as the engine does:

* a text in which the letters ``service`` (or ``load``, in an update) appear nowhere, in any
  case, neither as written nor with its ``\\u`` escapes expanded, can call no other server (a
  keyword cannot be written any other way), and costs no parse; this is almost every query;
* any other text is parsed and every ``SERVICE`` clause and ``LOAD`` operation in it is read;
  one that names an endpoint or a source not in the allowed list, or a variable, is refused;
* a text that mentions them and cannot be parsed is refused: what it would do is unknown.

The text is parsed as written, without expanding ``\\u`` escapes first (rdflib's own entry
points do, the engine does not: an escaped quote would then end a string for one and not the
other). rdflib reads no ``\\u`` escape inside a string or an IRI, so such a text is refused.

The allowed list holds URLs; an entry that ends with ``/`` allows every URL under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from payvand.errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_LETTERS = re.compile(r"service", re.IGNORECASE)
_LOAD_LETTERS = re.compile(r"load", re.IGNORECASE)

SERVICE_REFUSED = (
    "SERVICE is not allowed here: this endpoint makes no requests to other servers; "
    "query the other endpoint yourself and send the data you need with VALUES"
)
LOAD_REFUSED = (
    "LOAD is not allowed here: this endpoint fetches nothing from elsewhere; "
    "send the data in the request body to /store instead"
)


@dataclass(frozen=True, slots=True)
class Outbound:
    """What a text asks the server to fetch: SERVICE endpoints and LOAD sources (None: not
    written as a full IRI, such as a variable, known only when the query runs)."""

    services: tuple[str | None, ...] = ()
    loads: tuple[str | None, ...] = ()


def _expanded(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced, as SPARQL reads it."""
    if "\\u" not in text and "\\U" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPE.sub(replace, text)


def may_fetch(text: str, *, update: bool = False) -> bool:
    """False when ``text`` certainly has no SERVICE (nor LOAD, in an update): no parse needed."""
    for form in (text, _expanded(text)):
        if _SERVICE_LETTERS.search(form) or (update and _LOAD_LETTERS.search(form)):
            return True
    return False


def _nodes(node: object) -> Iterator[object]:
    """Every node of an rdflib parse tree (CompValue, ParseResults and lists), depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, CompValue):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple, ParseResults)):
            stack.extend(current)


def _absolute(term: object) -> str | None:
    """The IRI a SERVICE or LOAD names, when written in full; None for anything else (a
    variable, a prefixed name, a relative IRI), which is never allowed."""
    from rdflib.term import URIRef

    if isinstance(term, URIRef) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", term):
        return str(term)
    return None


def outbound(text: str, *, update: bool = False) -> Outbound:
    """The SERVICE endpoints and LOAD sources of a query (or update) text, from its parse.

    QueryError when the text mentions SERVICE or LOAD and cannot be parsed.
    """
    if not may_fetch(text, update=update):
        return Outbound()
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query, UpdateUnit
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = (UpdateUnit if update else Query).parse_string(text, parse_all=True)
    except (ParseBaseException, RecursionError, ValueError, TypeError, KeyError) as err:
        what = "update" if update else "query"
        raise QueryError(
            f"this {what} mentions SERVICE or LOAD and cannot be read to check what it would "
            f"fetch ({type(err).__name__}); fix its syntax, or leave SERVICE and LOAD out"
        ) from err
    services: list[str | None] = []
    loads: list[str | None] = []
    for node in _nodes(tree):
        if not isinstance(node, CompValue):
            continue
        if node.name == "ServiceGraphPattern":
            term = node.get("term")
            services.append(_absolute(term))
        elif node.name == "Load":
            loads.append(_absolute(node.get("iri")))
    return Outbound(tuple(services), tuple(loads))


def allowed(url: str, allowed_urls: Sequence[str]) -> bool:
    """Whether ``url`` is one of ``allowed_urls``, or under one of them that ends with '/'."""
    return any(
        url == entry or (entry.endswith("/") and url.startswith(entry)) for entry in allowed_urls
    )


def refuse_outbound(
    text: str,
    *,
    update: bool = False,
    services: Sequence[str] = (),
    loads: Sequence[str] = (),
) -> None:
    """QueryError if ``text`` would fetch from anywhere not allowed (``services``, ``loads``)."""
    found = outbound(text, update=update)
    for endpoint in found.services:
        if endpoint is None:
            raise QueryError(
                f"{SERVICE_REFUSED} (an endpoint not written as a full IRI <…> is never allowed)"
            )
        if not allowed(endpoint, services):
            raise QueryError(f"{SERVICE_REFUSED} (<{endpoint}> is not among the allowed endpoints)")
    for source in found.loads:
        if source is None:
            raise QueryError(f"{LOAD_REFUSED} (a source not written as a full IRI <…>)")
        if not allowed(source, loads):
            raise QueryError(f"{LOAD_REFUSED} (<{source}> is not among the allowed sources)")
