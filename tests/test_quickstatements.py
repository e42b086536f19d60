"""QuickStatements for Wikidata: twinnings and positions with their references, checked against a
small grammar of QuickStatements V1, and the facts left out with their reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat

from payvand.cli import cli
from payvand.quickstatements import (
    Contribution,
    Entity,
    PositionFact,
    Source,
    TwinningFact,
    left_out_report,
    quickstatements,
    summary,
    wikidata_entities,
    wikidata_time,
)
from payvand.store import OxigraphStore
from payvand.store.contributions import read_positions, read_twinnings, wikidata_items

# --- a small grammar of QuickStatements V1 (https://www.wikidata.org/wiki/Help:QuickStatements) --

ITEM = r"Q[1-9][0-9]*"
STRING = r'"[^\t\n]*"'
MONOLINGUAL = r"[a-z]{2,3}(?:-[a-z0-9]+)*:" + STRING
TIME = r"[+-][0-9]{4,}-[0-9]{2}-[0-9]{2}T00:00:00Z/(?:9|10|11)"
VALUE = re.compile(f"{ITEM}|{STRING}|{MONOLINGUAL}|{TIME}")


@dataclass(frozen=True)
class Statement:
    item: str
    prop: str
    value: str
    qualifiers: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...]


def parse_line(line: str) -> Statement:
    """ITEM TAB Pn TAB VALUE (TAB Pn TAB VALUE)* (TAB Sn TAB VALUE)*: qualifiers, then sources."""
    tokens = line.split("\t")
    assert len(tokens) >= 3, line
    assert len(tokens) % 2 == 1, line
    item, prop, value, *rest = tokens
    assert re.fullmatch(ITEM, item), item
    assert re.fullmatch(r"P[1-9][0-9]*", prop), prop
    assert VALUE.fullmatch(value), value
    qualifiers: list[tuple[str, str]] = []
    sources: list[tuple[str, str]] = []
    for name, val in zip(rest[::2], rest[1::2], strict=True):
        assert VALUE.fullmatch(val), val
        if re.fullmatch(r"P[1-9][0-9]*", name):
            assert not sources, f"a qualifier after a source: {line}"
            qualifiers.append((name, val))
        else:
            assert re.fullmatch(r"S[1-9][0-9]*", name), name
            sources.append((name, val))
    return Statement(item, prop, value, tuple(qualifiers), tuple(sources))


def parse_all(text: str) -> list[Statement]:
    assert text.endswith("\n") or not text
    return [parse_line(line) for line in text.splitlines()]


@pytest.mark.parametrize(
    "line",
    [
        "Q1\tP190",  # no value
        "Q1\tP190\tQ2\tS854",  # a source without value
        'Q1\tP190\tQ2\tS854\t"u"\tP580\t+2020-00-00T00:00:00Z/9',  # qualifier after source
        "q1\tP190\tQ2",  # not an item
        "Q1\tP190\tQ2\tS1476\tfa:untitled",  # a string without quotes
        "Q1\tP580\t2020-01-01",  # a time without sign and precision
    ],
)
def test_the_grammar_refuses_what_is_not_quickstatements(line: str) -> None:
    with pytest.raises(AssertionError):
        parse_line(line)


# --- the facts of a small store -------------------------------------------------------------

ID = "https://w3id.org/payvand/id/"
ARTICLE = ID + "article/a1"
PLAIN = ID + "article/a2"
DATA = f"""
@prefix pv: <https://w3id.org/payvand/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <{ID}> .
@prefix wd: <http://www.wikidata.org/entity/> .

