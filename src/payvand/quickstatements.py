"""Facts for Wikidata, as QuickStatements V1 lines with their references.

Twinnings become P190 (twinned administrative body) both ways between the two cities, positions
P39 (position held: the role) with P642 ("of": the organisation) and, where the article gives
the term, P580 (start time) and P582 (end time). Every statement carries the article it was read
from as its reference: P854 (reference URL), P813 (retrieved) and P1476 (title: the headline, in
the article's language). A fact goes to Wikidata only when it was read from an article, every
entity it needs has a Wikidata item of its own (not one shared with another entity, nor one of
several: either is a sign that the item is wrong), and, for a twinning, its status is concluded or
signed; the others are listed, each with the reason it was left out.

Pure: the facts come in as values (:mod:`payvand.store.contributions` reads them from a store).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

# The statuses that make a fact true enough for Wikidata; the rest (proposed, planned) are not.
EXPORTED_STATUSES = ("concluded", "signed")
_QID = re.compile(r"Q[1-9][0-9]*")
_DATE = re.compile(r"(-?\d{4,})(?:-(\d\d)(?:-(\d\d))?)?")


@dataclass(frozen=True, slots=True)
class Source:
    """The article a fact was read from: its graph's IRI, URL, headline and language."""

    article: str
    url: str
    headline: str = ""
    lang: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity a fact needs, with its Wikidata item when it has one, and why that item cannot
    be trusted when it cannot."""

    iri: str
    qid: str | None = None
    doubt: str | None = None


def wikidata_entities(pairs: Iterable[tuple[str, str]]) -> dict[str, Entity]:
    """Entity IRI -> the entity with its Wikidata item, from (entity IRI, QID) pairs.

    An item that several entities share, or an entity with several items, is in doubt: one of
    them at least is wrong, and nothing tells which.
    """
    items: dict[str, set[str]] = {}
    holders: dict[str, set[str]] = {}
    for iri, qid in pairs:
        items.setdefault(iri, set()).add(qid)
        holders.setdefault(qid, set()).add(iri)
    entities = {}
    for iri, qids in sorted(items.items()):
        qid = min(qids, key=lambda q: (len(q), q))
        doubt = None
        if len(qids) > 1:
            doubt = f"several Wikidata QIDs ({', '.join(sorted(qids, key=lambda q: (len(q), q)))})"
        else:
            others = sorted(holders[qid] - {iri})
            if others:
                doubt = f"Wikidata QID {qid} shared with " + ", ".join(f"<{o}>" for o in others)
        entities[iri] = Entity(iri, qid, doubt)
    return entities


def entity_of(iri: str, entities: Mapping[str, Entity]) -> Entity:
    """The entity ``iri`` with its Wikidata item, or without one."""
    return entities.get(iri, Entity(iri))


@dataclass(frozen=True, slots=True)
class TwinningFact:
    """A twinning (or a twinning agreement) read in one graph: its cities and statuses."""

    iri: str
    graph: str
    source: Source | None  # None: not read from an article (the gazetteer's graph)
    cities: tuple[Entity, ...]
    statuses: tuple[str, ...]  # local names: concluded, signed, proposed…


@dataclass(frozen=True, slots=True)
class PositionFact:
    """A person holding a role in an organisation, read in one graph, with its term if known."""

    iri: str
    graph: str
    source: Source | None
    person: Entity
    role: Entity
    organisation: Entity
    start: str | None = None  # xsd:date, xsd:gYearMonth or xsd:gYear lexical form
    end: str | None = None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A fact that does not go to Wikidata, and why."""

    fact: str
    kind: str  # twinning or position
    graph: str
    reason: str


@dataclass(frozen=True, slots=True)
class Contribution:
    """The QuickStatements lines, the facts they state, and the facts left out."""

    lines: tuple[str, ...]
    exported: int
    left_out: tuple[LeftOut, ...]

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def wikidata_time(value: str) -> str | None:
    """A date as QuickStatements writes a time: ``+2019-05-00T00:00:00Z/10`` for May 2019.

    Takes the lexical form of an ``xsd:date``, ``xsd:dateTime`` (its day), ``xsd:gYearMonth``
    or ``xsd:gYear``; None for anything else.
    """
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    precision = 11 if day else 10 if month else 9
    sign = "" if year.startswith("-") else "+"
    return f"{sign}{year}-{month or '00'}-{day or '00'}T00:00:00Z/{precision}"


def _string(text: str) -> str:
    """A QuickStatements string: in double quotes, on one line, without tabs."""
    return '"' + " ".join(text.split()) + '"'


def _reference(source: Source, retrieved: date) -> str:
    parts = [
        "S854",
        _string(source.url),
        "S813",
        f"+{retrieved.isoformat()}T00:00:00Z/11",
    ]
    if source.headline.strip():
        parts += ["S1476", f"{source.lang or 'und'}:{_string(source.headline)}"]
    return "\t".join(parts)


