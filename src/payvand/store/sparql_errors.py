"""SPARQL syntax errors a person can read: what is wrong, at line:column, the line and a caret.

pyoxigraph's parser reports the furthest point it reached and the set of everything it could have
read there (``error at 1:28: expected one of ",", ".", … ['\\u{00C0}'..='\\u{00D6}'] …``); often
the end of the query, whatever the mistake. :func:`syntax_error` looks at the query itself
first, for the mistakes people make: a bracket never closed or closed by the wrong one, a string
never closed, a prefix never declared, a word that is no SPARQL keyword. The earliest of them is
reported. When there is none, the parser's position is kept and its expectations are given only
when they are few and plain. The message is one line, then the query's line and a caret::

    SPARQL syntax error: expected '}' at 1:28 (the '{' at 1:17 is not closed)
      SELECT ?x WHERE { ?x ?p ?o
                                 ^
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from payvand.errors import QueryError
from payvand.store.sparql_text import Token, declared_prefixes, tokens

_PARSER_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.DOTALL)
_OPENING = {"{": "}", "(": ")", "[": "]"}
_CLOSING = {v: k for k, v in _OPENING.items()}
# Words SPARQL 1.1 (and pyoxigraph's SPARQL 1.2 and extensions) knows outside IRIs and strings.
_KEYWORD_TEXT = (
    "A ABS ADD ADJUST ALL AS ASC ASK AVG BASE BIND BNODE BOUND BY CEIL CLEAR COALESCE CONCAT "
    "CONSTRUCT CONTAINS COPY COUNT CREATE DATA DATATYPE DAY DEFAULT DELETE DESC DESCRIBE "
    "DISTINCT DROP ENCODE_FOR_URI EXISTS FALSE FILTER FLOOR FROM GRAPH GROUP GROUP_CONCAT "
    "HASLANG HASLANGDIR HAVING HOURS IF IN INSERT INTO IRI ISBLANK ISIRI ISLITERAL ISNUMERIC "
    "ISTRIPLE ISURI LANG LANGDIR LANGMATCHES LATERAL LCASE LIMIT LOAD MAX MD5 MIN MINUS MINUTES "
    "MONTH MOVE NAMED NOT NOW OBJECT OFFSET OPTIONAL ORDER PREDICATE PREFIX RAND REDUCED REGEX "
    "REPLACE ROUND SAMETERM SAMPLE SECONDS SELECT SEPARATOR SERVICE SHA1 SHA256 SHA384 SHA512 "
    "SILENT STR STRAFTER STRBEFORE STRDT STRENDS STRLANG STRLANGDIR STRLEN STRSTARTS STRUUID "
    "SUBJECT SUBSTR SUM TIMEZONE TO TRIPLE TRUE TZ UCASE UNDEF UNION URI USING UUID VALUES "
    "VERSION WHERE WITH YEAR"
)
KEYWORDS = frozenset(_KEYWORD_TEXT.split())
# Expectations of the parser worth repeating: punctuation, and keywords that must follow another.
_PLAIN_EXPECTED = re.compile(r'"([^"\\]{1,2})"|\b(BY|WHERE|DATA)\b')
_AT = "\x00at\x00"  # where "line:column" goes in a message
_LINE_WINDOW = 100  # characters of a long line shown around the caret


@dataclass(frozen=True, slots=True)
class _Problem:
    offset: int  # where, in characters from the start of the text
    message: str  # what, with _AT standing for "line:column"


def syntax_error(
    text: str,
    parser_message: str | None = None,
    *,
    prefixes: Collection[str] = (),
    update: bool = False,
    what: str = "SPARQL syntax error",
) -> QueryError:
    """The QueryError for ``text`` (a query, or an ``update``), which a parser refused with
    ``parser_message``.

    ``prefixes`` are the prefixes declared for every query. Without a problem of its own and
    without a position from the parser, the parser's message is passed on as it is.
    """
    problem = (
        (None if update else _update_problem(text))
        or _first_problem(text, prefixes)
        or _parser_problem(text, parser_message, update)
    )
    if problem is None:
        return QueryError(f"{what}: {parser_message or 'the query cannot be read'}")
    line, column = position_of(text, problem.offset)
    message = f"{what}: {problem.message.replace(_AT, f'{line}:{column}')}"
    return QueryError(
        f"{message}\n{_caret(text, line, column)}",
        line=line,
        column=column,
        parser_message=parser_message,
    )


def position_of(text: str, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, in characters) of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _offset_of(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    if line > len(lines):
        return len(text)
    start = sum(len(previous) + 1 for previous in lines[: line - 1])
    return min(start + max(column, 1) - 1, start + len(lines[line - 1]))


def _caret(text: str, line: int, column: int) -> str:
    """The query's ``line``, indented, and a caret under ``column``."""
    shown = text.split("\n")[line - 1].replace("\t", " ").rstrip("\r")
    start = 0
    if len(shown) > _LINE_WINDOW:
        start = max(0, min(column - 1 - _LINE_WINDOW // 2, len(shown) - _LINE_WINDOW))
        end = start + _LINE_WINDOW
        shown = ("…" if start else "") + shown[start:end] + ("…" if end < len(shown) else "")
        start -= 1 if start else 0
    return f"  {shown}\n  {' ' * (column - 1 - start)}^"


def _first_problem(text: str, prefixes: Collection[str]) -> _Problem | None:
    found = tokens(text)
    problems = [
        p
        for p in (
            _bracket_problem(text, found),
            _string_problem(found),
            _iri_problem(found),
            _prefix_problem(found, prefixes),
            _word_problem(found),
        )
        if p is not None
    ]
    return min(problems, key=lambda p: p.offset) if problems else None


_UPDATE_KEYWORDS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
)


def _update_problem(text: str) -> _Problem | None:
    """An update sent as a query."""
    for token in tokens(text):
        if (
            token.keyword in ("BASE", "PREFIX")
            or token.kind in ("iri",)
            or token.text.endswith(":")
        ):
            continue
        if token.keyword in _UPDATE_KEYWORDS:
            return _Problem(
                token.start, f"'{token.text}' at {_AT} begins an update, and this takes a query"
            )
        return None
    return None


def _end(text: str) -> int:
    """Just after the last character that is not a space."""
    return len(text.rstrip())


def _bracket_problem(text: str, found: list[Token]) -> _Problem | None:
    opened: list[Token] = []
    for token in found:
        if token.kind != "punct":
            continue
        if token.text in _OPENING:
            opened.append(token)
        elif token.text in _CLOSING:
            if not opened:
                return _Problem(token.start, f"unexpected '{token.text}' at {_AT}: nothing is open")
            last = opened.pop()
            if _OPENING[last.text] != token.text:
                line, column = position_of(text, last.start)
                return _Problem(
                    token.start,
                    f"expected '{_OPENING[last.text]}' at {_AT}, found '{token.text}' "
                    f"(the '{last.text}' at {line}:{column} is not closed)",
                )
    if opened:
        last = opened[-1]
        line, column = position_of(text, last.start)
        return _Problem(
            _end(text),
            f"expected '{_OPENING[last.text]}' at {_AT} "
            f"(the '{last.text}' at {line}:{column} is not closed)",
        )
    return None


def _string_problem(found: list[Token]) -> _Problem | None:
    for token in found:
        if token.kind == "punct" and token.text in ("'", '"'):
            return _Problem(token.start, f"the string at {_AT} is not closed")
    return None


def _iri_problem(found: list[Token]) -> _Problem | None:
    """An IRI with a character IRIs cannot have: the scanner saw '<' and then a name."""
    for index, token in enumerate(found[:-1]):
        after = found[index + 1]
        if token.text == "<" and after.kind == "word" and after.start == token.end:  # noqa: SIM102
            if ":" in after.text:  # '<' as "less than" is followed by a value
                return _Problem(
                    token.start,
                    f"the IRI at {_AT} is not valid: an IRI has no spaces and none of "
                    '<>"{}|^`\\ in it',
                )
    return None


def _prefix_problem(found: list[Token], prefixes: Collection[str]) -> _Problem | None:
    declared = set(prefixes) | declared_prefixes(found)
    for index, token in enumerate(found):
        if token.kind != "word":
            continue
        prefix, colon, _local = token.text.partition(":")
        if not colon or prefix == "_" or (index and found[index - 1].keyword == "PREFIX"):
            continue
        if prefix not in declared:
            return _Problem(
                token.start,
                f"unknown prefix '{prefix}:' at {_AT}; declare it (PREFIX {prefix}: <…>) "
                "or write the whole IRI",
            )
    return None


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


def _word_problem(found: list[Token]) -> _Problem | None:
    for index, token in enumerate(found):
        if token.kind != "word" or ":" in token.text or _is_number(token.text):
            continue
        previous = found[index - 1] if index else None
        if previous is not None and previous.text in ("@", "^^") and previous.end == token.start:
            continue  # a language tag
        if token.keyword not in KEYWORDS:
            return _Problem(token.start, f"unknown word '{token.text}' at {_AT}")
    return None


def _parser_problem(text: str, parser_message: str | None, update: bool) -> _Problem | None:
    match = _PARSER_POSITION.search(parser_message or "")
    if match is None:
        return None
    offset = min(_offset_of(text, int(match[1]), int(match[2])), _end(text))
    # pyoxigraph's parser often stops at the end, whatever the mistake; rdflib's tells where
    # the construct it could not read begins.
    construct = _construct_start(text, update)
    if construct is not None and 0 < construct < offset:
        offset = construct
    expected = _expected(match[3])
    found = next((t for t in tokens(text) if t.end > offset), None)
    if found is None:
        message = f"the query ends too early at {_AT}"
    else:
        offset = max(offset, found.start)
        message = f"unexpected '{found.text}' at {_AT}"
    return _Problem(offset, f"{message}; expected {expected}" if expected else message)


def _construct_start(text: str, update: bool) -> int | None:
    """Where rdflib's SPARQL parser finds the first thing it cannot read (None: it reads it)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        (parseUpdate if update else parseQuery)(text)
    except ParseBaseException as err:
        return _offset_of(text, err.lineno, err.col)
    return None


def _expected(parser_expectation: str) -> str:
    """What the parser expected, in plain words, when that is short and plain; else ''."""
    listed = parser_expectation.removeprefix("expected ").removeprefix("one of ")
    items = [i.strip() for i in listed.split(", ") if i.strip()]
    plain = []
    for item in items:
        match = _PLAIN_EXPECTED.fullmatch(item)
        if match is None:
            return ""
        plain.append(f"'{match[1]}'" if match[1] else match[2])
    if not plain or len(plain) > 3:
        return ""
    return " or ".join(plain)
