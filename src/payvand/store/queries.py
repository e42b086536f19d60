"""Named queries: ``queries/<name>.rq``, loaded by name, their parameters bound as RDF terms.

Each file starts with a header comment that documents it::

    # title: Officials of an organisation
    # title@fa: (the title in Persian)
    # description: The people who hold or held a position in an organisation, …
    #   (an indented comment line continues the field above it)
    # description@fa: …
    # param organisation (iri): the organisation, for example organisation/icro
    # param from (date, optional): the first publication date
    # param status (iri, default pv:signed): the status
    # example: organisation=organisation/icro

The header is the first block of comment lines; a blank line or the query ends it. A parameter's
value becomes an RDF term of its type (an IRI, a typed literal) and is bound by a
``VALUES`` block at the start of the query's ``WHERE`` clause, written with the term's own
serialisation: a value is never spliced into the query as text. Bound there, a parameter is
visible in the patterns and filters of the outer group (not inside a sub-SELECT); an optional
parameter that is not given stays unbound, which the query tests with ``BOUND(?name)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from payvand.analytics.period import parse_bound
from payvand.errors import InputError, NotFoundError, QueryError
from payvand.namespaces import PREFIXES, XSD
from payvand.store.base import QueryResult, ReadableStore

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ENDS = frozenset({"to", "until", "end"})  # date parameters that end a period


class ParameterType(StrEnum):
    """What a parameter's value is, and so which RDF term it becomes."""

    IRI = "iri"
    STRING = "string"
    INTEGER = "integer"
    DATE = "date"
    BOOLEAN = "boolean"

    @property
    def expected(self) -> str:
        return {
            ParameterType.IRI: "an IRI (https://…), a prefixed name (pv:signed, topic:tourism) "
            "or an entity key (organisation/icro)",
            ParameterType.STRING: "a string",
            ParameterType.INTEGER: "an integer such as 20",
            ParameterType.DATE: "a date: YYYY-MM-DD, Gregorian or Jalali (2022-01-18, "
            "1400-10-28, 1400/10/28), or a year or a month (2022, 1400/10)",
            ParameterType.BOOLEAN: "true or false",
        }[self]


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: ParameterType
    description: str
    required: bool = True
    default: str | None = None


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A documented SPARQL query with typed parameters."""

    name: str
    sparql: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    parameters: tuple[Parameter, ...] = ()
    example: str = ""
    source: str = ""
    where: int = field(default=0, repr=False)  # offset just after the WHERE clause's "{"

    def parameter(self, name: str) -> Parameter | None:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        return None


# --- reading -------------------------------------------------------------------------------------

_FIELD = re.compile(r"(title|description|example)(?:@(fa|en))?\s*:\s*(.*)")
_PARAM = re.compile(r"param\s+([a-z][a-z0-9_]*)\s*\(([^)]*)\)\s*:\s*(.+)")
# Strings, IRIs and comments, blanked out before looking for keywords.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def parse_query(text: str, name: str, *, source: str = "") -> NamedQuery:
    """A named query from the text of its ``.rq`` file; a bad header names the file and line."""
    where = source or f"queries/{name}.rq"
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break  # the header is the first block of comment lines
        body = line[1:]
        content = body.strip()
        if not content:
            last = None
            continue
        if body.startswith(("  ", "\t")) and last is not None:
            if last.startswith("param "):
                index = int(last.split()[1])
                params[index] = _with_description(params[index], content)
            else:
                fields[last] += " " + content
            continue
        if match := _PARAM.fullmatch(content):
            params.append(_parameter(match, where, number))
            last = f"param {len(params) - 1}"
        elif match := _FIELD.fullmatch(content):
            key = match.group(1) + (f"@{match.group(2)}" if match.group(2) else "")
            fields[key] = match.group(3).strip()
            last = key
        else:
            raise InputError(
                f"'{content}' is not a header field; write '# title: …', '# description@fa: …', "
                "'# param NAME (TYPE): …' or '# example: …'",
                source=where,
                line=number,
            )
    missing = [f for f in ("title", "description", "description@fa") if not fields.get(f)]
    if missing:
        raise InputError(f"the header lacks {', '.join(missing)}", source=where)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise InputError("a parameter is declared twice", source=where)
    blank = _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)
    for parameter in params:
        if not re.search(rf"[?$]{parameter.name}\b", blank):
            raise InputError(
                f"declares the parameter '{parameter.name}' but the query has no ?{parameter.name}",
                source=where,
            )
    clause = _WHERE.search(blank)
    if clause is None:
        raise InputError(
            "has no 'WHERE {' clause to bind the parameters in; write SELECT … WHERE { … }",
            source=where,
        )
    return NamedQuery(
        name=name,
        sparql=text,
        title={
            "en": fields["title"],
            **({"fa": fields["title@fa"]} if "title@fa" in fields else {}),
        },
        description={"en": fields["description"], "fa": fields["description@fa"]},
        parameters=tuple(params),
        example=fields.get("example", ""),
        source=where,
        where=clause.end(),
    )


def _parameter(match: re.Match[str], where: str, line: int) -> Parameter:
    name, spec, description = match.group(1), match.group(2), match.group(3).strip()
    parts = [p.strip() for p in spec.split(",")]
    try:
        kind = ParameterType(parts[0])
    except ValueError as err:
        raise InputError(
            f"parameter '{name}' has the type '{parts[0]}'; use one of "
            + ", ".join(t.value for t in ParameterType),
            source=where,
            line=line,
        ) from err
    required, default = True, None
    for part in parts[1:]:
        if part == "optional":
            required = False
        elif part.startswith("default "):
            required, default = False, part.removeprefix("default ").strip()
        else:
            raise InputError(
                f"parameter '{name}': '{part}' is neither 'optional' nor 'default VALUE'",
                source=where,
                line=line,
            )
    return Parameter(name, kind, description, required, default)


def _with_description(parameter: Parameter, more: str) -> Parameter:
    return Parameter(
        parameter.name,
        parameter.type,
        f"{parameter.description} {more}",
        parameter.required,
        parameter.default,
    )


def load_queries(directory: Path) -> dict[str, NamedQuery]:
    """Every ``*.rq`` directly in ``directory``, by name (``queries/views/`` is not read)."""
    if not directory.is_dir():
        return {}
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        if not _NAME.fullmatch(path.stem):
            raise InputError(
                "a named query's file name must be snake_case (letters, digits, '_')",
                source=str(path),
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot be read: {err}", source=str(path)) from err
        queries[path.stem] = parse_query(text, path.stem, source=str(path))
    return queries


def named_query(queries: Mapping[str, NamedQuery], name: str) -> NamedQuery:
    """The query called ``name``; NotFoundError lists the names there are."""
    query = queries.get(name)
    if query is None:
        known = ", ".join(sorted(queries)) or "(none)"
        raise NotFoundError(f"there is no named query '{name}'; the named queries are: {known}")
    return query


# --- binding -------------------------------------------------------------------------------------


def to_term(
    query: NamedQuery, parameter: Parameter, value: str, *, base: str
) -> NamedNode | Literal:
    """The RDF term for ``value``; InputError names the query, parameter and expected type."""

    def bad(why: str = "") -> InputError:
        return InputError(
            f"query '{query.name}', parameter '{parameter.name}': '{value}' is not "
            f"{parameter.type.expected}{why}"
        )

    text = value.strip()
    if parameter.type is ParameterType.IRI:
        prefix, colon, local = text.partition(":")
        if colon and prefix in PREFIXES:
            iri = PREFIXES[prefix] + local
        elif colon:
            iri = text
        else:
            iri = base + text.lstrip("/")
        try:
            return NamedNode(iri)
        except ValueError as err:
            raise bad(f" ({err})") from err
    if parameter.type is ParameterType.INTEGER:
        if not re.fullmatch(r"[+-]?\d+", text):
            raise bad()
        return Literal(str(int(text)), datatype=XSD.integer)
    if parameter.type is ParameterType.DATE:
        # as `payvand analyse` reads dates: a year or month below 1700 is Jalali; a year or a
        # month given to an end ('to', 'until') stands for its last day, else for its first
        try:
            day = parse_bound(text, end=parameter.name in _ENDS, field=parameter.name)
        except InputError as err:
            raise bad() from err
        return Literal(day.isoformat(), datatype=XSD.date)
    if parameter.type is ParameterType.BOOLEAN:
        if text.lower() not in ("true", "false"):
            raise bad()
        return Literal(text.lower(), datatype=XSD.boolean)
    return Literal(value)


def bind(query: NamedQuery, values: Mapping[str, str], *, base: str) -> str:
    """The query's SPARQL with ``values`` (and defaults) bound by a VALUES block in its WHERE."""
    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        takes = ", ".join(p.name for p in query.parameters) or "no parameters"
        raise InputError(f"query '{query.name}' has no parameter '{unknown[0]}'; it takes: {takes}")
    terms: dict[str, NamedNode | Literal] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None or value == "":
            if parameter.required:
                raise InputError(
                    f"query '{query.name}' needs the parameter '{parameter.name}' "
                    f"({parameter.type.expected}): {parameter.description}"
                )
            continue
        terms[parameter.name] = to_term(query, parameter, value, base=base)
    if not terms:
        return query.sparql
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(str(term) for term in terms.values())
    block = f" VALUES ({names}) {{ ({row}) }} "
    return query.sparql[: query.where] + block + query.sparql[query.where :]


def run_named(
    store: ReadableStore, query: NamedQuery, values: Mapping[str, str], *, base: str
) -> QueryResult:
    """Run a named query with its parameters bound; a failure names the query."""
    sparql = bind(query, values, base=base)
    try:
        return store.query(sparql)
    except QueryError as err:
        raise QueryError(
            f"named query '{query.name}' ({query.source}): {err.message}",
            line=err.line,
            column=err.column,
            parser_message=err.parser_message,
        ) from err