def _missing(entities: Iterable[tuple[str, Entity]]) -> str | None:
    """The reason a fact is left out for want of Wikidata items it can trust, or None."""
    needed = list(entities)
    without = [f"{what} <{e.iri}>" for what, e in needed if not _has_qid(e)]
    if without:
        return "no Wikidata QID for " + ", ".join(without)
    doubtful = [f"{what} <{e.iri}> has {e.doubt}" for what, e in needed if e.doubt]
    if doubtful:
        return "doubtful Wikidata QID: " + "; ".join(doubtful)
    return None


def _has_qid(entity: Entity) -> bool:
    return entity.qid is not None and _QID.fullmatch(entity.qid) is not None


def _status_reason(statuses: tuple[str, ...]) -> str | None:
    if any(s in EXPORTED_STATUSES for s in statuses):
        return None
    if "proposed" in statuses:
        return "planned only (status proposed), not concluded or signed"
    if statuses:
        return f"status {', '.join(sorted(statuses))}, not concluded or signed"
    return "no status: not known to be concluded or signed"


def _source_reason(source: Source | None, graph: str) -> str | None:
    if source is None:
        return f"not read from an article (graph <{graph}>): no article to cite"
    if not source.url:
        return f"the article <{source.article}> has no URL to cite"
    return None


def quickstatements(
    twinnings: Iterable[TwinningFact], positions: Iterable[PositionFact], *, retrieved: date
) -> Contribution:
    """QuickStatements V1 lines for the facts that may go to Wikidata, and the others left out.

    ``retrieved`` is the day the articles were read, stated as P813 in every reference.
    """
    lines: dict[str, None] = {}
    left_out: list[LeftOut] = []
    exported = 0
    for twinning in sorted(twinnings, key=lambda t: (t.iri, t.graph)):
        reason = _source_reason(twinning.source, twinning.graph) or _status_reason(
            twinning.statuses
        )
        cities = sorted(set(twinning.cities), key=lambda e: e.iri)
        if reason is None and len(cities) != 2:
            reason = f"{len(cities)} partner cities, not two"
        reason = reason or _missing(("city", c) for c in cities)
        if reason is not None or twinning.source is None:
            left_out.append(LeftOut(twinning.iri, "twinning", twinning.graph, reason or ""))
            continue
        reference = _reference(twinning.source, retrieved)
        a, b = cities
        lines[f"{a.qid}\tP190\t{b.qid}\t{reference}"] = None
        lines[f"{b.qid}\tP190\t{a.qid}\t{reference}"] = None
        exported += 1
    for position in sorted(positions, key=lambda p: (p.iri, p.graph)):
        reason = _source_reason(position.source, position.graph) or _missing(
            (
                ("person", position.person),
                ("role", position.role),
                ("organisation", position.organisation),
            )
        )
        if reason is not None or position.source is None:
            left_out.append(LeftOut(position.iri, "position", position.graph, reason or ""))
            continue
        parts = [
            str(position.person.qid),
            "P39",
            str(position.role.qid),
            "P642",
            str(position.organisation.qid),
        ]
        for prop, when in (("P580", position.start), ("P582", position.end)):
            time = wikidata_time(when) if when else None
            if time is not None:
                parts += [prop, time]
        lines["\t".join(parts) + "\t" + _reference(position.source, retrieved)] = None
        exported += 1
    return Contribution(lines=tuple(lines), exported=exported, left_out=tuple(left_out))


def left_out_report(contribution: Contribution) -> str:
    """The facts left out, as tab-separated lines under a header: fact, kind, graph, reason."""
    rows = ["fact\tkind\tgraph\treason"]
    rows += [f"{x.fact}\t{x.kind}\t{x.graph}\t{x.reason}" for x in contribution.left_out]
    return "\n".join(rows) + "\n"


def summary(contribution: Contribution) -> str:
    """One line: what was written and how many facts were left out for each kind of reason."""
    reasons: dict[str, int] = {}
    for item in contribution.left_out:
        kind = (
            "no QID"
            if item.reason.startswith("no Wikidata QID")
            else "doubtful QID"
            if item.reason.startswith("doubtful Wikidata QID")
            else "planned only"
            if item.reason.startswith("planned only")
            else "not from an article"
            if item.reason.startswith("not read from an article")
            else "other"
        )
        reasons[kind] = reasons.get(kind, 0) + 1
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(reasons.items()))
    return (
        f"wrote {len(contribution.lines)} QuickStatements lines for {contribution.exported} "
        f"facts; left out {len(contribution.left_out)} facts" + (f" ({counts})" if counts else "")
    )
