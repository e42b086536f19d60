"""Golden files: small composed articles, each pinning one tricky rule of extraction.

Each ``tests/golden/<slug>.txt`` has a ``<slug>.expected.json`` (what was extracted, in a form
a reviewer can read) and a ``<slug>.expected.nt`` (the article's graph as sorted N-Triples).
``pytest --update-golden`` rewrites both from the current extraction; review that diff like code.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import Quad, RdfFormat, Triple, serialize

from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import to_quads
from payvand.model import Article, EntityKind, Extraction

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = sorted(path.stem for path in GOLDEN.glob("*.txt"))


def read_case(slug: str) -> Article:
    text = (GOLDEN / f"{slug}.txt").read_text(encoding="utf-8")
    return Article(url=f"https://example.org/golden/{slug}", text=text, source=f"{slug}.txt")


def _date(value: date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()


def _signed(on: date | None, place: str | None) -> str:
    """ "(signed 2023-05-10 in Tehran)", or less, or nothing."""
    said = " ".join(part for part in (_date(on), f"in {place}" if place else None) if part)
    return f" (signed {said})" if said else ""


def summary(extraction: Extraction) -> dict[str, object]:
    """What a reviewer needs to see: entities, relations and the evidence of each."""
    label = {e.key: e.label for e in extraction.entities}

    def name(key: str) -> str:
        return label.get(key, key)

    return {
        "lang": extraction.lang,
        "headline": extraction.headline,
        "date_published": _date(extraction.date_published),
        "publisher": extraction.publisher,
        "entities": sorted(
            (
                {
                    "key": e.key,
                    "kind": e.kind.value,
                    "labels": sorted({text for text, _lang in e.labels}),
                    **({"titles": list(e.titles)} if e.titles else {}),
                }
                for e in extraction.entities
                if e.kind is not EntityKind.EVENT
            ),
            key=lambda e: str(e["key"]),
        ),
        "positions": sorted(
            f"{name(p.member)} | {p.role} | {name(p.organisation)}" for p in extraction.positions
        ),
        "statements": [
            {
                "speaker": name(s.speaker),
                "verb": s.verb,
                "quote": extraction.text[s.start : s.end][:80],
            }
            for s in extraction.statements
        ],
        "twinnings": sorted(
            f"{name(t.city_a)} + {name(t.city_b)}" + _signed(t.signed_on, None)
            for t in extraction.twinnings
        ),
        "agreements": sorted(
            f"{a.kind} {a.status.value}: "
            + ", ".join(sorted(name(p) for p in a.parties))
            + _signed(a.signed_on, name(a.place) if a.place else None)
            for a in extraction.agreements
        ),
        "events": sorted(
            (
                {
                    "label": e.label,
                    "kind": e.kind,
                    "organisers": sorted(name(o) for o in e.organisers),
                    **({"attendees": sorted(name(a) for a in e.attendees)} if e.attendees else {}),
                    **({"when": _date(e.when)} if e.when else {}),
                }
                for e in extraction.events
            ),
            key=lambda e: str(e["label"]),
        ),
    }


def ntriples(quads: list[Quad]) -> str:
    triples = [Triple(q.subject, q.predicate, q.object) for q in quads]
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    return "".join(sorted(set(data.decode("utf-8").splitlines(keepends=True))))


def test_there_are_enough_golden_cases_each_with_both_files() -> None:
    assert len(CASES) >= 15
    for slug in CASES:
        assert (GOLDEN / f"{slug}.expected.json").exists(), slug
        assert (GOLDEN / f"{slug}.expected.nt").exists(), slug


@pytest.mark.parametrize("slug", CASES)
def test_extraction_matches_its_golden_files(
    slug: str, gazetteer: Gazetteer, iris: Iris, update_golden: bool
) -> None:
    extraction = extract_article(read_case(slug), gazetteer)
    found_json = json.dumps(summary(extraction), ensure_ascii=False, indent=2) + "\n"
    found_nt = ntriples(to_quads(extraction, iris))
    json_path = GOLDEN / f"{slug}.expected.json"
    nt_path = GOLDEN / f"{slug}.expected.nt"
    if update_golden:
        json_path.write_text(found_json, encoding="utf-8")
        nt_path.write_text(found_nt, encoding="utf-8")
    assert json_path.exists(), f"{json_path.name} is missing: run pytest --update-golden"
    assert found_json == json_path.read_text(encoding="utf-8"), (
        f"{slug}: extraction changed; review it and run pytest --update-golden"
    )
    assert found_nt == nt_path.read_text(encoding="utf-8"), (
        f"{slug}: the graph changed; review it and run pytest --update-golden"
    )