<https://w3id.org/payvand/graph/reference> {{
  id:city\\/x owl:sameAs wd:Q100 .
  id:city\\/y owl:sameAs wd:Q200 .
  id:city\\/z owl:sameAs wd:Q300 .
  id:person\\/p owl:sameAs wd:Q10 .
  id:role\\/mayor owl:sameAs wd:Q30185 .
  id:organisation\\/o owl:sameAs wd:Q12 .
  id:twinning\\/x--z a pv:Twinning ; pv:partner id:city\\/x , id:city\\/z ; pv:status pv:concluded .
}}
<{ARTICLE}> {{
  <{ARTICLE}> a schema:NewsArticle ; schema:url <https://news.example/1> ;
    schema:headline "شهر x و y\\tخواهرخوانده   شدند" ; schema:inLanguage "fa" .
  id:twinning\\/x--y a pv:Twinning ; pv:partner id:city\\/x , id:city\\/y ; pv:status pv:concluded .
  id:agreement\\/x--z a pv:Agreement , pv:TwinningAgreement ; pv:party id:city\\/x , id:city\\/z ;
    pv:status pv:proposed .
  id:twinning\\/x--w a pv:Twinning ; pv:partner id:city\\/x , id:city\\/w ; pv:status pv:concluded .
  id:twinning\\/y--z a pv:Twinning ; pv:partner id:city\\/y , id:city\\/z ; pv:status pv:lapsed .
  id:membership\\/m1 a org:Membership ; org:member id:person\\/p ; org:organization id:organisation\\/o ;
    org:role id:role\\/mayor ; org:memberDuring id:membership\\/m1\\/during .
  id:membership\\/m1\\/during time:hasBeginning id:membership\\/m1\\/b ; time:hasEnd id:membership\\/m1\\/e .
  id:membership\\/m1\\/b time:inXSDgYear "2019"^^xsd:gYear .
  id:membership\\/m1\\/e time:inXSDDate "2021-05-03"^^xsd:date .
  id:membership\\/m2 a org:Membership ; org:member id:person\\/q ; org:organization id:organisation\\/o ;
    org:role id:role\\/mayor .
}}
<{PLAIN}> {{
  <{PLAIN}> a schema:NewsArticle ; schema:url <https://news.example/2> ; schema:inLanguage "en" .
  id:twinning\\/x--y a pv:Twinning ; pv:partner id:city\\/x , id:city\\/y ; pv:status pv:concluded .
  id:membership\\/m1 a org:Membership ; org:member id:person\\/p ; org:organization id:organisation\\/o ;
    org:role id:role\\/mayor .
}}
"""


@pytest.fixture
def store() -> OxigraphStore:
    found = OxigraphStore(None)
    found.load(DATA.encode("utf-8"), format=RdfFormat.TRIG)
    return found


def contribution_of(store: OxigraphStore) -> Contribution:
    items = wikidata_items(store)
    return quickstatements(
        read_twinnings(store, items), read_positions(store, items), retrieved=date(2025, 1, 15)
    )


RETRIEVED = ("S813", "+2025-01-15T00:00:00Z/11")


def test_twinnings_and_positions_with_their_references(store: OxigraphStore) -> None:
    contribution = contribution_of(store)
    statements = parse_all(contribution.text())
    first = (
        ("S854", '"https://news.example/1"'),
        RETRIEVED,
        ("S1476", 'fa:"شهر x و y خواهرخوانده شدند"'),
    )
    second = (("S854", '"https://news.example/2"'), RETRIEVED)  # no headline
    assert set(statements) == {
        Statement("Q100", "P190", "Q200", (), first),
        Statement("Q200", "P190", "Q100", (), first),
        Statement("Q100", "P190", "Q200", (), second),
        Statement("Q200", "P190", "Q100", (), second),
        Statement(
            "Q10",
            "P39",
            "Q30185",
            (
                ("P642", "Q12"),
                ("P580", "+2019-00-00T00:00:00Z/9"),
                ("P582", "+2021-05-03T00:00:00Z/11"),
            ),
            first,
        ),
        Statement("Q10", "P39", "Q30185", (("P642", "Q12"),), second),  # no term in article 2
    }
    assert len(statements) == 6
    assert contribution.exported == 4


def test_the_facts_left_out_and_why(store: OxigraphStore) -> None:
    contribution = contribution_of(store)
    reasons = {
        (x.fact.removeprefix(ID), x.graph.removeprefix(ID)): x.reason for x in contribution.left_out
    }
    assert reasons == {
        ("agreement/x--z", "article/a1"): "planned only (status proposed), not concluded or signed",
        ("twinning/x--w", "article/a1"): f"no Wikidata QID for city <{ID}city/w>",
        ("twinning/y--z", "article/a1"): "status lapsed, not concluded or signed",
        ("twinning/x--z", "https://w3id.org/payvand/graph/reference"): (
            "not read from an article (graph <https://w3id.org/payvand/graph/reference>): "
            "no article to cite"
        ),
        ("membership/m2", "article/a1"): f"no Wikidata QID for person <{ID}person/q>",
    }
    assert summary(contribution) == (
        "wrote 6 QuickStatements lines for 4 facts; left out 5 facts "
        "(2 no QID, 1 not from an article, 1 other, 1 planned only)"
    )
    report = left_out_report(contribution).splitlines()
    assert report[0] == "fact\tkind\tgraph\treason"
    assert (
        f"{ID}agreement/x--z\ttwinning\t{ARTICLE}\tplanned only (status proposed), not concluded or signed"
        in report
    )


@pytest.mark.parametrize(
    ("value", "time"),
    [
        ("2019", "+2019-00-00T00:00:00Z/9"),
        ("2019-05", "+2019-05-00T00:00:00Z/10"),
        ("2019-05-03", "+2019-05-03T00:00:00Z/11"),
        ("2019-05-03T10:00:00+03:30", "+2019-05-03T00:00:00Z/11"),
        ("-0500", "-0500-00-00T00:00:00Z/9"),
        ("May 2019", None),
    ],
)
def test_wikidata_times(value: str, time: str | None) -> None:
    assert wikidata_time(value) == time


def test_a_twinning_needs_two_cities_and_an_url() -> None:
    source = Source(ARTICLE, "", "h", "en")
    three = TwinningFact(
        "t",
        ARTICLE,
        Source(ARTICLE, "https://x", "", "en"),
        (Entity("a", "Q1"), Entity("b", "Q2"), Entity("c", "Q3")),
        ("concluded",),
    )
    no_url = PositionFact(
        "m", ARTICLE, source, Entity("p", "Q1"), Entity("r", "Q2"), Entity("o", "Q3")
    )
    contribution = quickstatements([three], [no_url], retrieved=date(2025, 1, 1))
    assert contribution.lines == ()
    assert [x.reason for x in contribution.left_out] == [
        "3 partner cities, not two",
        f"the article <{ARTICLE}> has no URL to cite",
    ]


def test_an_item_shared_or_one_of_several_is_in_doubt() -> None:
    entities = wikidata_entities(
        [
            ("city/havana", "Q1563"),
            ("city/holguin", "Q1563"),  # the source gave Havana's item to Holguín too
            ("city/x", "Q100"),
            ("city/y", "Q200"),
            ("city/y", "Q1999"),
        ]
    )
    assert entities["city/x"] == Entity("city/x", "Q100")
    assert entities["city/havana"].doubt == "Wikidata QID Q1563 shared with <city/holguin>"
    assert entities["city/holguin"].doubt == "Wikidata QID Q1563 shared with <city/havana>"
    assert entities["city/y"] == Entity("city/y", "Q200", "several Wikidata QIDs (Q200, Q1999)")


def test_a_fact_with_a_doubtful_item_is_left_out() -> None:
    """Two cities that share an item would put one city's twinning on the other's item."""
    entities = wikidata_entities(
        [("city/tehran", "Q3616"), ("city/havana", "Q1563"), ("city/holguin", "Q1563")]
    )
    twinning = TwinningFact(
        "twinning/havana--tehran",
        ARTICLE,
        Source(ARTICLE, "https://news.example/1", "Tehran and Havana", "en"),
        (entities["city/havana"], entities["city/tehran"]),
        ("concluded",),
    )
    contribution = quickstatements([twinning], [], retrieved=date(2025, 1, 15))
    assert contribution.lines == ()
    assert [x.reason for x in contribution.left_out] == [
        "doubtful Wikidata QID: city <city/havana> has Wikidata QID Q1563 shared with "
        "<city/holguin>"
    ]
    assert summary(contribution) == (
        "wrote 0 QuickStatements lines for 0 facts; left out 1 facts (1 doubtful QID)"
    )


# --- the command ----------------------------------------------------------------------------


@pytest.mark.integration
def test_the_export_command_writes_lines_and_report(store: OxigraphStore, tmp_path: Path) -> None:
    place = tmp_path / "store"
    on_disk = OxigraphStore(place)
    on_disk.load(DATA.encode("utf-8"), format=RdfFormat.TRIG)
    on_disk.close()
    out, report = tmp_path / "wikidata.qs", tmp_path / "left-out.tsv"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--format",
            "quickstatements",
            "--store",
            str(place),
            "-o",
            str(out),
            "--report",
            str(report),
            "--retrieved",
            "2025-01-15",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == contribution_of(store).text()
    assert len(report.read_text(encoding="utf-8").splitlines()) == 6
    assert "wrote 6 QuickStatements lines for 4 facts; left out 5 facts" in result.output


def test_the_export_of_the_bundled_store_parses(bundled_store: OxigraphStore) -> None:
    items = wikidata_items(bundled_store)
    contribution = quickstatements(
        read_twinnings(bundled_store, items),
        read_positions(bundled_store, items),
        retrieved=date(2025, 1, 15),
    )
    statements = parse_all(contribution.text())
    assert statements, "the bundled articles state twinnings between cities with QIDs"
    for statement in statements:
        assert statement.prop in ("P190", "P39")
        assert [name for name, _ in statement.sources][:2] == ["S854", "S813"]
    # both directions of every twinning, with the same reference
    pairs = {(s.item, s.value, s.sources) for s in statements if s.prop == "P190"}
    assert pairs == {(b, a, src) for a, b, src in pairs}
    # every item written is the item of one entity only, and of no other
    for qid in {q for s in statements for q in (s.item, s.value)}:
        holders = [e for e in items.values() if e.qid == qid]
        assert len(holders) == 1, qid
        assert holders[0].doubt is None, qid
    assert not any(
        x.reason.startswith("planned") for x in contribution.left_out if x.kind == "position"
    )
    assert any(x.reason.startswith("planned only") for x in contribution.left_out)


def test_quickstatements_takes_no_graph() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--format",
            "quickstatements",
            "--graph",
            "https://x.org/g",
            "--store",
            ":memory:",
        ],
    )
    assert result.exit_code == 2
    assert "--graph" in result.output
