"""SHACL validation: a graph checked against Payvand's shapes gives a :class:`ValidationReport`.

Pure: the data and the shapes come in as triples (``sources.load_shapes`` reads
``ontology/shapes.ttl``) and a report comes out; pySHACL, slow to import, is imported when a graph
is validated. A violation of a shape is a finding about the data, so it comes back in the report,
never as an exception. :func:`describe` writes the report for people, grouped by what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from payvand.errors import InputError
from payvand.model import Severity

if TYPE_CHECKING:
    import rdflib

_SH = "http://www.w3.org/ns/shacl#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


# SHACL's severities as the project's: a violation is an error.
_SEVERITY = {"Violation": Severity.ERROR, "Warning": Severity.WARNING, "Info": Severity.INFO}
_NAME = {Severity.ERROR: "violation", Severity.WARNING: "warning", Severity.INFO: "info"}
_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One result: the focus node, the property path, what is wrong, and the offending value."""

    severity: Severity
    focus: str
    path: str | None
    message: str
    value: str | None
    shape: str
    constraint: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """What the shapes found; the data conforms when there is no violation (warnings may remain)."""

    results: tuple[ValidationResult, ...]
    triples: int = 0

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.WARNING)

    def grouped(self) -> list[tuple[tuple[Severity, str | None, str], list[ValidationResult]]]:
        """Results grouped by (severity, path, message), violations first, then by size."""
        groups: dict[tuple[Severity, str | None, str], list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault((result.severity, result.path, result.message), []).append(result)
        return sorted(
            groups.items(),
            key=lambda item: (
                _ORDER.index(item[0][0]),
                -len(item[1]),
                item[0][1] or "",
                item[0][2],
            ),
        )


class Shapes:
    """The SHACL shapes graph, ready for pySHACL."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.graph = _to_rdflib(triples)
        if not any(str(p) == _SH + "targetClass" for p in self.graph.predicates()):
            raise InputError("the shapes graph has no sh:targetClass: is it a SHACL file?")

    def __len__(self) -> int:
        return len(self.graph)


def _term(term: NamedNode | BlankNode | Literal | Triple) -> rdflib.term.Node:
    import rdflib

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(
            term.value, datatype=None if datatype == _XSD_STRING else rdflib.URIRef(datatype)
        )
    raise InputError(f"RDF-star triple terms cannot be validated: {term}")


def _to_rdflib(triples: Iterable[Triple]) -> rdflib.Graph:
    import rdflib

    graph = rdflib.Graph()
    for triple in triples:
        subject, obj = _term(triple.subject), _term(triple.object)
        graph.add((subject, rdflib.URIRef(triple.predicate.value), obj))
    return graph


def validate(data: Iterable[Triple], shapes: Shapes) -> ValidationReport:
    """Check ``data`` against ``shapes``: every result pySHACL reports, violations and warnings.

    SHACL-AF (SPARQL targets) is on: the shapes use it to find nodes that break a rule comparing
    values with one query.
    """
    import pyshacl

    graph = _to_rdflib(data)
    _conforms, report_graph, _text = pyshacl.validate(
        graph, shacl_graph=shapes.graph, inference="none", allow_warnings=True, advanced=True
    )
    return ValidationReport(_results(report_graph), triples=len(graph))


def _results(report: rdflib.Graph) -> tuple[ValidationResult, ...]:
    import rdflib

    sh = rdflib.Namespace(_SH)
    results = []
    for node in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = report.value(node, sh.resultSeverity)
        messages = [m for m in report.objects(node, sh.resultMessage)]
        english = [m for m in messages if isinstance(m, rdflib.Literal) and m.language == "en"]
        path = report.value(node, sh.resultPath)
        value = report.value(node, sh.value)
        constraint = str(report.value(node, sh.sourceConstraintComponent) or "")
        results.append(
            ValidationResult(
                severity=_SEVERITY.get(str(severity).removeprefix(_SH), Severity.INFO),
                focus=_show(report.value(node, sh.focusNode)),
                path=_show(path) if path is not None else None,
                message=str((english or messages or [constraint])[0]),
                value=_show(value) if value is not None else None,
                shape=_show(report.value(node, sh.sourceShape)),
                constraint=constraint.removeprefix(_SH),
            )
        )
    return tuple(
        sorted(results, key=lambda r: (_ORDER.index(r.severity), r.path or "", r.message, r.focus))
    )


def _show(node: rdflib.term.Node | None) -> str:
    import rdflib

    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return str(node)
    if isinstance(node, rdflib.Literal):
        escaped = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if node.language:
            return f'"{escaped}"@{node.language}'
        return f'"{escaped}"' + (f"^^<{node.datatype}>" if node.datatype else "")
    return f"_:{node}"


def describe(
    report: ValidationReport, *, prefixes: Mapping[str, str] | None = None, limit: int = 10
) -> list[str]:
    """The report for people: a summary, then each group with up to ``limit`` focus nodes."""
    by_length = sorted((prefixes or {}).items(), key=lambda p: -len(p[1]))

    def short(iri: str) -> str:
        for prefix, namespace in by_length:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri if iri.startswith(("_:", '"')) else f"<{iri}>"

    violations, warnings = len(report.violations), len(report.warnings)
    groups = report.grouped()
    if not report.results:
        return [f"conforms: {report.triples} triples, no violations"]
    lines = [
        ("conforms" if report.conforms else "does not conform")
        + f": {violations} violation{'s' if violations != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {len(groups)} group"
        f"{'s' if len(groups) != 1 else ''} ({report.triples} triples)"
    ]
    for (severity, path, message), results in groups:
        where = short(path) if path else "(node)"
        lines.append("")
        lines.append(f"{_NAME[severity]}: {where}: {message} ({len(results)})")
        for result in results[:limit]:
            value = f"  value {short(result.value)}" if result.value else ""
            lines.append(f"    {short(result.focus)}{value}")
        if len(results) > limit:
            lines.append(f"    … and {len(results) - limit} more")
    return lines


def report_triples(report: ValidationReport) -> list[Triple]:
    """The report as a SHACL validation report graph, the same for the same results.

    Results are blank nodes labelled in order (``_:r1``, ``_:r2``…); blank-node shapes and
    paths, whose labels change from run to run, are left out of the results that name them.
    """
    a = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    node = BlankNode("report")
    triples = [
        Triple(node, a, _sh("ValidationReport")),
        Triple(
            node,
            _sh("conforms"),
            Literal("true" if report.conforms else "false", datatype=_BOOLEAN),
        ),
    ]
    severities = {value: key for key, value in _SEVERITY.items()}
    ordered = sorted(
        report.results,
        key=lambda r: (
            _ORDER.index(r.severity),
            r.path or "",
            r.message,
            r.focus,
            r.value or "",
            r.shape,
        ),
    )
    for number, result in enumerate(ordered, start=1):
        item = BlankNode(f"r{number}")
        triples += [
            Triple(node, _sh("result"), item),
            Triple(item, a, _sh("ValidationResult")),
            Triple(item, _sh("resultSeverity"), _sh(severities[result.severity])),
            Triple(item, _sh("resultMessage"), Literal(result.message)),
        ]
        constraint = _shown_term(
            result.constraint if ":" in result.constraint else _SH + result.constraint
        )
        if result.constraint and isinstance(constraint, NamedNode):
            triples.append(Triple(item, _sh("sourceConstraintComponent"), constraint))
        for name, shown in (
            ("focusNode", result.focus),
            ("resultPath", result.path),
            ("sourceShape", result.shape),
            ("value", result.value),
        ):
            term = _shown_term(shown) if shown else None
            if term is not None:
                triples.append(Triple(item, _sh(name), term))
    return triples


_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _sh(name: str) -> NamedNode:
    return NamedNode(_SH + name)


def _shown_term(shown: str) -> NamedNode | Literal | None:
    """The term that :func:`_show` wrote; None for a blank node."""
    if shown.startswith("_:"):
        return None
    if shown.startswith('"'):
        from pyoxigraph import RdfFormat, parse

        try:
            parsed = next(iter(parse(f"<x:s> <x:p> {shown} .", format=RdfFormat.N_TRIPLES)))
        except (SyntaxError, StopIteration):
            return Literal(shown)
        obj = parsed.object
        return obj if isinstance(obj, Literal) else Literal(shown)
    try:
        return NamedNode(shown)
    except ValueError:
        return Literal(shown)
