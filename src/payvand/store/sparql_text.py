"""What the endpoint needs to know about a SPARQL text before a store sees it.

Two scanners skip strings, IRIs and comments and track the nesting of braces and parentheses.
:func:`inspect_query`, on every query the endpoint answers, blanks strings, IRIs and comments out
and looks for the few keywords it needs with one regular expression; :func:`tokens` splits a text
into tokens, for the rewrites. On top of them:

* :func:`inspect_query` (and :func:`query_form`, :func:`top_level_limit`) tells SELECT, ASK,
  CONSTRUCT and DESCRIBE apart (to pick a result format before anything runs) and reads the
  LIMIT of a SELECT query;
* :func:`with_limit` caps the LIMIT of a SELECT query;
* :func:`with_using` applies the protocol's ``using-graph-uri`` and ``using-named-graph-uri`` to
  every operation of an update that has a WHERE clause;
* :func:`with_base` sets the base IRI that relative IRIs resolve against;
* :func:`with_prefixes` declares the project's prefixes a text uses (for other servers);
* :func:`one_row` tells a SELECT that gives one row at most (an aggregate without GROUP BY), whose
  rows need no counting before it runs;
* :func:`fingerprint` tells one query from another whatever its spacing, comments and variable
  names, to remember the queries that ran past their time limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
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

# What the scanners skip: comments, strings and IRIs (the same patterns as in _TOKEN).
_NOISE = re.compile(
    r"""
    \#[^\n]*
  | '''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
  | <[^<>"{}|^`\\\x00-\x20]*>
    """,
    re.VERBOSE | re.DOTALL,
)
# A keyword is a word of its own: not part of a name, a prefixed name or a variable. A dot
# before it ends a triple (so "?o.LIMIT" would be a keyword).
_NAME_CHAR = r"[\w\-:%\\\u00B7\u00C0-\uFFFF]"
_KEYWORDS = re.compile(
    rf"(SELECT|ASK|CONSTRUCT|DESCRIBE|LIMIT)(?!{_NAME_CHAR})(?:\s+(\d+)(?!\w|\.\w))?"
)
_PART_OF_A_NAME = re.compile(rf"[?$]|{_NAME_CHAR}")
_ASCII_UPPER = {ord(c): ord(c.upper()) for c in "abcdefghijklmnopqrstuvwxyz"}
_BRACKETS = re.compile(r"[{}()]")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _scannable(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out and ASCII letters in capitals.

    Every character keeps its position.
    """
    masked = _NOISE.sub(_blank, text)
    return masked.upper() if masked.isascii() else masked.translate(_ASCII_UPPER)


def _keywords(scan: str) -> Iterator[tuple[str, int, str | None]]:
    """The keywords of a scannable text: (keyword, position, the number after it, if any)."""
    for match in _KEYWORDS.finditer(scan):
        start = match.start()
        if start and _PART_OF_A_NAME.match(scan, start - 1):
            continue
        yield match.group(1), start, match.group(2)


def _depth(scan: str, position: int) -> int:
    """How many braces and parentheses are open at ``position`` of a scannable text."""
    opened = scan.count("{", 0, position) + scan.count("(", 0, position)
    return max(0, opened - scan.count("}", 0, position) - scan.count(")", 0, position))


def _outer_group_close(scan: str) -> int:
    """Where the first top-level group ends (a SELECT's WHERE clause); -1 if it never does."""
    depth = 0
    for match in _BRACKETS.finditer(scan):
        if match.group() in "{(":
            depth += 1
        else:
            depth = max(0, depth - 1)
            if depth == 0 and match.group() == "}":
                return match.start()
    return -1


@dataclass(frozen=True, slots=True)
class QueryShape:
    """What the endpoint reads from a query before it runs: its form and its own LIMIT."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None when it has none of them
    limit: int | None  # the LIMIT of the query itself (not of a sub-query)


def inspect_query(text: str) -> QueryShape:
    """The form and the top-level LIMIT of a query (SERVICE is for :mod:`payvand.store.outbound`).

    One pass over the text with strings, IRIs and comments blanked out; this runs on every query
    the endpoint answers.
    """
    scan = _scannable(text)
    form: str | None = None
    limit: int | None = None
    group_close: int | None = None
    for word, start, number in _keywords(scan):
        if word == "LIMIT":
            if limit is None and number is not None:
                if group_close is None:
                    group_close = _outer_group_close(scan)
                if 0 <= group_close < start and _depth(scan, start) == 0:
                    limit = int(number)
        elif form is None and word in _FORMS and _depth(scan, start) == 0:
            form = word
    return QueryShape(form, limit)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query; None if it has none of them."""
    scan = _scannable(text)
    for word, start, _number in _keywords(scan):
        if word in _FORMS and _depth(scan, start) == 0:
            return word
    return None


def top_level_limit(text: str) -> int | None:
    """The LIMIT of the query itself (not of a sub-query), or None when it has none."""
    scan = _scannable(text)
    group_close = _outer_group_close(scan)
    for word, start, number in _keywords(scan):
        if (
            word == "LIMIT"
            and number is not None
            and 0 <= group_close < start
            and _depth(scan, start) == 0
        ):
            return int(number)
    return None


def _outer_group_end(found: Sequence[Token]) -> int:
    """Index of the first token after the first top-level group (a SELECT's WHERE clause).

    What follows it at depth 0 are the solution modifiers and the final VALUES clause.
    """
    for index, token in enumerate(found):
        if token.text == "}" and token.depth == 0:
            return index + 1
    return len(found)


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


def declared_prefixes(found: Sequence[Token]) -> set[str]:
    """The prefixes a text declares itself (PREFIX p: <…>)."""
    return {
        found[index + 1].text[:-1]
        for index, token in enumerate(found[:-1])
        if token.keyword == "PREFIX" and found[index + 1].text.endswith(":")
    }


def with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """``text`` with a declaration of each of ``prefixes`` it uses without declaring it.

    For servers that do not know the project's prefixes; the declarations go in front, on the
    text's first line.
    """
    found = tokens(text)
    declared = declared_prefixes(found)
    used = {
        token.text.partition(":")[0]
        for token in found
        if token.kind == "word" and ":" in token.text
    }
    missing = [p for p in prefixes if p in used and p not in declared]
    return "".join(f"PREFIX {p}: <{prefixes[p]}> " for p in missing) + text


def fingerprint(text: str) -> str:
    """``text`` as one line of its tokens, without comments, with the variables renamed in the
    order they first appear (``?v1``, ``?v2``…): two texts of the same query written with other
    spaces, comments or variable names get the same fingerprint."""
    names: dict[str, str] = {}
    parts: list[str] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if kind == "var" and len(value) > 1:
            value = names.setdefault(value[1:], f"?v{len(names) + 1}")
        parts.append(value)
    return " ".join(parts)


_AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})
_PROJECTION_ENDS = frozenset({"WHERE", "FROM"})


def one_row(text: str) -> bool:
    """Whether a SELECT query gives one row at most: it projects aggregates only, in
    parentheses, and has neither a top-level GROUP BY nor a VALUES after its WHERE clause (all
    its solutions are then one group). False whenever that cannot be read from the tokens."""
    found = tokens(text)
    select = next((i for i, t in enumerate(found) if t.keyword == "SELECT" and t.depth == 0), None)
    if select is None:
        return False
    aggregate = False
    items = 0
    position = select + 1
    while position < len(found):
        token = found[position]
        if token.depth == 0 and (token.keyword in _PROJECTION_ENDS or token.text == "{"):
            break
        if token.depth == 0 and token.keyword not in ("DISTINCT", "REDUCED"):
            if token.text == "(":
                items += 1
            elif token.text != ")":
                return False  # a variable, or '*', projected as it is
        aggregate = aggregate or (token.depth > 0 and token.keyword in _AGGREGATES)
        position += 1
    if not aggregate or not items:
        return False
    return not any(
        t.depth == 0 and t.keyword in ("GROUP", "VALUES") for t in found[_outer_group_end(found) :]
    )
