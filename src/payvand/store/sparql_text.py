"""What the endpoint needs to know about a SPARQL text before a store sees it.

A small scanner splits a query or update into tokens, skipping strings, IRIs and comments, and
tracks the nesting of braces and parentheses. On top of it:

* :func:`query_form` tells SELECT, ASK, CONSTRUCT and DESCRIBE apart (to pick a result format
  before anything runs);
* :func:`refuse_outbound` rejects ``SERVICE`` and ``LOAD``, which would make the server fetch
  from elsewhere;
* :func:`top_level_limit` and :func:`with_limit` read and cap the LIMIT of a SELECT query;
* :func:`with_using` applies the protocol's ``using-graph-uri`` and ``using-named-graph-uri`` to
  every operation of an update that has a WHERE clause;
* :func:`with_base` sets the base IRI that relative IRIs resolve against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from payvand.errors import QueryError

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s{}()\[\],;.'"<>=!&|+*/^#]*)
  | (?P<word>[A-Za-z_\u00C0-\uFFFF0-9:][\w\-.:%\\\u00B7\u00C0-\uFFFF]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word, var, iri, string, punct
    text: str
    start: int
    end: int
    depth: int  # braces and parentheses around the token

    @property
    def keyword(self) -> str:
        """The word in capitals (keywords are case-insensitive); '' for anything else."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` outside comments and whitespace, with their nesting depth."""
    found: list[Token] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        value = match.group()
        start, end = match.start(), match.end()
        if kind == "word" and value.endswith("."):
            # a trailing dot ends a triple, it is not part of the word
            stripped = value.rstrip(".")
            end = start + len(stripped)
            value = stripped
        if value in ("}", ")"):
            depth = max(0, depth - 1)
        found.append(Token(kind, value, start, end, depth))
        if value in ("{", "("):
            depth += 1
        if kind == "word" and match.end() != end:
            found.append(Token("punct", ".", end, end + 1, depth))
    return found


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query; None if it has none of them."""
    for token in tokens(text):
        if token.depth == 0 and token.keyword in _FORMS:
            return token.keyword
    return None


def refuse_outbound(text: str, *, update: bool = False) -> None:
    """Raise QueryError if the text asks the server to fetch from elsewhere (SERVICE, LOAD)."""
    for token in tokens(text):
        if token.keyword == "SERVICE":
            raise QueryError(
                "SERVICE is not allowed here: this endpoint makes no requests to other servers; "
                "query the other endpoint yourself and send the data you need with VALUES"
            )
        if update and token.keyword == "LOAD" and token.depth == 0:
            raise QueryError(
                "LOAD is not allowed here: this endpoint fetches nothing from elsewhere; "
                "send the data in the request body to /store instead"
            )


def _outer_group_end(found: Sequence[Token]) -> int:
    """Index of the first token after the first top-level group (a SELECT's WHERE clause).

    What follows it at depth 0 are the solution modifiers and the final VALUES clause.
    """
    for index, token in enumerate(found):
        if token.text == "}" and token.depth == 0:
            return index + 1
    return len(found)


def top_level_limit(text: str) -> int | None:
    """The LIMIT of the query itself (not of a sub-query), or None when it has none."""
    found = tokens(text)
    for index in range(_outer_group_end(found), len(found) - 1):
        token = found[index]
        if token.depth == 0 and token.keyword == "LIMIT" and found[index + 1].text.isdigit():
            return int(found[index + 1].text)
    return None


def with_limit(text: str, limit: int) -> str:
    """The SELECT query ``text`` returning at most ``limit`` solutions."""
    found = tokens(text)
    tail = _outer_group_end(found)
    for index in range(tail, len(found) - 1):
        token = found[index]
        if token.depth == 0 and token.keyword == "LIMIT" and found[index + 1].text.isdigit():
            number = found[index + 1]
            if int(number.text) <= limit:
                return text
            return f"{text[: number.start]}{limit}{text[number.end :]}"
    for index in range(tail, len(found)):
        token = found[index]
        if token.depth == 0 and token.keyword == "VALUES":
            return f"{text[: token.start]}LIMIT {limit}\n{text[token.start :]}"
    return f"{text}\nLIMIT {limit}\n"


def with_using(text: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update ``text`` with USING and USING NAMED added to every operation with a WHERE.

    The protocol's dataset replaces the one an operation names itself, so an update that has
    its own USING or WITH is ambiguous together with the parameters: QueryError.
    """
    if not using and not using_named:
        return text
    found = tokens(text)
    for token in found:
        if token.depth == 0 and token.keyword in ("USING", "WITH"):
            raise QueryError(
                f"the update names its own dataset ({token.keyword}) and the request gives "
                "using-graph-uri or using-named-graph-uri; use one or the other"
            )
    clause = " ".join(
        [*(f"USING <{iri}>" for iri in using), *(f"USING NAMED <{iri}>" for iri in using_named)]
    )
    pieces: list[str] = []
    position = 0
    for index, token in enumerate(found):
        if token.depth != 0 or token.keyword != "WHERE":
            continue
        previous = found[index - 1] if index else None
        if previous is not None and previous.keyword == "DELETE":
            # DELETE WHERE { P } takes no USING: write it as DELETE { P } USING … WHERE { P }
            close = _matching_brace(found, index + 1)
            pattern = text[found[index + 1].start : found[close].end]
            pieces.append(text[position : token.start])
            pieces.append(f"{pattern} {clause} WHERE ")
        else:
            pieces.append(text[position : token.start])
            pieces.append(f"{clause} WHERE ")
        position = token.end
    pieces.append(text[position:])
    return "".join(pieces)


def _matching_brace(found: Sequence[Token], opening: int) -> int:
    if opening >= len(found) or found[opening].text != "{":
        raise QueryError("SPARQL syntax error: DELETE WHERE must be followed by '{'")
    depth = found[opening].depth
    for index in range(opening + 1, len(found)):
        if found[index].text == "}" and found[index].depth == depth:
            return index
    raise QueryError("SPARQL syntax error: a '{' is never closed")


def with_base(text: str, base: str) -> str:
    """``text`` with relative IRIs resolved against ``base`` (its own BASE still wins)."""
    return f"BASE <{base}> {text}"
